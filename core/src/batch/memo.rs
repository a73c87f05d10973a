//! Memos of an answer per distinct input string, for columns of millions of codes drawn
//! from a few tens of thousands: each distinct spelling is sent to the core's batch call
//! about once per call, every other row costs one probe of a table.
//!
//! They cache answers only; the answers all come from the core. The shared ones are kept
//! from one call to the next (`warm.rs`), and shared by the calls under way as by the
//! threads of one call. Three kinds:
//!
//! - [`SharedMemo`], for a date (and yes/no or reasons), probed and filled by every thread: 8-byte
//!   entries for inputs of 1 to 8 ASCII bytes (nearly every row of a real column), each
//!   entry the input's bytes, its length and the answer. Sharing it means each distinct
//!   spelling goes to the core about once per call rather than once per thread, and the
//!   table the probes walk is half the size of one 16-byte table per thread (a quarter
//!   for two).
//! - [`Memo`], one per thread, 16-byte entries for the rest (9 to 14 bytes: codes padded
//!   with spaces, or not ASCII).
//! - [`ProfileMemo`], for calls with a date a row, shared like [`SharedMemo`]: 16-byte
//!   entries, the key of a spelling and its profile across the periods (or, tagged, its
//!   reason in a period).

use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

use crate::memory::{prefetch, HugeBuf};

/// Columns shorter than this go straight to the core.
#[cfg(not(fuzzing))]
pub const MIN_ROWS: usize = 16 * 1024;
/// Fuzz builds lower it, so that the fuzzer's small columns reach the memos at the cost of
/// a few hundred rows each: at 16,384 rows, such columns took most of the `batch_columns`
/// target's time. The memos' code is the same; their tables start at `MIN_BITS` anyway.
#[cfg(fuzzing)]
pub const MIN_ROWS: usize = 256;

/// Longest input kept (a length byte, the bytes, the result byte).
const MAX_KEY: usize = 14;

/// Table sizes: from 2^10 entries (16 KiB) to 2^20 (16 MiB).
const MIN_BITS: u32 = 10;
const MAX_BITS: u32 = 20;

const KEY_BITS: u128 = (1u128 << 120) - 1;

/// The memo key of an input: its length and bytes (`None` when empty or too long).
#[inline]
pub fn key(s: &[u8]) -> Option<u128> {
    let n = s.len();
    // The bytes as a little-endian integer, from (overlapping) loads within the slice:
    // no byte-by-byte copy through memory.
    let bytes: u128 = match n {
        0 => return None,
        1..=3 => {
            u128::from(s[0])
                | u128::from(s[n / 2]) << (n / 2 * 8)
                | u128::from(s[n - 1]) << ((n - 1) * 8)
        }
        4..=7 => {
            let a = u32::from_le_bytes([s[0], s[1], s[2], s[3]]);
            let b = u32::from_le_bytes([s[n - 4], s[n - 3], s[n - 2], s[n - 1]]);
            u128::from(a) | u128::from(b) << ((n - 4) * 8)
        }
        8..=MAX_KEY => {
            let a = u64::from_le_bytes(s[..8].try_into().unwrap_or_default());
            let b = u64::from_le_bytes(s[n - 8..].try_into().unwrap_or_default());
            u128::from(a) | u128::from(b) << ((n - 8) * 8)
        }
        _ => return None,
    };
    Some(n as u128 | bytes << 8)
}

#[inline]
fn slot_of(key: u128, bits: u32) -> usize {
    let (lo, hi) = (key as u64, (key >> 64) as u64);
    let h = (lo.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ hi).wrapping_mul(0xC2B2_AE3D_27D4_EB4F);
    (h >> (64 - bits)) as usize
}

/// One thread's memo of inputs of 1 to 14 bytes (16-byte entries): the columns use it for
/// the inputs [`short_key`] does not take.
pub struct Memo {
    table: HugeBuf,
    bits: u32,
    max_bits: u32,
    used: usize,
}

impl Memo {
    /// A memo for a column of `rows` rows: it starts small (cache-resident) and doubles
    /// while it is half full, up to room for `rows / 4` distinct inputs (within the size
    /// limits); past that, new inputs are not remembered.
    pub fn new(rows: usize) -> Memo {
        let max_bits = (rows / 2)
            .next_power_of_two()
            .trailing_zeros()
            .clamp(MIN_BITS, MAX_BITS);
        Memo {
            table: HugeBuf::zeroed(16 << MIN_BITS),
            bits: MIN_BITS,
            max_bits,
            used: 0,
        }
    }

    #[inline]
    fn slots(&self) -> *mut u128 {
        self.table.as_ptr()
    }

    #[inline]
    pub fn prefetch(&self, key: u128) {
        // SAFETY: the slot is within the table.
        prefetch(unsafe { self.slots().add(slot_of(key, self.bits)) });
    }

    /// The remembered result for a key.
    #[inline]
    pub fn find(&self, key: u128) -> Option<u8> {
        self.find_entry(key).map(|e| (e >> 120) as u8)
    }

    #[inline]
    fn find_entry(&self, key: u128) -> Option<u128> {
        let mask = (1usize << self.bits) - 1;
        let mut i = slot_of(key, self.bits);
        loop {
            // SAFETY: `i & mask` is within the table.
            let e = unsafe { *self.slots().add(i & mask) };
            if e == 0 {
                return None;
            }
            if e & KEY_BITS == key {
                return Some(e);
            }
            i += 1;
        }
    }

    /// Remembers a result (growing the table while allowed; dropping it when full).
    pub fn insert(&mut self, key: u128, value: u8) {
        self.insert_entry(key | (u128::from(value) << 120));
    }

    fn insert_entry(&mut self, entry: u128) {
        if self.used >= 1usize << (self.bits - 1) {
            if self.bits >= self.max_bits {
                return;
            }
            self.grow();
        }
        self.put(entry);
    }

    fn put(&mut self, entry: u128) {
        let key = entry & KEY_BITS;
        let mask = (1usize << self.bits) - 1;
        let mut i = slot_of(key, self.bits);
        loop {
            // SAFETY: `i & mask` is within the table.
            let slot = unsafe { &mut *self.slots().add(i & mask) };
            if *slot == 0 {
                *slot = entry;
                self.used += 1;
                return;
            }
            if *slot & KEY_BITS == key {
                return;
            }
            i += 1;
        }
    }

    /// Doubles the table, re-inserting every entry.
    fn grow(&mut self) {
        let old = std::mem::replace(&mut self.table, HugeBuf::zeroed(16 << (self.bits + 1)));
        let old_bits = self.bits;
        self.bits += 1;
        self.used = 0;
        let old_slots: *const u128 = old.as_ptr();
        for i in 0..1usize << old_bits {
            // SAFETY: within the old table.
            let e = unsafe { *old_slots.add(i) };
            if e != 0 {
                self.put(e);
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// The shared memo of short inputs

/// Bit 7 of every byte: zero in ASCII text, so free to carry the length and the answer.
const HIGH_BITS: u64 = 0x8080_8080_8080_8080;
/// Set in every entry (an empty slot is 0).
const OCCUPIED: u64 = 1 << 63;
/// Where the answer (0-15) sits: the high bits of bytes 3 to 6.
const VALUE_BITS: u64 = 1 << 31 | 1 << 39 | 1 << 47 | 1 << 55;

/// Answers the shared memo can hold (0 to 15; every reason kind and boolean).
pub const MAX_SHORT_VALUE: u8 = 15;

/// The shared memo key of an input of 1 to 8 ASCII bytes: the bytes (zero-padded, as a
/// little-endian integer) with the length minus one in the high bits of bytes 0 to 2 and
/// [`OCCUPIED`]. `None` for anything else.
#[inline]
pub fn short_key(s: &[u8]) -> Option<u64> {
    let n = s.len();
    let bytes: u64 = match n {
        1..=3 => {
            u64::from(s[0])
                | u64::from(s[n / 2]) << (n / 2 * 8)
                | u64::from(s[n - 1]) << ((n - 1) * 8)
        }
        4..=7 => {
            let a = u32::from_le_bytes([s[0], s[1], s[2], s[3]]);
            let b = u32::from_le_bytes([s[n - 4], s[n - 3], s[n - 2], s[n - 1]]);
            u64::from(a) | u64::from(b) << ((n - 4) * 8)
        }
        8 => u64::from_le_bytes([s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7]]),
        _ => return None,
    };
    if bytes & HIGH_BITS != 0 {
        return None;
    }
    let l = (n - 1) as u64;
    Some(bytes | OCCUPIED | (l & 1) << 7 | (l & 2) << 14 | (l & 4) << 21)
}

#[inline]
fn value_bits(v: u8) -> u64 {
    let v = u64::from(v);
    (v & 1) << 31 | (v & 2) << 38 | (v & 4) << 45 | (v & 8) << 52
}

#[inline]
fn value_of(e: u64) -> u8 {
    ((e >> 31 & 1) | (e >> 38 & 2) | (e >> 45 & 4) | (e >> 52 & 8)) as u8
}

#[inline]
fn short_slot(key: u64, bits: u32) -> usize {
    ((key ^ key >> 32).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - bits)) as usize
}

/// Table sizes of the shared memo: 2^12 entries (32 KiB) to 2^20 (8 MiB).
const SHARED_MIN_BITS: u32 = 12;
const SHARED_MAX_BITS: u32 = 20;

/// One memo for all the threads of the calls on a date (inputs of 1 to 8 ASCII bytes, see
/// [`short_key`]). Fixed size; filled to half at most, then new inputs are not remembered.
/// Threads insert with a compare-and-swap on an empty slot; two threads answering the same
/// input at once both insert the same answer, which is harmless.
pub struct SharedMemo {
    table: HugeBuf,
    bits: u32,
    /// Entries inserted (counted in batches by each thread).
    used: AtomicUsize,
}

impl SharedMemo {
    /// Log2 of the entries of the largest memo.
    pub const MAX_BITS: u32 = SHARED_MAX_BITS;

    /// A memo for a column of `rows` rows (room for `rows / 4` distinct inputs, within the
    /// size limits).
    pub fn new(rows: usize) -> SharedMemo {
        SharedMemo::with_bits(Self::bits_for(rows))
    }

    /// The size (log2 of the entries) of [`new`](Self::new)`(rows)`.
    pub fn bits_for(rows: usize) -> u32 {
        bits_for(rows, SHARED_MIN_BITS, SHARED_MAX_BITS)
    }

    /// An empty memo of `2^bits` entries (within the size limits).
    pub fn with_bits(bits: u32) -> SharedMemo {
        let bits = bits.clamp(SHARED_MIN_BITS, SHARED_MAX_BITS);
        SharedMemo {
            table: HugeBuf::zeroed(8 << bits),
            bits,
            used: AtomicUsize::new(0),
        }
    }

    #[inline]
    fn slots(&self) -> *const AtomicU64 {
        self.table.as_ptr()
    }

    #[inline]
    pub fn prefetch(&self, key: u64) {
        // SAFETY: the slot is within the table.
        prefetch(unsafe { self.slots().add(short_slot(key, self.bits)) });
    }

    /// The remembered answer for a key.
    #[inline]
    pub fn find(&self, key: u64) -> Option<u8> {
        let mask = (1usize << self.bits) - 1;
        let mut i = short_slot(key, self.bits);
        loop {
            // SAFETY: `i & mask` is within the table.
            let e = unsafe { &*self.slots().add(i & mask) }.load(Ordering::Relaxed);
            if e == 0 {
                return None;
            }
            if e & !VALUE_BITS == key {
                return Some(value_of(e));
            }
            i += 1;
        }
    }

    /// Whether there is room for `more` entries; counts them in when there is (a refusal
    /// leaves the memo counted full: see [`is_full`](Self::is_full)).
    pub fn reserve(&self, more: usize) -> bool {
        reserve(&self.used, self.bits, more)
    }

    /// Gives back room taken with [`reserve`](Self::reserve) and not used (inputs another
    /// thread, or an earlier row of the same batch, had remembered already), so that a memo
    /// kept across calls counts what it holds.
    pub fn release(&self, unused: usize) {
        if unused > 0 {
            self.used.fetch_sub(unused, Ordering::Relaxed);
        }
    }

    /// Whether it is half full (or refused room): it remembers no more.
    pub fn is_full(&self) -> bool {
        self.used.load(Ordering::Relaxed) >= 1usize << (self.bits - 1)
    }

    /// Log2 of its entries.
    pub fn bits(&self) -> u32 {
        self.bits
    }

    /// Remembers an answer (at most [`MAX_SHORT_VALUE`]; others are not remembered);
    /// `true` when it took an empty slot. Call only within room taken with
    /// [`reserve`](Self::reserve): the table must keep empty slots.
    pub fn insert(&self, key: u64, value: u8) -> bool {
        if value > MAX_SHORT_VALUE {
            return false;
        }
        let entry = key | value_bits(value);
        let mask = (1usize << self.bits) - 1;
        let mut i = short_slot(key, self.bits);
        loop {
            // SAFETY: `i & mask` is within the table.
            let slot = unsafe { &*self.slots().add(i & mask) };
            let mut e = slot.load(Ordering::Relaxed);
            if e == 0 {
                match slot.compare_exchange(0, entry, Ordering::Relaxed, Ordering::Relaxed) {
                    Ok(_) => return true,
                    Err(now) => e = now,
                }
            }
            if e & !VALUE_BITS == key {
                return false;
            }
            i += 1;
        }
    }

    /// A memo of `2^bits` entries (at least this one's) holding this one's entries as they
    /// are now (entries other threads add meanwhile may be left out: they are only
    /// remembered answers).
    pub fn grown(&self, bits: u32) -> SharedMemo {
        let bigger = SharedMemo::with_bits(bits.max(self.bits));
        let mut kept = 0;
        for i in 0..1usize << self.bits {
            // SAFETY: within the table.
            let e = unsafe { &*self.slots().add(i) }.load(Ordering::Relaxed);
            if e != 0 {
                kept += usize::from(bigger.insert(e & !VALUE_BITS, value_of(e)));
            }
        }
        bigger.used.store(kept, Ordering::Relaxed);
        bigger
    }
}

/// The size of a memo for a column of `rows` rows: room for `rows / 4` distinct inputs
/// (filled to half), within `min..=max`.
fn bits_for(rows: usize, min: u32, max: u32) -> u32 {
    (rows / 2)
        .next_power_of_two()
        .trailing_zeros()
        .clamp(min, max)
}

/// [`SharedMemo::reserve`] and [`ProfileMemo::reserve`]: room for `more` in a table of
/// `2^bits` entries filled to half at most.
#[inline]
fn reserve(used: &AtomicUsize, bits: u32, more: usize) -> bool {
    let limit = 1usize << (bits - 1);
    used.fetch_add(more, Ordering::Relaxed) + more <= limit
}

// ---------------------------------------------------------------------------------------
// The shared memo of profiles

/// Table sizes of the profile memo: 2^12 entries (64 KiB) to 2^20 (16 MiB).
const PROFILE_MIN_BITS: u32 = 12;
const PROFILE_MAX_BITS: u32 = 20;

/// One memo for all the threads of the calls with a date a row: 16-byte entries, each the
/// [`short_key`] of a spelling (of 1 to 8 ASCII bytes) and a 64-bit answer that is never
/// 0 (its profile across the periods, packed by the caller). Fixed size; filled to half
/// at most, then new spellings are not remembered.
///
/// A thread claims an empty slot by swapping the key into it (compare-and-swap from 0),
/// then publishes the answer (Release). A reader that finds the key reads the answer
/// (Acquire): 0 there means it is not published yet, and reads as a miss. Two threads
/// answering the same spelling at once compute the same answer; one of them keeps it.
pub struct ProfileMemo {
    table: HugeBuf,
    bits: u32,
    /// Entries inserted (counted in batches by each thread).
    used: AtomicUsize,
}

impl ProfileMemo {
    /// Log2 of the entries of the largest memo.
    pub const MAX_BITS: u32 = PROFILE_MAX_BITS;

    /// A memo for a column of `rows` rows (room for `rows / 4` distinct spellings, within
    /// the size limits).
    pub fn new(rows: usize) -> ProfileMemo {
        ProfileMemo::with_bits(Self::bits_for(rows))
    }

    /// The size (log2 of the entries) of [`new`](Self::new)`(rows)`.
    pub fn bits_for(rows: usize) -> u32 {
        bits_for(rows, PROFILE_MIN_BITS, PROFILE_MAX_BITS)
    }

    /// An empty memo of `2^bits` entries (within the size limits).
    pub fn with_bits(bits: u32) -> ProfileMemo {
        let bits = bits.clamp(PROFILE_MIN_BITS, PROFILE_MAX_BITS);
        ProfileMemo {
            table: HugeBuf::zeroed(16 << bits),
            bits,
            used: AtomicUsize::new(0),
        }
    }

    /// Log2 of its entries.
    pub fn bits(&self) -> u32 {
        self.bits
    }

    /// Whether it is half full (or refused room): it remembers no more.
    pub fn is_full(&self) -> bool {
        self.used.load(Ordering::Relaxed) >= 1usize << (self.bits - 1)
    }

    /// As [`SharedMemo::grown`]; `mask`: the tag bits of its answers (0: untagged, see
    /// [`find_tagged`](Self::find_tagged)), which place them.
    pub fn grown(&self, bits: u32, mask: u64) -> ProfileMemo {
        let bigger = ProfileMemo::with_bits(bits.max(self.bits));
        let mut kept = 0;
        for i in 0..1usize << self.bits {
            let slot = self.slot(i);
            let (k, v) = (
                slot[0].load(Ordering::Relaxed),
                slot[1].load(Ordering::Acquire),
            );
            // A slot claimed but not published yet (v == 0) is left out.
            if k != 0 && v != 0 {
                kept += usize::from(bigger.insert_in(k, v, mask));
            }
        }
        bigger.used.store(kept, Ordering::Relaxed);
        bigger
    }

    /// The slot (key, answer) at `i & mask`.
    #[inline]
    fn slot(&self, i: usize) -> &[AtomicU64; 2] {
        let mask = (1usize << self.bits) - 1;
        let slots: *const [AtomicU64; 2] = self.table.as_ptr();
        // SAFETY: `i & mask` is within the table, which holds `1 << bits` zeroed 16-byte
        // slots, 16-byte aligned (all zero bits is a valid `AtomicU64`); the table lives as
        // long as `self`, and is only ever accessed through atomics.
        unsafe { &*slots.add(i & mask) }
    }

    #[inline]
    pub fn prefetch(&self, key: u64) {
        prefetch(self.slot(short_slot(key, self.bits)));
    }

    /// The remembered answer for a key (of [`short_key`]).
    #[inline]
    pub fn find(&self, key: u64) -> Option<u64> {
        self.find_in(key, 0, 0)
    }

    /// The remembered answer for a key whose bits `mask` are `tag`: a memo of several
    /// answers a key, told apart by a tag in the answer (a period, say). `mask` is not 0.
    #[inline]
    pub fn find_tagged(&self, key: u64, tag: u64, mask: u64) -> Option<u64> {
        self.find_in(key, tag, mask)
    }

    /// The first slot to look in for `key` (and `tag`).
    #[inline]
    fn home(&self, key: u64, tag: u64) -> usize {
        short_slot(key ^ tag.wrapping_mul(0x9E37_79B9_7F4A_7C15), self.bits)
    }

    #[inline]
    fn find_in(&self, key: u64, tag: u64, mask: u64) -> Option<u64> {
        let mut i = self.home(key, tag);
        loop {
            let slot = self.slot(i);
            let k = slot[0].load(Ordering::Relaxed);
            if k == 0 {
                return None;
            }
            if k == key {
                let v = slot[1].load(Ordering::Acquire);
                if v != 0 && v & mask == tag {
                    return Some(v);
                }
                // Untagged, a key has one slot: not published yet.
                if mask == 0 {
                    return None;
                }
            }
            i += 1;
        }
    }

    /// As [`SharedMemo::reserve`].
    pub fn reserve(&self, more: usize) -> bool {
        reserve(&self.used, self.bits, more)
    }

    /// As [`SharedMemo::release`].
    pub fn release(&self, unused: usize) {
        if unused > 0 {
            self.used.fetch_sub(unused, Ordering::Relaxed);
        }
    }

    /// Remembers an answer (never 0; 0 is not remembered); `true` when it took an empty
    /// slot. Call only within room taken with [`reserve`](Self::reserve): the table must
    /// keep empty slots.
    pub fn insert(&self, key: u64, value: u64) -> bool {
        self.insert_in(key, value, 0)
    }

    /// Remembers an answer with its tag (the bits `mask` of `value`, see
    /// [`find_tagged`](Self::find_tagged)); as [`insert`](Self::insert) otherwise.
    pub fn insert_tagged(&self, key: u64, value: u64, mask: u64) -> bool {
        self.insert_in(key, value, mask)
    }

    fn insert_in(&self, key: u64, value: u64, mask: u64) -> bool {
        if key == 0 || value == 0 {
            return false;
        }
        let tag = value & mask;
        let mut i = self.home(key, tag);
        loop {
            let slot = self.slot(i);
            let mut k = slot[0].load(Ordering::Relaxed);
            if k == 0 {
                match slot[0].compare_exchange(0, key, Ordering::Relaxed, Ordering::Relaxed) {
                    Ok(_) => {
                        slot[1].store(value, Ordering::Release);
                        return true;
                    }
                    Err(now) => k = now,
                }
            }
            if k == key {
                if mask == 0 {
                    return false;
                }
                // Tagged: the same tag is there already (a slot not published yet may be
                // another tag's, or this one's again: a second copy is harmless).
                let v = slot[1].load(Ordering::Acquire);
                if v != 0 && v & mask == tag {
                    return false;
                }
            }
            i += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Threads finding and inserting the same spellings at once: every answer found is
    /// the one inserted, and each spelling is kept once.
    #[test]
    fn profile_memo_is_shared_by_threads() {
        let memo = ProfileMemo::new(1 << 16);
        let keys: Vec<u64> = (0..8_000u32)
            .map(|i| short_key(format!("K{i:05}").as_bytes()).unwrap())
            .collect();
        let value = |k: u64| k.rotate_left(17) | 1 << 63;
        let threads = 8;
        std::thread::scope(|scope| {
            for t in 0..threads {
                let (memo, keys) = (&memo, &keys);
                scope.spawn(move || {
                    for round in 0..3 {
                        // Each thread walks the keys from its own place.
                        let start = (t * 1_511 + round * 97) % keys.len();
                        for &k in keys[start..].iter().chain(&keys[..start]) {
                            match memo.find(k) {
                                Some(v) => assert_eq!(v, value(k)),
                                None => {
                                    if memo.reserve(1) {
                                        memo.insert(k, value(k));
                                    }
                                }
                            }
                        }
                    }
                });
            }
        });
        for &k in &keys {
            assert_eq!(memo.find(k), Some(value(k)));
        }
        let kept = (0..1usize << memo.bits)
            .filter(|&i| memo.slot(i)[0].load(Ordering::Relaxed) != 0)
            .count();
        assert_eq!(kept, keys.len());
        assert_eq!(memo.find(short_key(b"K99999").unwrap()), None);
    }

    /// Several answers a key, told apart by their tags, from threads at once; untagged
    /// lookups of other keys unaffected.
    #[test]
    fn tagged_answers_are_kept_apart() {
        let memo = ProfileMemo::new(1 << 16);
        let keys: Vec<u64> = (0..1_500u32)
            .map(|i| short_key(format!("T{i:04}").as_bytes()).unwrap())
            .collect();
        let value = |k: u64, tag: u64| 1 << 63 | tag << 8 | (k >> 8 & 0xFF);
        std::thread::scope(|scope| {
            for t in 0..6u64 {
                let (memo, keys) = (&memo, &keys);
                scope.spawn(move || {
                    for round in 0..2u64 {
                        for (i, &k) in keys.iter().enumerate() {
                            let tag = (i as u64 + t + round) % 5;
                            match memo.find_tagged(k, tag << 8, 0xFF00) {
                                Some(v) => assert_eq!(v, value(k, tag)),
                                None => {
                                    if memo.reserve(1) {
                                        memo.insert_tagged(k, value(k, tag), 0xFF00);
                                    }
                                }
                            }
                        }
                    }
                });
            }
        });
        for &k in &keys {
            for tag in 0..5 {
                if let Some(v) = memo.find_tagged(k, tag << 8, 0xFF00) {
                    assert_eq!(v, value(k, tag));
                }
            }
            assert!((0..5).any(|tag| memo.find_tagged(k, tag << 8, 0xFF00).is_some()));
        }
        let other = short_key(b"T9999").unwrap();
        assert_eq!(memo.find(other), None);
        assert_eq!(memo.find_tagged(keys[0], 7 << 8, 0xFF00), None);
    }
}
