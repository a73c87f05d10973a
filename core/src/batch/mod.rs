//! The batch engine: columns of millions of codes through a code system, on all cores
//! (feature `threads`), read in place from the memory they lie in ([`Strings`]: Arrow
//! layouts, numpy's fixed width, or strings copied in). The Python, WebAssembly and CLI
//! surfaces hand their columns over as [`Strings`] and get a column back; they hold no
//! engine of their own.
//!
//! Three things make a column fast, beyond the core's staged lookups
//! ([`CodeSet::reasons`]):
//!
//! - **A memo of answers by spelling** (`memo.rs`): real columns repeat a few thousand
//!   spellings, and one probe of a small table is cheaper than parsing and looking up a
//!   code. With one date for all rows the memo keeps each spelling's answer; with a date a
//!   row, each spelling's *profile*: in which periods it is valid (between two dates on
//!   which some code's validity changes every answer is the same), and why not otherwise.
//!   The memos are **kept from one call to the next** (`warm.rs`), one set a code system
//!   in the process: a column handed over in batches (a polars lazy or streaming query
//!   calls with batches of 100,000 rows) runs at about 0.9x the speed of one call over it
//!   (CPU time, `benches/examples/memo_batches.rs`), where a memo started empty in each
//!   call ran at about 0.6x. Columns of fewer than 16,384 rows use the memos kept, but
//!   make none.
//! - **Work items taken in turn** by the threads, so that a thread slowed down holds the
//!   others up for one item at most.
//! - **Dictionary columns** answered once per distinct value, then gathered.
//!
//! The memos kept hold the built-in tables' answers only: [`reasons`] and [`valid_bits`]
//! are their only way in, and they answer from the built-in tables. A release loaded at
//! run time (`CodeSet::with_release`) or an HCPCS file (`Hcpcs::with_file`) answers code
//! by code through its own type and never reaches the engine. What they cost, per code
//! system: profiles (16 bytes a slot), reasons by period (16), and one-date answers (8)
//! for each of the last four dates of each kind (yes/no, reasons); each as big as the
//! biggest call's own memo (a slot for every two rows, to a power of two, from 4,096 slots
//! to 2^20; a call fills half), and a memo found full replaced by one twice its size. For
//! calls of a million rows: 8 MiB of profiles and 1 MiB of reasons, or 4 MiB a date; at
//! most 16 + 16 + 8 x 8 = 96 MiB a system. [`clear_memos`] frees them.
//!
//! ```
//! use medcodes::batch::{self, Dates, OwnedStrings};
//! use medcodes::{CodeSystem, Date, ReasonKind};
//!
//! let mut column = OwnedStrings::with_capacity(3);
//! column.push(b"E11.9");
//! column.push_null();
//! column.push(b"E11");
//! column.finish();
//! let date = Date::new(2025, 3, 1).unwrap();
//! let kinds = batch::reasons(CodeSystem::Icd10Cm, &[column.strings()], Dates::One(date), true)?;
//! assert_eq!(kinds, [ReasonKind::Valid as u8, batch::NULL, ReasonKind::NotBillable as u8]);
//! # Ok::<(), medcodes::LengthMismatch>(())
//! ```

mod memo;
mod rollup;
mod strings;
mod warm;

use std::borrow::Cow;
use std::marker::PhantomData;
use std::ops::Range;
use std::sync::Arc;

pub use rollup::{ancestor_at, ancestors, blocks, categories, chapters, system_labels, systems};
pub use strings::{
    pack_bits, pack_into, pack_into_xor, Bitmap, IntChunk, Keys, OwnedStrings, StrColumn, Strings,
    NULL,
};
pub use warm::clear_memos;

/// The shortest column the memos serve (16,384 rows; 256 in fuzz builds, `cfg(fuzzing)`):
/// shorter ones go straight to the core unless memos are kept from earlier calls.
pub const MEMO_MIN_ROWS: usize = memo::MIN_ROWS;

use crate::codeset::{CodeSet, LengthMismatch, Periods, Profile, System};
use crate::date::Date;
use crate::error::ReasonKind;
use crate::key::trim_code;
use crate::system::{with_system, CodeSystem};
use memo::{Memo, ProfileMemo, SharedMemo};
use strings::{is_valid_at, offsets_row, view_bytes};
use warm::Warm;

/// The dates of service of a batch: one for every row, or one a row (claims span years;
/// a row without a date gives a null answer).
#[derive(Clone, Copy, Debug)]
pub enum Dates<'a> {
    One(Date),
    /// A date a row (`None`: no date).
    PerRow(&'a [Option<Date>]),
    /// A date a row as days since 1970-01-01, an Arrow `date32` column read in place (no
    /// row without a date where `validity` is absent; else where its bit is clear). The
    /// fastest way in: the engine reads each day's period from a table, with no date
    /// conversion and half the bytes of [`PerRow`](Dates::PerRow).
    Days {
        days: &'a [i32],
        validity: Option<Bitmap<'a>>,
    },
}

impl<'a> Dates<'a> {
    /// Which rows have a date, as an Arrow bitmap from bit 0 (`None`: all do): the
    /// validity of a column of answers, null where a row has no date.
    pub fn validity(&self) -> Option<Vec<u8>> {
        match self {
            Dates::One(_) => None,
            Dates::PerRow(d) => d
                .iter()
                .any(Option::is_none)
                .then(|| pack_bits(&d.iter().map(|d| u8::from(d.is_some())).collect::<Vec<u8>>())),
            Dates::Days { days, validity } => validity.map(|v| {
                pack_bits(
                    &(0..days.len())
                        .map(|i| u8::from(v.get(i)))
                        .collect::<Vec<u8>>(),
                )
            }),
        }
    }

    fn check(&self, rows: usize) -> Result<(), LengthMismatch> {
        let dates = match self {
            Dates::One(_) => return Ok(()),
            Dates::PerRow(d) => d.len(),
            Dates::Days { days, .. } => days.len(),
        };
        if dates == rows {
            Ok(())
        } else {
            Err(LengthMismatch { codes: rows, dates })
        }
    }

    /// The dates of the rows `range` (within the column's length).
    fn slice(self, range: Range<usize>) -> Dates<'a> {
        match self {
            Dates::One(d) => Dates::One(d),
            Dates::PerRow(d) => Dates::PerRow(&d[range]),
            Dates::Days { days, validity } => Dates::Days {
                validity: validity.map(|v| Bitmap {
                    bits: v.bits,
                    offset: v.offset + range.start,
                }),
                days: &days[range],
            },
        }
    }

    /// [`Days`](Dates::Days) as a date a row (`None` for the other kinds).
    fn days_as_dates(&self) -> Option<Vec<Option<Date>>> {
        match self {
            Dates::Days { days, validity } => Some(
                days.iter()
                    .enumerate()
                    .map(|(i, &d)| {
                        is_valid_at(validity, i).then(|| Date::from_days_since_epoch(i64::from(d)))
                    })
                    .collect(),
            ),
            _ => None,
        }
    }
}

/// The reason of each code of the column on its date, a byte a row (`ReasonKind as u8`;
/// [`NULL`] for a null code or a null date). `memo`: remember answers by spelling (off
/// only to measure it).
pub fn reasons(
    system: CodeSystem,
    columns: &[Strings<'_>],
    dates: Dates<'_>,
    memo: bool,
) -> Result<Vec<u8>, LengthMismatch> {
    with_system!(system, S => run::<S>(columns, dates, memo, false))
}

/// Whether each code of the column is valid on its date, as an Arrow bitmap (bit set:
/// valid; clear for null codes and null dates).
pub fn valid_bits(
    system: CodeSystem,
    columns: &[Strings<'_>],
    dates: Dates<'_>,
    memo: bool,
) -> Result<Vec<u8>, LengthMismatch> {
    with_system!(system, S => run::<S>(columns, dates, memo, true))
}

/// The canonical form of each code (ICD-10-CM dotted; `compact`: without punctuation),
/// null where the input is null or not shaped like a code of the system.
pub fn normalized(system: CodeSystem, columns: &[Strings<'_>], compact: bool) -> StrColumn {
    map_str(
        columns,
        &|s, _, out| {
            let code = if compact {
                system.compact(s)
            } else {
                system.canonical(s)
            };
            match code {
                Ok(c) => {
                    out.extend_from_slice(c.as_bytes());
                    true
                }
                Err(_) => false,
            }
        },
        None,
    )
}

/// The title of each code: long or `short`, in force on its date (`None`: the newest),
/// null where the input is not a code or no bundled source titles it.
pub fn titles(
    system: CodeSystem,
    columns: &[Strings<'_>],
    dates: Option<Dates<'_>>,
    short: bool,
) -> Result<StrColumn, LengthMismatch> {
    let rows = columns.iter().map(Strings::len).sum();
    if let Some(d) = &dates {
        d.check(rows)?;
    }
    let converted = dates.as_ref().and_then(Dates::days_as_dates);
    let per_row = match dates {
        Some(Dates::PerRow(d)) => Some(d),
        Some(Dates::Days { .. }) => converted.as_deref(),
        _ => None,
    };
    let one = match dates {
        Some(Dates::One(d)) => Some(d),
        _ => None,
    };
    Ok(map_str(
        columns,
        &|s, date: Option<Option<Date>>, out| {
            let date = match date {
                Some(None) => return false, // a row without a date
                Some(Some(d)) => Some(d),
                None => one,
            };
            match system.title(s, date, short) {
                Some(t) => {
                    out.extend_from_slice(t.text.as_bytes());
                    true
                }
                None => false,
            }
        },
        per_row,
    ))
}

/// The core's batch call behind [`reasons`]: a byte a code.
fn reasons_of<S: System>(codes: &[Cow<'_, str>], dates: Dates<'_>, out: &mut Vec<u8>) {
    let set = CodeSet::<S>::new();
    match dates {
        Dates::One(date) => set.for_each_reason(codes, date, |k| out.push(k as u8)),
        Dates::PerRow(dates) => {
            set.for_each_reason_per_row(codes, dates, |k| out.push(k.map_or(NULL, |k| k as u8)))
        }
        Dates::Days { .. } => {
            let dates = dates.days_as_dates().unwrap_or_default();
            reasons_of::<S>(codes, Dates::PerRow(&dates), out)
        }
    }
}

/// The core's batch call behind [`valid_bits`]: 1 or 0 a code.
fn valid_of<S: System>(codes: &[Cow<'_, str>], dates: Dates<'_>, out: &mut Vec<u8>) {
    let set = CodeSet::<S>::new();
    match dates {
        Dates::One(date) => set.for_each_valid(codes, date, |v| out.push(u8::from(v))),
        Dates::PerRow(dates) => {
            set.for_each_valid_per_row(codes, dates, |v| out.push(u8::from(v == Some(true))))
        }
        Dates::Days { .. } => {
            let dates = dates.days_as_dates().unwrap_or_default();
            valid_of::<S>(codes, Dates::PerRow(&dates), out)
        }
    }
}

/// A batch call of the core: appends one byte per code, in order.
type BatchFn = fn(&[Cow<'_, str>], Dates<'_>, &mut Vec<u8>);

/// The built-in tables' answers over a column on all cores: reasons, a byte a row, or
/// (`pack`) whether valid, a bit a row. With `memo`, through the memos kept across calls
/// ([`Warm`]): they hold the built-in tables' answers, so only this function attaches
/// them, with the built-in batch calls.
fn run<S: System>(
    columns: &[Strings<'_>],
    dates: Dates<'_>,
    memo: bool,
    pack: bool,
) -> Result<Vec<u8>, LengthMismatch> {
    let rows: usize = columns.iter().map(Strings::len).sum();
    dates.check(rows)?;
    let engine = Engine::<S> {
        f: if pack { valid_of::<S> } else { reasons_of::<S> },
        null: if pack { 0 } else { NULL },
        memo,
        warm: Some(Warm::of(S::ID)),
        valid_only: pack,
        system: PhantomData,
    };
    Ok(engine.map(columns, dates, pack))
}

// ---------------------------------------------------------------------------------------
// Threads

/// Below this many rows a column is worked through on one thread.
const MIN_ROWS_PER_THREAD: usize = 32 * 1024;

pub(crate) fn threads() -> usize {
    // Asked once: `available_parallelism` reads the process's cgroup files on Linux, some
    // 25 us a call, more than a column of a thousand rows takes.
    #[cfg(feature = "threads")]
    {
        static THREADS: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
        *THREADS.get_or_init(|| std::thread::available_parallelism().map_or(1, |n| n.get().min(16)))
    }
    #[cfg(not(feature = "threads"))]
    1
}

std::thread_local! {
    /// Set by [`on_this_thread`]: keep the batch calls on the calling thread.
    static ONE_THREAD: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs `f` with every batch call it makes kept on this thread, for callers that already
/// run batches side by side on all the cores (polars' streaming engine calling its
/// plugin): more threads there would only compete for the same cores, and a spawn costs
/// some 25 us a call.
pub fn on_this_thread<R>(f: impl FnOnce() -> R) -> R {
    struct Reset(bool);
    impl Drop for Reset {
        fn drop(&mut self) {
            ONE_THREAD.with(|one| one.set(self.0));
        }
    }
    let _reset = Reset(ONE_THREAD.with(|one| one.replace(true)));
    f()
}

/// How many threads a column of `rows` rows is worth.
fn threads_for(rows: usize) -> usize {
    if ONE_THREAD.with(std::cell::Cell::get) {
        return 1;
    }
    threads().min(rows / MIN_ROWS_PER_THREAD).max(1)
}

/// Runs `work` on `n` threads, this one among them, and waits for them. This thread
/// starts at once while the others start (a spawn costs some 25 us, and longer where
/// another process holds a core): a column of 100,000 rows takes about a millisecond.
pub(crate) fn on_threads(n: usize, work: impl Fn() + Sync) {
    #[cfg(feature = "threads")]
    if n > 1 {
        // `scope` joins the spawned threads before it returns, or before a panic of this
        // thread's `work` leaves it.
        std::thread::scope(|scope| {
            for _ in 1..n {
                scope.spawn(&work);
            }
            work();
        });
        return;
    }
    let _ = n;
    work();
}

/// The pieces of `columns` that fall in the rows `range` (rows counted across columns),
/// with the row each starts at.
fn pieces<'c, 'a>(
    columns: &'c [Strings<'a>],
    range: Range<usize>,
) -> Vec<(&'c Strings<'a>, Range<usize>)> {
    let mut out = Vec::new();
    let mut start = 0;
    for c in columns {
        let end = start + c.len();
        let (a, b) = (range.start.max(start), range.end.min(end));
        if a < b {
            out.push((c, a - start..b - start));
        }
        start = end;
    }
    out
}

/// A code's bytes as text: text that is not UTF-8 (only from a broken producer) gets
/// replacement characters, so the core rejects it.
#[inline]
fn lossy(b: &[u8]) -> Cow<'_, str> {
    if b.is_ascii() {
        // SAFETY: ASCII is UTF-8.
        Cow::Borrowed(unsafe { std::str::from_utf8_unchecked(b) })
    } else {
        String::from_utf8_lossy(b)
    }
}

// ---------------------------------------------------------------------------------------
// One byte per code (booleans, reason kinds)

/// Rows read per batch call without the memo: enough for the core to overlap its table
/// reads, few enough that the codes' bytes stay in cache between reading them and writing
/// the results.
const BATCH_ROWS: usize = 1024;

/// Codes the memos did not answer, sent to the core together: eight of its stages of
/// overlapped table reads.
const BATCH_MISSES: usize = 256;

/// Work items per thread for big columns: the threads take them in turn, so one that is
/// slowed down (by other processes, or by a harder part of the column) holds up the others
/// for one item at most.
const ITEMS_PER_THREAD: usize = 16;

/// Rows of a work item at most: its result bytes stay in the core's cache until packed.
const MAX_ITEM_ROWS: usize = 64 * 1024;

/// The rows of one work item and where its results go (a byte a row, or a bit a row).
type Item<'o> = (Range<usize>, &'o mut [u8]);

/// How many rows ahead of the row being answered the memo slots are prefetched: enough
/// for a line to arrive from memory meanwhile, so many probes' misses overlap.
const AHEAD: usize = 32;
/// The ring of rows in flight (a power of two, at least [`AHEAD`]).
const RING: usize = 64;

/// One batch call of the core over a column, in code system `S` (with a date a row, the
/// engine reads the system's profiles and periods itself: [`CodeSet::profiles`],
/// [`CodeSet::periods`]).
struct Engine<S> {
    f: BatchFn,
    /// The byte of a null row.
    null: u8,
    memo: bool,
    /// The memos kept across calls, for `f` a batch call of the built-in tables (`None`:
    /// memos of this call only). Answers from any other table (a release loaded at run
    /// time, say) must never be written to them, nor read from them.
    warm: Option<&'static Warm>,
    /// Yes/no answers (1 or 0), not reasons.
    valid_only: bool,
    system: PhantomData<S>,
}

impl<S> Clone for Engine<S> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<S> Copy for Engine<S> {}

impl<S: System> Engine<S> {
    /// One byte a row (`null` for null rows), or (`pack`) a bit a row, in row order.
    ///
    /// With the memo, big columns remember the answer per distinct input (on one date, one
    /// table shared by the threads for short inputs and one per thread for longer ones;
    /// with a date a row, one table of profiles shared by the threads) and send the core
    /// only the inputs not seen yet. Sound because the core answers each code on its own.
    fn map(&self, columns: &[Strings<'_>], dates: Dates<'_>, pack: bool) -> Vec<u8> {
        let rows: usize = columns.iter().map(Strings::len).sum();
        let one_date = matches!(dates, Dates::One(_));
        let memos = self.memos(rows, dates);
        let threads = threads_for(rows);
        // Items start at multiples of 64 rows, so that packed items are whole bytes. A
        // dictionary's values are worked out once per item that holds some of its rows:
        // one item a thread then.
        let dict = one_date && columns.iter().any(|c| matches!(c, Strings::Dict { .. }));
        let step = if dict {
            rows.div_ceil(threads)
        } else {
            rows.div_ceil(threads * ITEMS_PER_THREAD).min(MAX_ITEM_ROWS)
        }
        .next_multiple_of(64)
        .max(64);
        let (mut out, rows_per_byte) = if pack {
            (vec![0u8; rows.div_ceil(8)], 8)
        } else {
            (vec![self.null; rows], 1)
        };
        let queue = std::sync::Mutex::new(
            out.chunks_mut(step / rows_per_byte)
                .enumerate()
                .map(|(k, dest)| (k * step..((k + 1) * step).min(rows), dest)),
        );
        let next =
            || -> Option<Item<'_>> { queue.lock().unwrap_or_else(|e| e.into_inner()).next() };
        on_threads(threads, || {
            let mut worker = Worker {
                engine: self,
                shared: memos.shared.as_deref(),
                // Rare (inputs of 9 to 14 bytes, once trimmed): worth a table of their own
                // in big columns only.
                long: (memos.shared.is_some() && rows >= memo::MIN_ROWS)
                    .then(|| Memo::new(rows.div_ceil(threads))),
                profiles: memos.profiles.as_deref(),
                reasons: memos.reasons.as_deref(),
            };
            let mut bytes = Vec::new();
            while let Some((range, dest)) = next() {
                let work = pieces(columns, range.clone());
                let dates = dates.slice(range.clone());
                if pack {
                    bytes.clear();
                    bytes.resize(range.len(), 0);
                    worker.fill(&work, dates, &mut bytes);
                    pack_into(&bytes, dest);
                } else {
                    worker.fill(&work, dates, dest);
                }
            }
        });
        out
    }

    /// The memos shared by the threads of a call over `rows` rows: kept across calls
    /// ([`Warm`]) or this call's own; none without the memo. A column shorter than
    /// [`memo::MIN_ROWS`] uses the memos kept if there are (from a hundred rows on, that
    /// halves its time, or better), but makes none: a new one costs it more than the core's
    /// answers (and a new date a call would evict the memos of the big columns).
    fn memos(&self, rows: usize, dates: Dates<'_>) -> Memos {
        let mut m = Memos::default();
        let big = rows >= memo::MIN_ROWS;
        if !self.memo || (!big && self.warm.is_none()) {
            return m;
        }
        let bits = ProfileMemo::bits_for(rows);
        // Profiles leave about one row in ten open (headers, unknown codes).
        let reason_bits = ProfileMemo::bits_for(rows / 8);
        let reasons = !self.valid_only;
        match (dates, self.warm) {
            (Dates::One(date), Some(w)) => {
                let bits = SharedMemo::bits_for(rows);
                m.shared = w.one_date(date, self.valid_only, bits, big);
            }
            (Dates::One(_), None) => m.shared = Some(Arc::new(SharedMemo::new(rows))),
            (_, Some(w)) => {
                m.profiles = w.profiles(bits, big);
                // Reasons without profiles would go to the core the long way.
                if reasons && m.profiles.is_some() {
                    m.reasons = w.reasons(reason_bits, PERIOD_TAG, big);
                }
            }
            (_, None) => {
                m.profiles = Some(Arc::new(ProfileMemo::new(rows)));
                m.reasons = reasons.then(|| Arc::new(ProfileMemo::new(rows / 8)));
            }
        }
        m
    }
}

/// The memos of a call, shared by its threads (see [`Engine::memos`]).
#[derive(Default)]
struct Memos {
    /// One date: answers by spelling.
    shared: Option<Arc<SharedMemo>>,
    /// A date a row: profiles by spelling, and (reasons) reasons by spelling and period.
    profiles: Option<Arc<ProfileMemo>>,
    reasons: Option<Arc<ProfileMemo>>,
}

/// One thread's memos.
struct Worker<'e, 'm, S> {
    engine: &'e Engine<S>,
    /// Short inputs (1 to 8 ASCII bytes) on one date; `None` without the memo.
    shared: Option<&'m SharedMemo>,
    /// Longer inputs on one date: this thread's.
    long: Option<Memo>,
    /// With a date a row: spellings' profiles across the periods, and (for reasons) the
    /// answers by spelling and period that profiles leave open (shared).
    profiles: Option<&'m ProfileMemo>,
    reasons: Option<&'m ProfileMemo>,
}

/// Runs `$body` with `$get`, the reader of a row of `$column` (`Option<&[u8]>`, `None` for
/// a null), written out for the common layouts so that the row reads are inlined in the
/// loops.
macro_rules! with_rows {
    ($column:expr, $get:ident => $body:expr) => {
        match $column {
            Strings::Utf8 {
                offsets,
                data,
                validity,
            } => {
                let $get = |i| offsets_row(offsets, data, validity, i);
                $body
            }
            Strings::LargeUtf8 {
                offsets,
                data,
                validity,
            } => {
                let $get = |i| offsets_row(offsets, data, validity, i);
                $body
            }
            Strings::View {
                views,
                buffers,
                validity,
            } => {
                let $get = |i: usize| {
                    if !is_valid_at(validity, i) {
                        return None;
                    }
                    view_bytes(&views[i], buffers)
                };
                $body
            }
            column => {
                let $get = |i| column.get(i);
                $body
            }
        }
    };
}

impl<S: System> Worker<'_, '_, S> {
    /// Fills `out` (one byte per row of `work`; `dates` as long when per row).
    fn fill(&mut self, work: &[(&Strings<'_>, Range<usize>)], dates: Dates<'_>, out: &mut [u8]) {
        let mut at = 0;
        for &(column, ref range) in work {
            let dest = &mut out[at..at + range.len()];
            let dates = dates.slice(at..at + range.len());
            at += range.len();
            let range = range.clone();
            match (dates, self.profiles) {
                (Dates::PerRow(d), Some(memo)) => {
                    with_rows!(column, get => self.rows_per_row(get, range, d, dest, memo));
                    continue;
                }
                (Dates::Days { days, validity }, Some(memo)) => {
                    let d = DayDates { days, validity };
                    with_rows!(column, get => self.rows_per_row(get, range, d, dest, memo));
                    continue;
                }
                (Dates::Days { .. }, None) => {
                    // Without the memo: the core's calls, which take dates.
                    let d = dates.days_as_dates().unwrap_or_default();
                    with_rows!(column, get => self.rows(get, range, Dates::PerRow(&d), dest));
                    continue;
                }
                _ => {}
            }
            match column {
                Strings::Dict {
                    keys,
                    validity,
                    values,
                } if matches!(dates, Dates::One(_)) => {
                    // Each distinct string once, then a gather.
                    let once = Engine {
                        memo: false,
                        ..*self.engine
                    };
                    let per_value = once.map(std::slice::from_ref(&**values), dates, false);
                    let null = self.engine.null;
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
                _ => with_rows!(column, get => self.rows(get, range, dates, dest)),
            }
        }
    }

    /// Fills `dest` with the answers for the rows `range` read with `get` (`dates`, when
    /// per row, aligned with `dest`).
    #[inline(always)]
    fn rows<'c, G>(&mut self, get: G, range: Range<usize>, dates: Dates<'_>, dest: &mut [u8])
    where
        G: Fn(usize) -> Option<&'c [u8]>,
    {
        let engine = self.engine;
        let mut misses = Misses::default();
        // The date of row `row` of `dest`: `None` for a row without one (left null).
        let date_of = |row: usize| match dates {
            Dates::One(d) => Some(d),
            Dates::PerRow(d) => d[row],
            // Converted by `fill`.
            Dates::Days { .. } => None,
        };
        if self.shared.is_none() && self.long.is_none() {
            // No memo: every code to the core, BATCH_ROWS rows a call.
            for start in range.clone().step_by(BATCH_ROWS) {
                for i in start..(start + BATCH_ROWS).min(range.end) {
                    let row = i - range.start;
                    if let (Some(b), Some(d)) = (get(i), date_of(row)) {
                        misses.push(b, row, d, 0, 0);
                    }
                }
                misses.flush(engine, dates, dest, None, &mut None);
            }
            return;
        }
        let (shared, long) = (self.shared, &mut self.long);
        // A pipeline: row `i` is read and its memo slot prefetched AHEAD rows before it is
        // answered, so that many probes' cache misses overlap.
        let mut bytes: [Option<&[u8]>; RING] = [None; RING];
        let mut when = [None; RING];
        let mut short = [0u64; RING];
        let mut lkey = [0u128; RING];
        for i in range.start..range.end + AHEAD {
            if i < range.end {
                let s = i % RING;
                let row = i - range.start;
                let date = date_of(row);
                let b = get(i).filter(|_| date.is_some());
                bytes[s] = b;
                when[s] = date;
                short[s] = 0;
                lkey[s] = 0;
                if let (Some(b), Some(shared)) = (b, shared) {
                    // Keyed by the code as the core reads it (spaces and line ends trimmed):
                    // `S52.521A` and the line `S52.521A\r\n` share an entry, and a line of
                    // `reasonsOfLines` fits the 8-byte short memo.
                    let t = trim_code(b);
                    if let Some(k) = memo::short_key(t) {
                        short[s] = k;
                        shared.prefetch(k);
                    } else if let (Some(m), Some(k)) = (long.as_ref(), memo::key(t)) {
                        lkey[s] = k;
                        m.prefetch(k);
                    }
                }
            }
            let Some(j) = i.checked_sub(AHEAD).filter(|&j| j >= range.start) else {
                continue;
            };
            let s = j % RING;
            let (Some(b), Some(date)) = (bytes[s], when[s]) else {
                continue;
            };
            let row = j - range.start;
            let found = if short[s] != 0 {
                shared.and_then(|m| m.find(short[s]))
            } else if lkey[s] != 0 {
                long.as_ref().and_then(|m| m.find(lkey[s]))
            } else {
                None
            };
            match found {
                Some(r) => dest[row] = r,
                None => {
                    misses.push(b, row, date, short[s], lkey[s]);
                    if misses.codes.len() >= BATCH_MISSES {
                        misses.flush(engine, dates, dest, shared, long);
                    }
                }
            }
        }
        misses.flush(engine, dates, dest, shared, long);
    }
}

/// Spellings whose profiles are worked out together ([`CodeSet::profiles`]: their index
/// reads overlap).
const BATCH_PROFILES: usize = 128;

/// The period code of a row without a date.
const NO_DATE: u8 = u8::MAX;
/// The period code of a date outside the periods (outside the coverage, or past
/// [`MAX_PERIODS`](crate::codeset::MAX_PERIODS)): the core is asked.
const NO_PERIOD: u8 = u8::MAX - 1;

/// A date a row as the per-row loop reads it: [`Dates::PerRow`] or [`Dates::Days`].
trait RowDates: Copy {
    /// Row `i`'s period ([`CodeSet::period`]), or [`NO_PERIOD`], or [`NO_DATE`].
    fn period(&self, i: usize, periods: &Periods<'_>) -> u8;
    /// Row `i`'s date (for the rows the core is asked about).
    fn date(&self, i: usize) -> Option<Date>;
}

impl RowDates for &[Option<Date>] {
    #[inline(always)]
    fn period(&self, i: usize, periods: &Periods<'_>) -> u8 {
        match self[i] {
            Some(d) => periods.of(d).unwrap_or(NO_PERIOD),
            None => NO_DATE,
        }
    }

    #[inline]
    fn date(&self, i: usize) -> Option<Date> {
        self[i]
    }
}

/// [`Dates::Days`] of a piece of a column.
#[derive(Clone, Copy)]
struct DayDates<'a> {
    days: &'a [i32],
    validity: Option<Bitmap<'a>>,
}

impl RowDates for DayDates<'_> {
    #[inline(always)]
    fn period(&self, i: usize, periods: &Periods<'_>) -> u8 {
        if !is_valid_at(&self.validity, i) {
            return NO_DATE;
        }
        periods.of_day(i64::from(self.days[i])).unwrap_or(NO_PERIOD)
    }

    #[inline]
    fn date(&self, i: usize) -> Option<Date> {
        is_valid_at(&self.validity, i).then(|| Date::from_days_since_epoch(i64::from(self.days[i])))
    }
}

impl<S: System> Worker<'_, '_, S> {
    /// Fills `dest` with the answers for the rows `range`, each on its date (`dates`
    /// aligned with `dest`): from the spelling's profile across the periods (remembered
    /// in `memo` for spellings of up to 8 ASCII bytes, spaces around them aside), the core
    /// asked only for what a profile leaves open (headers, unknown codes, dates outside
    /// the periods).
    #[inline(always)]
    fn rows_per_row<'c, G, D>(
        &mut self,
        get: G,
        range: Range<usize>,
        dates: D,
        dest: &mut [u8],
        memo: &ProfileMemo,
    ) where
        G: Fn(usize) -> Option<&'c [u8]>,
        D: RowDates,
    {
        let e = self.engine;
        let periods = CodeSet::<S>::new().periods();
        let mut pending = Pending::default();
        let mut ask = Asks::new(self.reasons);
        // A pipeline as in `rows`: row `i` is read and its memo slot prefetched AHEAD rows
        // before it is answered.
        let mut bytes: [Option<&[u8]>; RING] = [None; RING];
        let mut keys = [0u64; RING];
        let mut when = [NO_DATE; RING];
        for i in range.start..range.end + AHEAD {
            if i < range.end {
                let s = i % RING;
                let p = dates.period(i - range.start, &periods);
                let b = get(i).filter(|_| p != NO_DATE);
                bytes[s] = b;
                when[s] = p;
                keys[s] = 0;
                if let Some(k) = b.and_then(|b| memo::short_key(trim_code(b))) {
                    keys[s] = k;
                    memo.prefetch(k);
                }
            }
            let Some(j) = i.checked_sub(AHEAD).filter(|&j| j >= range.start) else {
                continue;
            };
            let s = j % RING;
            let row = j - range.start;
            let Some(b) = bytes[s] else {
                continue; // null: `dest` holds the null byte
            };
            let p = when[s];
            let key = keys[s];
            let answer = if p == NO_PERIOD {
                None
            } else {
                match memo.find(key).filter(|_| key != 0) {
                    Some(v) => e.answer(unpack_profile(v), p),
                    None => {
                        pending.push(b, row, p, key);
                        if pending.codes.len() >= BATCH_PROFILES {
                            pending.flush(e, memo, dest, &mut ask, dates);
                        }
                        continue;
                    }
                }
            };
            match answer {
                Some(r) => dest[row] = r,
                None => ask.ask(e, b, row, dates, dest, key, p),
            }
        }
        pending.flush(e, memo, dest, &mut ask, dates);
        ask.flush(e, dest);
    }
}

impl<S: System> Engine<S> {
    /// The answer on a date of period `p` for a spelling of profile `profile` (`None`: ask
    /// the core on the date).
    #[inline]
    fn answer(&self, profile: Profile, p: u8) -> Option<u8> {
        if profile.valid >> p & 1 == 1 {
            Some(if self.valid_only {
                1
            } else {
                ReasonKind::Valid as u8
            })
        } else if self.valid_only {
            Some(0)
        } else {
            profile.otherwise.map(|k| k as u8)
        }
    }
}

/// Rows whose spellings the profile memo did not have, for one [`CodeSet::profiles`]
/// call.
#[derive(Default)]
struct Pending<'c> {
    /// The spellings (spaces around them trimmed) and the rows' own bytes.
    codes: Vec<Cow<'c, str>>,
    bytes: Vec<&'c [u8]>,
    /// Their rows, periods and memo keys (0: none).
    rows: Vec<usize>,
    periods: Vec<u8>,
    keys: Vec<u64>,
    profiles: Vec<Profile>,
}

impl<'c> Pending<'c> {
    #[inline]
    fn push(&mut self, b: &'c [u8], row: usize, period: u8, key: u64) {
        self.codes.push(lossy(trim_code(b)));
        self.bytes.push(b);
        self.rows.push(row);
        self.periods.push(period);
        self.keys.push(key);
    }

    /// Works out the profiles, remembers them, and answers the rows (or hands them to
    /// `ask`, for the core).
    fn flush<S: System>(
        &mut self,
        engine: &Engine<S>,
        memo: &ProfileMemo,
        dest: &mut [u8],
        ask: &mut Asks<'c, '_>,
        dates: impl RowDates,
    ) {
        if self.codes.is_empty() {
            return;
        }
        self.profiles.clear();
        CodeSet::<S>::new().profiles(&self.codes, &mut self.profiles);
        let new = self.keys.iter().filter(|&&k| k != 0).count();
        if new > 0 && memo.reserve(new) {
            let mut taken = 0;
            for (&k, &profile) in self.keys.iter().zip(&self.profiles) {
                taken += usize::from(memo.insert(k, pack_profile(profile)));
            }
            memo.release(new - taken);
        }
        for (i, &profile) in self.profiles.iter().enumerate() {
            let row = self.rows[i];
            match engine.answer(profile, self.periods[i]) {
                Some(r) => dest[row] = r,
                None => {
                    let (b, key) = (self.bytes[i], self.keys[i]);
                    ask.ask(engine, b, row, dates, dest, key, self.periods[i]);
                }
            }
        }
        self.codes.clear();
        self.bytes.clear();
        self.rows.clear();
        self.periods.clear();
        self.keys.clear();
    }
}

/// A profile as the memo keeps it: the valid periods, then the reason otherwise (0xFF:
/// none), and a top bit so that it is never 0.
#[inline]
fn pack_profile(p: Profile) -> u64 {
    u64::from(p.valid) | u64::from(p.otherwise.map_or(0xFF, |k| k as u8)) << 32 | 1 << 63
}

#[inline]
fn unpack_profile(v: u64) -> Profile {
    Profile {
        valid: v as u32,
        otherwise: ReasonKind::ALL.get((v >> 32) as u8 as usize).copied(),
    }
}

/// The bits of an answer in the memo of reasons by spelling and period that hold the
/// period (see [`Asks`]).
const PERIOD_TAG: u64 = 0xFF00;

/// Rows a profile leaves open (a header's or an unknown code's reason, dates outside the
/// periods), for the core's per-row batch call. With `reasons`, the answers are remembered
/// by spelling and period (between two change dates every answer is the same), so that a
/// spelling is asked about once a period.
struct Asks<'c, 'm> {
    misses: Misses<'c>,
    /// The memo key and period of each row asked (0, [`NO_PERIOD`]: not remembered).
    keys: Vec<u64>,
    periods: Vec<u8>,
    reasons: Option<&'m ProfileMemo>,
}

impl<'c, 'm> Asks<'c, 'm> {
    fn new(reasons: Option<&'m ProfileMemo>) -> Self {
        Asks {
            misses: Misses::default(),
            keys: Vec::new(),
            periods: Vec::new(),
            reasons,
        }
    }

    /// Answers row `row` (of `dates`, `dest`; its spelling `b`, memo key `key`, period `p`)
    /// from the memo, or queues it for the core, which is asked when the batch is full.
    #[allow(clippy::too_many_arguments)]
    #[inline]
    fn ask<S>(
        &mut self,
        engine: &Engine<S>,
        b: &'c [u8],
        row: usize,
        dates: impl RowDates,
        dest: &mut [u8],
        key: u64,
        p: u8,
    ) {
        let remembered = key != 0 && p != NO_PERIOD;
        if let Some(m) = self.reasons.filter(|_| remembered) {
            if let Some(v) = m.find_tagged(key, u64::from(p) << 8, PERIOD_TAG) {
                dest[row] = v as u8;
                return;
            }
        }
        let Some(date) = dates.date(row) else {
            return;
        };
        self.misses.push(b, row, date, 0, 0);
        self.keys.push(if remembered { key } else { 0 });
        self.periods.push(p);
        if self.misses.codes.len() >= BATCH_MISSES {
            self.flush(engine, dest);
        }
    }

    /// Asks the core, writes the answers to their rows and remembers them.
    fn flush<S>(&mut self, engine: &Engine<S>, dest: &mut [u8]) {
        self.misses
            .flush(engine, Dates::PerRow(&[]), dest, None, &mut None);
        if let Some(m) = self.reasons {
            let new = self.keys.iter().filter(|&&k| k != 0).count();
            if new > 0 && m.reserve(new) {
                let answers = self
                    .keys
                    .iter()
                    .zip(&self.periods)
                    .zip(&self.misses.results);
                let mut taken = 0;
                for ((&k, &p), &r) in answers {
                    if k != 0 {
                        let v = 1 << 63 | u64::from(p) << 8 | u64::from(r);
                        taken += usize::from(m.insert_tagged(k, v, PERIOD_TAG));
                    }
                }
                m.release(new - taken);
            }
        }
        self.keys.clear();
        self.periods.clear();
    }
}

/// Codes the memos did not answer, for one batch call of the core.
#[derive(Default)]
struct Misses<'c> {
    codes: Vec<Cow<'c, str>>,
    /// Their rows, dates and memo keys (0: none).
    at_row: Vec<usize>,
    dates: Vec<Option<Date>>,
    short_keys: Vec<u64>,
    long_keys: Vec<u128>,
    results: Vec<u8>,
}

impl<'c> Misses<'c> {
    #[inline]
    fn push(&mut self, b: &'c [u8], row: usize, date: Date, short: u64, long: u128) {
        self.codes.push(lossy(b));
        self.at_row.push(row);
        self.dates.push(Some(date));
        self.short_keys.push(short);
        self.long_keys.push(long);
    }

    /// Asks the core, writes the answers to their rows and remembers them.
    fn flush<S>(
        &mut self,
        engine: &Engine<S>,
        dates: Dates<'_>,
        dest: &mut [u8],
        shared: Option<&SharedMemo>,
        long: &mut Option<Memo>,
    ) {
        if self.codes.is_empty() {
            return;
        }
        self.results.clear();
        let dates = match dates {
            Dates::One(d) => Dates::One(d),
            Dates::PerRow(_) | Dates::Days { .. } => Dates::PerRow(&self.dates),
        };
        (engine.f)(&self.codes, dates, &mut self.results);
        for (&r, &v) in self.at_row.iter().zip(&self.results) {
            dest[r] = v;
        }
        if let Some(shared) = shared {
            let new = self.short_keys.iter().filter(|&&k| k != 0).count();
            if new > 0 && shared.reserve(new) {
                let mut taken = 0;
                for (&k, &v) in self.short_keys.iter().zip(&self.results) {
                    if k != 0 {
                        taken += usize::from(shared.insert(k, v));
                    }
                }
                shared.release(new - taken);
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
        self.dates.clear();
        self.short_keys.clear();
        self.long_keys.clear();
    }
}

// ---------------------------------------------------------------------------------------
// One string per code (normalized codes, titles)

/// A function of one code (and, with dates per row, `Some(its date)`) that appends its
/// result and says whether there is one (`false`: a null result).
type StrFn<'f> = dyn Fn(&str, Option<Option<Date>>, &mut Vec<u8>) -> bool + Sync + 'f;

/// Runs `f` over every non-null code, on all cores for big columns.
fn map_str(columns: &[Strings<'_>], f: &StrFn<'_>, dates: Option<&[Option<Date>]>) -> StrColumn {
    let rows: usize = columns.iter().map(Strings::len).sum();
    let threads = threads_for(rows);
    let step = rows.div_ceil(threads).max(1);
    let ranges: Vec<Range<usize>> = (0..threads)
        .map(|t| t * step..((t + 1) * step).min(rows))
        .filter(|r| !r.is_empty())
        .collect();
    if ranges.len() <= 1 {
        return fill_str(&pieces(columns, 0..rows), f, dates);
    }
    let parts = std::sync::Mutex::new(Vec::new());
    let queue = std::sync::Mutex::new(ranges.into_iter().enumerate());
    on_threads(threads, || {
        while let Some((k, range)) = queue.lock().unwrap_or_else(|e| e.into_inner()).next() {
            let part = fill_str(&pieces(columns, range.clone()), f, dates.map(|d| &d[range]));
            parts
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push((k, part));
        }
    });
    let mut parts = parts.into_inner().unwrap_or_else(|e| e.into_inner());
    parts.sort_by_key(|(k, _)| *k);
    let mut out = StrColumn::with_capacity(rows);
    out.data
        .reserve(parts.iter().map(|(_, p)| p.data.len()).sum());
    for (_, p) in parts {
        out.append(p);
    }
    out
}

fn fill_str(
    work: &[(&Strings<'_>, Range<usize>)],
    f: &StrFn<'_>,
    dates: Option<&[Option<Date>]>,
) -> StrColumn {
    let rows: usize = work.iter().map(|(_, r)| r.len()).sum();
    let mut out = StrColumn::with_capacity(rows);
    let mut scratch = Vec::new();
    let mut row = 0;
    for (column, range) in work {
        if let (
            Strings::Dict {
                keys,
                validity,
                values,
            },
            None,
        ) = (column, dates)
        {
            // Each distinct string once, then a gather.
            let per_value = map_str(std::slice::from_ref(&**values), f, None);
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
            row += range.len();
            continue;
        }
        for i in range.clone() {
            let date = dates.map(|d| d[row]);
            row += 1;
            match column.get(i) {
                None => out.push(None),
                Some(b) => {
                    scratch.clear();
                    let some = f(&lossy(b), date, &mut scratch);
                    out.push(some.then_some(&scratch[..]));
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn column(codes: &[Option<&str>]) -> OwnedStrings {
        codes.iter().copied().collect()
    }

    /// The same dates as days since 1970 with a validity bitmap (Arrow `date32`); the
    /// days of rows without a date are junk.
    fn as_days(dates: &[Option<Date>]) -> (Vec<i32>, Vec<u8>) {
        let days = dates
            .iter()
            .enumerate()
            .map(|(i, d)| d.map_or(i as i32 * 7_919, |d| d.days_since_epoch() as i32))
            .collect();
        let valid: Vec<u8> = dates.iter().map(|d| u8::from(d.is_some())).collect();
        (days, pack_bits(&valid))
    }

    /// Big enough for the memo and the threads; every answer as one call a row gives.
    #[test]
    fn on_this_thread_keeps_a_call_to_one_thread_and_then_lets_go() {
        let rows = 1 << 20;
        let free = threads_for(rows);
        assert_eq!(on_this_thread(|| threads_for(rows)), 1);
        assert_eq!(
            on_this_thread(|| on_this_thread(|| 0) + threads_for(rows)),
            1
        );
        assert_eq!(threads_for(rows), free);
        // Another thread is not kept.
        on_this_thread(|| {
            std::thread::scope(|s| {
                assert_eq!(s.spawn(|| threads_for(rows)).join().ok(), Some(free))
            });
        });
    }

    #[test]
    fn columns_agree_with_single_calls() {
        let spellings = [
            "E11.9",
            "e119",
            "E11",
            "S52.521",
            "S52.521A",
            "T36.01A",
            "",
            "0DTJ4ZZ",
            "0dtj4z",
            "B20",
            "U07.1",
            "É11",
            "  E11.9  ",
            "E11.9E11.9E11.9",
            "Z00.00",
        ];
        let n = 70_000;
        let codes: Vec<Option<&str>> = (0..n)
            .map(|i| (i % 31 != 0).then(|| spellings[(i * 7) % spellings.len()]))
            .collect();
        let col = column(&codes);
        let days: Vec<Option<Date>> = (0..n)
            .map(|i| {
                (i % 29 != 0).then(|| {
                    Date::new(
                        2014 + (i % 15) as u16,
                        1 + (i % 12) as u8,
                        1 + (i % 28) as u8,
                    )
                    .unwrap()
                })
            })
            .collect();
        let (day_numbers, valid) = as_days(&days);
        let by_day = Dates::Days {
            days: &day_numbers,
            validity: Some(Bitmap {
                bits: &valid,
                offset: 0,
            }),
        };
        for &system in CodeSystem::ALL {
            for memo in [true, false] {
                let one = Date::new(2025, 3, 1).unwrap();
                let kinds = reasons(system, &[col.strings()], Dates::One(one), memo).unwrap();
                let per_row =
                    reasons(system, &[col.strings()], Dates::PerRow(&days), memo).unwrap();
                let bits =
                    valid_bits(system, &[col.strings()], Dates::PerRow(&days), memo).unwrap();
                assert_eq!(
                    reasons(system, &[col.strings()], by_day, memo).unwrap(),
                    per_row
                );
                assert_eq!(
                    valid_bits(system, &[col.strings()], by_day, memo).unwrap(),
                    bits
                );
                for (i, code) in codes.iter().enumerate() {
                    let want = code.map_or(NULL, |c| system.reason(c, one) as u8);
                    assert_eq!(kinds[i], want, "{system} {code:?}");
                    let want = match (code, days[i]) {
                        (Some(c), Some(d)) => system.reason(c, d) as u8,
                        _ => NULL,
                    };
                    assert_eq!(per_row[i], want, "{system} {code:?} {:?}", days[i]);
                    let bit = bits[i / 8] >> (i % 8) & 1 == 1;
                    assert_eq!(bit, want == ReasonKind::Valid as u8, "{code:?}");
                }
            }
            let titles =
                titles(system, &[col.strings()], Some(Dates::PerRow(&days)), false).unwrap();
            let titles_by_day =
                super::titles(system, &[col.strings()], Some(by_day), false).unwrap();
            assert_eq!(titles.data, titles_by_day.data);
            assert_eq!(titles.offsets, titles_by_day.offsets);
            assert_eq!(titles.valid, titles_by_day.valid);
            let canon = normalized(system, &[col.strings()], false);
            for (i, code) in codes.iter().enumerate().step_by(101) {
                let want = code
                    .zip(days[i])
                    .and_then(|(c, d)| system.title(c, Some(d), false));
                assert_eq!(
                    titles
                        .get(i)
                        .map(|t| String::from_utf8_lossy(t).into_owned()),
                    want.map(|t| t.text.into_owned())
                );
                let want = code.and_then(|c| system.canonical(c).ok());
                assert_eq!(canon.get(i), want.as_ref().map(|c| c.as_bytes()));
            }
        }
        let short = Dates::PerRow(&days[1..]);
        assert!(reasons(CodeSystem::Icd10Cm, &[col.strings()], short, true).is_err());
        let short = Dates::Days {
            days: &day_numbers[1..],
            validity: None,
        };
        assert!(reasons(CodeSystem::Icd10Cm, &[col.strings()], short, true).is_err());
    }

    /// A date a row over a column of many distinct spellings (the threads share the memo
    /// of their profiles): every answer as one call a row gives.
    #[test]
    fn per_row_columns_of_many_spellings_agree_with_single_calls() {
        let set = CodeSet::<crate::icd10cm::Icd10CmSystem>::new();
        let mut spellings: Vec<String> = set
            .codes()
            .step_by(3)
            .flat_map(|c| {
                let c = c.to_string();
                let undotted = c.replace('.', "");
                [
                    format!(" {c} "),
                    c.to_lowercase(),
                    undotted.clone() + "1",
                    undotted,
                    c,
                ]
            })
            .collect();
        spellings.extend(["", "E11..9", "é11.9", "E11.999999999", "0DTJ4ZZ"].map(String::from));
        let n = 150_000;
        let mut x = 12_345u64;
        let mut next = move || {
            x = x
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (x >> 33) as usize
        };
        let codes: Vec<Option<&str>> = (0..n)
            .map(|_| {
                let r = next();
                (r % 50 != 0).then(|| spellings[r / 50 % spellings.len()].as_str())
            })
            .collect();
        let col = column(&codes);
        let (first, _) = set.coverage();
        let days: Vec<Option<Date>> = (0..n)
            .map(|_| {
                let r = next();
                (r % 40 != 0).then(|| {
                    Date::from_days_since_epoch(first.days_since_epoch() - 30 + (r % 4_500) as i64)
                })
            })
            .collect();
        let system = CodeSystem::Icd10Cm;
        let kinds = reasons(system, &[col.strings()], Dates::PerRow(&days), true).unwrap();
        let bits = valid_bits(system, &[col.strings()], Dates::PerRow(&days), true).unwrap();
        // The same dates as Arrow date32 (a validity bitmap starting mid-byte, as in a
        // slice of an array).
        let (day_numbers, valid) = as_days(&[&[None; 3][..], &days].concat());
        let by_day = Dates::Days {
            days: &day_numbers[3..],
            validity: Some(Bitmap {
                bits: &valid,
                offset: 3,
            }),
        };
        assert_eq!(
            reasons(system, &[col.strings()], by_day, true).unwrap(),
            kinds
        );
        assert_eq!(
            valid_bits(system, &[col.strings()], by_day, true).unwrap(),
            bits
        );
        for (i, code) in codes.iter().enumerate() {
            let want = match (code, days[i]) {
                (Some(c), Some(d)) => system.reason(c, d) as u8,
                _ => NULL,
            };
            assert_eq!(kinds[i], want, "{code:?} {:?}", days[i]);
            let bit = bits[i / 8] >> (i % 8) & 1 == 1;
            assert_eq!(
                bit,
                want == ReasonKind::Valid as u8,
                "{code:?} {:?}",
                days[i]
            );
        }
    }
}
