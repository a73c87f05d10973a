//! `validate --dates-in-input`: a date of service a row, across every fiscal year the data
//! covers (FY2016, from 2015-10-01, to FY2027, from 2026-10-01), agrees code by code with
//! one `validate --date D CODE` call a row and with the core's single call.

mod common;
use common::*;

use medcodes::{CodeSystem, Date};
use serde_json::Value;

/// Dates from the first day of FY2016 to the last covered day, with the edges of fiscal
/// years and of the mid-year COVID-19 codes (U07.1 from 2020-04-01).
const DATES: &[&str] = &[
    "2015-10-01",
    "2016-09-30",
    "2016-10-01",
    "2017-10-01",
    "2018-10-01",
    "2019-10-01",
    "2020-03-31",
    "2020-04-01",
    "2020-08-01",
    "2021-10-01",
    "2022-10-01",
    "2023-10-01",
    "2024-10-01",
    "2025-10-01",
    "2026-09-30",
    "2026-10-01",
];

/// ICD-10-CM inputs whose verdict changes over the years (added, deleted, expanded into
/// a header), and some that are never valid.
const CM_CODES: &[&str] = &[
    "E11.9",
    "U07.1",
    "H40.11X0",
    "E11.A",
    "e119",
    " S52.521A ",
    "E11",
    "S52.521",
    "Z3A.00",
    "J12.82",
    "12345",
];

/// ICD-10-PCS inputs: valid throughout, added in 2020, a table.
const PCS_CODES: &[&str] = &["0DTJ4ZZ", "XW033E5", "0DT"];

/// The fields of a `validate --json` record that must agree (all but `input`).
const FIELDS: &[&str] = &[
    "code", "valid", "reason", "message", "title", "billable", "date", "system",
];

/// Every code on every date, interleaved so that neighbouring rows have other dates.
fn rows(codes: &[&str]) -> Vec<(String, &'static str)> {
    let mut rows = Vec::new();
    for (i, &date) in DATES.iter().enumerate() {
        for j in 0..codes.len() {
            rows.push((codes[(i + j) % codes.len()].to_owned(), date));
        }
    }
    rows
}

fn input(rows: &[(String, &str)]) -> Vec<u8> {
    rows.iter()
        .flat_map(|(code, date)| format!("{code},{date}\n").into_bytes())
        .collect()
}

fn per_row(system: &str, rows: &[(String, &str)]) -> Vec<Value> {
    let args = ["validate", "--dates-in-input", "--json", "--system", system];
    let out = run_with_stdin(&args, &input(rows));
    assert!(
        out.status.code().is_some_and(|c| c <= 1),
        "{}",
        stderr(&out)
    );
    let records = json_lines(&out);
    assert_eq!(records.len(), rows.len());
    records
}

fn agrees_with_single_calls(system: &str, codes: &[&str]) {
    let rows = rows(codes);
    let records = per_row(system, &rows);
    for ((code, date), record) in rows.iter().zip(&records) {
        let single = run(&[
            "validate", "--json", "--system", system, "--date", date, code,
        ]);
        let single = &json_lines(&single)[0];
        for field in FIELDS {
            assert_eq!(
                record[field], single[field],
                "{field} of {code:?} on {date}"
            );
        }
        assert_eq!(record["input"], code.as_str());
    }
}

#[test]
fn icd10cm_rows_agree_with_one_call_a_row() {
    agrees_with_single_calls("icd10cm", CM_CODES);
}

#[test]
fn icd10pcs_and_auto_rows_agree_with_one_call_a_row() {
    agrees_with_single_calls("icd10pcs", PCS_CODES);
    agrees_with_single_calls("auto", &["E11.9", "0DTJ4ZZ", "B20", "U07.1", "0DTJ4"]);
}

/// More rows than one batch, every verdict as the core's single call gives it.
#[test]
fn many_rows_agree_with_the_core() {
    let mut rows = rows(CM_CODES);
    while rows.len() < 10_000 {
        rows.extend_from_within(..rows.len().min(10_000 - rows.len()));
    }
    let records = per_row("icd10cm", &rows);
    let cm = CodeSystem::Icd10Cm;
    let mut valid = 0;
    for ((code, date), record) in rows.iter().zip(&records) {
        let date: Date = date.parse().expect("date");
        let (reason, canonical) = match cm.validate(code, date) {
            Ok(found) => {
                valid += 1;
                ("valid".to_owned(), Some(found.code().to_string()))
            }
            Err(e) => (
                e.kind().as_str().to_owned(),
                cm.canonical(code).ok().map(|c| c.to_string()),
            ),
        };
        assert_eq!(record["reason"], reason.as_str(), "{code:?} on {date}");
        assert_eq!(
            record["code"].as_str(),
            canonical.as_deref(),
            "{code:?} on {date}"
        );
        assert_eq!(record["date"], date.to_string());
    }
    // The dates matter: some rows are valid, some are not.
    assert!(valid > 0 && valid < rows.len(), "{valid} of {}", rows.len());
}

#[test]
fn rows_without_a_usable_date_are_reported_and_the_run_goes_on() {
    let input = b"E11.9,2025-03-01\nE11.9\nE11.9,\nE11.9,2025-02-30\nE11.9,03/01/2025\n\
                  E11.9,2014-09-30\nU07.1,20200401\n";
    let out = run_with_stdin(&["validate", "--dates-in-input"], input);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_lines_start_with(
        &stdout(&out),
        &[
            "VALID  E11.9  Type 2 diabetes mellitus without complications",
            "INVALID  E11.9  missing_date  line 2: no date: expected CODE,DATE",
            "INVALID  E11.9  missing_date  line 3: the date is empty",
            "INVALID  E11.9  malformed_date  line 4: \"2025-02-30\" is not a valid date",
            "INVALID  E11.9  malformed_date  line 5: \"03/01/2025\" is not a date",
            "INVALID  E11.9  date_out_of_range  2014-09-30 is outside the dates covered",
            "VALID  U07.1  COVID-19",
        ],
    );
    // The date problems are on standard error too, with their lines and values.
    let err = stderr(&out);
    let reported = [
        "line 2: no date",
        "line 3: the date is empty",
        "\"2025-02-30\"",
    ];
    assert!(reported.iter().all(|r| err.contains(r)), "{err}");

    // Arguments are rows too, numbered as arguments.
    let out = run(&[
        "validate",
        "--dates-in-input",
        "U07.1,2019-06-01",
        "U07.1,x",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(
        text.starts_with("INVALID  U07.1  not_valid_on_date  "),
        "{text}"
    );
    assert!(text.contains("malformed_date  argument 2: \"x\""), "{text}");

    // --date and --dates-in-input do not go together.
    let out = run(&[
        "validate",
        "--dates-in-input",
        "--date",
        DATE,
        "E11.9,2025-03-01",
    ]);
    assert_eq!(out.status.code(), Some(2));
}
