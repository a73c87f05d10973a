//! Comorbidity indices over a patient's ICD-10-CM diagnoses: the Charlson index
//! ([`charlson`]), from a reviewed data file of its published code table.

mod charlson;

pub use charlson::{charlson, Charlson, CharlsonCondition};
