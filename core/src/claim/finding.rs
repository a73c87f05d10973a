//! What a claim check reports: one [`Finding`] per edit raised, naming the CMS Medicare
//! Code Editor edit ([`MceEdit`]), the code and where it sits on the claim ([`Position`]),
//! how much it matters ([`Severity`]) and what to do about it.

use std::fmt;

macro_rules! mce_edits {
    ($($(#[doc = $doc:literal])* $variant:ident = ($number:expr, $snake:literal, $name:literal, $severity:ident),)*) => {
        /// A Medicare Code Editor edit, with the number CMS gives it in the *Definitions of
        /// Medicare Code Edits* (see [`number`](Self::number)).
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
        #[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
        #[non_exhaustive]
        pub enum MceEdit {
            $($(#[doc = $doc])* $variant,)*
        }

        impl MceEdit {
            /// Every edit, in order of CMS edit number (unnumbered ones last).
            pub const ALL: &'static [MceEdit] = &[$(MceEdit::$variant,)*];

            /// The CMS MCE edit number (1 = invalid code, 4 = age conflict, ...). `None` for
            /// the checks CMS does not number: [`QuestionableObstetricAdmission`]
            /// (the number could not be confirmed: 20 is the unspecified-code edit, per the
            /// FY 2022 IPPS final rule), [`InvalidPoa`] (not an MCE edit; the MCE 2.0 Java
            /// editor carries it as an informational edit) and
            /// [`DischargeDateOutOfRange`]. [`RequiresSecondaryDiagnosis`] is the
            /// "requires a secondary diagnosis" variant of edit 9.
            ///
            /// [`QuestionableObstetricAdmission`]: MceEdit::QuestionableObstetricAdmission
            /// [`InvalidPoa`]: MceEdit::InvalidPoa
            /// [`DischargeDateOutOfRange`]: MceEdit::DischargeDateOutOfRange
            /// [`RequiresSecondaryDiagnosis`]: MceEdit::RequiresSecondaryDiagnosis
            pub const fn number(self) -> Option<u8> {
                match self {
                    $(MceEdit::$variant => $number,)*
                }
            }

            /// Stable snake_case name, e.g. `"age_conflict"` (the serde form).
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(MceEdit::$variant => $snake,)*
                }
            }

            /// The edit's title as CMS writes it, e.g. `"Age conflict"`.
            pub const fn name(self) -> &'static str {
                match self {
                    $(MceEdit::$variant => $name,)*
                }
            }

            /// The severity findings of this edit carry (an invalid admitting diagnosis is
            /// reported with [`Severity::Warning`]: it does not hold the claim).
            pub const fn severity(self) -> Severity {
                match self {
                    $(MceEdit::$variant => Severity::$severity,)*
                }
            }
        }
    };
}

mce_edits! {
    /// 1. A diagnosis or procedure code that is not a valid (billable) ICD-10 code on the
    /// discharge date.
    InvalidCode = (Some(1), "invalid_code", "Invalid diagnosis or procedure code", Error),
    /// 2. An external-cause code (V00-Y99) as principal diagnosis.
    ExternalCauseAsPrincipal = (Some(2), "external_cause_as_principal", "External causes of morbidity codes as principal diagnosis", Error),
    /// 3. A secondary diagnosis that repeats the principal diagnosis.
    DuplicateOfPrincipal = (Some(3), "duplicate_of_principal", "Duplicate of PDX", Error),
    /// 4. A newborn, pediatric, maternity or adult diagnosis outside its age range.
    AgeConflict = (Some(4), "age_conflict", "Age conflict", Error),
    /// 5. A diagnosis or procedure for the other sex (until 2024-09-30, when CMS dropped
    /// the sex lists).
    SexConflict = (Some(5), "sex_conflict", "Sex conflict", Error),
    /// 6. A manifestation code as principal diagnosis.
    ManifestationAsPrincipal = (Some(6), "manifestation_as_principal", "Manifestation code as principal diagnosis", Error),
    /// 7. Discontinued (October 2007): never raised.
    NonSpecificPrincipal = (Some(7), "non_specific_principal", "Non-specific principal diagnosis", Warning),
    /// 8. A principal diagnosis that seldom justifies an inpatient admission.
    QuestionableAdmission = (Some(8), "questionable_admission", "Questionable admission", Error),
    /// 9. A code that is not acceptable as principal diagnosis.
    UnacceptablePrincipal = (Some(9), "unacceptable_principal", "Unacceptable principal diagnosis", Error),
    /// 9 (variant). A principal diagnosis acceptable only with a secondary diagnosis, on a
    /// claim without one.
    RequiresSecondaryDiagnosis = (Some(9), "requires_secondary_diagnosis", "Unacceptable principal diagnosis: requires a secondary diagnosis", Error),
    /// 10. Discontinued (October 2007): never raised.
    NonSpecificOrProcedure = (Some(10), "non_specific_or_procedure", "Non-specific O.R. procedure", Warning),
    /// 11. A procedure Medicare does not cover (alone, for the patient's age, or with the
    /// diagnoses or procedures it is paired with).
    NonCoveredProcedure = (Some(11), "non_covered_procedure", "Non-covered procedure", Error),
    /// 12. Discontinued (October 2010): never raised.
    OpenBiopsy = (Some(12), "open_biopsy", "Open biopsy check", Warning),
    /// 13. ICD-9 only: never raised on ICD-10 claims.
    BilateralProcedure = (Some(13), "bilateral_procedure", "Bilateral procedure", Warning),
    /// 14. An age outside 0-124 years.
    InvalidAge = (Some(14), "invalid_age", "Invalid age", Error),
    /// 15. A sex value that is not male or female (unknown is accepted from 2024-10-01).
    InvalidSex = (Some(15), "invalid_sex", "Invalid sex", Error),
    /// 16. A patient discharge status that is not a valid code on the discharge date.
    InvalidDischargeStatus = (Some(16), "invalid_discharge_status", "Invalid discharge status", Error),
    /// 17. A procedure Medicare covers only in limited circumstances.
    LimitedCoverage = (Some(17), "limited_coverage", "Limited coverage", Error),
    /// 18. A diagnosis saying a wrong procedure was performed.
    WrongProcedurePerformed = (Some(18), "wrong_procedure_performed", "Wrong procedure performed", Error),
    /// 19. A procedure inconsistent with a length of stay under its minimum (5A1955Z: 5 days).
    InconsistentWithLengthOfStay = (Some(19), "inconsistent_with_length_of_stay", "Procedure inconsistent with length of stay", Error),
    /// 20. An unspecified diagnosis (laterality) where specific codes exist, from 2022-04-01.
    UnspecifiedCode = (Some(20), "unspecified_code", "Unspecified code", Error),
    /// A delivery procedure (cesarean or vaginal) without an outcome-of-delivery code (Z37)
    /// among the secondary diagnoses. CMS edit number not confirmed (see [`MceEdit::number`]).
    QuestionableObstetricAdmission = (None, "questionable_obstetric_admission", "Questionable obstetric admission", Error),
    /// A present-on-admission indicator other than Y, N, U, W, 1 or blank.
    InvalidPoa = (None, "invalid_poa", "Invalid POA indicator", Warning),
    /// A discharge date outside the dates the bundled MCE tables cover: no code can be
    /// edited (the CMS MCE rejects such a claim as a whole).
    DischargeDateOutOfRange = (None, "discharge_date_out_of_range", "Discharge date outside the MCE tables", Error),
}

impl fmt::Display for MceEdit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.number() {
            Some(n) => write!(f, "{n} {}", self.name()),
            None => f.write_str(self.name()),
        }
    }
}

pub use crate::severity::Severity;

/// Where on the claim a finding is. Indexes are 0-based; messages count from 1.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(tag = "kind", rename_all = "snake_case"))]
pub enum Position {
    /// The claim as a whole (date, age, sex, discharge status).
    Claim,
    Principal,
    Admitting,
    Secondary {
        index: u16,
    },
    Procedure {
        index: u16,
    },
}

impl Position {
    /// `"claim"`, `"principal"`, `"admitting"`, `"secondary"` or `"procedure"`.
    pub const fn kind(self) -> &'static str {
        match self {
            Position::Claim => "claim",
            Position::Principal => "principal",
            Position::Admitting => "admitting",
            Position::Secondary { .. } => "secondary",
            Position::Procedure { .. } => "procedure",
        }
    }

    /// The 0-based index among the secondary diagnoses or the procedures.
    pub const fn index(self) -> Option<u16> {
        match self {
            Position::Secondary { index } | Position::Procedure { index } => Some(index),
            _ => None,
        }
    }
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Position::Claim => f.write_str("claim"),
            Position::Principal => f.write_str("principal diagnosis"),
            Position::Admitting => f.write_str("admitting diagnosis"),
            Position::Secondary { index } => write!(f, "secondary diagnosis {}", index + 1),
            Position::Procedure { index } => write!(f, "procedure {}", index + 1),
        }
    }
}

/// One edit raised on a claim.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Deserialize))]
pub struct Finding {
    pub edit: MceEdit,
    /// The code the edit is about, canonical (dotted ICD-10-CM) when it could be read,
    /// otherwise as given (trimmed); `None` for claim-level edits and missing codes.
    pub code: Option<String>,
    pub position: Position,
    pub severity: Severity,
    /// What is wrong and what to check, for a coder.
    pub message: String,
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} [{}] {}: {}",
            self.severity, self.edit, self.position, self.message
        )
    }
}

/// Serialises with the edit's number and CMS name alongside its snake_case id, so a row
/// of output is self-describing.
#[cfg(feature = "serde")]
impl serde::Serialize for Finding {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Finding", 7)?;
        st.serialize_field("edit", &self.edit)?;
        st.serialize_field("number", &self.edit.number())?;
        st.serialize_field("name", self.edit.name())?;
        st.serialize_field("code", &self.code)?;
        st.serialize_field("position", &self.position)?;
        st.serialize_field("severity", &self.severity)?;
        st.serialize_field("message", &self.message)?;
        st.end()
    }
}
