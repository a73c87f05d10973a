//! `medcodes.search`: the core's ranked search (`medcodes::search::search`) over every code
//! set, for autocomplete boxes and coders. Hits carry the field matched and the matched
//! spans as Python string indexes (characters, not the core's bytes).

use medcodes::search::{
    Field, Hit, MatchKind, Query, SearchError as CoreSearchError, SystemSearched,
};
use medcodes::CodeSystem;
use pyo3::create_exception;
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyList, PyString, PyTuple};

use crate::dates;
use crate::errors::{self, MedcodesError};
use crate::input::str_arg;

create_exception!(
    medcodes,
    SearchError,
    MedcodesError,
    "A search refused: kind 'query_too_long' (attributes bytes, words), \
     'date_out_of_range' (date, coverage: (system, first, last) tuples), 'limit', 'offset' \
     or 'system' (value: the argument given). Attributes: kind, message, and None where \
     the kind has none."
);

/// The most hits one call returns (a page; `offset` pages further).
pub(crate) const MAX_LIMIT: i64 = 10_000;
/// The largest offset accepted.
const MAX_OFFSET: i64 = 1_000_000;

const ATTRIBUTES: [&str; 6] = ["value", "bytes", "words", "date", "coverage", "system"];

fn search_error(py: Python<'_>, kind: &str, message: String) -> PyErr {
    let err = SearchError::new_err(message.clone());
    let v = err.value(py);
    for name in ATTRIBUTES {
        let _ = v.setattr(name, py.None());
    }
    let _ = v.setattr("kind", kind);
    let _ = v.setattr("message", message);
    err
}

pub(crate) fn core_error(py: Python<'_>, e: CoreSearchError) -> PyErr {
    let message = e.to_string();
    match e {
        CoreSearchError::QueryTooLong { bytes, words } => {
            let err = search_error(py, "query_too_long", message);
            let _ = err.value(py).setattr("bytes", bytes);
            let _ = err.value(py).setattr("words", words);
            err
        }
        CoreSearchError::DateOutOfRange { date, coverage } => {
            let err = search_error(py, "date_out_of_range", message);
            if let Ok(d) = dates::to_py(py, date) {
                let _ = err.value(py).setattr("date", d);
            }
            let rows: Vec<Bound<'_, PyTuple>> = coverage
                .iter()
                .filter_map(|(s, first, last)| {
                    let first = dates::to_py(py, *first).ok()?;
                    let last = dates::to_py(py, *last).ok()?;
                    PyTuple::new(
                        py,
                        [
                            s.id().into_pyobject(py).ok()?.into_any(),
                            first.into_any(),
                            last.into_any(),
                        ],
                    )
                    .ok()
                })
                .collect();
            let _ = err.value(py).setattr("coverage", rows);
            err
        }
        _ => search_error(py, "other", message),
    }
}

/// A non-negative int argument at most `max`, else `SearchError` of kind `what`.
pub(crate) fn count_arg(obj: &Bound<'_, PyAny>, what: &str, max: i64) -> PyResult<usize> {
    let py = obj.py();
    if obj.is_instance_of::<pyo3::types::PyBool>() || !obj.is_instance_of::<pyo3::types::PyInt>() {
        return Err(PyTypeError::new_err(format!(
            "{what} must be an int, not {}",
            errors::type_name(obj)
        )));
    }
    let n = obj.extract::<i64>().ok().filter(|n| (0..=max).contains(n));
    match n.and_then(|n| usize::try_from(n).ok()) {
        Some(n) => Ok(n),
        None => {
            let shown = obj.repr().map(|r| r.to_string()).unwrap_or_default();
            let err = search_error(
                py,
                what,
                format!("{what} must be between 0 and {max}, got {shown}"),
            );
            let _ = err.value(py).setattr("value", obj);
            Err(err)
        }
    }
}

/// `systems`: None (all), one id, or an iterable of ids.
fn systems_arg(obj: Option<&Bound<'_, PyAny>>) -> PyResult<Vec<CodeSystem>> {
    let Some(obj) = obj.filter(|o| !o.is_none()) else {
        return Ok(Vec::new());
    };
    let py = obj.py();
    let ids: Vec<Bound<'_, PyAny>> = if obj.is_instance_of::<PyString>() {
        vec![obj.clone()]
    } else {
        obj.try_iter()
            .map_err(|_| {
                PyTypeError::new_err(format!(
                    "systems must be a system id, a list of them or None, not {}",
                    errors::type_name(obj)
                ))
            })?
            .collect::<PyResult<_>>()?
    };
    let mut out = Vec::with_capacity(ids.len());
    for id in &ids {
        let id_text = str_arg(id, "a system id")?;
        let exact = CodeSystem::ALL.iter().copied().find(|s| s.id() == id_text);
        match exact.or_else(|| CodeSystem::from_id(&id_text)) {
            Some(s) => out.push(s),
            None => {
                let known: Vec<&str> = CodeSystem::ALL.iter().map(|s| s.id()).collect();
                let err = search_error(
                    py,
                    "system",
                    format!(
                        "unknown code system {:?}: expected one of {}",
                        id_text.as_ref(),
                        known.join(", ")
                    ),
                );
                let _ = err.value(py).setattr("value", id);
                return Err(err);
            }
        }
    }
    Ok(out)
}

/// `medcodes.MatchKind` (a `str` enum defined by the package from [`MatchKind::as_str`]),
/// or the plain name when the package is not imported.
fn kind_object(py: Python<'_>, kind: MatchKind) -> Py<PyAny> {
    static ENUM: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
    let name = kind.as_str();
    ENUM.get_or_try_init(py, || {
        py.import("medcodes._search")?
            .getattr("MatchKind")
            .map(Bound::unbind)
    })
    .and_then(|e| e.bind(py).call1((name,)).map(Bound::unbind))
    .unwrap_or_else(|_| PyString::new(py, name).into_any().unbind())
}

/// One code found.
#[pyclass(frozen, module = "medcodes", name = "SearchHit")]
pub struct PySearchHit {
    system: CodeSystem,
    code: String,
    score: f32,
    kind: Py<PyAny>,
    billable: bool,
    title: Option<String>,
    field: Field,
    text: String,
    spans: Vec<(usize, usize)>,
}

impl PySearchHit {
    fn from_core(py: Python<'_>, h: Hit) -> PySearchHit {
        // Character indexes into `text` (a span that is not one of it cannot come from
        // the core; it would be left out rather than point elsewhere).
        let spans = h
            .spans
            .iter()
            .filter_map(|s| s.char_range(&h.text))
            .collect();
        PySearchHit {
            system: h.system,
            code: h.code.code().to_string(),
            score: h.score,
            kind: kind_object(py, h.kind),
            billable: h.billable,
            title: h.title,
            field: h.field,
            text: h.text,
            spans,
        }
    }
}

#[pymethods]
impl PySearchHit {
    /// The code system's id ('icd10cm', 'icd10pcs', 'hcpcs').
    #[getter]
    fn system(&self) -> &'static str {
        self.system.id()
    }

    /// The code, canonical ('I10', '0DTJ4ZZ'); the system's `lookup` gives its object.
    #[getter]
    fn code(&self) -> &str {
        &self.code
    }

    /// The relevance of the words (0 for a code matched by its characters).
    #[getter]
    fn score(&self) -> f32 {
        self.score
    }

    /// How it matched (`MatchKind`).
    #[getter]
    fn kind(&self, py: Python<'_>) -> Py<PyAny> {
        self.kind.clone_ref(py)
    }

    /// Billable on the date searched; else a header.
    #[getter]
    fn billable(&self) -> bool {
        self.billable
    }

    /// The long title on the date (None for ICD-10-PCS levels, which have none).
    #[getter]
    fn title(&self) -> Option<&str> {
        self.title.as_deref()
    }

    /// The field that matched: 'code', 'title', 'short_title', 'inclusion_term',
    /// 'axis_label', 'block', 'chapter' or 'section'.
    #[getter]
    fn field(&self) -> &'static str {
        self.field.as_str()
    }

    /// The text of that field on the date (the title when `field` is 'title').
    #[getter]
    fn text(&self) -> &str {
        &self.text
    }

    /// The matched words (or code characters) as `(start, end)` indexes of `text`, in
    /// order: `text[start:end]`.
    #[getter]
    fn spans(&self) -> Vec<(usize, usize)> {
        self.spans.clone()
    }

    fn __repr__(&self) -> String {
        format!(
            "<SearchHit {} {} {}: {}>",
            self.system.id(),
            self.code,
            self.field.as_str(),
            self.text
        )
    }
}

/// How one system was searched.
#[pyclass(frozen, module = "medcodes", name = "SystemSearched")]
pub struct PySystemSearched(SystemSearched);

#[pymethods]
impl PySystemSearched {
    #[getter]
    fn system(&self) -> &'static str {
        self.0.system.id()
    }

    /// Whether it was searched (not when the date asked for is outside its data).
    #[getter]
    fn searched(&self) -> bool {
        self.0.searched
    }

    /// The date its codes had to be in force on (None: any release).
    #[getter]
    fn date<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, pyo3::types::PyDate>>> {
        self.0.date.map(|d| dates::to_py(py, d)).transpose()
    }

    /// Why the date is not the one asked for, or why it was not searched.
    #[getter]
    fn note(&self) -> Option<&str> {
        self.0.note.as_deref()
    }

    fn __repr__(&self) -> String {
        let date = self
            .0
            .date
            .map_or_else(|| "any release".to_string(), |d| d.to_string());
        format!("<SystemSearched {} {date}>", self.0.system.id())
    }
}

/// What `search` found: a page of hits, the total over all pages and how each system was
/// searched. Iterating or indexing it reads the hits.
#[pyclass(frozen, sequence, module = "medcodes", name = "SearchResults")]
pub struct PySearchResults {
    hits: Py<PyList>,
    total: usize,
    offset: usize,
    systems: Py<PyList>,
}

#[pymethods]
impl PySearchResults {
    /// The hits of this page, the best first.
    #[getter]
    fn hits(&self, py: Python<'_>) -> Py<PyList> {
        self.hits.clone_ref(py)
    }

    /// Codes matching, all pages.
    #[getter]
    fn total(&self) -> usize {
        self.total
    }

    /// Hits skipped before this page.
    #[getter]
    fn offset(&self) -> usize {
        self.offset
    }

    /// How each system asked for was searched (`SystemSearched`: its date, or why not).
    #[getter]
    fn systems(&self, py: Python<'_>) -> Py<PyList> {
        self.systems.clone_ref(py)
    }

    fn __len__(&self, py: Python<'_>) -> usize {
        self.hits.bind(py).len()
    }

    fn __getitem__<'py>(&self, py: Python<'py>, i: isize) -> PyResult<Bound<'py, PyAny>> {
        let hits = self.hits.bind(py);
        let n = hits.len() as isize;
        let at = if i < 0 { i + n } else { i };
        if at < 0 || at >= n {
            return Err(pyo3::exceptions::PyIndexError::new_err(format!(
                "hit {i} of a page of {n}"
            )));
        }
        hits.get_item(at as usize)
    }

    fn __iter__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, pyo3::types::PyIterator>> {
        self.hits.bind(py).try_iter()
    }

    fn __repr__(&self, py: Python<'_>) -> String {
        format!(
            "<SearchResults {} of {} from {}>",
            self.hits.bind(py).len(),
            self.total,
            self.offset
        )
    }
}

/// Searches the code sets by words (titles, short titles, inclusion terms, group names,
/// ICD-10-PCS axis labels; everyday words and abbreviations such as 'heart attack' and
/// 'HTN' expanded) or by code prefix ('E11.6'), the best first.
///
/// `systems`: an id or ids (default: all; each hit says its system). `date`: only codes
/// in force on it (default today; a system whose data end earlier is searched on its last
/// date and says so in `systems`). `any_release`: codes of every release instead.
/// `prefix_last_word`: the last word may be unfinished (as typed in a box). `limit` hits
/// (0..10000) after `offset`; `total` counts every page. Raises `SearchError` for a bad
/// limit, offset, system id, a query too long or a date outside every system's data,
/// `DateError` for a bad date and `TypeError` for a wrong type.
///
/// >>> medcodes.search("sepsis", systems="icd10cm", date="2025-10-01").hits[0].code
/// 'A41.9'
#[pyfunction]
#[pyo3(
    signature = (query, *, systems=None, date=None, limit=None, offset=None, prefix_last_word=false, any_release=false),
    text_signature = "(query, *, systems=None, date=None, limit=10, offset=0, prefix_last_word=False, any_release=False)"
)]
#[allow(clippy::too_many_arguments)]
fn search<'py>(
    py: Python<'py>,
    query: &Bound<'py, PyAny>,
    systems: Option<&Bound<'py, PyAny>>,
    date: Option<&Bound<'py, PyAny>>,
    limit: Option<&Bound<'py, PyAny>>,
    offset: Option<&Bound<'py, PyAny>>,
    prefix_last_word: bool,
    any_release: bool,
) -> PyResult<PySearchResults> {
    let text = str_arg(query, "query")?.into_owned();
    let limit = match limit {
        Some(l) => count_arg(l, "limit", MAX_LIMIT)?,
        None => 10,
    };
    let offset = match offset {
        Some(o) => count_arg(o, "offset", MAX_OFFSET)?,
        None => 0,
    };
    let systems = systems_arg(systems)?;
    let date = dates::optional_date(date)?;
    let mut q = Query::new(text)
        .limit(limit)
        .offset(offset)
        .systems(&systems)
        .any_release(any_release)
        .prefix_last_word(prefix_last_word);
    q.date = date;
    let found = py
        .detach(|| medcodes::search::search(&q))
        .map_err(|e| core_error(py, e))?;
    let hits: Vec<PySearchHit> = found
        .hits
        .into_iter()
        .map(|h| PySearchHit::from_core(py, h))
        .collect();
    let systems: Vec<PySystemSearched> = found.systems.into_iter().map(PySystemSearched).collect();
    Ok(PySearchResults {
        hits: PyList::new(py, hits)?.unbind(),
        total: found.total,
        offset,
        systems: PyList::new(py, systems)?.unbind(),
    })
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add("SearchError", py.get_type::<SearchError>())?;
    m.add_class::<PySearchHit>()?;
    m.add_class::<PySystemSearched>()?;
    m.add_class::<PySearchResults>()?;
    // The core's names, for the package's MatchKind and the stubs' checks.
    m.add(
        "MATCH_KINDS",
        PyTuple::new(py, MatchKind::ALL.map(MatchKind::as_str))?,
    )?;
    m.add(
        "SEARCH_FIELDS",
        PyTuple::new(py, Field::ALL.map(Field::as_str))?,
    )?;
    // `search` is the ICD-10-CM module's older call in this native module: the package
    // exports this one as `medcodes.search`.
    m.add("ranked_search", wrap_pyfunction!(search, m)?)?;
    Ok(())
}
