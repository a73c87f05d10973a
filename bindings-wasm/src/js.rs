//! Translation between JS values and core types: argument checks, dates, thrown errors and
//! plain result objects. No code-set rule lives here.

use std::cell::RefCell;
use std::collections::HashMap;

use js_sys::{Array, Object, Reflect};
use medcodes::icd10cm::SeventhCharacter;
use medcodes::{Date, DateError, LengthMismatch, ReasonKind, ValidationError, ValidityRange};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

thread_local! {
    /// JS strings of `&'static str`s (property names, reasons, kinds), made once: turning
    /// Rust text into a JS string is the costly part of building a result object.
    static INTERNED: RefCell<HashMap<(usize, usize), JsValue>> = RefCell::new(HashMap::new());
}

/// Runs `f` with the JS string of a static string, made on first use.
fn with_interned<R>(s: &'static str, f: impl FnOnce(&JsValue) -> R) -> R {
    INTERNED.with(|map| {
        let mut map = map.borrow_mut();
        let v = map
            .entry((s.as_ptr() as usize, s.len()))
            .or_insert_with(|| JsValue::from_str(s));
        f(v)
    })
}

/// The JS string of a static string (names of reasons, kinds, flags), made once.
pub(crate) fn interned(s: &'static str) -> JsValue {
    with_interned(s, JsValue::clone)
}

/// A plain JS object under construction.
pub(crate) struct Obj(Object);

impl Obj {
    pub fn new() -> Obj {
        Obj(Object::new())
    }

    /// Sets a property (on a fresh plain object this cannot fail).
    pub fn set(self, key: &'static str, value: impl Into<JsValue>) -> Obj {
        let value = value.into();
        with_interned(key, |k| Reflect::set(&self.0, k, &value)).ok();
        self
    }

    pub fn into_js(self) -> JsValue {
        self.0.into()
    }
}

/// `Some(s)` as a JS string, `None` as `null` (the JSON habit for data fields).
pub(crate) fn str_or_null(value: Option<&str>) -> JsValue {
    value.map_or(JsValue::NULL, JsValue::from_str)
}

/// What a JS value is, for error messages: `typeof`, with `null` and arrays told apart.
pub(crate) fn js_type(value: &JsValue) -> &'static str {
    if value.is_undefined() {
        "undefined"
    } else if value.is_null() {
        "null"
    } else if value.is_string() {
        "string"
    } else if value.as_f64().is_some() {
        "number"
    } else if value.as_bool().is_some() {
        "boolean"
    } else if value.is_bigint() {
        "bigint"
    } else if value.is_symbol() {
        "symbol"
    } else if value.is_function() {
        "function"
    } else if Array::is_array(value) {
        "array"
    } else if value.is_instance_of::<js_sys::Date>() {
        "Date"
    } else {
        "object"
    }
}

/// A `TypeError` for an argument of the wrong type, with Node's `code` convention:
/// `{ name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE', argument, expected, received }`.
pub(crate) fn type_error(argument: &str, expected: &str, got: &JsValue) -> JsValue {
    let received = js_type(got);
    let err = js_sys::TypeError::new(&format!(
        "{argument} must be {expected}, got {received}{}",
        preview(got)
    ));
    let err = JsValue::from(err);
    for (k, v) in [
        ("code", "ERR_INVALID_ARG_TYPE"),
        ("argument", argument),
        ("expected", expected),
        ("received", received),
    ] {
        let _ = Reflect::set(&err, &JsValue::from_str(k), &JsValue::from_str(v));
    }
    err
}

/// The offending value in a message, for the primitives that show it: ` (20250301)`,
/// ` ("4")` (strings cut to 40 characters); nothing for objects.
fn preview(value: &JsValue) -> String {
    if let Some(s) = value.as_string() {
        let cut: String = s.chars().take(40).collect();
        let more = if cut.len() < s.len() { "..." } else { "" };
        format!(" ({cut:?}{more})")
    } else if value.as_f64().is_some() {
        // JS's own spelling of the number (Rust's float formatting would add kilobytes).
        let n = js_sys::Number::unchecked_from_js_ref(value).to_string_with_radix(10);
        format!(" ({})", n.map(String::from).unwrap_or_default())
    } else if let Some(b) = value.as_bool() {
        format!(" ({b})")
    } else {
        String::new()
    }
}

/// A `RangeError` for a number of the right type but not an accepted value, with Node's
/// `code` convention: `{ name: 'RangeError', code: 'ERR_OUT_OF_RANGE', argument, expected,
/// received }` (`received` is the number).
#[cfg(feature = "claims")]
pub(crate) fn range_error(argument: &str, expected: &str, got: f64) -> JsValue {
    range_error_with(
        &format!("{argument} must be {expected}, got {got}"),
        argument,
        expected,
        got,
    )
}

/// [`range_error`] with its own message.
pub(crate) fn range_error_with(message: &str, argument: &str, expected: &str, got: f64) -> JsValue {
    let err = js_sys::RangeError::new(message);
    let err = JsValue::from(err);
    for (k, v) in [
        ("code", JsValue::from_str("ERR_OUT_OF_RANGE")),
        ("argument", JsValue::from_str(argument)),
        ("expected", JsValue::from_str(expected)),
        ("received", JsValue::from_f64(got)),
    ] {
        let _ = Reflect::set(&err, &JsValue::from_str(k), &v);
    }
    err
}

/// A string argument; anything else is a `TypeError`.
pub(crate) fn string_arg(value: &JsValue, argument: &str) -> Result<String, JsValue> {
    value
        .as_string()
        .ok_or_else(|| type_error(argument, "a string", value))
}

/// An `Error` named `DateError` for a date that cannot be read, the core's message after
/// the argument's name: `{ name: 'DateError', kind: 'malformed' | 'invalid', argument,
/// input, reason? }`.
pub(crate) fn date_error(e: &DateError, argument: &str) -> JsValue {
    let err = js_sys::Error::new(&format!("{argument}: {e}"));
    err.set_name("DateError");
    let err = JsValue::from(err);
    let set = |k: &str, v: &str| {
        let _ = Reflect::set(&err, &JsValue::from_str(k), &JsValue::from_str(v));
    };
    set("argument", argument);
    match e {
        DateError::Malformed { input } => {
            set("kind", "malformed");
            set("input", input);
        }
        DateError::Invalid { input, reason } => {
            set("kind", "invalid");
            set("input", input);
            set("reason", reason);
        }
        _ => set("kind", "invalid"),
    }
    err
}

/// What a date argument may be, for the `TypeError` of anything else.
const A_DATE: &str = "a date: an ISO string 'YYYY-MM-DD' or a Date";

/// A date of service: an ISO string (`'2025-03-01'`, also `'20250301'`) or a JS `Date`,
/// read by its UTC calendar day (so `new Date('2025-03-01')` is March 1 everywhere, and a
/// local midnight is its own day in the Americas). Anything else is a `TypeError`.
pub(crate) fn date_arg(value: &JsValue, argument: &str) -> Result<Date, JsValue> {
    read_date(value, argument, A_DATE)
}

/// [`date_arg`], saying `expected` in its `TypeError`.
fn read_date(value: &JsValue, argument: &str, expected: &str) -> Result<Date, JsValue> {
    if let Some(s) = value.as_string() {
        return s.parse::<Date>().map_err(|e| date_error(&e, argument));
    }
    if let Some(d) = value.dyn_ref::<js_sys::Date>() {
        if d.get_time().is_nan() {
            let e = DateError::Invalid {
                input: "Invalid Date".into(),
                reason: "the Date object holds no time (Invalid Date)",
            };
            return Err(date_error(&e, argument));
        }
        // A year beyond u16 (Date reaches +-275760) is out of range like any other: said
        // with the Date's own ISO text, not a wrapped year.
        let year = u16::try_from(d.get_utc_full_year()).unwrap_or(u16::MAX);
        let month = d.get_utc_month() as u8 + 1;
        let day = d.get_utc_date() as u8;
        return Date::new(year, month, day).map_err(|e| {
            let e = match e {
                DateError::Invalid { reason, .. } => DateError::Invalid {
                    input: String::from(d.to_iso_string()),
                    reason,
                },
                other => other,
            };
            date_error(&e, argument)
        });
    }
    Err(type_error(argument, expected, value))
}

/// An optional date argument: `undefined` and `null` are `None`.
#[cfg(any(
    feature = "icd10cm",
    feature = "hcpcs",
    feature = "cpt",
    all(feature = "release", feature = "icd10pcs")
))]
pub(crate) fn opt_date_arg(value: &JsValue, argument: &str) -> Result<Option<Date>, JsValue> {
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    date_arg(value, argument).map(Some)
}

/// The bytes of a file argument: a `Uint8Array` (a Node `Buffer` is one) or an
/// `ArrayBuffer`, copied into memory. Anything else is a `TypeError`; a string says how to
/// make bytes of it.
#[cfg(any(
    feature = "hcpcs",
    feature = "cpt",
    all(feature = "release", any(feature = "icd10cm", feature = "icd10pcs"))
))]
pub(crate) fn bytes_arg(value: &JsValue, argument: &str) -> Result<Vec<u8>, JsValue> {
    if let Some(bytes) = value.dyn_ref::<js_sys::Uint8Array>() {
        return Ok(bytes.to_vec());
    }
    if let Some(buffer) = value.dyn_ref::<js_sys::ArrayBuffer>() {
        return Ok(js_sys::Uint8Array::new(buffer).to_vec());
    }
    let expected = if value.is_string() {
        "a Uint8Array of the file's bytes (text: new TextEncoder().encode(text))"
    } else {
        "a Uint8Array of the file's bytes"
    };
    Err(type_error(argument, expected, value))
}

/// An array of strings (`modifiers`); anything else, or an element that is not a string,
/// is a `TypeError` naming it (`modifiers[2]`).
#[cfg(feature = "hcpcs")]
pub(crate) fn strings_arg(value: &JsValue, argument: &str) -> Result<Vec<String>, JsValue> {
    let items = array_arg(value, argument)?;
    let mut out = Vec::with_capacity(items.length() as usize);
    for (i, item) in items.iter().enumerate() {
        let s = item
            .as_string()
            .ok_or_else(|| type_error(&format!("{argument}[{i}]"), "a string", &item))?;
        out.push(s);
    }
    Ok(out)
}

/// An `Error` named after a core error type (`HcpcsFileError`, `CptFileError`,
/// `ReleaseError`) with the core's message and `kind`; the caller adds the variant's fields
/// with [`ErrorFields`].
#[cfg(any(
    feature = "hcpcs",
    feature = "cpt",
    all(feature = "release", any(feature = "icd10cm", feature = "icd10pcs"))
))]
pub(crate) struct ErrorFields(JsValue);

#[cfg(any(
    feature = "hcpcs",
    feature = "cpt",
    all(feature = "release", any(feature = "icd10cm", feature = "icd10pcs"))
))]
impl ErrorFields {
    pub fn new(name: &str, message: &str) -> ErrorFields {
        let err = js_sys::Error::new(message);
        err.set_name(name);
        ErrorFields(err.into())
    }

    /// Sets a property (on a fresh `Error` this cannot fail).
    pub fn set(self, key: &str, value: impl Into<JsValue>) -> ErrorFields {
        let _ = Reflect::set(&self.0, &JsValue::from_str(key), &value.into());
        self
    }

    pub fn into_js(self) -> JsValue {
        self.0
    }
}

/// The dates of a batch call: one for every code, or one a code.
pub(crate) enum Dates {
    One(Date),
    /// `None` for a row without a date (its result is `null`).
    PerRow(Vec<Option<Date>>),
}

/// The `date` argument of a batch call of `rows` codes: a date, or an array of dates (or
/// `null`/`undefined`), one a code. A wrong length is a `RangeError` with the core's
/// message; an element that is not a date a `TypeError` or `DateError` naming its index.
pub(crate) fn dates_arg(value: &JsValue, rows: usize) -> Result<Dates, JsValue> {
    if !Array::is_array(value) {
        let expected =
            "a date (an ISO string 'YYYY-MM-DD' or a Date) or an array of dates, one a code";
        return read_date(value, "date", expected).map(Dates::One);
    }
    let dates: &Array = value.unchecked_ref();
    let found = dates.length() as usize;
    if found != rows {
        return Err(length_error(LengthMismatch {
            codes: rows,
            dates: found,
        }));
    }
    let element = "a date: an ISO string 'YYYY-MM-DD' or a Date, or null for a row without one";
    let mut out = Vec::with_capacity(rows);
    for (i, d) in dates.iter().enumerate() {
        out.push(if d.is_undefined() || d.is_null() {
            None
        } else {
            Some(read_date(&d, &format!("dates[{i}]"), element)?)
        });
    }
    Ok(Dates::PerRow(out))
}

/// The core's `LengthMismatch` (a `dates` array not as long as the codes) as a
/// `RangeError` with its message: `{ argument: 'dates', received: <its length> }`.
pub(crate) fn length_error(e: LengthMismatch) -> JsValue {
    let expected = format!("one date, or an array of {} dates (one a code)", e.codes);
    range_error_with(&format!("dates: {e}"), "dates", &expected, e.dates as f64)
}

/// `{ start: 'YYYY-MM-DD', end: 'YYYY-MM-DD' | null }` (`end` is null while still valid).
pub(crate) fn range_js(r: &ValidityRange) -> Obj {
    Obj::new()
        .set("start", r.start.to_string())
        .set("end", str_or_null(r.end.map(|d| d.to_string()).as_deref()))
}

/// `{ effective, fiscalYear, name }` of a release.
pub(crate) fn release_js(r: medcodes::Release) -> JsValue {
    Obj::new()
        .set("effective", r.effective.to_string())
        .set("fiscalYear", r.fiscal_year().0)
        .set("name", r.to_string())
        .into_js()
}

/// `{ name, effective, origin }` of a title source.
pub(crate) fn title_source_js(s: &medcodes::TitleSource) -> JsValue {
    Obj::new()
        .set("name", s.name)
        .set("effective", s.effective.to_string())
        .set("origin", s.origin)
        .into_js()
}

/// A JS array of the items.
pub(crate) fn array<T>(items: impl IntoIterator<Item = T>, f: impl Fn(T) -> JsValue) -> JsValue {
    let out = Array::new();
    for item in items {
        out.push(&f(item));
    }
    out.into()
}

/// The elements of an array argument; anything else is a `TypeError`.
pub(crate) fn array_arg(value: &JsValue, argument: &str) -> Result<Array, JsValue> {
    if Array::is_array(value) {
        Ok(value.clone().unchecked_into())
    } else {
        Err(type_error(argument, "an array", value))
    }
}

/// The codes of a batch call: an array of strings, `null`/`undefined` elements being empty
/// cells (validated as the empty code). Anything else is a `TypeError` naming the index.
pub(crate) fn codes_arg(value: &JsValue) -> Result<Vec<String>, JsValue> {
    let codes = array_arg(value, "codes")?;
    let mut out = Vec::with_capacity(codes.length() as usize);
    for (i, code) in codes.iter().enumerate() {
        out.push(if let Some(s) = code.as_string() {
            s
        } else if code.is_undefined() || code.is_null() {
            String::new()
        } else {
            return Err(type_error(
                &format!("codes[{i}]"),
                "a string (or null for an empty cell)",
                &code,
            ));
        });
    }
    Ok(out)
}

/// An optional whole-number limit (`undefined`/`null`: `default`); a negative or non-number
/// value is a `TypeError`.
pub(crate) fn limit_arg(value: &JsValue, argument: &str, default: usize) -> Result<usize, JsValue> {
    if value.is_undefined() || value.is_null() {
        return Ok(default);
    }
    match value.as_f64() {
        Some(n) if n >= 0.0 => Ok(n.min(u32::MAX as f64) as usize),
        _ => Err(type_error(argument, "a non-negative number", value)),
    }
}

/// The plain-object verdict for one code (see the `Verdict` type): `result` is the
/// canonical code or the core's error, `canonical` gives the canonical form of a rejected
/// input when it is well formed, `date` is the date of service as a JS string, made once
/// per call.
pub(crate) fn verdict_js(
    result: Result<&str, &ValidationError>,
    canonical: impl FnOnce() -> Option<String>,
    date: Option<&JsValue>,
) -> JsValue {
    let mut o = Obj::new();
    match result {
        Ok(code) => {
            o = o
                .set("valid", true)
                .set("reason", interned(ReasonKind::Valid.as_str()))
                .set("code", code);
        }
        Err(e) => {
            let canonical = canonical();
            o = o
                .set("valid", false)
                .set("reason", interned(e.kind().as_str()))
                .set("code", str_or_null(canonical.as_deref()))
                .set("message", e.to_string());
            o = error_details(o, e);
        }
    }
    if let Some(d) = date {
        o = o.set("date", d.clone());
    }
    o.into_js()
}

/// The fields of each rejection reason, camelCased.
fn error_details(o: Obj, e: &ValidationError) -> Obj {
    match e {
        ValidationError::TooLong { input, system, max } => o
            .set("input", input.as_str())
            .set("system", *system)
            .set("max", *max as u32),
        ValidationError::Malformed {
            input,
            position,
            found,
            expected,
        } => o
            .set("input", input.as_str())
            .set("position", *position as u32)
            .set("found", found.to_string())
            .set("expected", *expected),
        ValidationError::Unknown {
            system,
            first,
            last,
            ..
        }
        | ValidationError::DateOutOfRange {
            system,
            first,
            last,
            ..
        } => o
            .set("system", *system)
            .set("first", first.to_string())
            .set("last", last.to_string()),
        ValidationError::NotBillable {
            billable_descendants,
            examples,
            ..
        } => o
            .set("billableDescendants", *billable_descendants)
            .set("examples", array(examples, |c| c.as_str().into())),
        ValidationError::NotValidOnDate { valid, .. } => {
            o.set("validity", array(valid, |r| range_js(r).into_js()))
        }
        ValidationError::Incomplete {
            system,
            length,
            required,
            completions,
            examples,
            ..
        } => o
            .set("system", *system)
            .set("length", *length as u32)
            .set("required", *required as u32)
            .set("completions", *completions)
            .set("examples", array(examples, |c| c.as_str().into())),
        ValidationError::MissingSeventhCharacter { base, options, .. } => o
            .set("base", base.as_str())
            .set("options", seventh_characters_js(options)),
        ValidationError::SeventhCharacterNotAllowed {
            found,
            base,
            allowed,
            ..
        } => o
            .set("found", found.to_string())
            .set("base", base.as_str())
            .set("allowed", seventh_characters_js(allowed)),
        ValidationError::MissingPlaceholder {
            input,
            suggestion,
            suggestion_billable,
            ..
        } => o
            .set("input", input.as_str())
            .set("suggestion", suggestion.as_str())
            .set("suggestionBillable", *suggestion_billable),
        ValidationError::UnexpectedSeventhCharacter { found, base, .. } => {
            o.set("found", found.to_string()).set("base", base.as_str())
        }
        _ => o,
    }
}

/// `[{ character: 'A', meaning: 'initial encounter for closed fracture' }, ...]`.
pub(crate) fn seventh_characters_js(chars: &[SeventhCharacter]) -> JsValue {
    array(chars, |c| {
        Obj::new()
            .set("character", c.character.to_string())
            .set("meaning", c.meaning)
            .into_js()
    })
}
