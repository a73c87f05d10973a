//! WebAssembly bindings (wasm-bindgen): thin translation of types and errors over `medcodes`.
//!
//! The JS API follows JS habits: camelCase, classes with getters for code handles, plain
//! objects for results, ISO `'YYYY-MM-DD'` strings (or `Date`s, read by their UTC day) for
//! dates, arrays in and out for batches. Invalid codes are results (`Verdict`), never
//! exceptions; only a wrong argument type (`TypeError`, `code: 'ERR_INVALID_ARG_TYPE'`), a
//! number or length out of range (`RangeError`) or an unreadable date (`DateError`) throws.
//! Names follow `docs/NAMES.md`; the lists the declarations spell out (reason kinds, code
//! systems, claim edits, finding kinds, severities, note kinds) are core's, served by
//! `enumerations()` and compared with the declarations by `tests-js/package.test.mjs`.
//!
//! Cargo features: `icd10cm` (the ICD-10-CM code set), `titles` (code titles, the bulk of
//! the module; without it titles are `undefined` and the module is small), `notes`,
//! `icd10pcs`, `hcpcs` (HCPCS Level II and the CMS HCPCS file), `cpt` (CPT classification
//! and a licensed CPT file loaded at run time), `claims`, `release` (a CMS order file loaded
//! at run time: `Icd10Cm.withRelease`, `Icd10Pcs.withRelease`).

use medcodes::{CodeSystem, Detection, ReasonKind, Severity};
use wasm_bindgen::prelude::*;

use crate::js::{array, interned, string_arg, Obj};

#[cfg(any(feature = "icd10cm", feature = "icd10pcs", feature = "hcpcs"))]
mod codeset;
#[cfg(any(feature = "icd10cm", feature = "icd10pcs", feature = "hcpcs"))]
mod column;
// A build without any code set (`cpt` alone) uses a part of the translations.
#[cfg_attr(
    not(any(feature = "icd10cm", feature = "icd10pcs", feature = "hcpcs")),
    allow(dead_code)
)]
mod js;

#[cfg(feature = "claims")]
mod claim;
#[cfg(feature = "groupers")]
mod comorbidity;
#[cfg(feature = "cpt")]
mod cpt;
#[cfg(feature = "icd9")]
mod gems;
#[cfg(feature = "groupers")]
mod hcc;
#[cfg(feature = "hcpcs")]
mod hcpcs;
#[cfg(feature = "icd10cm")]
mod icd10cm;
#[cfg(feature = "icd10pcs")]
mod icd10pcs;
#[cfg(all(feature = "release", any(feature = "icd10cm", feature = "icd10pcs")))]
mod release;
#[cfg(any(feature = "icd10cm", feature = "icd10pcs", feature = "hcpcs"))]
mod rollup;
#[cfg(any(feature = "icd10cm", feature = "icd10pcs", feature = "hcpcs"))]
mod search;

#[cfg(feature = "claims")]
pub use claim::check_claim;
#[cfg(feature = "groupers")]
pub use comorbidity::{charlson, elixhauser};
#[cfg(feature = "cpt")]
pub use cpt::Cpt;
#[cfg(feature = "icd9")]
pub use gems::gems_map;
#[cfg(feature = "groupers")]
pub use hcc::{hcc_categories, hcc_patients_categories, hcc_score};
#[cfg(feature = "hcpcs")]
pub use hcpcs::{Hcpcs, HcpcsCode, HcpcsModifier, HcpcsWithFile};
#[cfg(feature = "icd10cm")]
pub use icd10cm::{Icd10Cm, Icd10CmBlock, Icd10CmChapter, Icd10CmCode};
#[cfg(feature = "icd10pcs")]
pub use icd10pcs::{Icd10Pcs, Icd10PcsCode};
#[cfg(all(feature = "release", feature = "icd10cm"))]
pub use release::Icd10CmWithRelease;
#[cfg(all(feature = "release", feature = "icd10pcs"))]
pub use release::Icd10PcsWithRelease;
#[cfg(any(feature = "icd10cm", feature = "icd10pcs", feature = "hcpcs"))]
pub use rollup::{ancestor_of, block_of, category_of, chapter_of, system_labels, system_of};
#[cfg(any(feature = "icd10cm", feature = "icd10pcs", feature = "hcpcs"))]
pub use search::search;

/// Whether this build carries code titles.
pub(crate) const HAS_TITLES: bool = cfg!(feature = "titles");
/// Whether this build carries the ICD-10-CM instructional notes.
pub(crate) const HAS_NOTES: bool = cfg!(feature = "notes");

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = r#"
/** A date of service: ISO `'YYYY-MM-DD'` (or `'YYYYMMDD'`), or a `Date` read by its UTC calendar day. */
export type DateInput = string | Date;

/** Why a code is or is not valid; `'valid'` is the only passing reason. Indexes of `reasonKinds()` are the numbers `reasons` returns. The last five come with the core's coding rules (7th characters, placeholders). */
export type ReasonKind =
  | 'valid' | 'empty' | 'too_long' | 'malformed' | 'unknown'
  | 'not_billable' | 'not_valid_on_date' | 'date_out_of_range'
  | 'incomplete' | 'missing_seventh_character' | 'seventh_character_not_allowed'
  | 'missing_placeholder' | 'unexpected_seventh_character';

/** A code system, by the id the CLI and every binding use (`buildInfo().systems`, `detect`). */
export type CodeSystemId = 'icd10cm' | 'icd10pcs' | 'hcpcs';

/** What `detect` answers: the code systems of this build, or `'cpt'` for a string no built-in system knows that is shaped like a CPT code (which has no built-in list: see `Cpt`). */
export type DetectedSystem = CodeSystemId | 'cpt';

/** Where a code sits: a three-character category, a subcategory (a header), or a billable code. */
export type CodeKind = 'category' | 'subcategory' | 'code';

/** An inclusive range of dates of service; `end` is null while the code is still valid. */
export interface ValidityRange { start: string; end: string | null }

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

/** The codes of a batch call; `null`/`undefined` elements are empty cells (reason `'empty'`). */
export type CodeColumn = ReadonlyArray<string | null | undefined>;

/** A date a code for a batch call: `dates[i]` is the date of service of `codes[i]`, as long as `codes`; a row whose date is `null`/`undefined` gets a `null` result. */
export type DateColumn = ReadonlyArray<DateInput | null | undefined>;

/**
 * The batch calls of `Icd10Cm` and `Icd10Pcs`: one date for every code, or a date a code
 * (`DateColumn`). A `dates` array of the wrong length is a `RangeError`
 * (`argument: 'dates'`); an element that is not a date a `TypeError` or `DateError` naming
 * it (`argument: 'dates[3]'`).
 */
export interface BatchCalls {
  /** One `Verdict` a code, in order. */
  validateMany(codes: CodeColumn, date: DateInput): Verdict[];
  validateMany(codes: CodeColumn, dates: DateColumn): (Verdict | null)[];
  validateMany(codes: CodeColumn, date: DateInput | DateColumn): (Verdict | null)[];
  /** The reason of each code as a number, an index into `reasonKinds()` (0 = valid): the fast call for columns. */
  reasons(codes: CodeColumn, date: DateInput): Uint8Array;
  reasons(codes: CodeColumn, dates: DateColumn): (number | null)[];
  reasons(codes: CodeColumn, date: DateInput | DateColumn): Uint8Array | (number | null)[];
  /** Whether each code is valid on its date. */
  areValid(codes: CodeColumn, date: DateInput): boolean[];
  areValid(codes: CodeColumn, dates: DateColumn): (boolean | null)[];
  areValid(codes: CodeColumn, date: DateInput | DateColumn): (boolean | null)[];
}

/** `JSON.stringify` form of an ICD-10-CM code. */
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

/** `JSON.stringify` form of an ICD-10-PCS code. */
export interface PcsCodeJSON { code: string; level: PcsLevel; title: string | null }

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
  /** The claim's identifier (ignored by the edits). Properties are the core's claim fields
   *  under any of their names (`pdx` for `principal`, ...); an unknown one is a `TypeError`. */
  claimId?: string | number;
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
  /** UB-04 patient discharge status (1 = home, 20 = expired, ...; or its text, `'01'`);
   *  omitted skips the edit, text that is not a number is an `invalid_discharge_status` finding. */
  dischargeStatus?: number | string | null;
  /** Length of stay in days; omitted skips the length-of-stay edit. */
  lengthOfStay?: number | null;
}

/** Options of `checkClaim`. */
export interface ClaimOptions {
  /** Also run the ICD-10-CM coding rules of `Icd10Cm.checkEncounter` on the diagnoses. */
  codingRules?: boolean;
}

/** A Medicare Code Editor edit, by its stable snake_case id. */
export type ClaimEdit =
  | 'invalid_code' | 'external_cause_as_principal' | 'duplicate_of_principal' | 'age_conflict'
  | 'sex_conflict' | 'manifestation_as_principal' | 'non_specific_principal' | 'questionable_admission'
  | 'unacceptable_principal' | 'requires_secondary_diagnosis' | 'non_specific_or_procedure'
  | 'non_covered_procedure' | 'open_biopsy' | 'bilateral_procedure' | 'invalid_age' | 'invalid_sex'
  | 'invalid_discharge_status' | 'limited_coverage' | 'wrong_procedure_performed'
  | 'inconsistent_with_length_of_stay' | 'unspecified_code' | 'questionable_obstetric_admission'
  | 'invalid_poa' | 'discharge_date_out_of_range';

/** One Medicare Code Editor edit raised on a claim. */
export interface ClaimFinding {
  /** Stable snake_case id, e.g. `'age_conflict'`. */
  edit: ClaimEdit;
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

/** Thrown for a date that cannot be read (`name === 'DateError'`); `argument` names it (`'date'`, `'dates[3]'`, `'claim.date'`). */
export interface DateError extends Error { name: 'DateError'; kind: 'malformed' | 'invalid'; argument: string; input?: string; reason?: string }

/** Thrown for an argument of the wrong type (a real `TypeError`). */
export interface ArgumentTypeError extends TypeError { name: 'TypeError'; code: 'ERR_INVALID_ARG_TYPE'; argument: string; expected: string; received: string }

/** Thrown for a number of the right type but not an accepted value (a real `RangeError`), e.g. a claim's `age: 4.5`, or a `dates` array not as long as the codes (`received`: its length). */
export interface ArgumentRangeError extends RangeError { name: 'RangeError'; code: 'ERR_OUT_OF_RANGE'; argument: string; expected: string; received: number }

/** What this module was built with: code systems (`'icd10cm'`, `'icd10pcs'`, `'hcpcs'`), titles, notes, claim edits, the `Cpt` class (`cpt`), and `withRelease` (`release`). */
export interface BuildInfo { version: string; systems: CodeSystemId[]; titles: boolean; notes: boolean; claims: boolean; cpt: boolean; release: boolean }

/** The core's lists behind the string unions of the declarations, in the core's order; what this build has (the lite build: no claim edits, no HCPCS line findings, no CPT, ICD-10-CM only). */
export interface Enumerations {
  reasonKinds: ReasonKind[];
  codeSystems: CodeSystemId[];
  claimEdits: ClaimEdit[];
  findingKinds: FindingKind[];
  severities: Severity[];
  noteKinds: NoteKind[];
  lineFindingKinds: LineFindingKind[];
  cptCategories: CptCategory[];
  cptSections: CptSection[];
  releaseErrorKinds: ReleaseErrorKind[];
}
"#;

/// The types of HCPCS Level II's and CPT's results (features `hcpcs`, `cpt`), declared in
/// every build as the others are: `Enumerations` names their kinds.
#[wasm_bindgen(typescript_custom_section)]
const TS_HCPCS_CPT: &'static str = r#"
/** A section of HCPCS Level II: the first letter of its codes, CMS's heading, and whether its codes are temporary (C, G, K, Q, S: added and retired by quarter). */
export interface HcpcsSection { letter: string; name: string; isTemporary: boolean }

/** `JSON.stringify` form of an HCPCS Level II code. */
export interface HcpcsCodeJSON { code: string; section: string | null; isDental: boolean; title: string | null }

/** What is wrong with a claim line (`Hcpcs.checkLine`). */
export type LineFindingKind =
  | 'code' | 'too_many_modifiers' | 'malformed_modifier' | 'unknown_modifier'
  | 'modifier_not_valid_on_date' | 'duplicate_modifier' | 'both_sides' | 'bilateral_with_side';

/** One problem of a claim line: its kind, what it is about (the code or a modifier, as given), a message a coder can act on, and for kind `'code'` the code's reason (else null). */
export interface LineFinding { kind: LineFindingKind; subject: string; message: string; reason: ReasonKind | null }

/** One code or modifier of a loaded CMS HCPCS file, every field of CMS's record layout: text trimmed, a blank field null (or an empty array), dates ISO. `line` (text file) or `row` (xlsx) says where its first record is. CMS's files hold no CPT or CDT text, but a file a user brings may: `isCpt` and `isDental` tell the records whose descriptions are the AMA's or the ADA's (`HcpcsWithFile.longDescription` withholds them). */
export interface HcpcsRecord {
  code: string; line: number | null; row: number | null; sequence: number | null;
  /** `'3'` a procedure code, `'7'` a modifier. */
  recordId: string;
  longDescription: string; shortDescription: string;
  pricingIndicators: string[]; multiplePricingIndicator: string | null;
  coverageIssuesManual: string[]; carriersManual: string[]; statute: string | null;
  labCertifications: string[]; crossReferences: string[];
  /** `'C'` carrier judgment, `'D'` special coverage instructions, `'I'` not payable by Medicare, `'M'` non-covered by Medicare, `'S'` non-covered by statute. */
  coverage: string | null;
  ascPaymentGroup: string | null; ascEffectiveDate: string | null;
  mogPaymentGroup: string | null; mogPaymentPolicyIndicator: string | null; mogEffectiveDate: string | null;
  processingNote: string | null; betos: string | null; typesOfService: string[]; anesthesiaBaseUnits: number | null;
  addDate: string | null; actionEffectiveDate: string | null;
  /** The last day the code may be used. */
  terminationDate: string | null;
  /** The last change: `'A'` added, `'D'` discontinued, `'C'` long description changed, ... */
  action: string | null;
  isModifier: boolean; isDental: boolean; isCpt: boolean;
}

/** Where the built-in tables and a loaded file disagree on a date within the built-in quarters (`HcpcsWithFile.differences`); codes in order. */
export interface HcpcsFileDifferences {
  date: string;
  /** Active in the file on the date, not valid built in. */
  onlyInFile: string[];
  /** Valid built in on the date, not active in the file. */
  onlyBuiltIn: string[];
  /** Level II codes whose short descriptor differs. */
  shortDescriptors: { code: string; builtIn: string; file: string }[];
}

/** Thrown by `Hcpcs.withFile` for a file that cannot be read (`name === 'HcpcsFileError'`): `kind` says what, `line` (text) or `row` (xlsx) where, and the variant's fields: `field`, `value` (cut to 40 characters) and `expected` for a bad value. Nothing is half loaded. */
export interface HcpcsFileError extends Error {
  name: 'HcpcsFileError';
  kind: 'empty' | 'encoding' | 'record_length' | 'date' | 'field' | 'continuation_without_first' | 'sequence'
    | 'duplicate_code' | 'missing_columns' | 'xlsx' | 'unsupported_format' | 'io' | 'other';
  line?: number; row?: number; field?: string; value?: string; expected?: string; detail?: string;
  /** `record_length`: the record's length (and `expected`, the layout's). */
  length?: number;
  code?: string; recordId?: string; sequence?: number; previous?: number; firstLine?: number; firstRow?: number;
  missing?: string[]; found?: string[]; format?: string; hint?: string; path?: string;
}

/** A kind of CPT code, told apart by its last character (`enumerations().cptCategories`). */
export type CptCategory = 'category_i' | 'category_ii' | 'category_iii' | 'pla' | 'maaa';

/** A section of CPT Category I, by number range (`enumerations().cptSections`). */
export type CptSection =
  | 'evaluation_and_management' | 'anesthesia' | 'surgery' | 'radiology'
  | 'pathology_and_laboratory' | 'medicine';

/** What a CPT code's number says without any file: its category and, for a Category I code whose number falls in a section's range, its section (else null). Says nothing of whether the code exists. */
export interface CptClass {
  code: string;
  category: CptCategory;
  /** E.g. `'Category III'`. */
  categoryName: string;
  section: CptSection | null;
  /** E.g. `'Evaluation and Management'`. */
  sectionName: string | null;
}

/** Options of `Cpt.fromBytes`: the dates of service the file covers, inclusive (a file without dates says nothing of when: give the release's year). Dates outside are refused as `date_out_of_range`. */
export interface CptFileOptions { validFrom?: DateInput | null; validTo?: DateInput | null }

/** One code of a loaded CPT file (its text is the file's: the AMA's, in your memory only). */
export interface CptEntry {
  code: string;
  /** The file's main descriptor (the long one when it has several); null when it has none for the code. */
  descriptor: string | null;
  shortDescriptor: string | null;
  conceptId: string | null;
  /** The first and last date of service the file gives the code (null: none). */
  start: string | null; end: string | null;
  /** The line of the file the code was read from. */
  line: number;
  category: CptCategory;
  section: CptSection | null;
}

/** The outcome of validating a code against a loaded CPT file, discriminated by `reason`. */
export type CptVerdict =
  | { valid: true; reason: 'valid'; code: string; date: string }
  | { valid: false; reason: 'empty'; code: null; date: string; message: string }
  | { valid: false; reason: 'too_long' | 'malformed'; code: null; date: string; message: string;
      /** The input (cut to 40 characters). */
      input: string; length?: number; position?: number; found?: string; expected?: string }
  | { valid: false; reason: 'unknown'; code: string; date: string; message: string }
  | { valid: false; reason: 'not_valid_on_date'; code: string; date: string; message: string; start: string | null; end: string | null }
  | { valid: false; reason: 'date_out_of_range'; code: string | null; date: string; message: string; validFrom: string | null; validTo: string | null };

/** Thrown by `Cpt.fromBytes` for a file that cannot be loaded (`name === 'CptFileError'`): `kind` says what, `line` where, `field` (a header column, or `column N`) and `value` what. Nothing is half loaded. */
export interface CptFileError extends Error {
  name: 'CptFileError';
  kind: 'empty' | 'missing_code' | 'malformed_code' | 'duplicate_code' | 'bad_date' | 'bad_quoting' | 'extra_fields'
    | 'reversed_window' | 'io' | 'other';
  line?: number; field?: string; value?: string;
  /** `malformed_code`: the reason of the code (`'malformed'`, `'too_long'`, `'empty'`) and what is wrong with it. */
  reason?: string; detail?: string;
  code?: string; firstLine?: number; lines?: number; expected?: number; found?: number;
  validFrom?: string; validTo?: string; path?: string;
}
"#;

/// The types of a release loaded at run time (feature `release`, `release.rs`) and its
/// `ReleaseError`, declared in every build as the error class is exported by each.
#[wasm_bindgen(typescript_custom_section)]
const TS_RELEASE: &'static str = r#"
/** One file of a release given to `withRelease`: its name (which says the release, e.g. `'icd10cm_order_2028.txt'`) and its bytes. */
export interface ReleaseFile { name: string; bytes: Uint8Array | ArrayBuffer }

/** `'update'`: newer than the built-in tables, decides validity and titles from its effective date. `'titles'`: a fiscal year they cover, gives its titles over that year (validity stays built in). */
export type ReleaseRole = 'update' | 'titles';

/** What was loaded (`withRelease(...).info`). */
export interface ReleaseInfo {
  system: CodeSystemId;
  /** The order file's name as given. */
  file: string;
  /** E.g. `'FY2028 order file (icd10cm_order_2028.txt)'`. */
  name: string;
  fiscalYear: number;
  /** The first date of service the release applies to. */
  effective: string;
  role: ReleaseRole;
  /** Codes and headers in the file, and the billable ones. */
  codes: number;
  billable: number;
  /** What the order file's addenda list, when they were given with it (and agree). */
  addenda: { added: number; deleted: number; revised: number } | null;
  /** The tabular list loaded with it (never in this module, which reads no XML). */
  tabular: string | null;
}

/** A title and where it comes from: a built-in title source or the loaded release. */
export interface ReleaseTitle { text: string; source: string; effective: string; fromRelease: boolean }

/** A code as the code set with the release sees it (`lookup`). */
export interface ReleaseCode {
  /** Canonical form, e.g. `'E11.9'`. */
  code: string;
  inRelease: boolean;
  inBuiltIn: boolean;
  /** The newest long and short titles (null: no source titles it). */
  title: string | null;
  shortTitle: string | null;
  /** The title's source name, and whether it is the loaded release's. */
  titleSource: string | null;
  titleFromRelease: boolean;
}

/** What a loaded release changes against the built-in tables on `comparedOn` (the day before an update takes effect, or the last built-in date; a titles release's effective date). Codes in code order, canonical spelling. */
export interface ReleaseDifferences {
  comparedOn: string;
  /** In the release, not in force (neither valid nor a header) built in. */
  added: string[];
  /** In force built in, not in the release. */
  deleted: string[];
  /** Headers built in, billable in the release. */
  nowBillable: string[];
  /** Billable built in, headers in the release. */
  nowHeaders: string[];
  /** In both with different long titles. */
  retitled: { code: string; builtIn: string; release: string }[];
  /** In both, with no built-in title: the release gives the first one. */
  newlyTitled: string[];
}

/** What a `ReleaseError` is about (`enumerations().releaseErrorKinds`, the core's `ReleaseError::KINDS`). */
export type ReleaseErrorKind =
  | 'io'
  | 'no_order_file'
  | 'file_name'
  | 'wrong_system'
  | 'empty'
  | 'encoding'
  | 'line_too_short'
  | 'field'
  | 'order_number'
  | 'duplicate_code'
  | 'hierarchy'
  | 'zip'
  | 'xml'
  | 'disagree'
  | 'unsupported'
  | 'fiscal_year';

/** Thrown by `withRelease` for a release that cannot be loaded (`name === 'ReleaseError'`); nothing is applied. `kind` says what; `file`, `line` (from 1) and `field` where; `value`, `expected`, `code`, `path`, `detail` what, where the kind has them (`disagree`: `path` is the other file). `fiscal_year`: also `fiscalYear` and `effective`. */
export interface ReleaseError extends Error {
  name: 'ReleaseError';
  kind: ReleaseErrorKind;
  file?: string; line?: number; field?: string; value?: string; expected?: string; code?: string; path?: string; detail?: string;
  fiscalYear?: number; effective?: string;
}
"#;

/// The names of the reasons, indexed by the numbers `reasons` returns (0 = `'valid'`).
#[wasm_bindgen(js_name = reasonKinds, unchecked_return_type = "ReasonKind[]")]
pub fn reasons() -> JsValue {
    array(ReasonKind::ALL, |k| interned(k.as_str()))
}

/// The code systems of this build, in core's order (`CodeSystem::ALL`, less a system whose
/// bindings the build leaves out: the core may have it when features are unified).
fn systems() -> impl Iterator<Item = CodeSystem> {
    CodeSystem::ALL.iter().copied().filter(|s| has_bindings(*s))
}

/// Whether this build has the classes of a code system.
fn has_bindings(system: CodeSystem) -> bool {
    let built = [
        ("icd10cm", cfg!(feature = "icd10cm")),
        ("icd10pcs", cfg!(feature = "icd10pcs")),
        ("hcpcs", cfg!(feature = "hcpcs")),
        // ICD-9-CM has no classes here: the `icd9` feature brings the GEMs (`gemsMap`).
        ("icd9cm", false),
        ("icd9proc", false),
    ];
    built.iter().all(|&(id, on)| on || id != system.id())
}

/// The ids of some code systems, as a JS array.
fn system_ids(systems: impl IntoIterator<Item = CodeSystem>) -> JsValue {
    array(systems, |s| interned(s.id()))
}

/// What this module was built with: `{ version, systems: ['icd10cm', 'icd10pcs', 'hcpcs'],
/// titles, notes, claims, cpt, release }`.
#[wasm_bindgen(js_name = buildInfo, unchecked_return_type = "BuildInfo")]
pub fn build_info() -> JsValue {
    Obj::new()
        .set("version", env!("CARGO_PKG_VERSION"))
        .set("systems", system_ids(systems()))
        .set("titles", HAS_TITLES)
        .set("notes", HAS_NOTES)
        .set("claims", cfg!(feature = "claims"))
        .set("cpt", cfg!(feature = "cpt"))
        .set("release", cfg!(feature = "release"))
        .into_js()
}

/// The core's lists behind the string unions of the declarations, in core's order:
/// `{ reasonKinds, codeSystems, claimEdits, findingKinds, severities, noteKinds,
/// lineFindingKinds, cptCategories, cptSections, releaseErrorKinds }` (what this build
/// has; every build has the kinds of `ReleaseError`, whose class each exports).
#[wasm_bindgen(unchecked_return_type = "Enumerations")]
pub fn enumerations() -> JsValue {
    #[cfg(feature = "claims")]
    let claim_edits = array(medcodes::claim::MceEdit::ALL, |e| interned(e.as_str()));
    #[cfg(not(feature = "claims"))]
    let claim_edits = js_sys::Array::new();
    #[cfg(feature = "hcpcs")]
    let line_finding_kinds = array(medcodes::hcpcs::LineFindingKind::ALL, |k| {
        interned(k.as_str())
    });
    #[cfg(not(feature = "hcpcs"))]
    let line_finding_kinds = js_sys::Array::new();
    #[cfg(feature = "cpt")]
    let (cpt_categories, cpt_sections) = (
        array(medcodes::cpt::CptCategory::ALL, |c| interned(c.id())),
        array(medcodes::cpt::CptSection::ALL, |s| interned(s.id())),
    );
    #[cfg(not(feature = "cpt"))]
    let (cpt_categories, cpt_sections) = (js_sys::Array::new(), js_sys::Array::new());
    Obj::new()
        .set("reasonKinds", reasons())
        .set("codeSystems", system_ids(systems()))
        .set("claimEdits", claim_edits)
        .set(
            "findingKinds",
            array(medcodes::icd10cm::FindingKind::ALL, |k| {
                interned(k.as_str())
            }),
        )
        .set("severities", array(Severity::ALL, |s| interned(s.as_str())))
        .set(
            "noteKinds",
            array(medcodes::icd10cm::NoteKind::ALL, |k| interned(k.as_str())),
        )
        .set("lineFindingKinds", line_finding_kinds)
        .set("cptCategories", cpt_categories)
        .set("cptSections", cpt_sections)
        .set(
            "releaseErrorKinds",
            array(medcodes::release::ReleaseError::KINDS, interned),
        )
        .into_js()
}

/// Which code systems of this build a string is a code (or header, or level) of, in any
/// release: `[]` for none, one id, or several when the string is ambiguous (`'B20'` is an
/// ICD-10-CM category and an ICD-10-PCS table): the caller says which it means. `['cpt']`:
/// no built-in system knows it, and it is shaped like a CPT code (`Cpt.classify` says
/// what kind; only a licensed CPT file says whether it exists).
#[wasm_bindgen(unchecked_return_type = "DetectedSystem[]")]
pub fn detect(
    #[wasm_bindgen(unchecked_param_type = "string")] code: JsValue,
) -> Result<JsValue, JsValue> {
    let code = string_arg(&code, "code")?;
    let found = match medcodes::detect(&code) {
        Detection::One(system) => vec![system],
        Detection::Ambiguous(systems) => systems,
        // Shaped like CPT, which has no built-in list: the id says so.
        Detection::Cpt(_) => return Ok(array(["cpt"], interned)),
        Detection::Unknown => Vec::new(),
    };
    Ok(system_ids(found.into_iter().filter(|s| has_bindings(*s))))
}

/// Every input file the bundled tables were generated from.
#[wasm_bindgen(js_name = dataSources, unchecked_return_type = "DataSource[]")]
pub fn data_sources() -> JsValue {
    array(medcodes::data_sources(), |s| {
        Obj::new()
            .set("package", s.package)
            .set("version", s.version)
            .set("path", s.path)
            .set("sha256", s.sha256)
            .set("description", s.description)
            .into_js()
    })
}
