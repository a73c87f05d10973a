//! Answers of a per-code function for every code of the bundled table, keyed by the core's
//! canonical (undotted) spelling: built once per (function, date) by asking the core about
//! each code, then shared by every thread and call.
//!
//! The column loops look canonical spellings up here instead of calling the core row by
//! row: the core's lookup takes several dependent reads across megabytes of tables, this
//! one read of a compact table. Only answers are cached; every answer is the core's.

use std::sync::{Arc, Mutex};

use crate::memo::{prefetch, HugeBuf};

/// What a table holds answers of.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Question {
    /// `Icd10Cm::reason_kind(code, date)`, by the date's `yyyymmdd`.
    Reason(u32),
    /// Billable in the newest release that has the code (`Code::is_billable`).
    BillableNewest,
    /// `Icd10Pcs::reason_kind(code, date)`, by the date's `yyyymmdd`.
    PcsReason(u32),
}

/// Tables kept for the most recent questions.
const KEEP: usize = 4;

pub struct Prefilled {
    bits: u32,
    /// `key << 8 | answer`; 0 is an empty slot (keys are ASCII codes, so are non-zero).
    slots: HugeBuf,
}

/// An undotted code of at most 7 ASCII bytes as an integer (`None` when longer).
#[inline]
pub fn pack(undotted: &[u8]) -> Option<u64> {
    if undotted.is_empty() || undotted.len() > 7 {
        return None;
    }
    let mut b = [0u8; 8];
    b[..undotted.len()].copy_from_slice(undotted);
    Some(u64::from_le_bytes(b))
}

#[inline]
fn slot_of(key: u64, bits: u32) -> usize {
    (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - bits)) as usize
}

impl Prefilled {
    fn build(codes: Vec<String>, answer: impl Fn(&str) -> u8) -> Prefilled {
        // At most 4/5 full: small enough to stay in cache; linear probes stay within a
        // cache line or two.
        let bits = (codes.len() * 5 / 4)
            .next_power_of_two()
            .trailing_zeros()
            .max(4);
        let buf = HugeBuf::zeroed(8 << bits);
        // SAFETY: a fresh zeroed buffer of `1 << bits` u64s, borrowed only here.
        let slots: &mut [u64] = unsafe { std::slice::from_raw_parts_mut(buf.as_ptr(), 1 << bits) };
        let mask = (1usize << bits) - 1;
        for undotted in codes {
            let Some(key) = pack(undotted.as_bytes()) else {
                continue;
            };
            let a = answer(&undotted);
            let mut i = slot_of(key, bits);
            while slots[i & mask] != 0 {
                i += 1;
            }
            slots[i & mask] = key << 8 | u64::from(a);
        }
        Prefilled { bits, slots: buf }
    }

    #[inline]
    fn slots(&self) -> *const u64 {
        self.slots.as_ptr()
    }

    #[inline]
    pub fn prefetch(&self, key: u64) {
        // SAFETY: the slot is within the table.
        prefetch(unsafe { self.slots().add(slot_of(key, self.bits)) });
    }

    /// The answer for a packed canonical spelling, `None` when the table has no such code.
    #[inline]
    pub fn find(&self, key: u64) -> Option<u8> {
        let mask = (1usize << self.bits) - 1;
        let mut i = slot_of(key, self.bits);
        loop {
            // SAFETY: `i & mask` is within the table.
            let e = unsafe { *self.slots().add(i & mask) };
            if e == 0 {
                return None;
            }
            if e >> 8 == key {
                return Some(e as u8);
            }
            i += 1;
        }
    }
}

/// The table for `question`, built on first use with `answer` over `codes()` (every code
/// of the system, in the core's canonical spelling).
pub fn table(
    question: Question,
    codes: impl FnOnce() -> Vec<String>,
    answer: impl Fn(&str) -> u8,
) -> Arc<Prefilled> {
    static CACHE: Mutex<Vec<(Question, Arc<Prefilled>)>> = Mutex::new(Vec::new());
    {
        let mut cache = CACHE.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(pos) = cache.iter().position(|(q, _)| *q == question) {
            let hit = cache.remove(pos);
            let table = hit.1.clone();
            cache.push(hit);
            return table;
        }
    }
    // Built outside the lock: two threads asking at once both build, one is kept.
    let table = Arc::new(Prefilled::build(codes(), answer));
    let mut cache = CACHE.lock().unwrap_or_else(|e| e.into_inner());
    cache.push((question, table.clone()));
    if cache.len() > KEEP {
        cache.remove(0);
    }
    table
}
