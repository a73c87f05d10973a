//! A CMS release loaded over the built-in tables (`medcodes::release`):
//! `medcodes.icd10cm.load_release(path_or_bytes)` gives an `Icd10CmWithRelease`,
//! `medcodes.icd10pcs.load_release` an `Icd10PcsWithRelease`; a file that cannot be loaded
//! raises `ReleaseError` naming the file, line and field.

use medcodes::icd10cm::Icd10CmSystem;
use medcodes::icd10pcs::Icd10PcsSystem;
use medcodes::release::{ReleaseCode, ReleaseError as CoreError, ReleaseTitle, WithRelease};
use medcodes::{CodeSet, Date, Icd10Cm, Icd10Pcs, System};
use pyo3::create_exception;
use pyo3::prelude::*;
use pyo3::types::{PyDate, PyDict, PyList};

use crate::dates::{date_or_today, optional_date, to_py};
use crate::errors::{reason_kind_object, validation_error, MedcodesError};
use crate::hcpcs::FileInput;
use crate::input::str_arg;

create_exception!(
    medcodes,
    ReleaseError,
    MedcodesError,
    "A CMS release that cannot be loaded (icd10cm.load_release); nothing is applied. \
     Attributes: kind (one of RELEASE_ERROR_KINDS: 'io', 'no_order_file', 'file_name', \
     'wrong_system', 'empty', 'encoding', 'line_too_short', 'field', 'order_number', \
     'duplicate_code', 'hierarchy', 'zip', 'xml', 'disagree', 'unsupported', 'fiscal_year'), \
     message, and, None where the kind has none: file, line, field, value, expected, code, \
     path, detail."
);

const ATTRIBUTES: [&str; 8] = [
    "file", "line", "field", "value", "expected", "code", "path", "detail",
];

fn set<'py>(err: &PyErr, py: Python<'py>, name: &str, value: impl IntoPyObject<'py>) {
    let _ = err.value(py).setattr(name, value);
}

/// The Python exception for a core [`CoreError`], its fields as attributes.
fn release_error(py: Python<'_>, e: &CoreError) -> PyErr {
    let err = ReleaseError::new_err(e.to_string());
    for name in ATTRIBUTES {
        set(&err, py, name, py.None());
    }
    set(&err, py, "message", e.to_string());
    match e {
        CoreError::Io { path, .. } => {
            set(&err, py, "path", path.to_string_lossy().into_owned());
        }
        CoreError::NoOrderFile { path, expected, .. } => {
            set(&err, py, "path", path.to_string_lossy().into_owned());
            set(&err, py, "expected", *expected);
        }
        CoreError::FileName { file, expected } => {
            set(&err, py, "file", file.as_str());
            set(&err, py, "expected", *expected);
        }
        CoreError::WrongSystem { file, expected, .. } => {
            set(&err, py, "file", file.as_str());
            set(&err, py, "expected", *expected);
        }
        CoreError::Empty { file } => {
            set(&err, py, "file", file.as_str());
        }
        CoreError::Encoding { file, line, detail } => {
            set(&err, py, "file", file.as_str());
            set(&err, py, "line", *line);
            set(&err, py, "detail", *detail);
        }
        CoreError::LineTooShort {
            file,
            line,
            length,
            expected,
        } => {
            set(&err, py, "file", file.as_str());
            set(&err, py, "line", *line);
            set(&err, py, "value", format!("{length} characters"));
            set(
                &err,
                py,
                "expected",
                format!("at least {expected} characters"),
            );
        }
        CoreError::Field {
            file,
            line,
            field,
            value,
            expected,
        } => {
            set(&err, py, "file", file.as_str());
            set(&err, py, "line", *line);
            set(&err, py, "field", *field);
            set(&err, py, "value", value.as_str());
            set(&err, py, "expected", *expected);
        }
        CoreError::OrderNumber {
            file, line, order, ..
        } => {
            set(&err, py, "file", file.as_str());
            set(&err, py, "line", *line);
            set(&err, py, "field", "order number");
            set(&err, py, "value", order.to_string());
        }
        CoreError::DuplicateCode {
            file, line, code, ..
        } => {
            set(&err, py, "file", file.as_str());
            set(&err, py, "line", *line);
            set(&err, py, "field", "code");
            set(&err, py, "code", code.as_str());
        }
        CoreError::Hierarchy {
            file,
            line,
            code,
            detail,
        } => {
            set(&err, py, "file", file.as_str());
            set(&err, py, "line", *line);
            set(&err, py, "field", "header/billable flag");
            set(&err, py, "code", code.as_str());
            set(&err, py, "detail", detail.as_str());
        }
        CoreError::FiscalYear { file, detail, .. } => {
            set(&err, py, "file", file.as_str());
            set(&err, py, "detail", detail.as_str());
        }
        CoreError::Zip { file, detail } => {
            set(&err, py, "file", file.as_str());
            set(&err, py, "detail", detail.as_str());
        }
        CoreError::Xml { file, line, detail } => {
            set(&err, py, "file", file.as_str());
            set(&err, py, "line", *line);
            set(&err, py, "detail", detail.as_str());
        }
        CoreError::Disagree {
            file,
            line,
            code,
            other,
            detail,
        } => {
            set(&err, py, "file", file.as_str());
            set(&err, py, "line", *line);
            set(&err, py, "code", code.as_str());
            set(&err, py, "path", other.as_str());
            set(&err, py, "detail", detail.as_str());
        }
        CoreError::Unsupported { file, detail } => {
            set(&err, py, "file", file.as_str());
            set(&err, py, "detail", *detail);
        }
        // A kind added to the core before the bindings learn its fields: the kind alone.
        _ => {}
    }
    set(&err, py, "kind", e.kind());
    err
}

fn title_dict<'py>(py: Python<'py>, t: &ReleaseTitle) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("text", t.text.as_str())?;
    d.set_item("source", t.source.as_str())?;
    d.set_item("effective", to_py(py, t.effective)?)?;
    d.set_item("from_release", t.from_release)?;
    Ok(d)
}

/// A code as the code set with the release sees it.
#[pyclass(frozen, module = "medcodes", name = "ReleaseCode")]
pub struct PyReleaseCode(Plain);

/// A [`ReleaseCode`] of any system, as Python sees it.
pub struct Plain {
    code: String,
    in_release: Option<bool>,
    in_built_in: bool,
    title: Option<ReleaseTitle>,
    short_title: Option<ReleaseTitle>,
}

impl<S: System> From<ReleaseCode<S>> for PyReleaseCode {
    fn from(c: ReleaseCode<S>) -> Self {
        PyReleaseCode(Plain {
            code: c.code.to_string(),
            in_release: c.in_release,
            in_built_in: c.built_in.is_some(),
            title: c.title,
            short_title: c.short_title,
        })
    }
}

#[pymethods]
impl PyReleaseCode {
    /// Canonical form, e.g. "E11.9".
    #[getter]
    fn code(&self) -> String {
        self.0.code.to_string()
    }

    /// Whether the release lists the code.
    #[getter]
    fn in_release(&self) -> bool {
        self.0.in_release.is_some()
    }

    /// Whether the built-in tables have the code.
    #[getter]
    fn in_built_in(&self) -> bool {
        self.0.in_built_in
    }

    /// The long title in force on the date asked (None: no source titles it).
    #[getter]
    fn title(&self) -> Option<&str> {
        self.0.title.as_ref().map(|t| t.text.as_str())
    }

    #[getter]
    fn short_title(&self) -> Option<&str> {
        self.0.short_title.as_ref().map(|t| t.text.as_str())
    }

    /// The title's source name (the release's, or a built-in title source's).
    #[getter]
    fn title_source(&self) -> Option<&str> {
        self.0.title.as_ref().map(|t| t.source.as_str())
    }

    /// Whether the title comes from the loaded release.
    #[getter]
    fn title_from_release(&self) -> bool {
        self.0.title.as_ref().is_some_and(|t| t.from_release)
    }

    fn __str__(&self) -> String {
        self.0.code.to_string()
    }

    fn __repr__(&self) -> String {
        format!(
            "<ReleaseCode {}: {}>",
            self.0.code,
            self.title().unwrap_or("no title")
        )
    }
}

/// The methods every system's code set with a release has.
macro_rules! with_release_class {
    ($ty:ident, $system:ty, $name:literal, { $($extra:tt)* }) => {
        #[pymethods]
        impl $ty {
    /// The file as given.
    #[getter]
    fn file(&self) -> &str {
        &self.0.release().file
    }

    /// The release's fiscal year, e.g. 2028.
    #[getter]
    fn fiscal_year(&self) -> u16 {
        self.0.release().fiscal_year.0
    }

    /// The first date of service the release applies to.
    #[getter]
    fn effective<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDate>> {
        to_py(py, self.0.release().effective)
    }

    /// "update" (newer than the built-in tables: decides from its effective date) or
    /// "titles" (a fiscal year they cover: its titles over that year).
    #[getter]
    fn role(&self) -> &'static str {
        self.0.release().role.as_str()
    }

    /// Codes and headers in the file.
    #[getter]
    fn codes(&self) -> usize {
        self.0.release().codes
    }

    /// Billable codes in the file.
    #[getter]
    fn billable(&self) -> usize {
        self.0.release().billable
    }

    /// The first and last date of service answered.
    fn coverage<'py>(&self, py: Python<'py>) -> PyResult<(Bound<'py, PyDate>, Bound<'py, PyDate>)> {
        let (first, last) = self.0.coverage();
        Ok((to_py(py, first)?, to_py(py, last)?))
    }

    /// Why a code is or is not valid on a date (None: today), as a ReasonKind.
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

    /// Whether a code is valid (billable, in force) on a date (None: today).
    #[pyo3(signature = (code, date=None))]
    fn is_valid(&self, code: &Bound<'_, PyAny>, date: Option<&Bound<'_, PyAny>>) -> PyResult<bool> {
        let code = str_arg(code, "code")?;
        Ok(self.0.is_valid(&code, date_or_today(date)?))
    }

    /// The code when it is valid on the date (None: today); otherwise raises the typed
    /// error that says why (NotBillableError, NotValidOnDateError, ...).
    #[pyo3(signature = (code, date=None))]
    fn validate(
        &self,
        py: Python<'_>,
        code: &Bound<'_, PyAny>,
        date: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<PyReleaseCode> {
        let code = str_arg(code, "code")?;
        self.0
            .validate(&code, date_or_today(date)?)
            .map(PyReleaseCode::from)
            .map_err(|e| validation_error(py, e))
    }

    /// A code in the built-in tables or the release, without regard to date.
    fn lookup(&self, py: Python<'_>, code: &Bound<'_, PyAny>) -> PyResult<PyReleaseCode> {
        let code = str_arg(code, "code")?;
        self.0
            .lookup(&code)
            .map(PyReleaseCode::from)
            .map_err(|e| validation_error(py, e))
    }

    /// The long title in force on a date (None: today), or None.
    #[pyo3(signature = (code, date=None))]
    fn title(
        &self,
        code: &Bound<'_, PyAny>,
        date: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Option<String>> {
        let code = str_arg(code, "code")?;
        Ok(self.0.title_on(&code, date_or_today(date)?).map(|t| t.text))
    }

    /// The long title in force on a date with its source: a dict (text, source,
    /// effective, from_release), or None.
    #[pyo3(signature = (code, date=None))]
    fn title_with_source<'py>(
        &self,
        py: Python<'py>,
        code: &Bound<'_, PyAny>,
        date: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Option<Bound<'py, PyDict>>> {
        let code = str_arg(code, "code")?;
        self.0
            .title_on(&code, date_or_today(date)?)
            .map(|t| title_dict(py, &t))
            .transpose()
    }

    /// What the release changes against the built-in tables: a dict of lists (added,
    /// deleted, now_billable, now_headers, newly_titled; retitled as (code, built-in,
    /// release) tuples) and compared_on.
    fn differences<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = py.detach(|| self.0.differences());
        let out = PyDict::new(py);
        out.set_item("compared_on", to_py(py, d.compared_on)?)?;
        out.set_item("added", PyList::new(py, &d.added)?)?;
        out.set_item("deleted", PyList::new(py, &d.deleted)?)?;
        out.set_item("now_billable", PyList::new(py, &d.now_billable)?)?;
        out.set_item("now_headers", PyList::new(py, &d.now_headers)?)?;
        out.set_item("newly_titled", PyList::new(py, &d.newly_titled)?)?;
        let retitled: Vec<(&str, &str, &str)> = d
            .retitled
            .iter()
            .map(|r| (r.code.as_str(), r.built_in.as_str(), r.release.as_str()))
            .collect();
        out.set_item("retitled", PyList::new(py, retitled)?)?;
        Ok(out)
    }

    fn __repr__(&self) -> String {
                format!(concat!("<", $name, " {}>"), self.0.release())
            }

            $($extra)*
        }
    };
}

/// ICD-10-CM with a CMS release loaded over the built-in tables.
#[pyclass(frozen, module = "medcodes", name = "Icd10CmWithRelease")]
pub struct PyIcd10CmWithRelease(WithRelease<Icd10CmSystem>);

/// ICD-10-PCS with a CMS release (its order file) loaded over the built-in tables.
#[pyclass(frozen, module = "medcodes", name = "Icd10PcsWithRelease")]
pub struct PyIcd10PcsWithRelease(WithRelease<Icd10PcsSystem>);

with_release_class!(
    PyIcd10PcsWithRelease,
    Icd10PcsSystem,
    "Icd10PcsWithRelease",
    {}
);

with_release_class!(PyIcd10CmWithRelease, Icd10CmSystem, "Icd10CmWithRelease", {
    /// The tabular list loaded with the order file (its name), or None.
    #[getter]
    fn tabular(&self) -> Option<&str> {
        self.0.release().tabular.as_deref()
    }

    /// What the order file's addenda list: a dict (added, deleted, revised), or None when
    /// none were loaded.
    #[getter]
    fn addenda<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyDict>>> {
        self.0
            .release()
            .addenda
            .map(|a| {
                let d = PyDict::new(py);
                d.set_item("added", a.added)?;
                d.set_item("deleted", a.deleted)?;
                d.set_item("revised", a.revised)?;
                Ok(d)
            })
            .transpose()
    }

    /// The instructional notes in force for a code on a date (None: today): a list of dicts
    /// (kind, site, inherited, lines, from_release), the release's tabular list's where it
    /// applies, else the built-in notes.
    #[pyo3(signature = (code, date=None))]
    fn notes<'py>(
        &self,
        py: Python<'py>,
        code: &Bound<'_, PyAny>,
        date: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Bound<'py, PyList>> {
        let code = str_arg(code, "code")?;
        let notes = self.0.notes_on(&code, date_or_today(date)?);
        let out = PyList::empty(py);
        for n in notes {
            let d = PyDict::new(py);
            d.set_item("kind", n.kind.as_str())?;
            d.set_item("site", n.site.label())?;
            d.set_item("inherited", n.inherited)?;
            d.set_item("lines", PyList::new(py, &n.lines)?)?;
            d.set_item("from_release", n.from_release)?;
            out.append(d)?;
        }
        Ok(out)
    }

    /// The 7th characters a code takes on a date (None: today): a dict (defined_at, note,
    /// characters as (character, meaning) tuples, from_release), or None.
    #[pyo3(signature = (code, date=None))]
    fn seventh_characters<'py>(
        &self,
        py: Python<'py>,
        code: &Bound<'_, PyAny>,
        date: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Option<Bound<'py, PyDict>>> {
        let code = str_arg(code, "code")?;
        self.0
            .seventh_characters_on(&code, date_or_today(date)?)
            .map(|s| {
                let d = PyDict::new(py);
                d.set_item("defined_at", s.defined_at)?;
                d.set_item("note", s.note)?;
                let chars: Vec<(String, String)> = s
                    .characters
                    .into_iter()
                    .map(|(c, m)| (c.to_string(), m))
                    .collect();
                d.set_item("characters", PyList::new(py, chars)?)?;
                d.set_item("from_release", s.from_release)?;
                Ok(d)
            })
            .transpose()
    }
});

/// Loads a release over a code set's built-in tables from a path or bytes.
fn load<S: System>(
    py: Python<'_>,
    set: CodeSet<S>,
    path_or_bytes: &Bound<'_, PyAny>,
    name: Option<&Bound<'_, PyAny>>,
    effective: Option<&Bound<'_, PyAny>>,
) -> PyResult<WithRelease<S>> {
    let input = FileInput::read(path_or_bytes, "path_or_bytes")?;
    let name = name.map(|n| str_arg(n, "name")).transpose()?;
    let effective: Option<Date> = optional_date(effective)?;
    let name = name.as_deref().unwrap_or("");
    input
        .with(
            py,
            |p| match effective {
                Some(date) => std::fs::read(p)
                    .map_err(|e| CoreError::Io {
                        path: p.to_path_buf(),
                        message: e.to_string(),
                    })
                    .and_then(|bytes| {
                        set.with_release_bytes(&p.to_string_lossy(), &bytes, Some(date))
                    }),
                None => set.with_release(p),
            },
            |b| set.with_release_bytes(name, b, effective),
        )
        .map_err(|e| release_error(py, &e))
}

/// Loads a CMS ICD-10-CM release over the built-in tables: the order file
/// (icd10cm_order_YYYY.txt), a release zip (the code-descriptions zip, its addenda checked),
/// or a folder holding them (with the tables-and-index zip or its tabular XML: the release's
/// notes and 7th characters); a path, or a file's bytes with its `name` (which says the
/// release) or its `effective` date. Raises ReleaseError naming the file, line and field;
/// nothing is applied.
#[pyfunction]
#[pyo3(signature = (path_or_bytes, name=None, effective=None))]
fn icd10cm_load_release(
    py: Python<'_>,
    path_or_bytes: &Bound<'_, PyAny>,
    name: Option<&Bound<'_, PyAny>>,
    effective: Option<&Bound<'_, PyAny>>,
) -> PyResult<PyIcd10CmWithRelease> {
    load(py, Icd10Cm::new(), path_or_bytes, name, effective).map(PyIcd10CmWithRelease)
}

/// Loads a CMS ICD-10-PCS release (icd10pcs_order_YYYY.txt, its zip, or a folder) over the
/// built-in tables, as icd10cm_load_release.
#[pyfunction]
#[pyo3(signature = (path_or_bytes, name=None, effective=None))]
fn icd10pcs_load_release(
    py: Python<'_>,
    path_or_bytes: &Bound<'_, PyAny>,
    name: Option<&Bound<'_, PyAny>>,
    effective: Option<&Bound<'_, PyAny>>,
) -> PyResult<PyIcd10PcsWithRelease> {
    load(py, Icd10Pcs::new(), path_or_bytes, name, effective).map(PyIcd10PcsWithRelease)
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("ReleaseError", m.py().get_type::<ReleaseError>())?;
    // The kinds of `ReleaseError`, from the core's list.
    m.add(
        "RELEASE_ERROR_KINDS",
        pyo3::types::PyTuple::new(m.py(), CoreError::KINDS)?,
    )?;
    m.add_class::<PyReleaseCode>()?;
    m.add_class::<PyIcd10CmWithRelease>()?;
    m.add_class::<PyIcd10PcsWithRelease>()?;
    m.add_function(wrap_pyfunction!(icd10cm_load_release, m)?)?;
    m.add_function(wrap_pyfunction!(icd10pcs_load_release, m)?)?;
    Ok(())
}
