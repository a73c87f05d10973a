//! `medcodes hcpcs-file`: an official CMS HCPCS file checked, summed up, and compared with
//! the built-in quarters on a date.

use std::io::{self, Write};

use medcodes::hcpcs::Hcpcs;
use serde::Serialize;

use crate::args::HcpcsFileArgs;
use crate::output::{self, Outcome};

/// How many codes of each difference the text output lists.
const MAX_LISTED: usize = 20;

#[derive(Serialize)]
struct Summary<'a> {
    path: String,
    records: usize,
    codes: usize,
    modifiers: usize,
    differences: &'a medcodes::hcpcs::FileDifferences,
}

pub fn run(args: &HcpcsFileArgs, outcome: &mut Outcome) -> io::Result<()> {
    let set = Hcpcs::new();
    let loaded = match set.with_file(&args.path) {
        Ok(loaded) => loaded,
        Err(e) => {
            output::report_error(format!("{}: {e}", args.path.display()));
            outcome.some_failed = true;
            return Ok(());
        }
    };
    let date = args.date.unwrap_or(set.coverage().1);
    let differences = loaded.differences(date);
    let file = loaded.file();
    let summary = Summary {
        path: args.path.display().to_string(),
        records: file.len(),
        codes: file.codes().count(),
        modifiers: file.modifiers().count(),
        differences: &differences,
    };
    outcome.some_failed |= !differences.is_empty();
    let mut out = output::stdout();
    if args.json {
        serde_json::to_writer(&mut out, &summary).map_err(io::Error::from)?;
        writeln!(out)?;
        return out.flush();
    }
    writeln!(
        out,
        "{}: {} records, {} codes, {} modifiers",
        summary.path, summary.records, summary.codes, summary.modifiers
    )?;
    let (first, last) = set.coverage();
    if date < first || date > last {
        writeln!(
            out,
            "{date} is outside the built-in quarters ({first} to {last}): the file decides on it"
        )?;
        return out.flush();
    }
    writeln!(out, "compared with the built-in quarters on {date}:")?;
    let lists = [
        ("active in the file only", &differences.only_in_file),
        ("valid built in only", &differences.only_built_in),
    ];
    for (what, codes) in lists {
        let shown: Vec<&str> = codes.iter().take(MAX_LISTED).map(String::as_str).collect();
        let more = codes.len().saturating_sub(MAX_LISTED);
        let more = if more > 0 {
            format!(" and {more} more")
        } else {
            String::new()
        };
        writeln!(out, "  {what}: {} {}{more}", codes.len(), shown.join(" "))?;
    }
    writeln!(
        out,
        "  short descriptors that differ: {}",
        differences.short_descriptors.len()
    )?;
    for (code, ours, theirs) in differences.short_descriptors.iter().take(MAX_LISTED) {
        writeln!(out, "    {code}  built in {ours:?}, file {theirs:?}")?;
    }
    out.flush()
}
