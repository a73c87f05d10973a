//! `medcodes comorbidity --index elixhauser|charlson [FILE|-]`: each patient's comorbidity
//! flags and indices from a CSV of `patient,code[,poa]` rows, one output row a patient
//! (in the order first met), a 0/1 column a measure. Every rule is the library's
//! ([`medcodes::comorbidity`]).
//!
//! A row that cannot be used (a code that is not one, a POA indicator that is not one) is
//! reported on standard error with its line number and value, and left out; the exit
//! status is then 1.

use std::collections::HashMap;
use std::io;
use std::path::PathBuf;

use clap::{Args, ValueEnum};
use medcodes::comorbidity::{charlson, elixhauser, CharlsonCondition, ElixhauserMeasure, Poa};

use crate::hcc::{bad_row, read_table, write_error, Output, CODE, PATIENT};
use crate::output::Outcome;

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Index {
    /// AHRQ's Elixhauser Comorbidity Software Refined v2026.1 (38 measures, POA rules,
    /// mortality and readmission indices).
    Elixhauser,
    /// Charlson (Quan 2005 ICD-10 codes; Charlson 1987 and Quan 2011 weights).
    Charlson,
}

#[derive(Debug, Args)]
pub struct ComorbidityArgs {
    /// The CSV file (header: patient, code, and optionally poa), or `-` for standard input.
    #[arg(value_name = "FILE", default_value = "-")]
    pub file: PathBuf,

    /// The index.
    #[arg(long, value_enum)]
    pub index: Index,

    /// Write to this file instead of standard output.
    #[arg(short = 'o', long = "out", value_name = "PATH")]
    pub out: Option<PathBuf>,
}

pub fn run(args: &ComorbidityArgs, outcome: &mut Outcome) -> io::Result<()> {
    let columns: Vec<(&'static str, &[&str], bool)> = vec![
        ("patient", PATIENT, true),
        ("code", CODE, true),
        ("poa", &["poa", "poa_indicator"], false),
    ];
    let table = read_table(&args.file, &columns, outcome)?;
    // Each patient's (code, POA) rows, patients in the order first met.
    let mut order: Vec<String> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut rows: Vec<Vec<(String, Option<Poa>)>> = Vec::new();
    for (line, row) in &table.rows {
        let line = *line;
        let id = table.get(row, "patient");
        if id.is_empty() {
            bad_row(outcome, line, "patient is empty");
            continue;
        }
        let code = table.get(row, "code");
        if let Err(e) = ElixhauserMeasure::of(code) {
            if !code.is_empty() {
                bad_row(outcome, line, &format!("code: {e}"));
                continue;
            }
        }
        let poa_text = table.get(row, "poa");
        let poa = if poa_text.is_empty() || args.index == Index::Charlson {
            None
        } else {
            match Poa::parse(poa_text) {
                Ok(p) => Some(p),
                Err(e) => {
                    bad_row(outcome, line, &format!("poa: {e}"));
                    continue;
                }
            }
        };
        let p = *index.entry(id.to_owned()).or_insert_with(|| {
            order.push(id.to_owned());
            rows.push(Vec::new());
            rows.len() - 1
        });
        if !code.is_empty() {
            rows[p].push((code.to_owned(), poa));
        }
    }
    let mut output = Output::new(&args.out)?;
    let out = &mut output.csv;
    match args.index {
        Index::Elixhauser => {
            let measures: Vec<ElixhauserMeasure> = ElixhauserMeasure::all().collect();
            let mut header = vec!["patient"];
            header.extend(measures.iter().map(|m| m.id()));
            header.extend(["mortality_index", "readmission_index"]);
            out.write_record(&header).map_err(write_error)?;
            for (id, diagnoses) in order.iter().zip(&rows) {
                // Codes were checked as rows were read: none fails here.
                let e = elixhauser(diagnoses).map_err(|e| io::Error::other(e.to_string()))?;
                let mut record = vec![id.clone()];
                record.extend(
                    measures
                        .iter()
                        .map(|m| u8::from(e.measures.contains(m)).to_string()),
                );
                record.push(e.mortality_index.to_string());
                record.push(e.readmission_index.to_string());
                out.write_record(&record).map_err(write_error)?;
            }
        }
        Index::Charlson => {
            let mut header = vec!["patient"];
            header.extend(CharlsonCondition::ALL.iter().map(|c| c.id()));
            header.extend(["score_1987", "score_2011"]);
            out.write_record(&header).map_err(write_error)?;
            for (id, diagnoses) in order.iter().zip(&rows) {
                let codes: Vec<&str> = diagnoses.iter().map(|(c, _)| c.as_str()).collect();
                let c = charlson(&codes);
                let mut record = vec![id.clone()];
                record.extend(
                    CharlsonCondition::ALL
                        .iter()
                        .map(|x| u8::from(c.conditions.contains(x)).to_string()),
                );
                record.push(c.score_1987.to_string());
                record.push(c.score_2011.to_string());
                out.write_record(&record).map_err(write_error)?;
            }
        }
    }
    output.finish()
}
