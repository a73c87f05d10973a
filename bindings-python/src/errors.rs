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

create_exception!(
    medcodes,
    HcpcsFileError,
    MedcodesError,
    "A CMS HCPCS file that cannot be read (hcpcs.with_file); nothing is loaded. Attributes: \
     kind (the reason: 'record_length', 'date', 'field', 'duplicate_code', 'io', ...), \
     message, and, None where the reason has none: line (text file) or row (xlsx), field, \
     value, expected, length, code, record_id, sequence, previous, first_line, first_row, \
     detail, missing, found, path, format, hint."
);
create_exception!(
    medcodes,
    CptValidationError,
    CodeValidationError,
    "A CPT code rejected by a loaded CPT file (not in it, not valid on the date, a date \
     outside the file's window) or, as its subclass CptCodeError, not shaped like a CPT \
     code. Attributes: kind (the ReasonKind), message, and, None where the reason has \
     none: code, input, length, position, found, expected, date, start, end, valid_from, \
     valid_to."
);
create_exception!(
    medcodes,
    CptCodeError,
    CptValidationError,
    "A string that is not shaped like a CPT code (empty, not five characters, a character \
     that cannot stand at its position): kind EMPTY, TOO_LONG or MALFORMED."
);
create_exception!(
    medcodes,
    CptFileError,
    MedcodesError,
    "A CPT data file that cannot be loaded (cpt.load); nothing is loaded. Attributes: kind \
     ('malformed_code', 'missing_code', 'duplicate_code', 'bad_date', 'bad_quoting', \
     'extra_fields', 'empty', 'io', 'reversed_window'), message, and, None where the reason \
     has none: line, field, value, code, first_line, lines, reason, expected, found, path, \
     valid_from, valid_to."
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

/// Sets each attribute name to None: the attributes an exception class declares, before
/// the variant at hand sets its own.
fn set_none(err: &PyErr, py: Python<'_>, names: &[&str]) {
    for name in names {
        set(err, py, name, py.None());
    }
}

fn set_optional_date(err: &PyErr, py: Python<'_>, name: &str, d: Option<medcodes::Date>) {
    match d {
        Some(d) => set_date(err, py, name, d),
        None => set(err, py, name, py.None()),
    }
}

const HCPCS_FILE_ATTRIBUTES: [&str; 18] = [
    "line",
    "row",
    "field",
    "value",
    "expected",
    "length",
    "code",
    "record_id",
    "sequence",
    "previous",
    "first_line",
    "first_row",
    "detail",
    "missing",
    "found",
    "path",
    "format",
    "hint",
];

/// The Python exception for a core [`medcodes::hcpcs::FileError`], variant by variant.
pub fn hcpcs_file_error(py: Python<'_>, e: &medcodes::hcpcs::FileError) -> PyErr {
    use medcodes::hcpcs::file::{FileError as E, Location};
    let message = e.to_string();
    let err = HcpcsFileError::new_err(message.clone());
    set_none(&err, py, &HCPCS_FILE_ATTRIBUTES);
    let at = |location: &Location, line: &str, row: &str| match location {
        Location::Line(n) => set(&err, py, line, *n),
        Location::Row(n) => set(&err, py, row, *n),
    };
    let kind = match e {
        E::Io { path, .. } => {
            set(&err, py, "path", path.to_string_lossy().into_owned());
            "io"
        }
        E::Empty => "empty",
        E::Encoding { location, detail } => {
            at(location, "line", "row");
            set(&err, py, "detail", *detail);
            "encoding"
        }
        E::RecordLength {
            location,
            length,
            expected,
        } => {
            at(location, "line", "row");
            set(&err, py, "length", *length);
            set(&err, py, "expected", format!("{expected} characters"));
            "record_length"
        }
        E::Date {
            location,
            field,
            value,
        } => {
            at(location, "line", "row");
            set(&err, py, "field", *field);
            set(&err, py, "value", value.as_str());
            set(&err, py, "expected", "a date (CCYYMMDD) or blanks");
            "date"
        }
        E::Field {
            location,
            field,
            value,
            expected,
        } => {
            at(location, "line", "row");
            set(&err, py, "field", *field);
            set(&err, py, "value", value.as_str());
            set(&err, py, "expected", *expected);
            "field"
        }
        E::ContinuationWithoutFirst {
            location,
            code,
            record_id,
        } => {
            at(location, "line", "row");
            set(&err, py, "code", code.as_str());
            set(&err, py, "record_id", record_id.to_string());
            "continuation_without_first"
        }
        E::Sequence {
            location,
            code,
            sequence,
            previous,
        } => {
            at(location, "line", "row");
            set(&err, py, "code", code.as_str());
            set(&err, py, "sequence", *sequence);
            set(&err, py, "previous", *previous);
            "sequence"
        }
        E::DuplicateCode {
            location,
            code,
            first,
        } => {
            at(location, "line", "row");
            at(first, "first_line", "first_row");
            set(&err, py, "code", code.as_str());
            "duplicate_code"
        }
        E::MissingColumns { missing, found } => {
            set(&err, py, "missing", missing.clone());
            set(&err, py, "found", found.clone());
            "missing_columns"
        }
        E::Xlsx { message } => {
            set(&err, py, "detail", message.as_str());
            "xlsx"
        }
        E::UnsupportedFormat { format, hint } => {
            set(&err, py, "format", *format);
            set(&err, py, "hint", *hint);
            "unsupported_format"
        }
        // A reason added to the core before the bindings learn it: still this class.
        _ => "other",
    };
    set(&err, py, "kind", kind);
    set(&err, py, "message", message);
    err
}

const CPT_CODE_ATTRIBUTES: [&str; 11] = [
    "code",
    "input",
    "length",
    "position",
    "found",
    "expected",
    "date",
    "start",
    "end",
    "valid_from",
    "valid_to",
];

/// The Python exception (`CptCodeError`) for a core [`medcodes::cpt::CptCodeError`].
pub fn cpt_code_error(py: Python<'_>, e: medcodes::cpt::CptCodeError) -> PyErr {
    cpt_validation_error(py, e.into())
}

/// The Python exception for a core [`medcodes::cpt::CptValidationError`]: `CptCodeError`
/// for the shape errors, `CptValidationError` for the others.
pub fn cpt_validation_error(py: Python<'_>, e: medcodes::cpt::CptValidationError) -> PyErr {
    use medcodes::cpt::CptValidationError as E;
    let message = e.to_string();
    let shape = matches!(e, E::Empty | E::WrongLength { .. } | E::Malformed { .. });
    let err = if shape {
        CptCodeError::new_err(message.clone())
    } else {
        CptValidationError::new_err(message.clone())
    };
    set_none(&err, py, &CPT_CODE_ATTRIBUTES);
    match &e {
        E::Empty => set(&err, py, "input", ""),
        E::WrongLength { input, length } => {
            set(&err, py, "input", input.as_str());
            set(&err, py, "length", *length);
        }
        E::Malformed {
            input,
            position,
            found,
            expected,
        } => {
            set(&err, py, "input", input.as_str());
            set(&err, py, "position", *position);
            set(&err, py, "found", found.to_string());
            set(&err, py, "expected", *expected);
        }
        E::Unknown { code } => set(&err, py, "code", code.as_str()),
        E::NotValidOnDate {
            code,
            date,
            start,
            end,
        } => {
            set(&err, py, "code", code.as_str());
            set_date(&err, py, "date", *date);
            set_optional_date(&err, py, "start", *start);
            set_optional_date(&err, py, "end", *end);
        }
        E::DateOutOfRange {
            date,
            valid_from,
            valid_to,
        } => {
            set_date(&err, py, "date", *date);
            set_optional_date(&err, py, "valid_from", *valid_from);
            set_optional_date(&err, py, "valid_to", *valid_to);
        }
        _ => {}
    }
    set(&err, py, "kind", reason_kind_object(py, e.kind()));
    set(&err, py, "message", message);
    err
}

const CPT_FILE_ATTRIBUTES: [&str; 12] = [
    "line",
    "field",
    "value",
    "code",
    "first_line",
    "lines",
    "reason",
    "expected",
    "found",
    "path",
    "valid_from",
    "valid_to",
];

/// The Python exception (`CptFileError`) for a core [`medcodes::cpt::CptFileError`]; a
/// malformed code's `CptCodeError` is its `__cause__`.
pub fn cpt_file_error(py: Python<'_>, e: medcodes::cpt::CptFileError) -> PyErr {
    use medcodes::cpt::CptFileError as E;
    let message = e.to_string();
    let err = CptFileError::new_err(message.clone());
    set_none(&err, py, &CPT_FILE_ATTRIBUTES);
    let line_field_value = |line: usize, field: &str, value: &str| {
        set(&err, py, "line", line);
        set(&err, py, "field", field);
        set(&err, py, "value", value);
    };
    let kind = match e {
        E::Io { path, .. } => {
            set(&err, py, "path", path.to_string_lossy().into_owned());
            "io"
        }
        E::Empty { lines } => {
            set(&err, py, "lines", lines);
            "empty"
        }
        E::MissingCode { line, field, value } => {
            line_field_value(line, &field, &value);
            "missing_code"
        }
        E::MalformedCode {
            line,
            field,
            value,
            source,
        } => {
            line_field_value(line, &field, &value);
            err.set_cause(py, Some(cpt_code_error(py, source)));
            "malformed_code"
        }
        E::DuplicateCode {
            line,
            field,
            code,
            first_line,
        } => {
            set(&err, py, "line", line);
            set(&err, py, "field", field);
            set(&err, py, "code", code);
            set(&err, py, "first_line", first_line);
            "duplicate_code"
        }
        E::BadDate {
            line,
            field,
            value,
            reason,
        } => {
            line_field_value(line, &field, &value);
            set(&err, py, "reason", reason);
            "bad_date"
        }
        E::BadQuoting { line, field, value } => {
            line_field_value(line, &field, &value);
            "bad_quoting"
        }
        E::ExtraFields {
            line,
            expected,
            found,
        } => {
            set(&err, py, "line", line);
            set(&err, py, "expected", expected);
            set(&err, py, "found", found);
            "extra_fields"
        }
        E::ReversedWindow {
            valid_from,
            valid_to,
        } => {
            set_date(&err, py, "valid_from", valid_from);
            set_date(&err, py, "valid_to", valid_to);
            "reversed_window"
        }
        // A reason added to the core before the bindings learn it: still this class.
        _ => "other",
    };
    set(&err, py, "kind", kind);
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
    m.add("HcpcsFileError", py.get_type::<HcpcsFileError>())?;
    m.add("CptValidationError", py.get_type::<CptValidationError>())?;
    m.add("CptCodeError", py.get_type::<CptCodeError>())?;
    m.add("CptFileError", py.get_type::<CptFileError>())?;
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
