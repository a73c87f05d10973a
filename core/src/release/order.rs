//! The CMS order file (`icd10cm_order_YYYY.txt`, `icd10pcs_order_YYYY.txt`): every code
//! and header of a release, one a line, fixed width.
//!
//! | columns | field |
//! | --- | --- |
//! | 1-5 | order number, zero-padded, rising |
//! | 7-13 | code, undotted, padded with blanks |
//! | 15 | `0` header (codes below it), `1` billable (a leaf) |
//! | 17-76 | short title, padded with blanks |
//! | 78- | long title |
//!
//! Columns 6, 14, 16 and 77 are blanks. Read whole or not at all: the first line that does
//! not fit is a [`ReleaseError`] naming the file, the line and the field.

use crate::codeset::System;
use crate::key::{CodeBuf, CodeKey};

use super::ReleaseError;

/// The columns (0-based, end exclusive) of each field.
const ORDER: std::ops::Range<usize> = 0..5;
const CODE: std::ops::Range<usize> = 6..13;
const FLAG: usize = 14;
const SHORT: std::ops::Range<usize> = 16..76;
const LONG_START: usize = 77;
const SEPARATORS: [usize; 4] = [5, 13, 15, 76];
/// The shortest line: every field up to a one-character long title.
pub(crate) const MIN_LINE: usize = LONG_START + 1;

/// One line of an order file.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct OrderEntry {
    /// The line in the file, counted from 1.
    pub line: usize,
    /// The order number (columns 1-5).
    pub order: u32,
    /// The code, undotted, e.g. `E119`.
    #[cfg_attr(feature = "serde", serde(serialize_with = "serialize_code"))]
    pub code: CodeBuf,
    /// `true` for a billable code (flag `1`), `false` for a header (flag `0`).
    pub billable: bool,
    pub short_title: String,
    pub long_title: String,
    #[cfg_attr(feature = "serde", serde(skip))]
    pub(crate) key: CodeKey,
}

#[cfg(feature = "serde")]
fn serialize_code<Z: serde::Serializer>(code: &CodeBuf, s: Z) -> Result<Z::Ok, Z::Error> {
    s.serialize_str(code.as_str())
}

/// Reads an order file's bytes for system `S`: entries sorted by code (the file's own
/// order is the tabular list's), every line checked, the flags checked against the codes'
/// hierarchy in the file.
pub(crate) fn parse<S: System>(file: &str, bytes: &[u8]) -> Result<Vec<OrderEntry>, ReleaseError> {
    let mut entries: Vec<OrderEntry> = Vec::new();
    let mut previous_order: Option<u32> = None;
    let mut lines = bytes.split(|&b| b == b'\n').enumerate().peekable();
    while let Some((n, raw)) = lines.next() {
        let line_no = n + 1;
        let raw = raw.strip_suffix(b"\r").unwrap_or(raw);
        if raw.iter().all(u8::is_ascii_whitespace) {
            // Blank lines end a file; one between records means lines were lost.
            if lines
                .clone()
                .any(|(_, l)| !l.iter().all(u8::is_ascii_whitespace))
            {
                return Err(ReleaseError::Field {
                    file: file.to_owned(),
                    line: line_no,
                    field: "line",
                    value: String::new(),
                    expected: "a record: a blank line between records",
                });
            }
            continue;
        }
        if raw.contains(&0) {
            return Err(ReleaseError::Encoding {
                file: file.to_owned(),
                line: line_no,
                detail: "a NUL byte (UTF-16 text?)",
            });
        }
        let text = decode(raw);
        let entry = parse_line::<S>(file, line_no, &text)?;
        if let Some(previous) = previous_order {
            if entry.order <= previous {
                return Err(ReleaseError::OrderNumber {
                    file: file.to_owned(),
                    line: line_no,
                    order: entry.order,
                    previous,
                });
            }
        }
        previous_order = Some(entry.order);
        entries.push(entry);
    }
    if entries.is_empty() {
        return Err(ReleaseError::Empty {
            file: file.to_owned(),
        });
    }
    entries.sort_by_key(|e| e.key);
    for pair in entries.windows(2) {
        if pair[0].key == pair[1].key {
            let (first, again) = if pair[0].line < pair[1].line {
                (&pair[0], &pair[1])
            } else {
                (&pair[1], &pair[0])
            };
            return Err(ReleaseError::DuplicateCode {
                file: file.to_owned(),
                line: again.line,
                code: again.code.to_string(),
                first_line: first.line,
            });
        }
    }
    check_hierarchy(file, &entries)?;
    Ok(entries)
}

/// UTF-8, else one byte a character (Windows-1252/Latin-1 text reads as Latin-1).
fn decode(raw: &[u8]) -> std::borrow::Cow<'_, str> {
    match std::str::from_utf8(raw) {
        Ok(s) => std::borrow::Cow::Borrowed(s),
        Err(_) => std::borrow::Cow::Owned(raw.iter().map(|&b| char::from(b)).collect()),
    }
}

/// A line read by character position, whatever its encoding was: byte positions for
/// ASCII text (nearly every line), the characters' byte offsets otherwise.
struct Columns<'a> {
    line: &'a str,
    /// Byte offset of each character, and the line's length; empty for ASCII.
    offsets: Vec<usize>,
}

impl<'a> Columns<'a> {
    fn new(line: &'a str) -> Self {
        let offsets = if line.is_ascii() {
            Vec::new()
        } else {
            line.char_indices()
                .map(|(i, _)| i)
                .chain([line.len()])
                .collect()
        };
        Columns { line, offsets }
    }

    /// Characters in the line.
    fn len(&self) -> usize {
        match self.offsets.len() {
            0 => self.line.len(),
            n => n - 1,
        }
    }

    /// Characters `start..end` (`end` `None`: to the end), cut to the line.
    fn get(&self, start: usize, end: Option<usize>) -> &'a str {
        let n = self.len();
        let end = end.unwrap_or(n).min(n);
        let start = start.min(end);
        let byte = |c: usize| {
            if self.offsets.is_empty() {
                c
            } else {
                self.offsets[c]
            }
        };
        self.line.get(byte(start)..byte(end)).unwrap_or("")
    }
}

pub(crate) fn parse_line<S: System>(
    file: &str,
    line: usize,
    text: &str,
) -> Result<OrderEntry, ReleaseError> {
    let columns = Columns::new(text);
    let length = columns.len();
    if length < MIN_LINE {
        return Err(ReleaseError::LineTooShort {
            file: file.to_owned(),
            line,
            length,
            expected: MIN_LINE,
        });
    }
    let field = |field: &'static str, value: &str, expected: &'static str| ReleaseError::Field {
        file: file.to_owned(),
        line,
        field,
        value: crate::error::shorten(value),
        expected,
    };
    for at in SEPARATORS {
        let c = columns.get(at, Some(at + 1));
        if c != " " {
            return Err(field(
                "columns",
                columns.get(0, Some(MIN_LINE)),
                "a blank in columns 6, 14, 16 and 77 (order number, code, flag, short and long title in fixed columns)",
            ));
        }
    }
    let order_text = columns.get(ORDER.start, Some(ORDER.end));
    let order = if order_text.bytes().all(|b| b.is_ascii_digit()) {
        order_text.parse::<u32>().ok()
    } else {
        None
    }
    .ok_or_else(|| field("order number", order_text, "five digits"))?;
    let code_text = columns.get(CODE.start, Some(CODE.end)).trim_end();
    let key = code_key::<S>(code_text).ok_or_else(|| {
        field(
            "code",
            code_text,
            "a code of the system, undotted, left-aligned in columns 7-13",
        )
    })?;
    let billable = match columns.get(FLAG, Some(FLAG + 1)) {
        "0" => false,
        "1" => true,
        other => {
            return Err(field(
                "header/billable flag",
                other,
                "0 (header) or 1 (billable)",
            ))
        }
    };
    let short_title = columns.get(SHORT.start, Some(SHORT.end)).trim();
    if short_title.is_empty() {
        return Err(field(
            "short title",
            short_title,
            "a title in columns 17-76",
        ));
    }
    let long_title = columns.get(LONG_START, None).trim();
    if long_title.is_empty() {
        return Err(field("long title", long_title, "a title from column 78"));
    }
    Ok(OrderEntry {
        line,
        order,
        code: key.unpack(),
        billable,
        short_title: short_title.to_owned(),
        long_title: long_title.to_owned(),
        key,
    })
}

/// The key of a code field: the system's normaliser reads it, and it is already in
/// canonical undotted form.
fn code_key<S: System>(code: &str) -> Option<CodeKey> {
    if code.is_empty() || code.starts_with(' ') {
        return None;
    }
    let normalized = S::normalize(code).ok()?;
    let key: CodeKey = normalized.into();
    (key.unpack().as_str() == code).then_some(key)
}

/// Whether `key` starts with `prefix` (`prefix_len` characters).
pub(crate) fn starts_with(key: CodeKey, prefix: CodeKey, prefix_len: usize) -> bool {
    let shift = 6 * (CodeKey::MAX_LEN - prefix_len.min(CodeKey::MAX_LEN));
    key.0 >> shift == prefix.0 >> shift && key.len() > prefix_len
}

/// A header has codes below it in the file; a billable code has none. Entries sorted by
/// key: a code's descendants are the entries right after it.
fn check_hierarchy(file: &str, entries: &[OrderEntry]) -> Result<(), ReleaseError> {
    for (i, e) in entries.iter().enumerate() {
        let below = entries
            .get(i + 1)
            .filter(|next| starts_with(next.key, e.key, e.code.len()));
        match (e.billable, below) {
            (true, Some(child)) => {
                return Err(ReleaseError::Hierarchy {
                    file: file.to_owned(),
                    line: e.line,
                    code: e.code.to_string(),
                    detail: format!(
                        "flagged billable (1), but {} (line {}) is below it: a code with codes below it is a header (0)",
                        child.code, child.line
                    ),
                })
            }
            (false, None) => {
                return Err(ReleaseError::Hierarchy {
                    file: file.to_owned(),
                    line: e.line,
                    code: e.code.to_string(),
                    detail: "flagged header (0), but no code of the file is below it: a leaf is billable (1)"
                        .to_owned(),
                })
            }
            _ => {}
        }
    }
    Ok(())
}

/// Writes entries as order-file lines (the layout above): for tests and tools that make a
/// release file.
pub fn format_line(order: u32, code: &str, billable: bool, short: &str, long: &str) -> String {
    let short: String = short.chars().take(SHORT.len()).collect();
    format!(
        "{order:05} {code:<7} {} {short:<60} {long}",
        if billable { '1' } else { '0' }
    )
}
