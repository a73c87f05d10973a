//! The word index of one code system, built at its first search from the compiled-in
//! tables: an inverted index from terms to the codes whose own text has them, with each
//! code's BM25F weight of the term precomputed; the codes' groups (ICD-10-CM blocks and
//! chapters, ICD-10-PCS sections and body systems, HCPCS sections) with their terms; each
//! code's validity runs; and the phrases a query must equal to match a code exactly.
//!
//! Scoring is BM25F (Robertson, Zaragoza and Taylor 2004): a term's frequency in each field
//! is normalised by the field's length against its average and weighted by the field's
//! weight, the weighted sum saturates (`tf / (k1 + tf)`), and the result is multiplied by
//! the term's inverse document frequency. The field weights are computed from the data: a
//! field weighs `ln(distinct values) / ln(codes that have it)`, how well its value tells
//! apart the codes that have one (a title: about 1; an ICD-10-CM block name, shared by some
//! 300 codes: about 0.5; a chapter name: about 0.3).

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

use super::text::{self, bag_hash, phrase_hash};
use super::Field;
use crate::codeset::System;
use crate::system::CodeSystem;
use crate::table::SpanKind;

/// BM25's saturation and length-normalisation constants (the usual defaults).
const K1: f32 = 1.2;
const B: f32 = 0.75;

/// The fields of a code's own text, by index: title, short title, inclusion terms, labels.
const TITLE: usize = 0;
const SHORT: usize = 1;
const INCL: usize = 2;
const LABELS: usize = 3;

/// No group.
pub(crate) const NO_GROUP: u16 = u16::MAX;

/// A code's text as a system gives it to the index.
#[derive(Default)]
pub(crate) struct DocInput {
    /// The long title (newest source).
    pub title: Option<String>,
    /// The short title; only its words the long title lacks are indexed (`unsp`, `w/o`).
    pub short: Option<String>,
    /// Inclusion terms and the code's own "Includes" lines.
    pub incl: Vec<&'static str>,
    /// What a code without a title is called by (ICD-10-PCS levels: their axis labels).
    pub labels: Option<String>,
    /// Its groups (indices into the groups given to [`build`]), [`NO_GROUP`] for none.
    pub groups: [u16; 2],
}

/// A group of codes sharing a name (a block, a chapter, a section ...).
pub(crate) struct GroupInput {
    pub field: Field,
    pub text: String,
}

pub(crate) struct Group {
    pub field: Field,
    pub text: String,
}

/// A stretch of days in which a code is in force with one status.
#[derive(Clone, Copy, Debug)]
struct Run {
    first: u32,
    last: u32,
    billable: bool,
}

/// Which codes count: those in force on a date (`yyyymmdd`), or any release.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum On {
    Date(u32),
    AnyRelease,
}

pub(crate) struct Index {
    pub system: CodeSystem,
    pub n_docs: u32,
    /// Codes with some text.
    n_text: u32,
    /// Sorted.
    terms: Vec<Box<str>>,
    /// Codes whose own text or groups have the term.
    df: Vec<u32>,
    idf: Vec<f32>,
    post_start: Vec<u32>,
    post_docs: Vec<u32>,
    /// A code's BM25F weight of the term, `tf / (k1 + tf)` in units of 1/65535.
    post_weight: Vec<u16>,
    /// Terms only short titles have (their abbreviations: `diab`, `unsp`).
    short_only: Vec<bool>,
    doc_groups: Vec<[u16; 2]>,
    /// Characters of the title (or labels): the shorter first at equal score.
    title_chars: Vec<u16>,
    /// Whether the code has a title (ICD-10-PCS levels have only labels).
    titled: Vec<bool>,
    run_start: Vec<u32>,
    runs: Vec<Run>,
    incl_start: Vec<u32>,
    incl: Vec<&'static str>,
    pub groups: Vec<Group>,
    /// `(term, group, weight)`, sorted by term.
    group_terms: Vec<(u32, u16, f32)>,
    /// `(phrase hash, code)`, sorted.
    exact: Vec<(u64, u32)>,
    /// A term in more codes than this is not required of a match.
    stop_df: u32,
    /// The field weights (own fields, then the two group slots), for the record.
    pub weights: [f32; 6],
    /// Every word of the indexed texts as written (folded), by the id of its stem: kept
    /// from the build so that describing a hit looks its words up instead of stemming
    /// them again (most of a query's time went to that).
    words: FxMap<Box<str>, u32>,
}

/// What a system's own text of a code holds after reading, before the weights are known.
struct Entry {
    term: u32,
    doc: u32,
    tf: [u8; 4],
}

fn saturate(tf: f32) -> f32 {
    tf / (K1 + tf)
}

fn idf(n: u32, df: u32) -> f32 {
    let (n, df) = (n as f32, df.min(n) as f32);
    (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
}

/// How well a field's value tells apart the codes that have one.
fn field_weight(distinct: usize, with: usize) -> f32 {
    if with <= 1 || distinct <= 1 {
        return if with <= 1 { 1.0 } else { 0.1 };
    }
    ((distinct as f32).ln() / (with as f32).ln()).clamp(0.1, 1.0)
}

/// A fast hash for the vocabulary while building (FxHash, as rustc uses).
#[derive(Default, Clone, Copy)]
struct FxHasher(u64);

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let w = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
            self.add(w);
        }
        for &b in chunks.remainder() {
            self.add(u64::from(b));
        }
    }

    fn write_u8(&mut self, b: u8) {
        self.add(u64::from(b));
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

impl FxHasher {
    #[inline]
    fn add(&mut self, w: u64) {
        self.0 = (self.0.rotate_left(5) ^ w).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

/// The terms read so far, by a provisional id.
#[derive(Default)]
struct Vocab {
    ids: FxMap<Box<str>, u32>,
    /// Words as they are written (folded), by the id of their stem: each word is
    /// stemmed once.
    raw: FxMap<Box<str>, u32>,
    strings: Vec<Box<str>>,
    /// Whether each is a function word.
    function: Vec<bool>,
}

impl Vocab {
    fn intern(&mut self, term: &str) -> u32 {
        if let Some(&id) = self.ids.get(term) {
            return id;
        }
        let id = self.strings.len() as u32;
        self.strings.push(term.into());
        self.function.push(text::is_function_word(term));
        self.ids.insert(term.into(), id);
        id
    }

    /// The id of the stem of a folded word.
    fn intern_word(&mut self, word: &str) -> u32 {
        if let Some(&id) = self.raw.get(word) {
            return id;
        }
        let id = self.intern(&text::stem(word.to_owned()));
        self.raw.insert(word.into(), id);
        id
    }

    fn get(&self, id: u32) -> (&str, bool) {
        match self.strings.get(id as usize) {
            Some(s) => (s, self.function[id as usize]),
            None => ("", false),
        }
    }
}

/// The phrases a code's title or inclusion term is matched exactly by: the text; without
/// its nonessential modifiers in parentheses; an inclusion term without its final NOS; a
/// title without a leading "Unspecified" and cut before a comma after which it only says
/// it is unspecified (`Sepsis, unspecified organism` is matched by `sepsis`); function
/// words left out and the order of the words free (`knee pain` is `Pain in knee`). `words` are the text's terms with
/// the byte where each starts and whether it is a function word.
fn exact_hashes(text: &str, words: &[(&str, usize, bool)], title: bool, out: &mut Vec<u64>) {
    let (unspecified, nos) = conventions();
    let n = words.len();
    if n == 0 || n > 64 {
        return;
    }
    // Which words stand inside parentheses or brackets (bit i: word i).
    let mut inside = 0u64;
    let (mut depth, mut at) = (0usize, 0usize);
    let bytes = text.as_bytes();
    for (i, &(_, start, _)) in words.iter().enumerate() {
        while at < start && at < bytes.len() {
            match bytes[at] {
                b'(' | b'[' => depth += 1,
                b')' | b']' => depth = depth.saturating_sub(1),
                _ => {}
            }
            at += 1;
        }
        if depth > 0 {
            inside |= 1 << i;
        }
    }
    let mut ranges = [(0, n), (0, 0)];
    if title {
        let from = usize::from(words[0].0 == unspecified);
        let to = match text.find(", ") {
            Some(p)
                if (contains_ignore_case(&bytes[p..], b"unspecified")
                    || contains_ignore_case(&bytes[p..], b"not specified"))
                    && super::general::only_unspecified(&text[p + 2..]) =>
            {
                words.iter().position(|w| w.1 > p).unwrap_or(n)
            }
            _ => n,
        };
        if from < to && (from, to) != (0, n) {
            ranges[1] = (from, to);
        }
    }
    let first = out.len();
    for (from, to) in ranges {
        for keep_parens in [true, false] {
            let kept = |i: &usize| (keep_parens || inside >> i & 1 == 0) && !words[*i].2;
            let Some(last) = (from..to).rev().find(kept) else {
                continue;
            };
            out.push(bag_hash((from..to).filter(kept).map(|i| words[i].0)));
            if !title && words[last].0 == nos && (from..last).any(|i| kept(&i)) {
                out.push(bag_hash((from..last).filter(kept).map(|i| words[i].0)));
            }
        }
    }
    out[first..].sort_unstable();
    let mut k = first;
    for i in first..out.len() {
        if i == first || out[i] != out[k - 1] {
            out[k] = out[i];
            k += 1;
        }
    }
    out.truncate(k);
}

/// The stems of "unspecified" and "NOS".
fn conventions() -> (&'static str, &'static str) {
    static STEMS: std::sync::OnceLock<(String, String)> = std::sync::OnceLock::new();
    let (u, n) = STEMS.get_or_init(|| (text::stem("unspecified".into()), text::stem("nos".into())));
    (u, n)
}

fn contains_ignore_case(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len())
        .any(|w| w.eq_ignore_ascii_case(needle))
}

/// [`exact_hashes`] of a text.
#[cfg(test)]
fn exact_phrases(text: &str, title: bool) -> Vec<u64> {
    let words = text::words(text);
    let w: Vec<(&str, usize, bool)> = words
        .iter()
        .map(|w| {
            (
                w.term.as_str(),
                w.span.start,
                text::is_function_word(&w.term),
            )
        })
        .collect();
    let mut out = Vec::new();
    exact_hashes(text, &w, title, &mut out);
    out
}

/// The terms of a text as vocabulary ids, with the byte each starts at; words joined by a
/// hyphen or slash also as one (`gastro-esophageal` is also `gastroesophageal`): those
/// compounds in `joined`, and in `merged` the text's terms with each such pair as one
/// (empty when there is none).
fn read_text(
    vocab: &mut Vocab,
    text: &str,
    ids: &mut Vec<(u32, usize)>,
    joined: &mut Vec<u32>,
    merged: &mut Vec<(u32, usize)>,
) {
    ids.clear();
    joined.clear();
    merged.clear();
    let mut pending: Option<(String, usize)> = None;
    let mut skip_next = false;
    text::scan(text, false, |word, span, joins| {
        let id = vocab.intern_word(word);
        ids.push((id, span.start));
        let mut compound = None;
        if let Some((mut first, at)) = pending.take() {
            first.push_str(word);
            let c = vocab.intern_word(&first);
            joined.push(c);
            compound = Some((c, at));
        }
        match compound {
            Some((c, at)) if !skip_next => {
                if let Some(last) = merged.last_mut() {
                    *last = (c, at);
                }
                skip_next = true;
            }
            _ => {
                merged.push((id, span.start));
                skip_next = false;
            }
        }
        if joins {
            pending = Some((word.to_owned(), span.start));
        }
    });
    if joined.is_empty() {
        merged.clear();
    }
}

/// Reads every code of system `S` (`doc(record)` gives its text) into an index.
pub(crate) fn build<S: System>(
    group_inputs: Vec<GroupInput>,
    mut doc: impl FnMut(u32) -> DocInput,
) -> Index {
    let table = S::table();
    let n = table.len() as u32;
    let mut vocab = Vocab::default();
    let mut ids: Vec<(u32, usize)> = Vec::new();
    let mut joined: Vec<u32> = Vec::new();
    let mut merged: Vec<(u32, usize)> = Vec::new();

    // Groups: their terms and lengths.
    let mut groups = Vec::with_capacity(group_inputs.len());
    let mut group_tf: Vec<Vec<(u32, u32)>> = Vec::with_capacity(group_inputs.len());
    for g in group_inputs {
        let mut tf: Vec<(u32, u32)> = Vec::new();
        read_text(&mut vocab, &g.text, &mut ids, &mut joined, &mut merged);
        for &(id, _) in &ids {
            match tf.iter_mut().find(|(x, _)| *x == id) {
                Some(e) => e.1 += 1,
                None => tf.push((id, 1)),
            }
        }
        group_tf.push(tf);
        groups.push(Group {
            field: g.field,
            text: g.text,
        });
    }

    let mut entries: Vec<Entry> = Vec::with_capacity(n as usize * 12);
    let mut lens: Vec<[u16; 4]> = Vec::with_capacity(n as usize);
    let mut doc_groups = Vec::with_capacity(n as usize);
    let mut title_chars = Vec::with_capacity(n as usize);
    let mut titled = Vec::with_capacity(n as usize);
    let mut run_start = Vec::with_capacity(n as usize + 1);
    let mut runs: Vec<Run> = Vec::new();
    let mut incl_start = Vec::with_capacity(n as usize + 1);
    let mut incl = Vec::new();
    let mut exact: Vec<(u64, u32)> = Vec::new();
    let mut hashes: Vec<u64> = Vec::new();
    let mut distinct: [HashSet<u64, BuildHasherDefault<FxHasher>>; 4] = Default::default();
    let mut with_field = [0usize; 4];
    let mut n_text = 0u32;
    let mut doc_terms: Vec<(u32, [u8; 4])> = Vec::new();
    let mut title_ids: Vec<u32> = Vec::new();
    fn add(doc_terms: &mut Vec<(u32, [u8; 4])>, field: usize, id: u32) {
        match doc_terms.iter_mut().find(|(x, _)| *x == id) {
            Some((_, tf)) => tf[field] = tf[field].saturating_add(1),
            None => {
                let mut tf = [0u8; 4];
                tf[field] = 1;
                doc_terms.push((id, tf));
            }
        }
    }
    let value = |ids: &mut dyn Iterator<Item = u32>| {
        let mut h = FxHasher::default();
        for id in ids {
            h.add(u64::from(id));
        }
        h.finish()
    };
    for d in 0..n {
        // Validity runs: spans merged while the status stays and the days follow on.
        let own_runs = runs.len();
        run_start.push(own_runs as u32);
        for s in table.spans(d) {
            let billable = s.kind == SpanKind::Billable;
            let (first, last) = (s.start.yyyymmdd(), s.end.yyyymmdd());
            let has_own = runs.len() > own_runs;
            match runs.last_mut() {
                Some(r)
                    if has_own
                        && r.billable == billable
                        && crate::date::Date::from_raw(r.last).next_day().yyyymmdd() == first =>
                {
                    r.last = last
                }
                _ => runs.push(Run {
                    first,
                    last,
                    billable,
                }),
            }
        }

        let input = doc(d);
        doc_groups.push(input.groups);
        incl_start.push(incl.len() as u32);
        doc_terms.clear();
        title_ids.clear();
        hashes.clear();
        let mut len = [0u16; 4];
        let mut values: [Option<u64>; 4] = [None; 4];
        let title_text = input.title.as_deref().or(input.labels.as_deref());
        title_chars.push(title_text.map_or(u16::MAX, |t| t.chars().count().min(60_000) as u16));
        titled.push(input.title.is_some());
        if let Some(title) = &input.title {
            read_text(&mut vocab, title, &mut ids, &mut joined, &mut merged);
            for &(id, _) in &ids {
                title_ids.push(id);
                add(&mut doc_terms, TITLE, id);
            }
            for &id in &joined {
                add(&mut doc_terms, TITLE, id);
            }
            len[TITLE] = ids.len().min(u16::MAX as usize) as u16;
            for list in [&ids, &merged] {
                let words: Vec<(&str, usize, bool)> = list
                    .iter()
                    .map(|&(id, at)| {
                        let (t, f) = vocab.get(id);
                        (t, at, f)
                    })
                    .collect();
                exact_hashes(title, &words, true, &mut hashes);
            }
            values[TITLE] = Some(value(&mut title_ids.iter().copied()));
        }
        if let Some(short) = input
            .short
            .as_ref()
            .filter(|s| input.title.as_ref() != Some(*s))
        {
            read_text(&mut vocab, short, &mut ids, &mut joined, &mut merged);
            let novel: Vec<u32> = ids
                .iter()
                .map(|&(id, _)| id)
                .filter(|id| !title_ids.contains(id))
                .collect();
            for &id in &novel {
                add(&mut doc_terms, SHORT, id);
            }
            len[SHORT] = novel.len().min(u16::MAX as usize) as u16;
            if !novel.is_empty() {
                values[SHORT] = Some(value(&mut novel.iter().copied()));
            }
        }
        let mut k = 0usize;
        for &line in &input.incl {
            incl.push(line);
            read_text(&mut vocab, line, &mut ids, &mut joined, &mut merged);
            // Only the words the title lacks: the other names of the code.
            for id in ids.iter().map(|&(id, _)| id).chain(joined.iter().copied()) {
                if !title_ids.contains(&id) {
                    add(&mut doc_terms, INCL, id);
                    k += 1;
                }
            }
            for list in [&ids, &merged] {
                let words: Vec<(&str, usize, bool)> = list
                    .iter()
                    .map(|&(id, at)| {
                        let (t, f) = vocab.get(id);
                        (t, at, f)
                    })
                    .collect();
                exact_hashes(line, &words, false, &mut hashes);
            }
        }
        len[INCL] = k.min(u16::MAX as usize) as u16;
        if !input.incl.is_empty() {
            values[INCL] = Some(phrase_hash(input.incl.iter().copied()));
        }
        if let Some(labels) = &input.labels {
            read_text(&mut vocab, labels, &mut ids, &mut joined, &mut merged);
            len[LABELS] = ids.len().min(u16::MAX as usize) as u16;
            for &(id, _) in &ids {
                add(&mut doc_terms, LABELS, id);
            }
            values[LABELS] = Some(phrase_hash([labels.as_str()]));
        }
        hashes.sort_unstable();
        hashes.dedup();
        exact.extend(hashes.iter().map(|&h| (h, d)));
        // The distinct values of each field, for its weight.
        for (f, v) in values.into_iter().enumerate() {
            if let Some(v) = v {
                with_field[f] += 1;
                distinct[f].insert(v);
            }
        }
        if !doc_terms.is_empty() {
            n_text += 1;
        }
        lens.push(len);
        for &(term, tf) in &doc_terms {
            entries.push(Entry { term, doc: d, tf });
        }
    }
    run_start.push(runs.len() as u32);
    incl_start.push(incl.len() as u32);
    if incl.is_empty() {
        incl_start = Vec::new();
    }

    // Field weights and average lengths (over the codes that have the field).
    let mut weights = [0f32; 6];
    let mut avg = [1f32; 4];
    for f in 0..4 {
        weights[f] = field_weight(distinct[f].len(), with_field[f]);
        let (sum, count) = lens
            .iter()
            .filter(|l| l[f] > 0)
            .fold((0u64, 0u64), |(s, c), l| (s + u64::from(l[f]), c + 1));
        if count > 0 {
            avg[f] = (sum as f32 / count as f32).max(1.0);
        }
    }
    let mut group_docs = vec![0u32; groups.len()];
    let mut slot_groups: [HashSet<u16>; 2] = Default::default();
    let mut slot_docs = [0usize; 2];
    for gs in &doc_groups {
        for (slot, &g) in gs.iter().enumerate() {
            if let Some(c) = group_docs.get_mut(g as usize) {
                *c += 1;
                slot_groups[slot].insert(g);
                slot_docs[slot] += 1;
            }
        }
    }
    for slot in 0..2 {
        weights[4 + slot] = field_weight(slot_groups[slot].len(), slot_docs[slot]);
    }

    // The vocabulary in order, for prefix ranges.
    let strings = vocab.strings;
    drop(vocab.ids);
    let raw = vocab.raw;
    let mut order: Vec<u32> = (0..strings.len() as u32).collect();
    order.sort_unstable_by(|&a, &b| strings[a as usize].cmp(&strings[b as usize]));
    let mut remap = vec![0u32; strings.len()];
    for (new, &old) in order.iter().enumerate() {
        remap[old as usize] = new as u32;
    }
    let mut strings: Vec<Option<Box<str>>> = strings.into_iter().map(Some).collect();
    let terms: Vec<Box<str>> = order
        .iter()
        .map(|&old| strings[old as usize].take().unwrap_or_default())
        .collect();

    // Postings by term, codes in order (they were read in order).
    let mut post_start = vec![0u32; terms.len() + 1];
    for e in &entries {
        post_start[remap[e.term as usize] as usize + 1] += 1;
    }
    for i in 0..terms.len() {
        post_start[i + 1] += post_start[i];
    }
    let mut fill = post_start.clone();
    let mut post_docs = vec![0u32; entries.len()];
    let mut post_weight = vec![0u16; entries.len()];
    let mut short_only = vec![true; terms.len()];
    for e in &entries {
        let t = remap[e.term as usize] as usize;
        let at = fill[t] as usize;
        fill[t] += 1;
        let l = &lens[e.doc as usize];
        let mut tf = 0f32;
        for f in 0..4 {
            if e.tf[f] > 0 {
                let norm = 1.0 - B + B * f32::from(l[f]) / avg[f];
                tf += weights[f] * f32::from(e.tf[f]) / norm;
            }
        }
        if e.tf[TITLE] > 0 || e.tf[INCL] > 0 || e.tf[LABELS] > 0 {
            short_only[t] = false;
        }
        post_docs[at] = e.doc;
        post_weight[at] = (saturate(tf) * 65535.0).round().clamp(1.0, 65535.0) as u16;
    }
    drop(entries);

    // Document frequencies count the codes a group's name covers too.
    let mut df: Vec<u32> = (0..terms.len())
        .map(|t| post_start[t + 1] - post_start[t])
        .collect();
    let mut group_len_sum = [0f32; 2];
    let mut group_count = [0f32; 2];
    let mut group_slot = vec![0usize; groups.len()];
    for gs in &doc_groups {
        for (slot, &g) in gs.iter().enumerate() {
            if let Some(s) = group_slot.get_mut(g as usize) {
                *s = slot;
            }
        }
    }
    for (g, tf) in group_tf.iter().enumerate() {
        let slot = group_slot[g];
        group_len_sum[slot] += tf.iter().map(|(_, c)| *c as f32).sum::<f32>();
        group_count[slot] += 1.0;
        for &(t, _) in tf {
            let t = remap[t as usize] as usize;
            df[t] = df[t].saturating_add(group_docs[g]);
        }
    }
    let idf: Vec<f32> = df.iter().map(|&d| idf(n_text.max(1), d)).collect();
    let mut group_terms = Vec::new();
    for (g, tf) in group_tf.iter().enumerate() {
        let slot = group_slot[g];
        let avg_len = (group_len_sum[slot] / group_count[slot].max(1.0)).max(1.0);
        let len: u32 = tf.iter().map(|(_, c)| *c).sum();
        let norm = 1.0 - B + B * len as f32 / avg_len;
        for &(t, c) in tf {
            let w = saturate(weights[4 + slot] * c as f32 / norm);
            group_terms.push((remap[t as usize], g as u16, w));
        }
    }
    group_terms.sort_unstable_by_key(|e| (e.0, e.1));
    exact.sort_unstable();
    exact.dedup();
    let words: FxMap<Box<str>, u32> = raw
        .into_iter()
        .map(|(w, id)| (w, remap[id as usize]))
        .collect();

    Index {
        system: S::ID,
        n_docs: n,
        n_text,
        terms,
        df,
        idf,
        post_start,
        post_docs,
        post_weight,
        short_only,
        doc_groups,
        title_chars,
        titled,
        run_start,
        runs,
        incl_start,
        incl,
        groups,
        group_terms,
        exact,
        stop_df: n_text / 20,
        weights,
        words,
    }
}

impl Index {
    /// The id of a term.
    pub(crate) fn term_id(&self, term: &str) -> Option<u32> {
        self.terms
            .binary_search_by(|t| (**t).cmp(term))
            .ok()
            .map(|i| i as u32)
    }

    /// The term id of a folded, unstemmed word (as [`text::scan`] gives it unstemmed):
    /// the id of its stem, `None` when the index has no such term.
    pub(crate) fn word_term(&self, word: &str) -> Option<u32> {
        match self.words.get(word) {
            Some(&id) => Some(id),
            // A word no indexed text has (an older release's title): stemmed here.
            None => self.term_id(&text::stem(word.to_owned())),
        }
    }

    pub(crate) fn term(&self, id: u32) -> &str {
        self.terms.get(id as usize).map_or("", |t| t)
    }

    pub(crate) fn df(&self, id: u32) -> u32 {
        self.df.get(id as usize).copied().unwrap_or(0)
    }

    pub(crate) fn idf(&self, id: u32) -> f32 {
        self.idf.get(id as usize).copied().unwrap_or(0.0)
    }

    /// Whether only short titles have the term (an abbreviation of theirs).
    pub(crate) fn is_abbreviation(&self, id: u32) -> bool {
        self.short_only.get(id as usize).copied().unwrap_or(false)
    }

    /// Whether a term is in the own text of so many codes that a match need not have it.
    pub(crate) fn is_common(&self, id: u32) -> bool {
        let i = id as usize;
        match (self.post_start.get(i), self.post_start.get(i + 1)) {
            (Some(&a), Some(&b)) => b - a > self.stop_df,
            _ => false,
        }
    }

    /// The terms a word being typed (or cut short) may stand for, at most `most`: the
    /// stems it extends by up to four letters (`hypertensio` is `hypertens`), longest
    /// first, then the terms that start with it, most frequent first (itself excluded).
    pub(crate) fn completions(&self, prefix: &str, most: usize) -> Vec<u32> {
        let mut ids: Vec<u32> = (prefix.len().saturating_sub(4).max(4)..prefix.len())
            .rev()
            .filter_map(|n| prefix.get(..n).and_then(|p| self.term_id(p)))
            .collect();
        let lo = self.terms.partition_point(|t| **t < *prefix);
        let hi = lo + self.terms[lo..].partition_point(|t| t.starts_with(prefix));
        let mut longer: Vec<u32> = (lo as u32..hi as u32)
            .filter(|&i| self.term(i) != prefix)
            .collect();
        longer.sort_unstable_by(|&a, &b| self.df(b).cmp(&self.df(a)).then(a.cmp(&b)));
        ids.extend(longer);
        ids.truncate(most);
        ids
    }

    /// The postings of a term: codes and weights.
    #[inline]
    pub(crate) fn postings(&self, id: u32) -> (&[u32], &[u16]) {
        let i = id as usize;
        match (self.post_start.get(i), self.post_start.get(i + 1)) {
            (Some(&a), Some(&b)) => (
                &self.post_docs[a as usize..b as usize],
                &self.post_weight[a as usize..b as usize],
            ),
            _ => (&[], &[]),
        }
    }

    /// The groups whose names have a term, and the term's weight there.
    pub(crate) fn term_groups(&self, id: u32) -> &[(u32, u16, f32)] {
        let lo = self.group_terms.partition_point(|e| e.0 < id);
        let hi = lo + self.group_terms[lo..].partition_point(|e| e.0 == id);
        &self.group_terms[lo..hi]
    }

    #[inline]
    pub(crate) fn doc_groups(&self, doc: u32) -> [u16; 2] {
        self.doc_groups
            .get(doc as usize)
            .copied()
            .unwrap_or([NO_GROUP; 2])
    }

    /// The codes whose title or inclusion terms are exactly the phrase.
    pub(crate) fn exact(&self, hash: u64) -> impl Iterator<Item = u32> + '_ {
        let lo = self.exact.partition_point(|e| e.0 < hash);
        self.exact[lo..]
            .iter()
            .take_while(move |e| e.0 == hash)
            .map(|e| e.1)
    }

    /// Whether a code counts on `on`, and whether it is billable then (any release: in
    /// its newest).
    #[inline]
    pub(crate) fn status(&self, doc: u32, on: On) -> Option<bool> {
        let d = doc as usize;
        let (a, b) = (
            *self.run_start.get(d)? as usize,
            *self.run_start.get(d + 1)? as usize,
        );
        let runs = self.runs.get(a..b)?;
        match on {
            On::AnyRelease => runs.last().map(|r| r.billable),
            On::Date(v) => runs
                .iter()
                .find(|r| r.first <= v && v <= r.last)
                .map(|r| r.billable),
        }
    }

    #[inline]
    pub(crate) fn has_title(&self, doc: u32) -> bool {
        self.titled.get(doc as usize).copied().unwrap_or(false)
    }

    #[inline]
    pub(crate) fn title_chars(&self, doc: u32) -> u16 {
        self.title_chars
            .get(doc as usize)
            .copied()
            .unwrap_or(u16::MAX)
    }

    /// The inclusion terms (and own Includes lines) of a code.
    pub(crate) fn inclusion_terms(&self, doc: u32) -> &[&'static str] {
        let d = doc as usize;
        match (self.incl_start.get(d), self.incl_start.get(d + 1)) {
            (Some(&a), Some(&b)) => &self.incl[a as usize..b as usize],
            _ => &[],
        }
    }

    /// The size of the index and of its parts.
    pub(crate) fn stats(&self) -> super::IndexStats {
        use std::mem::size_of;
        let bytes = self
            .terms
            .iter()
            .map(|t| t.len() + size_of::<Box<str>>())
            .sum::<usize>()
            + self.df.capacity() * 4
            + self.idf.capacity() * 4
            + self.post_start.capacity() * 4
            + self.post_docs.capacity() * 4
            + self.post_weight.capacity() * 2
            + self.short_only.capacity()
            + self.doc_groups.capacity() * 4
            + self.title_chars.capacity() * 2
            + self.titled.capacity()
            + self.run_start.capacity() * 4
            + self.runs.capacity() * size_of::<Run>()
            + self.incl_start.capacity() * 4
            + self.incl.capacity() * size_of::<&str>()
            + self
                .groups
                .iter()
                .map(|g| g.text.capacity() + size_of::<Group>())
                .sum::<usize>()
            + self.group_terms.capacity() * size_of::<(u32, u16, f32)>()
            + self.exact.capacity() * size_of::<(u64, u32)>()
            + self
                .words
                .keys()
                .map(|w| w.len() + size_of::<(Box<str>, u32)>() + 1)
                .sum::<usize>();
        super::IndexStats {
            system: self.system,
            codes: self.n_docs as usize,
            codes_with_text: self.n_text as usize,
            terms: self.terms.len(),
            postings: self.post_docs.len(),
            exact_phrases: self.exact.len(),
            heap_bytes: bytes,
            field_weights: self.weights,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_phrases_follow_the_conventions() {
        let h = |s: &str| bag_hash(text::terms(s).iter().map(|s| s.as_str()));
        let title = exact_phrases("Sepsis, unspecified organism", true);
        assert!(title.contains(&h("sepsis")) && title.contains(&h("sepsis unspecified organism")));
        let title = exact_phrases("Unspecified atrial fibrillation", true);
        assert!(title.contains(&h("atrial fibrillation")));
        let title = exact_phrases("Urinary tract infection, site not specified", true);
        assert!(title.contains(&h("urinary tract infection")));
        let title = exact_phrases("Pneumonia, due to something", true);
        assert!(!title.contains(&h("pneumonia")));
        let incl = exact_phrases("(Pure) hypercholesterolemia NOS", false);
        assert!(
            incl.contains(&h("hypercholesterolemia"))
                && incl.contains(&h("pure hypercholesterolemia"))
        );
        let incl = exact_phrases("hypertension (arterial) (benign) (essential)", false);
        assert!(incl.contains(&h("hypertension")));
        assert!(exact_phrases("", false).is_empty());
        assert!(exact_phrases("NOS", false).len() == 1);
    }

    #[test]
    fn field_weights_measure_how_values_tell_codes_apart() {
        assert_eq!(field_weight(1000, 1000), 1.0);
        assert!((field_weight(300, 99_000) - 0.5).abs() < 0.01);
        assert_eq!(field_weight(0, 0), 1.0);
        assert_eq!(field_weight(1, 50), 0.1);
    }
}
