//! CPT: the structure of the codes, and a licensed code file a user brings.
//!
//! CPT descriptors are copyrighted by the American Medical Association, so medcodes ships
//! none: not in its tables, tests or documentation. What it ships is public structure:
//! the shape of a code, its category by its last character and, for Category I, its
//! section by number range ([`Cpt::classify`]). That says what kind of code a string
//! would be, **not whether it exists**: only the licensed code list says which codes are
//! valid. A user who holds a licence loads their AMA data file at run time
//! ([`Cpt::with_file`], [`Cpt::from_bytes`]) and gets lookup, descriptors and validation
//! by date from it. What is loaded stays in memory: medcodes never writes it to a build
//! output, a cache or any other file.
//!
//! ```
//! use medcodes::cpt::{Cpt, CptCategory, CptSection};
//! use medcodes::Date;
//!
//! // No file needed to classify.
//! let class = Cpt::classify("99213")?;
//! assert_eq!(class.category, CptCategory::CategoryI);
//! assert_eq!(class.section, Some(CptSection::EvaluationAndManagement));
//! assert_eq!(Cpt::classify("0042t")?.category, CptCategory::CategoryIII);
//!
//! // A file the user brings (made-up descriptors here; a real one is the AMA's).
//! let cpt = Cpt::from_bytes(b"99213\tMade-up descriptor for testing\n")?;
//! let dos = Date::new(2025, 3, 1)?;
//! assert_eq!(cpt.descriptor("99213"), Some("Made-up descriptor for testing"));
//! assert!(cpt.is_valid("99213", dos));
//! assert!(!cpt.is_valid("99214", dos)); // well formed, but not in the file
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod code;
mod file;

use std::fmt;
use std::path::Path;

use crate::date::Date;
use crate::error::ReasonKind;

pub use code::{CptCategory, CptClass, CptCode, CptCodeError, CptSection};
pub use file::{CptDelimiter, CptEncoding, CptEntry, CptFileError, CptLayout};

/// A licensed CPT code list loaded from a file, and the file-free calls on CPT codes.
///
/// Formats read (the layout is found, not declared):
///
/// - `code<TAB>descriptor`, `code,descriptor` (CSV, quoted fields allowed) or
///   `code|descriptor`, one code a line, with or without a header row; a line with a
///   code alone is a code without a descriptor;
/// - the AMA's data files: licence text at the top (lines before the first code line
///   that do not start with a digit are skipped), then `code<TAB>descriptor`
///   (`LONGULT.txt`), `code descriptor` fixed-field lines (`MEDU.txt`, `SHORTU.txt`), or
///   `concept id<TAB>code<TAB>descriptor`;
/// - files with a header row, mapped by column name (case, spaces and punctuation
///   ignored): the code from `CPT Code` (or `PLA Code`, `Code`, `CPT`); the descriptor
///   from the first of `Long Descriptor`, `Long`, `Descriptor`, `Description`,
///   `Medium Descriptor`, `Medium`, `Short Descriptor`, `Short`,
///   `Consumer Friendly Descriptor`, `Clinician Descriptor` present; a separate
///   `Short Descriptor`/`Short`; `Concept Id`; a first day from `Effective Date` (or
///   `Begin Date`, `Start Date`, `Valid From`, `Date Added`); a last day from
///   `Deleted Date`/`Date Deleted` (the day before the deletion) or `End Date`/`Valid To`
///   (inclusive). Dates are `YYYY-MM-DD`, `YYYYMMDD`, `MM/DD/YYYY` or `Pre-YYYY`.
///   `Current Descriptor Effective Date` is not read as a first day: it dates the
///   wording, and the code may be older.
///
/// Text is UTF-8, UTF-16 with a byte order mark, or (line by line, where a line is not
/// UTF-8) Windows-1252. Any error fails the whole load ([`CptFileError`]).
///
/// Validity by date: a code is valid on a date when the file has it and the file's own
/// dates for it (if it has date columns) include the date. A file without dates says
/// nothing of when: give the dates it covers with [`valid_between`](Self::valid_between)
/// (say, the year of the release), and dates outside them are refused as
/// [`CptValidationError::DateOutOfRange`] rather than answered.
#[derive(Clone)]
pub struct Cpt {
    entries: Vec<CptEntry>,
    layout: CptLayout,
    valid_from: Option<Date>,
    valid_to: Option<Date>,
}

impl fmt::Debug for Cpt {
    // Counts, not the licensed text.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Cpt")
            .field("codes", &self.entries.len())
            .field("layout", &self.layout)
            .field("valid_from", &self.valid_from)
            .field("valid_to", &self.valid_to)
            .finish()
    }
}

impl Cpt {
    /// Reads input into a canonical CPT code (whitespace trimmed, upper case), or says
    /// what is wrong with its shape. Says nothing of existence.
    pub fn normalize(code: &str) -> Result<CptCode, CptCodeError> {
        code::normalize(code)
    }

    /// The category of a code and, for Category I, its section by number range; no file
    /// needed. A well-formed code is classified whether or not it exists: existence and
    /// validity need the licensed code list.
    pub fn classify(code: &str) -> Result<CptClass, CptCodeError> {
        code::normalize(code).map(CptCode::class)
    }

    /// Loads a CPT data file from bytes (the formats are in the type's documentation).
    pub fn from_bytes(bytes: &[u8]) -> Result<Cpt, CptFileError> {
        let parsed = file::parse(bytes)?;
        Ok(Cpt {
            entries: parsed.entries,
            layout: parsed.layout,
            valid_from: None,
            valid_to: None,
        })
    }

    /// Loads a CPT data file from a path.
    pub fn with_file(path: impl AsRef<Path>) -> Result<Cpt, CptFileError> {
        let path = path.as_ref();
        let bytes = std::fs::read(path).map_err(|source| CptFileError::Io {
            path: path.to_owned(),
            source,
        })?;
        Cpt::from_bytes(&bytes)
    }

    /// The dates of service the file covers, inclusive (`None`: open on that side): for
    /// a file without dates, the release it is (e.g. 2025-01-01 to 2025-12-31). Dates
    /// outside are refused as [`CptValidationError::DateOutOfRange`]. Applies to files
    /// with dates too, on top of their own.
    pub fn valid_between(
        mut self,
        valid_from: Option<Date>,
        valid_to: Option<Date>,
    ) -> Result<Cpt, CptFileError> {
        if let (Some(valid_from), Some(valid_to)) = (valid_from, valid_to) {
            if valid_from > valid_to {
                return Err(CptFileError::ReversedWindow {
                    valid_from,
                    valid_to,
                });
            }
        }
        self.valid_from = valid_from;
        self.valid_to = valid_to;
        Ok(self)
    }

    /// The dates given to [`valid_between`](Self::valid_between) (`(None, None)`: any
    /// date).
    pub fn coverage(&self) -> (Option<Date>, Option<Date>) {
        (self.valid_from, self.valid_to)
    }

    /// What was found in the file: delimiter, header, encoding, dates.
    pub fn layout(&self) -> &CptLayout {
        &self.layout
    }

    /// How many codes the file has.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Never true for a loaded file (an empty one is refused); here for completeness.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Every code of the file, in code order.
    pub fn iter(&self) -> std::slice::Iter<'_, CptEntry> {
        self.entries.iter()
    }

    fn find(&self, code: CptCode) -> Option<&CptEntry> {
        self.entries
            .binary_search_by_key(&code, |e| e.code)
            .ok()
            .and_then(|i| self.entries.get(i))
    }

    fn covers(&self, date: Date) -> bool {
        self.valid_from.is_none_or(|f| f <= date) && self.valid_to.is_none_or(|t| date <= t)
    }

    /// Finds a code in the file, whatever its dates.
    pub fn lookup(&self, code: &str) -> Result<&CptEntry, CptValidationError> {
        let normalized = code::normalize(code)?;
        self.find(normalized)
            .ok_or_else(|| CptValidationError::Unknown {
                code: normalized.to_string(),
            })
    }

    /// The descriptor of a code (`None`: not in the file, or no descriptor in it).
    pub fn descriptor(&self, code: &str) -> Option<&str> {
        self.lookup(code).ok()?.descriptor()
    }

    /// Validates a code for a date of service: `Ok` with its entry when the file has it
    /// and it is in force on the date, otherwise the reason.
    pub fn validate(&self, code: &str, date: Date) -> Result<&CptEntry, CptValidationError> {
        if !self.covers(date) {
            return Err(CptValidationError::DateOutOfRange {
                date,
                valid_from: self.valid_from,
                valid_to: self.valid_to,
            });
        }
        let entry = self.lookup(code)?;
        if entry.in_force(date) {
            Ok(entry)
        } else {
            Err(CptValidationError::NotValidOnDate {
                code: entry.code().to_string(),
                date,
                start: entry.start(),
                end: entry.end(),
            })
        }
    }

    /// The outcome of [`validate`](Self::validate) as a [`ReasonKind`], without
    /// allocating.
    pub fn reason(&self, code: &str, date: Date) -> ReasonKind {
        if !self.covers(date) {
            return ReasonKind::DateOutOfRange;
        }
        match code::shape(code) {
            Err(e) => e.kind(),
            Ok(c) => match self.find(c) {
                None => ReasonKind::Unknown,
                Some(e) if e.in_force(date) => ReasonKind::Valid,
                Some(_) => ReasonKind::NotValidOnDate,
            },
        }
    }

    /// Whether the code is valid on the date (see the type's documentation).
    pub fn is_valid(&self, code: &str, date: Date) -> bool {
        self.reason(code, date) == ReasonKind::Valid
    }

    /// The codes valid on a date, in code order.
    pub fn codes_valid_on(&self, date: Date) -> impl Iterator<Item = &CptEntry> {
        let covered = self.covers(date);
        self.entries
            .iter()
            .filter(move |e| covered && e.in_force(date))
    }
}

impl<'a> IntoIterator for &'a Cpt {
    type Item = &'a CptEntry;
    type IntoIter = std::slice::Iter<'a, CptEntry>;

    fn into_iter(self) -> Self::IntoIter {
        self.entries.iter()
    }
}

/// Why a code is not valid in a loaded CPT file on a date (or cannot be looked up).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(tag = "kind", rename_all = "snake_case"))]
#[non_exhaustive]
pub enum CptValidationError {
    /// Nothing but whitespace (or nothing at all).
    #[error("{}", CptCodeError::Empty)]
    Empty,

    /// Not five characters.
    #[error("{}", CptCodeError::WrongLength { input: input.clone(), length: *length })]
    WrongLength { input: String, length: usize },

    /// A character that cannot stand at its position.
    #[error("{input:?}: character {position} is {found:?}, expected {expected}")]
    Malformed {
        input: String,
        position: usize,
        found: char,
        expected: &'static str,
    },

    /// Well formed, but not in the loaded file.
    #[error("{code} is not in the loaded CPT file")]
    Unknown { code: String },

    /// In the file, but its dates there do not include the date.
    #[error("{code} is not valid on {date}: the file has it {}", span(*start, *end))]
    NotValidOnDate {
        code: String,
        date: Date,
        start: Option<Date>,
        end: Option<Date>,
    },

    /// The date is outside the dates the file was said to cover
    /// ([`Cpt::valid_between`]).
    #[error("{date} is outside the dates the loaded CPT file covers ({})", span(*valid_from, *valid_to))]
    DateOutOfRange {
        date: Date,
        valid_from: Option<Date>,
        valid_to: Option<Date>,
    },
}

fn span(start: Option<Date>, end: Option<Date>) -> String {
    match (start, end) {
        (Some(s), Some(e)) => format!("from {s} to {e}"),
        (Some(s), None) => format!("from {s}"),
        (None, Some(e)) => format!("until {e}"),
        (None, None) => "on any date".to_owned(),
    }
}

impl From<CptCodeError> for CptValidationError {
    fn from(e: CptCodeError) -> Self {
        match e {
            CptCodeError::Empty => CptValidationError::Empty,
            CptCodeError::WrongLength { input, length } => {
                CptValidationError::WrongLength { input, length }
            }
            CptCodeError::Malformed {
                input,
                position,
                found,
                expected,
            } => CptValidationError::Malformed {
                input,
                position,
                found,
                expected,
            },
        }
    }
}

impl CptValidationError {
    /// The [`ReasonKind`] of this error.
    pub fn kind(&self) -> ReasonKind {
        match self {
            CptValidationError::Empty => ReasonKind::Empty,
            CptValidationError::WrongLength { length, .. } if *length > 5 => ReasonKind::TooLong,
            CptValidationError::WrongLength { .. } | CptValidationError::Malformed { .. } => {
                ReasonKind::Malformed
            }
            CptValidationError::Unknown { .. } => ReasonKind::Unknown,
            CptValidationError::NotValidOnDate { .. } => ReasonKind::NotValidOnDate,
            CptValidationError::DateOutOfRange { .. } => ReasonKind::DateOutOfRange,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> Date {
        s.parse().expect("a test date")
    }

    fn load(text: &str) -> Cpt {
        match Cpt::from_bytes(text.as_bytes()) {
            Ok(c) => c,
            Err(e) => panic!("{e}"),
        }
    }

    #[test]
    fn reason_agrees_with_validate() {
        let cpt = load(
            "CPT Code\tDescriptor\tEffective Date\tEnd Date\n\
             99213\tMade-up one\t2020-01-01\t2022-12-31\n\
             0001U\tMade-up two\t\t\n",
        )
        .valid_between(Some(date("2019-01-01")), None)
        .expect("a window");
        for code in ["99213", "0001u", "99214", "", "9921", "992131", "J1745"] {
            for d in ["2018-06-01", "2019-06-01", "2021-06-01", "2023-06-01"] {
                let got = cpt.validate(code, date(d)).map_err(|e| e.kind());
                let kind = got.map_or_else(|k| k, |_| ReasonKind::Valid);
                assert_eq!(cpt.reason(code, date(d)), kind, "{code} {d}");
            }
        }
        assert_eq!(cpt.reason("99213", date("2021-06-01")), ReasonKind::Valid);
        assert_eq!(
            cpt.reason("99213", date("2023-01-01")),
            ReasonKind::NotValidOnDate
        );
        assert_eq!(
            cpt.reason("99213", date("2018-01-01")),
            ReasonKind::DateOutOfRange
        );
        assert_eq!(
            cpt.reason("992131", date("2021-01-01")),
            ReasonKind::TooLong
        );
    }

    #[test]
    fn debug_shows_no_text() {
        let cpt = load("99213\tMade-up secret-looking text\n");
        assert!(!format!("{cpt:?}").contains("secret"));
    }

    #[test]
    fn reversed_window_is_refused() {
        let cpt = load("99213\tMade-up\n");
        assert!(matches!(
            cpt.valid_between(Some(date("2025-12-31")), Some(date("2025-01-01"))),
            Err(CptFileError::ReversedWindow { .. })
        ));
    }
}
