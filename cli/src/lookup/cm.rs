//! What `lookup` shows of an ICD-10-CM code beside what every code has: its kind
//! (category, subcategory, code) and billable status, the chapter and block above its
//! category, the instructional notes in force (own and inherited) and the 7th characters
//! it takes.

use std::borrow::Cow;
use std::io::{self, Write};

use medcodes::icd10cm::{Code, Note, NoteKind, NoteLevel, SeventhCharacterDef};
use medcodes::{AnyCode, Date, Icd10Cm, ValidityRange};
use serde::Serialize;

use super::{write_line, Extras, Info, Step};

/// ICD-10-CM's extras.
pub struct Cm;

/// The record's ICD-10-CM fields.
#[derive(Serialize)]
pub struct Record {
    /// The kind on the date, or in the newest release that has the code when it is not
    /// valid on the date.
    kind: &'static str,
    billable: bool,
    /// The release the notes and 7th characters come from.
    notes_source: &'static str,
    /// The instructional notes in force for the code, grouped by kind (in the order of
    /// [`NoteKind::ALL`]); within a kind its own notes first, then the inherited ones,
    /// nearest first.
    notes: Vec<NoteInfo>,
    /// The 7th characters the code (or the codes below it) take; `null` when none.
    seventh_characters: Option<SeventhCharacterDef>,
}

/// A note and where it sits, in words.
#[derive(Serialize)]
struct NoteInfo {
    #[serde(flatten)]
    note: Note,
    /// `own`, or `inherited from category E11`, `... from section E08-E13`, `... from
    /// chapter 4`.
    from: String,
}

impl Extras for Cm {
    type Record = Record;
    type Related = ();
    type Step = ();

    fn record(code: AnyCode, date: Date) -> Record {
        let (cm, code) = (Icd10Cm::new(), typed(code));
        let mut notes: Vec<NoteInfo> = code
            .notes()
            .into_iter()
            .map(|note| NoteInfo {
                from: note_origin(&cm, &note),
                note,
            })
            .collect();
        // Stable: keeps own before inherited, nearest first, within each kind.
        notes.sort_by_key(|n| kind_rank(n.note.kind));
        Record {
            kind: level(code, date),
            billable: code.is_valid_on(date),
            notes_source: cm.notes_source().name,
            notes,
            seventh_characters: code.seventh_characters(),
        }
    }

    fn related(_: AnyCode, _: Date) {}
    fn step(_: AnyCode, _: Date) {}

    fn level(code: AnyCode, date: Date) -> &'static str {
        level(typed(code), date)
    }

    fn steps_above(code: AnyCode) -> Vec<Step<Cm>> {
        let code = typed(code);
        let mut steps = Vec::new();
        if let Some(chapter) = code.chapter() {
            let (first, last) = chapter.range();
            steps.push(Step {
                level: "chapter",
                id: chapter.number().to_string(),
                title: Some(Cow::Owned(format!("{} ({first}-{last})", chapter.title()))),
                extras: (),
            });
        }
        if let Some(block) = code.block() {
            steps.push(Step {
                level: "block",
                id: block.id().to_string(),
                title: Some(Cow::Borrowed(block.title())),
                extras: (),
            });
        }
        steps
    }

    fn step_line(step: &Step<Cm>) -> String {
        let title = step.title.as_deref().unwrap_or(crate::output::NO_TITLE);
        if step.level == "chapter" {
            format!("Chapter {}: {title}", step.id)
        } else {
            format!("{}  {title}", step.id)
        }
    }

    fn write_status(info: &Info<Cm>, out: &mut dyn Write) -> io::Result<()> {
        let (kind, date) = (info.extras.kind, info.date);
        if info.valid_on_date {
            write_line(out, "kind", &format!("{kind} on {date}"))?;
        } else {
            let kind = format!("not valid on {date} (a {kind} in its newest release)");
            write_line(out, "kind", &kind)?;
        }
        write_line(out, "billable", &info.verdict())?;
        write_line(out, "valid", &info.ranges(""))?;
        write_billable_history(info, out)?;
        if !info.mce_flags.is_empty() {
            let flags = info.mce_flags.join(", ");
            write_line(out, "MCE flags", &format!("{flags} (on {date})"))?;
        }
        Ok(())
    }

    fn no_parent() -> &'static str {
        "none (a category)"
    }

    fn write_after_children(info: &Info<Cm>, out: &mut dyn Write) -> io::Result<()> {
        write_notes(&info.extras, out)?;
        write_seventh_characters(info, out)
    }
}

/// The ICD-10-CM code inside: [`with_extras!`](super::with_extras) gives these extras no
/// other.
fn typed(code: AnyCode) -> Code {
    match code {
        AnyCode::Icd10Cm(code) => code,
        other => unreachable!("{other} is not an ICD-10-CM code"),
    }
}

/// The kind on the date, or in the newest release when the code is not in force then.
fn level(code: Code, date: Date) -> &'static str {
    if code.is_present_on(date) {
        code.kind_on(date).as_str()
    } else {
        code.kind().as_str()
    }
}

/// Where a note sits, for a coder: `own` or `inherited from category E11`.
fn note_origin(cm: &Icd10Cm, note: &Note) -> String {
    if !note.inherited {
        return "own".to_owned();
    }
    let level = match note.site.level {
        NoteLevel::Chapter => "chapter",
        NoteLevel::Block => "section",
        NoteLevel::Code => cm
            .lookup(&note.site.id)
            .map_or("code", |c| c.kind().as_str()),
    };
    format!("inherited from {level} {}", note.site.id)
}

fn kind_rank(kind: NoteKind) -> usize {
    NoteKind::ALL
        .iter()
        .position(|&k| k == kind)
        .unwrap_or(NoteKind::ALL.len())
}

/// When the code was billable in some spans and a header in others, which when.
fn write_billable_history(info: &Info<Cm>, out: &mut dyn Write) -> io::Result<()> {
    let spans = &info.validity_spans;
    if spans.iter().all(|s| s.billable) || spans.iter().all(|s| !s.billable) {
        return Ok(());
    }
    // Merge neighbouring spans of the same status (they differ only in MCE flags).
    let mut merged: Vec<(ValidityRange, bool)> = Vec::new();
    for span in spans {
        let range = span.range();
        match merged.last_mut() {
            Some((last, billable))
                if *billable == span.billable
                    && last.end.is_some_and(|end| end.next_day() == range.start) =>
            {
                last.end = range.end;
            }
            _ => merged.push((range, span.billable)),
        }
    }
    for (i, (range, billable)) in merged.iter().enumerate() {
        let label = if i == 0 { "history" } else { "" };
        let status = if *billable { "billable" } else { "header" };
        write_line(out, label, &format!("{status} {range}"))?;
    }
    Ok(())
}

/// The notes by kind: a heading per kind, then per note where it sits and its lines.
fn write_notes(record: &Record, out: &mut dyn Write) -> io::Result<()> {
    if record.notes.is_empty() {
        return Ok(());
    }
    write_line(out, "notes", &format!("from the {}", record.notes_source))?;
    let mut last_kind = None;
    // The 7th-character note is shown with the characters, below.
    for info in record
        .notes
        .iter()
        .filter(|n| n.note.kind != NoteKind::SeventhCharacter)
    {
        let note = &info.note;
        if last_kind != Some(note.kind) {
            writeln!(out, "    {}", note.kind.label())?;
            last_kind = Some(note.kind);
        }
        writeln!(out, "      [{}]", info.from)?;
        for line in &note.lines {
            writeln!(out, "        {}", line.text)?;
        }
    }
    Ok(())
}

fn write_seventh_characters(info: &Info<Cm>, out: &mut dyn Write) -> io::Result<()> {
    let Some(def) = &info.extras.seventh_characters else {
        return Ok(());
    };
    let code = &info.code;
    let own = if def.defined_at == *code {
        "own".to_owned()
    } else {
        format!("inherited from {}", def.defined_at)
    };
    writeln!(out, "  7th characters  [{own}]")?;
    if let Some(note) = def.note {
        writeln!(out, "        {note}")?;
    }
    // The code's own 7th character, when it has one of the set.
    let undotted = code.replace('.', "");
    let own_char = (undotted.len() == 7 && def.defined_at != *code)
        .then(|| undotted.chars().last())
        .flatten();
    for c in &def.characters {
        let mark = if Some(c.character) == own_char {
            "  (this code)"
        } else {
            ""
        };
        writeln!(out, "        {}  {}{mark}", c.character, c.meaning)?;
    }
    Ok(())
}
