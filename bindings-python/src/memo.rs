//! A per-thread memo of one byte per distinct input string, for columns of millions of
//! codes drawn from a few tens of thousands: each distinct spelling is sent to the core's
//! batch call once per call (and per thread), every other row costs one probe of a small
//! table.
//!
//! It caches answers only (for one date, within one call); the answers all come from the
//! core. Entries are 16 bytes: the input's length and bytes (inputs of 1 to 14 bytes, every
//! real code) and the result in the last byte.

use std::alloc::{alloc, dealloc, Layout};

/// Columns shorter than this go straight to the core.
pub const MIN_ROWS: usize = 16 * 1024;

/// Longest input kept (a length byte, the bytes, the result byte).
const MAX_KEY: usize = 14;

const ALIGN: usize = 2 << 20;

/// Table sizes: from 2^10 entries (16 KiB) to 2^20 (16 MiB).
const MIN_BITS: u32 = 10;
const MAX_BITS: u32 = 20;

/// A zeroed, 8-byte aligned heap buffer, on huge pages where the OS grants them: tables
/// probed at random over megabytes otherwise miss the TLB on nearly every probe.
pub struct HugeBuf {
    ptr: *mut u8,
    layout: Layout,
}

// SAFETY: a private heap allocation.
unsafe impl Send for HugeBuf {}
unsafe impl Sync for HugeBuf {}

impl HugeBuf {
    pub fn zeroed(size: usize) -> HugeBuf {
        let size = size.max(16);
        let layout = Layout::from_size_align(size, ALIGN.min(size.next_power_of_two()))
            .expect("table layout");
        // SAFETY: non-zero size.
        let ptr = unsafe { alloc(layout) };
        if ptr.is_null() {
            std::alloc::handle_alloc_error(layout);
        }
        // Advised before the first touch, so the zeroing below faults in huge pages.
        advise_huge_pages(ptr, size);
        // SAFETY: `size` bytes were just allocated.
        unsafe { std::ptr::write_bytes(ptr, 0, size) };
        HugeBuf { ptr, layout }
    }

    pub fn as_ptr<T>(&self) -> *mut T {
        self.ptr.cast()
    }
}

impl Drop for HugeBuf {
    fn drop(&mut self) {
        // SAFETY: allocated in `zeroed` with this layout.
        unsafe { dealloc(self.ptr, self.layout) }
    }
}

#[cfg(target_os = "linux")]
fn advise_huge_pages(p: *mut u8, len: usize) {
    extern "C" {
        fn madvise(addr: *mut std::ffi::c_void, len: usize, advice: i32) -> i32;
    }
    const MADV_HUGEPAGE: i32 = 14;
    // SAFETY: a hint on memory we own; failure is harmless.
    unsafe {
        madvise(p.cast(), len, MADV_HUGEPAGE);
    }
}

#[cfg(not(target_os = "linux"))]
fn advise_huge_pages(_: *mut u8, _: usize) {}

/// Asks the CPU to start loading `p`'s cache line (many probes then overlap their misses).
#[inline(always)]
pub fn prefetch<T>(p: *const T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: a prefetch never faults, whatever the address.
    unsafe {
        std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(p.cast());
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = p;
}

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
        let mask = (1usize << self.bits) - 1;
        let mut i = slot_of(key, self.bits);
        loop {
            // SAFETY: `i & mask` is within the table.
            let e = unsafe { *self.slots().add(i & mask) };
            if e == 0 {
                return None;
            }
            if e & KEY_BITS == key {
                return Some((e >> 120) as u8);
            }
            i += 1;
        }
    }

    /// Remembers a result (growing the table while allowed; dropping it when full).
    pub fn insert(&mut self, key: u128, value: u8) {
        if self.used >= 1usize << (self.bits - 1) {
            if self.bits >= self.max_bits {
                return;
            }
            self.grow();
        }
        self.put(key | (u128::from(value) << 120));
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
