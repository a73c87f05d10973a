//! A CMS order file loaded over the built-in tables (`medcodes::release`): a synthetic
//! next-year release changes exactly its codes from its effective date, and malformed files
//! of each kind are refused, naming the file, line and field. The FY2025 file from the
//! pinned inputs is loaded in `tests/tests/release.rs`.

use medcodes::release::{format_line, ReleaseError, ReleaseRole};
use medcodes::{Date, Icd10Cm};

mod common;
use common::order_file_from_built_in;

fn d(s: &str) -> Date {
    s.parse().unwrap()
}

const NEW_CODES: [&str; 3] = ["E11W", "E11Y", "Z3AZ"];
const RETITLED: &str = "E119";
const DELETED: &str = "E1165";

/// FY2028: three new codes, E11.9 retitled, E11.65 deleted.
fn fy2028_file() -> String {
    order_file_from_built_in(d("2027-03-31"), "\n", |rows| {
        for code in NEW_CODES {
            rows.push((code.to_owned(), true, format!("New code {code}")));
        }
        rows.retain(|r| r.0 != DELETED);
        for r in rows.iter_mut().filter(|r| r.0 == RETITLED) {
            r.2 = "Type 2 diabetes mellitus without complications, retitled".to_owned();
        }
        rows.sort();
    })
}

// The built-in titles are compared against: not in a build without them.
#[cfg(feature = "titles")]
#[test]
fn a_next_year_release_changes_exactly_its_codes_from_its_effective_date() {
    // Imported here: a build without titles (the compact CI step) compiles neither test.
    use medcodes::{ReasonKind, ValidationError};
    use std::collections::BTreeSet;

    let cm = Icd10Cm::new();
    for code in NEW_CODES {
        assert!(cm.lookup(code).is_err(), "{code} is new");
    }
    let text = fy2028_file();
    let with = cm
        .with_release_bytes("icd10cm_order_2028.txt", text.as_bytes(), None)
        .expect("valid FY2028 file");
    let info = with.release();
    assert_eq!(info.role, ReleaseRole::Update);
    assert_eq!(info.effective, d("2027-10-01"));
    assert_eq!(info.fiscal_year.0, 2028);

    let diff = with.differences();
    assert_eq!(diff.compared_on, d("2027-03-31"));
    assert_eq!(diff.added, ["E11.W", "E11.Y", "Z3A.Z"]);
    assert_eq!(diff.deleted, ["E11.65"]);
    assert!(diff.now_billable.is_empty() && diff.now_headers.is_empty());
    let retitled: Vec<&str> = diff.retitled.iter().map(|r| r.code.as_str()).collect();
    assert_eq!(retitled, ["E11.9"]);
    // Codes without a built-in title get the stand-in's, listed apart.
    assert!(diff
        .newly_titled
        .iter()
        .all(|c| cm.lookup(c).unwrap().title().is_none()));

    let fy28 = d("2027-10-01");
    for code in NEW_CODES {
        assert_eq!(with.reason(code, fy28), ReasonKind::Valid, "{code}");
        let found = with.validate(code, fy28).unwrap();
        assert_eq!(found.built_in, None);
        let title = found.title.unwrap();
        assert_eq!(title.text, format!("New code {code}"));
        assert!(title.from_release);
        assert_eq!(
            with.reason(code, d("2027-09-30")),
            cm.reason(code, d("2027-09-30"))
        );
        assert_eq!(with.reason(code, d("2027-03-31")), ReasonKind::Unknown);
    }
    assert_eq!(with.reason("E11.65", fy28), ReasonKind::NotValidOnDate);
    match with.validate("E11.65", fy28) {
        Err(ValidationError::NotValidOnDate { valid, .. }) => {
            assert_eq!(valid.last().unwrap().end, Some(d("2027-09-30")));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        with.title_on("E11.9", fy28).unwrap().text,
        "Type 2 diabetes mellitus without complications, retitled"
    );
    assert_eq!(with.reason("E11", fy28), ReasonKind::NotBillable);
    match with.validate("E11", fy28) {
        Err(ValidationError::NotBillable { examples, .. }) => {
            assert!(examples[0].starts_with("E11."))
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(with.reason("Q99.99", fy28), ReasonKind::Unknown);
    assert_eq!(
        with.reason("E11..9", fy28),
        cm.reason("E11..9", d("2026-01-01"))
    );

    // Every code of every built-in date: the same answer and title as without the release.
    let codes: Vec<String> = cm.codes().step_by(3).map(|c| c.to_string()).collect();
    for date in [
        "2015-10-01",
        "2024-10-01",
        "2026-10-01",
        "2027-03-31",
        "2027-09-30",
    ] {
        let date = d(date);
        for code in codes.iter().map(String::as_str).chain(["E11.9", "E11.65"]) {
            assert_eq!(
                with.reason(code, date),
                cm.reason(code, date),
                "{code} {date}"
            );
            assert_eq!(
                with.title_on(code, date).map(|t| t.text),
                cm.lookup(code)
                    .ok()
                    .and_then(|c| c.title_on(date))
                    .map(|t| t.text.into_owned()),
                "{code} {date}"
            );
        }
    }
    // From the effective date, exactly the listed codes change (billable codes of the day
    // before against the release's).
    let before: BTreeSet<String> = cm
        .codes_valid_on(d("2027-03-31"))
        .map(|c| c.to_string())
        .collect();
    let after: BTreeSet<String> = with
        .codes_valid_on(fy28)
        .iter()
        .map(|c| c.to_string())
        .collect();
    let gained: Vec<&String> = after.difference(&before).collect();
    let lost: Vec<&String> = before.difference(&after).collect();
    assert_eq!(gained, ["E11.W", "E11.Y", "Z3A.Z"]);
    assert_eq!(lost, ["E11.65"]);
}

#[test]
fn a_release_is_read_from_a_folder_and_a_path() {
    let dir = std::env::temp_dir().join(format!("medcodes-release-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("icd10cm_order_2028.txt"), fy2028_file()).unwrap();
    std::fs::write(dir.join("README.txt"), "not an order file").unwrap();
    let cm = Icd10Cm::new();
    let from_dir = cm.with_release(&dir).unwrap();
    assert!(from_dir.is_valid("E11.W", d("2027-10-01")));
    let from_file = cm.with_release(dir.join("icd10cm_order_2028.txt")).unwrap();
    assert_eq!(from_file.release().codes, from_dir.release().codes);
    let empty = dir.join("empty");
    std::fs::create_dir_all(&empty).unwrap();
    assert!(matches!(
        cm.with_release(&empty),
        Err(ReleaseError::NoOrderFile { .. })
    ));
    assert!(matches!(
        cm.with_release(dir.join("missing.txt")),
        Err(ReleaseError::Io { .. })
    ));
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A small consistent release to break one way at a time.
fn small() -> Vec<String> {
    vec![
        format_line(
            1,
            "E11",
            false,
            "Type 2 diabetes mellitus",
            "Type 2 diabetes mellitus",
        ),
        format_line(
            2,
            "E119",
            true,
            "Type 2 diabetes w/o compl",
            "Type 2 diabetes mellitus without complications",
        ),
        format_line(
            3,
            "E11W",
            true,
            "Type 2 diabetes, new",
            "Type 2 diabetes mellitus, new code",
        ),
    ]
}

fn load(name: &str, lines: &[String]) -> Result<ReleaseRole, ReleaseError> {
    Icd10Cm::new()
        .with_release_bytes(name, lines.join("\n").as_bytes(), None)
        .map(|w| w.release().role)
}

#[test]
fn malformed_files_are_refused_naming_file_line_and_field() {
    let name = "icd10cm_order_2028.txt";
    assert_eq!(load(name, &small()), Ok(ReleaseRole::Update));
    // CRLF line ends and Latin-1 bytes read too.
    let crlf = small().join("\r\n");
    assert!(Icd10Cm::new()
        .with_release_bytes(name, crlf.as_bytes(), None)
        .is_ok());

    let broken = |line: usize, f: &dyn Fn(&str) -> String| {
        let mut lines = small();
        lines[line] = f(&lines[line]);
        load(name, &lines).unwrap_err()
    };
    // Truncated: the last line cut.
    match broken(2, &|l| l[..40].to_owned()) {
        ReleaseError::LineTooShort {
            file, line, length, ..
        } => {
            assert_eq!((file.as_str(), line, length), (name, 3, 40));
        }
        e => panic!("{e:?}"),
    }
    // Wrong columns: the code shifted one column right.
    let e = broken(1, &|l| format!("{} {}", &l[..5], &l[5..]));
    assert!(
        matches!(
            e,
            ReleaseError::Field {
                line: 2,
                field: "columns",
                ..
            }
        ),
        "{e:?}"
    );
    let e = broken(1, &|l| format!("0000x{}", &l[5..]));
    assert!(
        matches!(
            e,
            ReleaseError::Field {
                line: 2,
                field: "order number",
                ..
            }
        ),
        "{e:?}"
    );
    let e = broken(1, &|l| format!("{}2{}", &l[..14], &l[15..]));
    assert!(
        matches!(e, ReleaseError::Field { line: 2, field: "header/billable flag", ref value, .. } if value == "2"),
        "{e:?}"
    );
    let e = broken(1, &|l| format!("{}E1.9   {}", &l[..6], &l[13..]));
    assert!(
        matches!(
            e,
            ReleaseError::Field {
                line: 2,
                field: "code",
                ..
            }
        ),
        "{e:?}"
    );
    let e = broken(1, &|l| format!("{}0DTJ4ZZ{}", &l[..6], &l[13..]));
    assert!(
        matches!(
            e,
            ReleaseError::Field {
                line: 2,
                field: "code",
                ..
            }
        ),
        "{e:?}"
    );
    let e = broken(1, &|l| {
        format!("{}{}{}", &l[..16], " ".repeat(60), &l[76..])
    });
    assert!(
        matches!(
            e,
            ReleaseError::Field {
                line: 2,
                field: "short title",
                ..
            }
        ),
        "{e:?}"
    );
    let e = broken(1, &|l| format!("{}          ", &l[..77]));
    assert!(
        matches!(
            e,
            ReleaseError::Field {
                line: 2,
                field: "long title",
                ..
            }
        ),
        "{e:?}"
    );
    let e = broken(2, &|l| format!("00001{}", &l[5..]));
    assert!(
        matches!(
            e,
            ReleaseError::OrderNumber {
                line: 3,
                order: 1,
                previous: 2,
                ..
            }
        ),
        "{e:?}"
    );
    let e = broken(2, &|l| format!("{}E119   {}", &l[..6], &l[13..]));
    assert!(
        matches!(
            e,
            ReleaseError::DuplicateCode {
                line: 3,
                first_line: 2,
                ..
            }
        ),
        "{e:?}"
    );
    // Flags that contradict the hierarchy: a billable code with codes below it, a header
    // with none.
    let e = broken(0, &|l| format!("{}1{}", &l[..14], &l[15..]));
    match &e {
        ReleaseError::Hierarchy {
            line: 1,
            code,
            detail,
            ..
        } => {
            assert_eq!(code, "E11");
            assert!(detail.contains("E119 (line 2)"), "{detail}");
        }
        e => panic!("{e:?}"),
    }
    let e = broken(2, &|l| format!("{}0{}", &l[..14], &l[15..]));
    assert!(
        matches!(e, ReleaseError::Hierarchy { line: 3, .. }),
        "{e:?}"
    );
    assert!(
        e.to_string()
            .starts_with("icd10cm_order_2028.txt, line 3, header/billable flag: E11W"),
        "{e}"
    );
    // Not text, empty, a blank line between records.
    let e = broken(1, &|l| l.replace('T', "\0"));
    assert!(matches!(e, ReleaseError::Encoding { line: 2, .. }), "{e:?}");
    assert!(matches!(load(name, &[]), Err(ReleaseError::Empty { .. })));
    let mut gap = small();
    gap.insert(1, String::new());
    assert!(matches!(
        load(name, &gap),
        Err(ReleaseError::Field {
            line: 2,
            field: "line",
            ..
        })
    ));
    // A release that skips a fiscal year, or comes before the built-in data.
    let e = load("icd10cm_order_2029.txt", &small()).unwrap_err();
    assert!(matches!(e, ReleaseError::FiscalYear { .. }), "{e:?}");
    assert!(e.to_string().contains("load FY2028 first"), "{e}");
    let e = load("icd10cm_order_2015.txt", &small()).unwrap_err();
    assert!(matches!(e, ReleaseError::FiscalYear { .. }), "{e:?}");
    // Names: another system's file, an addenda file, a name without a release.
    assert!(matches!(
        load("icd10pcs_order_2028.txt", &small()),
        Err(ReleaseError::WrongSystem { .. })
    ));
    assert!(matches!(
        load("icd10cm_order_addenda_2028.txt", &small()),
        Err(ReleaseError::FileName { .. })
    ));
    assert!(matches!(
        load("codes.txt", &small()),
        Err(ReleaseError::FileName { .. })
    ));
    // ... unless the effective date is given.
    let given = Icd10Cm::new()
        .with_release_bytes(
            "codes.txt",
            small().join("\n").as_bytes(),
            Some(d("2027-10-01")),
        )
        .unwrap();
    assert_eq!(given.release().fiscal_year.0, 2028);
    let e = Icd10Cm::new()
        .with_release_bytes(name, small().join("\n").as_bytes(), Some(d("2028-10-01")))
        .unwrap_err();
    assert!(matches!(e, ReleaseError::FiscalYear { .. }), "{e:?}");
}

#[test]
fn release_names_say_the_effective_date() {
    let cm = Icd10Cm::new();
    let file = small().join("\n");
    for (name, effective, role) in [
        ("icd10cm_order_2028.txt", "2027-10-01", ReleaseRole::Update),
        (
            "ICD10CM-order-April-2027.txt",
            "2027-04-01",
            ReleaseRole::Update,
        ),
        ("icd10cm_order_2026.txt", "2025-10-01", ReleaseRole::Titles),
        (
            "icd10cm-order-Jan-2021.txt",
            "2021-01-01",
            ReleaseRole::Titles,
        ),
        (
            "/some/dir/icd10cm_order_2027.txt",
            "2026-10-01",
            ReleaseRole::Titles,
        ),
    ] {
        let w = cm.with_release_bytes(name, file.as_bytes(), None).unwrap();
        assert_eq!(w.release().effective, d(effective), "{name}");
        assert_eq!(w.release().role, role, "{name}");
    }
}

// The built-in titles are compared against: not in a build without them.
#[cfg(feature = "titles")]
#[test]
fn a_titles_release_gives_titles_over_its_year_and_leaves_validity() {
    let cm = Icd10Cm::new();
    let lines = small();
    let w = cm
        .with_release_bytes("icd10cm_order_2026.txt", lines.join("\n").as_bytes(), None)
        .unwrap();
    let fy26 = d("2026-03-01");
    let title = w.title_on("E11.9", fy26).unwrap();
    assert!(title.from_release);
    assert_eq!(title.text, "Type 2 diabetes mellitus without complications");
    assert_eq!(
        w.short_title_on("e119", fy26).unwrap().text,
        "Type 2 diabetes w/o compl"
    );
    // Outside its year, the built-in titles.
    let before = d("2025-03-01");
    assert_eq!(
        w.title_on("E11.9", before).map(|t| t.from_release),
        cm.lookup("E11.9").unwrap().title_on(before).map(|_| false)
    );
    // Validity stays the built-in tables' (E11.W is no FY2026 code).
    for code in ["E11.9", "E11.W", "E11.65", "E11"] {
        assert_eq!(w.reason(code, fy26), cm.reason(code, fy26), "{code}");
    }
    let diff = w.differences();
    assert!(diff.added.contains(&"E11.W".to_owned()));
    assert!(diff.deleted.len() > 70_000);
}

#[cfg(feature = "icd10pcs")]
#[test]
fn an_icd10pcs_order_file_goes_over_icd10pcs() {
    use medcodes::{ReasonKind, ValidationError};

    use medcodes::Icd10Pcs;
    let pcs = Icd10Pcs::new();
    let lines = [
        format_line(
            1,
            "0DT",
            false,
            "Gastrointestinal System, Resection",
            "Gastrointestinal System, Resection",
        ),
        format_line(
            2,
            "0DTJ4ZZ",
            true,
            "Resection of Appendix, Perc Endo Approach",
            "Resection of Appendix, Percutaneous Endoscopic Approach",
        ),
        format_line(
            3,
            "0DTJ0ZZ",
            true,
            "Resection of Appendix, Open Approach",
            "Resection of Appendix, Open Approach",
        ),
    ];
    let mut sorted = lines.to_vec();
    sorted.swap(1, 2);
    let text: Vec<String> = sorted
        .iter()
        .enumerate()
        .map(|(i, l)| format!("{:05}{}", i + 1, &l[5..]))
        .collect();
    let w = pcs
        .with_release_bytes("icd10pcs_order_2028.txt", text.join("\n").as_bytes(), None)
        .unwrap();
    let fy28 = d("2027-10-01");
    assert!(w.is_valid("0DTJ4ZZ", fy28));
    assert!(!w.is_valid("0DTJ8ZZ", fy28));
    assert_eq!(w.reason("0DT", fy28), ReasonKind::Incomplete);
    match w.validate("0DTJ", fy28) {
        Err(ValidationError::Incomplete { completions, .. }) => assert_eq!(completions, 2),
        other => panic!("{other:?}"),
    }
    assert_eq!(
        w.title_on("0DTJ4ZZ", fy28).unwrap().text,
        "Resection of Appendix, Percutaneous Endoscopic Approach"
    );
    // The nodes above the file's codes (section 0, body system 0D, body part 0DTJ) are in
    // no order file: they are not deleted; the codes and tables the file lacks are.
    let diff = w.differences();
    for kept in ["0", "0D", "0DT", "0DTJ", "0DTJ4ZZ"] {
        assert!(!diff.deleted.iter().any(|c| c == kept), "{kept} deleted");
    }
    for gone in ["0DTJ8ZZ", "0DB", "0DBJ", "0DBJ0ZZ", "1", "10"] {
        assert!(diff.deleted.iter().any(|c| c == gone), "{gone} not deleted");
    }
    assert!(matches!(
        pcs.with_release_bytes("icd10cm_order_2028.txt", text.join("\n").as_bytes(), None),
        Err(ReleaseError::WrongSystem { .. })
    ));
}

#[test]
fn the_built_in_tables_say_what_they_are_current_for() {
    let currency = medcodes::release::currency();
    let cm = &currency[0];
    assert_eq!(cm.system, medcodes::CodeSystem::Icd10Cm);
    assert_eq!(cm.current_through, d("2027-03-31"));
    assert_eq!(cm.newest_release, d("2026-10-01"));
    assert_eq!(cm.fiscal_year.0, 2027);
}

/// One error of each kind: `kind()` is the serde form's `kind` tag, and `KINDS` lists every
/// kind once, in the order of the variants (the bindings' `ReleaseError.kind` values).
#[cfg(feature = "serde")]
#[test]
fn release_error_kinds_are_the_serde_tags() {
    use medcodes::FiscalYear;
    use std::path::PathBuf;
    let f = || "f.txt".to_owned();
    let errors = [
        ReleaseError::Io {
            path: PathBuf::from("x"),
            message: "m".into(),
        },
        ReleaseError::NoOrderFile {
            path: PathBuf::from("x"),
            system: "s",
            expected: "e",
        },
        ReleaseError::FileName {
            file: f(),
            expected: "e",
        },
        ReleaseError::WrongSystem {
            file: f(),
            found: "a",
            expected: "b",
        },
        ReleaseError::Empty { file: f() },
        ReleaseError::Encoding {
            file: f(),
            line: 1,
            detail: "d",
        },
        ReleaseError::LineTooShort {
            file: f(),
            line: 1,
            length: 3,
            expected: 78,
        },
        ReleaseError::Field {
            file: f(),
            line: 1,
            field: "x",
            value: "v".into(),
            expected: "e",
        },
        ReleaseError::OrderNumber {
            file: f(),
            line: 2,
            order: 1,
            previous: 2,
        },
        ReleaseError::DuplicateCode {
            file: f(),
            line: 2,
            code: "A00".into(),
            first_line: 1,
        },
        ReleaseError::Hierarchy {
            file: f(),
            line: 1,
            code: "A00".into(),
            detail: "d".into(),
        },
        ReleaseError::Zip {
            file: f(),
            detail: "d".into(),
        },
        ReleaseError::Xml {
            file: f(),
            line: 1,
            detail: "d".into(),
        },
        ReleaseError::Disagree {
            file: f(),
            line: 1,
            code: "A00".into(),
            other: "o".into(),
            detail: "d".into(),
        },
        ReleaseError::Unsupported {
            file: f(),
            detail: "d",
        },
        ReleaseError::FiscalYear {
            file: f(),
            fiscal_year: FiscalYear(2030),
            effective: d("2029-10-01"),
            detail: "d".into(),
        },
    ];
    let kinds: Vec<&str> = errors.iter().map(ReleaseError::kind).collect();
    assert_eq!(kinds, ReleaseError::KINDS);
    for e in &errors {
        let json = serde_json::to_value(e).unwrap();
        assert_eq!(json["kind"], e.kind(), "{e}");
    }
}

/// The column calls answer what the single calls answer; a date column of another length
/// is an error.
#[test]
fn a_release_s_column_calls_are_its_single_calls() {
    let cm = Icd10Cm::new();
    let text = order_file_from_built_in(d("2027-03-31"), "\n", |_| {});
    let w = cm
        .with_release_bytes("icd10cm_order_2028.txt", text.as_bytes(), None)
        .unwrap();
    let codes = ["E11.9", "E11", "nonsense", ""];
    let day = d("2027-10-01");
    let mut kinds = Vec::new();
    w.reasons(&codes, day, &mut kinds);
    let mut valid = Vec::new();
    w.are_valid(&codes, day, &mut valid);
    for (i, c) in codes.iter().enumerate() {
        assert_eq!(kinds[i], w.reason(c, day));
        assert_eq!(valid[i], w.is_valid(c, day));
    }
    let dates = [Some(day), None, Some(d("2020-01-01")), Some(day)];
    let mut per_row = Vec::new();
    w.reasons_per_row(&codes, &dates, &mut per_row).unwrap();
    let mut per_row_valid = Vec::new();
    w.are_valid_per_row(&codes, &dates, &mut per_row_valid)
        .unwrap();
    for (i, c) in codes.iter().enumerate() {
        assert_eq!(per_row[i], dates[i].map(|d| w.reason(c, d)));
        assert_eq!(per_row_valid[i], dates[i].map(|d| w.is_valid(c, d)));
    }
    assert!(w
        .reasons_per_row(&codes, &dates[..3], &mut Vec::new())
        .is_err());
    assert!(w
        .are_valid_per_row(&codes, &dates[..3], &mut Vec::new())
        .is_err());
}
