//! CPT: the classification of a code without any file (`CptClass`: category and, for
//! Category I, section) and a licensed CPT data file the user loads (`Cpt`, `CptEntry`).
//! medcodes ships no CPT descriptor (the AMA's copyright): what a loaded file holds stays
//! in the caller's memory, and no repr here shows a descriptor.

use medcodes::cpt::{Cpt, CptCategory, CptClass, CptDelimiter, CptEncoding, CptEntry, CptSection};
use pyo3::prelude::*;
use pyo3::types::{PyDate, PyDict, PyList, PyTuple};

use crate::dates::{date_or_today, optional_date, to_py};
use crate::errors::{cpt_code_error, cpt_file_error, cpt_validation_error, reason_kind_object};
use crate::hcpcs::FileInput;
use crate::input::str_arg;

/// What a CPT code's number tells without any file: its `category` ('category_i',
/// 'category_ii', 'category_iii', 'pla', 'maaa') and, for a Category I code whose number
/// falls in a section's range, its `section` ('evaluation_and_management', 'anesthesia',
/// 'surgery', 'radiology', 'pathology_and_laboratory', 'medicine'; None otherwise), with
/// their names. It says nothing of existence: only the licensed code list does.
///
/// >>> c = medcodes.cpt.classify("99213")
/// >>> c.category, c.section, c.section_name
/// ('category_i', 'evaluation_and_management', 'Evaluation and Management')
#[pyclass(frozen, eq, hash, module = "medcodes", name = "CptClass")]
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct PyCptClass(CptClass);

#[pymethods]
impl PyCptClass {
    /// The code in canonical form (upper case), e.g. '0042T'.
    #[getter]
    fn code(&self) -> String {
        self.0.code.as_str().to_owned()
    }

    #[getter]
    fn category(&self) -> &'static str {
        self.0.category.id()
    }

    /// The category's name, e.g. 'Category III'.
    #[getter]
    fn category_name(&self) -> &'static str {
        self.0.category.name()
    }

    #[getter]
    fn section(&self) -> Option<&'static str> {
        self.0.section.map(CptSection::id)
    }

    /// The section's name, e.g. 'Pathology and Laboratory'.
    #[getter]
    fn section_name(&self) -> Option<&'static str> {
        self.0.section.map(CptSection::name)
    }

    fn __str__(&self) -> String {
        self.code()
    }

    fn __repr__(&self) -> String {
        match self.0.section {
            Some(s) => format!(
                "<CptClass {} {} {}>",
                self.0.code.as_str(),
                self.0.category.id(),
                s.id()
            ),
            None => format!(
                "<CptClass {} {}>",
                self.0.code.as_str(),
                self.0.category.id()
            ),
        }
    }
}

/// One code of a loaded CPT file: `code`, its `descriptor` (the file's main descriptor
/// column; None when the file has none for it), `short_descriptor` and `concept_id` when
/// the file has such columns, the file's `start` and `end` dates for it (inclusive; None:
/// open) and the `line` it was read from. Its repr shows no descriptor.
#[pyclass(frozen, module = "medcodes", name = "CptEntry")]
pub struct PyCptEntry(CptEntry);

#[pymethods]
impl PyCptEntry {
    #[getter]
    fn code(&self) -> String {
        self.0.code().as_str().to_owned()
    }

    #[getter]
    fn descriptor(&self) -> Option<&str> {
        self.0.descriptor()
    }

    #[getter]
    fn short_descriptor(&self) -> Option<&str> {
        self.0.short_descriptor()
    }

    #[getter]
    fn concept_id(&self) -> Option<&str> {
        self.0.concept_id()
    }

    #[getter]
    fn start<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyDate>>> {
        self.0.start().map(|d| to_py(py, d)).transpose()
    }

    #[getter]
    fn end<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyDate>>> {
        self.0.end().map(|d| to_py(py, d)).transpose()
    }

    #[getter]
    fn line(&self) -> usize {
        self.0.line()
    }

    /// The code's category and section (as `cpt.classify` gives them).
    #[getter]
    fn classification(&self) -> PyCptClass {
        PyCptClass(self.0.code().class())
    }

    fn __str__(&self) -> String {
        self.code()
    }

    fn __repr__(&self) -> String {
        format!(
            "<CptEntry {} (line {})>",
            self.0.code().as_str(),
            self.0.line()
        )
    }
}

/// Two dates, either of which may be open (None).
type OpenRange<'py> = (Option<Bound<'py, PyDate>>, Option<Bound<'py, PyDate>>);

/// A licensed CPT code list loaded from a file (`cpt.load`): lookup, descriptors and
/// validation by date from it. `len()` is its number of codes; `code in cpt` tells whether
/// the file has a code (on any date).
#[pyclass(frozen, module = "medcodes", name = "Cpt")]
pub struct PyCpt(Cpt);

fn entry(e: &CptEntry) -> PyCptEntry {
    PyCptEntry(e.clone())
}

fn delimiter_name(d: CptDelimiter) -> &'static str {
    match d {
        CptDelimiter::Tab => "tab",
        CptDelimiter::Comma => "comma",
        CptDelimiter::Pipe => "pipe",
        CptDelimiter::Space => "space",
    }
}

fn encoding_name(e: CptEncoding) -> &'static str {
    match e {
        CptEncoding::Utf8 => "utf8",
        CptEncoding::Utf16 => "utf16",
        CptEncoding::Windows1252 => "windows1252",
    }
}

#[pymethods]
impl PyCpt {
    /// Finds a code in the file, whatever its dates; raises CptCodeError (not shaped like
    /// a CPT code) or CptValidationError (kind UNKNOWN: not in the file).
    fn lookup(&self, py: Python<'_>, code: &Bound<'_, PyAny>) -> PyResult<PyCptEntry> {
        let code = str_arg(code, "code")?;
        self.0
            .lookup(&code)
            .map(entry)
            .map_err(|e| cpt_validation_error(py, e))
    }

    /// The entry of a code valid on a date of service (None: today), or raises why not
    /// (CptCodeError, or CptValidationError: UNKNOWN, NOT_VALID_ON_DATE,
    /// DATE_OUT_OF_RANGE).
    #[pyo3(signature = (code, date=None))]
    fn validate(
        &self,
        py: Python<'_>,
        code: &Bound<'_, PyAny>,
        date: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<PyCptEntry> {
        let code = str_arg(code, "code")?;
        let date = date_or_today(date)?;
        self.0
            .validate(&code, date)
            .map(entry)
            .map_err(|e| cpt_validation_error(py, e))
    }

    /// Why a code is or is not valid on a date (None: today), as a ReasonKind; None for a
    /// missing code (None).
    #[pyo3(signature = (code, date=None))]
    fn reason(
        &self,
        py: Python<'_>,
        code: &Bound<'_, PyAny>,
        date: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Option<Py<PyAny>>> {
        let date = date_or_today(date)?;
        if code.is_none() {
            return Ok(None);
        }
        let code = str_arg(code, "code")?;
        Ok(Some(reason_kind_object(py, self.0.reason(&code, date))))
    }

    /// Whether a code is valid on a date (None: today); False for a missing code (None).
    #[pyo3(signature = (code, date=None))]
    fn is_valid(&self, code: &Bound<'_, PyAny>, date: Option<&Bound<'_, PyAny>>) -> PyResult<bool> {
        let date = date_or_today(date)?;
        if code.is_none() {
            return Ok(false);
        }
        let code = str_arg(code, "code")?;
        Ok(self.0.is_valid(&code, date))
    }

    /// The descriptor of a code; None when the file lacks the code or a descriptor for it
    /// (or the input is not shaped like a CPT code).
    fn descriptor(&self, code: &Bound<'_, PyAny>) -> PyResult<Option<String>> {
        let code = str_arg(code, "code")?;
        Ok(self.0.descriptor(&code).map(str::to_owned))
    }

    /// Every code of the file (CptEntry), in code order.
    fn codes<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        PyList::new(py, self.0.iter().map(entry))
    }

    /// The codes valid on a date (None: today), in code order.
    #[pyo3(signature = (date=None))]
    fn codes_valid_on<'py>(
        &self,
        py: Python<'py>,
        date: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyList>> {
        let date = date_or_today(date)?;
        PyList::new(py, self.0.codes_valid_on(date).map(entry))
    }

    /// The dates of service the file was said to cover (`valid_from`, `valid_to` of
    /// `cpt.load`; None: open on that side).
    #[getter]
    fn coverage<'py>(&self, py: Python<'py>) -> PyResult<OpenRange<'py>> {
        let (from, to) = self.0.coverage();
        Ok((
            from.map(|d| to_py(py, d)).transpose()?,
            to.map(|d| to_py(py, d)).transpose()?,
        ))
    }

    /// What was found in the file: `delimiter` ('tab', 'comma', 'pipe', 'space'),
    /// `header` (the column names, None without a header row), `skipped_lines` (licence
    /// text before the codes), `encoding` ('utf8', 'utf16', 'windows1252'), `dated`
    /// (whether it has date columns).
    #[getter]
    fn layout<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let l = self.0.layout();
        let d = PyDict::new(py);
        d.set_item("delimiter", delimiter_name(l.delimiter))?;
        d.set_item("header", l.header.clone())?;
        d.set_item("skipped_lines", l.skipped_lines)?;
        d.set_item("encoding", encoding_name(l.encoding))?;
        d.set_item("dated", l.dated)?;
        Ok(d)
    }

    fn __len__(&self) -> usize {
        self.0.len()
    }

    fn __contains__(&self, code: &Bound<'_, PyAny>) -> PyResult<bool> {
        let code = str_arg(code, "code")?;
        Ok(self.0.lookup(&code).is_ok())
    }

    fn __repr__(&self) -> String {
        format!("<Cpt {} codes>", self.0.len())
    }
}

/// The canonical form of a CPT code (trimmed, upper case), or None when it is not shaped
/// like one (it need not exist).
#[pyfunction]
fn cpt_normalize(code: &Bound<'_, PyAny>) -> PyResult<Option<String>> {
    if code.is_none() {
        return Ok(None);
    }
    let code = str_arg(code, "code")?;
    Ok(Cpt::normalize(&code).ok().map(|c| c.as_str().to_owned()))
}

/// The category and section of a CPT code, without any file; raises CptCodeError when it
/// is not shaped like a CPT code.
#[pyfunction]
fn cpt_classify(py: Python<'_>, code: &Bound<'_, PyAny>) -> PyResult<PyCptClass> {
    let code = str_arg(code, "code")?;
    Cpt::classify(&code)
        .map(PyCptClass)
        .map_err(|e| cpt_code_error(py, e))
}

/// Loads a licensed CPT data file: a path (str or os.PathLike) or the file's bytes, and
/// the dates of service it covers (None: open on that side). Raises CptFileError naming
/// the line, field and value.
#[pyfunction]
#[pyo3(signature = (path_or_bytes, valid_from=None, valid_to=None))]
fn cpt_with_file(
    py: Python<'_>,
    path_or_bytes: &Bound<'_, PyAny>,
    valid_from: Option<&Bound<'_, PyAny>>,
    valid_to: Option<&Bound<'_, PyAny>>,
) -> PyResult<PyCpt> {
    let valid_from = optional_date(valid_from)?;
    let valid_to = optional_date(valid_to)?;
    let input = FileInput::read(path_or_bytes, "path_or_bytes")?;
    input
        .with(py, |p| Cpt::with_file(p), Cpt::from_bytes)
        .and_then(|cpt| cpt.valid_between(valid_from, valid_to))
        .map(PyCpt)
        .map_err(|e| cpt_file_error(py, e))
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add_class::<PyCptClass>()?;
    m.add_class::<PyCptEntry>()?;
    m.add_class::<PyCpt>()?;
    m.add_function(wrap_pyfunction!(cpt_normalize, m)?)?;
    m.add_function(wrap_pyfunction!(cpt_classify, m)?)?;
    m.add_function(wrap_pyfunction!(cpt_with_file, m)?)?;
    m.add(
        "CPT_CATEGORIES",
        PyTuple::new(py, CptCategory::ALL.map(CptCategory::id))?,
    )?;
    m.add(
        "CPT_SECTIONS",
        PyTuple::new(py, CptSection::ALL.map(CptSection::id))?,
    )?;
    Ok(())
}
