//! Runs the built `medcodes` binary on the coding-rule commands: `lookup` notes and 7th
//! characters, `check` (one encounter) and `claims` (MCE edits on a file of claims).

use std::path::PathBuf;

mod common;
use common::*;
use serde_json::Value;

fn fixture(name: &str) -> String {
    let path: PathBuf = [env!("CARGO_MANIFEST_DIR"), "tests", "fixtures", name]
        .iter()
        .collect();
    path.to_str().expect("UTF-8 path").to_owned()
}

/// The CSV output of `claims` as rows of (column -> value).
fn csv_rows(text: &str) -> Vec<std::collections::BTreeMap<String, String>> {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header = reader.headers().expect("header").clone();
    assert_eq!(
        header.iter().collect::<Vec<_>>(),
        [
            "claim_id",
            "line",
            "source",
            "edit",
            "edit_number",
            "edit_name",
            "severity",
            "position",
            "code",
            "message"
        ]
    );
    reader
        .records()
        .map(|r| {
            let r = r.expect("CSV row");
            header
                .iter()
                .zip(r.iter())
                .map(|(k, v)| (k.to_owned(), v.to_owned()))
                .collect()
        })
        .collect()
}

// ---- lookup: notes and 7th characters ----

#[test]
fn lookup_shows_notes_by_kind_with_their_origin_and_the_7th_characters() {
    let out = run(&["lookup", "S52.521A", "--date", DATE]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    for expected in [
        "  notes         from the ",
        "    Excludes1\n      [inherited from category S52]\n        traumatic amputation of forearm (S58.-)\n",
        "    Excludes2\n      [inherited from subcategory S52.5]\n        physeal fractures of lower end of radius (S59.2-)\n",
        "      [inherited from section S50-S59]\n",
        "      [inherited from chapter 19]\n",
        "  7th characters  [inherited from S52.52]\n",
        "        A  initial encounter for closed fracture  (this code)\n",
        "        S  sequela\n",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in\n{text}");
    }
    // Kinds come in the tabular list's order: inclusion terms before Excludes1 before
    // Excludes2 before notes.
    let at = |s: &str| text.find(s).unwrap_or_else(|| panic!("{s} in\n{text}"));
    assert!(at("    Inclusion terms") < at("    Excludes1"));
    assert!(at("    Excludes1") < at("    Excludes2"));
    assert!(at("    Excludes2") < at("    Note\n"));
}

#[test]
fn lookup_shows_own_notes_as_own() {
    let out = run(&["lookup", "E11", "--date", DATE]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("    Excludes1\n      [own]\n"),
        "E11's own Excludes1 in\n{text}"
    );
    assert!(text.contains("type 1 diabetes mellitus (E10.-)"), "{text}");
    assert!(!text.contains("7th characters"), "{text}");
}

#[test]
fn lookup_json_includes_notes_and_7th_characters() {
    let out = run(&["lookup", "S52.521A", "--date", DATE, "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v = &json_lines(&out)[0];
    assert!(
        v["notes_source"].as_str().unwrap().contains("tabular"),
        "{v}"
    );
    let notes = v["notes"].as_array().expect("notes");
    let excl = notes
        .iter()
        .find(|n| n["kind"] == "excludes1")
        .expect("an Excludes1 note");
    assert_eq!(excl["site"]["level"], "code");
    assert_eq!(excl["site"]["id"], "S52");
    assert_eq!(excl["inherited"], true);
    assert_eq!(excl["from"], "inherited from category S52");
    assert_eq!(
        excl["lines"][0]["text"],
        "traumatic amputation of forearm (S58.-)"
    );
    assert_eq!(excl["lines"][0]["refs"][0]["first"], "S58");
    let seventh = &v["seventh_characters"];
    assert_eq!(seventh["defined_at"], "S52.52");
    let chars: Vec<&str> = seventh["characters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["character"].as_str().unwrap())
        .collect();
    assert_eq!(chars, ["A", "D", "G", "K", "P", "S"]);

    let out = run(&["lookup", "E11.9", "--date", DATE, "--json"]);
    let v = &json_lines(&out)[0];
    assert_eq!(v["seventh_characters"], Value::Null, "{v}");
}

#[test]
fn lookup_path_shows_the_smallest_section() {
    let out = run(&["lookup", "C01", "--system", "icd10cm", "--date", DATE]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("              › C00-C14  Malignant neoplasms of lip, oral cavity and pharynx\n              › C01  "),
        "{text}"
    );
    let out = run(&[
        "lookup", "C01", "--system", "icd10cm", "--date", DATE, "--json",
    ]);
    let v = &json_lines(&out)[0];
    assert_eq!(v["path"][1]["level"], "block");
    assert_eq!(v["path"][1]["id"], "C00-C14");
}

// ---- check ----

#[test]
fn check_reports_an_excludes1_conflict_as_an_error() {
    let out = run(&["check", "--date", DATE, "E11.9", "e109"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let text = stdout(&out);
    for expected in [
        "ERROR    excludes1  E11.9 #1 + E10.9 #2\n",
        "         note: Excludes1 at E11 (category): type 1 diabetes mellitus (E10.-)\n",
        "INFO     use_additional_code  E11.9 #1\n",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in\n{text}");
    }
    assert!(
        text.ends_with("2 findings: 1 error, 0 warnings, 1 info\n"),
        "{text}"
    );
}

#[test]
fn check_exits_0_on_warnings_and_reminders() {
    let out = run(&["check", "--date", DATE, "F32.9", "F32.9"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("WARNING  duplicate  F32.9 #1"),
        "{}",
        stdout(&out)
    );

    let out = run(&["check", "--date", DATE, "J18.9"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn check_reports_code_first_and_manifestation_order() {
    // G01 (meningitis in bacterial diseases classified elsewhere) is a manifestation.
    let out = run(&["check", "--date", DATE, "--json", "G01", "A39.0"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let v = &json_lines(&out)[0];
    let kinds: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["kind"].as_str().unwrap())
        .collect();
    assert!(kinds.contains(&"manifestation_first"), "{kinds:?}");
}

#[test]
fn check_json_is_one_object_with_typed_findings() {
    let out = run(&["check", "--date", DATE, "--json", "E11.9", "E10.9"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let lines = json_lines(&out);
    assert_eq!(lines.len(), 1);
    let v = &lines[0];
    assert_eq!(v["date"], DATE);
    assert_eq!(v["codes"], serde_json::json!(["E11.9", "E10.9"]));
    let f = &v["findings"][0];
    assert_eq!(f["kind"], "excludes1");
    assert_eq!(f["severity"], "error");
    assert_eq!(f["codes"], serde_json::json!(["E11.9", "E10.9"]));
    assert_eq!(f["positions"], serde_json::json!([0, 1]));
    assert_eq!(f["note"]["site"]["id"], "E11");
    assert_eq!(f["note"]["kind"], "excludes1");
}

#[test]
fn check_reports_invalid_codes_and_usage_errors() {
    let out = run(&["check", "--date", DATE, "E11", "E11.65"]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(text.contains("ERROR    invalid_code  E11 #1"), "{text}");
    assert!(text.contains("WARNING  code_with_ancestor"), "{text}");

    for args in [
        &["check", "--date", "2025-02-30", "E11.9"][..],
        &["check", "--date", "2010-01-01", "E11.9"],
        &["check", "--date", DATE],
        &["check", "--bogus", "E11.9"],
    ] {
        let out = run(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(stdout(&out).is_empty(), "{args:?}");
    }
    let out = run(&["check", "--date", "2025-02-30", "E11.9"]);
    assert!(stderr(&out).contains("2025-02-30"), "{}", stderr(&out));
}

// ---- claims ----

#[test]
fn claims_csv_reports_mce_findings_and_malformed_rows() {
    let out = run(&["claims", &fixture("claims.csv")]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let rows = csv_rows(&stdout(&out));
    let of = |id: &str| {
        rows.iter()
            .filter(|r| r["claim_id"] == id)
            .collect::<Vec<_>>()
    };
    // Clean claims give no rows.
    assert!(of("c001").is_empty(), "{:?}", of("c001"));
    assert!(of("c009").is_empty(), "{:?}", of("c009"));
    // A maternity code at 70: age conflict on the principal, and the repeated O80.
    let c002 = of("c002");
    assert_eq!(c002[0]["edit"], "age_conflict");
    assert_eq!(c002[0]["edit_number"], "4");
    assert_eq!(c002[0]["edit_name"], "Age conflict");
    assert_eq!(c002[0]["severity"], "error");
    assert_eq!(c002[0]["position"], "principal diagnosis");
    assert_eq!(c002[0]["code"], "O80");
    assert_eq!(c002[0]["source"], "mce");
    assert_eq!(c002[0]["line"], "3");
    assert!(
        c002.iter()
            .any(|r| r["edit"] == "duplicate_of_principal"
                && r["position"] == "secondary diagnosis 2")
    );
    assert_eq!(of("c006")[0]["edit"], "invalid_code");
    assert_eq!(of("c007")[0]["edit"], "external_cause_as_principal");
    let c008 = of("c008");
    assert_eq!(c008[0]["edit"], "invalid_poa");
    assert_eq!(c008[0]["severity"], "warning");
    // Malformed rows: in the output and on stderr, with the line and the value.
    let c004 = of("c004");
    assert_eq!(c004.len(), 1);
    assert_eq!(c004[0]["source"], "input");
    assert_eq!(c004[0]["edit"], "malformed_row");
    assert_eq!(c004[0]["line"], "5");
    assert!(c004[0]["message"].contains("\"2025-13-01\""), "{c004:?}");
    assert!(
        of("c005")[0]["message"].contains("age \"abc\""),
        "{:?}",
        of("c005")
    );
    let err = stderr(&out);
    assert!(
        err.contains("line 5: discharge_date: \"2025-13-01\" is not a valid date"),
        "{err}"
    );
    assert!(
        err.contains("line 6: age \"abc\" is not a whole number of years"),
        "{err}"
    );
    assert!(
        err.contains("2 malformed rows were not checked (7 claims checked)"),
        "{err}"
    );
    // No coding-rule rows unless asked.
    assert!(rows.iter().all(|r| r["source"] != "coding_rules"));
}

#[test]
fn claims_coding_rules_add_the_icd10cm_checks() {
    let out = run(&["claims", &fixture("claims.csv"), "--coding-rules"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let rows = csv_rows(&stdout(&out));
    let excl = rows
        .iter()
        .find(|r| r["claim_id"] == "c003" && r["edit"] == "excludes1")
        .expect("Excludes1 row for c003");
    assert_eq!(excl["source"], "coding_rules");
    assert_eq!(excl["severity"], "error");
    assert_eq!(
        excl["position"],
        "principal diagnosis + secondary diagnosis 1"
    );
    assert_eq!(excl["code"], "E11.9 E10.9");
    assert_eq!(excl["edit_number"], "");
}

#[test]
fn claims_jsonl_output_has_one_object_per_claim() {
    let out = run(&["claims", &fixture("claims.csv"), "--output", "jsonl"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let lines = json_lines(&out);
    assert_eq!(lines.len(), 9);
    assert_eq!(lines[0]["claim_id"], "c001");
    assert_eq!(lines[0]["line"], 2);
    assert_eq!(lines[0]["findings"], serde_json::json!([]));
    assert!(lines[0].get("coding_rules").is_none());
    let f = &lines[1]["findings"][0];
    assert_eq!(f["edit"], "age_conflict");
    assert_eq!(f["number"], 4);
    assert_eq!(f["position"]["kind"], "principal");
    assert!(lines[3]["error"].as_str().unwrap().contains("2025-13-01"));
    assert!(lines[3].get("findings").is_none());
}

#[test]
fn claims_reads_json_lines_from_stdin() {
    let input = br#"{"claim_id": "j1", "date": "2025-03-01", "age": 70, "sex": "F", "principal": "O80", "secondary": [{"code": "E11.9", "poa": "Y"}]}
{"id": 7, "discharge_date": "2025-03-01", "age": 50, "sex": "M", "principal": "J18.9", "procedures": ["5A1955Z"]}

{"claim_id": "j3", "date": "2025-03-01"}
"#;
    let out = run_with_stdin(
        &["claims", "--input", "jsonl", "--output", "jsonl", "-"],
        input,
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let lines = json_lines(&out);
    assert_eq!(lines.len(), 3, "blank lines are skipped");
    assert_eq!(lines[0]["claim_id"], "j1");
    assert_eq!(lines[0]["findings"][0]["edit"], "age_conflict");
    assert_eq!(lines[1]["claim_id"], "7");
    assert_eq!(lines[1]["findings"], serde_json::json!([]));
    assert_eq!(lines[2]["claim_id"], "j3");
    assert_eq!(lines[2]["line"], 4);
    assert!(lines[2]["error"]
        .as_str()
        .unwrap()
        .contains("missing field `age`"));
    assert!(
        stderr(&out).contains("line 4: not a claim"),
        "{}",
        stderr(&out)
    );

    // A clean file exits 0.
    let out = run_with_stdin(
        &["claims", "--input", "jsonl", "-"],
        br#"{"date": "2025-03-01", "age": 50, "sex": "M", "principal": "J18.9"}"#,
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(csv_rows(&stdout(&out)).len(), 0);
}

#[test]
fn claims_rejects_unknown_and_missing_columns_and_empty_input() {
    let out = run_with_stdin(
        &["claims", "-"],
        b"claim_id,discharge_date,age,principal_dx,diagnosis_9\nc1,2025-03-01,50,I10,\n",
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(stdout(&out).is_empty(), "{}", stdout(&out));
    let err = stderr(&out);
    assert!(
        err.contains("unknown column \"diagnosis_9\" in the header (line 1, column 5)"),
        "{err}"
    );

    let out = run_with_stdin(&["claims", "-"], b"claim_id,age\nc1,50\n");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("lacks the columns discharge_date, principal"),
        "{}",
        stderr(&out)
    );

    let out = run_with_stdin(&["claims", "-"], b"");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("the input is empty"),
        "{}",
        stderr(&out)
    );
    let out = run_with_stdin(&["claims", "--input", "jsonl", "-"], b"\n");
    assert_eq!(out.status.code(), Some(2));

    // A header alone is an empty batch, not an error.
    let out = run_with_stdin(&["claims", "-"], b"discharge_date,age,principal_dx\n");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out).lines().count(), 1);

    let out = run(&["claims", "no/such/file.csv"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("no/such/file.csv"),
        "{}",
        stderr(&out)
    );
    let out = run(&["claims", "claims.txt"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--input csv"), "{}", stderr(&out));
}

#[test]
fn claims_reports_a_row_with_the_wrong_number_of_fields_and_goes_on() {
    let input = b"discharge_date,age,principal_dx\n2025-03-01,50,I10,extra\n2025-03-01,70,O80\n";
    let out = run_with_stdin(&["claims", "-"], input);
    assert_eq!(out.status.code(), Some(1));
    let rows = csv_rows(&stdout(&out));
    assert_eq!(rows[0]["edit"], "malformed_row");
    assert_eq!(
        rows[0]["claim_id"], "2",
        "the line number stands in for a missing id"
    );
    assert!(
        rows[0]["message"].contains("4 fields, the header 3"),
        "{rows:?}"
    );
    assert_eq!(rows[1]["claim_id"], "3");
    assert_eq!(rows[1]["edit"], "age_conflict");
}

#[test]
fn claims_fail_fast_stops_at_the_first_malformed_row() {
    let out = run(&["claims", &fixture("claims.csv"), "--fail-fast"]);
    assert_eq!(out.status.code(), Some(1));
    let rows = csv_rows(&stdout(&out));
    assert_eq!(rows.last().unwrap()["claim_id"], "c004");
    assert!(rows.iter().all(|r| r["claim_id"] != "c006"));
}

#[test]
fn claims_writes_to_a_file_with_o() {
    let dir = std::env::temp_dir().join(format!("medcodes-claims-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("findings.jsonl");
    let out = run(&[
        "claims",
        &fixture("claims.csv"),
        "--output",
        "jsonl",
        "-o",
        path.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).is_empty());
    let written = std::fs::read_to_string(&path).unwrap();
    assert_eq!(written.lines().count(), 9);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn claims_reads_poa_and_pipe_or_space_separated_lists() {
    // `E11.9:Z` is an invalid POA on the first secondary; `I10 N18.30` space-separated.
    let input = b"claim_id,discharge_date,age,sex,principal_dx,secondary_dx,procedures\n\
                  p1,2025-03-01,60,M,J18.9,E11.9:Z|I10 N18.30:Y,5A1955Z 0BH17EZ\n";
    let out = run_with_stdin(&["claims", "--output", "jsonl", "-"], input);
    let v = &json_lines(&out)[0];
    let findings = v["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 1, "{v}");
    assert_eq!(findings[0]["edit"], "invalid_poa");
    assert_eq!(findings[0]["code"], "E11.9");
    assert_eq!(findings[0]["position"]["index"], 0);
}

#[test]
fn claims_min_severity_filters_the_output_not_the_exit_status() {
    let all = run(&["claims", &fixture("claims.csv"), "--coding-rules"]);
    let all = csv_rows(&stdout(&all));
    assert!(all.iter().any(|r| r["severity"] == "info"));
    assert!(all.iter().any(|r| r["severity"] == "warning"));

    let out = run(&[
        "claims",
        &fixture("claims.csv"),
        "--coding-rules",
        "--min-severity",
        "error",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let rows = csv_rows(&stdout(&out));
    assert!(rows.iter().all(|r| r["severity"] == "error"), "{rows:?}");
    let errors = all.iter().filter(|r| r["severity"] == "error").count();
    assert_eq!(rows.len(), errors);

    let out = run(&["claims", &fixture("claims.csv"), "--min-severity", "fatal"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn claims_reports_fields_that_are_not_utf8_and_blank_required_values() {
    let input = b"claim_id,discharge_date,age,principal_dx,discharge_status\n\
                  u1,2025-03-01,50,I1\xff0,01\n\
                  u2,2025-03-01,,I10,01\n\
                  u3,2025-03-01,50,I10,home\n\
                  u4,,50,I10,01\n";
    let out = run_with_stdin(&["claims", "--output", "jsonl", "-"], input);
    assert_eq!(out.status.code(), Some(1));
    let lines = json_lines(&out);
    let errors: Vec<&str> = lines.iter().filter_map(|l| l["error"].as_str()).collect();
    assert!(
        errors[0].contains("principal") && errors[0].contains("not UTF-8"),
        "{errors:?}"
    );
    assert_eq!(errors[1], "age is empty");
    assert!(
        errors[2].starts_with("discharge_date: \"\" is not a date"),
        "{errors:?}"
    );
    // A discharge status that is not a number is read as the MCE reads it (every surface
    // alike): a value no table has, which raises the discharge-status edit.
    let u3 = lines
        .iter()
        .find(|l| l["claim_id"] == "u3")
        .expect("u3 checked");
    assert!(u3.to_string().contains("invalid_discharge_status"), "{u3}");
}
