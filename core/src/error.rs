//! Typed errors. Every reason a code is rejected is a variant a program can match on and
//! a message a coder can act on; [`ReasonKind`] names the variants without their data, for
//! columns of results and JSON.

use std::fmt;

use crate::date::Date;
use crate::icd10cm::SeventhCharacter;
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

    /// A code that takes a 7th character was given without one (ICD-10-CM: `S52.521`).
    #[error("{code} needs a 7th character{}: {}", placeholder_note(code, base), seventh_options(base, options, *date))]
    MissingSeventhCharacter {
        code: String,
        date: Date,
        /// The code padded with the placeholder X to six characters (`W21.89X`): the
        /// 7th character is appended to it.
        base: String,
        /// The 7th characters that make a code valid on the date, with their meanings.
        options: Vec<SeventhCharacter>,
    },

    /// A 7th character its code does not take (ICD-10-CM: `S52.521Z`).
    #[error("{code}: {found:?} is not a 7th character of {base}; {}", seventh_options(base, allowed, *date))]
    SeventhCharacterNotAllowed {
        code: String,
        date: Date,
        found: char,
        /// The first six characters (`S52.521`).
        base: String,
        /// The 7th characters that make a code valid on the date, with their meanings.
        allowed: Vec<SeventhCharacter>,
    },

    /// A code written without its placeholder X (ICD-10-CM: `T36.01A` for `T36.0X1A`).
    /// The suggestion is never applied silently.
    #[error("{input} is missing the placeholder X: the code is {suggestion}{}", suggestion_note(*suggestion_billable, *date))]
    MissingPlaceholder {
        input: String,
        /// The input with placeholder X inserted: a code of the bundled tables.
        suggestion: String,
        date: Date,
        /// Whether the suggestion is a billable code on the date.
        suggestion_billable: bool,
    },

    /// A 7th character on a code that takes none (ICD-10-CM: `E11.9A`).
    #[error("{code}: {base} takes no 7th character; drop the {found:?} ({base})")]
    UnexpectedSeventhCharacter {
        code: String,
        found: char,
        /// The code without the extra character (and without placeholder X padding).
        base: String,
    },
}

fn placeholder_note(code: &str, base: &str) -> &'static str {
    if base.len() > code.len() {
        " after the placeholder X"
    } else {
        ""
    }
}

fn seventh_options(base: &str, options: &[SeventhCharacter], date: Date) -> String {
    if options.is_empty() {
        return format!("no code starting with {base} is valid on {date}");
    }
    let list: Vec<String> = options
        .iter()
        .map(|o| format!("{base}{} ({})", o.character, o.meaning))
        .collect();
    format!("on {date} the codes are {}", list.join(", "))
}

fn suggestion_note(billable: bool, date: Date) -> String {
    if billable {
        String::new()
    } else {
        format!(" (not a billable code on {date}: validate it for the reason)")
    }
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
    if let Some(next) = ranges.iter().find(|r| r.start > date) {
        if ranges.iter().all(|r| r.start > date) {
            return format!("it was added on {}", next.start);
        }
    }
    if let Some(last) = ranges
        .iter()
        .rev()
        .find(|r| r.end.is_some_and(|to| to < date))
    {
        if ranges.iter().all(|r| r.end.is_some_and(|to| to < date)) {
            if let Some(to) = last.end {
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
            ValidationError::MissingSeventhCharacter { .. } => ReasonKind::MissingSeventhCharacter,
            ValidationError::SeventhCharacterNotAllowed { .. } => {
                ReasonKind::SeventhCharacterNotAllowed
            }
            ValidationError::MissingPlaceholder { .. } => ReasonKind::MissingPlaceholder,
            ValidationError::UnexpectedSeventhCharacter { .. } => {
                ReasonKind::UnexpectedSeventhCharacter
            }
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
    MissingSeventhCharacter = 9,
    SeventhCharacterNotAllowed = 10,
    MissingPlaceholder = 11,
    UnexpectedSeventhCharacter = 12,
}

impl ReasonKind {
    /// Every kind, in numeric order.
    pub const ALL: [ReasonKind; 13] = [
        ReasonKind::Valid,
        ReasonKind::Empty,
        ReasonKind::TooLong,
        ReasonKind::Malformed,
        ReasonKind::Unknown,
        ReasonKind::NotBillable,
        ReasonKind::NotValidOnDate,
        ReasonKind::DateOutOfRange,
        ReasonKind::Incomplete,
        ReasonKind::MissingSeventhCharacter,
        ReasonKind::SeventhCharacterNotAllowed,
        ReasonKind::MissingPlaceholder,
        ReasonKind::UnexpectedSeventhCharacter,
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
            ReasonKind::MissingSeventhCharacter => "missing_seventh_character",
            ReasonKind::SeventhCharacterNotAllowed => "seventh_character_not_allowed",
            ReasonKind::MissingPlaceholder => "missing_placeholder",
            ReasonKind::UnexpectedSeventhCharacter => "unexpected_seventh_character",
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
