//! WebAssembly bindings (wasm-bindgen): thin translation of types and errors over `medcodes`.
//!
//! The JS API follows JS habits: camelCase, classes with getters for code handles, plain
//! objects for results, ISO `'YYYY-MM-DD'` strings (or `Date`s, read by their UTC day) for
//! dates, arrays in and out for batches. Invalid codes are results (`Verdict`), never
//! exceptions; only a wrong argument type (`TypeError`, `code: 'ERR_INVALID_ARG_TYPE'`) or an
//! unreadable date (`DateError`) throws.
//!
//! Cargo features: `icd10cm` (the ICD-10-CM code set), `titles` (code titles, the bulk of
//! the module; without it titles are `undefined` and the module is small).

use wasm_bindgen::prelude::*;

mod js;

#[cfg(feature = "icd10cm")]
mod icd10cm;
#[cfg(feature = "icd10cm")]
mod search;

#[cfg(feature = "icd10cm")]
pub use icd10cm::{Icd10Cm, Icd10CmBlock, Icd10CmChapter, Icd10CmCode};

/// Whether this build carries code titles.
pub(crate) const HAS_TITLES: bool = cfg!(feature = "titles");

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = r#"
/** A date of service: ISO `'YYYY-MM-DD'` (or `'YYYYMMDD'`), or a `Date` read by its UTC calendar day. */
export type DateInput = string | Date;

/** Why a code is or is not valid; `'valid'` is the only passing reason. Indexes of `reasonKinds()` are the numbers `reasonCodes` returns. The last five come with the core's coding rules (7th characters, placeholders). */
export type ReasonKind =
  | 'valid' | 'empty' | 'too_long' | 'malformed' | 'unknown'
  | 'not_billable' | 'not_valid_on_date' | 'date_out_of_range'
  | 'incomplete' | 'missing_seventh_character' | 'seventh_character_not_allowed'
  | 'missing_placeholder' | 'unexpected_seventh_character';

/** Where a code sits: a three-character category, a subcategory (a header), or a billable code. */
export type CodeKind = 'category' | 'subcategory' | 'code';

/** An inclusive range of dates of service; `to` is null while the code is still valid. */
export interface ValidityRange { from: string; to: string | null }

/** A validity span with its billable status and Medicare Code Editor flags (e.g. `'manifestation'`). */
export interface ValiditySpan extends ValidityRange { billable: boolean; mceFlags: string[] }

/** A release (update date) of the code set, e.g. `{ effective: '2024-10-01', fiscalYear: 2025, name: 'FY2025' }`. */
export interface Release { effective: string; fiscalYear: number; name: string }

/** A release the bundled titles were taken from. */
export interface TitleSource { name: string; effective: string; origin: string }

/** One input file the bundled tables were generated from. */
export interface DataSource { package: string; version: string; path: string; sha256: string; description: string }

/** Options of `Icd10Cm.search`. */
export interface SearchOptions {
  /** At most this many codes (default 50). */
  limit?: number;
  /** Only codes valid (billable or header) on this date. */
  date?: DateInput;
}

/** `JSON.stringify` form of a code. */
export interface CodeJSON { code: string; undotted: string; kind: CodeKind; billable: boolean; title: string | null }

interface VerdictBase {
  /** Canonical dotted code when the input is well formed, else null. */
  code: string | null;
  /** The date of service (ISO), for verdicts of `validate`/`validateMany`. */
  date?: string;
}
/** The code is valid (and, with a date, billable on it). */
export interface ValidVerdict extends VerdictBase { valid: true; reason: 'valid'; code: string }
interface RejectedBase extends VerdictBase {
  valid: false;
  /** What a coder can act on, e.g. "E11 is a header, not a billable code: ...". */
  message: string;
}
export interface EmptyVerdict extends RejectedBase { reason: 'empty'; code: null }
export interface TooLongVerdict extends RejectedBase { reason: 'too_long'; code: null; input: string; system: string; max: number }
export interface MalformedVerdict extends RejectedBase {
  reason: 'malformed'; code: null;
  /** The input (cut to 40 characters). */
  input: string;
  /** 1-based character position in the trimmed input. */
  position: number;
  found: string;
  expected: string;
}
export interface UnknownVerdict extends RejectedBase { reason: 'unknown'; code: string; system: string; first: string; last: string }
export interface NotBillableVerdict extends RejectedBase {
  reason: 'not_billable'; code: string;
  billableDescendants: number;
  /** The first few billable codes below it. */
  examples: string[];
}
export interface NotValidOnDateVerdict extends RejectedBase { reason: 'not_valid_on_date'; code: string; validity: ValidityRange[] }
export interface DateOutOfRangeVerdict extends RejectedBase { reason: 'date_out_of_range'; system: string; first: string; last: string }
/** A coding-rule rejection (7th character, placeholder, incomplete code): the reason and the core's message. */
export interface RuleVerdict extends RejectedBase {
  reason: 'incomplete' | 'missing_seventh_character' | 'seventh_character_not_allowed' | 'missing_placeholder' | 'unexpected_seventh_character';
}
/** The outcome of validating one code: a discriminated union on `reason`. */
export type Verdict =
  | ValidVerdict | EmptyVerdict | TooLongVerdict | MalformedVerdict | UnknownVerdict
  | NotBillableVerdict | NotValidOnDateVerdict | DateOutOfRangeVerdict | RuleVerdict;

/** Thrown for a date that cannot be read (`name === 'DateError'`). */
export interface DateError extends Error { name: 'DateError'; kind: 'malformed' | 'invalid'; input?: string; reason?: string }

/** Thrown for an argument of the wrong type (a real `TypeError`). */
export interface ArgumentTypeError extends TypeError { name: 'TypeError'; code: 'ERR_INVALID_ARG_TYPE'; argument: string; expected: string; received: string }

/** What this module was built with. */
export interface BuildInfo { version: string; systems: string[]; titles: boolean }
"#;

/// The names of the reasons, indexed by the numbers `Icd10Cm.reasonCodes` returns
/// (0 = `'valid'`).
#[wasm_bindgen(js_name = reasonKinds, unchecked_return_type = "ReasonKind[]")]
pub fn reason_kinds() -> JsValue {
    js::array(medcodes::ReasonKind::ALL, |k| js::interned(k.as_str()))
}

/// What this module was built with: `{ version, systems: ['icd10cm'], titles }`.
#[wasm_bindgen(js_name = buildInfo, unchecked_return_type = "BuildInfo")]
pub fn build_info() -> JsValue {
    let systems: &[&str] = if cfg!(feature = "icd10cm") {
        &["icd10cm"]
    } else {
        &[]
    };
    js::Obj::new()
        .set("version", env!("CARGO_PKG_VERSION"))
        .set("systems", js::array(systems, |s| (*s).into()))
        .set("titles", HAS_TITLES)
        .into_js()
}

/// Every input file the bundled tables were generated from.
#[wasm_bindgen(js_name = dataSources, unchecked_return_type = "DataSource[]")]
pub fn data_sources() -> JsValue {
    js::array(medcodes::data_sources(), |s| {
        js::Obj::new()
            .set("package", s.package)
            .set("version", s.version)
            .set("path", s.path)
            .set("sha256", s.sha256)
            .set("description", s.description)
            .into_js()
    })
}
