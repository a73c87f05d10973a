//! What `lookup` shows of an ICD-10-PCS code, or level of the hierarchy (section, body
//! system, table, body part), beside what every code has: its level, the meaning of each
//! of its characters (the seven axes of its section), and how many valid codes each level
//! holds.

use std::borrow::Cow;
use std::io::{self, Write};

use medcodes::icd10pcs::{self, AxisValue, Code, Level};
use medcodes::{AnyCode, Date, Icd10Pcs, ValidationError};
use serde::Serialize;

use super::{write_line, Extras, Info, Related, Step, TitleInfo};
use crate::output::NO_TITLE;

/// Said where the bundled sources give no meaning for a character.
const NO_LABEL: &str = "not defined in the bundled sources";

/// ICD-10-PCS's extras.
pub struct Pcs;

/// The record's ICD-10-PCS fields.
#[derive(Serialize)]
pub struct Record {
    /// `section`, `body_system`, `table`, `body_part` or `code`.
    level: Level,
    /// How many complete codes at or below it are valid on the date.
    valid_codes_on_date: usize,
    /// The meaning of each character present.
    axes: Vec<AxisValue>,
    /// What the positions not fixed by a level stand for (text output only).
    #[serde(skip)]
    open_axes: Vec<&'static str>,
}

/// The ICD-10-PCS fields of a code or level shown beside the one looked up.
#[derive(Serialize)]
pub struct RelatedRecord {
    level: Level,
    /// For a level, the meaning of its last character, e.g. "Appendix" for 0DTJ.
    label: Option<&'static str>,
    /// How many complete codes at or below it are valid on the date.
    valid_codes_on_date: usize,
}

/// The ICD-10-PCS fields of a step of the path (levels only; `null` for the code).
#[derive(Serialize)]
pub struct StepRecord {
    /// What the step's last character stands for, e.g. "Root Operation".
    axis: Option<&'static str>,
    /// What it means, e.g. "Resection".
    label: Option<&'static str>,
}

/// The ICD-10-PCS code inside: [`with_extras!`](super::with_extras) gives these extras no
/// other.
fn typed(code: AnyCode) -> Code {
    match code {
        AnyCode::Icd10Pcs(code) => code,
        other => unreachable!("{other} is not an ICD-10-PCS code"),
    }
}

/// The axis value of a code's last character.
fn last_axis(code: Code) -> Option<AxisValue> {
    code.axes().pop()
}

impl Extras for Pcs {
    type Record = Record;
    type Related = RelatedRecord;
    type Step = StepRecord;

    fn record(code: AnyCode, date: Date) -> Record {
        let code = typed(code);
        let axes = code.axes();
        let open_axes = code
            .section()
            .map(|s| s.axes.iter().skip(axes.len()).copied().collect())
            .unwrap_or_default();
        Record {
            level: code.level(),
            valid_codes_on_date: code.valid_codes_on(date),
            axes,
            open_axes,
        }
    }

    fn related(code: AnyCode, date: Date) -> RelatedRecord {
        let code = typed(code);
        let level = code.level();
        RelatedRecord {
            level,
            label: last_axis(code).and_then(|a| a.label),
            valid_codes_on_date: if level == Level::Code {
                usize::from(code.is_valid_on(date))
            } else {
                code.valid_codes_on(date)
            },
        }
    }

    fn step(code: AnyCode, _: Date) -> StepRecord {
        let code = typed(code);
        let last = (code.level() != Level::Code)
            .then(|| last_axis(code))
            .flatten();
        StepRecord {
            axis: last.map(|a| a.axis),
            label: last.and_then(|a| a.label),
        }
    }

    fn level(code: AnyCode, _: Date) -> &'static str {
        typed(code).level().as_str()
    }

    /// Only a complete code is valid; a level never is.
    fn in_force(code: AnyCode, date: Date) -> bool {
        code.is_valid_on(date)
    }

    /// The official title, else the one composed from the code's axis labels, marked.
    fn title(code: AnyCode, date: Date) -> Option<TitleInfo> {
        typed(code).title_or_composed_on(date).map(|t| {
            let composed = t.source.name == icd10pcs::COMPOSED.name;
            TitleInfo {
                composed,
                ..TitleInfo::from(t)
            }
        })
    }

    fn describe(code: AnyCode, date: Date) -> Option<Cow<'static, str>> {
        let code = typed(code);
        match code.section() {
            Some(section) if code.level() != Level::Code => {
                Some(format!("in the {} section", section.name).into())
            }
            _ => code.title_on(date).map(|t| t.text),
        }
    }

    /// For the start of a code that is no level of the hierarchy (5 or 6 characters),
    /// what lookup takes instead.
    fn lookup_error(input: &str, error: &ValidationError) -> String {
        let Ok(n) = icd10pcs::normalize(input) else {
            return error.to_string();
        };
        let completions = Icd10Pcs::new().codes_starting_with(n.as_str()).count();
        if n.len() <= 4 || n.is_complete() || completions == 0 {
            return error.to_string();
        }
        format!(
            "{} is the start of {completions} ICD-10-PCS codes ({} of {} characters), not a \
             level of the hierarchy: lookup takes a complete code or a section, body system, \
             table or body part (1 to 4 characters, e.g. {})",
            n.as_str(),
            n.len(),
            icd10pcs::CODE_LENGTH,
            n.as_str().get(..4).unwrap_or_default()
        )
    }

    /// `0DT  Root Operation: Resection` for a level, the title for a code.
    fn step_line(step: &Step<Pcs>) -> String {
        let text = match (step.extras.axis, &step.title) {
            (Some(axis), _) => {
                Cow::Owned(format!("{axis}: {}", step.extras.label.unwrap_or(NO_LABEL)))
            }
            (None, Some(title)) => Cow::Borrowed(&**title),
            (None, None) => Cow::Borrowed(NO_TITLE),
        };
        format!("{}  {text}", step.id)
    }

    /// The title of a code, the meaning of a level's last character.
    fn related_text(related: &Related<Pcs>) -> &str {
        if related.extras.level == Level::Code {
            related.title.as_deref().unwrap_or(NO_TITLE)
        } else {
            related.extras.label.unwrap_or(NO_LABEL)
        }
    }

    fn write_status(info: &Info<Pcs>, out: &mut dyn Write) -> io::Result<()> {
        let record = &info.extras;
        let is_code = record.level == Level::Code;
        if is_code {
            write_line(out, "level", "code")?;
        } else {
            let name = record.level.as_str().replace('_', " ");
            let fixed = record.axes.len();
            let level = format!("{name} ({fixed} of {} characters)", icd10pcs::CODE_LENGTH);
            write_line(out, "level", &level)?;
        }
        write_line(out, "valid", &info.verdict())?;
        let ranges = info.ranges("never");
        if is_code {
            write_line(out, "validity", &ranges)?;
        } else {
            let ranges = format!("{ranges} (dates some code below it is valid)");
            write_line(out, "validity", &ranges)?;
        }
        if info.valid_on_date {
            let flags = match info.mce_flags.is_empty() {
                true => "none".to_owned(),
                false => info.mce_flags.join(", "),
            };
            write_line(out, "MCE flags", &format!("{flags} (on {})", info.date))?;
        }
        if is_code {
            write_mce_history(info, out)?;
        }
        write_axes(record, out)
    }

    fn no_parent() -> &'static str {
        "none (a section)"
    }

    fn children_summary(info: &Info<Pcs>) -> String {
        let noun = match info.extras.level {
            Level::Section => "body systems",
            Level::BodySystem => "tables",
            Level::Table => "body parts",
            Level::BodyPart | Level::Code => "codes",
        };
        format!(
            "{} {noun}; {} valid codes below on {}",
            info.children_count, info.extras.valid_codes_on_date, info.date
        )
    }

    fn child_note(info: &Info<Pcs>, child: &Related<Pcs>) -> String {
        let is_code = child.extras.level == Level::Code;
        match (is_code, child.extras.valid_codes_on_date) {
            (true, 0) => format!("  (not valid on {})", info.date),
            (true, _) => String::new(),
            (false, 0) => format!("  (no valid codes on {})", info.date),
            (false, 1) => "  (1 valid code)".to_owned(),
            (false, n) => format!("  ({n} valid codes)"),
        }
    }
}

/// When the MCE flags changed over the code's validity, which were in force when.
fn write_mce_history(info: &Info<Pcs>, out: &mut dyn Write) -> io::Result<()> {
    let spans = &info.validity_spans;
    if spans.windows(2).all(|w| w[0].mce_flags == w[1].mce_flags) {
        return Ok(());
    }
    for (i, span) in spans.iter().enumerate() {
        let label = if i == 0 { "MCE history" } else { "" };
        let flags = if span.mce_flags.is_empty() {
            "none".to_owned()
        } else {
            span.mce_flags.join(", ")
        };
        write_line(out, label, &format!("{}: {flags}", span.range()))?;
    }
    Ok(())
}

/// The table of the characters: position, value, axis and meaning (and definition), then
/// the positions a level leaves open.
fn write_axes(record: &Record, out: &mut dyn Write) -> io::Result<()> {
    let width = record
        .axes
        .iter()
        .map(|a| a.axis)
        .chain(record.open_axes.iter().copied())
        .map(|a| a.chars().count())
        .max()
        .unwrap_or(0)
        .max("axis".len());
    let indent = " ".repeat(16);
    let header = format!("pos  char  {:<width$}  meaning", "axis");
    write_line(out, "axes", &header)?;
    for a in &record.axes {
        let label = a.label.unwrap_or(NO_LABEL);
        let (position, value, axis) = (a.position, a.value, a.axis);
        writeln!(
            out,
            "{indent}{position:<3}  {value:<4}  {axis:<width$}  {label}"
        )?;
        if let Some(definition) = a.definition {
            let blank = "";
            writeln!(
                out,
                "{indent}{blank:<3}  {blank:<4}  {blank:<width$}  definition: {definition}"
            )?;
        }
    }
    for (i, axis) in record.open_axes.iter().enumerate() {
        let position = record.axes.len() + i + 1;
        let open = "-";
        writeln!(
            out,
            "{indent}{position:<3}  {open:<4}  {axis:<width$}  not fixed at this level"
        )?;
    }
    Ok(())
}
