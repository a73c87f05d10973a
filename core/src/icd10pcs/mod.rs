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

mod composed;
mod structure;

pub use composed::{title_shapes, COMPOSED, MIN_AGREEMENT, SHAPES};
pub use structure::{root_operations, section, AxisValue, RootOperation, Section, SECTIONS};

use crate::codeset::{self, CodeSet};
use crate::date::Date;
use crate::error::{shorten, ReasonKind, ValidationError};
use crate::generated::icd10pcs as data;
use crate::key::{folded_char_value, pack_values, trim_code, CodeBuf, CodeKey};
use crate::normalize::{fast_key, read_code, Normalized};
use crate::system::CodeSystem;
use crate::table::Table;

const SYSTEM: &str = "ICD-10-PCS";
/// Every ICD-10-PCS code has exactly seven characters.
pub const CODE_LENGTH: usize = 7;

/// Whether a character may appear in an ICD-10-PCS code: digits and letters except I and O
/// (too easily read as 1 and 0).
fn allowed(c: u8) -> bool {
    c.is_ascii_digit() || (c.is_ascii_uppercase() && c != b'I' && c != b'O')
}

/// An ICD-10-PCS code or the start of one (1-7 characters), checked for shape.
pub type NormalizedCode = Normalized<Icd10PcsSystem>;

/// Normalises ICD-10-PCS input: surrounding whitespace ignored, letters may be lower case.
/// Accepts 1 to 7 characters (a partial code names a level of the hierarchy).
pub fn normalize(input: &str) -> Result<NormalizedCode, ValidationError> {
    parse(input).map_err(|kind| describe_error(input, kind))
}

/// The allocation-free core of [`normalize`]: on failure only the [`ReasonKind`].
#[inline]
pub(crate) fn parse(input: &str) -> Result<NormalizedCode, ReasonKind> {
    read_code(|keep| scan(input, keep))
}

/// The key of a complete code (only complete codes are ever valid), or why there is none:
/// [`parse`] without writing out the canonical spelling, for the claim edits and the batch
/// calls. Seven code characters take the fast path.
#[inline(always)]
pub(crate) fn complete_key(code: &str) -> Result<CodeKey, ReasonKind> {
    fast_key!(code, seven_characters_key, complete_key_exactly)
}

/// The key of a trimmed run of exactly seven ICD-10-PCS characters, without a branch a
/// character; `None` for anything else.
#[inline(always)]
fn seven_characters_key(t: &[u8]) -> Option<CodeKey> {
    if t.len() != CODE_LENGTH {
        return None;
    }
    match pack_values(&VALUES, 0, t) {
        (values, true) => Some(CodeBuf::key_from_values(values, CODE_LENGTH)),
        _ => None,
    }
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

/// ICD-10-PCS's own parts for the shared model ([`crate::codeset`]): its tables, its
/// normaliser, and the rule that only complete (seven-character) codes are valid.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Icd10PcsSystem;

/// The ICD-10-PCS code set, FY2016 (2015-10-01) onward. Cheap to create and `Copy`.
pub type Icd10Pcs = CodeSet<Icd10PcsSystem>;

/// An ICD-10-PCS code, or a level of the hierarchy above codes. A small `Copy` handle.
pub type Code = codeset::Code<Icd10PcsSystem>;

impl codeset::sealed::Sealed for Icd10PcsSystem {}

impl codeset::System for Icd10PcsSystem {
    const ID: CodeSystem = CodeSystem::Icd10Pcs;
    const MCE_EDITED: bool = true;
    const CODE_LENGTH: Option<usize> = Some(CODE_LENGTH);
    type Normalized = NormalizedCode;

    fn wrap(code: Code) -> crate::AnyCode {
        crate::AnyCode::Icd10Pcs(code)
    }

    fn normalize(input: &str) -> Result<NormalizedCode, ValidationError> {
        normalize(input)
    }

    #[inline(always)]
    fn table() -> &'static Table {
        &data::TABLE
    }

    #[inline(always)]
    fn complete_key(input: &str) -> Result<CodeKey, ReasonKind> {
        complete_key(input)
    }
}

/// ICD-10-PCS's own calls (the shared ones are on [`CodeSet`]).
impl CodeSet<Icd10PcsSystem> {
    /// The sections present in the data, in code order (the top of the hierarchy).
    pub fn sections(&self) -> impl Iterator<Item = Code> {
        self.codes().filter(|c| c.key().len() == 1)
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

/// ICD-10-PCS's own parts of a code: its level, axes and section.
impl codeset::Code<Icd10PcsSystem> {
    pub fn level(&self) -> Level {
        match self.key().len() {
            1 => Level::Section,
            2 => Level::BodySystem,
            3 => Level::Table,
            4 => Level::BodyPart,
            _ => Level::Code,
        }
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

    /// How many complete codes at or below this one are valid on the date.
    pub fn valid_codes_on(&self, date: Date) -> usize {
        std::iter::once(*self)
            .chain(self.descendants())
            .filter(|c| c.is_valid_on(date))
            .count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The key-only fast path gives what the exact reader gives, key or error, on every
    /// string of up to 8 symbols mixing allowed characters (either case), I and O, blanks
    /// and bad bytes; and the value table is `allowed`.
    #[test]
    fn the_fast_key_path_agrees_with_the_exact_reader() {
        let check = |s: &str| {
            let exact = match parse(s) {
                Ok(n) if n.is_complete() => Ok(n.key()),
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
