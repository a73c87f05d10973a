//! The column types the binding hands the core's batch engine (`medcodes::batch`), and the
//! one thing about columns that is Python's own: making one `str` per distinct string.

use std::collections::HashMap;

pub use medcodes::batch::{
    pack_bits, pack_into_xor, Bitmap, IntChunk, Keys, OwnedStrings, StrColumn, Strings, NULL,
};

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
