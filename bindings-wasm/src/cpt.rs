//! CPT (feature `cpt`): what a code's number says without any file (`Cpt.classify`:
//! category and, for Category I, section), and a licensed CPT data file the user brings,
//! read from its bytes (`Cpt.fromBytes`) into this object's memory only.
//!
//! CPT descriptors are the AMA's copyright: the module ships none. What `classify` says is
//! public structure, **not whether a code exists**: only the licensed code list says that.
//! The result types (`CptClass`, `CptEntry`, `CptVerdict`, `CptFileError`) are declared in
//! lib.rs, for every build: `Enumerations` names `CptCategory` and `CptSection`.

use js_sys::Reflect;
use medcodes::cpt::{self, CptClass, CptEntry, CptFileError, CptValidationError};
use medcodes::Date;
use wasm_bindgen::prelude::*;

use crate::js::{
    bytes_arg, date_arg, interned, opt_date_arg, str_or_null, string_arg, type_error, ErrorFields,
    Obj,
};

/// A licensed CPT code list loaded from its bytes (`Cpt.fromBytes`), and the file-free
/// `Cpt.classify`. Formats (found, not declared): `code<TAB>descriptor`, CSV or pipe lines
/// with or without a header, and the AMA's data files after their licence text; UTF-8,
/// UTF-16 with a byte order mark, or Windows-1252.
#[wasm_bindgen]
pub struct Cpt {
    inner: cpt::Cpt,
}

fn class_js(c: CptClass) -> JsValue {
    Obj::new()
        .set("code", c.code.as_str())
        .set("category", interned(c.category.id()))
        .set("categoryName", interned(c.category.name()))
        .set(
            "section",
            c.section.map_or(JsValue::NULL, |s| interned(s.id())),
        )
        .set(
            "sectionName",
            c.section.map_or(JsValue::NULL, |s| interned(s.name())),
        )
        .into_js()
}

fn opt_date(value: Option<Date>) -> JsValue {
    value.map_or(JsValue::NULL, |d| JsValue::from_str(&d.to_string()))
}

fn entry_js(e: &CptEntry) -> JsValue {
    let class = e.code().class();
    Obj::new()
        .set("code", e.code().as_str())
        .set("descriptor", str_or_null(e.descriptor()))
        .set("shortDescriptor", str_or_null(e.short_descriptor()))
        .set("conceptId", str_or_null(e.concept_id()))
        .set("start", opt_date(e.start()))
        .set("end", opt_date(e.end()))
        .set("line", e.line() as f64)
        .set("category", interned(class.category.id()))
        .set(
            "section",
            class.section.map_or(JsValue::NULL, |s| interned(s.id())),
        )
        .into_js()
}

/// The `CptVerdict` of `validate`.
fn verdict_js(input: &str, result: Result<&CptEntry, CptValidationError>, date: Date) -> JsValue {
    let o = match result {
        Ok(entry) => Obj::new()
            .set("valid", true)
            .set("reason", interned("valid"))
            .set("code", entry.code().as_str()),
        Err(e) => {
            let canonical = cpt::Cpt::normalize(input).ok();
            let o = Obj::new()
                .set("valid", false)
                .set("reason", interned(e.kind().as_str()))
                .set("code", str_or_null(canonical.as_ref().map(|c| c.as_str())))
                .set("message", e.to_string());
            match &e {
                CptValidationError::WrongLength { input, length } => {
                    o.set("input", input.as_str()).set("length", *length as f64)
                }
                CptValidationError::Malformed {
                    input,
                    position,
                    found,
                    expected,
                } => o
                    .set("input", input.as_str())
                    .set("position", *position as f64)
                    .set("found", found.to_string())
                    .set("expected", *expected),
                CptValidationError::NotValidOnDate { start, end, .. } => {
                    o.set("start", opt_date(*start)).set("end", opt_date(*end))
                }
                CptValidationError::DateOutOfRange {
                    valid_from,
                    valid_to,
                    ..
                } => o
                    .set("validFrom", opt_date(*valid_from))
                    .set("validTo", opt_date(*valid_to)),
                _ => o,
            }
        }
    };
    o.set("date", date.to_string()).into_js()
}

/// The `CptFileError` of a core [`CptFileError`], variant by variant (see the type).
fn file_error_js(e: &CptFileError) -> JsValue {
    let err = ErrorFields::new("CptFileError", &e.to_string());
    let line_field_value = |err: ErrorFields, line: usize, field: &str, value: &str| {
        err.set("line", line as f64)
            .set("field", field)
            .set("value", value)
    };
    let (err, kind) = match e {
        CptFileError::Io { path, .. } => {
            (err.set("path", path.to_string_lossy().into_owned()), "io")
        }
        CptFileError::Empty { lines } => (err.set("lines", *lines as f64), "empty"),
        CptFileError::MissingCode { line, field, value } => {
            (line_field_value(err, *line, field, value), "missing_code")
        }
        CptFileError::MalformedCode {
            line,
            field,
            value,
            source,
        } => (
            line_field_value(err, *line, field, value)
                .set("reason", interned(source.kind().as_str()))
                .set("detail", source.to_string()),
            "malformed_code",
        ),
        CptFileError::DuplicateCode {
            line,
            field,
            code,
            first_line,
        } => (
            err.set("line", *line as f64)
                .set("field", field.as_str())
                .set("code", code.as_str())
                .set("firstLine", *first_line as f64),
            "duplicate_code",
        ),
        CptFileError::BadDate {
            line,
            field,
            value,
            reason,
        } => (
            line_field_value(err, *line, field, value).set("reason", *reason),
            "bad_date",
        ),
        CptFileError::BadQuoting { line, field, value } => {
            (line_field_value(err, *line, field, value), "bad_quoting")
        }
        CptFileError::ExtraFields {
            line,
            expected,
            found,
        } => (
            err.set("line", *line as f64)
                .set("expected", *expected as f64)
                .set("found", *found as f64),
            "extra_fields",
        ),
        CptFileError::ReversedWindow {
            valid_from,
            valid_to,
        } => (
            err.set("validFrom", valid_from.to_string())
                .set("validTo", valid_to.to_string()),
            "reversed_window",
        ),
        // A reason added to the core before the bindings learn it: still this class.
        _ => (err, "other"),
    };
    err.set("kind", kind).into_js()
}

/// `{ validFrom, validTo }` of `fromBytes`; an unknown property is a `TypeError` (a
/// misspelt one would otherwise be skipped).
fn read_options(v: &JsValue) -> Result<(Option<Date>, Option<Date>), JsValue> {
    if v.is_undefined() || v.is_null() {
        return Ok((None, None));
    }
    if !v.is_object() || js_sys::Array::is_array(v) || v.is_function() {
        return Err(type_error(
            "options",
            "an object { validFrom?, validTo? }",
            v,
        ));
    }
    let (mut from, mut to) = (None, None);
    for key in js_sys::Object::keys(v.unchecked_ref::<js_sys::Object>()).iter() {
        let name = key.as_string().unwrap_or_default();
        let value = Reflect::get(v, &key)?;
        match name.as_str() {
            "validFrom" => from = opt_date_arg(&value, "options.validFrom")?,
            "validTo" => to = opt_date_arg(&value, "options.validTo")?,
            _ => {
                return Err(type_error(
                    &format!("options.{name}"),
                    "an option of fromBytes (validFrom, validTo)",
                    &value,
                ))
            }
        }
    }
    Ok((from, to))
}

#[wasm_bindgen]
impl Cpt {
    /// The category of a CPT-shaped code and, for Category I, its section by number
    /// range; no file needed. `undefined` when the input is not shaped like a CPT code
    /// (five characters: four digits, then a digit or F, T, U, M, A). Says nothing of
    /// whether the code exists: only the licensed code list does.
    #[wasm_bindgen(unchecked_return_type = "CptClass | undefined")]
    pub fn classify(
        #[wasm_bindgen(unchecked_param_type = "string")] code: JsValue,
    ) -> Result<JsValue, JsValue> {
        let code = string_arg(&code, "code")?;
        Ok(cpt::Cpt::classify(&code).map_or(JsValue::UNDEFINED, class_js))
    }

    /// The canonical form of a CPT-shaped code (trimmed, upper case), or `undefined`.
    pub fn normalize(
        #[wasm_bindgen(unchecked_param_type = "string")] code: JsValue,
    ) -> Result<Option<String>, JsValue> {
        let code = string_arg(&code, "code")?;
        Ok(cpt::Cpt::normalize(&code)
            .ok()
            .map(|c| c.as_str().to_owned()))
    }

    /// Loads a CPT data file from its bytes (see the class for the formats), with the
    /// dates of service it covers (`options.validFrom`, `options.validTo`, inclusive). A
    /// file that cannot be loaded throws a `CptFileError` naming the line, field and
    /// value; nothing is half loaded.
    #[wasm_bindgen(js_name = fromBytes)]
    pub fn from_bytes(
        #[wasm_bindgen(unchecked_param_type = "Uint8Array")] bytes: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CptFileOptions")] options: JsValue,
    ) -> Result<Cpt, JsValue> {
        let bytes = bytes_arg(&bytes, "bytes")?;
        let (from, to) = read_options(&options)?;
        cpt::Cpt::from_bytes(&bytes)
            .and_then(|c| c.valid_between(from, to))
            .map(|inner| Cpt { inner })
            .map_err(|e| file_error_js(&e))
    }

    /// A code of the file (any case), whatever its dates, or `undefined`.
    #[wasm_bindgen(unchecked_return_type = "CptEntry | undefined")]
    pub fn lookup(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] code: JsValue,
    ) -> Result<JsValue, JsValue> {
        let code = string_arg(&code, "code")?;
        Ok(self
            .inner
            .lookup(&code)
            .map_or(JsValue::UNDEFINED, entry_js))
    }

    /// Validates a code for a date of service: in the file, in force there on the date,
    /// and the date within the dates the file covers; or the reason why not.
    #[wasm_bindgen(unchecked_return_type = "CptVerdict")]
    pub fn validate(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] code: JsValue,
        #[wasm_bindgen(unchecked_param_type = "DateInput")] date: JsValue,
    ) -> Result<JsValue, JsValue> {
        let code = string_arg(&code, "code")?;
        let date = date_arg(&date, "date")?;
        Ok(verdict_js(&code, self.inner.validate(&code, date), date))
    }

    /// The verdict's reason alone.
    #[wasm_bindgen(unchecked_return_type = "ReasonKind")]
    pub fn reason(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] code: JsValue,
        #[wasm_bindgen(unchecked_param_type = "DateInput")] date: JsValue,
    ) -> Result<JsValue, JsValue> {
        let code = string_arg(&code, "code")?;
        let kind = self.inner.reason(&code, date_arg(&date, "date")?);
        Ok(interned(kind.as_str()))
    }

    /// Whether the code is valid on the date.
    #[wasm_bindgen(js_name = isValid)]
    pub fn is_valid(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] code: JsValue,
        #[wasm_bindgen(unchecked_param_type = "DateInput")] date: JsValue,
    ) -> Result<bool, JsValue> {
        let code = string_arg(&code, "code")?;
        Ok(self.inner.is_valid(&code, date_arg(&date, "date")?))
    }

    /// The file's descriptor of a code (`undefined`: not in the file, or no descriptor).
    pub fn descriptor(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] code: JsValue,
    ) -> Result<Option<String>, JsValue> {
        let code = string_arg(&code, "code")?;
        Ok(self.inner.descriptor(&code).map(str::to_owned))
    }

    /// How many codes the file has.
    #[wasm_bindgen(getter)]
    pub fn size(&self) -> u32 {
        u32::try_from(self.inner.len()).unwrap_or(u32::MAX)
    }

    /// The dates of service given to `fromBytes` (`null`: open on that side).
    #[wasm_bindgen(
        getter,
        unchecked_return_type = "{ validFrom: string | null; validTo: string | null }"
    )]
    pub fn coverage(&self) -> JsValue {
        let (from, to) = self.inner.coverage();
        Obj::new()
            .set("validFrom", opt_date(from))
            .set("validTo", opt_date(to))
            .into_js()
    }
}
