//! `medcodes map --to SYSTEM`: codes through the GEMs, every row with its flags.

mod common;

use common::{run, run_with_stdin, stderr, stdout};
use serde_json::Value;

#[test]
fn maps_icd9_diagnoses_forward_with_their_flags() {
    let out = run(&["map", "--to", "icd10cm", "250.00", "36570"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "250.00\tE11.9\t10000\tapproximate", "{text}");
    assert_eq!(lines[1], "365.70\tNoDx\t11000\tno map", "{text}");
    assert!(stderr(&out).contains("FY2016"), "{}", stderr(&out));
}

#[test]
fn reads_stdin_and_maps_back_and_to_pcs_as_json() {
    let out = run_with_stdin(&["map", "--to", "icd9cm", "--json"], b"E11.9\n\nZ99.999\n");
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let text = stdout(&out);
    let rows: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), 2, "{text}");
    assert_eq!(rows[0]["source"], "E11.9");
    assert_eq!(rows[0]["direction"], "icd10cm_to_icd9cm");
    assert!(rows[0]["targets"]
        .as_array()
        .unwrap()
        .iter()
        .any(|t| t["code"] == "250.00" && t["flags"]["approximate"].is_boolean()));
    assert_eq!(rows[1]["input"], "Z99.999");
    assert!(
        rows[1]["error"].as_str().unwrap().contains("not in the"),
        "{text}"
    );

    let out = run(&["map", "--to", "icd10pcs", "01.23"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).lines().all(|l| l.starts_with("01.23\t")));
}

#[test]
fn a_gem_file_and_its_errors() {
    let dir = std::env::temp_dir().join(format!("medcodes-map-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let good = dir.join("gem_pcsi9.txt");
    std::fs::write(&good, "0016070 0044 10000\n").unwrap();
    let out = run(&[
        "map",
        "--to",
        "icd9proc",
        "--gem-file",
        good.to_str().unwrap(),
        "--gem-release",
        "FY2018",
        "0016070",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out), "0016070\t00.44\t10000\tapproximate\n");
    // Without a file, ICD-10-PCS to ICD-9-CM is not bundled.
    let out = run(&["map", "--to", "icd9proc", "0016070"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("no ICD-10-PCS to ICD-9-CM Volume 3 GEM is bundled"),
        "{}",
        stderr(&out)
    );
    let bad = dir.join("bad.txt");
    std::fs::write(&bad, "0010 A000 00000\n0010 A000 0x000\n").unwrap();
    let out = run(&[
        "map",
        "--to",
        "icd10cm",
        "--gem-file",
        bad.to_str().unwrap(),
        "0010",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("line 2, flags"), "{}", stderr(&out));
    // No GEM maps to HCPCS: a usage error.
    let out = run(&["map", "--to", "hcpcs", "E0100"]);
    assert_eq!(out.status.code(), Some(2));
    let _ = std::fs::remove_dir_all(&dir);
}
