//! CPT: the structure of the codes, and a licensed code file a user brings.
//!
//! CPT descriptors are copyrighted by the American Medical Association, so medcodes ships
//! none: not in its tables, tests or documentation. What it ships is public structure:
//! the shape of a code, its category by its last character and, for Category I, its
//! section by number range ([`Cpt::classify`]). That says what kind of code a string
//! would be, **not whether it exists**: only the licensed code list says which codes are
//! valid.

mod code;

pub use code::{CptCategory, CptClass, CptCode, CptCodeError, CptSection};

/// The file-free calls on CPT codes.
pub struct Cpt;

impl Cpt {
    /// Reads input into a canonical CPT code (whitespace trimmed, upper case), or says
    /// what is wrong with its shape. Says nothing of existence.
    pub fn normalize(code: &str) -> Result<CptCode, CptCodeError> {
        code::normalize(code)
    }

    /// The category of a code and, for Category I, its section by number range; no file
    /// needed. A well-formed code is classified whether or not it exists: existence and
    /// validity need the licensed code list.
    pub fn classify(code: &str) -> Result<CptClass, CptCodeError> {
        code::normalize(code).map(CptCode::class)
    }
}
