//! Quick A/B timing of the MCE claim edits: CPU time of this thread per claim, over many
//! passes of the benchmark's batches (minimum and median), for comparing builds run
//! alternately on a shared machine.
//!
//! ```sh
//! cargo build --release -p medcodes-benches --example claim_cpu
//! target/release/examples/claim_cpu 40    # passes per batch
//! ```

use std::hint::black_box;

use medcodes::claim;
use medcodes::Date;
use medcodes_benches::mce_claims_with;

fn cpu_ns() -> u64 {
    let mut t = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `t` is a valid timespec.
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut t) };
    t.tv_sec as u64 * 1_000_000_000 + t.tv_nsec as u64
}

fn main() {
    let passes: usize = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(40);
    let dos = Date::new(2025, 3, 1).expect("a valid date");
    let one = mce_claims_with(1, dos, true, false);
    let (first, wall) = (cpu_ns(), std::time::Instant::now());
    let _ = claim::check(&one[0]);
    let (first, wall) = (cpu_ns() - first, wall.elapsed());
    let second = cpu_ns();
    let _ = claim::check(&one[0]);
    let second = cpu_ns() - second;
    println!(
        "first claim (lookup indexes built): {:.2} ms CPU, {:.2} ms wall; again: {:.1} us CPU",
        first as f64 / 1e6,
        wall.as_secs_f64() * 1e3,
        second as f64 / 1e3,
    );
    for (name, clean, zipf) in [
        ("clean", true, false),
        ("mixed", false, false),
        ("zipf", true, true),
    ] {
        let batch = mce_claims_with(10_000, dos, clean, zipf);
        let mut buf = Vec::new();
        let mut times = Vec::with_capacity(passes);
        for _ in 0..passes {
            let t = cpu_ns();
            for c in &batch {
                buf.clear();
                claim::check_into(black_box(c), &mut buf);
            }
            times.push(cpu_ns() - t);
        }
        times.sort_unstable();
        let per = |ns: u64| ns as f64 / batch.len() as f64;
        println!(
            "{name:6} min {:7.1} ns/claim ({:4.0}k/s)  median {:7.1} ns/claim ({:4.0}k/s)",
            per(times[0]),
            1e6 / per(times[0]),
            per(times[passes / 2]),
            1e6 / per(times[passes / 2])
        );
    }
}
