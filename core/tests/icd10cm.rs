//! ICD-10-CM behaviour on the bundled tables: counts, known cases, hierarchy, titles.

use medcodes::icd10cm::CodeKind;
use medcodes::{Date, Icd10Cm, ReasonKind, ValidationError};

fn d(s: &str) -> Date {
    s.parse().unwrap()
}

#[test]
fn counts_of_valid_codes_match_cms() {
    let cm = Icd10Cm::new();
    for (date, expected) in [
        ("2015-10-01", 69_823),
        ("2024-10-01", 74_260),
        ("2025-10-01", 74_719),
    ] {
        assert_eq!(cm.codes_valid_on(d(date)).count(), expected, "{date}");
    }
}

#[test]
fn u07_1_valid_from_april_2020() {
    let cm = Icd10Cm::new();
    assert!(cm.validate("U07.1", d("2020-04-01")).is_ok());
    let err = cm.validate("U07.1", d("2020-03-31")).unwrap_err();
    assert_eq!(err.kind(), ReasonKind::NotValidOnDate);
    assert!(err.to_string().contains("added on 2020-04-01"), "{err}");
}

#[test]
fn z20_822_valid_from_january_2021() {
    let cm = Icd10Cm::new();
    assert!(cm.is_valid("Z20.822", d("2021-01-01")));
    assert!(!cm.is_valid("Z20.822", d("2020-12-31")));
}

#[test]
fn e11_is_a_header() {
    let cm = Icd10Cm::new();
    let err = cm.validate("E11", d("2025-03-01")).unwrap_err();
    match &err {
        ValidationError::NotBillable {
            billable_descendants,
            examples,
            ..
        } => {
            assert!(*billable_descendants > 50);
            assert_eq!(examples[0], "E11.00");
        }
        other => panic!("{other:?}"),
    }
    let e11 = cm.lookup("E11").unwrap();
    assert_eq!(e11.kind(), CodeKind::Category);
    assert!(!e11.is_billable());
    assert_eq!(e11.block().unwrap().id(), "E08-E13");
    assert_eq!(e11.chapter().unwrap().number(), 4);
}

#[test]
fn hierarchy_walks_both_ways() {
    let cm = Icd10Cm::new();
    let code = cm.lookup("s52.521a").unwrap();
    assert_eq!(code.code(), "S52.521A");
    let up: Vec<String> = code.ancestors().map(|c| c.code().to_string()).collect();
    assert_eq!(up, ["S52.521", "S52.52", "S52.5", "S52"]);
    let s525 = cm.lookup("S52.5").unwrap();
    let kids: Vec<String> = s525.children().map(|c| c.code().to_string()).collect();
    assert!(kids.contains(&"S52.52".to_string()), "{kids:?}");
    assert!(kids.iter().all(|k| k.len() == 6), "{kids:?}");
    assert!(s525.descendants().any(|c| c.code() == "S52.521A"));
    assert_eq!(code.kind(), CodeKind::Code);
    assert_eq!(s525.kind(), CodeKind::Subcategory);
}

#[test]
fn placeholder_codes_hang_under_the_nearest_code() {
    let cm = Icd10Cm::new();
    let w = cm.lookup("W21.89XA").unwrap();
    assert_eq!(w.parent().unwrap().code(), "W21.89");
}

#[cfg(feature = "titles")]
#[test]
fn titles_by_date() {
    let cm = Icd10Cm::new();
    let c = cm.lookup("E11.9").unwrap();
    let t = c.title_on(d("2025-03-01")).unwrap();
    assert_eq!(t.text, "Type 2 diabetes mellitus without complications");
    assert_eq!(t.source.name, "FY2025 order file");
    let s = c.short_title_on(d("2025-03-01")).unwrap();
    assert_eq!(s.text, "Type 2 diabetes mellitus without complications");
    let ext = cm
        .lookup("S52.521A")
        .unwrap()
        .title_on(d("2025-03-01"))
        .unwrap();
    assert_eq!(
        ext.text,
        "Torus fracture of lower end of right radius, initial encounter for closed fracture"
    );
}

#[test]
fn unknown_and_malformed() {
    let cm = Icd10Cm::new();
    let dos = d("2025-03-01");
    assert_eq!(
        cm.validate("Q99.99", dos).unwrap_err().kind(),
        ReasonKind::Unknown
    );
    assert_eq!(
        cm.validate("9E11", dos).unwrap_err().kind(),
        ReasonKind::Malformed
    );
    assert_eq!(cm.validate("", dos).unwrap_err().kind(), ReasonKind::Empty);
    assert_eq!(
        cm.validate("E11.9", d("2014-01-01")).unwrap_err().kind(),
        ReasonKind::DateOutOfRange
    );
}

#[test]
fn chapters_and_blocks() {
    let cm = Icd10Cm::new();
    assert_eq!(cm.chapters().count(), 22);
    let b = cm.block("e08-e13").unwrap();
    assert_eq!(b.title(), "Diabetes mellitus");
    assert!(b.categories().any(|c| c.code() == "E11"));
    assert_eq!(b.chapter().number(), 4);
}

#[test]
fn releases_include_april_and_january_updates() {
    let cm = Icd10Cm::new();
    let dates: Vec<String> = cm.releases().map(|r| r.effective.to_string()).collect();
    for expected in [
        "2015-10-01",
        "2020-04-01",
        "2021-01-01",
        "2025-10-01",
        "2026-10-01",
    ] {
        assert!(dates.contains(&expected.to_string()), "{dates:?}");
    }
    assert_eq!(
        cm.release_on(d("2020-05-01")).unwrap().to_string(),
        "FY2020 update of 2020-04-01"
    );
}

#[test]
fn prefix_search_for_autocomplete() {
    let cm = Icd10Cm::new();
    let e11: Vec<String> = cm
        .codes_starting_with("e11.")
        .map(|c| c.code().to_string())
        .collect();
    assert_eq!(e11[0], "E11");
    assert!(e11.iter().all(|c| c.starts_with("E11")));
    assert!(e11.contains(&"E11.9".to_string()));
    assert!(cm.codes_starting_with("E").count() > 1000);
    assert_eq!(cm.codes_starting_with("").count(), cm.codes().count());
    assert_eq!(cm.codes_starting_with("  ").count(), cm.codes().count());
    assert_eq!(cm.codes_starting_with("é").count(), 0);
}

#[test]
fn block_is_the_smallest_section_containing_the_code() {
    let cm = Icd10Cm::new();
    for (code, block) in [
        ("C01", "C00-C14"),
        ("C34.90", "C30-C39"),
        ("C50.911", "C50"),
        ("C7A.00", "C7A"),
        ("C91.00", "C81-C96"),
        ("E11.9", "E08-E13"),
        ("S52.521A", "S50-S59"),
    ] {
        let found = cm.lookup(code).unwrap().block().unwrap();
        assert_eq!(found.id(), block, "{code}");
    }
    // Headings such as C00-C96 and C00-C75 hold sections, never categories directly: no
    // block a category sits in contains another block some category sits in.
    let range = |id: &'static str| match id.split_once('-') {
        Some((first, last)) => (first, last),
        None => (id, id),
    };
    let numeric = |c: &str| c.bytes().skip(1).all(|b| b.is_ascii_digit());
    let mut homes = std::collections::BTreeSet::new();
    let mut homeless = Vec::new();
    for code in cm.codes().filter(|c| c.undotted().len() == 3) {
        // A category of the code files that no bundled tabular list has yet (J4B in
        // FY2027) may sit outside every block's range.
        let Some(block) = code.block() else {
            homeless.push(code.to_string());
            continue;
        };
        let category = code.undotted();
        let category = category.as_str();
        let (first, last) = range(block.id());
        // Categories such as C4A and D3A sit in sections by number (C43-C44), not by
        // character order; check containment for the numeric ones.
        if numeric(category) {
            assert!(
                first <= category && category <= last,
                "{code} in {}",
                block.id()
            );
        }
        homes.insert(block.id());
    }
    assert!(homes.len() > 250, "{}", homes.len());
    assert!(homeless.len() < 10, "{homeless:?}");
    for outer in &homes {
        for inner in &homes {
            let ((of, ol), (i_f, il)) = (range(outer), range(inner));
            if ![of, ol, i_f, il].iter().all(|c| numeric(c)) {
                continue;
            }
            assert!(
                outer == inner || !(of <= i_f && il <= ol),
                "categories sit in {outer} and in {inner} inside it"
            );
        }
    }
}
