//! `medcodes search`: codes of every code set by words or by the start of a code
//! ([`medcodes::search`]), one line per code, or one JSON object.

use std::io::{self, IsTerminal, Write};

use medcodes::search::{search, Field, Hit, MatchSpan, Query, SearchError, SystemSearched};
use medcodes::CodeSystem;
use serde::Serialize;

use crate::args::SearchArgs;
use crate::output::{self, Outcome, NO_TITLE};

/// The value of `--system` for search: some systems, or all.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Systems(pub Vec<CodeSystem>);

/// Parses `--system`: `all`, or system ids separated by commas (`icd10cm,hcpcs`).
pub fn parse_systems(input: &str) -> Result<Systems, String> {
    if input.trim().eq_ignore_ascii_case("all") {
        return Ok(Systems(Vec::new()));
    }
    let mut systems = Vec::new();
    for part in input.split(',') {
        let system = CodeSystem::from_id(part).ok_or_else(|| {
            let ids: Vec<&str> = CodeSystem::ALL.iter().map(|s| s.id()).collect();
            format!(
                "unknown code system {:?}: expected {} or all, several separated by commas",
                part.trim(),
                ids.join(", ")
            )
        })?;
        if !systems.contains(&system) {
            systems.push(system);
        }
    }
    Ok(Systems(systems))
}

#[derive(Serialize)]
struct JsonResults<'a> {
    query: &'a str,
    total: usize,
    offset: usize,
    limit: usize,
    systems: &'a [SystemSearched],
    hits: Vec<JsonHit<'a>>,
}

#[derive(Serialize)]
struct JsonHit<'a> {
    code: String,
    system: CodeSystem,
    title: Option<&'a str>,
    /// Billable on the date searched; else a header.
    billable: bool,
    kind: &'static str,
    score: f32,
    field: Field,
    text: &'a str,
    /// Byte ranges of the matched words in `text`.
    spans: &'a [MatchSpan],
    matched: Vec<&'a str>,
}

fn matched(hit: &Hit) -> Vec<&str> {
    hit.spans
        .iter()
        .filter_map(|s| hit.text.get(s.start..s.end))
        .collect()
}

pub fn run(args: &SearchArgs, outcome: &mut Outcome) -> io::Result<()> {
    let text = args.query.join(" ");
    let mut query = Query::new(text.as_str())
        .limit(args.limit)
        .offset(args.offset)
        .systems(args.system.as_ref().map_or(&[][..], |s| &s.0));
    if let Some(date) = args.date {
        query = query.date(date);
    }
    // A query too long or a date outside the data is a usage error (status 2).
    let found = match search(&query) {
        Ok(found) => found,
        Err(e) => usage_error(&e),
    };
    for s in &found.systems {
        if let Some(note) = &s.note {
            let _ = writeln!(io::stderr().lock(), "note: {note}");
        }
    }
    outcome.some_failed = found.total == 0;
    let mut out = output::stdout();
    if args.json {
        let results = JsonResults {
            query: &text,
            total: found.total,
            offset: args.offset,
            limit: args.limit,
            systems: &found.systems,
            hits: found
                .hits
                .iter()
                .map(|h| JsonHit {
                    code: h.code.code().to_string(),
                    system: h.system,
                    title: h.title.as_deref(),
                    billable: h.billable,
                    kind: h.kind.as_str(),
                    score: h.score,
                    field: h.field,
                    text: &h.text,
                    spans: &h.spans,
                    matched: matched(h),
                })
                .collect(),
        };
        serde_json::to_writer(&mut out, &results).map_err(io::Error::from)?;
        out.write_all(b"\n")?;
        return out.flush();
    }
    let bold = io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    for hit in &found.hits {
        writeln!(out, "{}", line(hit, bold))?;
    }
    out.flush()?;
    let searched: Vec<&str> = found
        .systems
        .iter()
        .filter(|s| s.searched)
        .map(|s| s.system.name())
        .collect();
    let mut err = io::stderr().lock();
    if found.total == 0 {
        output::report_error(format_args!(
            "no code matches {text:?} (searched {})",
            searched.join(", ")
        ));
    } else if found.hits.is_empty() {
        let _ = writeln!(
            err,
            "{} codes match; none after --offset {}",
            found.total, args.offset
        );
    } else {
        let _ = writeln!(
            err,
            "{} of {} codes ({}-{})",
            found.hits.len(),
            found.total,
            args.offset + 1,
            args.offset + found.hits.len()
        );
    }
    Ok(())
}

/// `icd10cm  I21.9     Acute myocardial infarction, unspecified  (title)`: the system,
/// the code, its title (a header says so), and the field that matched with its text when
/// it is not the title; matched words in bold on a terminal.
fn line(hit: &Hit, bold: bool) -> String {
    let code = hit.code.code();
    let header = if hit.billable {
        ""
    } else {
        "  [header, not billable]"
    };
    let marked = mark(&hit.text, &hit.spans, bold);
    let (title, matched) = match (hit.field, &hit.title) {
        (Field::Title, _) => (marked, "title".to_owned()),
        (field, Some(title)) => (title.clone(), format!("{}: {marked}", field_label(field))),
        (field, None) => (
            NO_TITLE.to_owned(),
            format!("{}: {marked}", field_label(field)),
        ),
    };
    let matched = if hit.field == Field::Code {
        "code".to_owned()
    } else {
        matched
    };
    format!(
        "{:<9} {:<8} {title}{header}  ({matched})",
        hit.system.id(),
        code.as_str()
    )
}

fn field_label(field: Field) -> &'static str {
    match field {
        Field::Code => "code",
        Field::Title => "title",
        Field::ShortTitle => "short title",
        Field::InclusionTerm => "inclusion term",
        Field::AxisLabel => "axis labels",
        Field::Block => "block",
        Field::Chapter => "chapter",
        Field::Section => "section",
        _ => "text",
    }
}

/// The text with the spans in bold (ANSI) when `bold`.
fn mark(text: &str, spans: &[MatchSpan], bold: bool) -> String {
    if !bold || spans.is_empty() {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len() + spans.len() * 8);
    let mut at = 0;
    for s in spans {
        let (Some(before), Some(word)) = (text.get(at..s.start), text.get(s.start..s.end)) else {
            continue;
        };
        out.push_str(before);
        out.push_str("\x1b[1m");
        out.push_str(word);
        out.push_str("\x1b[0m");
        at = s.end;
    }
    out.push_str(text.get(at..).unwrap_or_default());
    out
}

/// Exits with a usage error (status 2) naming the subcommand.
fn usage_error(error: &SearchError) -> ! {
    let message = error.to_string();
    use clap::CommandFactory;
    let mut command = crate::args::Cli::command();
    command.build();
    match command.find_subcommand_mut("search") {
        Some(sub) => sub
            .error(clap::error::ErrorKind::ValueValidation, &message)
            .exit(),
        None => command
            .error(clap::error::ErrorKind::ValueValidation, &message)
            .exit(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn systems_parse() {
        assert_eq!(parse_systems("all").unwrap(), Systems(Vec::new()));
        assert_eq!(
            parse_systems("ICD-10-CM").unwrap(),
            Systems(vec![CodeSystem::Icd10Cm])
        );
        assert!(parse_systems("icd9").unwrap_err().contains("icd10cm"));
        assert!(parse_systems("").is_err());
    }

    #[test]
    fn marks_spans() {
        let spans = [
            MatchSpan { start: 0, end: 5 },
            MatchSpan { start: 6, end: 11 },
        ];
        assert_eq!(mark("heart attack", &spans, false), "heart attack");
        assert_eq!(
            mark("heart attac!", &spans, true),
            "\x1b[1mheart\x1b[0m \x1b[1mattac\x1b[0m!"
        );
        // Spans outside the text are skipped, not a panic.
        assert_eq!(mark("ab", &spans, true), "ab");
    }
}
