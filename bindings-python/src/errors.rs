//! Python exceptions for the core's errors: a base `MedcodesError(ValueError)` and one
//! class per error kind, each carrying the variant's fields as attributes.

use medcodes::{ReasonKind, ValidationError};
use pyo3::create_exception;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyList;

use crate::dates;

create_exception!(
    medcodes,
    MedcodesError,
    PyValueError,
    "Base class of every error medcodes raises (a ValueError)."
);
create_exception!(
    medcodes,
    CodeValidationError,
    MedcodesError,
    "A code was rejected. `kind` is the ReasonKind; the subclass names it too."
);
create_exception!(
    medcodes,
    EmptyCodeError,
    CodeValidationError,
    "Nothing but whitespace (or nothing at all) was given as a code."
);
create_exception!(
    medcodes,
    CodeTooLongError,
    CodeValidationError,
    "More characters than any code of the system has. Attributes: input, system, max."
);
create_exception!(
    medcodes,
    MalformedCodeError,
    CodeValidationError,
    "A character that cannot stand at its position. Attributes: input, position (1-based), \
     found, expected."
);
create_exception!(
    medcodes,
    UnknownCodeError,
    CodeValidationError,
    "Well formed, but in no release of the bundled data. Attributes: code, system, first, last."
);
create_exception!(
    medcodes,
    NotBillableError,
    CodeValidationError,
    "A header with more specific codes below it on the date. Attributes: code, date, \
     billable_descendants, examples."
);
create_exception!(
    medcodes,
    NotValidOnDateError,
    CodeValidationError,
    "The code exists, but not on the date of service. Attributes: code, date, valid (the \
     ValidityRanges in which it is valid)."
);
create_exception!(
    medcodes,
    IncompleteCodeError,
    CodeValidationError,
    "The start of a code: fewer characters than every code of the system has. Attributes: \
     code, system, length, required, date, completions, examples."
);
create_exception!(
    medcodes,
    DateOutOfRangeError,
    CodeValidationError,
    "The date is outside the dates the bundled data covers. Attributes: date, system, first, \
     last."
);
create_exception!(
    medcodes,
    MissingSeventhCharacterError,
    CodeValidationError,
    "A code that takes a 7th character was given without one. Attributes: code, date, base \
     (the code padded with placeholder X), options (the (character, meaning) pairs valid on \
     the date)."
);
create_exception!(
    medcodes,
    SeventhCharacterNotAllowedError,
    CodeValidationError,
    "A 7th character its code does not take. Attributes: code, date, found, base, allowed \
     ((character, meaning) pairs valid on the date)."
);
create_exception!(
    medcodes,
    MissingPlaceholderError,
    CodeValidationError,
    "A code written without its placeholder X (T36.01A for T36.0X1A); the suggestion is \
     never applied silently. Attributes: input, suggestion, date, suggestion_billable."
);
create_exception!(
    medcodes,
    UnexpectedSeventhCharacterError,
    CodeValidationError,
    "A 7th character on a code that takes none (E11.9A). Attributes: code, found, base."
);
create_exception!(
    medcodes,
    ClaimInputError,
    MedcodesError,
    "A claim (or a row of a claim or code table) that cannot be read. Attributes: field \
     (the field or column), row (the table row, None for a dict), value, message."
);
create_exception!(
    medcodes,
    DateError,
    MedcodesError,
    "A date that could not be read or does not exist. Attributes: input, kind ('malformed' or \
     'invalid'), reason."
);

/// `medcodes.ReasonKind` (an `IntEnum` defined by the Python package from
/// [`ReasonKind::as_str`]), or the plain number when the package is not imported.
pub fn reason_kind_object(py: Python<'_>, kind: ReasonKind) -> Py<PyAny> {
    static ENUM: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
    let number = kind as u8;
    let made = ENUM
        .get_or_try_init(py, || {
            py.import("medcodes")?
                .getattr("ReasonKind")
                .map(Bound::unbind)
        })
        .and_then(|e| e.bind(py).call1((number,)).map(Bound::unbind));
    made.unwrap_or_else(|_| {
        number
            .into_pyobject(py)
            .map_or_else(|_| py.None(), |n| n.into_any().unbind())
    })
}

fn set<'py>(err: &PyErr, py: Python<'py>, name: &str, value: impl IntoPyObject<'py>) {
    // Setting an attribute on a fresh exception instance cannot fail in practice; a
    // failure would only lose the attribute, never the error.
    let _ = err.value(py).setattr(name, value);
}

fn set_date(err: &PyErr, py: Python<'_>, name: &str, d: medcodes::Date) {
    if let Ok(v) = dates::to_py(py, d) {
        let _ = err.value(py).setattr(name, v);
    }
}

/// 7th characters as `(character, meaning)` pairs.
fn seventh(chars: &[medcodes::icd10cm::SeventhCharacter]) -> Vec<(String, &'static str)> {
    chars
        .iter()
        .map(|c| (c.character.to_string(), c.meaning))
        .collect()
}

/// The Python exception for a core [`ValidationError`], variant by variant.
pub fn validation_error(py: Python<'_>, e: ValidationError) -> PyErr {
    let message = e.to_string();
    let kind = e.kind();
    let err = match &e {
        ValidationError::Empty => EmptyCodeError::new_err(message.clone()),
        ValidationError::TooLong { input, system, max } => {
            let err = CodeTooLongError::new_err(message.clone());
            set(&err, py, "input", input.as_str());
            set(&err, py, "system", *system);
            set(&err, py, "max", *max);
            err
        }
        ValidationError::Malformed {
            input,
            position,
            found,
            expected,
        } => {
            let err = MalformedCodeError::new_err(message.clone());
            set(&err, py, "input", input.as_str());
            set(&err, py, "position", *position);
            set(&err, py, "found", found.to_string());
            set(&err, py, "expected", *expected);
            err
        }
        ValidationError::Unknown {
            code,
            system,
            first,
            last,
        } => {
            let err = UnknownCodeError::new_err(message.clone());
            set(&err, py, "code", code.as_str());
            set(&err, py, "system", *system);
            set_date(&err, py, "first", *first);
            set_date(&err, py, "last", *last);
            err
        }
        ValidationError::NotBillable {
            code,
            date,
            billable_descendants,
            examples,
        } => {
            let err = NotBillableError::new_err(message.clone());
            set(&err, py, "code", code.as_str());
            set_date(&err, py, "date", *date);
            set(&err, py, "billable_descendants", *billable_descendants);
            set(&err, py, "examples", examples.clone());
            err
        }
        ValidationError::NotValidOnDate { code, date, valid } => {
            let err = NotValidOnDateError::new_err(message.clone());
            set(&err, py, "code", code.as_str());
            set_date(&err, py, "date", *date);
            let ranges: Vec<crate::codes::PyValidityRange> = valid
                .iter()
                .map(|r| crate::codes::PyValidityRange(*r))
                .collect();
            if let Ok(list) = PyList::new(py, ranges) {
                let _ = err.value(py).setattr("valid", list);
            }
            err
        }
        ValidationError::Incomplete {
            code,
            system,
            length,
            required,
            date,
            completions,
            examples,
        } => {
            let err = IncompleteCodeError::new_err(message.clone());
            set(&err, py, "code", code.as_str());
            set(&err, py, "system", *system);
            set(&err, py, "length", *length);
            set(&err, py, "required", *required);
            set_date(&err, py, "date", *date);
            set(&err, py, "completions", *completions);
            set(&err, py, "examples", examples.clone());
            err
        }
        ValidationError::DateOutOfRange {
            date,
            system,
            first,
            last,
        } => {
            let err = DateOutOfRangeError::new_err(message.clone());
            set_date(&err, py, "date", *date);
            set(&err, py, "system", *system);
            set_date(&err, py, "first", *first);
            set_date(&err, py, "last", *last);
            err
        }
        ValidationError::MissingSeventhCharacter {
            code,
            date,
            base,
            options,
        } => {
            let err = MissingSeventhCharacterError::new_err(message.clone());
            set(&err, py, "code", code.as_str());
            set_date(&err, py, "date", *date);
            set(&err, py, "base", base.as_str());
            set(&err, py, "options", seventh(options));
            err
        }
        ValidationError::SeventhCharacterNotAllowed {
            code,
            date,
            found,
            base,
            allowed,
        } => {
            let err = SeventhCharacterNotAllowedError::new_err(message.clone());
            set(&err, py, "code", code.as_str());
            set_date(&err, py, "date", *date);
            set(&err, py, "found", found.to_string());
            set(&err, py, "base", base.as_str());
            set(&err, py, "allowed", seventh(allowed));
            err
        }
        ValidationError::MissingPlaceholder {
            input,
            suggestion,
            date,
            suggestion_billable,
        } => {
            let err = MissingPlaceholderError::new_err(message.clone());
            set(&err, py, "input", input.as_str());
            set(&err, py, "suggestion", suggestion.as_str());
            set_date(&err, py, "date", *date);
            set(&err, py, "suggestion_billable", *suggestion_billable);
            err
        }
        ValidationError::UnexpectedSeventhCharacter { code, found, base } => {
            let err = UnexpectedSeventhCharacterError::new_err(message.clone());
            set(&err, py, "code", code.as_str());
            set(&err, py, "found", found.to_string());
            set(&err, py, "base", base.as_str());
            err
        }
        // A kind added to the core before the bindings learn it: still a typed error.
        _ => CodeValidationError::new_err(message.clone()),
    };
    let _ = err.value(py).setattr("kind", reason_kind_object(py, kind));
    let _ = err.value(py).setattr("message", message);
    err
}

/// The Python exception for a core [`DateError`].
pub fn date_error(py: Python<'_>, e: medcodes::DateError) -> PyErr {
    let message = e.to_string();
    let err = DateError::new_err(message.clone());
    match &e {
        medcodes::DateError::Malformed { input } => {
            set(&err, py, "input", input.as_str());
            set(&err, py, "kind", "malformed");
            set(&err, py, "reason", "expected YYYY-MM-DD");
        }
        medcodes::DateError::Invalid { input, reason } => {
            set(&err, py, "input", input.as_str());
            set(&err, py, "kind", "invalid");
            set(&err, py, "reason", *reason);
        }
        _ => set(&err, py, "kind", "other"),
    }
    set(&err, py, "message", message);
    err
}

/// A type's name for messages: `int`, `numpy.ndarray`, `pandas.core.series.Series`.
pub fn type_name(obj: &Bound<'_, PyAny>) -> String {
    let ty = obj.get_type();
    let name = ty
        .qualname()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "?".into());
    match ty.module().map(|m| m.to_string()) {
        Ok(m) if m != "builtins" => format!("{m}.{name}"),
        _ => name,
    }
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add("MedcodesError", py.get_type::<MedcodesError>())?;
    m.add("CodeValidationError", py.get_type::<CodeValidationError>())?;
    m.add("EmptyCodeError", py.get_type::<EmptyCodeError>())?;
    m.add("CodeTooLongError", py.get_type::<CodeTooLongError>())?;
    m.add("MalformedCodeError", py.get_type::<MalformedCodeError>())?;
    m.add("UnknownCodeError", py.get_type::<UnknownCodeError>())?;
    m.add("NotBillableError", py.get_type::<NotBillableError>())?;
    m.add("NotValidOnDateError", py.get_type::<NotValidOnDateError>())?;
    m.add("IncompleteCodeError", py.get_type::<IncompleteCodeError>())?;
    m.add("DateOutOfRangeError", py.get_type::<DateOutOfRangeError>())?;
    m.add(
        "MissingSeventhCharacterError",
        py.get_type::<MissingSeventhCharacterError>(),
    )?;
    m.add(
        "SeventhCharacterNotAllowedError",
        py.get_type::<SeventhCharacterNotAllowedError>(),
    )?;
    m.add(
        "MissingPlaceholderError",
        py.get_type::<MissingPlaceholderError>(),
    )?;
    m.add(
        "UnexpectedSeventhCharacterError",
        py.get_type::<UnexpectedSeventhCharacterError>(),
    )?;
    m.add("DateError", py.get_type::<DateError>())?;
    m.add("ClaimInputError", py.get_type::<ClaimInputError>())?;
    Ok(())
}

/// The exception class for each reason kind (except `valid`), for `medcodes.error_for`.
pub fn class_for(py: Python<'_>, kind: ReasonKind) -> Bound<'_, pyo3::types::PyType> {
    match kind {
        ReasonKind::Empty => py.get_type::<EmptyCodeError>(),
        ReasonKind::TooLong => py.get_type::<CodeTooLongError>(),
        ReasonKind::Malformed => py.get_type::<MalformedCodeError>(),
        ReasonKind::Unknown => py.get_type::<UnknownCodeError>(),
        ReasonKind::NotBillable => py.get_type::<NotBillableError>(),
        ReasonKind::NotValidOnDate => py.get_type::<NotValidOnDateError>(),
        ReasonKind::DateOutOfRange => py.get_type::<DateOutOfRangeError>(),
        ReasonKind::Incomplete => py.get_type::<IncompleteCodeError>(),
        ReasonKind::MissingSeventhCharacter => py.get_type::<MissingSeventhCharacterError>(),
        ReasonKind::SeventhCharacterNotAllowed => py.get_type::<SeventhCharacterNotAllowedError>(),
        ReasonKind::MissingPlaceholder => py.get_type::<MissingPlaceholderError>(),
        ReasonKind::UnexpectedSeventhCharacter => py.get_type::<UnexpectedSeventhCharacterError>(),
        _ => py.get_type::<CodeValidationError>(),
    }
}
