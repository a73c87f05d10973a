//! Runs the built `medcodes` binary and checks its output and exit status.

mod common;
use common::*;

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
    let out = run(&["lookup", "E11.9", "Z09.9", "E1", "--date", DATE]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).starts_with("E11.9  "));
    let err = stderr(&out);
    assert!(err.contains("Z09.9 is not an ICD-10-CM code"), "{err}");
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
    assert_eq!(e119["validity"][0]["start"], "2015-10-01");
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
    let out = run(&["validate", "--date", DATE, "E11.9", "E11", "Z09.9"]);
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
        lines[2].starts_with("INVALID  Z09.9  unknown  Z09.9 is not an ICD-10-CM code"),
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
        &["validate", "--system", "bogus", "E11.9"],
        &["lookup", "--system", "bogus", "E11.9"],
        &["lookup", "--system", "", "E11.9"],
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
    let version = stdout(&out);
    assert!(version.starts_with(concat!("medcodes ", env!("CARGO_PKG_VERSION"))));
    assert!(
        version.contains("ICD-10-CM data: dates of service "),
        "{version}"
    );
    assert!(
        version.contains("ICD-10-PCS data: dates of service "),
        "{version}"
    );
    let help = stdout(&run(&["--help"]));
    assert!(help.contains("ICD-10-CM and ICD-10-PCS"), "{help}");
    for sub in ["lookup", "validate"] {
        let help = stdout(&run(&[sub, "--help"]));
        assert!(help.contains("--system <SYSTEM>"), "{sub}: {help}");
    }
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
const MIXED: &[u8] = b"E11.9\r\n\n  e119  \nE11\n\xff\xfeE11\nE11.9\xc3\nZ09.9\nE11..9\n\tS52.521A\n E11.99999\nS52.521A";

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
        "INVALID  Z09.9  unknown  ",
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

// ICD-10-PCS and the choice of code system.

#[test]
fn lookup_of_a_pcs_code_decodes_its_seven_axes() {
    let out = run(&["lookup", "0dtj4zz", "--date", DATE]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.starts_with("0DTJ4ZZ  Resection of Appendix, Percutaneous Endoscopic Approach\n"),
        "{text}"
    );
    for expected in [
        "  system        ICD-10-PCS\n",
        "  title         Resection of Appendix, Percutaneous Endoscopic Approach  [",
        "  level         code\n",
        "  valid         yes, on 2025-03-01\n",
        "  validity      from 2015-10-01",
        "  MCE flags     ",
        "                1    0     Section         Medical and Surgical\n",
        "                3    T     Root Operation  Resection\n",
        "definition: Cutting out or off, without replacement, all of a body part\n",
        "                4    J     Body Part       Appendix\n",
        "                7    Z     Qualifier       No Qualifier\n",
        "  parent        0DTJ  Body Part: Appendix\n",
        "  children      none\n",
        "  path          0  Section: Medical and Surgical\n\
         \x20             › 0D  Body System: Gastrointestinal System\n\
         \x20             › 0DT  Root Operation: Resection\n\
         \x20             › 0DTJ  Body Part: Appendix\n\
         \x20             › 0DTJ4ZZ  Resection of Appendix, Percutaneous Endoscopic Approach\n",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in\n{text}");
    }
}

#[test]
fn lookup_of_a_pcs_table_lists_body_parts_with_their_valid_codes() {
    let out = run(&["lookup", "0DT", "--date", DATE]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.starts_with("0DT  Root Operation: Resection\n"),
        "{text}"
    );
    for expected in [
        "  title         no title in the bundled sources\n",
        "  level         table (3 of 7 characters)\n",
        "  valid         no: 0DT has 3 of ICD-10-PCS's 7 characters: ",
        "                4    -     Body Part       not fixed at this level\n",
        "  parent        0D  Body System: Gastrointestinal System\n",
        "                0DTJ  Appendix  (5 valid codes)\n",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in\n{text}");
    }
    let children = text
        .lines()
        .find(|l| l.starts_with("  children      "))
        .unwrap_or_default();
    assert!(children.contains(" body parts; "), "{children}");
    let listed = text
        .lines()
        .skip_while(|l| !l.starts_with("  children"))
        .skip(1)
        .take_while(|l| l.starts_with("                0DT"))
        .count();
    assert_eq!(listed, 20, "{text}");
    assert!(text.contains("                … and "), "{text}");

    // Children of a body part are codes, with their titles.
    let text = stdout(&run(&["lookup", "0DTJ", "--date", DATE]));
    assert!(
        text.contains(
            "                0DTJ4ZZ  Resection of Appendix, Percutaneous Endoscopic Approach\n"
        ),
        "{text}"
    );
}

#[test]
fn lookup_reports_a_code_of_both_systems_as_ambiguous() {
    let out = run(&["lookup", "B20", "--date", DATE]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    for expected in [
        "ambiguous",
        "ICD-10-CM",
        "ICD-10-PCS",
        "--system icd10cm",
        "--system icd10pcs",
    ] {
        assert!(err.contains(expected), "missing {expected:?} in {err}");
    }
    // The other codes are still shown.
    let out = run(&["lookup", "E11.9", "b20", "0DTJ4ZZ", "--date", DATE]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(text.starts_with("E11.9  "), "{text}");
    assert!(text.contains("\n0DTJ4ZZ  "), "{text}");
}

#[test]
fn lookup_with_an_explicit_system_resolves_the_ambiguity() {
    let out = run(&["lookup", "B20", "--system", "icd10cm", "--date", DATE]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.starts_with("B20  Human immunodeficiency virus [HIV] disease\n"),
        "{text}"
    );
    assert!(text.contains("  system        ICD-10-CM\n"), "{text}");
    assert!(
        text.contains("  kind          category on 2025-03-01"),
        "{text}"
    );

    let out = run(&["lookup", "B20", "--system", "ICD-10-PCS", "--date", DATE]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("  level         table (3 of 7 characters)"),
        "{text}"
    );
    assert!(
        text.lines()
            .any(|l| l.trim_start().starts_with("1    B     Section") && l.ends_with(" Imaging")),
        "{text}"
    );

    // An explicit system is not second-guessed.
    let out = run(&["lookup", "E11.9", "--system", "icd10pcs", "--date", DATE]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("character 4 is '.'"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn lookup_explains_inputs_neither_system_knows() {
    let out = run(&["lookup", "0DTJ4", "?", "--date", DATE]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 2, "{err}");
    // Not ICD-10-CM-shaped: both systems say why.
    assert!(lines[0].contains("ICD-10-CM: "), "{err}");
    assert!(
        lines[0].contains("ICD-10-PCS: 0DTJ4 is the start of"),
        "{err}"
    );
    assert!(lines[0].contains("e.g. 0DTJ"), "{err}");
    assert!(lines[1].contains("ICD-10-PCS: "), "{err}");
}

#[test]
fn lookup_json_names_the_system() {
    let out = run(&[
        "lookup", "--json", "--date", DATE, "E11.9", "0DTJ4ZZ", "0DT",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let records = json_lines(&out);
    assert_eq!(records.len(), 3);
    assert_eq!(records[0]["system"], "icd10cm");
    let pcs = &records[1];
    assert_eq!(pcs["system"], "icd10pcs");
    assert_eq!(pcs["code"], "0DTJ4ZZ");
    assert_eq!(pcs["level"], "code");
    assert_eq!(pcs["valid_on_date"], true);
    assert_eq!(pcs["reason"], "valid");
    assert!(pcs["message"].is_null());
    assert!(pcs["title"]["source"].is_string());
    assert_eq!(pcs["validity"][0]["start"], "2015-10-01");
    assert!(pcs["mce_flags"].is_array());
    let axes = pcs["axes"].as_array().expect("axes");
    assert_eq!(axes.len(), 7);
    assert_eq!(axes[2]["position"], 3);
    assert_eq!(axes[2]["value"], "T");
    assert_eq!(axes[2]["axis"], "Root Operation");
    assert_eq!(axes[2]["label"], "Resection");
    assert!(axes[2]["definition"].is_string());
    assert!(axes[5]["definition"].is_null());
    assert_eq!(pcs["parent"]["code"], "0DTJ");
    assert_eq!(pcs["parent"]["label"], "Appendix");
    let path: Vec<(&str, &str)> = pcs["path"]
        .as_array()
        .expect("path")
        .iter()
        .map(|s| {
            (
                s["level"].as_str().unwrap_or(""),
                s["id"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        path,
        [
            ("section", "0"),
            ("body_system", "0D"),
            ("table", "0DT"),
            ("body_part", "0DTJ"),
            ("code", "0DTJ4ZZ")
        ]
    );
    let table = &records[2];
    assert_eq!(table["level"], "table");
    assert_eq!(table["reason"], "incomplete");
    assert_eq!(table["valid_on_date"], false);
    let children = table["children"].as_array().expect("children");
    assert_eq!(table["children_count"], children.len());
    let total: u64 = children
        .iter()
        .map(|c| c["valid_codes_on_date"].as_u64().unwrap_or(0))
        .sum();
    assert_eq!(table["valid_codes_on_date"], total);
}

#[test]
fn validate_pcs_codes_exit_1_with_reasons() {
    let out = run(&[
        "validate", "--system", "icd10pcs", "--date", DATE, "0DTJ4ZZ", "0DTJ4", "0DTJ4IZ",
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "{text}");
    assert_eq!(
        lines[0],
        "VALID  0DTJ4ZZ  Resection of Appendix, Percutaneous Endoscopic Approach"
    );
    assert!(
        lines[1]
            .starts_with("INVALID  0DTJ4  incomplete  0DTJ4 has 5 of ICD-10-PCS's 7 characters"),
        "{text}"
    );
    assert!(lines[1].contains("0DTJ4ZZ"), "{text}");
    assert!(
        lines[2].starts_with("INVALID  0DTJ4IZ  malformed  "),
        "{text}"
    );
    assert!(lines[2].contains("character 6 is 'I'"), "{text}");

    let out = run(&[
        "validate", "--system", "icd10pcs", "--date", DATE, "0dtj4zz",
    ]);
    assert_eq!(out.status.code(), Some(0));
    // XW033E5 exists from 2020-08-01.
    let out = run(&[
        "validate",
        "--system",
        "icd10pcs",
        "--date",
        "2019-06-01",
        "XW033E5",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).starts_with("INVALID  XW033E5  not_valid_on_date  "),
        "{}",
        stdout(&out)
    );
}

/// ICD-10-PCS input lines of every sort; one output line each, in order.
const PCS_MIXED: &[u8] =
    b"0DTJ4ZZ\r\n\n  0dtj4zz  \n0DT\n\xff0DT\n0DTJ4IZ\n0DTJ4ZZZ\nE11.9\n0DTJ4ZY\n0DTJ4ZZ";

#[test]
fn validate_streams_pcs_codes_from_stdin() {
    let out = run_with_stdin(
        &["validate", "--system", "icd10pcs", "--date", DATE],
        PCS_MIXED,
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    let expected = [
        "VALID  0DTJ4ZZ  Resection of Appendix",
        "INVALID  \"\"  empty  ",
        "VALID  0DTJ4ZZ  ",
        "INVALID  0DT  incomplete  ",
        "INVALID  \u{fffd}0DT  malformed  ",
        "INVALID  0DTJ4IZ  malformed  ",
        "INVALID  0DTJ4ZZZ  too_long  ",
        "INVALID  E11.9  malformed  ",
        "INVALID  0DTJ4ZY  unknown  0DTJ4ZY is not an ICD-10-PCS code",
        "VALID  0DTJ4ZZ  ",
    ];
    assert_eq!(lines.len(), expected.len(), "{text}");
    for (line, start) in lines.iter().zip(expected) {
        assert!(
            line.starts_with(start),
            "{line:?} should start with {start:?}"
        );
    }
    assert!(
        lines[4].contains("expected an ICD-10-PCS code"),
        "{}",
        lines[4]
    );

    let out = run_with_stdin(
        &[
            "validate", "--system", "icd10pcs", "--json", "--date", DATE, "-",
        ],
        PCS_MIXED,
    );
    assert_eq!(out.status.code(), Some(1));
    let records = json_lines(&out);
    assert_eq!(records.len(), expected.len());
    for r in &records {
        for field in [
            "input", "code", "valid", "reason", "message", "title", "billable", "date", "system",
        ] {
            assert!(r.get(field).is_some(), "{field} missing in {r}");
        }
        assert_eq!(r["system"], "icd10pcs");
        assert_eq!(r["valid"], r["reason"] == "valid");
    }
    assert_eq!(records[2]["input"], "  0dtj4zz  ");
    assert_eq!(records[2]["code"], "0DTJ4ZZ");
    assert_eq!(
        records[2]["title"],
        "Resection of Appendix, Percutaneous Endoscopic Approach"
    );
    assert_eq!(records[3]["code"], "0DT");
    assert_eq!(records[3]["reason"], "incomplete");
    assert!(records[3]["title"].is_null());
    assert!(records[4]["code"].is_null());
}

#[test]
fn validate_json_names_the_system_and_auto_detects_per_line() {
    let out = run(&["validate", "--json", "--date", DATE, "E11.9"]);
    assert_eq!(json_lines(&out)[0]["system"], "icd10cm");

    let out = run_with_stdin(
        &["validate", "--system", "auto", "--json", "--date", DATE],
        b"E11.9\n0DTJ4ZZ\nB20\n0DTJ4\n",
    );
    assert_eq!(out.status.code(), Some(1));
    let records = json_lines(&out);
    let got: Vec<(&str, &str)> = records
        .iter()
        .map(|r| {
            (
                r["reason"].as_str().unwrap_or(""),
                r["system"].as_str().unwrap_or("null"),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("valid", "icd10cm"),
            ("valid", "icd10pcs"),
            ("ambiguous", "null"),
            ("incomplete", "icd10pcs"),
        ]
    );
    let message = records[2]["message"].as_str().unwrap_or("");
    assert!(
        message.contains("--system icd10cm or --system icd10pcs"),
        "{message}"
    );
}
