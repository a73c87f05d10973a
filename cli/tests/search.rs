//! `medcodes search`: ranked search over every code set, by words or the start of a code.

mod common;

use common::{run, stderr, stdout, DATE};
use serde_json::Value;

fn json(args: &[&str]) -> Value {
    let out = run(args);
    assert!(out.status.code() == Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert_eq!(text.lines().count(), 1, "one JSON object: {text}");
    serde_json::from_str(&text).expect("JSON")
}

fn codes(v: &Value) -> Vec<String> {
    v["hits"]
        .as_array()
        .expect("hits")
        .iter()
        .map(|h| h["code"].as_str().unwrap_or_default().to_owned())
        .collect()
}

#[test]
fn a_code_prefix_lists_the_codes_below_it_in_code_order() {
    let out = run(&[
        "search", "e11.6", "--system", "icd10cm", "--limit", "4", "--date", DATE,
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "icd10cm   E11.6    Type 2 diabetes mellitus with other specified complications  [header, not billable]  (code)\n\
         icd10cm   E11.61   Type 2 diabetes mellitus with diabetic arthropathy  [header, not billable]  (code)\n\
         icd10cm   E11.610  Type 2 diabetes mellitus with diabetic neuropathic arthropathy  (code)\n\
         icd10cm   E11.618  Type 2 diabetes mellitus with other diabetic arthropathy  (code)\n"
    );
    // The total on standard error.
    assert!(
        stderr(&out).contains("4 of 17 codes (1-4)"),
        "{}",
        stderr(&out)
    );
    // The next page.
    let v = json(&[
        "search", "e11.6", "--system", "icd10cm", "--limit", "4", "--offset", "4", "--date", DATE,
        "--json",
    ]);
    assert_eq!(v["total"], 17);
    assert_eq!(codes(&v)[0], "E11.62");
    assert_eq!(v["hits"][0]["kind"], "code_prefix");
    assert_eq!(v["hits"][0]["field"], "code");
    assert_eq!(v["hits"][0]["spans"][0]["end"], 5);
}

#[test]
fn words_everyday_words_and_abbreviations_find_what_a_coder_expects() {
    for (query, want) in [("hypertension", "I10"), ("chf", "I50.9")] {
        let v = json(&[
            "search", query, "--system", "icd10cm", "--date", DATE, "--limit", "5", "--json",
        ]);
        assert!(codes(&v).contains(&want.to_owned()), "{query}: {v}");
    }
    // Several arguments are one query; the JSON gives the field, its text and the spans.
    let v = json(&[
        "search", "heart", "attack", "--system", "icd10cm", "--date", DATE, "--json",
    ]);
    assert_eq!(v["query"], "heart attack");
    let hit = &v["hits"][0];
    assert_eq!(hit["code"], "I21.9");
    assert_eq!(hit["system"], "icd10cm");
    assert_eq!(hit["kind"], "exact");
    assert_eq!(hit["billable"], true);
    assert_eq!(hit["field"], "title");
    assert_eq!(
        hit["matched"],
        serde_json::json!(["myocardial", "infarction"])
    );
    let text = hit["text"].as_str().unwrap();
    let span = &hit["spans"][0];
    let (a, b) = (
        span["start"].as_u64().unwrap() as usize,
        span["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(&text[a..b], "myocardial");
    assert!(v["total"].as_u64().unwrap() >= 10);
    // Type 2 above type 1.
    let v = json(&[
        "search", "diab", "mell", "type", "2", "--system", "icd10cm", "--date", DATE, "--json",
    ]);
    assert!(codes(&v)[0].starts_with("E11"), "{v}");
    // An inclusion term that matched is shown as such.
    let out = run(&[
        "search",
        "high blood pressure",
        "--system",
        "icd10cm",
        "--date",
        DATE,
        "--limit",
        "1",
    ]);
    assert_eq!(
        stdout(&out),
        "icd10cm   I10      Essential (primary) hypertension  (inclusion term: high blood pressure)\n"
    );
}

#[test]
fn every_code_set_is_searched_and_each_hit_labelled() {
    let out = run(&[
        "search",
        "laparoscopic",
        "appendectomy",
        "--date",
        DATE,
        "--limit",
        "1",
    ]);
    assert_eq!(
        stdout(&out),
        "icd10pcs  0DTJ4ZZ  Resection of Appendix, Percutaneous Endoscopic Approach  (title)\n"
    );
    let v = json(&[
        "search",
        "oxygen concentrator",
        "--system",
        "hcpcs",
        "--date",
        DATE,
        "--json",
    ]);
    assert_eq!(codes(&v)[0], "E1390");
    assert_eq!(v["systems"].as_array().unwrap().len(), 1);
    // A code of two systems: both, labelled.
    let v = json(&[
        "search",
        "J1100",
        "--system",
        "icd10cm,hcpcs",
        "--date",
        "2025-07-01",
        "--json",
    ]);
    let systems: Vec<&str> = v["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["system"].as_str().unwrap())
        .collect();
    assert!(
        systems.contains(&"icd10cm") && systems.contains(&"hcpcs"),
        "{v}"
    );
    let v = json(&[
        "search",
        "cane",
        "--system",
        "hcpcs,icd10cm",
        "--date",
        "2025-07-01",
        "--json",
    ]);
    assert_eq!(v["systems"][0]["system"], "hcpcs");
}

#[test]
fn dates_nothing_found_and_usage_errors() {
    // U07.1 (COVID-19) arrived in April 2020.
    let out = run(&[
        "search",
        "u07.1",
        "--system",
        "icd10cm",
        "--date",
        "2016-06-01",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("no code matches \"u07.1\" (searched ICD-10-CM)"),
        "{}",
        stderr(&out)
    );
    let v = json(&["search", "u07.1", "--date", "2021-06-01", "--json"]);
    assert_eq!(codes(&v)[0], "U07.1");
    // A system whose data does not cover the date is left out, and said so.
    let v = json(&[
        "search",
        "oxygen",
        "--system",
        "icd10cm,hcpcs",
        "--date",
        "2027-01-01",
        "--json",
    ]);
    let hcpcs = v["systems"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["system"] == "hcpcs")
        .unwrap();
    assert_eq!(hcpcs["searched"], false);
    assert!(hcpcs["note"].as_str().unwrap().contains("not searched"));
    // Usage errors: status 2.
    for args in [
        &["search", "E11", "--limit", "x"][..],
        &["search", "E11", "--system", "icd9"],
        &["search", "E11", "--date", "2001-01-01"],
        &["search"],
    ] {
        assert_eq!(run(args).status.code(), Some(2), "{args:?}");
    }
    let long = "x".repeat(2000);
    let out = run(&["search", &long]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("too long"), "{}", stderr(&out));
    // Punctuation alone finds nothing, without a panic.
    let out = run(&["search", ",;:", "--json"]);
    assert_eq!(out.status.code(), Some(1));
    let v: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v["total"], 0);
}

#[test]
fn today_by_default_or_a_system_s_last_date() {
    let v = json(&["search", "walker", "--json"]);
    for s in v["systems"].as_array().unwrap() {
        assert_eq!(s["searched"], true);
        assert!(s["date"].is_string());
    }
}
