//! A small direct-mapped cache from an input line to the output line it produced.
//!
//! Real code lists repeat themselves (a claims file holds a few thousand distinct codes in
//! millions of lines), and a code's output depends only on the input text once the date
//! and the format are fixed. A hit costs a hash and two copies of a few dozen bytes, far
//! less than the table look-ups (which touch several megabytes of tables at random and so
//! miss the CPU caches). Slots keep their buffers, so nothing is allocated once warm.

/// Inputs longer than this are not cached (real codes are at most 8 characters plus
/// white space).
const MAX_KEY: usize = 32;
/// Output lines longer than this are not cached.
const MAX_LINE: usize = 512;

/// One slot: the key inline (a probe reads one cache line), the output line on the heap.
#[derive(Default)]
#[repr(align(64))]
struct Slot {
    key: [u8; MAX_KEY],
    /// Length of the key plus one; 0 for an empty slot.
    key_len: u8,
    invalid: bool,
    line: Vec<u8>,
}

impl Slot {
    #[inline]
    fn holds(&self, key: &[u8; MAX_KEY], len: usize) -> bool {
        usize::from(self.key_len) == len + 1 && self.key == *key
    }
}

/// `key` zero-padded to [`MAX_KEY`] bytes, or `None` when it is longer.
#[inline]
fn padded(key: &[u8]) -> Option<[u8; MAX_KEY]> {
    let mut out = [0; MAX_KEY];
    out.get_mut(..key.len())?.copy_from_slice(key);
    Some(out)
}

/// The cache. It takes no memory until [`enable`](Self::enable)d (a few megabytes then),
/// so checking a handful of codes given as arguments does not pay for it.
pub struct LineCache {
    bits: u32,
    slots: Vec<Slot>,
}

impl LineCache {
    /// A cache of `2^bits` slots, not yet enabled.
    pub fn new(bits: u32) -> Self {
        LineCache {
            bits,
            slots: Vec::new(),
        }
    }

    /// Allocates the slots; until then nothing is cached.
    pub fn enable(&mut self) {
        if self.slots.is_empty() {
            self.slots.resize_with(1 << self.bits, Slot::default);
        }
    }

    fn index(&self, key: &[u8]) -> usize {
        // FNV-1a: quick on short keys, and spread enough for code-like text.
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for &b in key {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
        (h ^ (h >> 32)) as usize & self.slots.len().saturating_sub(1)
    }

    /// The output line for `key` and whether it reported an invalid code, if cached.
    #[inline]
    pub fn get(&self, key: &[u8]) -> Option<(&[u8], bool)> {
        let padded = padded(key)?;
        let slot = self.slots.get(self.index(key))?;
        slot.holds(&padded, key.len())
            .then_some((&slot.line[..], slot.invalid))
    }

    /// Remembers the output line for `key`, replacing whatever shared its slot.
    pub fn insert(&mut self, key: &[u8], line: &[u8], invalid: bool) {
        let Some(padded) = padded(key) else {
            return;
        };
        if line.len() > MAX_LINE {
            return;
        }
        let index = self.index(key);
        if let Some(slot) = self.slots.get_mut(index) {
            slot.key = padded;
            slot.key_len = key.len() as u8 + 1;
            slot.invalid = invalid;
            slot.line.clear();
            slot.line.extend_from_slice(line);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hits_only_the_same_key() {
        let mut cache = LineCache::new(2);
        cache.insert(b"E11.9", b"VALID  E11.9\n", false);
        assert!(cache.get(b"E11.9").is_none(), "not enabled yet");
        cache.enable();
        assert!(cache.get(b"E11.9").is_none());
        cache.insert(b"E11.9", b"VALID  E11.9\n", false);
        assert_eq!(cache.get(b"E11.9"), Some((&b"VALID  E11.9\n"[..], false)));
        assert!(cache.get(b"E11.90").is_none());
        assert!(cache.get(b"").is_none());
        cache.insert(b"", b"INVALID\n", true);
        assert_eq!(cache.get(b""), Some((&b"INVALID\n"[..], true)));
        let long = [b'A'; MAX_KEY + 1];
        cache.insert(&long, b"x", true);
        assert!(cache.get(&long).is_none());
    }
}
