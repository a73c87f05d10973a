//! ICD-10-PCS inpatient procedure codes by date of service: validity, titles, the seven
//! axes, and a browsing hierarchy (section → body system → table → body part → codes).
//!
//! ```
//! use medcodes::{Date, Icd10Pcs};
//!
//! let pcs = Icd10Pcs::new();
//! let dos = Date::new(2025, 3, 1).unwrap();
//! let code = pcs.validate("0dtj4zz", dos).unwrap();
//! assert_eq!(code.code(), "0DTJ4ZZ");
//! let axes = code.axes();
//! assert_eq!(axes[2].label, Some("Resection"));
//! ```

mod structure;

use std::fmt;

pub use structure::{root_operations, section, AxisValue, RootOperation, Section, SECTIONS};

use crate::date::Date;
use crate::error::{shorten, ReasonKind, ValidationError};
use crate::generated::icd10pcs as data;
use crate::key::{folded_char_value, pack_values, trim_code, CodeBuf, CodeKey};
use crate::mce::MceFlags;
use crate::table::{Span, SpanKind, Table, Title, TitleKind, TitleSource};
use crate::validity::{Release, ValidityRange, ValiditySpan};

const SYSTEM: &str = "ICD-10-PCS";
/// Every ICD-10-PCS code has exactly seven characters.
pub const CODE_LENGTH: usize = 7;
/// How many codes an [`ValidationError::Incomplete`] lists as examples.
const EXAMPLES: usize = 5;

fn table() -> &'static Table {
    &data::TABLE
}

/// Whether a character may appear in an ICD-10-PCS code: digits and letters except I and O
/// (too easily read as 1 and 0).
fn allowed(c: u8) -> bool {
    c.is_ascii_digit() || (c.is_ascii_uppercase() && c != b'I' && c != b'O')
}

/// An ICD-10-PCS code or the start of one (1-7 characters), checked for shape.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct NormalizedCode {
    chars: CodeBuf,
    key: CodeKey,
}

impl NormalizedCode {
    pub fn as_str(&self) -> &str {
        self.chars.as_str()
    }

    pub fn len(&self) -> usize {
        self.chars.len()
    }

    pub fn is_empty(&self) -> bool {
        self.chars.is_empty()
    }

    /// All seven characters present.
    pub fn is_complete(&self) -> bool {
        self.chars.len() == CODE_LENGTH
    }
}

/// Normalises ICD-10-PCS input: surrounding whitespace ignored, letters may be lower case.
/// Accepts 1 to 7 characters (a partial code names a level of the hierarchy).
pub fn normalize(input: &str) -> Result<NormalizedCode, ValidationError> {
    parse(input).map_err(|kind| describe_error(input, kind))
}

/// The allocation-free core of [`normalize`]: on failure only the [`ReasonKind`].
#[inline]
pub(crate) fn parse(input: &str) -> Result<NormalizedCode, ReasonKind> {
    let mut bytes = [0u8; 8];
    let (key, len) = scan(input, |at, c| bytes[at] = c.to_ascii_uppercase())?;
    Ok(NormalizedCode {
        chars: CodeBuf::from_parts(bytes, len),
        key,
    })
}

/// The key of a complete code (only complete codes are ever valid), or why there is none:
/// [`parse`] without writing out the canonical spelling, for the claim edits and the batch
/// calls.
///
/// A code of seven code characters takes a fast path, inlined in the callers' loops, that
/// packs it without a branch a character; anything else goes through the exact reader,
/// which says why (a test compares the two on every short input over an alphabet of the
/// cases).
#[inline(always)]
pub(crate) fn complete_key(code: &str) -> Result<CodeKey, ReasonKind> {
    let t = trim_code(code.as_bytes());
    if t.len() == CODE_LENGTH {
        if let (values, true) = pack_values(&VALUES, 0, t) {
            return Ok(CodeBuf::key_from_values(values, CODE_LENGTH));
        }
    }
    complete_key_exactly(code)
}

#[inline(never)]
fn complete_key_exactly(code: &str) -> Result<CodeKey, ReasonKind> {
    match scan(code, |_, _| {}) {
        Ok((key, CODE_LENGTH)) => Ok(key),
        Ok(_) => Err(ReasonKind::Incomplete),
        Err(kind) => Err(kind),
    }
}

/// The value of each byte as an ICD-10-PCS character ([`folded_char_value`], either
/// case), 0 for anything [`allowed`] refuses: I and O too. One table read a byte.
const VALUES: [u8; 256] = {
    let (i, o) = (folded_char_value(b'I'), folded_char_value(b'O'));
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let v = folded_char_value(b as u8);
        table[b] = if v == i || v == o { 0 } else { v };
        b += 1;
    }
    table
};

/// The one pass over the bytes behind [`parse`] and [`complete_key`]: checks each
/// character ([`VALUES`]) and packs the key as it goes, handing each character to `keep`
/// with its position (below [`CODE_LENGTH`]). The key and its length.
#[inline(always)]
fn scan(input: &str, mut keep: impl FnMut(usize, u8)) -> Result<(CodeKey, usize), ReasonKind> {
    let trimmed = trim_code(input.as_bytes());
    if trimmed.is_empty() {
        return Err(ReasonKind::Empty);
    }
    let mut values = 0u64;
    for (len, &b) in trimmed.iter().enumerate() {
        if len == CODE_LENGTH {
            return Err(ReasonKind::TooLong);
        }
        let value = VALUES[b as usize];
        if value == 0 {
            return Err(ReasonKind::Malformed);
        }
        keep(len, b);
        values = (values << 6) | u64::from(value);
    }
    let len = trimmed.len();
    Ok((CodeBuf::key_from_values(values, len), len))
}

/// The full error for input [`parse`] rejected: which character, where, what was expected.
#[cold]
fn describe_error(input: &str, kind: ReasonKind) -> ValidationError {
    let trimmed = input.trim_matches(|c: char| c.is_ascii_whitespace());
    match kind {
        ReasonKind::Empty => ValidationError::Empty,
        ReasonKind::TooLong => ValidationError::TooLong {
            input: shorten(input),
            system: SYSTEM,
            max: CODE_LENGTH,
        },
        _ => {
            let (position, found) = trimmed
                .chars()
                .enumerate()
                .find(|&(_, ch)| !ch.is_ascii() || !allowed(ch.to_ascii_uppercase() as u8))
                .map_or((1, ' '), |(i, ch)| (i + 1, ch));
            let upper = found.to_ascii_uppercase();
            ValidationError::Malformed {
                input: shorten(input),
                position,
                found,
                expected: if upper == 'I' || upper == 'O' {
                    "a digit or a letter other than I and O (ICD-10-PCS leaves them out)"
                } else {
                    "a digit or a letter other than I and O"
                },
            }
        }
    }
}

/// The ICD-10-PCS code set, FY2016 (2015-10-01) onward. Cheap to create and `Copy`.
#[derive(Clone, Copy, Debug, Default)]
pub struct Icd10Pcs {
    _private: (),
}

impl Icd10Pcs {
    pub fn new() -> Icd10Pcs {
        Icd10Pcs { _private: () }
    }

    /// Finds a code, or a level of the hierarchy (1 to 4 characters: section, body system,
    /// table, body part), in any release.
    pub fn lookup(&self, code: &str) -> Result<Code, ValidationError> {
        let n = normalize(code)?;
        match table().find(n.key) {
            Some(index) => Ok(Code { index }),
            None => Err(self.unknown(&n)),
        }
    }

    fn unknown(&self, n: &NormalizedCode) -> ValidationError {
        ValidationError::Unknown {
            code: n.as_str().to_owned(),
            system: SYSTEM,
            first: table().first_date,
            last: table().last_date,
        }
    }

    /// Validates a code for a date of service: `Ok` when it is a complete code valid on
    /// that date, otherwise the reason (incomplete codes say how many valid codes extend
    /// them).
    pub fn validate(&self, code: &str, date: Date) -> Result<Code, ValidationError> {
        self.check_date(date)?;
        let n = normalize(code)?;
        if !n.is_complete() {
            let valid: Vec<Code> = self
                .codes_starting_with(&n)
                .filter(|c| c.is_valid_on(date))
                .collect();
            return Err(ValidationError::Incomplete {
                code: n.as_str().to_owned(),
                system: SYSTEM,
                length: n.len(),
                required: CODE_LENGTH,
                date,
                completions: valid.len() as u32,
                examples: valid
                    .iter()
                    .take(EXAMPLES)
                    .map(|c| c.code().to_string())
                    .collect(),
            });
        }
        let found = match table().find(n.key) {
            Some(index) => Code { index },
            None => return Err(self.unknown(&n)),
        };
        if found.is_valid_on(date) {
            Ok(found)
        } else {
            Err(ValidationError::NotValidOnDate {
                code: n.as_str().to_owned(),
                date,
                valid: found.validity(),
            })
        }
    }

    /// The outcome of [`validate`](Self::validate) as a [`ReasonKind`], without allocating.
    #[inline]
    pub fn reason_kind(&self, code: &str, date: Date) -> ReasonKind {
        if !table().covers(date) {
            return ReasonKind::DateOutOfRange;
        }
        let n = match parse(code) {
            Ok(n) => n,
            Err(kind) => return kind,
        };
        if !n.is_complete() {
            return ReasonKind::Incomplete;
        }
        match table().find(n.key) {
            None => ReasonKind::Unknown,
            Some(index) if table().is_billable_on(index, date) => ReasonKind::Valid,
            Some(_) => ReasonKind::NotValidOnDate,
        }
    }

    /// Whether the code is complete and valid on the date.
    #[inline]
    pub fn is_valid(&self, code: &str, date: Date) -> bool {
        self.reason_kind(code, date) == ReasonKind::Valid
    }

    /// [`reason_kind`](Self::reason_kind) for many codes, appended to `out` in order (one
    /// kind a code): the call for columns. Valid codes are looked up 32 at a time with
    /// their table reads overlapped, which a loop of single calls cannot do.
    pub fn reason_kinds<S: AsRef<str>>(&self, codes: &[S], date: Date, out: &mut Vec<ReasonKind>) {
        out.reserve(codes.len());
        table().for_each_reason_kind(
            codes,
            date,
            complete_key,
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
            complete_key,
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

    /// Every release (date on which codes were added or deleted), oldest first.
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

    /// Every entry (hierarchy levels and codes, all releases), in code order.
    pub fn entries(&self) -> impl Iterator<Item = Code> {
        (0..table().len() as u32).map(|index| Code { index })
    }

    /// The complete codes valid on a date, in code order.
    pub fn codes_valid_on(&self, date: Date) -> impl Iterator<Item = Code> {
        self.entries().filter(move |c| c.is_valid_on(date))
    }

    /// Entries (levels and codes, any release) that start with the given characters.
    pub fn codes_starting_with(&self, prefix: &NormalizedCode) -> impl Iterator<Item = Code> {
        table()
            .prefix_range(prefix.key, prefix.len())
            .map(|index| Code { index })
    }

    /// The sections present in the data, in code order (the top of the hierarchy).
    pub fn sections(&self) -> impl Iterator<Item = Code> {
        self.entries().filter(|c| c.len() == 1)
    }
}

/// A level of the hierarchy, by the number of characters it fixes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Level {
    Section,
    BodySystem,
    /// The first three characters: a table (section, body system, root operation).
    Table,
    BodyPart,
    Code,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Section => "section",
            Level::BodySystem => "body_system",
            Level::Table => "table",
            Level::BodyPart => "body_part",
            Level::Code => "code",
        }
    }
}

/// An ICD-10-PCS code, or a level of the hierarchy above codes. A small `Copy` handle.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Code {
    index: u32,
}

impl Code {
    /// The characters, e.g. `0DTJ4ZZ` (or `0DT` for a table).
    pub fn code(&self) -> CodeBuf {
        table().key(self.index).unpack()
    }

    fn len(&self) -> usize {
        table().key(self.index).len()
    }

    pub fn level(&self) -> Level {
        match self.len() {
            1 => Level::Section,
            2 => Level::BodySystem,
            3 => Level::Table,
            4 => Level::BodyPart,
            _ => Level::Code,
        }
    }

    /// A complete, seven-character code valid on the date.
    pub fn is_valid_on(&self, date: Date) -> bool {
        table().is_billable_on(self.index, date)
    }

    /// Present on the date: a code valid then, or a level with valid codes below it.
    pub fn is_present_on(&self, date: Date) -> bool {
        table().span_on(self.index, date).is_some()
    }

    /// The date ranges in which the code (or some code below a level) is valid.
    pub fn validity(&self) -> Vec<ValidityRange> {
        table().validity(self.index)
    }

    /// Every validity span with the MCE flags in force in it.
    pub fn validity_spans(&self) -> Vec<ValiditySpan> {
        table().validity_spans(self.index)
    }

    /// The MCE edit flags on a date (`None` when the code is not valid then).
    pub fn mce_flags_on(&self, date: Date) -> Option<MceFlags> {
        match table().span_on(self.index, date) {
            Some(Span {
                kind: SpanKind::Billable,
                flags,
                ..
            }) => Some(MceFlags::from_bits(flags)),
            _ => None,
        }
    }

    /// The long title in force on a date (from the newest source at or before it that has
    /// the code, else the oldest later one). `None` when no bundled source has a title;
    /// levels of the hierarchy have none (see [`axes`](Self::axes)).
    pub fn title_on(&self, date: Date) -> Option<Title> {
        table().title(self.index, date, TitleKind::Long)
    }

    /// The short title in force on a date, where a source has one.
    pub fn short_title_on(&self, date: Date) -> Option<Title> {
        table().title(self.index, date, TitleKind::Short)
    }

    /// The long title from the newest source that has the code.
    pub fn title(&self) -> Option<Title> {
        self.title_on(table().last_date)
    }

    /// The long title from one title source (an index into [`Icd10Pcs::title_sources`]).
    pub fn title_from(&self, source: usize) -> Option<Title> {
        table()
            .title_from(self.index, source, TitleKind::Long)
            .map(|(text, source)| Title { text, source })
    }

    /// The meaning of each character present, as far as the bundled sources define it.
    pub fn axes(&self) -> Vec<AxisValue> {
        structure::decode(self.code().as_bytes())
    }

    /// The section the code belongs to.
    pub fn section(&self) -> Option<&'static Section> {
        self.code()
            .as_bytes()
            .first()
            .and_then(|&c| section(c as char))
    }

    pub fn parent(&self) -> Option<Code> {
        let p = table().record(self.index).parent;
        (p != crate::table::NONE).then_some(Code { index: p })
    }

    /// Parent, grandparent, ... up to the section.
    pub fn ancestors(&self) -> impl Iterator<Item = Code> {
        std::iter::successors(self.parent(), |c| c.parent())
    }

    /// Everything below, in code order, across all releases.
    pub fn descendants(&self) -> impl Iterator<Item = Code> {
        let n = table().record(self.index).descendants;
        (self.index + 1..self.index + 1 + n).map(|index| Code { index })
    }

    /// One level down, in code order, across all releases.
    pub fn children(&self) -> impl Iterator<Item = Code> {
        let end = self.index + 1 + table().record(self.index).descendants;
        let mut next = self.index + 1;
        std::iter::from_fn(move || {
            if next >= end {
                return None;
            }
            let index = next;
            next = index + 1 + table().record(index).descendants;
            Some(Code { index })
        })
    }

    /// How many complete codes at or below this one are valid on the date.
    pub fn valid_codes_on(&self, date: Date) -> usize {
        std::iter::once(*self)
            .chain(self.descendants())
            .filter(|c| c.is_valid_on(date))
            .count()
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Pins the generated tables (see the ICD-10-CM test of the same name).
    #[test]
    fn generated_table_sizes_are_pinned() {
        assert_eq!(
            data::BLOB_SIZES,
            [
                ("keys", 765_680),
                ("disps", 191_424),
                ("slots", 1_148_520),
                ("records", 2_297_040),
                ("spans", 1_201_392),
                ("titles", 1_767_612),
                ("text", 2_574_417),
                ("words", 19_005),
                ("word_index", 9_496),
            ]
        );
        assert_eq!(data::LABEL_KEYS.len(), 122_992);
    }

    /// The key-only fast path gives what the exact reader gives, key or error, on every
    /// string of up to 8 symbols mixing allowed characters (either case), I and O, blanks
    /// and bad bytes; and the value table is `allowed`.
    #[test]
    fn the_fast_key_path_agrees_with_the_exact_reader() {
        let check = |s: &str| {
            let exact = match parse(s) {
                Ok(n) if n.is_complete() => Ok(n.key),
                Ok(_) => Err(ReasonKind::Incomplete),
                Err(kind) => Err(kind),
            };
            assert_eq!(complete_key(s), exact, "{s:?}");
            if let Err(kind @ (ReasonKind::Malformed | ReasonKind::TooLong)) = exact {
                assert_eq!(normalize(s).unwrap_err().kind(), kind, "{s:?}");
            }
        };
        crate::key::every_string(&["0", "D", "i", "z", " ", "_"], 8, check);
        crate::key::every_string(&["O", "j", "\t", "é"], 8, check);
        check("0DTJ4ZZ");
        check(" 0dtj4zz\n");
        for b in 0..=255u8 {
            let want = allowed(b.to_ascii_uppercase());
            assert_eq!(VALUES[b as usize] != 0, want, "{b}");
        }
    }

    #[test]
    fn shape_errors_name_the_position() {
        let e = normalize("0DTJ4IZ").unwrap_err();
        assert!(
            matches!(
                e,
                ValidationError::Malformed {
                    position: 6,
                    found: 'I',
                    ..
                }
            ),
            "{e:?}"
        );
        assert_eq!(normalize("0dtj4zz").unwrap().as_str(), "0DTJ4ZZ");
        assert_eq!(
            normalize("0DTJ4ZZZ").unwrap_err().kind(),
            ReasonKind::TooLong
        );
        assert_eq!(normalize("").unwrap_err(), ValidationError::Empty);
        assert_eq!(
            normalize("0DT.J").unwrap_err().kind(),
            ReasonKind::Malformed
        );
    }
}
