//! Inputs built from fuzz bytes for the file readers: CMS HCPCS fixed-width records from
//! made-up templates, xlsx workbooks (a stored zip written here, as the core's tests do),
//! and CPT lines. Every descriptor here is made up: no CPT or CDT text, no CMS text.

/// The length of a record of the CMS HCPCS text file.
pub use medcodes::hcpcs::file::RECORD_LENGTH;

/// A 320-character record: code, sequence, record id, long description, then
/// `(position, text)` fields, positions from 1 as in CMS's layout.
pub fn record(code: &str, sequence: &str, id: u8, long: &str, fields: &[(usize, &str)]) -> Vec<u8> {
    let mut line = vec![b' '; RECORD_LENGTH];
    let mut put = |start: usize, text: &[u8]| {
        let end = (start - 1 + text.len()).min(RECORD_LENGTH);
        line[start - 1..end].copy_from_slice(&text[..end - (start - 1)]);
    };
    put(1, code.as_bytes());
    put(6, sequence.as_bytes());
    put(11, &[id]);
    put(12, long.as_bytes());
    for &(start, text) in fields {
        put(start, text.as_bytes());
    }
    line
}

/// Made-up records in the CMS layout: a code with every field, its continuation, a
/// terminated code, a modifier, a D code, a CPT-form code.
pub fn templates() -> Vec<Vec<u8>> {
    vec![
        record(
            "A9991",
            "00100",
            b'3',
            "Fuzz seed supply, reusable, each, made-up text for the test",
            &[
                (92, "Fuzz seed supply each"),
                (120, "00"),
                (122, "11"),
                (128, "A"),
                (129, "60-9  "),
                (147, "2130    "),
                (171, "1861S     "),
                (181, "   "),
                (205, "A9992"),
                (230, "3"),
                (231, "09"),
                (233, "20200101"),
                (241, "   "),
                (244, "9"),
                (245, "20200101"),
                (253, "0001"),
                (257, "D1A"),
                (261, "P"),
                (262, "R"),
                (266, "000"),
                (269, "20190101"),
                (277, "20200101"),
                (293, "C"),
            ],
        ),
        record("A9991", "00200", b'4', "(continued made-up text)", &[]),
        record(
            "J9998",
            "00100",
            b'3',
            "Injection, made-up drug for the fuzz test, 1 mg",
            &[
                (92, "Made-up drug inj 1 mg"),
                (120, "51"),
                (230, "C"),
                (266, "  0"),
                (269, "19840101"),
                (277, "20190701"),
                (285, "20190630"),
                (293, "D"),
            ],
        ),
        record(
            "   ZZ",
            "00100",
            b'7',
            "Made-up modifier for the fuzz test",
            &[(92, "Made-up modifier"), (269, "19950101")],
        ),
        record(
            "D9998",
            "00100",
            b'3',
            "",
            &[(269, "20210101"), (285, "20241231")],
        ),
        record(
            "99999",
            "00100",
            b'1',
            "Made-up numeric code",
            &[(269, "20200101")],
        ),
        record(
            "G9999",
            "00100",
            b'3',
            "Made-up service with a continuation and no dates",
            &[(92, "Made-up service")],
        ),
        record("G9999", "00200", b'4', "more made-up text", &[]),
        record("G9999", "00300", b'5', "and a third piece", &[]),
    ]
}

/// A text file from fuzz bytes: byte 0 picks the templates (a bit each), byte 1 the line
/// ends and a preamble, the rest are `(position, byte)` pairs written over the records
/// (position in the concatenated records). Most results are files the reader accepts or
/// refuses on one field: deep in the layout, where random bytes never get.
pub fn hcpcs_text(data: &[u8]) -> Vec<u8> {
    let templates = templates();
    let pick = data.first().copied().unwrap_or(0xff);
    let style = data.get(1).copied().unwrap_or(0);
    let mut lines: Vec<Vec<u8>> = templates
        .iter()
        .enumerate()
        .filter(|(i, _)| pick & (1 << (i % 8)) != 0)
        .map(|(_, r)| r.clone())
        .collect();
    if lines.is_empty() {
        lines.push(templates[0].clone());
    }
    let total: usize = lines.len() * RECORD_LENGTH;
    for pair in data.get(2..).unwrap_or_default().chunks_exact(3) {
        let at = usize::from(u16::from_le_bytes([pair[0], pair[1]])) % total;
        lines[at / RECORD_LENGTH][at % RECORD_LENGTH] = pair[2];
    }
    if style & 4 != 0 {
        // A record cut short (CMS's 2019 file has one).
        let last = lines.len() - 1;
        let keep = RECORD_LENGTH - usize::from(style >> 4);
        lines[last].truncate(keep);
    }
    let end: &[u8] = if style & 1 != 0 { b"\r\n" } else { b"\n" };
    let mut out = Vec::new();
    if style & 2 != 0 {
        out.extend_from_slice(b"***Made-up disclaimer line\r\n\r\nSecond line of it\r\n");
    }
    if style & 8 != 0 {
        out.extend_from_slice(b"\xEF\xBB\xBF");
    }
    for line in lines {
        out.extend_from_slice(&line);
        out.extend_from_slice(end);
    }
    out
}

/// A cell of a workbook.
#[derive(Clone, Debug, arbitrary::Arbitrary)]
pub enum Cell {
    Text(String),
    /// One of the column names the reader knows (by index), or a code-like value.
    Known(u8),
    Number(f64),
    /// A date-formatted cell holding an Excel serial day number.
    Date(f64),
    Blank,
}

/// The column names of the CMS workbook (and spellings of them), and values of the
/// shapes its columns hold.
pub const KNOWN: &[&str] = &[
    "HCPC",
    "HCPCS",
    "LONG DESCRIPTION",
    "SHORT DESCRIPTION",
    "SEQNUM",
    "RECID",
    "PRICE1",
    "PRICE2",
    "PRICE3",
    "PRICE4",
    "MULT_PI",
    "CIM1",
    "MCM1",
    "STATUTE",
    "LABCERT1",
    "XREF1",
    "COV",
    "ASC_GRP",
    "ASC_DT",
    "OPPS",
    "OPPS_PI",
    "OPPS_DT",
    "PROCNOTE",
    "BETOS",
    "TOS1",
    "ANEST_BU",
    "ADD_DT",
    "ACT_EFF_DT",
    "TERM_DT",
    "ACTION_CD",
    "long_description",
    "Hcpc",
    "A9991",
    "J9998",
    "   ZZ",
    "D9998",
    "99999",
    "00100",
    "00200",
    "3",
    "4",
    "7",
    "19950101",
    "20191231",
    "2020-01-01",
    "C",
    "N",
    "D",
    "Made-up text",
    "",
];

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

/// A zip archive of `files`, stored (no compression).
pub fn zip(files: &[(&str, Vec<u8>)]) -> Vec<u8> {
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
        central.extend([0u8; 10]); // comment, disk, internal and external attributes
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
    String::from_utf8(name).expect("ASCII")
}

fn escape(s: &str) -> String {
    s.chars()
        .filter(|&c| matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..))
        .collect::<String>()
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The sheet XML of these rows (row 1 first).
pub fn sheet_xml(rows: &[Vec<Cell>]) -> String {
    let mut sheet = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#,
    );
    for (r, row) in rows.iter().enumerate() {
        sheet.push_str(&format!(r#"<row r="{}">"#, r + 1));
        for (c, cell) in row.iter().enumerate() {
            let at = format!("{}{}", column_name(c), r + 1);
            let text = |s: &str| {
                format!(
                    r#"<c r="{at}" t="inlineStr"><is><t xml:space="preserve">{}</t></is></c>"#,
                    escape(s)
                )
            };
            match cell {
                Cell::Text(s) => sheet.push_str(&text(s)),
                Cell::Known(k) => sheet.push_str(&text(KNOWN[usize::from(*k) % KNOWN.len()])),
                Cell::Number(n) if n.is_finite() => {
                    sheet.push_str(&format!(r#"<c r="{at}"><v>{n}</v></c>"#))
                }
                Cell::Date(n) if n.is_finite() => {
                    sheet.push_str(&format!(r#"<c r="{at}" s="1"><v>{n}</v></c>"#))
                }
                _ => {}
            }
        }
        sheet.push_str("</row>");
    }
    sheet.push_str("</sheetData></worksheet>");
    sheet
}

/// An xlsx workbook of one sheet with this sheet XML.
pub fn workbook_of_sheet(sheet: &[u8]) -> Vec<u8> {
    let rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    let files = [
        (
            "[Content_Types].xml",
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>"#.as_bytes().to_vec(),
        ),
        (
            "_rels/.rels",
            format!(r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>"#).into_bytes(),
        ),
        (
            "xl/workbook.xml",
            format!(r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="{rel}"><sheets><sheet name="HCPC" sheetId="1" r:id="rId1"/></sheets></workbook>"#).into_bytes(),
        ),
        (
            "xl/_rels/workbook.xml.rels",
            format!(r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="{rel}/styles" Target="styles.xml"/></Relationships>"#).into_bytes(),
        ),
        (
            "xl/styles.xml",
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/></cellXfs></styleSheet>"#.as_bytes().to_vec(),
        ),
        ("xl/worksheets/sheet1.xml", sheet.to_vec()),
    ];
    zip(&files)
}

/// An xlsx workbook of one sheet with these rows.
pub fn workbook(rows: &[Vec<Cell>]) -> Vec<u8> {
    workbook_of_sheet(sheet_xml(rows).as_bytes())
}

/// Made-up CPT-file pieces the CPT target's structured mode joins into lines: codes of
/// every category's shape, delimiters, header names, dates, a notice line. Never a real
/// descriptor.
pub const CPT_PIECES: &[&str] = &[
    "\t",
    ",",
    "|",
    " ",
    "\"",
    "\n",
    "\r\n",
    "99213",
    "99999",
    "0001U",
    "0002M",
    "1000F",
    "0100T",
    "00100",
    "10004",
    "70010",
    "80047",
    "90281",
    "J1745",
    "9921",
    "CPT Code",
    "Concept Id",
    "Long Descriptor",
    "Short Descriptor",
    "Medium Descriptor",
    "Effective Date",
    "Deleted Date",
    "End Date",
    "Made-up descriptor one",
    "Made-up short",
    "2021-01-01",
    "20211231",
    "01/01/2022",
    "Made-up notice line.",
    "\u{feff}",
    "\u{e9}",
    "\u{93}",
];
