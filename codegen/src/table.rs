//! Writes a code table in the byte layout `core/src/table.rs` reads (see there).

use std::collections::BTreeMap;
use std::path::Path;

pub const RECORD_SIZE: usize = 24;
pub const SPAN_SIZE: usize = 12;
pub const TITLE_SIZE: usize = 12;
const NONE: u32 = u32::MAX;
/// Title sources a table may have: bits 0-7 of a title's source set are stored in byte 0,
/// bits 8-23 in bytes 2-3, bits 24-30 in byte 1 above the long/short bit
/// (core/src/table.rs).
pub const MAX_TITLE_SOURCES: usize = 31;

/// Key packing and hashing, shared with the core crate (the same source file).
#[path = "../../core/src/key.rs"]
#[allow(dead_code)]
pub(crate) mod key;

/// Packs an undotted upper-case code into its table key.
pub fn pack_key(code: &str) -> Option<u64> {
    key::CodeKey::pack(code.as_bytes()).map(|k| k.0)
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SpanOut {
    /// First and last date, `yyyymmdd`, inclusive.
    pub start: u32,
    pub end: u32,
    pub flags: u64,
    /// A header span (derived: valid descendants) rather than a billable one.
    pub header: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TitleOut {
    /// Bit i set: title source i has this title (at most [`MAX_TITLE_SOURCES`] sources).
    pub sources: u32,
    pub short: bool,
    pub text: String,
}

/// A code's title variants, one per distinct (kind, text), each with the sources that have
/// it, from each source's `(long, short)` titles of the code (`None`: the source lacks
/// it), in the order the table stores them.
pub fn title_variants<'a>(
    by_source: impl Iterator<Item = Option<&'a (String, Option<String>)>>,
) -> Vec<TitleOut> {
    let mut variants: std::collections::BTreeMap<(bool, String), u32> = Default::default();
    for (s, titles) in by_source.enumerate() {
        assert!(
            s < MAX_TITLE_SOURCES,
            "more than {MAX_TITLE_SOURCES} title sources"
        );
        if let Some((long, short)) = titles {
            *variants.entry((false, long.clone())).or_default() |= 1 << s;
            if let Some(short) = short {
                *variants.entry((true, short.clone())).or_default() |= 1 << s;
            }
        }
    }
    let mut out: Vec<TitleOut> = variants
        .into_iter()
        .map(|((short, text), sources)| TitleOut {
            sources,
            short,
            text,
        })
        .collect();
    out.sort_by_key(|t| (t.short, t.sources.trailing_zeros()));
    out
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// Undotted, upper case.
    pub code: String,
    pub spans: Vec<SpanOut>,
    pub titles: Vec<TitleOut>,
    pub block: u16,
    pub chapter: u8,
}

#[derive(Clone, Debug, Default)]
pub struct Blobs {
    pub hash_key: u64,
    pub keys: Vec<u8>,
    pub disps: Vec<u8>,
    pub slots: Vec<u8>,
    pub records: Vec<u8>,
    pub spans: Vec<u8>,
    pub titles: Vec<u8>,
    pub text: Vec<u8>,
    pub words: Vec<u8>,
    pub word_index: Vec<u8>,
    pub flag_sets: Vec<u64>,
    /// Bytes of title text before splitting titles into ancestor title + suffix.
    pub title_bytes_plain: usize,
}

/// Deduplicated texts, each stored as words: a `u8` count and that many `u16` word ids
/// into a dictionary (words are the text split on single spaces, so joining them with
/// spaces gives the text back exactly). Titles repeat a small vocabulary, so this is about
/// a third of the plain text, before any compression.
#[derive(Default)]
struct TextPool {
    bytes: Vec<u8>,
    ids: BTreeMap<String, u32>,
    words: Vec<String>,
    word_ids: BTreeMap<String, u16>,
}

impl TextPool {
    fn intern(&mut self, s: &str) -> Result<u32, String> {
        if let Some(&id) = self.ids.get(s) {
            return Ok(id);
        }
        let id = u32::try_from(self.bytes.len()).map_err(|_| "text pool over 4 GiB".to_owned())?;
        let words: Vec<&str> = s.split(' ').collect();
        let n =
            u8::try_from(words.len()).map_err(|_| format!("text of over 255 words: {s:.40}"))?;
        self.bytes.push(n);
        for w in words {
            let next = self.words.len();
            let wid = match self.word_ids.get(w) {
                Some(&wid) => wid,
                None => {
                    let wid =
                        u16::try_from(next).map_err(|_| "over 65,536 distinct words".to_owned())?;
                    self.word_ids.insert(w.to_owned(), wid);
                    self.words.push(w.to_owned());
                    wid
                }
            };
            self.bytes.extend_from_slice(&wid.to_le_bytes());
        }
        self.ids.insert(s.to_owned(), id);
        Ok(id)
    }

    /// The dictionary: all words concatenated, and `u32` offsets (one more than words).
    fn dictionary(&self) -> (Vec<u8>, Vec<u8>) {
        let mut text = Vec::new();
        let mut index = Vec::new();
        for w in &self.words {
            index.extend_from_slice(&(text.len() as u32).to_le_bytes());
            text.extend_from_slice(w.as_bytes());
        }
        index.extend_from_slice(&(text.len() as u32).to_le_bytes());
        (text, index)
    }
}

/// Parent (index of the longest proper prefix present) and subtree size of each entry;
/// `entries` must be sorted by key.
pub fn tree(codes: &[&str]) -> (Vec<u32>, Vec<u32>) {
    let n = codes.len();
    let mut parent = vec![NONE; n];
    let mut descendants = vec![0u32; n];
    let mut stack: Vec<usize> = Vec::new();
    for (i, code) in codes.iter().enumerate() {
        while let Some(&top) = stack.last() {
            if code.starts_with(codes[top]) && code.len() > codes[top].len() {
                break;
            }
            descendants[top] = (i - top - 1) as u32;
            stack.pop();
        }
        if let Some(&top) = stack.last() {
            parent[i] = top as u32;
        }
        stack.push(i);
    }
    for top in stack {
        descendants[top] = (n - top - 1) as u32;
    }
    (parent, descendants)
}

pub fn build(entries: &[Entry]) -> Result<Blobs, String> {
    let keys: Vec<u64> = entries
        .iter()
        .map(|e| pack_key(&e.code).ok_or_else(|| format!("cannot pack code {:?}", e.code)))
        .collect::<Result<_, _>>()?;
    if !keys.windows(2).all(|w| w[0] < w[1]) {
        return Err("entries are not sorted by code, or repeat a code".into());
    }
    let codes: Vec<&str> = entries.iter().map(|e| e.code.as_str()).collect();
    let (parent, descendants) = tree(&codes);

    let mut b = Blobs::default();
    let chd = crate::chd::build(&keys)?;
    b.hash_key = chd.seed;
    for (d1, d2) in &chd.disps {
        b.disps.extend_from_slice(&d1.to_le_bytes());
        b.disps.extend_from_slice(&d2.to_le_bytes());
    }
    for &index in &chd.map {
        b.slots
            .extend_from_slice(&keys[index as usize].to_le_bytes());
        b.slots.extend_from_slice(&index.to_le_bytes());
    }
    for k in &keys {
        b.keys.extend_from_slice(&k.to_le_bytes());
    }

    let mut flag_ids: BTreeMap<u64, u16> = BTreeMap::new();
    b.flag_sets.push(0);
    flag_ids.insert(0, 0);
    let mut pool = TextPool::default();
    let (mut n_spans, mut n_titles) = (0u32, 0u32);
    for (i, e) in entries.iter().enumerate() {
        let span_len =
            u8::try_from(e.spans.len()).map_err(|_| format!("{}: too many spans", e.code))?;
        let title_len =
            u8::try_from(e.titles.len()).map_err(|_| format!("{}: too many titles", e.code))?;
        b.records.extend_from_slice(&parent[i].to_le_bytes());
        b.records.extend_from_slice(&descendants[i].to_le_bytes());
        b.records.extend_from_slice(&n_spans.to_le_bytes());
        b.records.extend_from_slice(&n_titles.to_le_bytes());
        b.records.extend_from_slice(&e.block.to_le_bytes());
        b.records.push(e.chapter);
        b.records.push(span_len);
        b.records.push(title_len);
        b.records.extend_from_slice(&[0, 0, 0]);

        for s in &e.spans {
            let next = b.flag_sets.len() as u16;
            let id = *flag_ids.entry(s.flags).or_insert(next);
            if id == next {
                b.flag_sets.push(s.flags);
            }
            b.spans.extend_from_slice(&s.start.to_le_bytes());
            b.spans.extend_from_slice(&s.end.to_le_bytes());
            b.spans.extend_from_slice(&id.to_le_bytes());
            b.spans.push(u8::from(s.header));
            b.spans.push(0);
        }
        n_spans += e.spans.len() as u32;

        // Ancestor titles a title may extend ("<ancestor title>, <suffix>").
        let mut ancestor_titles: Vec<&str> = Vec::new();
        let mut a = parent[i];
        while a != NONE {
            ancestor_titles.extend(entries[a as usize].titles.iter().map(|t| t.text.as_str()));
            a = parent[a as usize];
        }
        for t in &e.titles {
            b.title_bytes_plain += t.text.len();
            let split = ancestor_titles
                .iter()
                .filter(|a| {
                    t.text.len() > a.len() + 2
                        && t.text.starts_with(*a)
                        && t.text[a.len()..].starts_with(", ")
                })
                .max_by_key(|a| a.len());
            let (text, suffix) = match split {
                Some(a) => (pool.intern(a)?, pool.intern(&t.text[a.len() + 2..])?),
                None => (pool.intern(&t.text)?, NONE),
            };
            let [low, mid, high, over] = t.sources.to_le_bytes();
            if over != 0 {
                return Err(format!(
                    "{}: a title source past {MAX_TITLE_SOURCES}",
                    e.code
                ));
            }
            b.titles
                .extend_from_slice(&[low, u8::from(t.short), mid, high]);
            b.titles.extend_from_slice(&text.to_le_bytes());
            b.titles.extend_from_slice(&suffix.to_le_bytes());
        }
        n_titles += e.titles.len() as u32;
    }
    (b.words, b.word_index) = pool.dictionary();
    b.text = pool.bytes;
    Ok(b)
}

/// Writes the blobs of a table into `dir` (created if needed).
pub fn write_blobs(dir: &Path, b: &Blobs) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    for (name, bytes) in [
        ("keys.bin", &b.keys),
        ("disps.bin", &b.disps),
        ("slots.bin", &b.slots),
        ("records.bin", &b.records),
        ("spans.bin", &b.spans),
        ("titles.bin", &b.titles),
        ("text.bin", &b.text),
        ("words.bin", &b.words),
        ("word_index.bin", &b.word_index),
    ] {
        std::fs::write(dir.join(name), bytes)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tree_finds_nearest_prefix() {
        let codes = ["A00", "A000", "A001", "W2189", "W2189XA", "Z99"];
        let (parent, desc) = tree(&codes);
        assert_eq!(parent, vec![NONE, 0, 0, NONE, 3, NONE]);
        assert_eq!(desc, vec![2, 0, 0, 1, 0, 0]);
    }

    #[test]
    fn keys_sort_like_strings() {
        let k: Vec<u64> = ["A0", "A00", "A000", "A01", "B"]
            .iter()
            .map(|c| pack_key(c).unwrap())
            .collect();
        assert!(k.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(pack_key("a00"), None);
    }
}
