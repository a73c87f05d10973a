//! MCE claim edits: one claim from a dict (`claims_check`), and a batch of claims from a
//! claim table plus a long-format code table (`claims_check_table`), read in place from
//! Arrow and checked on all cores without the GIL. Every edit is the core's
//! (`medcodes::claim::check_into`); this module only reads claims and writes findings.

use std::collections::HashMap;
use std::ops::Range;

use medcodes::claim::{
    self, CheckOptions, Claim, Diagnosis, MceEdit, Poa, Position, Procedure, Sex,
};
use medcodes::Date;
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyBytes, PyDict, PyInt, PyList, PyString, PyTuple};

use crate::arrow::{self, Imported, IntType};
use crate::column::{IntChunk, Keys, StrColumn, Strings};
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

/// What the chunks of a column have in common: a row count.
trait Rows {
    fn rows(&self) -> usize;
}

impl Rows for Strings<'_> {
    fn rows(&self) -> usize {
        self.len()
    }
}

impl Rows for IntChunk<'_> {
    fn rows(&self) -> usize {
        self.len()
    }
}

/// A column in chunks (one per Arrow batch), read by row number.
struct Chunked<C> {
    chunks: Vec<C>,
    /// Start row of each chunk.
    starts: Vec<usize>,
    len: usize,
}

impl<C: Rows> Chunked<C> {
    fn new(chunks: Vec<C>) -> Chunked<C> {
        let mut starts = Vec::with_capacity(chunks.len());
        let mut len = 0;
        for c in &chunks {
            starts.push(len);
            len += c.rows();
        }
        Chunked {
            chunks,
            starts,
            len,
        }
    }

    /// The chunk holding row `i`, and the row within it.
    #[inline(always)]
    fn locate(&self, i: usize) -> Option<(&C, usize)> {
        if let [only] = &self.chunks[..] {
            return Some((only, i));
        }
        let c = self.starts.partition_point(|&s| s <= i).checked_sub(1)?;
        Some((&self.chunks[c], i - self.starts[c]))
    }
}

/// A column of strings.
type Col<'a> = Chunked<Strings<'a>>;

/// A column of integers (`int64`, `int32` or `date32`).
type Ints<'a> = Chunked<IntChunk<'a>>;

impl Col<'_> {
    /// Row `i`'s bytes (`None` when null).
    #[inline(always)]
    fn get(&self, i: usize) -> Option<&[u8]> {
        let (c, j) = self.locate(i)?;
        c.get(j)
    }

    /// Row `i` as text (blank when null); `field` names the column in errors.
    #[inline(always)]
    fn str(&self, i: usize, field: &'static str) -> Result<&str, BadRow> {
        match self.get(i) {
            None => Ok(""),
            // Codes are ASCII: the inlined check is cheaper than a call to the full one.
            // SAFETY: ASCII is valid UTF-8.
            Some(b) if b.is_ascii() => Ok(unsafe { std::str::from_utf8_unchecked(b) }),
            Some(b) => std::str::from_utf8(b).map_err(|_| BadRow {
                field,
                row: i,
                value: format!("{:?}", String::from_utf8_lossy(b)),
                what: "not UTF-8",
            }),
        }
    }
}

impl Ints<'_> {
    /// Row `i` (`None` when null).
    #[inline(always)]
    fn get(&self, i: usize) -> Option<i64> {
        let (c, j) = self.locate(i)?;
        c.get(j)
    }
}

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

/// A row of a table that could not be read: the column, the row, the value as shown in
/// the error, and what is wrong with it.
struct BadRow {
    field: &'static str,
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

/// The `kind` column. Dictionary-encoded (the usual layout, a few distinct values), its
/// values are read once and a row is one index; otherwise each row's text is read.
struct KindCol<'a> {
    text: Col<'a>,
    dictionary: Option<(Keys<'a>, Vec<Option<Kind>>)>,
}

impl<'a> KindCol<'a> {
    fn new(text: Col<'a>) -> KindCol<'a> {
        let dictionary = match &text.chunks[..] {
            [Strings::Dict {
                keys,
                validity: None,
                values,
            }] => {
                let kinds = (0..values.len())
                    .map(|k| {
                        let s = values.get(k).and_then(|b| std::str::from_utf8(b).ok());
                        s.and_then(kind_of)
                    })
                    .collect();
                Some((*keys, kinds))
            }
            _ => None,
        };
        KindCol { text, dictionary }
    }

    #[inline]
    fn at(&self, r: usize) -> Result<Kind, BadRow> {
        if let Some((keys, kinds)) = &self.dictionary {
            if let Some(&Some(kind)) = keys.get(r).and_then(|k| kinds.get(k)) {
                return Ok(kind);
            }
        }
        // Text, or a dictionary entry that is not a kind (read again for the error).
        let s = self.text.str(r, "kind")?;
        kind_of(s).ok_or_else(|| BadRow {
            field: "kind",
            row: r,
            value: format!("{s:?}"),
            what: "not a code kind (principal, secondary, admitting or procedure)",
        })
    }
}

/// The claim table, read.
struct Claims<'a> {
    dates: Ints<'a>,
    ages: Ints<'a>,
    sex: Col<'a>,
    status: Option<Col<'a>>,
    los: Option<Ints<'a>>,
}

/// The code table, read and grouped by claim.
struct Codes<'a> {
    kind: KindCol<'a>,
    position: Option<Ints<'a>>,
    code: Col<'a>,
    poa: Option<Col<'a>>,
    rows: ClaimRows,
}

/// The findings, as the columns `check_table` returns: each thread fills its own, then
/// they are appended in claim order.
struct Found {
    /// Claim-table row (int64 little-endian).
    rows: Vec<u8>,
    /// Index into `MceEdit::ALL`.
    edits: Vec<u8>,
    /// Index into `POSITIONS`.
    kinds: Vec<u8>,
    /// Index among the secondary diagnoses or procedures, -1 for none (int32
    /// little-endian).
    indexes: Vec<u8>,
    codes: StrColumn,
    messages: StrColumn,
}

impl Found {
    fn new() -> Found {
        Found {
            rows: Vec::new(),
            edits: Vec::new(),
            kinds: Vec::new(),
            indexes: Vec::new(),
            codes: StrColumn::with_capacity(0),
            messages: StrColumn::with_capacity(0),
        }
    }

    fn push(&mut self, claim_row: usize, f: &claim::Finding) {
        self.rows
            .extend_from_slice(&(claim_row as i64).to_le_bytes());
        self.edits
            .push(MceEdit::ALL.iter().position(|e| *e == f.edit).unwrap_or(0) as u8);
        let (kind, index) = position_index(f.position);
        self.kinds.push(kind);
        self.indexes.extend_from_slice(&index.to_le_bytes());
        self.codes.push(f.code.as_deref().map(str::as_bytes));
        self.messages.push(Some(f.message.as_bytes()));
    }

    fn append(&mut self, other: Found) {
        self.rows.extend_from_slice(&other.rows);
        self.edits.extend_from_slice(&other.edits);
        self.kinds.extend_from_slice(&other.kinds);
        self.indexes.extend_from_slice(&other.indexes);
        self.codes.append(other.codes);
        self.messages.append(other.messages);
    }
}

/// The claim table's ids, to find a code row's claim.
enum ClaimIndex {
    /// The code table's ids are claim-table rows already, `0..n` (found on the Python
    /// side, for ids that are not integers).
    Rows(usize),
    /// Strictly increasing ids: unique, and found by binary search.
    Increasing(Vec<i64>),
    /// Any other (unique) ids, and the row of each.
    Hashed {
        ids: Vec<i64>,
        rows: HashMap<i64, u32>,
    },
}

impl ClaimIndex {
    /// The index of `ids`: each unique and not null (else the row that is not).
    fn new(ids: &Ints<'_>) -> Result<ClaimIndex, BadRow> {
        let mut values = Vec::with_capacity(ids.len);
        for i in 0..ids.len {
            values.push(ids.get(i).ok_or_else(|| BadRow {
                field: "claim_id",
                row: i,
                value: "None".into(),
                what: "missing value",
            })?);
        }
        if values.windows(2).all(|w| w[0] < w[1]) {
            return Ok(ClaimIndex::Increasing(values));
        }
        let mut rows = HashMap::with_capacity(values.len());
        for (i, &id) in values.iter().enumerate() {
            if rows.insert(id, i as u32).is_some() {
                return Err(BadRow {
                    field: "claim_id",
                    row: i,
                    value: id.to_string(),
                    what: "the same claim_id twice in the claim table",
                });
            }
        }
        Ok(ClaimIndex::Hashed { ids: values, rows })
    }

    /// The number of claims.
    fn len(&self) -> usize {
        match self {
            ClaimIndex::Rows(n) => *n,
            ClaimIndex::Increasing(ids) | ClaimIndex::Hashed { ids, .. } => ids.len(),
        }
    }

    /// The row of the claim with `id`. Code tables usually list each claim's codes
    /// together and the claims in the claim table's order, so `hint` (the previous code
    /// row's claim) and the claim after it are tried first.
    #[inline]
    fn find(&self, id: i64, hint: usize) -> Option<usize> {
        let ids = match self {
            ClaimIndex::Rows(n) => return usize::try_from(id).ok().filter(|r| r < n),
            ClaimIndex::Increasing(ids) | ClaimIndex::Hashed { ids, .. } => ids,
        };
        if ids.get(hint) == Some(&id) {
            return Some(hint);
        }
        if ids.get(hint + 1) == Some(&id) {
            return Some(hint + 1);
        }
        match self {
            ClaimIndex::Hashed { rows, .. } => rows.get(&id).map(|&r| r as usize),
            _ => ids.binary_search(&id).ok(),
        }
    }
}

/// The code rows of each claim: `order[first[c]..first[c + 1]]` for claim `c`, in table
/// order; without `order` (the table already groups the rows by claim, in claim order) the
/// rows are `first[c]..first[c + 1]`.
struct ClaimRows {
    first: Vec<usize>,
    order: Option<Vec<u32>>,
}

impl ClaimRows {
    /// Groups the code rows (their claim ids: `code_claims`) by claim. A counting sort:
    /// rows keep their table order within a claim.
    fn new(index: &ClaimIndex, code_claims: &Ints<'_>) -> Result<ClaimRows, BadRow> {
        let n = index.len();
        let claim_of = |i: usize, hint: usize| -> Result<usize, BadRow> {
            let id = code_claims.get(i).ok_or_else(|| BadRow {
                field: "claim_id",
                row: i,
                value: "None".into(),
                what: "missing value",
            })?;
            index.find(id, hint).ok_or_else(|| BadRow {
                field: "claim_id",
                row: i,
                value: id.to_string(),
                what: "not in the claim table",
            })
        };
        let mut first = vec![0usize; n + 1];
        let mut in_order = true;
        let mut last = 0;
        for i in 0..code_claims.len {
            let c = claim_of(i, last)?;
            first[c + 1] += 1;
            in_order &= c >= last;
            last = c;
        }
        for c in 0..n {
            first[c + 1] += first[c];
        }
        if in_order {
            return Ok(ClaimRows { first, order: None });
        }
        // Rows out of claim order: find the claims again (rare, so not kept from above).
        let mut next = first.clone();
        let mut order = vec![0u32; code_claims.len];
        let mut last = 0;
        for i in 0..code_claims.len {
            let c = claim_of(i, last)?;
            order[next[c]] = i as u32;
            next[c] += 1;
            last = c;
        }
        Ok(ClaimRows {
            first,
            order: Some(order),
        })
    }

    /// The code rows of claim `c`.
    #[inline]
    fn of(&self, c: usize) -> impl Iterator<Item = usize> + '_ {
        let range = self.first[c]..self.first[c + 1];
        let order = self.order.as_deref();
        range.map(move |k| order.map_or(k, |o| o[k] as usize))
    }
}

fn check_range(
    claims: &Claims<'_>,
    codes: &Codes<'_>,
    range: Range<usize>,
) -> Result<Found, BadRow> {
    let mut out = Found::new();
    let mut buf = Vec::new();
    let mut secondary: Vec<(i64, usize)> = Vec::new();
    let mut procedures: Vec<(i64, usize)> = Vec::new();
    // One claim value, its lists reused from claim to claim.
    let mut claim: Claim<&str> = Claim::default();
    for c in range {
        let age = claims.ages.get(c).ok_or_else(|| BadRow {
            field: "age",
            row: c,
            value: "None".into(),
            what: "missing value",
        })?;
        let days = claims.dates.get(c).ok_or_else(|| BadRow {
            field: "discharge_date",
            row: c,
            value: "None".into(),
            what: "missing value",
        })?;
        claim.date = Date::from_days_since_epoch(days);
        // Out-of-range ages are the core's invalid-age edit.
        claim.age = i32::try_from(age).unwrap_or(if age < 0 { -1 } else { i32::MAX });
        claim.sex = Sex::parse(claims.sex.str(c, "sex").unwrap_or("?"));
        claim.discharge_status = match &claims.status {
            Some(s) => status_of_text(s.str(c, "discharge_status").unwrap_or("?")),
            None => None,
        };
        claim.length_of_stay = claims
            .los
            .as_ref()
            .and_then(|l| l.get(c))
            .map(|l| u32::try_from(l).unwrap_or(u32::MAX));
        claim.principal = Diagnosis::default();
        claim.admitting = None;
        secondary.clear();
        procedures.clear();
        let mut principal_row = None;
        for r in codes.rows.of(c) {
            // No position: table order (the sorts below are stable).
            let pos = codes
                .position
                .as_ref()
                .map_or(0, |p| p.get(r).unwrap_or(i64::MIN));
            match codes.kind.at(r)? {
                Kind::Principal => {
                    if principal_row.replace(r).is_some() {
                        return Err(second(
                            codes,
                            r,
                            "a second principal diagnosis for the claim",
                        ));
                    }
                    claim.principal = diagnosis_at(codes, r)?;
                }
                Kind::Admitting => {
                    if claim.admitting.replace(diagnosis_at(codes, r)?).is_some() {
                        return Err(second(
                            codes,
                            r,
                            "a second admitting diagnosis for the claim",
                        ));
                    }
                }
                Kind::Secondary => secondary.push((pos, r)),
                Kind::Procedure => procedures.push((pos, r)),
            }
        }
        secondary.sort_by_key(|&(p, _)| p);
        procedures.sort_by_key(|&(p, _)| p);
        claim.secondary.clear();
        for &(_, r) in &secondary {
            claim.secondary.push(diagnosis_at(codes, r)?);
        }
        claim.procedures.clear();
        for &(_, r) in &procedures {
            claim.procedures.push(Procedure {
                code: codes.code.str(r, "code")?,
            });
        }
        buf.clear();
        claim::check_into(&claim, &mut buf);
        for f in &buf {
            out.push(c, f);
        }
    }
    Ok(out)
}

/// The error for a second principal (or admitting) diagnosis at code row `r`.
fn second(codes: &Codes<'_>, r: usize, what: &'static str) -> BadRow {
    BadRow {
        field: "code",
        row: r,
        value: format!(
            "{:?}",
            String::from_utf8_lossy(codes.code.get(r).unwrap_or_default())
        ),
        what,
    }
}

fn diagnosis_at<'a>(codes: &'a Codes<'a>, r: usize) -> Result<Diagnosis<&'a str>, BadRow> {
    let poa = match &codes.poa {
        Some(p) => Poa::parse(p.str(r, "poa")?),
        None => Poa::Blank,
    };
    Ok(Diagnosis {
        code: codes.code.str(r, "code")?,
        poa,
    })
}

/// Claims per thread, at least.
const MIN_CLAIMS_PER_THREAD: usize = 4096;

fn check_all(claims: &Claims<'_>, codes: &Codes<'_>) -> Result<Found, BadRow> {
    let n = claims.dates.len;
    let threads = std::thread::available_parallelism()
        .map_or(1, |t| t.get().min(16))
        .min(n / MIN_CLAIMS_PER_THREAD)
        .max(1);
    if threads == 1 {
        return check_range(claims, codes, 0..n);
    }
    let step = n.div_ceil(threads);
    let parts: Vec<Result<Found, BadRow>> = std::thread::scope(|s| {
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
    let mut out = Found::new();
    for p in parts {
        out.append(p?);
    }
    Ok(out)
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
    let claims = Claims {
        dates: Ints::new(dates_src.chunks()?),
        ages: Ints::new(ages_src.chunks()?),
        sex: Col::new(sex_src.chunks()?),
        status: status_src
            .as_ref()
            .map(|s| s.chunks().map(Col::new))
            .transpose()?,
        los: los_src
            .as_ref()
            .map(|l| l.chunks().map(Ints::new))
            .transpose()?,
    };
    let ids = ids_src
        .as_ref()
        .map(|c| c.chunks().map(Ints::new))
        .transpose()?;
    let n = claims.dates.len;
    if claims.ages.len != n
        || claims.sex.len != n
        || claims.status.as_ref().is_some_and(|s| s.len != n)
        || claims.los.as_ref().is_some_and(|l| l.len != n)
        || ids.as_ref().is_some_and(|c| c.len != n)
    {
        return Err(PyValueError::new_err("claim columns of different lengths"));
    }

    let code_claims_src = read_ints(code_claims, "code_claims")?;
    let kind_src = read_strings(kind)?;
    let position_src = position.map(|p| read_ints(p, "position")).transpose()?;
    let code_src = read_strings(code)?;
    let poa_src = poa.map(read_strings).transpose()?;
    let code_claims = Ints::new(code_claims_src.chunks()?);
    let kind = KindCol::new(Col::new(kind_src.chunks()?));
    let position = position_src
        .as_ref()
        .map(|p| p.chunks().map(Ints::new))
        .transpose()?;
    let code = Col::new(code_src.chunks()?);
    let poa = poa_src
        .as_ref()
        .map(|p| p.chunks().map(Col::new))
        .transpose()?;
    let m = code.len;
    if code_claims.len != m
        || kind.text.len != m
        || position.as_ref().is_some_and(|p| p.len != m)
        || poa.as_ref().is_some_and(|p| p.len != m)
    {
        return Err(PyValueError::new_err("code columns of different lengths"));
    }

    let result = py.detach(|| -> Result<Found, BadRow> {
        let index = match &ids {
            Some(ids) => ClaimIndex::new(ids)?,
            None => ClaimIndex::Rows(n),
        };
        let codes = Codes {
            kind,
            position,
            code,
            poa,
            rows: ClaimRows::new(&index, &code_claims)?,
        };
        check_all(&claims, &codes)
    });
    let found = result.map_err(|e| input_error(py, e.field, Some(e.row), e.value, e.what))?;

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
    m.add("CLAIM_POSITIONS", PyTuple::new(m.py(), POSITIONS)?)?;
    m.add_function(wrap_pyfunction!(claims_check, m)?)?;
    m.add_function(wrap_pyfunction!(claims_check_table, m)?)?;
    m.add_function(wrap_pyfunction!(mce_edits, m)?)?;
    Ok(())
}
