//! Medicare Code Editor (MCE) edit flags carried by each validity span of a code.
//!
//! The claim-edit rules that read these flags live in their own module; this one only
//! names them.

use std::fmt;

macro_rules! mce_flags {
    ($($variant:ident = $name:literal: $doc:literal,)*) => {
        /// One MCE attribute of a code in a date span (see the CMS MCE definitions).
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[cfg_attr(feature = "serde", derive(serde::Serialize))]
        #[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
        #[repr(u8)]
        #[non_exhaustive]
        pub enum MceFlag {
            $(#[doc = $doc] $variant,)*
        }

        impl MceFlag {
            /// Every flag, in bit order.
            pub const ALL: &'static [MceFlag] = &[$(MceFlag::$variant,)*];

            /// The flag's name in the CMS MCE tables, e.g. `"manifestation"`.
            pub const fn name(self) -> &'static str {
                match self {
                    $(MceFlag::$variant => $name,)*
                }
            }
        }
    };
}

mce_flags! {
    Adult = "adult": "Diagnosis for adults (ages 15-124): age conflict otherwise.",
    ClinicalTrial = "clintrial": "Z00.6, examination in a clinical research programme.",
    CesareanSection = "csect": "Procedure: cesarean section (questionable obstetric admission without a delivery outcome).",
    DeliveryOutcome = "delout": "Diagnosis: outcome of delivery (Z37), clears the questionable obstetric admission edit.",
    DiabetesType1 = "diabtypeI": "Diagnosis: type 1 diabetes, makes a pancreas transplant covered.",
    ExternalCauseAsPrincipal = "ecodepdx": "External-cause code: not acceptable as principal diagnosis.",
    Female = "female": "Diagnosis or procedure for females only.",
    KidneyTransplant = "kidneyxp": "Procedure: kidney transplant.",
    LimitedCoverage = "lcov": "Procedure with limited Medicare coverage.",
    ArtificialHeartA = "lcov_artheartxpa": "Procedure: first half of the artificial-heart pair.",
    ArtificialHeartB = "lcov_artheartxpb": "Procedure: second half of the artificial-heart pair.",
    LengthOfStay = "los": "Procedure inconsistent with a length of stay under 5 days (5A1955Z).",
    Male = "male": "Diagnosis or procedure for males only.",
    Manifestation = "manifestation": "Manifestation code: not acceptable as principal diagnosis.",
    Maternity = "maternity": "Maternity diagnosis (ages 12-55, from FY2020 9-64): age conflict otherwise.",
    NonCoveredAgeOver60 = "ncov12agele60": "Procedure non-covered when the patient is over 60.",
    PancreasTransplant = "ncov45": "Procedure: pancreas transplant, covered only with a kidney transplant or type 1 diabetes.",
    NonCoveredPair6 = "ncov6": "Half of non-covered pair 6 (diagnosis with procedure).",
    NonCoveredPair7 = "ncov7": "Half of non-covered pair 7 (diagnosis with procedure).",
    NonCoveredPairZ302 = "ncov_z302": "Half of the Z30.2 sterilization pair.",
    Newborn = "newborn": "Newborn diagnosis (age 0): age conflict otherwise.",
    NonCovered = "noncovered": "Procedure not covered by Medicare.",
    Pediatric = "pediatric": "Pediatric diagnosis (ages 0-17): age conflict otherwise.",
    QuestionableAdmission = "qadm": "Questionable admission when principal diagnosis.",
    RequiresSecondary = "reqsdx": "Unacceptable as principal diagnosis unless a secondary diagnosis is present.",
    UnacceptablePrincipal = "unacceptable": "Unacceptable as principal diagnosis.",
    Unspecified = "unspecified": "Unspecified code (edit from 2022-04-01).",
    VaginalDelivery = "vagdel": "Procedure: vaginal delivery (questionable obstetric admission without a delivery outcome).",
    WrongProcedure = "wrngproc": "Diagnosis: wrong procedure performed.",
}

/// A set of [`MceFlag`]s.
#[derive(Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct MceFlags(u64);

impl MceFlags {
    pub(crate) const fn from_bits(bits: u64) -> MceFlags {
        MceFlags(bits)
    }

    pub const fn bits(self) -> u64 {
        self.0
    }

    pub const fn is_empty(self) -> bool {
        self.0 == 0
    }

    pub const fn contains(self, flag: MceFlag) -> bool {
        self.0 & (1 << flag as u8) != 0
    }

    pub fn iter(self) -> impl Iterator<Item = MceFlag> {
        MceFlag::ALL
            .iter()
            .copied()
            .filter(move |f| self.contains(*f))
    }
}

impl fmt::Debug for MceFlags {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set()
            .entries(self.iter().map(MceFlag::name))
            .finish()
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for MceFlags {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flag_order_matches_the_generated_tables() {
        let names: Vec<&str> = MceFlag::ALL.iter().map(|f| f.name()).collect();
        assert_eq!(names, crate::generated::MCE_FLAG_NAMES);
    }
}
