//! What every system's normaliser shares: putting together the canonical characters and
//! the key of a code its scanner read. (The scanners, which decide what is a code, are
//! each system's own.)

use crate::error::ReasonKind;
use crate::key::{CodeBuf, CodeKey};

/// The characters (upper case) and key of a code as a system's scanner reads it: `scan`
/// hands each character it keeps to its callback with the character's position, and gives
/// back the key and the length. The one place a normaliser's output is put together.
#[inline]
pub(crate) fn read_code(
    scan: impl FnOnce(&mut dyn FnMut(usize, u8)) -> Result<(CodeKey, usize), ReasonKind>,
) -> Result<(CodeBuf, CodeKey), ReasonKind> {
    let mut bytes = [0u8; 8];
    let (key, len) = scan(&mut |at, c| bytes[at] = c.to_ascii_uppercase())?;
    Ok((CodeBuf::from_parts(bytes, len), key))
}
