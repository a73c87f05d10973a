//! `medcodes lookup` of an ICD-10-PCS code or level of the hierarchy (section, body
//! system, table, body part): titles, level, validity, MCE flags, the seven axes, parent
//! and children, and the section › body system › table › body part › code path.

use std::borrow::Cow;
use std::io::{self, Write};

use medcodes::icd10pcs::{AxisValue, Code, Level};
use medcodes::{Date, Icd10Pcs, MceFlags, ReasonKind, ValidityRange};
use serde::Serialize;

use super::{write_more, write_path, write_titles, Shown, TitleInfo, MAX_CHILDREN};
use crate::output::NO_TITLE;
use crate::system::{level_name, System};

/// Said where the bundled sources give no meaning for a character.
const NO_LABEL: &str = "not defined in the bundled sources";

/// Another code or level, as shown beside the one looked up.
#[derive(Serialize)]
struct CodeRef {
    code: String,
    level: Level,
    /// The title of a complete code (levels have none).
    title: Option<Cow<'static, str>>,
    /// For a level, the meaning of its last character, e.g. "Appendix" for 0DTJ.
    label: Option<&'static str>,
    /// A complete code valid on the date.
    valid_on_date: bool,
    /// How many complete codes at or below it are valid on the date.
    valid_codes_on_date: usize,
}

impl CodeRef {
    fn new(code: Code, date: Date) -> Self {
        let level = code.level();
        CodeRef {
            code: code.code().to_string(),
            level,
            title: code.title_on(date).map(|t| t.text),
            label: last_axis(code).and_then(|a| a.label),
            valid_on_date: code.is_valid_on(date),
            valid_codes_on_date: if level == Level::Code {
                usize::from(code.is_valid_on(date))
            } else {
                code.valid_codes_on(date)
            },
        }
    }

    fn is_code(&self) -> bool {
        self.level == Level::Code
    }

    /// The title of a code, the meaning of a level's last character.
    fn text(&self) -> &str {
        if self.is_code() {
            self.title.as_deref().unwrap_or(NO_TITLE)
        } else {
            self.label.unwrap_or(NO_LABEL)
        }
    }
}

/// The axis value of a code's last character.
fn last_axis(code: Code) -> Option<AxisValue> {
    code.axes().pop()
}

/// One validity span with its MCE flags.
#[derive(Serialize)]
struct SpanInfo {
    start: Date,
    /// `null` when still valid at the end of the bundled data.
    end: Option<Date>,
    mce_flags: Vec<&'static str>,
}

fn flag_names(flags: MceFlags) -> Vec<&'static str> {
    flags.iter().map(|f| f.name()).collect()
}

/// One step of the path from the section down to the code.
#[derive(Serialize)]
struct Step {
    /// `section`, `body_system`, `table`, `body_part` or `code`.
    level: Level,
    id: String,
    /// What the step's last character stands for (levels only), e.g. "Root Operation".
    axis: Option<&'static str>,
    /// What the step's last character means (levels only), e.g. "Resection".
    label: Option<&'static str>,
    /// The title (complete codes only).
    title: Option<Cow<'static, str>>,
}

impl Step {
    fn new(code: Code, date: Date) -> Self {
        let level = code.level();
        let last = (level != Level::Code).then(|| last_axis(code)).flatten();
        Step {
            level,
            id: code.code().to_string(),
            axis: last.map(|a| a.axis),
            label: last.and_then(|a| a.label),
            title: code.title_on(date).map(|t| t.text),
        }
    }

    /// `Root Operation: Resection` for a level, the title for a code.
    fn text(&self) -> Cow<'_, str> {
        match (self.axis, &self.title) {
            (Some(axis), _) => Cow::Owned(format!("{axis}: {}", self.label.unwrap_or(NO_LABEL))),
            (None, Some(title)) => Cow::Borrowed(title),
            (None, None) => Cow::Borrowed(NO_TITLE),
        }
    }
}

/// What `lookup` shows for one ICD-10-PCS code or level; also its `--json` form.
#[derive(Serialize)]
pub struct Info<'a> {
    /// Always `icd10pcs`.
    system: &'static str,
    input: &'a str,
    code: String,
    date: Date,
    title: Option<TitleInfo>,
    short_title: Option<TitleInfo>,
    /// `section`, `body_system`, `table`, `body_part` or `code`.
    level: Level,
    /// A complete code valid on the date.
    valid_on_date: bool,
    /// How many complete codes at or below it are valid on the date.
    valid_codes_on_date: usize,
    /// The outcome of `validate` on the date (`incomplete` for levels).
    reason: &'static str,
    /// Why it is not a valid code on the date (`null` when it is).
    message: Option<String>,
    /// The dates it (for a level: some code below it) is valid.
    validity: Vec<ValidityRange>,
    /// The validity in finer steps: where MCE flags change.
    validity_spans: Vec<SpanInfo>,
    /// Medicare Code Editor flags on the date (empty when not a valid code then).
    mce_flags: Vec<&'static str>,
    /// The meaning of each character present.
    axes: Vec<AxisValue>,
    parent: Option<CodeRef>,
    children_count: usize,
    children: Vec<CodeRef>,
    path: Vec<Step>,
    /// What the positions not fixed by a level stand for (text output only).
    #[serde(skip)]
    open_axes: Vec<&'static str>,
}

impl<'a> Info<'a> {
    pub fn gather(pcs: &Icd10Pcs, input: &'a str, code: Code, date: Date) -> Self {
        let (reason, message) = match pcs.validate(input, date) {
            Ok(_) => (ReasonKind::Valid, None),
            Err(e) => (e.kind(), Some(e.to_string())),
        };
        let axes = code.axes();
        let open_axes = code
            .section()
            .map(|s| s.axes.iter().skip(axes.len()).copied().collect())
            .unwrap_or_default();
        let children: Vec<CodeRef> = code.children().map(|c| CodeRef::new(c, date)).collect();
        let mut lineage: Vec<Code> = code.ancestors().collect();
        lineage.reverse();
        lineage.push(code);
        Info {
            system: System::Pcs.id(),
            input,
            code: code.code().to_string(),
            date,
            title: code.title_on(date).map(TitleInfo::from),
            short_title: code.short_title_on(date).map(TitleInfo::from),
            level: code.level(),
            valid_on_date: code.is_valid_on(date),
            valid_codes_on_date: code.valid_codes_on(date),
            reason: reason.as_str(),
            message,
            validity: code.validity(),
            validity_spans: code
                .validity_spans()
                .into_iter()
                .map(|s| SpanInfo {
                    start: s.range.start,
                    end: s.range.end,
                    mce_flags: flag_names(s.mce_flags),
                })
                .collect(),
            mce_flags: code.mce_flags_on(date).map(flag_names).unwrap_or_default(),
            axes,
            parent: code.parent().map(|p| CodeRef::new(p, date)),
            children_count: children.len(),
            children,
            path: lineage.into_iter().map(|c| Step::new(c, date)).collect(),
            open_axes,
        }
    }

    fn is_code(&self) -> bool {
        self.level == Level::Code
    }

    fn write_axes(&self, out: &mut dyn Write) -> io::Result<()> {
        let width = self
            .axes
            .iter()
            .map(|a| a.axis)
            .chain(self.open_axes.iter().copied())
            .map(|a| a.chars().count())
            .max()
            .unwrap_or(0)
            .max("axis".len());
        let indent = " ".repeat(16);
        writeln!(
            out,
            "  axes          pos  char  {:<width$}  meaning",
            "axis"
        )?;
        for a in &self.axes {
            let label = a.label.unwrap_or(NO_LABEL);
            writeln!(
                out,
                "{indent}{:<3}  {:<4}  {:<width$}  {label}",
                a.position, a.value, a.axis
            )?;
            if let Some(definition) = a.definition {
                writeln!(
                    out,
                    "{indent}{:<3}  {:<4}  {:<width$}  definition: {definition}",
                    "", "", ""
                )?;
            }
        }
        for (i, axis) in self.open_axes.iter().enumerate() {
            let position = self.axes.len() + i + 1;
            writeln!(
                out,
                "{indent}{position:<3}  {:<4}  {axis:<width$}  not fixed at this level",
                "-"
            )?;
        }
        Ok(())
    }

    /// When the MCE flags changed over the code's validity, which were in force when.
    fn write_mce_history(&self, out: &mut dyn Write) -> io::Result<()> {
        let spans = &self.validity_spans;
        if spans.windows(2).all(|w| w[0].mce_flags == w[1].mce_flags) {
            return Ok(());
        }
        for (i, span) in spans.iter().enumerate() {
            let label = if i == 0 { "MCE history" } else { "" };
            let range = ValidityRange {
                start: span.start,
                end: span.end,
            };
            let flags = if span.mce_flags.is_empty() {
                "none".to_owned()
            } else {
                span.mce_flags.join(", ")
            };
            writeln!(out, "  {label:<13} {range}: {flags}")?;
        }
        Ok(())
    }

    fn write_children(&self, out: &mut dyn Write) -> io::Result<()> {
        if self.children.is_empty() {
            return writeln!(out, "  children      none");
        }
        let noun = match self.level {
            Level::Section => "body systems",
            Level::BodySystem => "tables",
            Level::Table => "body parts",
            Level::BodyPart | Level::Code => "codes",
        };
        writeln!(
            out,
            "  children      {} {noun}; {} valid codes below on {}",
            self.children_count, self.valid_codes_on_date, self.date
        )?;
        for child in self.children.iter().take(MAX_CHILDREN) {
            let note = match (child.is_code(), child.valid_codes_on_date) {
                (true, 0) => format!("  (not valid on {})", self.date),
                (true, _) => String::new(),
                (false, 0) => format!("  (no valid codes on {})", self.date),
                (false, 1) => "  (1 valid code)".to_owned(),
                (false, n) => format!("  ({n} valid codes)"),
            };
            writeln!(
                out,
                "                {}  {}{note}",
                child.code,
                child.text()
            )?;
        }
        write_more(out, self.children_count)
    }
}

impl Shown for Info<'_> {
    fn write_json(&self, out: &mut dyn Write) -> io::Result<()> {
        super::write_json(out, self)
    }

    fn write_text(&self, out: &mut dyn Write) -> io::Result<()> {
        let heading = self
            .path
            .last()
            .map_or(Cow::Borrowed(NO_TITLE), |s| s.text());
        writeln!(out, "{}  {heading}", self.code)?;
        writeln!(out, "  system        ICD-10-PCS")?;
        write_titles(out, self.title.as_ref(), self.short_title.as_ref())?;
        if self.is_code() {
            writeln!(out, "  level         code")?;
        } else {
            writeln!(
                out,
                "  level         {} ({} of 7 characters)",
                level_name(self.level),
                self.axes.len()
            )?;
        }
        match &self.message {
            None => writeln!(out, "  valid         yes, on {}", self.date)?,
            Some(message) => writeln!(out, "  valid         no: {message}")?,
        }
        let ranges: Vec<String> = self.validity.iter().map(|r| r.to_string()).collect();
        let ranges = if ranges.is_empty() {
            "never".to_owned()
        } else {
            ranges.join(", ")
        };
        if self.is_code() {
            writeln!(out, "  validity      {ranges}")?;
        } else {
            writeln!(
                out,
                "  validity      {ranges} (dates some code below it is valid)"
            )?;
        }
        if self.valid_on_date {
            let flags = if self.mce_flags.is_empty() {
                "none".to_owned()
            } else {
                self.mce_flags.join(", ")
            };
            writeln!(out, "  MCE flags     {flags} (on {})", self.date)?;
        }
        if self.is_code() {
            self.write_mce_history(out)?;
        }
        self.write_axes(out)?;
        // The parent is the step above this one in the path (as `Body Part: Appendix`).
        match self.path.iter().rev().nth(1) {
            Some(p) => writeln!(out, "  parent        {}  {}", p.id, p.text())?,
            None => writeln!(out, "  parent        none (a section)")?,
        }
        self.write_children(out)?;
        write_path(
            out,
            self.path.iter().map(|s| format!("{}  {}", s.id, s.text())),
        )
    }
}
