//! The codes of a batch call handed to the core's batch engine (`medcodes::batch`: its hot
//! index and its memo of answers by spelling) as one buffer, instead of one boundary
//! crossing and one allocation a code: the lines of one string (`reasonsOfLines`: each row
//! keeps its line end, which the engine trims with the spaces around a code), or the
//! strings of an array written by one JS loop straight into wasm memory, in the Arrow
//! `utf8` layout (bytes and offsets), which the engine reads in place.

use js_sys::{Array, Function, JsString};
use medcodes::batch::{Keys, Strings, NULL};
use wasm_bindgen::prelude::*;

use crate::js::{range_error_with, type_error};

/// The longest text taken in one call, in UTF-16 units (about 16 million codes): the copy
/// into wasm memory (up to 3 bytes a unit) must fit beside the tables.
const MAX_TEXT_UNITS: u32 = 1 << 27;

#[wasm_bindgen]
extern "C" {
    /// The global `Function` constructor, called without `new` (same result); `catch`: a
    /// page whose Content-Security-Policy forbids it throws, and the batch calls then take
    /// the code-by-code path.
    #[wasm_bindgen(catch, js_name = Function)]
    pub(crate) fn make_function(args: &str, body: &str) -> Result<Function, JsValue>;
}

thread_local! {
    /// `(text, memory, ptr, cap) => bytes written, or -1 when `cap` bytes do not hold the
    /// text`: the text's UTF-8 into the module's memory by `TextEncoder.encodeInto`.
    static ENCODE: Option<Function> = make_function(
        "text, memory, ptr, cap",
        "const r = new TextEncoder().encodeInto(text, new Uint8Array(memory.buffer, ptr, cap)); \
         return r.read === text.length ? r.written : -1;",
    )
    .ok();
    /// `(keys, templates) => rows`: see [`Lines::expand`].
    static EXPAND: Option<Function> = make_function(
        "keys, templates",
        "const n = keys.length; const out = new Array(n); \
         for (let i = 0; i < n; i++) { const t = templates[keys[i]]; \
           out[i] = t.valid ? { ...t } : structuredClone(t); } \
         return out;",
    )
    .ok();
    /// `(codes, most) => { keys, values } | { bad } | null`: the column dictionary-encoded
    /// by a JS `Map` (a JS string keeps its hash, so a repeated spelling costs one probe):
    /// `keys` an `Int32Array` a row, `values` each distinct string once (`null` and
    /// `undefined` as `''`); `bad`: the index of the first element neither a string nor
    /// null/undefined; `null` past `most` distinct strings (then the plain column is
    /// cheaper).
    static DICTIONARY: Option<Function> = make_function(
        "codes, most",
        "const n = codes.length; const map = new Map(); const values = []; \
         const keys = new Int32Array(n); \
         for (let i = 0; i < n; i++) { const c = codes[i]; let k = map.get(c); \
           if (k === undefined) { \
             if (typeof c !== 'string' && c !== null && c !== undefined) return { bad: i }; \
             if (values.length >= most) return null; \
             k = values.length; values.push(typeof c === 'string' ? c : ''); map.set(c, k); } \
           keys[i] = k; } \
         return { keys, values };",
    )
    .ok();
    /// `(bytes, valid) => array`: a byte a row as a JS array, `null` for
    /// `medcodes::batch::NULL` (a row without a date), else the number or (`valid`) whether
    /// it is 0 (`'valid'`): one call instead of one a row.
    static TO_ARRAY: Option<Function> = make_function(
        "bytes, valid",
        "const out = new Array(bytes.length); \
         for (let i = 0; i < bytes.length; i++) { const b = bytes[i]; \
         out[i] = b === 255 ? null : valid ? b === 0 : b; } return out;",
    )
    .ok();
    /// `(codes) => UTF-16 units of the strings, or -1 - the index of the first element
    /// neither a string nor null/undefined`: the type check and the size of a column.
    static MEASURE: Option<Function> = make_function(
        "codes",
        "let units = 0; for (let i = 0; i < codes.length; i++) { const c = codes[i]; \
         if (typeof c === 'string') units += c.length; \
         else if (c !== null && c !== undefined) return -1 - i; } return units;",
    )
    .ok();
    /// `(codes, memory, dataPtr, cap, offsetsPtr) => bytes written`: each string's UTF-8
    /// bytes into the module's memory at `dataPtr`, one after the other (a character at a
    /// time, a string not ASCII again by `TextEncoder.encodeInto`), and where each ends at
    /// `offsetsPtr` (Arrow `utf8` offsets); `null`/`undefined` are empty rows. -1 when
    /// `cap` bytes might not hold them (not ASCII: up to 3 bytes a UTF-16 unit).
    static WRITE: Option<Function> = make_function(
        "codes, memory, dataPtr, cap, offsetsPtr",
        "const n = codes.length; const data = new Uint8Array(memory.buffer, dataPtr, cap); \
         const offsets = new Int32Array(memory.buffer, offsetsPtr, n + 1); \
         let at = 0; let enc = null; offsets[0] = 0; \
         for (let i = 0; i < n; i++) { const c = codes[i]; \
           if (typeof c === 'string') { const len = c.length; if (at + len > cap) return -1; \
             let wide = 0; \
             for (let j = 0; j < len; j++) { const u = c.charCodeAt(j); wide |= u; data[at + j] = u; } \
             if (wide > 127) { if (at + 3 * len > cap) return -1; \
               enc = enc || new TextEncoder(); at += enc.encodeInto(c, data.subarray(at)).written; } \
             else at += len; } \
           offsets[i + 1] = at; } \
         return at;",
    )
    .ok();
}

/// A column of codes in the Arrow `utf8` layout: row `i` is `data[offsets[i]..offsets[i + 1]]`.
pub(crate) struct Lines {
    data: Vec<u8>,
    offsets: Vec<i32>,
    /// A dictionary column: row `i` is value `keys[i]` (each distinct string once).
    keys: Option<Vec<i32>>,
}

impl Lines {
    pub(crate) fn len(&self) -> usize {
        match &self.keys {
            Some(keys) => keys.len(),
            None => self.offsets.len().saturating_sub(1),
        }
    }

    /// Row `i` as text (written from a JS string, so UTF-8; lone surrogates were written
    /// as U+FFFD, as every string argument is).
    pub(crate) fn code(&self, i: usize) -> &str {
        let i = self.keys.as_ref().map_or(i, |k| k[i] as usize);
        let (a, b) = (self.offsets[i] as usize, self.offsets[i + 1] as usize);
        std::str::from_utf8(&self.data[a..b]).unwrap_or("\u{fffd}")
    }

    /// The distinct values of a dictionary column, in key order (`None`: a plain column).
    pub(crate) fn values(&self) -> Option<impl Iterator<Item = &str>> {
        self.keys.as_ref()?;
        let n = self.offsets.len().saturating_sub(1);
        Some((0..n).map(|k| {
            let (a, b) = (self.offsets[k] as usize, self.offsets[k + 1] as usize);
            std::str::from_utf8(&self.data[a..b]).unwrap_or("\u{fffd}")
        }))
    }

    /// A dictionary column's rows as a JS array of objects of their own made from
    /// `templates` (one a distinct value): a shallow copy of a valid verdict (its fields are
    /// strings), `structuredClone` of the others (their arrays must not be shared). `None`
    /// for a plain column, or when `Function` is forbidden.
    pub(crate) fn expand(&self, templates: &Array) -> Option<JsValue> {
        let keys = js_sys::Int32Array::from(&self.keys.as_ref()?[..]);
        EXPAND.with(|f| {
            f.as_ref()
                .and_then(|f| f.call2(&JsValue::UNDEFINED, &keys, templates).ok())
        })
    }

    /// Each row's strings one after the other (a plain column), for a page that forbids
    /// `Function`.
    pub(crate) fn of_strings(codes: &[String]) -> Lines {
        let mut data = Vec::with_capacity(codes.iter().map(String::len).sum());
        let mut offsets = Vec::with_capacity(codes.len() + 1);
        offsets.push(0);
        for c in codes {
            data.extend_from_slice(c.as_bytes());
            offsets.push(data.len() as i32);
        }
        Lines {
            data,
            offsets,
            keys: None,
        }
    }

    /// A dictionary column's keys (row `i` is value `keys[i]`); `None` for a plain column.
    pub(crate) fn keys(&self) -> Option<&[i32]> {
        self.keys.as_deref()
    }

    /// The distinct values of a dictionary column (else every row) as a plain column: what
    /// a call answers once a value, before the rows are gathered by [`keys`](Self::keys).
    pub(crate) fn plain(&self) -> Strings<'_> {
        Strings::Utf8 {
            offsets: &self.offsets,
            data: &self.data,
            validity: None,
        }
    }

    /// The column as the batch engine reads it.
    pub(crate) fn strings(&self) -> Strings<'_> {
        let values = Strings::Utf8 {
            offsets: &self.offsets,
            data: &self.data,
            validity: None,
        };
        match &self.keys {
            Some(keys) => Strings::Dict {
                keys: Keys::I32(keys),
                validity: None,
                values: Box::new(values),
            },
            None => values,
        }
    }

    /// One row a line (`\n` or `\r\n`); a line end at the end of the text closes the last
    /// row (`'E11.9\n'` is one row), and `''` has none. `data`: the text's UTF-8 (the
    /// engine reads rows as bytes and refuses any that is not UTF-8, so it is not checked
    /// here: a pass over the whole text saved).
    pub(crate) fn of_text(data: Vec<u8>) -> Lines {
        if data.is_empty() {
            return Lines {
                data,
                offsets: Vec::new(),
                keys: None,
            };
        }
        let mut offsets = Vec::with_capacity(data.len() / 7 + 2);
        offsets.push(0);
        // Eight bytes at a time: the line ends of a word found by arithmetic on it (the
        // module has no SIMD). Profiled in Node on a million codes, eleven calls: 144 ms
        // for a byte loop (a quarter of `reasonsOfLines`), 60 ms this way.
        const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
        let mut words = data.chunks_exact(8);
        let mut at = 0i32;
        for w in &mut words {
            let x = u64::from_le_bytes([w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7]])
                ^ 0x0a0a_0a0a_0a0a_0a0a;
            // The top bit of each byte that was a line end (exact: no carry crosses bytes).
            let mut ends = !(((x & LOW7) + LOW7) | x) & !LOW7;
            while ends != 0 {
                offsets.push(at + (ends.trailing_zeros() / 8) as i32 + 1);
                ends &= ends - 1;
            }
            at += 8;
        }
        for (i, &b) in words.remainder().iter().enumerate() {
            if b == b'\n' {
                offsets.push(at + i as i32 + 1);
            }
        }
        if data.last() != Some(&b'\n') {
            offsets.push(data.len() as i32);
        }
        Lines {
            data,
            offsets,
            keys: None,
        }
    }
}

/// A string argument of a batch call, copied into the module's memory by one
/// `TextEncoder.encodeInto` (native, where wasm-bindgen's own copy loops over the
/// characters in JS; lone surrogates become U+FFFD either way), as its UTF-8 bytes;
/// refused past [`MAX_TEXT_UNITS`] before it is copied.
pub(crate) fn text_arg(value: &JsValue, argument: &str) -> Result<Vec<u8>, JsValue> {
    let Some(s) = value.dyn_ref::<JsString>() else {
        return Err(type_error(argument, "a string", value));
    };
    check_size(s, argument)?;
    let units = s.length() as usize;
    // A byte a UTF-16 unit when the text is ASCII; else up to 3.
    for cap in [units, units * 3] {
        let mut data = vec![0u8; cap];
        let args = Array::of4(
            s,
            &wasm_bindgen::memory(),
            &JsValue::from(data.as_mut_ptr() as u32),
            &JsValue::from(cap as u32),
        );
        let Some(written) = ENCODE
            .with(|f| {
                f.as_ref()
                    .and_then(|f| f.apply(&JsValue::UNDEFINED, &args).ok())
            })
            .and_then(|w| w.as_f64())
        else {
            break;
        };
        if written >= 0.0 {
            data.truncate(written as usize);
            return Ok(data);
        }
    }
    Ok(String::from(s.clone()).into_bytes())
}

fn check_size(s: &JsString, argument: &str) -> Result<(), JsValue> {
    let units = s.length();
    if units > MAX_TEXT_UNITS {
        return Err(too_long(argument, f64::from(units)));
    }
    Ok(())
}

fn too_long(argument: &str, units: f64) -> JsValue {
    let expected = format!("at most {MAX_TEXT_UNITS} UTF-16 units a call (split the codes)");
    range_error_with(
        &format!("{argument} is too long: {units} UTF-16 units, {expected}"),
        argument,
        &expected,
        units,
    )
}

/// The codes of an array as one column for the engine, dictionary-encoded when they repeat
/// (real columns do: each distinct spelling is then copied and answered once), else as
/// they are; `None` when they must be read one by one (this page forbids `Function`). An
/// element neither a string nor `null`/`undefined` is a `TypeError` naming it (`codes[3]`);
/// `null`/`undefined` are empty cells, as `''` (reason `'empty'`).
pub(crate) fn column_of_array(codes: &Array) -> Result<Option<Lines>, JsValue> {
    let rows = codes.length();
    // Past a quarter of the rows distinct, the Map costs more than it saves.
    let most = (rows / 4).max(1024);
    let args = Array::of2(codes, &JsValue::from(most));
    let Some(found) = DICTIONARY.with(|f| {
        f.as_ref()
            .and_then(|f| f.apply(&JsValue::UNDEFINED, &args).ok())
    }) else {
        return Ok(None);
    };
    if found.is_null() {
        return of_array(codes);
    }
    let get = |k: &str| js_sys::Reflect::get(&found, &JsValue::from_str(k)).unwrap_or_default();
    if let Some(i) = get("bad").as_f64() {
        let i = i as u32;
        return Err(type_error(
            &format!("codes[{i}]"),
            "a string (or null for an empty cell)",
            &codes.get(i),
        ));
    }
    let keys: js_sys::Int32Array = get("keys").unchecked_into();
    let values: Array = get("values").unchecked_into();
    let Some(mut lines) = of_array(&values)? else {
        return Ok(None);
    };
    lines.keys = Some(keys.to_vec());
    Ok(Some(lines))
}

/// The codes of an array as one plain column (every row's bytes), or `None` when they must
/// be read one by one (this page forbids `Function`). An element neither a string nor
/// `null`/`undefined` is a `TypeError` naming it (`codes[3]`); `null`/`undefined` are empty
/// cells, as `''` (reason `'empty'`).
fn of_array(codes: &Array) -> Result<Option<Lines>, JsValue> {
    let rows = codes.length() as usize;
    let call = |f: &'static std::thread::LocalKey<Option<Function>>, args: &Array| {
        f.with(|f| {
            f.as_ref()
                .and_then(|f| f.apply(&JsValue::UNDEFINED, args).ok())
        })
    };
    let Some(units) = call(&MEASURE, &Array::of1(codes)).and_then(|u| u.as_f64()) else {
        return Ok(None);
    };
    if units < 0.0 {
        let i = (-1.0 - units) as u32;
        return Err(type_error(
            &format!("codes[{i}]"),
            "a string (or null for an empty cell)",
            &codes.get(i),
        ));
    }
    if units > f64::from(MAX_TEXT_UNITS) {
        return Err(too_long("codes", units));
    }
    // A byte a UTF-16 unit when the codes are ASCII (nearly always); else UTF-8 takes up
    // to 3, and the writer says so (-1) before it passes the end.
    let mut offsets = vec![0i32; rows + 1];
    let mut data = Vec::new();
    let mut written = -1.0;
    for cap in [units as usize, units as usize * 3] {
        data = vec![0u8; cap];
        let args = Array::of5(
            codes,
            &wasm_bindgen::memory(),
            &JsValue::from(data.as_mut_ptr() as u32),
            &JsValue::from(cap as u32),
            &JsValue::from(offsets.as_mut_ptr() as u32),
        );
        let Some(w) = call(&WRITE, &args).and_then(|w| w.as_f64()) else {
            return Ok(None);
        };
        written = w;
        if written >= 0.0 {
            break;
        }
    }
    if written < 0.0 {
        return Ok(None);
    }
    data.truncate(written as usize);
    Ok(Some(Lines {
        data,
        offsets,
        keys: None,
    }))
}

/// Reasons a row as a JS array: the number, `null` for a row without a date.
pub(crate) fn numbers_or_null(kinds: &[u8]) -> JsValue {
    to_array(kinds, false)
}

/// Whether each row is valid as a JS array: `null` for a row without a date.
pub(crate) fn valid_or_null(kinds: &[u8]) -> JsValue {
    to_array(kinds, true)
}

fn to_array(kinds: &[u8], valid: bool) -> JsValue {
    let bytes = js_sys::Uint8Array::from(kinds);
    let made = TO_ARRAY.with(|f| {
        f.as_ref()
            .and_then(|f| f.call2(&JsValue::UNDEFINED, &bytes, &valid.into()).ok())
    });
    made.unwrap_or_else(|| {
        let out = Array::new_with_length(kinds.len() as u32);
        for (i, &k) in kinds.iter().enumerate() {
            let v = if k == NULL {
                JsValue::NULL
            } else if valid {
                JsValue::from(k == 0)
            } else {
                JsValue::from(k)
            };
            out.set(i as u32, v);
        }
        out.into()
    })
}
