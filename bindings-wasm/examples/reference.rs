//! Writes the Rust side of the agreement test: 100,000 inputs (every code in the tables in
//! varied spellings, plus malformed and unknown inputs), each with a date of service and
//! what the core says about it, one JSON object a line. `tests-js/agreement.test.mjs`
//! computes the same records through the JS package and compares them line by line.
//!
//! Usage: cargo run -p medcodes-wasm --example reference -- OUT.jsonl [COUNT]

use std::io::{BufWriter, Write};

use medcodes::{Date, Icd10Cm};
use serde_json::{json, Value};

const DATES: [&str; 13] = [
    "2015-10-01",
    "2016-09-30",
    "2017-06-15",
    "2019-10-01",
    "2020-04-01",
    "2021-01-01",
    "2022-12-31",
    "2024-10-01",
    "2025-03-01",
    "2026-10-01",
    "2027-03-31",
    "2014-12-31",
    "2027-04-01",
];

/// Inputs that are not codes of the tables, or are spelled oddly.
const ODD: [&str; 32] = [
    "",
    "   ",
    "\t\n",
    "E11.",
    "E1",
    "E11..9",
    "E11.90000",
    "é11",
    "E11é",
    "１２３",
    "E11-9",
    "e11 9",
    ".E119",
    "E.119",
    "E119.",
    "AAAAAAAA",
    "\u{0}",
    "E11.9\n",
    "Z99.89",
    "U07.1",
    "😀",
    "E11\u{301}",
    "I10 ",
    "0E11",
    // The coding rules: 7th characters and the placeholder X.
    "S52.521",
    "s52521z",
    "T36.01A",
    "t3601a",
    "E11.9A",
    "W21.89",
    "T36.0X1",
    "S06.0X1Z",
];

/// A small deterministic generator (64-bit LCG, high bits).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) % n as u64) as usize
    }
}

fn inputs(count: usize) -> Vec<String> {
    let cm = Icd10Cm::new();
    let codes: Vec<String> = cm.codes().map(|c| c.code().to_string()).collect();
    let mut out: Vec<String> = codes
        .iter()
        .enumerate()
        .map(|(i, c)| match i % 5 {
            0 => c.clone(),
            1 => c.replace('.', ""),
            2 => c.to_lowercase(),
            3 => format!(" {c}\t"),
            _ => c.replace('.', "").to_lowercase(),
        })
        .collect();
    out.extend(ODD.iter().map(|s| s.to_string()));
    out.push("E".repeat(10_000));
    out.push(" ".repeat(5_000) + "E11.9");
    let mut rng = Lcg(20_251_001);
    let alphabet: Vec<char> = "ABCDEIOSTZ0123456789.é -".chars().collect();
    while out.len() < count {
        let s = match rng.next(3) {
            // An existing code with its last character changed.
            0 => {
                let mut c: Vec<char> = codes[rng.next(codes.len())].chars().collect();
                let last = c.len() - 1;
                c[last] = alphabet[rng.next(20)];
                c.into_iter().collect()
            }
            // A prefix of an existing code (often a header).
            1 => {
                let c = &codes[rng.next(codes.len())];
                c[..3 + rng.next(c.len() - 2)].to_string()
            }
            // Noise.
            _ => (0..rng.next(10))
                .map(|_| alphabet[rng.next(alphabet.len())])
                .collect(),
        };
        out.push(s);
    }
    out.truncate(count);
    out
}

fn record(cm: &Icd10Cm, input: &str, date_str: &str) -> Value {
    let date: Date = date_str.parse().expect("fixed dates parse");
    let (reason, code, message) = match cm.validate(input, date) {
        Ok(c) => ("valid", Some(c.code().to_string()), None),
        Err(e) => (
            e.kind().as_str(),
            medcodes::icd10cm::normalize(input)
                .ok()
                .map(|n| n.dotted().to_string()),
            Some(e.to_string()),
        ),
    };
    let mut r = json!({ "i": input, "d": date_str, "r": reason, "c": code, "m": message });
    if let Ok(c) = cm.lookup(input) {
        let validity: Vec<String> = c
            .validity()
            .iter()
            .map(|v| {
                format!(
                    "{}..{}",
                    v.start,
                    v.end.map(|d| d.to_string()).unwrap_or_default()
                )
            })
            .collect();
        r["l"] = json!({
            "t": c.title().map(|t| t.text.into_owned()),
            // No title is in force outside the data (`CodeSystem::title`).
            "to": medcodes::CodeSystem::Icd10Cm
                .title(c.code().as_str(), Some(date), false)
                .map(|t| t.text.into_owned()),
            "p": c.parent().map(|p| p.code().to_string()),
            "k": c.kind().as_str(),
            "b": c.is_billable(),
            "bo": c.is_valid_on(date),
            "v": validity.join(";"),
            "ch": c.chapter().map(|x| x.number()),
            "bl": c.block().map(|b| b.id()),
            "n": c.children().count(),
        });
    }
    r
}

fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let path = args.next().unwrap_or_else(|| "reference.jsonl".into());
    let count: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(100_000);
    let cm = Icd10Cm::new();
    let mut w = BufWriter::new(std::fs::File::create(&path)?);
    for (i, input) in inputs(count).iter().enumerate() {
        let date = DATES[(i / 5 + i) % DATES.len()];
        serde_json::to_writer(&mut w, &record(&cm, input, date))?;
        w.write_all(b"\n")?;
    }
    w.flush()?;
    eprintln!("wrote {count} reference records to {path}");
    Ok(())
}
