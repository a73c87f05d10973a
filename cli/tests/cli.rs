//! Runs the built `medcodes` binary and checks its output and exit status.

use std::io::Write;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_medcodes");
const DATE: &str = "2025-03-01";

fn run(args: &[&str]) -> Output {
    run_with_stdin(args, b"")
}

fn run_with_stdin(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(BIN)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run medcodes");
    let mut input = child.stdin.take().expect("stdin");
    let data = stdin.to_vec();
    // Write from another thread so a large input cannot deadlock against the output pipe.
    let writer = std::thread::spawn(move || {
        let _ = input.write_all(&data);
    });
    let output = child.wait_with_output().expect("wait for medcodes");
    writer.join().expect("stdin writer");
    output
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("stdout is UTF-8")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn json_lines(output: &Output) -> Vec<Value> {
    stdout(output)
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}")))
        .collect()
}

#[test]
fn lookup_shows_title_status_and_breadcrumbs_for_e11_9() {
    let out = run(&["lookup", "e119", "--date", DATE]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.starts_with("E11.9  Type 2 diabetes mellitus without complications\n"),
        "{text}"
    );
    for expected in [
        "  title         Type 2 diabetes mellitus without complications  [",
        "  kind          code on 2025-03-01",
        "  billable      yes, on 2025-03-01",
        "  valid         from 2015-10-01",
        "  parent        E11  Type 2 diabetes mellitus",
        "  children      none",
        "  path          Chapter 4: Endocrine, nutritional and metabolic diseases (E00-E89)\n\
         \x20             › E08-E13  Diabetes mellitus\n\
         \x20             › E11  Type 2 diabetes mellitus\n\
         \x20             › E11.9  Type 2 diabetes mellitus without complications\n",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in\n{text}");
    }
}

#[test]
fn lookup_shows_the_full_path_of_s52_521a() {
    let out = run(&["lookup", "S52.521A", "--date", DATE]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.starts_with(
            "S52.521A  Torus fracture of lower end of right radius, initial encounter for closed fracture\n"
        ),
        "{text}"
    );
    let path: Vec<&str> = text
        .lines()
        .skip_while(|l| !l.starts_with("  path"))
        .collect();
    assert_eq!(path.len(), 7, "{text}");
    assert!(path[0].contains("Chapter 19: Injury, poisoning"), "{text}");
    let ids: Vec<&str> = path[1..]
        .iter()
        .map(|l| {
            l.trim_start()
                .trim_start_matches('›')
                .split_whitespace()
                .next()
                .unwrap_or("")
        })
        .collect();
    assert_eq!(
        ids,
        ["S50-S59", "S52", "S52.5", "S52.52", "S52.521", "S52.521A"]
    );
    assert!(path[2].ends_with("S52  Fracture of forearm"), "{text}");
}

#[test]
fn lookup_of_a_header_lists_children_and_why_it_is_not_billable() {
    let out = run(&["lookup", "E11", "--date", DATE]);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    assert!(
        text.contains("  kind          category on 2025-03-01"),
        "{text}"
    );
    assert!(
        text.contains("  billable      no: E11 is a header"),
        "{text}"
    );
    assert!(text.contains("  parent        none"), "{text}");
    assert!(
        text.contains("                E11.9  Type 2 diabetes mellitus without complications"),
        "{text}"
    );
}

#[test]
fn lookup_reports_bad_codes_on_stderr_and_exits_1() {
    let out = run(&["lookup", "E11.9", "ZZZ.9", "E1", "--date", DATE]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).starts_with("E11.9  "));
    let err = stderr(&out);
    assert!(err.contains("ZZZ.9 is not an ICD-10-CM code"), "{err}");
    assert!(err.contains("\"E1\""), "{err}");
    assert_eq!(err.lines().count(), 2, "{err}");
}

#[test]
fn lookup_json_has_the_same_facts() {
    let out = run(&["lookup", "--json", "--date", DATE, "E11.9", "S52.521A"]);
    assert_eq!(out.status.code(), Some(0));
    let records = json_lines(&out);
    assert_eq!(records.len(), 2);
    let e119 = &records[0];
    assert_eq!(e119["code"], "E11.9");
    assert_eq!(
        e119["title"]["text"],
        "Type 2 diabetes mellitus without complications"
    );
    assert!(e119["title"]["source"].is_string());
    assert_eq!(e119["kind"], "code");
    assert_eq!(e119["billable"], true);
    assert_eq!(e119["reason"], "valid");
    assert_eq!(e119["date"], DATE);
    assert_eq!(e119["parent"]["code"], "E11");
    assert_eq!(e119["validity"][0]["from"], "2015-10-01");
    let levels: Vec<&str> = e119["path"]
        .as_array()
        .expect("path")
        .iter()
        .map(|s| s["level"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(levels, ["chapter", "block", "category", "code"]);
    let ids: Vec<&str> = records[1]["path"]
        .as_array()
        .expect("path")
        .iter()
        .map(|s| s["id"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(
        ids,
        ["19", "S50-S59", "S52", "S52.5", "S52.52", "S52.521", "S52.521A"]
    );
}

#[test]
fn lookup_says_plainly_when_there_is_no_title() {
    // A code deleted in FY2017, older than every bundled title source.
    let json = run(&["lookup", "--json", "--date", "2016-01-01", "H40.11X0"]);
    let text = run(&["lookup", "--date", "2016-01-01", "H40.11X0"]);
    assert_eq!(json.status.code(), Some(0));
    let record = &json_lines(&json)[0];
    let text = stdout(&text);
    match record["title"]["text"].as_str() {
        None => assert!(
            text.contains("  title         no title in the bundled sources"),
            "{text}"
        ),
        Some(title) => assert!(text.contains(title), "{text}"),
    }
}

#[test]
fn validate_exit_status_is_0_when_all_are_valid() {
    let out = run(&["validate", "--date", DATE, "E11.9", "s52521a"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "VALID  E11.9  Type 2 diabetes mellitus without complications\n\
         VALID  S52.521A  Torus fracture of lower end of right radius, initial encounter for closed fracture\n"
    );
}

#[test]
fn validate_exit_status_is_1_when_some_are_invalid() {
    let out = run(&["validate", "--date", DATE, "E11.9", "E11", "ZZZ.9"]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "{text}");
    assert!(lines[0].starts_with("VALID  E11.9  "));
    assert!(
        lines[1].starts_with("INVALID  E11  not_billable  E11 is a header"),
        "{text}"
    );
    assert!(
        lines[2].starts_with("INVALID  ZZZ.9  unknown  ZZZ.9 is not an ICD-10-CM code"),
        "{text}"
    );
    // U07.1 exists from 2020-04-01.
    let out = run(&["validate", "--date", "2019-06-01", "U07.1"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).starts_with("INVALID  U07.1  not_valid_on_date  "),
        "{}",
        stdout(&out)
    );
}

#[test]
fn usage_errors_exit_2() {
    for args in [
        &["validate", "--date", "2025-02-30", "E11.9"][..],
        &["validate", "--date", "03/01/2025", "E11.9"],
        &["validate", "--date", "2014-01-01", "E11.9"],
        &["validate", "--date", "2199-01-01", "E11.9"],
        &["lookup", "--date", "yesterday", "E11.9"],
        &["validate", "--bogus", "E11.9"],
        &["lookup"],
        &["frobnicate"],
        &[],
    ] {
        let out = run(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(out.stdout.is_empty(), "{args:?}");
        assert!(!stderr(&out).is_empty(), "{args:?}");
    }
    let out = run(&["validate", "--date", "2014-01-01", "E11.9"]);
    assert!(
        stderr(&out).contains("outside the dates the bundled ICD-10-CM data covers"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn version_and_help() {
    let out = run(&["--version"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).starts_with(concat!("medcodes ", env!("CARGO_PKG_VERSION"))));
    for args in [
        &["--help"][..],
        &["validate", "--help"],
        &["lookup", "--help"],
    ] {
        let out = run(args);
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        let help = stdout(&out);
        assert!(help.contains("Examples:"), "{args:?}: {help}");
    }
    let help = stdout(&run(&["validate", "--help"]));
    assert!(help.contains("default: today"), "{help}");
}

/// Input lines of every sort; one output line each, in order.
const MIXED: &[u8] = b"E11.9\r\n\n  e119  \nE11\n\xff\xfeE11\nE11.9\xc3\nZZZ.9\nE11..9\n\tS52.521A\n E11.99999\nS52.521A";

#[test]
fn validate_streams_stdin_one_line_per_input_line() {
    let out = run_with_stdin(&["validate", "--date", DATE], MIXED);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    let expected = [
        "VALID  E11.9  ",
        "INVALID  \"\"  empty  ",
        "VALID  E11.9  ",
        "INVALID  E11  not_billable  ",
        "INVALID  \u{fffd}\u{fffd}E11  malformed  ",
        "INVALID  E11.9\u{fffd}  malformed  ",
        "INVALID  ZZZ.9  unknown  ",
        "INVALID  E11..9  malformed  ",
        "VALID  S52.521A  ",
        "INVALID  \" E11.99999\"  too_long  ",
        "VALID  S52.521A  ",
    ];
    assert_eq!(lines.len(), expected.len(), "{text}");
    for (line, start) in lines.iter().zip(expected) {
        assert!(
            line.starts_with(start),
            "{line:?} should start with {start:?}"
        );
    }
    assert!(lines[4].contains("not UTF-8"), "{}", lines[4]);
}

#[test]
fn validate_json_lines_parse_and_carry_every_field() {
    let out = run_with_stdin(&["validate", "--json", "--date", DATE, "-"], MIXED);
    assert_eq!(out.status.code(), Some(1));
    let records = json_lines(&out);
    assert_eq!(records.len(), 11);
    for r in &records {
        for field in [
            "input", "code", "valid", "reason", "message", "title", "billable", "date",
        ] {
            assert!(r.get(field).is_some(), "{field} missing in {r}");
        }
        assert_eq!(r["date"], DATE);
        assert_eq!(r["valid"], r["billable"]);
        assert_eq!(r["valid"], r["reason"] == "valid");
        assert_eq!(r["message"].is_null(), r["valid"] == true, "{r}");
    }
    let reasons: Vec<&str> = records
        .iter()
        .map(|r| r["reason"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(
        reasons,
        [
            "valid",
            "empty",
            "valid",
            "not_billable",
            "malformed",
            "malformed",
            "unknown",
            "malformed",
            "valid",
            "too_long",
            "valid"
        ]
    );
    assert_eq!(records[0]["input"], "E11.9");
    assert_eq!(records[0]["code"], "E11.9");
    assert_eq!(
        records[0]["title"],
        "Type 2 diabetes mellitus without complications"
    );
    assert_eq!(records[2]["input"], "  e119  ");
    assert_eq!(records[2]["code"], "E11.9");
    assert_eq!(records[3]["code"], "E11");
    assert_eq!(records[3]["title"], "Type 2 diabetes mellitus");
    assert_eq!(records[4]["input"], "\u{fffd}\u{fffd}E11");
    assert!(records[4]["code"].is_null());
    assert!(records[1]["title"].is_null());
}

#[test]
fn validate_mixes_arguments_and_stdin() {
    let out = run_with_stdin(
        &["validate", "--date", DATE, "E11", "-", "E11.9"],
        b"S52.521A\n",
    );
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    let firsts: Vec<&str> = text
        .lines()
        .map(|l| l.split("  ").nth(1).unwrap_or(""))
        .collect();
    assert_eq!(firsts, ["E11", "S52.521A", "E11.9"], "{text}");
}

#[test]
fn validate_empty_stdin_prints_nothing_and_succeeds() {
    let out = run_with_stdin(&["validate", "--date", DATE], b"");
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty());
}

#[test]
fn validate_streams_many_lines_and_repeats_agree() {
    // Repeated lines are answered from a cache: they must print what the first one did.
    let mut input = Vec::new();
    for i in 0..30_000 {
        input.extend_from_slice(match i % 5 {
            0 => b"E11.9\n".as_slice(),
            1 => b"E11\n",
            2 => b"\n",
            3 => b"s52521a\r\n",
            _ => b"\xffE11\n",
        });
    }
    let out = run_with_stdin(&["validate", "--date", DATE], &input);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 30_000);
    for (i, line) in lines.iter().enumerate() {
        assert_eq!(*line, lines[i % 5], "line {i}");
    }
}

#[test]
fn validate_survives_a_huge_line() {
    let mut input = vec![b'E'; 1 << 20];
    input.extend_from_slice(b"\nE11.9\n");
    let out = run_with_stdin(&["validate", "--date", DATE], &input);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2, "{text}");
    assert!(lines[0].contains("too_long"), "{}", lines[0]);
    assert!(lines[0].len() < 300, "{}", lines[0]);
    assert!(lines[1].starts_with("VALID  E11.9"));
}
