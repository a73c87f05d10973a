//! Dates between Python (`datetime.date`, `datetime.datetime`, ISO strings) and the core.

use medcodes::Date;
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyDate, PyDateAccess, PyFloat, PyString};

use crate::errors;

/// Reads a date argument: `None` is today, otherwise a `datetime.date` (or `datetime`,
/// whose date part is used) or an ISO `YYYY-MM-DD` / `YYYYMMDD` string.
pub fn date_or_today(obj: Option<&Bound<'_, PyAny>>) -> PyResult<Date> {
    Ok(optional_date(obj)?.unwrap_or_else(Date::today))
}

/// As [`date_or_today`], but `None` stays `None`. Also read: numpy `datetime64` and
/// pyarrow date/timestamp scalars. A missing value (`NaT`, NaN, a null scalar) is a
/// `DateError` here: it is no date, and None already means today.
pub fn optional_date(obj: Option<&Bound<'_, PyAny>>) -> PyResult<Option<Date>> {
    let Some(obj) = obj.filter(|o| !o.is_none()) else {
        return Ok(None);
    };
    match read_date(obj, true)? {
        Some(d) => Ok(Some(d)),
        None => Err(missing(obj)),
    }
}

/// One date of a column of dates: `None`, NaN, `NaT`, null scalars and the objects of
/// `nulls` (pandas' `NaT`...) are missing; otherwise as [`optional_date`] reads a date.
pub fn read_date_object(
    obj: &Bound<'_, PyAny>,
    nulls: &crate::input::Nulls,
) -> PyResult<Option<Date>> {
    if obj.is_none() || nulls.contains(obj.as_ptr()) {
        return Ok(None);
    }
    read_date(obj, true)
}

/// A date, or None for a missing value (NaN, NaT, a null numpy or pyarrow scalar).
fn read_date(obj: &Bound<'_, PyAny>, convert_foreign: bool) -> PyResult<Option<Date>> {
    let py = obj.py();
    if obj.is_none() {
        return Ok(None);
    }
    if let Ok(s) = obj.cast::<PyString>() {
        // A lone surrogate cannot be UTF-8: shown replaced, it makes a malformed date.
        let text = s.to_string_lossy();
        return text
            .parse::<Date>()
            .map(Some)
            .map_err(|e| errors::date_error(py, e));
    }
    // NaN and NaT are not equal to themselves.
    if (obj.is_instance_of::<PyFloat>() || qualname(obj) == "NaTType")
        && obj.ne(obj).unwrap_or(false)
    {
        return Ok(None);
    }
    if let Ok(d) = obj.cast::<PyDate>() {
        // datetime years are 1..=9999; the core says which it accepts.
        let year = u16::try_from(d.get_year()).unwrap_or(0);
        return Date::new(year, d.get_month(), d.get_day())
            .map(Some)
            .map_err(|e| errors::date_error(py, e));
    }
    if convert_foreign {
        if let Some(converted) = foreign_date(obj)? {
            return read_date(&converted, false);
        }
    }
    Err(PyTypeError::new_err(format!(
        "date must be a datetime.date, an ISO date string such as '2025-03-01', or None \
         for today, not {}",
        errors::type_name(obj)
    )))
}

fn qualname(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type()
        .qualname()
        .map(|n| n.to_string())
        .unwrap_or_default()
}

fn missing(obj: &Bound<'_, PyAny>) -> PyErr {
    let shown = obj.str().map(|s| s.to_string()).unwrap_or_default();
    errors::date_error(
        obj.py(),
        medcodes::DateError::Invalid {
            input: shown,
            reason: "a missing value is not a date (None means today)",
        },
    )
}

/// numpy's `datetime64` (as its day: 'NaT' stays missing) and pyarrow's scalars
/// (`as_py()`: None when null) as objects `read_date` knows; None when `obj` is neither.
fn foreign_date<'py>(obj: &Bound<'py, PyAny>) -> PyResult<Option<Bound<'py, PyAny>>> {
    let module = obj
        .get_type()
        .module()
        .map(|m| m.to_string())
        .unwrap_or_default();
    if module == "numpy" && qualname(obj) == "datetime64" {
        let day = obj.call_method1("astype", ("datetime64[D]",))?.str()?;
        if day.to_cow()? == "NaT" {
            return Ok(Some(obj.py().None().into_bound(obj.py())));
        }
        return Ok(Some(day.into_any()));
    }
    if module.starts_with("pyarrow") && obj.hasattr("as_py")? {
        return Ok(Some(obj.call_method0("as_py")?));
    }
    Ok(None)
}

/// One date as every call reads a scalar date (an ISO string, a `datetime.date` or
/// `datetime`, a numpy `datetime64`, a pyarrow scalar), as a `datetime.date`; None for a
/// missing one (`NaT`, NaN, a null scalar). For the polars namespace's literals.
#[pyfunction]
pub fn date_of<'py>(date: &Bound<'py, PyAny>) -> PyResult<Option<Bound<'py, PyDate>>> {
    read_date(date, true)?
        .map(|d| to_py(date.py(), d))
        .transpose()
}

/// A core date as a `datetime.date`.
pub fn to_py(py: Python<'_>, d: Date) -> PyResult<Bound<'_, PyDate>> {
    PyDate::new(py, i32::from(d.year()), d.month(), d.day())
}

/// An error about one date of a column, said with its row: of the same class, with the
/// same attributes (`DateError`'s `input`...) and `row`.
pub fn at_row(py: Python<'_>, e: PyErr, row: usize) -> PyErr {
    let message = format!("row {row} of the dates: {}", e.value(py));
    let new = PyErr::from_type(e.get_type(py), message.clone());
    let v = new.value(py);
    if let Ok(old) = e.value(py).getattr("__dict__") {
        let _ = v.setattr("__dict__", old);
    }
    let _ = v.setattr("row", row);
    let _ = v.setattr("message", message);
    new
}
