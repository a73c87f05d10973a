//! A column in batches against the same column in one call, in one process: what a polars
//! lazy or streaming query costs the batch engine (polars hands a function ten batches of
//! 100,000 rows for a million-row column). Best wall time of `reps` rounds, the two ways
//! run alternately so that a change of load on a shared machine hits both alike; the
//! process's CPU time beside the wall time.
//!
//! ```sh
//! cargo run --release -p medcodes-benches --example memo_batches          # 1M rows, 7 rounds
//! cargo run --release -p medcodes-benches --example memo_batches -- 1000000 7 small
//! perf record -g target/release/examples/memo_batches 1000000 200 batches   # batches only
//! ```
//!
//! The rows are the Python `bench_dataframes.py` lines: ICD-10-CM codes valid on
//! 2025-03-01 drawn with Zipf (s = 1) frequencies, written dotted, undotted or in lower
//! case; 15% headers and malformed text; 5% null; a date a row drawn over FY2025 (an Arrow
//! `date32` column, as polars hands it over). `small` adds columns below the memo's
//! threshold, called one after another, with and without the memo.

use std::hint::black_box;
use std::time::{Duration, Instant};

use medcodes::batch::{self, Dates, OwnedStrings};
use medcodes::{CodeSystem, Date, Icd10Cm};
use medcodes_benches::Rng;

/// `n` claim lines (`None`: null) and their dates as days since 1970.
fn lines(n: usize) -> (Vec<Option<String>>, Vec<i32>) {
    let cm = Icd10Cm::new();
    let day = Date::new(2025, 3, 1).expect("date");
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut valid: Vec<String> = cm
        .codes_valid_on(day)
        .map(|c| c.code().to_string())
        .collect();
    // Shuffled, so that the frequent codes are not all in one chapter.
    for i in (1..valid.len()).rev() {
        valid.swap(i, rng.next() as usize % (i + 1));
    }
    let headers: Vec<String> = cm
        .codes()
        .step_by(50)
        .filter(|c| !cm.is_valid(&c.code().to_string(), day))
        .map(|c| c.code().to_string())
        .take(2000)
        .collect();
    let junk = ["E11.999", "nonsense", "", "E1.19", "S52", "0DTJ4ZZ"];
    let codes = (0..n)
        .map(|_| {
            // Zipf (s = 1): the i-th code about as often as 1/i.
            let i = ((valid.len() as f64).powf(rng.unit()) - 1.0) as usize;
            let c = &valid[i.min(valid.len() - 1)];
            let r = rng.unit();
            if r < 0.05 {
                None
            } else if r < 0.15 {
                Some(headers[rng.next() as usize % headers.len()].clone())
            } else if r < 0.20 {
                Some(junk[rng.next() as usize % junk.len()].to_string())
            } else if r < 0.45 {
                Some(c.replace('.', ""))
            } else if r < 0.55 {
                Some(c.to_lowercase())
            } else {
                Some(c.clone())
            }
        })
        .collect();
    let first = Date::new(2024, 10, 1).expect("date").days_since_epoch() as i32;
    let days = (0..n).map(|_| first + (rng.next() % 365) as i32).collect();
    (codes, days)
}

fn column(codes: &[Option<String>]) -> OwnedStrings {
    codes.iter().map(Option::as_deref).collect()
}

/// What is asked of each column.
#[derive(Clone, Copy)]
enum Ask {
    ValidOneDate,
    ReasonsOneDate,
    ValidPerRow,
    ReasonsPerRow,
}

impl Ask {
    const ALL: [Ask; 4] = [
        Ask::ValidOneDate,
        Ask::ReasonsOneDate,
        Ask::ValidPerRow,
        Ask::ReasonsPerRow,
    ];

    fn name(self) -> &'static str {
        match self {
            Ask::ValidOneDate => "valid, one date",
            Ask::ReasonsOneDate => "reasons, one date",
            Ask::ValidPerRow => "valid, a date a row",
            Ask::ReasonsPerRow => "reasons, a date a row",
        }
    }

    /// Runs the call over `col` (its dates `days`); the bytes of the answer.
    fn run(self, col: &OwnedStrings, days: &[i32], memo: bool) -> usize {
        self.run_on(col, days, memo, Date::new(2025, 3, 1).expect("date"))
    }

    /// [`run`](Self::run), with `day` the one date.
    fn run_on(self, col: &OwnedStrings, days: &[i32], memo: bool, day: Date) -> usize {
        let one = Dates::One(day);
        let per_row = Dates::Days {
            days,
            validity: None,
        };
        let cols = [col.strings()];
        let system = CodeSystem::Icd10Cm;
        let out = match self {
            Ask::ValidOneDate => batch::valid_bits(system, &cols, one, memo),
            Ask::ReasonsOneDate => batch::reasons(system, &cols, one, memo),
            Ask::ValidPerRow => batch::valid_bits(system, &cols, per_row, memo),
            Ask::ReasonsPerRow => batch::reasons(system, &cols, per_row, memo),
        };
        black_box(out.expect("as many dates as codes")).len()
    }
}

/// The columns of `codes` cut in `parts` pieces, each with its dates.
fn cut(codes: &[Option<String>], days: &[i32], parts: usize) -> Vec<(OwnedStrings, Vec<i32>)> {
    let step = codes.len().div_ceil(parts);
    codes
        .chunks(step)
        .zip(days.chunks(step))
        .map(|(c, d)| (column(c), d.to_vec()))
        .collect()
}

/// CPU time of the process so far (all threads): less sensitive than wall time to other
/// processes on a shared machine, which delay the threads of a call but do not make them
/// work more (caches shared with them aside).
fn cpu() -> Duration {
    let mut t = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `t` is a valid timespec.
    unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &mut t) };
    Duration::new(t.tv_sec as u64, t.tv_nsec as u32)
}

/// A best wall time and a best CPU time.
#[derive(Clone, Copy)]
struct Best {
    wall: Duration,
    cpu: Duration,
}

impl Best {
    fn time(&mut self, f: &mut impl FnMut()) {
        let (t, c) = (Instant::now(), cpu());
        f();
        self.wall = self.wall.min(t.elapsed());
        self.cpu = self.cpu.min(cpu() - c);
    }

    fn ms(&self) -> String {
        format!(
            "{:7.2} ms ({:6.2} ms CPU)",
            self.wall.as_secs_f64() * 1e3,
            self.cpu.as_secs_f64() * 1e3
        )
    }
}

/// Best times of calling `a` and `b` alternately, `reps` rounds each.
fn pair(reps: usize, mut a: impl FnMut(), mut b: impl FnMut()) -> (Best, Best) {
    let none = Best {
        wall: Duration::MAX,
        cpu: Duration::MAX,
    };
    let (mut ta, mut tb) = (none, none);
    for _ in 0..reps {
        ta.time(&mut a);
        tb.time(&mut b);
    }
    (ta, tb)
}

/// `a / b` in wall and CPU time.
fn ratio(a: Best, b: Best) -> String {
    format!(
        "{:.2} ({:.2} CPU)",
        a.wall.as_secs_f64() / b.wall.as_secs_f64(),
        a.cpu.as_secs_f64() / b.cpu.as_secs_f64()
    )
}

fn load() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|s| s.split_whitespace().next().map(str::to_string))
        .unwrap_or_else(|| "?".into())
}

fn main() {
    let mut args = std::env::args().skip(1);
    let n: usize = args
        .next()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1_000_000);
    let reps: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(7);
    let mode = args.next();
    let small = mode.as_deref() == Some("small");
    let (codes, days) = lines(n);
    let whole = column(&codes);
    let batches = cut(&codes, &days, 10);
    if mode.as_deref() == Some("batches") {
        // Only the batches (a date a row, yes/no), `reps` times: for a profiler.
        for _ in 0..reps {
            for (c, d) in &batches {
                Ask::ValidPerRow.run(c, d, true);
            }
        }
        return;
    }
    println!(
        "# {n} rows: one call against {} calls of {} rows; best of {reps}; {} threads; load {}",
        batches.len(),
        batches[0].0.strings().len(),
        std::thread::available_parallelism().map_or(1, |p| p.get()),
        load()
    );
    for ask in Ask::ALL {
        let (one, ten) = pair(
            reps,
            || {
                ask.run(&whole, &days, true);
            },
            || {
                for (c, d) in &batches {
                    ask.run(c, d, true);
                }
            },
        );
        println!(
            "{:24} one call {} {:5.1} M rows/s   in 10 batches {} {:5.1} M rows/s   ratio {}   load {}",
            ask.name(),
            one.ms(),
            n as f64 / one.wall.as_secs_f64() / 1e6,
            ten.ms(),
            n as f64 / ten.wall.as_secs_f64() / 1e6,
            ratio(one, ten),
            load()
        );
    }
    if !small {
        return;
    }
    // Columns below the memo's threshold, one after another: with the memo (warm from the
    // calls above) against without (every row to the core).
    for rows in [1, 10, 100, 1_000, 4_000, 16_000, 50_000] {
        // As many rows in all as 1,000 calls, at most.
        let parts = cut(
            &codes[..(rows * 1_000).min(n)],
            &days,
            (n / rows).min(1_000),
        );
        for ask in Ask::ALL {
            let run = |memo: bool| {
                for (c, d) in &parts {
                    ask.run(c, d, memo);
                }
            };
            let (with, without) = pair(reps, || run(true), || run(false));
            println!(
                "{rows:>6}-row calls, {:24} memo {}   no memo {}   memo/no memo {}   load {}",
                ask.name(),
                with.ms(),
                without.ms(),
                ratio(with, without),
                load()
            );
        }
        // One date, a different one each call (a day of FY2025 in turn): no memo of that
        // date is kept yet.
        let first = Date::new(2024, 10, 1).expect("date").days_since_epoch();
        let k = std::cell::Cell::new(0);
        let run = |memo: bool| {
            for (c, d) in &parts {
                k.set(k.get() + 1);
                let day = Date::from_days_since_epoch(first + k.get() % 365);
                Ask::ValidOneDate.run_on(c, d, memo, day);
            }
        };
        let (with, without) = pair(reps, || run(true), || run(false));
        println!(
            "{rows:>6}-row calls, {:24} memo {}   no memo {}   memo/no memo {}   load {}",
            "valid, a new date a call",
            with.ms(),
            without.ms(),
            ratio(with, without),
            load()
        );
    }
}
