//! The CLI's reader of `CODE,DATE` rows (`medcodes validate --dates-in-input`): its
//! `cli/src/rows.rs`, compiled in here by path (the CLI is a binary, not a library; the
//! file depends on nothing of the CLI's), fed lines as the CLI's line reader cuts them
//! (`\n` or `\r\n`, at most a set length, longer lines marked cut). Then each system
//! checks the rows in one call, as the CLI's `flush_rows` does.
//!
//! Invariants: a row's code is its line up to the last comma (the whole line without one
//! or when cut) and lies inside the batch's bytes; its date is the core's reading of the
//! text after that comma, or `missing_date` (no comma, blank) / `malformed_date` naming the
//! line; the per-row batch call gives each row what the single call gives.
#![no_main]

#[allow(dead_code)]
#[path = "../../cli/src/rows.rs"]
mod rows;

use libfuzzer_sys::fuzz_target;
use medcodes::{CodeSystem, Date, ReasonKind};
use rows::{Batch, Place};

fuzz_target!(|data: &[u8]| {
    let Some((&max, data)) = data.split_first() else {
        return;
    };
    // The CLI keeps 64 KiB of a line; short limits here reach the cut rows.
    let max = 4 + usize::from(max);
    let mut batch = Batch::default();
    let mut lines: Vec<(&[u8], bool)> = Vec::new();
    for (n, raw) in data.split_inclusive(|&b| b == b'\n').enumerate() {
        let cut = raw.len() > max;
        let kept = &raw[..raw.len().min(max)];
        let line = kept.strip_suffix(b"\n").unwrap_or(kept);
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        batch.push(line, Place::Line(n as u64 + 1), cut);
        lines.push((line, cut));
    }
    assert_eq!(batch.rows.len(), lines.len());
    for (i, (row, &(line, cut))) in batch.rows.iter().zip(&lines).enumerate() {
        assert!(row.code.end <= batch.bytes.len());
        assert_eq!(row.cut, cut);
        let code = batch.code(row);
        let comma = line.iter().rposition(|&b| b == b',');
        match (comma, cut) {
            (Some(at), false) => {
                assert_eq!(code, &line[..at], "line {}", i + 1);
                let field = &line[at + 1..];
                let text = std::str::from_utf8(field);
                match (&row.date, text) {
                    (Ok(date), Ok(text)) => {
                        assert_eq!(text.parse::<Date>().as_ref(), Ok(date), "line {}", i + 1)
                    }
                    (Err(problem), text) => {
                        assert!(problem.message.starts_with(&format!("line {}: ", i + 1)));
                        let blank = text.is_ok_and(|t| t.trim().is_empty());
                        let expected = if blank {
                            "missing_date"
                        } else {
                            "malformed_date"
                        };
                        assert_eq!(problem.reason, expected, "line {}: {problem:?}", i + 1);
                        if let Ok(t) = text {
                            assert!(blank || t.parse::<Date>().is_err(), "{t:?}");
                        }
                    }
                    (Ok(date), Err(_)) => panic!("line {}: {date} from bytes not UTF-8", i + 1),
                }
            }
            _ => {
                assert_eq!(code, line, "line {}", i + 1);
                let problem = row.date.as_ref().expect_err("no date field");
                assert_eq!(problem.reason, "missing_date");
            }
        }
    }
    // Each system checks the rows with a date in one call, as the CLI does.
    let codes: Vec<&str> = batch
        .rows
        .iter()
        .map(|r| std::str::from_utf8(batch.code(r)).unwrap_or_default())
        .collect();
    let dates: Vec<Option<Date>> = batch
        .rows
        .iter()
        .map(|r| r.date.as_ref().ok().copied())
        .collect();
    for &system in CodeSystem::ALL {
        let mut kinds: Vec<Option<ReasonKind>> = Vec::new();
        system
            .reasons_per_row(&codes, &dates, &mut kinds)
            .expect("as many dates as codes");
        for ((code, date), kind) in codes.iter().zip(&dates).zip(&kinds) {
            assert_eq!(
                *kind,
                date.map(|d| system.reason(code, d)),
                "{system} {code:?} {date:?}"
            );
        }
    }
});
