//! The batch calls (`reasons`, `are_valid`) give, code by code, what the single calls
//! give: on every code both systems have, in several spellings, on dates inside and
//! outside the tables, and on arbitrary strings.

#[cfg(feature = "icd10pcs")]
use medcodes::Icd10Pcs;
use medcodes::{Date, Icd10Cm, ReasonKind};
use proptest::prelude::*;

fn dates() -> Vec<Date> {
    [
        "2014-01-01", // before the tables
        "2019-09-30",
        "2025-03-01",
        "2031-01-01", // after them
    ]
    .iter()
    .map(|d| d.parse().expect("a valid date"))
    .collect()
}

/// Every code and header of ICD-10-CM billable on some date, dotted, undotted, lower case, one character short
/// and one too long, and some junk.
fn cm_inputs() -> Vec<String> {
    let cm = Icd10Cm::new();
    let mut codes = std::collections::BTreeSet::new();
    for date in ["2016-01-01", "2021-01-01", "2025-03-01", "2027-03-01"] {
        for code in cm.codes_valid_on(date.parse().expect("a valid date")) {
            codes.extend(code.ancestors().map(|a| a.code().to_string()));
            codes.insert(code.code().to_string());
        }
    }
    let mut out = Vec::new();
    for dotted in codes {
        let code = cm.lookup(&dotted).expect("a known code");
        out.push(dotted.to_lowercase());
        out.push(format!("{}0", code.undotted()));
        out.push(dotted[..dotted.len() - 1].to_string());
        out.push(code.undotted().to_string());
        out.push(dotted);
    }
    out.extend(["", "  ", "E11.9.", "É11.9", "12345", "S52.521", "T36.01A"].map(String::from));
    out
}

#[cfg(feature = "icd10pcs")]
fn pcs_inputs() -> Vec<String> {
    let mut out = Vec::new();
    for code in Icd10Pcs::new().codes() {
        let c = code.code().to_string();
        out.push(c.to_lowercase());
        out.push(format!("{c}0"));
        out.push(c);
    }
    out.extend(["", "0DTJ4ZI", "0DTJ4Z", " 0dtj4zz "].map(String::from));
    out
}

#[test]
fn icd10cm_batch_equals_single_calls() {
    let cm = Icd10Cm::new();
    let inputs = cm_inputs();
    assert!(inputs.len() > 400_000, "{}", inputs.len());
    for date in dates() {
        let mut kinds = Vec::new();
        cm.reasons(&inputs, date, &mut kinds);
        let mut valid = Vec::new();
        cm.are_valid(&inputs, date, &mut valid);
        assert_eq!(kinds.len(), inputs.len());
        assert_eq!(valid.len(), inputs.len());
        for ((input, kind), ok) in inputs.iter().zip(&kinds).zip(&valid) {
            assert_eq!(*kind, cm.reason(input, date), "{input:?} on {date}");
            assert_eq!(*ok, cm.is_valid(input, date), "{input:?} on {date}");
        }
    }
}

#[cfg(feature = "icd10pcs")]
#[test]
fn icd10pcs_batch_equals_single_calls() {
    let pcs = Icd10Pcs::new();
    let inputs = pcs_inputs();
    assert!(inputs.len() > 250_000, "{}", inputs.len());
    for date in dates() {
        let mut kinds = Vec::new();
        pcs.reasons(&inputs, date, &mut kinds);
        let mut valid = Vec::new();
        pcs.are_valid(&inputs, date, &mut valid);
        assert_eq!(kinds.len(), inputs.len());
        for ((input, kind), ok) in inputs.iter().zip(&kinds).zip(&valid) {
            assert_eq!(*kind, pcs.reason(input, date), "{input:?} on {date}");
            assert_eq!(*ok, pcs.is_valid(input, date), "{input:?} on {date}");
        }
    }
}

#[test]
fn batch_appends_and_accepts_str_slices() {
    let cm = Icd10Cm::new();
    let date = Date::new(2025, 3, 1).expect("a valid date");
    let mut kinds = vec![ReasonKind::Empty];
    cm.reasons(&["E11.9", "E11"], date, &mut kinds);
    assert_eq!(
        kinds,
        [
            ReasonKind::Empty,
            ReasonKind::Valid,
            ReasonKind::NotBillable
        ]
    );
    let mut none = Vec::new();
    cm.reasons::<&str>(&[], date, &mut none);
    assert!(none.is_empty());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn batch_equals_single_calls_on_any_strings(
        codes in proptest::collection::vec(any::<String>(), 0..80),
        y in 2014u16..2029, m in 1u8..13, day in 1u8..29,
    ) {
        let date = Date::new(y, m, day).unwrap();
        let cm = Icd10Cm::new();
        let mut kinds = Vec::new();
        cm.reasons(&codes, date, &mut kinds);
        let single: Vec<ReasonKind> = codes.iter().map(|c| cm.reason(c, date)).collect();
        prop_assert_eq!(kinds, single);
        #[cfg(feature = "icd10pcs")]
        {
            let pcs = Icd10Pcs::new();
            let mut kinds = Vec::new();
            pcs.reasons(&codes, date, &mut kinds);
            let single: Vec<ReasonKind> = codes.iter().map(|c| pcs.reason(c, date)).collect();
            prop_assert_eq!(kinds, single);
        }
    }
}

/// A date a row, spanning FY2016 to FY2027 and beyond the tables on both sides, with rows
/// that have no date: code by code what one call a row gives (`None` for no date).
fn per_row_agrees<S: medcodes::System>(set: medcodes::CodeSet<S>, inputs: &[String]) {
    let days: Vec<Option<Date>> = (0..inputs.len())
        .map(|i| {
            // A spread of days from 2014 to 2028 (about 5,400), and every 97th row blank.
            (i % 97 != 0).then(|| {
                let n = (i * 7919) % 5_400;
                let (y, rest) = (2014 + n / 360, n % 360);
                Date::new(y as u16, (rest / 30 + 1) as u8, (rest % 30 % 28 + 1) as u8)
                    .expect("a valid date")
            })
        })
        .collect();
    let mut kinds = Vec::new();
    set.reasons_per_row(inputs, &days, &mut kinds)
        .expect("same lengths");
    let mut valid = Vec::new();
    set.are_valid_per_row(inputs, &days, &mut valid)
        .expect("same lengths");
    assert_eq!(kinds.len(), inputs.len());
    assert_eq!(valid.len(), inputs.len());
    let (first, last) = set.coverage();
    assert!(days.iter().flatten().any(|d| *d < first) && days.iter().flatten().any(|d| *d > last));
    for (((input, day), kind), ok) in inputs.iter().zip(&days).zip(&kinds).zip(&valid) {
        let want = day.map(|d| set.reason(input, d));
        assert_eq!(*kind, want, "{input:?} on {day:?}");
        assert_eq!(
            *ok,
            day.map(|d| set.is_valid(input, d)),
            "{input:?} on {day:?}"
        );
    }
    let mismatch = set.reasons_per_row(inputs, &days[1..], &mut kinds);
    assert_eq!(
        mismatch,
        Err(medcodes::LengthMismatch {
            codes: inputs.len(),
            dates: inputs.len() - 1
        })
    );
}

#[test]
fn icd10cm_per_row_dates_equal_single_calls() {
    per_row_agrees(Icd10Cm::new(), &cm_inputs());
}

#[cfg(feature = "icd10pcs")]
#[test]
fn icd10pcs_per_row_dates_equal_single_calls() {
    per_row_agrees(Icd10Pcs::new(), &pcs_inputs());
}
