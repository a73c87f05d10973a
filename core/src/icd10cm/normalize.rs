//! The one place ICD-10-CM input strings become codes: trimming, case, the dot, and which
//! character may stand where.

use super::Icd10CmSystem;
use crate::error::{shorten, ReasonKind, ValidationError};
use crate::key::{
    folded_char_value, is_letter_value, pack_values, trim_code, CodeBuf, CodeKey, FOLDED_VALUES,
};
use crate::normalize::{fast_key, read_code, Normalized};

pub(crate) const SYSTEM: &str = "ICD-10-CM";

/// An ICD-10-CM code in canonical form, checked for shape (not for existence).
pub type NormalizedCode = Normalized<Icd10CmSystem>;

impl Normalized<Icd10CmSystem> {
    /// Upper case, without the dot: `E119`.
    pub fn undotted(&self) -> &str {
        self.as_str()
    }

    /// Canonical display form, with the dot after the category: `E11.9`.
    pub fn dotted(&self) -> CodeBuf {
        self.chars().dotted_after_3()
    }
}

/// What may stand at each undotted position of an ICD-10-CM code: a letter first, then
/// letters or digits, with a digit second or third: every category has one (E11, C4A, and
/// QA0-QA1 of FY2026, whose second character is a letter), so `GARBAGE` is not a code.
fn expected_at(position: usize) -> &'static str {
    match position {
        0 => "a letter (A-Z)",
        2 => "a digit (a category has one second or third, as E11, C4A or QA0)",
        _ => "a letter or digit",
    }
}

/// Whether `c` may stand at `position` after `previous` (the character before it).
fn allowed_at(position: usize, previous: u8, c: u8) -> bool {
    match position {
        0 => c.is_ascii_alphabetic(),
        2 => c.is_ascii_digit() || (c.is_ascii_alphabetic() && previous.is_ascii_digit()),
        _ => c.is_ascii_alphanumeric(),
    }
}

/// A category (three code characters, the first a letter) has a digit second or third.
#[inline(always)]
fn category_has_digit(second: u8, third: u8) -> bool {
    second.is_ascii_digit() || third.is_ascii_digit()
}

/// Normalises an ICD-10-CM code: surrounding whitespace is ignored, letters may be lower
/// case, and the dot is optional but allowed only after the third character.
///
/// ```
/// let c = medcodes::icd10cm::normalize(" e11.9 ").unwrap();
/// assert_eq!(c.dotted(), "E11.9");
/// assert_eq!(c.undotted(), "E119");
/// ```
pub fn normalize(input: &str) -> Result<NormalizedCode, ValidationError> {
    parse(input).map_err(|kind| match kind {
        ReasonKind::Empty => ValidationError::Empty,
        _ => describe_error(input),
    })
}

/// The allocation-free core of [`normalize`]: on failure only the [`ReasonKind`]
/// (`Empty`, `TooLong` or `Malformed`, as `describe_error` would say).
#[inline]
pub(crate) fn parse(input: &str) -> Result<NormalizedCode, ReasonKind> {
    read_code(|keep| scan(input, keep))
}

/// [`parse`] for callers that need only the key (the claim edits and the batch calls):
/// the same checks and outcome, without writing out the canonical spelling.
#[inline(always)]
pub(crate) fn parse_key(input: &str) -> Result<CodeKey, ReasonKind> {
    fast_key!(input, well_formed_key, parse_key_exactly)
}

#[inline(never)]
fn parse_key_exactly(input: &str) -> Result<CodeKey, ReasonKind> {
    scan(input, |_, _| {}).map(|(key, _)| key)
}

/// The key of a trimmed, well-formed code (3 to 7 code characters, a letter first, the
/// dot after the third if any); `None` for anything else, which [`scan`] then reads.
#[inline(always)]
fn well_formed_key(t: &[u8]) -> Option<CodeKey> {
    // The category (three characters), then up to four more, after a dot or not.
    let (category, rest) = match t {
        [a, b, c, b'.', rest @ ..] if !rest.is_empty() => ([*a, *b, *c], rest),
        [a, b, c, rest @ ..] => ([*a, *b, *c], rest),
        _ => return None,
    };
    if !is_letter_value(folded_char_value(category[0]))
        || !category_has_digit(category[1], category[2])
    {
        return None;
    }
    let (values, head) = pack_values(&FOLDED_VALUES, 0, &category);
    // One arm a length, each without a loop.
    let (values, tail) = match *rest {
        [] => (values, true),
        [d] => pack_values(&FOLDED_VALUES, values, &[d]),
        [d, e] => pack_values(&FOLDED_VALUES, values, &[d, e]),
        [d, e, f] => pack_values(&FOLDED_VALUES, values, &[d, e, f]),
        [d, e, f, g] => pack_values(&FOLDED_VALUES, values, &[d, e, f, g]),
        _ => return None,
    };
    (head && tail).then(|| CodeBuf::key_from_values(values, 3 + rest.len()))
}

/// The one pass over the bytes behind [`parse`] and [`parse_key`]: checks each character
/// and packs the key as it goes (one table read a byte), handing each kept character to
/// `keep` with its undotted position (below [`CodeKey::MAX_LEN`]). The key and its length.
#[inline(always)]
fn scan(input: &str, mut keep: impl FnMut(usize, u8)) -> Result<(CodeKey, usize), ReasonKind> {
    let trimmed = trim_code(input.as_bytes());
    let Some(&first) = trimmed.first() else {
        return Err(ReasonKind::Empty);
    };
    // A letter first (see `allowed_at`), then letters or digits.
    if !is_letter_value(folded_char_value(first)) {
        return Err(ReasonKind::Malformed);
    }
    // The dot is allowed after the third character only, and only with more after it:
    // left out here, so that the loop sees the undotted code.
    let (head, tail) = if trimmed.len() > 4 && trimmed[3] == b'.' {
        trimmed.split_at(3)
    } else {
        (trimmed, &trimmed[..0])
    };
    let tail = tail.get(1..).unwrap_or_default();
    let mut len = 0usize;
    let mut values = 0u64;
    let mut previous = 0u8;
    let mut add = |c: u8| {
        if len == CodeKey::MAX_LEN {
            return Err(ReasonKind::TooLong);
        }
        let value = folded_char_value(c);
        if value == 0 || (len == 2 && !category_has_digit(previous, c)) {
            return Err(ReasonKind::Malformed);
        }
        previous = c;
        keep(len, c);
        len += 1;
        values = (values << 6) | u64::from(value);
        Ok(())
    };
    head.iter().try_for_each(|&c| add(c))?;
    tail.iter().try_for_each(|&c| add(c))?;
    if len < 3 {
        return Err(ReasonKind::Malformed);
    }
    Ok((CodeBuf::key_from_values(values, len), len))
}

/// The error for an input the fast path rejected: which character, where, what was expected.
#[cold]
fn describe_error(input: &str) -> ValidationError {
    let trimmed = input.trim_matches(|c: char| c.is_ascii_whitespace());
    let mut len = 0usize;
    let mut seen_dot = false;
    let mut previous = 0u8;
    let chars: Vec<char> = trimmed.chars().collect();
    for (char_index, &ch) in chars.iter().enumerate() {
        let position = char_index + 1;
        if ch == '.' && !seen_dot && len == 3 && char_index + 1 < chars.len() {
            seen_dot = true;
            continue;
        }
        if len == CodeKey::MAX_LEN {
            return ValidationError::TooLong {
                input: shorten(input),
                system: SYSTEM,
                max: CodeKey::MAX_LEN,
            };
        }
        let malformed = |expected| ValidationError::Malformed {
            input: shorten(input),
            position,
            found: ch,
            expected,
        };
        if ch == '.' {
            return malformed(if len < 3 {
                "the dot only after the third character"
            } else {
                "at most one dot, after the third character and followed by a letter or digit"
            });
        }
        if !ch.is_ascii() || !allowed_at(len, previous, ch as u8) {
            return malformed(expected_at(len));
        }
        previous = ch as u8;
        len += 1;
    }
    ValidationError::Malformed {
        input: shorten(input),
        position: chars.len() + 1,
        found: ' ',
        expected: "at least three characters (a category such as E11)",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_the_usual_spellings() {
        for s in ["E11.9", "e119", " E11.9 ", "\tE119\n", "e11.9"] {
            assert_eq!(normalize(s).unwrap().dotted(), "E11.9", "{s:?}");
        }
        assert_eq!(normalize("S52.521A").unwrap().undotted(), "S52521A");
        assert_eq!(normalize("E11").unwrap().dotted(), "E11");
    }

    #[test]
    fn says_where_and_what() {
        let e = normalize("E1.19").unwrap_err();
        assert_eq!(e.kind(), ReasonKind::Malformed);
        assert!(matches!(
            e,
            ValidationError::Malformed {
                position: 3,
                found: '.',
                ..
            }
        ));
        let e = normalize("1E11").unwrap_err();
        assert!(matches!(
            e,
            ValidationError::Malformed {
                position: 1,
                found: '1',
                ..
            }
        ));
        let e = normalize("E_11").unwrap_err();
        assert!(matches!(
            e,
            ValidationError::Malformed {
                position: 2,
                found: '_',
                ..
            }
        ));
        assert_eq!(normalize("qa0.0").unwrap().dotted(), "QA0.0");
        assert_eq!(normalize("C4A.9").unwrap().dotted(), "C4A.9");
        // No digit in the category: not shaped like a code.
        let e = normalize("garbage").unwrap_err();
        assert!(matches!(
            e,
            ValidationError::Malformed {
                position: 3,
                found: 'r',
                ..
            }
        ));
        let e = normalize("E11é").unwrap_err();
        assert!(matches!(
            e,
            ValidationError::Malformed {
                position: 4,
                found: 'é',
                ..
            }
        ));
        assert_eq!(normalize("   ").unwrap_err(), ValidationError::Empty);
        assert_eq!(normalize("E11.").unwrap_err().kind(), ReasonKind::Malformed);
        assert_eq!(
            normalize("E11..9").unwrap_err().kind(),
            ReasonKind::Malformed
        );
        assert_eq!(
            normalize("E11.90000").unwrap_err().kind(),
            ReasonKind::TooLong
        );
        assert_eq!(normalize("E1").unwrap_err().kind(), ReasonKind::Malformed);
    }

    /// The key-only fast path gives what the exact reader gives, key or error, and the
    /// exact reader's errors are those `describe_error` explains, on every string of up to
    /// 9 symbols mixing letters, digits, dots, blanks and bad bytes.
    #[test]
    fn the_fast_key_path_agrees_with_the_exact_reader() {
        let check = |s: &str| {
            let exact = scan(s, |_, _| {}).map(|(key, _)| key);
            assert_eq!(parse_key(s), exact, "{s:?}");
            assert_eq!(parse(s).map(CodeKey::from), exact, "{s:?}");
            match exact {
                Ok(key) => assert_eq!(CodeKey::from(normalize(s).unwrap()), key),
                Err(ReasonKind::Empty) => assert_eq!(normalize(s), Err(ValidationError::Empty)),
                Err(kind) => assert_eq!(describe_error(s).kind(), kind, "{s:?}"),
            }
        };
        crate::key::every_string(&["E", "1", ".", " ", "_"], 9, check);
        crate::key::every_string(&["e", "Z", "9", ".", "\t", "é", "0"], 6, check);
        crate::key::every_string(&["A", "b", "7", "."], 8, check);
        check("S52.521A");
        check(" s52521a ");
        check("E11.90000");
    }

    #[test]
    fn huge_input_is_echoed_short() {
        let huge = "A".repeat(1 << 20);
        let e = normalize(&huge).unwrap_err();
        assert!(e.to_string().len() < 200);
    }
}
