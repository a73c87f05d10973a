//! Dates between Python (`datetime.date`, `datetime.datetime`, ISO strings) and the core.

use medcodes::Date;
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyDate, PyDateAccess, PyString};

use crate::errors;

/// Reads a date argument: `None` is today, otherwise a `datetime.date` (or `datetime`,
/// whose date part is used) or an ISO `YYYY-MM-DD` / `YYYYMMDD` string.
pub fn date_or_today(obj: Option<&Bound<'_, PyAny>>) -> PyResult<Date> {
    Ok(optional_date(obj)?.unwrap_or_else(Date::today))
}

/// As [`date_or_today`], but `None` stays `None`.
pub fn optional_date(obj: Option<&Bound<'_, PyAny>>) -> PyResult<Option<Date>> {
    let Some(obj) = obj.filter(|o| !o.is_none()) else {
        return Ok(None);
    };
    if let Ok(s) = obj.cast::<PyString>() {
        let text = s.to_cow()?;
        return text
            .parse::<Date>()
            .map(Some)
            .map_err(|e| errors::date_error(obj.py(), e));
    }
    if let Ok(d) = obj.cast::<PyDate>() {
        // datetime years are 1..=9999; the core says which it accepts.
        let year = u16::try_from(d.get_year()).unwrap_or(0);
        return Date::new(year, d.get_month(), d.get_day())
            .map(Some)
            .map_err(|e| errors::date_error(obj.py(), e));
    }
    Err(PyTypeError::new_err(format!(
        "date must be a datetime.date, an ISO date string such as '2025-03-01', or None \
         for today, not {}",
        errors::type_name(obj)
    )))
}

/// One date of a column of dates: `None`, float NaN and the objects of `nulls` (pandas'
/// `NaT`...) are missing; otherwise as [`optional_date`] reads a date.
pub fn read_date_object(
    obj: &Bound<'_, PyAny>,
    nulls: &crate::input::Nulls,
) -> PyResult<Option<Date>> {
    if obj.is_none() || nulls.contains(obj.as_ptr()) {
        return Ok(None);
    }
    if let Ok(f) = obj.cast::<pyo3::types::PyFloat>() {
        if f.value().is_nan() {
            return Ok(None);
        }
    }
    optional_date(Some(obj))
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
