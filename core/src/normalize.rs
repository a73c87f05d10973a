//! What every system's normaliser shares: putting together the canonical characters and
//! the key of a code its scanner read. (The scanners, which decide what is a code, are
//! each system's own.)

use std::fmt;
use std::marker::PhantomData;

use crate::codeset::System;
use crate::error::ReasonKind;
use crate::key::{CodeBuf, CodeKey};

/// A code of the system `S` (or, where `S` allows, the start of one) in canonical form:
/// upper case, without separators, checked for shape but not for existence. What every
/// system's `normalize` returns; each system adds its own views (ICD-10-CM's `dotted`,
/// ICD-10-PCS's `is_complete`).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Normalized<S> {
    chars: CodeBuf,
    key: CodeKey,
    system: PhantomData<S>,
}

impl<S> Normalized<S> {
    /// The characters, upper case, without separators: `E119`, `0DTJ4ZZ`.
    pub fn as_str(&self) -> &str {
        self.chars.as_str()
    }

    /// How many code characters.
    pub fn len(&self) -> usize {
        self.chars.len()
    }

    pub fn is_empty(&self) -> bool {
        self.chars.is_empty()
    }

    pub(crate) fn chars(&self) -> CodeBuf {
        self.chars
    }

    pub(crate) fn key(&self) -> CodeKey {
        self.key
    }
}

impl<S: System> Normalized<S> {
    /// Every character its system requires present ([`System::CODE_LENGTH`]; always for a
    /// system whose codes have several lengths).
    pub fn is_complete(&self) -> bool {
        S::CODE_LENGTH.is_none_or(|required| self.len() >= required)
    }
}

impl<S> From<Normalized<S>> for CodeKey {
    #[inline]
    fn from(code: Normalized<S>) -> CodeKey {
        code.key()
    }
}

/// The system's canonical spelling (ICD-10-CM with its dot).
impl<S: System> fmt::Display for Normalized<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        S::spell(self.key).fmt(f)
    }
}

impl<S: System> fmt::Debug for Normalized<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Normalized({} {})", S::ID.id(), S::spell(self.key))
    }
}

/// A code as a system's scanner reads it: `scan` hands each character it keeps to its
/// callback with the character's position, and gives back the key and the length. The one
/// place a normaliser's output is put together.
#[inline]
pub(crate) fn read_code<S>(
    scan: impl FnOnce(&mut dyn FnMut(usize, u8)) -> Result<(CodeKey, usize), ReasonKind>,
) -> Result<Normalized<S>, ReasonKind> {
    let mut bytes = [0u8; 8];
    let (key, len) = scan(&mut |at, c| bytes[at] = c.to_ascii_uppercase())?;
    Ok(Normalized {
        chars: CodeBuf::from_parts(bytes, len),
        key,
        system: PhantomData,
    })
}

/// The key of a code on the hot paths (the claim edits and the batch calls): `fast`, a
/// system's branch-free reader of well-formed input (trimmed), is expanded into the
/// callers' loops; whatever it does not accept goes to `exact`, the system's full reader,
/// which says why. (Each system has a test comparing the two on every short input over an
/// alphabet of the cases.) A macro, not a function taking `fast`: rustc leaves a function
/// item passed as a value behind a call, about 7% of a claim check's instructions.
macro_rules! fast_key {
    ($input:expr, $fast:path, $exact:path) => {{
        let input: &str = $input;
        match $fast($crate::key::trim_code(input.as_bytes())) {
            Some(key) => Ok(key),
            None => $exact(input),
        }
    }};
}
pub(crate) use fast_key;
