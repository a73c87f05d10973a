//! ICD-10-CM coding rules from the tabular list: 7th characters and the placeholder X,
//! instructional notes (with the code references in them), and checks on the set of
//! diagnosis codes of one encounter (Excludes1, code first / use additional code,
//! duplicates, a code with its own ancestor).
//!
//! The notes and 7th-character definitions come from one release, the newest tabular list
//! bundled ([`Icd10Cm::notes_source`](super::Icd10Cm::notes_source)); the code references
//! in them are kept as code ranges and resolved against the code table for a date when
//! asked. Validity itself is always decided by the code table: the rules explain a
//! rejection and suggest the fix, they never make a code valid.
//!
//! ```
//! use medcodes::icd10cm::{FindingKind, Severity};
//! use medcodes::{Date, Icd10Cm, ReasonKind};
//!
//! let cm = Icd10Cm::new();
//! let dos = Date::new(2025, 3, 1).unwrap();
//! assert_eq!(cm.reason("T36.01A", dos), ReasonKind::MissingPlaceholder);
//! assert_eq!(cm.reason("S52.521", dos), ReasonKind::MissingSeventhCharacter);
//!
//! # #[cfg(feature = "notes")] {
//! let report = cm.check_encounter(&["E11.9", "E10.9"], dos);
//! let conflict = &report.findings[0];
//! assert_eq!(conflict.kind, FindingKind::Excludes1);
//! assert_eq!(conflict.severity, Severity::Error);
//! # }
//! ```

mod encounter;
mod notes;
mod seventh;

pub use encounter::{EncounterReport, Finding, FindingKind, Severity};
pub use notes::{CodeRef, Note, NoteKind, NoteLevel, NoteLine, NoteRef, NoteSite};
pub use seventh::{SeventhCharacter, SeventhCharacterDef};

pub(crate) use notes::{all_notes, notes_of_block, notes_of_chapter, notes_of_code, NotesData};
pub(crate) use seventh::{header_error, header_kind, seven_chr_def, unknown_error, unknown_kind};
