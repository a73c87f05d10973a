//! The built-in HCPCS Level II tables with an official CMS HCPCS file loaded over them.
//!
//! The built-in quarters (the outpatient code editor's) decide validity on the dates they
//! cover; the file decides on the dates outside them (a newer quarter, or before
//! 2019-07-01), by its add and termination dates. The file adds what the built-in tables
//! lack on every date: the long description, action code, BETOS, type of service, coverage
//! and pricing indicators ([`HcpcsRecord`]), and the Level II modifiers' descriptions.

use std::path::Path;

use crate::date::Date;
use crate::error::ReasonKind;

use super::{FileError, Hcpcs, HcpcsFile, HcpcsRecord};

/// [`Hcpcs`] with a CMS HCPCS file loaded over it ([`Hcpcs::with_file`]).
#[derive(Clone, Debug)]
pub struct HcpcsWithFile {
    file: HcpcsFile,
}

/// Where the built-in tables and a loaded file disagree on a date
/// ([`HcpcsWithFile::differences`]), codes in order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct FileDifferences {
    pub date: Option<Date>,
    /// Active in the file on the date, not valid in the built-in tables.
    pub only_in_file: Vec<String>,
    /// Valid in the built-in tables on the date, not active in the file.
    pub only_built_in: Vec<String>,
    /// Level II codes whose short descriptor differs: (code, built-in, file).
    pub short_descriptors: Vec<(String, String, String)>,
}

impl FileDifferences {
    pub fn is_empty(&self) -> bool {
        self.only_in_file.is_empty()
            && self.only_built_in.is_empty()
            && self.short_descriptors.is_empty()
    }
}

impl Hcpcs {
    /// Loads a CMS HCPCS file (the fixed-width text file or the xlsx) over the built-in
    /// tables. A malformed file is an error naming the line or row and field; nothing is
    /// half loaded.
    pub fn with_file(&self, path: impl AsRef<Path>) -> Result<HcpcsWithFile, FileError> {
        HcpcsFile::read(path).map(|file| HcpcsWithFile { file })
    }

    /// [`Hcpcs::with_file`] from the file's bytes.
    pub fn with_file_bytes(&self, bytes: &[u8]) -> Result<HcpcsWithFile, FileError> {
        HcpcsFile::parse(bytes).map(|file| HcpcsWithFile { file })
    }
}

impl HcpcsWithFile {
    /// The loaded file.
    pub fn file(&self) -> &HcpcsFile {
        &self.file
    }

    /// The file's record of a code or modifier (any case).
    pub fn record(&self, code: &str) -> Option<&HcpcsRecord> {
        self.file.get(code)
    }

    /// The CMS long description of a code or Level II modifier, as the file gives it. None
    /// for D codes (the ADA's text) and CPT-form codes (the AMA's), even when a file
    /// carries them.
    pub fn long_description(&self, code: &str) -> Option<&str> {
        self.record(code)
            .filter(|r| !r.is_dental() && !r.is_cpt())
            .map(|r| r.long_description.as_str())
            .filter(|d| !d.is_empty())
    }

    fn built_in_covers(date: Date) -> bool {
        let (first, last) = Hcpcs::new().coverage();
        first <= date && date <= last
    }

    /// Why a code is or is not valid on a date: the built-in tables on their dates, the
    /// file's add and termination dates on the others.
    pub fn reason(&self, code: &str, date: Date) -> ReasonKind {
        let set = Hcpcs::new();
        if Self::built_in_covers(date) {
            return set.reason(code, date);
        }
        let normalized = match super::parse(code) {
            Ok(n) if n.is_complete() => n,
            Ok(_) => return ReasonKind::Incomplete,
            Err(kind) => return kind,
        };
        match self.file.get(normalized.as_str()) {
            Some(r) if r.is_modifier() || r.is_cpt() => ReasonKind::Unknown,
            Some(r) if r.is_active_on(date) => ReasonKind::Valid,
            Some(_) => ReasonKind::NotValidOnDate,
            None if set.lookup(code).is_ok() => ReasonKind::DateOutOfRange,
            None => ReasonKind::Unknown,
        }
    }

    /// Whether a code is valid on a date ([`HcpcsWithFile::reason`]).
    pub fn is_valid(&self, code: &str, date: Date) -> bool {
        self.reason(code, date) == ReasonKind::Valid
    }

    /// What the file says differently from the built-in tables on a date within their
    /// coverage: codes active in one and not the other, and changed short descriptors.
    pub fn differences(&self, date: Date) -> FileDifferences {
        let set = Hcpcs::new();
        let mut out = FileDifferences {
            date: Some(date),
            ..FileDifferences::default()
        };
        if !Self::built_in_covers(date) {
            return out;
        }
        // The public file has no D codes: compare Level II codes only.
        for r in self.file.codes_active_on(date).filter(|r| !r.is_dental()) {
            match set.validate(&r.code, date) {
                Err(_) => out.only_in_file.push(r.code.clone()),
                Ok(code) => {
                    let ours = code.short_title_on(date).map(|t| t.text.into_owned());
                    let theirs = r.short_description.trim();
                    if let Some(ours) = ours.filter(|o| !theirs.is_empty() && o != theirs) {
                        out.short_descriptors
                            .push((r.code.clone(), ours, theirs.to_owned()));
                    }
                }
            }
        }
        for code in set.codes_valid_on(date).filter(|c| !c.is_dental()) {
            let spelled = code.code();
            if !self
                .file
                .get(spelled.as_str())
                .is_some_and(|r| r.is_active_on(date))
            {
                out.only_built_in.push(spelled.to_string());
            }
        }
        out.only_in_file.sort();
        out
    }
}
