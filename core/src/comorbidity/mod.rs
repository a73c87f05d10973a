//! Comorbidity indices over a patient's ICD-10-CM diagnoses: the Charlson index
//! ([`charlson`]), from a reviewed data file of its published code table, and AHRQ's
//! Elixhauser Comorbidity Software Refined ([`elixhauser`]), from AHRQ's reference file.

mod charlson;
mod elixhauser;

pub use charlson::{charlson, Charlson, CharlsonCondition};
pub use elixhauser::{
    elixhauser, elixhauser_by_patient, Elixhauser, ElixhauserError, ElixhauserMeasure,
    ElixhauserRowError, Poa,
};
