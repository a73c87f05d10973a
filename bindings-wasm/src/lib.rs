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

#[cfg(feature = "claims")]
mod claim;
#[cfg(feature = "icd10cm")]
mod icd10cm;
#[cfg(feature = "icd10pcs")]
mod icd10pcs;

#[cfg(feature = "claims")]
pub use claim::check_claim;
#[cfg(feature = "icd10cm")]
pub use icd10cm::{Icd10Cm, Icd10CmBlock, Icd10CmChapter, Icd10CmCode};
#[cfg(feature = "icd10pcs")]
pub use icd10pcs::{Icd10Pcs, Icd10PcsCode};

/// Whether this build carries code titles.
pub(crate) const HAS_TITLES: bool = cfg!(feature = "titles");
/// Whether this build carries the ICD-10-CM instructional notes.
pub(crate) const HAS_NOTES: bool = cfg!(feature = "notes");

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
/** The start of a code (ICD-10-PCS `'0DT'`): how many valid codes on the date start with it. */
export interface IncompleteVerdict extends RejectedBase {
  reason: 'incomplete'; code: string; system: string;
  /** Characters given, and characters every code of the system has. */
  length: number; required: number;
  completions: number;
  /** The first few of those codes. */
  examples: string[];
}
/** One 7th character and its meaning, e.g. `{ character: 'A', meaning: 'initial encounter for closed fracture' }`. */
export interface SeventhCharacter { character: string; meaning: string }
/** A code that takes a 7th character, given without one (`S52.521`). */
export interface MissingSeventhCharacterVerdict extends RejectedBase {
  reason: 'missing_seventh_character';
  /** The code padded with the placeholder X to six characters (`W21.89X`): append the 7th character to it. */
  base: string;
  /** The 7th characters that make a code valid on the date. */
  options: SeventhCharacter[];
}
/** A 7th character the code does not take (`S52.521Z`). */
export interface SeventhCharacterNotAllowedVerdict extends RejectedBase {
  reason: 'seventh_character_not_allowed'; found: string; base: string; allowed: SeventhCharacter[];
}
/** A code written without its placeholder X (`T36.01A` for `T36.0X1A`); never applied silently. */
export interface MissingPlaceholderVerdict extends RejectedBase {
  reason: 'missing_placeholder'; input: string; suggestion: string; suggestionBillable: boolean;
}
/** A 7th character on a code that takes none (`E11.9A`). */
export interface UnexpectedSeventhCharacterVerdict extends RejectedBase {
  reason: 'unexpected_seventh_character'; found: string; base: string;
}
/** The outcome of validating one code: a discriminated union on `reason`. */
export type Verdict =
  | ValidVerdict | EmptyVerdict | TooLongVerdict | MalformedVerdict | UnknownVerdict
  | NotBillableVerdict | NotValidOnDateVerdict | DateOutOfRangeVerdict | IncompleteVerdict
  | MissingSeventhCharacterVerdict | SeventhCharacterNotAllowedVerdict
  | MissingPlaceholderVerdict | UnexpectedSeventhCharacterVerdict;

/** The kind of an instructional note. */
export type NoteKind =
  | 'inclusion_term' | 'includes' | 'excludes1' | 'excludes2' | 'code_first'
  | 'use_additional_code' | 'code_also' | 'note' | 'seventh_character';

/** A code reference in a note (`E10.-`, `E08-E13`, `P70.2`), resolved to the range of codes it covers. */
export interface CodeRef {
  /** As written in the note, without its qualifier. */
  text: string;
  /** First and last code of the range (dotted); the reference covers them and every code below them. */
  first: string; last: string;
  range: boolean;
  /** The "with ..." text narrowing the reference, e.g. `'7th character B'`. */
  qualifier: string | null;
  /** False when the qualifier was not understood. */
  exact: boolean;
  /** False when the reference covers no code of the bundled tables. */
  resolved: boolean;
}

/** An instructional note ("Excludes1:", "Code first", ...) in force for a code, block or chapter. */
export interface Note {
  kind: NoteKind;
  /** The heading the tabular list prints, e.g. `'Excludes1'`. */
  label: string;
  /** Where the note sits: a chapter (`where` its number), a block (`'E08-E13'`) or a code (`'E11'`). */
  level: 'chapter' | 'block' | 'code';
  where: string;
  /** Whether it sits on an ancestor, the block or the chapter rather than on the code itself. */
  inherited: boolean;
  /** The lines joined as the tabular list reads. */
  text: string;
  lines: { text: string; refs: CodeRef[] }[];
}

/** The 7th characters a code (or the codes below it) take. */
export interface SeventhCharacterDef {
  /** The code that defines them, e.g. `'S52'`. */
  definedAt: string;
  /** The note introducing them (null without notes in the module). */
  note: string | null;
  characters: SeventhCharacter[];
}

export type Severity = 'info' | 'warning' | 'error';

/** What a finding of `checkEncounter` is about. */
export type FindingKind =
  | 'invalid_code' | 'duplicate' | 'code_with_ancestor' | 'excludes1' | 'code_first_missing'
  | 'code_first_order' | 'manifestation_first' | 'use_additional_code';

/** One thing `checkEncounter` found. */
export interface EncounterFinding {
  kind: FindingKind;
  severity: Severity;
  /** The codes involved (dotted, or as given when unreadable), in the order the message names them. */
  codes: string[];
  /** Their 0-based positions in the list checked. */
  positions: number[];
  /** The instructional note behind the finding. */
  note: { kind: NoteKind; level: 'chapter' | 'block' | 'code'; where: string; text: string } | null;
  message: string;
}

/** The findings for the diagnosis codes of one encounter. */
export interface EncounterReport {
  date: string;
  /** The release the notes come from. */
  notesSource: string;
  /** No finding of `'warning'` or `'error'` severity. */
  clean: boolean;
  findings: EncounterFinding[];
}

/** A level of the ICD-10-PCS hierarchy, by the number of characters it fixes. */
export type PcsLevel = 'section' | 'body_system' | 'table' | 'body_part' | 'code';

/** One character of an ICD-10-PCS code, decoded. */
export interface PcsAxisValue {
  /** 1 to 7. */
  position: number;
  value: string;
  /** What the position stands for in the code's section, e.g. `'Root Operation'`. */
  axis: string;
  /** The value's meaning, e.g. `'Resection'` (null where the bundled sources do not define it). */
  label: string | null;
  /** The official definition (section 0 root operations and approaches). */
  definition: string | null;
}

/** An ICD-10-PCS section: its character, name and what positions 1 to 7 stand for. */
export interface PcsSection { value: string; name: string; axes: string[] }

/** A diagnosis on a claim: a code, or the code with its present-on-admission indicator. */
export type ClaimDiagnosis = string | { code: string; poa?: 'Y' | 'N' | 'U' | 'W' | '1' | '' | string };

/** An inpatient claim for `checkClaim`. */
export interface Claim {
  /** Discharge date (or `dischargeDate`). */
  date?: DateInput;
  dischargeDate?: DateInput;
  /** Age in whole years on admission (0 for newborns); outside 0-124 is an `invalid_age` finding. */
  age: number;
  /** `'M'`, `'F'`, `'U'` (or `'male'`, ...), or the CMS numbers 1, 2, 0; anything else is an `invalid_sex` finding. */
  sex?: string | number | null;
  principal?: ClaimDiagnosis | null;
  secondary?: ReadonlyArray<ClaimDiagnosis>;
  admitting?: ClaimDiagnosis | null;
  /** ICD-10-PCS codes (or `{ code }`), in claim order. */
  procedures?: ReadonlyArray<string | { code: string }>;
  /** UB-04 patient discharge status (1 = home, 20 = expired, ...); omitted skips the edit. */
  dischargeStatus?: number | null;
  /** Length of stay in days; omitted skips the length-of-stay edit. */
  lengthOfStay?: number | null;
}

/** Options of `checkClaim`. */
export interface ClaimOptions {
  /** Also run the ICD-10-CM coding rules of `Icd10Cm.checkEncounter` on the diagnoses. */
  codingRules?: boolean;
}

/** One Medicare Code Editor edit raised on a claim. */
export interface ClaimFinding {
  /** Stable snake_case id, e.g. `'age_conflict'`. */
  edit: string;
  /** CMS edit number (1-20), null for the checks CMS does not number. */
  number: number | null;
  /** CMS title, e.g. `'Age conflict'`. */
  name: string;
  /** The code concerned (canonical when readable); null for claim-level edits. */
  code: string | null;
  position: 'claim' | 'principal' | 'admitting' | 'secondary' | 'procedure';
  /** 0-based index among the secondary diagnoses or the procedures, else null. */
  index: number | null;
  severity: Severity;
  message: string;
}

/** What `checkClaim` found. */
export interface ClaimReport {
  date: string;
  /** No finding (MCE or coding rules) of `'warning'` or `'error'` severity. */
  clean: boolean;
  findings: ClaimFinding[];
  /** With `options.codingRules`: coding-rule findings; positions count the principal as 0. */
  codingRules: EncounterFinding[];
}

/** Thrown for a date that cannot be read (`name === 'DateError'`). */
export interface DateError extends Error { name: 'DateError'; kind: 'malformed' | 'invalid'; input?: string; reason?: string }

/** Thrown for an argument of the wrong type (a real `TypeError`). */
export interface ArgumentTypeError extends TypeError { name: 'TypeError'; code: 'ERR_INVALID_ARG_TYPE'; argument: string; expected: string; received: string }

/** Thrown for a number of the right type but not an accepted value (a real `RangeError`), e.g. a claim's `age: 4.5`. */
export interface ArgumentRangeError extends RangeError { name: 'RangeError'; code: 'ERR_OUT_OF_RANGE'; argument: string; expected: string; received: number }

/** What this module was built with: code systems (`'icd10cm'`, `'icd10pcs'`), titles, notes, claim edits. */
export interface BuildInfo { version: string; systems: string[]; titles: boolean; notes: boolean; claims: boolean }
"#;

/// The names of the reasons, indexed by the numbers `Icd10Cm.reasonCodes` returns
/// (0 = `'valid'`).
#[wasm_bindgen(js_name = reasonKinds, unchecked_return_type = "ReasonKind[]")]
pub fn reasons() -> JsValue {
    js::array(medcodes::ReasonKind::ALL, |k| js::interned(k.as_str()))
}

/// What this module was built with: `{ version, systems: ['icd10cm', 'icd10pcs'], titles,
/// notes, claims }`.
#[wasm_bindgen(js_name = buildInfo, unchecked_return_type = "BuildInfo")]
pub fn build_info() -> JsValue {
    let systems = [
        ("icd10cm", cfg!(feature = "icd10cm")),
        ("icd10pcs", cfg!(feature = "icd10pcs")),
    ];
    js::Obj::new()
        .set("version", env!("CARGO_PKG_VERSION"))
        .set(
            "systems",
            js::array(systems.iter().filter(|s| s.1), |s| s.0.into()),
        )
        .set("titles", HAS_TITLES)
        .set("notes", HAS_NOTES)
        .set("claims", cfg!(feature = "claims"))
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
