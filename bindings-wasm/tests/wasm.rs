//! `#[wasm_bindgen_test]` tests of the bindings, run in Node by wasm-bindgen-test-runner
//! (`run-tests.sh`). They call the exported functions as Rust functions and look at the JS
//! values they return.
#![cfg(all(target_arch = "wasm32", feature = "icd10cm"))]

use js_sys::{Array, Reflect};
use medcodes_wasm::{Icd10Cm, Icd10CmCode};
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

fn get(v: &JsValue, key: &str) -> JsValue {
    Reflect::get(v, &JsValue::from_str(key)).unwrap()
}

fn s(v: &str) -> JsValue {
    JsValue::from_str(v)
}

fn text(v: &JsValue, key: &str) -> String {
    get(v, key).as_string().unwrap_or_default()
}

#[wasm_bindgen_test]
fn valid_code_is_a_plain_verdict() {
    let v = Icd10Cm::new()
        .validate(s("e11.9"), s("2025-03-01"))
        .unwrap();
    assert_eq!(get(&v, "valid"), JsValue::TRUE);
    assert_eq!(text(&v, "reason"), "valid");
    assert_eq!(text(&v, "code"), "E11.9");
    assert_eq!(text(&v, "date"), "2025-03-01");
    assert!(get(&v, "message").is_undefined());
}

#[wasm_bindgen_test]
fn rejections_carry_their_fields() {
    let cm = Icd10Cm::new();
    let v = cm.validate(s("E11"), s("2025-03-01")).unwrap();
    assert_eq!(get(&v, "valid"), JsValue::FALSE);
    assert_eq!(text(&v, "reason"), "not_billable");
    assert_eq!(text(&v, "code"), "E11");
    assert!(get(&v, "billableDescendants").as_f64().unwrap() > 10.0);
    assert!(Array::from(&get(&v, "examples")).length() > 0);
    assert!(text(&v, "message").contains("header"));

    let v = cm.validate(s("E1.19"), s("2025-03-01")).unwrap();
    assert_eq!(text(&v, "reason"), "malformed");
    assert!(get(&v, "code").is_null());
    assert_eq!(get(&v, "position").as_f64(), Some(3.0));
    assert_eq!(text(&v, "found"), ".");

    let v = cm.validate(s("U07.1"), s("2019-01-01")).unwrap();
    assert_eq!(text(&v, "reason"), "not_valid_on_date");
    let validity = Array::from(&get(&v, "validity"));
    assert_eq!(text(&validity.get(0), "start"), "2020-04-01");
    assert!(get(&validity.get(0), "end").is_null());

    let v = cm.validate(s("E11.9"), s("1999-01-01")).unwrap();
    assert_eq!(text(&v, "reason"), "date_out_of_range");
    assert_eq!(text(&v, "code"), "E11.9");
}

#[wasm_bindgen_test]
fn wrong_types_throw_type_errors() {
    let cm = Icd10Cm::new();
    for bad in [JsValue::UNDEFINED, JsValue::NULL, JsValue::from(5)] {
        let e = cm.validate(bad, s("2025-03-01")).unwrap_err();
        assert!(e.is_instance_of::<js_sys::TypeError>());
        assert_eq!(text(&e, "code"), "ERR_INVALID_ARG_TYPE");
        assert_eq!(text(&e, "argument"), "code");
    }
    let e = cm
        .validate(s("E11.9"), JsValue::from(20250301))
        .unwrap_err();
    assert_eq!(text(&e, "argument"), "date");
}

#[wasm_bindgen_test]
fn unreadable_dates_throw_date_errors() {
    let cm = Icd10Cm::new();
    let e = cm.validate(s("E11.9"), s("2025-02-30")).unwrap_err();
    assert!(e.is_instance_of::<js_sys::Error>());
    assert_eq!(text(&e, "name"), "DateError");
    assert_eq!(text(&e, "kind"), "invalid");
    let e = cm.validate(s("E11.9"), s("March 1")).unwrap_err();
    assert_eq!(text(&e, "kind"), "malformed");
    let d = js_sys::Date::new(&s("2025-03-01T00:00:00Z"));
    let v = cm.validate(s("E11.9"), d.into()).unwrap();
    assert_eq!(text(&v, "date"), "2025-03-01");
}

#[wasm_bindgen_test]
fn hierarchy_and_titles() {
    let cm = Icd10Cm::new();
    let code: Icd10CmCode = cm.lookup(s("E11.65")).unwrap().unwrap();
    assert_eq!(code.code(), "E11.65");
    assert_eq!(code.kind().as_string().as_deref(), Some("code"));
    assert_eq!(code.parent().unwrap().code(), "E11.6");
    let ancestors: Vec<String> = code.ancestors().iter().map(|c| c.code()).collect();
    assert_eq!(ancestors, ["E11.6", "E11"]);
    assert_eq!(code.block().unwrap().id(), "E08-E13");
    assert_eq!(code.chapter().unwrap().number(), 4);
    let e11 = cm.lookup(s("E11")).unwrap().unwrap();
    assert!(e11.children().iter().any(|c| c.code() == "E11.9"));
    #[cfg(feature = "titles")]
    assert_eq!(
        e11.children()
            .iter()
            .find(|c| c.code() == "E11.9")
            .unwrap()
            .title()
            .as_deref(),
        Some("Type 2 diabetes mellitus without complications")
    );
    #[cfg(not(feature = "titles"))]
    assert_eq!(code.title(), None);
    assert!(cm.lookup(s("E11.99999")).unwrap().is_none());
}

#[wasm_bindgen_test]
fn batches_agree_with_single_calls() {
    let cm = Icd10Cm::new();
    let inputs = ["E11.9", "E11", "", "E1.19", "U07.1", "S52.521A", "ZZZ99"];
    let arr: Array = inputs.iter().map(|c| s(c)).collect();
    arr.push(&JsValue::NULL);
    let date = s("2025-03-01");
    let codes =
        js_sys::Uint8Array::from(cm.reasons(arr.clone().into(), date.clone()).unwrap()).to_vec();
    let valid = Array::from(&cm.are_valid(arr.clone().into(), date.clone()).unwrap());
    let many = Array::from(&cm.validate_many(arr.into(), date.clone()).unwrap());
    let kinds = Array::from(&medcodes_wasm::reasons());
    for (i, input) in inputs.iter().enumerate() {
        let single = cm
            .reason(s(input), date.clone())
            .unwrap()
            .as_string()
            .unwrap();
        assert_eq!(kinds.get(codes[i] as u32).as_string().unwrap(), single);
        assert_eq!(text(&many.get(i as u32), "reason"), single);
        assert_eq!(valid.get(i as u32).as_bool(), Some(single == "valid"));
    }
    assert_eq!(codes[inputs.len()], 1, "null is an empty cell");
    let lines = cm
        .reasons_of_lines(s("E11.9\r\nE11\n\nE1.19\nZZZ99\n"), date)
        .unwrap();
    // ZZZ99 is malformed: an ICD-10-CM category has a digit second or third.
    assert_eq!(lines, [0, 5, 1, 3, 3]);
}

#[wasm_bindgen_test]
fn a_date_a_code() {
    let cm = Icd10Cm::new();
    let codes: Array = ["U07.1", "U07.1", "E11.9"].iter().map(|c| s(c)).collect();
    let dates: Array = [s("2020-03-31"), s("2020-04-01"), JsValue::NULL]
        .iter()
        .collect();
    let kinds = Array::from(
        &cm.reasons(codes.clone().into(), dates.clone().into())
            .unwrap(),
    );
    assert_eq!(kinds.get(0).as_f64(), Some(6.0), "not_valid_on_date");
    assert_eq!(kinds.get(1).as_f64(), Some(0.0), "valid");
    assert!(kinds.get(2).is_null(), "no date, no reason");
    let many = Array::from(
        &cm.validate_many(codes.clone().into(), dates.into())
            .unwrap(),
    );
    assert_eq!(text(&many.get(1), "date"), "2020-04-01");
    assert!(many.get(2).is_null());

    let short: Array = [s("2020-04-01")].iter().collect();
    let e = cm
        .are_valid(codes.clone().into(), short.into())
        .unwrap_err();
    assert!(e.is_instance_of::<js_sys::RangeError>());
    assert_eq!(text(&e, "argument"), "dates");
    assert_eq!(get(&e, "received").as_f64(), Some(1.0));
    let bad: Array = [s("2020-04-01"), JsValue::from(5), s("2020-04-01")]
        .iter()
        .collect();
    let e = cm.are_valid(codes.into(), bad.into()).unwrap_err();
    assert!(e.is_instance_of::<js_sys::TypeError>());
    assert_eq!(text(&e, "argument"), "dates[1]");
}

#[wasm_bindgen_test]
fn verdict_without_a_date_and_detect() {
    let cm = Icd10Cm::new();
    let v = cm.verdict(s("e11")).unwrap();
    assert_eq!(text(&v, "reason"), "valid");
    assert_eq!(text(&v, "code"), "E11");
    let v = cm.verdict(s("E11.99")).unwrap();
    assert_eq!(text(&v, "reason"), "unknown");
    let found = Array::from(&medcodes_wasm::detect(s("E11.9")).unwrap());
    assert_eq!(found.get(0).as_string().as_deref(), Some("icd10cm"));
    assert_eq!(
        Array::from(&medcodes_wasm::detect(s("nope")).unwrap()).length(),
        0
    );
    let lists = medcodes_wasm::enumerations();
    assert_eq!(Array::from(&get(&lists, "reasonKinds")).length(), 13);
    assert_eq!(
        Array::from(&get(&lists, "severities"))
            .get(0)
            .as_string()
            .as_deref(),
        Some("info")
    );
}

#[wasm_bindgen_test]
fn search_by_prefix() {
    let cm = Icd10Cm::new();
    let hits = cm.search(s("e11.6"), JsValue::UNDEFINED).unwrap();
    assert_eq!(hits[0].code(), "E11.6");
    assert!(hits.iter().all(|c| c.undotted().starts_with("E116")));
    let opts = js_sys::Object::new();
    Reflect::set(&opts, &s("limit"), &JsValue::from(3)).unwrap();
    assert_eq!(cm.search(s("E"), opts.into()).unwrap().len(), 3);
    assert!(cm.search(JsValue::from(1), JsValue::UNDEFINED).is_err());
}

#[wasm_bindgen_test]
fn build_info_tells_the_features() {
    let info = medcodes_wasm::build_info();
    assert_eq!(
        get(&info, "titles").as_bool(),
        Some(cfg!(feature = "titles"))
    );
    let systems = Array::from(&get(&info, "systems"));
    assert_eq!(systems.get(0).as_string().as_deref(), Some("icd10cm"));
}

#[wasm_bindgen_test]
fn coding_rules_from_rust() {
    let cm = Icd10Cm::new();
    let v = cm.validate(s("T36.01A"), s("2025-03-01")).unwrap();
    assert_eq!(text(&v, "reason"), "missing_placeholder");
    assert_eq!(text(&v, "suggestion"), "T36.0X1A");
    let v = cm.validate(s("S52.521"), s("2025-03-01")).unwrap();
    assert_eq!(text(&v, "reason"), "missing_seventh_character");
    assert!(Array::from(&get(&v, "options")).length() > 5);

    let codes = Array::of2(&s("E11.9"), &s("E11.9"));
    let report = cm.check_encounter(codes.into(), s("2025-03-01")).unwrap();
    let findings = Array::from(&get(&report, "findings"));
    assert!(findings
        .iter()
        .any(|f| text(&f, "kind") == "duplicate" && text(&f, "severity") == "warning"));
    let def = cm
        .lookup(s("S52.521A"))
        .unwrap()
        .unwrap()
        .seventh_characters();
    assert_eq!(text(&def, "definedAt"), "S52.52");
}

#[cfg(feature = "claims")]
#[wasm_bindgen_test]
fn pcs_and_claims_from_rust() {
    use medcodes_wasm::{check_claim, Icd10Pcs};
    let pcs = Icd10Pcs::new();
    let v = pcs.validate(s("0DT"), s("2025-03-01")).unwrap();
    assert_eq!(text(&v, "reason"), "incomplete");
    let code = pcs.lookup(s("0dtj4zz")).unwrap().unwrap();
    let axes = Array::from(&code.axes());
    assert_eq!(text(&axes.get(2), "label"), "Resection");

    let claim = js_sys::Object::new();
    for (k, v) in [
        ("date", s("2025-03-01")),
        ("age", JsValue::from_f64(70.0)),
        ("sex", s("F")),
        ("principal", s("O80")),
    ] {
        Reflect::set(&claim, &s(k), &v).unwrap();
    }
    let report = check_claim(claim.into(), JsValue::UNDEFINED).unwrap();
    let findings = Array::from(&get(&report, "findings"));
    assert!(findings.iter().any(|f| text(&f, "edit") == "age_conflict"
        && get(&f, "number").as_f64() == Some(4.0)
        && text(&f, "position") == "principal"));

    let err = check_claim(s("O80"), JsValue::UNDEFINED).unwrap_err();
    assert_eq!(text(&err, "name"), "TypeError");
    assert_eq!(text(&err, "argument"), "claim");
}

#[cfg(feature = "hcpcs")]
#[wasm_bindgen_test]
fn hcpcs_from_rust() {
    use medcodes_wasm::Hcpcs;
    let h = Hcpcs::new();
    let dos = "2025-07-01";
    let c = h.lookup(s("j1100")).unwrap().unwrap();
    assert_eq!(c.code(), "J1100");
    assert_eq!(c.status_indicator_on(s(dos)).unwrap().as_deref(), Some("N"));
    assert_eq!(text(&c.section(), "letter"), "J");
    assert!(!c.is_dental());
    assert!(h.lookup(s("D0120")).unwrap().unwrap().title().is_none());

    let v = h.validate(s("99213"), s(dos)).unwrap();
    assert_eq!(text(&v, "reason"), "malformed");
    assert!(text(&v, "expected").contains("CPT"));

    let modifiers = Array::of3(&s("LT"), &s("RT"), &s("50"));
    let findings = Array::from(&h.check_line(s("J1100"), modifiers.into(), s(dos)).unwrap());
    let kinds: Vec<String> = findings.iter().map(|f| text(&f, "kind")).collect();
    assert_eq!(kinds, ["both_sides", "bilateral_with_side"]);
    let e = h.check_line(s("J1100"), s("LT"), s(dos)).unwrap_err();
    assert!(e.is_instance_of::<js_sys::TypeError>());
    assert_eq!(text(&e, "argument"), "modifiers");

    let Err(e) = Hcpcs::with_file(js_sys::Uint8Array::new_with_length(0).into()) else {
        panic!("refused")
    };
    assert_eq!(text(&e, "name"), "HcpcsFileError");
    assert_eq!(text(&e, "kind"), "empty");
    let Err(e) = Hcpcs::with_file(js_sys::Uint8Array::from(&b"J1100 short\n"[..]).into()) else {
        panic!("refused")
    };
    assert_eq!(text(&e, "kind"), "record_length");
    assert_eq!(get(&e, "line").as_f64(), Some(1.0));

    let lists = medcodes_wasm::enumerations();
    assert_eq!(Array::from(&get(&lists, "lineFindingKinds")).length(), 8);
}

#[cfg(feature = "cpt")]
#[wasm_bindgen_test]
fn cpt_from_rust() {
    use medcodes_wasm::Cpt;
    let class = Cpt::classify(s("99213")).unwrap();
    assert_eq!(text(&class, "category"), "category_i");
    assert_eq!(text(&class, "section"), "evaluation_and_management");
    assert!(Cpt::classify(s("J1100")).unwrap().is_undefined());

    let bytes = js_sys::Uint8Array::from(&b"99213\tMade-up descriptor for a test\n"[..]);
    let cpt = Cpt::from_bytes(bytes.into(), JsValue::UNDEFINED).unwrap();
    assert_eq!(cpt.size(), 1);
    assert_eq!(
        cpt.descriptor(s("99213")).unwrap().as_deref(),
        Some("Made-up descriptor for a test")
    );
    let v = cpt.validate(s("99214"), s("2025-03-01")).unwrap();
    assert_eq!(text(&v, "reason"), "unknown");

    let bad = js_sys::Uint8Array::from(&b"99213\tMade-up\n9921X\tMade-up\n"[..]);
    let Err(e) = Cpt::from_bytes(bad.into(), JsValue::UNDEFINED) else {
        panic!("refused")
    };
    assert_eq!(text(&e, "name"), "CptFileError");
    assert_eq!(text(&e, "kind"), "malformed_code");
    assert_eq!(get(&e, "line").as_f64(), Some(2.0));
    assert_eq!(text(&e, "value"), "9921X");
}

#[cfg(feature = "release")]
#[wasm_bindgen_test]
fn a_release_from_rust() {
    use medcodes::release::format_line;

    let file = [
        format_line(
            1,
            "E11",
            false,
            "Type 2 diabetes",
            "Type 2 diabetes mellitus",
        ),
        format_line(
            2,
            "E119",
            true,
            "T2DM w/o compl",
            "Type 2 diabetes mellitus without complications",
        ),
        format_line(
            3,
            "E11W",
            true,
            "T2DM, new",
            "Type 2 diabetes mellitus, new code",
        ),
    ]
    .join("\n");
    let bytes = || JsValue::from(js_sys::Uint8Array::from(file.as_bytes()));
    let w =
        Icd10Cm::with_release(s("icd10cm_order_2028.txt"), bytes(), JsValue::UNDEFINED).unwrap();
    assert_eq!(
        get(&w.info(), "role").as_string().as_deref(),
        Some("update")
    );
    assert!(w.is_valid(s("E11.W"), s("2027-10-01")).unwrap());
    assert!(!w.is_valid(s("E11.W"), s("2027-03-31")).unwrap());
    let d = w.differences();
    assert_eq!(
        Array::from(&get(&d, "added")).get(0).as_string().as_deref(),
        Some("E11.W")
    );

    // The files form, and the errors: typed, with their fields, nothing loaded.
    let files = Array::of1(
        &js_sys::Object::from_entries(&Array::of2(
            &Array::of2(&s("name"), &s("icd10cm_order_2028.txt")),
            &Array::of2(&s("bytes"), &bytes()),
        ))
        .unwrap(),
    );
    assert!(Icd10Cm::with_release(files.into(), s("2027-10-01"), JsValue::UNDEFINED).is_ok());
    let short = JsValue::from(js_sys::Uint8Array::from(&file.as_bytes()[..120]));
    let Err(e) = Icd10Cm::with_release(s("icd10cm_order_2028.txt"), short, JsValue::UNDEFINED)
    else {
        panic!("refused")
    };
    assert_eq!(text(&e, "name"), "ReleaseError");
    assert_eq!(text(&e, "kind"), "line_too_short");
    assert_eq!(get(&e, "line").as_f64(), Some(2.0));
    let zip = JsValue::from(js_sys::Uint8Array::from(&b"PK\x03\x04rest"[..]));
    let Err(e) = Icd10Cm::with_release(s("release.zip"), zip, JsValue::UNDEFINED) else {
        panic!("refused")
    };
    assert_eq!(text(&e, "kind"), "unsupported");
    assert_eq!(get(&medcodes_wasm::build_info(), "release"), JsValue::TRUE);
}
