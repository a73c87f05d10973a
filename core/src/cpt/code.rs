//! The shape of a CPT code and what its number alone says: category, and for Category I
//! the section by range. Public structure, no file and no descriptor needed.

use std::fmt;

use crate::error::{shorten, ReasonKind};

/// A CPT code in canonical form: five ASCII characters, four digits then a digit or one
/// of `F`, `T`, `U`, `M`, `A`. Well formed, which says nothing of existence: only the
/// licensed code list says whether a code exists ([`Cpt`](super::Cpt)).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CptCode([u8; 5]);

impl CptCode {
    /// The code as text, e.g. `"99213"`.
    pub fn as_str(&self) -> &str {
        // Built only from checked ASCII bytes (see `shape`), so this never falls back.
        std::str::from_utf8(&self.0).unwrap_or_default()
    }

    /// Which kind of CPT code this is, from its last character.
    pub fn category(self) -> CptCategory {
        match self.0[4] {
            b'F' => CptCategory::CategoryII,
            b'T' => CptCategory::CategoryIII,
            b'U' => CptCategory::Pla,
            b'M' => CptCategory::Maaa,
            // Digits, and the A codes (Category I immunization codes).
            _ => CptCategory::CategoryI,
        }
    }

    /// The section of a Category I code by its number (`None` for the other categories,
    /// for the `A` codes, which are not placed by number, and for numbers between or
    /// outside the sections' ranges).
    pub fn section(self) -> Option<CptSection> {
        let n = self.number()?;
        CptSection::ALL
            .iter()
            .copied()
            .find(|s| s.numeric_ranges().iter().any(|r| r.contains(&n)))
    }

    /// Category and section together.
    pub fn class(self) -> CptClass {
        CptClass {
            code: self,
            category: self.category(),
            section: self.section(),
        }
    }

    /// The number of an all-digit code.
    fn number(self) -> Option<u32> {
        self.0.iter().try_fold(0u32, |acc, &b| {
            b.is_ascii_digit().then(|| acc * 10 + u32::from(b - b'0'))
        })
    }
}

impl fmt::Display for CptCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for CptCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for CptCode {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// The kinds of CPT code, told apart by the last character of the code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum CptCategory {
    /// Five digits (`99213`), and the immunization codes ending in `A`.
    CategoryI,
    /// Performance measurement tracking codes, `nnnnF`.
    CategoryII,
    /// Temporary codes for emerging technology, `nnnnT`.
    CategoryIII,
    /// Proprietary Laboratory Analyses, `nnnnU`.
    Pla,
    /// Administrative codes for Multianalyte Assays with Algorithmic Analyses, `nnnnM`.
    Maaa,
}

impl CptCategory {
    /// Every category, in this order wherever they are listed.
    pub const ALL: [CptCategory; 5] = [
        CptCategory::CategoryI,
        CptCategory::CategoryII,
        CptCategory::CategoryIII,
        CptCategory::Pla,
        CptCategory::Maaa,
    ];

    /// The name, e.g. `"Category III"`.
    pub fn name(self) -> &'static str {
        match self {
            CptCategory::CategoryI => "Category I",
            CptCategory::CategoryII => "Category II",
            CptCategory::CategoryIII => "Category III",
            CptCategory::Pla => "Proprietary Laboratory Analyses",
            CptCategory::Maaa => "Multianalyte Assays with Algorithmic Analyses",
        }
    }

    /// The identifier bindings and JSON use, e.g. `"category_iii"`.
    pub fn id(self) -> &'static str {
        match self {
            CptCategory::CategoryI => "category_i",
            CptCategory::CategoryII => "category_ii",
            CptCategory::CategoryIII => "category_iii",
            CptCategory::Pla => "pla",
            CptCategory::Maaa => "maaa",
        }
    }
}

impl fmt::Display for CptCategory {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The sections of Category I, each a range (Medicine two) of code numbers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum CptSection {
    /// 99202-99499.
    EvaluationAndManagement,
    /// 00100-01999.
    Anesthesia,
    /// 10004-69990.
    Surgery,
    /// 70010-79999.
    Radiology,
    /// 80047-89398.
    PathologyAndLaboratory,
    /// 90281-99199 and 99500-99607.
    Medicine,
}

impl CptSection {
    /// Every section, in the order of the CPT book.
    pub const ALL: [CptSection; 6] = [
        CptSection::EvaluationAndManagement,
        CptSection::Anesthesia,
        CptSection::Surgery,
        CptSection::Radiology,
        CptSection::PathologyAndLaboratory,
        CptSection::Medicine,
    ];

    /// The name, e.g. `"Pathology and Laboratory"`.
    pub fn name(self) -> &'static str {
        match self {
            CptSection::EvaluationAndManagement => "Evaluation and Management",
            CptSection::Anesthesia => "Anesthesia",
            CptSection::Surgery => "Surgery",
            CptSection::Radiology => "Radiology",
            CptSection::PathologyAndLaboratory => "Pathology and Laboratory",
            CptSection::Medicine => "Medicine",
        }
    }

    /// The identifier bindings and JSON use, e.g. `"pathology_and_laboratory"`.
    pub fn id(self) -> &'static str {
        match self {
            CptSection::EvaluationAndManagement => "evaluation_and_management",
            CptSection::Anesthesia => "anesthesia",
            CptSection::Surgery => "surgery",
            CptSection::Radiology => "radiology",
            CptSection::PathologyAndLaboratory => "pathology_and_laboratory",
            CptSection::Medicine => "medicine",
        }
    }

    /// The section's code ranges, first and last code inclusive, e.g.
    /// `[("70010", "79999")]`.
    pub fn ranges(self) -> &'static [(&'static str, &'static str)] {
        match self {
            CptSection::EvaluationAndManagement => &[("99202", "99499")],
            CptSection::Anesthesia => &[("00100", "01999")],
            CptSection::Surgery => &[("10004", "69990")],
            CptSection::Radiology => &[("70010", "79999")],
            CptSection::PathologyAndLaboratory => &[("80047", "89398")],
            CptSection::Medicine => &[("90281", "99199"), ("99500", "99607")],
        }
    }

    /// [`ranges`](Self::ranges) as numbers.
    fn numeric_ranges(self) -> &'static [std::ops::RangeInclusive<u32>] {
        match self {
            CptSection::EvaluationAndManagement => &[99202..=99499],
            CptSection::Anesthesia => &[100..=1999],
            CptSection::Surgery => &[10004..=69990],
            CptSection::Radiology => &[70010..=79999],
            CptSection::PathologyAndLaboratory => &[80047..=89398],
            CptSection::Medicine => &[90281..=99199, 99500..=99607],
        }
    }
}

impl fmt::Display for CptSection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// What a CPT code's number tells without any file: its category and, for Category I,
/// its section.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct CptClass {
    pub code: CptCode,
    pub category: CptCategory,
    /// The section of a Category I code whose number falls in a section's range; `None`
    /// otherwise (other categories, `A` codes, numbers between or outside the ranges).
    pub section: Option<CptSection>,
}

/// Why a string is not a well-formed CPT code.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(tag = "kind", rename_all = "snake_case"))]
#[non_exhaustive]
pub enum CptCodeError {
    /// Nothing but whitespace (or nothing at all).
    #[error("empty code: expected a CPT code such as 99213, 0001F, 0042T, 0001U or 0002M")]
    Empty,

    /// Not five characters.
    #[error("{input:?} has {length} characters: CPT codes have 5")]
    WrongLength { input: String, length: usize },

    /// A character that cannot stand at its position.
    #[error("{input:?}: character {position} is {found:?}, expected {expected}")]
    Malformed {
        input: String,
        /// 1-based character position in the trimmed input.
        position: usize,
        found: char,
        expected: &'static str,
    },
}

impl CptCodeError {
    /// The [`ReasonKind`] of this error (a short code is `Malformed`, a long one
    /// `TooLong`).
    pub fn kind(&self) -> ReasonKind {
        match self {
            CptCodeError::Empty => ReasonKind::Empty,
            CptCodeError::WrongLength { length, .. } if *length > 5 => ReasonKind::TooLong,
            CptCodeError::WrongLength { .. } | CptCodeError::Malformed { .. } => {
                ReasonKind::Malformed
            }
        }
    }
}

/// What is wrong with a code, without allocating (the error's strings are made only when
/// asked for).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ShapeError {
    Empty,
    WrongLength(usize),
    Malformed {
        position: usize,
        found: char,
        expected: &'static str,
    },
}

impl ShapeError {
    pub(crate) fn kind(self) -> ReasonKind {
        match self {
            ShapeError::Empty => ReasonKind::Empty,
            ShapeError::WrongLength(n) if n > 5 => ReasonKind::TooLong,
            _ => ReasonKind::Malformed,
        }
    }

    pub(crate) fn into_error(self, input: &str) -> CptCodeError {
        let input = shorten(input.trim());
        match self {
            ShapeError::Empty => CptCodeError::Empty,
            ShapeError::WrongLength(length) => CptCodeError::WrongLength { input, length },
            ShapeError::Malformed {
                position,
                found,
                expected,
            } => CptCodeError::Malformed {
                input,
                position,
                found,
                expected,
            },
        }
    }
}

const DIGIT: &str = "a digit";
const LETTER_FIRST: &str =
    "a digit (CPT codes start with one; a code starting with a letter is HCPCS Level II)";
const LAST: &str = "a digit or one of F, T, U, M, A";

/// Reads input into a canonical code: surrounding whitespace dropped, letters upper
/// cased, then four digits and a digit or `F`, `T`, `U`, `M`, `A`.
pub(crate) fn shape(input: &str) -> Result<CptCode, ShapeError> {
    let s = input.trim();
    if s.is_empty() {
        return Err(ShapeError::Empty);
    }
    let mut out = [0u8; 5];
    let mut length = 0usize;
    for (i, c) in s.chars().enumerate() {
        length = i + 1;
        if i >= 5 {
            continue; // counted for the error, not read
        }
        let c = c.to_ascii_uppercase();
        let ok = if i < 4 {
            c.is_ascii_digit()
        } else {
            c.is_ascii_digit() || matches!(c, 'F' | 'T' | 'U' | 'M' | 'A')
        };
        if !ok {
            let expected = match i {
                0 if c.is_ascii_alphabetic() => LETTER_FIRST,
                0..=3 => DIGIT,
                _ => LAST,
            };
            return Err(ShapeError::Malformed {
                position: i + 1,
                found: c,
                expected,
            });
        }
        // ASCII, checked just above.
        out[i] = c as u8;
    }
    if length != 5 {
        return Err(ShapeError::WrongLength(length));
    }
    Ok(CptCode(out))
}

/// [`shape`] with the full error.
pub(crate) fn normalize(input: &str) -> Result<CptCode, CptCodeError> {
    shape(input).map_err(|e| e.into_error(input))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn class(code: &str) -> (CptCategory, Option<CptSection>) {
        let c = normalize(code).expect("well formed").class();
        (c.category, c.section)
    }

    #[test]
    fn normalizes_case_and_spaces() {
        assert_eq!(
            normalize(" 0042t ").map(|c| c.to_string()),
            Ok("0042T".into())
        );
        assert_eq!(
            normalize("99213").map(|c| c.to_string()),
            Ok("99213".into())
        );
    }

    #[test]
    fn section_boundaries() {
        use CptCategory::CategoryI as I;
        use CptSection::*;
        for (code, section) in [
            ("00099", None),
            ("00100", Some(Anesthesia)),
            ("01999", Some(Anesthesia)),
            ("02000", None),
            ("10003", None),
            ("10004", Some(Surgery)),
            ("69990", Some(Surgery)),
            ("69991", None),
            ("70009", None),
            ("70010", Some(Radiology)),
            ("79999", Some(Radiology)),
            ("80046", None),
            ("80047", Some(PathologyAndLaboratory)),
            ("89398", Some(PathologyAndLaboratory)),
            ("89399", None),
            ("90280", None),
            ("90281", Some(Medicine)),
            ("99199", Some(Medicine)),
            ("99200", None),
            ("99201", None),
            ("99202", Some(EvaluationAndManagement)),
            ("99499", Some(EvaluationAndManagement)),
            ("99500", Some(Medicine)),
            ("99607", Some(Medicine)),
            ("99608", None),
            ("99999", None),
        ] {
            assert_eq!(class(code), (I, section), "{code}");
        }
    }

    #[test]
    fn categories_by_last_character() {
        assert_eq!(class("0001F"), (CptCategory::CategoryII, None));
        assert_eq!(class("0042T"), (CptCategory::CategoryIII, None));
        assert_eq!(class("0001U"), (CptCategory::Pla, None));
        assert_eq!(class("0002M"), (CptCategory::Maaa, None));
        assert_eq!(class("0001A"), (CptCategory::CategoryI, None));
    }

    #[test]
    fn malformed_codes_say_where() {
        assert_eq!(shape("   "), Err(ShapeError::Empty));
        assert_eq!(shape("9921"), Err(ShapeError::WrongLength(4)));
        assert_eq!(shape("992130"), Err(ShapeError::WrongLength(6)));
        assert_eq!(
            shape("992130").map_err(|e| e.kind()),
            Err(ReasonKind::TooLong)
        );
        assert!(matches!(
            shape("J1745"),
            Err(ShapeError::Malformed { position: 1, found: 'J', expected }) if expected == LETTER_FIRST
        ));
        assert!(matches!(
            shape("0001X"),
            Err(ShapeError::Malformed {
                position: 5,
                found: 'X',
                ..
            })
        ));
        assert!(matches!(
            shape("99.13"),
            Err(ShapeError::Malformed {
                position: 3,
                found: '.',
                ..
            })
        ));
        assert!(matches!(
            shape("9921é"),
            Err(ShapeError::Malformed {
                position: 5,
                found: 'é',
                ..
            })
        ));
        assert!(matches!(
            normalize("0001x1"),
            Err(CptCodeError::Malformed { position: 5, .. })
        ));
    }

    #[test]
    fn lists_are_complete() {
        for (i, c) in CptCategory::ALL.iter().enumerate() {
            assert_eq!(CptCategory::ALL.iter().position(|x| x == c), Some(i));
            assert!(!c.name().is_empty() && !c.id().is_empty());
        }
        for s in CptSection::ALL {
            for (range, numbers) in s.ranges().iter().zip(s.numeric_ranges()) {
                let first = normalize(range.0).expect("a code");
                let last = normalize(range.1).expect("a code");
                assert_eq!(first.number(), Some(*numbers.start()));
                assert_eq!(last.number(), Some(*numbers.end()));
                assert_eq!(first.section(), Some(s));
                assert_eq!(last.section(), Some(s));
            }
        }
    }
}
