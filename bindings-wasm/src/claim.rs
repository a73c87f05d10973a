//! Inpatient claim edits (feature `claims`): `checkClaim`, the CMS Medicare Code Editor
//! run by the core on a claim given as a plain object.

use js_sys::Reflect;
use medcodes::claim::{
    self, fields, CheckOptions, Claim, ClaimField, Diagnosis, Poa, Position, Procedure, Sex,
};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::icd10cm::encounter_finding_js;
use crate::js::{array, array_arg, date_arg, interned, range_error, str_or_null, type_error, Obj};

/// A property of an object argument (`undefined` when absent).
fn get(obj: &JsValue, key: &str) -> Result<JsValue, JsValue> {
    Reflect::get(obj, &JsValue::from_str(key))
}

fn absent(v: &JsValue) -> bool {
    v.is_undefined() || v.is_null()
}

/// A whole number of the claim (age, discharge status): a non-number is a `TypeError`, a
/// number with a fraction, NaN or an infinity a `RangeError` that says "a whole number"; a
/// whole number outside `i32` is clamped, to meet the core's edit for a value out of range
/// (age -1 or 1e12 is an `invalid_age` finding, as in Python, not an error).
fn whole_number(v: &JsValue, argument: &str) -> Result<i32, JsValue> {
    let n = v
        .as_f64()
        .ok_or_else(|| type_error(argument, "a whole number", v))?;
    if !n.is_finite() || n.fract() != 0.0 {
        return Err(range_error(argument, "a whole number", n));
    }
    Ok(n.clamp(i32::MIN as f64, i32::MAX as f64) as i32)
}

/// The keys of an object argument that are not among `known`: an error naming the first,
/// as a misspelt key would otherwise be skipped in silence.
fn only_keys(v: &JsValue, argument: &str, known: &[&str], what: &str) -> Result<(), JsValue> {
    for key in js_sys::Object::keys(v.unchecked_ref::<js_sys::Object>()).iter() {
        let key = key.as_string().unwrap_or_default();
        if !known.contains(&key.as_str()) {
            return Err(type_error(
                &format!("{argument}.{key}"),
                &format!("no other key ({what})"),
                &JsValue::from_str(&key),
            ));
        }
    }
    Ok(())
}

/// An integer argument: a non-number is a `TypeError`, a number that is not an integer
/// (or is outside `min..=max`) a `RangeError`.
fn integer(v: &JsValue, argument: &str, min: f64, max: f64) -> Result<f64, JsValue> {
    let n = v
        .as_f64()
        .ok_or_else(|| type_error(argument, "an integer", v))?;
    if n.fract() != 0.0 || !(min..=max).contains(&n) {
        return Err(range_error(
            argument,
            &format!("an integer from {min} to {max}"),
            n,
        ));
    }
    Ok(n)
}

/// A diagnosis: a code string, or `{ code, poa? }`; `null`/`undefined` is a blank one.
fn diagnosis(v: &JsValue, argument: &str) -> Result<Diagnosis, JsValue> {
    if absent(v) {
        return Ok(Diagnosis::default());
    }
    if let Some(code) = v.as_string() {
        return Ok(Diagnosis::new(code));
    }
    if !v.is_object() || js_sys::Array::is_array(v) {
        return Err(type_error(
            argument,
            "a code string or an object { code, poa? }",
            v,
        ));
    }
    only_keys(
        v,
        argument,
        &["code", "poa"],
        "a diagnosis has code and poa",
    )?;
    let code = get(v, "code")?;
    let code = code
        .as_string()
        .ok_or_else(|| type_error(&format!("{argument}.code"), "a string", &code))?;
    let poa = get(v, "poa")?;
    let poa = if absent(&poa) {
        Poa::Blank
    } else if let Some(s) = poa.as_string() {
        Poa::parse(&s)
    } else if poa.as_f64() == Some(1.0) {
        Poa::Exempt
    } else {
        return Err(type_error(
            &format!("{argument}.poa"),
            "a string ('Y', 'N', 'U', 'W', '1' or '')",
            &poa,
        ));
    };
    Ok(Diagnosis::with_poa(code, poa))
}

/// A procedure: a code string or `{ code }`.
fn procedure(v: &JsValue, argument: &str) -> Result<Procedure, JsValue> {
    if absent(v) {
        return Ok(Procedure::default());
    }
    if let Some(code) = v.as_string() {
        return Ok(Procedure::new(code));
    }
    if !v.is_object() || js_sys::Array::is_array(v) {
        return Err(type_error(
            argument,
            "a code string or an object { code }",
            v,
        ));
    }
    only_keys(v, argument, &["code"], "a procedure has code")?;
    let code = get(v, "code")?;
    code.as_string()
        .map(Procedure::new)
        .ok_or_else(|| type_error(&format!("{argument}.code"), "a string", &code))
}

fn list<T>(
    v: &JsValue,
    argument: &str,
    item: impl Fn(&JsValue, &str) -> Result<T, JsValue>,
) -> Result<Vec<T>, JsValue> {
    if absent(v) {
        return Ok(Vec::new());
    }
    let a = array_arg(v, argument)?;
    (0..a.length())
        .map(|i| item(&a.get(i), &format!("{argument}[{i}]")))
        .collect()
}

fn sex(v: &JsValue) -> Result<Sex, JsValue> {
    if absent(v) {
        return Ok(Sex::Unknown);
    }
    if let Some(s) = v.as_string() {
        return Ok(Sex::parse(&s));
    }
    if let Some(n) = v.as_f64() {
        return Ok(if n.fract() == 0.0 {
            Sex::from_cms(n as i64)
        } else {
            Sex::Invalid
        });
    }
    Err(type_error(
        "claim.sex",
        "a string ('M', 'F', 'U', ...) or a CMS number (1, 2, 0)",
        v,
    ))
}

/// Reads a claim object; see the `Claim` type. Its properties are the core's claim fields,
/// under any of their names (`claim::fields`: `date` or `dischargeDate`, `principal` or
/// `pdx`, ...); `null`/`undefined` is the same as absent, and an unknown property is a
/// `TypeError` (a misspelt field would otherwise be silently skipped).
fn read_claim(v: &JsValue) -> Result<Claim, JsValue> {
    if !v.is_object() || js_sys::Array::is_array(v) || v.is_function() {
        return Err(type_error("claim", "an object", v));
    }
    let mut claim = Claim::default();
    let (mut has_date, mut has_age) = (false, false);
    for key in js_sys::Object::keys(v.unchecked_ref::<js_sys::Object>()).iter() {
        let name = key.as_string().unwrap_or_default();
        let value = Reflect::get(v, &key)?;
        let Some(field) = ClaimField::from_name(&name) else {
            let names: Vec<&str> = ClaimField::ALL.iter().map(|f| f.name()).collect();
            return Err(type_error(
                &format!("claim.{name}"),
                &format!("a claim field ({})", names.join(", ")),
                &value,
            ));
        };
        if absent(&value) {
            continue;
        }
        let at = format!("claim.{name}");
        match field {
            ClaimField::ClaimId => {}
            ClaimField::DischargeDate => {
                claim.date = date_arg(&value, &at)?;
                has_date = true;
            }
            ClaimField::Age => {
                claim.age = whole_number(&value, &at)?;
                has_age = true;
            }
            ClaimField::Sex => claim.sex = sex(&value)?,
            ClaimField::DischargeStatus => {
                claim.discharge_status = match value.as_string() {
                    // As the MCE reads it: text that is not a number raises its edit.
                    Some(text) => fields::parse_discharge_status(&text),
                    None => Some(whole_number(&value, &at)?),
                }
            }
            ClaimField::LengthOfStay => {
                claim.length_of_stay = Some(integer(&value, &at, 0.0, u32::MAX as f64)? as u32)
            }
            ClaimField::Principal => claim.principal = diagnosis(&value, &at)?,
            ClaimField::Admitting => claim.admitting = Some(diagnosis(&value, &at)?),
            ClaimField::Secondary => claim.secondary = list(&value, &at, diagnosis)?,
            ClaimField::Procedures => claim.procedures = list(&value, &at, procedure)?,
        }
    }
    if !has_date {
        return Err(type_error(
            "claim.date",
            "a date (the discharge date)",
            &JsValue::UNDEFINED,
        ));
    }
    if !has_age {
        return Err(type_error("claim.age", "an integer", &JsValue::UNDEFINED));
    }
    Ok(claim)
}

fn read_options(v: &JsValue) -> Result<CheckOptions, JsValue> {
    if absent(v) {
        return Ok(CheckOptions::new());
    }
    if !v.is_object() {
        return Err(type_error("options", "an object { codingRules? }", v));
    }
    let rules = get(v, "codingRules")?;
    let on = if absent(&rules) {
        false
    } else {
        rules
            .as_bool()
            .ok_or_else(|| type_error("options.codingRules", "a boolean", &rules))?
    };
    Ok(CheckOptions::new().coding_rules(on))
}

fn finding_js(f: &claim::Finding) -> JsValue {
    let index = match f.position {
        Position::Secondary { index } | Position::Procedure { index } => {
            JsValue::from(u32::from(index))
        }
        _ => JsValue::NULL,
    };
    Obj::new()
        .set("edit", interned(f.edit.as_str()))
        .set(
            "number",
            f.edit.number().map_or(JsValue::NULL, JsValue::from),
        )
        .set("name", interned(f.edit.name()))
        .set("code", str_or_null(f.code.as_deref()))
        .set("position", interned(f.position.kind()))
        .set("index", index)
        .set("severity", interned(f.severity.as_str()))
        .set("message", f.message.as_str())
        .into_js()
}

/// Runs the CMS Medicare Code Editor edits on one inpatient claim, for its discharge date:
/// `{ clean, findings, codingRules }`. With `options.codingRules` the ICD-10-CM coding
/// rules of `Icd10Cm.checkEncounter` run on the principal and secondary diagnoses too.
/// Invalid codes, ages, sexes, POA indicators and discharge statuses are findings; only a
/// claim that cannot be read throws (`TypeError`, `RangeError`, `DateError`).
#[wasm_bindgen(js_name = checkClaim, unchecked_return_type = "ClaimReport")]
pub fn check_claim(
    #[wasm_bindgen(unchecked_param_type = "Claim")] claim: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "ClaimOptions")] options: JsValue,
) -> Result<JsValue, JsValue> {
    let claim = read_claim(&claim)?;
    let options = read_options(&options)?;
    let report = claim::check_with(&claim, &options);
    Ok(Obj::new()
        .set("date", claim.date.to_string())
        .set("clean", report.is_clean())
        .set("findings", array(&report.findings, finding_js))
        .set(
            "codingRules",
            array(&report.coding_rules, encounter_finding_js),
        )
        .into_js())
}
