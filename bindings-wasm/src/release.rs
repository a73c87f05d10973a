//! A CMS release loaded at run time over the built-in tables (`medcodes::release`; feature
//! `release`, not in the lite build): `Icd10Cm.withRelease(name, bytes, effective?)` (or
//! `(files, effective?)`) gives an `Icd10CmWithRelease`, `Icd10Pcs.withRelease` an
//! `Icd10PcsWithRelease`, which answer like the code set with the release applied from its
//! effective date. A file that cannot be loaded throws a `ReleaseError` naming the file,
//! line and field; nothing is applied.
//!
//! This module reads no zip and no XML (the core's `release-zip` and `release-xml` features
//! are off: they would weigh on every download): the order file, and its addenda, are read;
//! a zip or a tabular list is the core's `unsupported` error. Every rule is the core's
//! `WithRelease<S>`; the batch calls answer code by code through it (the batch engine knows
//! the built-in tables only).

use js_sys::{Array, Reflect};
use medcodes::release::{
    ReleaseCode, ReleaseDifferences, ReleaseError as CoreError, ReleaseInfo, ReleaseTitle,
    WithRelease,
};
use medcodes::{CodeSet, Date, System};
use wasm_bindgen::prelude::*;

use crate::codeset::{are_valid_with, date_js, reasons_with, validate_many_with, verdict_for};
#[cfg(feature = "icd10cm")]
use crate::icd10cm::Icd10Cm;
#[cfg(feature = "icd10pcs")]
use crate::icd10pcs::Icd10Pcs;
use crate::js::{
    array, array_arg, bytes_arg, date_arg, interned, opt_date_arg, str_or_null, string_arg,
    type_error, ErrorFields, Obj,
};

// The types of the results and of `ReleaseError` are declared in lib.rs, for every build
// (the error class is exported by each).

/// The `ReleaseError` of a core [`CoreError`]: `kind` and the fields Python's `ReleaseError`
/// has (camelCased), each set only where the variant has it.
fn release_error_js(e: &CoreError) -> JsValue {
    let err = ErrorFields::new("ReleaseError", &e.to_string());
    let at =
        |err: ErrorFields, file: &str, line: usize| err.set("file", file).set("line", line as f64);
    let err = match e {
        CoreError::Io { path, .. } => err.set("path", path.to_string_lossy().into_owned()),
        CoreError::NoOrderFile { path, expected, .. } => err
            .set("path", path.to_string_lossy().into_owned())
            .set("expected", *expected),
        CoreError::FileName { file, expected } => {
            err.set("file", file.as_str()).set("expected", *expected)
        }
        CoreError::WrongSystem { file, expected, .. } => {
            err.set("file", file.as_str()).set("expected", *expected)
        }
        CoreError::Empty { file } => err.set("file", file.as_str()),
        CoreError::Encoding { file, line, detail } => at(err, file, *line).set("detail", *detail),
        CoreError::LineTooShort {
            file,
            line,
            length,
            expected,
        } => at(err, file, *line)
            .set("value", format!("{length} characters"))
            .set("expected", format!("at least {expected} characters")),
        CoreError::Field {
            file,
            line,
            field,
            value,
            expected,
        } => at(err, file, *line)
            .set("field", *field)
            .set("value", value.as_str())
            .set("expected", *expected),
        CoreError::OrderNumber {
            file, line, order, ..
        } => at(err, file, *line)
            .set("field", "order number")
            .set("value", order.to_string()),
        CoreError::DuplicateCode {
            file, line, code, ..
        } => at(err, file, *line)
            .set("field", "code")
            .set("code", code.as_str()),
        CoreError::Hierarchy {
            file,
            line,
            code,
            detail,
        } => at(err, file, *line)
            .set("field", "header/billable flag")
            .set("code", code.as_str())
            .set("detail", detail.as_str()),
        CoreError::FiscalYear {
            file,
            fiscal_year,
            effective,
            detail,
        } => err
            .set("file", file.as_str())
            .set("detail", detail.as_str())
            .set("fiscalYear", fiscal_year.0)
            .set("effective", effective.to_string()),
        CoreError::Zip { file, detail } => err
            .set("file", file.as_str())
            .set("detail", detail.as_str()),
        CoreError::Xml { file, line, detail } => {
            at(err, file, *line).set("detail", detail.as_str())
        }
        CoreError::Disagree {
            file,
            line,
            code,
            other,
            detail,
        } => at(err, file, *line)
            .set("code", code.as_str())
            .set("path", other.as_str())
            .set("detail", detail.as_str()),
        CoreError::Unsupported { file, detail } => {
            err.set("file", file.as_str()).set("detail", *detail)
        }
        // A kind added to the core before the bindings learn its fields: the kind alone.
        _ => err,
    };
    err.set("kind", e.kind()).into_js()
}

/// What the TypeError of a first argument that is neither form says.
const NAME_OR_FILES: &str = "a file name (string) or an array of { name, bytes } files";

/// The files of the array form: `[{ name, bytes }, ...]`, each checked (`files[1].bytes`).
fn files_arg(value: &JsValue) -> Result<Vec<(String, Vec<u8>)>, JsValue> {
    let items = array_arg(value, "files")?;
    let mut out = Vec::with_capacity(items.length() as usize);
    for (i, item) in items.iter().enumerate() {
        if !item.is_object() || Array::is_array(&item) {
            return Err(type_error(
                &format!("files[{i}]"),
                "an object { name, bytes }",
                &item,
            ));
        }
        let field = |k: &str| Reflect::get(&item, &JsValue::from_str(k));
        let name = string_arg(&field("name")?, &format!("files[{i}].name"))?;
        let bytes = bytes_arg(&field("bytes")?, &format!("files[{i}].bytes"))?;
        out.push((name, bytes));
    }
    Ok(out)
}

/// `withRelease(name, bytes, effective?)` or `withRelease(files, effective?)`: the core's
/// `with_release_bytes` or `with_release_files` over the built-in tables of `S`.
fn load<S: System>(
    first: &JsValue,
    second: &JsValue,
    third: &JsValue,
) -> Result<WithRelease<S>, JsValue> {
    let set = CodeSet::<S>::new();
    let loaded = if Array::is_array(first) {
        if !third.is_undefined() {
            return Err(type_error(
                "effective",
                "the second argument when the first is an array of files (withRelease(files, effective?))",
                third,
            ));
        }
        let files = files_arg(first)?;
        let effective = opt_date_arg(second, "effective")?;
        let files: Vec<(&str, &[u8])> = files
            .iter()
            .map(|(n, b)| (n.as_str(), b.as_slice()))
            .collect();
        set.with_release_files(&files, effective)
    } else {
        let name = first
            .as_string()
            .ok_or_else(|| type_error("name", NAME_OR_FILES, first))?;
        let bytes = bytes_arg(second, "bytes")?;
        let effective = opt_date_arg(third, "effective")?;
        set.with_release_bytes(&name, &bytes, effective)
    };
    loaded.map_err(|e| release_error_js(&e))
}

/// `{ system, file, name, fiscalYear, effective, role, codes, billable, addenda, tabular }`.
fn info_js(i: &ReleaseInfo) -> JsValue {
    let addenda = i.addenda.map_or(JsValue::NULL, |a| {
        Obj::new()
            .set("added", a.added as f64)
            .set("deleted", a.deleted as f64)
            .set("revised", a.revised as f64)
            .into_js()
    });
    Obj::new()
        .set("system", interned(i.system.id()))
        .set("file", i.file.as_str())
        .set("name", i.name())
        .set("fiscalYear", i.fiscal_year.0)
        .set("effective", i.effective.to_string())
        .set("role", interned(i.role.as_str()))
        .set("codes", i.codes as f64)
        .set("billable", i.billable as f64)
        .set("addenda", addenda)
        .set("tabular", str_or_null(i.tabular.as_deref()))
        .into_js()
}

fn title_js(t: &ReleaseTitle) -> JsValue {
    Obj::new()
        .set("text", t.text.as_str())
        .set("source", t.source.as_str())
        .set("effective", t.effective.to_string())
        .set("fromRelease", t.from_release)
        .into_js()
}

fn code_js<S: System>(c: &ReleaseCode<S>) -> JsValue {
    let text = |t: &Option<ReleaseTitle>| str_or_null(t.as_ref().map(|t| t.text.as_str()));
    Obj::new()
        .set("code", c.code.as_str())
        .set("inRelease", c.in_release.is_some())
        .set("inBuiltIn", c.built_in.is_some())
        .set("title", text(&c.title))
        .set("shortTitle", text(&c.short_title))
        .set(
            "titleSource",
            str_or_null(c.title.as_ref().map(|t| t.source.as_str())),
        )
        .set(
            "titleFromRelease",
            c.title.as_ref().is_some_and(|t| t.from_release),
        )
        .into_js()
}

fn strings(items: &[String]) -> JsValue {
    array(items, |s| JsValue::from_str(s))
}

fn differences_js(d: &ReleaseDifferences) -> JsValue {
    Obj::new()
        .set("comparedOn", d.compared_on.to_string())
        .set("added", strings(&d.added))
        .set("deleted", strings(&d.deleted))
        .set("nowBillable", strings(&d.now_billable))
        .set("nowHeaders", strings(&d.now_headers))
        .set(
            "retitled",
            array(&d.retitled, |r| {
                Obj::new()
                    .set("code", r.code.as_str())
                    .set("builtIn", r.built_in.as_str())
                    .set("release", r.release.as_str())
                    .into_js()
            }),
        )
        .set("newlyTitled", strings(&d.newly_titled))
        .into_js()
}

fn coverage<S: System>(w: &WithRelease<S>) -> JsValue {
    let (first, last) = w.coverage();
    Obj::new()
        .set("first", first.to_string())
        .set("last", last.to_string())
        .into_js()
}

fn lookup<S: System>(w: &WithRelease<S>, code: &JsValue) -> Result<JsValue, JsValue> {
    let code = string_arg(code, "code")?;
    Ok(w.lookup(&code).map_or(JsValue::UNDEFINED, |c| code_js(&c)))
}

fn verdict<S: System>(w: &WithRelease<S>, code: &JsValue) -> Result<JsValue, JsValue> {
    let code = string_arg(code, "code")?;
    let found = w.lookup(&code);
    let canonical = found.as_ref().map(|c| c.code.as_str());
    Ok(verdict_for::<S>(&code, canonical, None))
}

/// The `Verdict` of a code on a date, `date` the date as a JS string.
fn verdict_on<S: System>(
    w: &WithRelease<S>,
    code: &str,
    date: Date,
    js: &JsValue,
) -> (JsValue, bool) {
    let found = w.validate(code, date);
    let canonical = found.as_ref().map(|c| c.code.as_str());
    (verdict_for::<S>(code, canonical, Some(js)), found.is_ok())
}

fn validate<S: System>(
    w: &WithRelease<S>,
    code: &JsValue,
    date: &JsValue,
) -> Result<JsValue, JsValue> {
    let code = string_arg(code, "code")?;
    let date = date_arg(date, "date")?;
    Ok(verdict_on(w, &code, date, &date_js(date)).0)
}

fn reason<S: System>(
    w: &WithRelease<S>,
    code: &JsValue,
    date: &JsValue,
) -> Result<JsValue, JsValue> {
    let kind = w.reason(&string_arg(code, "code")?, date_arg(date, "date")?);
    Ok(interned(kind.as_str()))
}

fn is_valid<S: System>(
    w: &WithRelease<S>,
    code: &JsValue,
    date: &JsValue,
) -> Result<bool, JsValue> {
    Ok(w.is_valid(&string_arg(code, "code")?, date_arg(date, "date")?))
}

fn reasons<S: System>(
    w: &WithRelease<S>,
    codes: &JsValue,
    date: &JsValue,
) -> Result<JsValue, JsValue> {
    reasons_with(
        codes,
        date,
        |c, d, out| w.reasons(c, d, out),
        |c, ds, out| w.reasons_per_row(c, ds, out),
    )
}

fn are_valid<S: System>(
    w: &WithRelease<S>,
    codes: &JsValue,
    date: &JsValue,
) -> Result<JsValue, JsValue> {
    are_valid_with(
        codes,
        date,
        |c, d, out| w.are_valid(c, d, out),
        |c, ds, out| w.are_valid_per_row(c, ds, out),
    )
}

fn validate_many<S: System>(
    w: &WithRelease<S>,
    codes: &JsValue,
    date: &JsValue,
) -> Result<JsValue, JsValue> {
    validate_many_with(codes, date, |code, date, js| verdict_on(w, code, date, js))
}

/// A title on a date (`titleOn`, `shortTitleOn`).
fn title_on<S: System>(
    w: &WithRelease<S>,
    code: &JsValue,
    date: &JsValue,
    read: fn(&WithRelease<S>, &str, Date) -> Option<ReleaseTitle>,
) -> Result<Option<String>, JsValue> {
    let code = string_arg(code, "code")?;
    let date = date_arg(date, "date")?;
    Ok(read(w, &code, date).map(|t| t.text))
}

fn title_details_on<S: System>(
    w: &WithRelease<S>,
    code: &JsValue,
    date: &JsValue,
) -> Result<JsValue, JsValue> {
    let code = string_arg(code, "code")?;
    let date = date_arg(date, "date")?;
    Ok(w.title_on(&code, date)
        .map_or(JsValue::UNDEFINED, |t| title_js(&t)))
}

fn codes_valid_on<S: System>(w: &WithRelease<S>, date: &JsValue) -> Result<JsValue, JsValue> {
    let date = date_arg(date, "date")?;
    Ok(array(w.codes_valid_on(date), |c| {
        JsValue::from_str(c.as_str())
    }))
}

fn is_current_on<S: System>(w: &WithRelease<S>, date: &JsValue) -> Result<bool, JsValue> {
    Ok(w.is_current_on(date_arg(date, "date")?))
}

/// Stamps onto a code set's class with a release (`$Class`, over `WithRelease<$S>`) its
/// methods, each a one-line wrapper of the generic functions above, and onto `$Set` its
/// `withRelease` (typed by overloads in a namespace merged into the class).
macro_rules! with_release_class {
    ($Class:ident, $Set:ident, $set_name:literal, $order:literal, $S:ty) => {
        #[wasm_bindgen]
        impl $Set {
            /// Typed in the namespace merged into the class (two forms).
            #[wasm_bindgen(js_name = withRelease, skip_typescript)]
            pub fn with_release(first: JsValue, second: JsValue, third: JsValue) -> Result<$Class, JsValue> {
                load::<$S>(&first, &second, &third).map(|inner| $Class { inner })
            }
        }

        #[wasm_bindgen(typescript_custom_section)]
        const _: &'static str = concat!(
            "export declare namespace ", $set_name, " {\n",
            "  /** Loads a CMS release over the built-in tables: its order file (`", $order, "`), whose ",
            "name says the release (`_2028.txt`: FY2028, from 2027-10-01; `_April_2028.txt`: from 2028-04-01) ",
            "unless `effective` gives its first date of service. A file that cannot be loaded throws a ",
            "`ReleaseError` naming the file, line and field; nothing is applied. This module reads no zip or ",
            "XML (`kind: 'unsupported'`): give the files in a zip. */\n",
            "  function withRelease(name: string, bytes: Uint8Array | ArrayBuffer, effective?: DateInput | null): ", stringify!($Class), ";\n",
            "  /** Several files of one release: the order file with its addenda (checked against it). */\n",
            "  function withRelease(files: ReadonlyArray<ReleaseFile>, effective?: DateInput | null): ", stringify!($Class), ";\n",
            "}\n",
            "export interface ", stringify!($Class), " extends BatchCalls {}\n",
        );

        #[wasm_bindgen]
        impl $Class {
            /// What was loaded: the file, its fiscal year and effective date, its role,
            /// its codes.
            #[wasm_bindgen(getter, unchecked_return_type = "ReleaseInfo")]
            pub fn info(&self) -> JsValue {
                info_js(self.inner.release())
            }

            /// First and last date of service answered: the built-in coverage, extended to
            /// the end of an update's fiscal year.
            #[wasm_bindgen(getter, unchecked_return_type = "{ first: string; last: string }")]
            pub fn coverage(&self) -> JsValue {
                coverage(&self.inner)
            }

            /// Whether a date of service is within `coverage`.
            #[wasm_bindgen(js_name = isCurrentOn)]
            pub fn is_current_on(&self, #[wasm_bindgen(unchecked_param_type = "DateInput")] date: JsValue) -> Result<bool, JsValue> {
                is_current_on(&self.inner, &date)
            }

            /// A code in the built-in tables or the release, without regard to date, with
            /// its newest titles; `undefined` when neither has it (`verdict` says why).
            #[wasm_bindgen(unchecked_return_type = "ReleaseCode | undefined")]
            pub fn lookup(&self, #[wasm_bindgen(unchecked_param_type = "string")] code: JsValue) -> Result<JsValue, JsValue> {
                lookup(&self.inner, &code)
            }

            /// Whether the input is a code (or header) of the built-in tables or the
            /// release, and if not why: a `Verdict` without a date.
            #[wasm_bindgen(unchecked_return_type = "Verdict")]
            pub fn verdict(&self, #[wasm_bindgen(unchecked_param_type = "string")] code: JsValue) -> Result<JsValue, JsValue> {
                verdict(&self.inner, &code)
            }

            /// Validates a code for a date of service: the built-in tables before the
            /// release's effective date, the release from then (a titles release: the
            /// built-in tables always). Invalid codes are results.
            #[wasm_bindgen(unchecked_return_type = "Verdict")]
            pub fn validate(&self, #[wasm_bindgen(unchecked_param_type = "string")] code: JsValue, #[wasm_bindgen(unchecked_param_type = "DateInput")] date: JsValue) -> Result<JsValue, JsValue> {
                validate(&self.inner, &code, &date)
            }

            /// Whether the code is valid (billable, in force) on the date.
            #[wasm_bindgen(js_name = isValid)]
            pub fn is_valid(&self, #[wasm_bindgen(unchecked_param_type = "string")] code: JsValue, #[wasm_bindgen(unchecked_param_type = "DateInput")] date: JsValue) -> Result<bool, JsValue> {
                is_valid(&self.inner, &code, &date)
            }

            /// The verdict's reason alone.
            #[wasm_bindgen(unchecked_return_type = "ReasonKind")]
            pub fn reason(&self, #[wasm_bindgen(unchecked_param_type = "string")] code: JsValue, #[wasm_bindgen(unchecked_param_type = "DateInput")] date: JsValue) -> Result<JsValue, JsValue> {
                reason(&self.inner, &code, &date)
            }

            /// Typed in `BatchCalls`.
            #[wasm_bindgen(js_name = validateMany, skip_typescript)]
            pub fn validate_many(&self, codes: JsValue, date: JsValue) -> Result<JsValue, JsValue> {
                validate_many(&self.inner, &codes, &date)
            }

            /// Typed in `BatchCalls`.
            #[wasm_bindgen(skip_typescript)]
            pub fn reasons(&self, codes: JsValue, date: JsValue) -> Result<JsValue, JsValue> {
                reasons(&self.inner, &codes, &date)
            }

            /// Typed in `BatchCalls`.
            #[wasm_bindgen(js_name = areValid, skip_typescript)]
            pub fn are_valid(&self, codes: JsValue, date: JsValue) -> Result<JsValue, JsValue> {
                are_valid(&self.inner, &codes, &date)
            }

            /// The long title in force on a date: the release's where its titles apply,
            /// else the built-in one (`undefined`: no source titles it).
            #[wasm_bindgen(js_name = titleOn)]
            pub fn title_on(&self, #[wasm_bindgen(unchecked_param_type = "string")] code: JsValue, #[wasm_bindgen(unchecked_param_type = "DateInput")] date: JsValue) -> Result<Option<String>, JsValue> {
                title_on(&self.inner, &code, &date, WithRelease::title_on)
            }

            /// The short title in force on a date.
            #[wasm_bindgen(js_name = shortTitleOn)]
            pub fn short_title_on(&self, #[wasm_bindgen(unchecked_param_type = "string")] code: JsValue, #[wasm_bindgen(unchecked_param_type = "DateInput")] date: JsValue) -> Result<Option<String>, JsValue> {
                title_on(&self.inner, &code, &date, WithRelease::short_title_on)
            }

            /// The long title in force on a date with its source.
            #[wasm_bindgen(js_name = titleDetailsOn, unchecked_return_type = "ReleaseTitle | undefined")]
            pub fn title_details_on(&self, #[wasm_bindgen(unchecked_param_type = "string")] code: JsValue, #[wasm_bindgen(unchecked_param_type = "DateInput")] date: JsValue) -> Result<JsValue, JsValue> {
                title_details_on(&self.inner, &code, &date)
            }

            /// The codes valid (billable) on a date, in code order, canonical spelling.
            #[wasm_bindgen(js_name = codesValidOn, unchecked_return_type = "string[]")]
            pub fn codes_valid_on(&self, #[wasm_bindgen(unchecked_param_type = "DateInput")] date: JsValue) -> Result<JsValue, JsValue> {
                codes_valid_on(&self.inner, &date)
            }

            /// What the release changes against the built-in tables.
            #[wasm_bindgen(unchecked_return_type = "ReleaseDifferences")]
            pub fn differences(&self) -> JsValue {
                differences_js(&self.inner.differences())
            }

            /// What was loaded, in words: "FY2028 order file (icd10cm_order_2028.txt): 3 codes (2
            /// billable), effective 2027-10-01, decides validity and titles from then".
            #[wasm_bindgen(js_name = toString)]
            pub fn to_string_js(&self) -> String {
                self.inner.release().to_string()
            }
        }
    };
}

// The classes are declared outside the macro: doc comments passed through a macro reach
// the declarations as `r"..."`.

/// ICD-10-CM with a CMS release loaded over the built-in tables (`Icd10Cm.withRelease`).
/// Holds the release (about 20 MB for a full order file) in the module's memory until
/// `free()`.
#[cfg(feature = "icd10cm")]
#[wasm_bindgen]
pub struct Icd10CmWithRelease {
    inner: WithRelease<medcodes::icd10cm::Icd10CmSystem>,
}

#[cfg(feature = "icd10cm")]
with_release_class! {
    Icd10CmWithRelease, Icd10Cm, "Icd10Cm", "icd10cm_order_2028.txt", medcodes::icd10cm::Icd10CmSystem
}

/// ICD-10-PCS with a CMS release (its order file) loaded over the built-in tables
/// (`Icd10Pcs.withRelease`). Holds the release in the module's memory until `free()`.
#[cfg(feature = "icd10pcs")]
#[wasm_bindgen]
pub struct Icd10PcsWithRelease {
    inner: WithRelease<medcodes::icd10pcs::Icd10PcsSystem>,
}

#[cfg(feature = "icd10pcs")]
with_release_class! {
    Icd10PcsWithRelease, Icd10Pcs, "Icd10Pcs", "icd10pcs_order_2028.txt", medcodes::icd10pcs::Icd10PcsSystem
}
