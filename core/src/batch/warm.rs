//! The memos kept from one call to the next: a column handed over in batches (a polars
//! lazy or streaming query calls with ten batches of 100,000 rows for a million-row
//! column; a reader of a big file, a chunk at a time) finds each batch's spellings already
//! answered by the batches before it, as one call over the whole column would.
//!
//! One store a code system, process-wide, for the built-in tables' answers only (the engine
//! attaches it in `run`, the way in of [`reasons`](super::reasons) and
//! [`valid_bits`](super::valid_bits), which ask the built-in tables), holding:
//!
//! - the [`ProfileMemo`] of profiles by spelling (a date a row): a profile does not depend
//!   on the date, nor on whether yes/no or reasons are asked, so every call with a date a
//!   row shares it;
//! - the [`ProfileMemo`] of reasons by spelling and period (a date a row, reasons);
//! - for one date, a [`SharedMemo`] by (yes/no or reasons, date): the last
//!   [`DATES_KEPT`] dates of each.
//!
//! A call takes the memo it needs under a lock (a pointer copy) and works without it;
//! several calls at once share the memo as the threads of one call do (an entry is written
//! once, with atomics, and holds the same answer whoever writes it). Sizes stay within the
//! per-call limits of `memo.rs`: a big call gets a memo at least as big as it would have
//! made itself, and a memo found full (half its slots: it remembers no more) is replaced by
//! one twice the size holding its entries; at the largest size, by an empty one. A small
//! call uses the memo kept as it is, or none.

use std::sync::{Arc, Mutex, MutexGuard};

use super::memo::{ProfileMemo, SharedMemo};
use crate::date::Date;
use crate::system::CodeSystem;

/// One-date memos kept per kind (yes/no, reasons): a query asking about a few dates at once
/// (one column per date) keeps each date's.
pub(super) const DATES_KEPT: usize = 4;

/// The latest dates' memos of one kind, newest first.
type Dated = Vec<(Date, Arc<SharedMemo>)>;

/// The memos of one code system kept across calls.
pub(super) struct Warm {
    /// One date: by kind (0: reasons, 1: yes/no).
    one_date: [Mutex<Dated>; 2],
    /// A date a row: profiles by spelling.
    profiles: Mutex<Option<Arc<ProfileMemo>>>,
    /// A date a row, reasons: reasons by spelling and period.
    reasons: Mutex<Option<Arc<ProfileMemo>>>,
}

const fn warm() -> Warm {
    Warm {
        one_date: [
            const { Mutex::new(Vec::new()) },
            const { Mutex::new(Vec::new()) },
        ],
        profiles: Mutex::new(None),
        reasons: Mutex::new(None),
    }
}

static WARM: [Warm; CodeSystem::ALL.len()] = [const { warm() }; CodeSystem::ALL.len()];

/// A lock that a panic elsewhere does not poison for good: what it guards is only ever
/// replaced whole.
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl Warm {
    /// The store of `system`.
    pub(super) fn of(system: CodeSystem) -> &'static Warm {
        let i = CodeSystem::ALL
            .iter()
            .position(|&s| s == system)
            .unwrap_or_default();
        &WARM[i]
    }

    /// The memo of answers on `date` (`valid_only`: yes/no, else reasons), at least
    /// `2^bits` entries. `make`: make it, or make it bigger, if need be; else only the memo
    /// kept as it is, if there is one.
    pub(super) fn one_date(
        &self,
        date: Date,
        valid_only: bool,
        bits: u32,
        make: bool,
    ) -> Option<Arc<SharedMemo>> {
        let mut kept = lock(&self.one_date[usize::from(valid_only)]);
        let found = kept.iter().position(|(d, _)| *d == date);
        if !make {
            return found.map(|i| Arc::clone(&kept[i].1));
        }
        let memo = match found {
            Some(i) => sized(kept.remove(i).1, bits, SHARED, SharedMemo::grown),
            None => {
                // The call's own size: a memo as big as another date's grew would cost a
                // call on a new date more to make than it saves.
                kept.truncate(DATES_KEPT - 1);
                Arc::new(SharedMemo::with_bits(bits))
            }
        };
        kept.insert(0, (date, Arc::clone(&memo)));
        Some(memo)
    }

    /// The memo of profiles by spelling, at least `2^bits` entries; `make` as for
    /// [`one_date`](Self::one_date).
    pub(super) fn profiles(&self, bits: u32, make: bool) -> Option<Arc<ProfileMemo>> {
        take(&self.profiles, bits, 0, make)
    }

    /// The memo of reasons by spelling and period (tagged with `mask`), at least `2^bits`
    /// entries; `make` as for [`one_date`](Self::one_date).
    pub(super) fn reasons(&self, bits: u32, mask: u64, make: bool) -> Option<Arc<ProfileMemo>> {
        take(&self.reasons, bits, mask, make)
    }

    /// Drops every memo kept (calls under way keep theirs until they end).
    fn clear(&self) {
        for kind in &self.one_date {
            lock(kind).clear();
        }
        *lock(&self.profiles) = None;
        *lock(&self.reasons) = None;
    }
}

/// The profile memo in `slot`: with `make`, sized for `bits` (made when there is none);
/// else as it is.
fn take(
    slot: &Mutex<Option<Arc<ProfileMemo>>>,
    bits: u32,
    mask: u64,
    make: bool,
) -> Option<Arc<ProfileMemo>> {
    let mut kept = lock(slot);
    if !make {
        return kept.clone();
    }
    let memo = match kept.take() {
        Some(m) => sized(m, bits, PROFILES, |m, b| m.grown(b, mask)),
        None => Arc::new(ProfileMemo::with_bits(bits)),
    };
    *kept = Some(Arc::clone(&memo));
    Some(memo)
}

/// `memo` if it is at least `2^bits` entries and not full. Else a memo holding its entries,
/// at least `2^bits` entries and (if it was full) twice its size; at the largest size, full,
/// an empty one: it starts again rather than remember nothing new for good.
fn sized<M>(memo: Arc<M>, bits: u32, ops: Ops<M>, grown: impl Fn(&M, u32) -> M) -> Arc<M> {
    let (now, full) = ((ops.bits)(&memo), (ops.is_full)(&memo));
    if now >= bits && !full {
        return memo;
    }
    let want = bits.max(now + u32::from(full)).min(ops.max_bits);
    Arc::new(if want <= now {
        (ops.empty)(now)
    } else {
        grown(&memo, want)
    })
}

/// What [`sized`] asks of a memo.
struct Ops<M> {
    bits: fn(&M) -> u32,
    is_full: fn(&M) -> bool,
    empty: fn(u32) -> M,
    max_bits: u32,
}

const SHARED: Ops<SharedMemo> = Ops {
    bits: SharedMemo::bits,
    is_full: SharedMemo::is_full,
    empty: SharedMemo::with_bits,
    max_bits: SharedMemo::MAX_BITS,
};

const PROFILES: Ops<ProfileMemo> = Ops {
    bits: ProfileMemo::bits,
    is_full: ProfileMemo::is_full,
    empty: ProfileMemo::with_bits,
    max_bits: ProfileMemo::MAX_BITS,
};

/// Frees the memos the batch engine keeps from one call to the next (every code system):
/// the next calls start them empty. Only memory: answers are the same either way.
pub fn clear_memos() {
    for w in &WARM {
        w.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::super::{reasons, valid_bits, Dates, OwnedStrings, NULL};
    use super::*;
    use crate::codeset::CodeSet;
    use crate::system::with_system;

    /// Spellings of `system`'s codes (every 11th, in several forms), and strings of the
    /// other systems and junk that every column shares.
    fn spellings(system: CodeSystem) -> Vec<String> {
        let codes: Vec<String> = with_system!(system, S => CodeSet::<S>::new()
            .codes()
            .step_by(11)
            .map(|c| c.to_string())
            .collect());
        let mut out: Vec<String> = codes
            .iter()
            .flat_map(|c| {
                [
                    c.clone(),
                    c.to_lowercase(),
                    c.replace('.', ""),
                    format!(" {c}"),
                ]
            })
            .collect();
        out.extend(
            [
                "E11.9", "e119", "0DTJ4ZZ", "J1100", "250.00", "8151", "99213", "", "Q99.999",
            ]
            .map(String::from),
        );
        out
    }

    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> usize {
            self.0 = self
                .0
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (self.0 >> 33) as usize
        }
    }

    fn column(codes: &[Option<&str>]) -> OwnedStrings {
        codes.iter().copied().collect()
    }

    fn bools(bits: &[u8], rows: usize) -> Vec<u8> {
        (0..rows).map(|i| bits[i / 8] >> (i % 8) & 1).collect()
    }

    /// A column of one system, its pieces (some below the memo's threshold), dates of
    /// service across the system's coverage, and a few one dates.
    struct Case {
        system: CodeSystem,
        codes: Vec<Option<String>>,
        days: Vec<Option<Date>>,
        one: Vec<Date>,
    }

    /// Rows of a case: two pieces of 18,000 rows (the memo's size) and three of 4,000.
    const PIECES: [usize; 5] = [18_000, 4_000, 18_000, 4_000, 4_000];

    impl Case {
        fn new(system: CodeSystem, seed: u64) -> Case {
            let spellings = spellings(system);
            let rows = PIECES.iter().sum();
            let mut rng = Rng(seed);
            // Frequent spellings first (about Zipf): most rows repeat a few.
            let codes = (0..rows)
                .map(|_| {
                    let r = rng.next();
                    let i = (r >> 5) % spellings.len();
                    let i = if r % 4 == 0 { i } else { i % 500 };
                    (r % 37 != 0).then(|| spellings[i].clone())
                })
                .collect();
            let (first, last) = system.coverage();
            let span = last.days_since_epoch() - first.days_since_epoch() + 60;
            let day = |r: usize| {
                Date::from_days_since_epoch(first.days_since_epoch() - 30 + (r as i64 % span))
            };
            let days = (0..rows)
                .map(|_| {
                    let r = rng.next();
                    (r % 41 != 0).then(|| day(r >> 6))
                })
                .collect();
            let one = (0..DATES_KEPT + 2).map(|_| day(rng.next())).collect();
            Case {
                system,
                codes,
                days,
                one,
            }
        }

        /// The pieces' columns and where each starts.
        fn pieces(&self) -> Vec<(usize, OwnedStrings)> {
            let mut at = 0;
            PIECES
                .iter()
                .map(|&n| {
                    let codes: Vec<Option<&str>> = self.codes[at..at + n]
                        .iter()
                        .map(Option::as_deref)
                        .collect();
                    at += n;
                    (at - n, column(&codes))
                })
                .collect()
        }
    }

    /// What a call asks: yes/no or reasons, on one of the case's dates (`None`: each row's).
    #[derive(Clone, Copy, Debug)]
    struct Ask {
        valid: bool,
        date: Option<usize>,
    }

    /// The answers to `ask` of the rows `at..` of the case in `col`, a byte a row; `days`:
    /// the dates as Arrow `date32` rather than dates.
    fn answer(
        case: &Case,
        col: &OwnedStrings,
        at: usize,
        ask: Ask,
        memo: bool,
        days: bool,
    ) -> Vec<u8> {
        let rows = col.strings().len();
        let per_row = &case.days[at..at + rows];
        let numbers: Vec<i32> = per_row
            .iter()
            .map(|d| d.map_or(-1, |d| d.days_since_epoch() as i32))
            .collect();
        let valid: Vec<u8> = super::super::pack_bits(
            &per_row
                .iter()
                .map(|d| u8::from(d.is_some()))
                .collect::<Vec<u8>>(),
        );
        let dates = match ask.date {
            Some(i) => Dates::One(case.one[i]),
            None if days => Dates::Days {
                days: &numbers,
                validity: Some(super::super::Bitmap {
                    bits: &valid,
                    offset: 0,
                }),
            },
            None => Dates::PerRow(per_row),
        };
        let cols = [col.strings()];
        if ask.valid {
            let bits = valid_bits(case.system, &cols, dates, memo).unwrap();
            bools(&bits, rows)
        } else {
            reasons(case.system, &cols, dates, memo).unwrap()
        }
    }

    fn asks(case: &Case) -> Vec<Ask> {
        [true, false]
            .into_iter()
            .flat_map(|valid| {
                (0..case.one.len())
                    .map(Some)
                    .chain([None])
                    .map(move |date| Ask { valid, date })
            })
            .collect()
    }

    /// Calls through the memos kept across calls (each system, each kind, more dates than
    /// are kept, a date a row; the column whole and in pieces, in turn, twice) answer as
    /// calls without a memo, row by row.
    #[test]
    fn warm_memos_answer_as_cold_calls() {
        let cases: Vec<Case> = CodeSystem::ALL
            .iter()
            .enumerate()
            .map(|(i, &s)| Case::new(s, 77 + i as u64))
            .collect();
        let wholes: Vec<OwnedStrings> = cases
            .iter()
            .map(|c| column(&c.codes.iter().map(Option::as_deref).collect::<Vec<_>>()))
            .collect();
        let cold: Vec<Vec<Vec<u8>>> = cases
            .iter()
            .zip(&wholes)
            .map(|(case, whole)| {
                asks(case)
                    .into_iter()
                    .map(|ask| answer(case, whole, 0, ask, false, false))
                    .collect()
            })
            .collect();
        // Spot checks of the cold answers against the one-code calls.
        for (case, cold) in cases.iter().zip(&cold) {
            for (ask, want) in asks(case).into_iter().zip(cold) {
                for i in (0..want.len()).step_by(997) {
                    let date = ask.date.map(|d| case.one[d]).or(case.days[i]);
                    let expect = match (&case.codes[i], date) {
                        (Some(c), Some(d)) if ask.valid => {
                            u8::from(case.system.reason(c, d) == crate::ReasonKind::Valid)
                        }
                        (Some(c), Some(d)) => case.system.reason(c, d) as u8,
                        _ if ask.valid => 0,
                        _ => NULL,
                    };
                    assert_eq!(
                        want[i], expect,
                        "{:?} {ask:?} {:?}",
                        case.system, case.codes[i]
                    );
                }
            }
        }
        let pieces: Vec<_> = cases.iter().map(Case::pieces).collect();
        // Systems interleaved, so that the same strings are asked of each in turn.
        let order: Vec<(usize, usize)> = (0..asks(&cases[0]).len())
            .flat_map(|k| (0..cases.len()).map(move |c| (c, k)))
            .collect();
        for round in 0..2 {
            for &(c, k) in &order {
                let case = &cases[c];
                let ask = asks(case)[k];
                let want = &cold[c][k];
                let whole = answer(case, &wholes[c], 0, ask, true, round == 1);
                assert!(
                    whole == *want,
                    "{:?} {ask:?} whole, round {round}",
                    case.system
                );
                for (at, piece) in &pieces[c] {
                    let got = answer(case, piece, *at, ask, true, round == 0);
                    let want = &want[*at..*at + got.len()];
                    assert!(
                        got == want,
                        "{:?} {ask:?} rows {at}.., round {round}",
                        case.system
                    );
                }
            }
        }
        // Freed, then filled again from empty: the same answers.
        clear_memos();
        let (case, want) = (&cases[0], &cold[0]);
        for (ask, want) in asks(case).into_iter().zip(want).rev() {
            assert!(
                answer(case, &wholes[0], 0, ask, true, false) == *want,
                "{ask:?} after clear"
            );
        }
    }

    /// Calls from several threads at once, each with its own order of systems, kinds, dates
    /// and pieces (one thread freeing the memos now and then): every answer as without a
    /// memo.
    #[test]
    fn concurrent_calls_share_the_memos_soundly() {
        let systems = [
            CodeSystem::Icd10Cm,
            CodeSystem::ALL[CodeSystem::ALL.len() - 1],
        ];
        let cases: Vec<Case> = systems
            .iter()
            .enumerate()
            .map(|(i, &s)| Case::new(s, 1_000 + i as u64))
            .collect();
        let pieces: Vec<_> = cases.iter().map(Case::pieces).collect();
        let wholes: Vec<OwnedStrings> = cases
            .iter()
            .map(|c| column(&c.codes.iter().map(Option::as_deref).collect::<Vec<_>>()))
            .collect();
        // Three dates (two kept) and a date a row.
        let asks: Vec<Ask> = [true, false]
            .into_iter()
            .flat_map(|valid| [Some(0), Some(1), Some(2), None].map(|date| Ask { valid, date }))
            .collect();
        let cold: Vec<Vec<Vec<u8>>> = cases
            .iter()
            .zip(&wholes)
            .map(|(case, whole)| {
                asks.iter()
                    .map(|&a| answer(case, whole, 0, a, false, false))
                    .collect()
            })
            .collect();
        let work: Vec<(usize, usize, usize)> = (0..cases.len())
            .flat_map(|c| {
                (0..asks.len()).flat_map(move |k| (0..PIECES.len()).map(move |p| (c, k, p)))
            })
            .collect();
        std::thread::scope(|scope| {
            for t in 0..4usize {
                let (cases, pieces, cold, work, asks) = (&cases, &pieces, &cold, &work, &asks);
                scope.spawn(move || {
                    let mut rng = Rng(t as u64 + 5);
                    for round in 0..2 {
                        let start = rng.next() % work.len();
                        for (n, &(c, k, p)) in
                            work[start..].iter().chain(&work[..start]).enumerate()
                        {
                            if t == 0 && n % 17 == 16 {
                                clear_memos();
                            }
                            let (at, piece) = &pieces[c][p];
                            let got =
                                answer(&cases[c], piece, *at, asks[k], true, (t + round) % 2 == 0);
                            let want = &cold[c][k][*at..*at + got.len()];
                            assert!(
                                got == want,
                                "thread {t}: {:?} {:?} piece {p}",
                                cases[c].system,
                                asks[k]
                            );
                        }
                    }
                });
            }
        });
    }

    /// Small calls only find memos; big ones make them, a memo for each of the latest
    /// [`DATES_KEPT`] dates of each kind, and for profiles.
    #[test]
    fn memos_are_kept_by_kind_and_date() {
        let w = warm();
        let day = |i: i64| Date::from_days_since_epoch(20_000 + i);
        assert!(w.one_date(day(0), true, 12, false).is_none());
        assert!(w.profiles(12, false).is_none());
        let first = w.one_date(day(0), true, 12, true).unwrap();
        let again = w.one_date(day(0), true, 12, false).unwrap();
        assert!(Arc::ptr_eq(&first, &again));
        // The other kind, another date: other memos.
        assert!(w.one_date(day(0), false, 12, false).is_none());
        assert!(w.one_date(day(1), true, 12, false).is_none());
        // A bigger call on the date: a bigger memo in its place.
        let bigger = w.one_date(day(0), true, 14, true).unwrap();
        assert_eq!(bigger.bits(), 14);
        assert!(Arc::ptr_eq(
            &bigger,
            &w.one_date(day(0), true, 12, false).unwrap()
        ));
        // DATES_KEPT newer dates: the first one is let go.
        for i in 1..=DATES_KEPT as i64 {
            w.one_date(day(i), true, 12, true);
        }
        assert!(w.one_date(day(0), true, 12, false).is_none());
        assert!(w.one_date(day(1), true, 12, false).is_some());
        let profiles = w.profiles(13, true).unwrap();
        assert!(Arc::ptr_eq(&profiles, &w.profiles(12, false).unwrap()));
        assert!(w.reasons(12, 0xFF00, false).is_none());
        w.clear();
        assert!(w.profiles(12, false).is_none());
        assert!(w.one_date(day(1), true, 12, false).is_none());
    }

    /// A memo found full grows, keeping its answers; at the largest size it starts empty.
    #[test]
    fn full_memos_grow_and_keep_their_answers() {
        let memo = SharedMemo::with_bits(12);
        let keys: Vec<u64> = (0..4_000u32)
            .map(|i| super::super::memo::short_key(format!("G{i:04}").as_bytes()).unwrap())
            .collect();
        let mut kept = 0;
        for (i, &k) in keys.iter().enumerate() {
            if !memo.reserve(1) {
                break;
            }
            assert!(memo.insert(k, (i % 16) as u8));
            kept += 1;
        }
        assert_eq!(kept, 1 << 11);
        assert!(memo.is_full());
        let memo = sized(Arc::new(memo), 12, SHARED, SharedMemo::grown);
        assert_eq!(memo.bits(), 13);
        assert!(!memo.is_full());
        for (i, &k) in keys.iter().enumerate() {
            assert_eq!(memo.find(k), (i < kept).then_some((i % 16) as u8), "{i}");
        }
        // Not full and big enough: the same memo; asked for more: a bigger copy.
        let same = sized(Arc::clone(&memo), 12, SHARED, SharedMemo::grown);
        assert!(Arc::ptr_eq(&same, &memo));
        let bigger = sized(Arc::clone(&memo), 15, SHARED, SharedMemo::grown);
        assert_eq!(bigger.bits(), 15);
        assert_eq!(bigger.find(keys[7]), Some(7));
        // Full at the largest size (here 13): empty again.
        let small_max = Ops {
            max_bits: 13,
            ..SHARED
        };
        assert!(memo.reserve(1 << 11));
        assert!(memo.is_full());
        let fresh = sized(memo, 12, small_max, SharedMemo::grown);
        assert_eq!(fresh.bits(), 13);
        assert!(!fresh.is_full());
        assert_eq!(fresh.find(keys[7]), None);

        // Profiles, tagged: kept under their tags.
        let profiles = ProfileMemo::with_bits(12);
        let tagged = |k: u64, t: u64| 1 << 63 | t << 8 | (k & 0xFF);
        for &k in &keys[..1_000] {
            assert!(profiles.reserve(2));
            assert!(profiles.insert_tagged(k, tagged(k, 3), 0xFF00));
            assert!(profiles.insert_tagged(k, tagged(k, 4), 0xFF00));
            assert!(!profiles.insert_tagged(k, tagged(k, 4), 0xFF00));
            profiles.release(0);
        }
        let grown = sized(Arc::new(profiles), 14, PROFILES, |m, b| m.grown(b, 0xFF00));
        assert_eq!(grown.bits(), 14);
        for &k in &keys[..1_000] {
            assert_eq!(grown.find_tagged(k, 3 << 8, 0xFF00), Some(tagged(k, 3)));
            assert_eq!(grown.find_tagged(k, 4 << 8, 0xFF00), Some(tagged(k, 4)));
            assert_eq!(grown.find_tagged(k, 5 << 8, 0xFF00), None);
        }
    }
}
