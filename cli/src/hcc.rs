//! `medcodes hcc [FILE|-]`: each patient's CMS-HCCs (hierarchies applied) from a CSV of
//! `patient,code[,date]` rows, or with `--score` each patient's raw risk score. The rows
//! are read whole (a patient's rows may be anywhere in the file); every rule is the
//! library's ([`medcodes::hcc`]).
//!
//! A row that cannot be used (a code or date that is not one, a date whose payment year
//! the model lacks, a wrong number of fields) is reported on standard error with its line
//! number, column and value, and left out; the exit status is then 1.

use std::collections::HashMap;
use std::fs::File;
use std::io::{self, Read, Write};
use std::path::PathBuf;

use clap::Args;
use medcodes::hcc::{Beneficiary, HccError, HccModel, HccModelYear, Sex};
use medcodes::Date;

use crate::output::{self, Outcome, OutputFile};

#[derive(Debug, Args)]
pub struct HccArgs {
    /// The CSV file (header: patient, code, and optionally date; with --score also sex,
    /// age, and optionally orec, medicaid), or `-` for standard input.
    #[arg(value_name = "FILE", default_value = "-")]
    pub file: PathBuf,

    /// The model: v28, v24, v22, v24_esrd, v21_esrd, v08_rxhcc_x, ...
    #[arg(long, default_value = HccModel::DEFAULT.id(), value_parser = parse_model)]
    pub model: HccModel,

    /// The payment year every row counts for. Without it each row counts for the year
    /// after its date of service (a date column is then needed).
    #[arg(long, value_name = "YEAR")]
    pub year: Option<i64>,

    /// Write each patient's raw risk score (CMS-HCC V28) instead of the categories: the
    /// file needs sex (F/M) and age columns, and may have orec (0-3) and medicaid (0/1,
    /// Y/N, true/false), the same on each of a patient's rows.
    #[arg(long)]
    pub score: bool,

    /// The segment scored with --score: CNA (community, non-dual, aged), CND, CFA, CFD,
    /// CPA, CPD, INS, or a new-enrollee segment (NE_...).
    #[arg(long, default_value = medcodes::hcc::DEFAULT_SEGMENT, requires = "score")]
    pub segment: String,

    /// Write to this file instead of standard output.
    #[arg(short = 'o', long = "out", value_name = "PATH")]
    pub out: Option<PathBuf>,
}

fn parse_model(input: &str) -> Result<HccModel, String> {
    HccModel::from_id(input).map_err(|e| e.to_string())
}

fn usage(message: String) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidInput, message)
}

/// A long CSV table as read: its header's columns found by name, each row's fields.
pub struct Table {
    pub columns: HashMap<&'static str, usize>,
    pub rows: Vec<(u64, csv::StringRecord)>,
}

/// The names each column may go by in a header.
pub const PATIENT: &[&str] = &["patient", "patient_id", "id", "member_id"];
pub const CODE: &[&str] = &["code", "dx", "diagnosis"];

/// Reads a CSV file (or standard input) whole. `columns` lists each column the command
/// takes (its name and the names it goes by) and whether it is required. A row that is
/// not UTF-8 or has another number of fields than the header is reported and left out.
pub fn read_table(
    file: &PathBuf,
    columns: &[(&'static str, &[&str], bool)],
    outcome: &mut Outcome,
) -> io::Result<Table> {
    let input: Box<dyn Read> = if file.as_os_str() == "-" {
        Box::new(io::stdin().lock())
    } else {
        Box::new(File::open(file).map_err(|e| {
            io::Error::new(e.kind(), format!("cannot open {}: {e}", file.display()))
        })?)
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .from_reader(input);
    let header = reader.headers().map_err(csv_error)?.clone();
    if header.is_empty() {
        return Err(usage(format!(
            "the input is empty: expected a header line with the columns {}",
            columns.iter().map(|c| c.0).collect::<Vec<_>>().join(",")
        )));
    }
    let mut found = HashMap::new();
    for (i, raw) in header.iter().enumerate() {
        let name = raw
            .trim_start_matches('\u{feff}')
            .trim()
            .to_ascii_lowercase();
        let Some(&(col, _, _)) = columns.iter().find(|c| c.1.contains(&name.as_str())) else {
            return Err(usage(format!(
                "unknown column {:?} in the header (line 1, column {}): expected {}",
                output::shorten(raw),
                i + 1,
                columns.iter().map(|c| c.0).collect::<Vec<_>>().join(", ")
            )));
        };
        if found.insert(col, i).is_some() {
            return Err(usage(format!(
                "column {col} appears twice in the header (line 1, column {})",
                i + 1
            )));
        }
    }
    let missing: Vec<&str> = columns
        .iter()
        .filter(|c| c.2 && !found.contains_key(c.0))
        .map(|c| c.0)
        .collect();
    if !missing.is_empty() {
        return Err(usage(format!(
            "the header (line 1) lacks the column{} {}",
            if missing.len() == 1 { "" } else { "s" },
            missing.join(", ")
        )));
    }
    let mut rows = Vec::new();
    let mut record = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                if let csv::ErrorKind::Io(_) = e.kind() {
                    return Err(csv_error(e));
                }
                bad_row(outcome, line, &e.to_string());
                continue;
            }
        }
        let line = record.position().map_or(0, |p| p.line());
        if record.len() != header.len() {
            bad_row(
                outcome,
                line,
                &format!(
                    "{} fields where the header has {}",
                    record.len(),
                    header.len()
                ),
            );
            continue;
        }
        rows.push((line, record.clone()));
    }
    Ok(Table {
        columns: found,
        rows,
    })
}

fn csv_error(e: csv::Error) -> io::Error {
    match e.into_kind() {
        csv::ErrorKind::Io(e) => e,
        other => io::Error::new(io::ErrorKind::InvalidData, format!("{other:?}")),
    }
}

/// Reports a row left out (`line N: why`) and marks the run as failed.
pub fn bad_row(outcome: &mut Outcome, line: u64, why: &str) {
    let _ = writeln!(io::stderr().lock(), "error: line {line}: {why}");
    outcome.some_failed = true;
}

impl Table {
    /// The text of a column of a row ("" when the table has no such column).
    pub fn get<'r>(&self, row: &'r csv::StringRecord, column: &str) -> &'r str {
        self.columns
            .get(column)
            .and_then(|&i| row.get(i))
            .unwrap_or("")
            .trim()
    }
}

/// The output as CSV: a file (renamed into place by [`Output::finish`]) or standard output.
pub struct Output {
    pub csv: csv::Writer<Box<dyn Write>>,
    file: Option<OutputFile>,
}

impl Output {
    pub fn new(out: &Option<PathBuf>) -> io::Result<Output> {
        let (file, sink): (Option<OutputFile>, Box<dyn Write>) = match out {
            Some(path) => {
                let (guard, file) = OutputFile::create(path)?;
                (Some(guard), Box::new(io::BufWriter::new(file)))
            }
            None => (None, Box::new(output::stdout())),
        };
        Ok(Output {
            csv: csv::Writer::from_writer(sink),
            file,
        })
    }

    /// Flushes the CSV and puts the file in place.
    pub fn finish(mut self) -> io::Result<()> {
        self.csv.flush()?;
        match self.file.take() {
            Some(file) => file.commit(),
            None => Ok(()),
        }
    }
}

pub fn write_error(e: csv::Error) -> io::Error {
    csv_error(e)
}

/// One patient's rows of a payment year.
struct Patient {
    id: String,
    codes: Vec<String>,
    /// The demographics of the first row (with --score), and its line.
    demographics: Option<(Beneficiary, u64)>,
}

pub fn run(args: &HccArgs, outcome: &mut Outcome) -> io::Result<()> {
    let mut columns: Vec<(&'static str, &[&str], bool)> = vec![
        ("patient", PATIENT, true),
        ("code", CODE, true),
        (
            "date",
            &["date", "service_date", "date_of_service"],
            args.year.is_none(),
        ),
    ];
    if args.score {
        columns.extend([
            ("sex", &["sex"][..], true),
            ("age", &["age"][..], true),
            ("orec", &["orec"][..], false),
            ("medicaid", &["medicaid", "dual"][..], false),
        ]);
    }
    let table = read_table(&args.file, &columns, outcome)?;
    let fixed = match args.year {
        Some(y) => Some(HccModelYear::new(args.model, y).map_err(|e| usage(e.to_string()))?),
        None => None,
    };
    if args.score && args.model != HccModel::V28 {
        return Err(usage(
            HccError::ScoreNotSupported {
                model: args.model.id(),
            }
            .to_string(),
        ));
    }
    // Patients by payment year, each year's in the order first met.
    let mut years: Vec<(HccModelYear, Vec<Patient>, HashMap<String, usize>)> = Vec::new();
    for (line, row) in &table.rows {
        let line = *line;
        let id = table.get(row, "patient");
        if id.is_empty() {
            bad_row(outcome, line, "patient is empty");
            continue;
        }
        let code = table.get(row, "code");
        let my = match fixed {
            Some(my) => my,
            None => {
                let text = table.get(row, "date");
                let date = match text.parse::<Date>() {
                    Ok(d) => d,
                    Err(e) => {
                        bad_row(
                            outcome,
                            line,
                            &format!("date {:?}: {e}", output::shorten(text)),
                        );
                        continue;
                    }
                };
                match HccModelYear::for_service_date(args.model, date) {
                    Ok(my) => my,
                    Err(e) => {
                        bad_row(outcome, line, &format!("date {text}: {e}"));
                        continue;
                    }
                }
            }
        };
        if code.is_empty() {
            // A patient with no diagnosis on this row still gets a score line.
        } else if let Err(e) = my.categories(code) {
            bad_row(outcome, line, &format!("code: {e}"));
            continue;
        }
        let demographics = if args.score {
            match beneficiary(&table, row) {
                Ok(b) => Some((b, line)),
                Err(why) => {
                    bad_row(outcome, line, &why);
                    continue;
                }
            }
        } else {
            None
        };
        let slot = match years.iter().position(|(y, _, _)| *y == my) {
            Some(i) => i,
            None => {
                years.push((my, Vec::new(), HashMap::new()));
                years.len() - 1
            }
        };
        let (_, patients, index) = &mut years[slot];
        let p = *index.entry(id.to_owned()).or_insert_with(|| {
            patients.push(Patient {
                id: id.to_owned(),
                codes: Vec::new(),
                demographics,
            });
            patients.len() - 1
        });
        let patient = &mut patients[p];
        if let (Some((first, first_line)), Some((this, _))) = (patient.demographics, demographics) {
            if first != this {
                bad_row(
                    outcome,
                    line,
                    &format!(
                        "patient {id}: sex, age, orec or medicaid differ from line {first_line}"
                    ),
                );
                continue;
            }
        }
        if !code.is_empty() {
            patient.codes.push(code.to_owned());
        }
    }
    years.sort_by_key(|(my, _, _)| my.payment_year());
    let mut output = Output::new(&args.out)?;
    let out = &mut output.csv;
    if args.score {
        out.write_record([
            "patient",
            "payment_year",
            "segment",
            "score",
            "disease_score",
            "demographic_score",
            "variables",
        ])
        .map_err(write_error)?;
    } else {
        out.write_record(["patient", "payment_year", "hcc", "label"])
            .map_err(write_error)?;
    }
    for (my, patients, _) in &years {
        let year = my.payment_year().to_string();
        for p in patients {
            if args.score {
                let Some((b, line)) = p.demographics else {
                    continue;
                };
                let s = match my.score(&p.codes, &b, &args.segment) {
                    Ok(s) => s,
                    Err(e @ HccError::UnknownSegment { .. }) => return Err(usage(e.to_string())),
                    Err(e) => {
                        bad_row(outcome, line, &format!("patient {}: {e}", p.id));
                        continue;
                    }
                };
                let variables: Vec<&str> = s.variables.iter().map(|(v, _)| v.name()).collect();
                out.write_record([
                    p.id.as_str(),
                    &year,
                    s.segment,
                    &format!("{:.3}", s.score),
                    &format!("{:.3}", s.disease_score),
                    &format!("{:.3}", s.demographic_score),
                    &variables.join(" "),
                ])
                .map_err(write_error)?;
            } else {
                // Codes were checked as rows were read: none fails here.
                let Ok(categories) = my.patient_categories(&p.codes) else {
                    continue;
                };
                for c in categories {
                    out.write_record([p.id.as_str(), &year, c.name(), c.label()])
                        .map_err(write_error)?;
                }
            }
        }
    }
    output.finish()
}

/// A row's demographics (--score).
fn beneficiary(table: &Table, row: &csv::StringRecord) -> Result<Beneficiary, String> {
    let sex = match table.get(row, "sex") {
        s if s.eq_ignore_ascii_case("f") || s == "2" => Sex::Female,
        s if s.eq_ignore_ascii_case("m") || s == "1" => Sex::Male,
        s => return Err(format!("sex {:?}: expected F or M", output::shorten(s))),
    };
    let age_text = table.get(row, "age");
    let age: u8 = age_text.parse().ok().filter(|a| *a <= 130).ok_or_else(|| {
        format!(
            "age {:?}: expected a whole number 0 to 130",
            output::shorten(age_text)
        )
    })?;
    let orec_text = table.get(row, "orec");
    let orec: u8 = if orec_text.is_empty() {
        0
    } else {
        orec_text.parse().ok().filter(|o| *o <= 3).ok_or_else(|| {
            format!(
                "orec {:?}: expected 0, 1, 2 or 3",
                output::shorten(orec_text)
            )
        })?
    };
    let medicaid = match table.get(row, "medicaid").to_ascii_lowercase().as_str() {
        "" | "0" | "n" | "no" | "false" => false,
        "1" | "y" | "yes" | "true" => true,
        other => {
            return Err(format!(
                "medicaid {:?}: expected 0 or 1 (Y/N, true/false)",
                output::shorten(other)
            ))
        }
    };
    Ok(Beneficiary {
        sex,
        age,
        orec,
        medicaid,
    })
}
