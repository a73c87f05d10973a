//! The groupers' readers of a diagnosis as written (CMS-HCC, Elixhauser, Charlson): any
//! text, real mapped codes spelled every accepted way, POA indicators, patients, columns
//! in every layout and chunking, model-years and dates of service.
//!
//! Invariants: a code's HCC categories, Elixhauser measures and Charlson condition do not
//! depend on case, padding or the dot; the column calls (`map_column`, `map_column_per_row`,
//! `patients_categories`, `elixhauser_by_patient`) give what the one-code and one-patient
//! calls give, row by row and patient by patient; a row that is not shaped like a code is
//! reported (HCC: in `malformed`; Elixhauser: the error names the first such row), never
//! dropped; the hierarchies only remove categories; `Poa::parse` reads what it prints.
#![no_main]

use std::sync::OnceLock;

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use medcodes::comorbidity::{charlson, elixhauser, elixhauser_by_patient, CharlsonCondition, Poa};
use medcodes::comorbidity::{ElixhauserError, ElixhauserMeasure};
use medcodes::hcc::{map_column_per_row, HccModelYear};
use medcodes::Date;
use medcodes_fuzz::columns::{Layout, StrColumn};
use medcodes_fuzz::{date_from, spellings};

#[derive(Arbitrary, Debug)]
struct Row {
    text: String,
    /// Replace the text with a real mapped code (spelled by `spelling`) when odd.
    real: u16,
    spelling: u8,
    poa: u8,
    patient: u8,
    day: Option<u16>,
}

#[derive(Arbitrary, Debug)]
struct Input {
    model_year: u8,
    rows: Vec<Row>,
    layouts: Vec<u8>,
    cuts: Vec<u8>,
}

/// The diagnosis map's codes (the V28 and V24 years' union), sorted: real codes to spell.
fn mapped_codes() -> &'static [String] {
    static CODES: OnceLock<Vec<String>> = OnceLock::new();
    CODES.get_or_init(|| {
        let mut codes: Vec<String> = HccModelYear::all()
            .flat_map(|y| y.mappings().map(|(c, _)| c))
            .collect();
        codes.sort_unstable();
        codes.dedup();
        codes
    })
}

fn poa_of(b: u8) -> Option<Poa> {
    [
        None,
        Some(Poa::Yes),
        Some(Poa::No),
        Some(Poa::Unknown),
        Some(Poa::ClinicallyUndetermined),
        Some(Poa::Exempt),
    ][usize::from(b) % 6]
}

fuzz_target!(|input: Input| {
    let years: Vec<HccModelYear> = HccModelYear::all().collect();
    let year = years[usize::from(input.model_year) % years.len()];
    let codes = mapped_codes();
    let rows: Vec<&Row> = input.rows.iter().take(64).collect();
    // The text of each row (`None`: a null), a real code spelled some way one row in two.
    let texts: Vec<Option<String>> = rows
        .iter()
        .map(|r| {
            if r.real % 2 == 1 && !codes.is_empty() {
                let code = &codes[usize::from(r.real / 2) % codes.len()];
                let mut forms = spellings(code);
                if code.len() > 3 {
                    forms.push(format!("{}.{}", &code[..3], &code[3..]).to_ascii_lowercase());
                }
                Some(forms[usize::from(r.spelling) % forms.len()].clone())
            } else if r.spelling == 0xff {
                None
            } else {
                Some(r.text.clone())
            }
        })
        .collect();

    // One code: spelling does not matter.
    for text in texts.iter().flatten() {
        let hcc = year.categories(text).map(|c| c.collect::<Vec<_>>());
        let elix = ElixhauserMeasure::of(text);
        let cci = CharlsonCondition::of(text);
        assert_eq!(
            hcc.is_ok(),
            elix.is_ok(),
            "{text:?}: HCC and Elixhauser read it differently"
        );
        let Ok(categories) = &hcc else { continue };
        let canonical: String = text.trim_ascii().replace('.', "").to_ascii_uppercase();
        let mut forms = spellings(&canonical);
        if canonical.len() > 3 {
            forms.extend(spellings(&format!(
                "{}.{}",
                &canonical[..3],
                &canonical[3..]
            )));
        }
        for form in forms {
            assert_eq!(
                year.categories(&form)
                    .map(|c| c.collect::<Vec<_>>())
                    .as_ref(),
                Ok(categories),
                "{text:?} vs {form:?}: HCC categories"
            );
            assert_eq!(
                ElixhauserMeasure::of(&form),
                elix,
                "{text:?} vs {form:?}: Elixhauser"
            );
            assert_eq!(
                CharlsonCondition::of(&form),
                cci,
                "{text:?} vs {form:?}: Charlson"
            );
        }
    }

    // The column calls, in every layout and chunking, against the one-code calls.
    let bytes: Vec<Option<&[u8]>> = texts
        .iter()
        .map(|t| t.as_deref().map(str::as_bytes))
        .collect();
    let layouts: Vec<Layout> = input
        .layouts
        .iter()
        .take(4)
        .map(|&b| Layout::from_byte(b))
        .collect();
    let layouts = if layouts.is_empty() {
        vec![Layout::Utf8]
    } else {
        layouts
    };
    let column = StrColumn::new(&bytes, &layouts, &input.cuts);
    let strings = column.strings();
    // A fixed-width layout reads a null as an empty string and drops trailing NULs: compare
    // with what the column holds, row by row.
    let read: Vec<Option<Vec<u8>>> = strings
        .iter()
        .flat_map(|s| (0..s.len()).map(move |i| s.get(i).map(<[u8]>::to_vec)))
        .collect();
    assert_eq!(read.len(), rows.len());
    let read_text: Vec<Option<String>> = read
        .iter()
        .map(|b| b.as_ref().map(|b| String::from_utf8_lossy(b).into_owned()))
        .collect();

    let mapped = year.map_column(&strings);
    let mut expected_pairs = Vec::new();
    let mut expected_malformed = Vec::new();
    for (row, text) in read_text.iter().enumerate() {
        let Some(text) = text else { continue };
        match year.categories(text) {
            Ok(c) => expected_pairs.extend(c.map(|v| (row as u32, v.index()))),
            Err(_) => expected_malformed.push(row as u32),
        }
    }
    let pairs: Vec<(u32, u16)> = mapped
        .rows
        .iter()
        .copied()
        .zip(mapped.categories.iter().copied())
        .collect();
    assert_eq!(pairs, expected_pairs, "map_column vs categories");
    assert_eq!(
        mapped.malformed, expected_malformed,
        "map_column's malformed rows"
    );
    assert!(mapped.model_years.iter().all(|&y| y == year));

    // A date a row: each row under its service year's model-year, or the error naming it.
    let dates: Vec<Option<Date>> = rows
        .iter()
        .map(|r| r.day.map(|d| date_from(d.wrapping_mul(7))))
        .collect();
    match map_column_per_row(year.model(), &strings, &dates) {
        Ok(per_row) => {
            for i in 0..per_row.len() {
                let row = per_row.rows[i] as usize;
                let date = dates[row].expect("a mapped row has a date");
                let y =
                    HccModelYear::for_service_date(year.model(), date).expect("its year exists");
                assert_eq!(per_row.model_years[i], y);
                let text = read_text[row].as_deref().expect("a mapped row has a code");
                assert!(y
                    .categories(text)
                    .expect("mapped")
                    .any(|v| v == per_row.variable(i)));
            }
        }
        Err(e) => {
            let failing = dates.iter().zip(&read_text).position(|(d, t)| {
                matches!((d, t), (Some(d), Some(_)) if HccModelYear::for_service_date(year.model(), *d).is_err())
            });
            assert!(
                failing.is_some(),
                "map_column_per_row failed without a bad year: {e}"
            );
        }
    }

    // Per patient: hierarchies applied to the patient's own codes.
    let patients: Vec<u8> = rows.iter().map(|r| r.patient % 8).collect();
    let by_patient = year
        .patients_categories(&patients, &strings)
        .expect("lengths agree");
    let mut seen: Vec<u8> = Vec::new();
    for &p in &patients {
        if !seen.contains(&p) {
            seen.push(p);
        }
    }
    for &p in &seen {
        let own: Vec<&str> = patients
            .iter()
            .zip(&read_text)
            .filter(|(q, t)| **q == p && t.is_some())
            .filter_map(|(_, t)| t.as_deref())
            .filter(|t| year.categories(t).is_ok())
            .collect();
        let single = year.patient_categories(&own).expect("well-formed codes");
        let batch: Vec<_> = by_patient
            .patients
            .iter()
            .zip(0..)
            .filter(|(q, _)| **q == p)
            .map(|(_, i)| by_patient.variable(i))
            .collect();
        assert_eq!(
            batch, single,
            "patient {p}: patients_categories vs patient_categories"
        );
        // The hierarchies only remove: every category kept is one of the codes' own.
        let all: Vec<_> = own
            .iter()
            .flat_map(|t| year.categories(t).expect("read"))
            .collect();
        assert!(single.iter().all(|v| all.contains(v)));
    }

    // Elixhauser by patient vs one patient at a time, with the POA column.
    let poa: Vec<Option<Poa>> = rows.iter().map(|r| poa_of(r.poa)).collect();
    let elix = elixhauser_by_patient(&patients, &strings, Some(&poa));
    let first_bad = read_text
        .iter()
        .position(|t| matches!(t, Some(t) if ElixhauserMeasure::of(t).is_err()));
    match (elix, first_bad) {
        (Ok(results), None) => {
            let order: Vec<u8> = results.iter().map(|(p, _)| *p).collect();
            assert_eq!(order, seen, "patients in the order first met");
            for (p, got) in results {
                let own: Vec<(&str, Option<Poa>)> = patients
                    .iter()
                    .zip(&read_text)
                    .zip(&poa)
                    .filter(|((q, t), _)| **q == p && t.is_some())
                    .filter_map(|((_, t), a)| t.as_deref().map(|t| (t, *a)))
                    .collect();
                assert_eq!(
                    Ok(got),
                    elixhauser(&own),
                    "patient {p}: by_patient vs elixhauser"
                );
            }
        }
        (Err(e), Some(row)) => {
            assert_eq!(
                e.row,
                Some(row),
                "the error names the first malformed row: {e}"
            );
            assert!(matches!(e.error, ElixhauserError::NotACode { .. }));
        }
        (got, bad) => panic!("elixhauser_by_patient {got:?}, first malformed row {bad:?}"),
    }

    // Charlson: a patient's score counts each condition once, the milder of a pair dropped.
    let present: Vec<&str> = read_text.iter().flatten().map(String::as_str).collect();
    let c = charlson(&present);
    let conditions: Vec<CharlsonCondition> = present
        .iter()
        .filter_map(|t| CharlsonCondition::of(t))
        .collect();
    assert!(c.conditions.iter().all(|x| conditions.contains(x)));
    assert_eq!(
        c.score_2011,
        c.conditions
            .iter()
            .map(|x| u32::from(x.weight_2011()))
            .sum::<u32>()
    );

    // POA indicators read back as themselves, any case and padding.
    for (text, poa) in [
        ("Y", Poa::Yes),
        ("N", Poa::No),
        ("U", Poa::Unknown),
        ("W", Poa::ClinicallyUndetermined),
        ("1", Poa::Exempt),
    ] {
        assert_eq!(
            Poa::parse(&format!(" {} ", text.to_ascii_lowercase())).ok(),
            Some(poa)
        );
    }
    for r in &rows {
        if let Ok(p) = Poa::parse(&r.text) {
            assert!(
                ["Y", "N", "U", "W", "1"].contains(&r.text.trim().to_ascii_uppercase().as_str()),
                "{p:?}"
            );
        }
    }
});
