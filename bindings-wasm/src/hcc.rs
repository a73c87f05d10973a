//! CMS-HCC risk adjustment (`medcodes::hcc`, feature `groupers`, full build only):
//! `hccCategories` (each code's categories), `hccPatientsCategories` (each patient's
//! categories, hierarchies applied, from parallel arrays of patients and codes) and
//! `hccScore` (one patient's raw V28 risk score). The rules are the core's.

use std::collections::HashMap;

use js_sys::Reflect;
use medcodes::hcc::{Beneficiary, HccError, HccModel, HccModelYear, Sex};
use wasm_bindgen::prelude::*;

use crate::js::{array, array_arg, interned, type_error, Obj};

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = r#"
/** The model and payment year of the HCC calls (defaults: `'v28'`, 2026). */
export interface HccOptions { model?: string; year?: number }
/** One patient's category (`hccPatientsCategories`). */
export interface HccPatientCategory { patient: string | number; hcc: string; label: string }
/** A beneficiary and the segment to score (`hccScore`). */
export interface HccScoreOptions extends HccOptions {
  sex: 'F' | 'M'; age: number; segment?: string; orec?: number; medicaid?: boolean;
}
/** A raw risk score: the variables that count, each with its coefficient. */
export interface RiskScore {
  segment: string; score: number; diseaseScore: number; demographicScore: number;
  variables: { name: string; label: string; coefficient: number }[];
}
/** The fields of an `HccError`: `kind` ('unknown_model', 'no_payment_year', 'not_a_code',
 * 'unknown_segment', 'score_not_supported', 'bad_argument'), `value`, `row` (or null). */
export interface HccError extends Error { name: 'HccError'; kind: string; value: string; row: number | null }
"#;

/// An `HccError` (errors.js) with its kind, the value and the row.
pub(crate) fn hcc_error(kind: &str, value: &str, row: Option<usize>, message: &str) -> JsValue {
    let message = match row {
        Some(r) => format!("row {r}: {message}"),
        None => message.to_owned(),
    };
    let err = js_sys::Error::new(&message);
    err.set_name("HccError");
    let _ = Reflect::set(&err, &"kind".into(), &kind.into());
    let _ = Reflect::set(&err, &"value".into(), &value.into());
    let row = row.map_or(JsValue::NULL, |r| JsValue::from(r as f64));
    let _ = Reflect::set(&err, &"row".into(), &row);
    err.into()
}

fn from_core(e: &HccError, row: Option<usize>) -> JsValue {
    let (kind, value) = match e {
        HccError::UnknownModel { input } => ("unknown_model", input.clone()),
        HccError::NoPaymentYear { year, .. } => ("no_payment_year", year.to_string()),
        HccError::NotACode { input, .. } => ("not_a_code", input.clone()),
        HccError::UnknownSegment { input, .. } => ("unknown_segment", input.clone()),
        HccError::ScoreNotSupported { model } => ("score_not_supported", (*model).to_owned()),
        HccError::UnknownVariable { input, .. } => ("unknown_variable", input.clone()),
        _ => ("other", String::new()),
    };
    hcc_error(kind, &value, row, &e.to_string())
}

/// A property of an options object (`undefined` when there are no options).
pub(crate) fn option(options: &JsValue, key: &str) -> Result<JsValue, JsValue> {
    if options.is_undefined() || options.is_null() {
        return Ok(JsValue::UNDEFINED);
    }
    if !options.is_object() {
        return Err(type_error("options", "an object", options));
    }
    Reflect::get(options, &key.into())
}

fn shown(v: &JsValue) -> String {
    v.as_string()
        .or_else(|| v.as_f64().map(|f| f.to_string()))
        .unwrap_or_else(|| format!("{v:?}"))
}

/// The model-year of `options` (`model`, `year`).
fn model_year(options: &JsValue) -> Result<HccModelYear, JsValue> {
    let model = option(options, "model")?;
    let model = if model.is_undefined() {
        HccModel::DEFAULT
    } else {
        let id = model.as_string().ok_or_else(|| {
            hcc_error(
                "unknown_model",
                &shown(&model),
                None,
                &format!("model = {}: expected a string such as 'v28'", shown(&model)),
            )
        })?;
        HccModel::from_id(&id).map_err(|e| from_core(&e, None))?
    };
    let year = option(options, "year")?;
    let year = if year.is_undefined() {
        i64::from(medcodes::hcc::DEFAULT_PAYMENT_YEAR)
    } else {
        match year.as_f64() {
            Some(y) if y.fract() == 0.0 && y.abs() < 1e6 => y as i64,
            _ => {
                return Err(hcc_error(
                    "no_payment_year",
                    &shown(&year),
                    None,
                    &format!(
                        "year = {}: expected a whole number (a payment year such as 2026)",
                        shown(&year)
                    ),
                ))
            }
        }
    };
    HccModelYear::new(model, year).map_err(|e| from_core(&e, None))
}

fn names(my: HccModelYear, code: &str) -> JsValue {
    match my.categories(code) {
        Ok(cats) => array(cats, |v| interned(v.name())),
        Err(_) => JsValue::NULL,
    }
}

/// The categories each code maps to in the model for the payment year (no hierarchies:
/// those are per patient). A string gives an array of names (`[]`: the model does not
/// count it), `null` for a string not shaped like an ICD-10-CM code; an array gives an
/// array of those (`null` for `null`/`undefined` elements). Each distinct code is mapped
/// once.
#[wasm_bindgen(js_name = hccCategories, unchecked_return_type = "string[] | null | (string[] | null)[]")]
pub fn hcc_categories(
    #[wasm_bindgen(unchecked_param_type = "string | (string | null | undefined)[]")] codes: JsValue,
    #[wasm_bindgen(unchecked_param_type = "HccOptions")] options: JsValue,
) -> Result<JsValue, JsValue> {
    let my = model_year(&options)?;
    if let Some(code) = codes.as_string() {
        return Ok(names(my, &code));
    }
    let items = array_arg(&codes, "codes")?;
    let mut seen: HashMap<String, JsValue> = HashMap::new();
    let out = js_sys::Array::new_with_length(items.length());
    for (i, item) in items.iter().enumerate() {
        let answer = if let Some(code) = item.as_string() {
            seen.entry(code)
                .or_insert_with_key(|c| names(my, c))
                .clone()
        } else if item.is_null() || item.is_undefined() {
            JsValue::NULL
        } else {
            return Err(type_error(
                &format!("codes[{i}]"),
                "a string (or null for an empty cell)",
                &item,
            ));
        };
        out.set(i as u32, answer);
    }
    Ok(out.into())
}

/// Parallel arrays of patients (strings or numbers) and codes, as patient numbers in the
/// order first met, each patient's value, and the codes (`None` for null cells).
#[allow(clippy::type_complexity)]
pub(crate) fn long_table(
    patients: &JsValue,
    codes: &JsValue,
) -> Result<(Vec<u32>, Vec<JsValue>, Vec<Option<String>>), JsValue> {
    let ps = array_arg(patients, "patients")?;
    let cs = array_arg(codes, "codes")?;
    if ps.length() != cs.length() {
        return Err(js_sys::RangeError::new(&format!(
            "patients and codes must have the same length: {} patients, {} codes",
            ps.length(),
            cs.length()
        ))
        .into());
    }
    let mut index: HashMap<String, u32> = HashMap::new();
    let mut ids = Vec::new();
    let mut numbers = Vec::with_capacity(ps.length() as usize);
    for (i, p) in ps.iter().enumerate() {
        let key = if let Some(s) = p.as_string() {
            format!("s{s}")
        } else if let Some(n) = p.as_f64().filter(|n| n.is_finite()) {
            format!("n{n}")
        } else {
            return Err(type_error(
                &format!("patients[{i}]"),
                "a string or a number",
                &p,
            ));
        };
        let n = *index.entry(key).or_insert_with(|| {
            ids.push(p.clone());
            (ids.len() - 1) as u32
        });
        numbers.push(n);
    }
    let mut texts = Vec::with_capacity(cs.length() as usize);
    for (i, c) in cs.iter().enumerate() {
        if let Some(s) = c.as_string() {
            texts.push(Some(s));
        } else if c.is_null() || c.is_undefined() {
            texts.push(None);
        } else {
            return Err(type_error(
                &format!("codes[{i}]"),
                "a string (or null for an empty cell)",
                &c,
            ));
        }
    }
    Ok((numbers, ids, texts))
}

/// Each patient's categories with the model's hierarchies applied, from parallel arrays
/// of patient ids and codes: one `{ patient, hcc, label }` a category, patients in the
/// order first met. A code not shaped like one is an `HccError` naming its row.
#[wasm_bindgen(js_name = hccPatientsCategories, unchecked_return_type = "HccPatientCategory[]")]
pub fn hcc_patients_categories(
    #[wasm_bindgen(unchecked_param_type = "(string | number)[]")] patients: JsValue,
    #[wasm_bindgen(unchecked_param_type = "(string | null | undefined)[]")] codes: JsValue,
    #[wasm_bindgen(unchecked_param_type = "HccOptions")] options: JsValue,
) -> Result<JsValue, JsValue> {
    let my = model_year(&options)?;
    let (numbers, ids, texts) = long_table(&patients, &codes)?;
    let mut per: Vec<Vec<&str>> = vec![Vec::new(); ids.len()];
    for (row, (p, code)) in numbers.iter().zip(&texts).enumerate() {
        if let Some(code) = code {
            my.categories(code).map_err(|e| from_core(&e, Some(row)))?;
            per[*p as usize].push(code);
        }
    }
    let out = js_sys::Array::new();
    for (id, codes) in ids.iter().zip(&per) {
        let cats = my
            .patient_categories(codes)
            .map_err(|e| from_core(&e, None))?;
        for c in cats {
            out.push(
                &Obj::new()
                    .set("patient", id.clone())
                    .set("hcc", interned(c.name()))
                    .set("label", interned(c.label()))
                    .into_js(),
            );
        }
    }
    Ok(out.into())
}

fn small(options: &JsValue, key: &str, default: Option<u8>, max: u8) -> Result<u8, JsValue> {
    let v = option(options, key)?;
    if v.is_undefined() {
        if let Some(d) = default {
            return Ok(d);
        }
    }
    match v.as_f64() {
        Some(n) if n.fract() == 0.0 && (0.0..=f64::from(max)).contains(&n) => Ok(n as u8),
        _ => Err(hcc_error(
            "bad_argument",
            &shown(&v),
            None,
            &format!("{key} = {}: expected a whole number 0 to {max}", shown(&v)),
        )),
    }
}

/// One beneficiary's raw risk score (CMS-HCC V28) from their diagnoses of the service
/// year, in the segment given (`'CNA'` by default; `'INS'`, `'NE_MCAID_ORIGDIS'`, ...).
/// `sex` 'F' or 'M', `age` on February 1 of the payment year, `orec` the original reason
/// for entitlement (0-3), `medicaid` dual status.
#[wasm_bindgen(js_name = hccScore, unchecked_return_type = "RiskScore")]
pub fn hcc_score(
    #[wasm_bindgen(unchecked_param_type = "string[]")] codes: JsValue,
    #[wasm_bindgen(unchecked_param_type = "HccScoreOptions")] options: JsValue,
) -> Result<JsValue, JsValue> {
    let my = model_year(&options)?;
    let codes = crate::js::strings_arg(&codes, "codes")?;
    let sex_v = option(&options, "sex")?;
    let sex = match sex_v.as_string().as_deref() {
        Some("F" | "f") => Sex::Female,
        Some("M" | "m") => Sex::Male,
        _ => {
            return Err(hcc_error(
                "bad_argument",
                &shown(&sex_v),
                None,
                &format!("sex = {}: expected 'F' or 'M'", shown(&sex_v)),
            ))
        }
    };
    let age = small(&options, "age", None, 130)?;
    let orec = small(&options, "orec", Some(0), 3)?;
    let medicaid_v = option(&options, "medicaid")?;
    let medicaid = if medicaid_v.is_undefined() {
        false
    } else {
        medicaid_v.as_bool().ok_or_else(|| {
            hcc_error(
                "bad_argument",
                &shown(&medicaid_v),
                None,
                &format!("medicaid = {}: expected a boolean", shown(&medicaid_v)),
            )
        })?
    };
    let segment_v = option(&options, "segment")?;
    let segment = if segment_v.is_undefined() {
        medcodes::hcc::DEFAULT_SEGMENT.to_owned()
    } else {
        segment_v.as_string().ok_or_else(|| {
            hcc_error(
                "unknown_segment",
                &shown(&segment_v),
                None,
                &format!(
                    "segment = {}: expected a string such as 'CNA'",
                    shown(&segment_v)
                ),
            )
        })?
    };
    let b = Beneficiary {
        sex,
        age,
        orec,
        medicaid,
    };
    let s = my
        .score(&codes, &b, &segment)
        .map_err(|e| from_core(&e, None))?;
    Ok(Obj::new()
        .set("segment", interned(s.segment))
        .set("score", s.score)
        .set("diseaseScore", s.disease_score)
        .set("demographicScore", s.demographic_score)
        .set(
            "variables",
            array(&s.variables, |(v, c)| {
                Obj::new()
                    .set("name", interned(v.name()))
                    .set("label", interned(v.label()))
                    .set("coefficient", *c)
                    .into_js()
            }),
        )
        .into_js())
}
