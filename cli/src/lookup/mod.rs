//! `medcodes lookup`: everything the bundled tables say about a code on a date.
//!
//! The code system is the one `--system` names, or under `auto` the one
//! [`medcodes::detect`] finds; a code known in several systems is reported, not guessed.

mod cm;
mod pcs;

use std::borrow::Cow;
use std::ffi::OsStr;
use std::io::{self, Write};

use medcodes::{icd10pcs, Date, Icd10Cm, Icd10Pcs, Title, ValidationError};
use serde::Serialize;

use crate::args::LookupArgs;
use crate::output::{self, Outcome, NO_TITLE};
use crate::system::{self, Pick, System, SystemArg};

/// How many children the text output lists.
const MAX_CHILDREN: usize = 20;

pub fn run(args: &LookupArgs, outcome: &mut Outcome) -> io::Result<()> {
    let date = args.common.date(args.system, "lookup");
    let mut out = output::stdout();
    let mut shown_any = false;
    for input in &args.codes {
        let found = utf8(input, args.system)
            .and_then(|text| find(args.system, text, date).map(|found| (text, found)));
        let (input, found) = match found {
            Ok(found) => found,
            Err(message) => {
                // Keep stdout and stderr in order on a terminal.
                out.flush()?;
                output::report_error(message);
                outcome.some_failed = true;
                continue;
            }
        };
        let mut show = |info: &dyn Shown| -> io::Result<()> {
            if args.common.json {
                info.write_json(&mut out)?;
                return out.write_all(b"\n");
            }
            if shown_any {
                out.write_all(b"\n")?;
            }
            shown_any = true;
            info.write_text(&mut out)
        };
        match found {
            Found::Cm(code) => show(&cm::Info::gather(&Icd10Cm::new(), input, code, date))?,
            Found::Pcs(code) => show(&pcs::Info::gather(&Icd10Pcs::new(), input, code, date))?,
        }
    }
    out.flush()
}

/// What `lookup` shows for one code, as text or as one JSON object.
trait Shown {
    fn write_text(&self, out: &mut dyn Write) -> io::Result<()>;
    fn write_json(&self, out: &mut dyn Write) -> io::Result<()>;
}

/// Writes `value` as one line of JSON (without the newline).
fn write_json(out: &mut dyn Write, value: &impl Serialize) -> io::Result<()> {
    serde_json::to_writer(out, value).map_err(io::Error::from)
}

/// A code found in one system.
enum Found {
    Cm(medcodes::icd10cm::Code),
    Pcs(icd10pcs::Code),
}

fn utf8(input: &OsStr, system: SystemArg) -> Result<&str, String> {
    input.to_str().ok_or_else(|| {
        format!(
            "{:?} is not UTF-8 text: expected {}",
            output::shorten(&input.to_string_lossy()),
            system.example()
        )
    })
}

/// Finds the input in the system `--system` names, or in the one system that knows it.
/// The error is the message to report.
fn find(arg: SystemArg, input: &str, date: Date) -> Result<Found, String> {
    match system::pick(arg, input) {
        Pick::One(system) => find_in(system, input),
        Pick::Ambiguous(systems) => Err(system::ambiguity_message(input, &systems, date)),
        Pick::Unknown => {
            if system::looks_like_cm(input) {
                return find_in(System::Cm, input);
            }
            // Say why it is neither, once when both systems say the same (empty input).
            let cm = find_in(System::Cm, input);
            let pcs = find_in(System::Pcs, input);
            match (cm, pcs) {
                (Ok(found), _) | (_, Ok(found)) => Ok(found),
                (Err(cm), Err(pcs)) if cm == pcs => Err(cm),
                (Err(cm), Err(pcs)) => Err(format!(
                    "{:?} is in neither code system: {}: {cm}; {}: {pcs}",
                    output::shorten(input),
                    System::Cm.name(),
                    System::Pcs.name()
                )),
            }
        }
    }
}

fn find_in(system: System, input: &str) -> Result<Found, String> {
    match system {
        System::Cm => Icd10Cm::new()
            .lookup(input)
            .map(Found::Cm)
            .map_err(|e| e.to_string()),
        System::Pcs => Icd10Pcs::new()
            .lookup(input)
            .map(Found::Pcs)
            .map_err(|e| pcs_lookup_error(input, &e)),
    }
}

/// The ICD-10-PCS lookup error; for the start of codes that is no level of the hierarchy
/// (5 or 6 characters), what lookup takes instead.
fn pcs_lookup_error(input: &str, error: &ValidationError) -> String {
    let Ok(n) = icd10pcs::normalize(input) else {
        return error.to_string();
    };
    let completions = Icd10Pcs::new().codes_starting_with(n.as_str()).count();
    if n.len() <= 4 || n.is_complete() || completions == 0 {
        return error.to_string();
    }
    format!(
        "{} is the start of {completions} ICD-10-PCS codes ({} of {} characters), not a level \
         of the hierarchy: lookup takes a complete code or a section, body system, table or \
         body part (1 to 4 characters, e.g. {})",
        n.as_str(),
        n.len(),
        icd10pcs::CODE_LENGTH,
        n.as_str().get(..4).unwrap_or_default()
    )
}

/// A title and where it comes from.
#[derive(Serialize)]
struct TitleInfo {
    text: Cow<'static, str>,
    /// The name of the release the title was taken from.
    source: &'static str,
    /// The date that release took effect.
    effective: Date,
}

impl From<Title> for TitleInfo {
    fn from(title: Title) -> Self {
        TitleInfo {
            text: title.text,
            source: title.source.name,
            effective: title.source.effective,
        }
    }
}

/// Writes the `title` and `short title` lines.
fn write_titles(
    out: &mut dyn Write,
    title: Option<&TitleInfo>,
    short_title: Option<&TitleInfo>,
) -> io::Result<()> {
    match title {
        Some(t) => writeln!(
            out,
            "  title         {}  [{}, effective {}]",
            t.text, t.source, t.effective
        )?,
        None => writeln!(out, "  title         {NO_TITLE}")?,
    }
    if let Some(t) = short_title {
        writeln!(
            out,
            "  short title   {}  [{}, effective {}]",
            t.text, t.source, t.effective
        )?;
    }
    Ok(())
}

/// Writes the `path` lines: the first step, then `› step` under it.
fn write_path(out: &mut dyn Write, steps: impl IntoIterator<Item = String>) -> io::Result<()> {
    for (i, step) in steps.into_iter().enumerate() {
        let label = if i == 0 {
            "path         "
        } else {
            "            ›"
        };
        writeln!(out, "  {label} {step}")?;
    }
    Ok(())
}

/// Writes the `… and N more` line under a list cut to [`MAX_CHILDREN`].
fn write_more(out: &mut dyn Write, total: usize) -> io::Result<()> {
    if total > MAX_CHILDREN {
        writeln!(out, "                … and {} more", total - MAX_CHILDREN)?;
    }
    Ok(())
}
