//! CMS-HCC risk adjustment (`medcodes::hcc`): a column of diagnoses to the categories of
//! each row, a long table of (patient, diagnosis) to each patient's categories with the
//! hierarchies applied, and one patient's risk score. Python's `medcodes.hcc` module
//! prepares the columns and builds the Arrow, pandas or polars answer; every rule is the
//! core's.

use medcodes::batch::{Keys, Strings};
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

/// The categories of each row, as a list column: `offsets` (int32, rows + 1) into
/// `values` (uint16: indexes into the model-year's variables), one list a row; the
/// rows' validity (a byte a row, 1 when the row has an answer). A null row, and a row not
/// shaped like an ICD-10-CM code, is null; a code the model does not count is an empty
/// list.
struct ListColumn {
    offsets: Vec<i32>,
    values: Vec<u16>,
    valid: Vec<u8>,
    nulls: usize,
}

/// The answer for one spelling, packed: bit 63 set when it is a code (not null), bits
/// 56-59 the number of categories, and the categories' indexes in bits 0-47 (three
/// at most), or, with bit 62 set, where they start in `Answers::pool` (more than three).
#[derive(Clone, Copy)]
struct Answer(u64);

const VALID: u64 = 1 << 63;
const POOLED: u64 = 1 << 62;
const NULL_ANSWER: Answer = Answer(0);

impl Answer {
    #[inline]
    fn valid(self) -> bool {
        self.0 & VALID != 0
    }

    #[inline]
    fn len(self) -> usize {
        ((self.0 >> 56) & 0xF) as usize
    }
}

/// The answers of the spellings met, each computed once by the core
/// (`HccModelYear::categories`), in a memo from a spelling to its answer: a column of
/// millions of diagnoses repeats a few tens of thousands of codes, and one probe of a
/// small table (16 bytes an entry: the spelling's bytes, its answer) is cheaper than
/// reading the code and probing the model's map again. Spellings of 1 to 8 bytes whose
/// last byte is not NUL are kept (their bytes, zero-padded, tell them apart); others go to
/// the core each time.
struct Answers {
    my: HccModelYear,
    table: Vec<[u64; 2]>,
    bits: u32,
    len: usize,
    pool: Vec<u16>,
}

const MAX_BITS: u32 = 20;

impl Answers {
    fn new(my: HccModelYear) -> Answers {
        let bits = 12;
        Answers {
            my,
            table: vec![[0, 0]; 1 << bits],
            bits,
            len: 0,
            pool: Vec::new(),
        }
    }

    /// The core's answer for one spelling.
    fn compute(&mut self, bytes: &[u8]) -> Answer {
        let Ok(Ok(cats)) = std::str::from_utf8(bytes).map(|s| self.my.categories(s)) else {
            return NULL_ANSWER;
        };
        let cats: Vec<u16> = cats.map(|v| v.index()).collect();
        let n = cats.len().min(15) as u64;
        if cats.len() <= 3 {
            let packed = cats
                .iter()
                .enumerate()
                .fold(0u64, |acc, (i, &c)| acc | u64::from(c) << (16 * i));
            Answer(VALID | n << 56 | packed)
        } else {
            let start = self.pool.len() as u64;
            self.pool.extend_from_slice(&cats[..n as usize]);
            Answer(VALID | POOLED | n << 56 | start)
        }
    }

    #[inline]
    fn slot_of(key: u64, bits: u32) -> usize {
        (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - bits)) as usize
    }

    /// The answer of a spelling: from the memo, or computed and remembered.
    #[inline]
    fn of(&mut self, bytes: &[u8]) -> Answer {
        let Some(key) = memo_key(bytes) else {
            return self.compute(bytes);
        };
        let mask = (1usize << self.bits) - 1;
        let mut slot = Self::slot_of(key, self.bits);
        loop {
            let [k, v] = self.table[slot];
            if k == key {
                return Answer(v);
            }
            if k == 0 {
                break;
            }
            slot = (slot + 1) & mask;
        }
        let answer = self.compute(bytes);
        if (self.len + 1) * 2 > self.table.len() {
            if self.bits < MAX_BITS {
                self.grow();
                self.insert(key, answer);
            }
            // At the largest table, further spellings are computed each time they come.
        } else {
            self.table[slot] = [key, answer.0];
            self.len += 1;
        }
        answer
    }

    fn insert(&mut self, key: u64, answer: Answer) {
        let mask = (1usize << self.bits) - 1;
        let mut slot = Self::slot_of(key, self.bits);
        while self.table[slot][0] != 0 {
            slot = (slot + 1) & mask;
        }
        self.table[slot] = [key, answer.0];
        self.len += 1;
    }

    fn grow(&mut self) {
        let old = std::mem::take(&mut self.table);
        self.bits += 1;
        self.table = vec![[0, 0]; 1 << self.bits];
        self.len = 0;
        for [k, v] in old {
            if k != 0 {
                self.insert(k, Answer(v));
            }
        }
    }
}

/// A spelling of 1 to 8 bytes whose last byte is not NUL as its bytes, zero-padded, in a
/// `u64` (never 0): the last non-zero byte gives the length back, so two spellings have
/// the same key only when they are the same. `None` for others.
#[inline]
fn memo_key(s: &[u8]) -> Option<u64> {
    let n = s.len();
    if n == 0 || n > 8 || s[n - 1] == 0 {
        return None;
    }
    Some(match n {
        1..=3 => {
            u64::from(s[0])
                | u64::from(s[n / 2]) << (n / 2 * 8)
                | u64::from(s[n - 1]) << ((n - 1) * 8)
        }
        _ => {
            let a = u32::from_le_bytes([s[0], s[1], s[2], s[3]]);
            let b = u32::from_le_bytes([s[n - 4], s[n - 3], s[n - 2], s[n - 1]]);
            u64::from(a) | u64::from(b) << ((n - 4) * 8)
        }
    })
}

impl ListColumn {
    fn with_capacity(rows: usize) -> ListColumn {
        let mut offsets = Vec::with_capacity(rows + 1);
        offsets.push(0);
        ListColumn {
            offsets,
            values: Vec::with_capacity(rows),
            valid: Vec::with_capacity(rows),
            nulls: 0,
        }
    }

    #[inline]
    fn push_answer(&mut self, answers: &Answers, a: Answer) {
        if a.0 & (VALID | POOLED | 0xF << 56) == VALID | 1 << 56 {
            // The common case: a code with one category, kept in the answer.
            self.values.push(a.0 as u16);
            self.offsets.push(self.values.len() as i32);
            self.valid.push(1);
            return;
        }
        if a.valid() {
            let n = a.len();
            if a.0 & POOLED == 0 {
                for i in 0..n {
                    self.values.push((a.0 >> (16 * i)) as u16);
                }
            } else {
                let start = (a.0 & 0xFFFF_FFFF) as usize;
                self.values
                    .extend_from_slice(&answers.pool[start..start + n]);
            }
        }
        self.push_row(a.valid());
    }

    /// Appends rows `rows` of one chunk.
    fn extend(&mut self, answers: &mut Answers, chunk: &Strings<'_>, rows: std::ops::Range<usize>) {
        match chunk {
            // A dictionary column: each distinct spelling answered once, the rows copied.
            Strings::Dict {
                keys,
                validity,
                values,
            } => {
                let distinct: Vec<Answer> = (0..values.len())
                    .map(|i| match values.get(i) {
                        Some(b) => answers.of(b),
                        None => NULL_ANSWER,
                    })
                    .collect();
                // One loop a key type, the type's match out of the loop.
                macro_rules! expand {
                    ($k:expr) => {{
                        let k = $k.get(rows.clone()).unwrap_or(&[]);
                        for (j, &key) in k.iter().enumerate() {
                            let i = rows.start + j;
                            let answer = if validity.as_ref().is_none_or(|v| v.get(i)) {
                                usize::try_from(key)
                                    .ok()
                                    .and_then(|key| distinct.get(key))
                                    .copied()
                                    .unwrap_or(NULL_ANSWER)
                            } else {
                                NULL_ANSWER
                            };
                            self.push_answer(answers, answer);
                        }
                    }};
                }
                match keys {
                    Keys::I8(k) => expand!(k),
                    Keys::U8(k) => expand!(k),
                    Keys::I16(k) => expand!(k),
                    Keys::U16(k) => expand!(k),
                    Keys::I32(k) => expand!(k),
                    Keys::U32(k) => expand!(k),
                    Keys::I64(k) => expand!(k),
                    Keys::U64(k) => expand!(k),
                }
            }
            // A plain string column: the offsets walked directly.
            Strings::Utf8 {
                offsets,
                data,
                validity,
            } => {
                for i in rows {
                    if validity.as_ref().is_none_or(|v| v.get(i)) {
                        let (a, b) = (offsets[i] as usize, offsets[i + 1] as usize);
                        match data.get(a..b) {
                            Some(bytes) => {
                                let answer = answers.of(bytes);
                                self.push_answer(answers, answer);
                            }
                            None => self.push_row(false),
                        }
                    } else {
                        self.push_row(false);
                    }
                }
            }
            _ => {
                for i in rows {
                    match chunk.get(i) {
                        Some(bytes) => {
                            let answer = answers.of(bytes);
                            self.push_answer(answers, answer);
                        }
                        None => self.push_row(false),
                    }
                }
            }
        }
    }

    #[inline]
    fn push_row(&mut self, valid: bool) {
        self.offsets.push(self.values.len() as i32);
        self.valid.push(u8::from(valid));
        self.nulls += usize::from(!valid);
    }
}

/// Maps one chunk into `out`: big chunks in parts on all cores (each part with its own
/// memo), then joined in order.
fn map_chunk(my: HccModelYear, chunk: &Strings<'_>, out: &mut ListColumn) {
    let n = chunk.len();
    let threads = std::thread::available_parallelism().map_or(1, |t| t.get().min(8));
    if threads < 2 || n < 64 * 1024 {
        out.extend(&mut Answers::new(my), chunk, 0..n);
        return;
    }
    let per = n.div_ceil(threads);
    let parts: Vec<ListColumn> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                let rows = (t * per).min(n)..((t + 1) * per).min(n);
                scope.spawn(move || {
                    let mut part = ListColumn::with_capacity(rows.len());
                    part.extend(&mut Answers::new(my), chunk, rows);
                    part
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                // A part's thread only panics if the core does; say so rather than hide it.
                h.join().unwrap_or_else(|e| std::panic::resume_unwind(e))
            })
            .collect()
    });
    for part in parts {
        let base = out.values.len() as i32;
        out.offsets
            .extend(part.offsets[1..].iter().map(|o| o + base));
        out.values.extend_from_slice(&part.values);
        out.valid.extend_from_slice(&part.valid);
        out.nulls += part.nulls;
    }
}

/// A code column to each row's categories in `model`'s `year` (see `ListColumn`):
/// `(offsets, values, validity)` as bytes (`validity` None when every row has one).
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
    let out = py.detach(|| {
        let rows: usize = chunks.iter().map(Strings::len).sum();
        let mut out = ListColumn::with_capacity(rows);
        for c in &chunks {
            map_chunk(my, c, &mut out);
        }
        out
    });
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
