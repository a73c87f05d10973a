//! Long runs (issue 18): the progress bar on a terminal and only there, and output files
//! that appear only when complete.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A fresh folder for one test's files.
fn folder(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("medcodes-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp folder");
    dir
}

/// `lines` lines of codes, a few distinct, as a claims extract repeats them.
fn codes(lines: usize) -> String {
    let codes = [
        "E11.9", "I10", "Z00.00", "S72.001A", "XYZ", "e119", "J45.909",
    ];
    (0..lines)
        .map(|i| codes[i % codes.len()])
        .fold(String::with_capacity(lines * 8), |mut s, c| {
            s.push_str(c);
            s.push('\n');
            s
        })
}

/// Runs a shell command line with standard error on a pseudo-terminal (util-linux
/// `script`); returns what the terminal showed, or `None` where `script` is missing.
fn on_a_terminal(command: &str) -> Option<Vec<u8>> {
    let out = Command::new("script")
        .args(["-qec", command, "/dev/null"])
        .output()
        .ok()?;
    assert!(
        out.status.code().is_some_and(|c| c <= 1),
        "{command}: {:?}",
        out.status
    );
    Some(out.stdout)
}

#[test]
fn validate_draws_a_progress_bar_on_a_terminal_and_erases_it() {
    let dir = folder("progress");
    let input = dir.join("codes.txt");
    // A debug build takes about a second over these: past the bar's first 200 ms.
    std::fs::write(&input, codes(1_500_000)).expect("write");
    let (with, without) = (dir.join("with.txt"), dir.join("without.txt"));
    let run = |out: &PathBuf, extra: &str| {
        on_a_terminal(&format!(
            "{} validate --date 2025-03-01 {extra} < {} > {}",
            common::BIN,
            input.display(),
            out.display()
        ))
    };
    let Some(screen) = run(&with, "") else {
        return; // no `script` here
    };
    let screen = String::from_utf8_lossy(&screen);
    assert!(screen.starts_with("\r["), "{screen:?}");
    assert!(screen.contains("% "), "{screen:?}");
    assert!(screen.contains(" lines/s"), "{screen:?}");
    assert!(
        screen.ends_with("\r\x1b[2K"),
        "erased at the end: {screen:?}"
    );
    let quiet = run(&without, "--no-progress").unwrap_or_default();
    assert!(quiet.is_empty(), "{}", String::from_utf8_lossy(&quiet));
    let (a, b) = (std::fs::read(&with).ok(), std::fs::read(&without).ok());
    assert!(
        a.is_some() && a == b,
        "the bar changes nothing in the output"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn without_a_terminal_there_is_no_bar() {
    let dir = folder("no-progress");
    let input = dir.join("codes.txt");
    std::fs::write(&input, codes(1_500_000)).expect("write");
    let out = Command::new(common::BIN)
        .args(["validate", "--date", "2025-03-01"])
        .stdin(std::fs::File::open(&input).expect("open"))
        .output()
        .expect("run medcodes");
    assert_eq!(out.status.code(), Some(1)); // XYZ
    assert!(out.stderr.is_empty());
    let _ = std::fs::remove_dir_all(&dir);
}

/// `medcodes claims INPUT -o OUT`.
fn claims_to(out: &Path, input: &Path) -> Output {
    Command::new(common::BIN)
        .args(["claims", "--no-progress", "-o"])
        .arg(out)
        .arg(input)
        .output()
        .expect("run medcodes")
}

#[test]
fn a_claims_output_file_is_not_left_behind_when_the_run_fails() {
    let dir = folder("claims-out");
    // A folder named like a CSV file: it opens, then fails on the first read.
    let input = dir.join("claims.csv");
    std::fs::create_dir(&input).expect("folder");
    let out_path = dir.join("findings.csv");
    let out = claims_to(&out_path, &input);
    assert_eq!(out.status.code(), Some(2));
    let names: Vec<String> = std::fs::read_dir(&dir)
        .expect("read folder")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["claims.csv"], "nothing but the input is left");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_claims_output_file_appears_complete() {
    let dir = folder("claims-done");
    let input = dir.join("claims.csv");
    std::fs::write(
        &input,
        "claim_id,age,sex,discharge_date,principal\n1,40,F,2025-03-01,E11.9\n2,30,M,2025-03-01,O80\n",
    )
    .expect("write");
    let out_path = dir.join("findings.csv");
    let out = claims_to(&out_path, &input);
    assert!(out.status.code().is_some_and(|c| c <= 1), "{:?}", out);
    let text = std::fs::read_to_string(&out_path).expect("the output file");
    // E11.9 as the principal diagnosis: MCE edit 8, questionable admission.
    assert!(
        text.starts_with("claim_id,") && text.contains(",8,"),
        "{text}"
    );
    assert_eq!(std::fs::read_dir(&dir).map(|d| d.count()).ok(), Some(2));
    let _ = std::fs::remove_dir_all(&dir);
}
