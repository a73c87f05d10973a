//! MCE claim edits: one claim from a dict (`claims_check`), and a batch of claims from a
//! claim table plus a long-format code table (`claims_check_table`), read in place from
//! Arrow and checked on all cores without the GIL. Every edit is the core's
//! (`medcodes::claim::check_into`); this module only reads claims and writes findings.

use medcodes::claim::{self, CheckOptions, Claim, Diagnosis, MceEdit, Poa, Procedure, Sex};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyBytes, PyDict, PyInt, PyList, PyString, PyTuple};

use crate::arrow::{self, Imported, IntType};
use crate::dates::optional_date;
use crate::errors::{type_name, ClaimInputError};
use crate::findings::{PyClaimFinding, PyEncounterFinding};
use crate::input::{self, str_arg, Nulls};
use crate::output::{Data, PyColumn};
use medcodes::claim::fields::{self, ClaimField};
use medcodes::claim::table::{self, ClaimColumns, CodeColumns, TableError};

/// A `ClaimInputError` naming what was wrong, where (`field`; `row` in a table) and the
/// value.
fn input_error(
    py: Python<'_>,
    field: &str,
    row: Option<usize>,
    value: impl std::fmt::Display,
    what: &str,
) -> PyErr {
    let message = match row {
        Some(r) => format!("row {r}, {field} = {value}: {what}"),
        None => format!("{field} = {value}: {what}"),
    };
    let err = ClaimInputError::new_err(message.clone());
    let v = err.value(py);
    let _ = v.setattr("message", message);
    let _ = v.setattr("field", field);
    let _ = v.setattr("row", row);
    let _ = v.setattr("value", value.to_string());
    err
}

fn repr(obj: &Bound<'_, PyAny>) -> String {
    obj.repr()
        .map(|r| r.to_string())
        .unwrap_or_else(|_| "?".into())
}

// ---------------------------------------------------------------------------------------
// One claim from a dict

/// The fields a claim dict may have, with their aliases, for messages.
fn field_names() -> String {
    let fields: Vec<String> = ClaimField::ALL
        .iter()
        .filter(|f| **f != ClaimField::ClaimId)
        .map(|f| match f.names() {
            [name] => (*name).to_owned(),
            [name, aliases @ ..] => format!("{name} (or {})", aliases.join(", ")),
            [] => String::new(),
        })
        .collect();
    fields.join(", ")
}

fn int_of(obj: &Bound<'_, PyAny>, field: &str) -> PyResult<i64> {
    if obj.is_instance_of::<PyBool>() || !obj.is_instance_of::<PyInt>() {
        return Err(input_error(
            obj.py(),
            field,
            None,
            repr(obj),
            &format!("expected an int, not {}", type_name(obj)),
        ));
    }
    obj.extract::<i64>()
        .map_err(|_| input_error(obj.py(), field, None, repr(obj), "out of range"))
}

fn poa_of(obj: Option<&Bound<'_, PyAny>>, field: &str) -> PyResult<Poa> {
    let Some(obj) = obj.filter(|o| !o.is_none()) else {
        return Ok(Poa::Blank);
    };
    if let Ok(s) = obj.cast::<PyString>() {
        return Ok(Poa::parse(&s.to_cow()?));
    }
    if obj.is_instance_of::<PyInt>() && !obj.is_instance_of::<PyBool>() {
        // The core's rule for numbers: 1 is "exempt", any other number is invalid.
        return Ok(Poa::parse(&obj.str()?.to_cow()?));
    }
    Err(input_error(
        obj.py(),
        field,
        None,
        repr(obj),
        &format!(
            "a POA indicator is a str (Y, N, U, W, 1 or blank), not {}",
            type_name(obj)
        ),
    ))
}

/// A diagnosis: a code str, a `(code, poa)` tuple or a `{"code": ..., "poa": ...}` dict.
fn diagnosis_of(obj: &Bound<'_, PyAny>, field: &str) -> PyResult<Diagnosis> {
    if obj.is_instance_of::<PyString>() {
        return Ok(Diagnosis::new(str_arg(obj, field)?.into_owned()));
    }
    if let Ok(d) = obj.cast::<PyDict>() {
        let code = d.get_item("code")?.ok_or_else(|| {
            input_error(
                obj.py(),
                field,
                None,
                repr(obj),
                "a diagnosis dict needs a 'code'",
            )
        })?;
        for key in d.keys() {
            let k = key.str()?.to_string();
            if k != "code" && k != "poa" {
                return Err(input_error(
                    obj.py(),
                    field,
                    None,
                    repr(obj),
                    &format!("unknown key {k:?} (a diagnosis has 'code' and 'poa')"),
                ));
            }
        }
        let code = str_arg(&code, &format!("{field}['code']"))?.into_owned();
        let poa = poa_of(d.get_item("poa")?.as_ref(), &format!("{field}['poa']"))?;
        return Ok(Diagnosis::with_poa(code, poa));
    }
    if let Ok(t) = obj.cast::<PyTuple>() {
        if t.len() == 2 {
            let code = str_arg(&t.get_item(0)?, &format!("{field}[0]"))?.into_owned();
            let poa = poa_of(Some(&t.get_item(1)?), &format!("{field}[1]"))?;
            return Ok(Diagnosis::with_poa(code, poa));
        }
    }
    Err(input_error(
        obj.py(),
        field,
        None,
        repr(obj),
        &format!(
            "a diagnosis is a code str, a (code, poa) tuple or a dict with 'code' and 'poa', not \
             {}",
            type_name(obj)
        ),
    ))
}

fn procedure_of(obj: &Bound<'_, PyAny>, field: &str) -> PyResult<Procedure> {
    if obj.is_instance_of::<PyString>() {
        return Ok(Procedure::new(str_arg(obj, field)?.into_owned()));
    }
    if let Ok(d) = obj.cast::<PyDict>() {
        if let (Some(code), 1) = (d.get_item("code")?, d.len()) {
            return Ok(Procedure::new(
                str_arg(&code, &format!("{field}['code']"))?.into_owned(),
            ));
        }
    }
    Err(input_error(
        obj.py(),
        field,
        None,
        repr(obj),
        &format!(
            "a procedure is a code str or a dict with only 'code', not {}",
            type_name(obj)
        ),
    ))
}

fn list_of<T>(
    obj: &Bound<'_, PyAny>,
    field: &str,
    item: impl Fn(&Bound<'_, PyAny>, &str) -> PyResult<T>,
) -> PyResult<Vec<T>> {
    if obj.is_none() {
        return Ok(Vec::new());
    }
    if obj.is_instance_of::<PyString>() || obj.is_instance_of::<PyDict>() {
        return Err(input_error(
            obj.py(),
            field,
            None,
            repr(obj),
            "expected a list",
        ));
    }
    let mut out = Vec::new();
    for (i, x) in obj.try_iter()?.enumerate() {
        out.push(item(&x?, &format!("{field}[{i}]"))?);
    }
    Ok(out)
}

/// The discharge status as the core reads it (`claim::fields`): an int, a numeric str
/// ('01'), blank or None (no status: the edit is skipped); any other text is a value no
/// table has, which raises the discharge-status edit.
fn status_of(obj: &Bound<'_, PyAny>) -> PyResult<Option<i32>> {
    if obj.is_none() {
        return Ok(None);
    }
    if let Ok(s) = obj.cast::<PyString>() {
        return Ok(fields::parse_discharge_status(&s.to_cow()?));
    }
    Ok(fields::discharge_status_of_int(int_of(
        obj,
        "discharge_status",
    )?))
}

fn sex_of(obj: &Bound<'_, PyAny>) -> PyResult<Sex> {
    if obj.is_none() {
        return Ok(Sex::Unknown);
    }
    if let Ok(s) = obj.cast::<PyString>() {
        return Ok(Sex::parse(&s.to_cow()?));
    }
    Ok(Sex::from_cms(int_of(obj, "sex")?))
}

/// Reads a claim from a dict (see `medcodes.claims.check`).
fn claim_of(d: &Bound<'_, PyDict>) -> PyResult<Claim> {
    let py = d.py();
    let mut claim = Claim::default();
    let (mut has_date, mut has_age) = (false, false);
    for (key, value) in d.iter() {
        let Ok(key) = key.cast::<PyString>() else {
            return Err(PyTypeError::new_err(format!(
                "claim keys must be str, not {}",
                type_name(&key)
            )));
        };
        let key = key.to_cow()?;
        // One vocabulary of fields and aliases for every surface (`claim::fields`).
        let Some(field) = ClaimField::from_name(&key).filter(|f| *f != ClaimField::ClaimId) else {
            return Err(input_error(
                py,
                &key,
                None,
                repr(&value),
                &format!("not a claim field (the fields are {})", field_names()),
            ));
        };
        match field {
            ClaimField::DischargeDate => {
                claim.date = optional_date(Some(&value))?.ok_or_else(|| {
                    input_error(py, &key, None, "None", "a claim needs its discharge date")
                })?;
                has_date = true;
            }
            ClaimField::Age => {
                let age = int_of(&value, "age")?;
                // Out-of-range ages are the core's invalid-age edit.
                claim.age = i32::try_from(age).unwrap_or(if age < 0 { -1 } else { i32::MAX });
                has_age = true;
            }
            ClaimField::Sex => claim.sex = sex_of(&value)?,
            ClaimField::DischargeStatus => claim.discharge_status = status_of(&value)?,
            ClaimField::LengthOfStay => {
                claim.length_of_stay = if value.is_none() {
                    None
                } else {
                    let v = int_of(&value, &key)?;
                    Some(u32::try_from(v).map_err(|_| {
                        input_error(py, &key, None, v, "a length of stay is 0 or more days")
                    })?)
                }
            }
            ClaimField::Principal => claim.principal = diagnosis_of(&value, &key)?,
            ClaimField::Secondary => claim.secondary = list_of(&value, &key, diagnosis_of)?,
            ClaimField::Admitting => {
                claim.admitting = if value.is_none() {
                    None
                } else {
                    Some(diagnosis_of(&value, &key)?)
                }
            }
            ClaimField::Procedures => claim.procedures = list_of(&value, &key, procedure_of)?,
            ClaimField::ClaimId => {}
        }
    }
    if !has_date {
        return Err(input_error(
            py,
            "discharge_date",
            None,
            "missing",
            "a claim needs its discharge date",
        ));
    }
    if !has_age {
        return Err(input_error(
            py,
            "age",
            None,
            "missing",
            "a claim needs the patient's age",
        ));
    }
    Ok(claim)
}

/// Runs the MCE edits on one claim (a dict): a list of ClaimFinding, with `coding_rules`
/// followed by the EncounterFindings of the ICD-10-CM coding rules.
#[pyfunction]
#[pyo3(signature = (claim, coding_rules=false))]
fn claims_check<'py>(
    py: Python<'py>,
    claim: &Bound<'py, PyAny>,
    coding_rules: bool,
) -> PyResult<Bound<'py, PyList>> {
    let d = claim.cast::<PyDict>().map_err(|_| {
        PyTypeError::new_err(format!(
            "a claim is a dict (or keyword arguments), not {}",
            type_name(claim)
        ))
    })?;
    let claim = claim_of(d)?;
    let report =
        py.detach(|| claim::check_with(&claim, &CheckOptions::new().coding_rules(coding_rules)));
    let out = PyList::empty(py);
    for f in report.findings {
        out.append(PyClaimFinding(f))?;
    }
    for f in report.coding_rules {
        out.append(PyEncounterFinding(f))?;
    }
    Ok(out)
}

// ---------------------------------------------------------------------------------------
// A batch of claims from tables

/// A string column's Arrow data (or copy) and its chunks.
fn read_strings<'py>(obj: &Bound<'py, PyAny>) -> PyResult<input::Source<'py>> {
    input::read(obj, &Nulls::new(None))
}

/// An integer column's Arrow data; `what` names the argument in errors.
fn read_ints(obj: &Bound<'_, PyAny>, what: &str) -> PyResult<Imported<IntType>> {
    arrow::import_ints(obj)
        .map_err(|e| PyTypeError::new_err(format!("{what}: {e}")))?
        .ok_or_else(|| {
            PyTypeError::new_err(format!(
                "{what}: expected an Arrow array, not {}",
                type_name(obj)
            ))
        })
}

/// The edits' descriptions, by index in the findings' `edit` column: (id, number, name,
/// severity).
#[pyfunction]
fn mce_edits() -> Vec<(&'static str, Option<u8>, &'static str, &'static str)> {
    MceEdit::ALL
        .iter()
        .map(|e| (e.as_str(), e.number(), e.name(), e.severity().as_str()))
        .collect()
}

/// The batch check behind `medcodes.claims.check_table` (which prepares the columns).
/// Claim columns: `dates` (Arrow date32 or int32: days since 1970), `ages` (int64),
/// `sex` and `status` (strings), `los` (int64 or None), `claim_ids` (int64, unique; None
/// when `code_claims` holds claim-table row numbers). Code columns: `code_claims` (int64:
/// each code row's claim id), `kind`, `code`, `poa` (strings), `position` (int64 or None).
/// Returns the findings as columns: claim row (int64 bytes), edit index (uint8 bytes, into
/// `mce_edits()`), position kind (uint8 bytes, into `CLAIM_POSITIONS`), position index
/// (int32 bytes, -1 none), code and message (Columns).
#[pyfunction]
#[pyo3(signature = (dates, ages, sex, status, los, claim_ids, code_claims, kind, position, code, poa))]
#[allow(clippy::too_many_arguments)]
fn claims_check_table<'py>(
    py: Python<'py>,
    dates: &Bound<'py, PyAny>,
    ages: &Bound<'py, PyAny>,
    sex: &Bound<'py, PyAny>,
    status: Option<&Bound<'py, PyAny>>,
    los: Option<&Bound<'py, PyAny>>,
    claim_ids: Option<&Bound<'py, PyAny>>,
    code_claims: &Bound<'py, PyAny>,
    kind: &Bound<'py, PyAny>,
    position: Option<&Bound<'py, PyAny>>,
    code: &Bound<'py, PyAny>,
    poa: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyTuple>> {
    let dates_src = read_ints(dates, "dates")?;
    let ages_src = read_ints(ages, "ages")?;
    let sex_src = read_strings(sex)?;
    let status_src = status.map(read_strings).transpose()?;
    let los_src = los.map(|l| read_ints(l, "los")).transpose()?;
    let ids_src = claim_ids.map(|c| read_ints(c, "claim_ids")).transpose()?;
    let claims = ClaimColumns {
        discharge_dates: dates_src.chunks()?,
        ages: ages_src.chunks()?,
        sex: sex_src.chunks()?,
        discharge_status: status_src.as_ref().map(|s| s.chunks()).transpose()?,
        length_of_stay: los_src.as_ref().map(|l| l.chunks()).transpose()?,
        claim_ids: ids_src.as_ref().map(|c| c.chunks()).transpose()?,
    };
    let code_claims_src = read_ints(code_claims, "code_claims")?;
    let kind_src = read_strings(kind)?;
    let position_src = position.map(|p| read_ints(p, "position")).transpose()?;
    let code_src = read_strings(code)?;
    let poa_src = poa.map(read_strings).transpose()?;
    let codes = CodeColumns {
        claim_ids: code_claims_src.chunks()?,
        roles: kind_src.chunks()?,
        positions: position_src.as_ref().map(|p| p.chunks()).transpose()?,
        codes: code_src.chunks()?,
        poa: poa_src.as_ref().map(|p| p.chunks()).transpose()?,
    };
    let found = py
        .detach(|| table::check_table(claims, codes))
        .map_err(|e| match e {
            TableError::Row(r) => input_error(py, r.field, Some(r.row), r.value, r.what),
            lengths => PyValueError::new_err(lengths.to_string()),
        })?;

    PyTuple::new(
        py,
        [
            PyBytes::new(py, &found.rows).into_any(),
            PyBytes::new(py, &found.edits).into_any(),
            PyBytes::new(py, &found.kinds).into_any(),
            PyBytes::new(py, &found.indexes).into_any(),
            Bound::new(py, PyColumn::new(Data::Str(found.codes)))?.into_any(),
            Bound::new(py, PyColumn::new(Data::Str(found.messages)))?.into_any(),
        ],
    )
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add(
        "CLAIM_POSITIONS",
        PyTuple::new(m.py(), table::POSITION_KINDS)?,
    )?;
    // The claim fields and every name each is read under (the core's vocabulary).
    let fields = ClaimField::ALL
        .iter()
        .map(|f| {
            PyTuple::new(
                m.py(),
                [
                    f.name().into_pyobject(m.py())?.into_any(),
                    PyTuple::new(m.py(), f.names())?.into_any(),
                ],
            )
        })
        .collect::<PyResult<Vec<_>>>()?;
    m.add("CLAIM_FIELDS", PyTuple::new(m.py(), fields)?)?;
    m.add_function(wrap_pyfunction!(claims_check, m)?)?;
    m.add_function(wrap_pyfunction!(claims_check_table, m)?)?;
    m.add_function(wrap_pyfunction!(mce_edits, m)?)?;
    Ok(())
}
