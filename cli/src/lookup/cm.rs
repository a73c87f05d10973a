//! `medcodes lookup` of an ICD-10-CM code: titles, kind and billable status, validity,
//! MCE flags, parent and children, the chapter › block › ... › code path, the
//! instructional notes in force (own and inherited) and the 7th characters it takes.

use std::borrow::Cow;
use std::io::{self, Write};

use medcodes::icd10cm::{Code, Note, NoteKind, NoteLevel, SeventhCharacterDef};
use medcodes::{Date, Icd10Cm, ReasonKind, ValidityRange};
use serde::Serialize;

use super::{write_more, write_path, write_titles, Shown, TitleInfo, MAX_CHILDREN};
use crate::output::NO_TITLE;

/// Another code, as shown beside the one looked up.
#[derive(Serialize)]
struct CodeRef {
    code: String,
    title: Option<Cow<'static, str>>,
    /// Whether the code is valid (billable or as a header) on the date.
    valid_on_date: bool,
}

impl CodeRef {
    fn new(code: Code, date: Date) -> Self {
        CodeRef {
            code: code.code().to_string(),
            title: code.title_on(date).map(|t| t.text),
            valid_on_date: code.is_present_on(date),
        }
    }

    fn title(&self) -> &str {
        self.title.as_deref().unwrap_or(NO_TITLE)
    }
}

/// One span of validity: billable or a header, with its MCE flags.
#[derive(Serialize)]
struct SpanInfo {
    start: Date,
    /// `null` when the code is still valid at the end of the bundled data.
    end: Option<Date>,
    billable: bool,
    mce_flags: Vec<&'static str>,
}

impl SpanInfo {
    fn range(&self) -> ValidityRange {
        ValidityRange {
            start: self.start,
            end: self.end,
        }
    }
}

/// One step of the path from the chapter down to the code.
#[derive(Serialize)]
struct Step {
    /// `chapter`, `block`, `category`, `subcategory` or `code`.
    level: &'static str,
    id: String,
    title: Option<Cow<'static, str>>,
}

/// What `lookup` shows for one ICD-10-CM code; also its `--json` form.
#[derive(Serialize)]
pub struct Info<'a> {
    /// Always `icd10cm`.
    system: &'static str,
    input: &'a str,
    code: String,
    date: Date,
    title: Option<TitleInfo>,
    short_title: Option<TitleInfo>,
    /// The kind on the date, or in the newest release that has the code when it is not
    /// valid on the date.
    kind: &'static str,
    /// Valid on the date, as a billable code or as a header.
    valid_on_date: bool,
    billable: bool,
    /// The outcome of `validate` on the date (`valid` when billable).
    reason: &'static str,
    /// Why the code is not billable on the date (`null` when it is).
    message: Option<String>,
    validity: Vec<ValidityRange>,
    /// The validity in finer steps: where billable status or MCE flags change.
    validity_spans: Vec<SpanInfo>,
    /// Medicare Code Editor flags on the date (empty when not billable then).
    mce_flags: Vec<&'static str>,
    parent: Option<CodeRef>,
    children_count: usize,
    children: Vec<CodeRef>,
    path: Vec<Step>,
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

impl<'a> Info<'a> {
    pub fn gather(cm: &Icd10Cm, input: &'a str, code: Code, date: Date) -> Self {
        let valid_on_date = code.is_present_on(date);
        let kind = if valid_on_date {
            code.kind_on(date)
        } else {
            code.kind()
        };
        let (reason, message) = match cm.validate(input, date) {
            Ok(_) => (ReasonKind::Valid, None),
            Err(e) => (e.kind(), Some(e.to_string())),
        };
        let children: Vec<CodeRef> = code.children().map(|c| CodeRef::new(c, date)).collect();

        let mut path = Vec::new();
        if let Some(chapter) = code.chapter() {
            let (first, last) = chapter.range();
            path.push(Step {
                level: "chapter",
                id: chapter.number().to_string(),
                title: Some(Cow::Owned(format!("{} ({first}-{last})", chapter.title()))),
            });
        }
        if let Some(block) = code.block() {
            path.push(Step {
                level: "block",
                id: block.id().to_string(),
                title: Some(Cow::Borrowed(block.title())),
            });
        }
        let mut lineage: Vec<Code> = code.ancestors().collect();
        lineage.reverse();
        lineage.push(code);
        for c in lineage {
            let level = if c == code { kind } else { c.kind_on(date) };
            path.push(Step {
                level: level.as_str(),
                id: c.code().to_string(),
                title: c.title_on(date).map(|t| t.text),
            });
        }

        let mut notes: Vec<NoteInfo> = code
            .notes()
            .into_iter()
            .map(|note| NoteInfo {
                from: note_origin(cm, &note),
                note,
            })
            .collect();
        // Stable: keeps own before inherited, nearest first, within each kind.
        notes.sort_by_key(|n| kind_rank(n.note.kind));

        Info {
            notes_source: cm.notes_source().name,
            notes,
            seventh_characters: code.seventh_characters(),
            system: crate::system::System::Cm.id(),
            input,
            code: code.code().to_string(),
            date,
            title: code.title_on(date).map(TitleInfo::from),
            short_title: code.short_title_on(date).map(TitleInfo::from),
            kind: kind.as_str(),
            valid_on_date,
            billable: code.is_valid_on(date),
            reason: reason.as_str(),
            message,
            validity: code.validity(),
            validity_spans: code
                .validity_spans()
                .into_iter()
                .map(|s| SpanInfo {
                    start: s.range.start,
                    end: s.range.end,
                    billable: s.billable,
                    mce_flags: s.mce_flags.iter().map(|f| f.name()).collect(),
                })
                .collect(),
            mce_flags: code
                .mce_flags_on(date)
                .map(|flags| flags.iter().map(|f| f.name()).collect())
                .unwrap_or_default(),
            parent: code.parent().map(|p| CodeRef::new(p, date)),
            children_count: children.len(),
            children,
            path,
        }
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

impl Shown for Info<'_> {
    fn write_json(&self, out: &mut dyn Write) -> io::Result<()> {
        super::write_json(out, self)
    }

    fn write_text(&self, out: &mut dyn Write) -> io::Result<()> {
        let title = self.title.as_ref().map_or(NO_TITLE, |t| &*t.text);
        writeln!(out, "{}  {title}", self.code)?;
        writeln!(out, "  system        ICD-10-CM")?;
        write_titles(out, self.title.as_ref(), self.short_title.as_ref())?;
        if self.valid_on_date {
            writeln!(out, "  kind          {} on {}", self.kind, self.date)?;
        } else {
            writeln!(
                out,
                "  kind          not valid on {} (a {} in its newest release)",
                self.date, self.kind
            )?;
        }
        match &self.message {
            None => writeln!(out, "  billable      yes, on {}", self.date)?,
            Some(message) => writeln!(out, "  billable      no: {message}")?,
        }
        let ranges: Vec<String> = self.validity.iter().map(|r| r.to_string()).collect();
        writeln!(out, "  valid         {}", ranges.join(", "))?;
        self.write_billable_history(out)?;
        if !self.mce_flags.is_empty() {
            writeln!(
                out,
                "  MCE flags     {} (on {})",
                self.mce_flags.join(", "),
                self.date
            )?;
        }
        match &self.parent {
            Some(p) => writeln!(out, "  parent        {}  {}", p.code, p.title())?,
            None => writeln!(out, "  parent        none (a category)")?,
        }
        self.write_children(out)?;
        self.write_notes(out)?;
        self.write_seventh_characters(out)?;
        write_path(
            out,
            self.path.iter().map(|step| {
                let title = step.title.as_deref().unwrap_or(NO_TITLE);
                if step.level == "chapter" {
                    format!("Chapter {}: {title}", step.id)
                } else {
                    format!("{}  {title}", step.id)
                }
            }),
        )
    }
}

impl Info<'_> {
    /// When the code was billable in some spans and a header in others, which when.
    fn write_billable_history(&self, out: &mut dyn Write) -> io::Result<()> {
        let spans = &self.validity_spans;
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
            writeln!(out, "  {label:<13} {status} {range}")?;
        }
        Ok(())
    }

    /// The notes by kind: a heading per kind, then per note where it sits and its lines.
    fn write_notes(&self, out: &mut dyn Write) -> io::Result<()> {
        if self.notes.is_empty() {
            return Ok(());
        }
        writeln!(out, "  notes         from the {}", self.notes_source)?;
        let mut last_kind = None;
        // The 7th-character note is shown with the characters, below.
        for info in self
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

    fn write_seventh_characters(&self, out: &mut dyn Write) -> io::Result<()> {
        let Some(def) = &self.seventh_characters else {
            return Ok(());
        };
        let own = if def.defined_at == self.code {
            "own".to_owned()
        } else {
            format!("inherited from {}", def.defined_at)
        };
        writeln!(out, "  7th characters  [{own}]")?;
        if let Some(note) = def.note {
            writeln!(out, "        {note}")?;
        }
        // The code's own 7th character, when it has one of the set.
        let undotted = self.code.replace('.', "");
        let own_char = (undotted.len() == 7 && def.defined_at != self.code)
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

    fn write_children(&self, out: &mut dyn Write) -> io::Result<()> {
        if self.children.is_empty() {
            return writeln!(out, "  children      none");
        }
        writeln!(out, "  children      {}", self.children_count)?;
        for child in self.children.iter().take(MAX_CHILDREN) {
            let note = if child.valid_on_date {
                String::new()
            } else {
                format!("  (not valid on {})", self.date)
            };
            writeln!(
                out,
                "                {}  {}{note}",
                child.code,
                child.title()
            )?;
        }
        write_more(out, self.children_count)
    }
}
