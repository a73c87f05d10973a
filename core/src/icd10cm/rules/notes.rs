//! Instructional notes of the tabular list, per chapter, block and code, read from the
//! generated blobs (feature `notes`; without it every code simply has no notes).
//!
//! Layout (little-endian; written by `codegen/src/notes.rs`):
//!
//! - `index`: `u16` per code record: its note group + 1, 0 when it has no notes of its own.
//! - `groups`: `u32` per group, plus one: the group's first note block. Groups are the
//!   chapters (in table order), then the blocks, then the codes with notes. A category's
//!   group ends with copies of the records of the blocks it sits in (its section, then
//!   the headings above it such as C00-C96), marked with their block.
//! - `note_blocks`: 12 bytes per note element (one `<excludes1>`, ...): kind, 0, number
//!   of lines (`u16`), first line (`u32`), block it sits on + 1 (`u16`, 0: the group's
//!   own site), 0.
//! - `items`: 12 bytes per `<note>` line: text id, first reference (`u32`), number of
//!   references (`u16`), 0.
//! - `refs`: 24 bytes per code reference: first and last key of its interval (`u64`),
//!   start and length of the reference in the line (`u16`), qualifier + 1 (`u16`, 0 for
//!   none), flags (`u16`: 1 range, 2 covers no code of the table).
//! - `quals`: 12 bytes per qualifier: text id, first pattern (`u32`), number of patterns
//!   (`u16`), flags (`u16`: 1 not understood).
//! - `patterns`: 4 × `u64` per pattern: for code positions 4-7, a mask of the allowed
//!   character values (bit 0: no character there).
//! - `text`: every text, deduplicated, as one string (`note_text.txt`, included with
//!   `include_str!`), and `text_starts`: `u32` per text id, plus one: where it starts.
//! - `check_index`, `check_profiles`, `check_entries`: what encounter checks read, per
//!   code: the Excludes1, code-first and use-additional-code notes (with references) in
//!   force for it, flattened along its chain and deduplicated. `check_index` is `u16` per
//!   code record (profile + 1, 0 for none), `check_profiles` a `u32` per profile plus one
//!   (first entry), `check_entries` 20 bytes per note: kind, 0, lines (`u16`), first line,
//!   first reference, number of references, site (`u32` each; a code record, or
//!   `1 << 30 | block`, or `2 << 30 | chapter`).

use std::fmt;
use std::ops::Range;

use crate::date::Date;
use crate::generated::icd10cm as data;
use crate::generated::icd10cm_rules as gen;
use crate::icd10cm::{table, Code};
use crate::key::CodeKey;

/// The notes blobs (generated).
pub(crate) struct NotesData {
    pub chapters: usize,
    pub blocks: usize,
    pub index: &'static [u8],
    pub groups: &'static [u8],
    pub note_blocks: &'static [u8],
    pub items: &'static [u8],
    pub refs: &'static [u8],
    pub quals: &'static [u8],
    pub patterns: &'static [u8],
    pub text: &'static str,
    pub text_starts: &'static [u8],
    pub check_index: &'static [u8],
    pub check_profiles: &'static [u8],
    pub check_entries: &'static [u8],
}

const BLOCK_SIZE: usize = 12;
const ITEM_SIZE: usize = 12;
const REF_SIZE: usize = 24;
const QUAL_SIZE: usize = 12;
const PATTERN_SIZE: usize = 32;
const REF_RANGE: u16 = 1;
const REF_UNRESOLVED: u16 = 2;
const QUAL_UNPARSED: u16 = 1;
const CHECK_SIZE: usize = 20;
const SITE_BLOCK: u32 = 1 << 30;
const SITE_CHAPTER: u32 = 2 << 30;

/// A note an encounter check reads, as stored.
#[derive(Clone, Copy, Debug)]
pub(crate) struct CheckEntry {
    pub block: RawBlock,
    pub first_ref: u32,
    pub n_refs: u32,
    pub site: RawSite,
}

/// `N` bytes at `o`, zeros past the end (the blobs are empty without the `notes` feature).
#[inline(always)]
fn bytes_at<const N: usize>(b: &[u8], o: usize) -> [u8; N] {
    match b.get(o..).and_then(|s| s.first_chunk::<N>()) {
        Some(s) => *s,
        None => [0; N],
    }
}

#[inline(always)]
fn u16_at(b: &[u8], o: usize) -> u16 {
    u16::from_le_bytes(bytes_at(b, o))
}

#[inline(always)]
fn u32_at(b: &[u8], o: usize) -> u32 {
    u32::from_le_bytes(bytes_at(b, o))
}

#[inline(always)]
fn u64_at(b: &[u8], o: usize) -> u64 {
    u64::from_le_bytes(bytes_at(b, o))
}

#[cfg(not(all(feature = "compact", feature = "notes")))]
pub(crate) fn notes() -> &'static NotesData {
    &gen::NOTES
}

/// In a `compact` build the note blobs are compiled in deflated by build.rs (a quarter of
/// their 2.5 MB: a first lookup reads none of them) and inflated together at the first
/// read of a note or an encounter check.
#[cfg(all(feature = "compact", feature = "notes"))]
pub(crate) fn notes() -> &'static NotesData {
    static INFLATED: std::sync::LazyLock<NotesData> = std::sync::LazyLock::new(|| {
        let blob =
            |tagged: &'static [u8]| crate::table::inflated(&crate::deflated::Compiled::new(tagged));
        macro_rules! out {
            ($file:literal) => {
                blob(include_bytes!(concat!(
                    env!("OUT_DIR"),
                    "/icd10cm/notes/",
                    $file
                )))
            };
        }
        NotesData {
            chapters: gen::NOTES.chapters,
            blocks: gen::NOTES.blocks,
            index: out!("note_index.bin"),
            groups: out!("note_groups.bin"),
            note_blocks: out!("note_blocks.bin"),
            items: out!("note_items.bin"),
            refs: out!("note_refs.bin"),
            quals: out!("note_quals.bin"),
            patterns: out!("note_patterns.bin"),
            // build.rs read it as a string: it is UTF-8.
            text: std::str::from_utf8(out!("note_text.txt")).unwrap_or_default(),
            text_starts: out!("note_text_starts.bin"),
            check_index: out!("check_index.bin"),
            check_profiles: out!("check_profiles.bin"),
            check_entries: out!("check_entries.bin"),
        }
    });
    &INFLATED
}

/// A note element as stored.
#[derive(Clone, Copy, Debug)]
pub(crate) struct RawBlock {
    pub kind: NoteKind,
    pub first_item: u32,
    pub n_items: u16,
    /// Block (index + 1) a copied record sits on; 0 for the group's own notes.
    pub site_block: u16,
}

/// A `<note>` line as stored.
#[derive(Clone, Copy, Debug)]
pub(crate) struct RawItem {
    pub text: u32,
    pub first_ref: u32,
    pub n_refs: u16,
}

/// A code reference as stored.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) struct RawRef {
    pub lo: u64,
    pub hi: u64,
    pub start: u16,
    pub len: u16,
    pub qual: u16,
    pub flags: u16,
}

/// Where a note sits, as stored.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum RawSite {
    Chapter(u8),
    Block(u16),
    Code(u32),
}

impl NotesData {
    /// The note group of a code record, if it has notes of its own.
    #[inline]
    pub fn record_group(&self, record: u32) -> Option<u32> {
        let g = u16_at(self.index, record as usize * 2);
        (g != 0).then(|| u32::from(g) - 1)
    }

    pub fn site_group(&self, site: RawSite) -> Option<u32> {
        match site {
            RawSite::Chapter(c) => ((c as usize) < self.chapters).then_some(u32::from(c)),
            RawSite::Block(b) => {
                ((b as usize) < self.blocks).then_some((self.chapters + b as usize) as u32)
            }
            RawSite::Code(r) => self.record_group(r),
        }
    }

    /// The notes an encounter check reads for a code record.
    #[inline]
    pub fn check_entries(&self, record: u32) -> Range<u32> {
        match u16_at(self.check_index, record as usize * 2) {
            0 => 0..0,
            p => {
                let o = (p as usize - 1) * 4;
                u32_at(self.check_profiles, o)..u32_at(self.check_profiles, o + 4)
            }
        }
    }

    #[inline]
    pub fn check_entry(&self, i: u32) -> CheckEntry {
        let b: [u8; CHECK_SIZE] = bytes_at(self.check_entries, i as usize * CHECK_SIZE);
        let u32_of = |o: usize| u32::from_le_bytes([b[o], b[o + 1], b[o + 2], b[o + 3]]);
        let site = u32_of(16);
        CheckEntry {
            block: RawBlock {
                kind: NoteKind::from_u8(b[0]),
                n_items: u16::from_le_bytes([b[2], b[3]]),
                first_item: u32_of(4),
                site_block: 0,
            },
            first_ref: u32_of(8),
            n_refs: u32_of(12),
            site: match site & (3 << 30) {
                SITE_BLOCK => RawSite::Block((site & 0xffff) as u16),
                SITE_CHAPTER => RawSite::Chapter((site & 0xff) as u8),
                _ => RawSite::Code(site),
            },
        }
    }

    /// The note blocks of a group.
    #[inline]
    pub fn blocks_of(&self, group: u32) -> Range<u32> {
        let o = group as usize * 4;
        u32_at(self.groups, o)..u32_at(self.groups, o + 4)
    }

    #[inline]
    pub fn block(&self, i: u32) -> RawBlock {
        let o = i as usize * BLOCK_SIZE;
        let b: [u8; BLOCK_SIZE] = bytes_at(self.note_blocks, o);
        RawBlock {
            kind: NoteKind::from_u8(b[0]),
            n_items: u16::from_le_bytes([b[2], b[3]]),
            first_item: u32::from_le_bytes([b[4], b[5], b[6], b[7]]),
            site_block: u16::from_le_bytes([b[8], b[9]]),
        }
    }

    #[inline]
    pub fn item(&self, i: u32) -> RawItem {
        let b: [u8; ITEM_SIZE] = bytes_at(self.items, i as usize * ITEM_SIZE);
        RawItem {
            text: u32::from_le_bytes([b[0], b[1], b[2], b[3]]),
            first_ref: u32::from_le_bytes([b[4], b[5], b[6], b[7]]),
            n_refs: u16::from_le_bytes([b[8], b[9]]),
        }
    }

    #[inline]
    pub fn reference(&self, i: u32) -> RawRef {
        let b: [u8; REF_SIZE] = bytes_at(self.refs, i as usize * REF_SIZE);
        let u16_of = |o: usize| u16::from_le_bytes([b[o], b[o + 1]]);
        RawRef {
            lo: u64::from_le_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]]),
            hi: u64::from_le_bytes([b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]]),
            start: u16_of(16),
            len: u16_of(18),
            qual: u16_of(20),
            flags: u16_of(22),
        }
    }

    #[inline]
    pub fn text(&self, id: u32) -> &'static str {
        let o = id as usize * 4;
        let (start, end) = (u32_at(self.text_starts, o), u32_at(self.text_starts, o + 4));
        self.text
            .get(start as usize..end as usize)
            .unwrap_or_default()
    }

    fn qual_text(&self, qual: u16) -> Option<&'static str> {
        let o = (qual as usize).checked_sub(1)? * QUAL_SIZE;
        Some(self.text(u32_at(self.quals, o)))
    }

    fn qual_parsed(&self, qual: u16) -> bool {
        match (qual as usize).checked_sub(1) {
            Some(q) => u16_at(self.quals, q * QUAL_SIZE + 10) & QUAL_UNPARSED == 0,
            None => true,
        }
    }

    /// Whether a code (packed key) satisfies a qualifier: `None` when the qualifier was
    /// not understood.
    fn qual_matches(&self, qual: u16, key: u64) -> Option<bool> {
        let o = (qual as usize - 1) * QUAL_SIZE;
        if u16_at(self.quals, o + 10) & QUAL_UNPARSED != 0 {
            return None;
        }
        let first = u32_at(self.quals, o + 4) as usize;
        let n = u16_at(self.quals, o + 8) as usize;
        Some((first..first + n).any(|p| {
            let po = p * PATTERN_SIZE;
            (4..=7usize).all(|pos| {
                let mask = u64_at(self.patterns, po + (pos - 4) * 8);
                let v = (key >> (6 * (CodeKey::MAX_LEN - pos))) & 0x3f;
                mask & (1u64 << v) != 0
            })
        }))
    }

    /// Whether a reference covers a code. `exact`: a reference whose qualifier was not
    /// understood covers nothing; otherwise it covers its whole range.
    #[inline]
    pub fn ref_covers(&self, r: &RawRef, key: u64, exact: bool) -> bool {
        if key < r.lo || key > r.hi {
            return false;
        }
        self.qual_allows(r.qual, key, exact)
    }

    /// Whether a code in a reference's range satisfies its qualifier (see `ref_covers`).
    #[inline]
    pub fn qual_allows(&self, qual: u16, key: u64, exact: bool) -> bool {
        qual == 0 || self.qual_matches(qual, key).unwrap_or(!exact)
    }

    /// The key interval of a reference and its qualifier, without the rest.
    #[inline]
    pub fn ref_range(&self, i: u32) -> (u64, u64, u16) {
        let o = i as usize * REF_SIZE;
        (
            u64_at(self.refs, o),
            u64_at(self.refs, o + 8),
            u16_at(self.refs, o + 20),
        )
    }
}

/// The note elements in force for a code, nearest first, with where each sits: the
/// code's own, its ancestors', the blocks' its category sits in, its chapter's.
#[inline]
pub(crate) fn chain(record: u32, mut f: impl FnMut(u32, RawBlock, RawSite)) {
    let n = notes();
    let t = table();
    let mut visit = |group: u32, site: RawSite| {
        for bi in n.blocks_of(group) {
            let b = n.block(bi);
            let site = match b.site_block {
                0 => site,
                k => RawSite::Block(k - 1),
            };
            f(bi, b, site);
        }
    };
    let mut r = record;
    while r != crate::table::NONE {
        if let Some(g) = n.record_group(r) {
            visit(g, RawSite::Code(r));
        }
        // The parent alone (`NONE` past the records: also when a build has none).
        r = t.parent(r);
    }
    let chapter = RawSite::Chapter(t.record(record).chapter);
    if let Some(g) = n.site_group(chapter) {
        visit(g, chapter);
    }
}

/// The kind of an instructional note.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[repr(u8)]
#[non_exhaustive]
pub enum NoteKind {
    /// Inclusion terms: conditions the code is also used for.
    InclusionTerm = 0,
    /// "Includes:" further defines the content of a chapter, block or category.
    Includes = 1,
    /// "Excludes1:" never coded together with the code above it.
    Excludes1 = 2,
    /// "Excludes2:" not included here, but may be coded together.
    Excludes2 = 3,
    /// "Code first": the underlying condition is sequenced before this code.
    CodeFirst = 4,
    /// "Use additional code": add a code for the listed detail.
    UseAdditionalCode = 5,
    /// "Code also": a second code may be needed; sequencing is discretionary.
    CodeAlso = 6,
    /// A plain note.
    Note = 7,
    /// The note introducing a 7th-character definition (`sevenChrNote`).
    SeventhCharacter = 8,
}

impl NoteKind {
    /// Every kind, in numeric order.
    pub const ALL: [NoteKind; 9] = [
        NoteKind::InclusionTerm,
        NoteKind::Includes,
        NoteKind::Excludes1,
        NoteKind::Excludes2,
        NoteKind::CodeFirst,
        NoteKind::UseAdditionalCode,
        NoteKind::CodeAlso,
        NoteKind::Note,
        NoteKind::SeventhCharacter,
    ];

    fn from_u8(v: u8) -> NoteKind {
        NoteKind::ALL
            .get(v as usize)
            .copied()
            .unwrap_or(NoteKind::Note)
    }

    /// The snake_case name, e.g. `"excludes1"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            NoteKind::InclusionTerm => "inclusion_term",
            NoteKind::Includes => "includes",
            NoteKind::Excludes1 => "excludes1",
            NoteKind::Excludes2 => "excludes2",
            NoteKind::CodeFirst => "code_first",
            NoteKind::UseAdditionalCode => "use_additional_code",
            NoteKind::CodeAlso => "code_also",
            NoteKind::Note => "note",
            NoteKind::SeventhCharacter => "seventh_character",
        }
    }

    /// The heading the tabular list prints, e.g. `"Excludes1"`, `"Code first"`.
    pub const fn label(self) -> &'static str {
        match self {
            NoteKind::InclusionTerm => "Inclusion terms",
            NoteKind::Includes => "Includes",
            NoteKind::Excludes1 => "Excludes1",
            NoteKind::Excludes2 => "Excludes2",
            NoteKind::CodeFirst => "Code first",
            NoteKind::UseAdditionalCode => "Use additional code",
            NoteKind::CodeAlso => "Code also",
            NoteKind::Note => "Note",
            NoteKind::SeventhCharacter => "7th characters",
        }
    }
}

impl fmt::Display for NoteKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The level of the tabular list a note sits at.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum NoteLevel {
    Chapter,
    Block,
    Code,
}

/// Where a note sits: a chapter (`id` its number, e.g. `"4"`), a block (`"E08-E13"`) or
/// a code (category, subcategory or code, dotted: `"E11"`).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct NoteSite {
    pub level: NoteLevel,
    pub id: String,
}

impl NoteSite {
    pub(crate) fn from_raw(site: RawSite) -> NoteSite {
        match site {
            RawSite::Chapter(c) => NoteSite {
                level: NoteLevel::Chapter,
                id: data::CHAPTERS
                    .get(c as usize)
                    .map_or(String::new(), |c| c.number.to_string()),
            },
            RawSite::Block(b) => NoteSite {
                level: NoteLevel::Block,
                id: data::BLOCKS
                    .get(b as usize)
                    .map_or(String::new(), |b| b.id.to_owned()),
            },
            RawSite::Code(r) => NoteSite {
                level: NoteLevel::Code,
                id: Code::at(r).code().as_str().to_owned(),
            },
        }
    }
}

impl NoteSite {
    /// "chapter 4", "block E08-E13" or the code.
    pub fn label(&self) -> String {
        let prefix = match self.level {
            NoteLevel::Chapter => "chapter ",
            NoteLevel::Block => "block ",
            NoteLevel::Code => "",
        };
        [prefix, self.id.as_str()].concat()
    }
}

impl fmt::Display for NoteSite {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.label())
    }
}

/// A code reference in a note: a code (`P70.2`), a category or subcategory with all its
/// codes (`E10.-`), or a range (`E08-E13`), optionally narrowed by a qualifier
/// (`T36-T50 with fifth or sixth character 5`).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct CodeRef {
    /// The reference as written in the note, e.g. `"E10.-"` or `"E08-E13"` (without a
    /// qualifier).
    pub text: &'static str,
    /// First code of the range (dotted); the reference covers it and every code below it.
    pub first: String,
    /// Last code of the range (dotted); equal to `first` unless it is a range.
    pub last: String,
    pub range: bool,
    /// The "with ..." text that narrows the reference, e.g. `"7th character B"`.
    pub qualifier: Option<&'static str>,
    /// False when the qualifier was not understood: the reference is then taken as its
    /// whole range where that errs on the safe side, and ignored for Excludes1 conflicts.
    pub exact: bool,
    /// False when the reference covers no code of the bundled tables (reported by the
    /// generator, e.g. a typo in the source).
    pub resolved: bool,
    #[cfg_attr(feature = "serde", serde(skip))]
    raw: RawRef,
}

impl CodeRef {
    fn from_raw(line: &'static str, raw: RawRef) -> CodeRef {
        let text = line
            .get(raw.start as usize..raw.start as usize + raw.len as usize)
            .unwrap_or_default();
        CodeRef {
            text,
            first: CodeKey(raw.lo).unpack().dotted_after_3().to_string(),
            last: CodeKey(raw.hi).unpack().dotted_after_3().to_string(),
            range: raw.flags & REF_RANGE != 0,
            qualifier: notes().qual_text(raw.qual),
            exact: notes().qual_parsed(raw.qual),
            resolved: raw.flags & REF_UNRESOLVED == 0,
            raw,
        }
    }

    /// Whether the reference covers a code (with its qualifier, when understood).
    pub fn covers(&self, code: &Code) -> bool {
        let key = table().key(code.index).0;
        notes().ref_covers(&self.raw, key, false)
    }

    /// The codes the reference covers that are valid on a date (billable or headers),
    /// in code order: the reference resolved in the release in force.
    pub fn codes_on(&self, date: Date) -> impl Iterator<Item = Code> + '_ {
        let t = table();
        let (mut lo, mut hi) = (0u32, t.len() as u32);
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if t.key(mid).0 < self.raw.lo {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        (lo..t.len() as u32)
            .take_while(move |&i| t.key(i).0 <= self.raw.hi)
            .map(Code::at)
            .filter(move |c| c.is_present_on(date) && self.covers(c))
    }

    /// The billable codes the reference covers on a date, in code order.
    pub fn codes_valid_on(&self, date: Date) -> impl Iterator<Item = Code> + '_ {
        self.codes_on(date).filter(move |c| c.is_valid_on(date))
    }
}

/// One `<note>` line of a note, with the code references found in it.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct NoteLine {
    pub text: &'static str,
    pub refs: Vec<CodeRef>,
}

/// An instructional note (one "Excludes1:", "Code first", ... with its lines) and where it
/// sits.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Note {
    pub kind: NoteKind,
    pub site: NoteSite,
    /// Whether the note is inherited (sits on an ancestor, the block or the chapter of the
    /// code it was asked for) rather than on the code itself.
    pub inherited: bool,
    pub lines: Vec<NoteLine>,
}

impl Note {
    /// The note's lines joined as the tabular list reads: `"underlying disease, such as:
    /// amyloidosis (E85.-); ..."`.
    pub fn text(&self) -> String {
        join_lines(self.lines.iter().map(|l| l.text))
    }

    /// Every code reference of the note.
    pub fn refs(&self) -> impl Iterator<Item = &CodeRef> {
        self.lines.iter().flat_map(|l| l.refs.iter())
    }
}

pub(crate) fn join_lines<'a>(lines: impl Iterator<Item = &'a str> + Clone) -> String {
    let mut out = String::with_capacity(lines.clone().map(|l| l.len() + 2).sum());
    for l in lines {
        if !out.is_empty() {
            out.push_str(if out.ends_with(':') { " " } else { "; " });
        }
        out.push_str(l);
    }
    out
}

/// A reference to the note behind a finding: its kind, where it sits and its text (the
/// line that matched, or the whole note).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct NoteRef {
    pub kind: NoteKind,
    pub site: NoteSite,
    pub text: String,
}

pub(crate) fn note_from_block(block: u32, site: RawSite, inherited: bool) -> Note {
    let n = notes();
    let b = n.block(block);
    let lines = (b.first_item..b.first_item + u32::from(b.n_items))
        .map(|i| {
            let item = n.item(i);
            let text = n.text(item.text);
            NoteLine {
                text,
                refs: (item.first_ref..item.first_ref + u32::from(item.n_refs))
                    .map(|r| CodeRef::from_raw(text, n.reference(r)))
                    .collect(),
            }
        })
        .collect();
    Note {
        kind: b.kind,
        site: NoteSite::from_raw(site),
        inherited,
        lines,
    }
}

/// The notes sitting on a chapter, block or code (not the copies a category holds of its
/// blocks' notes).
fn notes_of_site(site: RawSite, inherited: bool, out: &mut Vec<Note>) {
    let n = notes();
    if let Some(g) = n.site_group(site) {
        for b in n.blocks_of(g) {
            if n.block(b).site_block == 0 {
                out.push(note_from_block(b, site, inherited));
            }
        }
    }
}

/// Every note in force for a code: its own, then its ancestors' (nearest first), its
/// blocks' and its chapter's.
pub(crate) fn notes_of_code(record: u32) -> Vec<Note> {
    let mut out = Vec::new();
    chain(record, |b, _, site| {
        out.push(note_from_block(b, site, site != RawSite::Code(record)));
    });
    out
}

pub(crate) fn notes_of_block(block: u16) -> Vec<Note> {
    let mut out = Vec::new();
    notes_of_site(RawSite::Block(block), false, &mut out);
    out
}

pub(crate) fn notes_of_chapter(chapter: u8) -> Vec<Note> {
    let mut out = Vec::new();
    notes_of_site(RawSite::Chapter(chapter), false, &mut out);
    out
}

/// Every note of the tabular list: chapters, blocks, then codes in code order.
pub(crate) fn all_notes() -> impl Iterator<Item = Note> {
    let n = notes();
    let sites = (0..n.chapters as u8)
        .map(RawSite::Chapter)
        .chain((0..n.blocks as u16).map(RawSite::Block))
        .chain((0..table().len() as u32).map(RawSite::Code));
    sites.flat_map(|site| {
        let mut out = Vec::new();
        notes_of_site(site, false, &mut out);
        out
    })
}
