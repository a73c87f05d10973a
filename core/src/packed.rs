//! A compact storage form for the big fixed-size-record blobs (`keys`, `records`, `titles`),
//! for builds where the size of the binary matters more than start-up (feature `compact`:
//! the WebAssembly package).
//!
//! The committed blobs are laid out for lookups: fixed-size little-endian records, read in
//! place. Their bytes compress badly (a record's fields interleave, record numbers and
//! offsets count up), so gzip leaves them at about a quarter. Packed, each field becomes a
//! column stored as byte planes (all the low bytes, then all the next bytes, ...), turned
//! first into small numbers where the field is predictable: a parent as the distance back
//! to it, a sorted key as the step from the previous one, a run start (the sum of the run
//! lengths before it) not at all. ICD-10-CM's keys and records go from 700 KB to 50 KB
//! gzipped. [`Lazy`] gives back the exact records, a block at a time, at first use. (The spans compress well
//! as they are: their dates repeat, and as planes they would gzip worse.)
//!
//! This file has no dependencies on the rest of the crate: `build.rs` includes it to pack
//! the blobs at build time, and `pack` refuses (with the reason) any blob it could not give
//! back byte for byte, so a layout change without an update here fails the build, not a
//! lookup.
//!
//! A packed blob: `MCP2`, the record count (`u32`), the record size (`u8`), the column
//! count (`u8`), the block size as a power of two (`u8`), per column its offset in the
//! record, width, encoding, stored width and run-length offset (`u8` each), then each step
//! or run-start column's checkpoints (a `u64` a block: the state before the block), then
//! each column's planes of `count` bytes. With the checkpoints any block decodes on its
//! own ([`Lazy`]): the first lookup of a page decodes the blocks it reads, not the blob.

// build.rs uses pack, core uses Lazy.
#![allow(dead_code)]

const MAGIC: &[u8; 4] = b"MCP2";

/// How a column's values are turned into the numbers stored.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    /// As they are.
    Plain = 0,
    /// A record number before this one (a parent): `index - value`, and 0 for "none"
    /// (all bits set).
    BackReference = 1,
    /// The previous record's value plus the stored number (sorted keys).
    Step = 2,
    /// Not stored: the sum of the previous records' values of the column named by its
    /// offset in `RunStart(offset)` (where a record's run of spans or titles starts).
    RunStart = 3,
    /// 0 for "none" (all bits set), else the value plus one.
    Optional = 4,
}

/// One field of a record.
#[derive(Clone, Copy, Debug)]
pub struct Column {
    pub offset: u8,
    pub width: u8,
    pub encoding: Encoding,
    /// For [`Encoding::RunStart`]: the offset of the run-length column.
    pub lengths_at: u8,
}

const fn col(offset: u8, width: u8, encoding: Encoding) -> Column {
    Column {
        offset,
        width,
        encoding,
        lengths_at: 0,
    }
}

const fn run_start(offset: u8, lengths_at: u8) -> Column {
    Column {
        offset,
        width: 4,
        encoding: Encoding::RunStart,
        lengths_at,
    }
}

/// A blob's record size and fields (see `table.rs` for what they mean).
pub struct Layout {
    pub record_size: usize,
    pub columns: &'static [Column],
}

/// `keys`: one sorted `u64` a code.
pub const KEYS: Layout = Layout {
    record_size: 8,
    columns: &[col(0, 8, Encoding::Step)],
};

/// `records`: parent, descendants, span start, title start, block, chapter, span count,
/// title count, 3 bytes of padding.
pub const RECORDS: Layout = Layout {
    record_size: 24,
    columns: &[
        col(0, 4, Encoding::BackReference),
        col(4, 4, Encoding::Plain),
        run_start(8, 19),
        run_start(12, 20),
        col(16, 2, Encoding::Step),
        col(18, 1, Encoding::Plain),
        col(19, 1, Encoding::Plain),
        col(20, 1, Encoding::Plain),
    ],
};

/// `titles`: the sources that carry the title (bits 0-7), long or short (bit 0) and the
/// sources' bits 24-30, their bits 8-23, text id, suffix text id (or none). Titles of a code follow each other, so
/// text ids step.
pub const TITLES: Layout = Layout {
    record_size: 12,
    columns: &[
        col(0, 1, Encoding::Plain),
        col(1, 1, Encoding::Plain),
        col(2, 2, Encoding::Plain),
        col(4, 4, Encoding::Step),
        col(8, 4, Encoding::Optional),
    ],
};

fn read(record: &[u8], c: &Column) -> u64 {
    let mut v = 0u64;
    for (i, &b) in record[c.offset as usize..][..c.width as usize]
        .iter()
        .enumerate()
    {
        v |= u64::from(b) << (8 * i);
    }
    v
}

fn mask(width: u8) -> u64 {
    if width >= 8 {
        u64::MAX
    } else {
        (1u64 << (8 * width)) - 1
    }
}

/// The numbers stored for a column (`None` for a run start: nothing is stored).
fn stored(blob: &[u8], layout: &Layout, c: &Column) -> Result<Option<Vec<u64>>, String> {
    let records = blob.chunks_exact(layout.record_size);
    let none = mask(c.width);
    match c.encoding {
        Encoding::Plain => Ok(Some(records.map(|r| read(r, c)).collect())),
        Encoding::BackReference => records
            .enumerate()
            .map(|(i, r)| match read(r, c) {
                v if v == none => Ok(0),
                v if v < i as u64 => Ok(i as u64 - v),
                v => Err(format!("record {i}: reference {v} is not before it")),
            })
            .collect::<Result<_, _>>()
            .map(Some),
        Encoding::Step => {
            let mut prev = 0u64;
            Ok(Some(
                records
                    .map(|r| {
                        let v = read(r, c);
                        let step = v.wrapping_sub(prev) & none;
                        prev = v;
                        step
                    })
                    .collect(),
            ))
        }
        Encoding::Optional => Ok(Some(
            records
                .map(|r| match read(r, c) {
                    v if v == none => 0,
                    v => v + 1,
                })
                .collect(),
        )),
        Encoding::RunStart => Ok(None),
    }
}

/// Records a block: the unit [`Lazy`] decodes at a time (`1 << BLOCK_SHIFT`).
pub const BLOCK_SHIFT: u8 = 8;

/// Whether a column's values depend on the records before it, so that decoding a block
/// needs the state before the block (a checkpoint).
fn carried(e: Encoding) -> bool {
    matches!(e, Encoding::Step | Encoding::RunStart)
}

/// Packs a blob of `layout` records.
pub fn pack(blob: &[u8], layout: &Layout) -> Result<Vec<u8>, String> {
    let size = layout.record_size;
    if size == 0 || blob.len() % size != 0 {
        return Err(format!(
            "{} bytes is not a whole number of {size}-byte records",
            blob.len()
        ));
    }
    let count = u32::try_from(blob.len() / size).map_err(|_| "too many records".to_string())?;
    let block = 1usize << BLOCK_SHIFT;
    let blocks = (count as usize).div_ceil(block);
    let mut out = Vec::with_capacity(blob.len() / 2);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&count.to_le_bytes());
    out.push(size as u8);
    out.push(layout.columns.len() as u8);
    out.push(BLOCK_SHIFT);
    let mut checkpoints = Vec::new();
    let mut planes = Vec::new();
    for c in layout.columns {
        let values = stored(blob, layout, c)?;
        let max = values.iter().flatten().copied().max().unwrap_or(0);
        let stored_width = (64 - max.leading_zeros()).div_ceil(8) as u8;
        out.extend_from_slice(&[c.offset, c.width, c.encoding as u8, stored_width]);
        out.push(c.lengths_at);
        // The state before each block: a step column's value at the record before it (0
        // before the first), a run start's value at the block's first record (the sum of
        // the lengths before it).
        if carried(c.encoding) {
            for k in 0..blocks {
                let first = k * block;
                let at = match c.encoding {
                    Encoding::Step => first.checked_sub(1),
                    _ => Some(first),
                };
                let v = at.map_or(0, |i| read(&blob[i * size..(i + 1) * size], c));
                checkpoints.extend_from_slice(&v.to_le_bytes());
            }
        }
        for plane in 0..stored_width {
            planes.extend(values.iter().flatten().map(|v| (v >> (8 * plane)) as u8));
        }
    }
    out.extend_from_slice(&checkpoints);
    out.extend_from_slice(&planes);
    match unpack(&out) {
        Ok(back) if back == blob => Ok(out),
        Ok(_) => Err(
            "the packed form does not give the blob back: bytes outside the \
                      layout's columns, or a run start that is not the sum of its lengths \
                      (update the layout in packed.rs)"
                .into(),
        ),
        Err(e) => Err(format!("the packed form does not unpack: {e}")),
    }
}

/// Writes column `c` (offset `o`, values masked by `none`) of the records `out` (record
/// `first` onwards) from its `planes` (`stored_width` planes of `count` bytes); `carry`:
/// the previous record's value of an [`Encoding::Step`] column, which it returns updated.
/// `values`: room for a chunk's values, reused.
#[allow(clippy::too_many_arguments)]
#[inline(never)]
fn decode(
    out: &mut [u8],
    size: usize,
    planes: &[u8],
    count: usize,
    stored_width: usize,
    first: usize,
    c: &Column,
    none: u64,
    mut carry: u64,
    values: &mut Vec<u64>,
) -> u64 {
    let n = out.len() / size;
    let o = c.offset as usize;
    let plane = |p: usize| &planes[p * count + first..p * count + first + n];
    if c.encoding == Encoding::Plain && stored_width <= c.width as usize {
        // Each stored byte is the record's byte: straight copies, plane by plane.
        for p in 0..stored_width {
            for (r, &b) in out.chunks_exact_mut(size).zip(plane(p)) {
                r[o + p] = b;
            }
        }
        return carry;
    }
    // Plane by plane into whole values, then the encoding, then the values' bytes into
    // the records. Byte stores throughout: in WebAssembly a `copy_from_slice` of a few
    // bytes stays a call, which took a third of the unpacking time (measured).
    values.clear();
    values.resize(n, 0);
    for p in 0..stored_width {
        for (v, &b) in values.iter_mut().zip(plane(p)) {
            *v |= u64::from(b) << (8 * p);
        }
    }
    match c.encoding {
        Encoding::BackReference => {
            for (i, v) in values.iter_mut().enumerate() {
                *v = if *v == 0 {
                    none
                } else {
                    ((first + i) as u64).wrapping_sub(*v)
                };
            }
        }
        Encoding::Step => {
            for v in values.iter_mut() {
                carry = carry.wrapping_add(*v) & none;
                *v = carry;
            }
        }
        Encoding::Optional => {
            for v in values.iter_mut() {
                *v = v.wrapping_sub(1) & none;
            }
        }
        Encoding::Plain | Encoding::RunStart => {}
    }
    for k in 0..c.width as usize {
        for (r, &v) in out.chunks_exact_mut(size).zip(values.iter()) {
            r[o + k] = (v >> (8 * k)) as u8;
        }
    }
    carry
}

/// Gives back the blob [`pack`] packed.
pub fn unpack(packed: &[u8]) -> Result<Vec<u8>, String> {
    let lazy = Lazy::new(packed)?;
    let mut out = vec![0u8; lazy.count * lazy.size];
    let mut values = Vec::with_capacity(lazy.block().min(lazy.count));
    for (k, block) in out.chunks_mut(lazy.block() * lazy.size).enumerate() {
        lazy.decode_block(k, block, &mut values);
    }
    Ok(out)
}

/// A stored column of a packed blob, located.
#[derive(Clone, Copy, Debug)]
struct Located {
    c: Column,
    stored_width: usize,
    /// Where its planes start in the packed blob (none for a run start).
    planes: usize,
    /// Where its checkpoints start (a `u64` a block), for step and run-start columns.
    checkpoints: Option<usize>,
}

/// A packed blob read a block of records at a time, each block decoded at its first read
/// ([`row`](Self::row)): the first lookup of a page decodes the few blocks it touches
/// instead of the whole blob (ICD-10-CM's keys and records: 99,084 codes, 3 MB).
pub struct Lazy<'a> {
    packed: &'a [u8],
    count: usize,
    size: usize,
    shift: u32,
    columns: Vec<Located>,
    blocks: Box<[std::sync::OnceLock<Box<[u8]>>]>,
    /// The first column's value at each block's first record ([`firsts`](Self::firsts)).
    firsts: std::sync::OnceLock<Box<[u64]>>,
}

impl std::fmt::Debug for Lazy<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Lazy")
            .field("count", &self.count)
            .field("size", &self.size)
            .finish_non_exhaustive()
    }
}

impl<'a> Lazy<'a> {
    /// Reads a packed blob's header (nothing is decoded yet).
    pub fn new(packed: &'a [u8]) -> Result<Lazy<'a>, String> {
        let bad = |what: &str| format!("not a packed blob: {what}");
        if packed.get(..4) != Some(MAGIC.as_slice()) {
            return Err(bad("no magic"));
        }
        let head = packed.get(4..11).ok_or_else(|| bad("short header"))?;
        let count = u32::from_le_bytes([head[0], head[1], head[2], head[3]]) as usize;
        let (size, n_columns, shift) = (head[4] as usize, head[5] as usize, u32::from(head[6]));
        if size == 0 || !(1..=16).contains(&shift) {
            return Err(bad("record size or block size"));
        }
        let specs = packed
            .get(11..11 + 5 * n_columns)
            .ok_or_else(|| bad("short column list"))?;
        let blocks = count.div_ceil(1 << shift);
        let mut at = 11 + 5 * n_columns;
        let mut columns = Vec::with_capacity(n_columns);
        for spec in specs.chunks_exact(5) {
            let c = Column {
                offset: spec[0],
                width: spec[1],
                encoding: match spec[2] {
                    0 => Encoding::Plain,
                    1 => Encoding::BackReference,
                    2 => Encoding::Step,
                    3 => Encoding::RunStart,
                    4 => Encoding::Optional,
                    e => return Err(bad(&format!("encoding {e}"))),
                },
                lengths_at: spec[4],
            };
            if c.offset as usize + c.width as usize > size || c.width > 8 {
                return Err(bad("column outside the record"));
            }
            if c.encoding == Encoding::RunStart && c.lengths_at as usize >= size {
                return Err(bad("run lengths outside the record"));
            }
            let stored_width = if c.encoding == Encoding::RunStart {
                0
            } else {
                spec[3] as usize
            };
            if stored_width > 8 {
                return Err(bad("stored width over 8 bytes"));
            }
            let checkpoints = carried(c.encoding).then(|| {
                let here = at;
                at += 8 * blocks;
                here
            });
            columns.push(Located {
                c,
                stored_width,
                planes: 0,
                checkpoints,
            });
        }
        for l in &mut columns {
            l.planes = at;
            at += l.stored_width * count;
        }
        if packed.len() < at {
            return Err(bad("short planes"));
        }
        Ok(Lazy {
            packed,
            count,
            size,
            shift,
            columns,
            blocks: (0..blocks).map(|_| std::sync::OnceLock::new()).collect(),
            firsts: std::sync::OnceLock::new(),
        })
    }

    /// Records a block.
    fn block(&self) -> usize {
        1 << self.shift
    }

    /// Number of records.
    pub fn len(&self) -> usize {
        self.count
    }

    /// Bytes a record.
    pub fn record_size(&self) -> usize {
        self.size
    }

    /// Record `index`'s bytes, as the unpacked blob holds them (`None` past the end).
    #[inline]
    pub fn row(&self, index: usize) -> Option<&[u8]> {
        let block = self.block_rows(index >> self.shift)?;
        let o = (index & (self.block() - 1)) * self.size;
        block.get(o..o + self.size)
    }

    /// The records of block `k`, decoded at the first call (`None` past the end).
    #[inline]
    pub fn block_rows(&self, k: usize) -> Option<&[u8]> {
        let block = self.blocks.get(k)?.get_or_init(|| {
            let first = k << self.shift;
            let n = (self.count - first).min(self.block());
            let mut out = vec![0u8; n * self.size];
            self.decode_block(k, &mut out, &mut Vec::with_capacity(n));
            out.into_boxed_slice()
        });
        Some(block)
    }

    /// The first column's value at the first record of each block, in one small array
    /// made at the first call: a binary search over the blocks of sorted keys reads it
    /// instead of the planes (one cache line, where the planes of one value are several
    /// columns of bytes apart).
    pub fn firsts(&self) -> &[u64] {
        self.firsts.get_or_init(|| {
            (0..self.blocks())
                .map(|k| self.first_value(0, k).unwrap_or(u64::MAX))
                .collect()
        })
    }

    /// The value of column `column` (in layout order) at the first record of block `k`,
    /// without decoding the block: where a binary search over the blocks looks.
    pub fn first_value(&self, column: usize, k: usize) -> Option<u64> {
        let l = self.columns.get(column)?;
        let first = k << self.shift;
        if first >= self.count {
            return None;
        }
        let mut v = 0u64;
        for p in 0..l.stored_width {
            v |= u64::from(*self.packed.get(l.planes + p * self.count + first)?) << (8 * p);
        }
        let none = mask(l.c.width);
        Some(match l.c.encoding {
            Encoding::Plain => v,
            Encoding::BackReference if v == 0 => none,
            Encoding::BackReference => (first as u64).wrapping_sub(v),
            Encoding::Step => self.checkpoint(l, k).wrapping_add(v) & none,
            Encoding::Optional => v.wrapping_sub(1) & none,
            Encoding::RunStart => self.checkpoint(l, k),
        })
    }

    /// Number of blocks.
    pub fn blocks(&self) -> usize {
        self.blocks.len()
    }

    /// The first record of block `k`.
    pub fn block_start(&self, k: usize) -> usize {
        k << self.shift
    }

    fn checkpoint(&self, l: &Located, k: usize) -> u64 {
        let at = l.checkpoints.map_or(usize::MAX, |c| c + 8 * k);
        match self.packed.get(at..at.saturating_add(8)) {
            Some(b) => u64::from_le_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]]),
            None => 0,
        }
    }

    /// Writes block `k`'s records into `out` (zeroed, as long as the block's records).
    /// `values`: room for a block's values, reused.
    fn decode_block(&self, k: usize, out: &mut [u8], values: &mut Vec<u64>) {
        let first = k << self.shift;
        let planes = &self.packed;
        for l in self
            .columns
            .iter()
            .filter(|l| l.c.encoding != Encoding::RunStart)
        {
            let c = &l.c;
            let (Some(planes), none) = (planes.get(l.planes..), mask(c.width)) else {
                continue;
            };
            decode(
                out,
                self.size,
                planes,
                self.count,
                l.stored_width,
                first,
                c,
                none,
                self.checkpoint(l, k),
                values,
            );
        }
        // Run starts last: they read the run lengths written above.
        for l in self
            .columns
            .iter()
            .filter(|l| l.c.encoding == Encoding::RunStart)
        {
            let (offset, at_length) = (l.c.offset as usize, l.c.lengths_at as usize);
            let mut sum = self.checkpoint(l, k) as u32;
            for record in out.chunks_exact_mut(self.size) {
                for (k, b) in sum.to_le_bytes().into_iter().enumerate() {
                    record[offset + k] = b;
                }
                sum = sum.wrapping_add(u32::from(record[at_length]));
            }
        }
    }
}
