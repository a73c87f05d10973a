//! ICD-10-PCS: the `Icd10Pcs` class and the code handle (feature `icd10pcs`).

use medcodes::icd10pcs as pcs;
use medcodes::ValidationError;
use wasm_bindgen::prelude::*;

use crate::js::{
    array, array_arg, batch_code, date_arg, interned, range_js, release_js, str_or_null,
    string_arg, title_source_js, verdict_js, Obj,
};

/// The ICD-10-PCS inpatient procedure codes, FY2016 (2015-10-01) onward. Cheap to create:
/// the tables are compiled into the module.
#[wasm_bindgen]
#[derive(Clone, Copy, Default)]
pub struct Icd10Pcs {
    inner: medcodes::Icd10Pcs,
}

/// The plain-object verdict for one ICD-10-PCS code (see the `Verdict` type).
fn verdict(
    input: &str,
    result: &Result<pcs::Code, ValidationError>,
    date: Option<&JsValue>,
) -> JsValue {
    match result {
        Ok(code) => verdict_js(Ok(code.code().as_str()), || None, date),
        Err(e) => verdict_js(
            Err(e),
            || pcs::normalize(input).ok().map(|n| n.as_str().to_owned()),
            date,
        ),
    }
}

#[wasm_bindgen]
impl Icd10Pcs {
    #[wasm_bindgen(constructor)]
    pub fn new() -> Icd10Pcs {
        Icd10Pcs {
            inner: medcodes::Icd10Pcs::new(),
        }
    }

    /// Finds a code, or a level of the hierarchy (1 to 4 characters: section, body system,
    /// table, body part), in any release: `undefined` when there is none (`check` says
    /// why).
    pub fn lookup(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] code: JsValue,
    ) -> Result<Option<Icd10PcsCode>, JsValue> {
        let code = string_arg(&code, "code")?;
        Ok(self.inner.lookup(&code).ok().map(Icd10PcsCode::from))
    }

    /// Whether the input is a code or level of any release, and if not why: a `Verdict`
    /// without a date.
    #[wasm_bindgen(unchecked_return_type = "Verdict")]
    pub fn check(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] code: JsValue,
    ) -> Result<JsValue, JsValue> {
        let code = string_arg(&code, "code")?;
        Ok(verdict(&code, &self.inner.lookup(&code), None))
    }

    /// Validates a code for a date of service: a complete seven-character code valid on
    /// that date, or the reason why not (`incomplete` for the start of a code, with the
    /// number of valid codes that complete it).
    #[wasm_bindgen(unchecked_return_type = "Verdict")]
    pub fn validate(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] code: JsValue,
        #[wasm_bindgen(unchecked_param_type = "DateInput")] date: JsValue,
    ) -> Result<JsValue, JsValue> {
        let code = string_arg(&code, "code")?;
        let date = date_arg(&date, "date")?;
        let date_js = JsValue::from_str(&date.to_string());
        Ok(verdict(
            &code,
            &self.inner.validate(&code, date),
            Some(&date_js),
        ))
    }

    /// Validates many codes for one date of service: one `Verdict` per element.
    #[wasm_bindgen(js_name = validateMany, unchecked_return_type = "Verdict[]")]
    pub fn validate_many(
        &self,
        #[wasm_bindgen(unchecked_param_type = "ReadonlyArray<string | null | undefined>")]
        codes: JsValue,
        #[wasm_bindgen(unchecked_param_type = "DateInput")] date: JsValue,
    ) -> Result<JsValue, JsValue> {
        let codes = array_arg(&codes, "codes")?;
        let date = date_arg(&date, "date")?;
        let date_js = JsValue::from_str(&date.to_string());
        let out = js_sys::Array::new_with_length(codes.length());
        for i in 0..codes.length() {
            let code = batch_code(&codes.get(i), "codes", i)?;
            out.set(
                i,
                verdict(&code, &self.inner.validate(&code, date), Some(&date_js)),
            );
        }
        Ok(out.into())
    }

    /// Whether the code is complete and valid on the date.
    #[wasm_bindgen(js_name = isValid)]
    pub fn is_valid(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] code: JsValue,
        #[wasm_bindgen(unchecked_param_type = "DateInput")] date: JsValue,
    ) -> Result<bool, JsValue> {
        let code = string_arg(&code, "code")?;
        let date = date_arg(&date, "date")?;
        Ok(self.inner.is_valid(&code, date))
    }

    /// The verdict's reason alone.
    #[wasm_bindgen(unchecked_return_type = "ReasonKind")]
    pub fn reason(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] code: JsValue,
        #[wasm_bindgen(unchecked_param_type = "DateInput")] date: JsValue,
    ) -> Result<JsValue, JsValue> {
        let code = string_arg(&code, "code")?;
        let date = date_arg(&date, "date")?;
        Ok(interned(self.inner.reason(&code, date).as_str()))
    }

    /// The canonical form (upper case, 1 to 7 characters), or `undefined` when the input
    /// is not shaped like an ICD-10-PCS code or the start of one.
    pub fn normalize(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] code: JsValue,
    ) -> Result<Option<String>, JsValue> {
        let code = string_arg(&code, "code")?;
        Ok(pcs::normalize(&code).ok().map(|n| n.as_str().to_owned()))
    }

    /// First and last date of service the bundled data covers.
    #[wasm_bindgen(getter, unchecked_return_type = "{ first: string; last: string }")]
    pub fn coverage(&self) -> JsValue {
        let (first, last) = self.inner.coverage();
        Obj::new()
            .set("first", first.to_string())
            .set("last", last.to_string())
            .into_js()
    }

    /// Every release (date on which codes were added or deleted), oldest first.
    #[wasm_bindgen(unchecked_return_type = "Release[]")]
    pub fn releases(&self) -> JsValue {
        array(self.inner.releases(), release_js)
    }

    /// The release in force on a date (`undefined` outside the covered dates).
    #[wasm_bindgen(js_name = releaseOn, unchecked_return_type = "Release | undefined")]
    pub fn release_on(
        &self,
        #[wasm_bindgen(unchecked_param_type = "DateInput")] date: JsValue,
    ) -> Result<JsValue, JsValue> {
        let date = date_arg(&date, "date")?;
        Ok(self
            .inner
            .release_on(date)
            .map_or(JsValue::UNDEFINED, release_js))
    }

    /// The releases the titles come from, oldest first (empty without titles).
    #[wasm_bindgen(getter, js_name = titleSources, unchecked_return_type = "TitleSource[]")]
    pub fn title_sources(&self) -> JsValue {
        if !crate::HAS_TITLES {
            return js_sys::Array::new().into();
        }
        array(self.inner.title_sources(), title_source_js)
    }

    /// The sections present in the data (the top of the hierarchy), in code order.
    pub fn sections(&self) -> Vec<Icd10PcsCode> {
        self.inner.sections().map(Icd10PcsCode::from).collect()
    }

    /// The codes and levels (any release) that start with a prefix, in code order, at most
    /// `limit` (default 50).
    #[wasm_bindgen(js_name = startingWith)]
    pub fn starting_with(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] prefix: JsValue,
        limit: Option<u32>,
    ) -> Result<Vec<Icd10PcsCode>, JsValue> {
        let prefix = string_arg(&prefix, "prefix")?;
        let limit = limit.unwrap_or(50) as usize;
        Ok(match pcs::normalize(&prefix) {
            Ok(n) => self
                .inner
                .codes_starting_with(n.as_str())
                .take(limit)
                .map(Icd10PcsCode::from)
                .collect(),
            Err(_) => Vec::new(),
        })
    }
}

/// An ICD-10-PCS code, or a level of the hierarchy above codes (section, body system,
/// table, body part). A small handle: its getters read the compiled tables.
#[wasm_bindgen]
#[derive(Clone, Copy)]
pub struct Icd10PcsCode {
    inner: pcs::Code,
}

impl From<pcs::Code> for Icd10PcsCode {
    fn from(inner: pcs::Code) -> Icd10PcsCode {
        Icd10PcsCode { inner }
    }
}

fn level_str(level: pcs::Level) -> &'static str {
    level.as_str()
}

#[wasm_bindgen]
impl Icd10PcsCode {
    /// The characters, e.g. `'0DTJ4ZZ'` (or `'0DT'` for a table).
    #[wasm_bindgen(getter)]
    pub fn code(&self) -> String {
        self.inner.code().as_str().to_owned()
    }

    /// `'section'`, `'body_system'`, `'table'`, `'body_part'` or `'code'`.
    #[wasm_bindgen(getter, unchecked_return_type = "PcsLevel")]
    pub fn level(&self) -> JsValue {
        interned(level_str(self.inner.level()))
    }

    /// A complete code valid on the date.
    #[wasm_bindgen(js_name = isValidOn)]
    pub fn is_valid_on(
        &self,
        #[wasm_bindgen(unchecked_param_type = "DateInput")] date: JsValue,
    ) -> Result<bool, JsValue> {
        Ok(self.inner.is_valid_on(date_arg(&date, "date")?))
    }

    /// Present on the date: a code valid then, or a level with valid codes below it.
    #[wasm_bindgen(js_name = isPresentOn)]
    pub fn is_present_on(
        &self,
        #[wasm_bindgen(unchecked_param_type = "DateInput")] date: JsValue,
    ) -> Result<bool, JsValue> {
        Ok(self.inner.is_present_on(date_arg(&date, "date")?))
    }

    /// The long title from the newest source that has the code (`undefined` for levels,
    /// and without titles in the module).
    #[wasm_bindgen(getter)]
    pub fn title(&self) -> Option<String> {
        self.inner.title().map(|t| t.text.into_owned())
    }

    /// The long title in force on a date of service.
    #[wasm_bindgen(js_name = titleOn)]
    pub fn title_on(
        &self,
        #[wasm_bindgen(unchecked_param_type = "DateInput")] date: JsValue,
    ) -> Result<Option<String>, JsValue> {
        let date = date_arg(&date, "date")?;
        Ok(self.inner.title_on(date).map(|t| t.text.into_owned()))
    }

    /// The date ranges in which the code (or some code below a level) is valid.
    #[wasm_bindgen(getter, unchecked_return_type = "ValidityRange[]")]
    pub fn validity(&self) -> JsValue {
        array(self.inner.validity(), |r| range_js(&r).into_js())
    }

    /// Every validity span with the Medicare Code Editor flags in force in it.
    #[wasm_bindgen(getter, js_name = validitySpans, unchecked_return_type = "ValiditySpan[]")]
    pub fn validity_spans(&self) -> JsValue {
        array(self.inner.validity_spans(), |s| {
            range_js(&s.range)
                .set("billable", s.billable)
                .set(
                    "mceFlags",
                    array(s.mce_flags.iter(), |f| interned(f.name())),
                )
                .into_js()
        })
    }

    /// The MCE edit flags in force on a date (`undefined` when not valid then).
    #[wasm_bindgen(js_name = mceFlagsOn, unchecked_return_type = "string[] | undefined")]
    pub fn mce_flags_on(
        &self,
        #[wasm_bindgen(unchecked_param_type = "DateInput")] date: JsValue,
    ) -> Result<JsValue, JsValue> {
        let date = date_arg(&date, "date")?;
        Ok(match self.inner.mce_flags_on(date) {
            Some(flags) => array(flags.iter(), |f| interned(f.name())),
            None => JsValue::UNDEFINED,
        })
    }

    /// The meaning of each character: `{ position, value, axis, label, definition }`
    /// (`label`/`definition` null where the bundled sources do not define the value).
    #[wasm_bindgen(getter, unchecked_return_type = "PcsAxisValue[]")]
    pub fn axes(&self) -> JsValue {
        array(self.inner.axes(), |a| {
            Obj::new()
                .set("position", a.position)
                .set("value", a.value.to_string())
                .set("axis", a.axis)
                .set("label", str_or_null(a.label))
                .set("definition", str_or_null(a.definition))
                .into_js()
        })
    }

    /// The section: `{ value, name, axes }` (`axes`: what positions 1 to 7 stand for).
    #[wasm_bindgen(getter, unchecked_return_type = "PcsSection | undefined")]
    pub fn section(&self) -> JsValue {
        match self.inner.section() {
            Some(s) => Obj::new()
                .set("value", s.value.to_string())
                .set("name", s.name)
                .set("axes", array(s.axes, interned))
                .into_js(),
            None => JsValue::UNDEFINED,
        }
    }

    /// The level one up (`undefined` for a section).
    #[wasm_bindgen(getter)]
    pub fn parent(&self) -> Option<Icd10PcsCode> {
        self.inner.parent().map(Icd10PcsCode::from)
    }

    /// Parent, grandparent, ... up to the section (nearest first).
    pub fn ancestors(&self) -> Vec<Icd10PcsCode> {
        self.inner.ancestors().map(Icd10PcsCode::from).collect()
    }

    /// One level down, in code order, across all releases.
    pub fn children(&self) -> Vec<Icd10PcsCode> {
        self.inner.children().map(Icd10PcsCode::from).collect()
    }

    /// How many complete codes at or below this one are valid on the date.
    #[wasm_bindgen(js_name = validCodesOn)]
    pub fn valid_codes_on(
        &self,
        #[wasm_bindgen(unchecked_param_type = "DateInput")] date: JsValue,
    ) -> Result<u32, JsValue> {
        let n = self.inner.valid_codes_on(date_arg(&date, "date")?);
        Ok(u32::try_from(n).unwrap_or(u32::MAX))
    }

    /// Whether two handles are the same code.
    pub fn equals(&self, other: &Icd10PcsCode) -> bool {
        self.inner == other.inner
    }

    #[wasm_bindgen(js_name = toString)]
    pub fn to_string_js(&self) -> String {
        self.code()
    }

    /// `{ code, level, title }` for `JSON.stringify`.
    #[wasm_bindgen(
        js_name = toJSON,
        unchecked_return_type = "{ code: string; level: PcsLevel; title: string | null }"
    )]
    pub fn to_json(&self) -> JsValue {
        Obj::new()
            .set("code", self.code())
            .set("level", self.level())
            .set("title", str_or_null(self.title().as_deref()))
            .into_js()
    }
}
