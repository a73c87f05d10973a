//! HCPCS Level II and CPT-shaped codes through the `medcodes` binary.

mod common;
use common::*;

#[test]
fn lookup_shows_the_section_status_and_withheld_text() {
    let out = run(&["lookup", "--date", "2025-07-01", "E0100", "D0120"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    for expected in [
        "E0100  Cane adjust/fixed with tip\n",
        "  system        HCPCS Level II\n",
        "  section       E: Durable medical equipment\n",
        "  OPPS status   Y (on 2025-07-01)\n",
        "D0120  no title in the bundled sources\n",
        "  text          a CDT code: its descriptor is the ADA's and is not shipped\n",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in\n{text}");
    }
    let out = run(&["lookup", "--date", "2025-07-01", "--json", "D0120"]);
    let json: serde_json::Value = serde_json::from_str(stdout(&out).trim()).expect("JSON");
    assert_eq!(json["system"], "hcpcs");
    assert_eq!(json["dental"], true);
    assert_eq!(json["title"], serde_json::Value::Null);
}

#[test]
fn a_code_of_two_systems_and_a_cpt_code_are_said_so() {
    let out = run(&["lookup", "--date", "2025-07-01", "J1100"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("ambiguous") && err.contains("--system hcpcs"),
        "{err}"
    );
    let out = run(&["lookup", "--date", "2025-07-01", "99213"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("shaped like a CPT code (Category I, Evaluation and Management)"),
        "{err}"
    );
}

#[test]
fn validate_checks_hcpcs_lines_with_modifiers() {
    let out = run_with_stdin(
        &["validate", "--system", "hcpcs", "--date", "2025-07-01"],
        b"J1100 LT RT\nJ1100\nE0100 RT\nE0100 LT LT\n99213\n",
    );
    assert_eq!(out.status.code(), Some(1));
    let lines: Vec<String> = stdout(&out).lines().map(str::to_owned).collect();
    assert_eq!(lines.len(), 5, "{lines:?}");
    assert!(
        lines[0].starts_with("INVALID  J1100  both_sides  "),
        "{}",
        lines[0]
    );
    assert_eq!(lines[1], "VALID  J1100  Dexamethasone sodium phos");
    assert_eq!(lines[2], "VALID  E0100  Cane adjust/fixed with tip");
    assert!(
        lines[3].starts_with("INVALID  E0100  duplicate_modifier  "),
        "{}",
        lines[3]
    );
    assert!(
        lines[4].contains("malformed") && lines[4].contains("CPT"),
        "{}",
        lines[4]
    );
}

/// Without --date, today is the date of service: a system whose data ends before today
/// (HCPCS) must not stop the lookup of a code of one that covers it.
#[test]
fn today_past_one_system_still_looks_up_the_others() {
    let out = run(&["lookup", "E11.9"]);
    let today = medcodes::Date::today();
    let (_, last) = medcodes::CodeSystem::Icd10Cm.coverage();
    if today <= last {
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    }
}

/// A 320-character record of the CMS layout: code, sequence, record id, long description,
/// short description (position 92), add date (269).
fn record(code: &str, long: &str, short: &str, added: &str) -> String {
    let mut line = vec![b' '; 320];
    for (at, text) in [
        (1, code),
        (6, "00100"),
        (11, "3"),
        (12, long),
        (92, short),
        (269, added),
    ] {
        line[at - 1..at - 1 + text.len()].copy_from_slice(text.as_bytes());
    }
    String::from_utf8(line).expect("ASCII")
}

#[test]
fn hcpcs_file_compares_a_cms_file_and_names_a_bad_line() {
    let dir = std::env::temp_dir().join(format!("medcodes-hcpcs-file-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let good = dir.join("HCPC2025_JUL_ANWEB.txt");
    let text = [
        record(
            "E0100",
            "Cane, includes canes of all materials, adjustable or fixed, with tip",
            "Cane adjust/fixed with tip",
            "19840101",
        ),
        record(
            "Q0000",
            "Made-up code for a test",
            "Made-up test code",
            "20250101",
        ),
    ]
    .join("\r\n");
    std::fs::write(&good, text).expect("write");
    let out = run(&[
        "hcpcs-file",
        "--json",
        "--date",
        "2025-07-01",
        good.to_str().expect("path"),
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_str(stdout(&out).trim()).expect("JSON");
    assert_eq!(json["codes"], 2);
    assert_eq!(
        json["differences"]["only_in_file"],
        serde_json::json!(["Q0000"])
    );
    assert!(json["differences"]["only_built_in"]
        .as_array()
        .is_some_and(|a| a.len() > 7_000));

    let bad = dir.join("bad.txt");
    std::fs::write(&bad, "E0100 too short\n").expect("write");
    let out = run(&["hcpcs-file", bad.to_str().expect("path")]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("line 1"), "{}", stderr(&out));
    let _ = std::fs::remove_dir_all(&dir);
}
