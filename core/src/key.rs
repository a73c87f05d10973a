//! Packing of code strings into integer keys, the form every table is indexed by.
//!
//! A code of up to 7 characters from `0-9A-Z` packs into 42 bits, 6 bits a character,
//! first character highest. Absent characters are 0, so a prefix sorts before its
//! extensions and integer order equals string order: the descendants of a code are the
//! run of keys right after it.
//!
//! This file is also compiled into the table generator (`codegen/`, via `#[path]`), so the
//! packing and the perfect-hash function exist once: keep it free of `crate::` imports.

/// A packed code: undotted, upper case, at most [`CodeKey::MAX_LEN`] characters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CodeKey(pub u64);

impl CodeKey {
    pub const MAX_LEN: usize = 7;
    const BITS: u32 = 6;

    /// Packs an upper-case alphanumeric ASCII string of 1..=7 bytes; `None` otherwise.
    #[inline]
    pub fn pack(code: &[u8]) -> Option<CodeKey> {
        if code.is_empty() || code.len() > Self::MAX_LEN {
            return None;
        }
        let mut key = 0u64;
        for i in 0..Self::MAX_LEN {
            let v = match code.get(i) {
                None => 0,
                Some(&c) => u64::from(char_value(c)?),
            };
            key = (key << Self::BITS) | v;
        }
        Some(CodeKey(key))
    }

    /// Number of characters in the code.
    #[inline]
    pub fn len(self) -> usize {
        (0..Self::MAX_LEN)
            .take_while(|&i| self.char_value_at(i) != 0)
            .count()
    }

    #[inline]
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    #[inline]
    fn char_value_at(self, i: usize) -> u8 {
        ((self.0 >> (Self::BITS as usize * (Self::MAX_LEN - 1 - i))) & 0x3f) as u8
    }

    /// The code's characters, undotted.
    pub fn unpack(self) -> CodeBuf {
        let mut buf = CodeBuf::default();
        for i in 0..Self::MAX_LEN {
            match value_char(self.char_value_at(i)) {
                Some(c) => buf.push(c),
                None => break,
            }
        }
        buf
    }
}

/// The three hash values a CHD perfect hash needs (bucket, and two for the displacement).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KeyHashes {
    pub g: u32,
    pub f1: u32,
    pub f2: u32,
}

#[inline]
fn fold_multiply(a: u64, b: u64) -> u64 {
    #[cfg(not(target_pointer_width = "32"))]
    let (lo, hi) = {
        let m = u128::from(a) * u128::from(b);
        (m as u64, (m >> 64) as u64)
    };
    // 32-bit targets (WebAssembly) have no 64x64->128 multiply: u128 arithmetic becomes a
    // call to a general 128x128 routine, which took a third of the time a compact build
    // spends rebuilding its hash slots.
    #[cfg(target_pointer_width = "32")]
    let (lo, hi) = mul_wide(a, b);
    lo ^ hi
}

/// The 128-bit product of two `u64` as (low, high) halves, from four 32x32->64 products.
#[cfg(any(test, target_pointer_width = "32"))]
#[inline]
fn mul_wide(a: u64, b: u64) -> (u64, u64) {
    const LOW: u64 = 0xFFFF_FFFF;
    let (a_lo, a_hi, b_lo, b_hi) = (a & LOW, a >> 32, b & LOW, b >> 32);
    let (ll, lh, hl, hh) = (a_lo * b_lo, a_lo * b_hi, a_hi * b_lo, a_hi * b_hi);
    let mid = (ll >> 32) + (lh & LOW) + (hl & LOW);
    let lo = (ll & LOW) | (mid << 32);
    let hi = hh + (lh >> 32) + (hl >> 32) + (mid >> 32);
    (lo, hi)
}

/// Hashes a packed key with a seed chosen by the generator. Keys are small integers, so a
/// couple of folded multiplies (as in foldhash) mix them well, at a fraction of SipHash's cost.
#[inline]
pub fn hash_key(key: u64, seed: u64) -> KeyHashes {
    let a = fold_multiply(key ^ seed, 0x9E37_79B9_7F4A_7C15);
    let b = fold_multiply(a ^ seed.rotate_left(32), 0xD6E8_FEB8_6659_FD93);
    KeyHashes {
        g: (a >> 32) as u32,
        f1: b as u32,
        f2: (b >> 32) as u32,
    }
}

/// The CHD slot of a key: `disps[g % len(disps)]` displaces `f1, f2` into `0..len`.
#[inline]
pub fn displace(h: KeyHashes, d1: u32, d2: u32, len: u32) -> u32 {
    d2.wrapping_add(h.f1.wrapping_mul(d1)).wrapping_add(h.f2) % len
}

/// The 6-bit value of an upper-case code character (1-36), `None` for anything else.
#[inline]
pub fn char_value(c: u8) -> Option<u8> {
    // The folded table with lower case refused: the one place values are defined.
    let v = FOLDED_VALUES[c as usize];
    (v != 0 && !c.is_ascii_lowercase()).then_some(v)
}

/// For every byte, its code-character value with lower case folded to upper (digits 1-10,
/// letters 11-36), or 0. Normalisers read one table entry a byte instead of branching on
/// ranges: a claim reads a dozen codes, a column millions.
pub(crate) const FOLDED_VALUES: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut i = 0;
    while i < 10 {
        table[b'0' as usize + i] = i as u8 + 1;
        i += 1;
    }
    let mut i = 0;
    while i < 26 {
        table[b'A' as usize + i] = i as u8 + 11;
        table[b'a' as usize + i] = i as u8 + 11;
        i += 1;
    }
    table
};

/// The value of a code character, either case (see [`char_value`]); 0 for anything else.
#[inline]
pub(crate) const fn folded_char_value(c: u8) -> u8 {
    FOLDED_VALUES[c as usize]
}

/// `bytes` without surrounding ASCII whitespace. Codes seldom have any: two compares
/// settle that before the general trim.
#[inline(always)]
pub(crate) fn trim_code(bytes: &[u8]) -> &[u8] {
    match bytes {
        [first, .., last] if *first > b' ' && *last > b' ' => bytes,
        _ => bytes.trim_ascii(),
    }
}

/// Packs `bytes` after `values`, 6 bits a character, with their values in `table` (0 for
/// a byte that is no code character). No branch a character, for the fast paths that only
/// ask at the end whether every byte was a code character (the second value); the exact
/// readers, which say what is wrong and where, stop at the first bad byte instead.
#[inline(always)]
pub(crate) fn pack_values(table: &[u8; 256], mut values: u64, bytes: &[u8]) -> (u64, bool) {
    // A value of 0 wraps to 255 (top bit set); 1-36 become 0-35.
    let mut bad = 0u8;
    for &c in bytes {
        let v = table[c as usize];
        bad |= v.wrapping_sub(1);
        values = (values << 6) | u64::from(v);
    }
    (values, bad & 0x80 == 0)
}

/// Whether a value from [`folded_char_value`] is a letter's.
#[inline]
pub(crate) fn is_letter_value(v: u8) -> bool {
    v >= 11
}

#[inline]
fn value_char(v: u8) -> Option<u8> {
    match v {
        1..=10 => Some(b'0' + v - 1),
        11..=36 => Some(b'A' + v - 11),
        _ => None,
    }
}

/// A code's characters on the stack (no allocation): at most 8 bytes, enough for a
/// 7-character code plus a dot.
#[derive(Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct CodeBuf {
    bytes: [u8; 8],
    len: u8,
}

impl CodeBuf {
    /// The first `len` bytes of `bytes` (ASCII; `len` at most 8).
    #[inline]
    pub(crate) fn from_parts(bytes: [u8; 8], len: usize) -> CodeBuf {
        CodeBuf {
            bytes,
            len: len.min(8) as u8,
        }
    }

    /// A key of `len` characters packed one by one (`value` per character, first highest)
    /// is completed by shifting in the absent characters.
    #[inline]
    pub(crate) fn key_from_values(values: u64, len: usize) -> CodeKey {
        CodeKey(values << (CodeKey::BITS as usize * (CodeKey::MAX_LEN - len)))
    }

    #[inline]
    pub(crate) fn push(&mut self, c: u8) {
        if let Some(slot) = self.bytes.get_mut(self.len as usize) {
            *slot = c;
            self.len += 1;
        }
    }

    pub fn as_str(&self) -> &str {
        // Only ASCII bytes are ever pushed.
        std::str::from_utf8(&self.bytes[..self.len as usize]).unwrap_or_default()
    }

    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes[..self.len as usize]
    }

    pub fn len(&self) -> usize {
        self.len as usize
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// ICD-10-CM display form: a dot after the third character when more follow.
    pub fn dotted_after_3(&self) -> CodeBuf {
        let mut out = CodeBuf::default();
        for (i, &c) in self.as_bytes().iter().enumerate() {
            if i == 3 {
                out.push(b'.');
            }
            out.push(c);
        }
        out
    }
}

impl std::fmt::Display for CodeBuf {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(self.as_str())
    }
}

impl std::fmt::Debug for CodeBuf {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self.as_str(), f)
    }
}

impl PartialEq<str> for CodeBuf {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for CodeBuf {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

/// Every string of `0..=max_len` symbols of `alphabet`, for exhaustive tests of the
/// readers' fast paths against their exact paths.
#[cfg(test)]
pub(crate) fn every_string(alphabet: &[&str], max_len: usize, mut each: impl FnMut(&str)) {
    let mut digits = Vec::with_capacity(max_len);
    let mut s = String::new();
    loop {
        s.clear();
        digits.iter().for_each(|&d: &usize| s.push_str(alphabet[d]));
        each(&s);
        // The next string: count up in base `alphabet.len()`, growing when all wrap.
        let mut i = 0;
        loop {
            if i == digits.len() {
                if digits.len() == max_len {
                    return;
                }
                digits.push(0);
                break;
            }
            digits[i] += 1;
            if digits[i] < alphabet.len() {
                break;
            }
            digits[i] = 0;
            i += 1;
        }
    }
}

/// The packed key of any code as written, for the groupers' maps (HCC, Elixhauser): case,
/// dots and surrounding whitespace ignored, no system's shape checked; why not otherwise.
pub(crate) fn loose_key(bytes: &[u8]) -> Result<CodeKey, &'static str> {
    let bytes = trim_code(bytes);
    if bytes.is_empty() {
        return Err("empty");
    }
    let mut key = 0u64;
    let mut n = 0;
    for &b in bytes {
        if b == b'.' {
            continue;
        }
        let v = folded_char_value(b);
        if v == 0 {
            return Err(if b.is_ascii() {
                "only letters, digits and a dot"
            } else {
                "not ASCII"
            });
        }
        if n == CodeKey::MAX_LEN {
            return Err("longer than 7 characters");
        }
        key = (key << 6) | u64::from(v);
        n += 1;
    }
    if n == 0 {
        return Err("no letters or digits");
    }
    Ok(CodeKey(key << (6 * (CodeKey::MAX_LEN - n))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_string_counts_them_all() {
        let mut seen = std::collections::HashSet::new();
        every_string(&["a", "b", "c"], 3, |s| assert!(seen.insert(s.to_owned())));
        assert_eq!(seen.len(), 1 + 3 + 9 + 27);
        assert!(seen.contains("") && seen.contains("cab"));
    }

    #[test]
    fn trim_code_is_trim_ascii() {
        every_string(&["E", " ", "\t", "\n", "\u{a0}"], 5, |s| {
            assert_eq!(trim_code(s.as_bytes()), s.as_bytes().trim_ascii(), "{s:?}");
        });
    }

    #[test]
    fn the_32_bit_wide_multiply_is_the_u128_one() {
        let mut x = 0x9E37_79B9_7F4A_7C15u64;
        let edges = [
            0,
            1,
            u64::MAX,
            u64::MAX - 1,
            1 << 32,
            (1 << 32) - 1,
            1 << 63,
        ];
        for &a in &edges {
            for &b in &edges {
                let m = u128::from(a) * u128::from(b);
                assert_eq!(mul_wide(a, b), (m as u64, (m >> 64) as u64), "{a} {b}");
            }
        }
        for _ in 0..100_000 {
            // xorshift: cheap pseudo-random pairs
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let (a, b) = (x, x.rotate_left(29) ^ 0xD6E8_FEB8_6659_FD93);
            let m = u128::from(a) * u128::from(b);
            assert_eq!(mul_wide(a, b), (m as u64, (m >> 64) as u64), "{a} {b}");
        }
    }

    #[test]
    fn order_is_string_order() {
        let codes = ["A00", "A000", "A0000A", "A001", "A01", "E11", "E119", "Z99"];
        let keys: Vec<_> = codes
            .iter()
            .map(|c| CodeKey::pack(c.as_bytes()).unwrap())
            .collect();
        assert!(keys.windows(2).all(|w| w[0] < w[1]));
        for (c, k) in codes.iter().zip(&keys) {
            assert_eq!(k.unpack().as_str(), *c);
            assert_eq!(k.len(), c.len());
        }
    }

    #[test]
    fn rejects_what_it_cannot_pack() {
        assert!(CodeKey::pack(b"").is_none());
        assert!(CodeKey::pack(b"e11").is_none());
        assert!(CodeKey::pack(b"E11.9").is_none());
        assert!(CodeKey::pack(b"ABCDEFGH").is_none());
    }
}
