//! Elixhauser against AHRQ's reference file v2026.1 (in elixhauser-ahrq 2026.1.3): a
//! synthetic long table, one patient a code of the file, flags as the file maps the code
//! (with the POA rules and exclusions), present on admission and not; and the index
//! weights file against the package's transcription of AHRQ's index program.

use std::collections::BTreeMap;

use medcodes::batch::OwnedStrings;
use medcodes::comorbidity::{elixhauser_by_patient, ElixhauserMeasure, Poa};
use medcodes_codegen::elixhauser::{column_measure, read};
use medcodes_codegen::inputs::workspace_root;
use medcodes_tests::inputs;

/// What AHRQ's mapping program gives a record with this one secondary diagnosis.
fn expected(columns: &[&str], poa_yes: bool, uses_poa: &dyn Fn(&str) -> bool) -> Vec<String> {
    let mut m: Vec<String> = Vec::new();
    for c in columns {
        let (measure, poa) = match *c {
            "CBVD_POA" | "CBVD_SQLA" => ("CBVD", true),
            other => (other, uses_poa(other)),
        };
        if !poa || poa_yes {
            m.push(measure.to_owned());
        }
    }
    let has = |m: &Vec<String>, id: &str| m.iter().any(|x| x == id);
    let mut removed: Vec<&str> = Vec::new();
    for (over, under) in [
        ("DIAB_CX", &["DIAB_UNCX"][..]),
        ("HTN_CX", &["HTN_UNCX"]),
        ("CANCER_METS", &["CANCER_SOLID", "CANCER_NSITU"]),
        ("CANCER_SOLID", &["CANCER_NSITU"]),
        ("LIVER_SEV", &["LIVER_MLD"]),
        ("RENLFL_SEV", &["RENLFL_MOD"]),
    ] {
        if has(&m, over) {
            removed.extend(under);
        }
    }
    m.retain(|x| !removed.contains(&x.as_str()));
    m.sort();
    m.dedup();
    m
}

#[test]
fn every_code_of_the_reference_file_gets_its_measures() {
    let reference = read(inputs()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(reference.codes.len(), 4_567);
    let uses_poa = |id: &str| reference.measures.iter().any(|m| m.id == id && m.poa);
    // The measures agree with the file's list.
    let ours: Vec<(&str, &str, bool)> = ElixhauserMeasure::all()
        .map(|m| (m.id(), m.description(), m.uses_poa()))
        .collect();
    let theirs: Vec<(&str, &str, bool)> = reference
        .measures
        .iter()
        .map(|m| (m.id.as_str(), m.description.as_str(), m.poa))
        .collect();
    assert_eq!(ours, theirs);

    let mut codes = OwnedStrings::with_capacity(reference.codes.len() * 2);
    let mut patients = Vec::new();
    let mut poa = Vec::new();
    let mut expect: BTreeMap<u32, Vec<String>> = BTreeMap::new();
    for (i, (code, _, bits)) in reference.codes.iter().enumerate() {
        let columns: Vec<&str> = (0..reference.columns.len())
            .filter(|c| bits & (1 << c) != 0)
            .map(|c| reference.columns[c].as_str())
            .collect();
        assert!(!columns.is_empty(), "{code}");
        for c in &columns {
            assert!(column_measure(c, &reference.measures).is_some());
        }
        // The code alone, as the file maps it.
        let mut of: Vec<&str> = ElixhauserMeasure::of(code)
            .unwrap()
            .iter()
            .map(|m| m.id())
            .collect();
        of.sort_unstable();
        let mut file: Vec<&str> = columns
            .iter()
            .map(|c| if c.starts_with("CBVD_") { "CBVD" } else { c })
            .collect();
        file.sort_unstable();
        file.dedup();
        assert_eq!(of, file, "{code}");
        // Two patients a code: present on admission (dotted spelling), and not.
        for (k, (p, spelled)) in [
            (Poa::Yes, format!("{}.{}", &code[..3], &code[3..])),
            (Poa::No, code.to_lowercase()),
        ]
        .into_iter()
        .enumerate()
        {
            let id = (i * 2 + k) as u32;
            codes.push(spelled.trim_end_matches('.').as_bytes());
            patients.push(id);
            poa.push(Some(p));
            expect.insert(id, expected(&columns, p == Poa::Yes, &uses_poa));
        }
    }
    codes.finish();
    let out = elixhauser_by_patient(&patients, &[codes.strings()], Some(&poa)).unwrap();
    assert_eq!(out.len(), expect.len());
    let mut with_poa_difference = 0;
    for (p, e) in &out {
        let mut got: Vec<String> = e.measures.iter().map(|m| m.id().to_owned()).collect();
        got.sort();
        let want = &expect[p];
        assert_eq!(
            &got,
            want,
            "patient {p} ({})",
            reference.codes[*p as usize / 2].0
        );
        let mortality: i32 = e.measures.iter().map(|m| m.mortality_weight()).sum();
        assert_eq!(e.mortality_index, mortality);
        if p % 2 == 1 && expect[&(p - 1)] != *want {
            with_poa_difference += 1;
        }
    }
    // The POA rules matter for many codes: the test would see them ignored.
    assert!(with_poa_difference > 1_000, "{with_poa_difference}");
}

#[test]
fn the_index_weights_are_the_transcribed_ones() {
    let scorer = inputs()
        .read("elixhauser-ahrq", "2026.1.3", "elixhauser_ahrq/scorer.py")
        .unwrap_or_else(|e| panic!("{e}"));
    let scorer = String::from_utf8(scorer).unwrap();
    // `'HF': 14,` lines of the two dictionaries.
    let dict = |name: &str| -> BTreeMap<String, i32> {
        let start = scorer.find(&format!("{name} = {{")).expect(name);
        let body = &scorer[start..];
        let body = &body[..body.find('}').expect("}")];
        body.lines()
            .filter_map(|l| {
                let l = l.trim();
                let (k, v) = l.split_once(':')?;
                let k = k.trim().trim_matches('\'');
                let v = v.split(',').next()?.trim().parse().ok()?;
                Some((k.to_owned(), v))
            })
            .collect()
    };
    let mortality = dict("MORTALITY_WEIGHTS");
    let readmission = dict("READMISSION_WEIGHTS");
    assert_eq!(mortality.len(), 38);
    assert_eq!(readmission.len(), 38);
    for m in ElixhauserMeasure::all() {
        assert_eq!(
            Some(&m.mortality_weight()),
            mortality.get(m.id()),
            "{}",
            m.id()
        );
        assert_eq!(
            Some(&m.readmission_weight()),
            readmission.get(m.id()),
            "{}",
            m.id()
        );
    }
    // The file the weights are compiled from says where they come from.
    let file = std::fs::read_to_string(
        workspace_root().join("core/data/elixhauser-index-weights-v2026-1.tsv"),
    )
    .unwrap();
    assert!(file.contains("CMR_Index_Program_v2026-1.sas"));
}
