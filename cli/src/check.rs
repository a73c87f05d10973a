//! `medcodes check`: the ICD-10-CM codes of one encounter against the coding rules
//! ([`Icd10Cm::check_encounter`]), as text a coder can act on or as one JSON object.

use std::io::{self, Write};

use medcodes::icd10cm::{EncounterReport, Finding, Severity};
use medcodes::Icd10Cm;
use serde::Serialize;

use crate::args::CheckArgs;
use crate::output::{self, Outcome};

#[derive(Serialize)]
struct JsonReport<'a> {
    /// The codes as given.
    codes: &'a [String],
    #[serde(flatten)]
    report: &'a EncounterReport,
}

pub fn run(args: &CheckArgs, outcome: &mut Outcome) -> io::Result<()> {
    let date = args.date();
    let cm = Icd10Cm::new();
    let report = cm.check_encounter(&args.codes, date);
    if report.errors().next().is_some() {
        outcome.some_failed = true;
    }
    let mut out = output::stdout();
    if args.json {
        let json = JsonReport {
            codes: &args.codes,
            report: &report,
        };
        serde_json::to_writer(&mut out, &json).map_err(io::Error::from)?;
        out.write_all(b"\n")?;
    } else {
        write_text(&mut out, &cm, &args.codes, &report)?;
    }
    out.flush()
}

fn write_text(
    out: &mut dyn Write,
    cm: &Icd10Cm,
    codes: &[String],
    report: &EncounterReport,
) -> io::Result<()> {
    writeln!(
        out,
        "encounter of {} code{} on {} (notes: {})",
        codes.len(),
        if codes.len() == 1 { "" } else { "s" },
        report.date,
        report.notes_source
    )?;
    for finding in &report.findings {
        write_finding(out, cm, finding)?;
    }
    let count = |s: Severity| report.findings.iter().filter(|f| f.severity == s).count();
    if report.findings.is_empty() {
        writeln!(out, "no findings")
    } else {
        writeln!(
            out,
            "{} finding{}: {} error{}, {} warning{}, {} info",
            report.findings.len(),
            plural(report.findings.len()),
            count(Severity::Error),
            plural(count(Severity::Error)),
            count(Severity::Warning),
            plural(count(Severity::Warning)),
            count(Severity::Info),
        )
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// `ERROR    excludes1  E11.9 (1) + E10.9 (2)`, the message, and the note behind it.
fn write_finding(out: &mut dyn Write, cm: &Icd10Cm, finding: &Finding) -> io::Result<()> {
    let involved: Vec<String> = finding
        .codes
        .iter()
        .zip(&finding.positions)
        .map(|(code, pos)| format!("{} #{}", output::echo(code), pos + 1))
        .collect();
    writeln!(
        out,
        "{:<8} {}  {}",
        finding.severity.as_str().to_uppercase(),
        finding.kind,
        involved.join(" + ")
    )?;
    writeln!(out, "         {}", finding.message)?;
    if let Some(note) = &finding.note {
        let site = match note.site.level {
            medcodes::icd10cm::NoteLevel::Code => {
                let kind = cm
                    .lookup(&note.site.id)
                    .map_or("code", |c| c.kind().as_str());
                format!("{} ({kind})", note.site.id)
            }
            medcodes::icd10cm::NoteLevel::Block => format!("section {}", note.site.id),
            medcodes::icd10cm::NoteLevel::Chapter => format!("chapter {}", note.site.id),
        };
        writeln!(
            out,
            "         note: {} at {site}: {}",
            note.kind.label(),
            note.text
        )?;
    }
    Ok(())
}
