//! A column of diagnoses to each row's list of categories, in Arrow's list layout (offsets,
//! values, validity): what the Python and JavaScript columns hand back. A null row and a
//! row not shaped like an ICD-10-CM code are null; a code the model does not count is an
//! empty list.
//!
//! Each distinct spelling is answered once by [`HccModelYear::categories`], then
//! remembered: a column of millions of diagnoses repeats a few tens of thousands of codes,
//! and one probe of a small table (16 bytes an entry: the spelling's bytes, its answer) is
//! cheaper than reading the code and probing the model's map again (measured when this
//! lived in the Python binding: `benches/python/bench_groupers.py`).

use super::HccModelYear;
use crate::batch::{Keys, Strings};

/// Each row's categories: row `i`'s are `values[offsets[i]..offsets[i + 1]]`, indexes among
/// the model-year's variables ([`HccModelYear::variables`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CategoryLists {
    /// One more than the rows, starting at 0.
    pub offsets: Vec<i32>,
    pub values: Vec<u16>,
    /// A byte a row: 1 when the row has an answer (a code), 0 when it is null or not
    /// shaped like a code.
    pub valid: Vec<u8>,
    /// How many rows are null (0 in `valid`).
    pub nulls: usize,
}

/// The answer for one spelling, packed: bit 63 set when it is a code (not null), bits
/// 56-59 the number of categories, and the categories' indexes in bits 0-47 (three at
/// most), or, with bit 62 set, where they start in [`Answers::pool`] (more than three).
#[derive(Clone, Copy)]
struct Answer(u64);

const VALID: u64 = 1 << 63;
const POOLED: u64 = 1 << 62;
const NULL_ANSWER: Answer = Answer(0);

impl Answer {
    #[inline]
    fn valid(self) -> bool {
        self.0 & VALID != 0
    }

    #[inline]
    fn len(self) -> usize {
        ((self.0 >> 56) & 0xF) as usize
    }
}

/// The answers of the spellings met, in a memo from a spelling to its answer. Spellings of
/// 1 to 8 bytes whose last byte is not NUL are kept (their bytes, zero-padded, tell them
/// apart); others go to the core each time.
struct Answers {
    year: HccModelYear,
    table: Vec<[u64; 2]>,
    bits: u32,
    len: usize,
    pool: Vec<u16>,
}

/// The memo's largest size: 2^20 entries (16 MiB).
const MAX_BITS: u32 = 20;

impl Answers {
    fn new(year: HccModelYear) -> Answers {
        let bits = 12;
        Answers {
            year,
            table: vec![[0, 0]; 1 << bits],
            bits,
            len: 0,
            pool: Vec::new(),
        }
    }

    /// The core's answer for one spelling.
    fn compute(&mut self, bytes: &[u8]) -> Answer {
        let Ok(Ok(cats)) = std::str::from_utf8(bytes).map(|s| self.year.categories(s)) else {
            return NULL_ANSWER;
        };
        let cats: Vec<u16> = cats.map(|v| v.index()).collect();
        let n = cats.len().min(15) as u64;
        if cats.len() <= 3 {
            let packed = cats
                .iter()
                .enumerate()
                .fold(0u64, |acc, (i, &c)| acc | u64::from(c) << (16 * i));
            Answer(VALID | n << 56 | packed)
        } else {
            let start = self.pool.len() as u64;
            self.pool.extend_from_slice(&cats[..n as usize]);
            Answer(VALID | POOLED | n << 56 | start)
        }
    }

    #[inline]
    fn slot_of(key: u64, bits: u32) -> usize {
        (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - bits)) as usize
    }

    /// The answer of a spelling: from the memo, or computed and remembered.
    #[inline]
    fn of(&mut self, bytes: &[u8]) -> Answer {
        let Some(key) = memo_key(bytes) else {
            return self.compute(bytes);
        };
        let mask = (1usize << self.bits) - 1;
        let mut slot = Self::slot_of(key, self.bits);
        loop {
            let [k, v] = self.table[slot];
            if k == key {
                return Answer(v);
            }
            if k == 0 {
                break;
            }
            slot = (slot + 1) & mask;
        }
        let answer = self.compute(bytes);
        if (self.len + 1) * 2 > self.table.len() {
            if self.bits < MAX_BITS {
                self.grow();
                self.insert(key, answer);
            }
            // At the largest table, further spellings are computed each time they come.
        } else {
            self.table[slot] = [key, answer.0];
            self.len += 1;
        }
        answer
    }

    fn insert(&mut self, key: u64, answer: Answer) {
        let mask = (1usize << self.bits) - 1;
        let mut slot = Self::slot_of(key, self.bits);
        while self.table[slot][0] != 0 {
            slot = (slot + 1) & mask;
        }
        self.table[slot] = [key, answer.0];
        self.len += 1;
    }

    fn grow(&mut self) {
        let old = std::mem::take(&mut self.table);
        self.bits += 1;
        self.table = vec![[0, 0]; 1 << self.bits];
        self.len = 0;
        for [k, v] in old {
            if k != 0 {
                self.insert(k, Answer(v));
            }
        }
    }
}

/// A spelling of 1 to 8 bytes whose last byte is not NUL as its bytes, zero-padded, in a
/// `u64` (never 0): the last non-zero byte gives the length back, so two spellings have
/// the same key only when they are the same. `None` for others.
#[inline]
fn memo_key(s: &[u8]) -> Option<u64> {
    let n = s.len();
    if n == 0 || n > 8 || s[n - 1] == 0 {
        return None;
    }
    Some(match n {
        1..=3 => {
            u64::from(s[0])
                | u64::from(s[n / 2]) << (n / 2 * 8)
                | u64::from(s[n - 1]) << ((n - 1) * 8)
        }
        _ => {
            let a = u32::from_le_bytes([s[0], s[1], s[2], s[3]]);
            let b = u32::from_le_bytes([s[n - 4], s[n - 3], s[n - 2], s[n - 1]]);
            u64::from(a) | u64::from(b) << ((n - 4) * 8)
        }
    })
}

impl CategoryLists {
    fn with_capacity(rows: usize) -> CategoryLists {
        let mut offsets = Vec::with_capacity(rows + 1);
        offsets.push(0);
        CategoryLists {
            offsets,
            values: Vec::with_capacity(rows),
            valid: Vec::with_capacity(rows),
            nulls: 0,
        }
    }

    /// The number of rows.
    pub fn len(&self) -> usize {
        self.valid.len()
    }

    pub fn is_empty(&self) -> bool {
        self.valid.is_empty()
    }

    /// Row `i`'s categories (`None`: a null row, or not shaped like a code).
    pub fn row(&self, i: usize) -> Option<&[u16]> {
        if *self.valid.get(i)? == 0 {
            return None;
        }
        let (a, b) = (self.offsets[i] as usize, self.offsets[i + 1] as usize);
        self.values.get(a..b)
    }

    #[inline]
    fn push_answer(&mut self, answers: &Answers, a: Answer) {
        if a.0 & (VALID | POOLED | 0xF << 56) == VALID | 1 << 56 {
            // The common case: a code with one category, kept in the answer.
            self.values.push(a.0 as u16);
            self.offsets.push(self.values.len() as i32);
            self.valid.push(1);
            return;
        }
        if a.valid() {
            let n = a.len();
            if a.0 & POOLED == 0 {
                for i in 0..n {
                    self.values.push((a.0 >> (16 * i)) as u16);
                }
            } else {
                let start = (a.0 & 0xFFFF_FFFF) as usize;
                self.values
                    .extend_from_slice(&answers.pool[start..start + n]);
            }
        }
        self.push_row(a.valid());
    }

    #[inline]
    fn push_row(&mut self, valid: bool) {
        self.offsets.push(self.values.len() as i32);
        self.valid.push(u8::from(valid));
        self.nulls += usize::from(!valid);
    }

    /// Appends rows `rows` of one chunk.
    fn extend(&mut self, answers: &mut Answers, chunk: &Strings<'_>, rows: std::ops::Range<usize>) {
        match chunk {
            // A dictionary column: each distinct spelling answered once, the rows copied.
            Strings::Dict {
                keys,
                validity,
                values,
            } => {
                let distinct: Vec<Answer> = (0..values.len())
                    .map(|i| match values.get(i) {
                        Some(b) => answers.of(b),
                        None => NULL_ANSWER,
                    })
                    .collect();
                // One loop a key type, the type's match out of the loop.
                macro_rules! expand {
                    ($k:expr) => {{
                        let k = $k.get(rows.clone()).unwrap_or(&[]);
                        for (j, &key) in k.iter().enumerate() {
                            let i = rows.start + j;
                            let answer = if validity.as_ref().is_none_or(|v| v.get(i)) {
                                usize::try_from(key)
                                    .ok()
                                    .and_then(|key| distinct.get(key))
                                    .copied()
                                    .unwrap_or(NULL_ANSWER)
                            } else {
                                NULL_ANSWER
                            };
                            self.push_answer(answers, answer);
                        }
                    }};
                }
                match keys {
                    Keys::I8(k) => expand!(k),
                    Keys::U8(k) => expand!(k),
                    Keys::I16(k) => expand!(k),
                    Keys::U16(k) => expand!(k),
                    Keys::I32(k) => expand!(k),
                    Keys::U32(k) => expand!(k),
                    Keys::I64(k) => expand!(k),
                    Keys::U64(k) => expand!(k),
                }
            }
            // A plain string column: the offsets walked directly.
            Strings::Utf8 {
                offsets,
                data,
                validity,
            } => {
                for i in rows {
                    if validity.as_ref().is_none_or(|v| v.get(i)) {
                        let (a, b) = (offsets[i] as usize, offsets[i + 1] as usize);
                        match data.get(a..b) {
                            Some(bytes) => {
                                let answer = answers.of(bytes);
                                self.push_answer(answers, answer);
                            }
                            None => self.push_row(false),
                        }
                    } else {
                        self.push_row(false);
                    }
                }
            }
            _ => {
                for i in rows {
                    match chunk.get(i) {
                        Some(bytes) => {
                            let answer = answers.of(bytes);
                            self.push_answer(answers, answer);
                        }
                        None => self.push_row(false),
                    }
                }
            }
        }
    }

    /// Appends another's rows after these.
    #[cfg(feature = "threads")]
    fn append(&mut self, part: CategoryLists) {
        let base = self.values.len() as i32;
        self.offsets
            .extend(part.offsets[1..].iter().map(|o| o + base));
        self.values.extend_from_slice(&part.values);
        self.valid.extend_from_slice(&part.valid);
        self.nulls += part.nulls;
    }
}

impl HccModelYear {
    /// Each row's categories in this model-year (no hierarchies: those are per patient),
    /// over the chunks of one column in order. Big chunks are mapped in parts on all cores
    /// (feature `threads`), each part with its own memo, then joined in order.
    pub fn category_lists(self, columns: &[Strings<'_>]) -> CategoryLists {
        let rows: usize = columns.iter().map(Strings::len).sum();
        let mut out = CategoryLists::with_capacity(rows);
        for chunk in columns {
            self.map_chunk(chunk, &mut out);
        }
        out
    }

    fn map_chunk(self, chunk: &Strings<'_>, out: &mut CategoryLists) {
        let n = chunk.len();
        #[cfg(feature = "threads")]
        {
            // The batch engine's count, asked once (reading it costs more than a small chunk).
            let threads = crate::batch::threads().min(8);
            if threads >= 2 && n >= 64 * 1024 {
                let per = n.div_ceil(threads);
                let parts: Vec<CategoryLists> = std::thread::scope(|scope| {
                    let handles: Vec<_> = (0..threads)
                        .map(|t| {
                            let rows = (t * per).min(n)..((t + 1) * per).min(n);
                            scope.spawn(move || {
                                let mut part = CategoryLists::with_capacity(rows.len());
                                part.extend(&mut Answers::new(self), chunk, rows);
                                part
                            })
                        })
                        .collect();
                    handles
                        .into_iter()
                        // A part's thread only panics if the core does: say so, never hide it.
                        .map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
                        .collect()
                });
                for part in parts {
                    out.append(part);
                }
                return;
            }
        }
        out.extend(&mut Answers::new(self), chunk, 0..n);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::batch::OwnedStrings;
    use crate::hcc::HccModel;

    #[test]
    fn lists_agree_with_one_code_at_a_time_in_parts_and_whole() {
        let year = HccModelYear::new(HccModel::DEFAULT, 2026).expect("a bundled year");
        let sample = [
            Some("E11.9"),
            Some("e119"),
            Some("E08.311"),
            Some("Z00.00"),
            None,
            Some("garbage"),
            Some(""),
            Some(" E11.9 "),
            Some("I50.22"),
            Some("C78.31"),
        ];
        // Past the size at which the column is mapped in parts.
        let codes: Vec<Option<&str>> = (0..100_000)
            .map(|i| sample[(i * 7) % sample.len()])
            .collect();
        let column: OwnedStrings = codes.iter().copied().collect();
        let lists = year.category_lists(&[column.strings()]);
        assert_eq!(lists.len(), codes.len());
        let mut nulls = 0;
        for (i, c) in codes.iter().enumerate() {
            let expected: Option<Vec<u16>> = c.and_then(|c| {
                year.categories(c)
                    .ok()
                    .map(|cats| cats.map(|v| v.index()).collect())
            });
            nulls += usize::from(expected.is_none());
            assert_eq!(
                lists.row(i).map(<[u16]>::to_vec),
                expected,
                "row {i}: {c:?}"
            );
        }
        assert_eq!(lists.nulls, nulls);
        // Two chunks of one column answer as the whole.
        let (a, b) = codes.split_at(70_000);
        let (a, b): (OwnedStrings, OwnedStrings) =
            (a.iter().copied().collect(), b.iter().copied().collect());
        let chunked = year.category_lists(&[a.strings(), b.strings()]);
        let first_difference = (0..codes.len()).find(|&i| chunked.row(i) != lists.row(i));
        assert_eq!(first_difference, None, "two chunks against one");
        assert!(chunked == lists, "the same layout");
    }
}
