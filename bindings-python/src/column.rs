//! String columns from any source, and the loops that run the core's batch calls (or a
//! per-code function) over them on all cores without the GIL.
//!
//! A column is a list of [`Chunk`]s (one per Arrow batch; one for a Python list or numpy
//! array). The functions come from `icd10cm.rs` and `icd10pcs.rs` and call the core;
//! nothing here knows what a code is.

use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::Range;

/// The result byte of a null entry in a `u8` column.
pub const NULL: u8 = u8::MAX;

/// Below this many rows a column is worked through on one thread.
const MIN_ROWS_PER_THREAD: usize = 32 * 1024;

/// An Arrow validity bitmap (bit set = valid).
#[derive(Clone, Copy, Debug)]
pub struct Bitmap<'a> {
    pub bits: &'a [u8],
    pub offset: usize,
}

impl Bitmap<'_> {
    #[inline]
    pub fn get(&self, i: usize) -> bool {
        let j = self.offset + i;
        self.bits
            .get(j >> 3)
            .is_some_and(|b| (b >> (j & 7)) & 1 == 1)
    }
}

#[inline]
fn is_valid_at(v: &Option<Bitmap<'_>>, i: usize) -> bool {
    v.as_ref().is_none_or(|b| b.get(i))
}

/// Row `i` of an Arrow `utf8` or `large_utf8` column (`None` when null, or when its
/// offsets are out of range).
#[inline(always)]
fn offsets_row<'a, O: Copy>(
    offsets: &[O],
    data: &'a [u8],
    validity: &Option<Bitmap<'_>>,
    i: usize,
) -> Option<&'a [u8]>
where
    usize: TryFrom<O>,
{
    if !is_valid_at(validity, i) {
        return None;
    }
    let (a, b) = (offsets[i], offsets[i + 1]);
    data.get(usize::try_from(a).ok()?..usize::try_from(b).ok()?)
}

/// The indices of a dictionary-encoded column.
#[derive(Clone, Copy, Debug)]
pub enum Keys<'a> {
    I8(&'a [i8]),
    U8(&'a [u8]),
    I16(&'a [i16]),
    U16(&'a [u16]),
    I32(&'a [i32]),
    U32(&'a [u32]),
    I64(&'a [i64]),
    U64(&'a [u64]),
}

impl Keys<'_> {
    fn len(&self) -> usize {
        match self {
            Keys::I8(k) => k.len(),
            Keys::U8(k) => k.len(),
            Keys::I16(k) => k.len(),
            Keys::U16(k) => k.len(),
            Keys::I32(k) => k.len(),
            Keys::U32(k) => k.len(),
            Keys::I64(k) => k.len(),
            Keys::U64(k) => k.len(),
        }
    }

    /// The dictionary index at row `i` (`None` when negative).
    #[inline]
    pub fn get(&self, i: usize) -> Option<usize> {
        match self {
            Keys::I8(k) => usize::try_from(k[i]).ok(),
            Keys::U8(k) => Some(k[i] as usize),
            Keys::I16(k) => usize::try_from(k[i]).ok(),
            Keys::U16(k) => Some(k[i] as usize),
            Keys::I32(k) => usize::try_from(k[i]).ok(),
            Keys::U32(k) => usize::try_from(k[i]).ok(),
            Keys::I64(k) => usize::try_from(k[i]).ok(),
            Keys::U64(k) => usize::try_from(k[i]).ok(),
        }
    }
}

/// A run of strings in one memory layout. Only borrowed memory: the owners (Arrow
/// producers, numpy arrays, [`OwnedStrings`]) outlive it.
#[derive(Debug)]
pub enum Chunk<'a> {
    /// Every entry null (Arrow `null` type).
    Null { len: usize },
    /// Arrow `utf8`; `offsets` already start at the array's offset.
    Utf8 {
        offsets: &'a [i32],
        data: &'a [u8],
        validity: Option<Bitmap<'a>>,
    },
    /// Arrow `large_utf8`, and every copied-in column.
    LargeUtf8 {
        offsets: &'a [i64],
        data: &'a [u8],
        validity: Option<Bitmap<'a>>,
    },
    /// Arrow `string_view`.
    View {
        views: &'a [[u8; 16]],
        buffers: Vec<&'a [u8]>,
        validity: Option<Bitmap<'a>>,
    },
    /// numpy `S<width>`: fixed-width bytes, padded with NULs.
    Fixed { data: &'a [u8], width: usize },
    /// Arrow dictionary: indices into a column of distinct strings.
    Dict {
        keys: Keys<'a>,
        validity: Option<Bitmap<'a>>,
        values: Box<Chunk<'a>>,
    },
}

impl Chunk<'_> {
    pub fn len(&self) -> usize {
        match self {
            Chunk::Null { len } => *len,
            Chunk::Utf8 { offsets, .. } => offsets.len().saturating_sub(1),
            Chunk::LargeUtf8 { offsets, .. } => offsets.len().saturating_sub(1),
            Chunk::View { views, .. } => views.len(),
            Chunk::Fixed { data, width } => data.len().checked_div(*width).unwrap_or(0),
            Chunk::Dict { keys, .. } => keys.len(),
        }
    }

    /// The bytes of row `i`, `None` when null. Offsets that point outside the data (a
    /// broken producer) read as null rather than out of bounds.
    #[inline(always)]
    pub fn get(&self, i: usize) -> Option<&[u8]> {
        match self {
            Chunk::Dict {
                keys,
                validity,
                values,
            } => {
                if !is_valid_at(validity, i) {
                    return None;
                }
                let k = keys.get(i)?;
                if k >= values.len() {
                    return None;
                }
                values.get_plain(k)
            }
            _ => self.get_plain(i),
        }
    }

    /// As [`Chunk::get`], for any chunk but a dictionary (the import refuses dictionaries
    /// of dictionaries). Not recursive, so that it inlines.
    #[inline(always)]
    fn get_plain(&self, i: usize) -> Option<&[u8]> {
        match self {
            Chunk::Null { .. } | Chunk::Dict { .. } => None,
            Chunk::Utf8 {
                offsets,
                data,
                validity,
            } => offsets_row(offsets, data, validity, i),
            Chunk::LargeUtf8 {
                offsets,
                data,
                validity,
            } => offsets_row(offsets, data, validity, i),
            Chunk::View {
                views,
                buffers,
                validity,
            } => {
                if !is_valid_at(validity, i) {
                    return None;
                }
                view_bytes(&views[i], buffers)
            }
            Chunk::Fixed { data, width } => {
                let item = &data[i * width..(i + 1) * width];
                let end = item.iter().rposition(|&b| b != 0).map_or(0, |p| p + 1);
                Some(&item[..end])
            }
        }
    }
}

/// A run of integers: an Arrow `int64`, or `int32`/`date32`, array.
#[derive(Debug)]
pub enum IntChunk<'a> {
    I32 {
        values: &'a [i32],
        validity: Option<Bitmap<'a>>,
    },
    I64 {
        values: &'a [i64],
        validity: Option<Bitmap<'a>>,
    },
}

impl IntChunk<'_> {
    pub fn len(&self) -> usize {
        match self {
            IntChunk::I32 { values, .. } => values.len(),
            IntChunk::I64 { values, .. } => values.len(),
        }
    }

    /// Row `i`, `None` when null.
    #[inline(always)]
    pub fn get(&self, i: usize) -> Option<i64> {
        match self {
            IntChunk::I32 { values, validity } => {
                is_valid_at(validity, i).then(|| i64::from(values[i]))
            }
            IntChunk::I64 { values, validity } => is_valid_at(validity, i).then(|| values[i]),
        }
    }
}

/// The bytes of an Arrow `string_view` entry: inline (12 bytes at most) or in a buffer.
#[inline(always)]
fn view_bytes<'a>(v: &'a [u8; 16], buffers: &[&'a [u8]]) -> Option<&'a [u8]> {
    let len = usize::try_from(i32::from_le_bytes([v[0], v[1], v[2], v[3]])).ok()?;
    if len <= 12 {
        return Some(&v[4..4 + len]);
    }
    let buf = i32::from_le_bytes([v[8], v[9], v[10], v[11]]);
    let off = i32::from_le_bytes([v[12], v[13], v[14], v[15]]);
    let buf = buffers.get(usize::try_from(buf).ok()?)?;
    let off = usize::try_from(off).ok()?;
    buf.get(off..off.checked_add(len)?)
}

/// Strings copied in from Python objects (lists, object and unicode arrays), in the
/// `large_utf8` layout.
#[derive(Default)]
pub struct OwnedStrings {
    data: Vec<u8>,
    offsets: Vec<i64>,
    /// One byte per row: 1 valid, 0 null (packed into a bitmap by [`finish`](Self::finish)).
    valid: Vec<u8>,
    bitmap: Vec<u8>,
    nulls: usize,
}

impl OwnedStrings {
    pub fn with_capacity(rows: usize) -> OwnedStrings {
        let mut offsets = Vec::with_capacity(rows + 1);
        offsets.push(0);
        OwnedStrings {
            data: Vec::with_capacity(rows * 8),
            offsets,
            valid: Vec::with_capacity(rows),
            bitmap: Vec::new(),
            nulls: 0,
        }
    }

    #[inline]
    pub fn push(&mut self, s: &[u8]) {
        self.data.extend_from_slice(s);
        self.offsets.push(self.data.len() as i64);
        self.valid.push(1);
    }

    #[inline]
    pub fn push_null(&mut self) {
        self.offsets.push(self.data.len() as i64);
        self.valid.push(0);
        self.nulls += 1;
    }

    /// Packs the validity; call once, after the last push.
    pub fn finish(&mut self) {
        if self.nulls > 0 {
            self.bitmap = pack_bits(&self.valid);
        }
        self.valid = Vec::new();
    }

    pub fn chunk(&self) -> Chunk<'_> {
        Chunk::LargeUtf8 {
            offsets: &self.offsets,
            data: &self.data,
            validity: (self.nulls > 0).then_some(Bitmap {
                bits: &self.bitmap,
                offset: 0,
            }),
        }
    }
}

/// Packs one byte per row (non-zero = set) into an Arrow bitmap.
pub fn pack_bits(bytes: &[u8]) -> Vec<u8> {
    let mut out = vec![0u8; bytes.len().div_ceil(8)];
    pack_into(bytes, &mut out);
    out
}

/// Runs `f` on a code's bytes as `&str`: text that is not UTF-8 (possible only from a
/// broken producer) is passed with replacement characters, so the core rejects it.
#[inline]
fn with_str<R>(b: &[u8], f: impl FnOnce(&str) -> R) -> R {
    match std::str::from_utf8(b) {
        Ok(s) => f(s),
        Err(_) => f(&String::from_utf8_lossy(b)),
    }
}

fn threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get().min(16))
}

/// Cuts `0..rows` into at most `threads()` contiguous ranges worth a thread each.
fn split(rows: usize) -> Vec<Range<usize>> {
    let parts = threads().min(rows / MIN_ROWS_PER_THREAD).max(1);
    let step = rows.div_ceil(parts);
    (0..parts)
        .map(|p| p * step..((p + 1) * step).min(rows))
        .filter(|r| !r.is_empty())
        .collect()
}

/// The pieces of `chunks` that fall in the rows `range` (rows counted across chunks).
fn pieces<'c, 'a>(
    chunks: &'c [Chunk<'a>],
    range: Range<usize>,
) -> Vec<(&'c Chunk<'a>, Range<usize>)> {
    let mut out = Vec::new();
    let mut start = 0;
    for c in chunks {
        let end = start + c.len();
        let (a, b) = (range.start.max(start), range.end.min(end));
        if a < b {
            out.push((c, a - start..b - start));
        }
        start = end;
    }
    out
}

// ---------------------------------------------------------------------------------------
// One byte per code (booleans, reason kinds), from batch calls of the core

/// Rows read per batch call without the memo: enough for the core to overlap its table
/// reads, few enough that the codes' bytes stay in cache between reading them and writing
/// the results.
const BATCH_ROWS: usize = 1024;

/// Codes the memos did not answer, sent to the core together: eight of its stages of
/// overlapped table reads.
const BATCH_MISSES: usize = 256;

/// Runs the batch function `f` over the non-null codes of the column, one result byte per
/// row (`null` for null rows), on all cores for big columns. `f` gets up to
/// [`BATCH_ROWS`] codes a call and appends one byte per code, in order.
///
/// With `memo`, big columns remember the answer per distinct input string (memo.rs: one
/// table shared by the threads for short inputs, one per thread for longer ones) and send
/// the core only the strings not seen yet: columns of real codes repeat a few thousand
/// spellings, and one probe of the memo is cheaper than the core's walk of its tables.
/// Sound when `f` answers each string on its own.
pub fn map_batch<F>(chunks: &[Chunk<'_>], null: u8, memo: bool, f: F) -> Vec<u8>
where
    F: Fn(&[Cow<'_, str>], &mut Vec<u8>) + Sync,
{
    map_batch_ref(chunks, null, memo, false, &f)
}

/// [`map_batch`] for yes/no answers, as an Arrow bitmap (bit set: `f` gave a non-zero
/// byte; null rows clear): the threads pack their own rows, and no byte per row is kept.
pub fn map_batch_bits<F>(chunks: &[Chunk<'_>], memo: bool, f: F) -> Vec<u8>
where
    F: Fn(&[Cow<'_, str>], &mut Vec<u8>) + Sync,
{
    map_batch_ref(chunks, 0, memo, true, &f)
}

/// Work items per thread for big columns: the threads take them in turn, so one that is
/// slowed down (by other processes, or by a harder part of the column) holds up the others
/// for one item at most.
const ITEMS_PER_THREAD: usize = 16;

/// Rows of a work item at most: its result bytes stay in the core's cache until packed.
const MAX_ITEM_ROWS: usize = 64 * 1024;

/// The rows of one work item and where its results go (a byte a row, or a bit a row).
type Item<'o> = (Range<usize>, &'o mut [u8]);

fn map_batch_ref<F>(chunks: &[Chunk<'_>], null: u8, memo: bool, pack: bool, f: &F) -> Vec<u8>
where
    F: Fn(&[Cow<'_, str>], &mut Vec<u8>) + Sync,
{
    let rows: usize = chunks.iter().map(Chunk::len).sum();
    let shared =
        (memo && rows >= crate::memo::MIN_ROWS).then(|| crate::memo::SharedMemo::new(rows));
    let threads = split(rows).len().max(1);
    // Items start at multiples of 64 rows, so that packed items are whole bytes. A
    // dictionary's values are worked out once per item that holds some of its rows: one
    // item a thread then.
    let step = if chunks.iter().any(|c| matches!(c, Chunk::Dict { .. })) {
        rows.div_ceil(threads)
    } else {
        rows.div_ceil(threads * ITEMS_PER_THREAD).min(MAX_ITEM_ROWS)
    }
    .next_multiple_of(64)
    .max(64);
    let (mut out, rows_per_byte) = if pack {
        (vec![0u8; rows.div_ceil(8)], 8)
    } else {
        (vec![null; rows], 1)
    };
    let queue = std::sync::Mutex::new(
        out.chunks_mut(step / rows_per_byte)
            .enumerate()
            .map(|(k, dest)| (k * step..((k + 1) * step).min(rows), dest)),
    );
    let next = || -> Option<Item<'_>> { queue.lock().unwrap_or_else(|e| e.into_inner()).next() };
    let run = || {
        let mut worker = Worker::new(shared.as_ref(), rows.div_ceil(threads));
        let mut bytes = Vec::new();
        while let Some((range, dest)) = next() {
            let work = pieces(chunks, range.clone());
            if pack {
                bytes.clear();
                bytes.resize(range.len(), 0);
                worker.fill(&work, &mut bytes, 0, f);
                pack_into(&bytes, dest);
            } else {
                worker.fill(&work, dest, null, f);
            }
        }
    };
    if threads <= 1 {
        run();
    } else {
        std::thread::scope(|scope| {
            for _ in 0..threads {
                scope.spawn(run);
            }
        });
    }
    out
}

/// Packs one byte per row (non-zero = set) into `out`, a bit per row.
pub fn pack_into(bytes: &[u8], out: &mut [u8]) {
    pack_into_xor(bytes, out, 0);
}

/// Packs one byte per row into `out`, a bit per row: set when the byte is not `clear`.
pub fn pack_into_xor(bytes: &[u8], out: &mut [u8], clear: u8) {
    let whole = bytes.chunks_exact(8);
    let rest = whole.remainder();
    let mut o = out.iter_mut();
    let xor = u64::from_ne_bytes([clear; 8]);
    for (g, o) in whole.zip(&mut o) {
        let x = u64::from_le_bytes([g[0], g[1], g[2], g[3], g[4], g[5], g[6], g[7]]) ^ xor;
        // Each byte's bits folded into its bit 0, then bit 0 of byte k moved to bit k of
        // the top byte of the product.
        let mut y = x | x >> 4;
        y |= y >> 2;
        y |= y >> 1;
        *o = ((y & 0x0101_0101_0101_0101).wrapping_mul(0x0102_0408_1020_4080) >> 56) as u8;
    }
    if let Some(o) = o.next() {
        *o = rest
            .iter()
            .enumerate()
            .fold(0, |b, (k, &v)| b | u8::from(v != clear) << k);
    }
}

/// How many rows ahead of the row being answered the memo slots are prefetched: enough
/// for a line to arrive from memory meanwhile, so many probes' misses overlap.
const AHEAD: usize = 32;
/// The ring of rows in flight (a power of two, at least [`AHEAD`]).
const RING: usize = 64;

/// One thread's memos.
struct Worker<'m> {
    /// Short inputs (1 to 8 ASCII bytes); `None` without the memo.
    shared: Option<&'m crate::memo::SharedMemo>,
    /// Longer inputs, this thread's.
    long: Option<crate::memo::Memo>,
}

impl<'m> Worker<'m> {
    fn new(shared: Option<&'m crate::memo::SharedMemo>, rows: usize) -> Worker<'m> {
        Worker {
            shared,
            long: shared.map(|_| crate::memo::Memo::new(rows)),
        }
    }

    /// Fills `out` (one byte per row of `work`).
    fn fill<F>(&mut self, work: &[(&Chunk<'_>, Range<usize>)], out: &mut [u8], null: u8, f: &F)
    where
        F: Fn(&[Cow<'_, str>], &mut Vec<u8>) + Sync,
    {
        let mut at = 0;
        for &(chunk, ref range) in work {
            let dest = &mut out[at..at + range.len()];
            at += range.len();
            let range = range.clone();
            // The common layouts get a loop of their own (the row reads inlined).
            match chunk {
                Chunk::Utf8 {
                    offsets,
                    data,
                    validity,
                } => self.rows(|i| offsets_row(offsets, data, validity, i), range, dest, f),
                Chunk::LargeUtf8 {
                    offsets,
                    data,
                    validity,
                } => self.rows(|i| offsets_row(offsets, data, validity, i), range, dest, f),
                Chunk::Dict {
                    keys,
                    validity,
                    values,
                } => {
                    // Each distinct string once, then a gather.
                    let per_value =
                        map_batch_ref(std::slice::from_ref(&**values), null, false, false, f);
                    for (d, i) in dest.iter_mut().zip(range) {
                        *d = if is_valid_at(validity, i) {
                            keys.get(i)
                                .and_then(|k| per_value.get(k).copied())
                                .unwrap_or(null)
                        } else {
                            null
                        };
                    }
                }
                Chunk::View {
                    views,
                    buffers,
                    validity,
                } => self.rows(
                    |i| {
                        if !is_valid_at(validity, i) {
                            return None;
                        }
                        view_bytes(&views[i], buffers)
                    },
                    range,
                    dest,
                    f,
                ),
                _ => self.rows(|i| chunk.get(i), range, dest, f),
            }
        }
    }

    /// Fills `dest` with the answers for the rows `range` read with `get`.
    #[inline(always)]
    fn rows<'c, G, F>(&mut self, get: G, range: Range<usize>, dest: &mut [u8], f: &F)
    where
        G: Fn(usize) -> Option<&'c [u8]>,
        F: Fn(&[Cow<'_, str>], &mut Vec<u8>) + Sync,
    {
        let mut misses = Misses::default();
        let Some(shared) = self.shared else {
            // No memo: every code to the core, BATCH_ROWS rows a call.
            for start in range.clone().step_by(BATCH_ROWS) {
                for i in start..(start + BATCH_ROWS).min(range.end) {
                    if let Some(b) = get(i) {
                        misses.push(b, i - range.start, 0, 0);
                    }
                }
                misses.flush(dest, None, &mut None, f);
            }
            return;
        };
        let long = &mut self.long;
        // A pipeline: row `i` is read and its memo slot prefetched AHEAD rows before it is
        // answered, so that many probes' cache misses overlap.
        let mut bytes: [Option<&[u8]>; RING] = [None; RING];
        let mut short = [0u64; RING];
        let mut lkey = [0u128; RING];
        for i in range.start..range.end + AHEAD {
            if i < range.end {
                let s = i % RING;
                let b = get(i);
                bytes[s] = b;
                short[s] = 0;
                lkey[s] = 0;
                if let Some(b) = b {
                    if let Some(k) = crate::memo::short_key(b) {
                        short[s] = k;
                        shared.prefetch(k);
                    } else if let (Some(m), Some(k)) = (long.as_ref(), crate::memo::key(b)) {
                        lkey[s] = k;
                        m.prefetch(k);
                    }
                }
            }
            let Some(j) = i.checked_sub(AHEAD).filter(|&j| j >= range.start) else {
                continue;
            };
            let s = j % RING;
            let Some(b) = bytes[s] else { continue };
            let row = j - range.start;
            let found = if short[s] != 0 {
                shared.find(short[s])
            } else if lkey[s] != 0 {
                long.as_ref().and_then(|m| m.find(lkey[s]))
            } else {
                None
            };
            match found {
                Some(r) => dest[row] = r,
                None => {
                    misses.push(b, row, short[s], lkey[s]);
                    if misses.codes.len() >= BATCH_MISSES {
                        misses.flush(dest, Some(shared), long, f);
                    }
                }
            }
        }
        misses.flush(dest, Some(shared), long, f);
    }
}

/// Codes the memos did not answer, for one batch call of the core.
#[derive(Default)]
struct Misses<'c> {
    codes: Vec<Cow<'c, str>>,
    /// Their rows and memo keys (0: none).
    at_row: Vec<usize>,
    short_keys: Vec<u64>,
    long_keys: Vec<u128>,
    results: Vec<u8>,
}

impl<'c> Misses<'c> {
    #[inline]
    fn push(&mut self, b: &'c [u8], row: usize, short: u64, long: u128) {
        self.codes.push(lossy(b));
        self.at_row.push(row);
        self.short_keys.push(short);
        self.long_keys.push(long);
    }

    /// Asks the core, writes the answers to their rows and remembers them.
    fn flush<F>(
        &mut self,
        dest: &mut [u8],
        shared: Option<&crate::memo::SharedMemo>,
        long: &mut Option<crate::memo::Memo>,
        f: &F,
    ) where
        F: Fn(&[Cow<'_, str>], &mut Vec<u8>) + Sync,
    {
        if self.codes.is_empty() {
            return;
        }
        self.results.clear();
        f(&self.codes, &mut self.results);
        for (&r, &v) in self.at_row.iter().zip(&self.results) {
            dest[r] = v;
        }
        if let Some(shared) = shared {
            let new = self.short_keys.iter().filter(|&&k| k != 0).count();
            if new > 0 && shared.reserve(new) {
                for (&k, &v) in self.short_keys.iter().zip(&self.results) {
                    if k != 0 {
                        shared.insert(k, v);
                    }
                }
            }
        }
        if let Some(m) = long.as_mut() {
            for (&k, &v) in self.long_keys.iter().zip(&self.results) {
                if k != 0 {
                    m.insert(k, v);
                }
            }
        }
        self.codes.clear();
        self.at_row.clear();
        self.short_keys.clear();
        self.long_keys.clear();
    }
}

/// A code's bytes as text: text that is not UTF-8 (only from a broken producer) gets
/// replacement characters, so the core rejects it.
#[inline]
fn lossy(b: &[u8]) -> Cow<'_, str> {
    String::from_utf8_lossy(b)
}

// ---------------------------------------------------------------------------------------
// One string per code (normalized codes, titles)

/// A column of optional strings in the `large_utf8` layout, validity one byte per row.
#[derive(Default)]
pub struct StrColumn {
    pub data: Vec<u8>,
    pub offsets: Vec<i64>,
    pub valid: Vec<u8>,
}

impl StrColumn {
    pub fn with_capacity(rows: usize) -> StrColumn {
        let mut offsets = Vec::with_capacity(rows + 1);
        offsets.push(0);
        StrColumn {
            data: Vec::new(),
            offsets,
            valid: Vec::with_capacity(rows),
        }
    }

    pub fn len(&self) -> usize {
        self.valid.len()
    }

    pub fn null_count(&self) -> usize {
        self.valid.iter().filter(|&&v| v == 0).count()
    }

    #[inline]
    pub fn get(&self, i: usize) -> Option<&[u8]> {
        (self.valid[i] != 0)
            .then(|| &self.data[self.offsets[i] as usize..self.offsets[i + 1] as usize])
    }

    #[inline]
    pub fn push(&mut self, s: Option<&[u8]>) {
        match s {
            Some(s) => {
                self.data.extend_from_slice(s);
                self.valid.push(1);
            }
            None => self.valid.push(0),
        }
        self.offsets.push(self.data.len() as i64);
    }

    pub fn append(&mut self, other: StrColumn) {
        let base = self.data.len() as i64;
        self.data.extend_from_slice(&other.data);
        self.offsets
            .extend(other.offsets[1..].iter().map(|o| o + base));
        self.valid.extend_from_slice(&other.valid);
    }
}

/// Runs `f` over every non-null code; `f` appends its result to the buffer and says
/// whether there is one (`false`: a null result).
pub fn map_str<F>(chunks: &[Chunk<'_>], f: F) -> StrColumn
where
    F: Fn(&str, &mut Vec<u8>) -> bool + Sync,
{
    map_str_ref(chunks, &f)
}

fn map_str_ref<F>(chunks: &[Chunk<'_>], f: &F) -> StrColumn
where
    F: Fn(&str, &mut Vec<u8>) -> bool + Sync,
{
    let rows: usize = chunks.iter().map(Chunk::len).sum();
    let ranges = split(rows);
    if ranges.len() <= 1 {
        return fill_str(&pieces(chunks, 0..rows), f);
    }
    let parts: Vec<StrColumn> = std::thread::scope(|scope| {
        let handles: Vec<_> = ranges
            .into_iter()
            .map(|range| {
                let work = pieces(chunks, range);
                scope.spawn(move || fill_str(&work, f))
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    });
    let mut out = StrColumn::with_capacity(rows);
    out.data.reserve(parts.iter().map(|p| p.data.len()).sum());
    for p in parts {
        out.append(p);
    }
    out
}

fn fill_str<F>(work: &[(&Chunk<'_>, Range<usize>)], f: &F) -> StrColumn
where
    F: Fn(&str, &mut Vec<u8>) -> bool + Sync,
{
    let rows: usize = work.iter().map(|(_, r)| r.len()).sum();
    let mut out = StrColumn::with_capacity(rows);
    let mut scratch = Vec::new();
    let mut eval = |b: &[u8], out: &mut StrColumn| {
        scratch.clear();
        let some = with_str(b, |s| f(s, &mut scratch));
        out.push(some.then_some(&scratch[..]));
    };
    for (chunk, range) in work {
        if let Chunk::Dict {
            keys,
            validity,
            values,
        } = chunk
        {
            let per_value = map_str_ref(std::slice::from_ref(&**values), f);
            for i in range.clone() {
                let v = if is_valid_at(validity, i) {
                    keys.get(i)
                        .filter(|&k| k < per_value.len())
                        .and_then(|k| per_value.get(k))
                } else {
                    None
                };
                out.push(v);
            }
            continue;
        }
        for i in range.clone() {
            match chunk.get(i) {
                None => out.push(None),
                Some(b) => eval(b, &mut out),
            }
        }
    }
    out
}

/// Distinct values of a string column, for making one Python object per distinct string.
pub fn distinct_index(col: &StrColumn) -> (Vec<u32>, Vec<&[u8]>) {
    let mut seen: HashMap<&[u8], u32> = HashMap::new();
    let mut distinct = Vec::new();
    let index = (0..col.len())
        .map(|i| match col.get(i) {
            None => u32::MAX,
            Some(s) => *seen.entry(s).or_insert_with(|| {
                distinct.push(s);
                (distinct.len() - 1) as u32
            }),
        })
        .collect();
    (index, distinct)
}
