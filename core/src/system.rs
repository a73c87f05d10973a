//! Code systems, and telling which one a bare string belongs to.

use std::fmt;

use crate::Icd10Cm;
#[cfg(feature = "icd10pcs")]
use crate::Icd10Pcs;

/// A code system medcodes knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "lowercase"))]
#[non_exhaustive]
pub enum CodeSystem {
    /// ICD-10-CM diagnoses.
    Icd10Cm,
    /// ICD-10-PCS inpatient procedures.
    Icd10Pcs,
}

impl CodeSystem {
    pub const ALL: [CodeSystem; 2] = [CodeSystem::Icd10Cm, CodeSystem::Icd10Pcs];

    /// The official name, e.g. `"ICD-10-CM"`.
    pub fn name(self) -> &'static str {
        match self {
            CodeSystem::Icd10Cm => "ICD-10-CM",
            CodeSystem::Icd10Pcs => "ICD-10-PCS",
        }
    }

    /// The short identifier used by the CLI and bindings, e.g. `"icd10cm"`.
    pub fn id(self) -> &'static str {
        match self {
            CodeSystem::Icd10Cm => "icd10cm",
            CodeSystem::Icd10Pcs => "icd10pcs",
        }
    }

    /// Parses an identifier (`icd10cm`, `ICD-10-PCS`, ...), ignoring case and punctuation.
    pub fn from_id(id: &str) -> Option<CodeSystem> {
        let squashed: String = id
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .map(|c| c.to_ascii_lowercase())
            .collect();
        CodeSystem::ALL.into_iter().find(|s| s.id() == squashed)
    }
}

impl fmt::Display for CodeSystem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Which systems a bare string is a code (or header) of, in any release.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(
    feature = "serde",
    serde(tag = "kind", content = "systems", rename_all = "snake_case")
)]
pub enum Detection {
    /// Known in exactly one system.
    One(CodeSystem),
    /// Known in several: the caller must say which it means.
    Ambiguous(Vec<CodeSystem>),
    /// Known in none.
    Unknown,
}

/// Tells which code system a string belongs to, without guessing: a string that is a code
/// (or header) in several systems is reported as ambiguous.
///
/// ```
/// use medcodes::{detect, CodeSystem, Detection};
/// assert_eq!(detect("E11.9"), Detection::One(CodeSystem::Icd10Cm));
/// # #[cfg(feature = "icd10pcs")]
/// assert_eq!(detect("0DTJ4ZZ"), Detection::One(CodeSystem::Icd10Pcs));
/// ```
///
/// Without the `icd10pcs` feature only ICD-10-CM is looked at.
pub fn detect(input: &str) -> Detection {
    let mut found = Vec::new();
    if Icd10Cm::new().lookup(input).is_ok() {
        found.push(CodeSystem::Icd10Cm);
    }
    #[cfg(feature = "icd10pcs")]
    if Icd10Pcs::new().lookup(input).is_ok() {
        found.push(CodeSystem::Icd10Pcs);
    }
    match found.len() {
        0 => Detection::Unknown,
        1 => Detection::One(found[0]),
        _ => Detection::Ambiguous(found),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[cfg(feature = "icd10pcs")]
    fn reports_ambiguity_instead_of_guessing() {
        // A three-character string can be both an ICD-10-CM category and an ICD-10-PCS table.
        let both = ["B20", "D70", "F00"]
            .iter()
            .find(|s| matches!(detect(s), Detection::Ambiguous(_)));
        assert!(both.is_some());
    }

    #[test]
    fn detects_and_names_systems() {
        assert_eq!(detect("E11.9"), Detection::One(CodeSystem::Icd10Cm));
        assert_eq!(detect("not a code"), Detection::Unknown);
        assert_eq!(
            CodeSystem::from_id("ICD-10-PCS"),
            Some(CodeSystem::Icd10Pcs)
        );
    }
}
