//! ICD-10-CM coding rules on the bundled tables: 7th characters and the placeholder X,
//! instructional notes, and encounter checks (Excludes1, code first, use additional code,
//! duplicates, ancestors).

#![cfg_attr(not(feature = "notes"), allow(dead_code, unused_imports))]

use std::collections::BTreeMap;
use std::sync::OnceLock;

use medcodes::icd10cm::{Code, FindingKind, NoteKind, NoteLevel, SeventhCharacter, Severity};
use medcodes::{Date, Icd10Cm, ReasonKind, ValidationError};
use proptest::prelude::*;

fn d(s: &str) -> Date {
    s.parse().unwrap()
}

fn dos() -> Date {
    d("2025-03-01")
}

fn chars(options: &[SeventhCharacter]) -> String {
    options.iter().map(|o| o.character).collect()
}

// ---------------------------------------------------------------------------------------
// 7th characters and placeholder X

#[test]
fn missing_seventh_character_lists_the_options_valid_on_the_date() {
    let cm = Icd10Cm::new();
    // S52.50- takes the whole S52 fracture set.
    match cm.validate("S52.501", dos()).unwrap_err() {
        ValidationError::MissingSeventhCharacter {
            code,
            base,
            options,
            ..
        } => {
            assert_eq!(code, "S52.501");
            assert_eq!(base, "S52.501");
            assert_eq!(chars(&options), "ABCDEFGHJKMNPQRS");
            assert_eq!(options[0].meaning, "initial encounter for closed fracture");
        }
        other => panic!("{other:?}"),
    }
    // S52.52 (torus fracture) redefines the set: a torus fracture is never open.
    match cm.validate("S52.521", dos()).unwrap_err() {
        ValidationError::MissingSeventhCharacter { options, .. } => {
            assert_eq!(chars(&options), "ADGKPS");
        }
        other => panic!("{other:?}"),
    }
    let def = cm.lookup("S52.521").unwrap().seventh_characters().unwrap();
    assert_eq!(def.defined_at, "S52.52");
    assert_eq!(
        cm.reason("s52521", dos()),
        ReasonKind::MissingSeventhCharacter
    );
}

#[test]
fn missing_seventh_character_after_placeholder() {
    let cm = Icd10Cm::new();
    for input in ["W21.89", "W21.89X", "w2189x"] {
        match cm.validate(input, dos()).unwrap_err() {
            ValidationError::MissingSeventhCharacter { base, options, .. } => {
                assert_eq!(base, "W21.89X", "{input}");
                assert_eq!(chars(&options), "ADS");
            }
            other => panic!("{input}: {other:?}"),
        }
    }
    let e = cm.validate("T07", dos()).unwrap_err();
    assert!(
        e.to_string().contains("T07.XXXA (initial encounter)"),
        "{e}"
    );
}

#[test]
fn s06_death_codes_take_only_the_initial_encounter() {
    let cm = Icd10Cm::new();
    match cm.validate("S06.1X7", dos()).unwrap_err() {
        ValidationError::MissingSeventhCharacter { options, .. } => {
            assert_eq!(chars(&options), "A")
        }
        other => panic!("{other:?}"),
    }
    // The definition itself (S06) lists A, D and S; the tables decide.
    let def = cm.lookup("S06.1X7").unwrap().seventh_characters().unwrap();
    assert_eq!(chars(&def.characters), "ADS");
    assert_eq!(cm.reason("S06.1X7D", dos()), ReasonKind::NotValidOnDate);
    assert!(cm.is_valid("S06.1X7D", d("2016-01-01")));
}

#[test]
fn missing_placeholder_is_suggested_not_applied() {
    let cm = Icd10Cm::new();
    for (input, suggestion) in [
        ("T36.01A", "T36.0X1A"),
        ("T3601A", "T36.0X1A"),
        ("W21.89A", "W21.89XA"),
        ("T36.01XA", "T36.0X1A"),
        ("M01.11", "M01.X11"),
    ] {
        match cm.validate(input, dos()).unwrap_err() {
            ValidationError::MissingPlaceholder {
                suggestion: s,
                suggestion_billable,
                ..
            } => {
                assert_eq!(s, suggestion, "{input}");
                assert!(suggestion_billable, "{input}");
                assert!(cm.is_valid(&s, dos()));
            }
            other => panic!("{input}: {other:?}"),
        }
        assert_eq!(cm.reason(input, dos()), ReasonKind::MissingPlaceholder);
        assert!(!cm.is_valid(input, dos()));
    }
    let e = cm.validate("T36.01A", dos()).unwrap_err();
    assert_eq!(
        e.to_string(),
        "T36.01A is missing the placeholder X: the code is T36.0X1A"
    );
}

#[test]
fn seventh_character_not_allowed_lists_the_allowed_ones() {
    let cm = Icd10Cm::new();
    match cm.validate("S52.521Z", dos()).unwrap_err() {
        ValidationError::SeventhCharacterNotAllowed {
            found,
            base,
            allowed,
            ..
        } => {
            assert_eq!(found, 'Z');
            assert_eq!(base, "S52.521");
            assert_eq!(chars(&allowed), "ADGKPS");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        cm.reason("W21.89XB", dos()),
        ReasonKind::SeventhCharacterNotAllowed
    );
}

#[test]
fn seventh_character_on_a_code_that_takes_none() {
    let cm = Icd10Cm::new();
    for (input, base) in [("E11.9A", "E11.9"), ("E11.9XA", "E11.9"), ("I10XA", "I10")] {
        match cm.validate(input, dos()).unwrap_err() {
            ValidationError::UnexpectedSeventhCharacter { base: b, found, .. } => {
                assert_eq!(b, base, "{input}");
                assert_eq!(found, 'A');
            }
            other => panic!("{input}: {other:?}"),
        }
    }
    // Digits are not read as a 7th character before the 7th position.
    assert_eq!(cm.reason("E11.91", dos()), ReasonKind::Unknown);
    assert_eq!(cm.reason("Q99.99", dos()), ReasonKind::Unknown);
    // Headers stay NotBillable.
    assert_eq!(cm.reason("E11", dos()), ReasonKind::NotBillable);
    assert_eq!(cm.reason("S52.52", dos()), ReasonKind::NotBillable);
}

/// Codes whose 7th character comes from a definition, with the code they extend (the
/// first six characters) on a date.
fn extended_codes(cm: &Icd10Cm, date: Date) -> Vec<(Code, String)> {
    cm.codes_valid_on(date)
        .filter(|c| c.undotted().len() == 7 && c.seventh_characters().is_some())
        .map(|c| {
            let u = c.undotted();
            (c, u.as_str()[..6].to_owned())
        })
        .collect()
}

fn extended_codes_2025() -> &'static [(Code, String)] {
    static CODES: OnceLock<Vec<(Code, String)>> = OnceLock::new();
    CODES.get_or_init(|| extended_codes(&Icd10Cm::new(), d("2025-03-01")))
}

/// Every code the rule generates (childless code under a 7th-character definition, padded
/// with X, plus each defined character) is valid, except the S06 "death" codes whose note
/// says D and S do not apply; every one-character-shorter form asks for a 7th character.
#[test]
fn every_extension_is_valid_and_every_stem_asks_for_a_seventh_character() {
    let cm = Icd10Cm::new();
    // The S06 leaves with 6th character 7 or 8: 36 of them in FY2021, 38 later.
    for (date, s06) in [
        (d("2021-01-01"), 72),
        (d("2025-03-01"), 76),
        (d("2026-01-01"), 76),
    ] {
        let mut stems: BTreeMap<String, Vec<char>> = BTreeMap::new();
        for (code, stem) in extended_codes(&cm, date) {
            let c = code.undotted().as_str().as_bytes()[6] as char;
            stems.entry(stem).or_default().push(c);
        }
        assert!(stems.len() > 12_000, "{date}: {}", stems.len());
        let mut not_generated = Vec::new();
        for (stem, valid) in &stems {
            match cm.validate(stem, date) {
                Err(ValidationError::MissingSeventhCharacter { options, base, .. }) => {
                    assert_eq!(base.replace('.', ""), *stem);
                    assert_eq!(chars(&options), valid.iter().collect::<String>(), "{stem}");
                }
                other => panic!("{stem} on {date}: {other:?}"),
            }
            assert_eq!(cm.reason(stem, date), ReasonKind::MissingSeventhCharacter);
            let def = cm.lookup(stem).map(|c| c.seventh_characters());
            let def = match def {
                Ok(Some(def)) => def,
                // A padding stem (W2189X) is not a code: its definition is its parent's.
                _ => cm
                    .lookup(stem.trim_end_matches('X'))
                    .unwrap()
                    .seventh_characters()
                    .unwrap(),
            };
            for ch in def.characters {
                let code = format!("{stem}{}", ch.character);
                if !cm.is_valid(&code, date) {
                    not_generated.push(code);
                }
            }
        }
        assert!(
            not_generated
                .iter()
                .all(|c| c.starts_with("S06") && matches!(&c[5..], "7D" | "7S" | "8D" | "8S")),
            "{date}: {not_generated:?}"
        );
        assert_eq!(not_generated.len(), s06, "{date}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    /// Any code with a 7th character from a definition: it is valid; with another
    /// character it is not allowed; without its placeholder X the X is suggested; and
    /// `reason` agrees with `validate` throughout.
    #[test]
    fn mutations_of_extended_codes(i in 0usize..1_000_000, other in "[A-Z0-9]") {
        let cm = Icd10Cm::new();
        let date = d("2025-03-01");
        let codes = extended_codes_2025();
        let (code, stem) = &codes[i % codes.len()];
        let s = code.undotted().to_string();
        prop_assert!(cm.validate(&s, date).is_ok());
        let changed = format!("{stem}{other}");
        let kind = cm.reason(&changed, date);
        prop_assert_eq!(kind, cm.validate(&changed, date).err().map_or(ReasonKind::Valid, |e| e.kind()));
        if cm.lookup(&changed).is_err() {
            prop_assert_eq!(kind, ReasonKind::SeventhCharacterNotAllowed, "{}", changed);
        }
        if s.contains('X') {
            let without: String = s.chars().enumerate().filter(|&(k, c)| k < 3 || c != 'X').map(|(_, c)| c).collect();
            match cm.validate(&without, date) {
                Err(ValidationError::MissingPlaceholder { suggestion, .. }) => {
                    prop_assert_eq!(suggestion.replace('.', ""), s)
                }
                other => prop_assert!(false, "{}: {:?}", without, other),
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// Notes

#[cfg(feature = "notes")]
#[test]
fn note_counts_match_the_tabular_list() {
    let cm = Icd10Cm::new();
    let mut counts: BTreeMap<NoteKind, usize> = BTreeMap::new();
    let mut levels: BTreeMap<NoteLevel, usize> = BTreeMap::new();
    for note in cm.all_notes() {
        *counts.entry(note.kind).or_default() += 1;
        *levels.entry(note.site.level).or_default() += 1;
        assert!(!note.inherited);
    }
    // April 2026 tabular list: element counts.
    assert_eq!(counts[&NoteKind::Excludes1], 2_644);
    assert_eq!(counts[&NoteKind::Excludes2], 1_165);
    assert_eq!(counts[&NoteKind::CodeFirst], 363);
    assert_eq!(counts[&NoteKind::UseAdditionalCode], 844);
    assert_eq!(counts[&NoteKind::CodeAlso], 320);
    assert_eq!(counts[&NoteKind::InclusionTerm], 6_809);
    assert_eq!(counts[&NoteKind::Includes], 415);
    assert_eq!(counts[&NoteKind::Note], 86);
    assert_eq!(counts[&NoteKind::SeventhCharacter], 508);
    assert_eq!(levels[&NoteLevel::Chapter], 41);
    assert_eq!(cm.notes_source().name, "April 2026 tabular list (FY2026)");
}

#[cfg(feature = "notes")]
#[test]
fn notes_are_inherited_down_the_hierarchy() {
    let cm = Icd10Cm::new();
    let notes = cm.lookup("E11.9").unwrap().notes();
    let own = &notes[0];
    assert_eq!(
        (own.kind, own.site.id.as_str(), own.inherited),
        (NoteKind::Excludes1, "E11.9", false)
    );
    let e11 = notes
        .iter()
        .find(|n| n.kind == NoteKind::Excludes1 && n.site.id == "E11")
        .unwrap();
    assert!(e11.inherited);
    let t1 = e11
        .lines
        .iter()
        .find(|l| l.text == "type 1 diabetes mellitus (E10.-)")
        .unwrap();
    assert_eq!(t1.refs.len(), 1);
    let r = &t1.refs[0];
    assert_eq!(
        (r.text, r.first.as_str(), r.last.as_str(), r.range),
        ("E10", "E10", "E10", false)
    );
    assert!(r.covers(&cm.lookup("E10.9").unwrap()));
    assert!(!r.covers(&cm.lookup("E11.9").unwrap()));
    let e10: Vec<String> = r.codes_valid_on(dos()).map(|c| c.to_string()).collect();
    assert!(e10.contains(&"E10.9".to_owned()) && e10.iter().all(|c| c.starts_with("E10.")));
    // The chapter's notes come last.
    let last = notes.last().unwrap();
    assert_eq!(
        (last.site.level, last.site.id.as_str()),
        (NoteLevel::Chapter, "4")
    );
    assert_eq!(cm.chapter(4).unwrap().notes().len(), 2);
    assert!(cm.block("E08-E13").unwrap().notes().is_empty());
    // 7th-character codes inherit from their stem.
    let s = cm.lookup("S52.521A").unwrap().notes();
    assert!(s
        .iter()
        .any(|n| n.kind == NoteKind::SeventhCharacter && n.site.id == "S52.52"));
}

#[cfg(feature = "notes")]
#[test]
fn references_are_resolved_with_their_qualifiers() {
    let cm = Icd10Cm::new();
    // D61.1 "Drug-induced aplastic anemia": use additional code for adverse effect, if
    // applicable, to identify drug (T36-T50 with fifth or sixth character 5).
    let note = cm
        .lookup("D61.1")
        .unwrap()
        .notes()
        .into_iter()
        .find(|n| n.kind == NoteKind::UseAdditionalCode && n.text().contains("T36-T50"))
        .unwrap();
    let r = note.refs().find(|r| r.text == "T36-T50").unwrap();
    assert_eq!(r.qualifier, Some("fifth or sixth character 5"));
    assert!(r.exact && r.range && r.resolved);
    let covered = |c: &str| r.covers(&cm.lookup(c).unwrap());
    assert!(covered("T36.0X5A") && covered("T39.95XA") && covered("T40.415A"));
    assert!(!covered("T36.0X1A") && !covered("T40.5X1A"));
    assert!(r.codes_valid_on(dos()).all(|c| {
        let u = c.undotted();
        let b = u.as_bytes();
        b[5] == b'5' || (b[4] == b'5' && b[5] == b'X')
    }));
}

// ---------------------------------------------------------------------------------------
// Encounter checks

fn kinds(codes: &[&str]) -> Vec<(FindingKind, Severity, Vec<String>)> {
    Icd10Cm::new()
        .check_encounter(codes, dos())
        .findings
        .into_iter()
        .map(|f| (f.kind, f.severity, f.codes))
        .collect()
}

fn v(codes: &[&str]) -> Vec<String> {
    codes.iter().map(|c| c.to_string()).collect()
}

#[cfg(feature = "notes")]
#[test]
fn excludes1_type_1_and_type_2_diabetes() {
    let cm = Icd10Cm::new();
    let report = cm.check_encounter(&["E11.9", "E10.9"], dos());
    let f = &report.findings[0];
    assert_eq!(
        (f.kind, f.severity),
        (FindingKind::Excludes1, Severity::Error)
    );
    assert_eq!(f.codes, v(&["E11.9", "E10.9"]));
    assert_eq!(f.positions, [0, 1]);
    let note = f.note.as_ref().unwrap();
    // E11's Excludes1 lists E10.-, and E10's lists E11.-: both directions.
    assert_eq!(
        (note.site.id.as_str(), note.text.as_str()),
        ("E11", "type 1 diabetes mellitus (E10.-)")
    );
    assert!(f.message.contains("in turn"), "{}", f.message);
    let reverse = cm.check_encounter(&["E10.9", "E11.9"], dos());
    let note = reverse.findings[0].note.as_ref().unwrap();
    assert_eq!(
        (note.site.id.as_str(), note.text.as_str()),
        ("E10", "type 2 diabetes mellitus (E11.-)")
    );
    assert_eq!(
        report
            .findings
            .iter()
            .filter(|f| f.kind == FindingKind::Excludes1)
            .count(),
        1
    );
    assert_eq!(report.notes_source, "April 2026 tabular list (FY2026)");
}

#[cfg(feature = "notes")]
#[test]
fn manifestation_listed_first_or_without_its_etiology() {
    // F02.80 "Dementia in other diseases classified elsewhere": code first the underlying
    // physiological condition, such as Alzheimer's (G30.-).
    assert_eq!(
        kinds(&["F02.80", "G30.9"]),
        [(
            FindingKind::CodeFirstOrder,
            Severity::Error,
            v(&["F02.80", "G30.9"])
        )]
    );
    assert_eq!(kinds(&["G30.9", "F02.80"]), []);
    assert_eq!(
        kinds(&["F02.80"]),
        [
            (
                FindingKind::CodeFirstMissing,
                Severity::Warning,
                v(&["F02.80"])
            ),
            (
                FindingKind::ManifestationFirst,
                Severity::Error,
                v(&["F02.80"])
            ),
        ]
    );
    // G63 "Polyneuropathy in diseases classified elsewhere", after amyloidosis: clean.
    assert_eq!(kinds(&["E85.1", "G63"]), []);
    let g63 = kinds(&["G63", "E85.1"]);
    assert_eq!(g63[0].0, FindingKind::CodeFirstOrder);
    // Diabetic polyneuropathy is a combination code: G63's Excludes1 lists
    // "diabetes mellitus (E08-E13 with .42)", a qualified range.
    let report = Icd10Cm::new().check_encounter(&["E11.42", "G63"], dos());
    let f = &report.findings[0];
    assert_eq!(
        (f.kind, f.codes.clone()),
        (FindingKind::Excludes1, v(&["E11.42", "G63"]))
    );
    assert_eq!(
        f.note.as_ref().unwrap().text,
        "diabetes mellitus (E08-E13 with .42)"
    );
    assert!(!kinds(&["E11.40", "G63"])
        .iter()
        .any(|k| k.0 == FindingKind::Excludes1));
}

#[test]
fn duplicates_and_ancestors() {
    assert_eq!(
        kinds(&["E11.9", "Z79.84", "E11.9"]),
        [(FindingKind::Duplicate, Severity::Warning, v(&["E11.9"]))]
    );
    let report = Icd10Cm::new().check_encounter(&["E11", "E11.9", "Z79.84"], dos());
    let got: Vec<_> = report
        .findings
        .iter()
        .map(|f| (f.kind, f.codes.clone()))
        .collect();
    assert_eq!(
        got,
        [
            (FindingKind::InvalidCode, v(&["E11"])),
            (FindingKind::CodeWithAncestor, v(&["E11", "E11.9"])),
        ]
    );
    assert_eq!(
        report.findings[0].message,
        Icd10Cm::new()
            .validate("E11", dos())
            .unwrap_err()
            .to_string()
    );
}

#[cfg(feature = "notes")]
#[test]
fn use_additional_code_is_a_reminder() {
    let report = Icd10Cm::new().check_encounter(&["E11.9"], dos());
    assert_eq!(report.findings.len(), 1);
    let f = &report.findings[0];
    assert_eq!(
        (f.kind, f.severity),
        (FindingKind::UseAdditionalCode, Severity::Info)
    );
    assert_eq!(f.note.as_ref().unwrap().site.id, "E11");
    assert!(report.is_clean());
    assert_eq!(kinds(&["E11.9", "Z79.4"]), []);
}

#[test]
fn invalid_codes_are_findings_with_the_validation_message() {
    let report =
        Icd10Cm::new().check_encounter(&["T36.01A", "S52.521", "W21.89A", "nonsense"], dos());
    // S52.521 is a header: it takes part in the other checks (here a chapter 19 reminder).
    let got: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.kind == FindingKind::InvalidCode)
        .map(|f| (f.kind, f.codes.clone()))
        .collect();
    assert_eq!(
        got,
        [
            (FindingKind::InvalidCode, v(&["T36.01A"])),
            (FindingKind::InvalidCode, v(&["S52.521"])),
            (FindingKind::InvalidCode, v(&["W21.89A"])),
            (FindingKind::InvalidCode, v(&["nonsense"])),
        ]
    );
    assert!(report.findings[0].message.contains("T36.0X1A"));
    assert!(report.findings[1].message.contains("needs a 7th character"));
    assert_eq!(report.max_severity(), Some(Severity::Error));
}

/// The site of a note as a billable code on the date (the first below it).
fn billable_at(cm: &Icd10Cm, level: NoteLevel, id: &str, date: Date) -> Option<Code> {
    let start: Vec<Code> = match level {
        NoteLevel::Code => vec![cm.lookup(id).ok()?],
        NoteLevel::Block => cm.block(id)?.categories().collect(),
        NoteLevel::Chapter => cm
            .chapter(id.parse().ok()?)?
            .blocks()
            .flat_map(|b| b.categories().collect::<Vec<_>>())
            .collect(),
    };
    start.into_iter().find_map(|c| {
        std::iter::once(c)
            .chain(c.descendants())
            .find(|x| x.is_valid_on(date))
    })
}

/// Every Excludes1 line of the tabular list, taken from the data: a billable code under
/// the note and a billable code its reference covers are reported as a conflict.
#[cfg(feature = "notes")]
#[test]
fn excludes1_cases_from_the_tabular_list() {
    let cm = Icd10Cm::new();
    let date = d("2026-01-15");
    let (mut checked, mut skipped) = (0, 0);
    for note in cm.all_notes().filter(|n| n.kind == NoteKind::Excludes1) {
        let Some(x) = billable_at(&cm, note.site.level, &note.site.id, date) else {
            skipped += 1;
            continue;
        };
        for line in &note.lines {
            for r in line.refs.iter().filter(|r| r.exact && r.resolved) {
                let related =
                    |y: &Code| y.ancestors().any(|a| a == x) || x.ancestors().any(|a| a == *y);
                let Some(y) = r.codes_valid_on(date).find(|y| *y != x && !related(y)) else {
                    skipped += 1;
                    continue;
                };
                let report = cm.check_encounter(&[x.to_string(), y.to_string()], date);
                let hit = report.findings.iter().any(|f| {
                    f.kind == FindingKind::Excludes1 && f.codes == [x.to_string(), y.to_string()]
                });
                assert!(
                    hit,
                    "{x} + {y} ({} at {}: {:?}): {:?}",
                    note.kind, note.site, line.text, report.findings
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 4_000, "checked {checked}, skipped {skipped}");
}

#[cfg(all(feature = "serde", feature = "notes"))]
#[test]
fn findings_serialize() {
    let report = Icd10Cm::new().check_encounter(&["E11.9", "E10.9"], dos());
    let json = serde_json::to_value(&report).unwrap();
    assert_eq!(json["findings"][0]["kind"], "excludes1");
    assert_eq!(json["findings"][0]["severity"], "error");
    assert_eq!(json["findings"][0]["note"]["site"]["level"], "code");
    let e = Icd10Cm::new().validate("S52.521", dos()).unwrap_err();
    let json = serde_json::to_value(&e).unwrap();
    assert_eq!(json["kind"], "missing_seventh_character");
    assert_eq!(json["options"][0]["character"], "A");
}
