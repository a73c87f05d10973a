//! Memory over many calls (issue 18: "no growth in memory over 100 M calls"): every code
//! system answered through the single calls and the batch calls (one date, a date a row),
//! with a share of never-seen spellings in every batch (the memos must stay bounded),
//! until `N` million codes are answered; the resident memory is printed after the first
//! third of the work (warmed up) and at the end.
//!
//! ```sh
//! cargo run --release -p medcodes-benches --example memory_growth -- 100   # million codes
//! ```
//! Exits 1 when the end's resident memory exceeds the first third's by more than 16 MiB.

use std::hint::black_box;

use medcodes::{CodeSystem, Date};

/// Resident memory in bytes (Linux: `/proc/self/statm`'s second field, in pages).
fn resident() -> Option<u64> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: u64 = statm.split_whitespace().nth(1)?.parse().ok()?;
    Some(pages * 4096)
}

fn mib(bytes: Option<u64>) -> String {
    bytes.map_or("?".into(), |b| {
        format!("{:.1} MiB", b as f64 / (1 << 20) as f64)
    })
}

/// A column of `rows` codes: the system's example and real spellings, repeated, plus one in
/// eight spelled as never before (`round` makes them new in every batch).
fn column(system: CodeSystem, rows: usize, round: u64) -> Vec<String> {
    let seen = [
        system.example(),
        "E11.9",
        "e119",
        "I10",
        "0DTJ4ZZ",
        "J1100",
        "",
        "XYZ",
    ];
    (0..rows)
        .map(|i| {
            if i % 8 == 7 {
                format!("Q{round:x}{i:x}")
            } else {
                seen[i % seen.len()].to_string()
            }
        })
        .collect()
}

fn main() {
    let millions: u64 = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(100);
    let target = millions * 1_000_000;
    let dates: Vec<Date> = ["2016-03-01", "2020-04-01", "2025-03-01", "2026-10-01"]
        .iter()
        .filter_map(|d| d.parse().ok())
        .collect();
    const ROWS: usize = 100_000;
    let (mut done, mut round) = (0u64, 0u64);
    let mut third = None;
    let mut reasons = Vec::new();
    let mut valid = Vec::new();
    let mut per_row_reasons = Vec::new();
    while done < target {
        for &system in CodeSystem::ALL {
            let (first, last) = system.coverage();
            let in_range: Vec<Date> = dates
                .iter()
                .copied()
                .filter(|d| (first..=last).contains(d))
                .collect();
            let date = in_range.first().copied().unwrap_or(first);
            let codes = column(system, ROWS, round);
            // The batch calls append: the caller's buffers are reused, as a loop would.
            reasons.clear();
            valid.clear();
            per_row_reasons.clear();
            system.reasons(&codes, date, &mut reasons);
            system.are_valid(&codes, date, &mut valid);
            let per_row: Vec<Option<Date>> = (0..ROWS)
                .map(|i| in_range.get(i % in_range.len().max(1)).copied())
                .collect();
            let lengths_agree = system.reasons_per_row(&codes, &per_row, &mut per_row_reasons);
            assert!(lengths_agree.is_ok(), "one date a row");
            for code in codes.iter().take(ROWS / 10) {
                black_box(system.reason(code, date));
                black_box(system.title(code, Some(date), false));
            }
            done += 3 * ROWS as u64 + 2 * (ROWS / 10) as u64;
            round += 1;
            black_box((&reasons, &valid, &per_row_reasons));
        }
        if third.is_none() && done >= target / 3 {
            third = resident();
            println!("after {:>5} M codes: {}", done / 1_000_000, mib(third));
        }
    }
    let end = resident();
    println!("after {:>5} M codes: {}", done / 1_000_000, mib(end));
    if let (Some(a), Some(b)) = (third, end) {
        if b > a + (16 << 20) {
            println!("grew by {}", mib(Some(b - a)));
            std::process::exit(1);
        }
    }
}
