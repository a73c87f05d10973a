//! The vectorized calls, once for every code system: a [`System`] gives the per-code
//! functions (each a call into the core) and the drivers here read the column (with the
//! GIL), run the loops of `column.rs` without it, and wrap the result.

use std::borrow::Cow;
use std::sync::atomic::{AtomicBool, Ordering};

use medcodes::Date;
use pyo3::prelude::*;
use pyo3::types::PyTuple;

use crate::column::{self, map_str, Chunk};
use crate::dates::{date_or_today, optional_date};
use crate::input::{self, Nulls};
use crate::output::{Data, PyColumn};

/// A code system's per-code functions, shared by its scalar and vectorized calls.
pub trait System {
    /// The core's reason kinds for many codes on a date (its batch call), appended to `out`.
    fn reasons(codes: &[Cow<'_, str>], date: Date, out: &mut Vec<u8>);
    /// The core's is_valid for many codes on a date (its batch call), appended to `out`.
    fn valid(codes: &[Cow<'_, str>], date: Date, out: &mut Vec<u8>);
    /// Appends the normalized code; `false` when it is not shaped like a code.
    fn normalize(code: &str, dotted: bool, out: &mut Vec<u8>) -> bool;
    /// Appends the title; `false` when there is none.
    fn title(code: &str, date: Option<Date>, short: bool, out: &mut Vec<u8>) -> bool;
}

/// Whether identical inputs are looked up once per call (see memo.rs); a switch for
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

/// Column of reason kinds (one byte a row, [`column::NULL`] for nulls).
fn reasons<S: System>(chunks: &[Chunk<'_>], date: Date) -> Vec<u8> {
    column::map_batch(chunks, column::NULL, memo_on(), |c, out| {
        S::reasons(c, date, out)
    })
}

/// Reads a column argument.
pub fn read<'py>(
    codes: &Bound<'py, PyAny>,
    nulls: Option<&Bound<'py, PyTuple>>,
) -> PyResult<input::Source<'py>> {
    input::read(codes, &Nulls::new(nulls))
}

/// Column of reason kinds.
pub fn reasons_column<S: System>(
    py: Python<'_>,
    codes: &Bound<'_, PyAny>,
    date: Option<&Bound<'_, PyAny>>,
    nulls: Option<&Bound<'_, PyTuple>>,
) -> PyResult<PyColumn> {
    let date = date_or_today(date)?;
    let source = read(codes, nulls)?;
    let chunks = source.chunks()?;
    let out = py.detach(|| reasons::<S>(&chunks, date));
    Ok(PyColumn::new(Data::Reason(out)))
}

/// Column of is_valid results (valid and billable on the date).
pub fn valid_column<S: System>(
    py: Python<'_>,
    codes: &Bound<'_, PyAny>,
    date: Option<&Bound<'_, PyAny>>,
    nulls: Option<&Bound<'_, PyTuple>>,
) -> PyResult<PyColumn> {
    valid_column_on::<S>(py, codes, date_or_today(date)?, nulls)
}

/// [`valid_column`] on a date already read.
pub fn valid_column_on<S: System>(
    py: Python<'_>,
    codes: &Bound<'_, PyAny>,
    date: Date,
    nulls: Option<&Bound<'_, PyTuple>>,
) -> PyResult<PyColumn> {
    let source = read(codes, nulls)?;
    let chunks = source.chunks()?;
    // Nulls are not valid.
    let len = chunks.iter().map(Chunk::len).sum();
    let bits =
        py.detach(|| column::map_batch_bits(&chunks, memo_on(), |c, out| S::valid(c, date, out)));
    Ok(PyColumn::new(Data::Bool { bits, len }))
}

/// Column of normalized codes.
pub fn normalize_column<S: System>(
    py: Python<'_>,
    codes: &Bound<'_, PyAny>,
    dotted: bool,
    nulls: Option<&Bound<'_, PyTuple>>,
) -> PyResult<PyColumn> {
    let source = read(codes, nulls)?;
    let chunks = source.chunks()?;
    let out = py.detach(|| map_str(&chunks, |s, out| S::normalize(s, dotted, out)));
    Ok(PyColumn::new(Data::Str(out)))
}

/// Column of titles.
pub fn title_column<S: System>(
    py: Python<'_>,
    codes: &Bound<'_, PyAny>,
    date: Option<&Bound<'_, PyAny>>,
    short: bool,
    nulls: Option<&Bound<'_, PyTuple>>,
) -> PyResult<PyColumn> {
    let date = optional_date(date)?;
    let source = read(codes, nulls)?;
    let chunks = source.chunks()?;
    let out = py.detach(|| map_str(&chunks, |s, out| S::title(s, date, short, out)));
    Ok(PyColumn::new(Data::Str(out)))
}
