//! `medcodes search`: ICD-10-CM codes by code prefix or title words
//! ([`Icd10Cm::search`]), one line per code or JSON Lines.

use std::io::{self, Write};

use medcodes::icd10cm::Code;
use medcodes::{Date, Icd10Cm};
use serde::Serialize;

use crate::args::SearchArgs;
use crate::output::{self, Outcome, NO_TITLE};

#[derive(Serialize)]
struct JsonHit<'a> {
    code: &'a str,
    title: Option<String>,
    kind: &'static str,
    /// Billable on `--date` (without one: in its newest release).
    billable: bool,
}

pub fn run(args: &SearchArgs, outcome: &mut Outcome) -> io::Result<()> {
    let cm = Icd10Cm::new();
    let query = args.query.join(" ");
    let hits = cm.search(&query, args.limit, args.date);
    outcome.some_failed = hits.is_empty();
    let mut out = output::stdout();
    for code in &hits {
        let title = title(code, args.date);
        let dotted = code.code();
        if args.json {
            let hit = JsonHit {
                code: dotted.as_str(),
                title,
                kind: kind(code, args.date),
                billable: billable(code, args.date),
            };
            serde_json::to_writer(&mut out, &hit).map_err(io::Error::from)?;
            out.write_all(b"\n")?;
        } else {
            let title = title.as_deref().unwrap_or(NO_TITLE);
            let header = if billable(code, args.date) {
                ""
            } else {
                "  [header, not billable]"
            };
            writeln!(out, "{:<8} {title}{header}", dotted.as_str())?;
        }
    }
    if hits.is_empty() && !args.json {
        output::report_error(format_args!("no ICD-10-CM code matches {query:?}"));
    }
    out.flush()
}

fn title(code: &Code, date: Option<Date>) -> Option<String> {
    let title = match date {
        Some(d) => code.title_on(d),
        None => code.title(),
    };
    title.map(|t| t.text.into_owned())
}

fn billable(code: &Code, date: Option<Date>) -> bool {
    match date {
        Some(d) => code.is_valid_on(d),
        None => code.is_billable(),
    }
}

fn kind(code: &Code, date: Option<Date>) -> &'static str {
    match date {
        Some(d) => code.kind_on(d),
        None => code.kind(),
    }
    .as_str()
}
