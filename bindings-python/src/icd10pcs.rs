//! ICD-10-PCS: the core's `Icd10Pcs` and its types as Python objects and functions, scalar
//! and vectorized (the column drivers of systems.rs, shared with ICD-10-CM).

use std::cmp::Ordering;

use medcodes::icd10pcs::{normalize as core_normalize, AxisValue, Code, Level};
use medcodes::{Date, Icd10Pcs};
use pyo3::prelude::*;
use pyo3::types::{PyDate, PyList};

use crate::dates::{date_or_today, optional_date, to_py};
use crate::errors::{reason_kind_object, validation_error};
use crate::icd10cm::{PyRelease, PyValidityRange, PyValiditySpan};
use crate::input::str_arg;

#[inline]
fn pcs() -> Icd10Pcs {
    Icd10Pcs::new()
}

// ---------------------------------------------------------------------------------------
// Per-code functions, shared by the scalar and the vectorized calls.

fn title_of(code: Code, date: Option<Date>, short: bool) -> Option<medcodes::Title> {
    match (date, short) {
        (Some(d), false) => code.title_on(d),
        (Some(d), true) => code.short_title_on(d),
        (None, false) => code.title(),
        (None, true) => code.short_title_on(pcs().coverage().1),
    }
}

// ---------------------------------------------------------------------------------------
// Types

/// An ICD-10-PCS code, or a level of the hierarchy above codes (section, body system,
/// table, body part: 1 to 4 characters).
///
/// >>> c = medcodes.icd10pcs.lookup("0dtj4zz")
/// >>> c.code, c.level, c.axes[2].label
/// ('0DTJ4ZZ', 'code', 'Resection')
#[pyclass(frozen, eq, hash, ord, module = "medcodes", name = "PcsCode")]
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct PyPcsCode(pub Code);

impl PartialOrd for PyPcsCode {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for PyPcsCode {
    fn cmp(&self, other: &Self) -> Ordering {
        self.0.code().as_str().cmp(other.0.code().as_str())
    }
}

fn codes_list<'py>(
    py: Python<'py>,
    it: impl IntoIterator<Item = Code>,
) -> PyResult<Bound<'py, PyList>> {
    PyList::new(py, it.into_iter().map(PyPcsCode))
}

fn level_name(level: Level) -> &'static str {
    level.as_str()
}

#[pymethods]
impl PyPcsCode {
    /// The characters, e.g. '0DTJ4ZZ' (or '0DT' for a table).
    #[getter]
    fn code(&self) -> String {
        self.0.code().to_string()
    }

    /// 'section', 'body_system', 'table', 'body_part' or 'code'.
    #[getter]
    fn level(&self) -> &'static str {
        level_name(self.0.level())
    }

    /// The long title from the newest source that has the code (None for levels).
    #[getter]
    fn title(&self) -> Option<String> {
        title_of(self.0, None, false).map(|t| t.text.into_owned())
    }

    /// The short title from the newest source that has one.
    #[getter]
    fn short_title(&self) -> Option<String> {
        title_of(self.0, None, true).map(|t| t.text.into_owned())
    }

    /// The long title in force on a date (None: today).
    #[pyo3(signature = (date=None))]
    fn title_on(&self, date: Option<&Bound<'_, PyAny>>) -> PyResult<Option<String>> {
        Ok(self
            .0
            .title_on(date_or_today(date)?)
            .map(|t| t.text.into_owned()))
    }

    /// Whether it is a complete code valid on a date (None: today).
    #[pyo3(signature = (date=None))]
    fn is_valid_on(&self, date: Option<&Bound<'_, PyAny>>) -> PyResult<bool> {
        Ok(self.0.is_valid_on(date_or_today(date)?))
    }

    /// Whether it is present on a date: a code valid then, or a level with valid codes
    /// below it (None: today).
    #[pyo3(signature = (date=None))]
    fn is_present_on(&self, date: Option<&Bound<'_, PyAny>>) -> PyResult<bool> {
        Ok(self.0.is_present_on(date_or_today(date)?))
    }

    /// How many complete codes at or below this one are valid on a date (None: today).
    #[pyo3(signature = (date=None))]
    fn valid_codes_on(&self, date: Option<&Bound<'_, PyAny>>) -> PyResult<usize> {
        Ok(self.0.valid_codes_on(date_or_today(date)?))
    }

    /// The meaning of each character present (one PcsAxis per character).
    #[getter]
    fn axes(&self) -> Vec<PyPcsAxis> {
        self.0.axes().into_iter().map(PyPcsAxis).collect()
    }

    /// The name of the code's section, e.g. 'Medical and Surgical'.
    #[getter]
    fn section(&self) -> Option<&'static str> {
        self.0.section().map(|s| s.name)
    }

    /// The level one up; None for a section.
    #[getter]
    fn parent(&self) -> Option<PyPcsCode> {
        self.0.parent().map(PyPcsCode)
    }

    /// Parent, grandparent, ... up to the section.
    #[getter]
    fn ancestors<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        codes_list(py, self.0.ancestors())
    }

    /// One level down, in code order, across all releases.
    #[getter]
    fn children<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        codes_list(py, self.0.children())
    }

    /// Everything below, in code order, across all releases.
    #[getter]
    fn descendants<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        codes_list(py, self.0.descendants())
    }

    /// The date ranges in which the code (or some code below a level) is valid.
    #[getter]
    fn validity<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        PyList::new(py, self.0.validity().into_iter().map(PyValidityRange))
    }

    /// Every validity span with the MCE edit flags in force in it.
    #[getter]
    fn validity_spans<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        PyList::new(
            py,
            self.0
                .validity_spans()
                .into_iter()
                .map(PyValiditySpan::from_core),
        )
    }

    /// The MCE edit flag names in force on a date (None: today); None when the code is not
    /// valid then.
    #[pyo3(signature = (date=None))]
    fn mce_flags_on(&self, date: Option<&Bound<'_, PyAny>>) -> PyResult<Option<Vec<&'static str>>> {
        Ok(self
            .0
            .mce_flags_on(date_or_today(date)?)
            .map(|f| f.iter().map(|f| f.name()).collect()))
    }

    fn __str__(&self) -> String {
        self.code()
    }

    fn __repr__(&self) -> String {
        match self.title() {
            Some(t) => format!("<PcsCode {} {}: {t}>", self.0.code(), self.level()),
            None => format!("<PcsCode {} {}>", self.0.code(), self.level()),
        }
    }

    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<(Bound<'py, PyAny>, (String,))> {
        let lookup = py.import("medcodes.icd10pcs")?.getattr("lookup")?;
        Ok((lookup, (self.code(),)))
    }
}

/// One character of an ICD-10-PCS code, decoded: its `position` (1-7), `value`, the
/// `axis` it stands for in the section (e.g. 'Root Operation'), its `label` (e.g.
/// 'Resection'; None where the bundled sources do not define it) and, for root operations
/// and approaches of section 0, the official `definition`.
#[pyclass(frozen, eq, module = "medcodes", name = "PcsAxis")]
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct PyPcsAxis(AxisValue);

#[pymethods]
impl PyPcsAxis {
    #[getter]
    fn position(&self) -> u8 {
        self.0.position
    }

    #[getter]
    fn value(&self) -> String {
        self.0.value.to_string()
    }

    #[getter]
    fn axis(&self) -> &'static str {
        self.0.axis
    }

    #[getter]
    fn label(&self) -> Option<&'static str> {
        self.0.label
    }

    #[getter]
    fn definition(&self) -> Option<&'static str> {
        self.0.definition
    }

    fn __repr__(&self) -> String {
        format!(
            "<PcsAxis {} {} {}: {}>",
            self.0.position,
            self.0.axis,
            self.0.value,
            self.0.label.unwrap_or("?")
        )
    }
}

// ---------------------------------------------------------------------------------------
// Scalar functions

/// The canonical form of a code (or of the start of one), or None when it is not shaped
/// like ICD-10-PCS.
#[pyfunction]
fn pcs_normalize(code: &Bound<'_, PyAny>) -> PyResult<Option<String>> {
    let code = str_arg(code, "code")?;
    Ok(core_normalize(&code).ok().map(|n| n.as_str().to_owned()))
}

/// Finds a code or a level of the hierarchy (1-4 characters) in any release.
#[pyfunction]
fn pcs_lookup(py: Python<'_>, code: &Bound<'_, PyAny>) -> PyResult<PyPcsCode> {
    let code = str_arg(code, "code")?;
    pcs()
        .lookup(&code)
        .map(PyPcsCode)
        .map_err(|e| validation_error(py, e))
}

/// The code when it is complete and valid on the date (None: today), otherwise raises
/// the reason.
#[pyfunction]
#[pyo3(signature = (code, date=None))]
fn pcs_validate(
    py: Python<'_>,
    code: &Bound<'_, PyAny>,
    date: Option<&Bound<'_, PyAny>>,
) -> PyResult<PyPcsCode> {
    let code = str_arg(code, "code")?;
    let date = date_or_today(date)?;
    pcs()
        .validate(&code, date)
        .map(PyPcsCode)
        .map_err(|e| validation_error(py, e))
}

/// The outcome of `validate` as a ReasonKind, without raising.
#[pyfunction]
#[pyo3(signature = (code, date=None))]
fn pcs_reason(
    py: Python<'_>,
    code: &Bound<'_, PyAny>,
    date: Option<&Bound<'_, PyAny>>,
) -> PyResult<Py<PyAny>> {
    let code = str_arg(code, "code")?;
    let date = date_or_today(date)?;
    Ok(reason_kind_object(py, pcs().reason(&code, date)))
}

/// Whether a code is complete and valid on a date (None: today).
#[pyfunction]
#[pyo3(signature = (code, date=None))]
fn pcs_is_valid(code: &Bound<'_, PyAny>, date: Option<&Bound<'_, PyAny>>) -> PyResult<bool> {
    let code = str_arg(code, "code")?;
    Ok(pcs().is_valid(&code, date_or_today(date)?))
}

/// The long (or short) title of a code on a date, or (date None) the newest.
#[pyfunction]
#[pyo3(signature = (code, date=None, short=false))]
fn pcs_title(
    code: &Bound<'_, PyAny>,
    date: Option<&Bound<'_, PyAny>>,
    short: bool,
) -> PyResult<Option<String>> {
    let code = str_arg(code, "code")?;
    Ok(medcodes::CodeSystem::Icd10Pcs
        .title(&code, optional_date(date)?, short)
        .map(|t| t.text.into_owned()))
}

/// First and last date of service the bundled ICD-10-PCS data covers.
#[pyfunction]
fn pcs_coverage(py: Python<'_>) -> PyResult<(Bound<'_, PyDate>, Bound<'_, PyDate>)> {
    let (a, b) = pcs().coverage();
    Ok((to_py(py, a)?, to_py(py, b)?))
}

/// Every ICD-10-PCS release in the bundled data, oldest first.
#[pyfunction]
fn pcs_releases(py: Python<'_>) -> PyResult<Bound<'_, PyList>> {
    PyList::new(py, pcs().releases().map(PyRelease))
}

/// The ICD-10-PCS release in force on a date (None: today); None outside the data.
#[pyfunction]
#[pyo3(signature = (date=None))]
fn pcs_release_on(date: Option<&Bound<'_, PyAny>>) -> PyResult<Option<PyRelease>> {
    Ok(pcs().release_on(date_or_today(date)?).map(PyRelease))
}

/// The sections present in the data (the top of the hierarchy).
#[pyfunction]
fn pcs_sections(py: Python<'_>) -> PyResult<Bound<'_, PyList>> {
    codes_list(py, pcs().sections())
}

/// The complete codes valid on a date (None: today), in code order.
#[pyfunction]
#[pyo3(signature = (date=None))]
fn pcs_codes_valid_on<'py>(
    py: Python<'py>,
    date: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyList>> {
    codes_list(py, pcs().codes_valid_on(date_or_today(date)?))
}

/// Levels and codes (any release) that start with the given characters, in code order.
#[pyfunction]
fn pcs_codes_starting_with<'py>(
    py: Python<'py>,
    prefix: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyList>> {
    let prefix = str_arg(prefix, "prefix")?;
    let prefix = core_normalize(&prefix).map_err(|e| validation_error(py, e))?;
    codes_list(py, pcs().codes_starting_with(prefix.as_str()))
}

// ---------------------------------------------------------------------------------------
// Vectorized functions (the drivers in systems.rs).

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyPcsCode>()?;
    m.add_class::<PyPcsAxis>()?;
    m.add_function(wrap_pyfunction!(pcs_normalize, m)?)?;
    m.add_function(wrap_pyfunction!(pcs_lookup, m)?)?;
    m.add_function(wrap_pyfunction!(pcs_validate, m)?)?;
    m.add_function(wrap_pyfunction!(pcs_reason, m)?)?;
    m.add_function(wrap_pyfunction!(pcs_is_valid, m)?)?;
    m.add_function(wrap_pyfunction!(pcs_title, m)?)?;
    m.add_function(wrap_pyfunction!(pcs_coverage, m)?)?;
    m.add_function(wrap_pyfunction!(pcs_releases, m)?)?;
    m.add_function(wrap_pyfunction!(pcs_release_on, m)?)?;
    m.add_function(wrap_pyfunction!(pcs_sections, m)?)?;
    m.add_function(wrap_pyfunction!(pcs_codes_valid_on, m)?)?;
    m.add_function(wrap_pyfunction!(pcs_codes_starting_with, m)?)?;
    Ok(())
}
