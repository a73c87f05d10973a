//! ICD-10-CM coding rules from the tabular list: instructional notes (with the code
//! references in them parsed into key intervals) and 7th-character definitions.
//!
//! The notes come from one release (the newest tabular list: the pinned one named by
//! [`NOTES_SOURCE`], or a recorded release's, see `CmSources::notes_tabular`) and
//! are written as byte blobs that `core/src/icd10cm/rules/notes.rs` reads (layout there).
//! References are stored as key intervals plus an optional character pattern, never as
//! lists of codes: the core resolves them against the code table for a date.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::icd10cm::CmTable;
use crate::sources::{NoteSrc, Tabular, NOTE_TAGS};
use crate::table::{key, pack_key};

/// Index into `icd10cm::TITLE_SOURCES` of the pinned release the notes are read from when
/// no recorded release brings a tabular list.
pub const NOTES_SOURCE: usize = 3;

/// Note kind of a `sevenChrNote` (after the kinds of [`NOTE_TAGS`]).
pub const SEVEN_CHR_NOTE: u8 = NOTE_TAGS.len() as u8;

pub const BLOCK_SIZE: usize = 12;
pub const ITEM_SIZE: usize = 12;
pub const REF_SIZE: usize = 24;
pub const QUAL_SIZE: usize = 12;
pub const PATTERN_SIZE: usize = 32;

/// Reference flags (`refs` blob).
pub const REF_RANGE: u16 = 1;
pub const REF_UNRESOLVED: u16 = 2;

/// Qualifier flags (`quals` blob).
pub const QUAL_UNPARSED: u16 = 1;

/// A character pattern over code positions 4-7 (1-based, undotted): per position a mask
/// of allowed character values (bit `v` for [`key::char_value`] `v`, bit 0 for "no
/// character there"); `u64::MAX` allows anything.
pub type Pattern = [u64; 4];

const ANY: u64 = u64::MAX;
const ABSENT: u64 = 1;

/// A code reference found in a note line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParsedRef {
    /// Byte range of the reference in the line, from the first code to the last
    /// (without a trailing `-` or `.-`).
    pub start: usize,
    pub end: usize,
    /// First and last code, undotted (equal unless the reference is a range).
    pub first: String,
    pub last: String,
    pub range: bool,
    /// The text after "with" that narrows the reference, e.g. "fifth or sixth character 5".
    pub qualifier: Option<String>,
}

#[derive(Clone, Debug)]
struct Token {
    start: usize,
    end: usize,
    code: String,
}

fn is_code_char(c: u8) -> bool {
    c.is_ascii_uppercase() || c.is_ascii_digit()
}

/// Words that precede code-shaped strings that are not codes ("vitamin B12", "LGMD R12").
const NOT_A_CODE_AFTER: [&str; 2] = ["vitamin", "lgmd"];

fn word_before(text: &str, i: usize) -> String {
    let head = text[..i].trim_end();
    let start = head
        .rfind(|c: char| !c.is_ascii_alphabetic())
        .map_or(0, |p| p + 1);
    head[start..].to_ascii_lowercase()
}

fn tokens(text: &str) -> Vec<Token> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i + 3 <= b.len() {
        let starts = b[i].is_ascii_uppercase()
            && b[i + 1].is_ascii_digit()
            && is_code_char(b[i + 2])
            && (i == 0 || !b[i - 1].is_ascii_alphanumeric());
        if !starts {
            i += 1;
            continue;
        }
        let mut end = i + 3;
        let mut code = text[i..end].to_owned();
        if b.get(end) == Some(&b'.') && b.get(end + 1).is_some_and(|&c| is_code_char(c)) {
            let mut k = end + 1;
            while k < b.len() && k - end - 1 < 4 && is_code_char(b[k]) {
                k += 1;
            }
            code.push_str(&text[end + 1..k]);
            end = k;
        }
        let bounded = b.get(end).is_none_or(|c| !c.is_ascii_alphanumeric());
        if bounded && !NOT_A_CODE_AFTER.contains(&word_before(text, i).as_str()) {
            out.push(Token {
                start: i,
                end,
                code,
            });
            i = end;
        } else {
            i += 1;
        }
    }
    out
}

/// Byte ranges of parenthesised groups (an unclosed one runs to the end).
fn paren_groups(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut open = None;
    for (i, c) in text.char_indices() {
        match c {
            '(' if open.is_none() => open = Some(i),
            ')' => {
                if let Some(s) = open.take() {
                    out.push((s, i));
                }
            }
            _ => {}
        }
    }
    if let Some(s) = open {
        out.push((s, text.len()));
    }
    out
}

enum Sep {
    Range,
    List,
    Break,
}

fn classify(sep: &str) -> Sep {
    let compact: String = sep.chars().filter(|c| !c.is_whitespace()).collect();
    let trimmed = compact.strip_prefix('.').unwrap_or(&compact);
    if matches!(trimmed, "-" | "--" | "–" | "to" | "-to") {
        return Sep::Range;
    }
    let words: String = compact.chars().filter(|c| *c != '.' && *c != '-').collect();
    let rest = words
        .replace("and/or", "")
        .replace("and", "")
        .replace("or", "");
    if rest.chars().all(|c| c == ',' || c == ';') && rest.len() <= 1 {
        return Sep::List;
    }
    Sep::Break
}

/// The text after a reference when it is a "with ..." qualifier that closes the group:
/// it runs to a `)` or to the end of the line, not into another code.
fn qualifier_after(after: &str, next_token: bool) -> Option<String> {
    let t = after.trim_start_matches(|c: char| c.is_whitespace() || matches!(c, '.' | '-' | ','));
    let rest = t.strip_prefix("with ")?;
    match rest.find([')', ';']) {
        Some(p) => Some(rest[..p].trim().to_owned()),
        None if !next_token => Some(rest.trim().to_owned()),
        None => None,
    }
}

/// The code references in one note line: single codes (`P70.2`), categories (`E10.-`),
/// ranges (`E08-E13`, `S06.1- to S06.6-`), lists of them, each optionally narrowed by a
/// "with ..." qualifier that applies to every reference of its list. When the line has
/// codes in parentheses, only those count (the codes outside name the context, as in
/// "tuberculosis, any type in A15 (J65)").
pub fn parse_refs(text: &str) -> Vec<ParsedRef> {
    let mut toks = tokens(text);
    let parens = paren_groups(text);
    let inside = |t: &Token| parens.iter().any(|&(s, e)| s < t.start && t.start < e);
    if toks.iter().any(inside) {
        toks.retain(inside);
    }
    let mut refs: Vec<ParsedRef> = Vec::new();
    let mut group_start = 0usize;
    let mut i = 0;
    while i < toks.len() {
        let first = &toks[i];
        let mut last = first;
        let mut j = i + 1;
        if let Some(next) = toks.get(j) {
            if matches!(classify(&text[first.end..next.start]), Sep::Range) {
                last = next;
                j += 1;
            }
        }
        refs.push(ParsedRef {
            start: first.start,
            end: last.end,
            first: first.code.clone(),
            last: last.code.clone(),
            range: !std::ptr::eq(first, last),
            qualifier: None,
        });
        let after_end = toks.get(j).map_or(text.len(), |t| t.start);
        let after = &text[last.end..after_end];
        let closes = match toks.get(j) {
            Some(_) => !matches!(classify(after), Sep::List),
            None => true,
        };
        if closes {
            if let Some(q) = qualifier_after(after, j < toks.len()) {
                for r in &mut refs[group_start..] {
                    r.qualifier = Some(q.clone());
                }
            }
            group_start = refs.len();
        }
        i = j;
    }
    refs
}

fn char_bit(c: u8) -> Option<u64> {
    key::char_value(c.to_ascii_uppercase()).map(|v| 1u64 << v)
}

/// Characters given as "5", "1-4", "B or C", "1-4 or 6", ".6".
fn char_set(vals: &str) -> Option<u64> {
    let mut mask = 0u64;
    for part in vals
        .split([',', ' '])
        .filter(|p| !p.is_empty() && *p != "or")
    {
        let part = part.trim_start_matches('.');
        let b = part.as_bytes();
        match b {
            [c] => mask |= char_bit(*c)?,
            [a, b'-', z] => {
                let (a, z) = (
                    key::char_value(a.to_ascii_uppercase())?,
                    key::char_value(z.to_ascii_uppercase())?,
                );
                if a > z {
                    return None;
                }
                for v in a..=z {
                    mask |= 1u64 << v;
                }
            }
            _ => return None,
        }
    }
    (mask != 0).then_some(mask)
}

/// A pattern requiring `chars` from position `from` (1-based) on.
fn sequence(from: usize, chars: &str) -> Option<Pattern> {
    let mut p = [ANY; 4];
    for (k, c) in chars.bytes().enumerate() {
        let pos = from + k;
        if !(4..=7).contains(&pos) {
            return None;
        }
        p[pos - 4] = char_bit(c)?;
    }
    (!chars.is_empty()).then_some(p)
}

/// The character before the 7th: position 6, or position 5 when 6 is a placeholder X
/// (T39.95XA) or absent. This is what the tabular list calls the "fifth or sixth" (or
/// "final") character of T36-T65.
fn last_before_seventh(mask: u64) -> Vec<Pattern> {
    let mut at6 = [ANY; 4];
    at6[2] = mask;
    let mut at5 = [ANY; 4];
    at5[1] = mask;
    at5[2] = ABSENT | char_bit(b'X').unwrap_or(0);
    vec![at6, at5]
}

/// Parses a qualifier ("fifth or sixth character 5", "7th character B", ".51-.52",
/// "final characters -20", ...) into alternative patterns; `None` when not understood.
pub fn parse_qualifier(q: &str) -> Option<Vec<Pattern>> {
    let q = q
        .trim()
        .trim_end_matches(['.', ')'])
        .to_ascii_lowercase()
        .replace("-character", " character")
        .replace(" through ", "-");
    let q = q.strip_prefix("a ").unwrap_or(&q);
    let q = q.replace(" character of ", " character ");
    if q.starts_with('.') {
        return suffixes(&q);
    }
    let (pos, vals) = q
        .split_once(" characters ")
        .or_else(|| q.split_once(" character "))?;
    let vals = vals.trim();
    let single = |p: usize| -> Option<Vec<Pattern>> {
        let mut pat = [ANY; 4];
        pat[p - 4] = char_set(vals)?;
        Some(vec![pat])
    };
    match pos.trim() {
        "fifth" | "5th" => single(5),
        "sixth" | "6th" => single(6),
        "seventh" | "7th" => single(7),
        "fifth or sixth" | "fifth or six" => Some(last_before_seventh(char_set(vals)?)),
        "fifth to sixth" => Some(vec![sequence(5, vals)?]),
        "final" => {
            if let Some(mask) = char_set(vals).filter(|_| vals.len() == 1) {
                return Some(last_before_seventh(mask));
            }
            let mut out = Vec::new();
            for alt in vals.split(" or ").map(str::trim) {
                if let Some(s) = alt.strip_prefix('.') {
                    out.push(sequence(4, s)?);
                } else {
                    let s = alt.trim_start_matches('-');
                    out.push(sequence(7 - s.len(), s)?);
                }
            }
            Some(out)
        }
        _ => None,
    }
}

/// ".21", ".61-", ".51-.52", ".14, .24, .94": the characters after the category.
fn suffixes(q: &str) -> Option<Vec<Pattern>> {
    let mut out = Vec::new();
    for tok in q
        .split([',', ' '])
        .filter(|t| !t.is_empty() && *t != "or" && *t != "and")
    {
        let tok = tok.trim_end_matches('.').trim_end_matches('-');
        let body = tok.strip_prefix('.')?;
        match body.split_once("-.") {
            Some((a, z)) => {
                let (ab, zb) = (a.as_bytes(), z.as_bytes());
                if ab.len() != zb.len() || ab.is_empty() || ab[..ab.len() - 1] != zb[..zb.len() - 1]
                {
                    return None;
                }
                let mut p = sequence(4, a)?;
                let (lo, hi) = (
                    key::char_value(ab[ab.len() - 1].to_ascii_uppercase())?,
                    key::char_value(zb[zb.len() - 1].to_ascii_uppercase())?,
                );
                let mut mask = 0;
                for v in lo..=hi {
                    mask |= 1u64 << v;
                }
                p[ab.len() - 1] = mask;
                out.push(p);
            }
            None => out.push(sequence(4, body)?),
        }
    }
    (!out.is_empty()).then_some(out)
}

/// The key interval of a reference: every code from `first` to the last code that starts
/// with `last`.
pub fn interval(first: &str, last: &str) -> Option<(u64, u64)> {
    let lo = pack_key(first)?;
    let hi = pack_key(last)?;
    let below = 6 * (7 - last.len() as u32);
    let hi = hi + ((1u64 << below) - 1);
    (lo <= hi).then_some((lo, hi))
}

/// The notes of the ICD-10-CM table, as blobs, plus the 7th-character definitions.
#[derive(Clone, Debug, Default)]
pub struct NotesOut {
    /// `u16` per table record: its note group + 1 (0: no notes of its own).
    pub index: Vec<u8>,
    /// `u32` per group + 1: first note block of the group.
    pub groups: Vec<u8>,
    pub blocks: Vec<u8>,
    pub items: Vec<u8>,
    pub refs: Vec<u8>,
    pub quals: Vec<u8>,
    pub patterns: Vec<u8>,
    /// Every text, deduplicated, as UTF-8.
    pub text: Vec<u8>,
    /// `u32` per text id, plus one: where it starts in `text`.
    pub text_starts: Vec<u8>,
    /// Encounter-check profiles (see `check_profiles`).
    pub check_index: Vec<u8>,
    pub check_profiles: Vec<u8>,
    pub check_entries: Vec<u8>,
    /// Distinct 7th-character sets: (character, meaning).
    pub seven_sets: Vec<Vec<(char, String)>>,
    /// (key of the code that defines it, index into `seven_sets`), sorted by key.
    pub seven_defs: Vec<(u64, u16)>,
    pub chapters: usize,
    pub blocks_in_table: usize,
    /// Note blocks per kind (`NOTE_TAGS` order, then `sevenChrNote`).
    pub counts: [usize; NOTE_TAGS.len() + 1],
    /// Index into the table's title sources of the release the notes come from.
    pub source: usize,
    pub report: String,
}

impl NotesOut {
    pub fn blob_files(&self) -> Vec<(&'static str, Vec<u8>)> {
        vec![
            ("note_index.bin", self.index.clone()),
            ("note_groups.bin", self.groups.clone()),
            ("note_blocks.bin", self.blocks.clone()),
            ("note_items.bin", self.items.clone()),
            ("note_refs.bin", self.refs.clone()),
            ("note_quals.bin", self.quals.clone()),
            ("note_patterns.bin", self.patterns.clone()),
            ("note_text.txt", self.text.clone()),
            ("note_text_starts.bin", self.text_starts.clone()),
            ("check_index.bin", self.check_index.clone()),
            ("check_profiles.bin", self.check_profiles.clone()),
            ("check_entries.bin", self.check_entries.clone()),
        ]
    }
}

/// Deduplicated texts: one UTF-8 string (so the core includes it with `include_str!`
/// and never validates it again) and the start of each text, plus the end.
struct Pool {
    text: String,
    starts: Vec<u32>,
    ids: BTreeMap<String, u32>,
}

impl Default for Pool {
    fn default() -> Pool {
        Pool {
            text: String::new(),
            starts: vec![0],
            ids: BTreeMap::new(),
        }
    }
}

impl Pool {
    fn intern(&mut self, s: &str) -> Result<u32, String> {
        if let Some(&id) = self.ids.get(s) {
            return Ok(id);
        }
        let id = (self.starts.len() - 1) as u32;
        self.text.push_str(s);
        self.starts
            .push(u32::try_from(self.text.len()).map_err(|_| "note text over 4 GiB")?);
        self.ids.insert(s.to_owned(), id);
        Ok(id)
    }
}

/// A note element as written: kind, number of lines, first line.
#[derive(Clone, Copy, Debug)]
struct BlockRecord {
    kind: u8,
    n_items: u16,
    first_item: u32,
    /// The references of all its lines (not written in the record itself).
    first_ref: u32,
    n_refs: u32,
}

struct Writer<'a> {
    out: NotesOut,
    pool: Pool,
    quals: BTreeMap<(String, String), u16>,
    universe: &'a BTreeMap<String, usize>,
    /// Keys of the table, sorted.
    keys: Vec<u64>,
    unresolved: Vec<String>,
    /// Codes named by references (alone or as a range's end) that are not codes.
    not_codes: Vec<String>,
    unparsed: BTreeMap<String, usize>,
    n_refs: usize,
    n_qualified: usize,
}

impl Writer<'_> {
    /// Starts a group: its note elements, then (for a category) copies of the note records
    /// of the blocks it inherits, marked with their block. Returns the group's own records.
    fn group(
        &mut self,
        site: &str,
        notes: &[NoteSrc],
        seven: Option<&str>,
        inherited: &[(u16, &[BlockRecord])],
    ) -> Result<Vec<BlockRecord>, String> {
        let first = (self.out.blocks.len() / BLOCK_SIZE) as u32;
        self.out.groups.extend_from_slice(&first.to_le_bytes());
        let mut own = Vec::new();
        for n in notes {
            own.push(self.block(site, n.kind, &n.items)?);
        }
        if let Some(s) = seven {
            own.push(self.block(site, SEVEN_CHR_NOTE, &[s.to_owned()])?);
        }
        for (block, records) in inherited {
            for r in *records {
                self.record(*r, block + 1);
            }
        }
        Ok(own)
    }

    /// A note record: kind, 0, lines (`u16`), first line (`u32`), the block it sits on + 1
    /// (`u16`, 0 for the group's own site), 0.
    fn record(&mut self, r: BlockRecord, site_block: u16) {
        self.out.blocks.push(r.kind);
        self.out.blocks.push(0);
        self.out.blocks.extend_from_slice(&r.n_items.to_le_bytes());
        self.out
            .blocks
            .extend_from_slice(&r.first_item.to_le_bytes());
        self.out.blocks.extend_from_slice(&site_block.to_le_bytes());
        self.out.blocks.extend_from_slice(&[0, 0]);
    }

    fn block(&mut self, site: &str, kind: u8, items: &[String]) -> Result<BlockRecord, String> {
        self.out.counts[kind as usize] += 1;
        let n_items = u16::try_from(items.len()).map_err(|_| format!("{site}: too many notes"))?;
        let first_item = (self.out.items.len() / ITEM_SIZE) as u32;
        let first_ref = (self.out.refs.len() / REF_SIZE) as u32;
        let mut rec = BlockRecord {
            kind,
            n_items,
            first_item,
            first_ref,
            n_refs: 0,
        };
        self.record(rec, 0);
        for text in items {
            let refs = parse_refs(text);
            let id = self.pool.intern(text)?;
            let first_ref = (self.out.refs.len() / REF_SIZE) as u32;
            let n =
                u16::try_from(refs.len()).map_err(|_| format!("{site}: too many references"))?;
            self.out.items.extend_from_slice(&id.to_le_bytes());
            self.out.items.extend_from_slice(&first_ref.to_le_bytes());
            self.out.items.extend_from_slice(&n.to_le_bytes());
            self.out.items.extend_from_slice(&[0, 0]);
            for r in &refs {
                self.reference(site, kind, text, r)?;
            }
        }
        rec.n_refs = (self.out.refs.len() / REF_SIZE) as u32 - first_ref;
        Ok(rec)
    }

    fn reference(&mut self, site: &str, kind: u8, text: &str, r: &ParsedRef) -> Result<(), String> {
        self.n_refs += 1;
        let mut flags = 0u16;
        if r.range {
            flags |= REF_RANGE;
        }
        let written = &text[r.start..r.end];
        let ends = if r.range {
            vec![&r.first, &r.last]
        } else {
            vec![&r.first]
        };
        for end in ends {
            if !self.universe.contains_key(end.as_str()) {
                self.not_codes.push(format!(
                    "{} at {}: {:?} in {written:?}",
                    tag_name(kind),
                    dotted(site),
                    dotted(end)
                ));
            }
        }
        let covers_some = |&(lo, hi): &(u64, u64)| {
            let i = self.keys.partition_point(|&k| k < lo);
            self.keys.get(i).is_some_and(|&k| k <= hi)
        };
        let (lo, hi) = match interval(&r.first, &r.last) {
            Some(iv) if covers_some(&iv) => iv,
            iv => {
                flags |= REF_UNRESOLVED;
                self.unresolved.push(format!(
                    "{} at {}: {written:?} in {text:?}",
                    tag_name(kind),
                    dotted(site)
                ));
                iv.unwrap_or((0, 0))
            }
        };
        let qual = match &r.qualifier {
            None => 0,
            Some(q) => {
                self.n_qualified += 1;
                self.qualifier(&r.first, q)? + 1
            }
        };
        self.out.refs.extend_from_slice(&lo.to_le_bytes());
        self.out.refs.extend_from_slice(&hi.to_le_bytes());
        let start = u16::try_from(r.start).map_err(|_| "note line over 64 KiB")?;
        let len = u16::try_from(r.end - r.start).map_err(|_| "reference over 64 KiB")?;
        self.out.refs.extend_from_slice(&start.to_le_bytes());
        self.out.refs.extend_from_slice(&len.to_le_bytes());
        self.out.refs.extend_from_slice(&qual.to_le_bytes());
        self.out.refs.extend_from_slice(&flags.to_le_bytes());
        Ok(())
    }

    fn qualifier(&mut self, first: &str, q: &str) -> Result<u16, String> {
        if let Some(&i) = self.quals.get(&(first.to_owned(), q.to_owned())) {
            return Ok(i);
        }
        let i =
            u16::try_from(self.out.quals.len() / QUAL_SIZE).map_err(|_| "too many qualifiers")?;
        let text = self.pool.intern(q)?;
        let patterns = parse_qualifier(q);
        let flags = if patterns.is_none() {
            *self.unparsed.entry(q.to_owned()).or_default() += 1;
            QUAL_UNPARSED
        } else {
            0
        };
        let patterns = patterns.unwrap_or_default();
        let first_pattern = (self.out.patterns.len() / PATTERN_SIZE) as u32;
        self.out.quals.extend_from_slice(&text.to_le_bytes());
        self.out
            .quals
            .extend_from_slice(&first_pattern.to_le_bytes());
        self.out
            .quals
            .extend_from_slice(&(patterns.len() as u16).to_le_bytes());
        self.out.quals.extend_from_slice(&flags.to_le_bytes());
        for p in &patterns {
            for m in p {
                self.out.patterns.extend_from_slice(&m.to_le_bytes());
            }
        }
        self.quals.insert((first.to_owned(), q.to_owned()), i);
        Ok(i)
    }
}

fn tag_name(kind: u8) -> &'static str {
    NOTE_TAGS
        .get(kind as usize)
        .copied()
        .unwrap_or("sevenChrNote")
}

fn dotted(code: &str) -> String {
    if code.len() > 3
        && !code.contains('-')
        && code.chars().next().is_some_and(|c| c.is_ascii_uppercase())
    {
        format!("{}.{}", &code[..3], &code[3..])
    } else {
        code.to_owned()
    }
}

/// Builds the notes of `tabular` (of the release `cm.title_sources[source]`) for the table
/// `cm`: groups for every chapter and block of the table (in its order), then one per
/// code with notes of its own.
pub fn build(tabular: &Tabular, source: usize, cm: &CmTable) -> Result<NotesOut, String> {
    let source_name = &cm
        .title_sources
        .get(source)
        .ok_or_else(|| format!("notes source {source}: no such title source"))?
        .name;
    let universe: BTreeMap<String, usize> = cm
        .entries
        .iter()
        .enumerate()
        .map(|(i, e)| (e.code.clone(), i))
        .collect();
    let mut w = Writer {
        out: NotesOut {
            chapters: cm.chapters.len(),
            blocks_in_table: cm.blocks.len(),
            source,
            ..NotesOut::default()
        },
        pool: Pool::default(),
        quals: BTreeMap::new(),
        universe: &universe,
        keys: cm
            .entries
            .iter()
            .filter_map(|e| pack_key(&e.code))
            .collect(),
        unresolved: Vec::new(),
        not_codes: Vec::new(),
        unparsed: BTreeMap::new(),
        n_refs: 0,
        n_qualified: 0,
    };
    let mut chapter_records: Vec<Vec<BlockRecord>> = Vec::new();
    for c in &cm.chapters {
        let notes = tabular
            .chapters
            .iter()
            .position(|t| t.number == c.number)
            .map_or(&[][..], |i| &tabular.chapter_notes[i][..]);
        chapter_records.push(w.group(&format!("chapter {}", c.number), notes, None, &[])?);
    }
    let mut block_records: Vec<Vec<BlockRecord>> = Vec::new();
    for b in &cm.blocks {
        let notes = tabular
            .blocks
            .iter()
            .position(|t| t.id == b.id)
            .map_or(&[][..], |i| &tabular.block_notes[i][..]);
        block_records.push(w.group(&b.id, notes, None, &[])?);
    }
    // Codes with notes of their own, and categories under blocks with notes.
    let mut own: BTreeMap<usize, Option<usize>> = BTreeMap::new();
    let mut missing = Vec::new();
    for (d_index, d) in tabular.diags.iter().enumerate() {
        if d.notes.is_empty() && d.seven_chr_note.is_none() {
            continue;
        }
        match universe.get(&d.code) {
            Some(&record) => {
                own.insert(record, Some(d_index));
            }
            None => missing.push(d.code.clone()),
        }
    }
    let covering = category_blocks(tabular, cm);
    for (record, blocks) in covering.iter().enumerate() {
        if blocks
            .iter()
            .any(|&b| !block_records[b as usize].is_empty())
        {
            own.entry(record).or_insert(None);
        }
    }
    let base = cm.chapters.len() + cm.blocks.len();
    let mut index = vec![0u16; cm.entries.len()];
    // Per code with a group: the note records in force there, with where each sits.
    let mut in_group: BTreeMap<usize, Vec<(BlockRecord, u32)>> = BTreeMap::new();
    for (k, (&record, &d_index)) in own.iter().enumerate() {
        let inherited: Vec<(u16, &[BlockRecord])> = covering[record]
            .iter()
            .map(|&b| (b, &block_records[b as usize][..]))
            .collect();
        let own_records = match d_index.map(|i| &tabular.diags[i]) {
            Some(d) => w.group(&d.code, &d.notes, d.seven_chr_note.as_deref(), &inherited)?,
            None => w.group(&cm.entries[record].code, &[], None, &inherited)?,
        };
        let mut here: Vec<(BlockRecord, u32)> = own_records
            .into_iter()
            .map(|r| (r, record as u32))
            .collect();
        for (b, records) in &inherited {
            here.extend(records.iter().map(|r| (*r, SITE_BLOCK | u32::from(*b))));
        }
        in_group.insert(record, here);
        index[record] =
            u16::try_from(base + k + 1).map_err(|_| "over 65535 note groups: widen note_index")?;
    }
    let end = (w.out.blocks.len() / BLOCK_SIZE) as u32;
    w.out.groups.extend_from_slice(&end.to_le_bytes());
    for i in index {
        w.out.index.extend_from_slice(&i.to_le_bytes());
    }
    check_profiles(&mut w.out, cm, &in_group, &chapter_records)?;

    // 7th-character definitions.
    let mut sets: Vec<Vec<(char, String)>> = Vec::new();
    let mut defs = Vec::new();
    for d in &tabular.diags {
        if let Some(def) = &d.seven_chr_def {
            let set = match sets.iter().position(|s| s == def) {
                Some(i) => i,
                None => {
                    sets.push(def.clone());
                    sets.len() - 1
                }
            };
            let key = pack_key(&d.code).ok_or_else(|| format!("cannot pack {}", d.code))?;
            defs.push((key, set as u16));
        }
    }
    defs.sort_unstable();

    let mut out = w.out;
    out.text = w.pool.text.into_bytes();
    for start in &w.pool.starts {
        out.text_starts.extend_from_slice(&start.to_le_bytes());
    }
    out.seven_sets = sets;
    out.seven_defs = defs;
    let mut r = String::new();
    let _ = writeln!(r, "\n## ICD-10-CM instructional notes ({source_name})\n");
    let kinds: Vec<String> = NOTE_TAGS
        .iter()
        .chain(["sevenChrNote"].iter())
        .zip(out.counts.iter())
        .map(|(t, n)| format!("{t} {n}"))
        .collect();
    let _ = writeln!(r, "- note blocks by kind: {}", kinds.join(", "));
    let _ = writeln!(
        r,
        "- note groups: {} chapters, {} blocks, {} codes; {} note lines, {} bytes of text",
        out.chapters,
        out.blocks_in_table,
        own.len(),
        out.items.len() / ITEM_SIZE,
        out.text.len()
    );
    let _ = writeln!(
        r,
        "- encounter checks: {} profiles of {} notes (Excludes1, code first, use additional code, along each code's chain)",
        out.check_profiles.len() / 4 - 1,
        out.check_entries.len() / CHECK_SIZE
    );
    let _ = writeln!(
        r,
        "- 7th-character definitions: {} codes define one, {} distinct sets",
        out.seven_defs.len(),
        out.seven_sets.len()
    );
    let _ = writeln!(
        r,
        "- code references: {} ({} narrowed by a \"with ...\" qualifier)",
        w.n_refs, w.n_qualified
    );
    let _ = writeln!(
        r,
        "- diags with notes that are not in the table (notes left out): {} {:?}",
        missing.len(),
        missing
    );
    let _ = writeln!(
        r,
        "- codes named in references that are not codes of the table (a range keeps its interval): {}",
        w.not_codes.len()
    );
    for u in &w.not_codes {
        let _ = writeln!(r, "  - {u}");
    }
    let _ = writeln!(
        r,
        "- references that cover no code of the table (kept, marked unresolved): {}",
        w.unresolved.len()
    );
    for u in &w.unresolved {
        let _ = writeln!(r, "  - {u}");
    }
    let _ = writeln!(
        r,
        "- qualifiers not understood (the reference is kept with its base range; encounter checks treat it as inexact): {}",
        w.unparsed.len()
    );
    for (q, n) in &w.unparsed {
        let _ = writeln!(r, "  - {q:?} ({n}×)");
    }
    out.report = r;
    Ok(out)
}

/// Where a check entry's note sits: a code record, `SITE_BLOCK | block` or
/// `SITE_CHAPTER | chapter`.
pub const SITE_BLOCK: u32 = 1 << 30;
pub const SITE_CHAPTER: u32 = 2 << 30;
pub const CHECK_SIZE: usize = 20;

/// A check entry: kind, lines, first line, first reference, references, site.
type CheckEntry = (u8, u16, u32, u32, u32, u32);

/// The notes encounter checks read (Excludes1, code first, use additional code, with
/// references), flattened per code along its chain (own, ancestors, blocks, chapter) and
/// deduplicated: `check_index` (`u16` per record: profile + 1), `check_profiles` (`u32`
/// per profile, plus one: first entry), `check_entries` (20 bytes: kind, 0, lines
/// (`u16`), first line, first reference, number of references, site (`u32` each)).
fn check_profiles(
    out: &mut NotesOut,
    cm: &CmTable,
    in_group: &BTreeMap<usize, Vec<(BlockRecord, u32)>>,
    chapter_records: &[Vec<BlockRecord>],
) -> Result<(), String> {
    let codes: Vec<&str> = cm.entries.iter().map(|e| e.code.as_str()).collect();
    let (parent, _) = crate::table::tree(&codes);
    let checked = |r: &BlockRecord| {
        r.n_refs > 0
            && matches!(
                NOTE_TAGS.get(r.kind as usize),
                Some(&("excludes1" | "codeFirst" | "useAdditionalCode"))
            )
    };
    let mut profiles: BTreeMap<Vec<CheckEntry>, u16> = BTreeMap::new();
    let mut order: Vec<Vec<CheckEntry>> = Vec::new();
    for (record, entry) in cm.entries.iter().enumerate() {
        let mut entries = Vec::new();
        let mut push = |r: &BlockRecord, site: u32| {
            if checked(r) {
                entries.push((r.kind, r.n_items, r.first_item, r.first_ref, r.n_refs, site));
            }
        };
        let mut r = record as u32;
        while r != u32::MAX {
            for (rec, site) in in_group.get(&(r as usize)).into_iter().flatten() {
                push(rec, *site);
            }
            r = parent[r as usize];
        }
        if let Some(records) = chapter_records.get(entry.chapter as usize) {
            for rec in records {
                push(rec, SITE_CHAPTER | u32::from(entry.chapter));
            }
        }
        let id = if entries.is_empty() {
            0
        } else {
            let next = order.len();
            let id = *profiles.entry(entries.clone()).or_insert_with(|| {
                order.push(entries);
                next as u16
            });
            u16::try_from(u32::from(id) + 1).map_err(|_| "over 65535 check profiles")?
        };
        out.check_index.extend_from_slice(&id.to_le_bytes());
    }
    let mut n = 0u32;
    for p in &order {
        out.check_profiles.extend_from_slice(&n.to_le_bytes());
        for &(kind, n_items, first_item, first_ref, n_refs, site) in p {
            out.check_entries.push(kind);
            out.check_entries.push(0);
            out.check_entries.extend_from_slice(&n_items.to_le_bytes());
            for v in [first_item, first_ref, n_refs, site] {
                out.check_entries.extend_from_slice(&v.to_le_bytes());
            }
        }
        n += p.len() as u32;
    }
    out.check_profiles.extend_from_slice(&n.to_le_bytes());
    Ok(())
}

/// For each table record that is a category: the blocks (indices into `cm.blocks`) whose
/// notes it inherits, nearest first: the section that holds it in `tabular` (or, for a
/// category the release lacks, the first section with codes whose range covers it), then
/// the headings without codes of their own whose ranges cover it (C00-C75, C00-C96),
/// narrowest first. Empty for other records.
fn category_blocks(tabular: &Tabular, cm: &CmTable) -> Vec<Vec<u16>> {
    let mut has_diags = vec![false; tabular.blocks.len()];
    let mut home: BTreeMap<&str, usize> = BTreeMap::new();
    for d in &tabular.diags {
        has_diags[d.block] = true;
        if d.parent.is_none() {
            home.insert(d.code.as_str(), d.block);
        }
    }
    let table_index = |tab_block: usize| {
        cm.blocks
            .iter()
            .position(|b| b.id == tabular.blocks[tab_block].id)
            .map(|i| i as u16)
    };
    let covers = |b: usize, cat: &str| {
        let bl = &tabular.blocks[b];
        bl.first.as_str() <= cat && cat <= bl.last.as_str()
    };
    cm.entries
        .iter()
        .map(|e| {
            if e.code.len() != 3 {
                return Vec::new();
            }
            let cat = e.code.as_str();
            let direct = home
                .get(cat)
                .copied()
                .or_else(|| (0..tabular.blocks.len()).find(|&b| has_diags[b] && covers(b, cat)));
            let supers = (0..tabular.blocks.len())
                .rev()
                .filter(|&b| !has_diags[b] && covers(b, cat));
            direct
                .into_iter()
                .chain(supers)
                .filter_map(table_index)
                .collect()
        })
        .collect()
}

const HEADER: &str = "// @generated by medcodes-codegen from the inputs pinned in codegen/inputs.json.\n// Do not edit: run `cargo run -p medcodes-codegen -- generate`.\n";

/// The generated Rust module with the notes blobs and the 7th-character definitions.
pub fn rust_module(n: &NotesOut) -> String {
    let mut out = String::from(HEADER);
    out.push_str("\nuse crate::icd10cm::rules::NotesData;\n\n");
    let _ = writeln!(
        out,
        "/// Index into `TITLE_SOURCES` of the release the notes come from.\npub(crate) const NOTES_SOURCE: usize = {};\n",
        n.source
    );
    let _ = writeln!(out, "pub(crate) static NOTES: NotesData = NotesData {{");
    let _ = writeln!(
        out,
        "    chapters: {},\n    blocks: {},",
        n.chapters, n.blocks_in_table
    );
    for (field, konst) in [
        ("index", "NOTE_INDEX"),
        ("groups", "NOTE_GROUPS"),
        ("note_blocks", "NOTE_BLOCKS"),
        ("items", "NOTE_ITEMS"),
        ("refs", "NOTE_REFS"),
        ("quals", "NOTE_QUALS"),
        ("patterns", "NOTE_PATTERNS"),
        ("text", "NOTE_TEXT"),
        ("text_starts", "NOTE_TEXT_STARTS"),
        ("check_index", "CHECK_INDEX"),
        ("check_profiles", "CHECK_PROFILES"),
        ("check_entries", "CHECK_ENTRIES"),
    ] {
        let _ = writeln!(out, "    {field}: {konst},");
    }
    let _ = writeln!(out, "}};\n");
    let _ = writeln!(
        out,
        "// Notes are optional (feature `notes`) so a build that only validates stays small."
    );
    for (konst, file) in [
        ("NOTE_INDEX", "note_index"),
        ("NOTE_GROUPS", "note_groups"),
        ("NOTE_BLOCKS", "note_blocks"),
        ("NOTE_ITEMS", "note_items"),
        ("NOTE_REFS", "note_refs"),
        ("NOTE_QUALS", "note_quals"),
        ("NOTE_PATTERNS", "note_patterns"),
        ("NOTE_TEXT_STARTS", "note_text_starts"),
        ("CHECK_INDEX", "check_index"),
        ("CHECK_PROFILES", "check_profiles"),
        ("CHECK_ENTRIES", "check_entries"),
    ] {
        let _ = writeln!(
            out,
            "#[cfg(feature = \"notes\")]\nconst {konst}: &[u8] = include_bytes!(\"icd10cm/{file}.bin\");\n#[cfg(not(feature = \"notes\"))]\nconst {konst}: &[u8] = &[];"
        );
    }
    let _ = writeln!(
        out,
        "#[cfg(feature = \"notes\")]\nconst NOTE_TEXT: &str = include_str!(\"icd10cm/note_text.txt\");\n#[cfg(not(feature = \"notes\"))]\nconst NOTE_TEXT: &str = \"\";"
    );
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "/// Note blob sizes in bytes, pinned by a test.\n#[cfg(test)]\npub(crate) const NOTE_BLOB_SIZES: [(&str, usize); 12] = [(\"index\", {}), (\"groups\", {}), (\"blocks\", {}), (\"items\", {}), (\"refs\", {}), (\"quals\", {}), (\"patterns\", {}), (\"text\", {}), (\"text_starts\", {}), (\"check_index\", {}), (\"check_profiles\", {}), (\"check_entries\", {})];\n",
        n.index.len(),
        n.groups.len(),
        n.blocks.len(),
        n.items.len(),
        n.refs.len(),
        n.quals.len(),
        n.patterns.len(),
        n.text.len(),
        n.text_starts.len(),
        n.check_index.len(),
        n.check_profiles.len(),
        n.check_entries.len()
    );
    let _ = writeln!(
        out,
        "/// Distinct 7th-character sets (character, meaning), from the same release as the notes."
    );
    let _ = writeln!(
        out,
        "pub(crate) static SEVEN_CHR_SETS: [&[(char, &str)]; {}] = [",
        n.seven_sets.len()
    );
    for set in &n.seven_sets {
        let items: Vec<String> = set.iter().map(|(c, m)| format!("({c:?}, {m:?})")).collect();
        let _ = writeln!(out, "    &[{}],", items.join(", "));
    }
    let _ = writeln!(out, "];\n");
    let _ = writeln!(
        out,
        "/// Codes that define a 7th-character set (key, index into `SEVEN_CHR_SETS`), by key."
    );
    let _ = writeln!(
        out,
        "pub(crate) static SEVEN_CHR_DEFS: [(u64, u16); {}] = [",
        n.seven_defs.len()
    );
    for (k, s) in &n.seven_defs {
        let _ = writeln!(out, "    ({k:#x}, {s}),");
    }
    let _ = writeln!(out, "];");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refs(text: &str) -> Vec<(String, String, Option<String>)> {
        parse_refs(text)
            .into_iter()
            .map(|r| {
                assert!(
                    text[r.start..r.end].replace('.', "").starts_with(&r.first),
                    "{text}"
                );
                (r.first, r.last, r.qualifier)
            })
            .collect()
    }

    fn r(a: &str, b: &str) -> (String, String, Option<String>) {
        (a.into(), b.into(), None)
    }

    #[test]
    fn single_codes_categories_and_ranges() {
        assert_eq!(
            refs("type 1 diabetes mellitus (E10.-)"),
            vec![r("E10", "E10")]
        );
        assert_eq!(
            refs("neonatal diabetes mellitus (P70.2)"),
            vec![r("P702", "P702")]
        );
        assert_eq!(
            refs("Conditions classifiable to C00-C14, C40-C49, C69-C75, C7A.098, C76-C79"),
            vec![
                r("C00", "C14"),
                r("C40", "C49"),
                r("C69", "C75"),
                r("C7A098", "C7A098"),
                r("C76", "C79")
            ]
        );
        assert_eq!(refs("(S32.1--S32.9)"), vec![r("S321", "S329")]);
        assert_eq!(refs("(F98.2.-F98.3)"), vec![r("F982", "F983")]);
        assert_eq!(
            refs("(I60.-. I61.-, I62.-)"),
            vec![r("I60", "I60"), r("I61", "I61"), r("I62", "I62")]
        );
        assert_eq!(refs("head injury (S00 - S09)"), vec![r("S00", "S09")]);
        assert_eq!(refs("(S06.1- to S06.6-)"), vec![r("S061", "S066")]);
        assert_eq!(refs("(M05.00 to M05.8A)"), vec![r("M0500", "M058A")]);
        assert_eq!(
            refs("pneumoconiosis with tuberculosis, any type in A15 (J65)"),
            vec![r("J65", "J65")]
        );
        assert_eq!(
            refs("vitamin B12 deficiency anemia (D51.-)"),
            vec![r("D51", "D51")]
        );
        assert!(refs("Anoctamin-5-related LGMD R12").is_empty());
        assert!(refs("E. coli O157:H- (nonmotile) with G6PD").is_empty());
        assert_eq!(
            refs("excessive crying of infant (baby) R68.11"),
            vec![r("R6811", "R6811")]
        );
    }

    #[test]
    fn qualifiers_apply_to_their_list() {
        let q = |s: &str| Some(s.to_owned());
        assert_eq!(
            refs("code for adverse effect, if applicable, to identify drug (T36-T50 with fifth or sixth character 5)"),
            vec![("T36".into(), "T50".into(), q("fifth or sixth character 5"))]
        );
        assert_eq!(
            refs("(E08, E09, E11, E13 with final characters .00 or .01)")
                .into_iter()
                .map(|x| x.2)
                .collect::<Vec<_>>(),
            vec![q("final characters .00 or .01"); 4]
        );
        assert_eq!(
            refs("(S92.-with 7th character B)"),
            vec![("S92".into(), "S92".into(), q("7th character B"))]
        );
        assert_eq!(
            refs("any condition in I11.- with any condition in I12.-"),
            vec![r("I11", "I11"), r("I12", "I12")]
        );
    }

    fn matches(p: &Pattern, code: &str) -> bool {
        (4..=7).all(|pos| {
            let v = code
                .as_bytes()
                .get(pos - 1)
                .map_or(0, |&c| key::char_value(c).unwrap());
            p[pos - 4] & (1 << v) != 0
        })
    }

    fn any(ps: &[Pattern], code: &str) -> bool {
        ps.iter().any(|p| matches(p, code))
    }

    #[test]
    fn qualifier_patterns() {
        let p = parse_qualifier("fifth or sixth character 5").unwrap();
        assert!(any(&p, "T360X5A") && any(&p, "T3995XA") && any(&p, "T40415A"));
        assert!(!any(&p, "T360X1A") && !any(&p, "T405X1A"));
        let p = parse_qualifier("fifth or sixth character 1-4 or 6").unwrap();
        assert!(any(&p, "T360X6A") && any(&p, "T40411A") && !any(&p, "T40415A"));
        let p = parse_qualifier("7th character B or C").unwrap();
        assert!(any(&p, "S42001B") && !any(&p, "S42001A") && !any(&p, "S4200"));
        let p = parse_qualifier(".51-.52").unwrap();
        assert!(any(&p, "E0851") && any(&p, "E1152") && !any(&p, "E1159"));
        let p = parse_qualifier(".15. .25, .95").unwrap();
        assert!(any(&p, "F11250") && !any(&p, "F1135"));
        let p = parse_qualifier("final characters -20").unwrap();
        assert!(any(&p, "I69320") && !any(&p, "I69321"));
        let p = parse_qualifier("final characters .00 or .01").unwrap();
        assert!(any(&p, "E1100") && any(&p, "E1301") && !any(&p, "E1110"));
        let p = parse_qualifier("fifth-character 1").unwrap();
        assert!(any(&p, "A3701") && !any(&p, "A3700"));
        let p = parse_qualifier("fifth to sixth characters 51").unwrap();
        assert!(any(&p, "F11151") && !any(&p, "F11150"));
        let p = parse_qualifier("a 7th character of 1 through 9.").unwrap();
        assert!(any(&p, "O3331X1") && !any(&p, "O3331X0"));
        let p = parse_qualifier("5th character .6").unwrap();
        assert!(any(&p, "F1026"));
        assert!(parse_qualifier("open fracture 7th character").is_none());
        assert!(parse_qualifier("ketoacidosis").is_none());
    }

    #[test]
    fn intervals_cover_descendants() {
        let (lo, hi) = interval("E08", "E13").unwrap();
        for c in ["E08", "E0800", "E139", "E13A"] {
            let k = pack_key(c).unwrap();
            assert!(lo <= k && k <= hi, "{c}");
        }
        for c in ["E07", "E14", "E0799"] {
            let k = pack_key(c).unwrap();
            assert!(!(lo <= k && k <= hi), "{c}");
        }
        assert!(interval("E13", "E08").is_none());
    }
}
