//! Writes synthetic claims as `medcodes claims` CSV input, for measuring its throughput:
//! each claim has 1 principal + 9 secondary diagnoses + 3 procedures, all valid on
//! 2025-03-01, drawn with a fixed seed.
//!
//! ```sh
//! cargo run --release -p medcodes-cli --example gen_claims -- 200000 > claims.csv
//! cargo run --release -p medcodes-cli --example gen_claims -- 200000 mixed > mixed.csv
//! ```
//!
//! `clean` (the default) draws codes without MCE flags, as on most real claims (few
//! findings); `mixed` draws from every valid code, flags included (most claims raise an
//! edit, so the message and output paths are measured too).

use std::io::{self, BufWriter, Write};

use medcodes::{Date, Icd10Cm, Icd10Pcs};

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn pick<'a>(&mut self, items: &'a [String]) -> &'a str {
        &items[(self.next() >> 8) as usize % items.len()]
    }
}

fn main() -> io::Result<()> {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(200_000);
    let clean = args.next().as_deref() != Some("mixed");
    let dos = Date::new(2025, 3, 1).expect("a valid date");
    let dx: Vec<String> = Icd10Cm::new()
        .codes_valid_on(dos)
        .filter(|c| !clean || c.mce_flags_on(dos).is_some_and(|f| f.is_empty()))
        .map(|c| c.code().to_string())
        .collect();
    let px: Vec<String> = Icd10Pcs::new()
        .codes_valid_on(dos)
        .filter(|c| !clean || c.mce_flags_on(dos).is_some_and(|f| f.is_empty()))
        .map(|c| c.code().to_string())
        .collect();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut out = BufWriter::new(io::stdout().lock());
    writeln!(
        out,
        "claim_id,discharge_date,age,sex,discharge_status,principal_dx,admit_dx,secondary_dx,procedures,length_of_stay"
    )?;
    for i in 0..n {
        let age = rng.next() % 90 + 18;
        let sex = if rng.next() % 2 == 0 { "M" } else { "F" };
        let principal = rng.pick(&dx);
        let secondary: Vec<String> = (0..9).map(|_| format!("{}:Y", rng.pick(&dx))).collect();
        let procedures: Vec<&str> = (0..3).map(|_| rng.pick(&px)).collect();
        writeln!(
            out,
            "c{i},{dos},{age},{sex},01,{principal}:Y,,{},{},6",
            secondary.join("|"),
            procedures.join("|")
        )?;
    }
    out.flush()
}
