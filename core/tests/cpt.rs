//! CPT: classification without a file, and loading a licensed file. Every file here is
//! synthetic, built in the test: made-up descriptors, never the AMA's text.

use medcodes::cpt::{
    Cpt, CptCategory, CptCodeError, CptDelimiter, CptEncoding, CptFileError, CptSection,
    CptValidationError,
};
use medcodes::{Date, ReasonKind};
use proptest::prelude::*;

fn date(s: &str) -> Date {
    s.parse().expect("a test date")
}

fn load(text: &str) -> Cpt {
    match Cpt::from_bytes(text.as_bytes()) {
        Ok(c) => c,
        Err(e) => panic!("{e}"),
    }
}

fn load_err(bytes: &[u8]) -> CptFileError {
    match Cpt::from_bytes(bytes) {
        Ok(c) => panic!("loaded {} codes, expected an error", c.len()),
        Err(e) => e,
    }
}

fn class(code: &str) -> (CptCategory, Option<CptSection>) {
    let c = Cpt::classify(code).expect("well formed");
    (c.category, c.section)
}

// ---------------------------------------------------------------------------------------
// Classification, no file

#[test]
fn every_category() {
    use CptCategory::*;
    assert_eq!(class("99213").0, CategoryI);
    assert_eq!(class("0001F"), (CategoryII, None));
    assert_eq!(class("0042T"), (CategoryIII, None));
    assert_eq!(class("0001U"), (Pla, None));
    assert_eq!(class("0002M"), (Maaa, None));
    assert_eq!(class(" 0001f\t"), (CategoryII, None));
}

#[test]
fn every_section_boundary() {
    use CptSection::*;
    for (code, section) in [
        ("99202", Some(EvaluationAndManagement)),
        ("99499", Some(EvaluationAndManagement)),
        ("00100", Some(Anesthesia)),
        ("01999", Some(Anesthesia)),
        ("10004", Some(Surgery)),
        ("69990", Some(Surgery)),
        ("70010", Some(Radiology)),
        ("79999", Some(Radiology)),
        ("80047", Some(PathologyAndLaboratory)),
        ("89398", Some(PathologyAndLaboratory)),
        ("90281", Some(Medicine)),
        ("99199", Some(Medicine)),
        ("99500", Some(Medicine)),
        ("99607", Some(Medicine)),
        // Between and outside the ranges: no section, said as such.
        ("00099", None),
        ("02000", None),
        ("10003", None),
        ("69991", None),
        ("70009", None),
        ("80046", None),
        ("89399", None),
        ("90280", None),
        ("99200", None),
        ("99201", None),
        ("99608", None),
    ] {
        assert_eq!(class(code), (CptCategory::CategoryI, section), "{code}");
    }
}

#[test]
fn section_ranges_are_listed_and_agree() {
    assert_eq!(CptSection::ALL.len(), 6);
    assert_eq!(CptCategory::ALL.len(), 5);
    for section in CptSection::ALL {
        for (first, last) in section.ranges() {
            assert_eq!(class(first).1, Some(section), "{first}");
            assert_eq!(class(last).1, Some(section), "{last}");
        }
    }
    let names: Vec<_> = CptSection::ALL.iter().map(|s| s.name()).collect();
    assert_eq!(
        names,
        [
            "Evaluation and Management",
            "Anesthesia",
            "Surgery",
            "Radiology",
            "Pathology and Laboratory",
            "Medicine"
        ]
    );
}

#[test]
fn malformed_codes() {
    assert_eq!(Cpt::classify("  "), Err(CptCodeError::Empty));
    assert!(matches!(
        Cpt::classify("9921"),
        Err(CptCodeError::WrongLength { length: 4, .. })
    ));
    assert!(matches!(
        Cpt::classify("992134"),
        Err(CptCodeError::WrongLength { length: 6, .. })
    ));
    assert!(matches!(
        Cpt::classify("J1745"),
        Err(CptCodeError::Malformed {
            position: 1,
            found: 'J',
            ..
        })
    ));
    assert!(matches!(
        Cpt::classify("0001Z"),
        Err(CptCodeError::Malformed {
            position: 5,
            found: 'Z',
            ..
        })
    ));
    assert!(matches!(
        Cpt::classify("99-13"),
        Err(CptCodeError::Malformed {
            position: 3,
            found: '-',
            ..
        })
    ));
    let e = Cpt::classify("0001Z").expect_err("malformed");
    assert_eq!(e.kind(), ReasonKind::Malformed);
    assert!(e.to_string().contains("character 5"), "{e}");
}

// ---------------------------------------------------------------------------------------
// Loading a file

/// A synthetic file in the shape of the AMA's tab-delimited descriptor file: a notice,
/// a blank line, then code lines (made-up text).
const TAB_FILE: &str = "Made-up notice standing where the licence text is.\r\n\
    Second line of the made-up notice.\r\n\
    \r\n\
    99213\tMade-up descriptor for testing\r\n\
    00100\tMade-up anesthesia descriptor\r\n\
    0042T\tMade-up category III descriptor\r\n\
    0001U\tMade-up PLA descriptor\r\n";

#[test]
fn tab_file_lookup_and_validity() {
    let cpt = load(TAB_FILE);
    assert_eq!(cpt.len(), 4);
    assert_eq!(cpt.layout().skipped_lines, 2);
    assert_eq!(cpt.layout().delimiter, CptDelimiter::Tab);
    assert!(!cpt.layout().dated);
    assert_eq!(
        cpt.descriptor("99213"),
        Some("Made-up descriptor for testing")
    );
    assert_eq!(
        cpt.descriptor("0042t"),
        Some("Made-up category III descriptor")
    );
    assert_eq!(cpt.descriptor("99214"), None);
    let entry = cpt.lookup(" 0001u ").expect("in the file");
    assert_eq!(entry.code().as_str(), "0001U");
    assert_eq!(entry.line(), 7);
    assert_eq!(entry.code().category(), CptCategory::Pla);

    // No dates in the file: valid on any date.
    for d in ["1990-01-01", "2025-03-01", "2199-12-31"] {
        assert!(cpt.is_valid("99213", date(d)), "{d}");
    }
    assert!(matches!(
        cpt.validate("99214", date("2025-03-01")),
        Err(CptValidationError::Unknown { ref code }) if code == "99214"
    ));
    assert_eq!(
        cpt.reason("J1745", date("2025-03-01")),
        ReasonKind::Malformed
    );
    assert_eq!(cpt.reason("", date("2025-03-01")), ReasonKind::Empty);

    // In code order, and the same through `iter` and `&Cpt`.
    let codes: Vec<_> = cpt.iter().map(|e| e.code().to_string()).collect();
    assert_eq!(codes, ["0001U", "00100", "0042T", "99213"]);
    assert_eq!((&cpt).into_iter().count(), cpt.len());
}

#[test]
fn the_caller_gives_the_dates_a_dateless_file_covers() {
    let cpt = load(TAB_FILE)
        .valid_between(Some(date("2025-01-01")), Some(date("2025-12-31")))
        .expect("a window");
    assert!(cpt.is_valid("99213", date("2025-06-30")));
    assert_eq!(
        cpt.reason("99213", date("2024-12-31")),
        ReasonKind::DateOutOfRange
    );
    let e = cpt
        .validate("99213", date("2026-01-01"))
        .expect_err("outside");
    assert!(matches!(e, CptValidationError::DateOutOfRange { .. }));
    assert!(e.to_string().contains("2025-01-01 to 2025-12-31"), "{e}");
    assert_eq!(cpt.codes_valid_on(date("2026-01-01")).count(), 0);
    assert_eq!(cpt.codes_valid_on(date("2025-01-01")).count(), 4);
}

#[test]
fn csv_with_and_without_header() {
    for text in [
        "code,descriptor\n99213,\"Made-up, with a comma\"\n0001F,Made-up measure\n",
        "99213,Made-up, with a comma\n0001F,Made-up measure\n",
        "\u{FEFF}CPT Code,Description\r\n99213,\"Made-up, with a comma\"\r\n0001F,Made-up measure\r\n",
    ] {
        let cpt = load(text);
        assert_eq!(cpt.layout().delimiter, CptDelimiter::Comma, "{text:?}");
        assert_eq!(cpt.descriptor("99213"), Some("Made-up, with a comma"));
        assert_eq!(cpt.descriptor("0001F"), Some("Made-up measure"));
    }
}

#[test]
fn fixed_field_file() {
    let cpt = load("Made-up notice.\n\n99213 MADE UP SHORT ONE        \n0042T MADE UP SHORT TWO\n");
    assert_eq!(cpt.layout().delimiter, CptDelimiter::Space);
    assert_eq!(cpt.descriptor("99213"), Some("MADE UP SHORT ONE"));
}

#[test]
fn concept_id_column_without_header() {
    let cpt = load("1000001\t99213\tMade-up descriptor\n1000002\t0001U\tMade-up PLA\n");
    let e = cpt.lookup("0001U").expect("in the file");
    assert_eq!(e.concept_id(), Some("1000002"));
    assert_eq!(e.descriptor(), Some("Made-up PLA"));
}

#[test]
fn header_mapped_by_name_with_dates() {
    // The columns the AMA's headed files use, in an order of our own, made-up text.
    let cpt = load(
        "Made-up notice line.\n\
         \n\
         Concept Id\tCPT Code\tShort Descriptor\tLong Descriptor\tEffective Date\tDeleted Date\n\
         1000001\t99213\tMADE UP\tMade-up long descriptor\t2020-01-01\t\n\
         1000002\t99201\tMADE UP OLD\tMade-up deleted code\tPre-1990\t2021-01-01\n\
         1000003\t0042T\tMADE UP T\tMade-up temporary code\t07/01/2022\t\n",
    );
    let layout = cpt.layout();
    assert!(layout.dated);
    assert_eq!(layout.skipped_lines, 1);
    assert_eq!(
        layout.header.as_deref().map(|h| h.len()),
        Some(6),
        "{layout:?}"
    );
    let e = cpt.lookup("99213").expect("in the file");
    assert_eq!(e.descriptor(), Some("Made-up long descriptor"));
    assert_eq!(e.short_descriptor(), Some("MADE UP"));
    assert_eq!(e.concept_id(), Some("1000001"));

    assert!(cpt.is_valid("99213", date("2020-01-01")));
    assert_eq!(
        cpt.reason("99213", date("2019-12-31")),
        ReasonKind::NotValidOnDate
    );
    // Deleted on 2021-01-01: the last day is the day before.
    assert!(cpt.is_valid("99201", date("2020-12-31")));
    assert!(cpt.is_valid("99201", date("1985-06-01")));
    let e = cpt
        .validate("99201", date("2021-01-01"))
        .expect_err("deleted");
    assert_eq!(e.kind(), ReasonKind::NotValidOnDate);
    assert!(e.to_string().contains("until 2020-12-31"), "{e}");
    assert!(!cpt.is_valid("0042T", date("2022-06-30")));
    assert!(cpt.is_valid("0042T", date("2022-07-01")));
    let on = |d: &str| -> Vec<String> {
        cpt.codes_valid_on(date(d))
            .map(|e| e.code().to_string())
            .collect()
    };
    assert_eq!(on("2020-06-01"), ["99201", "99213"]);
    assert_eq!(on("2023-01-01"), ["0042T", "99213"]);
}

#[test]
fn pla_style_header_reads_long_and_ignores_the_descriptor_date() {
    let cpt = load(
        "Concept Id\tCPT Code\tLong\tMedium\tShort\tConsumer\tCurrent Descriptor Effective Date\n\
         1000009\t0001U\tMade-up long\tMade-up medium\tMADE UP\tMade-up consumer\t20240101\n",
    );
    assert!(!cpt.layout().dated);
    let e = cpt.lookup("0001U").expect("in the file");
    assert_eq!(e.descriptor(), Some("Made-up long"));
    assert_eq!(e.short_descriptor(), Some("MADE UP"));
    assert!(cpt.is_valid("0001U", date("2020-01-01")));
}

#[test]
fn end_date_is_inclusive() {
    let cpt =
        load("CPT Code|Descriptor|Start Date|End Date\n99213|Made-up|2020-01-01|2020-12-31\n");
    assert_eq!(cpt.layout().delimiter, CptDelimiter::Pipe);
    assert!(cpt.is_valid("99213", date("2020-12-31")));
    assert!(!cpt.is_valid("99213", date("2021-01-01")));
}

#[test]
fn codes_without_descriptors() {
    let cpt = load("code\n99213\n0001F\n");
    assert_eq!(cpt.len(), 2);
    assert_eq!(cpt.descriptor("99213"), None);
    assert!(cpt.lookup("99213").is_ok());
    let cpt = load("99213\n0001F\n");
    assert_eq!(cpt.len(), 2);
}

#[test]
fn identical_repeats_are_kept_once() {
    let cpt = load("99213\tMade-up\n99213\tMade-up\n");
    assert_eq!(cpt.len(), 1);
    let cpt = load("CPT Code\tDescriptor\n99213\tMade-up\nCPT Code\tDescriptor\n0001F\tMade-up\n");
    assert_eq!(cpt.len(), 2);
}

#[test]
fn latin1_and_windows_1252_bytes_decode() {
    let cpt = match Cpt::from_bytes(b"99213\tMade-up na\xEFve \x93quoted\x94\r\n") {
        Ok(c) => c,
        Err(e) => panic!("{e}"),
    };
    assert_eq!(cpt.layout().encoding, CptEncoding::Windows1252);
    assert_eq!(
        cpt.descriptor("99213"),
        Some("Made-up na\u{EF}ve \u{201C}quoted\u{201D}")
    );
}

#[test]
fn with_file_reads_a_path_and_names_a_missing_one() {
    let dir = std::env::temp_dir().join(format!("medcodes-cpt-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temp dir");
    let path = dir.join("synthetic.txt");
    std::fs::write(&path, TAB_FILE).expect("written");
    let cpt = Cpt::with_file(&path);
    // Removed before asserting, so a failure leaves nothing behind.
    let _ = std::fs::remove_file(&path);
    let _ = std::fs::remove_dir(&dir);
    assert_eq!(cpt.map(|c| c.len()).ok(), Some(4));
    match Cpt::with_file(dir.join("absent.txt")) {
        Err(CptFileError::Io { path, .. }) => assert!(path.ends_with("absent.txt")),
        other => panic!("{other:?}"),
    }
}

// ---------------------------------------------------------------------------------------
// Errors: each names the line, the field and the value; nothing is half loaded.

#[test]
fn empty_files() {
    for bytes in [
        &b""[..],
        b"\n\n  \r\n",
        b"Made-up notice only.\nNo codes.\n",
        b"CPT Code\tDescriptor\n",
        b"\xEF\xBB\xBF",
    ] {
        assert!(
            matches!(load_err(bytes), CptFileError::Empty { .. }),
            "{bytes:?}"
        );
    }
}

#[test]
fn line_without_a_code() {
    match load_err(b"99213\tMade-up\n\tMade-up orphan\n") {
        CptFileError::MissingCode { line, field, .. } => {
            assert_eq!((line, field.as_str()), (2, "column 1"));
        }
        other => panic!("{other:?}"),
    }
    match load_err(b"Concept Id\tCPT Code\tLong Descriptor\n1\t\tMade-up\n") {
        CptFileError::MissingCode { line, field, .. } => {
            assert_eq!((line, field.as_str()), (2, "CPT Code"));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn malformed_code_lines() {
    for (text, line, value) in [
        ("99213\tMade-up\n9921\tMade-up\n", 2, "9921"),
        (
            "99213\tMade-up\nA made-up stray line\n",
            2,
            "A made-up stray line",
        ),
        ("0001X\tMade-up\n", 1, "0001X"),
        ("99213-25\tMade-up\n", 1, "99213-25"),
    ] {
        match load_err(text.as_bytes()) {
            CptFileError::MalformedCode {
                line: l,
                field,
                value: v,
                ..
            } => {
                assert_eq!((l, v.as_str()), (line, value), "{text:?}");
                assert_eq!(field, "column 1");
            }
            other => panic!("{text:?}: {other:?}"),
        }
    }
    let e = load_err(b"CPT Code,Descriptor\n99213,Made-up\nJ1745,Made-up\n");
    let message = e.to_string();
    assert!(
        message.contains("line 3") && message.contains("CPT Code") && message.contains("J1745"),
        "{message}"
    );
}

#[test]
fn duplicate_code_with_different_text() {
    match load_err(b"99213\tMade-up one\n0001F\tMade-up\n99213\tMade-up two\n") {
        CptFileError::DuplicateCode {
            line,
            field,
            code,
            first_line,
        } => {
            assert_eq!((line, first_line), (3, 1));
            assert_eq!((field.as_str(), code.as_str()), ("column 2", "99213"));
        }
        other => panic!("{other:?}"),
    }
    let e = load_err(b"CPT Code\tLong Descriptor\n99213\tMade-up one\n99213\tMade-up two\n");
    let message = e.to_string();
    assert!(message.contains("Long Descriptor"), "{message}");
    // The descriptors are not echoed.
    assert!(!message.contains("Made-up"), "{message}");
}

#[test]
fn bad_dates() {
    for (text, value) in [
        (
            "CPT Code\tDescriptor\tEffective Date\n99213\tMade-up\t2025-02-30\n",
            "2025-02-30",
        ),
        (
            "CPT Code\tDescriptor\tEffective Date\n99213\tMade-up\tsoon\n",
            "soon",
        ),
        (
            "CPT Code\tDescriptor\tDeleted Date\n99213\tMade-up\t31/12/2020\n",
            "31/12/2020",
        ),
    ] {
        match load_err(text.as_bytes()) {
            CptFileError::BadDate { line, value: v, .. } => {
                assert_eq!((line, v.as_str()), (2, value))
            }
            other => panic!("{text:?}: {other:?}"),
        }
    }
    match load_err(
        b"CPT Code\tDescriptor\tEffective Date\tEnd Date\n99213\tMade-up\t2021-01-01\t2020-12-31\n",
    ) {
        CptFileError::BadDate { field, .. } => assert_eq!(field, "End Date"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn csv_quoting_and_extra_fields() {
    assert!(matches!(
        load_err(b"code,descriptor\n99213,\"Made-up\n"),
        CptFileError::BadQuoting { line: 2, .. }
    ));
    match load_err(b"code,descriptor\n99213,Made-up, unquoted comma\n") {
        CptFileError::ExtraFields {
            line,
            expected,
            found,
        } => assert_eq!((line, expected, found), (2, 2, 3)),
        other => panic!("{other:?}"),
    }
}

#[test]
fn error_values_are_shortened() {
    let long = format!("99213\tMade-up\n{}\tMade-up\n", "9".repeat(10_000));
    let message = load_err(long.as_bytes()).to_string();
    assert!(message.len() < 400, "{} bytes", message.len());
}

// ---------------------------------------------------------------------------------------
// Never a panic

/// Pieces that steer random files into every branch of the reader.
fn piece() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        Just(b"\t".to_vec()),
        Just(b",".to_vec()),
        Just(b"|".to_vec()),
        Just(b" ".to_vec()),
        Just(b"\"".to_vec()),
        Just(b"\n".to_vec()),
        Just(b"\r\n".to_vec()),
        Just(b"99213".to_vec()),
        Just(b"0001U".to_vec()),
        Just(b"1000001".to_vec()),
        Just(b"CPT Code".to_vec()),
        Just(b"Concept Id".to_vec()),
        Just(b"Long Descriptor".to_vec()),
        Just(b"Effective Date".to_vec()),
        Just(b"Deleted Date".to_vec()),
        Just(b"End Date".to_vec()),
        Just(b"2025-01-01".to_vec()),
        Just(b"Pre-1990".to_vec()),
        Just(b"12/31/2024".to_vec()),
        Just(b"Made-up".to_vec()),
        Just(b"\xEF\xBB\xBF".to_vec()),
        Just(b"\xFF\xFE".to_vec()),
        Just(b"\x93\xE9\x81".to_vec()),
        proptest::collection::vec(any::<u8>(), 0..8),
    ]
}

fn check_loaded(bytes: &[u8]) {
    if let Ok(cpt) = Cpt::from_bytes(bytes) {
        assert!(!cpt.is_empty());
        assert_eq!(cpt.iter().count(), cpt.len());
        let d = date("2025-03-01");
        for e in &cpt {
            let code = e.code().to_string();
            assert!(cpt.lookup(&code).is_ok(), "{code}");
            assert_eq!(
                cpt.is_valid(&code, d),
                cpt.validate(&code, d).is_ok(),
                "{code}"
            );
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        check_loaded(&bytes);
    }

    #[test]
    fn file_like_bytes_never_panic(pieces in proptest::collection::vec(piece(), 0..64)) {
        check_loaded(&pieces.concat());
    }

    #[test]
    fn arbitrary_codes_never_panic(code in ".{0,12}") {
        let cpt = load(TAB_FILE);
        let d = date("2025-03-01");
        let _ = Cpt::classify(&code);
        prop_assert_eq!(
            cpt.reason(&code, d),
            cpt.validate(&code, d).map_or_else(|e| e.kind(), |_| ReasonKind::Valid)
        );
    }
}
