//! ICD-10-PCS titles composed from axis labels (`Code::composed_title`): the composition
//! agrees with the official title of every code that has one, but for the exceptions listed
//! in `tests/fixtures/icd10pcs-composed-title-exceptions.tsv`, and it titles valid codes no
//! source titles.
#![cfg(all(feature = "icd10pcs", feature = "titles"))]

use std::collections::BTreeSet;

use medcodes::icd10pcs::COMPOSED;
use medcodes::Icd10Pcs;

const EXCEPTIONS: &str =
    include_str!("../../tests/fixtures/icd10pcs-composed-title-exceptions.tsv");
const REPORT: &str = include_str!("../src/generated/REPORT.md");

#[test]
fn composed_titles_agree_with_every_official_title_but_the_listed_exceptions() {
    let pcs = Icd10Pcs::new();
    let listed: BTreeSet<&str> = EXCEPTIONS
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| l.split('\t').next())
        .collect();
    let (mut compared, mut agreed) = (0usize, 0usize);
    let mut found = BTreeSet::new();
    let mut report = String::new();
    let (mut untitled, mut composed) = (0usize, 0usize);
    for code in pcs.codes().filter(|c| c.undotted().len() == 7) {
        let made = code.composed_title();
        if let Some(t) = &made {
            assert_eq!(t.source, &COMPOSED);
        }
        match (code.title(), made) {
            (Some(official), Some(made)) => {
                compared += 1;
                if official.text == made.text {
                    agreed += 1;
                } else {
                    found.insert(code.code().to_string());
                    report.push_str(&format!(
                        "{}\t{}\t{}\n",
                        code.code(),
                        made.text,
                        official.text
                    ));
                }
            }
            (None, made) if !code.validity().is_empty() => {
                untitled += 1;
                composed += usize::from(made.is_some());
                let first = code.validity()[0].start;
                assert_eq!(
                    code.title_or_composed_on(first)
                        .map(|t| t.text.into_owned()),
                    made.map(|t| t.text.into_owned())
                );
            }
            _ => {}
        }
    }
    let found_str: BTreeSet<&str> = found.iter().map(String::as_str).collect();
    if found_str != listed {
        std::fs::write(
            std::env::temp_dir().join("icd10pcs-composed-title-exceptions.tsv"),
            &report,
        )
        .ok();
    }
    eprintln!("compared {compared}, agreed {agreed}, exceptions {}; untitled valid {untitled}, composed {composed}", found.len());
    assert_eq!(
        found_str, listed,
        "exceptions differ (found written to the temp dir)"
    );
    assert!(compared > 35_000, "{compared}");
    assert!(composed > 0, "no untitled code composed");
    // The generator counts the same composition (codegen/src/pcs.rs, `compose_untitled`)
    // and reports it: the report and the core must agree.
    let line = REPORT
        .lines()
        .find(|l| l.starts_with("- titles composed from axis labels"))
        .expect("REPORT.md reports the composed titles");
    let reported = line.rsplit_once(": ").map(|(_, n)| n).unwrap_or_default();
    assert_eq!(
        reported,
        format!("{composed} of the {untitled} untitled valid codes"),
        "{line}"
    );
}

/// New axis values (FY2026+) no title of their own table holds: "Bifurcation" in the upper
/// and lower artery dilation tables, lent by the coronary table, and placed where every
/// official title with it puts it (before the device); the device in the table's own
/// wording ("Drug-eluting Intraluminal Device", not the label "Intraluminal Device,
/// Drug-eluting").
#[test]
fn composed_titles_of_new_values_read_like_the_official_ones() {
    let pcs = Icd10Pcs::new();
    for (code, expected) in [
        (
            "0370046",
            "Dilation of Right Internal Mammary Artery, Bifurcation, with Drug-eluting Intraluminal Device, Open Approach",
        ),
        (
            "047K3Z6",
            "Dilation of Right Femoral Artery, Bifurcation, Percutaneous Approach",
        ),
        // An official title the learned "using" form rebuilds.
        (
            "04700Z1",
            "Dilation of Abdominal Aorta using Drug-Coated Balloon, Open Approach",
        ),
    ] {
        let c = pcs.lookup(code).unwrap_or_else(|e| panic!("{code}: {e}"));
        let made = c.composed_title().unwrap_or_else(|| panic!("{code}: not composed"));
        assert_eq!(made.text, expected, "{code}");
    }
    // The axis labels stay pcs_tree's: the title forms are for composing only.
    let c = pcs.lookup("0370046").expect("valid");
    assert_eq!(c.axes()[6].label, None);
    assert_eq!(
        c.axes()[5].label,
        Some("Intraluminal Device, Drug- eluting")
    );
}
