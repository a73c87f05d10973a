//! Memory for tables probed at random over megabytes: zeroed buffers on huge pages where
//! the OS grants them (with 4 KiB pages such probes miss the TLB nearly every time), and a
//! prefetch hint so that many probes overlap their cache misses.
//!
//! The core's hot index (`hot.rs`) lives in a [`HugeBuf`]; so do the Python
//! binding's memo tables, which is why this module is public. It is not part of the
//! code-set API.

use std::alloc::{alloc, dealloc, Layout};
use std::ptr::NonNull;

/// The alignment of a buffer: a huge page where the OS may back it with huge pages (a
/// 2 MiB-aligned region is what it can map so), else a cache line (the WebAssembly
/// allocator would otherwise pad a buffer by up to 2 MiB).
#[cfg(target_os = "linux")]
const ALIGN: usize = 2 << 20;
#[cfg(not(target_os = "linux"))]
const ALIGN: usize = 64;

/// Where `mmap`'s flags below are right.
#[cfg(all(
    target_os = "linux",
    any(target_arch = "x86_64", target_arch = "aarch64")
))]
mod map {
    const PROT_RW: i32 = 0x1 | 0x2;
    const MAP_ANON_PRIVATE: i32 = 0x02 | 0x20;

    extern "C" {
        fn mmap(
            addr: *mut std::ffi::c_void,
            len: usize,
            prot: i32,
            flags: i32,
            fd: i32,
            offset: i64,
        ) -> *mut std::ffi::c_void;
        fn munmap(addr: *mut std::ffi::c_void, len: usize) -> i32;
    }

    /// A fresh private anonymous mapping of `len` bytes (null if mmap fails).
    pub(super) fn map(len: usize) -> *mut u8 {
        // SAFETY: a new private anonymous mapping; no existing memory is touched.
        let base = unsafe { mmap(std::ptr::null_mut(), len, PROT_RW, MAP_ANON_PRIVATE, -1, 0) };
        if base as isize == -1 {
            return std::ptr::null_mut();
        }
        base.cast()
    }

    /// # Safety
    /// `base` and `len` must be a mapping made by [`map`], not yet unmapped.
    pub(super) unsafe fn unmap(base: *mut u8, len: usize) {
        munmap(base.cast(), len);
    }
}

/// A zeroed heap buffer aligned to at least 16 bytes, on huge pages where the OS grants
/// them (Linux transparent huge pages).
pub struct HugeBuf {
    ptr: NonNull<u8>,
    size: usize,
    owner: Owner,
}

enum Owner {
    Heap(Layout),
    /// A private anonymous mapping (base and length), for big buffers on Linux: its pages
    /// are zero until written, so nothing is cleared up front, and they are faulted in (as
    /// huge pages) by the threads that first touch them.
    #[cfg(all(
        target_os = "linux",
        any(target_arch = "x86_64", target_arch = "aarch64")
    ))]
    Map(*mut u8, usize),
}

// SAFETY: a private heap allocation or mapping; sharing it is up to its users' types.
unsafe impl Send for HugeBuf {}
unsafe impl Sync for HugeBuf {}

impl HugeBuf {
    /// `size` bytes (at least 16), all zero.
    pub fn zeroed(size: usize) -> HugeBuf {
        let size = size.max(16);
        #[cfg(all(
            target_os = "linux",
            any(target_arch = "x86_64", target_arch = "aarch64")
        ))]
        if size >= ALIGN {
            let len = size + ALIGN;
            if let Some(base) = NonNull::new(map::map(len)) {
                // SAFETY: the offset is below ALIGN, within the mapping of `size + ALIGN`.
                let ptr = unsafe { base.add(base.as_ptr().align_offset(ALIGN)) };
                advise_huge_pages(ptr.as_ptr(), size);
                return HugeBuf {
                    ptr,
                    size,
                    owner: Owner::Map(base.as_ptr(), len),
                };
            }
        }
        // Up to a few MiB, a power-of-two alignment: the layout is always valid.
        let layout = Layout::from_size_align(size, ALIGN.min(size.next_power_of_two()))
            .expect("buffer layout");
        // SAFETY: `layout` has a non-zero size.
        let raw = unsafe { alloc(layout) };
        let Some(ptr) = NonNull::new(raw) else {
            std::alloc::handle_alloc_error(layout)
        };
        // Advised before the first touch, so that zeroing faults in huge pages.
        advise_huge_pages(raw, size);
        // SAFETY: `size` bytes were just allocated.
        unsafe { std::ptr::write_bytes(raw, 0, size) };
        HugeBuf {
            ptr,
            size,
            owner: Owner::Heap(layout),
        }
    }

    /// The buffer's start, as a pointer to `T` (the buffer is at least 16-byte aligned).
    pub fn as_ptr<T>(&self) -> *mut T {
        self.ptr.as_ptr().cast()
    }

    /// The size in bytes.
    pub fn len(&self) -> usize {
        self.size
    }

    /// Never: a buffer has at least 16 bytes.
    pub fn is_empty(&self) -> bool {
        false
    }
}

impl Drop for HugeBuf {
    fn drop(&mut self) {
        match self.owner {
            // SAFETY: allocated in `zeroed` with this layout.
            Owner::Heap(layout) => unsafe { dealloc(self.ptr.as_ptr(), layout) },
            // SAFETY: mapped in `zeroed` with this base and length.
            #[cfg(all(
                target_os = "linux",
                any(target_arch = "x86_64", target_arch = "aarch64")
            ))]
            Owner::Map(base, len) => unsafe { map::unmap(base, len) },
        }
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

/// Asks the CPU to start loading the cache line of `p` (x86-64; elsewhere nothing).
#[inline(always)]
pub fn prefetch<T>(p: *const T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: a prefetch never faults, whatever the address (and SSE is baseline on x86-64).
    #[allow(unused_unsafe)]
    unsafe {
        std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(p.cast());
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = p;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buffers_small_and_mapped_are_zeroed_aligned_and_writable() {
        for size in [0, 16, 100, 4096, 2 << 20, (4 << 20) + 8] {
            let buf = HugeBuf::zeroed(size);
            assert!(buf.len() >= size.max(16));
            assert_eq!(buf.as_ptr::<u8>() as usize % 16, 0);
            // SAFETY: `len` bytes owned by `buf`.
            let bytes = unsafe { std::slice::from_raw_parts_mut(buf.as_ptr::<u8>(), buf.len()) };
            assert!(bytes.iter().all(|&b| b == 0), "{size}");
            bytes.fill(0xA5);
            prefetch(&bytes[bytes.len() - 1]);
        }
    }
}
