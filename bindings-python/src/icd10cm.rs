//! ICD-10-CM: the core's `Icd10Cm` and its types as Python objects and functions, scalar
//! and vectorized. Each vectorized call runs the same per-code function as its scalar twin.

use std::cmp::Ordering;

use medcodes::icd10cm::{normalize as core_normalize, Block, Chapter, Code};
use medcodes::icd10cm::{CodeRef, Note, SeventhCharacterDef};
use medcodes::{Date, Icd10Cm, ReasonKind, Release, TitleSource, ValidityRange};
use pyo3::prelude::*;
use pyo3::types::{PyDate, PyList, PyTuple};

use crate::dates::{date_or_today, optional_date, to_py};
use crate::errors::{reason_kind_object, validation_error};
use crate::input::str_arg;
use crate::output::{Data, PyColumn};

#[inline]
fn cm() -> Icd10Cm {
    Icd10Cm::new()
}

// ---------------------------------------------------------------------------------------
// Per-code functions, shared by the scalar and the vectorized calls.

#[inline]
fn reason_one(code: &str, date: Date) -> u8 {
    cm().reason(code, date) as u8
}

#[inline]
fn billable_one(code: &str, date: Option<Date>) -> bool {
    match date {
        // Billable on the date is exactly "valid" (the allocation-free path).
        Some(d) => cm().reason(code, d) == ReasonKind::Valid,
        None => cm().lookup(code).is_ok_and(|c| c.is_billable()),
    }
}

#[inline]
fn normalize_one(code: &str, dotted: bool, out: &mut Vec<u8>) -> bool {
    match core_normalize(code) {
        Ok(n) if dotted => {
            out.extend_from_slice(n.dotted().as_bytes());
            true
        }
        Ok(n) => {
            out.extend_from_slice(n.undotted().as_bytes());
            true
        }
        Err(_) => false,
    }
}

fn title_of(code: Code, date: Option<Date>, short: bool) -> Option<medcodes::icd10cm::Title> {
    match (date, short) {
        (Some(d), false) => code.title_on(d),
        (Some(d), true) => code.short_title_on(d),
        (None, false) => code.title(),
        (None, true) => code.short_title_on(cm().coverage().1),
    }
}

#[inline]
fn title_one(code: &str, date: Option<Date>, short: bool, out: &mut Vec<u8>) -> bool {
    match cm()
        .lookup(code)
        .ok()
        .and_then(|c| title_of(c, date, short))
    {
        Some(t) => {
            out.extend_from_slice(t.text.as_bytes());
            true
        }
        None => false,
    }
}

// ---------------------------------------------------------------------------------------
// Types

/// An ICD-10-CM code or header (category, subcategory) from the bundled data.
///
/// >>> c = medcodes.icd10cm.lookup("e11.9")
/// >>> c.code, c.billable, c.kind
/// ('E11.9', True, 'code')
/// >>> c.parent
/// <Code E11 header: Type 2 diabetes mellitus>
#[pyclass(frozen, eq, hash, ord, module = "medcodes", name = "Code")]
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct PyCode(pub Code);

impl PartialOrd for PyCode {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for PyCode {
    fn cmp(&self, other: &Self) -> Ordering {
        // Undotted string order is the order of the code tree.
        self.0.undotted().as_str().cmp(other.0.undotted().as_str())
    }
}

fn codes_list<'py>(
    py: Python<'py>,
    it: impl IntoIterator<Item = Code>,
) -> PyResult<Bound<'py, PyList>> {
    PyList::new(py, it.into_iter().map(PyCode))
}

#[pymethods]
impl PyCode {
    /// Canonical dotted form, e.g. 'E11.9'.
    #[getter]
    fn code(&self) -> String {
        self.0.code().to_string()
    }

    /// Undotted form, e.g. 'E119'.
    #[getter]
    fn undotted(&self) -> String {
        self.0.undotted().to_string()
    }

    /// The long title from the newest source that has the code (None when none has).
    #[getter]
    fn title(&self) -> Option<String> {
        title_of(self.0, None, false).map(|t| t.text.into_owned())
    }

    /// The short (abbreviated) title from the newest source that has one.
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

    /// The short title in force on a date (None: today).
    #[pyo3(signature = (date=None))]
    fn short_title_on(&self, date: Option<&Bound<'_, PyAny>>) -> PyResult<Option<String>> {
        Ok(self
            .0
            .short_title_on(date_or_today(date)?)
            .map(|t| t.text.into_owned()))
    }

    /// The title source the long title in force on a date comes from (None: today).
    #[pyo3(signature = (date=None))]
    fn title_source_on(&self, date: Option<&Bound<'_, PyAny>>) -> PyResult<Option<PyTitleSource>> {
        Ok(self
            .0
            .title_on(date_or_today(date)?)
            .map(|t| PyTitleSource(*t.source)))
    }

    /// The long title from one title source (an index into `icd10cm.title_sources()`).
    fn title_from(&self, source: usize) -> Option<String> {
        self.0.title_from(source).map(|t| t.text.into_owned())
    }

    /// Whether the code is billable in the newest release that has it.
    #[getter]
    fn billable(&self) -> bool {
        self.0.is_billable()
    }

    /// Whether the code is valid and billable on a date (None: today).
    #[pyo3(signature = (date=None))]
    fn is_valid_on(&self, date: Option<&Bound<'_, PyAny>>) -> PyResult<bool> {
        Ok(self.0.is_valid_on(date_or_today(date)?))
    }

    /// Whether the code is valid on a date, billable or as a header (None: today).
    #[pyo3(signature = (date=None))]
    fn is_present_on(&self, date: Option<&Bound<'_, PyAny>>) -> PyResult<bool> {
        Ok(self.0.is_present_on(date_or_today(date)?))
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

    /// The code one level up; None for a category (see `block`).
    #[getter]
    fn parent(&self) -> Option<PyCode> {
        self.0.parent().map(PyCode)
    }

    /// Parent, grandparent, ... up to the category.
    #[getter]
    fn ancestors<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        codes_list(py, self.0.ancestors())
    }

    /// The codes one level below, in code order, across all releases.
    #[getter]
    fn children<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        codes_list(py, self.0.children())
    }

    /// Every code below this one, in code order, across all releases.
    #[getter]
    fn descendants<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        codes_list(py, self.0.descendants())
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

    /// The date ranges in which the code is valid (billable or header), merged.
    #[getter]
    fn validity<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        PyList::new(py, self.0.validity().into_iter().map(PyValidityRange))
    }

    /// Every validity span with its billable status and Medicare Code Editor flags.
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
    /// billable then.
    #[pyo3(signature = (date=None))]
    fn mce_flags_on(&self, date: Option<&Bound<'_, PyAny>>) -> PyResult<Option<Vec<&'static str>>> {
        Ok(self
            .0
            .mce_flags_on(date_or_today(date)?)
            .map(|f| f.iter().map(|f| f.name()).collect()))
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

    fn __str__(&self) -> String {
        self.code()
    }

    fn __repr__(&self) -> String {
        let what = if self.0.is_billable() {
            "billable"
        } else {
            "header"
        };
        match self.title() {
            Some(t) => format!("<Code {} {what}: {t}>", self.0.code()),
            None => format!("<Code {} {what}>", self.0.code()),
        }
    }

    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<(Bound<'py, PyAny>, (String,))> {
        let lookup = py.import("medcodes.icd10cm")?.getattr("lookup")?;
        Ok((lookup, (self.code(),)))
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

/// An inclusive range of dates of service; `end` is None while the code is still valid at
/// the end of the bundled data.
#[pyclass(frozen, eq, module = "medcodes", name = "ValidityRange")]
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct PyValidityRange(pub ValidityRange);

#[pymethods]
impl PyValidityRange {
    #[getter]
    fn start<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDate>> {
        to_py(py, self.0.start)
    }

    #[getter]
    fn end<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyDate>>> {
        self.0.end.map(|d| to_py(py, d)).transpose()
    }

    /// Whether the range contains a date (None: today).
    #[pyo3(signature = (date=None))]
    fn contains(&self, date: Option<&Bound<'_, PyAny>>) -> PyResult<bool> {
        Ok(self.0.contains(date_or_today(date)?))
    }

    fn __contains__(&self, date: &Bound<'_, PyAny>) -> PyResult<bool> {
        self.contains(Some(date))
    }

    fn __str__(&self) -> String {
        self.0.to_string()
    }

    fn __repr__(&self) -> String {
        match self.0.end {
            Some(to) => format!("<ValidityRange {} to {}>", self.0.start, to),
            None => format!("<ValidityRange from {}>", self.0.start),
        }
    }
}

/// One span of a code's validity with its billable status and MCE edit flags.
#[pyclass(frozen, module = "medcodes", name = "ValiditySpan")]
#[derive(Clone)]
pub struct PyValiditySpan {
    range: PyValidityRange,
    billable: bool,
    flags: Vec<&'static str>,
}

impl PyValiditySpan {
    pub fn from_core(s: medcodes::ValiditySpan) -> PyValiditySpan {
        PyValiditySpan {
            range: PyValidityRange(s.range),
            billable: s.billable,
            flags: s.mce_flags.iter().map(|f| f.name()).collect(),
        }
    }
}

#[pymethods]
impl PyValiditySpan {
    #[getter]
    fn range(&self) -> PyValidityRange {
        self.range
    }

    #[getter]
    fn start<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDate>> {
        self.range.start(py)
    }

    #[getter]
    fn end<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyDate>>> {
        self.range.end(py)
    }

    /// Billable in this span; otherwise a header with billable codes below it.
    #[getter]
    fn billable(&self) -> bool {
        self.billable
    }

    /// MCE edit flag names in force in the span (empty for headers).
    #[getter]
    fn mce_flags<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        PyTuple::new(py, &self.flags)
    }

    fn __repr__(&self) -> String {
        let what = if self.billable { "billable" } else { "header" };
        format!("<ValiditySpan {} {what} {:?}>", self.range.0, self.flags)
    }
}

/// A release of a code set: the date an update took effect.
#[pyclass(frozen, eq, hash, module = "medcodes", name = "Release")]
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct PyRelease(pub Release);

#[pymethods]
impl PyRelease {
    #[getter]
    fn effective<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDate>> {
        to_py(py, self.0.effective)
    }

    /// The US federal fiscal year, e.g. 2025 for a release effective 2024-10-01.
    #[getter]
    fn fiscal_year(&self) -> u16 {
        self.0.fiscal_year().0
    }

    fn __str__(&self) -> String {
        self.0.to_string()
    }

    fn __repr__(&self) -> String {
        format!("<Release {} ({})>", self.0, self.0.effective)
    }
}

/// A release of a code set that the bundled titles were taken from.
#[pyclass(frozen, eq, hash, module = "medcodes", name = "TitleSource")]
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct PyTitleSource(TitleSource);

#[pymethods]
impl PyTitleSource {
    /// Short name, e.g. 'FY2025 order file'.
    #[getter]
    fn name(&self) -> &'static str {
        self.0.name
    }

    /// The date the release took effect.
    #[getter]
    fn effective<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDate>> {
        to_py(py, self.0.effective)
    }

    /// The registry package and file it was read from.
    #[getter]
    fn origin(&self) -> &'static str {
        self.0.origin
    }

    fn __repr__(&self) -> String {
        format!("<TitleSource {} ({})>", self.0.name, self.0.effective)
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

    /// Whether a code (a Code) is covered by the reference (qualifier included).
    fn covers(&self, code: &PyCode) -> bool {
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
// Scalar functions

/// The canonical form of a code, or None when it is not shaped like an ICD-10-CM code.
#[pyfunction]
#[pyo3(signature = (code, dotted=true))]
fn normalize(code: &Bound<'_, PyAny>, dotted: bool) -> PyResult<Option<String>> {
    let code = str_arg(code, "code")?;
    let mut out = Vec::new();
    Ok(normalize_one(&code, dotted, &mut out).then(|| String::from_utf8_lossy(&out).into_owned()))
}

/// Finds a code (billable or header) in any release, without regard to date.
///
/// Raises EmptyCodeError, CodeTooLongError, MalformedCodeError or UnknownCodeError.
///
/// >>> icd10cm.lookup("e11.9")
/// <Code E11.9 billable: Type 2 diabetes mellitus without complications>
#[pyfunction]
fn lookup(py: Python<'_>, code: &Bound<'_, PyAny>) -> PyResult<PyCode> {
    let code = str_arg(code, "code")?;
    cm().lookup(&code)
        .map(PyCode)
        .map_err(|e| validation_error(py, e))
}

/// Validates a code for a date of service (None: today): the Code when it is valid and
/// billable on that date, otherwise raises the reason (a CodeValidationError subclass:
/// NotBillableError, NotValidOnDateError, UnknownCodeError, MalformedCodeError...).
///
/// >>> icd10cm.validate("E11.9", "2025-03-01").title
/// 'Type 2 diabetes mellitus without complications'
#[pyfunction]
#[pyo3(signature = (code, date=None))]
fn validate(
    py: Python<'_>,
    code: &Bound<'_, PyAny>,
    date: Option<&Bound<'_, PyAny>>,
) -> PyResult<PyCode> {
    let code = str_arg(code, "code")?;
    let date = date_or_today(date)?;
    cm().validate(&code, date)
        .map(PyCode)
        .map_err(|e| validation_error(py, e))
}

/// The outcome of `validate` as a ReasonKind, without raising.
#[pyfunction]
#[pyo3(signature = (code, date=None))]
fn reason(
    py: Python<'_>,
    code: &Bound<'_, PyAny>,
    date: Option<&Bound<'_, PyAny>>,
) -> PyResult<Py<PyAny>> {
    let code = str_arg(code, "code")?;
    let date = date_or_today(date)?;
    Ok(reason_kind_object(py, cm().reason(&code, date)))
}

/// Whether a code is valid and billable on a date (None: today).
#[pyfunction]
#[pyo3(signature = (code, date=None))]
fn is_valid(code: &Bound<'_, PyAny>, date: Option<&Bound<'_, PyAny>>) -> PyResult<bool> {
    let code = str_arg(code, "code")?;
    Ok(reason_one(&code, date_or_today(date)?) == ReasonKind::Valid as u8)
}

/// Whether a code is billable on a date, or (date None) in its newest release.
#[pyfunction]
#[pyo3(signature = (code, date=None))]
fn is_billable(code: &Bound<'_, PyAny>, date: Option<&Bound<'_, PyAny>>) -> PyResult<bool> {
    let code = str_arg(code, "code")?;
    Ok(billable_one(&code, optional_date(date)?))
}

/// The long (or short) title of a code on a date, or (date None) the newest.
#[pyfunction]
#[pyo3(signature = (code, date=None, short=false))]
fn title(
    code: &Bound<'_, PyAny>,
    date: Option<&Bound<'_, PyAny>>,
    short: bool,
) -> PyResult<Option<String>> {
    let code = str_arg(code, "code")?;
    let mut out = Vec::new();
    Ok(title_one(&code, optional_date(date)?, short, &mut out)
        .then(|| String::from_utf8_lossy(&out).into_owned()))
}

/// First and last date of service the bundled data covers.
#[pyfunction]
fn coverage(py: Python<'_>) -> PyResult<(Bound<'_, PyDate>, Bound<'_, PyDate>)> {
    let (a, b) = cm().coverage();
    Ok((to_py(py, a)?, to_py(py, b)?))
}

/// Every release (update date) in the bundled data, oldest first.
#[pyfunction]
fn releases(py: Python<'_>) -> PyResult<Bound<'_, PyList>> {
    PyList::new(py, cm().releases().map(PyRelease))
}

/// The release in force on a date (None: today); None outside the covered dates.
#[pyfunction]
#[pyo3(signature = (date=None))]
fn release_on(date: Option<&Bound<'_, PyAny>>) -> PyResult<Option<PyRelease>> {
    Ok(cm().release_on(date_or_today(date)?).map(PyRelease))
}

/// The sources the titles come from, oldest first.
#[pyfunction]
fn title_sources(py: Python<'_>) -> PyResult<Bound<'_, PyList>> {
    PyList::new(py, cm().title_sources().iter().map(|s| PyTitleSource(*s)))
}

/// Every code in the bundled data (all releases, headers too), in code order.
#[pyfunction]
fn codes(py: Python<'_>) -> PyResult<Bound<'_, PyList>> {
    codes_list(py, cm().codes())
}

/// The billable codes valid on a date (None: today), in code order.
#[pyfunction]
#[pyo3(signature = (date=None))]
fn codes_valid_on<'py>(
    py: Python<'py>,
    date: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyList>> {
    codes_list(py, cm().codes_valid_on(date_or_today(date)?))
}

/// Codes and headers (any release) whose undotted form starts with a prefix, in code order
/// (case, spaces and a dot ignored): for autocomplete.
#[pyfunction]
fn codes_starting_with<'py>(
    py: Python<'py>,
    prefix: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyList>> {
    let prefix = str_arg(prefix, "prefix")?;
    codes_list(py, cm().codes_starting_with(&prefix))
}

/// Codes by code prefix (`"e11.6"`) or by words starting words of their titles
/// (`"diab mell type 2"`), at most `limit`: code-prefix matches first, each group in code
/// order. With `date`, only codes valid on it (billable or header).
///
/// >>> [c.code for c in search("e11.6", limit=3)]
/// ['E11.6', 'E11.61', 'E11.610']
#[pyfunction]
#[pyo3(signature = (query, limit=50, date=None))]
fn search<'py>(
    py: Python<'py>,
    query: &Bound<'py, PyAny>,
    limit: i64,
    date: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyList>> {
    let query = str_arg(query, "query")?;
    let limit = usize::try_from(limit).map_err(|_| {
        pyo3::exceptions::PyValueError::new_err(format!("limit must be >= 0, got {limit}"))
    })?;
    let date = optional_date(date)?;
    let hits = py.detach(|| cm().search(&query, limit, date));
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

/// A chapter by number (1-22), or None.
#[pyfunction]
fn chapter(number: u8) -> Option<PyChapter> {
    cm().chapter(number).map(PyChapter)
}

/// A block (section) by its range, e.g. 'E08-E13', or None.
#[pyfunction]
fn block(range: &Bound<'_, PyAny>) -> PyResult<Option<PyBlock>> {
    let range = str_arg(range, "range")?;
    Ok(cm().block(&range).map(PyBlock))
}

/// Column of is_billable results without a date: billable in the newest release that
/// has the code (with a date, `is_billable` is `is_valid`). Null codes are not billable.
#[pyfunction]
#[pyo3(signature = (codes, nulls=None))]
fn billable_column(
    py: Python<'_>,
    codes: &Bound<'_, PyAny>,
    nulls: Option<&Bound<'_, PyTuple>>,
) -> PyResult<PyColumn> {
    let source = crate::input::read(codes, &crate::input::Nulls::new(nulls))?;
    let chunks = source.chunks()?;
    let bytes: Vec<u8> = py.detach(|| {
        chunks
            .iter()
            .flat_map(|c| (0..c.len()).map(move |i| c.get(i)))
            .map(|b| {
                let code = b.map(String::from_utf8_lossy);
                u8::from(code.is_some_and(|c| billable_one(&c, None)))
            })
            .collect()
    });
    let len = bytes.len();
    Ok(PyColumn::new(Data::Bool {
        bits: crate::column::pack_bits(&bytes),
        len,
        validity: None,
    }))
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyCode>()?;
    m.add_class::<PyChapter>()?;
    m.add_class::<PyBlock>()?;
    m.add_class::<PyValidityRange>()?;
    m.add_class::<PyValiditySpan>()?;
    m.add_class::<PyRelease>()?;
    m.add_class::<PyTitleSource>()?;
    m.add_class::<PyNote>()?;
    m.add_class::<PyCodeRef>()?;
    m.add_class::<PySeventhCharacterDef>()?;
    m.add_function(wrap_pyfunction!(notes_source, m)?)?;
    m.add_function(wrap_pyfunction!(check_encounter, m)?)?;
    m.add_function(wrap_pyfunction!(codes_starting_with, m)?)?;
    m.add_function(wrap_pyfunction!(search, m)?)?;
    m.add_function(wrap_pyfunction!(normalize, m)?)?;
    m.add_function(wrap_pyfunction!(lookup, m)?)?;
    m.add_function(wrap_pyfunction!(validate, m)?)?;
    m.add_function(wrap_pyfunction!(reason, m)?)?;
    m.add_function(wrap_pyfunction!(is_valid, m)?)?;
    m.add_function(wrap_pyfunction!(is_billable, m)?)?;
    m.add_function(wrap_pyfunction!(title, m)?)?;
    m.add_function(wrap_pyfunction!(coverage, m)?)?;
    m.add_function(wrap_pyfunction!(releases, m)?)?;
    m.add_function(wrap_pyfunction!(release_on, m)?)?;
    m.add_function(wrap_pyfunction!(title_sources, m)?)?;
    m.add_function(wrap_pyfunction!(codes, m)?)?;
    m.add_function(wrap_pyfunction!(codes_valid_on, m)?)?;
    m.add_function(wrap_pyfunction!(chapters, m)?)?;
    m.add_function(wrap_pyfunction!(chapter, m)?)?;
    m.add_function(wrap_pyfunction!(block, m)?)?;
    m.add_function(wrap_pyfunction!(billable_column, m)?)?;
    Ok(())
}
