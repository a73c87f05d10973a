//! The readers of a claim's fields from text (`medcodes::claim::fields` and the value
//! types): sex, POA, discharge status, code lists, `CODE:POA` diagnoses, field and role
//! names; then a whole claim read from a CSV row the way the CLI's `claims` reads one
//! (`claim_id,discharge_date,age,sex,discharge_status,principal_dx,admit_dx,secondary_dx,
//! procedures,length_of_stay`, lists separated by `|` or spaces), through the checks.
//!
//! Invariants: the readers never fail; a value's printed form reads back as the value; case
//! and surrounding white space do not matter; list items are non-blank and hold no
//! separator, and re-joined they split the same; a `CODE:POA` item splits at its last
//! colon; a field name and its aliases read back as the field, in any case; the claim gives
//! the same findings borrowed, owned, and after its serde (JSON) round trip.
#![no_main]

use libfuzzer_sys::fuzz_target;
use medcodes::claim::fields::{self, ClaimField, CodeRole};
use medcodes::claim::{Claim, Diagnosis, Poa, Procedure, Sex};
use medcodes::Date;

fn values(s: &str) {
    let sex = Sex::parse(s);
    assert_eq!(Sex::parse(sex.as_str()), sex, "sex {s:?}");
    assert_eq!(Sex::parse(&s.to_ascii_uppercase()), sex, "sex {s:?}");
    assert_eq!(Sex::parse(&format!(" {s}\t")), sex, "sex {s:?}");
    let poa = Poa::parse(s);
    assert_eq!(Poa::parse(poa.as_str()), poa, "poa {s:?}");
    assert_eq!(Poa::parse(&s.to_ascii_lowercase()), poa, "poa {s:?}");
    assert_eq!(Poa::parse(s.trim()), poa, "poa {s:?}");
    let status = fields::parse_discharge_status(s);
    assert_eq!(
        fields::parse_discharge_status(s.trim()),
        status,
        "status {s:?}"
    );
    if let Some(n) = status {
        if n >= 0 {
            assert_eq!(fields::parse_discharge_status(&n.to_string()), Some(n));
        }
    }
    let items: Vec<&str> = fields::split_list(s).collect();
    for item in &items {
        assert!(!item.is_empty());
        assert!(
            !item.contains(|c: char| c == '|' || c.is_whitespace()),
            "{item:?}"
        );
        let d = fields::parse_diagnosis(item);
        match item.rsplit_once(':') {
            Some((code, poa)) => assert_eq!((d.code, d.poa), (code, Poa::parse(poa))),
            None => assert_eq!((d.code, d.poa), (*item, Poa::Blank)),
        }
    }
    let joined = items.join("|");
    assert_eq!(
        fields::split_list(&joined).collect::<Vec<_>>(),
        items,
        "{s:?}"
    );
    if let Some(field) = ClaimField::from_name(s) {
        assert_eq!(ClaimField::from_name(&s.to_ascii_uppercase()), Some(field));
        assert!(field
            .names()
            .iter()
            .all(|n| ClaimField::from_name(n) == Some(field)));
    }
    if let Some(role) = CodeRole::from_name(s) {
        assert_eq!(CodeRole::from_name(&s.to_ascii_uppercase()), Some(role));
        assert_eq!(CodeRole::from_name(role.name()), Some(role));
    }
}

/// A claim from a CSV row (no quoting), as the CLI reads its columns; `None` where the
/// CLI reports the row as malformed (a date or number it cannot read).
fn claim_of_row(row: &str) -> Option<Claim<&str>> {
    let f: Vec<&str> = row.split(',').collect();
    let col = |i: usize| f.get(i).copied().unwrap_or("");
    let date: Date = col(1).parse().ok()?;
    let int = |t: &str| -> Option<Option<i64>> {
        let t = t.trim();
        if t.is_empty() {
            Some(None)
        } else {
            t.parse().ok().map(Some)
        }
    };
    let age = i32::try_from(int(col(2))??).ok()?;
    let los = match int(col(9))? {
        Some(n) => Some(u32::try_from(n).ok()?),
        None => None,
    };
    let admitting = col(6).trim();
    Some(Claim {
        date,
        age,
        sex: Sex::parse(col(3)),
        discharge_status: fields::parse_discharge_status(col(4)),
        principal: fields::parse_diagnosis(col(5)),
        admitting: (!admitting.is_empty()).then(|| fields::parse_diagnosis(admitting)),
        secondary: fields::split_list(col(7))
            .map(fields::parse_diagnosis)
            .collect(),
        procedures: fields::split_list(col(8)).map(Procedure::from).collect(),
        length_of_stay: los,
    })
}

fn owned(c: &Claim<&str>) -> Claim {
    let dx = |d: &Diagnosis<&str>| Diagnosis::with_poa(d.code, d.poa);
    Claim {
        date: c.date,
        age: c.age,
        sex: c.sex,
        principal: dx(&c.principal),
        secondary: c.secondary.iter().map(dx).collect(),
        admitting: c.admitting.as_ref().map(dx),
        procedures: c
            .procedures
            .iter()
            .map(|p| Procedure::new(p.code))
            .collect(),
        discharge_status: c.discharge_status,
        length_of_stay: c.length_of_stay,
    }
}

fuzz_target!(|data: &[u8]| {
    let s = medcodes_fuzz::text(data);
    for part in s.split(',').take(12) {
        values(part);
    }
    values(&s);
    for row in s.lines().take(4) {
        if let Some(claim) = claim_of_row(row) {
            let owned = owned(&claim);
            assert_eq!(
                medcodes_fuzz::findings(&claim),
                medcodes_fuzz::findings(&owned)
            );
            medcodes_fuzz::check_claim(&owned);
        }
    }
});
