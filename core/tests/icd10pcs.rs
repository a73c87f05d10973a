//! ICD-10-PCS behaviour on the bundled tables: counts, validation reasons, axes, hierarchy.

use medcodes::icd10pcs::{normalize, Level};
use medcodes::{Date, Icd10Pcs, ReasonKind, ValidationError};

fn d(s: &str) -> Date {
    s.parse().unwrap()
}

#[test]
fn counts_of_valid_codes_match_cms() {
    let pcs = Icd10Pcs::new();
    for (date, expected) in [("2024-10-01", 78_948), ("2025-10-01", 79_115)] {
        assert_eq!(pcs.codes_valid_on(d(date)).count(), expected, "{date}");
    }
}

#[test]
fn validation_reasons() {
    let pcs = Icd10Pcs::new();
    let dos = d("2025-03-01");
    assert!(pcs.validate("0DTJ4ZZ", dos).is_ok());
    assert_eq!(
        pcs.validate("0DTJ4ZZZ", dos).unwrap_err().kind(),
        ReasonKind::TooLong
    );
    let e = pcs.validate("0DTJ4OZ", dos).unwrap_err();
    assert!(
        matches!(
            e,
            ValidationError::Malformed {
                position: 6,
                found: 'O',
                ..
            }
        ),
        "{e}"
    );
    match pcs.validate("0DTJ4", dos).unwrap_err() {
        ValidationError::Incomplete {
            completions,
            examples,
            length,
            ..
        } => {
            assert_eq!(length, 5);
            assert!(completions >= 1);
            assert!(examples.iter().all(|e| e.starts_with("0DTJ4")));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        pcs.validate("0DTJ4Z9", dos).unwrap_err().kind(),
        ReasonKind::Unknown
    );
    assert_eq!(pcs.validate("", dos).unwrap_err().kind(), ReasonKind::Empty);
}

#[test]
fn not_valid_before_it_was_added() {
    let pcs = Icd10Pcs::new();
    // Some code added on 2025-10-01: valid then, not the day before.
    let added = pcs
        .codes_valid_on(d("2025-10-01"))
        .find(|c| !c.is_valid_on(d("2025-09-30")))
        .expect("FY2026 adds PCS codes");
    let e = pcs
        .validate(added.code().as_str(), d("2025-09-30"))
        .unwrap_err();
    assert_eq!(e.kind(), ReasonKind::NotValidOnDate);
    assert!(e.to_string().contains("added on 2025-10-01"), "{e}");
}

#[test]
fn axes_decode_section_0() {
    let pcs = Icd10Pcs::new();
    let code = pcs.lookup("0DTJ4ZZ").unwrap();
    let axes = code.axes();
    let labels: Vec<Option<&str>> = axes.iter().map(|a| a.label).collect();
    assert_eq!(labels[0], Some("Medical and Surgical"));
    assert_eq!(labels[1], Some("Gastrointestinal System"));
    assert_eq!(labels[2], Some("Resection"));
    assert_eq!(labels[3], Some("Appendix"));
    assert_eq!(labels[4], Some("Percutaneous Endoscopic"));
    assert_eq!(axes[2].axis, "Root Operation");
    assert!(axes[2]
        .definition
        .unwrap()
        .starts_with("Cutting out or off"));
    if cfg!(feature = "titles") {
        let title = code.title().unwrap().text;
        assert!(title.contains("Resection of Appendix"), "{title}");
    }
}

#[test]
fn other_sections_say_what_they_cannot_decode() {
    let pcs = Icd10Pcs::new();
    let code = pcs
        .codes_valid_on(d("2025-03-01"))
        .find(|c| c.code().as_str().starts_with('B'))
        .unwrap();
    let axes = code.axes();
    assert_eq!(axes[0].label, Some("Imaging"));
    assert_eq!(axes[2].axis, "Type");
    assert!(axes[3..].iter().all(|a| a.label.is_none()));
}

/// For every section-0 code with a title, the decoded root operation and body system
/// names read the same as the title's words.
#[cfg(feature = "titles")]
#[test]
fn section_0_decoding_agrees_with_titles() {
    let pcs = Icd10Pcs::new();
    let mut checked = 0;
    for code in pcs.codes().filter(|c| c.level() == Level::Code) {
        let s = code.code();
        if !s.as_str().starts_with('0') {
            continue;
        }
        let Some(title) = code.title() else { continue };
        let axes = code.axes();
        let root = axes[2]
            .label
            .unwrap_or_else(|| panic!("{s}: no root operation"));
        assert!(
            title.text.starts_with(root),
            "{s}: {root:?} vs {:?}",
            title.text
        );
        checked += 1;
    }
    assert!(checked > 60_000, "{checked}");
}

#[test]
fn hierarchy_walks_to_every_valid_code() {
    let pcs = Icd10Pcs::new();
    let dos = d("2025-03-01");
    let sections: Vec<String> = pcs.sections().map(|s| s.code().to_string()).collect();
    assert_eq!(sections.len(), 17, "{sections:?}");
    let table = pcs.lookup("0DT").unwrap();
    assert_eq!(table.level(), Level::Table);
    let parts: Vec<_> = table.children().collect();
    assert!(parts.iter().all(|p| p.level() == Level::BodyPart));
    let appendix = pcs.lookup("0DTJ").unwrap();
    assert!(appendix.children().any(|c| c.code() == "0DTJ4ZZ"));
    let mut total = 0;
    for s in pcs.sections() {
        total += s.valid_codes_on(dos);
    }
    assert_eq!(total, pcs.codes_valid_on(dos).count());
    let code = pcs.lookup("0DTJ4ZZ").unwrap();
    let up: Vec<String> = code.ancestors().map(|c| c.code().to_string()).collect();
    assert_eq!(up, ["0DTJ", "0DT", "0D", "0"]);
}

#[test]
fn prefix_walk_reaches_every_valid_code() {
    let pcs = Icd10Pcs::new();
    let dos = d("2025-03-01");
    for code in pcs.codes_valid_on(dos).step_by(97) {
        let s = code.code();
        for len in 1..=7 {
            let prefix = normalize(&s.as_str()[..len]).unwrap();
            assert!(
                pcs.codes_starting_with(prefix.as_str()).any(|c| c == code),
                "{s} from {len}"
            );
        }
    }
}
