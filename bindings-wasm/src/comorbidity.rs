//! Comorbidity indices (`medcodes::comorbidity`, feature `groupers`, full build only):
//! `elixhauser` and `charlson`, each patient's measures and indices from parallel arrays
//! of patients, codes (and POA indicators). The rules are the core's.

use js_sys::Reflect;
use medcodes::comorbidity::{charlson as core_charlson, elixhauser as core_elixhauser, Poa};
use wasm_bindgen::prelude::*;

use crate::hcc::long_table;
use crate::js::{array, array_arg, interned, type_error, Obj};

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = r#"
/** One patient's Elixhauser measures (AHRQ ids, e.g. 'HF') and indices. */
export interface ElixhauserResult {
  patient: string | number; measures: string[]; mortalityIndex: number; readmissionIndex: number;
}
/** One patient's Charlson conditions (ids, e.g. 'myocardial_infarction') and scores. */
export interface CharlsonResult {
  patient: string | number; conditions: string[]; score1987: number; score2011: number;
}
/** The fields of a `ComorbidityError`: `kind` ('not_a_code', 'poa'), `value`, `row`. */
export interface ComorbidityError extends Error { name: 'ComorbidityError'; kind: string; value: string; row: number | null }
"#;

fn comorbidity_error(kind: &str, value: &str, row: usize, message: &str) -> JsValue {
    let err = js_sys::Error::new(&format!("row {row}: {message}"));
    err.set_name("ComorbidityError");
    let _ = Reflect::set(&err, &"kind".into(), &kind.into());
    let _ = Reflect::set(&err, &"value".into(), &value.into());
    let _ = Reflect::set(&err, &"row".into(), &(row as f64).into());
    err.into()
}

/// Each patient's Elixhauser measures (AHRQ's refined software v2026.1) and the mortality
/// and readmission indices, from parallel arrays of patients, codes and (optionally) POA
/// indicators ('Y', 'N', 'U', 'W', '1', or null/'' for none: a diagnosis without one
/// counts only towards the measures that do not depend on POA). Patients in the order
/// first met; a code or indicator that is not one is a `ComorbidityError` naming its row.
#[wasm_bindgen(unchecked_return_type = "ElixhauserResult[]")]
pub fn elixhauser(
    #[wasm_bindgen(unchecked_param_type = "(string | number)[]")] patients: JsValue,
    #[wasm_bindgen(unchecked_param_type = "(string | null | undefined)[]")] codes: JsValue,
    #[wasm_bindgen(unchecked_param_type = "(string | null | undefined)[] | undefined")]
    poa: JsValue,
) -> Result<JsValue, JsValue> {
    let (numbers, ids, texts) = long_table(&patients, &codes)?;
    let poa: Vec<Option<Poa>> = if poa.is_undefined() || poa.is_null() {
        vec![None; texts.len()]
    } else {
        let items = array_arg(&poa, "poa")?;
        if items.length() as usize != texts.len() {
            return Err(js_sys::RangeError::new(&format!(
                "poa must have one indicator a code: {} codes, {} indicators",
                texts.len(),
                items.length()
            ))
            .into());
        }
        let mut out = Vec::with_capacity(texts.len());
        for (i, v) in items.iter().enumerate() {
            out.push(match v.as_string() {
                Some(s) if s.trim().is_empty() => None,
                Some(s) => Some(
                    Poa::parse(&s).map_err(|e| comorbidity_error("poa", &s, i, &e.to_string()))?,
                ),
                None if v.is_null() || v.is_undefined() => None,
                None => return Err(type_error(&format!("poa[{i}]"), "a string (or null)", &v)),
            });
        }
        out
    };
    let mut per: Vec<Vec<(&str, Option<Poa>)>> = vec![Vec::new(); ids.len()];
    for (row, ((p, code), poa)) in numbers.iter().zip(&texts).zip(&poa).enumerate() {
        if let Some(code) = code {
            // Checked a row at a time so that the error names its row.
            core_elixhauser(&[(code.as_str(), *poa)])
                .map_err(|e| comorbidity_error("not_a_code", code, row, &e.to_string()))?;
            per[*p as usize].push((code, *poa));
        }
    }
    let out = js_sys::Array::new();
    for (id, rows) in ids.iter().zip(&per) {
        let e =
            core_elixhauser(rows).map_err(|e| JsValue::from(js_sys::Error::new(&e.to_string())))?;
        out.push(
            &Obj::new()
                .set("patient", id.clone())
                .set("measures", array(&e.measures, |m| interned(m.id())))
                .set("mortalityIndex", e.mortality_index)
                .set("readmissionIndex", e.readmission_index)
                .into_js(),
        );
    }
    Ok(out.into())
}

/// Each patient's Charlson conditions (Quan 2005; the milder of a pair dropped when the
/// more severe is present) and scores (Charlson 1987, Quan 2011 weights), from parallel
/// arrays of patients and codes. Codes that count towards nothing, or are not codes,
/// count for nothing.
#[wasm_bindgen(unchecked_return_type = "CharlsonResult[]")]
pub fn charlson(
    #[wasm_bindgen(unchecked_param_type = "(string | number)[]")] patients: JsValue,
    #[wasm_bindgen(unchecked_param_type = "(string | null | undefined)[]")] codes: JsValue,
) -> Result<JsValue, JsValue> {
    let (numbers, ids, texts) = long_table(&patients, &codes)?;
    let mut per: Vec<Vec<&str>> = vec![Vec::new(); ids.len()];
    for (p, code) in numbers.iter().zip(&texts) {
        if let Some(code) = code {
            per[*p as usize].push(code);
        }
    }
    let out = js_sys::Array::new();
    for (id, codes) in ids.iter().zip(&per) {
        let c = core_charlson(codes);
        out.push(
            &Obj::new()
                .set("patient", id.clone())
                .set("conditions", array(&c.conditions, |x| interned(x.id())))
                .set("score1987", c.score_1987)
                .set("score2011", c.score_2011)
                .into_js(),
        );
    }
    Ok(out.into())
}
