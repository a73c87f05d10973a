//! Roll-up and detection columns (issue 16): for each code of an array, its ICD-10-CM
//! category, block and chapter, its ancestor at a level of any system, and which system it
//! is a code of. The answers are the core's (`medcodes::batch::categories`, `blocks`,
//! `chapters`, `ancestors`, `systems`, as Python's `category_of` ... `system_of`); the
//! array is handed over as the batch calls hand theirs (`column::column_of_array`: one
//! buffer, dictionary-encoded when spellings repeat, so each distinct spelling is answered
//! once and the rows are gathered in one JS pass).
//!
//! A roll-up is a fact of the code in any release: `null` where the input is null, is not a
//! code (or header) of the system, or has nothing at the level asked for. One string in
//! gives one answer out (as in Python); an array gives an array.

use js_sys::{Array, Function, Int32Array, JsString, Uint8Array};
use medcodes::batch::{self, StrColumn, Strings, NULL};
use medcodes::CodeSystem;
use wasm_bindgen::prelude::*;

use crate::column::{self, make_function, Lines};
use crate::js::{codes_arg, range_error_with, type_error};

#[wasm_bindgen(typescript_custom_section)]
const TS_ROLLUP: &'static str = r#"
/** The codes of a roll-up call: one string (one answer), or an array (`null`/`undefined` are empty cells). */
export type RollupCodes = readonly (string | null | undefined)[];
/** The three-character ICD-10-CM category of each code (`'E11'` for `'e119'`); `null` where none. */
export function categoryOf(codes: string): string | null;
export function categoryOf(codes: RollupCodes): (string | null)[];
/** The ICD-10-CM block of each code (`'E08-E13'` for `'E11.9'`); `null` where none. */
export function blockOf(codes: string): string | null;
export function blockOf(codes: RollupCodes): (string | null)[];
/** The ICD-10-CM chapter number (1-22) of each code: a `Uint8Array` for an array (0 where none), a number or `null` for one code. */
export function chapterOf(codes: string): number | null;
export function chapterOf(codes: RollupCodes): Uint8Array;
/** The ancestor (or the code itself) with `length` characters (punctuation not counted) of each code of `system` (default `'icd10cm'`): ICD-10-CM 3 the category; ICD-10-PCS 1 the section, 3 the table. `null` where none. */
export function ancestorOf(codes: string, length: number, system?: CodeSystemId): string | null;
export function ancestorOf(codes: RollupCodes, length: number, system?: CodeSystemId): (string | null)[];
/** Which system each string is a code (or header) of, as a label of `systemLabels()`; `null` for a code of none. */
export function systemOf(codes: string): SystemLabel | null;
export function systemOf(codes: RollupCodes): (SystemLabel | null)[];
/** What `systemOf` answers: each system id of this build, `'cpt'` and `'ambiguous'`. */
export type SystemLabel = CodeSystemId | 'cpt' | 'ambiguous';
export function systemLabels(): SystemLabel[];
"#;

thread_local! {
    /// `(text, offsets, valid, keys) => array`: the answers of the distinct inputs as
    /// slices of one string (`offsets` in UTF-16 units: the answers are ASCII), `null`
    /// where `valid` is 0, then gathered a row by `keys` (an `Int32Array`, or `null` when
    /// each row was answered itself). One JS pass instead of one boundary crossing a row.
    static STRINGS: Option<Function> = make_function(
        "text, offsets, valid, keys",
        "const n = valid.length; const vals = new Array(n); \
         for (let i = 0; i < n; i++) vals[i] = valid[i] ? text.slice(offsets[i], offsets[i + 1]) : null; \
         if (keys === null) return vals; \
         const out = new Array(keys.length); \
         for (let i = 0; i < keys.length; i++) out[i] = vals[keys[i]]; \
         return out;",
    )
    .ok();
    /// `(bytes, labels) => array`: a label a row (`labels[b]`), `null` for 255.
    static LABELS: Option<Function> = make_function(
        "bytes, labels",
        "const out = new Array(bytes.length); \
         for (let i = 0; i < bytes.length; i++) { const b = bytes[i]; out[i] = b === 255 ? null : labels[b]; } \
         return out;",
    )
    .ok();
}

/// The codes argument: one string (answered alone) or an array.
enum Input {
    One(String),
    Many(Lines),
}

fn input(codes: &JsValue) -> Result<Input, JsValue> {
    if let Some(s) = codes.as_string() {
        return Ok(Input::One(s));
    }
    if !Array::is_array(codes) {
        return Err(type_error(
            "codes",
            "a string or an array of strings",
            codes,
        ));
    }
    let array: &Array = codes.unchecked_ref();
    match column::column_of_array(array)? {
        Some(lines) => Ok(Input::Many(lines)),
        // This page forbids `Function`: the strings one by one.
        None => Ok(Input::Many(Lines::of_strings(&codes_arg(codes)?))),
    }
}

/// A string answer a row (`f` over the distinct inputs, gathered).
fn strings(codes: &JsValue, f: impl Fn(&[Strings<'_>]) -> StrColumn) -> Result<JsValue, JsValue> {
    match input(codes)? {
        Input::One(s) => {
            let one = Lines::of_strings(&[s]);
            let out = f(&[one.plain()]);
            Ok(match out.get(0) {
                Some(b) => JsValue::from_str(std::str::from_utf8(b).unwrap_or_default()),
                None => JsValue::NULL,
            })
        }
        Input::Many(lines) => {
            let out = f(&[lines.plain()]);
            Ok(strings_js(&out, lines.keys()))
        }
    }
}

/// A `StrColumn` of ASCII answers as a JS array (`keys`: the rows' indexes into it).
fn strings_js(out: &StrColumn, keys: Option<&[i32]>) -> JsValue {
    let text = std::str::from_utf8(&out.data).unwrap_or_default();
    let offsets: Vec<i32> = out.offsets.iter().map(|&o| o as i32).collect();
    let keys_js = keys.map_or(JsValue::NULL, |k| Int32Array::from(k).into());
    let made = STRINGS.with(|f| {
        let f = f.as_ref()?;
        let args = Array::of4(
            &JsString::from(text),
            &Int32Array::from(&offsets[..]),
            &Uint8Array::from(&out.valid[..]),
            &keys_js,
        );
        f.apply(&JsValue::UNDEFINED, &args).ok()
    });
    made.unwrap_or_else(|| {
        let value = |i: usize| match out.get(i) {
            Some(b) => JsValue::from_str(std::str::from_utf8(b).unwrap_or_default()),
            None => JsValue::NULL,
        };
        let rows: Box<dyn Iterator<Item = usize>> = match keys {
            Some(k) => Box::new(k.iter().map(|&k| k as usize)),
            None => Box::new(0..out.len()),
        };
        let array = Array::new();
        for i in rows {
            array.push(&value(i));
        }
        array.into()
    })
}

/// A byte answer a row (`f` over the distinct inputs, gathered): [`NULL`] where none.
fn bytes(codes: &JsValue, f: impl Fn(&[Strings<'_>]) -> Vec<u8>) -> Result<Bytes, JsValue> {
    Ok(match input(codes)? {
        Input::One(s) => Bytes::One(
            f(&[Lines::of_strings(&[s]).plain()])
                .first()
                .copied()
                .unwrap_or(NULL),
        ),
        Input::Many(lines) => {
            let distinct = f(&[lines.plain()]);
            Bytes::Many(match lines.keys() {
                Some(keys) => keys
                    .iter()
                    .map(|&k| distinct.get(k as usize).copied().unwrap_or(NULL))
                    .collect(),
                None => distinct,
            })
        }
    })
}

enum Bytes {
    One(u8),
    Many(Vec<u8>),
}

/// The three-character ICD-10-CM category of each code (`'E11'` for `'e119'`), `null`
/// where none.
#[wasm_bindgen(js_name = categoryOf, skip_typescript)]
pub fn category_of(codes: JsValue) -> Result<JsValue, JsValue> {
    strings(&codes, batch::categories)
}

/// The ICD-10-CM block of each code, by its range as the tabular list writes it
/// (`'E08-E13'` for `'E11.9'`), `null` where none.
#[wasm_bindgen(js_name = blockOf, skip_typescript)]
pub fn block_of(codes: JsValue) -> Result<JsValue, JsValue> {
    strings(&codes, batch::blocks)
}

/// The ICD-10-CM chapter number (1-22) of each code: for an array a `Uint8Array` (0 where
/// none: chapters count from 1), for one string a number or `null`.
#[wasm_bindgen(js_name = chapterOf, skip_typescript)]
pub fn chapter_of(codes: JsValue) -> Result<JsValue, JsValue> {
    Ok(match bytes(&codes, batch::chapters)? {
        Bytes::One(NULL) => JsValue::NULL,
        Bytes::One(b) => JsValue::from(b),
        Bytes::Many(mut v) => {
            for b in &mut v {
                if *b == NULL {
                    *b = 0;
                }
            }
            Uint8Array::from(&v[..]).into()
        }
    })
}

/// The ancestor (or the code itself) with `length` characters, punctuation not counted,
/// of each code of `system` (default `'icd10cm'`): ICD-10-CM 3 is the category, 4 to 6 its
/// subcategories; ICD-10-PCS 1 the section, 2 the body system, 3 the table, 4 the body
/// part. In canonical form; `null` where there is none.
#[wasm_bindgen(js_name = ancestorOf, skip_typescript)]
pub fn ancestor_of(codes: JsValue, length: JsValue, system: JsValue) -> Result<JsValue, JsValue> {
    let Some(n) = length.as_f64() else {
        return Err(type_error("length", "a number (characters)", &length));
    };
    let expected = "a whole number of characters, 1 or more";
    if !(n >= 1.0 && n.fract() == 0.0 && n <= 64.0) {
        return Err(range_error_with(
            &format!("length must be {expected}, got {n}"),
            "length",
            expected,
            n,
        ));
    }
    let system = system_arg(&system)?;
    strings(&codes, |c| batch::ancestors(system, c, n as usize))
}

/// A system id of this build (`undefined`/`null`: ICD-10-CM).
fn system_arg(value: &JsValue) -> Result<CodeSystem, JsValue> {
    if value.is_undefined() || value.is_null() {
        return Ok(CodeSystem::Icd10Cm);
    }
    let Some(id) = value.as_string() else {
        return Err(type_error("system", "a code system id", value));
    };
    if let Some(s) = crate::systems().find(|s| s.id() == id) {
        return Ok(s);
    }
    let known: Vec<&str> = crate::systems().map(|s| s.id()).collect();
    let err = js_sys::RangeError::new(&format!(
        "system: unknown code system {id:?} (this build has {})",
        known.join(", ")
    ));
    for (k, v) in [
        ("code", "ERR_OUT_OF_RANGE"),
        ("argument", "system"),
        ("received", &id),
    ] {
        let _ = js_sys::Reflect::set(&err, &JsValue::from_str(k), &JsValue::from_str(v));
    }
    Err(err.into())
}

/// What `systemOf` answers, from the core's list: each system's id of this build
/// (`'icd10cm'`, ...), `'cpt'` (no built-in system knows the string, and it is shaped like
/// a CPT code) and `'ambiguous'` (a code of several systems: `detect` lists them).
#[wasm_bindgen(js_name = systemLabels, skip_typescript)]
pub fn system_labels() -> JsValue {
    crate::js::array(batch::system_labels(), crate::js::interned)
}

/// Which system each string is a code (or header) of, in any release, as one label of
/// `systemLabels()`; `null` for a code of none.
#[wasm_bindgen(js_name = systemOf, skip_typescript)]
pub fn system_of(codes: JsValue) -> Result<JsValue, JsValue> {
    let labels = batch::system_labels();
    Ok(match bytes(&codes, batch::systems)? {
        Bytes::One(b) => labels
            .get(b as usize)
            .map_or(JsValue::NULL, |l| crate::js::interned(l)),
        Bytes::Many(v) => {
            let labels_js = system_labels();
            let bytes = Uint8Array::from(&v[..]);
            let made = LABELS.with(|f| {
                f.as_ref()
                    .and_then(|f| f.call2(&JsValue::UNDEFINED, &bytes, &labels_js).ok())
            });
            made.unwrap_or_else(|| {
                crate::js::array(v, |b| {
                    labels
                        .get(b as usize)
                        .map_or(JsValue::NULL, |l| crate::js::interned(l))
                })
            })
        }
    })
}
