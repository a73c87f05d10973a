//! HCPCS Level II's extras: what its codes have beyond every code's (`HcpcsCode`, a
//! subclass of `AnyCode`: section, dental, status indicator), its sections and modifiers,
//! the check of a claim line, and a CMS HCPCS file loaded over the built-in tables
//! (`HcpcsWithFile`). The calls every code set has are in systems.rs, once for every system.
//! Also the reading of a file argument (a path or the file's bytes), which cpt.rs shares.

use std::path::PathBuf;

use medcodes::hcpcs::{
    self, Code, FileDifferences, Hcpcs, HcpcsRecord, HcpcsWithFile, LineFinding, LineFindingKind,
    Modifier, Section,
};
use medcodes::Date;
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes, PyDate, PyDict, PyList, PyMemoryView, PyString, PyTuple};

use crate::codes::{self, PyAnyCode, PyValidityRange};
use crate::dates::{date_or_today, optional_date, to_py};
use crate::errors::{hcpcs_file_error, reason_kind_object, type_name, validation_error};
use crate::input::str_arg;

/// An HCPCS Level II code: what every code has (`AnyCode`) and HCPCS's own (section,
/// dental, status indicator). D codes (CDT, the ADA's dental codes) are valid codes with
/// no title: their descriptors are the ADA's.
///
/// >>> c = medcodes.hcpcs.lookup("j1100")
/// >>> c.code, c.section.letter, c.status_indicator_on("2025-07-01")
/// ('J1100', 'J', 'N')
#[pyclass(frozen, extends = PyAnyCode, module = "medcodes", name = "HcpcsCode")]
pub struct PyHcpcsCode(pub Code);

#[pymethods]
impl PyHcpcsCode {
    /// The section, by the first letter (an HcpcsSection).
    #[getter]
    fn section(&self) -> Option<PyHcpcsSection> {
        self.0.section().map(PyHcpcsSection)
    }

    /// A CDT (dental) D code: a valid HCPCS Level II code whose text is withheld (the
    /// ADA's).
    #[getter]
    fn is_dental(&self) -> bool {
        self.0.is_dental()
    }

    /// The OPPS status indicator in force on a date (None: today), e.g. 'K' or 'N', as the
    /// outpatient code editor's quarter lists it; None outside the code's quarters.
    #[pyo3(signature = (date=None))]
    fn status_indicator_on(
        &self,
        date: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Option<&'static str>> {
        Ok(self.0.status_indicator_on(date_or_today(date)?))
    }

    fn __repr__(&self) -> String {
        codes::repr(self.0.into(), "HcpcsCode", "")
    }
}

/// A section of HCPCS Level II: the first `letter` of its codes, CMS's heading (`name`)
/// and whether its codes are temporary (C, G, K, Q, S: added and retired by quarter).
#[pyclass(frozen, eq, hash, module = "medcodes", name = "HcpcsSection")]
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct PyHcpcsSection(Section);

#[pymethods]
impl PyHcpcsSection {
    #[getter]
    fn letter(&self) -> String {
        self.0.letter().to_string()
    }

    #[getter]
    fn name(&self) -> &'static str {
        self.0.name()
    }

    #[getter]
    fn is_temporary(&self) -> bool {
        self.0.is_temporary()
    }

    fn __str__(&self) -> String {
        self.0.to_string()
    }

    fn __repr__(&self) -> String {
        format!("<HcpcsSection {}>", self.0)
    }
}

/// A modifier of some quarter of the data: `code` ('LT', '59'), whether it is a CPT
/// modifier (`is_cpt`: two digits; its number is a fact, its descriptor the AMA's), its
/// `validity` (ValidityRanges) and `is_valid_on(date)`.
#[pyclass(frozen, eq, hash, module = "medcodes", name = "HcpcsModifier")]
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct PyHcpcsModifier(Modifier);

#[pymethods]
impl PyHcpcsModifier {
    #[getter]
    fn code(&self) -> &'static str {
        self.0.code()
    }

    #[getter]
    fn is_cpt(&self) -> bool {
        self.0.is_cpt()
    }

    /// The date ranges in which the modifier is valid (`end` None: still valid at the end
    /// of the data).
    #[getter]
    fn validity<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        PyList::new(py, self.0.validity().into_iter().map(PyValidityRange))
    }

    /// Whether the modifier is valid on a date (None: today).
    #[pyo3(signature = (date=None))]
    fn is_valid_on(&self, date: Option<&Bound<'_, PyAny>>) -> PyResult<bool> {
        Ok(self.0.is_valid_on(date_or_today(date)?))
    }

    fn __str__(&self) -> &'static str {
        self.0.code()
    }

    fn __repr__(&self) -> String {
        let what = if self.0.is_cpt() { " (CPT)" } else { "" };
        format!("<HcpcsModifier {}{what}>", self.0.code())
    }
}

/// One problem of a claim line (`hcpcs.check_line`): its `kind` ('code',
/// 'too_many_modifiers', 'malformed_modifier', 'unknown_modifier',
/// 'modifier_not_valid_on_date', 'duplicate_modifier', 'both_sides',
/// 'bilateral_with_side'), its `subject` (the code or modifier, as given), a `message` a
/// coder can act on, and for kind 'code' the code's `error` (the CodeValidationError that
/// `hcpcs.validate` raises).
#[pyclass(frozen, module = "medcodes", name = "LineFinding")]
pub struct PyLineFinding(LineFinding);

#[pymethods]
impl PyLineFinding {
    #[getter]
    fn kind(&self) -> &'static str {
        self.0.kind.as_str()
    }

    #[getter]
    fn subject(&self) -> &str {
        &self.0.subject
    }

    #[getter]
    fn message(&self) -> &str {
        &self.0.message
    }

    /// For kind 'code': the exception `hcpcs.validate` raises for the code (with its
    /// `kind`, a ReasonKind, and details); None for the other kinds.
    #[getter]
    fn error(&self, py: Python<'_>) -> Option<Py<PyAny>> {
        self.0
            .error
            .clone()
            .map(|e| validation_error(py, e).into_value(py).into_any())
    }

    /// The finding as a dict of plain values (kind, subject, message).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        d.set_item("kind", self.kind())?;
        d.set_item("subject", self.subject())?;
        d.set_item("message", self.message())?;
        Ok(d)
    }

    fn __str__(&self) -> &str {
        &self.0.message
    }

    fn __repr__(&self) -> String {
        format!(
            "<LineFinding {} {}: {}>",
            self.0.kind.as_str(),
            self.0.subject,
            self.0.message
        )
    }
}

/// One code or modifier of a loaded CMS HCPCS file, with every field of CMS's record
/// layout: text trimmed, a blank field None (or an empty list), dates as
/// `datetime.date`. Where it is: `line` (text file) or `row` (xlsx), the other None.
/// CMS's files hold no CPT or CDT text, but a file a user brings may: `is_cpt` and
/// `is_dental` tell the records whose descriptions are the AMA's or the ADA's.
#[pyclass(frozen, module = "medcodes", name = "HcpcsRecord")]
pub struct PyHcpcsRecord(HcpcsRecord);

fn opt_char(c: Option<char>) -> Option<String> {
    c.map(String::from)
}

fn opt_date<'py>(py: Python<'py>, d: Option<Date>) -> PyResult<Option<Bound<'py, PyDate>>> {
    d.map(|d| to_py(py, d)).transpose()
}

#[pymethods]
impl PyHcpcsRecord {
    /// The code ('J1100') or modifier ('LT'), upper case.
    #[getter]
    fn code(&self) -> &str {
        &self.0.code
    }

    /// The line of the text file its first record is on (None for an xlsx row).
    #[getter]
    fn line(&self) -> Option<usize> {
        match self.0.location {
            hcpcs::file::Location::Line(n) => Some(n),
            _ => None,
        }
    }

    /// The row of the xlsx sheet it is on (None for a text file's line).
    #[getter]
    fn row(&self) -> Option<usize> {
        match self.0.location {
            hcpcs::file::Location::Row(n) => Some(n),
            _ => None,
        }
    }

    #[getter]
    fn sequence(&self) -> Option<u32> {
        self.0.sequence
    }

    /// '3' a procedure code, '7' a modifier.
    #[getter]
    fn record_id(&self) -> String {
        self.0.record_id.to_string()
    }

    /// The long description, its continuation records joined.
    #[getter]
    fn long_description(&self) -> &str {
        &self.0.long_description
    }

    #[getter]
    fn short_description(&self) -> &str {
        &self.0.short_description
    }

    #[getter]
    fn pricing_indicators(&self) -> Vec<String> {
        self.0.pricing_indicators.clone()
    }

    #[getter]
    fn multiple_pricing_indicator(&self) -> Option<String> {
        opt_char(self.0.multiple_pricing_indicator)
    }

    #[getter]
    fn coverage_issues_manual(&self) -> Vec<String> {
        self.0.coverage_issues_manual.clone()
    }

    #[getter]
    fn carriers_manual(&self) -> Vec<String> {
        self.0.carriers_manual.clone()
    }

    #[getter]
    fn statute(&self) -> Option<String> {
        self.0.statute.clone()
    }

    #[getter]
    fn lab_certifications(&self) -> Vec<String> {
        self.0.lab_certifications.clone()
    }

    #[getter]
    fn cross_references(&self) -> Vec<String> {
        self.0.cross_references.clone()
    }

    /// 'C' carrier judgment, 'D' special coverage instructions, 'I' not payable by
    /// Medicare, 'M' non-covered by Medicare, 'S' non-covered by statute.
    #[getter]
    fn coverage(&self) -> Option<String> {
        opt_char(self.0.coverage)
    }

    #[getter]
    fn asc_payment_group(&self) -> Option<String> {
        self.0.asc_payment_group.clone()
    }

    #[getter]
    fn asc_effective_date<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyDate>>> {
        opt_date(py, self.0.asc_effective_date)
    }

    #[getter]
    fn mog_payment_group(&self) -> Option<String> {
        self.0.mog_payment_group.clone()
    }

    #[getter]
    fn mog_payment_policy_indicator(&self) -> Option<String> {
        opt_char(self.0.mog_payment_policy_indicator)
    }

    #[getter]
    fn mog_effective_date<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyDate>>> {
        opt_date(py, self.0.mog_effective_date)
    }

    #[getter]
    fn processing_note(&self) -> Option<String> {
        self.0.processing_note.clone()
    }

    /// Berenson-Eggers type of service ('D1F', ...).
    #[getter]
    fn betos(&self) -> Option<String> {
        self.0.betos.clone()
    }

    #[getter]
    fn types_of_service(&self) -> Vec<String> {
        self.0
            .types_of_service
            .iter()
            .map(|c| c.to_string())
            .collect()
    }

    #[getter]
    fn anesthesia_base_units(&self) -> Option<u16> {
        self.0.anesthesia_base_units
    }

    #[getter]
    fn add_date<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyDate>>> {
        opt_date(py, self.0.add_date)
    }

    #[getter]
    fn action_effective_date<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyDate>>> {
        opt_date(py, self.0.action_effective_date)
    }

    /// The last day the code may be used.
    #[getter]
    fn termination_date<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyDate>>> {
        opt_date(py, self.0.termination_date)
    }

    /// The last change: 'A' added, 'D' discontinued, 'C' long description changed, ...
    #[getter]
    fn action(&self) -> Option<String> {
        opt_char(self.0.action)
    }

    /// A modifier rather than a procedure code.
    #[getter]
    fn is_modifier(&self) -> bool {
        self.0.is_modifier()
    }

    /// A D code (CDT): its descriptors are the ADA's copyright.
    #[getter]
    fn is_dental(&self) -> bool {
        self.0.is_dental()
    }

    /// A code or modifier in CPT's form (starts with a digit): its descriptors are the
    /// AMA's copyright.
    #[getter]
    fn is_cpt(&self) -> bool {
        self.0.is_cpt()
    }

    /// Whether the file's add and termination dates put the code in force on a date
    /// (None: today).
    #[pyo3(signature = (date=None))]
    fn is_active_on(&self, date: Option<&Bound<'_, PyAny>>) -> PyResult<bool> {
        Ok(self.0.is_active_on(date_or_today(date)?))
    }

    /// Every field as a dict of plain values (for JSON, DataFrames).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        d.set_item("code", self.code())?;
        d.set_item("line", self.line())?;
        d.set_item("row", self.row())?;
        d.set_item("sequence", self.sequence())?;
        d.set_item("record_id", self.record_id())?;
        d.set_item("long_description", self.long_description())?;
        d.set_item("short_description", self.short_description())?;
        d.set_item("pricing_indicators", self.pricing_indicators())?;
        d.set_item(
            "multiple_pricing_indicator",
            self.multiple_pricing_indicator(),
        )?;
        d.set_item("coverage_issues_manual", self.coverage_issues_manual())?;
        d.set_item("carriers_manual", self.carriers_manual())?;
        d.set_item("statute", self.statute())?;
        d.set_item("lab_certifications", self.lab_certifications())?;
        d.set_item("cross_references", self.cross_references())?;
        d.set_item("coverage", self.coverage())?;
        d.set_item("asc_payment_group", self.asc_payment_group())?;
        d.set_item("asc_effective_date", self.asc_effective_date(py)?)?;
        d.set_item("mog_payment_group", self.mog_payment_group())?;
        d.set_item(
            "mog_payment_policy_indicator",
            self.mog_payment_policy_indicator(),
        )?;
        d.set_item("mog_effective_date", self.mog_effective_date(py)?)?;
        d.set_item("processing_note", self.processing_note())?;
        d.set_item("betos", self.betos())?;
        d.set_item("types_of_service", self.types_of_service())?;
        d.set_item("anesthesia_base_units", self.anesthesia_base_units())?;
        d.set_item("add_date", self.add_date(py)?)?;
        d.set_item("action_effective_date", self.action_effective_date(py)?)?;
        d.set_item("termination_date", self.termination_date(py)?)?;
        d.set_item("action", self.action())?;
        Ok(d)
    }

    fn __repr__(&self) -> String {
        let what = if self.0.is_modifier() {
            "modifier"
        } else {
            "code"
        };
        format!("<HcpcsRecord {what} {} ({})>", self.0.code, self.0.location)
    }
}

/// Where the built-in tables and a loaded file disagree on a date
/// (`HcpcsWithFile.differences`): codes active in the file and not valid built in
/// (`only_in_file`), the reverse (`only_built_in`), and Level II codes whose short
/// descriptor differs (`short_descriptors`: (code, built-in, file) tuples).
#[pyclass(frozen, module = "medcodes", name = "HcpcsFileDifferences")]
pub struct PyHcpcsFileDifferences(FileDifferences);

#[pymethods]
impl PyHcpcsFileDifferences {
    /// The date compared.
    #[getter]
    fn date<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyDate>>> {
        opt_date(py, self.0.date)
    }

    #[getter]
    fn only_in_file(&self) -> Vec<String> {
        self.0.only_in_file.clone()
    }

    #[getter]
    fn only_built_in(&self) -> Vec<String> {
        self.0.only_built_in.clone()
    }

    #[getter]
    fn short_descriptors(&self) -> Vec<(String, String, String)> {
        self.0.short_descriptors.clone()
    }

    /// No difference at all.
    #[getter]
    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    fn __repr__(&self) -> String {
        let date = self.0.date.map(|d| d.to_string()).unwrap_or_default();
        format!(
            "<HcpcsFileDifferences {date}: {} only in the file, {} only built in, {} short descriptors>",
            self.0.only_in_file.len(),
            self.0.only_built_in.len(),
            self.0.short_descriptors.len()
        )
    }
}

/// A CMS HCPCS file (the fixed-width text file or the xlsx) loaded over the built-in
/// tables (`hcpcs.with_file`): the built-in quarters decide validity on the dates they
/// cover, the file's add and termination dates on the others; the file adds the long
/// descriptions and every field of its records.
#[pyclass(frozen, module = "medcodes", name = "HcpcsWithFile")]
pub struct PyHcpcsWithFile(HcpcsWithFile);

#[pymethods]
impl PyHcpcsWithFile {
    /// The file's record of a code or modifier (any case), or None.
    fn record(&self, code: &Bound<'_, PyAny>) -> PyResult<Option<PyHcpcsRecord>> {
        let code = str_arg(code, "code")?;
        Ok(self.0.record(&code).cloned().map(PyHcpcsRecord))
    }

    /// Every record (codes and modifiers), in file order.
    fn records<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        PyList::new(py, self.0.file().records.iter().cloned().map(PyHcpcsRecord))
    }

    /// The CMS long description of a code or Level II modifier; None when the file lacks
    /// it, and for D codes (the ADA's text) and CPT-form codes (the AMA's), even when a
    /// file carries them.
    fn long_description(&self, code: &Bound<'_, PyAny>) -> PyResult<Option<String>> {
        let code = str_arg(code, "code")?;
        Ok(self.0.long_description(&code).map(str::to_owned))
    }

    /// Why a code is or is not valid on a date (None: today), as a ReasonKind: the
    /// built-in tables on their dates, the file's dates on the others.
    #[pyo3(signature = (code, date=None))]
    fn reason(
        &self,
        py: Python<'_>,
        code: &Bound<'_, PyAny>,
        date: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Py<PyAny>> {
        let code = str_arg(code, "code")?;
        Ok(reason_kind_object(
            py,
            self.0.reason(&code, date_or_today(date)?),
        ))
    }

    /// Whether a code is valid on a date (None: today), as `reason` decides.
    #[pyo3(signature = (code, date=None))]
    fn is_valid(&self, code: &Bound<'_, PyAny>, date: Option<&Bound<'_, PyAny>>) -> PyResult<bool> {
        let code = str_arg(code, "code")?;
        Ok(self.0.is_valid(&code, date_or_today(date)?))
    }

    /// What the file says differently from the built-in tables on a date (None: today)
    /// within their coverage (an empty HcpcsFileDifferences outside it).
    #[pyo3(signature = (date=None))]
    fn differences(
        &self,
        py: Python<'_>,
        date: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<PyHcpcsFileDifferences> {
        let date = date_or_today(date)?;
        Ok(PyHcpcsFileDifferences(
            py.detach(|| self.0.differences(date)),
        ))
    }

    /// The edition read: 'text' or 'xlsx'.
    #[getter]
    fn format(&self) -> &'static str {
        match self.0.file().format {
            hcpcs::file::FileFormat::Text => "text",
            hcpcs::file::FileFormat::Xlsx => "xlsx",
        }
    }

    /// The lines before the first record (CMS's disclaimers), blank ones left out.
    #[getter]
    fn preamble(&self) -> Vec<String> {
        self.0.file().preamble.clone()
    }

    /// Whether the file has a record of the code or modifier (any case).
    fn __contains__(&self, code: &Bound<'_, PyAny>) -> PyResult<bool> {
        Ok(self.record(code)?.is_some())
    }

    /// The number of records (codes and modifiers).
    fn __len__(&self) -> usize {
        self.0.file().len()
    }

    fn __repr__(&self) -> String {
        format!(
            "<HcpcsWithFile {}: {} records>",
            self.format(),
            self.0.file().len()
        )
    }
}

/// A file argument: a path (str or os.PathLike) or the file's bytes.
pub enum FileInput<'py> {
    Path(PathBuf),
    /// A `bytes` object, read in place.
    Bytes(Bound<'py, PyBytes>),
    /// A copy of a bytearray's or memoryview's bytes.
    Owned(Vec<u8>),
}

impl FileInput<'_> {
    /// Reads an argument named `what`.
    pub fn read<'py>(obj: &Bound<'py, PyAny>, what: &str) -> PyResult<FileInput<'py>> {
        if let Ok(b) = obj.cast::<PyBytes>() {
            return Ok(FileInput::Bytes(b.clone()));
        }
        if let Ok(b) = obj.cast::<PyByteArray>() {
            return Ok(FileInput::Owned(b.to_vec()));
        }
        if obj.cast::<PyMemoryView>().is_ok() {
            let bytes = obj.call_method0("tobytes")?;
            let bytes = bytes.cast::<PyBytes>()?;
            return Ok(FileInput::Owned(bytes.as_bytes().to_vec()));
        }
        if obj.is_instance_of::<PyString>() || obj.hasattr("__fspath__")? {
            return Ok(FileInput::Path(obj.extract::<PathBuf>()?));
        }
        Err(PyTypeError::new_err(format!(
            "{what} must be a path (str or os.PathLike) or the file's bytes (bytes, \
             bytearray, memoryview), not {}",
            type_name(obj)
        )))
    }

    /// Runs `f` on the path or the bytes, without the GIL.
    pub fn with<T: Send>(
        &self,
        py: Python<'_>,
        path: impl FnOnce(&std::path::Path) -> T + Send,
        bytes: impl FnOnce(&[u8]) -> T + Send,
    ) -> T {
        match self {
            FileInput::Path(p) => py.detach(|| path(p)),
            FileInput::Bytes(b) => {
                let data = b.as_bytes();
                py.detach(|| bytes(data))
            }
            FileInput::Owned(v) => py.detach(|| bytes(v)),
        }
    }
}

/// The sections of HCPCS Level II, in letter order.
#[pyfunction]
fn hcpcs_sections(py: Python<'_>) -> PyResult<Bound<'_, PyList>> {
    PyList::new(py, Section::all().map(PyHcpcsSection))
}

/// A modifier by its two characters (either case), if any quarter of the data lists it.
#[pyfunction]
fn hcpcs_modifier(modifier: &Bound<'_, PyAny>) -> PyResult<Option<PyHcpcsModifier>> {
    let modifier = str_arg(modifier, "modifier")?;
    Ok(Hcpcs::new().modifier(&modifier).map(PyHcpcsModifier))
}

/// The modifiers valid on a date, or (date None) every modifier any quarter lists.
#[pyfunction]
#[pyo3(signature = (date=None))]
fn hcpcs_modifiers<'py>(
    py: Python<'py>,
    date: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyList>> {
    let set = Hcpcs::new();
    match optional_date(date)? {
        Some(date) => PyList::new(py, set.modifiers_valid_on(date).map(PyHcpcsModifier)),
        None => PyList::new(py, set.modifiers().map(PyHcpcsModifier)),
    }
}

/// Checks a claim line: a code and its modifiers (a list of str; None: none) on a date
/// (None: today). A list of LineFinding, empty when the line is clean.
#[pyfunction]
#[pyo3(signature = (code, modifiers=None, date=None))]
fn hcpcs_check_line<'py>(
    py: Python<'py>,
    code: &Bound<'py, PyAny>,
    modifiers: Option<&Bound<'py, PyAny>>,
    date: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyList>> {
    let code = str_arg(code, "code")?;
    let date = date_or_today(date)?;
    let mut owned: Vec<String> = Vec::new();
    if let Some(modifiers) = modifiers.filter(|m| !m.is_none()) {
        if modifiers.is_instance_of::<PyString>() {
            return Err(PyTypeError::new_err(
                "modifiers must be a list of modifiers (e.g. ['LT', '59']), not one str",
            ));
        }
        let items = modifiers.try_iter().map_err(|_| {
            PyTypeError::new_err(format!(
                "modifiers must be a list of str, not {}",
                type_name(modifiers)
            ))
        })?;
        for (i, item) in items.enumerate() {
            owned.push(str_arg(&item?, &format!("modifiers[{i}]"))?.into_owned());
        }
    }
    let refs: Vec<&str> = owned.iter().map(String::as_str).collect();
    let findings = Hcpcs::new().check_line(&code, &refs, date);
    PyList::new(py, findings.into_iter().map(PyLineFinding))
}

/// Loads a CMS HCPCS file (text or xlsx, told by content) over the built-in tables: a
/// path (str or os.PathLike) or the file's bytes. Raises HcpcsFileError naming the line
/// or row, field and value.
#[pyfunction]
fn hcpcs_with_file(py: Python<'_>, path_or_bytes: &Bound<'_, PyAny>) -> PyResult<PyHcpcsWithFile> {
    let input = FileInput::read(path_or_bytes, "path_or_bytes")?;
    let set = Hcpcs::new();
    input
        .with(py, |p| set.with_file(p), |b| set.with_file_bytes(b))
        .map(PyHcpcsWithFile)
        .map_err(|e| hcpcs_file_error(py, &e))
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyHcpcsCode>()?;
    m.add_class::<PyHcpcsSection>()?;
    m.add_class::<PyHcpcsModifier>()?;
    m.add_class::<PyLineFinding>()?;
    m.add_class::<PyHcpcsRecord>()?;
    m.add_class::<PyHcpcsWithFile>()?;
    m.add_class::<PyHcpcsFileDifferences>()?;
    m.add_function(wrap_pyfunction!(hcpcs_sections, m)?)?;
    m.add_function(wrap_pyfunction!(hcpcs_modifier, m)?)?;
    m.add_function(wrap_pyfunction!(hcpcs_modifiers, m)?)?;
    m.add_function(wrap_pyfunction!(hcpcs_check_line, m)?)?;
    m.add_function(wrap_pyfunction!(hcpcs_with_file, m)?)?;
    let kinds = LineFindingKind::ALL.map(LineFindingKind::as_str);
    m.add("LINE_FINDING_KINDS", PyTuple::new(m.py(), kinds)?)?;
    Ok(())
}
