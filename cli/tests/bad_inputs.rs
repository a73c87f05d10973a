//! The bad-input matrix (`tests/bad_inputs.json`) on the CLI: `medcodes validate --json`
//! gives each code input its reason, and `--dates-in-input` each date input its outcome,
//! as the library, Python and JavaScript do.

mod common;

use common::{json_lines, run_with_stdin};
use serde_json::Value;

fn matrix() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/bad_inputs.json");
    let text = std::fs::read_to_string(path).expect("tests/bad_inputs.json");
    serde_json::from_str(&text).expect("tests/bad_inputs.json is JSON")
}

/// An input as the bytes of a line: huge ones built, UTF-16 decoded with replacement (a
/// file holds UTF-8), bytes as they are.
fn line(v: &Value) -> Vec<u8> {
    match v {
        Value::String(s) => s.clone().into_bytes(),
        Value::Object(o) if o.contains_key("repeat") => {
            let part = o["repeat"].as_str().unwrap_or_default();
            let times = o["times"].as_u64().unwrap_or_default() as usize;
            format!(
                "{}{}",
                o["prefix"].as_str().unwrap_or_default(),
                part.repeat(times)
            )
            .into_bytes()
        }
        Value::Object(o) if o.contains_key("utf16") => {
            let units: Vec<u16> = o["utf16"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|u| u.as_u64().map(|u| u as u16))
                .collect();
            String::from_utf16_lossy(&units).into_bytes()
        }
        Value::Object(o) if o.contains_key("bytes") => {
            let hex = o["bytes"].as_str().unwrap_or_default();
            (0..hex.len())
                .step_by(2)
                .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).expect("hex"))
                .collect()
        }
        other => panic!("not an input: {other}"),
    }
}

#[test]
fn every_code_input_gives_its_reason() {
    let m = matrix();
    let default_date = m["date"].as_str().unwrap_or_default().to_owned();
    let cases = m["codes"].as_array().expect("codes");
    for case in cases {
        let name = case["name"].as_str().unwrap_or_default();
        let system = case["system"].as_str().unwrap_or_default();
        let date = case["date"].as_str().unwrap_or(&default_date);
        let mut stdin = line(&case["input"]);
        stdin.push(b'\n');
        let out = run_with_stdin(
            &["validate", "--system", system, "--date", date, "--json"],
            &stdin,
        );
        let rows = json_lines(&out);
        assert_eq!(rows.len(), 1, "{name}: one output line for one input line");
        let expected = case["cli"].as_str().or(case["reason"].as_str());
        assert_eq!(rows[0]["reason"].as_str(), expected, "{name}");
        assert!(
            rows[0]["message"].as_str().unwrap_or_default().len() < 600,
            "{name}: the message is short"
        );
    }
}

#[test]
fn every_date_input_gives_its_outcome() {
    let m = matrix();
    let cases = m["dates"].as_array().expect("dates");
    let mut stdin = Vec::new();
    let mut expected = Vec::new();
    for case in cases {
        stdin.extend_from_slice(b"E11.9,");
        stdin.extend(line(&case["input"]));
        stdin.push(b'\n');
        let outcome = match case["outcome"].as_str().unwrap_or_default() {
            "date_malformed" | "date_invalid" => "malformed_date",
            other => other,
        };
        let name = case["name"].as_str().unwrap_or_default();
        expected.push((name, case["cli"].as_str().unwrap_or(outcome).to_owned()));
    }
    let out = run_with_stdin(&["validate", "--dates-in-input", "--json"], &stdin);
    let rows = json_lines(&out);
    assert_eq!(rows.len(), expected.len());
    for (row, (name, outcome)) in rows.iter().zip(&expected) {
        assert_eq!(row["reason"].as_str(), Some(outcome.as_str()), "{name}");
    }
}

/// Many lines of codes, as a file a user pipes in.
fn many_lines(n: usize) -> Vec<u8> {
    let codes = ["E11.9", "I10", "E11", "garbage", "S52.521A", ""];
    (0..n)
        .flat_map(|i| format!("{}\n", codes[i % codes.len()]).into_bytes())
        .collect()
}

#[test]
fn a_closed_pipe_ends_the_run_quietly() {
    use std::io::{BufRead, BufReader, Write};
    use std::process::{Command, Stdio};
    let mut child = Command::new(common::BIN)
        .args(["validate", "--date", "2025-03-01"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run medcodes");
    let mut stdin = child.stdin.take().expect("stdin");
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(&many_lines(500_000));
    });
    // `| head -1`: read one line, then close the pipe.
    let mut first = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut first)
        .expect("a line");
    assert!(first.starts_with("VALID  E11.9"), "{first}");
    let out = child.wait_with_output().expect("wait");
    let _ = writer.join();
    assert!(
        out.status.code().is_some_and(|c| c <= 1),
        "{:?}",
        out.status
    );
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_full_disk_is_a_clean_error() {
    use std::process::{Command, Stdio};
    let Ok(full) = std::fs::OpenOptions::new().write(true).open("/dev/full") else {
        return; // not Linux
    };
    let mut child = Command::new(common::BIN)
        .args(["validate", "--date", "2025-03-01"])
        .stdin(Stdio::piped())
        .stdout(Stdio::from(full))
        .stderr(Stdio::piped())
        .spawn()
        .expect("run medcodes");
    let mut stdin = child.stdin.take().expect("stdin");
    let writer = std::thread::spawn(move || {
        use std::io::Write;
        let _ = stdin.write_all(&many_lines(200_000));
    });
    let out = child.wait_with_output().expect("wait");
    let _ = writer.join();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("No space left on device"), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
}
