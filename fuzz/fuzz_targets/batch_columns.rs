//! The batch engine (`medcodes::batch`: `reasons`, `valid_bits`, `normalized`, `titles`),
//! what the Python, WebAssembly and CLI surfaces hand their columns to, on columns in every
//! layout it reads in place (Arrow utf8, large_utf8, string_view, dictionary; numpy fixed
//! width), in chunks, with one date, a date a row, or Arrow date32 days; with and without
//! its memo, which needs big columns (the rows are repeated to `batch::MEMO_MIN_ROWS` when
//! asked: 256 rows in fuzz builds).
//!
//! Invariant: row by row, the engine answers what the single calls (`CodeSystem::reason`,
//! `canonical`, `compact`, `title`) answer for the row's text on its date, null for a null
//! row or a row without a date; a column whose dates are not as long is an error.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use medcodes::batch::{self, Dates, Strings, NULL};
use medcodes::{CodeSystem, Date, ReasonKind};
use medcodes_fuzz::columns::{Layout, StrColumn};
use medcodes_fuzz::{date_from, system_from};

#[derive(Arbitrary, Debug)]
struct Input {
    system: u8,
    rows: Vec<Option<Vec<u8>>>,
    layouts: [u8; 3],
    cuts: [u8; 2],
    /// 0: one date; 1: a date a row; 2: date32 days.
    dates: u8,
    day: u16,
    days: Vec<Option<u16>>,
    /// With `dates` 5 mod 6: date32 days of any value (dates far outside the data).
    far: Vec<i32>,
    memo: bool,
    /// Repeat the rows to the memo's minimum column length.
    big: bool,
    compact: bool,
    short: bool,
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fuzz_target!(|input: Input| {
    let system = system_from(input.system);
    let mut rows: Vec<Option<&[u8]>> = input.rows.iter().take(64).map(|r| r.as_deref()).collect();
    // Big columns only with a memo to exercise, and not always: `normalized` and `titles`
    // are checked on columns of at most 64 rows (one in eight inputs is big).
    if input.big && input.memo && input.short && !rows.is_empty() {
        let base = rows.clone();
        while rows.len() < batch::MEMO_MIN_ROWS + 7 {
            rows.extend_from_slice(&base);
        }
    }
    let n = rows.len();
    let layouts: Vec<Layout> = input
        .layouts
        .iter()
        .map(|&b| Layout::from_byte(b))
        .collect();
    let column = StrColumn::new(&rows, &layouts, &input.cuts);
    let strings: Vec<Strings<'_>> = column.strings();
    // What each row reads as in its layout (fixed width drops nulls and trailing NULs).
    let read: Vec<Option<&[u8]>> = strings
        .iter()
        .flat_map(|s| (0..s.len()).map(move |i| s.get(i)))
        .collect();
    assert_eq!(read.len(), n);
    if !column.has_fixed() {
        assert_eq!(read, rows, "a layout reads back other rows");
    }

    let one = date_from(input.day);
    let per_row: Vec<Option<Date>> = (0..n)
        .map(|i| match input.days.get(i % input.days.len().max(1)) {
            Some(Some(d)) => Some(date_from(*d)),
            Some(None) => None,
            None => Some(one),
        })
        .collect();
    let far = input.dates % 6 == 5 && !input.far.is_empty();
    let days32: Vec<i32> = per_row
        .iter()
        .enumerate()
        .map(|(i, d)| match d {
            Some(_) if far => input.far[i % input.far.len()],
            Some(d) => d.days_since_epoch() as i32,
            None => 0,
        })
        .collect();
    // What the single calls see for date32 days.
    let per_row: Vec<Option<Date>> = per_row
        .iter()
        .zip(&days32)
        .map(|(d, &days)| d.map(|_| Date::from_days_since_epoch(i64::from(days))))
        .collect();
    let bits = batch::pack_bits(
        &per_row
            .iter()
            .map(|d| u8::from(d.is_some()))
            .collect::<Vec<u8>>(),
    );
    let (dates, date_of): (Dates<'_>, Box<dyn Fn(usize) -> Option<Date>>) = match input.dates % 3 {
        0 if !far => (Dates::One(one), Box::new(move |_| Some(one))),
        1 if !far => (Dates::PerRow(&per_row), Box::new(|i| per_row[i])),
        _ => (
            Dates::Days {
                days: &days32,
                validity: Some(batch::Bitmap {
                    bits: &bits,
                    offset: 0,
                }),
            },
            Box::new(|i| per_row[i]),
        ),
    };

    // Single calls, memoised by row text and date (big columns repeat rows).
    let mut singles: std::collections::HashMap<(Option<&[u8]>, Option<Date>), u8> =
        Default::default();
    let expected: Vec<u8> = read
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let date = date_of(i);
            *singles
                .entry((*r, date))
                .or_insert_with(|| match (r, date) {
                    (Some(b), Some(d)) => system.reason(&text(b), d) as u8,
                    _ => NULL,
                })
        })
        .collect();
    let kinds = batch::reasons(system, &strings, dates, input.memo).expect("lengths agree");
    if kinds != expected {
        let first = (0..n)
            .find(|&i| kinds[i] != expected[i])
            .expect("a difference");
        panic!(
            "{system}: batch::reasons row {first} {:?} on {:?}: {} vs single {}",
            read[first].map(text),
            date_of(first),
            kinds[first],
            expected[first]
        );
    }
    let valid = batch::valid_bits(system, &strings, dates, input.memo).expect("lengths agree");
    assert_eq!(valid.len(), n.div_ceil(8));
    for (i, &k) in expected.iter().enumerate() {
        let bit = valid[i / 8] >> (i % 8) & 1 == 1;
        assert_eq!(
            bit,
            k == ReasonKind::Valid as u8,
            "{system}: valid_bits row {i}"
        );
    }

    if n <= 64 {
        let normalized = batch::normalized(system, &strings, input.compact);
        assert_eq!(normalized.len(), n);
        for (i, r) in read.iter().enumerate() {
            let want = r.and_then(|b| {
                let s = text(b);
                let c = if input.compact {
                    system.compact(&s)
                } else {
                    system.canonical(&s)
                };
                c.ok().map(|c| c.to_string())
            });
            let got = normalized
                .get(i)
                .map(|b| String::from_utf8(b.to_vec()).expect("UTF-8"));
            assert_eq!(got, want, "{system}: batch::normalized row {i}");
        }
        let titles =
            batch::titles(system, &strings, Some(dates), input.short).expect("lengths agree");
        for (i, r) in read.iter().enumerate() {
            let want = match (r, date_of(i)) {
                (Some(b), Some(d)) => system
                    .title(&text(b), Some(d), input.short)
                    .map(|t| t.text.into_owned()),
                _ => None,
            };
            let got = titles
                .get(i)
                .map(|b| String::from_utf8(b.to_vec()).expect("UTF-8"));
            assert_eq!(got, want, "{system}: batch::titles row {i}");
        }
    }

    // Dates not as long as the column: an error.
    if n > 0 {
        let short = &per_row[1..];
        assert!(batch::reasons(system, &strings, Dates::PerRow(short), input.memo).is_err());
    }
    let _: CodeSystem = system;
});
