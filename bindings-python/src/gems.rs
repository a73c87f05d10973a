//! The GEMs (`medcodes::gems`): `medcodes.gems.map(code, to)` through the bundled GEM, and
//! `medcodes.gems.load(text, to, release)` for a CMS GEM file (a `Gems` with its own
//! `map`). Every row keeps its five flags; nothing is reduced to one code here: the rules
//! are the core's.

use medcodes::gems::{
    self, Direction, GemError as CoreError, GemFileError as CoreFileError, GemTarget, Gems, Mapping,
};
use medcodes::CodeSystem;
use pyo3::create_exception;
use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::errors::MedcodesError;
use crate::input::str_arg;

create_exception!(
    medcodes,
    GemError,
    MedcodesError,
    "A code the GEM has no row for, or not shaped like a code of the GEM's source system, or \
     a direction with no GEM (medcodes.gems.map). Attributes: kind ('malformed', \
     'not_in_map', 'not_bundled', 'no_direction'), message, code (None where there is none)."
);

create_exception!(
    medcodes,
    GemFileError,
    MedcodesError,
    "A line of a CMS GEM file that cannot be read (medcodes.gems.load); nothing is loaded. \
     Attributes: line (1-based), field ('line', 'source', 'target', 'flags'), value, expected."
);

fn gem_error(py: Python<'_>, input: &str, e: &CoreError) -> PyErr {
    let err = GemError::new_err(e.to_string());
    let (kind, code) = match e {
        CoreError::Malformed { .. } => ("malformed", Some(input.to_owned())),
        CoreError::NotInMap { code, .. } => ("not_in_map", Some(code.clone())),
        CoreError::NotBundled { .. } => ("not_bundled", None),
        CoreError::NoDirection { .. } => ("no_direction", None),
        _ => ("other", None),
    };
    let v = err.value(py);
    let _ = v.setattr("kind", kind);
    let _ = v.setattr("message", e.to_string());
    let _ = v.setattr("code", code);
    err
}

fn file_error(py: Python<'_>, e: &CoreFileError) -> PyErr {
    let err = GemFileError::new_err(e.to_string());
    let v = err.value(py);
    let _ = v.setattr("line", e.line);
    let _ = v.setattr("field", e.field.name());
    let _ = v.setattr("value", e.value.as_str());
    let _ = v.setattr("expected", e.expected.as_str());
    err
}

fn direction_to(to: &str) -> PyResult<Direction> {
    let system = CodeSystem::from_id(to);
    system.and_then(Direction::towards).ok_or_else(|| {
        let ids: Vec<&str> = Direction::ALL.iter().map(|d| d.to().id()).collect();
        pyo3::exceptions::PyValueError::new_err(format!(
            "no GEM maps to {to:?}: expected {}",
            ids.join(", ")
        ))
    })
}

/// One row of a mapping: the target (None for a no-map row) and the row's five flags.
#[pyclass(frozen, module = "medcodes", name = "GemTarget")]
pub struct PyGemTarget(GemTarget);

#[pymethods]
impl PyGemTarget {
    /// The target code in its system's spelling; None when nothing corresponds.
    #[getter]
    fn code(&self) -> Option<&str> {
        self.0.code.as_deref()
    }
    #[getter]
    fn approximate(&self) -> bool {
        self.0.flags.approximate
    }
    #[getter]
    fn no_map(&self) -> bool {
        self.0.flags.no_map
    }
    #[getter]
    fn combination(&self) -> bool {
        self.0.flags.combination
    }
    #[getter]
    fn scenario(&self) -> u8 {
        self.0.flags.scenario
    }
    #[getter]
    fn choice_list(&self) -> u8 {
        self.0.flags.choice_list
    }
    /// The five flag digits as CMS writes them, e.g. '10112'.
    #[getter]
    fn flags(&self) -> String {
        self.0.flags.digits()
    }
    fn __repr__(&self) -> String {
        format!(
            "<GemTarget {} {}>",
            self.0.code.as_deref().unwrap_or("no map"),
            self.0.flags.digits()
        )
    }
}

/// What a GEM says about one code: every row with its flags.
#[pyclass(frozen, module = "medcodes", name = "GemMapping")]
pub struct PyGemMapping(Mapping);

#[pymethods]
impl PyGemMapping {
    /// The source code in its system's spelling.
    #[getter]
    fn source(&self) -> &str {
        &self.0.source
    }
    /// The source system's id, e.g. 'icd9cm'.
    #[getter]
    fn source_system(&self) -> &'static str {
        self.0.direction.from().id()
    }
    /// The target system's id, e.g. 'icd10cm'.
    #[getter]
    fn target_system(&self) -> &'static str {
        self.0.direction.to().id()
    }
    /// Which GEM release answered.
    #[getter]
    fn release(&self) -> &str {
        &self.0.release
    }
    #[getter]
    fn targets(&self) -> Vec<PyGemTarget> {
        self.0.targets.iter().cloned().map(PyGemTarget).collect()
    }
    #[getter]
    fn is_no_map(&self) -> bool {
        self.0.is_no_map()
    }
    #[getter]
    fn is_combination(&self) -> bool {
        self.0.is_combination()
    }
    #[getter]
    fn is_approximate(&self) -> bool {
        self.0.is_approximate()
    }
    /// The combination rows by scenario: a list of (scenario number, [choice list, ...])
    /// where each choice list is a list of GemTarget.
    fn scenarios(&self) -> Vec<(u8, Vec<Vec<PyGemTarget>>)> {
        self.0
            .scenarios()
            .into_iter()
            .map(|s| {
                (
                    s.number,
                    s.choice_lists
                        .into_iter()
                        .map(|l| l.into_iter().map(PyGemTarget).collect())
                        .collect(),
                )
            })
            .collect()
    }
    /// The mapping as a dict (source, source_system, target_system, release, targets as
    /// dicts with code and the flags).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        d.set_item("source", &self.0.source)?;
        d.set_item("source_system", self.0.direction.from().id())?;
        d.set_item("target_system", self.0.direction.to().id())?;
        d.set_item("release", &self.0.release)?;
        let mut rows = Vec::new();
        for t in &self.0.targets {
            let r = PyDict::new(py);
            r.set_item("code", t.code.as_deref())?;
            r.set_item("flags", t.flags.digits())?;
            r.set_item("approximate", t.flags.approximate)?;
            r.set_item("no_map", t.flags.no_map)?;
            r.set_item("combination", t.flags.combination)?;
            r.set_item("scenario", t.flags.scenario)?;
            r.set_item("choice_list", t.flags.choice_list)?;
            rows.push(r);
        }
        d.set_item("targets", rows)?;
        Ok(d)
    }
    fn __repr__(&self) -> String {
        let targets: Vec<String> = self
            .0
            .targets
            .iter()
            .map(|t| {
                format!(
                    "{} {}",
                    t.code.as_deref().unwrap_or("no map"),
                    t.flags.digits()
                )
            })
            .collect();
        format!("<GemMapping {} -> {}>", self.0.source, targets.join(", "))
    }
}

/// A GEM loaded from a CMS file (medcodes.gems.load).
#[pyclass(frozen, module = "medcodes", name = "Gems")]
pub struct PyGems(Gems);

#[pymethods]
impl PyGems {
    /// The rows for a code (raises GemError when the file has none).
    fn map(&self, py: Python<'_>, code: &Bound<'_, PyAny>) -> PyResult<PyGemMapping> {
        let code = str_arg(code, "code")?;
        self.0
            .map(&code)
            .map(PyGemMapping)
            .map_err(|e| gem_error(py, &code, &e))
    }
    #[getter]
    fn release(&self) -> &str {
        self.0.release()
    }
    #[getter]
    fn source_count(&self) -> usize {
        self.0.source_count()
    }
    #[getter]
    fn row_count(&self) -> usize {
        self.0.row_count()
    }
    fn __repr__(&self) -> String {
        format!(
            "<Gems {}: {} rows, {} sources ({})>",
            self.0.direction(),
            self.0.row_count(),
            self.0.source_count(),
            self.0.release()
        )
    }
}

/// Maps a code through the bundled GEM into `to` ('icd10cm' from ICD-9-CM, 'icd9cm' from
/// ICD-10-CM, 'icd10pcs' from ICD-9-CM procedures). Raises GemError when the GEM has no
/// row for it.
#[pyfunction]
#[pyo3(name = "gems_map")]
fn map(py: Python<'_>, code: &Bound<'_, PyAny>, to: &str) -> PyResult<PyGemMapping> {
    let direction = direction_to(to)?;
    let code = str_arg(code, "code")?;
    gems::map(&code, direction.to())
        .map(PyGemMapping)
        .map_err(|e| gem_error(py, &code, &e))
}

/// Reads a CMS GEM text file's contents (`source target flags` lines) mapping into `to`.
/// Raises GemFileError naming the line and field of a malformed line.
#[pyfunction]
#[pyo3(name = "gems_load")]
fn load(py: Python<'_>, text: &Bound<'_, PyAny>, to: &str, release: &str) -> PyResult<PyGems> {
    let direction = direction_to(to)?;
    let text = str_arg(text, "text")?;
    Gems::parse(&text, direction, release)
        .map(PyGems)
        .map_err(|e| file_error(py, &e))
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("GemError", m.py().get_type::<GemError>())?;
    m.add("GemFileError", m.py().get_type::<GemFileError>())?;
    m.add_class::<PyGemTarget>()?;
    m.add_class::<PyGemMapping>()?;
    m.add_class::<PyGems>()?;
    m.add_function(wrap_pyfunction!(map, m)?)?;
    m.add_function(wrap_pyfunction!(load, m)?)?;
    Ok(())
}
