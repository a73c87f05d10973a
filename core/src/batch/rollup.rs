//! Roll-up and detection columns: for each code of a column, where it sits (its ICD-10-CM
//! category, block and chapter, its ancestor at a level of any system) and which system it
//! is a code of. What an analyst charts by, as columns, so that no one looks up the
//! distinct codes and joins back.
//!
//! A roll-up is a fact of the code in any release (as [`CodeSet::lookup`] finds it): null
//! where the input is null, is not a code (or header) of the system, or has nothing at
//! the level asked for.
//!
//! ```
//! use medcodes::batch::{self, OwnedStrings, NULL};
//!
//! let mut column = OwnedStrings::with_capacity(3);
//! column.push(b"e119");
//! column.push(b"S52.521A");
//! column.push_null();
//! column.finish();
//! let categories = batch::categories(&[column.strings()]);
//! assert_eq!(categories.get(0), Some(&b"E11"[..]));
//! assert_eq!(categories.get(1), Some(&b"S52"[..]));
//! assert_eq!(categories.get(2), None);
//! assert_eq!(batch::blocks(&[column.strings()]).get(0), Some(&b"E08-E13"[..]));
//! assert_eq!(batch::chapters(&[column.strings()]), [4, 19, NULL]);
//! ```

use super::{map_str, StrColumn, Strings, NULL};
use crate::codeset::{Code, CodeSet, System};
use crate::icd10cm::Icd10Cm;
use crate::system::{detect, with_system, CodeSystem, Detection};

/// The code itself or its nearest ancestor with `length` characters (punctuation not
/// counted): ICD-10-CM 3 is the category; ICD-10-PCS 1 the section, 3 the table.
pub fn ancestor_at<S: System>(code: Code<S>, length: usize) -> Option<Code<S>> {
    std::iter::once(code)
        .chain(code.ancestors())
        .take_while(|c| c.key().len() >= length)
        .find(|c| c.key().len() == length)
}

/// The ancestor (or the code itself) at `length` characters of each code of the column,
/// in canonical form; null where the input is null, not a code of `system`, or has no
/// ancestor of that length (an ICD-10-PCS code has none at 5 or 6: its levels are the
/// section, body system, table and body part).
pub fn ancestors(system: CodeSystem, columns: &[Strings<'_>], length: usize) -> StrColumn {
    with_system!(system, S => map_str(
        columns,
        &|s, _, out| match CodeSet::<S>::new().lookup(s).ok().and_then(|c| ancestor_at(c, length)) {
            Some(a) => {
                out.extend_from_slice(a.code().as_bytes());
                true
            }
            None => false,
        },
        None,
    ))
}

/// The three-character ICD-10-CM category of each code (`E11` for `E11.9`).
pub fn categories(columns: &[Strings<'_>]) -> StrColumn {
    ancestors(CodeSystem::Icd10Cm, columns, 3)
}

/// The ICD-10-CM block (section) of each code, by its range as the tabular list writes it
/// (`E08-E13` for `E11.9`).
pub fn blocks(columns: &[Strings<'_>]) -> StrColumn {
    map_str(
        columns,
        &|s, _, out| match Icd10Cm::new().lookup(s).ok().and_then(|c| c.block()) {
            Some(b) => {
                out.extend_from_slice(b.id().as_bytes());
                true
            }
            None => false,
        },
        None,
    )
}

/// The ICD-10-CM chapter number (1-22) of each code, a byte a row ([`NULL`] where none).
pub fn chapters(columns: &[Strings<'_>]) -> Vec<u8> {
    map_byte(columns, |s| {
        Icd10Cm::new()
            .lookup(s)
            .ok()
            .and_then(|c| c.chapter())
            .map(|c| c.number())
    })
}

/// What a [`systems`] byte names, by its value: each system's id in [`CodeSystem::ALL`]
/// order, then `"cpt"` (no built-in system knows the string, and it is shaped like a CPT
/// code: [`Detection::Cpt`]), then `"ambiguous"` (a code of several systems:
/// [`Detection::Ambiguous`]).
pub fn system_labels() -> Vec<&'static str> {
    let mut labels: Vec<&'static str> = CodeSystem::ALL.iter().map(|s| s.id()).collect();
    labels.extend([CPT_LABEL, AMBIGUOUS_LABEL]);
    labels
}

const CPT_LABEL: &str = "cpt";
const AMBIGUOUS_LABEL: &str = "ambiguous";

/// Which system each string is a code of ([`detect`]), a byte a row: an index into
/// [`system_labels`], [`NULL`] where the input is null or a code of no system.
pub fn systems(columns: &[Strings<'_>]) -> Vec<u8> {
    let systems = CodeSystem::ALL.len();
    map_byte(columns, |s| match detect(s) {
        Detection::One(system) => CodeSystem::ALL
            .iter()
            .position(|&k| k == system)
            .map(|i| i as u8),
        Detection::Cpt(_) => Some(systems as u8),
        Detection::Ambiguous(_) => Some(systems as u8 + 1),
        Detection::Unknown => None,
    })
}

/// Runs `f` over every non-null string of the columns (on all cores for big columns): a
/// byte a row, [`NULL`] for a null input or a `None` answer.
fn map_byte(columns: &[Strings<'_>], f: impl Fn(&str) -> Option<u8> + Sync) -> Vec<u8> {
    let out = map_str(
        columns,
        &|s, _, out| match f(s) {
            Some(b) => {
                out.push(b);
                true
            }
            None => false,
        },
        None,
    );
    (0..out.len())
        .map(|i| out.get(i).and_then(|b| b.first().copied()).unwrap_or(NULL))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::OwnedStrings;
    use super::*;

    fn column(codes: &[Option<&str>]) -> OwnedStrings {
        codes.iter().copied().collect()
    }

    fn text(col: &StrColumn) -> Vec<Option<String>> {
        (0..col.len())
            .map(|i| col.get(i).map(|b| String::from_utf8_lossy(b).into_owned()))
            .collect()
    }

    /// Every roll-up agrees with the one-code calls, over a column big enough for the
    /// threads (and a dictionary column, answered once per value).
    #[test]
    fn roll_ups_agree_with_the_code_calls() {
        let spellings = [
            "E11.9", "e119", "E11", "S52.521A", "T36.0X1A", "", "0DTJ4ZZ", "0dtj", "B20", "J1100",
            "E0100", "99213", "Q99.99", "É11", "Z00.00", "A00",
        ];
        let n = 70_000;
        let codes: Vec<Option<&str>> = (0..n)
            .map(|i| (i % 31 != 0).then(|| spellings[(i * 7) % spellings.len()]))
            .collect();
        let col = column(&codes);
        let cols = [col.strings()];
        let cm = Icd10Cm::new();
        let cats = text(&categories(&cols));
        let blks = text(&blocks(&cols));
        let chs = chapters(&cols);
        let sys = systems(&cols);
        let labels = system_labels();
        for (i, code) in codes.iter().enumerate() {
            let found = code.and_then(|c| cm.lookup(c).ok());
            let want =
                found.and_then(|c| c.ancestors().chain([c]).find(|a| a.undotted().len() == 3));
            assert_eq!(cats[i], want.map(|c| c.code().to_string()), "{code:?}");
            let want = found.and_then(|c| c.block()).map(|b| b.id().to_owned());
            assert_eq!(blks[i], want, "{code:?}");
            let want = found.and_then(|c| c.chapter()).map_or(NULL, |c| c.number());
            assert_eq!(chs[i], want, "{code:?}");
            let want = match code.map(detect) {
                Some(Detection::One(s)) => Some(s.id()),
                Some(Detection::Cpt(_)) => Some("cpt"),
                Some(Detection::Ambiguous(_)) => Some("ambiguous"),
                _ => None,
            };
            assert_eq!(
                sys[i].ne(&NULL).then(|| labels[sys[i] as usize]),
                want,
                "{code:?}"
            );
        }
        assert_eq!(cats[0], None);
        assert!(cats.iter().any(|c| c.as_deref() == Some("E11")));
        for &system in CodeSystem::ALL {
            for length in 1..=7 {
                let got = text(&ancestors(system, &cols, length));
                for (i, code) in codes.iter().enumerate().step_by(7) {
                    let want = code
                        .and_then(|c| system.lookup(c).ok())
                        .and_then(|c| {
                            std::iter::once(c)
                                .chain(c.ancestors())
                                .find(|a| a.undotted().len() == length)
                        })
                        .map(|a| a.code().to_string());
                    assert_eq!(got[i], want, "{system} {length} {code:?}");
                }
            }
        }
    }

    #[test]
    fn levels_of_each_system() {
        let col = column(&[Some("S52.521A"), Some("T36.0X1A"), Some("0DTJ4ZZ")]);
        let cols = [col.strings()];
        let at = |system, length| text(&ancestors(system, &cols, length));
        assert_eq!(
            at(CodeSystem::Icd10Cm, 6),
            [Some("S52.521".into()), Some("T36.0X1".into()), None]
        );
        assert_eq!(at(CodeSystem::Icd10Cm, 5)[1], Some("T36.0X".into()));
        assert_eq!(at(CodeSystem::Icd10Cm, 4)[1], Some("T36.0".into()));
        #[cfg(feature = "icd10pcs")]
        {
            assert_eq!(at(CodeSystem::Icd10Pcs, 3)[2], Some("0DT".into()));
            assert_eq!(at(CodeSystem::Icd10Pcs, 7)[2], Some("0DTJ4ZZ".into()));
            assert_eq!(at(CodeSystem::Icd10Pcs, 5)[2], None);
        }
        assert_eq!(system_labels()[..1], ["icd10cm"]);
        assert_eq!(system_labels().last(), Some(&"ambiguous"));
    }
}
