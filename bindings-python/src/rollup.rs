//! The roll-up and detection columns (`medcodes::batch::ancestors`, `categories`,
//! `blocks`, `chapters`, `systems`): read the column with the GIL, run the core without
//! it, hand the column back. Python wraps them as `medcodes.ancestor_of`, `category_of`,
//! `block_of`, `chapter_of` and `system_of`.

use medcodes::batch;
use pyo3::prelude::*;
use pyo3::types::PyTuple;

use crate::input::{self, Nulls};
use crate::output::{Data, PyColumn};
use crate::systems::system_arg;

/// Runs `f` over the chunks of a column argument without the GIL.
fn over<R: Send>(
    py: Python<'_>,
    codes: &Bound<'_, PyAny>,
    nulls: Option<&Bound<'_, PyTuple>>,
    f: impl FnOnce(&[batch::Strings<'_>]) -> R + Send,
) -> PyResult<R> {
    let source = input::read(codes, &Nulls::new(nulls))?;
    let chunks = source.chunks()?;
    Ok(py.detach(|| f(&chunks)))
}

/// Column of each code's ancestor (or itself) with `length` characters, canonical.
#[pyfunction]
#[pyo3(signature = (system, codes, length, nulls=None))]
fn column_ancestors(
    py: Python<'_>,
    system: &str,
    codes: &Bound<'_, PyAny>,
    length: usize,
    nulls: Option<&Bound<'_, PyTuple>>,
) -> PyResult<PyColumn> {
    let system = system_arg(system)?;
    let out = over(py, codes, nulls, |c| batch::ancestors(system, c, length))?;
    Ok(PyColumn::new(Data::Str(out)))
}

/// Column of ICD-10-CM categories (`E11`).
#[pyfunction]
#[pyo3(signature = (codes, nulls=None))]
fn column_categories(
    py: Python<'_>,
    codes: &Bound<'_, PyAny>,
    nulls: Option<&Bound<'_, PyTuple>>,
) -> PyResult<PyColumn> {
    let out = over(py, codes, nulls, batch::categories)?;
    Ok(PyColumn::new(Data::Str(out)))
}

/// Column of ICD-10-CM blocks by range (`E08-E13`).
#[pyfunction]
#[pyo3(signature = (codes, nulls=None))]
fn column_blocks(
    py: Python<'_>,
    codes: &Bound<'_, PyAny>,
    nulls: Option<&Bound<'_, PyTuple>>,
) -> PyResult<PyColumn> {
    let out = over(py, codes, nulls, batch::blocks)?;
    Ok(PyColumn::new(Data::Str(out)))
}

/// Column of ICD-10-CM chapter numbers, a byte a row (an `int8` column, null where none).
#[pyfunction]
#[pyo3(signature = (codes, nulls=None))]
fn column_chapters(
    py: Python<'_>,
    codes: &Bound<'_, PyAny>,
    nulls: Option<&Bound<'_, PyTuple>>,
) -> PyResult<PyColumn> {
    let out = over(py, codes, nulls, batch::chapters)?;
    Ok(PyColumn::new(Data::Reason(out)))
}

/// Column of detected systems, a byte a row: an index into `SYSTEM_LABELS` (an `int8`
/// column, null where the string is a code of no system).
#[pyfunction]
#[pyo3(signature = (codes, nulls=None))]
fn column_systems(
    py: Python<'_>,
    codes: &Bound<'_, PyAny>,
    nulls: Option<&Bound<'_, PyTuple>>,
) -> PyResult<PyColumn> {
    let out = over(py, codes, nulls, batch::systems)?;
    Ok(PyColumn::new(Data::Reason(out)))
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add("SYSTEM_LABELS", PyTuple::new(py, batch::system_labels())?)?;
    m.add_function(wrap_pyfunction!(column_ancestors, m)?)?;
    m.add_function(wrap_pyfunction!(column_categories, m)?)?;
    m.add_function(wrap_pyfunction!(column_blocks, m)?)?;
    m.add_function(wrap_pyfunction!(column_chapters, m)?)?;
    m.add_function(wrap_pyfunction!(column_systems, m)?)?;
    Ok(())
}
