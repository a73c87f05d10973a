//! A patient's CMS-HCC V28 risk score for a segment the caller gives: the age/sex cell,
//! the demographic interactions, the condition categories after CMS's age/sex edits and
//! hierarchies, the disease interactions and the payment HCC count, each with its
//! coefficient in the segment, summed (the raw score, before CMS's normalisation factor
//! and MA coding adjustment, which are announced each year rather than in the tables).
//!
//! The rules are CMS's V28 software's (`V28I0ED1` age/sex edits, `V28I0M1` interactions,
//! the heart failure condition of HCC223), as `risk-adjustment-model` 0.7.1 writes them;
//! a test scores 10,000 synthetic patients with both and compares.

use super::{HccError, HccModel, HccModelYear, Present, Variable, VariableKind};

/// Sex as the models use it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub enum Sex {
    Female,
    Male,
}

impl Sex {
    fn letter(self) -> char {
        match self {
            Sex::Female => 'F',
            Sex::Male => 'M',
        }
    }
}

/// What the score needs to know of a beneficiary.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Beneficiary {
    pub sex: Sex,
    /// Age on February 1 of the payment year.
    pub age: u8,
    /// Original reason for entitlement (OREC): 0 old age, 1 disability, 2 ESRD, 3 both.
    pub orec: u8,
    /// Medicaid (dual) status.
    pub medicaid: bool,
}

impl Beneficiary {
    /// Under 65 and entitled for another reason than age.
    pub fn disabled(&self) -> bool {
        self.age < 65 && self.orec != 0
    }

    /// Entitled by disability at first, now aged.
    pub fn originally_disabled(&self) -> bool {
        self.orec == 1 && !self.disabled()
    }
}

/// A risk score and what it is made of.
#[derive(Clone, Debug, PartialEq)]
pub struct RiskScore {
    pub segment: &'static str,
    /// The sum of the coefficients of `variables`.
    pub score: f64,
    /// The part of the score from condition categories, their interactions and count.
    pub disease_score: f64,
    /// The part from the age/sex cell and the demographic interactions.
    pub demographic_score: f64,
    /// Every variable that counts, with its coefficient in the segment: the age/sex cell,
    /// demographic interactions, categories (hierarchies applied), disease interactions,
    /// the payment HCC count.
    pub variables: Vec<(Variable, f64)>,
}

const V28_AGE_BANDS: [(u8, &str); 12] = [
    (0, "0_34"),
    (35, "35_44"),
    (45, "45_54"),
    (55, "55_59"),
    (60, "60_64"),
    (65, "65_69"),
    (70, "70_74"),
    (75, "75_79"),
    (80, "80_84"),
    (85, "85_89"),
    (90, "90_94"),
    (95, "95_GT"),
];

const V28_NEW_ENROLLEE_AGE_BANDS: [(u8, &str); 16] = [
    (0, "0_34"),
    (35, "35_44"),
    (45, "45_54"),
    (55, "55_59"),
    (60, "60_64"),
    (65, "65"),
    (66, "66"),
    (67, "67"),
    (68, "68"),
    (69, "69"),
    (70, "70_74"),
    (75, "75_79"),
    (80, "80_84"),
    (85, "85_89"),
    (90, "90_94"),
    (95, "95_GT"),
];

fn band(bands: &[(u8, &'static str)], age: u8) -> &'static str {
    bands
        .iter()
        .rev()
        .find(|(lower, _)| age >= *lower)
        .map_or("0_34", |(_, b)| b)
}

/// V28's age/sex edits (`V28I0ED1`): the categories a code gets instead of its mapping
/// for this beneficiary (`Some(&[])`: none), or `None` when no edit applies.
fn v28_edit(b: &Beneficiary, code: &str) -> Option<&'static [&'static str]> {
    const COPD_UNDER_18: [&str; 14] = [
        "J410", "J411", "J418", "J42", "J430", "J431", "J432", "J438", "J439", "J440", "J441",
        "J449", "J982", "J983",
    ];
    const NEWBORN: [&str; 32] = [
        "P040", "P041", "P0411", "P0412", "P0413", "P0414", "P0415", "P0416", "P0417", "P0418",
        "P0419", "P041A", "P042", "P043", "P0440", "P0441", "P0442", "P0449", "P045", "P046",
        "P048", "P0481", "P0489", "P049", "P270", "P271", "P278", "P279", "P930", "P938", "P961",
        "P962",
    ];
    if b.sex == Sex::Female && matches!(code, "D66" | "D67") {
        return Some(&["HCC112"]);
    }
    if b.age < 18 && COPD_UNDER_18.contains(&code) {
        return Some(&[]);
    }
    // Breast cancer under 50: C50 with a laterality-and-site code (6 characters, the
    // fifth 1-6, 8 or 9, the sixth 1 or 2, the last 1, 2 or 9), as the edit lists them.
    if b.age < 50 && is_v28_breast_cancer_edit_code(code) {
        return Some(&["HCC22"]);
    }
    if b.age >= 2 && NEWBORN.contains(&code) {
        return Some(&[]);
    }
    None
}

fn is_v28_breast_cancer_edit_code(code: &str) -> bool {
    let c = code.as_bytes();
    c.len() == 6
        && code.starts_with("C50")
        && matches!(c[3], b'0'..=b'6' | b'8' | b'9')
        && matches!(c[4], b'1' | b'2')
        && matches!(c[5], b'1' | b'2' | b'9')
}

/// V28's disease interactions (`V28I0M1`): name and the category groups that must all be
/// present (`DISABLED` for the beneficiary's disability).
const V28_INTERACTIONS: [(&str, &[&[u16]]); 11] = {
    const CANCER: &[u16] = &[17, 18, 19, 20, 21, 22, 23];
    const DIABETES: &[u16] = &[35, 36, 37, 38];
    const CARD_RESP_FAIL: &[u16] = &[211, 212, 213];
    const HF: &[u16] = &[221, 222, 223, 224, 225, 226];
    const CHR_LUNG: &[u16] = &[276, 277, 278, 279, 280];
    const KIDNEY: &[u16] = &[326, 327, 328, 329];
    const SUD: &[u16] = &[135, 136, 137, 138, 139];
    const PSYCH: &[u16] = &[151, 152, 153, 154, 155];
    const NEURO: &[u16] = &[180, 181, 182, 190, 191, 192, 195, 196, 198, 199];
    const ULCER: &[u16] = &[379, 380, 381, 382];
    const HCC238: &[u16] = &[238];
    const DISABLED: &[u16] = &[];
    [
        ("DIABETES_HF_V28", &[DIABETES, HF]),
        ("HF_CHR_LUNG_V28", &[HF, CHR_LUNG]),
        ("HF_KIDNEY_V28", &[HF, KIDNEY]),
        ("CHR_LUNG_CARD_RESP_FAIL_V28", &[CHR_LUNG, CARD_RESP_FAIL]),
        ("HF_HCC238_V28", &[HF, HCC238]),
        ("gSubUseDisorder_gPsych_V28", &[SUD, PSYCH]),
        ("DISABLED_CANCER_V28", &[DISABLED, CANCER]),
        ("DISABLED_NEURO_V28", &[DISABLED, NEURO]),
        ("DISABLED_HF_V28", &[DISABLED, HF]),
        ("DISABLED_CHR_LUNG_V28", &[DISABLED, CHR_LUNG]),
        ("DISABLED_ULCER_V28", &[DISABLED, ULCER]),
    ]
};

impl HccModelYear {
    /// The new-enrollee segment of a beneficiary (`"NE_MCAID_ORIGDIS"`, ...), for a model
    /// with new-enrollee segments.
    pub fn new_enrollee_segment(self, b: &Beneficiary) -> Result<&'static str, HccError> {
        let orig = b.age >= 65 && b.orec == 1;
        let name = match (b.medicaid, orig) {
            (false, false) => "NE_NMCAID_NORIGDIS",
            (true, false) => "NE_MCAID_NORIGDIS",
            (false, true) => "NE_NMCAID_ORIGDIS",
            (true, true) => "NE_MCAID_ORIGDIS",
        };
        let s = self.segment_index(name)?;
        Ok(self.segments()[s])
    }

    /// A beneficiary's raw risk score in a segment (`"CNA"`, `"INS"`, `"NE_MCAID_ORIGDIS"`,
    /// ... : [`segments`](Self::segments)), from their diagnoses of the service year.
    /// CMS-HCC V28 only for now (other models: [`HccError::ScoreNotSupported`]).
    pub fn score<S: AsRef<str>>(
        self,
        codes: &[S],
        beneficiary: &Beneficiary,
        segment: &str,
    ) -> Result<RiskScore, HccError> {
        if self.model() != HccModel::V28 {
            return Err(HccError::ScoreNotSupported {
                model: self.model().id(),
            });
        }
        let s = self.segment_index(segment)?;
        let segment = self.segments()[s];
        let b = beneficiary;
        let mut out = RiskScore {
            segment,
            score: 0.0,
            disease_score: 0.0,
            demographic_score: 0.0,
            variables: Vec::new(),
        };
        let mut add = |v: Variable| {
            let c = self.weight(v.index, s);
            out.variables.push((v, c));
        };
        // Demographics.
        let new_enrollee = segment.starts_with("NE");
        let cell = if new_enrollee {
            let band = if b.age == 64 && b.orec == 0 {
                "65"
            } else {
                band(&V28_NEW_ENROLLEE_AGE_BANDS, b.age)
            };
            format!("NE{}{band}", b.sex.letter())
        } else {
            format!("{}{}", b.sex.letter(), band(&V28_AGE_BANDS, b.age))
        };
        add(self.variable(&cell)?);
        if b.originally_disabled() {
            add(self.variable(match b.sex {
                Sex::Female => "OriginallyDisabled_Female",
                Sex::Male => "OriginallyDisabled_Male",
            })?);
        }
        if b.medicaid {
            add(self.variable("LTIMCAID")?);
        }
        // Condition categories: edits, map, hierarchies.
        let mut present = Present::default();
        for code in codes {
            let code = code.as_ref();
            let key = super::read_key(code.as_bytes()).map_err(|why| HccError::NotACode {
                input: crate::error::shorten(code),
                why,
            })?;
            let undotted = key.unpack();
            match v28_edit(b, undotted.as_str()) {
                Some(edited) => {
                    for name in edited {
                        present.set(self.variable(name)?.index);
                    }
                }
                None => {
                    for v in self.categories(code)? {
                        present.set(v.index);
                    }
                }
            }
        }
        self.apply_hierarchies(&mut present);
        let categories: Vec<Variable> = present
            .iter()
            .map(|index| Variable { year: self, index })
            .collect();
        let has = |group: &[u16]| {
            if group.is_empty() {
                return b.disabled();
            }
            categories
                .iter()
                .any(|v| v.number().is_some_and(|n| group.contains(&n)))
        };
        for v in &categories {
            add(*v);
        }
        for (name, groups) in V28_INTERACTIONS {
            if groups.iter().all(|g| has(g)) {
                add(self.variable(name)?);
            }
        }
        let count = categories.len();
        if count > 0 {
            let name = if count > 9 {
                "D10P".to_owned()
            } else {
                format!("D{count}")
            };
            add(self.variable(&name)?);
        }
        for (v, c) in &out.variables {
            out.score += c;
            match v.kind() {
                VariableKind::Demographic | VariableKind::DemographicInteraction => {
                    out.demographic_score += c
                }
                _ => out.disease_score += c,
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(s: &RiskScore) -> Vec<&'static str> {
        s.variables.iter().map(|(v, _)| v.name()).collect()
    }

    #[test]
    fn v28_scores_add_up_the_cell_categories_interactions_and_count() {
        let v28 = HccModelYear::new(HccModel::V28, 2026).unwrap();
        let woman = Beneficiary {
            sex: Sex::Female,
            age: 70,
            orec: 0,
            medicaid: false,
        };
        // The package's own example gives 3.628: F70_74 0.395, HCC112 0.45, HCC223 2.505,
        // HCC37 0.166, DIABETES_HF_V28 0.112, D3 0.
        let s = v28
            .score(&["E119", "I509", "E1122", "Z95811", "D66"], &woman, "CNA")
            .unwrap();
        assert_eq!(
            names(&s),
            [
                "F70_74",
                "HCC37",
                "HCC112",
                "HCC223",
                "DIABETES_HF_V28",
                "D3"
            ]
        );
        assert!((s.score - 3.628).abs() < 1e-9, "{}", s.score);
        assert!((s.demographic_score - 0.395).abs() < 1e-9);
        // HCC223 (a heart assist device) counts only with heart failure.
        let s = v28.score(&["Z95811"], &woman, "CNA").unwrap();
        assert_eq!(names(&s), ["F70_74"]);
        let man = Beneficiary {
            sex: Sex::Male,
            age: 70,
            orec: 1,
            medicaid: true,
        };
        let ne = v28.new_enrollee_segment(&man).unwrap();
        assert_eq!(ne, "NE_MCAID_ORIGDIS");
        let s = v28.score(&["E119"], &man, ne).unwrap();
        assert_eq!(
            names(&s),
            [
                "NEM70_74",
                "OriginallyDisabled_Male",
                "LTIMCAID",
                "HCC38",
                "D1"
            ]
        );
        assert!((s.score - 1.959).abs() < 1e-9, "{}", s.score);
        assert!(matches!(
            v28.score(&["E119"], &man, "XX"),
            Err(HccError::UnknownSegment { .. })
        ));
        assert!(matches!(
            v28.score(&["not a code"], &man, "CNA"),
            Err(HccError::NotACode { .. })
        ));
        let v24 = HccModelYear::new(HccModel::V24, 2025).unwrap();
        assert!(matches!(
            v24.score(&["E119"], &man, "CNA"),
            Err(HccError::ScoreNotSupported { .. })
        ));
    }

    #[test]
    fn the_breast_cancer_edit_matches_its_list() {
        let listed = [
            "C50011", "C50012", "C50019", "C50021", "C50022", "C50029", "C50111", "C50112",
            "C50119", "C50121", "C50122", "C50129", "C50211", "C50212", "C50219", "C50221",
            "C50222", "C50229", "C50311", "C50312", "C50319", "C50321", "C50322", "C50329",
            "C50411", "C50412", "C50419", "C50421", "C50422", "C50429", "C50511", "C50512",
            "C50519", "C50521", "C50522", "C50529", "C50611", "C50612", "C50619", "C50621",
            "C50622", "C50629", "C50811", "C50812", "C50819", "C50821", "C50822", "C50829",
            "C50911", "C50912", "C50919", "C50921", "C50922", "C50929",
        ];
        let mut n = 0;
        for a in b"0123456789A" {
            for b in b"0123456789" {
                for c in b"0123456789" {
                    let code = format!("C50{}{}{}", *a as char, *b as char, *c as char);
                    let expected = listed.contains(&code.as_str());
                    assert_eq!(is_v28_breast_cancer_edit_code(&code), expected, "{code}");
                    n += usize::from(expected);
                }
            }
        }
        assert_eq!(n, listed.len());
    }
}
