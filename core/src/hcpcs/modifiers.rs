//! HCPCS modifiers by quarter, and the check of a claim line: a code and up to four
//! modifiers on a date.
//!
//! The built-in list is the outpatient code editor's modifiers valid each quarter: the
//! Level II modifiers (LT, RT, XE, GA, ...) and the CPT modifiers' numbers (25, 59, ...:
//! facts; their descriptors are the AMA's and are not shipped). Descriptions of the Level
//! II modifiers come from the CMS HCPCS file a user loads ([`super::file`]).

use crate::date::Date;
use crate::error::ValidationError;
use crate::generated::hcpcs as data;
use crate::validity::ValidityRange;

use super::Hcpcs;

/// Most modifiers a claim line carries.
pub const MAX_MODIFIERS: usize = 4;

/// A modifier any quarter of the data lists. A small `Copy` handle.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Modifier {
    index: u16,
}

impl Modifier {
    /// The modifier of two characters (surrounding spaces ignored, either case).
    pub(crate) fn find(input: &str) -> Option<Modifier> {
        let t = input.trim().as_bytes();
        let upper = [
            t.first()?.to_ascii_uppercase(),
            t.get(1)?.to_ascii_uppercase(),
        ];
        if t.len() != 2 {
            return None;
        }
        data::MODIFIERS
            .binary_search_by(|(m, _)| m.as_bytes().cmp(&upper[..]))
            .ok()
            .and_then(|i| u16::try_from(i).ok())
            .map(|index| Modifier { index })
    }

    pub(crate) fn all() -> impl Iterator<Item = Modifier> {
        (0..data::MODIFIERS.len())
            .filter_map(|i| u16::try_from(i).ok())
            .map(|index| Modifier { index })
    }

    fn entry(self) -> &'static (&'static str, &'static [(u32, u32)]) {
        // Indexes come from `find` and `all`, over the same table.
        &data::MODIFIERS[usize::from(self.index)]
    }

    /// The two characters, upper case: `LT`, `59`.
    pub fn code(self) -> &'static str {
        self.entry().0
    }

    /// A CPT modifier (two digits): its number is a fact, its descriptor the AMA's.
    pub fn is_cpt(self) -> bool {
        self.code().bytes().all(|b| b.is_ascii_digit())
    }

    /// The quarters' dates on which the modifier is valid, as ranges (`end: None`: still
    /// valid at the end of the data).
    pub fn validity(self) -> Vec<ValidityRange> {
        let last = Hcpcs::new().coverage().1.yyyymmdd();
        self.entry()
            .1
            .iter()
            .map(|&(start, end)| ValidityRange {
                start: Date::from_raw(start),
                end: (end < last).then(|| Date::from_raw(end)),
            })
            .collect()
    }

    /// Whether the modifier is valid on the date.
    pub fn is_valid_on(self, date: Date) -> bool {
        let d = date.yyyymmdd();
        self.entry().1.iter().any(|&(s, e)| s <= d && d <= e)
    }
}

impl std::fmt::Display for Modifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

/// What is wrong with a claim line ([`Hcpcs::check_line`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum LineFindingKind {
    /// The code is not a valid HCPCS Level II code on the date (the error says why).
    Code,
    /// More than four modifiers.
    TooManyModifiers,
    /// Not two letters or digits.
    MalformedModifier,
    /// No quarter of the data lists the modifier.
    UnknownModifier,
    /// A modifier of some quarter, not valid on the date.
    ModifierNotValidOnDate,
    /// The same modifier twice.
    DuplicateModifier,
    /// LT and RT on one line: bill a bilateral service with 50, or two lines.
    BothSides,
    /// 50 (bilateral) with LT or RT: 50 already says both sides.
    BilateralWithSide,
}

impl LineFindingKind {
    /// Every kind, in declaration order.
    pub const ALL: [LineFindingKind; 8] = [
        LineFindingKind::Code,
        LineFindingKind::TooManyModifiers,
        LineFindingKind::MalformedModifier,
        LineFindingKind::UnknownModifier,
        LineFindingKind::ModifierNotValidOnDate,
        LineFindingKind::DuplicateModifier,
        LineFindingKind::BothSides,
        LineFindingKind::BilateralWithSide,
    ];

    /// The snake_case name, e.g. `"unknown_modifier"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            LineFindingKind::Code => "code",
            LineFindingKind::TooManyModifiers => "too_many_modifiers",
            LineFindingKind::MalformedModifier => "malformed_modifier",
            LineFindingKind::UnknownModifier => "unknown_modifier",
            LineFindingKind::ModifierNotValidOnDate => "modifier_not_valid_on_date",
            LineFindingKind::DuplicateModifier => "duplicate_modifier",
            LineFindingKind::BothSides => "both_sides",
            LineFindingKind::BilateralWithSide => "bilateral_with_side",
        }
    }
}

/// One problem of a claim line: its kind, what it is about (the code or a modifier, as
/// given), and a message a coder can act on.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct LineFinding {
    pub kind: LineFindingKind,
    pub subject: String,
    pub message: String,
    /// For [`LineFindingKind::Code`]: the code's error.
    pub error: Option<ValidationError>,
}

impl LineFinding {
    fn new(kind: LineFindingKind, subject: &str, message: String) -> LineFinding {
        LineFinding {
            kind,
            subject: crate::error::shorten(subject),
            message,
            error: None,
        }
    }
}

impl std::fmt::Display for LineFinding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

pub(crate) fn check_line(
    set: Hcpcs,
    code: &str,
    modifiers: &[&str],
    date: Date,
) -> Vec<LineFinding> {
    use LineFindingKind as K;
    let mut findings = Vec::new();
    if let Err(e) = set.validate(code, date) {
        let mut f = LineFinding::new(K::Code, code, e.to_string());
        f.error = Some(e);
        findings.push(f);
    }
    if modifiers.len() > MAX_MODIFIERS {
        findings.push(LineFinding::new(
            K::TooManyModifiers,
            &modifiers.join(" "),
            format!(
                "{} modifiers: a claim line carries at most {MAX_MODIFIERS}",
                modifiers.len()
            ),
        ));
    }
    let mut seen: Vec<String> = Vec::with_capacity(modifiers.len());
    for &given in modifiers {
        let t = given.trim();
        let well_formed = t.len() == 2 && t.bytes().all(|b| b.is_ascii_alphanumeric());
        if !well_formed {
            findings.push(LineFinding::new(
                K::MalformedModifier,
                given,
                format!(
                    "{:?} is not a modifier: modifiers are two letters or digits, e.g. LT, 59",
                    crate::error::shorten(given)
                ),
            ));
            continue;
        }
        let upper = t.to_ascii_uppercase();
        if seen.contains(&upper) {
            findings.push(LineFinding::new(
                K::DuplicateModifier,
                given,
                format!("modifier {upper} is given twice"),
            ));
            continue;
        }
        seen.push(upper.clone());
        match Modifier::find(&upper) {
            None => findings.push(LineFinding::new(
                K::UnknownModifier,
                given,
                format!("{upper} is not an HCPCS or CPT modifier in any quarter of the data"),
            )),
            Some(m) if !m.is_valid_on(date) => {
                let ranges: Vec<String> = m.validity().iter().map(|r| r.to_string()).collect();
                findings.push(LineFinding::new(
                    K::ModifierNotValidOnDate,
                    given,
                    format!(
                        "modifier {upper} is not valid on {date}: it is valid {}",
                        ranges.join(" and ")
                    ),
                ));
            }
            Some(_) => {}
        }
    }
    let has = |m: &str| seen.iter().any(|s| s == m);
    if has("LT") && has("RT") {
        findings.push(LineFinding::new(
            K::BothSides,
            "LT RT",
            "LT and RT on one line: bill a bilateral service with modifier 50, or the two \
             sides on two lines"
                .to_owned(),
        ));
    }
    if has("50") && (has("LT") || has("RT")) {
        findings.push(LineFinding::new(
            K::BilateralWithSide,
            "50",
            "modifier 50 (bilateral) with LT or RT: 50 already means both sides".to_owned(),
        ));
    }
    findings
}
