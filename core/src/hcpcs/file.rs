//! The official CMS HCPCS release file, read at run time.
//!
//! CMS publishes the HCPCS Level II file each quarter (`HCPC{YEAR}_{QUARTER}_ANWEB*`) in two
//! editions, both read here into one [`HcpcsFile`]:
//!
//! - the fixed-width text file: 320-character records, laid out as in CMS's
//!   `HCPCS{YEAR}_recordlayout.txt`. A code's first record (record identification code `3`
//!   for a procedure code, `7` for a modifier) holds every field; its long description goes
//!   on over further records (`4`, `8`) in sequence-number order, which are joined.
//! - the xlsx workbook (feature `xlsx`, read with `calamine`): one row a code, its columns
//!   found by their header names (`HCPC`, `LONG DESCRIPTION`, `ADD DT`, ...), in any order.
//!
//! ```no_run
//! use medcodes::hcpcs::file::HcpcsFile;
//! use medcodes::Date;
//!
//! let file = HcpcsFile::read("HCPC2019_CONTR_ANWEB.txt")?;
//! let dos = Date::new(2019, 7, 1)?;
//! if let Some(code) = file.get("J1100") {
//!     println!("{}: {} (active: {})", code.code, code.long_description, code.is_active_on(dos));
//! }
//! println!("{} codes active", file.codes_active_on(dos).count());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! A file is read whole or not at all: any malformed record makes the parse an `Err` naming
//! the line (text) or row (xlsx), the field and the value. No input makes it panic.
//!
//! Copyright: CMS's files leave out CPT (AMA) and CDT (ADA, the D codes) descriptors, but a
//! file a user brings may hold them. They are kept in memory like any other text; callers
//! that publish descriptions should withhold those of [`HcpcsRecord::is_cpt`] and
//! [`HcpcsRecord::is_dental`] records.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

use crate::date::Date;
use crate::error::shorten;

/// The length of a text record, without its line ending.
pub const RECORD_LENGTH: usize = 320;

/// Where a record or an error is in the file: a line of the text file or a row of the
/// spreadsheet, both counted from 1 as an editor or Excel shows them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Location {
    Line(usize),
    Row(usize),
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::Line(n) => write!(f, "line {n}"),
            Location::Row(n) => write!(f, "row {n}"),
        }
    }
}

/// Which edition of the CMS file was read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum FileFormat {
    /// The fixed-width text file.
    Text,
    /// The xlsx workbook.
    Xlsx,
}

/// Why a CMS HCPCS file could not be read. Each variant names where (line or row), and,
/// for a bad value, the field and the value (cut to 40 characters).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum FileError {
    /// The file could not be read from disk.
    #[error("{}: {message}", path.display())]
    Io {
        path: PathBuf,
        kind: std::io::ErrorKind,
        message: String,
    },

    /// No HCPCS record at all: an empty file, blank lines, a disclaimer alone, or a sheet
    /// with a header row and no codes.
    #[error("empty file: no HCPCS records")]
    Empty,

    /// Bytes that are not text in a one-byte encoding (UTF-16, NUL bytes). Windows-1252
    /// and Latin-1 text is not an error: it is decoded.
    #[error(
        "{location}: {detail}; the HCPCS text file is one byte a character (ASCII, Windows-1252)"
    )]
    Encoding {
        location: Location,
        detail: &'static str,
    },

    /// A text record that is not 320 characters long (and not one whose missing end is only
    /// the blanks the layout leaves there).
    #[error("{location}: a record has {expected} characters, this one has {length}")]
    RecordLength {
        location: Location,
        length: usize,
        expected: usize,
    },

    /// A date field that is neither blank nor a calendar date in CCYYMMDD.
    #[error("{location}, {field}: {value:?} is not a date (CCYYMMDD)")]
    Date {
        location: Location,
        field: &'static str,
        value: String,
    },

    /// Any other field whose value does not fit the layout.
    #[error("{location}, {field}: {value:?}, expected {expected}")]
    Field {
        location: Location,
        field: &'static str,
        value: String,
        expected: &'static str,
    },

    /// A continuation record (identification `4` or `8`) that does not follow the first
    /// record (`3` or `7`) of its code.
    #[error("{location}: a continuation record (identification {record_id:?}) of {code} without the first record of {code} before it")]
    ContinuationWithoutFirst {
        location: Location,
        code: String,
        record_id: char,
    },

    /// A continuation record whose sequence number is not above the one before it.
    #[error("{location}: {code} sequence number {sequence} follows {previous}: a code's records go in rising sequence order")]
    Sequence {
        location: Location,
        code: String,
        sequence: u32,
        previous: u32,
    },

    /// A code whose first record appears twice.
    #[error("{location}: {code} again (its first record is at {first})")]
    DuplicateCode {
        location: Location,
        code: String,
        first: Location,
    },

    /// No row of the workbook's sheets has the columns every reading needs.
    #[error("no header row with the column(s) {} (first row found: {})", missing.join(", "), found.join(" | "))]
    MissingColumns {
        /// The missing columns, by their CMS names.
        missing: Vec<&'static str>,
        /// The header row the check was made on (the first non-empty row).
        found: Vec<String>,
    },

    /// A workbook that cannot be read: truncated, corrupt, encrypted, not a workbook.
    #[error("not a readable xlsx workbook: {message}")]
    Xlsx { message: String },

    /// A format this build does not read.
    #[error("{format} is not read: {hint}")]
    UnsupportedFormat {
        format: &'static str,
        hint: &'static str,
    },
}

/// One code or modifier of the file, with every field of the CMS record layout. Text is
/// trimmed; a blank field is `None` (or an empty `String`, `Vec`).
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct HcpcsRecord {
    /// The code, `"J1100"`, or the modifier, `"LT"`, upper case.
    pub code: String,
    /// Where its first record is.
    pub location: Location,
    /// The sequence number of its first record (`100`); `None` when the sheet has no
    /// sequence column.
    pub sequence: Option<u32>,
    /// The record identification code of its first record: `'3'` a procedure code, `'7'` a
    /// modifier (from the code's length when a sheet has no such column).
    pub record_id: char,
    /// The long description, its continuation records joined with a space.
    pub long_description: String,
    /// The short description (28 characters at most).
    pub short_description: String,
    /// Pricing indicator codes (one to four), `"51"` drugs, `"00"` not separately priced...
    pub pricing_indicators: Vec<String>,
    /// Multiple pricing indicator: `'A'` one methodology, `'9'` not applicable...
    pub multiple_pricing_indicator: Option<char>,
    /// Coverage Issues Manual reference sections (up to three).
    pub coverage_issues_manual: Vec<String>,
    /// Medicare Carriers Manual reference sections (up to three).
    pub carriers_manual: Vec<String>,
    /// Statute number of the coverage or non-coverage.
    pub statute: Option<String>,
    /// Lab certification codes (up to eight).
    pub lab_certifications: Vec<String>,
    /// Cross-reference codes, from a deleted or non-Medicare code to valid ones (up to five).
    pub cross_references: Vec<String>,
    /// Coverage code: `'C'` carrier judgment, `'D'` special coverage instructions, `'I'` not
    /// payable by Medicare, `'M'` non-covered by Medicare, `'S'` non-covered by statute.
    pub coverage: Option<char>,
    /// ASC payment group (`"YY"`: approved for ambulatory surgical centers).
    pub asc_payment_group: Option<String>,
    /// When the ASC payment group took effect.
    pub asc_effective_date: Option<Date>,
    /// Medicare outpatient group (MOG) payment group code (`OPPS` in the xlsx).
    pub mog_payment_group: Option<String>,
    /// MOG payment policy indicator (`OPPS_PI`).
    pub mog_payment_policy_indicator: Option<char>,
    /// MOG effective date (`OPPS_DT`).
    pub mog_effective_date: Option<Date>,
    /// Processing note number (Appendix A of the HCPCS manual).
    pub processing_note: Option<String>,
    /// Berenson-Eggers type of service (`"D1F"`, ...).
    pub betos: Option<String>,
    /// CMS type of service codes (one to five).
    pub types_of_service: Vec<char>,
    /// Anesthesia base units.
    pub anesthesia_base_units: Option<u16>,
    /// When the code was added to HCPCS.
    pub add_date: Option<Date>,
    /// When the last action on the code took effect.
    pub action_effective_date: Option<Date>,
    /// The last day the code may be used.
    pub termination_date: Option<Date>,
    /// The last change: `'A'` added, `'D'` discontinued, `'N'` no maintenance, `'C'` long
    /// description changed, `'P'` payment change, `'R'` reactivated, ...
    pub action: Option<char>,
}

impl HcpcsRecord {
    /// A modifier (two characters, record identification `7`) rather than a procedure code.
    pub fn is_modifier(&self) -> bool {
        self.record_id == '7' || self.record_id == '8'
    }

    /// A D code, from CDT (the ADA's dental codes): a procedure code `D` and four digits.
    /// Its descriptors are the ADA's copyright: do not publish them.
    pub fn is_dental(&self) -> bool {
        let b = self.code.as_bytes();
        !self.is_modifier()
            && b.len() == 5
            && b.first() == Some(&b'D')
            && b.get(1..).is_some_and(|d| d.iter().all(u8::is_ascii_digit))
    }

    /// A code or modifier in CPT's form (HCPCS Level I, the AMA's): it starts with a digit
    /// (`99213`, `0001U`, `25`), where Level II codes and modifiers start with a letter. Its
    /// descriptors are the AMA's copyright: do not publish them.
    pub fn is_cpt(&self) -> bool {
        self.code.as_bytes().first().is_some_and(u8::is_ascii_digit)
    }

    /// Whether the file's dates put the code in force on `date`: on or after its add date,
    /// and on or before its termination date (the last day it may be used). A blank add
    /// date puts no start, a blank termination date no end, so a file without dates (the
    /// two-column xlsx) makes every record active. The action effective date is not used:
    /// it dates the last change, whatever the change.
    pub fn is_active_on(&self, date: Date) -> bool {
        self.add_date.is_none_or(|added| added <= date)
            && self.termination_date.is_none_or(|last| date <= last)
    }
}

/// A CMS HCPCS file read whole: every record in file order, and an index by code.
#[derive(Clone, Debug)]
pub struct HcpcsFile {
    /// Codes and modifiers, in file order.
    pub records: Vec<HcpcsRecord>,
    /// The edition read.
    pub format: FileFormat,
    /// The lines before the first record (the text file opens with CMS's disclaimers),
    /// trimmed, blank ones left out.
    pub preamble: Vec<String>,
    /// Code to position in `records`.
    index: HashMap<String, usize>,
}

impl HcpcsFile {
    /// Reads a file from disk, text or xlsx (see [`HcpcsFile::parse`]).
    pub fn read(path: impl AsRef<Path>) -> Result<HcpcsFile, FileError> {
        let path = path.as_ref();
        let bytes = std::fs::read(path).map_err(|e| FileError::Io {
            path: path.to_owned(),
            kind: e.kind(),
            message: e.to_string(),
        })?;
        HcpcsFile::parse(&bytes)
    }

    /// Reads either edition, chosen by content, not name: a zip (`PK\x03\x04`) is the xlsx
    /// workbook, anything else the text file. The old binary `.xls` is refused with a hint.
    pub fn parse(bytes: &[u8]) -> Result<HcpcsFile, FileError> {
        const ZIP: &[u8] = b"PK\x03\x04";
        const OLE: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
        if bytes.starts_with(OLE) {
            return Err(FileError::UnsupportedFormat {
                format: "an Excel 97-2003 workbook (.xls)",
                hint: "use the text file, or save the workbook as .xlsx",
            });
        }
        if bytes.starts_with(ZIP) {
            #[cfg(feature = "xlsx")]
            return HcpcsFile::parse_xlsx(bytes);
            #[cfg(not(feature = "xlsx"))]
            return Err(FileError::UnsupportedFormat {
                format: "an xlsx workbook",
                hint: "build medcodes with the `xlsx` feature, or use the text file",
            });
        }
        HcpcsFile::parse_text(bytes)
    }

    /// Reads the fixed-width text file.
    ///
    /// Lines end in CRLF or LF. Blank lines are skipped, and so are the disclaimer lines a
    /// file may open with (from a first line starting with `*` to the first record). A
    /// record shorter than 320 characters is read when what it lacks is blank by the layout
    /// (the filler after position 293, or everything after the description of a
    /// continuation record): CMS's 2019 file has one continuation record cut to 316.
    pub fn parse_text(bytes: &[u8]) -> Result<HcpcsFile, FileError> {
        if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
            return Err(FileError::Encoding {
                location: Location::Line(1),
                detail: "a UTF-16 byte order mark",
            });
        }
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        let mut builder = Builder::new(FileFormat::Text);
        let mut seen_record = false;
        let mut in_preamble = false;
        for (i, line) in bytes.split(|&b| b == b'\n').enumerate() {
            let location = Location::Line(i + 1);
            let line = line.strip_suffix(b"\r").unwrap_or(line);
            if line.contains(&0) {
                return Err(FileError::Encoding {
                    location,
                    detail: "a NUL byte (UTF-16 text, or not text)",
                });
            }
            if is_blank(line) {
                continue;
            }
            if !seen_record {
                if !in_preamble && line.first() == Some(&b'*') {
                    in_preamble = true;
                }
                if in_preamble && !looks_like_record(line) {
                    builder.preamble.push(decode(line).trim().to_owned());
                    continue;
                }
                seen_record = true;
            }
            builder.push(text_piece(&TextRow { location, line })?)?;
        }
        builder.finish()
    }

    /// Reads the xlsx workbook: the first sheet with a header row (among its first 20 rows)
    /// naming the code column (`HCPC`, `HCPCS`) and the long description column
    /// (`LONG DESCRIPTION`). Other columns are read when present, by their CMS names
    /// (`SEQNUM`, `RECID`, `SHORT DESCRIPTION`, `PRICE1`-`PRICE4`, `MULT_PI`, `CIM1`-`CIM3`,
    /// `MCM1`-`MCM3`, `STATUTE`, `LABCERT1`-`LABCERT8`, `XREF1`-`XREF5`, `COV`, `ASC_GRP`,
    /// `ASC_DT`, `OPPS`, `OPPS_PI`, `OPPS_DT`, `PROCNOTE`, `BETOS`, `TOS1`-`TOS5`,
    /// `ANEST_BU`, `ADD_DT`, `ACT_EFF_DT`, `TERM_DT`, `ACTION_CD`); names match whatever
    /// their case, spaces and underscores. Modifiers are the two-character codes (CMS
    /// writes them `"   LT"`, as in the text file). Dates may be CCYYMMDD text or numbers,
    /// ISO text, or date cells.
    #[cfg(feature = "xlsx")]
    pub fn parse_xlsx(bytes: &[u8]) -> Result<HcpcsFile, FileError> {
        if bytes.is_empty() {
            return Err(FileError::Empty);
        }
        // calamine is not panic-free on crafted workbooks (overflowing cell references,
        // for one): a panic in it is a corrupt file here, not a crash of the caller.
        std::panic::catch_unwind(|| xlsx::parse(bytes)).unwrap_or_else(|_| {
            Err(FileError::Xlsx {
                message: "the workbook reader failed on its content (a corrupt workbook)".into(),
            })
        })
    }

    /// The record of a code or modifier, any case, surrounding spaces ignored:
    /// `get("j1100")`, `get("LT")`.
    pub fn get(&self, code: &str) -> Option<&HcpcsRecord> {
        let code = code.trim();
        if code.is_empty() || code.len() > 5 {
            return None;
        }
        let mut buf = [0u8; 5];
        let key = buf.get_mut(..code.len())?;
        key.copy_from_slice(code.as_bytes());
        key.make_ascii_uppercase();
        let key = std::str::from_utf8(key).ok()?;
        match self.index.get(key).and_then(|&i| self.records.get(i)) {
            Some(record) if record.code == key => Some(record),
            // `records` is public: if a caller reordered it, find the code the slow way.
            _ => self.records.iter().find(|r| r.code == key),
        }
    }

    /// The number of records (codes and modifiers).
    pub fn len(&self) -> usize {
        self.records.len()
    }

    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }

    /// The procedure codes, in file order: Level II codes (a letter and four digits),
    /// D codes included; CPT-form codes a file might hold are left out.
    pub fn codes(&self) -> impl Iterator<Item = &HcpcsRecord> + '_ {
        self.records
            .iter()
            .filter(|r| !r.is_modifier() && !r.is_cpt())
    }

    /// The modifiers, in file order.
    pub fn modifiers(&self) -> impl Iterator<Item = &HcpcsRecord> + '_ {
        self.records.iter().filter(|r| r.is_modifier())
    }

    /// The procedure codes of [`HcpcsFile::codes`] active on a date
    /// ([`HcpcsRecord::is_active_on`]).
    pub fn codes_active_on(&self, date: Date) -> impl Iterator<Item = &HcpcsRecord> + '_ {
        self.codes().filter(move |r| r.is_active_on(date))
    }

    /// The modifiers active on a date ([`HcpcsRecord::is_active_on`]).
    pub fn modifiers_active_on(&self, date: Date) -> impl Iterator<Item = &HcpcsRecord> + '_ {
        self.modifiers().filter(move |r| r.is_active_on(date))
    }
}

/// One field of the record layout: where it is in a text record, and its xlsx column.
#[derive(Clone, Copy, Debug)]
struct Field {
    /// The name in errors.
    name: &'static str,
    /// First position (from 1, as the layout counts) and width in a text record.
    start: usize,
    width: usize,
    /// xlsx header names, normalised by [`normalize_header`].
    #[cfg_attr(not(feature = "xlsx"), allow(dead_code))]
    columns: &'static [&'static str],
    /// A code field: a number cell is written back with the zeros the text file has
    /// (`0` -> `"00"` for a pricing indicator).
    #[cfg_attr(not(feature = "xlsx"), allow(dead_code))]
    pad: bool,
}

const fn field(
    name: &'static str,
    start: usize,
    width: usize,
    columns: &'static [&'static str],
    pad: bool,
) -> Field {
    Field {
        name,
        start,
        width,
        columns,
        pad,
    }
}

const CODE: Field = field(
    "HCPCS code",
    1,
    5,
    &["HCPC", "HCPCS", "HCPCSCODE", "HCPCCODE", "CODE"],
    false,
);
const SEQUENCE: Field = field(
    "sequence number",
    6,
    5,
    &["SEQNUM", "SEQ", "SEQUENCE", "SEQUENCENUMBER"],
    false,
);
const RECORD_ID: Field = field(
    "record identification code",
    11,
    1,
    &["RECID", "RIC", "RECORDID"],
    true,
);
const LONG: Field = field(
    "long description",
    12,
    80,
    &["LONGDESCRIPTION", "LONGDESC", "LONGDESCRIPTOR"],
    false,
);
const SHORT: Field = field(
    "short description",
    92,
    28,
    &["SHORTDESCRIPTION", "SHORTDESC", "SHORTDESCRIPTOR"],
    false,
);
const PRICING: [Field; 4] = [
    field("pricing indicator 1", 120, 2, &["PRICE1"], true),
    field("pricing indicator 2", 122, 2, &["PRICE2"], true),
    field("pricing indicator 3", 124, 2, &["PRICE3"], true),
    field("pricing indicator 4", 126, 2, &["PRICE4"], true),
];
const MULTIPLE_PRICING: Field = field("multiple pricing indicator", 128, 1, &["MULTPI"], true);
const CIM: [Field; 3] = [
    field("coverage issues manual 1", 129, 6, &["CIM1"], false),
    field("coverage issues manual 2", 135, 6, &["CIM2"], false),
    field("coverage issues manual 3", 141, 6, &["CIM3"], false),
];
const MCM: [Field; 3] = [
    field("carriers manual 1", 147, 8, &["MCM1"], false),
    field("carriers manual 2", 155, 8, &["MCM2"], false),
    field("carriers manual 3", 163, 8, &["MCM3"], false),
];
const STATUTE: Field = field("statute number", 171, 10, &["STATUTE"], false);
const LAB_CERTIFICATION: [Field; 8] = [
    field("lab certification 1", 181, 3, &["LABCERT1"], true),
    field("lab certification 2", 184, 3, &["LABCERT2"], true),
    field("lab certification 3", 187, 3, &["LABCERT3"], true),
    field("lab certification 4", 190, 3, &["LABCERT4"], true),
    field("lab certification 5", 193, 3, &["LABCERT5"], true),
    field("lab certification 6", 196, 3, &["LABCERT6"], true),
    field("lab certification 7", 199, 3, &["LABCERT7"], true),
    field("lab certification 8", 202, 3, &["LABCERT8"], true),
];
const CROSS_REFERENCE: [Field; 5] = [
    field("cross reference 1", 205, 5, &["XREF1"], false),
    field("cross reference 2", 210, 5, &["XREF2"], false),
    field("cross reference 3", 215, 5, &["XREF3"], false),
    field("cross reference 4", 220, 5, &["XREF4"], false),
    field("cross reference 5", 225, 5, &["XREF5"], false),
];
const COVERAGE: Field = field("coverage code", 230, 1, &["COV", "COVERAGE"], true);
const ASC_GROUP: Field = field("ASC payment group", 231, 2, &["ASCGRP"], true);
const ASC_DATE: Field = field("ASC effective date", 233, 8, &["ASCDT"], false);
const MOG_GROUP: Field = field("MOG payment group", 241, 3, &["OPPS", "MOG"], true);
const MOG_INDICATOR: Field = field(
    "MOG payment policy indicator",
    244,
    1,
    &["OPPSPI", "MOGPI"],
    true,
);
const MOG_DATE: Field = field("MOG effective date", 245, 8, &["OPPSDT", "MOGDT"], false);
const PROCESSING_NOTE: Field = field("processing note", 253, 4, &["PROCNOTE"], true);
const BETOS: Field = field("BETOS", 257, 3, &["BETOS"], false);
const TYPE_OF_SERVICE: [Field; 5] = [
    field("type of service 1", 261, 1, &["TOS1"], true),
    field("type of service 2", 262, 1, &["TOS2"], true),
    field("type of service 3", 263, 1, &["TOS3"], true),
    field("type of service 4", 264, 1, &["TOS4"], true),
    field("type of service 5", 265, 1, &["TOS5"], true),
];
const ANESTHESIA: Field = field("anesthesia base units", 266, 3, &["ANESTBU"], false);
const ADD_DATE: Field = field("add date", 269, 8, &["ADDDT"], false);
const ACTION_DATE: Field = field("action effective date", 277, 8, &["ACTEFFDT"], false);
const TERMINATION_DATE: Field = field("termination date", 285, 8, &["TERMDT"], false);
const ACTION: Field = field("action code", 293, 1, &["ACTIONCD", "ACTION"], true);

/// The last position a first record (`3`, `7`) uses; the filler after it may be cut.
const FIRST_RECORD_MIN: usize = 293;
/// The last position a continuation record (`4`, `8`) uses.
const CONTINUATION_MIN: usize = 91;

/// One row of either edition, as the fields of the layout.
trait Row {
    fn location(&self) -> Location;
    /// The field's trimmed text; empty when blank or when the file has no such field.
    fn text(&self, field: &Field) -> Result<String, FileError>;
    /// A date field; `None` when blank.
    fn date(&self, field: &Field) -> Result<Option<Date>, FileError>;
}

/// What a row is: the first record of a code, or more of its long description.
enum Piece {
    First(Box<HcpcsRecord>),
    Continuation {
        location: Location,
        code: String,
        sequence: Option<u32>,
        record_id: char,
        text: String,
    },
}

/// Reads a row's fields into a [`Piece`]. Shared by both editions.
fn read_row(row: &impl Row, record_id: Option<char>) -> Result<Piece, FileError> {
    let location = row.location();
    let raw_code = row.text(&CODE)?;
    let record_id = match record_id {
        Some(id) => id,
        // A sheet without the column: the code's length tells.
        None if raw_code.len() == 2 => '7',
        None => '3',
    };
    let modifier = matches!(record_id, '7' | '8');
    let code_ok = raw_code.len() == if modifier { 2 } else { 5 }
        && raw_code.bytes().all(|b| b.is_ascii_alphanumeric());
    if !code_ok {
        return Err(FileError::Field {
            location,
            field: CODE.name,
            value: shorten(&raw_code),
            expected: if modifier {
                "a 2-character modifier (letters and digits) for record identification 7 or 8"
            } else {
                "a 5-character code (letters and digits) for record identification 3 or 4"
            },
        });
    }
    let code = raw_code.to_ascii_uppercase();
    let sequence = number(row, &SEQUENCE, "a sequence number (digits)")?;
    let long_description = row.text(&LONG)?;
    if matches!(record_id, '4' | '8') {
        return Ok(Piece::Continuation {
            location,
            code,
            sequence,
            record_id,
            text: long_description,
        });
    }
    let texts = |fields: &[Field]| -> Result<Vec<String>, FileError> {
        let mut out = Vec::new();
        for f in fields {
            let value = row.text(f)?;
            if !value.is_empty() {
                out.push(value);
            }
        }
        Ok(out)
    };
    let optional = |f: &Field| -> Result<Option<String>, FileError> {
        row.text(f).map(|v| Some(v).filter(|v| !v.is_empty()))
    };
    let mut types_of_service = Vec::new();
    for f in &TYPE_OF_SERVICE {
        types_of_service.extend(character(row, f)?);
    }
    let anesthesia_base_units = match number(row, &ANESTHESIA, "a number of base units")? {
        Some(n) => Some(u16::try_from(n).map_err(|_| FileError::Field {
            location,
            field: ANESTHESIA.name,
            value: n.to_string(),
            expected: "a number of base units up to 65535",
        })?),
        None => None,
    };
    Ok(Piece::First(Box::new(HcpcsRecord {
        code,
        location,
        sequence,
        record_id,
        long_description,
        short_description: row.text(&SHORT)?,
        pricing_indicators: texts(&PRICING)?,
        multiple_pricing_indicator: character(row, &MULTIPLE_PRICING)?,
        coverage_issues_manual: texts(&CIM)?,
        carriers_manual: texts(&MCM)?,
        statute: optional(&STATUTE)?,
        lab_certifications: texts(&LAB_CERTIFICATION)?,
        cross_references: texts(&CROSS_REFERENCE)?,
        coverage: character(row, &COVERAGE)?,
        asc_payment_group: optional(&ASC_GROUP)?,
        asc_effective_date: row.date(&ASC_DATE)?,
        mog_payment_group: optional(&MOG_GROUP)?,
        mog_payment_policy_indicator: character(row, &MOG_INDICATOR)?,
        mog_effective_date: row.date(&MOG_DATE)?,
        processing_note: optional(&PROCESSING_NOTE)?,
        betos: optional(&BETOS)?,
        types_of_service,
        anesthesia_base_units,
        add_date: row.date(&ADD_DATE)?,
        action_effective_date: row.date(&ACTION_DATE)?,
        termination_date: row.date(&TERMINATION_DATE)?,
        action: character(row, &ACTION)?,
    })))
}

/// A one-character field: `None` when blank.
fn character(row: &impl Row, field: &Field) -> Result<Option<char>, FileError> {
    let value = row.text(field)?;
    let mut chars = value.chars();
    match (chars.next(), chars.next()) {
        (None, _) => Ok(None),
        (Some(c), None) => Ok(Some(c)),
        _ => Err(FileError::Field {
            location: row.location(),
            field: field.name,
            value: shorten(&value),
            expected: "one character",
        }),
    }
}

/// A field of digits: `None` when blank.
fn number(row: &impl Row, field: &Field, expected: &'static str) -> Result<Option<u32>, FileError> {
    let value = row.text(field)?;
    if value.is_empty() {
        return Ok(None);
    }
    match value.parse::<u32>() {
        Ok(n) if value.bytes().all(|b| b.is_ascii_digit()) => Ok(Some(n)),
        _ => Err(FileError::Field {
            location: row.location(),
            field: field.name,
            value: shorten(&value),
            expected,
        }),
    }
}

/// A CCYYMMDD date; blank or all zeros is no date. `iso` also takes `YYYY-MM-DD` (xlsx).
fn parse_date(
    location: Location,
    field: &Field,
    value: &str,
    iso: bool,
) -> Result<Option<Date>, FileError> {
    let value = value.trim();
    if value.bytes().all(|b| b == b'0') {
        return Ok(None); // blank ("" is all zeros too)
    }
    let date = if value.len() == 8 && value.bytes().all(|b| b.is_ascii_digit()) {
        value.parse().ok().and_then(|n| Date::from_yyyymmdd(n).ok())
    } else if iso && value.len() == 10 {
        value.parse::<Date>().ok()
    } else {
        None
    };
    match date {
        Some(date) => Ok(Some(date)),
        None => Err(FileError::Date {
            location,
            field: field.name,
            value: shorten(value),
        }),
    }
}

/// A text record.
struct TextRow<'a> {
    location: Location,
    line: &'a [u8],
}

impl TextRow<'_> {
    /// The field's bytes; shorter (or empty) where the record is cut short.
    fn bytes(&self, field: &Field) -> &[u8] {
        let start = field.start - 1;
        let end = (start + field.width).min(self.line.len());
        self.line.get(start..end).unwrap_or_default()
    }
}

impl Row for TextRow<'_> {
    fn location(&self) -> Location {
        self.location
    }

    fn text(&self, field: &Field) -> Result<String, FileError> {
        Ok(decode(self.bytes(field)).trim().to_owned())
    }

    fn date(&self, field: &Field) -> Result<Option<Date>, FileError> {
        parse_date(self.location, field, &decode(self.bytes(field)), false)
    }
}

/// Checks a text record's length and identification code, then reads it.
fn text_piece(row: &TextRow<'_>) -> Result<Piece, FileError> {
    let line = row.line;
    let length_error = || FileError::RecordLength {
        location: row.location,
        length: line.len(),
        expected: RECORD_LENGTH,
    };
    let record_id = match line.get(RECORD_ID.start - 1) {
        Some(&id @ (b'3' | b'4' | b'7' | b'8')) => char::from(id),
        Some(_) if line.len() == RECORD_LENGTH => {
            return Err(FileError::Field {
                location: row.location,
                field: RECORD_ID.name,
                value: shorten(&decode(row.bytes(&RECORD_ID))),
                expected: "3 or 7 (a first record), 4 or 8 (a continuation record)",
            })
        }
        _ => return Err(length_error()),
    };
    let shortest = match record_id {
        '3' | '7' => FIRST_RECORD_MIN,
        _ => CONTINUATION_MIN,
    };
    let overlong = line
        .get(RECORD_LENGTH..)
        .is_some_and(|rest| !rest.iter().all(|&b| b == b' '));
    if line.len() < shortest || overlong {
        return Err(length_error());
    }
    read_row(row, Some(record_id))
}

/// A line that starts like a record: a code, five digits of sequence number and a record
/// identification code. What ends the disclaimer lines.
fn looks_like_record(line: &[u8]) -> bool {
    let (Some(code), Some(sequence), Some(id)) = (line.get(..5), line.get(5..10), line.get(10))
    else {
        return false;
    };
    code.iter().all(|b| b.is_ascii_alphanumeric() || *b == b' ')
        && sequence.iter().all(u8::is_ascii_digit)
        && matches!(id, b'3' | b'4' | b'7' | b'8')
}

/// Only spaces, tabs, carriage returns and no-break spaces (0xA0 in Windows-1252).
fn is_blank(line: &[u8]) -> bool {
    line.iter()
        .all(|b| matches!(b, b' ' | b'\t' | b'\r' | 0x0B | 0x0C | 0xA0))
}

/// Text of a field, never failing. CMS writes the file in Windows-1252 (Latin-1 with curly
/// quotes and dashes at 0x80-0x9F; the 2019 file's only non-ASCII bytes are no-break
/// spaces, 0xA0, in its disclaimer). Bytes that are valid UTF-8 are read as UTF-8 (a file
/// someone re-saved); any other byte string is read byte by byte as Windows-1252, where
/// every byte is a character (the five bytes Windows-1252 leaves undefined become the C1
/// controls of the same value, as web browsers decode them).
fn decode(bytes: &[u8]) -> Cow<'_, str> {
    match std::str::from_utf8(bytes) {
        Ok(text) => Cow::Borrowed(text),
        Err(_) => Cow::Owned(bytes.iter().map(|&b| windows_1252(b)).collect()),
    }
}

fn windows_1252(byte: u8) -> char {
    const HIGH: [char; 32] = [
        '\u{20AC}', '\u{81}', '\u{201A}', '\u{192}', '\u{201E}', '\u{2026}', '\u{2020}',
        '\u{2021}', '\u{2C6}', '\u{2030}', '\u{160}', '\u{2039}', '\u{152}', '\u{8D}', '\u{17D}',
        '\u{8F}', '\u{90}', '\u{2018}', '\u{2019}', '\u{201C}', '\u{201D}', '\u{2022}', '\u{2013}',
        '\u{2014}', '\u{2DC}', '\u{2122}', '\u{161}', '\u{203A}', '\u{153}', '\u{9D}', '\u{17E}',
        '\u{178}',
    ];
    match byte {
        0x80..=0x9F => HIGH
            .get(usize::from(byte - 0x80))
            .copied()
            .unwrap_or(char::REPLACEMENT_CHARACTER),
        // ASCII and Latin-1 (0xA0-0xFF) are the code points of the same value.
        _ => char::from(byte),
    }
}

/// Assembles pieces into records: continuation text onto its first record, duplicates and
/// orphans refused.
struct Builder {
    records: Vec<HcpcsRecord>,
    index: HashMap<String, usize>,
    format: FileFormat,
    preamble: Vec<String>,
    /// Sequence number of the last piece added to the last record.
    last_sequence: Option<u32>,
}

impl Builder {
    fn new(format: FileFormat) -> Builder {
        Builder {
            records: Vec::new(),
            index: HashMap::new(),
            format,
            preamble: Vec::new(),
            last_sequence: None,
        }
    }

    fn push(&mut self, piece: Piece) -> Result<(), FileError> {
        match piece {
            Piece::First(record) => {
                if let Some(first) = self
                    .index
                    .get(&record.code)
                    .and_then(|&i| self.records.get(i))
                {
                    return Err(FileError::DuplicateCode {
                        location: record.location,
                        code: record.code,
                        first: first.location,
                    });
                }
                self.index.insert(record.code.clone(), self.records.len());
                self.last_sequence = record.sequence;
                self.records.push(*record);
            }
            Piece::Continuation {
                location,
                code,
                sequence,
                record_id,
                text,
            } => {
                let modifier = record_id == '8';
                let Some(record) = self
                    .records
                    .last_mut()
                    .filter(|r| r.code == code && r.is_modifier() == modifier)
                else {
                    return Err(FileError::ContinuationWithoutFirst {
                        location,
                        code,
                        record_id,
                    });
                };
                if let (Some(sequence), Some(previous)) = (sequence, self.last_sequence) {
                    if sequence <= previous {
                        return Err(FileError::Sequence {
                            location,
                            code,
                            sequence,
                            previous,
                        });
                    }
                }
                self.last_sequence = sequence;
                if !text.is_empty() {
                    if !record.long_description.is_empty() {
                        record.long_description.push(' ');
                    }
                    record.long_description.push_str(&text);
                }
            }
        }
        Ok(())
    }

    fn finish(self) -> Result<HcpcsFile, FileError> {
        if self.records.is_empty() {
            return Err(FileError::Empty);
        }
        Ok(HcpcsFile {
            records: self.records,
            format: self.format,
            preamble: self.preamble,
            index: self.index,
        })
    }
}

/// A header name compared without case, spaces or punctuation: `"LONG DESCRIPTION"`,
/// `"long_description"` and `"LongDescription"` are one name.
#[cfg_attr(not(feature = "xlsx"), allow(dead_code))]
fn normalize_header(name: &str) -> String {
    name.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

#[cfg(feature = "xlsx")]
mod xlsx {
    //! The xlsx edition through calamine. Cells are streamed (`worksheet_cells_reader`)
    //! rather than read into a dense range, so a crafted sheet dimension (`A1:XFD1048576`)
    //! costs nothing: memory follows the cells present.

    use std::collections::HashMap;
    use std::io::Cursor;

    use calamine::{DataRef, Reader, Xlsx};

    use super::{
        normalize_header, parse_date, read_row, shorten, Builder, Field, FileError, FileFormat,
        HcpcsFile, Location, Row, ACTION, ACTION_DATE, ADD_DATE, ANESTHESIA, ASC_DATE, ASC_GROUP,
        BETOS, CIM, CODE, COVERAGE, CROSS_REFERENCE, LAB_CERTIFICATION, LONG, MCM, MOG_DATE,
        MOG_GROUP, MOG_INDICATOR, MULTIPLE_PRICING, PRICING, PROCESSING_NOTE, RECORD_ID, SEQUENCE,
        SHORT, STATUTE, TERMINATION_DATE, TYPE_OF_SERVICE,
    };
    use crate::date::Date;

    /// How many rows from the top of a sheet may precede its header row (titles, notes).
    const HEADER_SEARCH_ROWS: usize = 20;

    /// A cell's value, owned.
    enum Cell {
        Text(String),
        Int(i64),
        Float(f64),
        Bool(bool),
        /// A date cell, as ISO `YYYY-MM-DD` (or what calamine could not turn into one).
        Date(String),
        Error(String),
    }

    impl Cell {
        fn from_data(value: DataRef<'_>) -> Option<Cell> {
            Some(match value {
                DataRef::Empty => return None,
                DataRef::String(s) => Cell::Text(s),
                DataRef::SharedString(s) => Cell::Text(s.to_owned()),
                DataRef::Int(i) => Cell::Int(i),
                DataRef::Float(f) => Cell::Float(f),
                DataRef::Bool(b) => Cell::Bool(b),
                // The date, 1900 or 1904 system as the workbook says. No workbook date
                // is negative, and calamine's conversion panics on some (chrono's
                // milliseconds out of bounds; found by fuzzing): those keep their number.
                DataRef::DateTime(d) => Cell::Date(
                    match (d.as_f64() >= 0.0).then(|| d.as_datetime()).flatten() {
                        Some(dt) => dt.date().to_string(),
                        None => d.as_f64().to_string(),
                    },
                ),
                DataRef::DateTimeIso(s) => Cell::Date(s.chars().take(10).collect()),
                DataRef::DurationIso(s) => Cell::Text(s),
                DataRef::Error(e) => Cell::Error(e.to_string()),
            })
        }

        /// The cell as the text file would have it; `pad` widens a number with zeros.
        fn text(&self, pad: usize) -> Result<String, String> {
            let integer = |i: i64| {
                if pad > 0 && i >= 0 {
                    format!("{i:0pad$}")
                } else {
                    i.to_string()
                }
            };
            Ok(match self {
                Cell::Text(s) => s.trim().to_owned(),
                Cell::Int(i) => integer(*i),
                // Whole numbers print without ".0" (a pricing indicator typed as 51).
                Cell::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => integer(*f as i64),
                Cell::Float(f) => f.to_string(),
                Cell::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_owned(),
                Cell::Date(s) => s.clone(),
                Cell::Error(e) => return Err(e.clone()),
            })
        }
    }

    struct XlsxRow<'a> {
        location: Location,
        /// (column, value), by column.
        cells: &'a [(u32, Cell)],
        columns: &'a HashMap<&'static str, u32>,
    }

    impl XlsxRow<'_> {
        fn cell(&self, field: &Field) -> Option<&Cell> {
            let column = *self.columns.get(field.name)?;
            self.cells
                .iter()
                .find(|(c, _)| *c == column)
                .map(|(_, cell)| cell)
        }
    }

    impl Row for XlsxRow<'_> {
        fn location(&self) -> Location {
            self.location
        }

        fn text(&self, field: &Field) -> Result<String, FileError> {
            let Some(cell) = self.cell(field) else {
                return Ok(String::new());
            };
            let pad = if field.pad { field.width } else { 0 };
            cell.text(pad).map_err(|error| FileError::Field {
                location: self.location,
                field: field.name,
                value: shorten(&error),
                expected: "a value, not a spreadsheet error",
            })
        }

        fn date(&self, field: &Field) -> Result<Option<Date>, FileError> {
            let bad = |value: String| FileError::Date {
                location: self.location,
                field: field.name,
                value: shorten(&value),
            };
            match self.cell(field) {
                None => Ok(None),
                Some(Cell::Text(s) | Cell::Date(s)) => parse_date(self.location, field, s, true),
                // A number is CCYYMMDD (20190101), as the text file writes it.
                Some(Cell::Int(i)) => match u32::try_from(*i) {
                    Ok(0) => Ok(None),
                    Ok(n) if n >= 10_000_000 => Date::from_yyyymmdd(n)
                        .map(Some)
                        .map_err(|_| bad(i.to_string())),
                    _ => Err(bad(i.to_string())),
                },
                Some(cell @ Cell::Float(_)) => {
                    let text = cell.text(0).unwrap_or_default();
                    parse_date(self.location, field, &text, false)
                }
                Some(Cell::Bool(b)) => Err(bad(b.to_string())),
                Some(Cell::Error(e)) => Err(bad(e.clone())),
            }
        }
    }

    fn xlsx_error(error: calamine::XlsxError) -> FileError {
        FileError::Xlsx {
            message: shorten_message(&error.to_string()),
        }
    }

    /// Error text from the reader, cut to a line.
    fn shorten_message(message: &str) -> String {
        let mut s: String = message.chars().take(200).collect();
        if s.len() < message.len() {
            s.push('…');
        }
        s
    }

    /// Every field that may have a column, for the header map.
    fn all_fields() -> Vec<&'static Field> {
        let mut fields: Vec<&'static Field> = vec![
            &CODE,
            &SEQUENCE,
            &RECORD_ID,
            &LONG,
            &SHORT,
            &MULTIPLE_PRICING,
            &STATUTE,
            &COVERAGE,
            &ASC_GROUP,
            &ASC_DATE,
            &MOG_GROUP,
            &MOG_INDICATOR,
            &MOG_DATE,
            &PROCESSING_NOTE,
            &BETOS,
            &ANESTHESIA,
            &ADD_DATE,
            &ACTION_DATE,
            &TERMINATION_DATE,
            &ACTION,
        ];
        for group in [
            &PRICING[..],
            &CIM,
            &MCM,
            &LAB_CERTIFICATION,
            &CROSS_REFERENCE,
            &TYPE_OF_SERVICE,
        ] {
            fields.extend(group.iter());
        }
        fields
    }

    /// Field name to column, from a header row; the first column with a name wins.
    fn map_header(header: &[(u32, Cell)]) -> HashMap<&'static str, u32> {
        let names: Vec<(u32, String)> = header
            .iter()
            .filter_map(|(c, cell)| match cell {
                Cell::Text(s) => Some((*c, normalize_header(s))),
                _ => None,
            })
            .collect();
        let mut columns = HashMap::new();
        for field in all_fields() {
            if let Some((c, _)) = names
                .iter()
                .find(|(_, name)| field.columns.contains(&name.as_str()))
            {
                columns.insert(field.name, *c);
            }
        }
        columns
    }

    /// The cells of a sheet, grouped by row (0-based), rows in order.
    type Rows = Vec<(u32, Vec<(u32, Cell)>)>;

    fn read_sheet(book: &mut Xlsx<Cursor<&[u8]>>, name: &str) -> Result<Rows, FileError> {
        let mut reader = book.worksheet_cells_reader(name).map_err(xlsx_error)?;
        let mut cells: Vec<(u32, u32, Cell)> = Vec::new();
        while let Some(cell) = reader.next_cell().map_err(xlsx_error)? {
            let (row, column) = cell.get_position();
            if let Some(value) = Cell::from_data(cell.get_value().clone()) {
                cells.push((row, column, value));
            }
        }
        // Rows come in order in a well-formed sheet; sort anyway (stable: the first of a
        // repeated cell stays first).
        cells.sort_by_key(|&(row, column, _)| (row, column));
        let mut rows: Rows = Vec::new();
        for (row, column, value) in cells {
            match rows.last_mut() {
                Some((r, cells)) if *r == row => cells.push((column, value)),
                _ => rows.push((row, vec![(column, value)])),
            }
        }
        Ok(rows)
    }

    fn is_blank_row(cells: &[(u32, Cell)]) -> bool {
        cells
            .iter()
            .all(|(_, cell)| matches!(cell, Cell::Text(s) if s.trim().is_empty()))
    }

    /// The columns every reading needs, by the names CMS gives them.
    const REQUIRED: [(&Field, &str); 2] = [(&CODE, "HCPC"), (&LONG, "LONG DESCRIPTION")];

    fn missing(columns: &HashMap<&'static str, u32>) -> Vec<&'static str> {
        REQUIRED
            .iter()
            .filter(|(field, _)| !columns.contains_key(field.name))
            .map(|&(_, name)| name)
            .collect()
    }

    pub(super) fn parse(bytes: &[u8]) -> Result<HcpcsFile, FileError> {
        let mut book = Xlsx::new(Cursor::new(bytes)).map_err(xlsx_error)?;
        // For the error if no sheet has a header: the first non-empty row of the first
        // non-empty sheet, and the columns it lacks.
        let mut first_row: Option<(Vec<&'static str>, Vec<String>)> = None;
        for name in book.sheet_names() {
            let rows = read_sheet(&mut book, &name)?;
            let mut filled = rows.iter().filter(|(_, cells)| !is_blank_row(cells));
            let header = filled
                .clone()
                .take(HEADER_SEARCH_ROWS)
                .find(|(_, cells)| missing(&map_header(cells)).is_empty());
            let Some((header_row, header)) = header else {
                if let (None, Some((_, cells))) = (&first_row, filled.next()) {
                    let found = cells
                        .iter()
                        .map(|(_, c)| shorten(&c.text(0).unwrap_or_else(|e| e)))
                        .collect();
                    first_row = Some((missing(&map_header(cells)), found));
                }
                continue;
            };
            let columns = map_header(header);
            let mut builder = Builder::new(FileFormat::Xlsx);
            for (row, cells) in rows.iter().filter(|(r, _)| r > header_row) {
                if is_blank_row(cells) {
                    continue;
                }
                let location = Location::Row(*row as usize + 1);
                let row = XlsxRow {
                    location,
                    cells,
                    columns: &columns,
                };
                let record_id = row.text(&RECORD_ID)?;
                let record_id = match record_id.as_str() {
                    "" => None,
                    "3" | "4" | "7" | "8" => record_id.chars().next(),
                    _ => {
                        return Err(FileError::Field {
                            location,
                            field: RECORD_ID.name,
                            value: shorten(&record_id),
                            expected: "3 or 7 (a first record), 4 or 8 (a continuation record)",
                        })
                    }
                };
                builder.push(read_row(&row, record_id)?)?;
            }
            return builder.finish();
        }
        match first_row {
            None => Err(FileError::Empty),
            Some((missing, found)) => Err(FileError::MissingColumns { missing, found }),
        }
    }
}

#[cfg(test)]
mod tests {
    //! Synthetic records written here, field by field, of Level II codes only.

    use super::*;

    fn date(s: &str) -> Date {
        s.parse().unwrap()
    }

    /// A 320-character record: `code` (5 characters, as the file has them), sequence,
    /// identification, long description, then `(position, text)` fields.
    fn record(
        code: &str,
        sequence: &str,
        id: char,
        long: &str,
        fields: &[(usize, &str)],
    ) -> Vec<u8> {
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

    fn file(lines: &[Vec<u8>]) -> Vec<u8> {
        let mut out = Vec::new();
        for line in lines {
            out.extend_from_slice(line);
            out.extend_from_slice(b"\r\n");
        }
        out
    }

    fn sample() -> Vec<Vec<u8>> {
        vec![
            record(
                "A0021",
                "00100",
                '3',
                "Ambulance service, outside state per mile, transport",
                &[
                    (92, "Outside state ambulance serv"),
                    (120, "00"),
                    (128, "9"),
                    (230, "I"),
                    (257, "O1A"),
                    (261, "1"),
                    (266, "  0"),
                    (269, "19950101"),
                    (293, "N"),
                ],
            ),
            record("A0021", "00200", '4', "(medicaid only)", &[]),
            record(
                "E0100",
                "00100",
                '3',
                "Cane, includes canes of all materials, adjustable or fixed, with tip",
                &[
                    (92, "Cane adjust/fixed with tip"),
                    (120, "32"),
                    (128, "A"),
                    (129, "60-9"),
                    (147, "2100"),
                    (155, "2100.1"),
                    (171, "1861S8"),
                    (181, "310900"),
                    (205, "E0105"),
                    (230, "D"),
                    (257, "D1A"),
                    (261, "PR"),
                    (266, "  0"),
                    (269, "19840101"),
                    (277, "20190101"),
                    (285, "20190630"),
                    (293, "D"),
                ],
            ),
            record(
                "J1100",
                "00100",
                '3',
                "Injection, dexamethasone sodium phosphate, 1 mg",
                &[
                    (92, "Dexamethasone sodium phos"),
                    (120, "51"),
                    (122, "13"),
                    (128, "A"),
                    (230, "C"),
                    (231, "YY"),
                    (233, "20080101"),
                    (241, "123"),
                    (244, "9"),
                    (245, "20080101"),
                    (253, "0088"),
                    (257, "O1E"),
                    (261, "1"),
                    (262, "P"),
                    (266, " 12"),
                    (269, "19840101"),
                    (277, "20190701"),
                    (293, "C"),
                ],
            ),
            record(
                "   LT",
                "00100",
                '7',
                "Left side (used to identify procedures performed on the left side of the",
                &[(92, "Left side"), (269, "19950101"), (293, "N")],
            ),
            record("   LT", "00200", '8', "body)", &[]),
        ]
    }

    fn parse(lines: &[Vec<u8>]) -> Result<HcpcsFile, FileError> {
        HcpcsFile::parse_text(&file(lines))
    }

    #[test]
    fn reads_every_field_of_a_first_record() {
        let f = parse(&sample()).unwrap();
        assert_eq!(f.format, FileFormat::Text);
        assert_eq!(f.len(), 4);
        let e = f.get("E0100").unwrap();
        assert_eq!(e.location, Location::Line(3));
        assert_eq!(e.sequence, Some(100));
        assert_eq!(e.record_id, '3');
        assert_eq!(e.short_description, "Cane adjust/fixed with tip");
        assert_eq!(e.pricing_indicators, ["32"]);
        assert_eq!(e.multiple_pricing_indicator, Some('A'));
        assert_eq!(e.coverage_issues_manual, ["60-9"]);
        assert_eq!(e.carriers_manual, ["2100", "2100.1"]);
        assert_eq!(e.statute.as_deref(), Some("1861S8"));
        assert_eq!(e.lab_certifications, ["310", "900"]);
        assert_eq!(e.cross_references, ["E0105"]);
        assert_eq!(e.coverage, Some('D'));
        assert_eq!(e.asc_payment_group, None);
        assert_eq!(e.betos.as_deref(), Some("D1A"));
        assert_eq!(e.types_of_service, ['P', 'R']);
        assert_eq!(e.anesthesia_base_units, Some(0));
        assert_eq!(e.add_date, Some(date("1984-01-01")));
        assert_eq!(e.action_effective_date, Some(date("2019-01-01")));
        assert_eq!(e.termination_date, Some(date("2019-06-30")));
        assert_eq!(e.action, Some('D'));

        let j = f.get("J1100").unwrap();
        assert_eq!(j.pricing_indicators, ["51", "13"]);
        assert_eq!(j.asc_payment_group.as_deref(), Some("YY"));
        assert_eq!(j.asc_effective_date, Some(date("2008-01-01")));
        assert_eq!(j.mog_payment_group.as_deref(), Some("123"));
        assert_eq!(j.mog_payment_policy_indicator, Some('9'));
        assert_eq!(j.mog_effective_date, Some(date("2008-01-01")));
        assert_eq!(j.processing_note.as_deref(), Some("0088"));
        assert_eq!(j.anesthesia_base_units, Some(12));
        assert_eq!(j.termination_date, None);
        assert!(!j.is_modifier() && !j.is_dental() && !j.is_cpt());
    }

    #[test]
    fn joins_continuation_records() {
        let f = parse(&sample()).unwrap();
        assert_eq!(
            f.get("A0021").unwrap().long_description,
            "Ambulance service, outside state per mile, transport (medicaid only)"
        );
        let lt = f.get("LT").unwrap();
        assert!(lt.is_modifier());
        assert_eq!(lt.record_id, '7');
        assert!(lt.long_description.ends_with("left side of the body)"));
        assert_eq!(lt.short_description, "Left side");
        assert_eq!(lt.pricing_indicators, Vec::<String>::new());
        assert_eq!(lt.anesthesia_base_units, None);
    }

    #[test]
    fn looks_up_in_any_case_and_iterates_codes_and_modifiers() {
        let f = parse(&sample()).unwrap();
        assert_eq!(f.get(" j1100 ").unwrap().code, "J1100");
        assert_eq!(f.get("lt").unwrap().code, "LT");
        for missing in ["", "J110", "J11000", "LTX", "é"] {
            assert!(f.get(missing).is_none(), "{missing}");
        }
        let codes: Vec<_> = f.codes().map(|r| r.code.as_str()).collect();
        assert_eq!(codes, ["A0021", "E0100", "J1100"]);
        let modifiers: Vec<_> = f.modifiers().map(|r| r.code.as_str()).collect();
        assert_eq!(modifiers, ["LT"]);
    }

    #[test]
    fn active_from_the_add_date_through_the_termination_date() {
        let f = parse(&sample()).unwrap();
        let e = f.get("E0100").unwrap();
        assert!(!e.is_active_on(date("1983-12-31")));
        assert!(e.is_active_on(date("1984-01-01")));
        assert!(e.is_active_on(date("2019-06-30")));
        assert!(!e.is_active_on(date("2019-07-01")));
        let active: Vec<_> = f
            .codes_active_on(date("2019-07-01"))
            .map(|r| r.code.as_str())
            .collect();
        assert_eq!(active, ["A0021", "J1100"]);
        assert_eq!(f.modifiers_active_on(date("1995-01-01")).count(), 1);
        assert_eq!(f.modifiers_active_on(date("1994-12-31")).count(), 0);
        let undated = HcpcsRecord {
            add_date: None,
            termination_date: None,
            ..e.clone()
        };
        assert!(undated.is_active_on(date("1900-01-01")));
    }

    #[test]
    fn skips_the_disclaimer_and_blank_lines_with_lf_or_crlf() {
        let mut text = b"***Disclaimers\t\t\r\n\t\t\t\r\n*Inclusion does not imply coverage.\xa0\t\r\n\xa0\xa0 second line of it\r\n\r\n".to_vec();
        text.extend(file(&sample()));
        text.extend(b"\n   \n");
        let f = HcpcsFile::parse_text(&text).unwrap();
        assert_eq!(f.len(), 4);
        assert_eq!(
            f.preamble,
            [
                "***Disclaimers",
                "*Inclusion does not imply coverage.",
                "second line of it"
            ]
        );
        assert_eq!(f.get("A0021").unwrap().location, Location::Line(6));

        let lf: Vec<u8> = sample().join(&b'\n');
        let f = HcpcsFile::parse_text(&lf).unwrap();
        assert_eq!(f.len(), 4);
        // A BOM is skipped.
        let bom = [b"\xEF\xBB\xBF".as_slice(), &lf].concat();
        assert_eq!(HcpcsFile::parse_text(&bom).unwrap().len(), 4);
    }

    #[test]
    fn reads_a_record_cut_only_in_its_blank_end() {
        let mut lines = sample();
        lines[1].truncate(316); // as CMS's 2019 file has one
        lines[0].truncate(FIRST_RECORD_MIN);
        lines[2].extend_from_slice(b"    "); // trailing blanks past 320
        let f = parse(&lines).unwrap();
        assert!(f
            .get("A0021")
            .unwrap()
            .long_description
            .ends_with("(medicaid only)"));
        assert_eq!(f.get("A0021").unwrap().action, Some('N'));
        assert_eq!(f.get("E0100").unwrap().action, Some('D'));
        let mut continuation = sample();
        continuation[1].truncate(CONTINUATION_MIN);
        assert!(parse(&continuation).is_ok());
    }

    #[test]
    fn decodes_windows_1252_and_utf8() {
        let mut lines = sample();
        let long = b"Caf\xe9 \x96 \x93quoted\x94 \x80 \x81";
        lines[2][11..11 + long.len()].copy_from_slice(long);
        let f = parse(&lines).unwrap();
        let e = &f.get("E0100").unwrap().long_description;
        assert!(e.starts_with("Café – “quoted” € \u{81}"), "{e}");

        let mut lines = sample();
        let long = "Café".as_bytes(); // five bytes in UTF-8
        lines[2][11..11 + long.len()].copy_from_slice(long);
        let f = parse(&lines).unwrap();
        assert!(f
            .get("E0100")
            .unwrap()
            .long_description
            .starts_with("Café "));
    }

    fn error(lines: &[Vec<u8>]) -> FileError {
        parse(lines).unwrap_err()
    }

    #[test]
    fn wrong_record_length() {
        let mut lines = sample();
        lines[2].truncate(FIRST_RECORD_MIN - 1);
        assert_eq!(
            error(&lines),
            FileError::RecordLength {
                location: Location::Line(3),
                length: 292,
                expected: 320
            }
        );
        let mut lines = sample();
        lines[3].extend_from_slice(b"  x");
        assert!(matches!(
            error(&lines),
            FileError::RecordLength { length: 323, .. }
        ));
        let mut lines = sample();
        lines[1].truncate(CONTINUATION_MIN - 1);
        assert!(matches!(
            error(&lines),
            FileError::RecordLength {
                location: Location::Line(2),
                ..
            }
        ));
        // A line too short for an identification code, after the first record.
        let mut lines = sample();
        lines.insert(1, b"J11".to_vec());
        assert!(matches!(
            error(&lines),
            FileError::RecordLength { length: 3, .. }
        ));
        // Text before the records that is not a disclaimer (no leading `*`).
        let text = [b"Some title\r\n".as_slice(), &file(&sample())].concat();
        assert!(matches!(
            HcpcsFile::parse_text(&text).unwrap_err(),
            FileError::RecordLength {
                location: Location::Line(1),
                length: 10,
                ..
            }
        ));
    }

    #[test]
    fn bad_dates() {
        for (position, value, field) in [
            (269, "20190230", "add date"),
            (285, "2019ABCD", "termination date"),
            (277, "2019010 ", "action effective date"),
            (233, "18991231", "ASC effective date"),
        ] {
            let mut lines = sample();
            lines[3][position - 1..position + 7].copy_from_slice(value.as_bytes());
            assert_eq!(
                error(&lines),
                FileError::Date {
                    location: Location::Line(4),
                    field,
                    value: value.trim().to_owned()
                }
            );
        }
        // All zeros is a blank date.
        let mut lines = sample();
        lines[3][284..292].copy_from_slice(b"00000000");
        assert_eq!(
            parse(&lines)
                .unwrap()
                .get("J1100")
                .unwrap()
                .termination_date,
            None
        );
    }

    #[test]
    fn bad_fields() {
        let cases: [(usize, usize, &[u8], &str); 5] = [
            (3, 6, b"001A0", "sequence number"),
            (3, 11, b"5", "record identification code"),
            (3, 1, b"J11 0", "HCPCS code"),
            (4, 1, b"LT   ", "HCPCS code"),
            (3, 266, b" 1X", "anesthesia base units"),
        ];
        for (line, position, value, field) in cases {
            let mut lines = sample();
            lines[line - 1][position - 1..position - 1 + value.len()].copy_from_slice(value);
            match error(&lines) {
                FileError::Field {
                    location, field: f, ..
                } => {
                    assert_eq!((location, f), (Location::Line(line), field));
                }
                other => panic!("{other:?}"),
            }
        }
    }

    #[test]
    fn continuation_without_its_first_record() {
        let lines = sample();
        // First line a continuation.
        assert_eq!(
            error(&lines[1..]),
            FileError::ContinuationWithoutFirst {
                location: Location::Line(1),
                code: "A0021".into(),
                record_id: '4'
            }
        );
        // A continuation after another code.
        let moved = vec![lines[0].clone(), lines[2].clone(), lines[1].clone()];
        assert!(matches!(
            error(&moved),
            FileError::ContinuationWithoutFirst {
                location: Location::Line(3),
                ..
            }
        ));
        // A modifier continuation after a procedure record of the same characters.
        let mut wrong_kind = lines.clone();
        wrong_kind[1][10] = b'8';
        assert!(matches!(
            error(&wrong_kind),
            FileError::Field {
                field: "HCPCS code",
                ..
            }
        ));
    }

    #[test]
    fn sequence_numbers_rise() {
        let mut lines = sample();
        lines[1][5..10].copy_from_slice(b"00100");
        assert_eq!(
            error(&lines),
            FileError::Sequence {
                location: Location::Line(2),
                code: "A0021".into(),
                sequence: 100,
                previous: 100
            }
        );
    }

    #[test]
    fn duplicate_code() {
        let mut lines = sample();
        lines.push(lines[3].clone());
        assert_eq!(
            error(&lines),
            FileError::DuplicateCode {
                location: Location::Line(7),
                code: "J1100".into(),
                first: Location::Line(4)
            }
        );
    }

    #[test]
    fn empty_files() {
        for text in [
            &b""[..],
            b"\r\n  \r\n\t\n",
            b"***Disclaimers\r\n*Only this.\r\n",
        ] {
            assert_eq!(HcpcsFile::parse_text(text).unwrap_err(), FileError::Empty);
        }
    }

    #[test]
    fn not_one_byte_text() {
        let utf16 = [0xFF, 0xFE, b'J', 0, b'1', 0];
        assert!(matches!(
            HcpcsFile::parse_text(&utf16).unwrap_err(),
            FileError::Encoding {
                location: Location::Line(1),
                ..
            }
        ));
        let mut lines = sample();
        lines[2][40] = 0;
        assert!(matches!(
            error(&lines),
            FileError::Encoding {
                location: Location::Line(3),
                ..
            }
        ));
    }

    #[test]
    fn dental_and_cpt_form_are_flagged() {
        let f = parse(&sample()).unwrap();
        let base = f.get("J1100").unwrap().clone();
        let with_code = |code: &str| HcpcsRecord {
            code: code.into(),
            ..base.clone()
        };
        // Code shapes only; no descriptor of either set is written here.
        assert!(with_code("D0000").is_dental());
        assert!(!with_code("DA").is_dental());
        assert!(!with_code("J1100").is_dental());
        assert!(with_code("00000").is_cpt());
        assert!(!with_code("E0100").is_cpt());
    }

    #[test]
    fn parse_chooses_by_content() {
        let ole = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0];
        assert!(matches!(
            HcpcsFile::parse(&ole).unwrap_err(),
            FileError::UnsupportedFormat { .. }
        ));
        assert_eq!(HcpcsFile::parse(&file(&sample())).unwrap().len(), 4);
        let zip = b"PK\x03\x04 not really a zip";
        let error = HcpcsFile::parse(zip).unwrap_err();
        #[cfg(feature = "xlsx")]
        assert!(matches!(error, FileError::Xlsx { .. }), "{error:?}");
        #[cfg(not(feature = "xlsx"))]
        assert!(matches!(error, FileError::UnsupportedFormat { .. }));
    }

    #[test]
    fn errors_say_where_what_and_which_value() {
        let mut lines = sample();
        lines[3][268..276].copy_from_slice(b"20191301");
        assert_eq!(
            error(&lines).to_string(),
            "line 4, add date: \"20191301\" is not a date (CCYYMMDD)"
        );
    }
}
