//! Code systems by name ([`CodeSystem`]), what a value of it can do without knowing its
//! type, and telling which one a bare string belongs to ([`detect`]).

use std::fmt;

use crate::codeset::{CodeSet, LengthMismatch};
use crate::date::Date;
use crate::error::{ReasonKind, ValidationError};
use crate::key::CodeBuf;
use crate::table::Title;

/// Runs `$body` with `$S` naming the [`System`](crate::System) type of a [`CodeSystem`]
/// value. The one place a value becomes a type: a new system adds its line.
macro_rules! with_system {
    ($system:expr, $S:ident => $body:expr) => {
        match $system {
            $crate::system::CodeSystem::Icd10Cm => {
                type $S = $crate::icd10cm::Icd10CmSystem;
                $body
            }
            #[cfg(feature = "icd10pcs")]
            $crate::system::CodeSystem::Icd10Pcs => {
                type $S = $crate::icd10pcs::Icd10PcsSystem;
                $body
            }
            #[cfg(feature = "hcpcs")]
            $crate::system::CodeSystem::Hcpcs => {
                type $S = $crate::hcpcs::HcpcsSystem;
                $body
            }
            #[cfg(feature = "icd9")]
            $crate::system::CodeSystem::Icd9Cm => {
                type $S = $crate::icd9::Icd9CmSystem;
                $body
            }
            #[cfg(feature = "icd9")]
            $crate::system::CodeSystem::Icd9Proc => {
                type $S = $crate::icd9::Icd9ProcSystem;
                $body
            }
        }
    };
}
pub(crate) use with_system;

/// A code system medcodes knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "lowercase"))]
#[non_exhaustive]
pub enum CodeSystem {
    /// ICD-10-CM diagnoses.
    Icd10Cm,
    /// ICD-10-PCS inpatient procedures (feature `icd10pcs`).
    #[cfg(feature = "icd10pcs")]
    Icd10Pcs,
    /// HCPCS Level II supplies, drugs and services, by quarter (feature `hcpcs`).
    #[cfg(feature = "hcpcs")]
    Hcpcs,
    /// ICD-9-CM diagnoses, version 32 (FY2015, the last), for dates of service to
    /// 2015-09-30 (feature `icd9`).
    #[cfg(feature = "icd9")]
    Icd9Cm,
    /// ICD-9-CM procedures (volume 3), version 32 (feature `icd9`).
    #[cfg(feature = "icd9")]
    Icd9Proc,
}

impl CodeSystem {
    /// Every system this build has (cargo features can leave some out), in this order
    /// everywhere they are listed.
    pub const ALL: &'static [CodeSystem] = &[
        CodeSystem::Icd10Cm,
        #[cfg(feature = "icd10pcs")]
        CodeSystem::Icd10Pcs,
        #[cfg(feature = "hcpcs")]
        CodeSystem::Hcpcs,
        #[cfg(feature = "icd9")]
        CodeSystem::Icd9Cm,
        #[cfg(feature = "icd9")]
        CodeSystem::Icd9Proc,
    ];

    /// The official name, e.g. `"ICD-10-CM"`.
    pub fn name(self) -> &'static str {
        match self {
            CodeSystem::Icd10Cm => "ICD-10-CM",
            #[cfg(feature = "icd10pcs")]
            CodeSystem::Icd10Pcs => "ICD-10-PCS",
            #[cfg(feature = "hcpcs")]
            CodeSystem::Hcpcs => "HCPCS Level II",
            #[cfg(feature = "icd9")]
            CodeSystem::Icd9Cm => "ICD-9-CM",
            #[cfg(feature = "icd9")]
            CodeSystem::Icd9Proc => "ICD-9-CM Volume 3",
        }
    }

    /// The short identifier used by the CLI and bindings, e.g. `"icd10cm"`.
    pub fn id(self) -> &'static str {
        match self {
            CodeSystem::Icd10Cm => "icd10cm",
            #[cfg(feature = "icd10pcs")]
            CodeSystem::Icd10Pcs => "icd10pcs",
            #[cfg(feature = "hcpcs")]
            CodeSystem::Hcpcs => "hcpcs",
            #[cfg(feature = "icd9")]
            CodeSystem::Icd9Cm => "icd9cm",
            #[cfg(feature = "icd9")]
            CodeSystem::Icd9Proc => "icd9proc",
        }
    }

    /// A typical code of the system, for messages: `E11.9`, `0DTJ4ZZ`.
    pub fn example(self) -> &'static str {
        match self {
            CodeSystem::Icd10Cm => "E11.9",
            #[cfg(feature = "icd10pcs")]
            CodeSystem::Icd10Pcs => "0DTJ4ZZ",
            #[cfg(feature = "hcpcs")]
            CodeSystem::Hcpcs => "E0100",
            #[cfg(feature = "icd9")]
            CodeSystem::Icd9Cm => "250.00",
            #[cfg(feature = "icd9")]
            CodeSystem::Icd9Proc => "01.23",
        }
    }

    /// How long its codes are, for messages.
    pub fn length_rule(self) -> &'static str {
        match self {
            CodeSystem::Icd10Cm => "3 to 7 characters besides the dot",
            #[cfg(feature = "icd10pcs")]
            CodeSystem::Icd10Pcs => "exactly 7 characters",
            #[cfg(feature = "hcpcs")]
            CodeSystem::Hcpcs => "a letter and 4 digits",
            #[cfg(feature = "icd9")]
            CodeSystem::Icd9Cm => "3 to 5 characters besides the dot (E codes 4 or 5)",
            #[cfg(feature = "icd9")]
            CodeSystem::Icd9Proc => "2 digits, a dot, 1 or 2 digits",
        }
    }

    /// First and last date of service the bundled data covers.
    pub fn coverage(self) -> (Date, Date) {
        with_system!(self, S => CodeSet::<S>::new().coverage())
    }

    /// [`CodeSet::reason`] in this system.
    pub fn reason(self, code: &str, date: Date) -> ReasonKind {
        with_system!(self, S => CodeSet::<S>::new().reason(code, date))
    }

    /// [`CodeSet::reasons`] in this system.
    pub fn reasons<C: AsRef<str>>(self, codes: &[C], date: Date, out: &mut Vec<ReasonKind>) {
        with_system!(self, S => CodeSet::<S>::new().reasons(codes, date, out))
    }

    /// [`CodeSet::are_valid`] in this system.
    pub fn are_valid<C: AsRef<str>>(self, codes: &[C], date: Date, out: &mut Vec<bool>) {
        with_system!(self, S => CodeSet::<S>::new().are_valid(codes, date, out))
    }

    /// [`CodeSet::reasons_per_row`] in this system.
    pub fn reasons_per_row<C: AsRef<str>>(
        self,
        codes: &[C],
        dates: &[Option<Date>],
        out: &mut Vec<Option<ReasonKind>>,
    ) -> Result<(), LengthMismatch> {
        with_system!(self, S => CodeSet::<S>::new().reasons_per_row(codes, dates, out))
    }

    /// [`CodeSet::are_valid_per_row`] in this system.
    pub fn are_valid_per_row<C: AsRef<str>>(
        self,
        codes: &[C],
        dates: &[Option<Date>],
        out: &mut Vec<Option<bool>>,
    ) -> Result<(), LengthMismatch> {
        with_system!(self, S => CodeSet::<S>::new().are_valid_per_row(codes, dates, out))
    }

    /// The canonical spelling of a code of this system (ICD-10-CM: dotted), or why the
    /// input is not shaped like one. Says nothing of existence.
    pub fn canonical(self, code: &str) -> Result<CodeBuf, ValidationError> {
        with_system!(self, S => {
            let n = CodeSet::<S>::new().normalize(code)?;
            Ok(<S as crate::System>::spell(n.into()))
        })
    }

    /// The characters of a code without punctuation (ICD-10-CM: undotted), or why the
    /// input is not shaped like one.
    pub fn compact(self, code: &str) -> Result<CodeBuf, ValidationError> {
        with_system!(self, S => {
            let n = CodeSet::<S>::new().normalize(code)?;
            Ok(crate::key::CodeKey::from(n).unpack())
        })
    }

    /// Whether the input is a code (or header, or level) of this system in any release.
    pub fn knows(self, code: &str) -> bool {
        with_system!(self, S => CodeSet::<S>::new().lookup(code).is_ok())
    }

    /// The error every call on a date gives when the bundled data do not cover it
    /// ([`ValidationError::DateOutOfRange`]).
    pub fn check_date(self, date: Date) -> Result<(), ValidationError> {
        with_system!(self, S => <S as crate::System>::table().check_date(date, self.name()))
    }

    /// The title of a code: long or short, in force on `date`, or the newest with `None`.
    /// `None` when the input is not a code of the system, no bundled source titles it, or
    /// the date is outside the data (as every call on such a date refuses to answer:
    /// [`CodeSystem::check_date`]).
    pub fn title(self, code: &str, date: Option<Date>, short: bool) -> Option<Title> {
        if let Some(d) = date {
            self.check_date(d).ok()?;
        }
        with_system!(self, S => {
            let code = CodeSet::<S>::new().lookup(code).ok()?;
            match (date, short) {
                (Some(d), false) => code.title_on(d),
                (Some(d), true) => code.short_title_on(d),
                (None, false) => code.title(),
                (None, true) => code.short_title(),
            }
        })
    }

    /// Parses an identifier (`icd10cm`, `ICD-10-PCS`, ...), ignoring case and punctuation.
    pub fn from_id(id: &str) -> Option<CodeSystem> {
        let squashed: String = id
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .map(|c| c.to_ascii_lowercase())
            .collect();
        CodeSystem::ALL.iter().copied().find(|s| s.id() == squashed)
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
    /// Known in none of the built-in systems, and shaped like a CPT code: its category
    /// (and section) are facts; whether it exists needs the licensed CPT list
    /// ([`Cpt::with_file`](crate::cpt::Cpt::with_file)).
    Cpt(crate::cpt::CptClass),
    /// Known in none.
    Unknown,
}

/// Tells which code system a string belongs to, without guessing: a string that is a code
/// (or header) in several systems is reported as ambiguous (`J1100` is HCPCS J1100 and
/// ICD-10-CM J11.00); one no built-in system knows but shaped like a CPT code is
/// [`Detection::Cpt`].
///
/// ```
/// use medcodes::{detect, CodeSystem, Detection};
/// assert_eq!(detect("E11.9"), Detection::One(CodeSystem::Icd10Cm));
/// # #[cfg(feature = "icd10pcs")]
/// assert_eq!(detect("0DTJ4ZZ"), Detection::One(CodeSystem::Icd10Pcs));
/// ```
///
/// Only the systems compiled into this build are looked at.
pub fn detect(input: &str) -> Detection {
    let mut found: Vec<CodeSystem> = CodeSystem::ALL
        .iter()
        .copied()
        .filter(|s| s.knows(input))
        .collect();
    match found.len() {
        0 => match crate::cpt::Cpt::classify(input) {
            Ok(class) => Detection::Cpt(class),
            Err(_) => Detection::Unknown,
        },
        1 => Detection::One(found.remove(0)),
        _ => Detection::Ambiguous(found),
    }
}

/// [`detect`] for a date of service: of several systems that know the string, those whose
/// bundled data cover the date (ICD-9-CM to 2015-09-30, HCPCS from 2019-07-01, ...), when
/// that leaves any. `E0100` on 2025-07-01 is HCPCS E0100, on 2015-03-01 ICD-9-CM E010.0;
/// `J1100` stays ambiguous on any date both ICD-10-CM and HCPCS cover.
pub fn detect_on(input: &str, date: Date) -> Detection {
    match detect(input) {
        Detection::Ambiguous(systems) => {
            let mut on: Vec<CodeSystem> = systems
                .iter()
                .copied()
                .filter(|s| s.check_date(date).is_ok())
                .collect();
            match on.len() {
                0 => Detection::Ambiguous(systems),
                1 => Detection::One(on.remove(0)),
                _ => Detection::Ambiguous(on),
            }
        }
        other => other,
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
        for (code, category) in [
            ("99213", crate::cpt::CptCategory::CategoryI),
            ("0001U", crate::cpt::CptCategory::Pla),
        ] {
            assert!(
                matches!(detect(code), Detection::Cpt(c) if c.category == category),
                "{code}"
            );
        }
        #[cfg(feature = "hcpcs")]
        {
            assert_eq!(detect("A4206"), Detection::One(CodeSystem::Hcpcs));
            // Undotted, an HCPCS E code can be an ICD-9-CM E code too (E010.0).
            #[cfg(feature = "icd9")]
            assert_eq!(
                detect("E0100"),
                Detection::Ambiguous(vec![CodeSystem::Hcpcs, CodeSystem::Icd9Cm])
            );
            #[cfg(not(feature = "icd9"))]
            assert_eq!(detect("E0100"), Detection::One(CodeSystem::Hcpcs));
            // J11.00 is an ICD-10-CM code too: undotted, the two cannot be told apart.
            assert_eq!(
                detect("J1100"),
                Detection::Ambiguous(vec![CodeSystem::Icd10Cm, CodeSystem::Hcpcs])
            );
        }
        #[cfg(feature = "icd9")]
        {
            // ICD-9-CM diagnoses: digits (no other system starts a code so but CPT and
            // ICD-10-PCS), V and E codes; dotted, they are ICD-9-CM's alone.
            assert_eq!(detect("250.00"), Detection::One(CodeSystem::Icd9Cm));
            assert_eq!(detect("E849.0"), Detection::One(CodeSystem::Icd9Cm));
            // V70.0 is an ICD-10-CM subcategory too.
            assert_eq!(
                detect("V70.0"),
                Detection::Ambiguous(vec![CodeSystem::Icd10Cm, CodeSystem::Icd9Cm])
            );
            // Undotted, 0123 is diagnosis 012.3 and procedure 01.23.
            assert_eq!(detect("01.23"), Detection::One(CodeSystem::Icd9Proc));
            assert!(
                matches!(detect("0123"), Detection::Ambiguous(s) if s.contains(&CodeSystem::Icd9Cm) && s.contains(&CodeSystem::Icd9Proc))
            );
        }
        #[cfg(all(feature = "icd9", feature = "hcpcs"))]
        {
            let on = |d: &str| d.parse::<Date>().unwrap();
            assert_eq!(
                detect_on("E0100", on("2025-07-01")),
                Detection::One(CodeSystem::Hcpcs)
            );
            assert_eq!(
                detect_on("E0100", on("2015-03-01")),
                Detection::One(CodeSystem::Icd9Cm)
            );
            // Neither covers 2017: both stay.
            assert_eq!(detect_on("E0100", on("2017-01-01")), detect("E0100"));
            assert_eq!(detect_on("J1100", on("2025-07-01")), detect("J1100"));
        }
        assert_eq!(CodeSystem::from_id("icd-10-cm"), Some(CodeSystem::Icd10Cm));
        #[cfg(feature = "icd10pcs")]
        assert_eq!(
            CodeSystem::from_id("ICD-10-PCS"),
            Some(CodeSystem::Icd10Pcs)
        );
    }

    /// The calls on a value agree with the typed calls, in every system of the build.
    #[test]
    fn calls_on_a_value_agree_with_the_typed_calls() {
        let date = Date::new(2025, 3, 1).unwrap();
        let inputs = [
            "E11.9", "e119", "E11", "0DTJ4ZZ", "0dtj4", "B20", "", "E11.9X",
        ];
        for &system in CodeSystem::ALL {
            with_system!(system, S => {
                let set = CodeSet::<S>::new();
                assert_eq!(system.coverage(), set.coverage());
                let mut kinds = Vec::new();
                system.reasons(&inputs, date, &mut kinds);
                for (input, kind) in inputs.iter().zip(kinds) {
                    assert_eq!(kind, set.reason(input, date), "{system} {input}");
                    assert_eq!(system.reason(input, date), kind);
                    assert_eq!(system.knows(input), set.lookup(input).is_ok());
                    let code = set.lookup(input).ok();
                    assert_eq!(
                        system.title(input, Some(date), false),
                        code.and_then(|c| c.title_on(date))
                    );
                    if let Some(code) = code {
                        assert_eq!(system.canonical(input).unwrap(), code.code());
                        assert_eq!(system.compact(input).unwrap(), code.undotted());
                    }
                }
            });
        }
    }
}
