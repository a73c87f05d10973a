//! The CMS HCPCS file reader (`medcodes::hcpcs::file`): the real files when this machine
//! has them (`../shared/data/hcpcs`, or `MEDCODES_HCPCS_DATA`), synthetic workbooks, and
//! properties: no input makes the text reader panic.
//!
//! Copyright: the fixtures here are Level II codes written by hand; no CPT or CDT (D code)
//! descriptor is written anywhere, and the real files' text is only checked in memory.

use std::path::{Path, PathBuf};

use medcodes::hcpcs::file::{FileError, FileFormat, HcpcsFile, Location, RECORD_LENGTH};
use medcodes::Date;
use proptest::prelude::*;

fn date(s: &str) -> Date {
    s.parse().unwrap()
}

/// The folder of the real CMS files, or `None` (and why, printed) when it is absent.
fn data_dir() -> Option<PathBuf> {
    let dir = match std::env::var_os("MEDCODES_HCPCS_DATA") {
        Some(dir) => PathBuf::from(dir),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/data/hcpcs"),
    };
    if dir.is_dir() {
        Some(dir)
    } else {
        println!(
            "skipped: {} is not on this machine (the real CMS HCPCS files are not shipped)",
            dir.display()
        );
        None
    }
}

/// A 320-character record: the 5-character code field, sequence, identification, long
/// description, then `(position, text)` fields (positions from 1, as in CMS's layout).
fn record(code: &str, sequence: &str, id: char, long: &str, fields: &[(usize, &str)]) -> Vec<u8> {
    let mut line = vec![b' '; RECORD_LENGTH];
    let mut put = |start: usize, text: &[u8]| {
        line[start - 1..start - 1 + text.len()].copy_from_slice(text);
    };
    put(1, code.as_bytes());
    put(6, sequence.as_bytes());
    put(11, &[id as u8]);
    put(12, long.as_bytes());
    for &(start, text) in fields {
        put(start, text.as_bytes());
    }
    line
}

/// A small valid text file: two codes (one with a continuation) and a modifier.
fn sample_text() -> Vec<u8> {
    let lines = [
        record(
            "A0021",
            "00100",
            '3',
            "Ambulance service, outside state per mile, transport",
            &[
                (92, "Outside state ambulance serv"),
                (120, "00"),
                (269, "19950101"),
            ],
        ),
        record("A0021", "00200", '4', "(medicaid only)", &[]),
        record(
            "J1100",
            "00100",
            '3',
            "Injection, dexamethasone sodium phosphate, 1 mg",
            &[
                (120, "51"),
                (266, "  0"),
                (269, "19840101"),
                (285, "20190630"),
            ],
        ),
        record("   LT", "00100", '7', "Left side", &[(269, "19950101")]),
    ];
    let mut out = b"***Disclaimers\r\n\r\n".to_vec();
    for line in lines {
        out.extend(line);
        out.extend(b"\r\n");
    }
    out
}

#[test]
fn the_2019_text_file() {
    let Some(dir) = data_dir() else { return };
    let path = dir.join("2019/HCPC2019_CONTR_ANWEB.txt");
    if !path.exists() {
        println!("skipped: {} is absent", path.display());
        return;
    }
    let file = HcpcsFile::read(&path).expect("the 2019 CMS text file parses");
    assert_eq!(file.format, FileFormat::Text);
    let codes = file.codes().count();
    let modifiers = file.modifiers().count();
    let active = file.codes_active_on(date("2019-07-01")).count();
    let active_modifiers = file.modifiers_active_on(date("2019-07-01")).count();
    let dental = file.records.iter().filter(|r| r.is_dental()).count();
    let cpt = file.records.iter().filter(|r| r.is_cpt()).count();
    println!(
        "2019: {} records, {codes} codes, {modifiers} modifiers; active on 2019-07-01: {active} codes, {active_modifiers} modifiers; D codes {dental}, CPT-form {cpt}; {} preamble lines",
        file.len(),
        file.preamble.len()
    );
    assert_eq!((file.len(), codes, modifiers), (6_800, 6_440, 360));
    assert_eq!(active, 5_934);
    assert_eq!(active_modifiers, 351);
    assert_eq!((dental, cpt), (0, 0));
    // The file opens with CMS's disclaimers, which are not records.
    assert!(file.preamble.first().is_some_and(|l| l.starts_with("***")));

    let j1100 = file.get("J1100").expect("J1100");
    assert!(j1100
        .long_description
        .to_lowercase()
        .contains("dexamethasone"));
    assert!(!j1100.short_description.is_empty());
    assert!(j1100.add_date.is_some());
    assert_eq!(j1100.pricing_indicators.len(), 1);
    let lt = file.get("lt").expect("modifier LT");
    assert!(lt.is_modifier() && lt.long_description.to_lowercase().starts_with("left side"));
    // Every record has an add date; the terminated ones a termination date after it.
    for r in &file.records {
        let added = r.add_date.expect("an add date");
        if let Some(last) = r.termination_date {
            assert!(added <= last, "{}", r.code);
        }
    }
    // Continuations are joined: the longest description spans several 80-character pieces,
    // and the one record CMS cut to 316 characters (a continuation) is read.
    let longest = file.records.iter().map(|r| r.long_description.len()).max();
    assert!(longest > Some(400), "{longest:?}");
}

#[cfg(feature = "xlsx")]
#[test]
fn the_2025_workbook() {
    let Some(dir) = data_dir() else { return };
    let path = dir.join("2025/HCPC2025_JUL_ANWEB_v3.xlsx");
    if !path.exists() {
        println!("skipped: {} is absent", path.display());
        return;
    }
    let file = HcpcsFile::read(&path).expect("the 2025 CMS workbook parses");
    assert_eq!(file.format, FileFormat::Xlsx);
    let codes = file.codes().count();
    let modifiers = file.modifiers().count();
    let dental = file.records.iter().filter(|r| r.is_dental()).count();
    println!(
        "2025 xlsx: {} records, {codes} codes, {modifiers} modifiers, D codes {dental}",
        file.len()
    );
    assert_eq!(codes, 8_387);
    assert_eq!(modifiers, 383);
    let j1100 = file.get("J1100").expect("J1100");
    assert!(j1100
        .long_description
        .to_lowercase()
        .contains("dexamethasone"));
    assert_eq!(j1100.location, Location::Row(j1100_row(&file)));
    // CMS writes modifiers "   LT"; read as "LT".
    assert!(file.get("LT").is_some_and(|r| r.is_modifier()));
    // Two columns only: no dates, so every code counts as active.
    assert_eq!(file.codes_active_on(date("2025-07-01")).count(), codes);
}

#[cfg(feature = "xlsx")]
fn j1100_row(file: &HcpcsFile) -> usize {
    // Rows count from 1 and the header is row 1: a record's row is its index + 2.
    file.records.iter().position(|r| r.code == "J1100").unwrap() + 2
}

#[test]
fn read_chooses_by_content_not_name() {
    let dir = std::env::temp_dir().join(format!("medcodes-hcpcs-file-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let text = dir.join("codes.xlsx"); // a text file, whatever its name says
    std::fs::write(&text, sample_text()).unwrap();
    let file = HcpcsFile::read(&text).unwrap();
    assert_eq!((file.format, file.len()), (FileFormat::Text, 3));
    #[cfg(feature = "xlsx")]
    {
        let book = dir.join("codes.txt");
        std::fs::write(&book, xlsx::workbook(&xlsx::sample_rows())).unwrap();
        assert_eq!(HcpcsFile::read(&book).unwrap().format, FileFormat::Xlsx);
    }
    let missing = dir.join("no-such-file.txt");
    match HcpcsFile::read(&missing).unwrap_err() {
        FileError::Io { path, kind, .. } => {
            assert_eq!(path, missing);
            assert_eq!(kind, std::io::ErrorKind::NotFound);
        }
        other => panic!("{other:?}"),
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn text_sample_reads() {
    let file = HcpcsFile::parse_text(&sample_text()).unwrap();
    assert_eq!(file.preamble, ["***Disclaimers"]);
    let a = file.get("A0021").unwrap();
    assert_eq!(a.location, Location::Line(3));
    assert!(a.long_description.ends_with("transport (medicaid only)"));
    let j = file.get("J1100").unwrap();
    assert!(j.is_active_on(date("2019-06-30")) && !j.is_active_on(date("2019-07-01")));
}

#[cfg(feature = "xlsx")]
mod xlsx {
    //! Workbooks built in the test. The zip container is written here, stored without
    //! compression: a fixture writer only; the reader under test is calamine's.

    use super::*;

    pub enum Cell<'a> {
        Text(&'a str),
        Number(f64),
        /// A date-formatted cell holding an Excel serial day number.
        Date(f64),
        Blank,
    }
    use Cell::{Blank, Date as Day, Number as Num, Text as T};

    fn crc32(data: &[u8]) -> u32 {
        let mut crc = !0u32;
        for &byte in data {
            crc ^= u32::from(byte);
            for _ in 0..8 {
                crc = if crc & 1 == 1 {
                    (crc >> 1) ^ 0xEDB8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }

    /// A zip archive of `files`, stored.
    fn zip(files: &[(&str, Vec<u8>)]) -> Vec<u8> {
        let mut out = Vec::new();
        let mut central = Vec::new();
        for (name, data) in files {
            let offset = out.len() as u32;
            let (crc, size) = (crc32(data), data.len() as u32);
            let common = |buf: &mut Vec<u8>| {
                buf.extend(20u16.to_le_bytes()); // version needed
                buf.extend(0u16.to_le_bytes()); // flags
                buf.extend(0u16.to_le_bytes()); // stored
                buf.extend(0u16.to_le_bytes()); // time
                buf.extend(0x21u16.to_le_bytes()); // date: 1980-01-01
                buf.extend(crc.to_le_bytes());
                buf.extend(size.to_le_bytes());
                buf.extend(size.to_le_bytes());
                buf.extend((name.len() as u16).to_le_bytes());
                buf.extend(0u16.to_le_bytes()); // extra
            };
            out.extend(0x0403_4b50u32.to_le_bytes());
            common(&mut out);
            out.extend(name.as_bytes());
            out.extend(data);
            central.extend(0x0201_4b50u32.to_le_bytes());
            central.extend(20u16.to_le_bytes()); // version made by
            common(&mut central);
            central.extend([0u8; 8]); // comment, disk, internal and external attributes
            central.extend([0u8; 2]);
            central.extend(offset.to_le_bytes());
            central.extend(name.as_bytes());
        }
        let (cd_offset, cd_size) = (out.len() as u32, central.len() as u32);
        out.extend(central);
        out.extend(0x0605_4b50u32.to_le_bytes());
        out.extend([0u8; 4]); // disk numbers
        out.extend((files.len() as u16).to_le_bytes());
        out.extend((files.len() as u16).to_le_bytes());
        out.extend(cd_size.to_le_bytes());
        out.extend(cd_offset.to_le_bytes());
        out.extend(0u16.to_le_bytes());
        out
    }

    fn column_name(mut i: usize) -> String {
        let mut name = Vec::new();
        loop {
            name.insert(0, b'A' + (i % 26) as u8);
            if i < 26 {
                break;
            }
            i = i / 26 - 1;
        }
        String::from_utf8(name).unwrap()
    }

    fn escape(s: &str) -> String {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    }

    /// An xlsx workbook of one sheet with these rows (row 1 first).
    pub fn workbook(rows: &[Vec<Cell<'_>>]) -> Vec<u8> {
        let mut sheet = String::from(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#,
        );
        for (r, row) in rows.iter().enumerate() {
            sheet.push_str(&format!(r#"<row r="{}">"#, r + 1));
            for (c, cell) in row.iter().enumerate() {
                let at = format!("{}{}", column_name(c), r + 1);
                match cell {
                    T(s) => sheet.push_str(&format!(
                        r#"<c r="{at}" t="inlineStr"><is><t xml:space="preserve">{}</t></is></c>"#,
                        escape(s)
                    )),
                    Num(n) => sheet.push_str(&format!(r#"<c r="{at}"><v>{n}</v></c>"#)),
                    Day(n) => sheet.push_str(&format!(r#"<c r="{at}" s="1"><v>{n}</v></c>"#)),
                    Blank => {}
                }
            }
            sheet.push_str("</row>");
        }
        sheet.push_str("</sheetData></worksheet>");
        let rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
        let files = [
            (
                "[Content_Types].xml",
                r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>"#.to_owned(),
            ),
            (
                "_rels/.rels",
                format!(r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>"#),
            ),
            (
                "xl/workbook.xml",
                format!(r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="{rel}"><sheets><sheet name="HCPC" sheetId="1" r:id="rId1"/></sheets></workbook>"#),
            ),
            (
                "xl/_rels/workbook.xml.rels",
                format!(r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="{rel}/styles" Target="styles.xml"/></Relationships>"#),
            ),
            (
                "xl/styles.xml",
                r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/></cellXfs></styleSheet>"#.to_owned(),
            ),
            ("xl/worksheets/sheet1.xml", sheet),
        ];
        let files: Vec<(&str, Vec<u8>)> = files
            .iter()
            .map(|(n, s)| (*n, s.as_bytes().to_vec()))
            .collect();
        zip(&files)
    }

    /// Columns in an order of their own, CMS's names spelled two ways, numbers where CMS
    /// writes digits, and a continuation row.
    pub fn sample_rows() -> Vec<Vec<Cell<'static>>> {
        vec![
            vec![
                T("LONG DESCRIPTION"),
                T("ADD_DT"),
                T("hcpc"),
                T("SEQNUM"),
                T("RECID"),
                T("Price1"),
                T("PRICE2"),
                T("TERM DT"),
                T("SHORT DESCRIPTION"),
                T("TOS1"),
                T("ANEST_BU"),
                T("ACTION_CD"),
                T("Not a CMS column"),
            ],
            vec![
                T("Ambulance service, outside state per mile, transport"),
                T("19950101"),
                T("A0021"),
                T("00100"),
                T("3"),
                Num(0.0),
                Blank,
                Blank,
                T("Outside state ambulance serv"),
                T("1"),
                Num(0.0),
                T("N"),
                T("ignored"),
            ],
            vec![
                T("(medicaid only)"),
                Blank,
                T("A0021"),
                Num(200.0),
                Num(4.0),
            ],
            vec![
                T("Injection, dexamethasone sodium phosphate, 1 mg"),
                Num(19840101.0),
                T("J1100"),
                T("00100"),
                T("3"),
                Num(51.0),
                T("13"),
                Day(43646.0), // 2019-06-30
                T("Dexamethasone sodium phos"),
                T("1"),
                Blank,
                T("C"),
            ],
            vec![],
            vec![
                T("Left side"),
                T("1995-01-01"),
                T("   LT"),
                T("00100"),
                T("7"),
            ],
        ]
    }

    #[test]
    fn reads_columns_by_name_in_any_order() {
        let file = HcpcsFile::parse_xlsx(&workbook(&sample_rows())).unwrap();
        assert_eq!(file.format, FileFormat::Xlsx);
        assert_eq!(file.len(), 3);
        let a = file.get("A0021").unwrap();
        assert_eq!(a.location, Location::Row(2));
        assert_eq!(a.sequence, Some(100));
        assert_eq!(
            a.long_description,
            "Ambulance service, outside state per mile, transport (medicaid only)"
        );
        assert_eq!(a.pricing_indicators, ["00"]); // a number 0, as the text file writes it
        assert_eq!(a.add_date, Some(date("1995-01-01")));
        assert_eq!(a.anesthesia_base_units, Some(0));
        assert_eq!(a.types_of_service, ['1']);
        assert_eq!(a.action, Some('N'));
        let j = file.get("J1100").unwrap();
        assert_eq!(j.pricing_indicators, ["51", "13"]);
        assert_eq!(j.add_date, Some(date("1984-01-01")));
        assert_eq!(j.termination_date, Some(date("2019-06-30")));
        assert_eq!(j.short_description, "Dexamethasone sodium phos");
        let lt = file.get("LT").unwrap();
        assert!(lt.is_modifier());
        assert_eq!(lt.location, Location::Row(6));
        assert_eq!(lt.add_date, Some(date("1995-01-01")));
        assert_eq!(file.codes().count(), 2);
        assert_eq!(file.modifiers().count(), 1);
        assert_eq!(file.codes_active_on(date("2019-07-01")).count(), 1);
    }

    #[test]
    fn two_columns_and_a_title_row_above_the_header() {
        let rows = vec![
            vec![T("HCPCS codes, July")],
            vec![T("HCPCS"), T("LONG_DESCRIPTION")],
            vec![T("E0100"), T("Cane, adjustable or fixed, with tip")],
            vec![T("   LT"), T("Left side")],
        ];
        let file = HcpcsFile::parse_xlsx(&workbook(&rows)).unwrap();
        let e = file.get("E0100").unwrap();
        assert_eq!(
            (e.location, e.record_id, e.sequence),
            (Location::Row(3), '3', None)
        );
        assert_eq!(file.get("LT").unwrap().record_id, '7');
    }

    #[test]
    fn missing_columns() {
        let rows = vec![
            vec![T("HCPC"), T("SHORT DESCRIPTION")],
            vec![T("E0100"), T("Cane")],
        ];
        assert_eq!(
            HcpcsFile::parse_xlsx(&workbook(&rows)).unwrap_err(),
            FileError::MissingColumns {
                missing: vec!["LONG DESCRIPTION"],
                found: vec!["HCPC".into(), "SHORT DESCRIPTION".into()],
            }
        );
    }

    #[test]
    fn bad_values_name_the_row_and_field() {
        let mut rows = sample_rows();
        rows[3][1] = T("19841301");
        assert_eq!(
            HcpcsFile::parse_xlsx(&workbook(&rows)).unwrap_err(),
            FileError::Date {
                location: Location::Row(4),
                field: "add date",
                value: "19841301".into()
            }
        );
        let mut rows = sample_rows();
        rows[3][2] = T("J11");
        assert!(matches!(
            HcpcsFile::parse_xlsx(&workbook(&rows)).unwrap_err(),
            FileError::Field {
                location: Location::Row(4),
                field: "HCPCS code",
                ..
            }
        ));
        let mut rows = sample_rows();
        rows[3][4] = T("5");
        assert!(matches!(
            HcpcsFile::parse_xlsx(&workbook(&rows)).unwrap_err(),
            FileError::Field {
                location: Location::Row(4),
                field: "record identification code",
                ..
            }
        ));
    }

    /// Found by fuzzing (fuzz/artifacts/hcpcs_xlsx): a date cell far below zero made
    /// calamine's conversion panic inside chrono. The core caught it as a corrupt workbook
    /// (and under panic=abort, as in the WebAssembly build, it aborted); now it is the bad
    /// value it is, named with its row and field.
    #[test]
    fn negative_date_cells_are_bad_values() {
        for serial in [-1e12, -1e300, -1.0] {
            let mut rows = sample_rows();
            rows[3][1] = Day(serial);
            match HcpcsFile::parse_xlsx(&workbook(&rows)).unwrap_err() {
                FileError::Date {
                    location: Location::Row(4),
                    field: "add date",
                    ..
                } => {}
                other => panic!("{serial}: {other:?}"),
            }
        }
    }

    #[test]
    fn continuation_and_duplicate_rows() {
        let mut rows = sample_rows();
        rows.swap(1, 2); // the continuation before its first row
        assert!(matches!(
            HcpcsFile::parse_xlsx(&workbook(&rows)).unwrap_err(),
            FileError::ContinuationWithoutFirst {
                location: Location::Row(2),
                ..
            }
        ));
        let mut rows = sample_rows();
        rows.push(vec![T("Again"), T("19840101"), T("J1100")]);
        assert_eq!(
            HcpcsFile::parse_xlsx(&workbook(&rows)).unwrap_err(),
            FileError::DuplicateCode {
                location: Location::Row(7),
                code: "J1100".into(),
                first: Location::Row(4)
            }
        );
    }

    #[test]
    fn empty_workbooks() {
        for rows in [vec![], vec![vec![T("HCPC"), T("LONG DESCRIPTION")]]] {
            assert_eq!(
                HcpcsFile::parse_xlsx(&workbook(&rows)).unwrap_err(),
                FileError::Empty
            );
        }
        assert_eq!(HcpcsFile::parse_xlsx(b"").unwrap_err(), FileError::Empty);
    }

    #[test]
    fn truncated_and_corrupt_workbooks() {
        let book = workbook(&sample_rows());
        for cut in [book.len() - 1, book.len() / 2, 30, 4] {
            let error = HcpcsFile::parse(&book[..cut]).unwrap_err();
            assert!(matches!(error, FileError::Xlsx { .. }), "{cut}: {error:?}");
        }
        // A zip that is not a workbook.
        let other = zip(&[("readme.txt", b"not a workbook".to_vec())]);
        assert!(matches!(
            HcpcsFile::parse(&other).unwrap_err(),
            FileError::Xlsx { .. }
        ));
        // A corrupt byte in the sheet: the stored CRC no longer matches.
        let mut corrupt = book.clone();
        let at = corrupt.windows(9).position(|w| w == b"sheetData").unwrap();
        corrupt[at] = b'X';
        assert!(HcpcsFile::parse(&corrupt).is_err());
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// Byte flips anywhere in a workbook: an error or a file, never a panic.
        #[test]
        fn parse_xlsx_never_panics(flips in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..6)) {
            let mut book = workbook(&sample_rows());
            for (at, byte) in flips {
                let i = at.index(book.len());
                book[i] = byte;
            }
            let _ = HcpcsFile::parse_xlsx(&book);
        }
    }
}

proptest! {
    /// Any bytes at all: an error or a file, never a panic.
    #[test]
    fn parse_text_never_panics_on_arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..3000)) {
        let _ = HcpcsFile::parse_text(&bytes);
        let _ = HcpcsFile::parse(&bytes);
    }

    /// Valid records with bytes changed, removed or inserted: never a panic, and a file
    /// that parses holds no more records than it has lines.
    #[test]
    fn parse_text_never_panics_on_mutated_records(
        flips in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..8),
        cut in prop::option::of(any::<prop::sample::Index>()),
        insert in prop::option::of((any::<prop::sample::Index>(), prop::collection::vec(any::<u8>(), 1..40))),
    ) {
        let mut bytes = sample_text();
        for (at, byte) in flips {
            let i = at.index(bytes.len());
            bytes[i] = byte;
        }
        if let Some((at, more)) = insert {
            let i = at.index(bytes.len());
            bytes.splice(i..i, more);
        }
        if let Some(at) = cut {
            let i = at.index(bytes.len());
            bytes.truncate(i);
        }
        if let Ok(file) = HcpcsFile::parse_text(&bytes) {
            let lines = bytes.split(|&b| b == b'\n').count();
            prop_assert!(file.len() <= lines);
            for r in &file.records {
                prop_assert!(file.get(&r.code).is_some());
            }
        }
    }

    /// Digits in the date fields: a date or a typed error naming the line, never a panic.
    #[test]
    fn dates_are_read_or_refused(add in "[0-9 ]{8}", term in "[0-9]{8}") {
        let mut line = record("J1100", "00100", '3', "Injection", &[(269, &add), (285, &term)]);
        line.extend(b"\n");
        match HcpcsFile::parse_text(&line) {
            Ok(file) => {
                let r = file.get("J1100").unwrap();
                if let (Some(a), Some(t)) = (r.add_date, r.termination_date) {
                    prop_assert_eq!(a.yyyymmdd().to_string(), add.clone());
                    prop_assert_eq!(t.yyyymmdd().to_string(), term.clone());
                }
            }
            Err(FileError::Date { location, .. }) => prop_assert_eq!(location, Location::Line(1)),
            Err(other) => prop_assert!(false, "{other:?}"),
        }
    }
}

// ---------------------------------------------------------------------------
// The file over the built-in tables (`Hcpcs::with_file`)
// ---------------------------------------------------------------------------

/// A file of the second half of 2026, past the built-in quarters: J1100 still in force,
/// A0021 terminated at the end of July, V9998 (made up) added in October.
fn late_2026_text() -> Vec<u8> {
    let lines = [
        record(
            "A0021",
            "00100",
            '3',
            "Ambulance service, outside state per mile, transport",
            &[
                (92, "Outside state ambulance serv"),
                (269, "19950101"),
                (285, "20260731"),
            ],
        ),
        record(
            "J1100",
            "00100",
            '3',
            "Injection, dexamethasone sodium phosphate, 1 mg",
            &[(92, "Dexamethasone sodium phos"), (269, "19840101")],
        ),
        record(
            "V9998",
            "00100",
            '3',
            "Made-up Level II code for a test",
            &[(92, "Made-up test code"), (269, "20261001")],
        ),
    ];
    let mut out = Vec::new();
    for line in lines {
        out.extend(line);
        out.extend(b"\r\n");
    }
    out
}

#[test]
fn a_loaded_file_decides_past_the_built_in_quarters_and_adds_long_descriptions() {
    use medcodes::hcpcs::Hcpcs;
    use medcodes::ReasonKind;
    let loaded = Hcpcs::new()
        .with_file_bytes(&late_2026_text())
        .expect("the sample file");
    // Within the built-in quarters, the built-in tables decide.
    assert!(loaded.is_valid("E0100", date("2025-07-01")));
    // Past them, the file.
    assert!(loaded.is_valid("j1100", date("2026-11-15")));
    assert!(loaded.is_valid("A0021", date("2026-07-31")));
    assert_eq!(
        loaded.reason("A0021", date("2026-08-01")),
        ReasonKind::NotValidOnDate
    );
    assert_eq!(
        loaded.reason("V9998", date("2026-09-30")),
        ReasonKind::NotValidOnDate
    );
    assert!(loaded.is_valid("V9998", date("2026-10-01")));
    // Known built in, absent from the file: the file does not cover it.
    assert_eq!(
        loaded.reason("E0100", date("2026-11-15")),
        ReasonKind::DateOutOfRange
    );
    assert_eq!(
        loaded.reason("Q0000", date("2026-11-15")),
        ReasonKind::Unknown
    );
    assert_eq!(
        loaded.reason("99213", date("2026-11-15")),
        ReasonKind::Malformed
    );
    assert_eq!(
        loaded.long_description("J1100"),
        Some("Injection, dexamethasone sodium phosphate, 1 mg")
    );
    // On a built-in date, what differs: V9998 is the file's only, and most built-in codes
    // are not in this three-code file.
    let diff = loaded.differences(date("2026-05-01"));
    assert!(diff.only_in_file.is_empty(), "{:?}", diff.only_in_file);
    assert!(diff.only_built_in.len() > 7_000);
    assert!(
        diff.short_descriptors.is_empty(),
        "{:?}",
        diff.short_descriptors
    );
}

#[test]
fn the_2019_file_over_the_built_in_tables() {
    let Some(dir) = data_dir() else { return };
    let loaded = medcodes::hcpcs::Hcpcs::new()
        .with_file(dir.join("2019/HCPC2019_CONTR_ANWEB.txt"))
        .expect("the 2019 file");
    // Before the built-in quarters (2019-07-01), the file decides.
    assert!(loaded.is_valid("J1100", date("2019-03-01")));
    let diff = loaded.differences(date("2019-07-01"));
    // The fixture tests/fixtures/hcpcs-2019-file-differences.tsv explains these.
    assert_eq!(diff.only_in_file, ["C9034", "C9746", "J9031"]);
    assert_eq!(diff.only_built_in.len(), 40);
}
