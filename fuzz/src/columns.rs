//! Columns of strings and integers in the memory layouts the batch engine reads in place
//! (`medcodes::batch::Strings`, `IntChunk`: Arrow utf8, large_utf8, string_view, dictionary,
//! numpy fixed width), built from rows and cut into chunks where the fuzz input says.

use medcodes::batch::{pack_bits, Bitmap, IntChunk, Keys, OwnedStrings, Strings};

/// The layouts, by a fuzz byte.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layout {
    LargeUtf8,
    Utf8,
    View,
    Dict,
    /// numpy `S<width>`: no nulls (they become empty), trailing NULs dropped on reading.
    Fixed,
}

impl Layout {
    pub fn from_byte(b: u8) -> Layout {
        [
            Layout::LargeUtf8,
            Layout::Utf8,
            Layout::View,
            Layout::Dict,
            Layout::Fixed,
        ][usize::from(b) % 5]
    }
}

/// One chunk's memory.
enum Chunk {
    Large(OwnedStrings),
    Utf8 {
        offsets: Vec<i32>,
        data: Vec<u8>,
        bits: Option<Vec<u8>>,
    },
    View {
        views: Vec<[u8; 16]>,
        buffers: Vec<Vec<u8>>,
        bits: Option<Vec<u8>>,
    },
    Dict {
        keys: Vec<i32>,
        bits: Option<Vec<u8>>,
        values: OwnedStrings,
    },
    Fixed {
        data: Vec<u8>,
        width: usize,
    },
}

/// A column of strings in chunks, owning its memory.
pub struct StrColumn {
    chunks: Vec<Chunk>,
}

fn validity(rows: &[Option<&[u8]>]) -> Option<Vec<u8>> {
    rows.iter().any(Option::is_none).then(|| {
        pack_bits(
            &rows
                .iter()
                .map(|r| u8::from(r.is_some()))
                .collect::<Vec<u8>>(),
        )
    })
}

fn owned(rows: &[Option<&[u8]>]) -> OwnedStrings {
    let mut s = OwnedStrings::with_capacity(rows.len());
    for r in rows {
        match r {
            Some(b) => s.push(b),
            None => s.push_null(),
        }
    }
    s.finish();
    s
}

fn chunk(layout: Layout, rows: &[Option<&[u8]>]) -> Chunk {
    match layout {
        Layout::LargeUtf8 => Chunk::Large(owned(rows)),
        Layout::Utf8 => {
            let mut offsets = vec![0i32];
            let mut data = Vec::new();
            for r in rows {
                data.extend_from_slice(r.unwrap_or_default());
                offsets.push(data.len() as i32);
            }
            Chunk::Utf8 {
                offsets,
                data,
                bits: validity(rows),
            }
        }
        Layout::View => {
            let mut buffer = Vec::new();
            let views = rows
                .iter()
                .map(|r| {
                    let b = r.unwrap_or_default();
                    let mut v = [0u8; 16];
                    v[..4].copy_from_slice(&(b.len() as i32).to_le_bytes());
                    if b.len() <= 12 {
                        v[4..4 + b.len()].copy_from_slice(b);
                    } else {
                        v[4..8].copy_from_slice(&b[..4]);
                        v[8..12].copy_from_slice(&0i32.to_le_bytes());
                        v[12..16].copy_from_slice(&(buffer.len() as i32).to_le_bytes());
                        buffer.extend_from_slice(b);
                    }
                    v
                })
                .collect();
            Chunk::View {
                views,
                buffers: vec![buffer],
                bits: validity(rows),
            }
        }
        Layout::Dict => {
            let mut distinct: Vec<&[u8]> = Vec::new();
            let keys = rows
                .iter()
                .map(|r| match r {
                    None => 0,
                    Some(b) => match distinct.iter().position(|d| d == b) {
                        Some(k) => k as i32,
                        None => {
                            distinct.push(b);
                            distinct.len() as i32 - 1
                        }
                    },
                })
                .collect();
            let values: Vec<Option<&[u8]>> = distinct.into_iter().map(Some).collect();
            Chunk::Dict {
                keys,
                bits: validity(rows),
                values: owned(&values),
            }
        }
        Layout::Fixed => {
            let width = rows
                .iter()
                .map(|r| r.map_or(0, <[u8]>::len))
                .max()
                .unwrap_or(0)
                .max(1);
            let mut data = vec![0u8; width * rows.len()];
            for (i, r) in rows.iter().enumerate() {
                let b = r.unwrap_or_default();
                data[i * width..i * width + b.len()].copy_from_slice(b);
            }
            Chunk::Fixed { data, width }
        }
    }
}

/// Cuts `0..n` at the points the seed bytes say (up to three chunks; none empty unless
/// `n` is 0).
pub fn cuts(n: usize, seed: &[u8]) -> Vec<std::ops::Range<usize>> {
    let mut points: Vec<usize> = seed
        .iter()
        .take(2)
        .map(|&b| if n == 0 { 0 } else { usize::from(b) % n })
        .filter(|&p| p > 0)
        .collect();
    points.sort_unstable();
    points.dedup();
    let mut out = Vec::new();
    let mut start = 0;
    for p in points {
        out.push(start..p);
        start = p;
    }
    out.push(start..n);
    out
}

impl StrColumn {
    /// The rows in `layouts[k]` for chunk `k` (cycling), cut where `seed` says.
    pub fn new(rows: &[Option<&[u8]>], layouts: &[Layout], seed: &[u8]) -> StrColumn {
        let chunks = cuts(rows.len(), seed)
            .into_iter()
            .enumerate()
            .map(|(k, r)| chunk(layouts[k % layouts.len().max(1)], &rows[r]))
            .collect();
        StrColumn { chunks }
    }

    pub fn strings(&self) -> Vec<Strings<'_>> {
        fn bitmap(bits: &Option<Vec<u8>>) -> Option<Bitmap<'_>> {
            bits.as_ref().map(|b| Bitmap { bits: b, offset: 0 })
        }
        self.chunks
            .iter()
            .map(|c| match c {
                Chunk::Large(s) => s.strings(),
                Chunk::Utf8 {
                    offsets,
                    data,
                    bits,
                } => Strings::Utf8 {
                    offsets,
                    data,
                    validity: bitmap(bits),
                },
                Chunk::View {
                    views,
                    buffers,
                    bits,
                } => Strings::View {
                    views,
                    buffers: buffers.iter().map(Vec::as_slice).collect(),
                    validity: bitmap(bits),
                },
                Chunk::Dict { keys, bits, values } => Strings::Dict {
                    keys: Keys::I32(keys),
                    validity: bitmap(bits),
                    values: Box::new(values.strings()),
                },
                Chunk::Fixed { data, width } => Strings::Fixed {
                    data,
                    width: *width,
                },
            })
            .collect()
    }

    /// Whether a chunk is fixed width (which cannot hold nulls or trailing NULs).
    pub fn has_fixed(&self) -> bool {
        self.chunks.iter().any(|c| matches!(c, Chunk::Fixed { .. }))
    }
}

/// A column of integers in chunks (`int64`, or `int32` where every value fits and
/// `narrow` asks), owning its memory.
pub struct IntColumn {
    chunks: Vec<OwnedIntChunk>,
}

/// One chunk: its 64-bit values, its 32-bit values (when narrow), its validity bitmap
/// and whether it is the narrow one.
type OwnedIntChunk = (Vec<i64>, Vec<i32>, Option<Vec<u8>>, bool);

impl IntColumn {
    pub fn new(rows: &[Option<i64>], narrow: bool, seed: &[u8]) -> IntColumn {
        let chunks = cuts(rows.len(), seed)
            .into_iter()
            .map(|r| {
                let part = &rows[r];
                let wide: Vec<i64> = part.iter().map(|v| v.unwrap_or(0)).collect();
                let fits = narrow && wide.iter().all(|&v| i32::try_from(v).is_ok());
                let narrow_values: Vec<i32> = if fits {
                    wide.iter().map(|&v| v as i32).collect()
                } else {
                    Vec::new()
                };
                let bits = part.iter().any(Option::is_none).then(|| {
                    pack_bits(
                        &part
                            .iter()
                            .map(|v| u8::from(v.is_some()))
                            .collect::<Vec<u8>>(),
                    )
                });
                (wide, narrow_values, bits, fits)
            })
            .collect();
        IntColumn { chunks }
    }

    pub fn chunks(&self) -> Vec<IntChunk<'_>> {
        self.chunks
            .iter()
            .map(|(wide, narrow, bits, fits)| {
                let validity = bits.as_ref().map(|b| Bitmap { bits: b, offset: 0 });
                if *fits {
                    IntChunk::I32 {
                        values: narrow,
                        validity,
                    }
                } else {
                    IntChunk::I64 {
                        values: wide,
                        validity,
                    }
                }
            })
            .collect()
    }
}
