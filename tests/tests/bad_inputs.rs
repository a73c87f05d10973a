//! The bad-input matrix (`tests/bad_inputs.json`) on the Rust library: each code input gives
//! its reason from `reason`, the batch call and `validate`'s error (whose message stays short
//! whatever the input), and each date input its outcome. The same file drives the CLI,
//! Python and JavaScript tests, so the surfaces agree.

use medcodes::{CodeSystem, Date, DateError, ReasonKind};
use serde_json::Value;

fn matrix() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/bad_inputs.json");
    let text = std::fs::read_to_string(path).expect("tests/bad_inputs.json");
    serde_json::from_str(&text).expect("tests/bad_inputs.json is JSON")
}

/// An input as a Rust string: huge ones built, UTF-16 and bytes decoded with replacement.
fn input(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Object(o) if o.contains_key("repeat") => {
            let part = o["repeat"].as_str().unwrap_or_default();
            let times = o["times"].as_u64().unwrap_or_default() as usize;
            format!(
                "{}{}",
                o["prefix"].as_str().unwrap_or_default(),
                part.repeat(times)
            )
        }
        Value::Object(o) if o.contains_key("utf16") => {
            let units: Vec<u16> = o["utf16"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|u| u.as_u64().map(|u| u as u16))
                .collect();
            String::from_utf16_lossy(&units)
        }
        Value::Object(o) if o.contains_key("bytes") => {
            let hex = o["bytes"].as_str().unwrap_or_default();
            let bytes: Vec<u8> = (0..hex.len())
                .step_by(2)
                .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).expect("hex"))
                .collect();
            String::from_utf8_lossy(&bytes).into_owned()
        }
        other => panic!("not an input: {other}"),
    }
}

fn date(s: &str) -> Date {
    s.parse().expect("a matrix date")
}

#[test]
fn every_code_input_gives_its_reason() {
    let m = matrix();
    let default_date = date(m["date"].as_str().unwrap_or_default());
    let cases = m["codes"].as_array().expect("codes");
    assert!(cases.len() >= 30);
    for case in cases {
        let name = case["name"].as_str().unwrap_or_default();
        let system = CodeSystem::from_id(case["system"].as_str().unwrap_or_default())
            .unwrap_or_else(|| panic!("{name}: system"));
        let on = case["date"].as_str().map(date).unwrap_or(default_date);
        let code = input(&case["input"]);
        let expected = case["reason"].as_str().unwrap_or_default();
        let reason = system.reason(&code, on);
        assert_eq!(reason.as_str(), expected, "{name}");
        let mut batch = Vec::new();
        system.reasons(&[code.as_str()], on, &mut batch);
        assert_eq!(batch, vec![reason], "{name}: the batch call");
        // `validate`'s error says the same reason, in a message of bounded length.
        let validated = system.validate(&code, on);
        match validated {
            Ok(_) => assert_eq!(reason, ReasonKind::Valid, "{name}"),
            Err(e) => {
                assert_eq!(e.kind(), reason, "{name}: validate");
                assert!(
                    e.to_string().len() < 600,
                    "{name}: {} bytes",
                    e.to_string().len()
                );
            }
        }
    }
}

#[test]
fn every_date_input_gives_its_outcome() {
    let m = matrix();
    let cases = m["dates"].as_array().expect("dates");
    for case in cases {
        let name = case["name"].as_str().unwrap_or_default();
        let text = input(&case["input"]);
        let expected = case["outcome"].as_str().unwrap_or_default();
        let outcome = match text.parse::<Date>() {
            Err(DateError::Malformed { input }) => {
                assert!(input.len() < 200, "{name}: the input echoed short");
                "date_malformed".to_string()
            }
            Err(DateError::Invalid { .. }) => "date_invalid".to_string(),
            Err(other) => panic!("{name}: {other:?}"),
            Ok(d) => CodeSystem::Icd10Cm.reason("E11.9", d).as_str().to_string(),
        };
        assert_eq!(outcome, expected, "{name}: {text:.40?}");
    }
}
