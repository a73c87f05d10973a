//! CMS-HCC risk adjustment: ICD-10-CM diagnoses to hierarchical condition categories
//! (HCCs) for a Medicare model and payment year, the hierarchies applied per patient,
//! category labels, and the model's coefficients.
//!
//! The tables are CMS's, as `risk-adjustment-model` 0.7.1 carries them (pinned in
//! `codegen/inputs.json`): V22 (2026-2027), V24 (2020-2025), V28 (2024, 2026, 2027),
//! ESRD V21 and V24 (2026-2027), RxHCC V08 (2026-2027). A model for a payment year is an
//! [`HccModelYear`]; diagnoses from dates of service in year N count for payment year
//! N + 1 ([`HccModelYear::for_service_date`]).
//!
//! ```
//! use medcodes::hcc::{HccModel, HccModelYear};
//! let v28 = HccModelYear::new(HccModel::V28, 2026)?;
//! let hccs: Vec<String> = v28.categories("E11.9")?.map(|c| c.name().to_owned()).collect();
//! assert_eq!(hccs, ["HCC38"]);
//! // One patient's diagnoses, hierarchies applied: diabetes with complications (HCC37)
//! // removes diabetes without (HCC38).
//! let patient = v28.patient_categories(&["E11.9", "E11.22", "I50.9"])?;
//! let names: Vec<&str> = patient.iter().map(|c| c.name()).collect();
//! assert_eq!(names, ["HCC37", "HCC226"]);
//! # Ok::<(), medcodes::hcc::HccError>(())
//! ```

mod column;
mod lists;
mod score;

pub use column::{map_column_per_row, HccColumn, HccColumnError, PatientCategories};
pub use lists::CategoryLists;
pub use score::{Beneficiary, RiskScore, Sex};

use std::fmt;

use crate::date::Date;
use crate::generated::hcc as data;
use crate::key::CodeKey;

/// A variable of a model-year as the generator writes it.
#[derive(Debug)]
pub(crate) struct VariableData {
    pub name: &'static str,
    pub label: &'static str,
    pub kind: u8,
}

/// One model for one payment year as the generator writes it.
#[derive(Debug)]
pub(crate) struct ModelYearData {
    pub model: u8,
    pub year: u16,
    pub variables: &'static [VariableData],
    pub segments: &'static [&'static str],
    pub hierarchies: &'static [(u16, &'static [u16])],
    pub weights_start: u32,
    /// Number of (code, category) rows of the diagnosis map.
    pub mapped: u32,
}

/// A CMS risk adjustment model.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum HccModel {
    /// CMS-HCC version 22 (the PACE model).
    V22,
    /// CMS-HCC version 24.
    V24,
    /// CMS-HCC version 28.
    V28,
    /// CMS-HCC ESRD model version 21.
    EsrdV21,
    /// CMS-HCC ESRD model version 24.
    EsrdV24,
    /// RxHCC version 08, the package's `t` variant.
    RxV08T,
    /// RxHCC version 08, the package's `t2` variant.
    RxV08T2,
    /// RxHCC version 08, the package's `x` variant.
    RxV08X,
    /// RxHCC version 08, the package's `y1` variant.
    RxV08Y1,
    /// RxHCC version 08, the package's `y2` variant.
    RxV08Y2,
}

/// The payment year the surfaces (Python, JavaScript, the CLI) use when none is given.
pub const DEFAULT_PAYMENT_YEAR: u16 = 2026;

/// The segment a risk score is computed for when none is named: community, non-dual, aged.
pub const DEFAULT_SEGMENT: &str = "CNA";

impl HccModel {
    /// The model the surfaces use when none is named: CMS-HCC V28, the one CMS pays with.
    pub const DEFAULT: HccModel = HccModel::V28;

    /// Every model, in the order of the tables.
    pub const ALL: [HccModel; 10] = [
        HccModel::V22,
        HccModel::V24,
        HccModel::V28,
        HccModel::EsrdV21,
        HccModel::EsrdV24,
        HccModel::RxV08T,
        HccModel::RxV08T2,
        HccModel::RxV08X,
        HccModel::RxV08Y1,
        HccModel::RxV08Y2,
    ];

    /// The id: `"v28"`, `"v24_esrd"`, `"v08_rxhcc_x"` (as `risk-adjustment-model` names its
    /// folders).
    pub fn id(self) -> &'static str {
        match self {
            HccModel::V22 => "v22",
            HccModel::V24 => "v24",
            HccModel::V28 => "v28",
            HccModel::EsrdV21 => "v21_esrd",
            HccModel::EsrdV24 => "v24_esrd",
            HccModel::RxV08T => "v08_rxhcc_t",
            HccModel::RxV08T2 => "v08_rxhcc_t2",
            HccModel::RxV08X => "v08_rxhcc_x",
            HccModel::RxV08Y1 => "v08_rxhcc_y1",
            HccModel::RxV08Y2 => "v08_rxhcc_y2",
        }
    }

    /// A readable name: `"CMS-HCC V28"`.
    pub fn name(self) -> &'static str {
        match self {
            HccModel::V22 => "CMS-HCC V22",
            HccModel::V24 => "CMS-HCC V24",
            HccModel::V28 => "CMS-HCC V28",
            HccModel::EsrdV21 => "CMS-HCC ESRD V21",
            HccModel::EsrdV24 => "CMS-HCC ESRD V24",
            HccModel::RxV08T => "RxHCC V08 (t)",
            HccModel::RxV08T2 => "RxHCC V08 (t2)",
            HccModel::RxV08X => "RxHCC V08 (x)",
            HccModel::RxV08Y1 => "RxHCC V08 (y1)",
            HccModel::RxV08Y2 => "RxHCC V08 (y2)",
        }
    }

    /// The model with this id (any case): `"v28"`, `"V24"`.
    pub fn from_id(id: &str) -> Result<HccModel, HccError> {
        HccModel::ALL
            .into_iter()
            .find(|m| m.id().eq_ignore_ascii_case(id.trim()))
            .ok_or_else(|| HccError::UnknownModel {
                input: crate::error::shorten(id),
            })
    }

    /// The payment years the bundled tables have for this model, oldest first.
    pub fn payment_years(self) -> Vec<u16> {
        data::MODEL_YEARS
            .iter()
            .filter(|m| m.model == self as u8)
            .map(|m| m.year)
            .collect()
    }
}

impl fmt::Display for HccModel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// What a model variable is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum VariableKind {
    /// A condition category (HCC): diagnoses map to it.
    Disease,
    /// An age/sex cell.
    Demographic,
    /// Two or more condition groups present together.
    DiseaseInteraction,
    /// The number of payment HCCs (`D1` … `D10P`).
    DiseaseCount,
    /// Sex, original disability or Medicaid status together.
    DemographicInteraction,
}

impl VariableKind {
    pub const ALL: [VariableKind; 5] = [
        VariableKind::Disease,
        VariableKind::Demographic,
        VariableKind::DiseaseInteraction,
        VariableKind::DiseaseCount,
        VariableKind::DemographicInteraction,
    ];

    /// The id as the package's files write it: `"disease_interaction"`.
    pub fn id(self) -> &'static str {
        match self {
            VariableKind::Disease => "disease",
            VariableKind::Demographic => "demographic",
            VariableKind::DiseaseInteraction => "disease_interaction",
            VariableKind::DiseaseCount => "disease_count",
            VariableKind::DemographicInteraction => "demographic_interaction",
        }
    }
}

/// Why an HCC call could not answer.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(tag = "kind", rename_all = "snake_case"))]
#[non_exhaustive]
pub enum HccError {
    #[error("{input:?} is not a risk adjustment model: expected one of v22, v24, v28, v21_esrd, v24_esrd, v08_rxhcc_t, v08_rxhcc_t2, v08_rxhcc_x, v08_rxhcc_y1, v08_rxhcc_y2")]
    UnknownModel { input: String },
    #[error("{model} has no tables for payment year {year}: the bundled years are {available:?}")]
    NoPaymentYear {
        model: &'static str,
        year: i64,
        available: Vec<u16>,
    },
    /// Not shaped like an ICD-10-CM code (letters and digits, an optional dot, 3 to 7
    /// characters).
    #[error("{input:?} is not an ICD-10-CM code: {why}")]
    NotACode { input: String, why: &'static str },
    #[error("{input:?} is not a segment of {model} {year}: expected one of {expected:?}")]
    UnknownSegment {
        input: String,
        model: &'static str,
        year: u16,
        expected: Vec<&'static str>,
    },
    #[error("risk scores are computed for CMS-HCC V28 only, not {model}")]
    ScoreNotSupported { model: &'static str },
    #[error("{input:?} is not a variable of {model} {year}")]
    UnknownVariable {
        input: String,
        model: &'static str,
        year: u16,
    },
}

/// One model for one payment year: its diagnosis map, hierarchies, variables and
/// coefficients.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HccModelYear {
    index: u8,
}

impl HccModelYear {
    /// The tables of `model` for `payment_year`.
    pub fn new(model: HccModel, payment_year: i64) -> Result<HccModelYear, HccError> {
        data::MODEL_YEARS
            .iter()
            .position(|m| m.model == model as u8 && i64::from(m.year) == payment_year)
            .map(|i| HccModelYear { index: i as u8 })
            .ok_or_else(|| HccError::NoPaymentYear {
                model: model.id(),
                year: payment_year,
                available: model.payment_years(),
            })
    }

    /// The tables that diagnoses from a date of service count under: payment year
    /// = the year of service + 1.
    pub fn for_service_date(model: HccModel, date: Date) -> Result<HccModelYear, HccError> {
        HccModelYear::new(model, i64::from(date.year()) + 1)
    }

    /// Every model-year bundled.
    pub fn all() -> impl Iterator<Item = HccModelYear> {
        (0..data::MODEL_YEARS.len()).map(|i| HccModelYear { index: i as u8 })
    }

    /// This model-year's bit in an entry's set of model-years.
    #[inline]
    fn bit(self) -> u32 {
        1 << self.index
    }

    fn data(self) -> &'static ModelYearData {
        &data::MODEL_YEARS[self.index as usize]
    }

    pub fn model(self) -> HccModel {
        HccModel::ALL[self.data().model as usize]
    }

    pub fn payment_year(self) -> u16 {
        self.data().year
    }

    /// Every variable of the model: condition categories (by number), then demographic
    /// cells, interactions and counts.
    pub fn variables(self) -> impl Iterator<Item = Variable> {
        (0..self.data().variables.len()).map(move |i| Variable {
            year: self,
            index: i as u16,
        })
    }

    /// The condition categories (HCCs) of the model.
    pub fn categories_of_model(self) -> impl Iterator<Item = Variable> {
        self.variables()
            .filter(|v| v.kind() == VariableKind::Disease)
    }

    /// The variable with this name (`"HCC85"`, `"F70_74"`, `"D10P"`; any case).
    pub fn variable(self, name: &str) -> Result<Variable, HccError> {
        let name = name.trim();
        self.data()
            .variables
            .iter()
            .position(|v| v.name.eq_ignore_ascii_case(name))
            .map(|i| Variable {
                year: self,
                index: i as u16,
            })
            .ok_or_else(|| HccError::UnknownVariable {
                input: crate::error::shorten(name),
                model: self.model().id(),
                year: self.payment_year(),
            })
    }

    /// The segments the coefficients are given for (`"CNA"`: community, non-dual, aged;
    /// `"INS"`: institutional; `"NE_…"`: new enrollees; the model's own names).
    pub fn segments(self) -> &'static [&'static str] {
        self.data().segments
    }

    fn segment_index(self, segment: &str) -> Result<usize, HccError> {
        let segment = segment.trim();
        self.segments()
            .iter()
            .position(|s| s.eq_ignore_ascii_case(segment))
            .ok_or_else(|| HccError::UnknownSegment {
                input: crate::error::shorten(segment),
                model: self.model().id(),
                year: self.payment_year(),
                expected: self.segments().to_vec(),
            })
    }

    /// Number of (code, category) rows in the model-year's diagnosis map.
    pub fn mapping_count(self) -> usize {
        self.data().mapped as usize
    }

    /// The categories an ICD-10-CM code maps to (any case, dot optional); none for a code
    /// the model does not count. Most codes map to one; a few to two (CMS's second
    /// category, e.g. diabetes with retinopathy to a diabetes and an eye HCC).
    pub fn categories(self, code: &str) -> Result<Categories, HccError> {
        let key = read_key(code.as_bytes()).map_err(|why| HccError::NotACode {
            input: crate::error::shorten(code),
            why,
        })?;
        Ok(Categories {
            year: self,
            run: find(key),
        })
    }

    /// The (code, category) pairs of the diagnosis map, by code.
    pub fn mappings(self) -> impl Iterator<Item = (String, Variable)> {
        let count = data::SLOTS.len() / SLOT_SIZE;
        let mut all: Vec<(CodeKey, Run)> = (0..count)
            .map(|s| {
                let o = s * SLOT_SIZE;
                (CodeKey(u64_at(data::SLOTS, o)), run_at(o))
            })
            .collect();
        all.sort_unstable_by_key(|(k, _)| *k);
        all.into_iter().flat_map(move |(key, run)| {
            let code = key.unpack().as_str().to_owned();
            Categories { year: self, run }.map(move |v| (code.clone(), v))
        })
    }

    /// One patient's categories: the diagnoses mapped, then the model's hierarchies
    /// applied (a more severe category removes the ones it outranks). In the model's
    /// order (by category number).
    pub fn patient_categories<S: AsRef<str>>(self, codes: &[S]) -> Result<Vec<Variable>, HccError> {
        let mut present = Present::default();
        for code in codes {
            for v in self.categories(code.as_ref())? {
                present.set(v.index);
            }
        }
        self.apply_hierarchies(&mut present);
        Ok(present
            .iter()
            .map(|i| Variable {
                year: self,
                index: i,
            })
            .collect())
    }

    pub(crate) fn apply_hierarchies(self, present: &mut Present) {
        let before = *present;
        // V28: HCC223 (heart failure with a heart assist device) counts only with another
        // heart failure category (CMS's V28 hierarchy step).
        if let Some((hcc223, others)) = self.v28_heart_failure() {
            if before.get(hcc223) && !others.iter().any(|&o| before.get(o)) {
                present.clear(hcc223);
            }
        }
        for (v, removed) in self.data().hierarchies {
            if before.get(*v) {
                for r in *removed {
                    present.clear(*r);
                }
            }
        }
    }

    /// V28's HCC223 and the other heart failure categories, by variable index.
    fn v28_heart_failure(self) -> Option<(u16, [u16; 5])> {
        use std::sync::OnceLock;
        type Heart = Option<(u16, [u16; 5])>;
        static HEART: OnceLock<Vec<Heart>> = OnceLock::new();
        let all = HEART.get_or_init(|| {
            HccModelYear::all()
                .map(|my| {
                    if my.model() != HccModel::V28 {
                        return None;
                    }
                    let index = |n: &str| my.variable(n).ok().map(|v| v.index);
                    let mut others = [0u16; 5];
                    for (o, n) in others
                        .iter_mut()
                        .zip(["HCC221", "HCC222", "HCC224", "HCC225", "HCC226"])
                    {
                        *o = index(n)?;
                    }
                    Some((index("HCC223")?, others))
                })
                .collect()
        });
        all.get(self.index as usize).copied().flatten()
    }

    fn weight(self, variable: u16, segment: usize) -> f64 {
        let d = self.data();
        let i = d.weights_start as usize + variable as usize * d.segments.len() + segment;
        let o = i * 4;
        match data::WEIGHTS.get(o..o + 4) {
            Some(b) => f64::from(i32::from_le_bytes([b[0], b[1], b[2], b[3]])) / 1000.0,
            None => 0.0,
        }
    }

    /// The coefficient of a variable in a segment (`"HCC85"`, `"CNA"`).
    pub fn coefficient(self, variable: &str, segment: &str) -> Result<f64, HccError> {
        let v = self.variable(variable)?;
        let s = self.segment_index(segment)?;
        Ok(self.weight(v.index, s))
    }
}

impl fmt::Display for HccModelYear {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} payment year {}", self.model(), self.payment_year())
    }
}

/// A variable of a model-year: a condition category, a demographic cell, an interaction.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Variable {
    year: HccModelYear,
    index: u16,
}

impl std::hash::Hash for HccModelYear {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.index.hash(state);
    }
}

impl Variable {
    fn data(self) -> &'static VariableData {
        &self.year.data().variables[self.index as usize]
    }

    /// `"HCC85"`, `"RXHCC45"`, `"F70_74"`, `"DIABETES_HF_V28"`.
    pub fn name(self) -> &'static str {
        self.data().name
    }

    /// CMS's label: `"Heart Failure, Except End-Stage and Acute"`.
    pub fn label(self) -> &'static str {
        self.data().label
    }

    pub fn kind(self) -> VariableKind {
        VariableKind::ALL[self.data().kind as usize]
    }

    /// A condition category's number (`HCC85` → 85); `None` for other variables.
    pub fn number(self) -> Option<u16> {
        if self.kind() != VariableKind::Disease {
            return None;
        }
        self.name()
            .trim_start_matches(|c: char| c.is_ascii_alphabetic())
            .parse()
            .ok()
    }

    /// The model-year it belongs to.
    pub fn model_year(self) -> HccModelYear {
        self.year
    }

    /// Its index among the model-year's variables.
    pub fn index(self) -> u16 {
        self.index
    }

    /// The categories this one removes when both are present (its hierarchy).
    pub fn removes(self) -> Vec<Variable> {
        self.year
            .data()
            .hierarchies
            .iter()
            .find(|(v, _)| *v == self.index)
            .map(|(_, removed)| {
                removed
                    .iter()
                    .map(|&index| Variable {
                        year: self.year,
                        index,
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Its coefficient in a segment.
    pub fn coefficient(self, segment: &str) -> Result<f64, HccError> {
        let s = self.year.segment_index(segment)?;
        Ok(self.year.weight(self.index, s))
    }
}

impl fmt::Display for Variable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.name(), self.label())
    }
}

/// The categories a code maps to in a model-year ([`HccModelYear::categories`]).
#[derive(Clone, Debug)]
pub struct Categories {
    year: HccModelYear,
    run: Run,
}

impl Iterator for Categories {
    type Item = Variable;

    fn next(&mut self) -> Option<Variable> {
        while self.run.len > 0 {
            let o = self.run.start as usize * ENTRY_SIZE;
            self.run.start += 1;
            self.run.len -= 1;
            let e = data::ENTRIES.get(o..o + ENTRY_SIZE)?;
            if u32::from_le_bytes([e[0], e[1], e[2], e[3]]) & self.year.bit() != 0 {
                return Some(Variable {
                    year: self.year,
                    index: u16::from_le_bytes([e[4], e[5]]),
                });
            }
        }
        None
    }
}

/// Which variables of a model-year are present: a bit each (no model has more than 256).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Present([u64; 4]);

impl Present {
    #[inline]
    pub(crate) fn set(&mut self, i: u16) {
        if let Some(w) = self.0.get_mut(i as usize / 64) {
            *w |= 1 << (i % 64);
        }
    }

    #[inline]
    fn clear(&mut self, i: u16) {
        if let Some(w) = self.0.get_mut(i as usize / 64) {
            *w &= !(1 << (i % 64));
        }
    }

    #[inline]
    fn get(&self, i: u16) -> bool {
        self.0
            .get(i as usize / 64)
            .is_some_and(|w| (w >> (i % 64)) & 1 == 1)
    }

    pub(crate) fn iter(self) -> impl Iterator<Item = u16> {
        (0..256u16).filter(move |&i| self.get(i))
    }
}

const SLOT_SIZE: usize = 16;
/// An entry: the model-years that map the code to a category (a bit each), the
/// category, flags.
const ENTRY_SIZE: usize = 8;

/// A code's run of entries (every model-year's categories of it).
#[derive(Clone, Copy, Debug, Default)]
struct Run {
    start: u32,
    len: u16,
}

#[inline]
fn u64_at(b: &[u8], o: usize) -> u64 {
    match b.get(o..o + 8) {
        Some(s) => u64::from_le_bytes([s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7]]),
        None => 0,
    }
}

#[inline]
fn u32_at(b: &[u8], o: usize) -> u32 {
    match b.get(o..o + 4) {
        Some(s) => u32::from_le_bytes([s[0], s[1], s[2], s[3]]),
        None => 0,
    }
}

#[inline]
fn run_at(slot: usize) -> Run {
    Run {
        start: u32_at(data::SLOTS, slot + 8),
        len: data::SLOTS
            .get(slot + 12..slot + 14)
            .map_or(0, |b| u16::from_le_bytes([b[0], b[1]])),
    }
}

/// The run of a code's entries: empty when no model-year maps it.
#[inline]
fn find(key: CodeKey) -> Run {
    let count = (data::SLOTS.len() / SLOT_SIZE) as u32;
    let n_disps = (data::DISPS.len() / 8) as u32;
    if count == 0 || n_disps == 0 {
        return Run::default();
    }
    let h = crate::key::hash_key(key.0, data::HASH_KEY);
    let d = (h.g % n_disps) as usize * 8;
    let (d1, d2) = (u32_at(data::DISPS, d), u32_at(data::DISPS, d + 4));
    let slot = crate::key::displace(h, d1, d2, count) as usize * SLOT_SIZE;
    if u64_at(data::SLOTS, slot) == key.0 {
        run_at(slot)
    } else {
        Run::default()
    }
}

use crate::key::loose_key as read_key;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_models_are_the_generated_ones_in_order() {
        let ids: Vec<&str> = HccModel::ALL.iter().map(|m| m.id()).collect();
        assert_eq!(ids, data::MODEL_IDS);
        for m in HccModel::ALL {
            assert!(!m.payment_years().is_empty(), "{m}");
            assert_eq!(HccModel::from_id(&m.id().to_uppercase()), Ok(m));
        }
        assert_eq!(HccModel::V28.payment_years(), [2024, 2026, 2027]);
        assert_eq!(
            HccModel::V24.payment_years(),
            [2020, 2021, 2022, 2023, 2024, 2025]
        );
        assert!(matches!(
            HccModel::from_id("v99"),
            Err(HccError::UnknownModel { .. })
        ));
        // Entries hold the model-years as a 32-bit set.
        assert!(data::MODEL_YEARS.len() <= 32);
        for my in HccModelYear::all() {
            assert!(my.data().variables.len() <= 256, "{my}");
            // Every model has categories, demographic cells and interactions.
            for k in &VariableKind::ALL[..3] {
                assert!(my.variables().any(|v| v.kind() == *k), "{my} {k:?}");
            }
        }
    }

    #[test]
    fn blob_sizes_are_pinned() {
        assert_eq!(
            data::BLOB_SIZES,
            [
                ("disps", data::DISPS.len()),
                ("slots", data::SLOTS.len()),
                ("entries", data::ENTRIES.len()),
                ("weights", data::WEIGHTS.len())
            ]
        );
    }

    #[test]
    fn keys_read_like_the_packer() {
        for (s, k) in [
            ("E119", "E119"),
            (" e11.9 ", "E119"),
            ("I50.9", "I509"),
            ("A0104", "A0104"),
        ] {
            assert_eq!(
                read_key(s.as_bytes()),
                Ok(CodeKey::pack(k.as_bytes()).unwrap())
            );
        }
        for bad in ["", "  ", ".", "E11-9", "É119", "E1190000"] {
            assert!(read_key(bad.as_bytes()).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn v28_2026_maps_hierarchies_and_coefficients() {
        let v28 = HccModelYear::new(HccModel::V28, 2026).unwrap();
        let names =
            |code: &str| -> Vec<&str> { v28.categories(code).unwrap().map(|v| v.name()).collect() };
        assert_eq!(names("E11.9"), ["HCC38"]);
        assert_eq!(names("E08311"), ["HCC37", "HCC298"]);
        assert!(names("Z00.00").is_empty());
        assert!(names("A0103").is_empty()); // a V24 code V28 does not count
        let v24 = HccModelYear::new(HccModel::V24, 2025).unwrap();
        assert_eq!(
            v24.categories("A0103")
                .unwrap()
                .map(|v| v.name())
                .collect::<Vec<_>>(),
            ["HCC115"]
        );
        assert!(matches!(
            v28.categories("E11-9"),
            Err(HccError::NotACode { .. })
        ));
        let hcc17 = v28.variable("hcc17").unwrap();
        assert_eq!(hcc17.number(), Some(17));
        assert_eq!(hcc17.kind(), VariableKind::Disease);
        assert!(hcc17.label().starts_with("Cancer Metastatic to Lung"));
        let removed: Vec<&str> = hcc17.removes().iter().map(|v| v.name()).collect();
        assert_eq!(
            removed,
            ["HCC18", "HCC19", "HCC20", "HCC21", "HCC22", "HCC23"]
        );
        assert_eq!(v28.coefficient("HCC17", "CNA"), Ok(4.209));
        assert_eq!(v28.coefficient("F0_34", "INS"), Ok(0.948));
        assert_eq!(v28.coefficient("D10P", "CND"), Ok(1.431));
        assert!(matches!(
            v28.coefficient("HCC17", "XYZ"),
            Err(HccError::UnknownSegment { .. })
        ));
        assert!(matches!(
            HccModelYear::new(HccModel::V28, 2025),
            Err(HccError::NoPaymentYear { .. })
        ));
        let d = Date::new(2025, 6, 1).unwrap();
        assert_eq!(
            HccModelYear::for_service_date(HccModel::V28, d).unwrap(),
            v28
        );
        // The map, read back whole, has the package's row count.
        assert_eq!(v28.mappings().count(), v28.mapping_count());
        assert_eq!(v28.mapping_count(), 8302);
    }
}
