//! HCPCS Level II: the CMS codes for supplies, drugs, ambulance, durable medical equipment
//! and the services CPT lacks, by date of service, quarter by quarter.
//!
//! The compiled-in tables come from the CMS Integrated Outpatient Code Editor tables
//! (`pyoce` 0.1.0, quarters from 2019-07-01): every Level II code in force each quarter
//! with its CMS short descriptor and OPPS status indicator, and the modifiers valid each
//! quarter. D codes (CDT, the ADA's dental codes) are known as valid codes with no text:
//! their descriptors are the ADA's. CPT codes are not HCPCS Level II codes here (see
//! [`crate::cpt`]). The official CMS HCPCS file adds long descriptions and more at run
//! time ([`file`](mod@file)).

pub mod file;
mod modifiers;
mod overlay;
mod section;

pub use file::{FileError, HcpcsFile, HcpcsRecord};
pub use modifiers::{LineFinding, LineFindingKind, Modifier, MAX_MODIFIERS};
pub use overlay::{FileDifferences, HcpcsWithFile};
pub use section::Section;

use crate::codeset::{self, CodeSet};
use crate::date::Date;
use crate::error::{shorten, ReasonKind, ValidationError};
use crate::generated::hcpcs as data;
use crate::key::{pack_values, trim_code, CodeBuf, CodeKey};
use crate::normalize::{fast_key, read_code, Normalized};
use crate::system::CodeSystem;
use crate::table::Table;

const SYSTEM: &str = "HCPCS Level II";
/// Every HCPCS Level II code has five characters: a letter and four digits.
pub const CODE_LENGTH: usize = 5;

/// An HCPCS Level II code or the start of one (a letter and up to four digits), checked
/// for shape.
pub type NormalizedCode = Normalized<HcpcsSystem>;

/// Normalises HCPCS Level II input: surrounding whitespace ignored, the letter may be
/// lower case. Accepts 1 to 5 characters (a start of a code names the codes below it).
pub fn normalize(input: &str) -> Result<NormalizedCode, ValidationError> {
    parse(input).map_err(|kind| describe_error(input, kind))
}

/// The allocation-free core of [`normalize`]: on failure only the [`ReasonKind`].
#[inline]
pub(crate) fn parse(input: &str) -> Result<NormalizedCode, ReasonKind> {
    read_code(|keep| scan(input, keep))
}

/// The key of a complete code, or why there is none: [`parse`] without writing out the
/// canonical spelling, for the batch calls. Five code characters take the fast path.
#[inline(always)]
pub(crate) fn complete_key(code: &str) -> Result<CodeKey, ReasonKind> {
    fast_key!(code, five_characters_key, complete_key_exactly)
}

/// The key of a trimmed letter and four digits, without a branch a character; `None` for
/// anything else.
#[inline(always)]
fn five_characters_key(t: &[u8]) -> Option<CodeKey> {
    let [letter, digits @ ..] = t else {
        return None;
    };
    if digits.len() != CODE_LENGTH - 1 {
        return None;
    }
    let (values, letter_ok) = pack_values(&LETTER_VALUES, 0, &[*letter]);
    let (values, digits_ok) = pack_values(&DIGIT_VALUES, values, digits);
    (letter_ok & digits_ok).then(|| CodeBuf::key_from_values(values, CODE_LENGTH))
}

#[inline(never)]
fn complete_key_exactly(code: &str) -> Result<CodeKey, ReasonKind> {
    match scan(code, |_, _| {}) {
        Ok((key, CODE_LENGTH)) => Ok(key),
        Ok(_) => Err(ReasonKind::Incomplete),
        Err(kind) => Err(kind),
    }
}

/// The first letters of HCPCS Level II codes (the sections, [`Section`]): A-V without F,
/// I, N and O. Others are no Level II code's.
fn is_section_letter(c: u8) -> bool {
    LETTER_VALUES[usize::from(c)] != 0 && c.is_ascii_uppercase()
}

/// The key value of each byte that may start a code ([`is_section_letter`], either case),
/// 0 for any other.
const LETTER_VALUES: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let upper = (b as u8).to_ascii_uppercase();
        if upper.is_ascii_uppercase() && !matches!(upper, b'F' | b'I' | b'N' | b'O' | b'W'..=b'Z') {
            table[b] = crate::key::folded_char_value(b as u8);
        }
        b += 1;
    }
    table
};

/// The key value of each digit, 0 for any other byte.
const DIGIT_VALUES: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = b'0';
    while b <= b'9' {
        table[b as usize] = crate::key::folded_char_value(b);
        b += 1;
    }
    table
};

/// The one pass over the bytes behind [`parse`] and [`complete_key`]: a section letter,
/// then digits; packs the key as it goes, handing each character to `keep` with its
/// position. The key and its length.
#[inline(always)]
fn scan(input: &str, mut keep: impl FnMut(usize, u8)) -> Result<(CodeKey, usize), ReasonKind> {
    let trimmed = trim_code(input.as_bytes());
    if trimmed.is_empty() {
        return Err(ReasonKind::Empty);
    }
    let mut values = 0u64;
    for (at, &b) in trimmed.iter().enumerate() {
        if at == CODE_LENGTH {
            return Err(ReasonKind::TooLong);
        }
        let table = if at == 0 {
            &LETTER_VALUES
        } else {
            &DIGIT_VALUES
        };
        let value = table[b as usize];
        if value == 0 {
            return Err(ReasonKind::Malformed);
        }
        keep(at, b);
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
            let bad = trimmed.chars().enumerate().find(|&(at, ch)| {
                let b = if ch.is_ascii() { ch as u8 } else { 0 };
                if at == 0 {
                    !is_section_letter(b.to_ascii_uppercase())
                } else {
                    !b.is_ascii_digit()
                }
            });
            let (position, found) = bad.map_or((1, ' '), |(at, ch)| (at + 1, ch));
            let expected = match (position, found) {
                (1, '0'..='9') if shaped_like_cpt(trimmed) => {
                    "a letter: this is shaped like a CPT code, not an HCPCS Level II code"
                }
                (1, _) => "a letter of an HCPCS Level II section (A-V, not F, I, N or O)",
                _ => "a digit (HCPCS Level II codes are a letter and four digits)",
            };
            ValidationError::Malformed {
                input: shorten(input),
                position,
                found,
                expected,
            }
        }
    }
}

/// Four digits and a digit or F, T, U or M: the shape of CPT codes (Category I, II, III,
/// PLA, MAAA), for the message that says an input is CPT, not HCPCS Level II.
fn shaped_like_cpt(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 5
        && b[..4].iter().all(u8::is_ascii_digit)
        && matches!(
            b[4].to_ascii_uppercase(),
            b'0'..=b'9' | b'F' | b'T' | b'U' | b'M'
        )
}

/// HCPCS Level II's own parts for the shared model ([`crate::codeset`]): its tables, its
/// normaliser, and the rule that only complete (five-character) codes are valid.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct HcpcsSystem;

/// The HCPCS Level II code set by quarter, 2019-07-01 onward. Cheap to create and `Copy`.
pub type Hcpcs = CodeSet<HcpcsSystem>;

/// An HCPCS Level II code. A small `Copy` handle.
pub type Code = codeset::Code<HcpcsSystem>;

impl codeset::sealed::Sealed for HcpcsSystem {}

impl codeset::System for HcpcsSystem {
    const ID: CodeSystem = CodeSystem::Hcpcs;
    const CODE_LENGTH: Option<usize> = Some(CODE_LENGTH);
    type Normalized = NormalizedCode;

    fn wrap(code: Code) -> crate::AnyCode {
        crate::AnyCode::Hcpcs(code)
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

/// HCPCS Level II's own calls (the shared ones are on [`CodeSet`]).
impl CodeSet<HcpcsSystem> {
    /// A modifier by its two characters (either case), if any quarter of the data lists it.
    pub fn modifier(&self, modifier: &str) -> Option<Modifier> {
        Modifier::find(modifier)
    }

    /// Every modifier any quarter lists, in order.
    pub fn modifiers(&self) -> impl Iterator<Item = Modifier> {
        Modifier::all()
    }

    /// The modifiers valid on a date.
    pub fn modifiers_valid_on(&self, date: Date) -> impl Iterator<Item = Modifier> {
        Modifier::all().filter(move |m| m.is_valid_on(date))
    }

    /// Checks a claim line: the code and up to four modifiers on a date. Each finding
    /// names the code or modifier and why; none means the line is clean.
    pub fn check_line(&self, code: &str, modifiers: &[&str], date: Date) -> Vec<LineFinding> {
        modifiers::check_line(*self, code, modifiers, date)
    }
}

/// HCPCS Level II's own parts of a code.
impl codeset::Code<HcpcsSystem> {
    /// The section, by the first letter.
    pub fn section(&self) -> Option<Section> {
        self.code().as_bytes().first().and_then(|&c| Section::of(c))
    }

    /// A CDT (dental) code: valid as HCPCS Level II, its text withheld (the ADA's).
    pub fn is_dental(&self) -> bool {
        self.code().as_bytes().first() == Some(&b'D')
    }

    /// The OPPS status indicator in force on the date (e.g. `"K"`: paid under OPPS, separate
    /// APC), as the outpatient code editor's quarter lists it; `None` outside the code's
    /// quarters.
    pub fn status_indicator_on(&self, date: Date) -> Option<&'static str> {
        let flags = self.flags_on(date)?;
        data::STATUS_INDICATORS
            .get((flags & 0xff) as usize)
            .map(|&(value, _)| value)
            .filter(|s| !s.is_empty())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::key::every_string;

    /// The key-only fast path gives what the exact reader gives, key or error, on every
    /// string of up to 6 symbols mixing letters (either case, section letters or not),
    /// digits, blanks and bad bytes.
    #[test]
    fn the_fast_key_path_agrees_with_the_exact_reader() {
        every_string(&["J", "d", "F", "1", "0", " ", ".", "é"], 6, |s| {
            assert_eq!(complete_key(s), complete_key_exactly(s), "{s:?}");
            if let Ok(key) = complete_key(s) {
                assert_eq!(parse(s).map(|n| n.key()), Ok(key), "{s:?}");
            }
        });
    }

    #[test]
    fn shape_errors_name_the_position() {
        assert_eq!(
            normalize(" j1100 ").map(|n| n.to_string()),
            Ok("J1100".into())
        );
        match normalize("99213") {
            Err(ValidationError::Malformed {
                position, expected, ..
            }) => {
                assert_eq!(position, 1);
                assert!(expected.contains("CPT"), "{expected}");
            }
            other => panic!("{other:?}"),
        }
        match normalize("J11A0") {
            Err(ValidationError::Malformed {
                position, found, ..
            }) => assert_eq!((position, found), (4, 'A')),
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            normalize("F1234"),
            Err(ValidationError::Malformed { position: 1, .. })
        ));
        assert!(matches!(
            normalize("J110000"),
            Err(ValidationError::TooLong { .. })
        ));
        assert_eq!(normalize("  "), Err(ValidationError::Empty));
        assert_eq!(normalize("J11").map(|n| n.is_complete()), Ok(false));
    }
}
