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

#[cfg(feature = "claims")]
pub(crate) use normalize::parse_key;
pub use normalize::{normalize, NormalizedCode};
pub use rules::{
    CodeRef, EncounterReport, Finding, FindingKind, Note, NoteKind, NoteLevel, NoteLine, NoteRef,
    NoteSite, SeventhCharacter, SeventhCharacterDef, Severity,
};

use crate::date::Date;
use crate::error::{ReasonKind, ValidationError};
use crate::generated::icd10cm as data;
use crate::key::CodeBuf;
use crate::mce::MceFlags;
pub use crate::table::Title;
use crate::table::{Span, SpanKind, Table, TitleKind, TitleSource};
pub use crate::validity::ValiditySpan;
use crate::validity::{Release, ValidityRange};

use normalize::SYSTEM;

/// How many billable codes a [`ValidationError::NotBillable`] lists as examples.
const EXAMPLES: usize = 5;

/// The ICD-10-CM code set, FY2016 (2015-10-01) onward. Cheap to create and `Copy`: the
/// tables are static.
#[derive(Clone, Copy, Debug, Default)]
pub struct Icd10Cm {
    _private: (),
}

fn table() -> &'static Table {
    &data::TABLE
}

fn undotted_buf(normalized: &NormalizedCode) -> CodeBuf {
    let mut buf = CodeBuf::default();
    for &c in normalized.undotted().as_bytes() {
        buf.push(c);
    }
    buf
}

impl Icd10Cm {
    pub fn new() -> Icd10Cm {
        Icd10Cm { _private: () }
    }

    /// Finds a code (billable or header) in any release, without regard to date.
    pub fn lookup(&self, code: &str) -> Result<Code, ValidationError> {
        let normalized = normalize(code)?;
        self.lookup_normalized(&normalized)
    }

    fn lookup_normalized(&self, normalized: &NormalizedCode) -> Result<Code, ValidationError> {
        match table().find(normalized.key()) {
            Some(index) => Ok(Code { index }),
            None => Err(ValidationError::Unknown {
                code: normalized.to_string(),
                system: SYSTEM,
                first: table().first_date,
                last: table().last_date,
            }),
        }
    }

    /// Validates a code for a date of service: `Ok` with the code when it is valid and
    /// billable on that date, otherwise the reason.
    pub fn validate(&self, code: &str, date: Date) -> Result<Code, ValidationError> {
        self.check_date(date)?;
        let normalized = normalize(code)?;
        let found = match table().find(normalized.key()) {
            Some(index) => Code { index },
            None => return Err(self.unknown_error(&normalized, date)),
        };
        match table().span_on(found.index, date) {
            Some(Span {
                kind: SpanKind::Billable,
                ..
            }) => Ok(found),
            Some(Span {
                kind: SpanKind::Header,
                ..
            }) => Err(self.header_error(found, &normalized, date)),
            None => Err(ValidationError::NotValidOnDate {
                code: normalized.to_string(),
                date,
                valid: found.validity(),
            }),
        }
    }

    /// The outcome of [`validate`](Self::validate) as a [`ReasonKind`], without allocating:
    /// the call for columns of millions of codes.
    #[inline]
    pub fn reason_kind(&self, code: &str, date: Date) -> ReasonKind {
        if !table().covers(date) {
            return ReasonKind::DateOutOfRange;
        }
        let normalized = match normalize::parse(code) {
            Ok(n) => n,
            Err(kind) => return kind,
        };
        match table().find(normalized.key()) {
            None => rules::unknown_kind(&undotted_buf(&normalized), date),
            Some(index) => match table().span_on(index, date) {
                Some(Span {
                    kind: SpanKind::Billable,
                    ..
                }) => ReasonKind::Valid,
                Some(_) => rules::header_kind(index, &undotted_buf(&normalized), date),
                None => ReasonKind::NotValidOnDate,
            },
        }
    }

    /// A header on the date: NotBillable, or MissingSeventhCharacter when every billable
    /// code below it is the header plus a 7th character.
    #[cold]
    fn header_error(
        &self,
        found: Code,
        normalized: &NormalizedCode,
        date: Date,
    ) -> ValidationError {
        rules::header_error(found.index, &undotted_buf(normalized), date, || {
            let billable: Vec<Code> = found
                .descendants()
                .filter(|d| d.is_billable_on(date))
                .collect();
            ValidationError::NotBillable {
                code: normalized.to_string(),
                date,
                billable_descendants: billable.len() as u32,
                examples: billable
                    .iter()
                    .take(EXAMPLES)
                    .map(|c| c.code().to_string())
                    .collect(),
            }
        })
    }

    /// A code no release has: Unknown, or what the 7th-character rules say was meant
    /// (missing placeholder X, a 7th character not allowed, or one on a code that takes
    /// none).
    #[cold]
    fn unknown_error(&self, normalized: &NormalizedCode, date: Date) -> ValidationError {
        rules::unknown_error(&undotted_buf(normalized), date, || {
            self.lookup_normalized(normalized)
                .err()
                .unwrap_or(ValidationError::Empty)
        })
    }

    /// The release the instructional notes and 7th-character definitions are read from.
    pub fn notes_source(&self) -> &'static TitleSource {
        &data::TITLE_SOURCES[crate::generated::icd10cm_rules::NOTES_SOURCE]
    }

    /// Every instructional note of the tabular list, at chapter, block and code level
    /// (chapters, then blocks, then codes in code order). Empty without the `notes` feature.
    pub fn all_notes(&self) -> impl Iterator<Item = Note> {
        rules::all_notes()
    }

    /// Whether the code is valid and billable on the date.
    #[inline]
    pub fn is_valid(&self, code: &str, date: Date) -> bool {
        self.reason_kind(code, date) == ReasonKind::Valid
    }

    /// [`reason_kind`](Self::reason_kind) for many codes, appended to `out` in order (one
    /// kind a code): the call for columns. Valid codes are looked up 32 at a time with
    /// their table reads overlapped, which a loop of single calls cannot do.
    ///
    /// ```
    /// use medcodes::{Date, Icd10Cm, ReasonKind};
    /// let mut kinds = Vec::new();
    /// let date = Date::new(2025, 3, 1).unwrap();
    /// Icd10Cm::new().reason_kinds(&["E11.9", "E11", "e119", ""], date, &mut kinds);
    /// use ReasonKind::*;
    /// assert_eq!(kinds, [Valid, NotBillable, Valid, Empty]);
    /// ```
    pub fn reason_kinds<S: AsRef<str>>(&self, codes: &[S], date: Date, out: &mut Vec<ReasonKind>) {
        out.reserve(codes.len());
        table().for_each_reason_kind(
            codes,
            date,
            normalize::parse_key,
            |c| self.reason_kind(c, date),
            |k| out.push(k),
        );
    }

    /// [`is_valid`](Self::is_valid) for many codes, appended to `out` in order.
    pub fn are_valid<S: AsRef<str>>(&self, codes: &[S], date: Date, out: &mut Vec<bool>) {
        out.reserve(codes.len());
        // Why a code is not billable does not matter here: skip working it out.
        table().for_each_reason_kind(
            codes,
            date,
            normalize::parse_key,
            |_| ReasonKind::Unknown,
            |k| out.push(k == ReasonKind::Valid),
        );
    }

    fn check_date(&self, date: Date) -> Result<(), ValidationError> {
        table().check_date(date, SYSTEM)
    }

    /// First and last date of service the bundled data covers.
    pub fn coverage(&self) -> (Date, Date) {
        (table().first_date, table().last_date)
    }

    /// Every release (update date) in the bundled data, oldest first.
    pub fn releases(&self) -> impl Iterator<Item = Release> {
        Release::all(&data::RELEASES)
    }

    /// The release in force on a date.
    pub fn release_on(&self, date: Date) -> Option<Release> {
        self.check_date(date).ok()?;
        Release::on(&data::RELEASES, date)
    }

    /// The sources the titles come from, oldest first.
    pub fn title_sources(&self) -> &'static [TitleSource] {
        table().title_sources
    }

    /// Every code in the bundled data (all releases), in code order.
    pub fn codes(&self) -> impl Iterator<Item = Code> {
        (0..table().len() as u32).map(|index| Code { index })
    }

    /// Codes and headers (any release) whose undotted form starts with `prefix`, in code
    /// order: for autocomplete. Case, surrounding spaces and a dot are ignored; a prefix
    /// that cannot start a code gives nothing.
    pub fn codes_starting_with(&self, prefix: &str) -> impl Iterator<Item = Code> {
        let chars: Vec<u8> = prefix
            .bytes()
            .filter(|b| !b.is_ascii_whitespace() && *b != b'.')
            .map(|b| b.to_ascii_uppercase())
            .collect();
        let range = match crate::key::CodeKey::pack(&chars) {
            Some(key) => table().prefix_range(key, chars.len()),
            None => 0..0,
        };
        range.map(|index| Code { index })
    }

    /// The billable codes valid on a date, in code order.
    pub fn billable_codes_on(&self, date: Date) -> impl Iterator<Item = Code> {
        self.codes().filter(move |c| c.is_billable_on(date))
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

/// An ICD-10-CM code (or header) in the bundled data. A small `Copy` handle.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Code {
    index: u32,
}

impl Code {
    /// The instructional notes in force for the code, from
    /// [`Icd10Cm::notes_source`]: its own, then those it inherits from its ancestors
    /// (nearest first), its block and its chapter (`Note::inherited` tells which). Empty
    /// without the `notes` feature.
    pub fn notes(&self) -> Vec<Note> {
        rules::notes_of_code(self.index)
    }

    /// The 7th characters the code (or the codes below it) take: its own `sevenChrDef` or
    /// the nearest ancestor's, from [`Icd10Cm::notes_source`].
    pub fn seven_chr_def(&self) -> Option<SeventhCharacterDef> {
        rules::seven_chr_def(&self.undotted())
    }

    /// Canonical dotted form, e.g. `E11.9`.
    pub fn code(&self) -> CodeBuf {
        self.undotted().dotted_after_3()
    }

    /// Undotted form, e.g. `E119`.
    pub fn undotted(&self) -> CodeBuf {
        table().key(self.index).unpack()
    }

    fn spans(&self) -> impl Iterator<Item = Span> {
        table().spans(self.index)
    }

    /// Whether the code is valid and billable on the date.
    pub fn is_billable_on(&self, date: Date) -> bool {
        table().is_billable_on(self.index, date)
    }

    /// Whether the code is valid on the date, as a billable code or as a header.
    pub fn is_present_on(&self, date: Date) -> bool {
        table().span_on(self.index, date).is_some()
    }

    /// Whether the code is billable in the newest release that has it.
    pub fn is_billable(&self) -> bool {
        self.spans()
            .last()
            .is_some_and(|s| s.kind == SpanKind::Billable)
    }

    /// The code's kind in the newest release that has it (see [`kind_on`](Self::kind_on)).
    pub fn kind(&self) -> CodeKind {
        self.kind_with(self.is_billable())
    }

    /// The code's kind on a date (a code that is billable then is a `Code` unless it is a
    /// three-character category).
    pub fn kind_on(&self, date: Date) -> CodeKind {
        self.kind_with(self.is_billable_on(date))
    }

    fn kind_with(&self, billable: bool) -> CodeKind {
        if self.undotted().len() == 3 {
            CodeKind::Category
        } else if billable {
            CodeKind::Code
        } else {
            CodeKind::Subcategory
        }
    }

    /// The date ranges in which the code is valid (billable or header), merged.
    pub fn validity(&self) -> Vec<ValidityRange> {
        table().validity(self.index)
    }

    /// Every validity span with its billable status and MCE flags.
    pub fn validity_spans(&self) -> Vec<ValiditySpan> {
        table().validity_spans(self.index)
    }

    /// The MCE edit flags in force on a date (`None` when the code is not billable then).
    pub fn mce_flags_on(&self, date: Date) -> Option<MceFlags> {
        match table().span_on(self.index, date) {
            Some(s) if s.kind == SpanKind::Billable => Some(MceFlags::from_bits(s.flags)),
            _ => None,
        }
    }

    /// The long title in force on a date; see [`Table::title_on`] for the source chosen.
    /// `None` when no bundled source has a title for the code.
    pub fn title_on(&self, date: Date) -> Option<Title> {
        table().title(self.index, date, TitleKind::Long)
    }

    /// The short (abbreviated) title in force on a date, where a source has one.
    pub fn short_title_on(&self, date: Date) -> Option<Title> {
        table().title(self.index, date, TitleKind::Short)
    }

    /// The long title from the newest source that has the code.
    pub fn title(&self) -> Option<Title> {
        self.title_on(table().last_date)
    }

    /// The long title from one title source (an index into [`Icd10Cm::title_sources`]).
    pub fn title_from(&self, source: usize) -> Option<Title> {
        table()
            .title_from(self.index, source, TitleKind::Long)
            .map(|(text, source)| Title { text, source })
    }

    /// The code one level up (a category has none: see [`block`](Self::block)).
    pub fn parent(&self) -> Option<Code> {
        let p = table().record(self.index).parent;
        (p != crate::table::NONE).then_some(Code { index: p })
    }

    /// Parent, grandparent, ... up to the category.
    pub fn ancestors(&self) -> impl Iterator<Item = Code> {
        std::iter::successors(self.parent(), |c| c.parent())
    }

    /// Every code below this one, in code order, across all releases.
    pub fn descendants(&self) -> impl Iterator<Item = Code> {
        let n = table().record(self.index).descendants;
        (self.index + 1..self.index + 1 + n).map(|index| Code { index })
    }

    /// The codes one level below, in code order, across all releases.
    pub fn children(&self) -> Children {
        Children {
            next: self.index + 1,
            end: self.index + 1 + table().record(self.index).descendants,
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

impl fmt::Debug for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Code({})", self.code())
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.code(), f)
    }
}

/// Iterator over a code's children: walks its subtree, skipping grandchildren by their
/// subtree sizes.
#[derive(Clone, Debug)]
pub struct Children {
    next: u32,
    end: u32,
}

impl Iterator for Children {
    type Item = Code;

    fn next(&mut self) -> Option<Code> {
        if self.next >= self.end {
            return None;
        }
        let index = self.next;
        self.next = index + 1 + table().record(index).descendants;
        Some(Code { index })
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

    /// Pins the generated tables: a regeneration that changes them must update this
    /// test on purpose (and `benches/README.md` if the build cost moves).
    #[test]
    fn generated_table_sizes_are_pinned() {
        assert_eq!(
            data::BLOB_SIZES,
            [
                ("keys", 792_672),
                ("disps", 198_168),
                ("slots", 1_189_008),
                ("records", 2_378_016),
                ("spans", 1_304_520),
                ("titles", 2_359_920),
                ("text", 1_489_567),
                ("words", 115_316),
                ("word_index", 52_736),
            ]
        );
        assert_eq!(table().len(), 99_084);
        assert_eq!(data::CHAPTERS.len(), 22);
    }

    /// Pins the generated notes blobs (see `generated_table_sizes_are_pinned`).
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
                ("text", 988_135),
                ("text_starts", 88_704),
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
