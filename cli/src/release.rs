//! A CMS release loaded over the built-in tables (`medcodes::release`): `--release PATH`
//! (or the folder `MEDCODES_RELEASE_DIR` names) for `lookup` and `validate`, and
//! `medcodes release diff PATH`, which lists what a release changes.

use std::ffi::OsString;
use std::io::{self, BufRead, Write};
use std::path::{Path, PathBuf};

use medcodes::codeset::System;
use medcodes::icd10cm::Icd10CmSystem;
use medcodes::icd10pcs::Icd10PcsSystem;
use medcodes::release::{ReleaseCode, ReleaseDifferences, ReleaseTitle, WithRelease};
use medcodes::{CodeSet, CodeSystem, Date};
use serde::Serialize;

use crate::args::{LookupArgs, ReleaseDiffArgs, ValidateArgs};
use crate::output::{self, Outcome, NO_TITLE};
use crate::system::SystemArg;

/// The environment variable naming a folder that holds the release to load.
pub const RELEASE_DIR_VAR: &str = "MEDCODES_RELEASE_DIR";

/// The release to load: `--release`, else `MEDCODES_RELEASE_DIR` when set and not empty.
pub fn path(flag: Option<&Path>) -> Option<PathBuf> {
    flag.map(Path::to_path_buf).or_else(|| {
        std::env::var_os(RELEASE_DIR_VAR)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    })
}

/// The systems a release can be loaded for.
fn system_of(system: SystemArg, subcommand: &str) -> io::Result<CodeSystem> {
    match system {
        SystemArg::One(s @ (CodeSystem::Icd10Cm | CodeSystem::Icd10Pcs)) => Ok(s),
        _ => Err(io::Error::other(format!(
            "{subcommand} with a release (--release or {RELEASE_DIR_VAR}) works on one of icd10cm, icd10pcs: pass --system"
        ))),
    }
}

fn load<S: System>(path: &Path) -> io::Result<WithRelease<S>> {
    CodeSet::<S>::new()
        .with_release(path)
        .map_err(|e| io::Error::other(format!("release not loaded, nothing applied: {e}")))
}

/// The date of service: `--date` or today, within what the code set with the release
/// answers.
fn date_of<S: System>(with: &WithRelease<S>, date: Option<Date>) -> io::Result<Date> {
    let date = date.unwrap_or_else(Date::today);
    let (first, last) = with.coverage();
    if date < first || date > last {
        return Err(io::Error::other(format!(
            "{date} is outside the dates {} answers with {} ({first} to {last}); load the release in force then",
            S::ID.name(),
            with.release().name()
        )));
    }
    Ok(date)
}

#[derive(Serialize)]
struct Record<'a> {
    input: &'a str,
    code: Option<String>,
    system: &'static str,
    valid: bool,
    reason: &'static str,
    message: Option<String>,
    title: Option<&'a ReleaseTitle>,
    date: Date,
}

fn title_text(title: Option<&ReleaseTitle>) -> String {
    match title {
        Some(t) if t.from_release => format!("{}  [{}]", t.text, t.source),
        Some(t) => t.text.clone(),
        None => NO_TITLE.to_owned(),
    }
}

/// `validate` with a release: one line (or JSON object) a code.
pub fn validate(args: &ValidateArgs, path: &Path, outcome: &mut Outcome) -> io::Result<()> {
    if args.dates_in_input {
        return Err(io::Error::other(
            "--dates-in-input is not read with a release yet: pass --date",
        ));
    }
    match system_of(args.system, "validate")? {
        CodeSystem::Icd10Pcs => validate_in::<Icd10PcsSystem>(args, path, outcome),
        _ => validate_in::<Icd10CmSystem>(args, path, outcome),
    }
}

fn validate_in<S: System>(
    args: &ValidateArgs,
    path: &Path,
    outcome: &mut Outcome,
) -> io::Result<()> {
    let with = load::<S>(path)?;
    let date = date_of(&with, args.common.date)?;
    let mut out = output::stdout();
    let mut one = |input: &str, out: &mut dyn Write| -> io::Result<()> {
        let result = with.validate(input, date);
        let (code, title, error) = match &result {
            Ok(found) => (Some(found.code.to_string()), found.title.as_ref(), None),
            Err(e) => (None, None, Some(e)),
        };
        if error.is_some() {
            outcome.some_failed = true;
        }
        if args.common.json {
            let record = Record {
                input,
                code,
                system: S::ID.name(),
                valid: error.is_none(),
                reason: error.map_or("valid", |e| e.kind().as_str()),
                message: error.map(ToString::to_string),
                title,
                date,
            };
            serde_json::to_writer(&mut *out, &record).map_err(io::Error::from)?;
            writeln!(out)
        } else {
            match error {
                None => writeln!(
                    out,
                    "VALID  {}  {}",
                    code.unwrap_or_default(),
                    title_text(title)
                ),
                Some(e) => writeln!(
                    out,
                    "INVALID  {}  {}  {e}",
                    output::echo(input),
                    e.kind().as_str()
                ),
            }
        }
    };
    let from_stdin = args.codes.is_empty() || (args.codes.len() == 1 && args.codes[0] == "-");
    if from_stdin {
        for line in io::stdin().lock().lines() {
            let line = line?;
            let line = line.trim_end_matches('\r');
            if !line.trim().is_empty() {
                one(line, &mut out)?;
            }
        }
    } else {
        for code in &args.codes {
            one(&utf8(code)?, &mut out)?;
        }
    }
    out.flush()
}

fn utf8(input: &OsString) -> io::Result<String> {
    input
        .to_str()
        .map(str::to_owned)
        .ok_or_else(|| io::Error::other(format!("{input:?} is not UTF-8 text")))
}

#[derive(Serialize)]
struct LookupRecord<'a> {
    code: String,
    system: &'static str,
    date: Date,
    reason: &'static str,
    in_release: Option<bool>,
    in_built_in: bool,
    title: Option<&'a ReleaseTitle>,
    short_title: Option<&'a ReleaseTitle>,
    release: String,
}

/// `lookup` with a release: each code's titles and status on the date, the release's
/// view; the built-in view with all its details is `lookup` without the release.
pub fn lookup(args: &LookupArgs, path: &Path, outcome: &mut Outcome) -> io::Result<()> {
    match system_of(args.system, "lookup")? {
        CodeSystem::Icd10Pcs => lookup_in::<Icd10PcsSystem>(args, path, outcome),
        _ => lookup_in::<Icd10CmSystem>(args, path, outcome),
    }
}

fn lookup_in<S: System>(args: &LookupArgs, path: &Path, outcome: &mut Outcome) -> io::Result<()> {
    let with = load::<S>(path)?;
    let date = date_of(&with, args.common.date)?;
    let mut out = output::stdout();
    for input in &args.codes {
        let input = utf8(input)?;
        let found: ReleaseCode<S> = match with.lookup(&input) {
            Ok(found) => found,
            Err(e) => {
                out.flush()?;
                output::report_error(e);
                outcome.some_failed = true;
                continue;
            }
        };
        let reason = with.reason(&input, date);
        let title = with.title_on(&input, date);
        let short = with.short_title_on(&input, date);
        if args.common.json {
            let record = LookupRecord {
                code: found.code.to_string(),
                system: S::ID.name(),
                date,
                reason: reason.as_str(),
                in_release: found.in_release,
                in_built_in: found.built_in.is_some(),
                title: title.as_ref(),
                short_title: short.as_ref(),
                release: with.release().name(),
            };
            serde_json::to_writer(&mut out, &record).map_err(io::Error::from)?;
            writeln!(out)?;
        } else {
            writeln!(out, "{}  {}", found.code, title_text(title.as_ref()))?;
            if let Some(s) = &short {
                writeln!(out, "  short: {}", s.text)?;
            }
            writeln!(out, "  on {date}: {}", reason.as_str())?;
            let from = match (found.in_release, found.built_in.is_some()) {
                (Some(_), true) => "the built-in tables and the release",
                (Some(_), false) => "the release only (new)",
                (None, _) => "the built-in tables only (not in the release)",
            };
            writeln!(out, "  in: {from}")?;
            writeln!(out, "  release: {}", with.release())?;
        }
    }
    out.flush()
}

/// `medcodes release diff PATH`: what the release changes; exit status 0 when it loads.
pub fn diff(args: &ReleaseDiffArgs) -> io::Result<()> {
    let differences = match system_of(args.system, "release diff")? {
        CodeSystem::Icd10Pcs => load::<Icd10PcsSystem>(&args.path)?.differences(),
        _ => load::<Icd10CmSystem>(&args.path)?.differences(),
    };
    let mut out = output::stdout();
    if args.json {
        serde_json::to_writer(&mut out, &differences).map_err(io::Error::from)?;
        writeln!(out)?;
    } else {
        write_diff(&mut out, &differences, args.limit)?;
    }
    out.flush()
}

fn write_diff(out: &mut impl Write, d: &ReleaseDifferences, limit: usize) -> io::Result<()> {
    writeln!(out, "{}", d.release)?;
    writeln!(
        out,
        "compared with the built-in tables on {}",
        d.compared_on
    )?;
    let list = |out: &mut dyn Write, what: &str, codes: &[String]| -> io::Result<()> {
        writeln!(out, "{what}: {}", codes.len())?;
        for code in codes.iter().take(limit) {
            writeln!(out, "  {code}")?;
        }
        if codes.len() > limit {
            writeln!(out, "  ... {} more (--limit, --json)", codes.len() - limit)?;
        }
        Ok(())
    };
    list(
        out,
        "added (in the release, not in force in the built-in tables)",
        &d.added,
    )?;
    list(
        out,
        "deleted (in force in the built-in tables, not in the release)",
        &d.deleted,
    )?;
    list(out, "now billable (built-in headers)", &d.now_billable)?;
    list(out, "now headers (built-in billable codes)", &d.now_headers)?;
    writeln!(out, "retitled: {}", d.retitled.len())?;
    for r in d.retitled.iter().take(limit) {
        writeln!(
            out,
            "  {}\n    built-in: {}\n    release:  {}",
            r.code, r.built_in, r.release
        )?;
    }
    if d.retitled.len() > limit {
        writeln!(
            out,
            "  ... {} more (--limit, --json)",
            d.retitled.len() - limit
        )?;
    }
    list(out, "titled (no built-in title)", &d.newly_titled)?;
    Ok(())
}

/// What `--version` adds: the release each table comes from and the last date it answers.
pub fn currency_lines() -> String {
    medcodes::release::currency()
        .iter()
        .map(|c| {
            let titles = match c.newest_titles {
                Some((name, _)) => format!("newest titles: {name}"),
                None => "no titles in this build".to_owned(),
            };
            let (release, later) = if c.system == CodeSystem::Hcpcs {
                (
                    format!("quarter of {}", c.newest_release),
                    "later quarters: medcodes hcpcs-file PATH".to_owned(),
                )
            } else {
                (
                    format!("{} release of {}", c.fiscal_year, c.newest_release),
                    format!("later dates: --release PATH or {RELEASE_DIR_VAR}"),
                )
            };
            format!(
                "\n{} tables: {release}, current through {} ({titles}); {later}",
                c.system.name(),
                c.current_through,
            )
        })
        .collect()
}
