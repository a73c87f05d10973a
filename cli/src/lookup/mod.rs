//! `medcodes lookup`: everything the bundled tables say about a code on a date.
//!
//! The code system is the one `--system` names, or under `auto` the one
//! [`medcodes::detect`] finds; a code known in several systems is reported, not guessed.
//!
//! What every system shares is written once here, on codes of whichever system
//! ([`AnyCode`]): the record ([`Info`]: titles, the verdict on the date, validity and its
//! spans, MCE flags, parent, children, the path down from the top of the hierarchy) and its
//! text. What a system adds is its [`Extras`], in its own file: ICD-10-CM's kinds, notes,
//! 7th characters and chapters ([`cm`]), ICD-10-PCS's levels, sections and axes ([`pcs`]).
//! A system without a file of its own is shown through [`Plain`], with nothing to add here.

pub mod cm;
pub mod hcpcs;
pub mod pcs;

use std::borrow::Cow;
use std::ffi::OsStr;
use std::io::{self, Write};

use medcodes::{AnyCode, CodeSystem, Date, ReasonKind, Title, ValidationError};
use medcodes::{ValidityRange, ValiditySpan};
use serde::Serialize;

use crate::args::LookupArgs;
use crate::output::{self, Outcome, NO_TITLE};
use crate::system::{self, Pick, SystemArg};

/// Runs `$body` with `$X` naming the [`Extras`] of a [`CodeSystem`] value: the systems
/// with a file of their own, and [`Plain`] for every other.
macro_rules! with_extras {
    ($system:expr, $X:ident => $body:expr) => {
        match $system {
            medcodes::CodeSystem::Icd10Cm => {
                type $X = $crate::lookup::cm::Cm;
                $body
            }
            medcodes::CodeSystem::Icd10Pcs => {
                type $X = $crate::lookup::pcs::Pcs;
                $body
            }
            medcodes::CodeSystem::Hcpcs => {
                type $X = $crate::lookup::hcpcs::Hcpcs;
                $body
            }
            #[allow(unreachable_patterns)]
            _ => {
                type $X = $crate::lookup::Plain;
                $body
            }
        }
    };
}
pub(crate) use with_extras;

/// How many children the text output lists.
const MAX_CHILDREN: usize = 20;

/// Column where the values of the text output start (`  title         ...`).
const LABEL: usize = 13;

pub fn run(args: &LookupArgs, outcome: &mut Outcome) -> io::Result<()> {
    let date = args.common.date(args.system, "lookup");
    let mut out = output::stdout();
    let mut shown_any = false;
    for input in &args.codes {
        let found = utf8(input, args.system).and_then(|text| {
            let code = find(args.system, text, date)?;
            Ok((text, code))
        });
        let (input, code) = match found {
            Ok(found) => found,
            Err(message) => {
                // Keep stdout and stderr in order on a terminal.
                out.flush()?;
                output::report_error(message);
                outcome.some_failed = true;
                continue;
            }
        };
        if !args.common.json && shown_any {
            out.write_all(b"\n")?;
        }
        shown_any = true;
        with_extras!(code.system(), X => {
            let info = Info::<X>::gather(input, code, date);
            if args.common.json {
                serde_json::to_writer(&mut out, &info).map_err(io::Error::from)?;
                out.write_all(b"\n")?;
            } else {
                info.write_text(&mut out)?;
            }
        });
    }
    out.flush()
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
fn find(arg: SystemArg, input: &str, date: Date) -> Result<AnyCode, String> {
    match system::pick(arg, input, date) {
        Pick::One(system) => find_in(system, input),
        Pick::Ambiguous(systems) => Err(system::ambiguity_message(input, &systems, date)),
        Pick::Unknown => Err(unknown_message(input)),
    }
}

fn find_in(system: CodeSystem, input: &str) -> Result<AnyCode, String> {
    system
        .lookup(input)
        .map_err(|e| with_extras!(system, X => X::lookup_error(input, &e)))
}

/// Why no system knows the input: each system says why, once when they all say the same;
/// a CPT-shaped input is named as such (CPT has no built-in list).
fn unknown_message(input: &str) -> String {
    if let medcodes::Detection::Cpt(class) = medcodes::detect(input) {
        let section = class
            .section
            .map(|s| format!(", {}", s.name()))
            .unwrap_or_default();
        return format!(
            "{} is shaped like a CPT code ({}{section}): medcodes ships no CPT list (the AMA \
             licenses it), so it cannot say whether the code exists or is valid",
            class.code.as_str(),
            class.category.name()
        );
    }
    let mut reasons: Vec<(CodeSystem, String)> = CodeSystem::ALL
        .iter()
        .filter_map(|&system| find_in(system, input).err().map(|e| (system, e)))
        .collect();
    if reasons.windows(2).all(|w| w[0].1 == w[1].1) {
        if let Some((_, reason)) = reasons.pop() {
            return reason;
        }
    }
    let each: Vec<String> = reasons
        .iter()
        .map(|(system, reason)| format!("{}: {reason}", system.name()))
        .collect();
    let none = if CodeSystem::ALL.len() == 2 {
        "neither code system"
    } else {
        "no code system"
    };
    format!(
        "{:?} is in {none}: {}",
        output::shorten(input),
        each.join("; ")
    )
}

/// What a code system adds to `lookup`, beside what [`Info`] shows of every code: fields
/// of its own in the record and in the codes shown beside it, and its wording of the text.
/// Everything but the types has a default, which [`Plain`] uses. The codes given are of
/// the system whose extras these are ([`with_extras!`] sees to it).
pub trait Extras: Sized + 'static {
    /// Fields of the record of its own (flattened into it).
    type Record: Serialize;
    /// Fields of its own of the parent and children.
    type Related: Serialize;
    /// Fields of its own of the steps of the path.
    type Step: Serialize;

    fn record(code: AnyCode, date: Date) -> Self::Record;
    fn related(code: AnyCode, date: Date) -> Self::Related;
    fn step(code: AnyCode, date: Date) -> Self::Step;

    /// What level of the hierarchy the code is on the date (`code`, `category`, `table`,
    /// ...): in the path, and in the message for an ambiguous input.
    fn level(_code: AnyCode, _date: Date) -> &'static str {
        "code"
    }

    /// Whether the code counts as valid on the date in the record (`valid_on_date`):
    /// in force, billable or as a header, unless the system says otherwise.
    fn in_force(code: AnyCode, date: Date) -> bool {
        code.is_present_on(date)
    }

    /// The code's title on the date, shown as the record's `title`.
    fn title(code: AnyCode, date: Date) -> Option<TitleInfo> {
        code.title_on(date).map(TitleInfo::from)
    }

    /// What the code is, in the message for an ambiguous input: its title.
    fn describe(code: AnyCode, date: Date) -> Option<Cow<'static, str>> {
        code.title_on(date).map(|t| t.text)
    }

    /// The steps of the path above the top of the code hierarchy (ICD-10-CM: chapter and
    /// block).
    fn steps_above(_code: AnyCode) -> Vec<Step<Self>> {
        Vec::new()
    }

    /// The message when the input is not a code of the system.
    fn lookup_error(_input: &str, error: &ValidationError) -> String {
        error.to_string()
    }

    /// A step of the path as a line of text (also the heading, and the parent line).
    fn step_line(step: &Step<Self>) -> String {
        format!("{}  {}", step.id, step.title.as_deref().unwrap_or(NO_TITLE))
    }

    /// The text of a child in the list of children.
    fn related_text(related: &Related<Self>) -> &str {
        related.title.as_deref().unwrap_or(NO_TITLE)
    }

    /// The lines between the titles and the parent: the verdict on the date, validity, MCE
    /// flags.
    fn write_status(info: &Info<Self>, out: &mut dyn Write) -> io::Result<()> {
        write_line(out, "valid", &info.verdict())?;
        write_line(out, "validity", &info.ranges("never"))?;
        if !info.mce_flags.is_empty() {
            let flags = info.mce_flags.join(", ");
            write_line(out, "MCE flags", &format!("{flags} (on {})", info.date))?;
        }
        Ok(())
    }

    /// The parent line of a code at the top of the hierarchy.
    fn no_parent() -> &'static str {
        "none"
    }

    /// The children line: how many.
    fn children_summary(info: &Info<Self>) -> String {
        info.children_count.to_string()
    }

    /// Said after a child in the list: whether it is valid on the date.
    fn child_note(info: &Info<Self>, child: &Related<Self>) -> String {
        if child.valid_on_date {
            String::new()
        } else {
            format!("  (not valid on {})", info.date)
        }
    }

    /// Lines after the children.
    fn write_after_children(_info: &Info<Self>, _out: &mut dyn Write) -> io::Result<()> {
        Ok(())
    }
}

/// The extras of a system that has none: only what [`Info`] shows of every code.
pub struct Plain;

impl Extras for Plain {
    type Record = ();
    type Related = ();
    type Step = ();

    fn record(_: AnyCode, _: Date) {}
    fn related(_: AnyCode, _: Date) {}
    fn step(_: AnyCode, _: Date) {}
}

/// What `lookup` shows of a code of any system, and its `--json` form (one object).
#[derive(Serialize)]
#[serde(bound = "")]
pub struct Info<'a, X: Extras> {
    /// The system's id, e.g. `icd10cm`.
    pub system: &'static str,
    pub input: &'a str,
    pub code: String,
    pub date: Date,
    pub title: Option<TitleInfo>,
    pub short_title: Option<TitleInfo>,
    /// Valid on the date (see [`Extras::in_force`]).
    pub valid_on_date: bool,
    /// The outcome of `validate` on the date (`valid` when valid).
    pub reason: &'static str,
    /// Why it is not valid on the date (`null` when it is).
    pub message: Option<String>,
    /// The dates it is in force (for a header or level: some code below it is valid).
    pub validity: Vec<ValidityRange>,
    /// The validity in finer steps: where billable status or MCE flags change.
    pub validity_spans: Vec<SpanInfo>,
    /// Medicare Code Editor flags on the date (empty when not valid then).
    pub mce_flags: Vec<&'static str>,
    pub parent: Option<Related<X>>,
    pub children_count: usize,
    pub children: Vec<Related<X>>,
    /// From the top of the hierarchy down to the code.
    pub path: Vec<Step<X>>,
    #[serde(flatten)]
    pub extras: X::Record,
}

/// A title and where it comes from.
#[derive(Serialize)]
pub struct TitleInfo {
    pub text: Cow<'static, str>,
    /// The name of the release the title was taken from.
    pub source: &'static str,
    /// The date that release took effect.
    pub effective: Date,
    /// Composed from the code's axis labels, where no source titles it (ICD-10-PCS).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub composed: bool,
}

impl From<Title> for TitleInfo {
    fn from(title: Title) -> Self {
        TitleInfo {
            text: title.text,
            source: title.source.name,
            effective: title.source.effective,
            composed: false,
        }
    }
}

/// One span of validity: billable or a header, with its MCE flags.
#[derive(Serialize)]
pub struct SpanInfo {
    pub start: Date,
    /// `null` when still valid at the end of the bundled data.
    pub end: Option<Date>,
    pub billable: bool,
    pub mce_flags: Vec<&'static str>,
}

impl SpanInfo {
    fn new(span: ValiditySpan) -> Self {
        SpanInfo {
            start: span.range.start,
            end: span.range.end,
            billable: span.billable,
            mce_flags: span.mce_flags.iter().map(|f| f.name()).collect(),
        }
    }

    pub fn range(&self) -> ValidityRange {
        ValidityRange {
            start: self.start,
            end: self.end,
        }
    }
}

/// Another code, as shown beside the one looked up (parent, children).
#[derive(Serialize)]
#[serde(bound = "")]
pub struct Related<X: Extras> {
    pub code: String,
    pub title: Option<Cow<'static, str>>,
    /// Valid on the date (see [`Extras::in_force`]).
    pub valid_on_date: bool,
    #[serde(flatten)]
    pub extras: X::Related,
}

impl<X: Extras> Related<X> {
    fn new(code: AnyCode, date: Date) -> Self {
        Related {
            code: code.code().to_string(),
            title: code.title_on(date).map(|t| t.text),
            valid_on_date: X::in_force(code, date),
            extras: X::related(code, date),
        }
    }
}

/// One step of the path from the top of the hierarchy down to the code.
#[derive(Serialize)]
#[serde(bound = "")]
pub struct Step<X: Extras> {
    /// See [`Extras::level`].
    pub level: &'static str,
    pub id: String,
    pub title: Option<Cow<'static, str>>,
    #[serde(flatten)]
    pub extras: X::Step,
}

impl<X: Extras> Step<X> {
    fn new(code: AnyCode, date: Date) -> Self {
        Step {
            level: X::level(code, date),
            id: code.code().to_string(),
            title: code.title_on(date).map(|t| t.text),
            extras: X::step(code, date),
        }
    }
}

impl<'a, X: Extras> Info<'a, X> {
    pub fn gather(input: &'a str, code: AnyCode, date: Date) -> Self {
        let system = code.system();
        let (reason, message) = match system.validate(input, date) {
            Ok(_) => (ReasonKind::Valid, None),
            Err(e) => (e.kind(), Some(e.to_string())),
        };
        let children: Vec<Related<X>> = code
            .children()
            .into_iter()
            .map(|c| Related::new(c, date))
            .collect();
        let mut lineage = code.ancestors();
        lineage.reverse();
        lineage.push(code);
        let mut path = X::steps_above(code);
        path.extend(lineage.into_iter().map(|c| Step::new(c, date)));
        Info {
            system: system.id(),
            input,
            code: code.code().to_string(),
            date,
            title: X::title(code, date),
            short_title: code.short_title_on(date).map(TitleInfo::from),
            valid_on_date: X::in_force(code, date),
            reason: reason.as_str(),
            message,
            validity: code.validity(),
            validity_spans: code
                .validity_spans()
                .into_iter()
                .map(SpanInfo::new)
                .collect(),
            mce_flags: code
                .mce_flags_on(date)
                .map(|flags| flags.iter().map(|f| f.name()).collect())
                .unwrap_or_default(),
            parent: code.parent().map(|p| Related::new(p, date)),
            children_count: children.len(),
            children,
            path,
            extras: X::record(code, date),
        }
    }

    /// `yes, on 2025-03-01` or `no: ` and why.
    pub fn verdict(&self) -> String {
        match &self.message {
            None => format!("yes, on {}", self.date),
            Some(message) => format!("no: {message}"),
        }
    }

    /// The validity ranges, `, `-separated (`none` when there are none).
    pub fn ranges(&self, none: &str) -> String {
        if self.validity.is_empty() {
            return none.to_owned();
        }
        let ranges: Vec<String> = self.validity.iter().map(|r| r.to_string()).collect();
        ranges.join(", ")
    }

    pub fn write_text(&self, out: &mut dyn Write) -> io::Result<()> {
        let name = CodeSystem::from_id(self.system).map_or(self.system, CodeSystem::name);
        let heading = self
            .path
            .last()
            .map_or_else(|| format!("{}  {NO_TITLE}", self.code), |s| X::step_line(s));
        writeln!(out, "{heading}")?;
        write_line(out, "system", name)?;
        self.write_titles(out)?;
        X::write_status(self, out)?;
        // The parent as a step of the path.
        let parent = self.parent.as_ref().and_then(|p| {
            let step = self.path.iter().find(|s| s.id == p.code)?;
            Some(X::step_line(step))
        });
        write_line(out, "parent", parent.as_deref().unwrap_or(X::no_parent()))?;
        self.write_children(out)?;
        X::write_after_children(self, out)?;
        for (i, step) in self.path.iter().enumerate() {
            let label = if i == 0 { "path" } else { "            ›" };
            write_line(out, label, &X::step_line(step))?;
        }
        Ok(())
    }

    /// The `title` and `short title` lines.
    fn write_titles(&self, out: &mut dyn Write) -> io::Result<()> {
        let shown = |t: &TitleInfo| {
            if t.composed {
                format!("{}  [{}: no source titles this code]", t.text, t.source)
            } else {
                format!("{}  [{}, effective {}]", t.text, t.source, t.effective)
            }
        };
        let title = self.title.as_ref().map(shown);
        write_line(out, "title", title.as_deref().unwrap_or(NO_TITLE))?;
        if let Some(t) = &self.short_title {
            write_line(out, "short title", &shown(t))?;
        }
        Ok(())
    }

    fn write_children(&self, out: &mut dyn Write) -> io::Result<()> {
        if self.children.is_empty() {
            return write_line(out, "children", "none");
        }
        write_line(out, "children", &X::children_summary(self))?;
        for child in self.children.iter().take(MAX_CHILDREN) {
            let (text, note) = (X::related_text(child), X::child_note(self, child));
            write_line(out, "", &format!("{}  {text}{note}", child.code))?;
        }
        if self.children_count > MAX_CHILDREN {
            let more = self.children_count - MAX_CHILDREN;
            write_line(out, "", &format!("… and {more} more"))?;
        }
        Ok(())
    }
}

/// A line of the text output: `  label         value`.
pub fn write_line(out: &mut dyn Write, label: &str, value: &str) -> io::Result<()> {
    writeln!(out, "  {label:<LABEL$} {value}")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A system without extras of its own is shown with what every code has.
    #[test]
    fn plain_systems_show_the_shared_record() {
        let date = Date::new(2025, 3, 1).expect("date");
        let code = CodeSystem::Icd10Pcs.lookup("0DTJ4ZZ").expect("a code");
        let info = Info::<Plain>::gather("0dtj4zz", code, date);
        let mut text = Vec::new();
        info.write_text(&mut text).expect("text");
        let text = String::from_utf8(text).expect("utf-8");
        for expected in [
            "0DTJ4ZZ  Resection of Appendix, Percutaneous Endoscopic Approach\n",
            "  system        ICD-10-PCS\n",
            "  valid         yes, on 2025-03-01\n",
            "  validity      from 2015-10-01",
            "  parent        0DTJ  no title in the bundled sources\n",
            "  children      none\n",
            "  path          0  no title in the bundled sources\n",
        ] {
            assert!(text.contains(expected), "missing {expected:?} in\n{text}");
        }
        let json = serde_json::to_value(&info).expect("json");
        assert_eq!(json["system"], "icd10pcs");
        assert_eq!(json["path"][4]["level"], "code");
        assert_eq!(json["validity_spans"][0]["billable"], true);
    }
}
