//! Findings of the core's checks as Python objects: `EncounterFinding` (ICD-10-CM coding
//! rules, `Icd10Cm::check_encounter`) and `ClaimFinding` (MCE claim edits, `claim::check`).
//! Plain values copied out of the core's findings; every rule stays in the core.

use medcodes::icd10cm;
use medcodes::{claim, Severity};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyTuple};

/// One finding of the ICD-10-CM coding rules on the diagnosis codes of an encounter
/// (`icd10cm.check_encounter`).
///
/// `kind` ('invalid_code', 'duplicate', 'code_with_ancestor', 'excludes1',
/// 'code_first_missing', 'code_first_order', 'manifestation_first', 'use_additional_code'),
/// `severity` ('info', 'warning', 'error'), `codes` (dotted, in the order the finding
/// names them), `positions` (0-based, in the list checked), the note behind it
/// (`note_kind`, `note_site`, `note`: its text) and `message`.
#[pyclass(frozen, module = "medcodes", name = "EncounterFinding")]
pub struct PyEncounterFinding(pub icd10cm::Finding);

#[pymethods]
impl PyEncounterFinding {
    #[getter]
    fn kind(&self) -> &'static str {
        self.0.kind.as_str()
    }

    #[getter]
    fn severity(&self) -> &'static str {
        self.0.severity.as_str()
    }

    #[getter]
    fn codes(&self) -> Vec<String> {
        self.0.codes.clone()
    }

    #[getter]
    fn positions(&self) -> Vec<usize> {
        self.0.positions.clone()
    }

    /// The kind of the instructional note behind the finding ('excludes1', 'code_first',
    /// 'use_additional_code'...), or None.
    #[getter]
    fn note_kind(&self) -> Option<&'static str> {
        self.0.note.as_ref().map(|n| n.kind.as_str())
    }

    /// Where that note sits: the dotted code, block range or chapter number.
    #[getter]
    fn note_site(&self) -> Option<String> {
        self.0.note.as_ref().map(|n| n.site.id.clone())
    }

    /// The text of that note.
    #[getter]
    fn note(&self) -> Option<String> {
        self.0.note.as_ref().map(|n| n.text.clone())
    }

    #[getter]
    fn message(&self) -> String {
        self.0.message.clone()
    }

    /// The finding as a dict of plain values (for JSON, DataFrames).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        d.set_item("kind", self.kind())?;
        d.set_item("severity", self.severity())?;
        d.set_item("codes", self.codes())?;
        d.set_item("positions", self.positions())?;
        d.set_item("note_kind", self.note_kind())?;
        d.set_item("note_site", self.note_site())?;
        d.set_item("note", self.note())?;
        d.set_item("message", self.message())?;
        Ok(d)
    }

    fn __str__(&self) -> String {
        self.0.to_string()
    }

    fn __repr__(&self) -> String {
        format!(
            "<EncounterFinding {} {} [{}]: {}>",
            self.0.severity,
            self.0.kind,
            self.0.codes.join(", "),
            self.0.message
        )
    }
}

/// One MCE edit raised on a claim (`claims.check`).
///
/// `edit` (the stable snake_case id, e.g. 'age_conflict'), `number` (the CMS edit number,
/// None for the unnumbered checks), `name` (the CMS title), `severity` ('warning',
/// 'error'), where it sits (`position`: 'claim', 'principal', 'admitting', 'secondary' or
/// 'procedure'; `index`: 0-based among the secondary diagnoses or the procedures), `code`
/// (canonical when it could be read; None for claim-level edits) and `message`.
#[pyclass(frozen, module = "medcodes", name = "ClaimFinding")]
pub struct PyClaimFinding(pub claim::Finding);

#[pymethods]
impl PyClaimFinding {
    #[getter]
    fn edit(&self) -> &'static str {
        self.0.edit.as_str()
    }

    #[getter]
    fn number(&self) -> Option<u8> {
        self.0.edit.number()
    }

    #[getter]
    fn name(&self) -> &'static str {
        self.0.edit.name()
    }

    #[getter]
    fn severity(&self) -> &'static str {
        self.0.severity.as_str()
    }

    #[getter]
    fn position(&self) -> &'static str {
        self.0.position.kind()
    }

    #[getter]
    fn index(&self) -> Option<u16> {
        self.0.position.index()
    }

    #[getter]
    fn code(&self) -> Option<String> {
        self.0.code.clone()
    }

    #[getter]
    fn message(&self) -> String {
        self.0.message.clone()
    }

    /// The finding as a dict of plain values (for JSON, DataFrames).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        d.set_item("edit", self.edit())?;
        d.set_item("number", self.number())?;
        d.set_item("name", self.name())?;
        d.set_item("severity", self.severity())?;
        d.set_item("position", self.position())?;
        d.set_item("index", self.index())?;
        d.set_item("code", self.code())?;
        d.set_item("message", self.message())?;
        Ok(d)
    }

    fn __str__(&self) -> String {
        self.0.to_string()
    }

    fn __repr__(&self) -> String {
        let code = self
            .0
            .code
            .as_deref()
            .map(|c| format!(" {c}"))
            .unwrap_or_default();
        format!(
            "<ClaimFinding {} {} at {}{code}: {}>",
            self.0.severity, self.0.edit, self.0.position, self.0.message
        )
    }
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let severities = Severity::ALL.map(Severity::as_str);
    m.add("SEVERITIES", PyTuple::new(m.py(), severities)?)?;
    m.add_class::<PyEncounterFinding>()?;
    m.add_class::<PyClaimFinding>()?;
    Ok(())
}
