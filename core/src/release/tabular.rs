//! The ICD-10-CM tabular list as CMS publishes it (`icd10cm_tabular_YYYY.xml`, in the
//! "code tables, tabular and index" zip): chapters, sections (blocks), the `diag` tree with
//! each code's title, instructional notes and 7th-character definitions.
//!
//! Read with a streaming XML reader, whole or not at all: an element out of place, a code
//! that is not an ICD-10-CM code, a `sevenChrDef` without characters is a
//! [`ReleaseError`] naming the file and the line.

use std::collections::HashMap;

use quick_xml::events::Event;
use quick_xml::Reader;

use crate::codeset::{Code, System};
use crate::date::Date;
use crate::icd10cm::rules::{NoteKind, NoteLevel, NoteSite};
use crate::icd10cm::Icd10CmSystem;
use crate::key::{CodeBuf, CodeKey};

use super::{ReleaseError, WithRelease};

/// The note elements of the tabular list and their kinds (`sevenChrNote` apart).
const NOTE_TAGS: [(&str, NoteKind); 8] = [
    ("inclusionTerm", NoteKind::InclusionTerm),
    ("includes", NoteKind::Includes),
    ("excludes1", NoteKind::Excludes1),
    ("excludes2", NoteKind::Excludes2),
    ("codeFirst", NoteKind::CodeFirst),
    ("useAdditionalCode", NoteKind::UseAdditionalCode),
    ("codeAlso", NoteKind::CodeAlso),
    ("notes", NoteKind::Note),
];

/// One note element (one "Excludes1:" with its lines).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct TabNote {
    pub kind: NoteKind,
    pub lines: Vec<String>,
}

#[derive(Clone, Debug, Default)]
pub(crate) struct TabChapter {
    pub number: String,
    pub title: String,
    pub notes: Vec<TabNote>,
}

#[derive(Clone, Debug, Default)]
pub(crate) struct TabSection {
    /// E.g. `E08-E13`.
    pub id: String,
    pub title: String,
    pub chapter: usize,
    pub notes: Vec<TabNote>,
}

#[derive(Clone, Debug)]
pub(crate) struct TabDiag {
    pub code: CodeBuf,
    pub key: CodeKey,
    /// The line of its `<name>`.
    pub line: usize,
    pub title: String,
    pub parent: Option<usize>,
    pub section: usize,
    pub notes: Vec<TabNote>,
    pub seven_note: Option<String>,
    pub seven_def: Option<Vec<(char, String)>>,
}

/// A tabular list read whole.
#[derive(Clone, Debug, Default)]
pub(crate) struct Tabular {
    pub file: String,
    /// The `<version>` element, e.g. `2025`.
    pub version: Option<String>,
    pub chapters: Vec<TabChapter>,
    pub sections: Vec<TabSection>,
    pub diags: Vec<TabDiag>,
    by_key: HashMap<CodeKey, usize>,
}

impl Tabular {
    /// The diag of a code, or of the nearest code above it the list names (an extended
    /// code `S52.521A` is under `S52.521`; placeholder X's are skipped).
    pub fn nearest(&self, key: CodeKey) -> Option<(usize, bool)> {
        let code = key.unpack();
        let text = code.as_str();
        for len in (3..=text.len()).rev() {
            let prefix = &text[..len];
            if len < text.len() && prefix.ends_with('X') {
                continue;
            }
            let found = CodeKey::pack(prefix.as_bytes()).and_then(|k| self.by_key.get(&k));
            if let Some(&i) = found {
                return Some((i, len == text.len()));
            }
        }
        None
    }
}

/// Where a note element sits.
#[derive(Clone, Copy)]
enum Owner {
    Chapter(usize),
    Section(usize),
    Diag(usize),
}

/// Lines (from 1) of byte offsets, counted on from the offset asked before: the reader
/// asks at every event and only moves forward, so counting from the start each time would
/// be quadratic in the file (minutes for a CMS tabular list).
struct Lines<'a> {
    bytes: &'a [u8],
    counted: std::cell::Cell<(usize, usize)>,
}

impl<'a> Lines<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        Lines {
            bytes,
            counted: std::cell::Cell::new((0, 1)),
        }
    }

    fn at(&self, offset: u64) -> usize {
        let end = usize::try_from(offset)
            .unwrap_or(usize::MAX)
            .min(self.bytes.len());
        let (from, line) = match self.counted.get() {
            (from, line) if from <= end => (from, line),
            _ => (0, 1),
        };
        let line = line
            + self.bytes[from..end]
                .iter()
                .filter(|&&b| b == b'\n')
                .count();
        self.counted.set((end, line));
        line
    }
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Reads a tabular list's bytes.
pub(crate) fn parse(file: &str, bytes: &[u8]) -> Result<Tabular, ReleaseError> {
    let mut reader = Reader::from_reader(bytes);
    reader.config_mut().trim_text(false);
    let mut buf = Vec::new();
    let mut t = Tabular {
        file: file.to_owned(),
        ..Tabular::default()
    };
    // Element names from the root down; the owners (chapter, section, diag) among them.
    let mut path: Vec<String> = Vec::new();
    let mut owners: Vec<Owner> = Vec::new();
    let mut text = String::new();
    let mut note: Option<(NoteKind, Vec<String>)> = None;
    let mut seven_note: Option<Vec<String>> = None;
    let mut seven_def: Option<Vec<(char, String)>> = None;
    let mut extension: Option<char> = None;
    let mut root_seen = false;
    let lines = Lines::new(bytes);
    let xml_error = |reader: &Reader<&[u8]>, detail: String| ReleaseError::Xml {
        file: file.to_owned(),
        line: lines.at(reader.error_position().max(reader.buffer_position())),
        detail,
    };
    loop {
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|e| xml_error(&reader, e.to_string()))?;
        let line = lines.at(reader.buffer_position());
        let field =
            |field: &'static str, value: &str, expected: &'static str| ReleaseError::Field {
                file: file.to_owned(),
                line,
                field,
                value: crate::error::shorten(value),
                expected,
            };
        match event {
            Event::Start(e) => {
                let name = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
                if path.is_empty() {
                    if root_seen || name != "ICD10CM.tabular" {
                        return Err(field(
                            "root element",
                            &name,
                            "ICD10CM.tabular (the ICD-10-CM tabular list)",
                        ));
                    }
                    root_seen = true;
                }
                let parent = path.last().map(String::as_str);
                match (name.as_str(), parent) {
                    ("chapter", Some("ICD10CM.tabular")) => {
                        owners.push(Owner::Chapter(t.chapters.len()));
                        t.chapters.push(TabChapter::default());
                    }
                    ("section", Some("chapter")) => {
                        let chapter = t.chapters.len().saturating_sub(1);
                        let id = e
                            .try_get_attribute("id")
                            .ok()
                            .flatten()
                            .and_then(|a| a.decode_and_unescape_value(reader.decoder()).ok())
                            .map(|v| v.into_owned())
                            .unwrap_or_default();
                        owners.push(Owner::Section(t.sections.len()));
                        t.sections.push(TabSection {
                            id,
                            chapter,
                            ..TabSection::default()
                        });
                    }
                    ("diag", Some("section" | "diag")) => {
                        let parent = match owners.last() {
                            Some(Owner::Diag(p)) => Some(*p),
                            _ => None,
                        };
                        owners.push(Owner::Diag(t.diags.len()));
                        t.diags.push(TabDiag {
                            code: CodeBuf::default(),
                            key: CodeKey(0),
                            line,
                            title: String::new(),
                            parent,
                            section: t.sections.len().saturating_sub(1),
                            notes: Vec::new(),
                            seven_note: None,
                            seven_def: None,
                        });
                    }
                    ("chapter" | "section" | "diag", _) => {
                        return Err(field(
                            "element",
                            &name,
                            "a chapter under the root, a section under a chapter, a diag under a section or diag",
                        ))
                    }
                    (tag, Some("chapter" | "section" | "diag")) => {
                        if let Some((_, kind)) = NOTE_TAGS.iter().find(|(t, _)| *t == tag) {
                            note = Some((*kind, Vec::new()));
                        } else if tag == "sevenChrNote" {
                            seven_note = Some(Vec::new());
                        } else if tag == "sevenChrDef" {
                            seven_def = Some(Vec::new());
                        }
                    }
                    ("extension", Some("sevenChrDef")) => {
                        let c = e
                            .try_get_attribute("char")
                            .ok()
                            .flatten()
                            .and_then(|a| a.decode_and_unescape_value(reader.decoder()).ok())
                            .map(|v| v.into_owned())
                            .unwrap_or_default();
                        let mut chars = c.chars();
                        extension = match (chars.next(), chars.next()) {
                            (Some(ch), None) if ch.is_ascii_alphanumeric() => {
                                Some(ch.to_ascii_uppercase())
                            }
                            _ => {
                                return Err(field(
                                    "extension char",
                                    &c,
                                    "one letter or digit (the 7th character)",
                                ))
                            }
                        };
                    }
                    _ => {}
                }
                path.push(name);
                text.clear();
            }
            Event::Text(e) => {
                let s = e
                    .unescape()
                    .map_err(|err| xml_error(&reader, err.to_string()))?;
                text.push_str(&s);
            }
            Event::CData(e) => text.push_str(&String::from_utf8_lossy(&e)),
            Event::End(_) => {
                let Some(name) = path.pop() else {
                    return Err(xml_error(&reader, "a closing tag with none open".into()));
                };
                let parent = path.last().map(String::as_str);
                let owner = owners.last().copied();
                match (name.as_str(), parent) {
                    ("version", Some("ICD10CM.tabular")) => t.version = Some(collapse(&text)),
                    ("name", Some("chapter")) => {
                        if let Some(Owner::Chapter(c)) = owner {
                            t.chapters[c].number = collapse(&text);
                        }
                    }
                    ("name", Some("diag")) => {
                        if let Some(Owner::Diag(d)) = owner {
                            let written = collapse(&text);
                            let undotted = written.replace('.', "");
                            let key = <Icd10CmSystem as System>::normalize(&undotted)
                                .ok()
                                .map(CodeKey::from)
                                .filter(|k| k.unpack().as_str() == undotted)
                                .ok_or_else(|| {
                                    field("diag name", &written, "an ICD-10-CM code, e.g. E11.9")
                                })?;
                            t.diags[d].key = key;
                            t.diags[d].code = key.unpack();
                            t.diags[d].line = line;
                        }
                    }
                    ("desc", Some("chapter" | "section" | "diag")) => {
                        let desc = collapse(&text);
                        match owner {
                            Some(Owner::Chapter(c)) => t.chapters[c].title = desc,
                            Some(Owner::Section(s)) => t.sections[s].title = desc,
                            Some(Owner::Diag(d)) => t.diags[d].title = desc,
                            None => {}
                        }
                    }
                    ("note", Some(container)) => {
                        let mut line_text = collapse(&text);
                        // "Code first, if applicable, ..." is written as the rest of the
                        // heading: shown under the heading the comma goes (as the
                        // generator does).
                        if let Some(rest) = line_text.strip_prefix(", ") {
                            line_text = rest.to_owned();
                        }
                        if container == "sevenChrNote" {
                            if let Some(lines) = seven_note.as_mut() {
                                lines.push(line_text);
                            }
                        } else if let Some((_, lines)) = note.as_mut() {
                            lines.push(line_text);
                        }
                    }
                    ("extension", Some("sevenChrDef")) => {
                        if let (Some(c), Some(def)) = (extension.take(), seven_def.as_mut()) {
                            def.push((c, collapse(&text)));
                        }
                    }
                    ("chapter" | "section" | "diag", _) => {
                        owners.pop();
                        if let Some(Owner::Diag(d)) = owner {
                            if t.diags[d].code.as_str().is_empty() {
                                return Err(field("diag name", "", "a <name> in every diag"));
                            }
                        }
                    }
                    (tag, Some("chapter" | "section" | "diag")) => {
                        if let Some(n) = NOTE_TAGS
                            .iter()
                            .any(|(t, _)| *t == tag)
                            .then(|| note.take())
                            .flatten()
                        {
                            let n = TabNote {
                                kind: n.0,
                                lines: n.1,
                            };
                            match owner {
                                Some(Owner::Chapter(c)) => t.chapters[c].notes.push(n),
                                Some(Owner::Section(s)) => t.sections[s].notes.push(n),
                                Some(Owner::Diag(d)) => t.diags[d].notes.push(n),
                                None => {}
                            }
                        } else if tag == "sevenChrNote" {
                            if let (Some(lines), Some(Owner::Diag(d))) = (seven_note.take(), owner)
                            {
                                t.diags[d].seven_note = Some(lines.join(" "));
                            }
                        } else if tag == "sevenChrDef" {
                            let def = seven_def.take().unwrap_or_default();
                            if def.is_empty() {
                                return Err(field(
                                    "sevenChrDef",
                                    "",
                                    "at least one <extension char=\"..\">",
                                ));
                            }
                            if let Some(Owner::Diag(d)) = owner {
                                t.diags[d].seven_def = Some(def);
                            }
                        }
                    }
                    _ => {}
                }
                text.clear();
            }
            Event::Empty(e) if path.is_empty() => {
                let name = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
                return Err(field(
                    "root element",
                    &name,
                    "ICD10CM.tabular with chapters (the ICD-10-CM tabular list)",
                ));
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    if !path.is_empty() {
        return Err(ReleaseError::Xml {
            file: file.to_owned(),
            line: lines.at(bytes.len() as u64),
            detail: format!("the file ends inside <{}> (truncated?)", path.join("> <")),
        });
    }
    if !root_seen {
        return Err(ReleaseError::Field {
            file: file.to_owned(),
            line: 1,
            field: "root element",
            value: String::new(),
            expected: "ICD10CM.tabular (the ICD-10-CM tabular list)",
        });
    }
    if t.diags.is_empty() {
        return Err(ReleaseError::Empty {
            file: file.to_owned(),
        });
    }
    let mut by_key = HashMap::with_capacity(t.diags.len());
    for (i, d) in t.diags.iter().enumerate() {
        if let Some(&first) = by_key.get(&d.key) {
            let first: &TabDiag = &t.diags[first];
            return Err(ReleaseError::DuplicateCode {
                file: file.to_owned(),
                line: d.line,
                code: d.code.to_string(),
                first_line: first.line,
            });
        }
        by_key.insert(d.key, i);
    }
    t.by_key = by_key;
    Ok(t)
}

/// An instructional note in force for a code ([`WithRelease::notes_on`]): the loaded
/// release's tabular list where it applies, else the built-in one.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct ReleaseNote {
    pub kind: NoteKind,
    /// Where it sits: the code, its block or its chapter.
    pub site: NoteSite,
    /// Whether it sits above the code asked for (an ancestor, the block, the chapter).
    pub inherited: bool,
    pub lines: Vec<String>,
    /// Whether it is the loaded release's (else the built-in notes source's).
    pub from_release: bool,
}

/// The 7th characters a code takes ([`WithRelease::seventh_characters_on`]).
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct ReleaseSeventh {
    /// The code that defines them (dotted), e.g. `"S52"`.
    pub defined_at: String,
    /// Its `sevenChrNote`.
    pub note: Option<String>,
    /// (character, meaning) as the tabular list defines them.
    pub characters: Vec<(char, String)>,
    pub from_release: bool,
}

fn site(level: NoteLevel, id: String) -> NoteSite {
    NoteSite { level, id }
}

impl WithRelease<Icd10CmSystem> {
    /// The loaded tabular list, when its notes are the ones in force on a date.
    fn tabular_on(&self, date: Date) -> Option<&Tabular> {
        self.tabular.as_deref().filter(|_| self.titles_apply(date))
    }

    /// The instructional notes in force for a code on a date: its own, then those of its
    /// ancestors (nearest first), its block and its chapter. From the release's tabular
    /// list where it was loaded and its titles are in force on the date (a new code's notes
    /// included); else the built-in notes (empty without the `notes` feature).
    pub fn notes_on(&self, code: &str, date: Date) -> Vec<ReleaseNote> {
        let Ok(key) = <Icd10CmSystem as System>::normalize(code).map(CodeKey::from) else {
            return Vec::new();
        };
        let Some(t) = self.tabular_on(date) else {
            return <Icd10CmSystem as System>::table()
                .find(key)
                .map(Code::<Icd10CmSystem>::at)
                .map(|c| c.notes())
                .unwrap_or_default()
                .into_iter()
                .map(|n| ReleaseNote {
                    kind: n.kind,
                    site: n.site,
                    inherited: n.inherited,
                    lines: n.lines.iter().map(|l| l.text.to_owned()).collect(),
                    from_release: false,
                })
                .collect();
        };
        let Some((start, exact)) = t.nearest(key) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        let mut at = Some(start);
        let mut first = true;
        while let Some(i) = at {
            let d = &t.diags[i];
            let inherited = !(first && exact);
            let spelled = <Icd10CmSystem as System>::spell(d.key).to_string();
            for n in &d.notes {
                out.push(ReleaseNote {
                    kind: n.kind,
                    site: site(NoteLevel::Code, spelled.clone()),
                    inherited,
                    lines: n.lines.clone(),
                    from_release: true,
                });
            }
            if let Some(note) = &d.seven_note {
                out.push(ReleaseNote {
                    kind: NoteKind::SeventhCharacter,
                    site: site(NoteLevel::Code, spelled.clone()),
                    inherited,
                    lines: vec![note.clone()],
                    from_release: true,
                });
            }
            first = false;
            at = d.parent;
        }
        let section = &t.sections[t.diags[start].section];
        for n in &section.notes {
            out.push(ReleaseNote {
                kind: n.kind,
                site: site(NoteLevel::Block, section.id.clone()),
                inherited: true,
                lines: n.lines.clone(),
                from_release: true,
            });
        }
        if let Some(chapter) = t.chapters.get(section.chapter) {
            for n in &chapter.notes {
                out.push(ReleaseNote {
                    kind: n.kind,
                    site: site(NoteLevel::Chapter, chapter.number.clone()),
                    inherited: true,
                    lines: n.lines.clone(),
                    from_release: true,
                });
            }
        }
        out
    }

    /// The 7th characters a code takes on a date: the `sevenChrDef` of the code or its
    /// nearest ancestor, from the release's tabular list where it applies (as
    /// [`notes_on`](Self::notes_on)), else the built-in one.
    pub fn seventh_characters_on(&self, code: &str, date: Date) -> Option<ReleaseSeventh> {
        let key = <Icd10CmSystem as System>::normalize(code)
            .map(CodeKey::from)
            .ok()?;
        let Some(t) = self.tabular_on(date) else {
            let def = <Icd10CmSystem as System>::table()
                .find(key)
                .map(Code::<Icd10CmSystem>::at)?
                .seventh_characters()?;
            return Some(ReleaseSeventh {
                defined_at: def.defined_at,
                note: def.note.map(str::to_owned),
                characters: def
                    .characters
                    .iter()
                    .map(|c| (c.character, c.meaning.to_owned()))
                    .collect(),
                from_release: false,
            });
        };
        let mut at = t.nearest(key).map(|(i, _)| i);
        while let Some(i) = at {
            let d = &t.diags[i];
            if let Some(def) = &d.seven_def {
                return Some(ReleaseSeventh {
                    defined_at: <Icd10CmSystem as System>::spell(d.key).to_string(),
                    note: d.seven_note.clone(),
                    characters: def.clone(),
                    from_release: true,
                });
            }
            at = d.parent;
        }
        None
    }

    /// The block (section) of a code in the release's tabular list, e.g. `("E08-E13",
    /// "Diabetes mellitus")`, where its tabular list applies on the date.
    pub fn block_on(&self, code: &str, date: Date) -> Option<(String, String)> {
        let key = <Icd10CmSystem as System>::normalize(code)
            .map(CodeKey::from)
            .ok()?;
        let t = self.tabular_on(date)?;
        let (i, _) = t.nearest(key)?;
        let s = &t.sections[t.diags[i].section];
        Some((s.id.clone(), s.title.clone()))
    }
}

/// Checks a tabular list against the order file of its release: the fiscal year its
/// `<version>` says, and every code it names listed in the order file.
pub(crate) fn check_against_order(
    t: &Tabular,
    order_file: &str,
    effective: Date,
    entries: &[super::OrderEntry],
) -> Result<(), ReleaseError> {
    if let Some(year) = t
        .version
        .as_deref()
        .filter(|v| v.len() == 4)
        .and_then(|v| v.parse::<u16>().ok())
    {
        if year != effective.fiscal_year().0 {
            return Err(ReleaseError::FiscalYear {
                file: t.file.clone(),
                fiscal_year: crate::date::FiscalYear(year),
                effective,
                detail: format!(
                    "the tabular list's <version> says FY{year}, the order file ({order_file}) is {}",
                    effective.fiscal_year()
                ),
            });
        }
    }
    for d in &t.diags {
        if entries.binary_search_by_key(&d.key, |e| e.key).is_err() {
            return Err(ReleaseError::Disagree {
                file: t.file.clone(),
                line: d.line,
                code: <Icd10CmSystem as System>::spell(d.key).to_string(),
                other: order_file.to_owned(),
                detail: "in the tabular list, not in the order file of the same release".into(),
            });
        }
    }
    Ok(())
}
