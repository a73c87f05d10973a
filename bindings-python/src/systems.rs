//! The column calls, once for every code system (named by its id, `"icd10cm"`...): read
//! the column and the dates with the GIL, run the core's batch engine
//! (`medcodes::batch`) without it, and wrap the result. Nothing here knows a system.

use std::sync::atomic::{AtomicBool, Ordering};

use medcodes::batch::{self, Dates};
use medcodes::{CodeSystem, Date};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyDate, PyList, PyString, PyTuple};

use crate::arrow;
use crate::column::Strings;
use crate::dates::{optional_date, read_date_object};
use crate::errors::type_name;
use crate::input::{self, Nulls};
use crate::output::{Data, PyColumn};

/// Whether identical inputs are looked up once per call (the core's memo); a switch for
/// benchmarks.
static MEMO: AtomicBool = AtomicBool::new(true);

/// Benchmarks only: turn the per-call memo of repeated inputs on or off.
#[pyfunction]
pub fn _set_memo(on: bool) {
    MEMO.store(on, Ordering::Relaxed);
}

fn memo_on() -> bool {
    MEMO.load(Ordering::Relaxed)
}

/// The system an id names (`ValueError` listing the ids otherwise).
pub fn system_arg(id: &str) -> PyResult<CodeSystem> {
    CodeSystem::from_id(id).ok_or_else(|| {
        let ids: Vec<&str> = CodeSystem::ALL.iter().map(|s| s.id()).collect();
        PyValueError::new_err(format!(
            "unknown code system {id:?}: expected one of {}",
            ids.join(", ")
        ))
    })
}

/// The dates argument of a column call: one date for every row (`None`: today, or the
/// newest title), or a date a row.
pub enum DateArg {
    One(Option<Date>),
    PerRow(Vec<Option<Date>>),
}

impl DateArg {
    /// The dates as the batch engine takes them (`default` for a missing single date).
    fn dates(&self, default: Date) -> Dates<'_> {
        match self {
            DateArg::One(d) => Dates::One(d.unwrap_or(default)),
            DateArg::PerRow(d) => Dates::PerRow(d),
        }
    }
}

/// Reads the dates of a column call: a scalar (a `datetime.date`, a `datetime`, an ISO
/// string, or `None`) for every row, or a column of them: a list or tuple (`None`, NaN
/// and the objects of `nulls` are missing dates), a numpy `datetime64` array (`NaT`
/// missing), or an Arrow `date32` array (the Python side casts pandas, polars and other
/// Arrow date and timestamp columns to one).
pub fn read_dates(obj: Option<&Bound<'_, PyAny>>, nulls: &Nulls) -> PyResult<DateArg> {
    let Some(obj) = obj.filter(|o| !o.is_none()) else {
        return Ok(DateArg::One(None));
    };
    if obj.is_instance_of::<PyString>() || obj.is_instance_of::<PyDate>() {
        return optional_date(Some(obj)).map(DateArg::One);
    }
    let per_row = |items: &mut dyn Iterator<Item = Bound<'_, PyAny>>| -> PyResult<DateArg> {
        let mut out = Vec::new();
        for (i, item) in items.enumerate() {
            out.push(read_date_object(&item, nulls).map_err(|e| at_row(obj.py(), e, i))?);
        }
        Ok(DateArg::PerRow(out))
    };
    if let Ok(list) = obj.cast::<PyList>() {
        return per_row(&mut list.iter());
    }
    if let Ok(tuple) = obj.cast::<PyTuple>() {
        return per_row(&mut tuple.iter());
    }
    if let Some(imported) = arrow::import_dates(obj)? {
        return imported.dates().map(DateArg::PerRow);
    }
    if let Ok(interface) = obj.getattr(pyo3::intern!(obj.py(), "__array_interface__")) {
        return input::numpy_dates(obj, &interface, nulls).map(DateArg::PerRow);
    }
    Err(PyTypeError::new_err(format!(
        "date must be a datetime.date, an ISO date string, None (today), or a column of \
         dates (a list or tuple, a numpy datetime64 array, or a pandas, polars or pyarrow \
         column of dates), not {}",
        type_name(obj)
    )))
}

/// An error about one date of a column, said with its row.
fn at_row(py: Python<'_>, e: PyErr, row: usize) -> PyErr {
    let message = format!("row {row} of the dates: {}", e.value(py));
    let new = PyErr::from_type(e.get_type(py), message.clone());
    // Keep the error's attributes (DateError: value...), with the row.
    let v = new.value(py);
    if let Ok(old) = e.value(py).getattr("__dict__") {
        let _ = v.setattr("__dict__", old);
    }
    let _ = v.setattr("row", row);
    let _ = v.setattr("message", message);
    new
}

/// The codes and dates of a call, read; `ValueError` when a date a row does not give as
/// many dates as codes.
fn read<'py>(
    codes: &Bound<'py, PyAny>,
    date: Option<&Bound<'py, PyAny>>,
    nulls: Option<&Bound<'py, PyTuple>>,
) -> PyResult<(input::Source<'py>, DateArg)> {
    let nulls = Nulls::new(nulls);
    let source = input::read(codes, &nulls)?;
    let dates = read_dates(date, &nulls)?;
    Ok((source, dates))
}

fn rows(chunks: &[Strings<'_>]) -> usize {
    chunks.iter().map(Strings::len).sum()
}

fn length_error(e: medcodes::LengthMismatch) -> PyErr {
    PyValueError::new_err(e.to_string())
}

/// Column of reason kinds (`ReasonKind` values; null for a null code or date).
#[pyfunction]
#[pyo3(signature = (system, codes, date=None, nulls=None))]
pub fn column_reasons(
    py: Python<'_>,
    system: &str,
    codes: &Bound<'_, PyAny>,
    date: Option<&Bound<'_, PyAny>>,
    nulls: Option<&Bound<'_, PyTuple>>,
) -> PyResult<PyColumn> {
    let system = system_arg(system)?;
    let (source, dates) = read(codes, date, nulls)?;
    let chunks = source.chunks()?;
    let out = py
        .detach(|| batch::reasons(system, &chunks, dates.dates(Date::today()), memo_on()))
        .map_err(length_error)?;
    Ok(PyColumn::new(Data::Reason(out)))
}

/// Column of is_valid results: valid on the date; null codes are not valid; with a date a
/// row, a row without a date is null.
#[pyfunction]
#[pyo3(signature = (system, codes, date=None, nulls=None))]
pub fn column_valid(
    py: Python<'_>,
    system: &str,
    codes: &Bound<'_, PyAny>,
    date: Option<&Bound<'_, PyAny>>,
    nulls: Option<&Bound<'_, PyTuple>>,
) -> PyResult<PyColumn> {
    let system = system_arg(system)?;
    let (source, dates) = read(codes, date, nulls)?;
    let chunks = source.chunks()?;
    let len = rows(&chunks);
    let bits = py
        .detach(|| batch::valid_bits(system, &chunks, dates.dates(Date::today()), memo_on()))
        .map_err(length_error)?;
    let validity = match &dates {
        DateArg::PerRow(d) if d.iter().any(Option::is_none) => Some(batch::pack_bits(
            &d.iter().map(|d| u8::from(d.is_some())).collect::<Vec<u8>>(),
        )),
        _ => None,
    };
    Ok(PyColumn::new(Data::Bool {
        bits,
        len,
        validity,
    }))
}

/// Column of canonical codes (`compact`: without punctuation); null where not shaped like
/// a code.
#[pyfunction]
#[pyo3(signature = (system, codes, compact=false, nulls=None))]
pub fn column_normalize(
    py: Python<'_>,
    system: &str,
    codes: &Bound<'_, PyAny>,
    compact: bool,
    nulls: Option<&Bound<'_, PyTuple>>,
) -> PyResult<PyColumn> {
    let system = system_arg(system)?;
    let source = input::read(codes, &Nulls::new(nulls))?;
    let chunks = source.chunks()?;
    let out = py.detach(|| batch::normalized(system, &chunks, compact));
    Ok(PyColumn::new(Data::Str(out)))
}

/// Column of titles in force on the date (`None`: the newest), long or `short`.
#[pyfunction]
#[pyo3(signature = (system, codes, date=None, short=false, nulls=None))]
pub fn column_titles(
    py: Python<'_>,
    system: &str,
    codes: &Bound<'_, PyAny>,
    date: Option<&Bound<'_, PyAny>>,
    short: bool,
    nulls: Option<&Bound<'_, PyTuple>>,
) -> PyResult<PyColumn> {
    let system = system_arg(system)?;
    let (source, dates) = read(codes, date, nulls)?;
    let chunks = source.chunks()?;
    let dates = match &dates {
        DateArg::One(None) => None,
        other => Some(other.dates(Date::today())),
    };
    let out = py
        .detach(|| batch::titles(system, &chunks, dates, short))
        .map_err(length_error)?;
    Ok(PyColumn::new(Data::Str(out)))
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(_set_memo, m)?)?;
    m.add_function(wrap_pyfunction!(column_reasons, m)?)?;
    m.add_function(wrap_pyfunction!(column_valid, m)?)?;
    m.add_function(wrap_pyfunction!(column_normalize, m)?)?;
    m.add_function(wrap_pyfunction!(column_titles, m)?)?;
    Ok(())
}
