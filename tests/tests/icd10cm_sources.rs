//! The ICD-10-CM tables agree with the source files they were built from.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use medcodes::{Date, Icd10Cm};
use medcodes_codegen::icd10cm::TITLE_SOURCES;
use medcodes_codegen::sources::{self, OrderEntry};
use medcodes_tests::inputs;

fn fy2025() -> &'static [OrderEntry] {
    static ROWS: OnceLock<Vec<OrderEntry>> = OnceLock::new();
    ROWS.get_or_init(|| {
        let s = &TITLE_SOURCES[1];
        let db = inputs()
            .extract(s.package, s.version, s.path)
            .expect("FY2025 db");
        sources::read_order_db(&db).expect("FY2025 rows")
    })
}

fn order_2021() -> Vec<OrderEntry> {
    let s = &TITLE_SOURCES[0];
    let bytes = inputs()
        .read(s.package, s.version, s.path)
        .expect("2021 order file");
    sources::parse_order_file(&String::from_utf8(bytes).expect("UTF-8")).expect("order file")
}

fn d(s: &str) -> Date {
    s.parse().unwrap()
}

/// Codes whose title on a date differs from a source's, with the reason: a fixture file of
/// `code<TAB>reason` lines.
fn exceptions(fixture: &str) -> BTreeMap<String, String> {
    fixture
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| l.split_once('\t'))
        .map(|(c, r)| (c.to_owned(), r.to_owned()))
        .collect()
}

#[test]
fn fy2025_billable_codes_are_valid_and_billable_on_2025_03_01() {
    let cm = Icd10Cm::new();
    let dos = d("2025-03-01");
    let mut billable = 0;
    for row in fy2025() {
        let code = cm
            .lookup(&row.code)
            .unwrap_or_else(|e| panic!("{}: {e}", row.code));
        if row.billable {
            billable += 1;
            assert!(
                cm.validate(&row.code, dos).is_ok(),
                "{} should be valid",
                row.code
            );
        } else {
            assert!(!code.is_valid_on(dos), "{} is a header", row.code);
            assert!(
                code.is_present_on(dos),
                "{} should be present as a header",
                row.code
            );
        }
    }
    assert_eq!(billable, 74_260);
    assert_eq!(cm.codes_valid_on(dos).count(), 74_260);
}

#[test]
fn fy2025_titles_match_the_order_file() {
    let cm = Icd10Cm::new();
    let dos = d("2025-03-01");
    for row in fy2025() {
        let code = cm.lookup(&row.code).unwrap();
        let long = code.title_on(dos).map(|t| t.text.into_owned());
        assert_eq!(long.as_deref(), Some(row.long.as_str()), "{}", row.code);
        let short = code.short_title_on(dos).map(|t| t.text.into_owned());
        assert_eq!(short.as_deref(), Some(row.short.as_str()), "{}", row.code);
    }
}

/// The April 2025 tabular list, with 7th-character codes built the way CMS builds them,
/// gives the FY2025 order file's titles, except for the listed codes.
#[test]
fn titles_built_from_the_april_2025_tabular_match_fy2025() {
    let cm = Icd10Cm::new();
    let known = exceptions(include_str!(
        "../fixtures/icd10cm-april-2025-title-differences.tsv"
    ));
    let mut unexpected = Vec::new();
    for row in fy2025().iter().filter(|r| r.billable) {
        let code = cm.lookup(&row.code).unwrap();
        let built = code.title_from(2).map(|t| t.text.into_owned());
        if built.as_deref() != Some(row.long.as_str()) && !known.contains_key(&row.code) {
            unexpected.push(format!("{}\t{:?}\t{:?}", row.code, built, row.long));
        }
    }
    assert!(
        unexpected.is_empty(),
        "{} unexplained differences:\n{}",
        unexpected.len(),
        unexpected[..unexpected.len().min(30)].join("\n")
    );
    for code in known.keys() {
        let c = cm.lookup(code).unwrap();
        let row = fy2025().iter().find(|r| &r.code == code);
        let built = c.title_from(2).map(|t| t.text.into_owned());
        assert!(
            row.is_none_or(|r| built.as_deref() != Some(r.long.as_str())),
            "{code} is listed as differing but matches: remove it from the fixture"
        );
    }
}

#[test]
fn fy2021_order_file_agrees_with_the_tables() {
    let cm = Icd10Cm::new();
    let dos = d("2021-01-01");
    for row in order_2021() {
        let code = cm.lookup(&row.code).unwrap();
        assert_eq!(code.is_valid_on(dos), row.billable, "{}", row.code);
        let long = code.title_on(dos).map(|t| t.text.into_owned());
        assert_eq!(long.as_deref(), Some(row.long.as_str()), "{}", row.code);
    }
}
