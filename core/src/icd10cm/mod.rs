//! ICD-10-CM diagnosis codes by date of service: validity, billable status, titles and
//! the chapter → block → category → subcategory → code hierarchy.
//!
//! ```
//! use medcodes::{Date, Icd10Cm, ReasonKind};
//!
//! let cm = Icd10Cm::new();
//! let dos = Date::new(2025, 3, 1).unwrap();
//! let code = cm.validate("e11.9", dos).unwrap();
//! assert_eq!(code.code(), "E11.9");
//! # #[cfg(feature = "titles")]
//! assert_eq!(code.title_on(dos).unwrap().text, "Type 2 diabetes mellitus without complications");
//!
//! let err = cm.validate("E11", dos).unwrap_err();
//! assert_eq!(err.kind(), ReasonKind::NotBillable);
//! ```

mod normalize;
pub(crate) mod rules;
mod search;

use std::fmt;

pub use normalize::{normalize, NormalizedCode};
pub use rules::{
    CodeRef, EncounterReport, Finding, FindingKind, Note, NoteKind, NoteLevel, NoteLine, NoteRef,
    NoteSite, SeventhCharacter, SeventhCharacterDef, Severity,
};

use crate::codeset::{self, CodeSet};
use crate::date::Date;
use crate::error::{ReasonKind, ValidationError};
use crate::generated::icd10cm as data;
use crate::key::{CodeBuf, CodeKey};
use crate::system::CodeSystem;
pub use crate::table::Title;
use crate::table::{Table, TitleSource};
pub use crate::validity::ValiditySpan;

/// ICD-10-CM's own parts for the shared model ([`crate::codeset`]): its tables, its
/// normaliser, and the 7th-character rules that explain a refusal.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Icd10CmSystem;

/// The ICD-10-CM code set, FY2016 (2015-10-01) onward. Cheap to create and `Copy`: the
/// tables are static.
pub type Icd10Cm = CodeSet<Icd10CmSystem>;

/// An ICD-10-CM code (or header) in the bundled data. A small `Copy` handle.
pub type Code = codeset::Code<Icd10CmSystem>;

/// Iterator over a code's children.
pub type Children = codeset::Children<Icd10CmSystem>;

fn table() -> &'static Table {
    &data::TABLE
}

impl codeset::sealed::Sealed for Icd10CmSystem {}

impl codeset::System for Icd10CmSystem {
    const ID: CodeSystem = CodeSystem::Icd10Cm;
    const MCE_EDITED: bool = true;
    type Normalized = NormalizedCode;

    fn wrap(code: Code) -> crate::AnyCode {
        crate::AnyCode::Icd10Cm(code)
    }

    #[inline(always)]
    fn table() -> &'static Table {
        table()
    }

    fn normalize(input: &str) -> Result<NormalizedCode, ValidationError> {
        normalize(input)
    }

    #[inline(always)]
    fn complete_key(input: &str) -> Result<CodeKey, ReasonKind> {
        normalize::parse_key(input)
    }

    /// Surrounding spaces and any dot are ignored.
    fn prefix_key(prefix: &str) -> Option<(CodeKey, usize)> {
        let chars: Vec<u8> = prefix
            .bytes()
            .filter(|b| !b.is_ascii_whitespace() && *b != b'.')
            .map(|b| b.to_ascii_uppercase())
            .collect();
        CodeKey::pack(&chars).map(|key| (key, chars.len()))
    }

    #[inline]
    fn spell(key: CodeKey) -> CodeBuf {
        key.unpack().dotted_after_3()
    }

    /// A code no release has: Unknown, or what the 7th-character rules say was meant
    /// (missing placeholder X, a 7th character not allowed, or one on a code that takes
    /// none).
    #[cold]
    fn unknown_kind(key: CodeKey, date: Date) -> ReasonKind {
        rules::unknown_kind(&key.unpack(), date)
    }

    #[cold]
    fn unknown_error(
        key: CodeKey,
        date: Date,
        unknown: impl FnOnce() -> ValidationError,
    ) -> ValidationError {
        rules::unknown_error(&key.unpack(), date, unknown)
    }

    /// A header on the date: NotBillable, or MissingSeventhCharacter when every billable
    /// code below it is the header plus a 7th character.
    #[cold]
    fn header_kind(record: u32, key: CodeKey, date: Date) -> ReasonKind {
        rules::header_kind(record, &key.unpack(), date)
    }

    #[cold]
    fn header_error(
        record: u32,
        key: CodeKey,
        date: Date,
        not_billable: impl FnOnce() -> ValidationError,
    ) -> ValidationError {
        rules::header_error(record, &key.unpack(), date, not_billable)
    }
}

/// ICD-10-CM's own calls: notes, chapters and blocks (the shared ones are on
/// [`CodeSet`]).
impl CodeSet<Icd10CmSystem> {
    /// The release the instructional notes and 7th-character definitions are read from.
    pub fn notes_source(&self) -> &'static TitleSource {
        &data::TITLE_SOURCES[crate::generated::icd10cm_rules::NOTES_SOURCE]
    }

    /// Every instructional note of the tabular list, at chapter, block and code level
    /// (chapters, then blocks, then codes in code order). Empty without the `notes` feature.
    pub fn all_notes(&self) -> impl Iterator<Item = Note> {
        rules::all_notes()
    }

    /// The 22 chapters (of the newest release).
    pub fn chapters(&self) -> impl Iterator<Item = Chapter> {
        (0..data::CHAPTERS.len()).map(|i| Chapter { index: i as u8 })
    }

    /// A chapter by number (1-22).
    pub fn chapter(&self, number: u8) -> Option<Chapter> {
        self.chapters().find(|c| c.number() == number)
    }

    /// A block (section) by its range, e.g. `"E08-E13"`.
    pub fn block(&self, range: &str) -> Option<Block> {
        let wanted = range.trim().to_ascii_uppercase();
        data::BLOCKS
            .iter()
            .position(|b| b.id == wanted)
            .map(|i| Block { index: i as u16 })
    }
}

/// Where a code sits: a three-character category, a subcategory (a header below a
/// category), or a code (billable, the leaf).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum CodeKind {
    Category,
    Subcategory,
    Code,
}

impl CodeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            CodeKind::Category => "category",
            CodeKind::Subcategory => "subcategory",
            CodeKind::Code => "code",
        }
    }
}

/// ICD-10-CM's own parts of a code: notes, 7th characters, kind, block and chapter.
impl codeset::Code<Icd10CmSystem> {
    /// The instructional notes in force for the code, from
    /// [`Icd10Cm::notes_source`]: its own, then those it inherits from its ancestors
    /// (nearest first), its block and its chapter (`Note::inherited` tells which). Empty
    /// without the `notes` feature.
    pub fn notes(&self) -> Vec<Note> {
        rules::notes_of_code(self.index)
    }

    /// The 7th characters the code (or the codes below it) take: its own `sevenChrDef` or
    /// the nearest ancestor's, from [`Icd10Cm::notes_source`].
    pub fn seventh_characters(&self) -> Option<SeventhCharacterDef> {
        rules::seven_chr_def(&self.undotted())
    }

    /// Whether the code is billable in the newest release that has it.
    pub fn is_billable(&self) -> bool {
        table()
            .spans(self.index)
            .last()
            .is_some_and(|s| s.kind == crate::table::SpanKind::Billable)
    }

    /// The code's kind in the newest release that has it (see [`kind_on`](Self::kind_on)).
    pub fn kind(&self) -> CodeKind {
        self.kind_with(self.is_billable())
    }

    /// The code's kind on a date (a code that is billable then is a `Code` unless it is a
    /// three-character category).
    pub fn kind_on(&self, date: Date) -> CodeKind {
        self.kind_with(self.is_valid_on(date))
    }

    fn kind_with(&self, billable: bool) -> CodeKind {
        if self.key().len() == 3 {
            CodeKind::Category
        } else if billable {
            CodeKind::Code
        } else {
            CodeKind::Subcategory
        }
    }

    /// The block (section) the code's category belongs to.
    pub fn block(&self) -> Option<Block> {
        let b = table().record(self.index).block;
        ((b as usize) < data::BLOCKS.len()).then_some(Block { index: b })
    }

    /// The chapter the code belongs to.
    pub fn chapter(&self) -> Option<Chapter> {
        let c = table().record(self.index).chapter;
        ((c as usize) < data::CHAPTERS.len()).then_some(Chapter { index: c })
    }
}

/// A chapter of the tabular list, e.g. 4 "Endocrine, nutritional and metabolic diseases
/// (E00-E89)".
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Chapter {
    index: u8,
}

impl Chapter {
    /// The chapter's own instructional notes.
    pub fn notes(&self) -> Vec<Note> {
        rules::notes_of_chapter(self.index)
    }

    fn info(&self) -> &'static ChapterInfo {
        &data::CHAPTERS[self.index as usize]
    }

    pub fn number(&self) -> u8 {
        self.info().number
    }

    pub fn title(&self) -> &'static str {
        self.info().title
    }

    /// First and last category, e.g. `("E00", "E89")`.
    pub fn range(&self) -> (&'static str, &'static str) {
        (self.info().first, self.info().last)
    }

    /// The blocks of the chapter, in order.
    pub fn blocks(&self) -> impl Iterator<Item = Block> + '_ {
        let chapter = self.index;
        (0..data::BLOCKS.len())
            .filter(move |&i| data::BLOCKS[i].chapter == chapter)
            .map(|i| Block { index: i as u16 })
    }
}

impl fmt::Debug for Chapter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Chapter({})", self.number())
    }
}

/// A block (section) of categories, e.g. `E08-E13` "Diabetes mellitus".
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Block {
    index: u16,
}

impl Block {
    /// The block's own instructional notes.
    pub fn notes(&self) -> Vec<Note> {
        rules::notes_of_block(self.index)
    }

    fn info(&self) -> &'static BlockInfo {
        &data::BLOCKS[self.index as usize]
    }

    /// The block's range as written in the tabular list, e.g. `"E08-E13"`.
    pub fn id(&self) -> &'static str {
        self.info().id
    }

    pub fn title(&self) -> &'static str {
        self.info().title
    }

    pub fn chapter(&self) -> Chapter {
        Chapter {
            index: self.info().chapter,
        }
    }

    /// The categories in the block (all releases), in code order.
    pub fn categories(&self) -> impl Iterator<Item = Code> {
        let info = self.info();
        Icd10Cm::new().codes().filter(move |c| {
            let u = c.undotted();
            u.len() == 3 && u.as_str() >= info.first && u.as_str() <= info.last
        })
    }
}

impl fmt::Debug for Block {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Block({})", self.id())
    }
}

/// A chapter as generated from the tabular list.
pub(crate) struct ChapterInfo {
    pub number: u8,
    pub first: &'static str,
    pub last: &'static str,
    pub title: &'static str,
}

/// A block as generated from the tabular list.
pub(crate) struct BlockInfo {
    pub id: &'static str,
    pub first: &'static str,
    pub last: &'static str,
    pub title: &'static str,
    /// Index into the chapters table.
    pub chapter: u8,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A note line the tabular list writes as the rest of its heading (", if applicable,
    /// ..." under Code first) reads without the leading comma.
    #[test]
    #[cfg(feature = "notes")]
    fn no_note_line_starts_with_a_comma() {
        let cm = Icd10Cm::new();
        for note in cm.all_notes() {
            for line in &note.lines {
                assert!(!line.text.starts_with(','), "{:?}", line.text);
            }
        }
        let a40 = cm.lookup("A40").expect("A40");
        let code_first = a40
            .notes()
            .into_iter()
            .find(|n| n.kind == NoteKind::CodeFirst);
        let text = code_first.map(|n| n.text()).unwrap_or_default();
        assert!(
            text.starts_with("if applicable, postprocedural sepsis"),
            "{text}"
        );
    }

    /// Pins the generated notes blobs (see `table::tests::generated_table_sizes_are_pinned`).
    #[test]
    fn generated_note_sizes_are_pinned() {
        assert_eq!(
            crate::generated::icd10cm_rules::NOTE_BLOB_SIZES,
            [
                ("index", 198_168),
                ("groups", 42_568),
                ("blocks", 184_248),
                ("items", 301_944),
                ("refs", 290_232),
                ("quals", 1_152),
                ("patterns", 3_392),
                ("text", 987_861),
                ("text_starts", 88_692),
                ("check_index", 198_168),
                ("check_profiles", 13_052),
                ("check_entries", 144_180),
            ]
        );
        assert_eq!(crate::generated::icd10cm_rules::SEVEN_CHR_DEFS.len(), 508);
        assert_eq!(crate::generated::icd10cm_rules::SEVEN_CHR_SETS.len(), 15);
    }

    #[test]
    fn every_code_is_found_by_its_own_spelling() {
        let cm = Icd10Cm::new();
        for code in cm.codes() {
            assert_eq!(cm.lookup(code.code().as_str()), Ok(code));
            assert_eq!(cm.lookup(code.undotted().as_str()), Ok(code));
            assert!(!code.validity().is_empty(), "{code} is never valid");
        }
    }
}
