//! A CMS release loaded at run time: `--release PATH`, `MEDCODES_RELEASE_DIR`, `medcodes
//! release diff PATH`, the message past the built-in horizon, and `--version`.

mod common;

use std::path::PathBuf;
use std::process::{Command, Output};

use common::{json_lines, stderr, stdout, BIN};
use medcodes::release::format_line;

/// A folder with a small FY2028 order file: E11 with E11.9 and a new E11.W (every other
/// code deleted from 2027-10-01). `broken`: its second line cut short.
fn release_dir(name: &str, broken: bool) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("medcodes-cli-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut lines = [
        format_line(
            1,
            "E11",
            false,
            "Type 2 diabetes mellitus",
            "Type 2 diabetes mellitus",
        ),
        format_line(
            2,
            "E119",
            true,
            "Type 2 diabetes w/o compl",
            "Type 2 diabetes mellitus without complications",
        ),
        format_line(
            3,
            "E11W",
            true,
            "Type 2 diabetes, new",
            "Type 2 diabetes mellitus, new code",
        ),
    ];
    if broken {
        lines[1].truncate(30);
    }
    std::fs::write(dir.join("icd10cm_order_2028.txt"), lines.join("\n")).unwrap();
    dir
}

fn run_env(args: &[&str], env: Option<&PathBuf>) -> Output {
    let mut command = Command::new(BIN);
    command.args(args).env_remove("MEDCODES_RELEASE_DIR");
    if let Some(dir) = env {
        command.env("MEDCODES_RELEASE_DIR", dir);
    }
    command.output().expect("run medcodes")
}

#[test]
fn validate_with_a_release_flag_or_folder() {
    let dir = release_dir("validate", false);
    let path = dir.to_str().unwrap();
    let out = run_env(
        &[
            "--release",
            path,
            "validate",
            "--date",
            "2027-10-01",
            "E11.9",
            "E11.W",
            "E11.65",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert!(
        lines[0].starts_with("VALID  E11.9  Type 2 diabetes mellitus without complications"),
        "{text}"
    );
    assert!(
        lines[1]
            .starts_with("VALID  E11.W  Type 2 diabetes mellitus, new code  [FY2028 order file"),
        "{text}"
    );
    assert!(
        lines[2].starts_with("INVALID  E11.65  not_valid_on_date"),
        "{text}"
    );

    // The same from MEDCODES_RELEASE_DIR, as JSON; before 2027-10-01 the built-in answers.
    let out = run_env(
        &[
            "validate",
            "--json",
            "--date",
            "2026-12-01",
            "E11.W",
            "E11.65",
        ],
        Some(&dir),
    );
    let records = json_lines(&out);
    assert_eq!(records[0]["reason"], "unknown");
    assert_eq!(records[1]["reason"], "valid");
    assert_eq!(records[1]["title"]["from_release"], false);
    let out = run_env(
        &["validate", "--json", "--date", "2027-10-01", "E11.W"],
        Some(&dir),
    );
    let records = json_lines(&out);
    assert_eq!(records[0]["valid"], true);
    assert_eq!(records[0]["title"]["from_release"], true);
    assert_eq!(out.status.code(), Some(0));

    let out = run_env(
        &[
            "--release",
            path,
            "lookup",
            "--system",
            "icd10cm",
            "--date",
            "2027-10-01",
            "E11.W",
        ],
        None,
    );
    assert!(
        stdout(&out).contains("in: the release only (new)"),
        "{}",
        stdout(&out)
    );
    // Past the release's fiscal year: a message naming the release in force.
    let out = run_env(
        &[
            "--release",
            path,
            "validate",
            "--date",
            "2028-10-01",
            "E11.9",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("outside the dates"),
        "{}",
        stderr(&out)
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn release_diff_lists_the_changes() {
    let dir = release_dir("diff", false);
    let file = dir.join("icd10cm_order_2028.txt");
    let out = run_env(&["release", "diff", file.to_str().unwrap(), "--json"], None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let diff = &json_lines(&out)[0];
    assert_eq!(diff["added"], serde_json::json!(["E11.W"]));
    assert_eq!(diff["release"]["role"], "update");
    assert_eq!(diff["compared_on"], "2027-03-31");
    assert!(diff["deleted"].as_array().unwrap().len() > 70_000);
    let out = run_env(
        &["release", "diff", dir.to_str().unwrap(), "--limit", "2"],
        None,
    );
    let text = stdout(&out);
    assert!(
        text.starts_with("FY2028 order file (icd10cm_order_2028.txt): 3 codes (2 billable)"),
        "{text}"
    );
    assert!(
        text.contains("added (in the release, not in force in the built-in tables): 1\n  E11.W\n"),
        "{text}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_malformed_release_is_refused_with_its_line() {
    let dir = release_dir("broken", true);
    for args in [
        vec!["release", "diff", dir.to_str().unwrap()],
        vec![
            "--release",
            dir.to_str().unwrap(),
            "validate",
            "--date",
            "2027-10-01",
            "E11.9",
        ],
    ] {
        let out = run_env(&args, None);
        assert_eq!(out.status.code(), Some(2));
        let err = stderr(&out);
        assert!(
            err.contains("icd10cm_order_2028.txt, line 2: 30 characters"),
            "{err}"
        );
        assert!(err.contains("nothing applied"), "{err}");
        assert!(stdout(&out).is_empty());
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn past_the_horizon_the_message_names_the_way_to_load_a_release() {
    let out = run_env(&["validate", "--date", "2027-10-01", "E11.9"], None);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("2027-03-31"), "{err}");
    assert!(
        err.contains("--release PATH")
            && err.contains("icd10cm_order_2028.txt")
            && err.contains("MEDCODES_RELEASE_DIR"),
        "{err}"
    );
    // Before the data begins, no such hint.
    let out = run_env(&["validate", "--date", "2014-10-01", "E11.9"], None);
    assert!(!stderr(&out).contains("--release"), "{}", stderr(&out));
}

#[test]
fn version_says_what_each_table_is_current_for() {
    let out = run_env(&["--version"], None);
    let text = stdout(&out);
    assert!(
        text.contains("ICD-10-CM tables: FY2027 release of 2026-10-01, current through 2027-03-31"),
        "{text}"
    );
    assert!(
        text.contains(
            "ICD-10-PCS tables: FY2027 release of 2026-10-01, current through 2027-03-31"
        ),
        "{text}"
    );
}
