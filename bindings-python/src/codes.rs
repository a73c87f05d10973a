//! Codes as Python objects, once for every system: the base class `AnyCode` (the core's
//! `medcodes::AnyCode`) holds what every code has (titles, validity, MCE flags, the
//! hierarchy). A system with extras subclasses it in its own file (`Icd10CmCode`,
//! `Icd10PcsCode`), named in [`to_py_code`]; a system without is served by `AnyCode`
//! itself. Also the plain values codes give: `ValidityRange`, `ValiditySpan`,
//! `TitleSource`.

use std::cmp::Ordering;

use medcodes::{AnyCode, CodeSystem, TitleSource, ValidityRange, ValiditySpan};
use pyo3::prelude::*;
use pyo3::types::{PyDate, PyList, PyTuple};
use pyo3::PyClass;

use crate::dates::{date_or_today, to_py};
use crate::hcpcs::PyHcpcsCode;
use crate::icd10cm::PyIcd10CmCode;
use crate::icd10pcs::PyIcd10PcsCode;

/// A code as a Python object: an instance of its system's subclass of `AnyCode` (the one
/// place these are named), or a plain `AnyCode` for a system without one.
pub fn to_py_code(py: Python<'_>, code: AnyCode) -> PyResult<Bound<'_, PyAny>> {
    #[allow(unreachable_patterns)]
    match code {
        AnyCode::Icd10Cm(c) => subclass(py, code, PyIcd10CmCode(c)),
        AnyCode::Icd10Pcs(c) => subclass(py, code, PyIcd10PcsCode(c)),
        AnyCode::Hcpcs(c) => subclass(py, code, PyHcpcsCode(c)),
        _ => Ok(Bound::new(py, PyAnyCode(code))?.into_any()),
    }
}

/// Codes as a list of Python objects.
pub fn list<'py>(
    py: Python<'py>,
    codes: impl IntoIterator<Item = AnyCode>,
) -> PyResult<Bound<'py, PyList>> {
    let items = codes
        .into_iter()
        .map(|c| to_py_code(py, c))
        .collect::<PyResult<Vec<_>>>()?;
    PyList::new(py, items)
}

/// An instance of a system's subclass of `AnyCode`: the shared part holding `code`, and
/// the system's own part.
fn subclass<'py, T>(py: Python<'py>, code: AnyCode, own: T) -> PyResult<Bound<'py, PyAny>>
where
    T: PyClass<BaseType = PyAnyCode>,
{
    let init = PyClassInitializer::from(PyAnyCode(code)).add_subclass(own);
    Ok(Bound::new(py, init)?.into_any())
}

/// The `repr` of a code: `<Icd10CmCode E11.9 billable: Type 2 diabetes ...>`, with a word
/// a system's class chooses (`what`; none for `AnyCode`).
pub fn repr(code: AnyCode, class: &str, what: &str) -> String {
    let head = match what {
        "" => format!("<{class} {code}"),
        _ => format!("<{class} {code} {what}"),
    };
    match code.title() {
        Some(t) => format!("{head}: {}>", t.text),
        None => format!("{head}>"),
    }
}

fn text(title: Option<medcodes::Title>) -> Option<String> {
    title.map(|t| t.text.into_owned())
}

/// A code (or header, or level of the hierarchy) of any system: the base class of
/// `Icd10CmCode` and `Icd10PcsCode`, with what every code has.
///
/// >>> c = medcodes.icd10pcs.lookup("0dtj4zz")
/// >>> isinstance(c, medcodes.AnyCode), c.system, c.code
/// (True, 'icd10pcs', '0DTJ4ZZ')
#[pyclass(frozen, subclass, eq, hash, ord, module = "medcodes", name = "AnyCode")]
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct PyAnyCode(pub AnyCode);

impl PartialOrd for PyAnyCode {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for PyAnyCode {
    /// By system, then code order (the order of the undotted characters).
    fn cmp(&self, other: &Self) -> Ordering {
        let key = |c: &AnyCode| (c.system(), c.undotted());
        let (a, b) = (key(&self.0), key(&other.0));
        a.0.cmp(&b.0).then_with(|| a.1.as_str().cmp(b.1.as_str()))
    }
}

impl PyAnyCode {
    /// A date argument (None: today) inside the data: out of it, the `DateOutOfRangeError`
    /// every call on such a date raises, not an answer from the nearest release.
    fn date_in_data(&self, date: Option<&Bound<'_, PyAny>>) -> PyResult<medcodes::Date> {
        let d = date_or_today(date)?;
        match self.0.system().check_date(d) {
            Ok(()) => Ok(d),
            Err(e) => Err(Python::attach(|py| crate::errors::validation_error(py, e))),
        }
    }
}

#[pymethods]
impl PyAnyCode {
    /// The id of the code's system: 'icd10cm', 'icd10pcs'.
    #[getter]
    fn system(&self) -> &'static str {
        self.0.system().id()
    }

    /// The canonical form, e.g. 'E11.9', '0DTJ4ZZ' (or '0DT' for a level).
    #[getter]
    fn code(&self) -> String {
        self.0.code().to_string()
    }

    /// The characters without punctuation, e.g. 'E119'.
    #[getter]
    fn undotted(&self) -> String {
        self.0.undotted().to_string()
    }

    /// The long title from the newest source that has the code (None when none has).
    #[getter]
    fn title(&self) -> Option<String> {
        text(self.0.title())
    }

    /// The short (abbreviated) title from the newest source that has one.
    #[getter]
    fn short_title(&self) -> Option<String> {
        text(self.0.short_title())
    }

    /// The long title in force on a date (None: today).
    #[pyo3(signature = (date=None))]
    fn title_on(&self, date: Option<&Bound<'_, PyAny>>) -> PyResult<Option<String>> {
        Ok(text(self.0.title_on(self.date_in_data(date)?)))
    }

    /// The short title in force on a date (None: today).
    #[pyo3(signature = (date=None))]
    fn short_title_on(&self, date: Option<&Bound<'_, PyAny>>) -> PyResult<Option<String>> {
        Ok(text(self.0.short_title_on(self.date_in_data(date)?)))
    }

    /// The title source the long title in force on a date comes from (None: today).
    #[pyo3(signature = (date=None))]
    fn title_source_on(&self, date: Option<&Bound<'_, PyAny>>) -> PyResult<Option<PyTitleSource>> {
        Ok(self
            .0
            .title_on(self.date_in_data(date)?)
            .map(|t| PyTitleSource(*t.source)))
    }

    /// The long title from one title source (an index into the system's
    /// `title_sources()`).
    fn title_from(&self, source: usize) -> Option<String> {
        text(self.0.title_from(source))
    }

    /// Whether the code is valid on a date (None: today): billable, in force.
    #[pyo3(signature = (date=None))]
    fn is_valid_on(&self, date: Option<&Bound<'_, PyAny>>) -> PyResult<bool> {
        Ok(self.0.is_valid_on(date_or_today(date)?))
    }

    /// Whether the code is in force on a date (None: today): valid, or a header (a level)
    /// with valid codes below it.
    #[pyo3(signature = (date=None))]
    fn is_present_on(&self, date: Option<&Bound<'_, PyAny>>) -> PyResult<bool> {
        Ok(self.0.is_present_on(date_or_today(date)?))
    }

    /// The date ranges in which the code is in force (valid or header), merged.
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
    /// valid then.
    #[pyo3(signature = (date=None))]
    fn mce_flags_on(&self, date: Option<&Bound<'_, PyAny>>) -> PyResult<Option<Vec<&'static str>>> {
        Ok(self
            .0
            .mce_flags_on(date_or_today(date)?)
            .map(|f| f.iter().map(|f| f.name()).collect()))
    }

    /// The code one level up; None at the top of the hierarchy.
    #[getter]
    fn parent<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        self.0.parent().map(|p| to_py_code(py, p)).transpose()
    }

    /// Parent, grandparent, ... up to the top of the hierarchy.
    #[getter]
    fn ancestors<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        list(py, self.0.ancestors())
    }

    /// The codes one level below, in code order, across all releases.
    #[getter]
    fn children<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        list(py, self.0.children())
    }

    /// Every code below this one, in code order, across all releases.
    #[getter]
    fn descendants<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        list(py, self.0.descendants())
    }

    fn __str__(&self) -> String {
        self.code()
    }

    fn __repr__(&self) -> String {
        repr(self.0, "AnyCode", self.system())
    }

    /// Pickles as `lookup(system, code)`.
    fn __reduce__<'py>(
        &self,
        py: Python<'py>,
    ) -> PyResult<(Bound<'py, PyAny>, (&'static str, String))> {
        let lookup = py.import("medcodes._medcodes")?.getattr("lookup")?;
        Ok((lookup, (self.system(), self.code())))
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
    pub fn from_core(s: ValiditySpan) -> PyValiditySpan {
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

    /// Billable (a valid code) in this span; otherwise a header (a level) with valid codes
    /// below it.
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

/// A release of a code set that the bundled titles were taken from.
#[pyclass(frozen, eq, hash, module = "medcodes", name = "TitleSource")]
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct PyTitleSource(pub TitleSource);

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

/// The systems this build knows, by id, in core's order.
pub fn system_ids() -> Vec<&'static str> {
    CodeSystem::ALL.iter().map(|s| s.id()).collect()
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyAnyCode>()?;
    m.add_class::<PyValidityRange>()?;
    m.add_class::<PyValiditySpan>()?;
    m.add_class::<PyTitleSource>()?;
    Ok(())
}
