//! The vectorized calls, once for every code system: a [`System`] gives the per-code
//! functions (each a call into the core) and the drivers here read the column (with the
//! GIL), run the loops of `column.rs` without it, and wrap the result.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use medcodes::{Date, ReasonKind};
use pyo3::prelude::*;
use pyo3::types::PyTuple;

use crate::column::{self, map_str, map_u8, Chunk, Memo};
use crate::dates::{date_or_today, optional_date};
use crate::input::{self, Nulls};
use crate::output::{Data, PyColumn};
use crate::prefill::{self, Prefilled, Question};

/// A code system's per-code functions, shared by its scalar and vectorized calls.
pub trait System {
    /// The question the prefilled table of [`reason`](Self::reason) on a date answers.
    fn reason_question(date: Date) -> Question;
    /// Every code of the system in its canonical spelling (for the prefilled tables).
    fn all_codes() -> Vec<String>;
    /// The core's reason kind for a code on a date.
    fn reason(code: &str, date: Date) -> u8;
    /// The core's canonical spelling of a code (at most 14 bytes), for the memo: every
    /// answer depends on a code only through it.
    fn canonical(code: &str, out: &mut [u8; 16]) -> Option<usize>;
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

/// The canonical-spelling function of a memo.
pub type Canonical = fn(&str, &mut [u8; 16]) -> Option<usize>;

/// The memo for a system's kernels (all of which depend on the canonical spelling only).
pub fn memo<S: System>(table: &Option<Arc<Prefilled>>) -> Memo<'_, Canonical> {
    if memo_on() {
        Memo::Canonical(S::canonical, table.as_deref())
    } else {
        Memo::Off
    }
}

/// Columns shorter than this call the core row by row (the table costs one core call per
/// code of the system, once per date and process).
pub const PREFILL_MIN_ROWS: usize = 200_000;

/// The prefilled answers of `reason` on a date (when memoizing and the column is big
/// enough to repay building them).
pub fn reason_table<S: System>(date: Date, rows: usize) -> Option<Arc<Prefilled>> {
    (memo_on() && rows >= PREFILL_MIN_ROWS).then(|| {
        prefill::table(S::reason_question(date), S::all_codes, |s| {
            S::reason(s, date)
        })
    })
}

fn reasons<S: System>(chunks: &[Chunk<'_>], date: Date) -> Vec<u8> {
    let table = reason_table::<S>(date, column::rows(chunks));
    map_u8(chunks, memo::<S>(&table), |s| S::reason(s, date))
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
    let out = py.detach(|| {
        let mut v = reasons::<S>(&chunks, date);
        for b in &mut v {
            *b = u8::from(*b == ReasonKind::Valid as u8);
        }
        v
    });
    Ok(PyColumn::new(Data::Bool(out)))
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
