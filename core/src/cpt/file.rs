//! Reading a licensed CPT data file the user brings: the bytes are decoded, the layout is
//! found (header row or not, delimiter, leading licence text), and every code line is
//! checked; one bad line fails the whole load, so nothing is half loaded.
//!
//! The layouts are those of the AMA's data files as public parsers read them (the AMA's
//! own `AMADataLabs/Core`, `datalabs/curate/cpt/descriptor.py` and its tests, and the NLM's
//! UMLS CPT source page): `LONGULT.txt` is licence text, a blank line, then
//! `code<TAB>descriptor` lines; `MEDU.txt` and `SHORTU.txt` are the same with the code
//! and a space before a padded descriptor; `ConsumerDescriptor.txt` and
//! `ClinicianDescriptor.txt` have a header row (`Concept Id`, `CPT Code`, then the
//! descriptor columns); the PLA file names `Long`, `Medium`, `Short` and dates.
//! Nothing read here is written anywhere: it lives in the caller's memory only.

use std::collections::HashMap;

use crate::date::Date;
use crate::error::shorten;

use super::code::{normalize, shape, CptCode, CptCodeError};

/// One code of a loaded file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CptEntry {
    pub(crate) code: CptCode,
    pub(crate) descriptor: Option<String>,
    pub(crate) short_descriptor: Option<String>,
    pub(crate) concept_id: Option<String>,
    pub(crate) start: Option<Date>,
    pub(crate) end: Option<Date>,
    pub(crate) line: usize,
}

impl CptEntry {
    pub fn code(&self) -> CptCode {
        self.code
    }

    /// The descriptor of the file's main descriptor column (the long one when the file
    /// has several); `None` when the file has no descriptor for the code.
    pub fn descriptor(&self) -> Option<&str> {
        self.descriptor.as_deref()
    }

    /// The short descriptor, when the file has a short column besides the main one.
    pub fn short_descriptor(&self) -> Option<&str> {
        self.short_descriptor.as_deref()
    }

    /// The AMA concept id, when the file has a `Concept Id` column.
    pub fn concept_id(&self) -> Option<&str> {
        self.concept_id.as_deref()
    }

    /// The first date of service the file gives the code (`None`: no start date).
    pub fn start(&self) -> Option<Date> {
        self.start
    }

    /// The last date of service the file gives the code, inclusive (`None`: no end; a
    /// deletion date `D` is read as an end on the day before `D`).
    pub fn end(&self) -> Option<Date> {
        self.end
    }

    /// The line of the file the code was read from (1-based).
    pub fn line(&self) -> usize {
        self.line
    }

    /// Whether the file's own dates for the code include `date` (no dates: always).
    pub(crate) fn in_force(&self, date: Date) -> bool {
        self.start.is_none_or(|s| s <= date) && self.end.is_none_or(|e| date <= e)
    }
}

/// What separates the fields of a file's lines.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum CptDelimiter {
    Tab,
    /// CSV: fields may be quoted (`"a, b"`, `""` for a quote).
    Comma,
    Pipe,
    /// The fixed-field files (`MEDU.txt`, `SHORTU.txt`): the code, a space, the
    /// descriptor padded with spaces.
    Space,
}

/// How the text of a file was decoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum CptEncoding {
    /// UTF-8 (a byte order mark, if any, dropped).
    Utf8,
    /// UTF-16 with a byte order mark (what spreadsheet programs save as "Unicode text").
    Utf16,
    /// Some lines were not UTF-8 and were read as Windows-1252 (a superset of Latin-1).
    Windows1252,
}

/// The layout found in a file.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct CptLayout {
    pub delimiter: CptDelimiter,
    /// The column names of the header row (`None`: no header row).
    pub header: Option<Vec<String>>,
    /// Lines of text skipped before the header or the first code (the licence notice).
    pub skipped_lines: usize,
    pub encoding: CptEncoding,
    /// Whether the file has a start, end or deletion date column.
    pub dated: bool,
}

/// Why a CPT data file could not be loaded. Lines are numbered from 1; a field is named
/// by its header column, or `column N` in a file without a header.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CptFileError {
    #[error("cannot read {}: {source}", path.display())]
    Io {
        path: std::path::PathBuf,
        #[source]
        source: std::io::Error,
    },

    /// No code line: an empty file, or only a licence notice or a header.
    #[error("no CPT code in the file ({lines} non-blank lines, none of them a code line)")]
    Empty { lines: usize },

    /// A code line whose code field is empty.
    #[error("line {line}: {field} is empty, expected a CPT code (line {value:?})")]
    MissingCode {
        line: usize,
        field: String,
        /// The line.
        value: String,
    },

    /// A code field that is not a well-formed CPT code.
    #[error("line {line}: {field} is {value:?}, not a CPT code: {source}")]
    MalformedCode {
        line: usize,
        field: String,
        value: String,
        #[source]
        source: CptCodeError,
    },

    /// A code on two lines that differ (identical repeats are accepted once). The
    /// descriptors themselves are not echoed.
    #[error("line {line}: {code} is already on line {first_line} with a different {field}")]
    DuplicateCode {
        line: usize,
        /// The column that differs.
        field: String,
        code: String,
        first_line: usize,
    },

    /// A date field that cannot be read, or an end before the start.
    #[error("line {line}: {field} is {value:?}: {reason}")]
    BadDate {
        line: usize,
        field: String,
        value: String,
        reason: &'static str,
    },

    /// A CSV field with a quote that is not closed, or text after its closing quote.
    #[error("line {line}: {field} is not quoted properly: {value:?}")]
    BadQuoting {
        line: usize,
        field: String,
        value: String,
    },

    /// A line with more (non-empty) fields than the header names: in CSV, a field that
    /// contains a comma must be quoted.
    #[error("line {line} has {found} fields, the header names {expected} (quote a CSV field that contains a comma)")]
    ExtraFields {
        line: usize,
        expected: usize,
        found: usize,
    },

    /// [`Cpt::valid_between`](super::Cpt::valid_between) was given a start after its end.
    #[error("valid_from {valid_from} is after valid_to {valid_to}")]
    ReversedWindow { valid_from: Date, valid_to: Date },
}

/// A file read into entries, in code order.
pub(crate) struct Parsed {
    pub entries: Vec<CptEntry>,
    pub layout: CptLayout,
}

// ---------------------------------------------------------------------------------------
// Decoding

/// Windows-1252 bytes 0x80-0x9F; the five it leaves undefined map to the C1 control of
/// the same value, as browsers do (WHATWG encoding standard), so no byte fails.
const CP1252_HIGH: [char; 32] = [
    '\u{20AC}', '\u{0081}', '\u{201A}', '\u{0192}', '\u{201E}', '\u{2026}', '\u{2020}', '\u{2021}',
    '\u{02C6}', '\u{2030}', '\u{0160}', '\u{2039}', '\u{0152}', '\u{008D}', '\u{017D}', '\u{008F}',
    '\u{0090}', '\u{2018}', '\u{2019}', '\u{201C}', '\u{201D}', '\u{2022}', '\u{2013}', '\u{2014}',
    '\u{02DC}', '\u{2122}', '\u{0161}', '\u{203A}', '\u{0153}', '\u{009D}', '\u{017E}', '\u{0178}',
];

/// A line that is not UTF-8, read as Windows-1252: bytes below 0x80 are ASCII, 0x80-0x9F
/// come from [`CP1252_HIGH`], and 0xA0-0xFF are the Latin-1 code points of the same
/// value. Every byte decodes, so this cannot fail.
fn decode_cp1252(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|&b| match b {
            0x80..=0x9F => CP1252_HIGH
                .get(usize::from(b - 0x80))
                .copied()
                .unwrap_or(char::REPLACEMENT_CHARACTER),
            _ => char::from(b),
        })
        .collect()
}

/// The file's lines (without their line ends) and how they were decoded. UTF-16 needs a
/// byte order mark; otherwise each line is UTF-8 if it is valid UTF-8 and Windows-1252 if
/// not (one stray Latin-1 byte does not change the reading of the other lines).
fn decode_lines(bytes: &[u8]) -> (Vec<String>, CptEncoding) {
    let utf16 = |big: bool, body: &[u8]| -> String {
        let units = body.chunks(2).map(|pair| match pair {
            [a, b] if big => u16::from_be_bytes([*a, *b]),
            [a, b] => u16::from_le_bytes([*a, *b]),
            // An odd trailing byte: not a code unit; decoded as a replacement character.
            _ => 0xFFFD,
        });
        char::decode_utf16(units)
            .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
            .collect()
    };
    let text_lines = |text: &str| -> Vec<String> {
        split_lines(text.as_bytes())
            .map(|l| String::from_utf8_lossy(l).into_owned())
            .collect()
    };
    match bytes {
        [0xFF, 0xFE, body @ ..] => (text_lines(&utf16(false, body)), CptEncoding::Utf16),
        [0xFE, 0xFF, body @ ..] => (text_lines(&utf16(true, body)), CptEncoding::Utf16),
        _ => {
            let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
            let mut encoding = CptEncoding::Utf8;
            let lines = split_lines(body)
                .map(|l| match std::str::from_utf8(l) {
                    Ok(s) => s.to_owned(),
                    Err(_) => {
                        encoding = CptEncoding::Windows1252;
                        decode_cp1252(l)
                    }
                })
                .collect();
            (lines, encoding)
        }
    }
}

/// Lines ended by LF or CRLF (a file with CR alone, the old Mac ending, by CR).
fn split_lines(bytes: &[u8]) -> impl Iterator<Item = &[u8]> {
    let end = if bytes.contains(&b'\n') { b'\n' } else { b'\r' };
    let mut lines: Vec<&[u8]> = bytes.split(move |&b| b == end).collect();
    // The piece after a final line end is not a line.
    if lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    lines
        .into_iter()
        .map(|l| l.strip_suffix(b"\r").unwrap_or(l))
}

// ---------------------------------------------------------------------------------------
// Fields

/// One field of a line.
struct Cell {
    text: String,
    /// Byte offset of the field in the line (for "the rest of the line").
    start: usize,
    quoted: bool,
}

/// A CSV line's fields (RFC 4180 quoting, one line: descriptors have no line breaks).
/// `Err` holds the 0-based index of a badly quoted field.
fn csv_cells(line: &str) -> Result<Vec<Cell>, usize> {
    let mut cells = Vec::new();
    let mut rest = line;
    let mut offset = 0usize;
    loop {
        let index = cells.len();
        let start = offset;
        if let Some(inner) = rest.strip_prefix('"') {
            let mut text = String::new();
            let mut chars = inner.char_indices();
            let mut after = None;
            while let Some((i, c)) = chars.next() {
                if c != '"' {
                    text.push(c);
                } else if inner.get(i + 1..).is_some_and(|r| r.starts_with('"')) {
                    text.push('"');
                    chars.next();
                } else {
                    after = Some(i + 1);
                    break;
                }
            }
            let Some(after) = after else {
                return Err(index); // no closing quote
            };
            let tail = inner.get(after..).unwrap_or("");
            let (between, next) = match tail.find(',') {
                Some(at) => (tail.get(..at).unwrap_or(""), tail.get(at + 1..)),
                None => (tail, None),
            };
            if !between.trim().is_empty() {
                return Err(index); // text after the closing quote
            }
            cells.push(Cell {
                text,
                start,
                quoted: true,
            });
            match next {
                Some(n) => {
                    offset += rest.len() - n.len();
                    rest = n;
                }
                None => return Ok(cells),
            }
        } else {
            match rest.find(',') {
                Some(at) => {
                    cells.push(Cell {
                        text: rest.get(..at).unwrap_or("").to_owned(),
                        start,
                        quoted: false,
                    });
                    offset += at + 1;
                    rest = rest.get(at + 1..).unwrap_or("");
                }
                None => {
                    cells.push(Cell {
                        text: rest.to_owned(),
                        start,
                        quoted: false,
                    });
                    return Ok(cells);
                }
            }
        }
    }
}

/// Fields split at a character; a field wholly in double quotes (a spreadsheet's export)
/// loses them.
fn split_cells(line: &str, at: char) -> Vec<Cell> {
    let mut offset = 0usize;
    line.split(at)
        .map(|field| {
            let start = offset;
            offset += field.len() + at.len_utf8();
            let unquoted = field
                .strip_prefix('"')
                .and_then(|f| f.strip_suffix('"'))
                .filter(|_| field.len() >= 2);
            Cell {
                text: unquoted.map_or_else(|| field.to_owned(), |f| f.replace("\"\"", "\"")),
                start,
                quoted: unquoted.is_some(),
            }
        })
        .collect()
}

/// A line's fields in a delimiter (`Err`: the index of a badly quoted CSV field). The
/// space layout has two: the code and the rest.
fn cells(line: &str, delimiter: CptDelimiter) -> Result<Vec<Cell>, usize> {
    match delimiter {
        CptDelimiter::Tab => Ok(split_cells(line, '\t')),
        CptDelimiter::Pipe => Ok(split_cells(line, '|')),
        CptDelimiter::Comma => csv_cells(line),
        CptDelimiter::Space => {
            let trimmed = line.trim_start();
            let lead = line.len() - trimmed.len();
            let code_end = trimmed.find(char::is_whitespace).unwrap_or(trimmed.len());
            let mut out = vec![Cell {
                text: trimmed.get(..code_end).unwrap_or("").to_owned(),
                start: lead,
                quoted: false,
            }];
            if let Some(rest) = trimmed.get(code_end..).filter(|r| !r.is_empty()) {
                out.push(Cell {
                    text: rest.to_owned(),
                    start: lead + code_end,
                    quoted: false,
                });
            }
            Ok(out)
        }
    }
}

// ---------------------------------------------------------------------------------------
// Columns

/// Header names are compared by their letters and digits, lower cased: `CPT Code`,
/// `cpt_code` and `CPTCODE` are one name.
fn column_key(name: &str) -> String {
    name.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// The code column, most specific name first.
const CODE_NAMES: &[&str] = &["cptcode", "placode", "code", "cpt"];
/// The descriptor column: the long descriptor first, then the others.
const DESCRIPTOR_NAMES: &[&str] = &[
    "longdescriptor",
    "long",
    "longdescription",
    "fulldescriptor",
    "fulldescription",
    "descriptor",
    "description",
    "mediumdescriptor",
    "medium",
    "mediumdescription",
    "shortdescriptor",
    "short",
    "shortdescription",
    "consumerfriendlydescriptor",
    "consumerdescriptor",
    "consumer",
    "cliniciandescriptor",
];
const SHORT_NAMES: &[&str] = &["shortdescriptor", "short", "shortdescription"];
const CONCEPT_NAMES: &[&str] = &["conceptid", "concept"];
/// First date of service. `Current Descriptor Effective Date` (the PLA file) is left out
/// on purpose: it dates the wording, not the code, which may be older.
const START_NAMES: &[&str] = &[
    "effectivedate",
    "codeeffectivedate",
    "begindate",
    "startdate",
    "validfrom",
    "dateadded",
    "addeddate",
    "effective",
];
/// The day a deletion takes effect: the code's last day is the day before.
const DELETED_NAMES: &[&str] = &[
    "deleteddate",
    "datedeleted",
    "deletedate",
    "deletiondate",
    "deleted",
];
/// The last day of service, inclusive.
const END_NAMES: &[&str] = &[
    "enddate",
    "validto",
    "terminationdate",
    "expirationdate",
    "lastdate",
];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum EndKind {
    /// The column holds the first day the code is no longer valid.
    Deletion,
    /// The column holds the last valid day.
    LastDay,
}

/// Which field holds what.
#[derive(Clone, Debug)]
struct Columns {
    code: usize,
    descriptor: Option<usize>,
    short: Option<usize>,
    concept: Option<usize>,
    start: Option<usize>,
    end: Option<(usize, EndKind)>,
    /// The header's names (`None`: fields are named `column N`).
    names: Option<Vec<String>>,
}

impl Columns {
    fn name(&self, index: usize) -> String {
        self.names
            .as_ref()
            .and_then(|n| n.get(index))
            .cloned()
            .unwrap_or_else(|| format!("column {}", index + 1))
    }

    /// The columns of a header row, if it names a code column.
    fn from_header(names: Vec<String>) -> Option<Columns> {
        let keys: Vec<String> = names.iter().map(|n| column_key(n)).collect();
        let find = |wanted: &[&str]| wanted.iter().find_map(|w| keys.iter().position(|k| k == w));
        let code = find(CODE_NAMES)?;
        let descriptor = find(DESCRIPTOR_NAMES).filter(|&d| d != code);
        let short = find(SHORT_NAMES).filter(|&s| Some(s) != descriptor && s != code);
        let end = find(DELETED_NAMES)
            .map(|i| (i, EndKind::Deletion))
            .or_else(|| find(END_NAMES).map(|i| (i, EndKind::LastDay)));
        Some(Columns {
            code,
            descriptor,
            short,
            concept: find(CONCEPT_NAMES),
            start: find(START_NAMES),
            end,
            names: Some(names),
        })
    }

    /// The columns of a file without a header, from its first code line: the code and
    /// the descriptor, or a concept id, the code and the descriptor when the first field
    /// is a longer number and the second a code.
    fn headerless(first: &[Cell]) -> Columns {
        let concept_first = first.len() >= 3
            && first.first().is_some_and(|c| {
                let t = c.text.trim();
                t.len() > 5 && t.bytes().all(|b| b.is_ascii_digit())
            })
            && first.get(1).is_some_and(|c| shape(&c.text).is_ok());
        let (concept, code) = if concept_first {
            (Some(0), 1)
        } else {
            (None, 0)
        };
        Columns {
            code,
            descriptor: Some(code + 1),
            short: None,
            concept,
            start: None,
            end: None,
            names: None,
        }
    }
}

// ---------------------------------------------------------------------------------------
// Lines

/// The delimiter of a header row.
fn header_delimiter(line: &str) -> CptDelimiter {
    if line.contains('\t') {
        CptDelimiter::Tab
    } else if line.contains('|') {
        CptDelimiter::Pipe
    } else {
        // A comma, or a single column (any delimiter reads one field the same).
        CptDelimiter::Comma
    }
}

/// The columns of a header row: a line naming a code column.
fn as_header(line: &str) -> Option<(CptDelimiter, Columns)> {
    let delimiter = header_delimiter(line);
    let names: Vec<String> = cells(line, delimiter)
        .ok()?
        .into_iter()
        .map(|c| c.text.trim().to_owned())
        .collect();
    // One column is a header only when it is plainly the code's: a line of licence
    // text such as "CPT" alone is not.
    if names.len() < 2
        && !names
            .iter()
            .any(|n| ["cptcode", "code"].contains(&column_key(n).as_str()))
    {
        return None;
    }
    Columns::from_header(names).map(|c| (delimiter, c))
}

/// Whether a line before any code is a code line: it starts with a digit (every CPT code
/// does), perhaps quoted, or with an empty first field. Other lines there are the licence
/// text the AMA's files begin with, and are skipped.
fn looks_like_code_line(line: &str) -> bool {
    let t = line.trim_start_matches(' ');
    let t = t.strip_prefix('"').unwrap_or(t);
    t.starts_with(|c: char| c.is_ascii_digit()) || line.starts_with(['\t', ',', '|'])
}

/// The delimiter of a file without a header, from its first code line: the first
/// character after the code that is not a letter or digit.
fn data_delimiter(line: &str) -> CptDelimiter {
    let t = line.trim_start_matches(' ');
    if t.starts_with('"') {
        return CptDelimiter::Comma;
    }
    match t.chars().find(|c| !c.is_ascii_alphanumeric()) {
        Some(',') => CptDelimiter::Comma,
        Some('|') => CptDelimiter::Pipe,
        Some(' ') => CptDelimiter::Space,
        // A tab, no delimiter (a list of codes), or a character no layout uses (the code
        // field is then the whole line, and is reported as malformed).
        _ => CptDelimiter::Tab,
    }
}

/// A field's text, trimmed; `None` when empty.
fn field(cells: &[Cell], index: Option<usize>) -> Option<String> {
    let text = cells.get(index?)?.text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

/// Reads a date field: `YYYY-MM-DD`, `YYYYMMDD`, `MM/DD/YYYY` (a time after the date is
/// ignored), or `Pre-YYYY` as the AMA's history files write dates before their records
/// begin. `Ok(None)`: empty.
fn read_date(value: &str) -> Result<Option<DateValue>, &'static str> {
    let v = value.trim();
    if v.is_empty() {
        return Ok(None);
    }
    const EXPECTED: &str = "not a date: expected YYYY-MM-DD, YYYYMMDD, MM/DD/YYYY or Pre-YYYY";
    let lower = v.to_ascii_lowercase();
    if let Some(year) = lower
        .strip_prefix("pre-")
        .or_else(|| lower.strip_prefix("pre "))
    {
        let year: u16 = (year.len() == 4 && year.bytes().all(|b| b.is_ascii_digit()))
            .then(|| year.parse().ok())
            .flatten()
            .ok_or(EXPECTED)?;
        let jan1 = Date::new(year, 1, 1).map_err(|_| "year outside 1900-2199")?;
        return Ok(Some(DateValue::Before(jan1)));
    }
    // A time after the date (a spreadsheet's export): the date alone counts.
    let day = match v.find(['T', ' ']) {
        Some(at) if at >= 8 => v.get(..at).unwrap_or(v),
        _ => v,
    };
    if let Some((m, rest)) = day.split_once('/') {
        let (d, y) = rest.split_once('/').ok_or(EXPECTED)?;
        let num = |s: &str, max_len: usize| -> Result<u16, &'static str> {
            if s.is_empty() || s.len() > max_len || !s.bytes().all(|b| b.is_ascii_digit()) {
                return Err(EXPECTED);
            }
            s.parse().map_err(|_| EXPECTED)
        };
        let (m, d) = (num(m, 2)?, num(d, 2)?);
        let y = if y.len() == 4 {
            num(y, 4)?
        } else {
            return Err(EXPECTED);
        };
        return Date::new(y, m as u8, d as u8)
            .map(|d| Some(DateValue::On(d)))
            .map_err(|_| "no such calendar day (or a year outside 1900-2199)");
    }
    day.parse::<Date>()
        .map(|d| Some(DateValue::On(d)))
        .map_err(|e| match e {
            crate::error::DateError::Malformed { .. } => EXPECTED,
            _ => "no such calendar day (or a year outside 1900-2199)",
        })
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum DateValue {
    On(Date),
    /// Some day before this one (`Pre-YYYY`: before January 1 of YYYY).
    Before(Date),
}

/// Reads the bytes of a CPT data file.
pub(crate) fn parse(bytes: &[u8]) -> Result<Parsed, CptFileError> {
    let (lines, encoding) = decode_lines(bytes);
    let mut layout: Option<(CptDelimiter, Columns)> = None;
    let mut header_line: Option<String> = None;
    let mut skipped = 0usize;
    let mut non_blank = 0usize;
    let mut entries: Vec<CptEntry> = Vec::new();
    let mut seen: HashMap<CptCode, usize> = HashMap::new();

    for (index, raw) in lines.iter().enumerate() {
        let number = index + 1;
        let line = raw.trim_start_matches('\u{FEFF}');
        if line.trim().is_empty() {
            continue;
        }
        non_blank += 1;
        if layout.is_none() {
            if let Some(found) = as_header(line) {
                layout = Some(found);
                header_line = Some(line.to_owned());
                continue;
            }
            if !looks_like_code_line(line) {
                skipped += 1;
                continue;
            }
            let delimiter = data_delimiter(line);
            let first = cells(line, delimiter).unwrap_or_default();
            layout = Some((delimiter, Columns::headerless(&first)));
        } else if header_line.as_deref() == Some(line) {
            // A header repeated further down (files joined together) is not data.
            continue;
        }
        let Some((delimiter, columns)) = &layout else {
            continue; // set just above
        };
        let entry = read_line(number, line, *delimiter, columns)?;
        match seen.get(&entry.code).and_then(|&i| entries.get(i)) {
            Some(first) => {
                if let Some(field) = difference(first, &entry, columns) {
                    return Err(CptFileError::DuplicateCode {
                        line: number,
                        field,
                        code: entry.code.to_string(),
                        first_line: first.line,
                    });
                }
                // The same line again: kept once.
            }
            None => {
                seen.insert(entry.code, entries.len());
                entries.push(entry);
            }
        }
    }

    let Some((delimiter, columns)) = layout.filter(|_| !entries.is_empty()) else {
        return Err(CptFileError::Empty { lines: non_blank });
    };
    entries.sort_by_key(|e| e.code);
    Ok(Parsed {
        entries,
        layout: CptLayout {
            delimiter,
            dated: columns.start.is_some() || columns.end.is_some(),
            header: columns.names,
            skipped_lines: skipped,
            encoding,
        },
    })
}

/// The column in which two entries of one code differ, if any.
fn difference(a: &CptEntry, b: &CptEntry, columns: &Columns) -> Option<String> {
    let name = |index: Option<usize>, fallback: &str| {
        index.map_or_else(|| fallback.to_owned(), |i| columns.name(i))
    };
    if a.descriptor != b.descriptor {
        Some(name(columns.descriptor, "descriptor"))
    } else if a.short_descriptor != b.short_descriptor {
        Some(name(columns.short, "short descriptor"))
    } else if a.start != b.start {
        Some(name(columns.start, "start date"))
    } else if a.end != b.end {
        Some(name(columns.end.map(|e| e.0), "end date"))
    } else if a.concept_id != b.concept_id {
        Some(name(columns.concept, "concept id"))
    } else {
        None
    }
}

/// One code line into an entry.
fn read_line(
    number: usize,
    line: &str,
    delimiter: CptDelimiter,
    columns: &Columns,
) -> Result<CptEntry, CptFileError> {
    let row = cells(line, delimiter).map_err(|bad| CptFileError::BadQuoting {
        line: number,
        field: columns.name(bad),
        value: shorten(line),
    })?;
    if let Some(names) = &columns.names {
        let found = row
            .iter()
            .rposition(|c| !c.text.trim().is_empty())
            .map_or(0, |i| i + 1);
        if found > names.len() {
            return Err(CptFileError::ExtraFields {
                line: number,
                expected: names.len(),
                found,
            });
        }
    }

    let code_text = row.get(columns.code).map_or("", |c| c.text.as_str());
    if code_text.trim().is_empty() {
        return Err(CptFileError::MissingCode {
            line: number,
            field: columns.name(columns.code),
            value: shorten(line),
        });
    }
    let code = normalize(code_text).map_err(|source| CptFileError::MalformedCode {
        line: number,
        field: columns.name(columns.code),
        value: shorten(code_text),
        source,
    })?;

    let descriptor = match (columns.names.is_none(), columns.descriptor) {
        // Without a header, an unquoted CSV descriptor is the rest of the line: its
        // commas are part of it.
        (true, Some(d)) if delimiter == CptDelimiter::Comma => row
            .get(d)
            .map(|c| {
                if c.quoted {
                    c.text.trim().to_owned()
                } else {
                    line.get(c.start..).unwrap_or("").trim().to_owned()
                }
            })
            .filter(|t| !t.is_empty()),
        _ => field(&row, columns.descriptor),
    };

    let date = |index: Option<usize>| -> Result<Option<DateValue>, CptFileError> {
        let Some(i) = index else { return Ok(None) };
        let value = row.get(i).map_or("", |c| c.text.as_str());
        read_date(value).map_err(|reason| CptFileError::BadDate {
            line: number,
            field: columns.name(i),
            value: shorten(value),
            reason,
        })
    };
    let start = match date(columns.start)? {
        Some(DateValue::On(d)) => Some(d),
        // In force since before the records: no known first day.
        Some(DateValue::Before(_)) | None => None,
    };
    let end = match (date(columns.end.map(|e| e.0))?, columns.end.map(|e| e.1)) {
        // Deleted on D, or deleted before D: not valid from D on.
        (Some(DateValue::On(d)), Some(EndKind::Deletion)) | (Some(DateValue::Before(d)), _) => {
            Some(d.previous_day())
        }
        (Some(DateValue::On(d)), _) => Some(d),
        (None, _) => None,
    };
    if let (Some(s), Some(e), Some((i, _))) = (start, end, columns.end) {
        if e < s {
            return Err(CptFileError::BadDate {
                line: number,
                field: columns.name(i),
                value: shorten(row.get(i).map_or("", |c| c.text.as_str())),
                reason: "the code ends before it starts on this line",
            });
        }
    }

    Ok(CptEntry {
        code,
        descriptor,
        short_descriptor: field(&row, columns.short),
        concept_id: field(&row, columns.concept),
        start,
        end,
        line: number,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(text: &str) -> Parsed {
        match parse(text.as_bytes()) {
            Ok(p) => p,
            Err(e) => panic!("{e}"),
        }
    }

    fn descriptors(p: &Parsed) -> Vec<(String, Option<String>)> {
        p.entries
            .iter()
            .map(|e| (e.code.to_string(), e.descriptor.clone()))
            .collect()
    }

    #[test]
    fn licence_text_then_tab_lines() {
        let p = parsed(
            "Made-up licence notice, first paragraph.\r\nIt goes on.\r\n\r\n\
             99213\tMade-up descriptor one\r\n0042T\tMade-up descriptor two\r\n",
        );
        assert_eq!(p.layout.skipped_lines, 2);
        assert_eq!(p.layout.delimiter, CptDelimiter::Tab);
        assert_eq!(
            descriptors(&p),
            [
                ("0042T".into(), Some("Made-up descriptor two".into())),
                ("99213".into(), Some("Made-up descriptor one".into())),
            ]
        );
    }

    #[test]
    fn fixed_field_lines() {
        let p = parsed("Notice.\n\n99213 MADE UP SHORT TEXT          \n00100 MADE UP TOO\n");
        assert_eq!(p.layout.delimiter, CptDelimiter::Space);
        assert_eq!(
            p.entries.first().and_then(|e| e.descriptor.as_deref()),
            Some("MADE UP TOO")
        );
        assert_eq!(
            p.entries.get(1).and_then(|e| e.descriptor.as_deref()),
            Some("MADE UP SHORT TEXT")
        );
    }

    #[test]
    fn csv_with_quotes_and_unquoted_commas() {
        let p = parsed("99213,\"Made-up, \"\"quoted\"\"\"\n99214,Made-up, with a comma\n");
        assert_eq!(p.layout.delimiter, CptDelimiter::Comma);
        assert_eq!(
            descriptors(&p),
            [
                ("99213".into(), Some("Made-up, \"quoted\"".into())),
                ("99214".into(), Some("Made-up, with a comma".into())),
            ]
        );
        assert!(matches!(
            parse(b"99213,\"unclosed\n"),
            Err(CptFileError::BadQuoting { line: 1, .. })
        ));
        assert!(matches!(
            parse(b"99213,\"closed\" then text\n"),
            Err(CptFileError::BadQuoting { line: 1, .. })
        ));
    }

    #[test]
    fn headerless_concept_id_column() {
        let p = parsed("1234567\t99213\tMade-up descriptor\n");
        let e = p.entries.first().expect("one entry");
        assert_eq!(e.concept_id.as_deref(), Some("1234567"));
        assert_eq!(e.descriptor.as_deref(), Some("Made-up descriptor"));
    }

    #[test]
    fn header_by_name_with_dates() {
        let p = parsed(
            "Concept Id\tCPT Code\tShort Descriptor\tLong Descriptor\tEffective Date\tDeleted Date\n\
             1\t99213\tMADE UP\tMade-up long\t20200101\t\n\
             2\t0042T\tMADE UP T\tMade-up long T\tPre-1990\t2024-01-01\n",
        );
        assert!(p.layout.dated);
        let t = p.entries.first().expect("0042T");
        assert_eq!(t.start, None);
        assert_eq!(t.end.map(|d| d.to_string()), Some("2023-12-31".into()));
        assert_eq!(t.short_descriptor.as_deref(), Some("MADE UP T"));
        let e = p.entries.get(1).expect("99213");
        assert_eq!(e.start.map(|d| d.to_string()), Some("2020-01-01".into()));
        assert_eq!(e.descriptor.as_deref(), Some("Made-up long"));
    }

    #[test]
    fn dates_in_several_spellings() {
        let on = |s: &str| read_date(s).ok().flatten();
        let d = Date::new(2025, 1, 2).ok().map(DateValue::On);
        assert_eq!(on("2025-01-02"), d);
        assert_eq!(on("20250102"), d);
        assert_eq!(on("1/2/2025"), d);
        assert_eq!(on("01/02/2025 00:00:00"), d);
        assert_eq!(on("2025-01-02T00:00:00"), d);
        assert_eq!(read_date("  "), Ok(None));
        for bad in [
            "2025-02-30",
            "13/01/2025",
            "1/2/25",
            "Pre-19x0",
            "soon",
            "2025/01/02",
        ] {
            assert!(read_date(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn windows_1252_lines() {
        let p = match parse(b"99213\tMade\x96up caf\xE9 \x81\n") {
            Ok(p) => p,
            Err(e) => panic!("{e}"),
        };
        assert_eq!(p.layout.encoding, CptEncoding::Windows1252);
        assert_eq!(
            p.entries.first().and_then(|e| e.descriptor.as_deref()),
            Some("Made\u{2013}up café \u{81}")
        );
    }

    #[test]
    fn utf16_with_bom() {
        let mut bytes = vec![0xFF, 0xFE];
        for unit in "99213\tMade-up\r\n".encode_utf16() {
            bytes.extend(unit.to_le_bytes());
        }
        let p = match parse(&bytes) {
            Ok(p) => p,
            Err(e) => panic!("{e}"),
        };
        assert_eq!(p.layout.encoding, CptEncoding::Utf16);
        assert_eq!(descriptors(&p), [("99213".into(), Some("Made-up".into()))]);
    }
}
