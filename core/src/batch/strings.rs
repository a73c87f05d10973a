//! Columns of strings as they lie in memory (the Arrow layouts, numpy's fixed width, and
//! strings copied in), read in place: what the batch engine (`super`) takes, and the
//! columns it gives back.

/// The result byte of a null entry in a `u8` column.
pub const NULL: u8 = u8::MAX;

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
pub(super) fn is_valid_at(v: &Option<Bitmap<'_>>, i: usize) -> bool {
    v.as_ref().is_none_or(|b| b.get(i))
}

/// Row `i` of an Arrow `utf8` or `large_utf8` column (`None` when null, or when its
/// offsets are out of range).
#[inline(always)]
pub(super) fn offsets_row<'a, O: Copy>(
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
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn len(&self) -> usize {
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
pub enum Strings<'a> {
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
        values: Box<Strings<'a>>,
    },
}

impl Strings<'_> {
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn len(&self) -> usize {
        match self {
            Strings::Null { len } => *len,
            Strings::Utf8 { offsets, .. } => offsets.len().saturating_sub(1),
            Strings::LargeUtf8 { offsets, .. } => offsets.len().saturating_sub(1),
            Strings::View { views, .. } => views.len(),
            Strings::Fixed { data, width } => data.len().checked_div(*width).unwrap_or(0),
            Strings::Dict { keys, .. } => keys.len(),
        }
    }

    /// The bytes of row `i`, `None` when null. Offsets that point outside the data (a
    /// broken producer) read as null rather than out of bounds.
    #[inline(always)]
    pub fn get(&self, i: usize) -> Option<&[u8]> {
        match self {
            Strings::Dict {
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

    /// As [`Strings::get`], for any chunk but a dictionary (the import refuses dictionaries
    /// of dictionaries). Not recursive, so that it inlines.
    #[inline(always)]
    fn get_plain(&self, i: usize) -> Option<&[u8]> {
        match self {
            Strings::Null { .. } | Strings::Dict { .. } => None,
            Strings::Utf8 {
                offsets,
                data,
                validity,
            } => offsets_row(offsets, data, validity, i),
            Strings::LargeUtf8 {
                offsets,
                data,
                validity,
            } => offsets_row(offsets, data, validity, i),
            Strings::View {
                views,
                buffers,
                validity,
            } => {
                if !is_valid_at(validity, i) {
                    return None;
                }
                view_bytes(&views[i], buffers)
            }
            Strings::Fixed { data, width } => {
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
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

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
pub(super) fn view_bytes<'a>(v: &'a [u8; 16], buffers: &[&'a [u8]]) -> Option<&'a [u8]> {
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
pub struct OwnedStrings {
    data: Vec<u8>,
    offsets: Vec<i64>,
    /// One byte per row: 1 valid, 0 null (packed into a bitmap by [`finish`](Self::finish)).
    valid: Vec<u8>,
    bitmap: Vec<u8>,
    nulls: usize,
}

// Not derived: a column starts with its first offset, 0.
impl Default for OwnedStrings {
    fn default() -> Self {
        OwnedStrings::with_capacity(0)
    }
}

/// A finished column of optional strings (`None`: a null row).
impl<S: AsRef<[u8]>> FromIterator<Option<S>> for OwnedStrings {
    fn from_iter<I: IntoIterator<Item = Option<S>>>(rows: I) -> Self {
        let rows = rows.into_iter();
        let mut column = OwnedStrings::with_capacity(rows.size_hint().0);
        for row in rows {
            match row {
                Some(s) => column.push(s.as_ref()),
                None => column.push_null(),
            }
        }
        column.finish();
        column
    }
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

    pub fn strings(&self) -> Strings<'_> {
        Strings::LargeUtf8 {
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

/// A column of optional strings in the `large_utf8` layout, validity one byte per row.
#[derive(Default)]
pub struct StrColumn {
    pub data: Vec<u8>,
    pub offsets: Vec<i64>,
    pub valid: Vec<u8>,
}

impl StrColumn {
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

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
