//! Typed errors. Every reason a code is rejected is a variant a program can match on and
//! a message a coder can act on; [`ReasonKind`] names the variants without their data, for
//! columns of results and JSON.

use std::fmt;

use crate::date::Date;
use crate::validity::ValidityRange;

/// Longest input echoed back in an error; longer inputs are cut with an ellipsis so a
/// megabyte of garbage does not become a megabyte of error message.
const MAX_ECHO: usize = 40;

pub(crate) fn shorten(input: &str) -> String {
    if input.chars().count() <= MAX_ECHO {
        return input.to_owned();
    }
    let mut s: String = input.chars().take(MAX_ECHO).collect();
    s.push('…');
    s
}

/// Why a code is not a valid, billable code on a date of service (or cannot be looked up).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(tag = "kind", rename_all = "snake_case"))]
#[non_exhaustive]
pub enum ValidationError {
    /// Nothing but whitespace (or nothing at all) was given.
    #[error("empty code: expected a code such as E11.9 (ICD-10-CM) or 0DTJ4ZZ (ICD-10-PCS)")]
    Empty,

    /// More characters than any code of the system has.
    #[error("{input:?} is too long: {system} codes have at most {max} characters")]
    TooLong {
        input: String,
        system: &'static str,
        max: usize,
    },

    /// A character that cannot stand at its position.
    #[error("{input:?}: character {position} is {found:?}, expected {expected}")]
    Malformed {
        input: String,
        /// 1-based character position in the trimmed input.
        position: usize,
        found: char,
        expected: &'static str,
    },

    /// Well formed, but no release of the code set in the bundled data has this code.
    #[error("{code} is not an {system} code in any release from {first} to {last}")]
    Unknown {
        code: String,
        system: &'static str,
        first: Date,
        last: Date,
    },

    /// A header (category or subcategory) that has more specific codes below it on the date.
    #[error("{code} is a header, not a billable code: on {date} it has {billable_descendants} billable codes below it, e.g. {examples}", examples = examples.join(", "))]
    NotBillable {
        code: String,
        date: Date,
        billable_descendants: u32,
        /// The first few billable codes below it, in code order.
        examples: Vec<String>,
    },

    /// The code exists in some release but is not valid on the date of service.
    #[error("{code} is not valid on {date}: {}", describe_ranges(valid, *date))]
    NotValidOnDate {
        code: String,
        date: Date,
        /// Every date range in which the code is valid (as a billable code or a header).
        valid: Vec<ValidityRange>,
    },

    /// The start of a code: fewer characters than every code of the system has.
    #[error("{code} has {length} of {system}'s {required} characters: {completions} codes valid on {date} start with it{}", example_list(examples))]
    Incomplete {
        code: String,
        system: &'static str,
        length: usize,
        required: usize,
        date: Date,
        completions: u32,
        /// The first few of those codes, in code order.
        examples: Vec<String>,
    },

    /// The date is outside the dates the bundled tables cover.
    #[error("{date} is outside the dates covered for {system} ({first} to {last})")]
    DateOutOfRange {
        date: Date,
        system: &'static str,
        first: Date,
        last: Date,
    },
}

fn example_list(examples: &[String]) -> String {
    if examples.is_empty() {
        String::new()
    } else {
        format!(", e.g. {}", examples.join(", "))
    }
}

fn describe_ranges(ranges: &[ValidityRange], date: Date) -> String {
    if ranges.is_empty() {
        return "it is never valid".to_owned();
    }
    if let Some(next) = ranges.iter().find(|r| r.from > date) {
        if ranges.iter().all(|r| r.from > date) {
            return format!("it was added on {}", next.from);
        }
    }
    if let Some(last) = ranges
        .iter()
        .rev()
        .find(|r| r.to.is_some_and(|to| to < date))
    {
        if ranges.iter().all(|r| r.to.is_some_and(|to| to < date)) {
            if let Some(to) = last.to {
                return format!("it was deleted on {} (last valid {to})", to.next_day());
            }
        }
    }
    let list: Vec<String> = ranges.iter().map(|r| r.to_string()).collect();
    format!("it is valid {}", list.join(" and "))
}

impl ValidationError {
    /// The variant's name without its data.
    pub fn kind(&self) -> ReasonKind {
        match self {
            ValidationError::Empty => ReasonKind::Empty,
            ValidationError::TooLong { .. } => ReasonKind::TooLong,
            ValidationError::Malformed { .. } => ReasonKind::Malformed,
            ValidationError::Unknown { .. } => ReasonKind::Unknown,
            ValidationError::NotBillable { .. } => ReasonKind::NotBillable,
            ValidationError::NotValidOnDate { .. } => ReasonKind::NotValidOnDate,
            ValidationError::DateOutOfRange { .. } => ReasonKind::DateOutOfRange,
            ValidationError::Incomplete { .. } => ReasonKind::Incomplete,
        }
    }
}

/// The outcome of validating one code, as a small integer for columns of millions of
/// results (`Valid` is 0). The names are stable: bindings and JSON use [`ReasonKind::as_str`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[repr(u8)]
#[non_exhaustive]
pub enum ReasonKind {
    Valid = 0,
    Empty = 1,
    TooLong = 2,
    Malformed = 3,
    Unknown = 4,
    NotBillable = 5,
    NotValidOnDate = 6,
    DateOutOfRange = 7,
    Incomplete = 8,
}

impl ReasonKind {
    /// Every kind, in numeric order.
    pub const ALL: [ReasonKind; 9] = [
        ReasonKind::Valid,
        ReasonKind::Empty,
        ReasonKind::TooLong,
        ReasonKind::Malformed,
        ReasonKind::Unknown,
        ReasonKind::NotBillable,
        ReasonKind::NotValidOnDate,
        ReasonKind::DateOutOfRange,
        ReasonKind::Incomplete,
    ];

    /// The snake_case name, e.g. `"not_billable"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            ReasonKind::Valid => "valid",
            ReasonKind::Empty => "empty",
            ReasonKind::TooLong => "too_long",
            ReasonKind::Malformed => "malformed",
            ReasonKind::Unknown => "unknown",
            ReasonKind::NotBillable => "not_billable",
            ReasonKind::NotValidOnDate => "not_valid_on_date",
            ReasonKind::DateOutOfRange => "date_out_of_range",
            ReasonKind::Incomplete => "incomplete",
        }
    }
}

impl fmt::Display for ReasonKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A date that could not be read or does not exist.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(tag = "kind", rename_all = "snake_case"))]
#[non_exhaustive]
pub enum DateError {
    #[error("{input:?} is not a date: expected YYYY-MM-DD")]
    Malformed { input: String },
    #[error("{input:?} is not a valid date: {reason}")]
    Invalid { input: String, reason: &'static str },
}
