//! A small set-associative cache from an input line (or a code's canonical spelling) to
//! the output line it produced.
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

/// One slot: the key inline (a probe reads one cache line a way), the output line on the
/// heap.
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

/// How many slots a key may go in (a set): four neighbouring slots, so that keys whose
/// hashes meet do not keep evicting each other.
const WAYS: usize = 4;

/// Slots of a cache when it is enabled: it doubles as it fills, up to its size.
const FIRST_BITS: u32 = 10;

/// The cache: up to `2^bits` slots in sets of [`WAYS`]. It takes no memory until
/// [`enable`](Self::enable)d, then starts small and doubles as it fills, so a short input
/// does not pay for a cache sized for millions of lines.
pub struct LineCache {
    bits: u32,
    slots: Vec<Slot>,
    /// Slots holding a key.
    filled: usize,
    /// The way a full set gives up next (turn by turn).
    victim: usize,
}

impl LineCache {
    /// A cache of at most `2^bits` slots, not yet enabled.
    pub fn new(bits: u32) -> Self {
        LineCache {
            bits,
            slots: Vec::new(),
            filled: 0,
            victim: 0,
        }
    }

    /// Allocates the first slots; until then nothing is cached.
    pub fn enable(&mut self) {
        if self.slots.is_empty() {
            let slots = 1usize << FIRST_BITS.min(self.bits);
            self.slots.resize_with(slots.max(WAYS), Slot::default);
        }
    }

    /// The slots of the set `key` goes in (none before [`enable`](Self::enable)).
    fn set(&self, key: &[u8]) -> std::ops::Range<usize> {
        // FNV-1a: quick on short keys, and spread enough for code-like text.
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for &b in key {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
        let sets = self.slots.len() / WAYS;
        let first = ((h ^ (h >> 32)) as usize & sets.saturating_sub(1)) * WAYS;
        first..(first + WAYS).min(self.slots.len())
    }

    /// The output line for `key` and whether it reported an invalid code, if cached.
    #[inline]
    pub fn get(&self, key: &[u8]) -> Option<(&[u8], bool)> {
        let padded = padded(key)?;
        let slot = self.slots[self.set(key)]
            .iter()
            .find(|slot| slot.holds(&padded, key.len()))?;
        Some((&slot.line[..], slot.invalid))
    }

    /// Remembers the output line for `key`: in its slot if it has one, else in an empty
    /// slot of its set, else in place of another key of the set.
    pub fn insert(&mut self, key: &[u8], line: &[u8], invalid: bool) {
        let Some(padded) = padded(key) else {
            return;
        };
        if line.len() > MAX_LINE || self.slots.is_empty() {
            return;
        }
        let slot = self.slot_for(key, &padded);
        slot.key = padded;
        slot.key_len = key.len() as u8 + 1;
        slot.invalid = invalid;
        slot.line.clear();
        slot.line.extend_from_slice(line);
        if self.filled * 4 > self.slots.len() * 3 && self.slots.len() < 1 << self.bits {
            self.grow();
        }
    }

    /// The slot to put `key` in (counted as filled).
    fn slot_for(&mut self, key: &[u8], padded: &[u8; MAX_KEY]) -> &mut Slot {
        let set = self.set(key);
        let ways = &mut self.slots[set];
        let way = match ways
            .iter()
            .position(|s| s.holds(padded, key.len()) || s.key_len == 0)
        {
            Some(way) => way,
            None => {
                self.victim = (self.victim + 1) % WAYS;
                self.victim % ways.len()
            }
        };
        if ways[way].key_len == 0 {
            self.filled += 1;
        }
        &mut ways[way]
    }

    /// Doubles the slots, moving every key (and its line) to its set among them.
    fn grow(&mut self) {
        let old = std::mem::take(&mut self.slots);
        self.slots.resize_with(old.len() * 2, Slot::default);
        self.filled = 0;
        for slot in old.into_iter().filter(|s| s.key_len > 0) {
            let key = &slot.key[..usize::from(slot.key_len) - 1];
            let place = self.slot_for(key, &slot.key);
            *place = slot;
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

    #[test]
    fn grows_as_it_fills_and_keeps_what_it_holds() {
        let mut cache = LineCache::new(FIRST_BITS + 2);
        cache.enable();
        assert_eq!(cache.slots.len(), 1 << FIRST_BITS);
        let keys: Vec<String> = (0..3 << FIRST_BITS).map(|i| format!("E{i:05}")).collect();
        for key in &keys {
            cache.insert(key.as_bytes(), key.as_bytes(), false);
        }
        assert_eq!(cache.slots.len(), 4 << FIRST_BITS, "at its size");
        let kept = keys
            .iter()
            .filter(|k| cache.get(k.as_bytes()).is_some())
            .count();
        assert!(kept > keys.len() * 4 / 5, "{kept} of {}", keys.len());
        let last = keys[keys.len() - 1].as_bytes();
        assert_eq!(cache.get(last), Some((last, false)));
    }

    #[test]
    fn a_set_holds_as_many_keys_as_it_has_ways() {
        // Four slots: one set.
        let mut cache = LineCache::new(2);
        cache.enable();
        let keys: Vec<String> = (0..=WAYS).map(|i| format!("K{i}")).collect();
        for key in &keys[..WAYS] {
            cache.insert(key.as_bytes(), key.as_bytes(), false);
        }
        for key in &keys[..WAYS] {
            assert_eq!(cache.get(key.as_bytes()), Some((key.as_bytes(), false)));
        }
        // Replacing a key keeps the others; a new key takes one of their places.
        cache.insert(b"K0", b"again", true);
        assert_eq!(cache.get(b"K0"), Some((&b"again"[..], true)));
        cache.insert(keys[WAYS].as_bytes(), b"new", false);
        assert_eq!(cache.get(keys[WAYS].as_bytes()), Some((&b"new"[..], false)));
        let kept = keys
            .iter()
            .filter(|k| cache.get(k.as_bytes()).is_some())
            .count();
        assert_eq!(kept, WAYS);
    }
}
