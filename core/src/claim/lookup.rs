//! Reading a claim's codes and looking them up on its date: each code is parsed once into
//! its key, and its entry in the table's hot index (`crate::hot`) is requested from memory
//! right then, so that by the time the edits use a code, the reads of all the claim's
//! codes (diagnoses and procedures) have overlapped instead of following one another.

use std::marker::PhantomData;

use crate::codeset::System;
use crate::date::Date;
use crate::error::ReasonKind;
use crate::icd10cm::Icd10CmSystem;
use crate::icd10pcs::Icd10PcsSystem;
use crate::key::CodeKey;
use crate::table::HotLookup;

/// Codes looked up together (on the stack); longer lists go in chunks. 16 holds the
/// diagnoses and the procedures of nearly every claim in one chunk each, and keeps the
/// arrays a claim check initialises small.
pub(super) const BATCH: usize = 16;

/// What the lookup of one code on the claim's date gave.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Looked {
    /// Blank: no code in this slot.
    Blank,
    /// Read as a code (key), but not a valid billable code on the date.
    Invalid(Option<CodeKey>),
    /// Valid, with its MCE flags on the date.
    Valid(CodeKey, u64),
}

impl Looked {
    #[inline]
    pub(super) fn flags(self) -> u64 {
        match self {
            Looked::Valid(_, f) => f,
            _ => 0,
        }
    }

    #[inline]
    pub(super) fn key(self) -> Option<CodeKey> {
        match self {
            Looked::Valid(k, _) | Looked::Invalid(Some(k)) => Some(k),
            _ => None,
        }
    }
}

/// The diagnoses: ICD-10-CM, any spelling. A code system is a type parameter of the
/// lookups (not a table and a function pointer), so that its reader
/// ([`System::complete_key`]) is inlined in the chunk's loops.
pub(super) type Diagnoses = Icd10CmSystem;

/// The procedures: complete ICD-10-PCS codes (a partial one is never valid).
pub(super) type Procedures = Icd10PcsSystem;

/// A code read by [`System::complete_key`], as a chunk keeps it: its key, or one of these two (keys
/// use 42 bits and are never 0).
const BLANK: u64 = 0;
const MALFORMED: u64 = u64::MAX;

#[inline(always)]
fn read_key<C: System>(code: &str) -> u64 {
    match C::complete_key(code) {
        Ok(key) => key.0,
        Err(ReasonKind::Empty) => BLANK,
        Err(_) => MALFORMED,
    }
}

/// One code read and looked up on `date`, the general way (the admitting diagnosis; and
/// the reference the chunked path is tested against).
pub(super) fn look_up<C: System>(code: &str, date: Date) -> Looked {
    let key = read_key::<C>(code);
    let hot = C::table().hot_lookup();
    resolve(hot, key, hot.home(CodeKey(key)), date.yyyymmdd())
}

/// The outcome for a key read by [`read_key`] whose home entry is `at` (unused for
/// [`BLANK`] and [`MALFORMED`]).
#[inline]
fn resolve(hot: HotLookup<'_>, key: u64, at: usize, d: u32) -> Looked {
    match key {
        BLANK => Looked::Blank,
        MALFORMED => Looked::Invalid(None),
        key => {
            let key = CodeKey(key);
            match hot.billable_flags(key, hot.probe(at), d) {
                Some(flags) => Looked::Valid(key, flags),
                None => Looked::Invalid(Some(key)),
            }
        }
    }
}

/// Up to [`BATCH`] codes of one code set: read, their entries on their way from memory
/// ([`Chunk::read`]), then looked up one by one as the edits take them ([`Chunk::each`]).
pub(super) struct Chunk<C> {
    hot: HotLookup<'static>,
    /// Each code's key ([`read_key`]).
    keys: [u64; BATCH],
    /// Each key's home entry in the hot index, computed once at the read.
    homes: [usize; BATCH],
    n: usize,
    set: PhantomData<C>,
}

impl<C: System> Chunk<C> {
    pub(super) fn new() -> Chunk<C> {
        Chunk {
            hot: C::table().hot_lookup(),
            keys: [BLANK; BATCH],
            homes: [0; BATCH],
            n: 0,
            set: PhantomData,
        }
    }

    /// Reads the next [`BATCH`] codes (or fewer, at the end) of `codes`, and asks the CPU
    /// to start loading their entries (x86-64): the loads proceed while the next codes are
    /// read, and while the other code set's are.
    #[inline]
    pub(super) fn read<'a>(&mut self, codes: &mut impl Iterator<Item = &'a str>) {
        self.n = 0;
        self.fill(codes);
    }

    /// [`read`](Self::read), `first` first (the principal diagnosis before the secondary
    /// ones: two plain loops instead of one over a chained iterator).
    #[inline]
    pub(super) fn read_after<'a>(
        &mut self,
        first: &str,
        codes: &mut impl Iterator<Item = &'a str>,
    ) {
        self.set(0, first);
        self.n = 1;
        self.fill(codes);
    }

    #[inline]
    fn fill<'a>(&mut self, codes: &mut impl Iterator<Item = &'a str>) {
        let mut n = self.n;
        while n < BATCH {
            let Some(code) = codes.next() else {
                break;
            };
            self.set(n, code);
            n += 1;
        }
        self.n = n;
    }

    #[inline(always)]
    fn set(&mut self, i: usize, code: &str) {
        let key = read_key::<C>(code);
        self.keys[i] = key;
        if key != BLANK && key != MALFORMED {
            let at = self.hot.home(CodeKey(key));
            self.homes[i] = at;
            self.hot.prefetch(at);
        }
    }

    /// Hands each code of this chunk (read), then of the rest of `codes` ([`BATCH`] at a
    /// time), looked up on `date`, to `each` with its index, in order.
    #[inline]
    pub(super) fn each<'a>(
        &mut self,
        date: Date,
        codes: &mut impl Iterator<Item = &'a str>,
        mut each: impl FnMut(usize, Looked),
    ) {
        let d = date.yyyymmdd();
        let mut base = 0;
        loop {
            for (i, (&key, &at)) in self.keys[..self.n].iter().zip(&self.homes).enumerate() {
                each(base + i, resolve(self.hot, key, at, d));
            }
            if self.n < BATCH {
                return;
            }
            base += self.n;
            self.read(codes);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::{Span, SpanKind};

    /// The chunked lookup agrees with `Table::find` + `Table::span_on` on every code of
    /// both tables (headers included), on codes no table has, on blank and malformed ones,
    /// and with the one-code path and the batch calls' `Table::billable_flags`; a chunk
    /// hands out the codes in order, past [`BATCH`].
    #[test]
    fn chunked_lookup_matches_the_table_reader() {
        check::<Diagnoses>();
        check::<Procedures>();
    }

    fn check<C: System>() {
        let (table, read) = (C::table(), C::complete_key);
        for date in [
            "2015-10-01",
            "2019-09-30",
            "2022-04-01",
            "2024-10-01",
            "2027-03-31",
        ] {
            let date: Date = date.parse().unwrap();
            // Every code, absent ones (a code with a character added), blank and
            // malformed ones.
            let all = (0..table.len() as u32).map(|i| table.key(i).unpack().to_string());
            let absent = (0..table.len() as u32)
                .step_by(50)
                .map(|i| format!("{}X", table.key(i).unpack()));
            let odd = ["", "  ", "E1", "!!", "0DTJ4ZZ0"].map(String::from);
            let codes: Vec<String> = all.chain(absent).chain(odd).collect();
            let mut texts = codes.iter().map(String::as_str);
            let mut chunk = Chunk::<C>::new();
            let first = texts.next().unwrap();
            chunk.read_after(first, &mut texts);
            let mut got = Vec::new();
            chunk.each(date, &mut texts, |i, l| got.push((i, l)));
            assert_eq!(got.len(), codes.len());
            let mut wants = Vec::with_capacity(codes.len());
            for (at, ((i, got), code)) in got.into_iter().zip(&codes).enumerate() {
                assert_eq!(i, at);
                let want = match read(code) {
                    Err(ReasonKind::Empty) => Looked::Blank,
                    Err(_) => Looked::Invalid(None),
                    Ok(k) => match table.find(k).and_then(|i| table.span_on(i, date)) {
                        Some(Span {
                            kind: SpanKind::Billable,
                            flags,
                            ..
                        }) => Looked::Valid(k, flags),
                        _ => Looked::Invalid(Some(k)),
                    },
                };
                assert_eq!(got, want, "{code:?} on {date}");
                assert_eq!(look_up::<C>(code, date), want, "{code}");
                wants.push((read(code).ok(), want));
            }
            // The batch calls' staged lookup reads the same index: valid exactly when
            // the claim lookup says so, with one date for all and a date a row.
            let valid = |k: ReasonKind| k == ReasonKind::Valid;
            let mut batch = Vec::new();
            table.for_each_reason_kind(
                &codes,
                date,
                read,
                |_, _| ReasonKind::Unknown,
                |k| batch.push(valid(k)),
            );
            let mut per_row = Vec::new();
            let dates = vec![Some(date); codes.len()];
            table.for_each_reason_kind_per_row(
                &codes,
                &dates,
                read,
                |_, _| ReasonKind::Unknown,
                |k| per_row.push(k.is_some_and(valid)),
            );
            let want: Vec<bool> = wants
                .iter()
                .map(|(_, w)| matches!(w, Looked::Valid(..)))
                .collect();
            assert_eq!(batch, want, "on {date}");
            assert_eq!(per_row, want, "on {date}");
        }
    }
}
