//! The index behind the batch and claim lookups ([`Table::billable_flags`]), built from a
//! table at first use: one 16-byte entry a code in an open-addressing hash table, holding
//! the key and, for the codes with a single validity span (nine in ten), that span itself.
//!
//! Looking a code up in the generated tables takes four dependent random reads
//! (displacement, hash slot, record, spans), each a cache miss and, over megabytes of
//! 4 KiB pages, a TLB miss. Here it takes one: the entry's cache line holds the key and the
//! span. The entries (4 MiB a code set) live in one buffer advised for transparent huge
//! pages (Linux), so that they take a handful of TLB entries. Building costs 13-20 ms of
//! CPU for both code sets once a process, at the first batch or claim call (never at
//! start-up, and never for single calls such as `is_valid`, which walk the tables).

use crate::key::CodeKey;
use crate::memory::{prefetch, HugeBuf};
use crate::table::{Table, SPAN_SIZE};

/// The 42 bits of a key ([`CodeKey`]).
const KEY: u64 = (1 << 42) - 1;
/// The entry holds a code (empty entries are all zero).
const FILLED: u64 = 1 << 42;
/// The code has no span or more than one: the second word is its span run (start, length).
const RUN: u64 = 1 << 43;
/// The code's one span is a header span (not billable).
const HEADER: u64 = 1 << 44;
/// The flag-set id of the code's one span, in the top 16 bits.
const FLAG_SET_SHIFT: u32 = 48;

/// What the index knows about a code (see [`HotIndex::get`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Hot {
    /// Not in the table.
    Absent,
    /// One span: first and last day (`yyyymmdd`), flag-set id, billable.
    Span {
        first: u32,
        last: u32,
        flag_set: u16,
        billable: bool,
    },
    /// Several spans (or none): the record's span run in the table's spans.
    Run { start: u32, len: u32 },
}

pub(crate) struct HotIndex {
    entries: Entries,
    /// `64 - log2(entries)`: a key's home entry is the top bits of its multiplied key.
    shift: u32,
}

impl HotIndex {
    /// Builds the index of every code of `table`.
    pub(crate) fn build(table: &Table) -> HotIndex {
        let n = table.len();
        // At most half full: a lookup nearly always ends at its home entry.
        let bits = (n.max(8) * 2).next_power_of_two().trailing_zeros();
        let mut entries = Entries::zeroed(1 << bits);
        let mask = entries.len() - 1;
        let shift = 64 - bits;
        let e = entries.as_mut_slice();
        // A chunk of codes at a time: their home entries are prefetched while the next
        // ones are computed, so the random writes do not wait for each miss in turn.
        const CHUNK: usize = 32;
        let mut pending = [(0usize, [0u64; 2]); CHUNK];
        for start in (0..n).step_by(CHUNK) {
            let end = (start + CHUNK).min(n);
            for (p, index) in pending.iter_mut().zip(start as u32..end as u32) {
                let key = table.key(index).0 & KEY;
                *p = (home(key, shift), entry(table, index, key));
                prefetch(&e[p.0 & mask]);
            }
            for &(mut at, entry) in &pending[..end - start] {
                at &= mask;
                while e[at][0] & FILLED != 0 {
                    at = (at + 1) & mask;
                }
                e[at] = entry;
            }
        }
        HotIndex { entries, shift }
    }

    /// The home entry of `key` (where [`get`](Self::get) starts).
    #[inline]
    pub(crate) fn home(&self, key: CodeKey) -> usize {
        home(key.0, self.shift)
    }

    /// The entry at `at` (reading it early lets the CPU overlap the misses of many keys).
    #[inline]
    pub(crate) fn entry(&self, at: usize) -> [u64; 2] {
        self.entries.as_slice().get(at).copied().unwrap_or_default()
    }

    /// Asks the CPU to start loading the entry at `at`, without waiting for it (x86-64;
    /// elsewhere nothing): a later [`entry`](Self::entry) then finds it on its way.
    #[cfg(feature = "claims")]
    #[inline]
    pub(crate) fn prefetch(&self, at: usize) {
        if let Some(e) = self.entries.as_slice().get(at) {
            prefetch(e);
        }
    }

    /// What the index holds for `key`, starting at its home entry `at`, already read as
    /// `first`.
    #[inline]
    pub(crate) fn get(&self, key: CodeKey, mut at: usize, first: [u64; 2]) -> Hot {
        let e = self.entries.as_slice();
        let mask = e.len() - 1;
        let want = (key.0 & KEY) | FILLED;
        let mut entry = first;
        // Keys longer than 42 bits are in no table.
        if key.0 & !KEY != 0 {
            return Hot::Absent;
        }
        loop {
            let w = entry[0];
            if w & (KEY | FILLED) == want {
                return if w & RUN != 0 {
                    Hot::Run {
                        start: entry[1] as u32,
                        len: (entry[1] >> 32) as u32,
                    }
                } else {
                    Hot::Span {
                        first: entry[1] as u32,
                        last: (entry[1] >> 32) as u32,
                        flag_set: (w >> FLAG_SET_SHIFT) as u16,
                        billable: w & HEADER == 0,
                    }
                };
            }
            if w & FILLED == 0 {
                return Hot::Absent;
            }
            at = (at + 1) & mask;
            entry = e[at];
        }
    }

    /// Number of entries (filled or not).
    #[cfg(test)]
    pub(crate) fn capacity(&self) -> usize {
        self.entries.len()
    }

    /// How far past its home entry each code lies, summed, and the largest.
    #[cfg(test)]
    pub(crate) fn displacement(&self) -> (usize, usize) {
        let e = self.entries.as_slice();
        let mask = e.len() - 1;
        let (mut sum, mut max) = (0, 0);
        for (at, entry) in e.iter().enumerate() {
            if entry[0] & FILLED != 0 {
                let d = at.wrapping_sub(home(entry[0] & KEY, self.shift)) & mask;
                sum += d;
                max = max.max(d);
            }
        }
        (sum, max)
    }
}

/// The entry of record `index` (key `key`) of `table`.
fn entry(table: &Table, index: u32, key: u64) -> [u64; 2] {
    let r = table.record(index);
    let single = (r.span_len == 1)
        .then(|| {
            let o = r.span_start as usize * SPAN_SIZE;
            table.spans.bytes().get(o..o + SPAN_SIZE)
        })
        .flatten();
    match single {
        Some(b) => {
            let word = |i: usize| u32::from_le_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]]);
            let flag_set = u64::from(u16::from_le_bytes([b[8], b[9]]));
            let header = if b[10] == 0 { 0 } else { HEADER };
            [
                key | FILLED | header | flag_set << FLAG_SET_SHIFT,
                u64::from(word(0)) | u64::from(word(4)) << 32,
            ]
        }
        None => [
            key | FILLED | RUN,
            u64::from(r.span_start) | u64::from(r.span_len) << 32,
        ],
    }
}

#[inline]
fn home(key: u64, shift: u32) -> usize {
    (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> shift) as usize
}

/// A zeroed array of entries in a [`HugeBuf`]: probed at random over megabytes, they
/// want huge pages.
struct Entries {
    buf: HugeBuf,
    len: usize,
}

impl Entries {
    fn zeroed(len: usize) -> Entries {
        let buf = HugeBuf::zeroed(len * 16);
        let len = buf.len() / 16;
        Entries { buf, len }
    }

    fn len(&self) -> usize {
        self.len
    }

    fn as_slice(&self) -> &[[u64; 2]] {
        // SAFETY: `len` zero-initialised, 16-byte aligned entries, owned by `self`.
        unsafe { std::slice::from_raw_parts(self.buf.as_ptr(), self.len) }
    }

    fn as_mut_slice(&mut self) -> &mut [[u64; 2]] {
        // SAFETY: as in `as_slice`, borrowed mutably.
        unsafe { std::slice::from_raw_parts_mut(self.buf.as_ptr(), self.len) }
    }
}
