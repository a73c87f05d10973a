//! Runs the MCE edits (or the hand-written baseline) over claims, for an instruction count
//! that does not depend on the machine's load:
//!
//! ```sh
//! cargo build --release -p medcodes-benches --example claim_instructions
//! valgrind --tool=callgrind --callgrind-out-file=/dev/null \
//!     target/release/examples/claim_instructions check 20000
//! ```
//!
//! Run it with `check`, `baseline` and `setup` (claims built, index built, nothing checked)
//! and subtract the setup count; divide by the number of claims.

use std::collections::HashSet;
use std::hint::black_box;

use medcodes::claim;
use medcodes::{Date, Icd10Cm, Icd10Pcs};
use medcodes_benches::{baseline_is_valid, mce_claims};

fn main() {
    let mut args = std::env::args().skip(1);
    let mode = args.next().unwrap_or_else(|| "check".to_owned());
    let n: usize = match args.next().map(|s| s.parse()) {
        None => 20_000,
        Some(Ok(n)) => n,
        Some(Err(e)) => {
            eprintln!("claim count: {e}");
            std::process::exit(2);
        }
    };
    let dos = Date::new(2025, 3, 1).expect("a valid date");
    let claims = mce_claims(n, dos, true);
    let dx: HashSet<String> = Icd10Cm::new()
        .codes_valid_on(dos)
        .map(|c| c.undotted().to_string())
        .collect();
    let px: HashSet<String> = Icd10Pcs::new()
        .codes_valid_on(dos)
        .map(|c| c.code().to_string())
        .collect();
    // The first claim call builds the hot index (about 23 M instructions, once a process):
    // done in every mode, so that subtracting the `setup` count leaves only the claims.
    let mut found = claim::check(&claims[0]).findings.len();
    match mode.as_str() {
        "check" => {
            let mut buf = Vec::new();
            for c in &claims {
                buf.clear();
                claim::check_into(black_box(c), &mut buf);
                found += buf.len();
            }
        }
        "baseline" => {
            for c in &claims {
                let c = black_box(c);
                let dxs = std::iter::once(&c.principal).chain(&c.secondary);
                found += dxs.filter(|d| !baseline_is_valid(&dx, &d.code)).count();
                found += c
                    .procedures
                    .iter()
                    .filter(|p| !baseline_is_valid(&px, &p.code))
                    .count();
            }
        }
        "setup" => {}
        other => {
            eprintln!("mode: check, baseline or setup (not {other:?})");
            std::process::exit(2);
        }
    }
    println!("{mode}: {n} claims, {found} findings");
}
