//! Every call of a code set, once for every system (named by its id, `"icd10cm"`...):
//! the scalar calls over `medcodes::CodeSystem` and `AnyCode`, and the column calls, which
//! read the column and the dates with the GIL, run the core's batch engine
//! (`medcodes::batch`) without it, and wrap the result. Nothing here knows a system.

use std::sync::atomic::{AtomicBool, Ordering};

use medcodes::batch::{self, Bitmap, Dates};
use medcodes::{CodeSystem, Date, Detection, Release};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyDate, PyFloat, PyList, PyString, PyTuple};

use crate::arrow;
use crate::codes::{self, PyTitleSource};
use crate::column::Strings;
use crate::dates::{at_row, date_or_today, optional_date, read_date_object, to_py};
use crate::errors::{reason_kind_object, type_name, validation_error};
use crate::input::{self, str_arg, Nulls};
use crate::output::{Data, PyColumn};

/// Whether identical inputs are looked up once per call (the core's memo); a switch for
/// benchmarks.
static MEMO: AtomicBool = AtomicBool::new(true);

/// Benchmarks only: turn the per-call memo of repeated inputs on or off.
#[pyfunction]
pub fn _set_memo(on: bool) {
    MEMO.store(on, Ordering::Relaxed);
}

pub fn memo_on() -> bool {
    MEMO.load(Ordering::Relaxed)
}

/// The system an id names (`ValueError` listing the ids otherwise).
pub fn system_arg(id: &str) -> PyResult<CodeSystem> {
    system_by_id(id).map_err(PyValueError::new_err)
}

/// The system an id names, or why not (the ids listed).
pub fn system_by_id(id: &str) -> Result<CodeSystem, String> {
    let exact = CodeSystem::ALL.iter().copied().find(|s| s.id() == id);
    exact.or_else(|| CodeSystem::from_id(id)).ok_or_else(|| {
        format!(
            "unknown code system {id:?}: expected one of {}",
            codes::system_ids().join(", ")
        )
    })
}

// ---------------------------------------------------------------------------------------
// Scalar calls

/// The canonical form of a code (`compact`: without punctuation, e.g. 'E119'), or None
/// when it is not shaped like a code of the system.
#[pyfunction]
#[pyo3(signature = (system, code, compact=false))]
fn normalize(system: &str, code: &Bound<'_, PyAny>, compact: bool) -> PyResult<Option<String>> {
    let system = system_arg(system)?;
    let code = str_arg(code, "code")?;
    let form = if compact {
        system.compact(&code)
    } else {
        system.canonical(&code)
    };
    Ok(form.ok().map(|c| c.as_str().to_owned()))
}

/// Finds a code (or header, or level of the hierarchy) in any release, without regard to
/// date; raises why not (EmptyCodeError, MalformedCodeError, UnknownCodeError...).
#[pyfunction]
fn lookup<'py>(
    py: Python<'py>,
    system: &str,
    code: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    let system = system_arg(system)?;
    let code = str_arg(code, "code")?;
    match system.lookup(&code) {
        Ok(c) => codes::to_py_code(py, c),
        Err(e) => Err(validation_error(py, e)),
    }
}

/// The code when it is valid on the date (None: today), otherwise raises the reason.
#[pyfunction]
#[pyo3(signature = (system, code, date=None))]
fn validate<'py>(
    py: Python<'py>,
    system: &str,
    code: &Bound<'py, PyAny>,
    date: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let system = system_arg(system)?;
    let code = str_arg(code, "code")?;
    match system.validate(&code, date_or_today(date)?) {
        Ok(c) => codes::to_py_code(py, c),
        Err(e) => Err(validation_error(py, e)),
    }
}

/// The outcome of `validate` as a ReasonKind, without raising.
#[pyfunction]
#[pyo3(signature = (system, code, date=None))]
fn reason(
    py: Python<'_>,
    system: &str,
    code: &Bound<'_, PyAny>,
    date: Option<&Bound<'_, PyAny>>,
) -> PyResult<Py<PyAny>> {
    let system = system_arg(system)?;
    let code = str_arg(code, "code")?;
    Ok(reason_kind_object(
        py,
        system.reason(&code, date_or_today(date)?),
    ))
}

/// Whether a code is valid on a date (None: today).
#[pyfunction]
#[pyo3(signature = (system, code, date=None))]
fn is_valid(
    system: &str,
    code: &Bound<'_, PyAny>,
    date: Option<&Bound<'_, PyAny>>,
) -> PyResult<bool> {
    let system = system_arg(system)?;
    let code = str_arg(code, "code")?;
    Ok(system.reason(&code, date_or_today(date)?) == medcodes::ReasonKind::Valid)
}

/// The long (or short) title of a code in force on a date, or (date None) the newest.
#[pyfunction]
#[pyo3(signature = (system, code, date=None, short=false))]
fn title(
    system: &str,
    code: &Bound<'_, PyAny>,
    date: Option<&Bound<'_, PyAny>>,
    short: bool,
) -> PyResult<Option<String>> {
    let system = system_arg(system)?;
    let py = code.py();
    let code = str_arg(code, "code")?;
    let date = optional_date(date)?;
    if let Some(d) = date {
        // Out of the data: an error, as from every call on a date.
        system.check_date(d).map_err(|e| validation_error(py, e))?;
    }
    Ok(system
        .title(&code, date, short)
        .map(|t| t.text.into_owned()))
}

/// First and last date of service the bundled data covers.
#[pyfunction]
fn coverage<'py>(
    py: Python<'py>,
    system: &str,
) -> PyResult<(Bound<'py, PyDate>, Bound<'py, PyDate>)> {
    let (first, last) = system_arg(system)?.coverage();
    Ok((to_py(py, first)?, to_py(py, last)?))
}

/// Every release in the bundled data, oldest first.
#[pyfunction]
fn releases<'py>(py: Python<'py>, system: &str) -> PyResult<Bound<'py, PyList>> {
    PyList::new(
        py,
        system_arg(system)?.releases().into_iter().map(PyRelease),
    )
}

/// The release in force on a date (None: today); None outside the covered dates.
#[pyfunction]
#[pyo3(signature = (system, date=None))]
fn release_on(system: &str, date: Option<&Bound<'_, PyAny>>) -> PyResult<Option<PyRelease>> {
    let system = system_arg(system)?;
    Ok(system.release_on(date_or_today(date)?).map(PyRelease))
}

/// The sources the titles come from, oldest first.
#[pyfunction]
fn title_sources<'py>(py: Python<'py>, system: &str) -> PyResult<Bound<'py, PyList>> {
    let sources = system_arg(system)?.title_sources();
    PyList::new(py, sources.iter().map(|s| PyTitleSource(*s)))
}

/// Every code in the bundled data (all releases, headers and levels too), in code order.
#[pyfunction]
#[pyo3(name = "codes")]
fn all_codes<'py>(py: Python<'py>, system: &str) -> PyResult<Bound<'py, PyList>> {
    let system = system_arg(system)?;
    codes::list(py, py.detach(|| system.codes()))
}

/// The codes valid on a date (None: today), in code order.
#[pyfunction]
#[pyo3(signature = (system, date=None))]
fn codes_valid_on<'py>(
    py: Python<'py>,
    system: &str,
    date: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyList>> {
    let system = system_arg(system)?;
    let date = date_or_today(date)?;
    codes::list(py, py.detach(|| system.codes_valid_on(date)))
}

/// Codes, headers and levels (any release) that start with a prefix, itself included, in
/// code order (case, spaces and the system's punctuation ignored): for autocomplete.
#[pyfunction]
fn codes_starting_with<'py>(
    py: Python<'py>,
    system: &str,
    prefix: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyList>> {
    let system = system_arg(system)?;
    let prefix = str_arg(prefix, "prefix")?;
    codes::list(py, system.codes_starting_with(&prefix))
}

/// The ids of the systems a string is a code (or header, or level) of, in any release:
/// none, one, or several when the string is ambiguous ('B20' is an ICD-10-CM category and
/// an ICD-10-PCS table); ['cpt'] when no built-in system knows it and it is shaped like a
/// CPT code.
#[pyfunction]
fn detect(code: &Bound<'_, PyAny>) -> PyResult<Vec<&'static str>> {
    let code = str_arg(code, "code")?;
    Ok(match medcodes::detect(&code) {
        Detection::One(s) => vec![s.id()],
        Detection::Ambiguous(all) => all.into_iter().map(CodeSystem::id).collect(),
        // Shaped like CPT, which has no built-in list.
        Detection::Cpt(_) => vec!["cpt"],
        _ => Vec::new(),
    })
}

/// A release of a code set: the date an update took effect.
#[pyclass(frozen, eq, hash, module = "medcodes", name = "Release")]
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct PyRelease(pub Release);

#[pymethods]
impl PyRelease {
    #[getter]
    fn effective<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDate>> {
        to_py(py, self.0.effective)
    }

    /// The US federal fiscal year, e.g. 2025 for a release effective 2024-10-01.
    #[getter]
    fn fiscal_year(&self) -> u16 {
        self.0.fiscal_year().0
    }

    fn __str__(&self) -> String {
        self.0.to_string()
    }

    fn __repr__(&self) -> String {
        format!("<Release {} ({})>", self.0, self.0.effective)
    }
}

// ---------------------------------------------------------------------------------------
// Column calls

/// The dates argument of a column call: one date for every row (`None`: today, or the
/// newest title), a date a row (as dates, or as days since 1970 from an Arrow `date32`
/// column with a bitmap of the rows that have one), or no date for any row (a missing
/// scalar: NaN, `NaT`).
pub enum DateArg {
    One(Option<Date>),
    PerRow(Vec<Option<Date>>),
    Days(Vec<i32>, Option<Vec<u8>>),
    /// A one-chunk Arrow `date32` column, read in place ([`arrow::Imported::one_chunk`]).
    Arrow(arrow::Imported<arrow::DateType>),
    Missing,
}

impl DateArg {
    /// A date a row for `rows` rows when no row has one.
    fn sized(self, rows: usize) -> DateArg {
        match self {
            DateArg::Missing => DateArg::PerRow(vec![None; rows]),
            other => other,
        }
    }

    /// The dates as the batch engine takes them (`default` for a missing single date).
    fn dates(&self, default: Date) -> Dates<'_> {
        match self {
            DateArg::One(d) => Dates::One(d.unwrap_or(default)),
            DateArg::PerRow(d) => Dates::PerRow(d),
            DateArg::Days(days, validity) => Dates::Days {
                days,
                validity: validity.as_deref().map(|bits| Bitmap { bits, offset: 0 }),
            },
            DateArg::Missing => Dates::PerRow(&[]),
            // `one_chunk` is `Some` for what `read_dates` keeps as `Arrow`.
            DateArg::Arrow(imported) => match imported.one_chunk() {
                Some((days, validity)) => Dates::Days { days, validity },
                None => Dates::PerRow(&[]),
            },
        }
    }
}

/// Reads the dates of a column call: a scalar (a `datetime.date`, a `datetime`, an ISO
/// string, or `None`) for every row, a missing scalar (NaN and the objects of `nulls`:
/// pandas' `NaT`...) for none, or a column of them: a list or tuple (`None`, NaN and the
/// objects of `nulls` are missing dates), a numpy `datetime64` array (`NaT` missing), or an
/// Arrow `date32` array (the Python side casts pandas, polars and other Arrow date and
/// timestamp columns to one).
pub fn read_dates(obj: Option<&Bound<'_, PyAny>>, nulls: &Nulls) -> PyResult<DateArg> {
    let Some(obj) = obj.filter(|o| !o.is_none()) else {
        return Ok(DateArg::One(None));
    };
    let nan = obj.cast::<PyFloat>().is_ok_and(|f| f.value().is_nan());
    if nan || nulls.contains(obj.as_ptr()) {
        return Ok(DateArg::Missing);
    }
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
        if imported.one_chunk().is_some() {
            return Ok(DateArg::Arrow(imported));
        }
        let (days, validity) = imported.days()?;
        return Ok(DateArg::Days(days, validity));
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

/// The inputs of a column call, read: the system, the codes and the dates.
fn read<'py>(
    system: &str,
    codes: &Bound<'py, PyAny>,
    date: Option<&Bound<'py, PyAny>>,
    nulls: Option<&Bound<'py, PyTuple>>,
) -> PyResult<(CodeSystem, input::Source<'py>, DateArg)> {
    let system = system_arg(system)?;
    let nulls = Nulls::new(nulls);
    let source = input::read(codes, &nulls)?;
    let dates = read_dates(date, &nulls)?;
    Ok((system, source, dates))
}

fn rows(chunks: &[Strings<'_>]) -> usize {
    chunks.iter().map(Strings::len).sum()
}

/// The core's error when a date a row does not give as many dates as there are codes.
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
    let (system, source, dates) = read(system, codes, date, nulls)?;
    let chunks = source.chunks()?;
    let dates = dates.sized(rows(&chunks));
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
    let (system, source, dates) = read(system, codes, date, nulls)?;
    let chunks = source.chunks()?;
    let len = rows(&chunks);
    let dates = dates.sized(len);
    let dates = dates.dates(Date::today());
    let bits = py
        .detach(|| batch::valid_bits(system, &chunks, dates, memo_on()))
        .map_err(length_error)?;
    Ok(PyColumn::new(Data::Bool {
        bits,
        len,
        validity: dates.validity(),
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
    let (system, source, dates) = read(system, codes, date, nulls)?;
    let chunks = source.chunks()?;
    let dates = dates.sized(rows(&chunks));
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
    m.add_function(wrap_pyfunction!(normalize, m)?)?;
    m.add_function(wrap_pyfunction!(lookup, m)?)?;
    m.add_function(wrap_pyfunction!(validate, m)?)?;
    m.add_function(wrap_pyfunction!(reason, m)?)?;
    m.add_function(wrap_pyfunction!(is_valid, m)?)?;
    m.add_function(wrap_pyfunction!(title, m)?)?;
    m.add_function(wrap_pyfunction!(coverage, m)?)?;
    m.add_function(wrap_pyfunction!(releases, m)?)?;
    m.add_function(wrap_pyfunction!(release_on, m)?)?;
    m.add_function(wrap_pyfunction!(title_sources, m)?)?;
    m.add_function(wrap_pyfunction!(all_codes, m)?)?;
    m.add_function(wrap_pyfunction!(codes_valid_on, m)?)?;
    m.add_function(wrap_pyfunction!(codes_starting_with, m)?)?;
    m.add_function(wrap_pyfunction!(detect, m)?)?;
    m.add_class::<PyRelease>()?;
    Ok(())
}
