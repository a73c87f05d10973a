//! `CODE,DATE` rows for `validate --dates-in-input`: reading a row, and a batch of rows
//! read ahead so that each system checks them in one call of the core
//! ([`CodeSystem::reasons_per_row`](medcodes::CodeSystem::reasons_per_row)).

use std::fmt;
use std::ops::Range;

use medcodes::Date;

/// Rows read ahead before they are checked.
pub const BATCH: usize = 4096;

/// An example row, for messages.
const EXAMPLE: &str = "CODE,DATE such as E11.9,2025-03-01";

/// Where a row was read: for messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    /// A line of standard input, from 1.
    Line(u64),
    /// A command-line argument, from 1.
    Argument(u64),
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Place::Line(n) => write!(f, "line {n}"),
            Place::Argument(n) => write!(f, "argument {n}"),
        }
    }
}

/// Why a row has no date to check its code on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DateProblem {
    /// `missing_date` (no date field, or an empty one) or `malformed_date`.
    pub reason: &'static str,
    /// Names the place and the value.
    pub message: String,
}

/// One row of a [`Batch`].
#[derive(Debug)]
pub struct Row {
    /// The code field, in [`Batch::bytes`] (the whole row when it was cut).
    pub code: Range<usize>,
    pub date: Result<Date, DateProblem>,
    /// The row was longer than the longest line read, and cut.
    pub cut: bool,
}

/// Rows read ahead: their bytes one after the other, and where each row's code is.
#[derive(Debug, Default)]
pub struct Batch {
    pub bytes: Vec<u8>,
    pub rows: Vec<Row>,
}

impl Batch {
    pub fn is_full(&self) -> bool {
        self.rows.len() >= BATCH
    }

    pub fn clear(&mut self) {
        self.bytes.clear();
        self.rows.clear();
    }

    /// The code field of a row, as read.
    pub fn code(&self, row: &Row) -> &[u8] {
        &self.bytes[row.code.clone()]
    }

    /// Adds a row (without its end of line); `cut` when it was longer than the longest
    /// line read (it is then reported as too long, whatever its date).
    pub fn push(&mut self, line: &[u8], place: Place, cut: bool) {
        let start = self.bytes.len();
        self.bytes.extend_from_slice(line);
        let (code, date) = match line.iter().rposition(|&b| b == b',') {
            Some(comma) if !cut => (start..start + comma, parse_date(&line[comma + 1..], place)),
            _ => (
                start..self.bytes.len(),
                Err(problem(place, "missing_date", "no date")),
            ),
        };
        self.rows.push(Row { code, date, cut });
    }
}

fn problem(place: Place, reason: &'static str, what: &str) -> DateProblem {
    DateProblem {
        reason,
        message: format!("{place}: {what}: expected {EXAMPLE}"),
    }
}

/// The date field of a row: `YYYY-MM-DD` or `YYYYMMDD`, white space around it ignored.
fn parse_date(field: &[u8], place: Place) -> Result<Date, DateProblem> {
    let Ok(text) = std::str::from_utf8(field) else {
        let what = format!(
            "the date {:?} is not UTF-8 text",
            String::from_utf8_lossy(field)
        );
        return Err(problem(place, "malformed_date", &what));
    };
    if text.trim().is_empty() {
        return Err(problem(place, "missing_date", "the date is empty"));
    }
    text.parse().map_err(|e| DateProblem {
        reason: "malformed_date",
        message: format!("{place}: {e}"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(line: &str) -> (String, Result<Date, DateProblem>) {
        let mut batch = Batch::default();
        batch.push(line.as_bytes(), Place::Line(7), false);
        let row = batch.rows.pop().expect("a row");
        let code = String::from_utf8(batch.code(&row).to_vec()).expect("utf-8");
        (code, row.date)
    }

    #[test]
    fn reads_code_and_date() {
        let date = Date::new(2025, 3, 1).expect("date");
        assert_eq!(row("E11.9,2025-03-01"), ("E11.9".to_owned(), Ok(date)));
        assert_eq!(row(" e119 , 20250301 "), (" e119 ".to_owned(), Ok(date)));
        assert_eq!(row(",2025-03-01"), (String::new(), Ok(date)));
    }

    #[test]
    fn says_what_is_wrong_with_a_date_and_where() {
        let (code, date) = row("E11.9");
        assert_eq!(code, "E11.9");
        let e = date.expect_err("no date");
        assert_eq!(e.reason, "missing_date");
        assert_eq!(
            e.message,
            "line 7: no date: expected CODE,DATE such as E11.9,2025-03-01"
        );
        let e = row("E11.9, ").1.expect_err("empty");
        assert_eq!(e.reason, "missing_date");
        assert!(e.message.starts_with("line 7: the date is empty"), "{e:?}");
        let e = row("E11.9,2025-02-30").1.expect_err("no such day");
        assert_eq!(e.reason, "malformed_date");
        assert!(e.message.starts_with("line 7: \"2025-02-30\""), "{e:?}");
        // The last comma separates the date: a comma before it stays in the code.
        let (code, date) = row("E11.9,x,2025-03-01");
        assert_eq!(code, "E11.9,x");
        assert!(date.is_ok());
        let mut batch = Batch::default();
        batch.push(b"E11.9,\xff", Place::Argument(2), false);
        let e = batch.rows[0].date.clone().expect_err("not text");
        assert!(e.message.starts_with("argument 2: the date"), "{e:?}");
    }
}
