//! ICD-10-PCS: the `Icd10Pcs` class and the code handle (feature `icd10pcs`). The calls
//! every code system has are stamped by `code_set_classes!` (`codeset.rs`); here are
//! ICD-10-PCS's own: sections, levels, axes and the codes valid below a level.

use medcodes::icd10pcs::{self as pcs, Icd10PcsSystem};
use wasm_bindgen::prelude::*;

use crate::codeset::code_set_classes;
use crate::js::{array, date_arg, interned, str_or_null, string_arg, Obj};

code_set_classes! {
    #[doc = " The ICD-10-PCS inpatient procedure codes, FY2016 (2015-10-01) onward, with the"]
    #[doc = " levels of the hierarchy above codes (section, body system, table, body part). Cheap"]
    #[doc = " to create: the tables are compiled into the module."]
    Icd10Pcs,
    #[doc = " An ICD-10-PCS code, or a level of the hierarchy above codes (section, body system,"]
    #[doc = " table, body part). A small handle: its getters read the compiled tables."]
    Icd10PcsCode: "PcsCodeJSON",
    Icd10PcsSystem
}

#[wasm_bindgen(typescript_custom_section)]
const BATCH_CALLS: &'static str = "export interface Icd10Pcs extends BatchCalls {}";

#[wasm_bindgen]
impl Icd10Pcs {
    /// The canonical form (upper case, 1 to 7 characters), or `undefined` when the input
    /// is not shaped like an ICD-10-PCS code or the start of one.
    pub fn normalize(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] code: JsValue,
    ) -> Result<Option<String>, JsValue> {
        let code = string_arg(&code, "code")?;
        Ok(pcs::normalize(&code).ok().map(|n| n.as_str().to_owned()))
    }

    /// The sections present in the data (the top of the hierarchy), in code order.
    pub fn sections(&self) -> Vec<Icd10PcsCode> {
        self.inner.sections().map(Icd10PcsCode::from).collect()
    }
}

#[wasm_bindgen]
impl Icd10PcsCode {
    /// `'section'`, `'body_system'`, `'table'`, `'body_part'` or `'code'`.
    #[wasm_bindgen(getter, unchecked_return_type = "PcsLevel")]
    pub fn level(&self) -> JsValue {
        interned(self.inner.level().as_str())
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

    /// How many complete codes at or below this one are valid on the date.
    #[wasm_bindgen(js_name = validCodesOn)]
    pub fn valid_codes_on(
        &self,
        #[wasm_bindgen(unchecked_param_type = "DateInput")] date: JsValue,
    ) -> Result<u32, JsValue> {
        let n = self.inner.valid_codes_on(date_arg(&date, "date")?);
        Ok(u32::try_from(n).unwrap_or(u32::MAX))
    }
}

impl Icd10PcsCode {
    /// `toJSON`'s own field: `{ code, level, title }`.
    fn json_fields(&self, o: Obj) -> Obj {
        o.set("level", self.level())
    }
}
