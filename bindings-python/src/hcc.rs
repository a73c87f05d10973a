//! CMS-HCC risk adjustment (`medcodes::hcc`): a column of diagnoses to the categories of
//! each row, a long table of (patient, diagnosis) to each patient's categories with the
//! hierarchies applied, and one patient's risk score. Python's `medcodes.hcc` module
//! prepares the columns and builds the Arrow, pandas or polars answer; every rule is the
//! core's.

use medcodes::batch::Strings;
use medcodes::hcc::{Beneficiary, HccError as CoreError, HccModel, HccModelYear, Sex};
use pyo3::create_exception;
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyBytes, PyInt, PyList, PyString, PyTuple};

use crate::arrow::{self, Imported, IntType};
use crate::column::pack_bits;
use crate::errors::{type_name, MedcodesError};
use crate::input::{self, Nulls};

create_exception!(
    medcodes,
    HccError,
    MedcodesError,
    "A CMS-HCC call that cannot answer. Attributes: kind ('unknown_model', \
     'no_payment_year', 'not_a_code', 'unknown_segment', 'score_not_supported', \
     'unknown_variable', 'bad_argument'), value (what was given), row (the table row, None \
     otherwise), message."
);

/// An error of the groupers' exception `E` (`HccError`, `ComorbidityError`) with its kind,
/// the value and the row (the message says the row too).
pub fn grouper_error<E: pyo3::type_object::PyTypeInfo>(
    py: Python<'_>,
    kind: &str,
    value: impl std::fmt::Display,
    row: Option<usize>,
    message: String,
) -> PyErr {
    let message = match row {
        Some(r) => format!("row {r}: {message}"),
        None => message,
    };
    let err = PyErr::new::<E, _>(message.clone());
    let v = err.value(py);
    let _ = v.setattr("kind", kind);
    let _ = v.setattr("value", value.to_string());
    let _ = v.setattr("row", row);
    let _ = v.setattr("message", message);
    err
}

/// An `HccError` (Python) with its kind, the value and the row.
pub fn hcc_error(
    py: Python<'_>,
    kind: &str,
    value: impl std::fmt::Display,
    row: Option<usize>,
    message: String,
) -> PyErr {
    grouper_error::<HccError>(py, kind, value, row, message)
}

/// A CMS-HCC model by its id (`'v28'`), or the `HccError` naming what was given.
fn model_of(py: Python<'_>, model: &Bound<'_, PyAny>) -> PyResult<HccModel> {
    let Ok(id) = model.cast::<PyString>() else {
        return Err(hcc_error(
            py,
            "unknown_model",
            shown(model),
            None,
            format!(
                "model must be a str such as 'v28', not {}",
                type_name(model)
            ),
        ));
    };
    HccModel::from_id(&id.to_cow()?).map_err(|e| from_core(py, e, None))
}

/// The core's error as a Python `HccError`.
fn from_core(py: Python<'_>, e: CoreError, row: Option<usize>) -> PyErr {
    let (kind, value) = match &e {
        CoreError::UnknownModel { input } => ("unknown_model", input.clone()),
        CoreError::NoPaymentYear { year, .. } => ("no_payment_year", year.to_string()),
        CoreError::NotACode { input, .. } => ("not_a_code", input.clone()),
        CoreError::UnknownSegment { input, .. } => ("unknown_segment", input.clone()),
        CoreError::ScoreNotSupported { model } => ("score_not_supported", (*model).to_owned()),
        CoreError::UnknownVariable { input, .. } => ("unknown_variable", input.clone()),
        _ => ("other", String::new()),
    };
    hcc_error(py, kind, value, row, e.to_string())
}

/// The model-year of a `model` id and a payment year.
fn model_year(
    py: Python<'_>,
    model: &Bound<'_, PyAny>,
    year: &Bound<'_, PyAny>,
) -> PyResult<HccModelYear> {
    let model = model_of(py, model)?;
    if year.is_instance_of::<PyBool>() || !year.is_instance_of::<PyInt>() {
        return Err(hcc_error(
            py,
            "no_payment_year",
            shown(year),
            None,
            format!(
                "year must be an int (a payment year such as 2026), not {}",
                type_name(year)
            ),
        ));
    }
    let year: i64 = year.extract().map_err(|_| {
        hcc_error(
            py,
            "no_payment_year",
            shown(year),
            None,
            "the year is out of range".into(),
        )
    })?;
    HccModelYear::new(model, year).map_err(|e| from_core(py, e, None))
}

fn shown(obj: &Bound<'_, PyAny>) -> String {
    obj.repr()
        .map(|r| r.to_string_lossy().chars().take(60).collect())
        .unwrap_or_else(|_| "?".into())
}

/// The names and labels of a model-year's variables, by index: what the category
/// indexes of the other calls point into.
#[pyfunction]
fn hcc_variables<'py>(
    py: Python<'py>,
    model: &Bound<'py, PyAny>,
    year: &Bound<'py, PyAny>,
) -> PyResult<(Vec<&'static str>, Vec<&'static str>, Vec<&'static str>)> {
    let my = model_year(py, model, year)?;
    Ok((
        my.variables().map(|v| v.name()).collect(),
        my.variables().map(|v| v.label()).collect(),
        my.variables().map(|v| v.kind().id()).collect(),
    ))
}

/// The payment years bundled for a model.
#[pyfunction]
fn hcc_payment_years(py: Python<'_>, model: &Bound<'_, PyAny>) -> PyResult<Vec<u16>> {
    let model = model_of(py, model)?;
    Ok(model.payment_years())
}

/// A code column to each row's categories in `model`'s `year`, in Arrow's list layout
/// (the core's `HccModelYear::category_lists`): `(offsets, values, validity)` as bytes
/// (`validity` None when every row has an answer).
#[pyfunction]
#[pyo3(signature = (codes, model, year, nulls=None))]
fn hcc_column<'py>(
    py: Python<'py>,
    codes: &Bound<'py, PyAny>,
    model: &Bound<'py, PyAny>,
    year: &Bound<'py, PyAny>,
    nulls: Option<&Bound<'py, PyTuple>>,
) -> PyResult<Bound<'py, PyTuple>> {
    let my = model_year(py, model, year)?;
    let source = input::read(codes, &Nulls::new(nulls))?;
    let chunks = source.chunks()?;
    let out = py.detach(|| my.category_lists(&chunks));
    let offsets: &[u8] = bytemuck_i32(&out.offsets);
    let values: &[u8] = bytemuck_u16(&out.values);
    let validity = (out.nulls > 0).then(|| pack_bits(&out.valid));
    PyTuple::new(
        py,
        [
            PyBytes::new(py, offsets).into_any(),
            PyBytes::new(py, values).into_any(),
            match validity {
                Some(v) => PyBytes::new(py, &v).into_any(),
                None => py.None().into_bound(py),
            },
        ],
    )
}

fn bytemuck_i32(v: &[i32]) -> &[u8] {
    // SAFETY: i32 has no padding and every byte pattern is a valid u8; same memory, same
    // lifetime, the byte length of the slice.
    unsafe { std::slice::from_raw_parts(v.as_ptr().cast::<u8>(), std::mem::size_of_val(v)) }
}

fn bytemuck_u16(v: &[u16]) -> &[u8] {
    // SAFETY: as for i32.
    unsafe { std::slice::from_raw_parts(v.as_ptr().cast::<u8>(), std::mem::size_of_val(v)) }
}

fn bytemuck_u32(v: &[u32]) -> &[u8] {
    // SAFETY: as for i32.
    unsafe { std::slice::from_raw_parts(v.as_ptr().cast::<u8>(), std::mem::size_of_val(v)) }
}

/// An integer column of patient numbers (Arrow), as one `u32` a row; `what` names it.
pub fn patient_numbers(obj: &Bound<'_, PyAny>, what: &str) -> PyResult<Vec<u32>> {
    let imported: Imported<IntType> = arrow::import_ints(obj)
        .map_err(|e| PyTypeError::new_err(format!("{what}: {e}")))?
        .ok_or_else(|| {
            PyTypeError::new_err(format!(
                "{what}: expected an Arrow array, not {}",
                type_name(obj)
            ))
        })?;
    let mut out = Vec::new();
    for chunk in imported.chunks()? {
        for i in 0..chunk.len() {
            let v = chunk.get(i).ok_or_else(|| {
                PyValueError::new_err(format!("{what}: row {} is missing", out.len()))
            })?;
            out.push(u32::try_from(v).map_err(|_| {
                PyValueError::new_err(format!(
                    "{what}: row {} is {v}, not a patient number",
                    out.len()
                ))
            })?);
        }
    }
    Ok(out)
}

/// A long table of (patient number, diagnosis) to each patient's categories with the
/// hierarchies applied: `(patients, categories)` as bytes (uint32 patient numbers, uint16
/// variable indexes), patients in the order first met. A diagnosis not shaped like a code
/// is an `HccError` naming its row and value.
#[pyfunction]
#[pyo3(signature = (patients, codes, model, year, nulls=None))]
fn hcc_patients<'py>(
    py: Python<'py>,
    patients: &Bound<'py, PyAny>,
    codes: &Bound<'py, PyAny>,
    model: &Bound<'py, PyAny>,
    year: &Bound<'py, PyAny>,
    nulls: Option<&Bound<'py, PyTuple>>,
) -> PyResult<Bound<'py, PyTuple>> {
    let my = model_year(py, model, year)?;
    let patients = patient_numbers(patients, "patients")?;
    let source = input::read(codes, &Nulls::new(nulls))?;
    let chunks = source.chunks()?;
    let out = py
        .detach(|| my.patients_categories(&patients, &chunks))
        .map_err(|e| PyValueError::new_err(e.to_string()))?;
    if let Some(&row) = out.malformed.first() {
        let value = row_text(&chunks, row as usize);
        let why = my
            .categories(&value)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_else(|| format!("{value:?} is not an ICD-10-CM code"));
        return Err(hcc_error(py, "not_a_code", value, Some(row as usize), why));
    }
    PyTuple::new(
        py,
        [
            PyBytes::new(py, bytemuck_u32(&out.patients)),
            PyBytes::new(py, bytemuck_u16(&out.categories)),
        ],
    )
}

/// The text of row `row` of chunked strings ("" when null or out of range).
pub fn row_text(chunks: &[Strings<'_>], mut row: usize) -> String {
    for c in chunks {
        if row < c.len() {
            return c
                .get(row)
                .map(|b| String::from_utf8_lossy(b).into_owned())
                .unwrap_or_default();
        }
        row -= c.len();
    }
    String::new()
}

/// One patient's raw risk score: `(segment, score, disease_score, demographic_score,
/// [(variable, label, coefficient)])`.
#[pyfunction]
#[pyo3(signature = (codes, model, year, segment, sex, age, orec, medicaid))]
#[allow(clippy::too_many_arguments)]
fn hcc_score<'py>(
    py: Python<'py>,
    codes: &Bound<'py, PyAny>,
    model: &Bound<'py, PyAny>,
    year: &Bound<'py, PyAny>,
    segment: &Bound<'py, PyAny>,
    sex: &Bound<'py, PyAny>,
    age: &Bound<'py, PyAny>,
    orec: &Bound<'py, PyAny>,
    medicaid: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyTuple>> {
    let my = model_year(py, model, year)?;
    let bad = |what: &str, obj: &Bound<'py, PyAny>, expected: &str| {
        hcc_error(
            py,
            "bad_argument",
            shown(obj),
            None,
            format!("{what} = {}: {expected}", shown(obj)),
        )
    };
    let list = codes
        .cast::<PyList>()
        .map_err(|_| bad("codes", codes, "expected a list of str"))?;
    let mut texts = Vec::with_capacity(list.len());
    for (i, c) in list.iter().enumerate() {
        let s = c
            .cast::<PyString>()
            .map_err(|_| bad(&format!("codes[{i}]"), &c, "expected a str"))?;
        texts.push(s.to_cow()?.into_owned());
    }
    let segment = segment
        .cast::<PyString>()
        .map_err(|_| bad("segment", segment, "expected a str such as 'CNA'"))?
        .to_cow()?
        .into_owned();
    let sex = match sex.cast::<PyString>().map(|s| s.to_string()) {
        Ok(s) if s.eq_ignore_ascii_case("f") || s == "2" => Sex::Female,
        Ok(s) if s.eq_ignore_ascii_case("m") || s == "1" => Sex::Male,
        _ => return Err(bad("sex", sex, "expected 'F' or 'M'")),
    };
    let small = |what: &str, obj: &Bound<'py, PyAny>, max: u8| -> PyResult<u8> {
        if obj.is_instance_of::<PyBool>() || !obj.is_instance_of::<PyInt>() {
            return Err(bad(what, obj, "expected an int"));
        }
        obj.extract::<u8>()
            .ok()
            .filter(|v| *v <= max)
            .ok_or_else(|| bad(what, obj, &format!("expected 0 to {max}")))
    };
    let age = small("age", age, 130)?;
    let orec = small("orec", orec, 3)?;
    let medicaid = medicaid
        .cast::<PyBool>()
        .map_err(|_| bad("medicaid", medicaid, "expected a bool"))?
        .is_true();
    let b = Beneficiary {
        sex,
        age,
        orec,
        medicaid,
    };
    let s = my
        .score(&texts, &b, &segment)
        .map_err(|e| from_core(py, e, None))?;
    let variables: Vec<(&str, &str, f64)> = s
        .variables
        .iter()
        .map(|(v, c)| (v.name(), v.label(), *c))
        .collect();
    (
        s.segment,
        s.score,
        s.disease_score,
        s.demographic_score,
        variables,
    )
        .into_pyobject(py)
}

/// The model ids, in the core's order.
fn model_ids() -> Vec<&'static str> {
    HccModel::ALL.iter().map(|m| m.id()).collect()
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add("HccError", py.get_type::<HccError>())?;
    m.add("HCC_MODELS", PyTuple::new(py, model_ids())?)?;
    m.add("HCC_DEFAULT_MODEL", HccModel::DEFAULT.id())?;
    m.add(
        "HCC_DEFAULT_PAYMENT_YEAR",
        medcodes::hcc::DEFAULT_PAYMENT_YEAR,
    )?;
    m.add("HCC_DEFAULT_SEGMENT", medcodes::hcc::DEFAULT_SEGMENT)?;
    m.add_function(wrap_pyfunction!(hcc_variables, m)?)?;
    m.add_function(wrap_pyfunction!(hcc_payment_years, m)?)?;
    m.add_function(wrap_pyfunction!(hcc_column, m)?)?;
    m.add_function(wrap_pyfunction!(hcc_patients, m)?)?;
    m.add_function(wrap_pyfunction!(hcc_score, m)?)?;
    Ok(())
}
