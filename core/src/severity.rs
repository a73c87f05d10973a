//! How much a finding matters: one scale for the ICD-10-CM coding-rule checks and the
//! claim edits, so a report mixing both sorts and filters on one order.

use std::fmt;

/// How much a finding matters. Ordered: `Info < Warning < Error`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Severity {
    /// A reminder: nothing is wrong as coded.
    Info,
    /// Likely wrong or incomplete, worth a coder's look, but it does not hold a claim (an
    /// invalid admitting diagnosis or POA indicator, the discontinued MCE edits).
    Warning,
    /// Against the coding rules or a prepayment edit: the codes are wrong and the claim
    /// is returned or held until fixed.
    Error,
}

impl Severity {
    /// Every severity, least first: what the surfaces list.
    pub const ALL: [Severity; 3] = [Severity::Info, Severity::Warning, Severity::Error];

    pub const fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
