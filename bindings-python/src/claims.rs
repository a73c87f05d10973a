//! MCE claim edits: one claim from a dict (`claims_check`), and a batch of claims from a
//! claim table plus a long-format code table (`claims_check_table`), read in place from
//! Arrow and checked on all cores without the GIL. Every edit is the core's
//! (`medcodes::claim::check_into`); this module only reads claims and writes findings.

use std::ops::Range;

use medcodes::claim::{
    self, CheckOptions, Claim, Diagnosis, MceEdit, Poa, Position, Procedure, Sex,
};
use medcodes::Date;
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyBytes, PyDict, PyInt, PyList, PyString, PyTuple};

use crate::column::{Chunk, StrColumn};
use crate::dates::optional_date;
use crate::errors::{type_name, ClaimInputError};
use crate::findings::{PyClaimFinding, PyEncounterFinding};
use crate::input::{self, str_arg, Nulls};
use crate::output::{Data, PyColumn};

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

/// The fields a claim dict may have (with their aliases).
const FIELDS: &str = "discharge_date (or date), age, sex, discharge_status, length_of_stay (or \
                      los), principal (or pdx), secondary (or sdx), admitting (or admit_dx), \
                      procedures";

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

/// The discharge status as the core's claim reader takes it: an int, a numeric str ('01'),
/// blank or None (no status: the edit is skipped); any other text is kept as a value no
/// table has, which raises the discharge-status edit.
fn status_of_text(text: &str) -> Option<i32> {
    let t = text.trim();
    if t.is_empty() {
        return None;
    }
    Some(t.parse().unwrap_or(-1))
}

fn status_of(obj: &Bound<'_, PyAny>) -> PyResult<Option<i32>> {
    if obj.is_none() {
        return Ok(None);
    }
    if let Ok(s) = obj.cast::<PyString>() {
        return Ok(status_of_text(&s.to_cow()?));
    }
    let v = int_of(obj, "discharge_status")?;
    Ok(Some(i32::try_from(v).unwrap_or(-1)))
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
        match &*key {
            "discharge_date" | "date" => {
                claim.date = optional_date(Some(&value))?.ok_or_else(|| {
                    input_error(py, &key, None, "None", "a claim needs its discharge date")
                })?;
                has_date = true;
            }
            "age" => {
                let age = int_of(&value, "age")?;
                // Out-of-range ages are the core's invalid-age edit.
                claim.age = i32::try_from(age).unwrap_or(if age < 0 { -1 } else { i32::MAX });
                has_age = true;
            }
            "sex" => claim.sex = sex_of(&value)?,
            "discharge_status" => claim.discharge_status = status_of(&value)?,
            "length_of_stay" | "los" => {
                claim.length_of_stay = if value.is_none() {
                    None
                } else {
                    let v = int_of(&value, &key)?;
                    Some(u32::try_from(v).map_err(|_| {
                        input_error(py, &key, None, v, "a length of stay is 0 or more days")
                    })?)
                }
            }
            "principal" | "pdx" => claim.principal = diagnosis_of(&value, &key)?,
            "secondary" | "sdx" => claim.secondary = list_of(&value, &key, diagnosis_of)?,
            "admitting" | "admit_dx" => {
                claim.admitting = if value.is_none() {
                    None
                } else {
                    Some(diagnosis_of(&value, &key)?)
                }
            }
            "procedures" => claim.procedures = list_of(&value, &key, procedure_of)?,
            other => {
                return Err(input_error(
                    py,
                    other,
                    None,
                    repr(&value),
                    &format!("not a claim field (the fields are {FIELDS})"),
                ))
            }
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

/// Little-endian `i64`s (or `i32`s) from bytes; `what` names the argument in errors.
fn ints<T: Copy, const N: usize>(
    b: &Bound<'_, PyBytes>,
    rows: usize,
    what: &str,
    from: fn([u8; N]) -> T,
) -> PyResult<Vec<T>> {
    let bytes = b.as_bytes();
    if bytes.len() != rows * N {
        return Err(PyValueError::new_err(format!(
            "{what}: {} bytes for {rows} rows",
            bytes.len()
        )));
    }
    Ok(bytes
        .chunks_exact(N)
        .map(|c| {
            let mut a = [0u8; N];
            a.copy_from_slice(c);
            from(a)
        })
        .collect())
}

/// Little-endian `i64`s read in place from a bytes argument (no copy of a column of
/// millions of rows).
#[derive(Clone, Copy)]
struct I64s<'a>(&'a [u8]);

impl<'a> I64s<'a> {
    /// The `rows` values of `b`; `what` names the argument in errors.
    fn new(b: &'a Bound<'_, PyBytes>, rows: usize, what: &str) -> PyResult<I64s<'a>> {
        let bytes = b.as_bytes();
        if bytes.len() != rows * 8 {
            return Err(PyValueError::new_err(format!(
                "{what}: {} bytes for {rows} rows",
                bytes.len()
            )));
        }
        Ok(I64s(bytes))
    }

    #[inline]
    fn get(&self, i: usize) -> i64 {
        self.0.get(i * 8..i * 8 + 8).map_or(0, |b| {
            i64::from_le_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]])
        })
    }

    fn iter(&self) -> impl Iterator<Item = i64> + 'a {
        self.0
            .chunks_exact(8)
            .map(|b| i64::from_le_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]]))
    }
}

/// A string column that is one chunk's rows, in order.
struct Col<'a> {
    chunks: Vec<Chunk<'a>>,
    /// Start row of each chunk.
    starts: Vec<usize>,
}

impl<'a> Col<'a> {
    fn new(chunks: Vec<Chunk<'a>>) -> Col<'a> {
        let mut starts = Vec::with_capacity(chunks.len());
        let mut at = 0;
        for c in &chunks {
            starts.push(at);
            at += c.len();
        }
        Col { chunks, starts }
    }

    fn len(&self) -> usize {
        self.chunks.iter().map(Chunk::len).sum()
    }

    /// Row `i`'s bytes (`None` when null).
    #[inline]
    fn get(&self, i: usize) -> Option<&[u8]> {
        if let [only] = &self.chunks[..] {
            return only.get(i);
        }
        let c = self.starts.partition_point(|&s| s <= i).checked_sub(1)?;
        self.chunks[c].get(i - self.starts[c])
    }

    #[inline]
    fn str(&self, i: usize) -> Result<&str, BadRow> {
        match self.get(i) {
            None => Ok(""),
            // Codes are ASCII: the inlined check is cheaper than a call to the full one.
            // SAFETY: ASCII is valid UTF-8.
            Some(b) if b.is_ascii() => Ok(unsafe { std::str::from_utf8_unchecked(b) }),
            Some(b) => std::str::from_utf8(b).map_err(|_| BadRow {
                row: i,
                value: String::from_utf8_lossy(b).into_owned(),
                what: "not UTF-8",
            }),
        }
    }
}

/// A row of the code table that could not be read.
struct BadRow {
    row: usize,
    value: String,
    what: &'static str,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Principal,
    Secondary,
    Admitting,
    Procedure,
}

fn kind_of(s: &str) -> Option<Kind> {
    // The usual spellings first: this runs once per code row.
    match s {
        "secondary" => return Some(Kind::Secondary),
        "procedure" => return Some(Kind::Procedure),
        "principal" => return Some(Kind::Principal),
        _ => {}
    }
    let s = s.trim();
    for (names, kind) in [
        (&["principal", "pdx", "p"][..], Kind::Principal),
        (&["secondary", "sdx", "s"][..], Kind::Secondary),
        (
            &["admitting", "admit", "admit_dx", "a"][..],
            Kind::Admitting,
        ),
        (&["procedure", "proc", "px", "pcs"][..], Kind::Procedure),
    ] {
        if names.iter().any(|n| s.eq_ignore_ascii_case(n)) {
            return Some(kind);
        }
    }
    None
}

/// The claim table, read.
struct Claims<'a> {
    dates: Vec<i32>,
    ages: Vec<i64>,
    sex: Col<'a>,
    status: Option<Col<'a>>,
    los: Option<Vec<i64>>,
}

/// The code table, read and grouped by claim.
struct Codes<'a> {
    kind: Vec<Kind>,
    position: Option<I64s<'a>>,
    code: Col<'a>,
    poa: Option<Col<'a>>,
    /// Code rows of claim `c`: `order[first[c]..first[c + 1]]`, in table order; `None`
    /// when the table is already in claim order (the rows are `first[c]..first[c + 1]`).
    order: Option<Vec<u32>>,
    first: Vec<usize>,
}

/// A finding with the claim (row of the claim table) it belongs to.
type Found = (u32, claim::Finding);

/// The null marker of the integer columns (set by the Python side).
const NULL_INT: i64 = i64::MIN;

fn check_range(
    claims: &Claims<'_>,
    codes: &Codes<'_>,
    range: Range<usize>,
) -> Result<Vec<Found>, BadRow> {
    let mut out = Vec::new();
    let mut buf = Vec::new();
    let mut secondary: Vec<(i64, usize)> = Vec::new();
    let mut procedures: Vec<(i64, usize)> = Vec::new();
    for c in range {
        let mut claim: Claim<&str> = Claim {
            date: Date::from_days_since_epoch(i64::from(claims.dates[c])),
            age: i32::try_from(claims.ages[c]).unwrap_or(if claims.ages[c] < 0 {
                -1
            } else {
                i32::MAX
            }),
            sex: Sex::parse(claims.sex.str(c).unwrap_or("?")),
            discharge_status: match &claims.status {
                Some(s) => status_of_text(s.str(c).unwrap_or("?")),
                None => None,
            },
            length_of_stay: match &claims.los {
                Some(l) if l[c] != NULL_INT => Some(u32::try_from(l[c]).unwrap_or(u32::MAX)),
                _ => None,
            },
            ..Claim::default()
        };
        secondary.clear();
        procedures.clear();
        let mut principal_row = None;
        for k in codes.first[c]..codes.first[c + 1] {
            let r = match &codes.order {
                Some(order) => order[k] as usize,
                None => k,
            };
            let pos = codes.position.as_ref().map_or(0, |p| p.get(r));
            match codes.kind[r] {
                Kind::Principal => {
                    if principal_row.replace(r).is_some() {
                        return Err(BadRow {
                            row: r,
                            value: codes.code.str(r)?.to_owned(),
                            what: "a second principal diagnosis for the claim",
                        });
                    }
                    claim.principal = diagnosis_at(codes, r)?;
                }
                Kind::Admitting => {
                    if claim.admitting.replace(diagnosis_at(codes, r)?).is_some() {
                        return Err(BadRow {
                            row: r,
                            value: codes.code.str(r)?.to_owned(),
                            what: "a second admitting diagnosis for the claim",
                        });
                    }
                }
                Kind::Secondary => secondary.push((pos, r)),
                Kind::Procedure => procedures.push((pos, r)),
            }
        }
        // Stable: rows with the same position keep their table order.
        secondary.sort_by_key(|&(p, _)| p);
        procedures.sort_by_key(|&(p, _)| p);
        let mut sdx = Vec::with_capacity(secondary.len());
        for &(_, r) in &secondary {
            sdx.push(diagnosis_at(codes, r)?);
        }
        let mut px = Vec::with_capacity(procedures.len());
        for &(_, r) in &procedures {
            px.push(Procedure {
                code: codes.code.str(r)?,
            });
        }
        claim.secondary = sdx;
        claim.procedures = px;
        buf.clear();
        claim::check_into(&claim, &mut buf);
        out.extend(buf.drain(..).map(|f| (c as u32, f)));
    }
    Ok(out)
}

fn diagnosis_at<'a>(codes: &'a Codes<'a>, r: usize) -> Result<Diagnosis<&'a str>, BadRow> {
    let poa = match &codes.poa {
        Some(p) => Poa::parse(p.str(r)?),
        None => Poa::Blank,
    };
    Ok(Diagnosis {
        code: codes.code.str(r)?,
        poa,
    })
}

/// Claims per thread, at least.
const MIN_CLAIMS_PER_THREAD: usize = 4096;

fn check_all(claims: &Claims<'_>, codes: &Codes<'_>) -> Result<Vec<Found>, BadRow> {
    let n = claims.dates.len();
    let threads = std::thread::available_parallelism()
        .map_or(1, |t| t.get().min(16))
        .min(n / MIN_CLAIMS_PER_THREAD)
        .max(1);
    if threads == 1 {
        return check_range(claims, codes, 0..n);
    }
    let step = n.div_ceil(threads);
    let parts: Vec<Result<Vec<Found>, BadRow>> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                let range = t * step..((t + 1) * step).min(n);
                s.spawn(move || check_range(claims, codes, range))
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    });
    let mut out = Vec::new();
    for p in parts {
        out.extend(p?);
    }
    Ok(out)
}

fn le_i64(b: [u8; 8]) -> i64 {
    i64::from_le_bytes(b)
}

fn le_i32(b: [u8; 4]) -> i32 {
    i32::from_le_bytes(b)
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

/// The position kinds, by index in the findings' `position` column.
const POSITIONS: [&str; 5] = ["claim", "principal", "admitting", "secondary", "procedure"];

fn position_index(p: Position) -> (u8, i32) {
    match p {
        Position::Claim => (0, -1),
        Position::Principal => (1, -1),
        Position::Admitting => (2, -1),
        Position::Secondary { index } => (3, i32::from(index)),
        Position::Procedure { index } => (4, i32::from(index)),
    }
}

/// The batch check behind `medcodes.claims.check_table` (which prepares the columns):
/// claim columns (`dates` days since 1970 as int32 bytes, `ages` int64 bytes, `sex` and
/// `status` string columns, `los` int64 bytes or None) and code columns (`claim_rows`
/// int64 bytes: the claim-table row of each code row, `kind`, `code`, `poa` string columns,
/// `position` int64 bytes or None; int64 nulls are i64::MIN). Returns the findings as
/// columns: claim row (int64 bytes), edit index (uint8 bytes, into `mce_edits()`), position
/// kind (uint8 bytes, into `CLAIM_POSITIONS`), position index (int32 bytes, -1 none),
/// code and message (Columns).
#[pyfunction]
#[pyo3(signature = (dates, ages, sex, status, los, claim_rows, kind, position, code, poa))]
#[allow(clippy::too_many_arguments)]
fn claims_check_table<'py>(
    py: Python<'py>,
    dates: &Bound<'py, PyBytes>,
    ages: &Bound<'py, PyBytes>,
    sex: &Bound<'py, PyAny>,
    status: Option<&Bound<'py, PyAny>>,
    los: Option<&Bound<'py, PyBytes>>,
    claim_rows: &Bound<'py, PyBytes>,
    kind: &Bound<'py, PyAny>,
    position: Option<&Bound<'py, PyBytes>>,
    code: &Bound<'py, PyAny>,
    poa: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyTuple>> {
    let no_nulls = Nulls::new(None);
    let n = dates.as_bytes().len() / 4;
    let dates = ints(dates, n, "dates", le_i32)?;
    let ages = ints(ages, n, "ages", le_i64)?;
    let sex_src = input::read(sex, &no_nulls)?;
    let status_src = status.map(|s| input::read(s, &no_nulls)).transpose()?;
    let los = los.map(|l| ints(l, n, "los", le_i64)).transpose()?;
    let claims = Claims {
        dates,
        ages,
        sex: Col::new(sex_src.chunks()?),
        status: match &status_src {
            Some(s) => Some(Col::new(s.chunks()?)),
            None => None,
        },
        los,
    };
    if claims.sex.len() != n || claims.status.as_ref().is_some_and(|s| s.len() != n) {
        return Err(PyValueError::new_err("claim columns of different lengths"));
    }

    let code_src = input::read(code, &no_nulls)?;
    let code = Col::new(code_src.chunks()?);
    let m = code.len();
    let claim_rows = I64s::new(claim_rows, m, "claim_rows")?;
    let position = position.map(|p| I64s::new(p, m, "position")).transpose()?;
    let kind_src = input::read(kind, &no_nulls)?;
    let kind_col = Col::new(kind_src.chunks()?);
    let poa_src = poa.map(|p| input::read(p, &no_nulls)).transpose()?;
    let poa = match &poa_src {
        Some(p) => Some(Col::new(p.chunks()?)),
        None => None,
    };
    if kind_col.len() != m || poa.as_ref().is_some_and(|p| p.len() != m) {
        return Err(PyValueError::new_err("code columns of different lengths"));
    }

    let result = py.detach(|| -> Result<Vec<Found>, (&'static str, BadRow)> {
        let mut kinds = Vec::with_capacity(m);
        for i in 0..m {
            let s = kind_col.str(i).map_err(|e| ("kind", e))?;
            kinds.push(kind_of(s).ok_or_else(|| {
                (
                    "kind",
                    BadRow {
                        row: i,
                        value: s.to_owned(),
                        what: "not a code kind (principal, secondary, admitting or procedure)",
                    },
                )
            })?);
        }
        // Group the code rows by claim (counting sort: table order within a claim).
        let mut first = vec![0usize; n + 1];
        let mut in_order = true;
        let mut last = 0;
        for (i, c) in claim_rows.iter().enumerate() {
            let c = usize::try_from(c).ok().filter(|&c| c < n).ok_or_else(|| {
                (
                    "claim_id",
                    BadRow {
                        row: i,
                        value: c.to_string(),
                        what: "not a claim of the claim table",
                    },
                )
            })?;
            first[c + 1] += 1;
            in_order &= c >= last;
            last = c;
        }
        for c in 0..n {
            first[c + 1] += first[c];
        }
        // Already in claim order (the usual layout): the rows of a claim are one run.
        let order = (!in_order).then(|| {
            let mut next = first.clone();
            let mut order = vec![0u32; m];
            for (i, c) in claim_rows.iter().enumerate() {
                let c = c as usize;
                order[next[c]] = i as u32;
                next[c] += 1;
            }
            order
        });
        let codes = Codes {
            kind: kinds,
            position,
            code,
            poa,
            order,
            first,
        };
        check_all(&claims, &codes).map_err(|e| ("code", e))
    });
    let found = result.map_err(|(field, e)| {
        input_error(py, field, Some(e.row), format!("{:?}", e.value), e.what)
    })?;

    let k = found.len();
    let mut rows = Vec::with_capacity(k * 8);
    let mut edits = Vec::with_capacity(k);
    let mut kinds = Vec::with_capacity(k);
    let mut indexes = Vec::with_capacity(k * 4);
    let mut codes_out = StrColumn::with_capacity(k);
    let mut messages = StrColumn::with_capacity(k);
    for (c, f) in &found {
        rows.extend_from_slice(&i64::from(*c).to_le_bytes());
        edits.push(MceEdit::ALL.iter().position(|e| *e == f.edit).unwrap_or(0) as u8);
        let (kind, index) = position_index(f.position);
        kinds.push(kind);
        indexes.extend_from_slice(&index.to_le_bytes());
        codes_out.push(f.code.as_deref().map(str::as_bytes));
        messages.push(Some(f.message.as_bytes()));
    }
    PyTuple::new(
        py,
        [
            PyBytes::new(py, &rows).into_any(),
            PyBytes::new(py, &edits).into_any(),
            PyBytes::new(py, &kinds).into_any(),
            PyBytes::new(py, &indexes).into_any(),
            Bound::new(py, PyColumn::new(Data::Str(codes_out)))?.into_any(),
            Bound::new(py, PyColumn::new(Data::Str(messages)))?.into_any(),
        ],
    )
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("CLAIM_POSITIONS", PyTuple::new(m.py(), POSITIONS)?)?;
    m.add_function(wrap_pyfunction!(claims_check, m)?)?;
    m.add_function(wrap_pyfunction!(claims_check_table, m)?)?;
    m.add_function(wrap_pyfunction!(mce_edits, m)?)?;
    Ok(())
}
