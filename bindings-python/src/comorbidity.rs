//! Comorbidity indices (`medcodes::comorbidity`) over a long table of (patient, diagnosis
//! [, POA]): Elixhauser (AHRQ's refined software, with its POA rules) and Charlson (Quan
//! 2005). Python's `medcodes.comorbidity` numbers the patients and builds the answer
//! table; the measures, exclusions and weights are the core's.

use medcodes::batch::Strings;
use medcodes::comorbidity::{
    charlson, elixhauser_by_patient, CharlsonCondition, ElixhauserError, ElixhauserMeasure, Poa,
};
use pyo3::create_exception;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyTuple};

use crate::errors::MedcodesError;
use crate::hcc::{grouper_error, patient_numbers, row_text};
use crate::input::{self, Nulls};

create_exception!(
    medcodes,
    ComorbidityError,
    MedcodesError,
    "A comorbidity table that cannot be read. Attributes: kind ('not_a_code', 'poa', \
     'length', 'table'), row (the table row, None when about the table), value, message."
);

fn comorbidity_error(
    py: Python<'_>,
    kind: &str,
    value: &str,
    row: Option<usize>,
    message: String,
) -> PyErr {
    grouper_error::<ComorbidityError>(py, kind, value, row, message)
}

/// The POA indicators of a column of strings: null or blank is none given.
fn poa_column(py: Python<'_>, chunks: &[Strings<'_>]) -> PyResult<Vec<Option<Poa>>> {
    let mut out = Vec::with_capacity(chunks.iter().map(Strings::len).sum());
    for c in chunks {
        for i in 0..c.len() {
            let poa = match c.get(i) {
                None => None,
                Some(b) => {
                    let text = String::from_utf8_lossy(b);
                    if text.trim().is_empty() {
                        None
                    } else {
                        Some(Poa::parse(&text).map_err(|e| {
                            comorbidity_error(py, "poa", &text, Some(out.len()), e.to_string())
                        })?)
                    }
                }
            };
            out.push(poa);
        }
    }
    Ok(out)
}

/// The measure ids and descriptions, in AHRQ's order (the columns of the answer).
#[pyfunction]
fn elixhauser_measures() -> Vec<(&'static str, &'static str, bool, i32, i32)> {
    ElixhauserMeasure::all()
        .map(|m| {
            (
                m.id(),
                m.description(),
                m.uses_poa(),
                m.mortality_weight(),
                m.readmission_weight(),
            )
        })
        .collect()
}

/// Each patient's Elixhauser measures: `patients` numbers them (0.. in the order first
/// met), `codes` the diagnoses, `poa` their indicators (or None). Returns `(patients,
/// flags, mortality, readmission)` as bytes: uint32 patient numbers, a uint8 a patient a
/// measure (row-major), int32 indices.
#[pyfunction]
#[pyo3(signature = (patients, codes, poa=None, nulls=None))]
fn elixhauser_table<'py>(
    py: Python<'py>,
    patients: &Bound<'py, PyAny>,
    codes: &Bound<'py, PyAny>,
    poa: Option<&Bound<'py, PyAny>>,
    nulls: Option<&Bound<'py, PyTuple>>,
) -> PyResult<Bound<'py, PyTuple>> {
    let patients = patient_numbers(patients, "patients")?;
    let nulls = Nulls::new(nulls);
    let source = input::read(codes, &nulls)?;
    let chunks = source.chunks()?;
    let poa_source = poa.map(|p| input::read(p, &nulls)).transpose()?;
    let poa = match &poa_source {
        Some(s) => Some(poa_column(py, &s.chunks()?)?),
        None => None,
    };
    let found = py
        .detach(|| elixhauser_by_patient(&patients, &chunks, poa.as_deref()))
        .map_err(|e| {
            let (kind, value) = match &e.error {
                ElixhauserError::NotACode { .. } => {
                    ("not_a_code", e.row.map(|r| row_text(&chunks, r)))
                }
                ElixhauserError::Poa { input } => ("poa", Some(input.clone())),
                _ => ("length", None),
            };
            comorbidity_error(
                py,
                kind,
                &value.unwrap_or_default(),
                e.row,
                e.error.to_string(),
            )
        })?;
    let count = ElixhauserMeasure::all().count();
    let mut ids = Vec::with_capacity(found.len() * 4);
    let mut flags = vec![0u8; found.len() * count];
    let mut mortality = Vec::with_capacity(found.len() * 4);
    let mut readmission = Vec::with_capacity(found.len() * 4);
    let order: Vec<ElixhauserMeasure> = ElixhauserMeasure::all().collect();
    for (i, (p, e)) in found.iter().enumerate() {
        ids.extend_from_slice(&p.to_le_bytes());
        for m in &e.measures {
            if let Some(j) = order.iter().position(|o| o == m) {
                flags[i * count + j] = 1;
            }
        }
        mortality.extend_from_slice(&e.mortality_index.to_le_bytes());
        readmission.extend_from_slice(&e.readmission_index.to_le_bytes());
    }
    PyTuple::new(
        py,
        [
            PyBytes::new(py, &ids),
            PyBytes::new(py, &flags),
            PyBytes::new(py, &mortality),
            PyBytes::new(py, &readmission),
        ],
    )
}

/// The Charlson conditions in the table's order: (id, name, weight 1987, weight 2011).
#[pyfunction]
fn charlson_conditions() -> Vec<(&'static str, &'static str, u8, u8)> {
    CharlsonCondition::ALL
        .iter()
        .map(|c| (c.id(), c.name(), c.weight_1987(), c.weight_2011()))
        .collect()
}

/// Each patient's Charlson conditions: `(patients, flags, score_1987, score_2011)` as
/// bytes (uint32, a uint8 a patient a condition, uint32, uint32), patients in the order
/// first met. Diagnoses that are not codes count for nothing (the core's rule).
#[pyfunction]
#[pyo3(signature = (patients, codes, nulls=None))]
fn charlson_table<'py>(
    py: Python<'py>,
    patients: &Bound<'py, PyAny>,
    codes: &Bound<'py, PyAny>,
    nulls: Option<&Bound<'py, PyTuple>>,
) -> PyResult<Bound<'py, PyTuple>> {
    let patients = patient_numbers(patients, "patients")?;
    let source = input::read(codes, &Nulls::new(nulls))?;
    let chunks = source.chunks()?;
    let rows: usize = chunks.iter().map(Strings::len).sum();
    if rows != patients.len() {
        return Err(comorbidity_error(
            py,
            "length",
            "",
            None,
            format!("{rows} codes but {} patients", patients.len()),
        ));
    }
    let out = py.detach(|| {
        // Each patient's codes, patients in the order first met.
        let mut order: Vec<u32> = Vec::new();
        let mut slot: std::collections::HashMap<u32, usize> = std::collections::HashMap::new();
        let mut codes: Vec<Vec<String>> = Vec::new();
        let mut row = 0usize;
        for c in &chunks {
            for i in 0..c.len() {
                let p = patients[row];
                let s = *slot.entry(p).or_insert_with(|| {
                    order.push(p);
                    codes.push(Vec::new());
                    codes.len() - 1
                });
                if let Some(b) = c.get(i) {
                    codes[s].push(String::from_utf8_lossy(b).into_owned());
                }
                row += 1;
            }
        }
        let count = CharlsonCondition::ALL.len();
        let mut ids = Vec::with_capacity(order.len() * 4);
        let mut flags = vec![0u8; order.len() * count];
        let mut s1987 = Vec::with_capacity(order.len() * 4);
        let mut s2011 = Vec::with_capacity(order.len() * 4);
        for (i, (p, codes)) in order.iter().zip(&codes).enumerate() {
            let c = charlson(codes);
            ids.extend_from_slice(&p.to_le_bytes());
            for cond in &c.conditions {
                flags[i * count + *cond as usize] = 1;
            }
            s1987.extend_from_slice(&c.score_1987.to_le_bytes());
            s2011.extend_from_slice(&c.score_2011.to_le_bytes());
        }
        [ids, flags, s1987, s2011]
    });
    PyTuple::new(py, out.iter().map(|b| PyBytes::new(py, b)))
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add("ComorbidityError", py.get_type::<ComorbidityError>())?;
    m.add_function(wrap_pyfunction!(elixhauser_measures, m)?)?;
    m.add_function(wrap_pyfunction!(elixhauser_table, m)?)?;
    m.add_function(wrap_pyfunction!(charlson_conditions, m)?)?;
    m.add_function(wrap_pyfunction!(charlson_table, m)?)?;
    Ok(())
}
