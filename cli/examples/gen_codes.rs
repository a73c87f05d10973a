//! Writes synthetic `medcodes validate` input, for measuring its throughput, and the set
//! of codes valid on a date, for a yardstick that only looks lines up in a set.
//!
//! ```sh
//! cargo run --release -p medcodes-cli --example gen_codes -- codes 1000000 > codes.txt
//! cargo run --release -p medcodes-cli --example gen_codes -- dated 1000000 > dated.csv
//! cargo run --release -p medcodes-cli --example gen_codes -- valid 2025-03-01 > valid.txt
//! ```
//!
//! `codes`: one ICD-10-CM code a line, the mix of the library's benchmarks (valid codes
//! dotted, undotted, lower case and padded; headers; unknown and malformed strings), drawn
//! from the codes valid on 2025-03-01 with a fixed seed. `dated`: the same mix drawn from
//! every code of any release, as `CODE,DATE` lines with dates across the bundled data's
//! coverage (2015-10-01, FY2016, into FY2027). `valid`: every code valid on the date,
//! dotted and undotted.

use std::io::{self, BufWriter, Write};

use medcodes::{Date, Icd10Cm};

/// SplitMix64: a fixed sequence of well-spread numbers.
fn numbers(mut state: u64) -> impl FnMut() -> u64 {
    move || {
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let z = (state ^ (state >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        let z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

/// One input line made from a code, in the benchmarks' mix.
fn spelling(r: u64, code: &str) -> String {
    match r % 20 {
        0..=7 => code.to_owned(),
        8..=11 => code.replace('.', ""),
        12..=13 => code.to_lowercase(),
        14 => format!(" {code} "),
        15 => code[..3].to_owned(),
        16 => format!("{}9", &code[..3]),
        17 => "Q99.999".to_owned(),
        18 => "12345".to_owned(),
        _ => code.to_owned(),
    }
}

fn main() -> io::Result<()> {
    let mut args = std::env::args().skip(1);
    let mode = args.next().unwrap_or_else(|| "codes".to_owned());
    let arg = args.next();
    let cm = Icd10Cm::new();
    let dos = Date::new(2025, 3, 1).expect("a valid date");
    let mut out = BufWriter::new(io::stdout().lock());
    let mut next = numbers(1);
    match mode.as_str() {
        "valid" => {
            let date = arg.and_then(|a| a.parse().ok()).unwrap_or(dos);
            for code in cm.codes_valid_on(date) {
                writeln!(out, "{}\n{}", code.code(), code.undotted())?;
            }
        }
        "codes" | "dated" => {
            let n: usize = arg.and_then(|a| a.parse().ok()).unwrap_or(1_000_000);
            let dated = mode == "dated";
            let pool: Vec<String> = if dated {
                cm.codes().map(|c| c.code().to_string()).collect()
            } else {
                cm.codes_valid_on(dos)
                    .map(|c| c.code().to_string())
                    .collect()
            };
            let (first, last) = cm.coverage();
            let (first, last) = (first.days_since_epoch(), last.days_since_epoch());
            let days = last - first + 1;
            for _ in 0..n {
                let r = next();
                let line = spelling(r, &pool[(r >> 8) as usize % pool.len()]);
                if dated {
                    let day = first + (next() >> 8) as i64 % days;
                    writeln!(out, "{line},{}", Date::from_days_since_epoch(day))?;
                } else {
                    writeln!(out, "{line}")?;
                }
            }
        }
        other => {
            eprintln!("unknown mode {other:?}: expected codes, dated or valid");
            std::process::exit(2);
        }
    }
    out.flush()
}
