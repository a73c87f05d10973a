//! A CMS release loaded at run time over the built-in tables: keeping current between the
//! day CMS publishes a fiscal year (1 October, April updates) and the day a pinned
//! registry package carries it.
//!
//! [`CodeSet::with_release`] reads a release as CMS publishes it (for now the order file,
//! `icd10cm_order_YYYY.txt` / `icd10pcs_order_YYYY.txt`, alone or in a folder) and gives a [`WithRelease`], which answers like the code set with the
//! release applied from its effective date:
//!
//! - a release **after** the built-in data (its effective date is later than the newest
//!   built-in release, its fiscal year the built-in one or the next:
//!   [`ReleaseRole::Update`]) decides from that date: its codes are valid (or headers) with
//!   its titles, codes it lacks are deleted; every earlier date is answered by the built-in
//!   tables, unchanged.
//! - a release the built-in data **already covers** ([`ReleaseRole::Titles`]: a fiscal year
//!   up to the built-in one) gives its titles over its fiscal year (what a build without
//!   the `titles` feature lacks, or the official wording of codes the built-in sources have
//!   no title for) and leaves validity to the built-in tables; where they disagree is in
//!   [`WithRelease::differences`].
//!
//! A release is checked whole before anything is applied: a malformed or truncated line,
//! fields out of their columns, header/billable flags that contradict the file's own
//! hierarchy, a fiscal year that skips one: each is a [`ReleaseError`] naming the file,
//! the line and the field.
//!
//! ```
//! use medcodes::{Date, Icd10Cm};
//! use medcodes::release::format_line;
//!
//! // A (tiny) FY2028 order file: E11 with two codes.
//! let file = [
//!     format_line(1, "E11", false, "Type 2 diabetes mellitus", "Type 2 diabetes mellitus"),
//!     format_line(2, "E119", true, "Type 2 diabetes w/o compl", "Type 2 diabetes mellitus without complications"),
//!     format_line(3, "E11W", true, "Type 2 diabetes, new", "Type 2 diabetes mellitus, new code"),
//! ]
//! .join("\n");
//! let cm = Icd10Cm::new().with_release_bytes("icd10cm_order_2028.txt", file.as_bytes(), None)?;
//! let fy2028 = Date::new(2027, 10, 1)?;
//! assert!(cm.is_valid("E11.W", fy2028));
//! assert!(!cm.is_valid("E11.W", Date::new(2026, 10, 1)?));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod addenda;
mod files;
mod order;
mod overlay;
#[cfg(feature = "release-xml")]
mod tabular;

use std::fmt;
use std::path::{Path, PathBuf};

use crate::codeset::{CodeSet, System};
use crate::date::{Date, FiscalYear};
use crate::system::CodeSystem;

pub use addenda::AddendaCounts;
pub use order::{format_line, OrderEntry};
pub use overlay::currency;
pub use overlay::{Currency, ReleaseCode, ReleaseDifferences, ReleaseTitle, Retitled, WithRelease};
#[cfg(feature = "release-xml")]
pub use tabular::{ReleaseNote, ReleaseSeventh};

/// Why a release could not be loaded. Every variant that is about a file names it (`file`,
/// the name as given), and those about a line its number (from 1) and the field.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(tag = "kind", rename_all = "snake_case"))]
#[non_exhaustive]
pub enum ReleaseError {
    /// The file or folder could not be read.
    #[error("{}: {message}", path.display())]
    Io { path: PathBuf, message: String },

    /// A folder or zip without the system's order file.
    #[error("{}: no {system} order file ({expected}) in it", path.display())]
    NoOrderFile {
        path: PathBuf,
        system: &'static str,
        expected: &'static str,
    },

    /// A file name that does not say which release it is, with no effective date given.
    #[error(
        "{file}: the name does not say the release (expected {expected}); give the effective date"
    )]
    FileName {
        file: String,
        expected: &'static str,
    },

    /// A file of another code system (an ICD-10-PCS order file given for ICD-10-CM).
    #[error("{file}: a {found} file, not {expected}")]
    WrongSystem {
        file: String,
        found: &'static str,
        expected: &'static str,
    },

    /// No record at all.
    #[error("{file}: empty, no order-file record")]
    Empty { file: String },

    /// Bytes that are not text.
    #[error("{file}, line {line}: {detail}; an order file is plain text")]
    Encoding {
        file: String,
        line: usize,
        detail: &'static str,
    },

    /// A line cut short (a truncated file, or not an order file).
    #[error("{file}, line {line}: {length} characters, an order-file line has at least {expected} (order number, code, flag, short title, long title)")]
    LineTooShort {
        file: String,
        line: usize,
        length: usize,
        expected: usize,
    },

    /// A field whose value does not fit the layout.
    #[error("{file}, line {line}, {field}: {value:?}, expected {expected}")]
    Field {
        file: String,
        line: usize,
        field: &'static str,
        value: String,
        expected: &'static str,
    },

    /// Order numbers that do not rise (lines out of order, or two files joined).
    #[error("{file}, line {line}, order number: {order} follows {previous}; order numbers rise line by line")]
    OrderNumber {
        file: String,
        line: usize,
        order: u32,
        previous: u32,
    },

    /// A code listed twice.
    #[error("{file}, line {line}, code: {code} again (first at line {first_line})")]
    DuplicateCode {
        file: String,
        line: usize,
        code: String,
        first_line: usize,
    },

    /// A header/billable flag that contradicts the codes of the file below the code.
    #[error("{file}, line {line}, header/billable flag: {code} is {detail}")]
    Hierarchy {
        file: String,
        line: usize,
        code: String,
        detail: String,
    },

    /// A zip that cannot be read (not a zip, truncated, a member too big).
    #[error("{file}: {detail}; a CMS release zip as published")]
    Zip { file: String, detail: String },

    /// XML that cannot be read (malformed, truncated, an element out of place).
    #[error("{file}, line {line}: {detail}")]
    Xml {
        file: String,
        line: usize,
        detail: String,
    },

    /// Two files of one release that disagree (the addenda or the tabular list against the
    /// order file, named in `other`).
    #[error("{file}, line {line}, code: {code} {detail} ({other})")]
    Disagree {
        file: String,
        line: usize,
        code: String,
        other: String,
        detail: String,
    },

    /// A file this build cannot read (a zip without the `release-zip` feature, a tabular
    /// list without `release-xml`).
    #[error("{file}: {detail}")]
    Unsupported { file: String, detail: &'static str },

    /// A release that cannot go over the built-in data: a fiscal year that skips one, or one
    /// before the built-in data begins.
    #[error("{file}: {fiscal_year} release (effective {effective}): {detail}")]
    FiscalYear {
        file: String,
        fiscal_year: FiscalYear,
        effective: Date,
        detail: String,
    },
}

impl ReleaseError {
    /// Every kind of error, in the order of the variants: what [`ReleaseError::kind`] gives,
    /// the serde form's `kind` tag, and the `kind` of the Python and JavaScript
    /// `ReleaseError`.
    pub const KINDS: [&'static str; 16] = [
        "io",
        "no_order_file",
        "file_name",
        "wrong_system",
        "empty",
        "encoding",
        "line_too_short",
        "field",
        "order_number",
        "duplicate_code",
        "hierarchy",
        "zip",
        "xml",
        "disagree",
        "unsupported",
        "fiscal_year",
    ];

    /// The kind of this error, one of [`ReleaseError::KINDS`].
    pub fn kind(&self) -> &'static str {
        let i = match self {
            ReleaseError::Io { .. } => 0,
            ReleaseError::NoOrderFile { .. } => 1,
            ReleaseError::FileName { .. } => 2,
            ReleaseError::WrongSystem { .. } => 3,
            ReleaseError::Empty { .. } => 4,
            ReleaseError::Encoding { .. } => 5,
            ReleaseError::LineTooShort { .. } => 6,
            ReleaseError::Field { .. } => 7,
            ReleaseError::OrderNumber { .. } => 8,
            ReleaseError::DuplicateCode { .. } => 9,
            ReleaseError::Hierarchy { .. } => 10,
            ReleaseError::Zip { .. } => 11,
            ReleaseError::Xml { .. } => 12,
            ReleaseError::Disagree { .. } => 13,
            ReleaseError::Unsupported { .. } => 14,
            ReleaseError::FiscalYear { .. } => 15,
        };
        Self::KINDS[i]
    }
}

/// Which part a loaded release plays ([`WithRelease::release`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum ReleaseRole {
    /// Newer than the built-in data: decides validity and titles from its effective date.
    Update,
    /// A fiscal year the built-in data covers: gives titles over that fiscal year,
    /// validity stays the built-in tables'.
    Titles,
}

impl ReleaseRole {
    pub fn as_str(self) -> &'static str {
        match self {
            ReleaseRole::Update => "update",
            ReleaseRole::Titles => "titles",
        }
    }
}

/// What was loaded: the file, its release and the part it plays.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct ReleaseInfo {
    pub system: CodeSystem,
    /// The file's name (or path) as given.
    pub file: String,
    pub fiscal_year: FiscalYear,
    /// The first date of service the release applies to.
    pub effective: Date,
    pub role: ReleaseRole,
    /// Codes and headers in the file.
    pub codes: usize,
    /// Billable codes in the file.
    pub billable: usize,
    /// What the order file's addenda list, when they were loaded with it (and agree).
    pub addenda: Option<AddendaCounts>,
    /// The tabular list loaded with the order file (its name), whose notes and 7th
    /// characters the release gives.
    pub tabular: Option<String>,
}

/// What comes with an order file: its addenda's counts, its tabular list.
#[derive(Default)]
pub(crate) struct Extras {
    addenda: Option<AddendaCounts>,
    tabular_name: Option<String>,
    #[cfg(feature = "release-xml")]
    tabular: Option<tabular::Tabular>,
}

impl ReleaseInfo {
    /// Short name, e.g. `"FY2028 order file (icd10cm_order_2028.txt)"`.
    pub fn name(&self) -> String {
        let base = Path::new(&self.file)
            .file_name()
            .map_or(self.file.clone(), |n| n.to_string_lossy().into_owned());
        if self.effective == self.fiscal_year.first_day() {
            format!("{} order file ({base})", self.fiscal_year)
        } else {
            format!(
                "{} update of {} order file ({base})",
                self.fiscal_year, self.effective
            )
        }
    }
}

impl fmt::Display for ReleaseInfo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {} codes ({} billable), effective {}, {}",
            self.name(),
            self.codes,
            self.billable,
            self.effective,
            match self.role {
                ReleaseRole::Update => "decides validity and titles from then",
                ReleaseRole::Titles => "titles over its fiscal year (validity: built-in)",
            }
        )?;
        if let Some(a) = self.addenda {
            write!(
                f,
                "; its addenda agree ({} added, {} deleted, {} revised)",
                a.added, a.deleted, a.revised
            )?;
        }
        if let Some(t) = &self.tabular {
            let base = Path::new(t)
                .file_name()
                .map_or(t.clone(), |n| n.to_string_lossy().into_owned());
            write!(f, "; notes and 7th characters from {base}")?;
        }
        Ok(())
    }
}

/// The name prefix of a system's order file.
fn order_prefix(system: CodeSystem) -> &'static str {
    // By id: without the `icd10pcs` feature there is no `CodeSystem::Icd10Pcs` to name.
    match system.id() {
        "icd10pcs" => "icd10pcs",
        _ => "icd10cm",
    }
}

pub(crate) fn expected_name(system: CodeSystem) -> &'static str {
    match system.id() {
        "icd10pcs" => "icd10pcs_order_YYYY.txt (FY YYYY) or icd10pcs_order_April_YYYY.txt",
        _ => "icd10cm_order_YYYY.txt (FY YYYY) or icd10cm_order_April_YYYY.txt",
    }
}

/// Reads a file name as CMS writes them: `icd10cm_order_2025.txt` (FY2025, from
/// 2024-10-01), `icd10cm-order-April-2025.txt` (from 2025-04-01), `icd10cm-order-Jan-2021.txt`
/// (from 2021-01-01). `Ok(None)`: an order file whose name says no year. `Err`: not an
/// order file of `system` (another system's, an addenda file).
pub(crate) fn release_of_name(
    system: CodeSystem,
    name: &str,
) -> Result<Option<Date>, ReleaseError> {
    let base = Path::new(name)
        .file_name()
        .map_or(name.to_owned(), |n| n.to_string_lossy().into_owned())
        .to_ascii_lowercase();
    let stem = base.strip_suffix(".txt").unwrap_or(&base);
    let tokens: Vec<&str> = stem
        .split(['_', '-', ' ', '.'])
        .filter(|t| !t.is_empty())
        .collect();
    let own = order_prefix(system);
    let other = match system.id() {
        "icd10pcs" => ("icd10cm", "ICD-10-CM"),
        _ => ("icd10pcs", "ICD-10-PCS"),
    };
    if tokens.first() == Some(&other.0) {
        return Err(ReleaseError::WrongSystem {
            file: name.to_owned(),
            found: other.1,
            expected: system.name(),
        });
    }
    if tokens.contains(&"addenda") {
        return Err(ReleaseError::FileName {
            file: name.to_owned(),
            expected: "the full order file, not its addenda (which lists changes only)",
        });
    }
    if tokens.first() != Some(&own) || !tokens.contains(&"order") {
        return Ok(None);
    }
    let year = tokens
        .iter()
        .filter(|t| t.len() == 4 && t.bytes().all(|b| b.is_ascii_digit()))
        .filter_map(|t| t.parse::<u16>().ok())
        .next_back();
    let Some(year) = year.filter(|y| (2000..=2199).contains(y)) else {
        return Ok(None);
    };
    let month = tokens.iter().find_map(|t| match *t {
        "jan" | "january" => Some(1u8),
        "apr" | "april" => Some(4u8),
        _ => None,
    });
    Ok(Some(match month {
        None => FiscalYear(year).first_day(),
        Some(m) => Date::new(year, m, 1).map_err(|_| ReleaseError::FileName {
            file: name.to_owned(),
            expected: expected_name(system),
        })?,
    }))
}

impl<S: System> CodeSet<S> {
    /// Loads a CMS release over the built-in tables, as CMS publishes it: an order file
    /// (`icd10cm_order_2028.txt`), a release zip (the code-descriptions zip: the order file
    /// and its addenda), or a folder holding them (and, for ICD-10-CM, the tables-and-index
    /// zip or its tabular XML, whose notes and 7th characters the release then gives). In a
    /// folder the newest order file is taken, by the year in its name, with the addenda and
    /// tabular list of the same release. The effective date is read from the name
    /// (`..._2028.txt`: FY2028, from 2027-10-01; `..._April_2028.txt`: from 2028-04-01).
    /// Nothing is applied unless every file read is valid and they agree.
    pub fn with_release(&self, path: impl AsRef<Path>) -> Result<WithRelease<S>, ReleaseError> {
        let path = path.as_ref();
        let io = |e: std::io::Error| ReleaseError::Io {
            path: path.to_path_buf(),
            message: e.to_string(),
        };
        if path.is_dir() {
            let mut inputs = Vec::new();
            for entry in std::fs::read_dir(path).map_err(io)? {
                let p = entry.map_err(io)?.path();
                if p.is_file() {
                    inputs.push((p.to_string_lossy().into_owned(), files::Input::Path(p)));
                }
            }
            // Names sorted: the same folder picks the same files on every system.
            inputs.sort_by(|a, b| a.0.cmp(&b.0));
            let picked = files::pick(S::ID, &inputs, None, path)?;
            return self.load_picked(picked);
        }
        let bytes = std::fs::read(path).map_err(io)?;
        self.with_release_bytes(&path.to_string_lossy(), &bytes, None)
    }

    /// [`with_release`](Self::with_release) from a file's name and bytes (a browser, an
    /// upload): an order file or a release zip. `effective`: the first date of service it
    /// applies to, when the name does not say it (`None`: from the name).
    pub fn with_release_bytes(
        &self,
        name: &str,
        bytes: &[u8],
        effective: Option<Date>,
    ) -> Result<WithRelease<S>, ReleaseError> {
        self.with_release_files(&[(name, bytes)], effective)
    }

    /// [`with_release`](Self::with_release) from several files' names and bytes: the zips
    /// of a release, or the order file with its addenda and tabular XML.
    pub fn with_release_files(
        &self,
        files: &[(&str, &[u8])],
        effective: Option<Date>,
    ) -> Result<WithRelease<S>, ReleaseError> {
        let inputs: Vec<(String, files::Input)> = files
            .iter()
            .map(|(n, b)| ((*n).to_owned(), files::Input::Bytes(b)))
            .collect();
        let zipped = files
            .iter()
            .any(|(_, b)| b.starts_with(b"PK\x03\x04") || b.starts_with(b"PK\x05\x06"));
        if let ([(name, bytes)], false) = (files, zipped) {
            // One text file: an order file, whatever its name says it is.
            return self.with_order_file(name, bytes, effective);
        }
        let place = PathBuf::from(files.first().map_or("", |f| f.0));
        let picked = files::pick(S::ID, &inputs, effective, &place)?;
        self.load_picked(picked)
    }

    fn with_order_file(
        &self,
        name: &str,
        bytes: &[u8],
        effective: Option<Date>,
    ) -> Result<WithRelease<S>, ReleaseError> {
        let from_name = release_of_name(S::ID, name)?;
        let effective = match (effective, from_name) {
            (Some(given), Some(named)) if given.fiscal_year() != named.fiscal_year() => {
                return Err(ReleaseError::FiscalYear {
                    file: name.to_owned(),
                    fiscal_year: named.fiscal_year(),
                    effective: given,
                    detail: format!(
                        "the name says {}, the effective date given is in {}",
                        named.fiscal_year(),
                        given.fiscal_year()
                    ),
                })
            }
            (Some(given), _) => given,
            (None, Some(named)) => named,
            (None, None) => {
                return Err(ReleaseError::FileName {
                    file: name.to_owned(),
                    expected: expected_name(S::ID),
                })
            }
        };
        let entries = order::parse::<S>(name, bytes)?;
        WithRelease::new(name, effective, entries, Extras::default())
    }

    /// Reads and checks the files picked: the order file, then its addenda and tabular
    /// list against it.
    fn load_picked(&self, picked: files::Picked) -> Result<WithRelease<S>, ReleaseError> {
        let (order_name, order_bytes) = picked.order;
        let entries = order::parse::<S>(&order_name, &order_bytes)?;
        let mut extras = Extras::default();
        if let Some((name, bytes)) = picked.addenda {
            extras.addenda = Some(addenda::check::<S>(&name, &bytes, &order_name, &entries)?);
        }
        if let Some((name, bytes)) = picked.tabular {
            #[cfg(feature = "release-xml")]
            {
                let t = tabular::parse(&name, &bytes)?;
                tabular::check_against_order(&t, &order_name, picked.effective, &entries)?;
                extras.tabular = Some(t);
                extras.tabular_name = Some(name);
            }
            #[cfg(not(feature = "release-xml"))]
            {
                let _ = bytes;
                return Err(ReleaseError::Unsupported {
                    file: name,
                    detail: "a tabular list; this build reads no XML (the `release-xml` feature)",
                });
            }
        }
        WithRelease::new(&order_name, picked.effective, entries, extras)
    }
}
