//! What the classes of every code system share, written once over `S: medcodes::System`:
//! the set (`Icd10Cm`, `Icd10Pcs`: lookup, verdicts, validation, the batch calls, coverage,
//! releases, the codes on a date, the prefix walk) and its code handle (`Icd10CmCode`,
//! `Icd10PcsCode`: titles, validity, MCE flags, the hierarchy).
//!
//! The generic functions below read the JS arguments, call the core's `CodeSet<S>` or
//! `Code<S>` and build the result. wasm-bindgen exports no generic type, so
//! [`code_set_classes!`] declares a system's two classes and stamps the shared methods
//! onto them as one-line `#[wasm_bindgen]` wrappers; a system's own file adds its extras.

use js_sys::{Array, Uint8Array};
use medcodes::{Code, CodeSet, Date, LengthMismatch, ReasonKind, System, Title, ValidationError};
use wasm_bindgen::prelude::*;

use crate::column::{self, Lines};
use crate::js::{
    array, array_arg, codes_arg, date_arg, dates_arg, interned, length_error, limit_arg, range_js,
    release_js, string_arg, title_source_js, verdict_js, Dates, Obj,
};

/// Results of `codesStartingWith` when no `limit` is given.
const DEFAULT_PREFIX_LIMIT: usize = 50;

/// The plain-object verdict (see the `Verdict` type) of `lookup` or `validate` on `input`;
/// a rejected input that is well formed gets its canonical spelling from the core.
fn verdict_of<S: System>(
    input: &str,
    result: &Result<Code<S>, ValidationError>,
    date: Option<&JsValue>,
) -> JsValue {
    match result {
        Ok(code) => verdict_for::<S>(input, Ok(code.code().as_str()), date),
        Err(e) => verdict_for::<S>(input, Err(e), date),
    }
}

/// [`verdict_of`] from the canonical code found, or the core's error (a set with a release
/// loaded, `release.rs`, finds codes the built-in tables have no `Code` for).
pub(crate) fn verdict_for<S: System>(
    input: &str,
    result: Result<&str, &ValidationError>,
    date: Option<&JsValue>,
) -> JsValue {
    verdict_js(
        result,
        || S::ID.canonical(input).ok().map(|c| c.as_str().to_owned()),
        date,
    )
}

pub(crate) fn date_js(date: Date) -> JsValue {
    JsValue::from_str(&date.to_string())
}

pub(crate) fn lookup<S: System, C: From<Code<S>>>(
    set: CodeSet<S>,
    code: &JsValue,
) -> Result<Option<C>, JsValue> {
    let code = string_arg(code, "code")?;
    Ok(set.lookup(&code).ok().map(C::from))
}

pub(crate) fn verdict<S: System>(set: CodeSet<S>, code: &JsValue) -> Result<JsValue, JsValue> {
    let code = string_arg(code, "code")?;
    Ok(verdict_of(&code, &set.lookup(&code), None))
}

pub(crate) fn validate<S: System>(
    set: CodeSet<S>,
    code: &JsValue,
    date: &JsValue,
) -> Result<JsValue, JsValue> {
    let code = string_arg(code, "code")?;
    let date = date_arg(date, "date")?;
    Ok(verdict_of(
        &code,
        &set.validate(&code, date),
        Some(&date_js(date)),
    ))
}

pub(crate) fn is_valid<S: System>(
    set: CodeSet<S>,
    code: &JsValue,
    date: &JsValue,
) -> Result<bool, JsValue> {
    Ok(set.is_valid(&string_arg(code, "code")?, date_arg(date, "date")?))
}

pub(crate) fn reason<S: System>(
    set: CodeSet<S>,
    code: &JsValue,
    date: &JsValue,
) -> Result<JsValue, JsValue> {
    let kind = set.reason(&string_arg(code, "code")?, date_arg(date, "date")?);
    Ok(interned(kind.as_str()))
}

/// One `Verdict` a code; with a date a code, `null` for a row without one. A verdict is
/// worked out once per spelling and date in a call, and each further row gets a copy of
/// it (rows are objects of their own: changing one changes no other).
pub(crate) fn validate_many<S: System>(
    set: CodeSet<S>,
    codes: &JsValue,
    date: &JsValue,
) -> Result<JsValue, JsValue> {
    validate_many_with(codes, date, |code, date, js| {
        let result = set.validate(code, date);
        (verdict_of(code, &result, Some(js)), result.is_ok())
    })
}

/// [`validate_many`] with `verdict(code, date, date as JS)` making a row's verdict and
/// saying whether it is valid (a set with a release loaded brings its own).
pub(crate) fn validate_many_with(
    codes: &JsValue,
    date: &JsValue,
    verdict: impl Fn(&str, Date, &JsValue) -> (JsValue, bool),
) -> Result<JsValue, JsValue> {
    let column = engine_column(codes)?;
    let owned;
    let rows: Vec<&str> = match &column {
        Some(lines) => (0..lines.len()).map(|i| lines.code(i)).collect(),
        None => {
            owned = codes_arg(codes)?;
            owned.iter().map(String::as_str).collect()
        }
    };
    let dates = dates_arg(date, rows.len())?;
    if let (Some(lines), Dates::One(date)) = (&column, &dates) {
        if let Some(values) = lines.values() {
            // A dictionary column: a verdict a distinct spelling, the rows made from them in
            // one JS pass.
            let js = date_js(*date);
            let templates = Array::new();
            for code in values {
                templates.push(&verdict(code, *date, &js).0);
            }
            if let Some(out) = lines.expand(&templates) {
                return Ok(out);
            }
        }
    }
    let out = Array::new_with_length(rows.len() as u32);
    let mut seen = VerdictMemo::default();
    // The date as a JS string, made again only when it changes from a row to the next.
    let mut shown: Option<(Date, JsValue)> = None;
    for (i, &code) in rows.iter().enumerate() {
        let date = match &dates {
            Dates::One(d) => Some(*d),
            Dates::PerRow(ds) => ds[i],
        };
        let Some(date) = date else {
            out.set(i as u32, JsValue::NULL);
            continue;
        };
        let verdict = seen.get_or_make(code, date, || {
            let js = match shown.take() {
                Some((d, js)) if d == date => js,
                _ => date_js(date),
            };
            let made = verdict(code, date, &js);
            shown = Some((date, js));
            made
        });
        out.set(i as u32, verdict);
    }
    Ok(out.into())
}

/// The verdicts of one `validateMany` call by spelling and date: the first row of a
/// spelling gets the verdict made, the others a copy (shallow for a valid code, whose
/// fields are strings; `structuredClone` for the others, whose arrays must not be shared).
#[derive(Default)]
struct VerdictMemo<'a> {
    made: std::collections::HashMap<(&'a str, Date), (JsValue, bool)>,
}

/// Spellings remembered at most in one call (each holds a JS object alive until it ends).
const VERDICT_MEMO_MAX: usize = 1 << 16;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = structuredClone)]
    fn structured_clone(value: &JsValue) -> JsValue;
}

impl<'a> VerdictMemo<'a> {
    fn get_or_make(
        &mut self,
        code: &'a str,
        date: Date,
        make: impl FnOnce() -> (JsValue, bool),
    ) -> JsValue {
        if let Some((v, valid)) = self.made.get(&(code, date)) {
            return if *valid {
                js_sys::Object::assign(&js_sys::Object::new(), v.unchecked_ref()).into()
            } else {
                structured_clone(v)
            };
        }
        let (v, valid) = make();
        if self.made.len() < VERDICT_MEMO_MAX {
            self.made.insert((code, date), (v.clone(), valid));
        }
        v
    }
}

/// The codes of a batch call as one column for the batch engine (see `column.rs`); `None`
/// when they must be read one by one.
fn engine_column(codes: &JsValue) -> Result<Option<Lines>, JsValue> {
    column::column_of_array(&array_arg(codes, "codes")?)
}

/// The core batch engine's answer for each row: a reason as its index in `reasonKinds()`
/// (`medcodes::batch::NULL` for a row without a date).
fn engine_reasons<S: System>(lines: &Lines, dates: &Dates) -> Result<Vec<u8>, JsValue> {
    let dates = match dates {
        Dates::One(d) => medcodes::batch::Dates::One(*d),
        Dates::PerRow(ds) => medcodes::batch::Dates::PerRow(ds),
    };
    medcodes::batch::reasons(S::ID, &[lines.strings()], dates, true).map_err(length_error)
}

/// The answers of a batch call: one date for all codes, or a date a code.
enum Column<T> {
    One(Vec<T>),
    /// `None` for a row without a date.
    PerRow(Vec<Option<T>>),
}

/// Reads a batch call's codes and date or dates, and asks the core: `one` (e.g.
/// `CodeSet::reasons`) for one date, `per_row` (`CodeSet::reasons_per_row`) for a date a
/// code.
fn column<T>(
    codes: &JsValue,
    date: &JsValue,
    one: impl FnOnce(&[String], Date, &mut Vec<T>),
    per_row: impl FnOnce(&[String], &[Option<Date>], &mut Vec<Option<T>>) -> Result<(), LengthMismatch>,
) -> Result<Column<T>, JsValue> {
    let codes = codes_arg(codes)?;
    Ok(match dates_arg(date, codes.len())? {
        Dates::One(date) => {
            let mut out = Vec::new();
            one(&codes, date, &mut out);
            Column::One(out)
        }
        Dates::PerRow(dates) => {
            let mut out = Vec::new();
            per_row(&codes, &dates, &mut out).map_err(length_error)?;
            Column::PerRow(out)
        }
    })
}

/// The reason of each code as its index in `reasonKinds()`: a `Uint8Array` for one date,
/// an array with `null` for a row without a date.
pub(crate) fn reasons<S: System>(
    set: CodeSet<S>,
    codes: &JsValue,
    date: &JsValue,
) -> Result<JsValue, JsValue> {
    if let Some(lines) = engine_column(codes)? {
        let dates = dates_arg(date, lines.len())?;
        let kinds = engine_reasons::<S>(&lines, &dates)?;
        return Ok(match dates {
            Dates::One(_) => Uint8Array::from(&kinds[..]).into(),
            Dates::PerRow(_) => column::numbers_or_null(&kinds),
        });
    }
    let one = |c: &[String], d, o: &mut _| set.reasons(c, d, o);
    let per_row = |c: &[String], d: &[_], o: &mut _| set.reasons_per_row(c, d, o);
    reasons_with(codes, date, one, per_row)
}

/// [`reasons`] answered by `one` (one date) and `per_row` (a date a code), read code by
/// code (a set with a release loaded, which the batch engine does not know).
pub(crate) fn reasons_with(
    codes: &JsValue,
    date: &JsValue,
    one: impl FnOnce(&[String], Date, &mut Vec<ReasonKind>),
    per_row: impl FnOnce(
        &[String],
        &[Option<Date>],
        &mut Vec<Option<ReasonKind>>,
    ) -> Result<(), LengthMismatch>,
) -> Result<JsValue, JsValue> {
    Ok(match column(codes, date, one, per_row)? {
        Column::One(kinds) => {
            let bytes: Vec<u8> = kinds.into_iter().map(|k| k as u8).collect();
            Uint8Array::from(&bytes[..]).into()
        }
        Column::PerRow(kinds) => array(kinds, |k| k.map_or(JsValue::NULL, |k| (k as u8).into())),
    })
}

/// Whether each code is valid: booleans, `null` for a row without a date.
pub(crate) fn are_valid<S: System>(
    set: CodeSet<S>,
    codes: &JsValue,
    date: &JsValue,
) -> Result<JsValue, JsValue> {
    if let Some(lines) = engine_column(codes)? {
        let dates = dates_arg(date, lines.len())?;
        let kinds = engine_reasons::<S>(&lines, &dates)?;
        return Ok(column::valid_or_null(&kinds));
    }
    let one = |c: &[String], d, o: &mut _| set.are_valid(c, d, o);
    let per_row = |c: &[String], d: &[_], o: &mut _| set.are_valid_per_row(c, d, o);
    are_valid_with(codes, date, one, per_row)
}

/// [`are_valid`] answered by `one` and `per_row`, as [`reasons_with`].
pub(crate) fn are_valid_with(
    codes: &JsValue,
    date: &JsValue,
    one: impl FnOnce(&[String], Date, &mut Vec<bool>),
    per_row: impl FnOnce(
        &[String],
        &[Option<Date>],
        &mut Vec<Option<bool>>,
    ) -> Result<(), LengthMismatch>,
) -> Result<JsValue, JsValue> {
    Ok(match column(codes, date, one, per_row)? {
        Column::One(valid) => array(valid, JsValue::from),
        Column::PerRow(valid) => array(valid, |v| v.map_or(JsValue::NULL, JsValue::from)),
    })
}

/// `reasons` of codes given as one string, one code a line (`\n` or `\r\n`), read in
/// place by the core's batch engine.
pub(crate) fn reasons_of_lines<S: System>(
    lines: &JsValue,
    date: &JsValue,
) -> Result<Vec<u8>, JsValue> {
    let lines = Lines::of_text(column::text_arg(lines, "lines")?);
    let date = date_arg(date, "date")?;
    engine_reasons::<S>(&lines, &Dates::One(date))
}

pub(crate) fn coverage<S: System>(set: CodeSet<S>) -> JsValue {
    let (first, last) = set.coverage();
    Obj::new()
        .set("first", first.to_string())
        .set("last", last.to_string())
        .into_js()
}

pub(crate) fn releases<S: System>(set: CodeSet<S>) -> JsValue {
    array(set.releases(), release_js)
}

pub(crate) fn release_on<S: System>(set: CodeSet<S>, date: &JsValue) -> Result<JsValue, JsValue> {
    let date = date_arg(date, "date")?;
    Ok(set.release_on(date).map_or(JsValue::UNDEFINED, release_js))
}

pub(crate) fn title_sources<S: System>(set: CodeSet<S>) -> JsValue {
    if !crate::HAS_TITLES {
        return Array::new().into();
    }
    array(set.title_sources(), title_source_js)
}

pub(crate) fn codes<S: System, C: From<Code<S>>>(set: CodeSet<S>) -> Vec<C> {
    set.codes().map(C::from).collect()
}

pub(crate) fn codes_valid_on<S: System, C: From<Code<S>>>(
    set: CodeSet<S>,
    date: &JsValue,
) -> Result<Vec<C>, JsValue> {
    let date = date_arg(date, "date")?;
    Ok(set.codes_valid_on(date).map(C::from).collect())
}

pub(crate) fn codes_starting_with<S: System, C: From<Code<S>>>(
    set: CodeSet<S>,
    prefix: &JsValue,
    limit: &JsValue,
) -> Result<Vec<C>, JsValue> {
    let prefix = string_arg(prefix, "prefix")?;
    let limit = limit_arg(limit, "limit", DEFAULT_PREFIX_LIMIT)?;
    Ok(set
        .codes_starting_with(&prefix)
        .take(limit)
        .map(C::from)
        .collect())
}

pub(crate) fn title_js(title: Option<Title>) -> Option<String> {
    title.map(|t| t.text.into_owned())
}

/// A date argument of a title call; `None` outside the system's data, where no title is
/// in force (as `reason` says `date_out_of_range` there, not the nearest release's answer).
fn title_date<S: System>(code: &Code<S>, date: &JsValue) -> Result<Option<Date>, JsValue> {
    let d = date_arg(date, "date")?;
    Ok(code.system().check_date(d).is_ok().then_some(d))
}

/// A title read on a date (`titleOn`, `shortTitleOn`): `null` for a date outside the data.
pub(crate) fn title_on<S: System>(
    code: Code<S>,
    date: &JsValue,
    read: fn(&Code<S>, Date) -> Option<Title>,
) -> Result<Option<String>, JsValue> {
    Ok(title_date(&code, date)?.and_then(|d| title_js(read(&code, d))))
}

/// `{ text, source }` of the long title in force on a date.
pub(crate) fn title_details_on<S: System>(
    code: Code<S>,
    date: &JsValue,
) -> Result<JsValue, JsValue> {
    Ok(
        match title_date(&code, date)?.and_then(|d| code.title_on(d)) {
            Some(t) => Obj::new()
                .set("text", t.text.as_ref())
                .set("source", title_source_js(t.source))
                .into_js(),
            None => JsValue::UNDEFINED,
        },
    )
}

pub(crate) fn validity<S: System>(code: Code<S>) -> JsValue {
    array(code.validity(), |r| range_js(&r).into_js())
}

pub(crate) fn validity_spans<S: System>(code: Code<S>) -> JsValue {
    array(code.validity_spans(), |s| {
        range_js(&s.range)
            .set("billable", s.billable)
            .set(
                "mceFlags",
                array(s.mce_flags.iter(), |f| interned(f.name())),
            )
            .into_js()
    })
}

pub(crate) fn mce_flags_on<S: System>(code: Code<S>, date: &JsValue) -> Result<JsValue, JsValue> {
    Ok(match code.mce_flags_on(date_arg(date, "date")?) {
        Some(flags) => array(flags.iter(), |f| interned(f.name())),
        None => JsValue::UNDEFINED,
    })
}

/// A yes/no question about a code on a date (`isValidOn`, `isPresentOn`).
pub(crate) fn on_date<S: System>(
    code: Code<S>,
    date: &JsValue,
    ask: fn(&Code<S>, Date) -> bool,
) -> Result<bool, JsValue> {
    Ok(ask(&code, date_arg(date, "date")?))
}

/// The handles of some codes, in order.
pub(crate) fn handles<S: System, C: From<Code<S>>>(codes: impl Iterator<Item = Code<S>>) -> Vec<C> {
    codes.map(C::from).collect()
}

/// Declares a code system's set class and code class (`$set_doc`/`$code_doc` their doc
/// comments) over the core's `CodeSet<$S>` and `Code<$S>`, with every shared method; the
/// system's file adds its extras in its own `#[wasm_bindgen] impl` blocks, and a
/// `json_fields(&self, Obj) -> Obj` on the code class: the fields `toJSON` puts between
/// `code` and `title` (its declared type is `$json`).
macro_rules! code_set_classes {
    (
        $(#[doc = $set_doc:tt])* $Set:ident,
        $(#[doc = $code_doc:tt])* $Code:ident: $json:literal,
        $S:ty
    ) => {
        // The callers write `#[doc = " ..."]`, not `///`: a doc comment passed through a
        // `macro_rules!` becomes a raw string, which wasm-bindgen copies into the .d.ts with
        // its `r"`.
        $(#[doc = $set_doc])*
        #[wasm_bindgen]
        #[derive(Clone, Copy, Default)]
        pub struct $Set {
            inner: medcodes::CodeSet<$S>,
        }

        $(#[doc = $code_doc])*
        #[wasm_bindgen]
        #[derive(Clone, Copy)]
        pub struct $Code {
            inner: medcodes::Code<$S>,
        }

        impl From<medcodes::Code<$S>> for $Code {
            fn from(inner: medcodes::Code<$S>) -> $Code {
                $Code { inner }
            }
        }

        #[wasm_bindgen]
        impl $Set {
            #[wasm_bindgen(constructor)]
            pub fn new() -> $Set {
                $Set::default()
            }

            /// Finds a code (or a header: a level of the hierarchy above codes) in any
            /// release, without regard to date: `undefined` when there is none (`verdict`
            /// says why).
            pub fn lookup(&self, #[wasm_bindgen(unchecked_param_type = "string")] code: JsValue) -> Result<Option<$Code>, JsValue> {
                crate::codeset::lookup(self.inner, &code)
            }

            /// Whether the input is a code (or header) of any release, and if not why: a
            /// `Verdict` without a date (`valid`, `empty`, `too_long`, `malformed`, `unknown`).
            #[wasm_bindgen(unchecked_return_type = "Verdict")]
            pub fn verdict(&self, #[wasm_bindgen(unchecked_param_type = "string")] code: JsValue) -> Result<JsValue, JsValue> {
                crate::codeset::verdict(self.inner, &code)
            }

            /// Validates a code for a date of service: a code valid (billable, in force) on
            /// that date, or the reason why not. Invalid codes are results; only a wrong
            /// argument type (`TypeError`) or an unreadable date (`DateError`) throws.
            #[wasm_bindgen(unchecked_return_type = "Verdict")]
            pub fn validate(&self, #[wasm_bindgen(unchecked_param_type = "string")] code: JsValue, #[wasm_bindgen(unchecked_param_type = "DateInput")] date: JsValue) -> Result<JsValue, JsValue> {
                crate::codeset::validate(self.inner, &code, &date)
            }

            /// Whether the code is valid (billable, in force) on the date.
            #[wasm_bindgen(js_name = isValid)]
            pub fn is_valid(&self, #[wasm_bindgen(unchecked_param_type = "string")] code: JsValue, #[wasm_bindgen(unchecked_param_type = "DateInput")] date: JsValue) -> Result<bool, JsValue> {
                crate::codeset::is_valid(self.inner, &code, &date)
            }

            /// The verdict's reason alone (`'valid'`, `'not_billable'`, ...), without
            /// building the message.
            #[wasm_bindgen(unchecked_return_type = "ReasonKind")]
            pub fn reason(&self, #[wasm_bindgen(unchecked_param_type = "string")] code: JsValue, #[wasm_bindgen(unchecked_param_type = "DateInput")] date: JsValue) -> Result<JsValue, JsValue> {
                crate::codeset::reason(self.inner, &code, &date)
            }

            /// Typed in `BatchCalls`.
            #[wasm_bindgen(js_name = validateMany, skip_typescript)]
            pub fn validate_many(&self, codes: JsValue, date: JsValue) -> Result<JsValue, JsValue> {
                crate::codeset::validate_many(self.inner, &codes, &date)
            }

            /// Typed in `BatchCalls`.
            #[wasm_bindgen(skip_typescript)]
            pub fn reasons(&self, codes: JsValue, date: JsValue) -> Result<JsValue, JsValue> {
                crate::codeset::reasons(self.inner, &codes, &date)
            }

            /// Typed in `BatchCalls`.
            #[wasm_bindgen(js_name = areValid, skip_typescript)]
            pub fn are_valid(&self, codes: JsValue, date: JsValue) -> Result<JsValue, JsValue> {
                crate::codeset::are_valid(self.inner, &codes, &date)
            }

            /// Like `reasons`, for codes given as one string, one code a line (`\n` or
            /// `\r\n`): the fastest way across the JS/wasm boundary.
            #[wasm_bindgen(js_name = reasonsOfLines)]
            pub fn reasons_of_lines(&self, #[wasm_bindgen(unchecked_param_type = "string")] lines: JsValue, #[wasm_bindgen(unchecked_param_type = "DateInput")] date: JsValue) -> Result<Vec<u8>, JsValue> {
                crate::codeset::reasons_of_lines::<$S>(&lines, &date)
            }

            /// First and last date of service the bundled data covers.
            #[wasm_bindgen(getter, unchecked_return_type = "{ first: string; last: string }")]
            pub fn coverage(&self) -> JsValue {
                crate::codeset::coverage(self.inner)
            }

            /// Every release (a date on which codes were added, deleted or changed), oldest
            /// first.
            #[wasm_bindgen(unchecked_return_type = "Release[]")]
            pub fn releases(&self) -> JsValue {
                crate::codeset::releases(self.inner)
            }

            /// The release in force on a date (`undefined` outside the covered dates).
            #[wasm_bindgen(js_name = releaseOn, unchecked_return_type = "Release | undefined")]
            pub fn release_on(&self, #[wasm_bindgen(unchecked_param_type = "DateInput")] date: JsValue) -> Result<JsValue, JsValue> {
                crate::codeset::release_on(self.inner, &date)
            }

            /// The releases the titles come from, oldest first (empty without titles).
            #[wasm_bindgen(getter, js_name = titleSources, unchecked_return_type = "TitleSource[]")]
            pub fn title_sources(&self) -> JsValue {
                crate::codeset::title_sources(self.inner)
            }

            /// Every code (and header) in the bundled data, all releases, in code order.
            pub fn codes(&self) -> Vec<$Code> {
                crate::codeset::codes(self.inner)
            }

            /// The codes valid (billable, in force) on a date, in code order.
            #[wasm_bindgen(js_name = codesValidOn)]
            pub fn codes_valid_on(&self, #[wasm_bindgen(unchecked_param_type = "DateInput")] date: JsValue) -> Result<Vec<$Code>, JsValue> {
                crate::codeset::codes_valid_on(self.inner, &date)
            }

            /// The codes and headers (any release) that start with a prefix, itself
            /// included, in code order, at most `limit` (default 50). Case, spaces and the
            /// system's punctuation are ignored.
            #[wasm_bindgen(js_name = codesStartingWith)]
            pub fn codes_starting_with(&self, #[wasm_bindgen(unchecked_param_type = "string")] prefix: JsValue, #[wasm_bindgen(unchecked_optional_param_type = "number")] limit: JsValue) -> Result<Vec<$Code>, JsValue> {
                crate::codeset::codes_starting_with(self.inner, &prefix, &limit)
            }
        }

        #[wasm_bindgen]
        impl $Code {
            /// The canonical form, e.g. `'E11.9'`, `'0DTJ4ZZ'`.
            #[wasm_bindgen(getter)]
            pub fn code(&self) -> String {
                self.inner.code().as_str().to_owned()
            }

            /// The characters without punctuation, e.g. `'E119'`.
            #[wasm_bindgen(getter)]
            pub fn undotted(&self) -> String {
                self.inner.undotted().as_str().to_owned()
            }

            /// Valid (billable, in force) on the date.
            #[wasm_bindgen(js_name = isValidOn)]
            pub fn is_valid_on(&self, #[wasm_bindgen(unchecked_param_type = "DateInput")] date: JsValue) -> Result<bool, JsValue> {
                crate::codeset::on_date(self.inner, &date, medcodes::Code::is_valid_on)
            }

            /// In force on the date, as a valid code or as a header.
            #[wasm_bindgen(js_name = isPresentOn)]
            pub fn is_present_on(&self, #[wasm_bindgen(unchecked_param_type = "DateInput")] date: JsValue) -> Result<bool, JsValue> {
                crate::codeset::on_date(self.inner, &date, medcodes::Code::is_present_on)
            }

            /// The long title from the newest source that has the code (`undefined` without
            /// titles in the module, or when no source has one).
            #[wasm_bindgen(getter)]
            pub fn title(&self) -> Option<String> {
                crate::codeset::title_js(self.inner.title())
            }

            /// The short (abbreviated) title from the newest source that has one.
            #[wasm_bindgen(getter, js_name = shortTitle)]
            pub fn short_title(&self) -> Option<String> {
                crate::codeset::title_js(self.inner.short_title())
            }

            /// The long title in force on a date of service.
            #[wasm_bindgen(js_name = titleOn)]
            pub fn title_on(&self, #[wasm_bindgen(unchecked_param_type = "DateInput")] date: JsValue) -> Result<Option<String>, JsValue> {
                crate::codeset::title_on(self.inner, &date, medcodes::Code::title_on)
            }

            /// The short title in force on a date, where a source has one.
            #[wasm_bindgen(js_name = shortTitleOn)]
            pub fn short_title_on(&self, #[wasm_bindgen(unchecked_param_type = "DateInput")] date: JsValue) -> Result<Option<String>, JsValue> {
                crate::codeset::title_on(self.inner, &date, medcodes::Code::short_title_on)
            }

            /// The long title in force on a date with the release it comes from.
            #[wasm_bindgen(js_name = titleDetailsOn, unchecked_return_type = "{ text: string; source: TitleSource } | undefined")]
            pub fn title_details_on(&self, #[wasm_bindgen(unchecked_param_type = "DateInput")] date: JsValue) -> Result<JsValue, JsValue> {
                crate::codeset::title_details_on(self.inner, &date)
            }

            /// The date ranges in which the code is in force (valid or header), merged.
            #[wasm_bindgen(getter, unchecked_return_type = "ValidityRange[]")]
            pub fn validity(&self) -> JsValue {
                crate::codeset::validity(self.inner)
            }

            /// Every validity span with its billable status and Medicare Code Editor flags.
            #[wasm_bindgen(getter, js_name = validitySpans, unchecked_return_type = "ValiditySpan[]")]
            pub fn validity_spans(&self) -> JsValue {
                crate::codeset::validity_spans(self.inner)
            }

            /// The MCE edit flags in force on a date (`undefined` when not valid then).
            #[wasm_bindgen(js_name = mceFlagsOn, unchecked_return_type = "string[] | undefined")]
            pub fn mce_flags_on(&self, #[wasm_bindgen(unchecked_param_type = "DateInput")] date: JsValue) -> Result<JsValue, JsValue> {
                crate::codeset::mce_flags_on(self.inner, &date)
            }

            /// The code one level up (`undefined` at the top of the hierarchy).
            #[wasm_bindgen(getter)]
            pub fn parent(&self) -> Option<$Code> {
                self.inner.parent().map($Code::from)
            }

            /// Parent, grandparent, ... up to the top of the hierarchy (nearest first).
            pub fn ancestors(&self) -> Vec<$Code> {
                crate::codeset::handles(self.inner.ancestors())
            }

            /// The codes one level below, in code order, across all releases.
            pub fn children(&self) -> Vec<$Code> {
                crate::codeset::handles(self.inner.children())
            }

            /// Every code below this one, in code order, across all releases.
            pub fn descendants(&self) -> Vec<$Code> {
                crate::codeset::handles(self.inner.descendants())
            }

            /// Whether two handles are the same code.
            pub fn equals(&self, other: &$Code) -> bool {
                self.inner == other.inner
            }

            /// The canonical form.
            #[wasm_bindgen(js_name = toString)]
            pub fn to_string_js(&self) -> String {
                self.code()
            }

            /// The code, the system's own fields and the title, for `JSON.stringify`.
            #[wasm_bindgen(js_name = toJSON, unchecked_return_type = $json)]
            pub fn to_json(&self) -> JsValue {
                let o = self.json_fields(crate::js::Obj::new().set("code", self.code()));
                o.set("title", crate::js::str_or_null(self.title().as_deref())).into_js()
            }
        }
    };
}

pub(crate) use code_set_classes;
