//! Reader for the generated code tables (one per code system).
//!
//! The codegen tool (`codegen/`) writes each table as a few byte blobs that are compiled
//! in with `include_bytes!`, so a clean build costs rustc almost nothing and nothing is
//! parsed at start-up. All integers are little-endian.
//!
//! - `keys`: the [`CodeKey`] of every code ever in the set, sorted (`u64` each). A code's
//!   index in this order is its record number; its descendants are the records right after it.
//! - `disps`, `slots`: a CHD perfect hash (built by `codegen/src/chd.rs`, hashed with
//!   [`crate::key::hash_key`]) from key to record number: `disps` holds `(u32, u32)`
//!   displacements, `slots` per hash slot the key (`u64`) and its record number (`u32`), so
//!   a lookup checks the key in the cache line it already loaded. Our own rather than the
//!   `phf` crates because their SipHash is most of a lookup's cost: phf 0.13 takes 2.8-4x
//!   as long over the same keys (`benches/benches/perfect_hash.rs`, `docs/PERFECT-HASH.md`).
//! - `records`: [`RECORD_SIZE`] bytes per code (parent, subtree size, span and title runs,
//!   block and chapter).
//! - `spans`: [`SPAN_SIZE`] bytes per validity span (first and last date as `yyyymmdd`,
//!   index of its edit-flag set, kind).
//! - `titles`: [`TITLE_SIZE`] bytes per title variant (which sources carry it: bits 0-7 in
//!   byte 0, bits 8-23 in bytes 2-3 and bits 24-30 in the top of byte 1, so up to
//!   [`MAX_TITLE_SOURCES`]; long or short in bit 0 of byte 1; text id, optional suffix text
//!   id: a title is `text` or `text + ", " + suffix`).
//! - `text`: the deduplicated text pool; a text id is the offset of a `u8` word count and
//!   that many `u16` word ids. `words` holds the words' UTF-8 back to back and
//!   `word_index` their `u32` start offsets (plus the end): a text is its words joined by
//!   single spaces. Titles share a small vocabulary, so this stores a third of the bytes.
//!
//! [`code_table!`] wires a generated module's blobs into its `TABLE`. With feature
//! `compact` (the WebAssembly package), `keys`, `records` and `titles` are compiled in
//! packed (`packed.rs`) and decoded a block of records at a time at first read
//! ([`Rows`]), and there are no `slots` nor `disps`: a code is found by binary search over
//! the sorted keys (the first lookup of a page need not hash every key first), a seventh
//! of the download. build.rs also deflates every blob but ICD-10-CM's keys, records and
//! spans (what a first validation reads), inflated whole at their first read ([`Blob`],
//! [`Rows::Deflated`], `deflated.rs`): the module's data at load is what its load time
//! scales with.
//!
//! The batch and claim lookups ([`Table::for_each_reason_kind`], [`Table::hot_lookup`]) read a
//! [`HotIndex`] built from these blobs at their first call instead (one random read a code,
//! see [`crate::hot`]).

use std::borrow::Cow;
use std::fmt;
use std::ops::Range;
use std::sync::OnceLock;

use crate::date::Date;
use crate::error::{ReasonKind, ValidationError};
use crate::hot::{Hot, HotIndex};
use crate::key::CodeKey;
use crate::mce::MceFlags;
use crate::valid_by_period::ValidByPeriod;
use crate::validity::{ValidityRange, ValiditySpan};

pub(crate) const RECORD_SIZE: usize = 24;
pub(crate) const SLOT_SIZE: usize = 12;
/// Keys the batch calls look up together (on the stack).
pub(crate) const STAGE: usize = 32;
pub(crate) const SPAN_SIZE: usize = 12;
pub(crate) const TITLE_SIZE: usize = 12;
pub(crate) const NONE: u32 = u32::MAX;
/// Title sources a table may have (the bits of a title's source set).
pub(crate) const MAX_TITLE_SOURCES: usize = 31;

/// The set of sources that carry a title record (bit `i`: source `i`), from its three parts.
#[inline]
fn title_sources_at(b: &[u8]) -> u32 {
    u32::from(u8_at(b, 0)) | u32::from(u16_at(b, 2)) << 8 | u32::from(u8_at(b, 1) >> 1) << 24
}

/// A release of a code set that the bundled titles were taken from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct TitleSource {
    /// Short name, e.g. `"FY2025 order file"`.
    pub name: &'static str,
    /// The date the release took effect.
    pub effective: Date,
    /// The registry package and file it was read from.
    pub origin: &'static str,
}

/// A title and the release it was taken from.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Title {
    pub text: Cow<'static, str>,
    pub source: &'static TitleSource,
}

impl fmt::Display for Title {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// A key's home entry in its table's [`HotIndex`] and what it holds, read by
/// [`HotLookup::probe`] for [`HotLookup::billable_flags`].
#[derive(Clone, Copy, Debug)]
pub(crate) struct Probed {
    at: usize,
    entry: [u64; 2],
}

impl Probed {
    pub(crate) const NONE: Probed = Probed {
        at: 0,
        entry: [0; 2],
    };
}

/// A table and its [`HotIndex`] ([`Table::hot_lookup`]), looking codes up in steps that
/// let a caller start the reads of all its keys before it uses any, so that their cache
/// misses overlap instead of following one another: [`home`](Self::home) (where the key
/// lives; computed once a key), [`prefetch`](Self::prefetch) and [`probe`](Self::probe)
/// (the read), [`billable_flags`](Self::billable_flags) (the answer).
#[derive(Clone, Copy)]
pub(crate) struct HotLookup<'t> {
    table: &'t Table,
    hot: &'t HotIndex,
}

impl<'t> HotLookup<'t> {
    /// The home entry of `key` in the index.
    #[inline]
    pub(crate) fn home(self, key: CodeKey) -> usize {
        self.hot.home(key)
    }

    /// Asks the CPU to start loading the entry at `at`, without waiting for it (x86-64;
    /// elsewhere nothing): to call while there is other work to do (reading the next
    /// codes). A later [`probe`](Self::probe) then finds it on its way.
    #[cfg(feature = "claims")]
    #[inline]
    pub(crate) fn prefetch(self, at: usize) {
        self.hot.prefetch(at);
    }

    /// Reads the entry at `at` (the home entry of a key, from [`home`](Self::home)).
    #[inline]
    pub(crate) fn probe(self, at: usize) -> Probed {
        Probed {
            at,
            entry: self.hot.entry(at),
        }
    }

    /// What the index holds for `key` (its home entry read as `probe`).
    #[inline]
    pub(crate) fn get(self, key: CodeKey, probe: Probed) -> Hot {
        self.hot.get(key, probe.at, probe.entry)
    }

    /// The spans of a run ([`Hot::Run`]), in order: first and last day (`yyyymmdd`) and
    /// whether the code is billable then (else a header).
    #[inline]
    pub(crate) fn run(self, start: u32, len: u32) -> impl Iterator<Item = (u32, u32, bool)> + 't {
        let spans = self.table.spans.bytes();
        (start..start.saturating_add(len)).map_while(move |i| {
            let at = i as usize * SPAN_SIZE;
            let b = spans.get(at..at + SPAN_SIZE)?;
            Some((u32_at(b, 0), u32_at(b, 4), b[10] == 0))
        })
    }

    /// Asks the CPU to start loading the first span of a run ([`run`](Self::run)).
    #[inline]
    pub(crate) fn prefetch_run(self, start: u32) {
        if let Some(b) = self.table.spans.bytes().get(start as usize * SPAN_SIZE) {
            crate::memory::prefetch(b);
        }
    }

    /// The MCE flags of the code of `key` (its home entry read as `probe`) when it is
    /// billable on `d` (`yyyymmdd`), else `None`.
    #[inline]
    pub(crate) fn billable_flags(self, key: CodeKey, probe: Probed, d: u32) -> Option<u64> {
        match self.hot.get(key, probe.at, probe.entry) {
            Hot::Absent => None,
            Hot::Span {
                first,
                last,
                flag_set,
                billable,
            } => (billable && first <= d && d <= last).then(|| self.table.flag_set(flag_set)),
            Hot::Run { start, len } => self.table.billable_flags_in_run(start, len, d),
        }
    }
}

/// The dates on which some code's validity changes (sorted, the first date covered
/// included: between two of them every answer about validity is the same), and the
/// period of each day covered (the change dates up to it, less one), by day since 1970
/// (Arrow `date32`) and by date: a table read a row instead of a search.
pub(crate) struct ChangeDates {
    pub(crate) dates: Box<[u32]>,
    /// The day (since 1970) of the first date covered.
    pub(crate) first_day: i64,
    /// The period of each day from `first_day` to the last date covered; at most 254
    /// (later periods read as 254).
    pub(crate) by_day: Box<[u8]>,
    /// The same by date: the period of `yyyymmdd` at `(yyyy - first_year) * 416 + mm * 32
    /// + dd` (255 outside the coverage), for dates read without a conversion to days.
    pub(crate) first_year: u32,
    pub(crate) by_ymd: Box<[u8]>,
    /// At the same places, for every number `yyyymmdd` with `mm` up to 12 and `dd` up to 31
    /// (days 0 and 31 of every month too), how many change dates are not after it (at most
    /// 255): where a validity span starts and ends among the periods.
    pub(crate) upto_ymd: Box<[u8]>,
}

/// The generated data of one code system.
/// `pub` only because [`System`](crate::System) names it; nothing of it is public.
pub struct Table {
    pub(crate) hash_key: u64,
    pub(crate) keys: Rows,
    pub(crate) disps: &'static [u8],
    pub(crate) slots: &'static [u8],
    pub(crate) records: Rows,
    pub(crate) spans: Blob,
    pub(crate) titles: Rows,
    pub(crate) text: Blob,
    pub(crate) words: Blob,
    pub(crate) word_index: Blob,
    /// Edit-flag sets (bit masks over the system's flag names), indexed by a span's flag id.
    pub(crate) flag_sets: &'static [u64],
    /// The release dates (`yyyymmdd`) of the bundled data, oldest first.
    pub(crate) releases: &'static [u32],
    /// Title sources in order of their effective dates.
    pub(crate) title_sources: &'static [TitleSource],
    /// First and last date the validity spans cover.
    pub(crate) first_date: Date,
    pub(crate) last_date: Date,
    /// The dates on which some code's validity changes, built at first use
    /// ([`changes`](Self::changes)).
    pub(crate) change_dates: OnceLock<ChangeDates>,
    /// The index [`billable_flags`](Self::billable_flags) reads, built at its first call.
    pub(crate) hot: OnceLock<HotIndex>,
    /// The codes valid in each period, built at the first count of them
    /// ([`valid_by_period`](Self::valid_by_period)).
    pub(crate) valid_by_period: OnceLock<ValidByPeriod>,
}

/// The `TABLE` static of a generated module (`code_table!("icd10cm", hash key, first date,
/// last date)`): the blobs of `src/generated/<dir>/` and the module's `FLAG_SETS`,
/// `RELEASES` and `TITLE_SOURCES`. Titles only with feature `titles`. With feature `compact` (the
/// WebAssembly package), keys, records and titles are compiled in packed by build.rs and
/// decoded a block at a time at first read ([`Rows`]; no hash: binary search over the
/// keys). The one place that decides how a code set's tables are compiled in.
macro_rules! code_table {
    ($dir:literal, $hash_key:literal, $first:literal, $last:literal) => {
        #[cfg(not(feature = "compact"))]
        pub(crate) static TABLE: $crate::table::Table = table(
            $crate::table::Rows::Bytes($crate::table::code_table!(@blob $dir, "keys.bin")),
            $crate::table::code_table!(@blob $dir, "disps.bin"),
            $crate::table::code_table!(@blob $dir, "slots.bin"),
            $crate::table::Rows::Bytes($crate::table::code_table!(@blob $dir, "records.bin")),
            $crate::table::Blob::Bytes($crate::table::code_table!(@blob $dir, "spans.bin")),
            $crate::table::Blob::Bytes($crate::table::code_table!(@titles $dir, "text.bin")),
            $crate::table::Blob::Bytes($crate::table::code_table!(@titles $dir, "words.bin")),
            $crate::table::Blob::Bytes($crate::table::code_table!(@titles $dir, "word_index.bin")),
            $crate::table::Rows::Bytes($crate::table::code_table!(@titles $dir, "titles.bin")),
        );

        // No hash slots nor their displacements: a `compact` table finds a code by binary
        // search over its sorted keys (see `Table::lower_bound`), so the first lookup of a
        // page does not hash every key and fill a megabyte of slots first. Batches and
        // claims read the hot index, built from the keys and records, not the slots.
        // Each blob as build.rs tagged it: as it is, or deflated and inflated at its first
        // read (`crate::deflated`; build.rs decides which).
        #[cfg(feature = "compact")]
        pub(crate) static TABLE: std::sync::LazyLock<$crate::table::Table> =
            std::sync::LazyLock::new(|| {
                use $crate::table::{Blob, Rows};
                table(
                    Rows::compiled($crate::table::code_table!(@out $dir, "keys.pk")),
                    &[],
                    &[],
                    Rows::compiled($crate::table::code_table!(@out $dir, "records.pk")),
                    Blob::compiled($crate::table::code_table!(@out $dir, "spans.bin")),
                    #[cfg(feature = "titles")]
                    Blob::compiled($crate::table::code_table!(@out $dir, "text.bin")),
                    #[cfg(feature = "titles")]
                    Blob::compiled($crate::table::code_table!(@out $dir, "words.bin")),
                    #[cfg(feature = "titles")]
                    Blob::compiled($crate::table::code_table!(@out $dir, "word_index.bin")),
                    #[cfg(not(feature = "titles"))]
                    Blob::Bytes(&[]),
                    #[cfg(not(feature = "titles"))]
                    Blob::Bytes(&[]),
                    #[cfg(not(feature = "titles"))]
                    Blob::Bytes(&[]),
                    #[cfg(feature = "titles")]
                    Rows::compiled($crate::table::code_table!(@out $dir, "titles.pk")),
                    #[cfg(not(feature = "titles"))]
                    Rows::Bytes(&[]),
                )
            });

        // One argument a blob: the two branches above pass them in the table's order.
        #[allow(clippy::too_many_arguments)]
        const fn table(
            keys: $crate::table::Rows,
            disps: &'static [u8],
            slots: &'static [u8],
            records: $crate::table::Rows,
            spans: $crate::table::Blob,
            text: $crate::table::Blob,
            words: $crate::table::Blob,
            word_index: $crate::table::Blob,
            titles: $crate::table::Rows,
        ) -> $crate::table::Table {
            $crate::table::Table {
                hash_key: $hash_key,
                keys,
                disps,
                slots,
                records,
                spans,
                titles,
                text,
                words,
                word_index,
                flag_sets: &FLAG_SETS,
                releases: &RELEASES,
                title_sources: &TITLE_SOURCES,
                first_date: $crate::date::Date::from_raw($first),
                last_date: $crate::date::Date::from_raw($last),
                change_dates: std::sync::OnceLock::new(),
                hot: std::sync::OnceLock::new(),
                valid_by_period: std::sync::OnceLock::new(),
            }
        }
    };
    (@out $dir:literal, $file:literal) => {
        include_bytes!(concat!(env!("OUT_DIR"), "/", $dir, "/", $file))
    };
    (@blob $dir:literal, $file:literal) => {
        include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/src/generated/", $dir, "/", $file))
    };
    // Title blobs: empty without the `titles` feature, so a build that only validates
    // stays small.
    (@titles $dir:literal, $file:literal) => {{
        #[cfg(feature = "titles")]
        let blob: &'static [u8] = $crate::table::code_table!(@blob $dir, $file);
        #[cfg(not(feature = "titles"))]
        let blob: &'static [u8] = &[];
        blob
    }};
}
pub(crate) use code_table;

/// A blob of fixed-size records (keys, records, titles): compiled in as it is, or, in a
/// `compact` build, packed (`packed.rs`) and decoded a block of 256 records at a time, at
/// the first read of a record of the block. The first lookup of a page decodes the
/// handful of blocks it reads, not the whole table (ICD-10-CM: 99,084 codes, 3 MB of keys
/// and records, 2.4 MB of titles), and a page that only validates never decodes a title.
pub(crate) enum Rows {
    Bytes(&'static [u8]),
    #[cfg(any(test, feature = "compact"))]
    Packed(crate::packed::Lazy<'static>),
    /// Packed, then deflated by build.rs (a table the first answer does not read): inflated
    /// whole at the first read of any record, then read as [`Rows::Packed`].
    #[cfg(feature = "compact")]
    Deflated(
        crate::deflated::Compiled<'static>,
        OnceLock<crate::packed::Lazy<'static>>,
    ),
}

impl Rows {
    /// A blob packed by build.rs (empty: no records).
    #[cfg(any(test, feature = "compact"))]
    pub(crate) fn packed(packed: &'static [u8]) -> Rows {
        if packed.is_empty() {
            return Rows::Bytes(&[]);
        }
        // build.rs checked that each blob unpacks to the committed one: failing here means
        // the module itself is damaged, which no caller could handle.
        Rows::Packed(crate::packed::Lazy::new(packed).expect("table packed by build.rs"))
    }

    /// A packed blob as build.rs tagged it ([`crate::deflated`]).
    #[cfg(feature = "compact")]
    pub(crate) fn compiled(tagged: &'static [u8]) -> Rows {
        let compiled = crate::deflated::Compiled::new(tagged);
        match compiled.as_is() {
            Some(packed) => Rows::packed(packed),
            None => Rows::Deflated(compiled, OnceLock::new()),
        }
    }

    /// The decoder of a packed blob (`None`: the records are stored as they are).
    #[cfg(any(test, feature = "compact"))]
    #[inline]
    fn lazy(&self) -> Option<&crate::packed::Lazy<'static>> {
        match self {
            Rows::Bytes(_) => None,
            Rows::Packed(lazy) => Some(lazy),
            #[cfg(feature = "compact")]
            Rows::Deflated(compiled, lazy) => Some(lazy.get_or_init(|| {
                crate::packed::Lazy::new(inflated(compiled)).expect("table packed by build.rs")
            })),
        }
    }

    /// Record `index` of `SIZE` bytes (`None` past the end).
    #[inline]
    pub(crate) fn row<const SIZE: usize>(&self, index: u32) -> Option<&[u8]> {
        #[cfg(any(test, feature = "compact"))]
        if let Some(lazy) = self.lazy() {
            return lazy.row(index as usize);
        }
        match self {
            Rows::Bytes(bytes) => {
                let o = index as usize * SIZE;
                bytes.get(o..o + SIZE)
            }
            #[cfg(any(test, feature = "compact"))]
            _ => None,
        }
    }

    /// Number of records of `size` bytes.
    #[inline]
    pub(crate) fn count(&self, size: usize) -> usize {
        #[cfg(any(test, feature = "compact"))]
        if let Some(lazy) = self.lazy() {
            return lazy.len();
        }
        match self {
            Rows::Bytes(bytes) => bytes.len() / size,
            #[cfg(any(test, feature = "compact"))]
            _ => 0,
        }
    }

    /// Every record's bytes, in order.
    #[cfg(test)]
    pub(crate) fn to_vec<const SIZE: usize>(&self) -> Vec<u8> {
        (0..self.count(SIZE) as u32)
            .flat_map(|i| self.row::<SIZE>(i).unwrap_or_default().to_vec())
            .collect()
    }
}

/// A blob of a table read as bytes (spans, title text): compiled in as it is, or in a
/// `compact` build as build.rs tagged it ([`crate::deflated`]), a deflated one inflated at
/// its first read and kept for the life of the process.
pub(crate) enum Blob {
    Bytes(&'static [u8]),
    #[cfg(feature = "compact")]
    Deflated(crate::deflated::Compiled<'static>, OnceLock<&'static [u8]>),
}

impl Blob {
    /// A blob as build.rs tagged it.
    #[cfg(feature = "compact")]
    pub(crate) fn compiled(tagged: &'static [u8]) -> Blob {
        let compiled = crate::deflated::Compiled::new(tagged);
        match compiled.as_is() {
            Some(bytes) => Blob::Bytes(bytes),
            None => Blob::Deflated(compiled, OnceLock::new()),
        }
    }

    #[inline]
    pub(crate) fn bytes(&self) -> &'static [u8] {
        match self {
            Blob::Bytes(bytes) => bytes,
            #[cfg(feature = "compact")]
            Blob::Deflated(compiled, bytes) => bytes.get_or_init(|| inflated(compiled)),
        }
    }
}

/// The bytes of a tagged blob, inflated once for the life of the process when deflated.
#[cfg(feature = "compact")]
pub(crate) fn inflated(compiled: &crate::deflated::Compiled<'static>) -> &'static [u8] {
    // build.rs checked that each deflated blob inflates back: failing here means the module
    // itself is damaged, which no caller could handle.
    match compiled.bytes().expect("blob deflated by build.rs") {
        Cow::Borrowed(bytes) => bytes,
        Cow::Owned(bytes) => Box::leak(bytes.into_boxed_slice()),
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Record {
    pub parent: u32,
    pub descendants: u32,
    pub span_start: u32,
    pub span_len: u8,
    pub title_start: u32,
    pub title_len: u8,
    pub block: u16,
    pub chapter: u8,
}

/// Whether a span makes the code billable or only present as a header with billable
/// codes below it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum SpanKind {
    Billable,
    Header,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Span {
    pub start: Date,
    pub end: Date,
    pub flags: u64,
    pub kind: SpanKind,
}

impl Span {
    #[inline]
    pub(crate) fn contains(&self, date: Date) -> bool {
        self.start <= date && date <= self.end
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum TitleKind {
    Long = 0,
    Short = 1,
}

#[inline]
fn u32_at(bytes: &[u8], offset: usize) -> u32 {
    match bytes.get(offset..offset + 4) {
        Some(b) => u32::from_le_bytes([b[0], b[1], b[2], b[3]]),
        None => NONE,
    }
}

#[cfg(any(test, feature = "compact"))]
#[inline]
fn u64_at(bytes: &[u8], offset: usize) -> u64 {
    match bytes.get(offset..offset + 8) {
        Some(b) => u64::from_le_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]]),
        None => u64::MAX,
    }
}

#[inline]
fn u16_at(bytes: &[u8], offset: usize) -> u16 {
    match bytes.get(offset..offset + 2) {
        Some(b) => u16::from_le_bytes([b[0], b[1]]),
        None => 0,
    }
}

#[inline]
fn u8_at(bytes: &[u8], offset: usize) -> u8 {
    bytes.get(offset).copied().unwrap_or(0)
}

impl Table {
    /// Whether the tables cover a date of service.
    #[inline]
    pub(crate) fn covers(&self, date: Date) -> bool {
        self.first_date <= date && date <= self.last_date
    }

    /// Checks that the tables cover a date of service (`system` names the code set in the
    /// error).
    pub(crate) fn check_date(
        &self,
        date: Date,
        system: &'static str,
    ) -> Result<(), ValidationError> {
        if !self.covers(date) {
            return Err(ValidationError::DateOutOfRange {
                date,
                system,
                first: self.first_date,
                last: self.last_date,
            });
        }
        Ok(())
    }

    /// The codes valid in each period ([`Periods`](crate::codeset::Periods)), built at the
    /// first call.
    pub(crate) fn valid_by_period(&self) -> &ValidByPeriod {
        self.valid_by_period
            .get_or_init(|| ValidByPeriod::build(self))
    }

    /// The table with its [`HotIndex`], for many lookups: fetch it once a batch or a claim
    /// (the index is built at the first call of the process, a few milliseconds).
    #[inline]
    pub(crate) fn hot_lookup(&self) -> HotLookup<'_> {
        HotLookup {
            table: self,
            hot: self.hot.get_or_init(|| HotIndex::build(self)),
        }
    }

    #[inline]
    fn flag_set(&self, id: u16) -> u64 {
        self.flag_sets.get(usize::from(id)).copied().unwrap_or(0)
    }

    /// The flags of the span of the run `start..start + len` in force on `d` (`yyyymmdd`),
    /// if it is billable.
    #[cold]
    fn billable_flags_in_run(&self, start: u32, len: u32, d: u32) -> Option<u64> {
        for i in start..start.saturating_add(len) {
            let at = i as usize * SPAN_SIZE;
            let b = self.spans.bytes().get(at..at + SPAN_SIZE)?;
            if u32_at(b, 0) <= d && d <= u32_at(b, 4) {
                // Kind 0 is billable; a header span leaves the code invalid.
                return (b[10] == 0).then(|| self.flag_set(u16::from_le_bytes([b[8], b[9]])));
            }
        }
        None
    }

    /// One [`ReasonKind`] a code, handed to `each` in order: `read` turns a code into its
    /// key (or the kind that says why it has none), the keys are looked up [`STAGE`] at a
    /// time ([`HotLookup::probe`] for all before [`HotLookup::billable_flags`] for any),
    /// and `not_billable` gives the kind for a key that is not billable on the date (the
    /// rare, slower path).
    pub(crate) fn for_each_reason_kind<S: AsRef<str>>(
        &self,
        codes: &[S],
        date: Date,
        read: impl Fn(&str) -> Result<CodeKey, ReasonKind>,
        not_billable: impl Fn(&str, Date) -> ReasonKind,
        mut each: impl FnMut(ReasonKind),
    ) {
        if !self.covers(date) {
            codes.iter().for_each(|_| each(ReasonKind::DateOutOfRange));
            return;
        }
        self.staged(
            codes,
            |_| Some(date),
            read,
            not_billable,
            |k| each(k.unwrap_or(ReasonKind::DateOutOfRange)),
        );
    }

    /// [`for_each_reason_kind`](Self::for_each_reason_kind) with a date a code (`dates` as
    /// long as `codes`): `None` for a code without a date.
    pub(crate) fn for_each_reason_kind_per_row<S: AsRef<str>>(
        &self,
        codes: &[S],
        dates: &[Option<Date>],
        read: impl Fn(&str) -> Result<CodeKey, ReasonKind>,
        not_billable: impl Fn(&str, Date) -> ReasonKind,
        each: impl FnMut(Option<ReasonKind>),
    ) {
        let n = codes.len().min(dates.len());
        self.staged(&codes[..n], |i| dates[i], read, not_billable, each);
    }

    /// The staged loop behind both: `date_of(i)` is row `i`'s date.
    #[inline(always)]
    fn staged<S: AsRef<str>>(
        &self,
        codes: &[S],
        date_of: impl Fn(usize) -> Option<Date>,
        read: impl Fn(&str) -> Result<CodeKey, ReasonKind>,
        not_billable: impl Fn(&str, Date) -> ReasonKind,
        mut each: impl FnMut(Option<ReasonKind>),
    ) {
        let hot = self.hot_lookup();
        for (c, chunk) in codes.chunks(STAGE).enumerate() {
            let first = c * STAGE;
            let mut keys = [None; STAGE];
            let mut kinds = [ReasonKind::Valid; STAGE];
            let mut probes = [Probed::NONE; STAGE];
            for ((key, kind), code) in keys.iter_mut().zip(kinds.iter_mut()).zip(chunk) {
                match read(code.as_ref()) {
                    Ok(k) => *key = Some(k),
                    Err(k) => *kind = k,
                }
            }
            // All the reads issued before any is used, so that their misses overlap.
            for (p, key) in probes.iter_mut().zip(&keys[..chunk.len()]) {
                if let Some(key) = key {
                    *p = hot.probe(hot.home(*key));
                }
            }
            for (i, code) in chunk.iter().enumerate() {
                let Some(date) = date_of(first + i) else {
                    each(None);
                    continue;
                };
                each(Some(match keys[i] {
                    _ if !self.covers(date) => ReasonKind::DateOutOfRange,
                    None => kinds[i],
                    Some(key) => match hot.billable_flags(key, probes[i], date.yyyymmdd()) {
                        Some(_) => ReasonKind::Valid,
                        None => not_billable(code.as_ref(), date),
                    },
                }));
            }
        }
    }

    /// Every date (`yyyymmdd`) on which some code's validity begins or ends, the first
    /// date covered included, sorted: between two of them every answer about validity is
    /// the same.
    #[cfg(test)]
    pub(crate) fn change_dates(&self) -> &[u32] {
        &self.changes().dates
    }

    /// The change dates, and the period of each day covered ([`ChangeDates`]).
    #[inline]
    pub(crate) fn changes(&self) -> &ChangeDates {
        self.change_dates.get_or_init(|| {
            let mut dates = vec![self.first_date.yyyymmdd()];
            for s in 0..(self.spans.bytes().len() / SPAN_SIZE) as u32 {
                let span = self.span(s);
                dates.push(span.start.yyyymmdd());
                if span.end < self.last_date {
                    dates.push(span.end.next_day().yyyymmdd());
                }
            }
            dates.sort_unstable();
            dates.dedup();
            let first_day = self.first_date.days_since_epoch();
            let days = self.last_date.days_since_epoch() - first_day + 1;
            let first_year = u32::from(self.first_date.year());
            let years = u32::from(self.last_date.year()) + 1 - first_year;
            let mut by_ymd = vec![u8::MAX; years as usize * 416];
            let by_day = (0..days.max(0))
                .map(|d| {
                    let date = Date::from_days_since_epoch(first_day + d);
                    let day = date.yyyymmdd();
                    let n = dates.iter().filter(|&&c| c <= day).count();
                    let p = n.saturating_sub(1).min(254) as u8;
                    let at = (u32::from(date.year()) - first_year) * 416
                        + u32::from(date.month()) * 32
                        + u32::from(date.day());
                    if let Some(slot) = by_ymd.get_mut(at as usize) {
                        *slot = p;
                    }
                    p
                })
                .collect();
            let upto_ymd = (0..years * 416)
                .map(|at| {
                    let v = (first_year + at / 416) * 10_000 + at % 416 / 32 * 100 + at % 32;
                    dates.iter().filter(|&&c| c <= v).count().min(255) as u8
                })
                .collect();
            ChangeDates {
                upto_ymd,
                dates: dates.into_boxed_slice(),
                first_day,
                by_day,
                first_year,
                by_ymd: by_ymd.into_boxed_slice(),
            }
        })
    }

    /// Number of codes (records).
    #[inline]
    pub(crate) fn len(&self) -> usize {
        self.keys.count(8)
    }

    #[inline]
    pub(crate) fn key(&self, index: u32) -> CodeKey {
        match self.keys.row::<8>(index) {
            Some(b) => CodeKey(u64::from_le_bytes([
                b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7],
            ])),
            None => CodeKey(0),
        }
    }

    /// The byte offset in `slots` of the slot a key's displacement sends it to, among
    /// `count` slots (`None` without a hash). The one place the CHD lookup is computed.
    #[inline]
    fn slot_offset(&self, key: CodeKey, count: u32) -> Option<usize> {
        let n_disps = (self.disps.len() / 8) as u32;
        if n_disps == 0 || count == 0 {
            return None;
        }
        let h = crate::key::hash_key(key.0, self.hash_key);
        let d = (h.g % n_disps) as usize * 8;
        let (d1, d2) = (u32_at(self.disps, d), u32_at(self.disps, d + 4));
        Some(crate::key::displace(h, d1, d2, count) as usize * SLOT_SIZE)
    }

    /// The hash slots of the keys (what `slots` holds): each key and its record number
    /// at the slot its displacement sends it to, every slot filled once.
    #[cfg(test)]
    fn hash_slots(&self) -> Vec<u8> {
        let len = self.len() as u32;
        let mut slots = vec![0u8; self.len() * SLOT_SIZE];
        for index in 0..len {
            let key = self.key(index);
            let Some(o) = self.slot_offset(key, len) else {
                break;
            };
            slots[o..o + 8].copy_from_slice(&key.0.to_le_bytes());
            slots[o + 8..o + 12].copy_from_slice(&index.to_le_bytes());
        }
        slots
    }

    /// The record number of a code, in O(1); in a `compact` build (no hash slots, see
    /// [`code_table!`]), by binary search over the sorted keys.
    #[inline]
    pub(crate) fn find(&self, key: CodeKey) -> Option<u32> {
        #[cfg(feature = "compact")]
        if self.slots.is_empty() {
            return self.find_sorted(key);
        }
        let o = self.slot_offset(key, (self.slots.len() / SLOT_SIZE) as u32)?;
        let slot = self.slots.get(o..o + SLOT_SIZE)?;
        let found = u64::from_le_bytes([
            slot[0], slot[1], slot[2], slot[3], slot[4], slot[5], slot[6], slot[7],
        ]);
        (found == key.0).then(|| u32_at(slot, 8))
    }

    /// The record number of a code by binary search over the sorted keys.
    #[cfg(any(test, feature = "compact"))]
    fn find_sorted(&self, key: CodeKey) -> Option<u32> {
        let at = self.lower_bound(key.0);
        (at < self.len() as u32 && self.key(at) == key).then_some(at)
    }

    /// The first record whose key is not below `k` (the number of records if none).
    fn lower_bound(&self, k: u64) -> u32 {
        let (mut lo, mut hi) = (0u32, self.len() as u32);
        // Packed keys: first over the blocks by their first keys (one small array), then
        // within the one block (decoded once, at its first search): a search decodes one
        // block of keys, not the seventeen its probes would touch.
        #[cfg(any(test, feature = "compact"))]
        if let Some(keys) = self.keys.lazy() {
            // Block `a` starts at or after the answer; block `a - 1` starts before it.
            let a = keys.firsts().partition_point(|&first| first < k);
            let Some(before) = a.checked_sub(1) else {
                return 0;
            };
            let block = keys.block_rows(before).unwrap_or_default();
            let (mut lo, mut hi) = (0, block.len() / 8);
            while lo < hi {
                let mid = lo + (hi - lo) / 2;
                if u64_at(block, mid * 8) < k {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            return (keys.block_start(before) + lo) as u32;
        }
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if self.key(mid).0 < k {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        lo
    }

    /// The parent of a record ([`NONE`] for none, or past the end).
    #[inline]
    pub(crate) fn parent(&self, index: u32) -> u32 {
        self.records
            .row::<RECORD_SIZE>(index)
            .map_or(NONE, |r| u32_at(r, 0))
    }

    #[inline]
    pub(crate) fn record(&self, index: u32) -> Record {
        let r = self
            .records
            .row::<RECORD_SIZE>(index)
            .unwrap_or(&[0; RECORD_SIZE]);
        Record {
            parent: u32_at(r, 0),
            descendants: u32_at(r, 4),
            span_start: u32_at(r, 8),
            title_start: u32_at(r, 12),
            block: u16_at(r, 16),
            chapter: u8_at(r, 18),
            span_len: u8_at(r, 19),
            title_len: u8_at(r, 20),
        }
    }

    pub(crate) fn spans(&self, index: u32) -> impl Iterator<Item = Span> + '_ {
        let r = self.record(index);
        (r.span_start..r.span_start + r.span_len as u32).map(move |s| self.span(s))
    }

    #[inline]
    fn span(&self, s: u32) -> Span {
        let o = s as usize * SPAN_SIZE;
        let b = self
            .spans
            .bytes()
            .get(o..o + SPAN_SIZE)
            .unwrap_or(&[0; SPAN_SIZE]);
        Span {
            start: Date::from_raw(u32_at(b, 0)),
            end: Date::from_raw(u32_at(b, 4)),
            flags: self
                .flag_sets
                .get(u16_at(b, 8) as usize)
                .copied()
                .unwrap_or(0),
            kind: if u8_at(b, 10) == 0 {
                SpanKind::Billable
            } else {
                SpanKind::Header
            },
        }
    }

    /// The span in force on `date`, if any.
    #[inline]
    pub(crate) fn span_on(&self, index: u32, date: Date) -> Option<Span> {
        let r = self.record(index);
        (r.span_start..r.span_start + r.span_len as u32)
            .map(|s| self.span(s))
            .find(|s| s.contains(date))
    }

    fn word(&self, id: u16) -> &'static str {
        let o = id as usize * 4;
        let index = self.word_index.bytes();
        let (start, end) = (u32_at(index, o), u32_at(index, o + 4));
        let bytes = self
            .words
            .bytes()
            .get(start as usize..end as usize)
            .unwrap_or_default();
        std::str::from_utf8(bytes).unwrap_or_default()
    }

    /// Appends the text with the given id to `out`.
    pub(crate) fn push_text(&self, id: u32, out: &mut String) {
        let o = id as usize;
        let text = self.text.bytes();
        let n = u8_at(text, o) as usize;
        for i in 0..n {
            if i > 0 {
                out.push(' ');
            }
            out.push_str(self.word(u16_at(text, o + 1 + 2 * i)));
        }
    }

    /// The title of `kind` for a code on `date`: from the newest source in force on that
    /// date that has the code, else from the oldest later source that has it.
    pub(crate) fn title_on(
        &self,
        index: u32,
        date: Date,
        kind: TitleKind,
    ) -> Option<(Cow<'static, str>, &'static TitleSource)> {
        let sources = self.title_sources;
        let in_force = sources.iter().rposition(|s| s.effective <= date);
        let earlier = in_force.map(|k| (0..=k).rev()).into_iter().flatten();
        let later = in_force.map_or(0, |k| k + 1)..sources.len();
        earlier
            .chain(later)
            .find_map(|s| self.title_from(index, s, kind))
    }

    /// The title a given source has for a code.
    pub(crate) fn title_from(
        &self,
        index: u32,
        source: usize,
        kind: TitleKind,
    ) -> Option<(Cow<'static, str>, &'static TitleSource)> {
        if source >= MAX_TITLE_SOURCES {
            return None;
        }
        let r = self.record(index);
        let info = self.title_sources.get(source)?;
        (r.title_start..r.title_start + r.title_len as u32).find_map(|t| {
            let b = self.titles.row::<TITLE_SIZE>(t)?;
            let sources = title_sources_at(b);
            if sources & (1 << source) == 0 || u8_at(b, 1) & 1 != kind as u8 {
                return None;
            }
            let mut title = String::with_capacity(96);
            self.push_text(u32_at(b, 4), &mut title);
            let suffix = u32_at(b, 8);
            if suffix != NONE {
                title.push_str(", ");
                self.push_text(suffix, &mut title);
            }
            Some((Cow::Owned(title), info))
        })
    }

    /// Records whose codes extend `prefix` (a packed code of `len` characters), itself
    /// included when present: keys sort like strings, so they are one run.
    pub(crate) fn prefix_range(&self, prefix: CodeKey, len: usize) -> Range<u32> {
        let width = 6 * (CodeKey::MAX_LEN - len.min(CodeKey::MAX_LEN)) as u32;
        let end_key = prefix
            .0
            .saturating_add(1u64.checked_shl(width).unwrap_or(u64::MAX));
        self.lower_bound(prefix.0)..self.lower_bound(end_key)
    }

    /// Whether the record is billable (a valid code, not a header) on the date.
    #[inline]
    pub(crate) fn is_valid_on(&self, index: u32, date: Date) -> bool {
        matches!(
            self.span_on(index, date),
            Some(Span {
                kind: SpanKind::Billable,
                ..
            })
        )
    }

    /// The date ranges in which a record is valid (billable or header), merged.
    pub(crate) fn validity(&self, index: u32) -> Vec<ValidityRange> {
        let mut out: Vec<ValidityRange> = Vec::new();
        for s in self.spans(index) {
            let to = (s.end < self.last_date).then_some(s.end);
            match out.last_mut() {
                Some(prev) if prev.end.is_some_and(|t| t.next_day() == s.start) => prev.end = to,
                _ => out.push(ValidityRange {
                    start: s.start,
                    end: to,
                }),
            }
        }
        out
    }

    /// Every validity span of a record with its billable status and MCE flags.
    pub(crate) fn validity_spans(&self, index: u32) -> Vec<ValiditySpan> {
        self.spans(index)
            .map(|s| ValiditySpan {
                range: ValidityRange {
                    start: s.start,
                    end: (s.end < self.last_date).then_some(s.end),
                },
                billable: s.kind == SpanKind::Billable,
                mce_flags: MceFlags::from_bits(s.flags),
            })
            .collect()
    }

    /// A record's title of `kind` on a date, as a [`Title`].
    pub(crate) fn title(&self, index: u32, date: Date, kind: TitleKind) -> Option<Title> {
        self.title_on(index, date, kind)
            .map(|(text, source)| Title { text, source })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A title record's source set, bits 0-30 over bytes 0, 2-3 and the top of byte 1, as
    /// `codegen/src/table.rs` writes them; byte 1's low bit stays the kind.
    #[test]
    fn title_sources_use_every_spare_bit() {
        let sources: u32 = 1 | 1 << 9 | 1 << 23 | 1 << 24 | 1 << 30;
        let [low, mid, high, top] = sources.to_le_bytes();
        let record = [low, top << 1 | 1, mid, high, 0, 0, 0, 0, 0, 0, 0, 0];
        assert_eq!(title_sources_at(&record), sources);
        assert_eq!(u8_at(&record, 1) & 1, 1);
    }
    use crate::packed::{pack, unpack, KEYS, RECORDS, TITLES};

    fn tables() -> Vec<(&'static str, &'static Table)> {
        vec![
            ("icd10cm", &crate::generated::icd10cm::TABLE),
            #[cfg(feature = "icd10pcs")]
            ("icd10pcs", &crate::generated::icd10pcs::TABLE),
            #[cfg(feature = "hcpcs")]
            ("hcpcs", &crate::generated::hcpcs::TABLE),
            #[cfg(feature = "icd9")]
            ("icd9cm", &crate::generated::icd9cm::TABLE),
            #[cfg(feature = "icd9")]
            ("icd9proc", &crate::generated::icd9proc::TABLE),
        ]
    }

    /// What a `compact` build does at first use, checked against the tables in place: the
    /// packed blobs give the committed bytes back, whole and a record at a time (blocks
    /// decoded in any order), the keys hash to the committed slots, and the binary search a
    /// compact table finds codes with finds what the slots find.
    #[test]
    fn packed_tables_unpack_to_the_committed_ones() {
        for (name, t) in tables() {
            let leak = |v: Vec<u8>| -> &'static [u8] { Box::leak(v.into_boxed_slice()) };
            let (keys, records, titles) = (
                t.keys.to_vec::<8>(),
                t.records.to_vec::<RECORD_SIZE>(),
                t.titles.to_vec::<TITLE_SIZE>(),
            );
            let packed = [
                leak(pack(&keys, &KEYS).unwrap()),
                leak(pack(&records, &RECORDS).unwrap()),
                leak(pack(&titles, &TITLES).unwrap()),
            ];
            // The packed form is the point: smaller before any compression (keys and
            // records about half), and far smaller after.
            let (raw, small) = (
                keys.len() + records.len(),
                packed[0].len() + packed[1].len(),
            );
            assert!(
                small * 10 < raw * 6,
                "{name}: {small} packed bytes of {raw}"
            );
            assert!(
                titles.is_empty() || packed[2].len() < titles.len(),
                "{name} titles"
            );
            assert_eq!(unpack(packed[0]).unwrap(), keys, "{name} keys");
            assert!(
                unpack(packed[1]).unwrap() == records,
                "{name} records differ"
            );
            assert!(unpack(packed[2]).unwrap() == titles, "{name} titles differ");
            let (disps, hash_key, spans) = (t.disps, t.hash_key, t.spans.bytes());
            let rebuilt = Table {
                hash_key,
                keys: Rows::packed(packed[0]),
                disps,
                slots: &[],
                records: Rows::packed(packed[1]),
                spans: Blob::Bytes(spans),
                titles: Rows::packed(packed[2]),
                text: Blob::Bytes(&[]),
                words: Blob::Bytes(&[]),
                word_index: Blob::Bytes(&[]),
                flag_sets: &[],
                releases: &[],
                title_sources: &[],
                first_date: Date::from_raw(20151001),
                last_date: Date::from_raw(20151001),
                change_dates: OnceLock::new(),
                hot: OnceLock::new(),
                valid_by_period: OnceLock::new(),
            };
            // Records read a few at a time from the end backwards, so that blocks are
            // decoded out of order and each from its checkpoints alone.
            let n = t.len() as u32;
            for i in (0..n).rev().step_by(97) {
                assert_eq!(rebuilt.record(i), t.record(i), "{name} record {i}");
                assert_eq!(rebuilt.key(i), t.key(i), "{name} key {i}");
            }
            for i in (0..titles.len() / TITLE_SIZE).rev().step_by(89) {
                let i = i as u32;
                assert_eq!(
                    rebuilt.titles.row::<TITLE_SIZE>(i),
                    t.titles.row::<TITLE_SIZE>(i),
                    "{name} title {i}"
                );
            }
            assert_eq!(rebuilt.keys.to_vec::<8>(), keys, "{name} keys");
            assert!(
                rebuilt.records.to_vec::<RECORD_SIZE>() == records,
                "{name} records"
            );
            assert!(
                rebuilt.titles.to_vec::<TITLE_SIZE>() == titles,
                "{name} titles"
            );
            assert_eq!(rebuilt.record(n), t.record(n), "{name} past the end");
            // No slots in a compact table: its binary search finds what the hash finds.
            // (A compact build's own tables have none either: then only the search.)
            if !t.slots.is_empty() {
                assert!(rebuilt.hash_slots() == t.slots, "{name} hash slots differ");
            }
            for index in 0..n {
                let key = t.key(index);
                assert_eq!(rebuilt.find_sorted(key), Some(index), "{name} {key:?}");
                assert_eq!(t.find(key), Some(index), "{name} {key:?}");
                let next = CodeKey(key.0 + 1);
                assert_eq!(rebuilt.find_sorted(next), t.find(next), "{name} {next:?}");
                let before = CodeKey(key.0 - 1);
                assert_eq!(
                    rebuilt.find_sorted(before),
                    t.find(before),
                    "{name} {before:?}"
                );
            }
            for k in [0, 1, u64::MAX] {
                assert_eq!(
                    rebuilt.find_sorted(CodeKey(k)),
                    t.find(CodeKey(k)),
                    "{name} {k}"
                );
                assert_eq!(rebuilt.lower_bound(k), t.lower_bound(k), "{name} {k}");
            }
        }
    }

    /// The hot index holds every code (its one span, or its span run) and keeps each near
    /// its home entry.
    #[test]
    fn hot_index_holds_every_code_near_its_home() {
        for (name, t) in tables() {
            let hot = HotIndex::build(t);
            assert!(hot.capacity() >= 2 * t.len(), "{name}: over half full");
            let (sum, max) = hot.displacement();
            let mean = sum as f64 / t.len() as f64;
            assert!(
                mean < 0.5 && max < 64,
                "{name}: displacement {mean} on average, {max} at most"
            );
            for i in 0..t.len() as u32 {
                let key = t.key(i);
                let at = hot.home(key);
                let r = t.record(i);
                let want = match r.span_len {
                    1 => {
                        let s = t.span(r.span_start);
                        let b = &t.spans.bytes()[r.span_start as usize * SPAN_SIZE..];
                        Hot::Span {
                            first: s.start.yyyymmdd(),
                            last: s.end.yyyymmdd(),
                            flag_set: u16_at(b, 8),
                            billable: s.kind == SpanKind::Billable,
                        }
                    }
                    len => Hot::Run {
                        start: r.span_start,
                        len: u32::from(len),
                    },
                };
                assert_eq!(hot.get(key, at, hot.entry(at)), want, "{name} {key:?}");
            }
            for absent in [CodeKey(1), CodeKey(u64::MAX), CodeKey((1 << 42) - 1)] {
                let at = hot.home(absent);
                assert_eq!(hot.get(absent, at, hot.entry(at)), Hot::Absent);
            }
        }
    }

    #[test]
    fn packing_refuses_what_it_could_not_give_back() {
        // Padding bytes are not a column: a blob with data there must not pack.
        let all = crate::generated::icd10cm::TABLE
            .records
            .to_vec::<RECORD_SIZE>();
        let mut records = all[..RECORD_SIZE * 4].to_vec();
        records[RECORD_SIZE + 22] = 1;
        assert!(pack(&records, &RECORDS)
            .unwrap_err()
            .contains("give the blob back"));
        // A parent after its child cannot be a distance back.
        let mut records = all[..RECORD_SIZE * 4].to_vec();
        records[..4].copy_from_slice(&3u32.to_le_bytes());
        assert!(pack(&records, &RECORDS)
            .unwrap_err()
            .contains("not before it"));
        assert!(pack(&[0; 7], &KEYS).is_err());
        for bad in [
            &b""[..],
            b"MCP1",
            b"MCP2\x01\x00\x00\x00\x08\x01\x08\x00\x08\x02\x01\x00",
            b"MCP2\x01\x00\x00\x00\x08\x01\x00\x00\x08\x02\x01\x00",
        ] {
            assert!(unpack(bad).is_err(), "{bad:?}");
        }
    }
}
