//! ICD-10-PCS's extras: what its codes have beyond every code's (`Icd10PcsCode`, a
//! subclass of `AnyCode`: level, axes, section, counts of valid codes below a level) and its
//! sections. The calls every code set has are in systems.rs, once for every system.

use medcodes::icd10pcs::{AxisValue, Code, Level};
use medcodes::{AnyCode, Icd10Pcs};
use pyo3::prelude::*;
use pyo3::types::{PyList, PyTuple};

use crate::codes::{self, PyAnyCode};
use crate::dates::date_or_today;

/// An ICD-10-PCS code, or a level of the hierarchy above codes (section, body system,
/// table, body part: 1 to 4 characters): what every code has (`AnyCode`) and ICD-10-PCS's
/// own (level, axes, section).
///
/// >>> c = medcodes.icd10pcs.lookup("0dtj4zz")
/// >>> c.code, c.level, c.axes[2].label
/// ('0DTJ4ZZ', 'code', 'Resection')
#[pyclass(frozen, extends = PyAnyCode, module = "medcodes", name = "Icd10PcsCode")]
pub struct PyIcd10PcsCode(pub Code);

#[pymethods]
impl PyIcd10PcsCode {
    /// 'section', 'body_system', 'table', 'body_part' or 'code'.
    #[getter]
    fn level(&self) -> &'static str {
        self.0.level().as_str()
    }

    /// How many complete codes at or below this one are valid on a date (None: today).
    #[pyo3(signature = (date=None))]
    fn valid_codes_on(&self, date: Option<&Bound<'_, PyAny>>) -> PyResult<usize> {
        Ok(self.0.valid_codes_on(date_or_today(date)?))
    }

    /// The meaning of each character present (one Icd10PcsAxis per character).
    #[getter]
    fn axes(&self) -> Vec<PyIcd10PcsAxis> {
        self.0.axes().into_iter().map(PyIcd10PcsAxis).collect()
    }

    /// The name of the code's section, e.g. 'Medical and Surgical'.
    #[getter]
    fn section(&self) -> Option<&'static str> {
        self.0.section().map(|s| s.name)
    }

    fn __repr__(&self) -> String {
        codes::repr(self.0.into(), "Icd10PcsCode", self.level())
    }
}

/// One character of an ICD-10-PCS code, decoded: its `position` (1-7), `value`, the
/// `axis` it stands for in the section (e.g. 'Root Operation'), its `label` (e.g.
/// 'Resection'; None where the bundled sources do not define it) and, for root operations
/// and approaches of section 0, the official `definition`.
#[pyclass(frozen, eq, module = "medcodes", name = "Icd10PcsAxis")]
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct PyIcd10PcsAxis(AxisValue);

#[pymethods]
impl PyIcd10PcsAxis {
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
            "<Icd10PcsAxis {} {} {}: {}>",
            self.0.position,
            self.0.axis,
            self.0.value,
            self.0.label.unwrap_or("?")
        )
    }
}

/// The sections present in the data (the top of the hierarchy).
#[pyfunction]
fn sections(py: Python<'_>) -> PyResult<Bound<'_, PyList>> {
    codes::list(py, Icd10Pcs::new().sections().map(AnyCode::from))
}

/// The levels of the hierarchy, top first. Core has no `Level::ALL`: the match below stops
/// the build when core adds a level this list lacks.
const LEVELS: [Level; 5] = [
    Level::Section,
    Level::BodySystem,
    Level::Table,
    Level::BodyPart,
    Level::Code,
];
const _: fn(Level) = |l| match l {
    Level::Section | Level::BodySystem | Level::Table | Level::BodyPart | Level::Code => (),
};

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyIcd10PcsCode>()?;
    m.add_class::<PyIcd10PcsAxis>()?;
    m.add_function(wrap_pyfunction!(sections, m)?)?;
    m.add(
        "PCS_LEVELS",
        PyTuple::new(m.py(), LEVELS.map(Level::as_str))?,
    )?;
    Ok(())
}
