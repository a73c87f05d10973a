//! ICD-10-CM's extras: what its codes have beyond every code's (`Icd10CmCode`, a subclass
//! of `AnyCode`: billable, kind, chapter, block, notes, 7th characters), its chapters and
//! blocks, instructional notes, the encounter rules and search. The calls every code set
//! has are in systems.rs, once for every system.

use medcodes::icd10cm::{Block, Chapter, Code, CodeKind, CodeRef, Note, SeventhCharacterDef};
use medcodes::search::Query;
use medcodes::{AnyCode, CodeSystem, Icd10Cm};
use pyo3::prelude::*;
use pyo3::types::{PyList, PyTuple};

use crate::codes::{self, PyAnyCode, PyTitleSource};
use crate::dates::{date_or_today, optional_date};
use crate::input::str_arg;

#[inline]
fn cm() -> Icd10Cm {
    Icd10Cm::new()
}

fn codes_list<'py>(
    py: Python<'py>,
    it: impl IntoIterator<Item = Code>,
) -> PyResult<Bound<'py, PyList>> {
    codes::list(py, it.into_iter().map(AnyCode::from))
}

/// An ICD-10-CM code or header (category, subcategory) from the bundled data: what every
/// code has (`AnyCode`) and ICD-10-CM's own (billable, kind, chapter, block, notes, 7th
/// characters).
///
/// >>> c = medcodes.icd10cm.lookup("e11.9")
/// >>> c.code, c.billable, c.kind
/// ('E11.9', True, 'code')
/// >>> c.parent
/// <Icd10CmCode E11 header: Type 2 diabetes mellitus>
#[pyclass(frozen, extends = PyAnyCode, module = "medcodes", name = "Icd10CmCode")]
pub struct PyIcd10CmCode(pub Code);

#[pymethods]
impl PyIcd10CmCode {
    /// Whether the code is billable in the newest release that has it (on a date:
    /// `is_valid_on`).
    #[getter]
    fn billable(&self) -> bool {
        self.0.is_billable()
    }

    /// 'category' (three characters), 'subcategory' (a header below one) or 'code'
    /// (billable), in the newest release that has it.
    #[getter]
    fn kind(&self) -> &'static str {
        self.0.kind().as_str()
    }

    /// The kind on a date (None: today).
    #[pyo3(signature = (date=None))]
    fn kind_on(&self, date: Option<&Bound<'_, PyAny>>) -> PyResult<&'static str> {
        Ok(self.0.kind_on(date_or_today(date)?).as_str())
    }

    /// The block (section) the code's category belongs to.
    #[getter]
    fn block(&self) -> Option<PyBlock> {
        self.0.block().map(PyBlock)
    }

    /// The chapter the code belongs to.
    #[getter]
    fn chapter(&self) -> Option<PyChapter> {
        self.0.chapter().map(PyChapter)
    }

    /// The instructional notes in force for the code: its own, then those it inherits
    /// from its ancestors (nearest first), its block and its chapter (see `Note.inherited`).
    #[getter]
    fn notes<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        notes_list(py, self.0.notes())
    }

    /// The 7th characters the code (or the codes below it) take, or None.
    #[getter]
    fn seventh_characters(&self) -> Option<PySeventhCharacterDef> {
        self.0.seventh_characters().map(PySeventhCharacterDef)
    }

    fn __repr__(&self) -> String {
        let what = if self.0.is_billable() {
            "billable"
        } else {
            "header"
        };
        codes::repr(self.0.into(), "Icd10CmCode", what)
    }
}

/// A chapter of the tabular list, e.g. 4, 'Endocrine, nutritional and metabolic diseases'.
#[pyclass(frozen, eq, hash, module = "medcodes", name = "Chapter")]
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct PyChapter(Chapter);

#[pymethods]
impl PyChapter {
    /// 1 to 22.
    #[getter]
    fn number(&self) -> u8 {
        self.0.number()
    }

    #[getter]
    fn title(&self) -> &'static str {
        self.0.title()
    }

    /// First and last category, e.g. ('E00', 'E89').
    #[getter]
    fn range(&self) -> (&'static str, &'static str) {
        self.0.range()
    }

    /// The blocks of the chapter, in order.
    #[getter]
    fn blocks<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        PyList::new(py, self.0.blocks().map(PyBlock))
    }

    /// The chapter's own instructional notes.
    #[getter]
    fn notes<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        notes_list(py, self.0.notes())
    }

    fn __repr__(&self) -> String {
        let (a, b) = self.0.range();
        format!(
            "<Chapter {} ({a}-{b}): {}>",
            self.0.number(),
            self.0.title()
        )
    }
}

/// A block (section) of categories, e.g. 'E08-E13', 'Diabetes mellitus'.
#[pyclass(frozen, eq, hash, module = "medcodes", name = "Block")]
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct PyBlock(Block);

#[pymethods]
impl PyBlock {
    /// The range as written in the tabular list, e.g. 'E08-E13'.
    #[getter]
    fn id(&self) -> &'static str {
        self.0.id()
    }

    #[getter]
    fn title(&self) -> &'static str {
        self.0.title()
    }

    #[getter]
    fn chapter(&self) -> PyChapter {
        PyChapter(self.0.chapter())
    }

    /// The categories in the block (all releases), in code order.
    #[getter]
    fn categories<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        codes_list(py, self.0.categories())
    }

    /// The block's own instructional notes.
    #[getter]
    fn notes<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        notes_list(py, self.0.notes())
    }

    fn __repr__(&self) -> String {
        format!("<Block {}: {}>", self.0.id(), self.0.title())
    }
}

// ---------------------------------------------------------------------------------------
// Instructional notes

/// A code reference in a note: a code (P70.2), a category with all its codes (E10.-) or a
/// range (E08-E13), perhaps narrowed by a qualifier.
#[pyclass(frozen, module = "medcodes", name = "CodeRef")]
#[derive(Clone)]
pub struct PyCodeRef(CodeRef);

#[pymethods]
impl PyCodeRef {
    /// The reference as written in the note, e.g. 'E10.-'.
    #[getter]
    fn text(&self) -> &'static str {
        self.0.text
    }

    /// First code of the range (dotted); the reference covers it and every code below it.
    #[getter]
    fn first(&self) -> String {
        self.0.first.clone()
    }

    /// Last code of the range (dotted); equal to `first` unless it is a range.
    #[getter]
    fn last(&self) -> String {
        self.0.last.clone()
    }

    #[getter]
    fn is_range(&self) -> bool {
        self.0.range
    }

    /// The "with ..." text that narrows the reference, e.g. '7th character B'.
    #[getter]
    fn qualifier(&self) -> Option<&'static str> {
        self.0.qualifier
    }

    /// Whether a code (an Icd10CmCode) is covered by the reference (qualifier included).
    fn covers(&self, code: &PyIcd10CmCode) -> bool {
        self.0.covers(&code.0)
    }

    /// The codes the reference covers that are valid on a date (None: today).
    #[pyo3(signature = (date=None))]
    fn codes_on<'py>(
        &self,
        py: Python<'py>,
        date: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyList>> {
        codes_list(py, self.0.codes_on(date_or_today(date)?))
    }

    fn __repr__(&self) -> String {
        match self.0.qualifier {
            Some(q) => format!("<CodeRef {} with {q}>", self.0.text),
            None => format!("<CodeRef {}>", self.0.text),
        }
    }
}

/// An instructional note of the tabular list ("Excludes1:", "Code first", ...) and where
/// it sits.
#[pyclass(frozen, module = "medcodes", name = "Note")]
pub struct PyNote(Note);

#[pymethods]
impl PyNote {
    /// 'inclusion_term', 'includes', 'excludes1', 'excludes2', 'code_first',
    /// 'use_additional_code', 'code_also', 'note' or 'seventh_character'.
    #[getter]
    fn kind(&self) -> &'static str {
        self.0.kind.as_str()
    }

    /// The heading the tabular list prints, e.g. 'Excludes1'.
    #[getter]
    fn label(&self) -> &'static str {
        self.0.kind.label()
    }

    /// Where the note sits: 'chapter', 'block' or 'code'.
    #[getter]
    fn level(&self) -> String {
        format!("{:?}", self.0.site.level).to_lowercase()
    }

    /// The chapter number, block range or dotted code the note sits on.
    #[getter]
    fn site(&self) -> String {
        self.0.site.id.clone()
    }

    /// Whether the note sits on an ancestor, the block or the chapter rather than on the
    /// code it was asked for.
    #[getter]
    fn inherited(&self) -> bool {
        self.0.inherited
    }

    /// The note's lines joined as the tabular list reads.
    #[getter]
    fn text(&self) -> String {
        self.0.text()
    }

    /// The note's lines.
    #[getter]
    fn lines(&self) -> Vec<&'static str> {
        self.0.lines.iter().map(|l| l.text).collect()
    }

    /// Every code reference of the note.
    #[getter]
    fn refs(&self) -> Vec<PyCodeRef> {
        self.0.refs().cloned().map(PyCodeRef).collect()
    }

    fn __repr__(&self) -> String {
        let text: String = self.0.text().chars().take(60).collect();
        format!(
            "<Note {} on {}: {text}>",
            self.0.kind.label(),
            self.0.site.id
        )
    }
}

/// The 7th characters a code (or the codes below it) take, and where they are defined.
#[pyclass(frozen, module = "medcodes", name = "SeventhCharacterDef")]
pub struct PySeventhCharacterDef(SeventhCharacterDef);

#[pymethods]
impl PySeventhCharacterDef {
    /// The code that defines them (dotted), e.g. 'S52'.
    #[getter]
    fn defined_at(&self) -> String {
        self.0.defined_at.clone()
    }

    /// The note introducing them there.
    #[getter]
    fn note(&self) -> Option<&'static str> {
        self.0.note
    }

    /// (character, meaning) pairs as the tabular list defines them.
    #[getter]
    fn characters(&self) -> Vec<(String, &'static str)> {
        self.0
            .characters
            .iter()
            .map(|c| (c.character.to_string(), c.meaning))
            .collect()
    }

    fn __repr__(&self) -> String {
        let chars: String = self.0.characters.iter().map(|c| c.character).collect();
        format!("<SeventhCharacterDef {} at {}>", chars, self.0.defined_at)
    }
}

fn notes_list(py: Python<'_>, notes: Vec<Note>) -> PyResult<Bound<'_, PyList>> {
    PyList::new(py, notes.into_iter().map(PyNote))
}

// ---------------------------------------------------------------------------------------
// Functions

/// ICD-10-CM codes by code prefix (`"e11.6"`) or by words (`"diab mell type 2"`, `"heart
/// attack"`), at most `limit` (0..10000), the best first: `medcodes.search` on this one
/// system, as a list of codes (that call also gives the total, the field matched and the
/// spans to highlight). With `date`, only codes in force on it (billable or header);
/// without, codes of any release. Raises `SearchError` for a bad limit, a query too long
/// or a date outside the data, `DateError` for a bad date.
///
/// >>> [c.code for c in icd10cm.search("e11.6", limit=3)]
/// ['E11.6', 'E11.61', 'E11.610']
#[pyfunction]
#[pyo3(signature = (query, limit=None, date=None), text_signature = "(query, limit=50, date=None)")]
fn search<'py>(
    py: Python<'py>,
    query: &Bound<'py, PyAny>,
    limit: Option<&Bound<'py, PyAny>>,
    date: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyList>> {
    let text = str_arg(query, "query")?.into_owned();
    let limit = match limit {
        Some(l) => crate::search::count_arg(l, "limit", crate::search::MAX_LIMIT)?,
        None => 50,
    };
    let q = Query::new(text).system(CodeSystem::Icd10Cm).limit(limit);
    let q = match optional_date(date)? {
        Some(d) => q.date(d),
        None => q.any_release(true),
    };
    let found = py
        .detach(|| medcodes::search::search(&q))
        .map_err(|e| crate::search::core_error(py, e))?;
    let hits: Vec<Code> = found
        .hits
        .into_iter()
        .filter_map(|h| match h.code {
            AnyCode::Icd10Cm(c) => Some(c),
            _ => None,
        })
        .collect();
    codes_list(py, hits)
}

/// The release the instructional notes and 7th-character definitions are read from.
#[pyfunction]
fn notes_source() -> PyTitleSource {
    PyTitleSource(*cm().notes_source())
}

/// Checks the diagnosis codes of one encounter, in the order listed (the first is the
/// first-listed or principal diagnosis), against the coding rules of the tabular list
/// (each code valid on the date, duplicates, a code with its own ancestor, Excludes1,
/// code first, use additional code): a list of EncounterFinding, empty when clean.
#[pyfunction]
#[pyo3(signature = (codes, date=None))]
fn check_encounter<'py>(
    py: Python<'py>,
    codes: &Bound<'py, PyAny>,
    date: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyList>> {
    let date = date_or_today(date)?;
    if codes.is_instance_of::<pyo3::types::PyString>() {
        return Err(pyo3::exceptions::PyTypeError::new_err(
            "codes must be a list of codes, not one str",
        ));
    }
    let mut owned: Vec<String> = Vec::new();
    for (i, item) in codes.try_iter()?.enumerate() {
        let item = item?;
        owned.push(str_arg(&item, &format!("codes[{i}]"))?.into_owned());
    }
    let report = py.detach(|| cm().check_encounter(&owned, date));
    PyList::new(
        py,
        report
            .findings
            .into_iter()
            .map(crate::findings::PyEncounterFinding),
    )
}

/// The 22 chapters of the tabular list (of the newest release).
#[pyfunction]
fn chapters(py: Python<'_>) -> PyResult<Bound<'_, PyList>> {
    PyList::new(py, cm().chapters().map(PyChapter))
}

/// A chapter by number (1-22), or None for another int; TypeError for anything but an int.
#[pyfunction]
fn chapter(number: &Bound<'_, PyAny>) -> PyResult<Option<PyChapter>> {
    if number.is_instance_of::<pyo3::types::PyBool>()
        || !number.is_instance_of::<pyo3::types::PyInt>()
    {
        let shown = number.repr().map(|r| r.to_string()).unwrap_or_default();
        return Err(pyo3::exceptions::PyTypeError::new_err(format!(
            "chapter number must be an int from 1 to 22, not {} {shown}",
            crate::errors::type_name(number)
        )));
    }
    let n = number
        .extract::<i64>()
        .ok()
        .and_then(|n| u8::try_from(n).ok());
    Ok(n.and_then(|n| cm().chapter(n)).map(PyChapter))
}

/// A block (section) by its range, e.g. 'E08-E13', or None.
#[pyfunction]
fn block(range: &Bound<'_, PyAny>) -> PyResult<Option<PyBlock>> {
    let range = str_arg(range, "range")?;
    Ok(cm().block(&range).map(PyBlock))
}

/// The kinds of an ICD-10-CM code, in core's order. Core has no `CodeKind::ALL`: the match
/// below stops the build when core adds a kind this list lacks.
const CODE_KINDS: [CodeKind; 3] = [CodeKind::Category, CodeKind::Subcategory, CodeKind::Code];
const _: fn(CodeKind) = |k| match k {
    CodeKind::Category | CodeKind::Subcategory | CodeKind::Code => (),
};

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add_class::<PyIcd10CmCode>()?;
    m.add_class::<PyChapter>()?;
    m.add_class::<PyBlock>()?;
    m.add_class::<PyNote>()?;
    m.add_class::<PyCodeRef>()?;
    m.add_class::<PySeventhCharacterDef>()?;
    m.add_function(wrap_pyfunction!(notes_source, m)?)?;
    m.add_function(wrap_pyfunction!(check_encounter, m)?)?;
    m.add_function(wrap_pyfunction!(search, m)?)?;
    m.add_function(wrap_pyfunction!(chapters, m)?)?;
    m.add_function(wrap_pyfunction!(chapter, m)?)?;
    m.add_function(wrap_pyfunction!(block, m)?)?;
    let kinds = CODE_KINDS.map(CodeKind::as_str);
    m.add("CODE_KINDS", PyTuple::new(py, kinds)?)?;
    let findings = medcodes::icd10cm::FindingKind::ALL.map(|k| k.as_str());
    m.add("FINDING_KINDS", PyTuple::new(py, findings)?)?;
    let notes = medcodes::icd10cm::NoteKind::ALL.map(|k| k.as_str());
    m.add("NOTE_KINDS", PyTuple::new(py, notes)?)?;
    Ok(())
}
