//! The licensed CPT file loader (`Cpt::from_bytes`): raw bytes (first byte even), and
//! files joined from made-up pieces (codes of every category's shape, tab, comma, pipe and
//! space layouts, header names, dates, notice lines, encodings; first byte odd). No real
//! descriptor is ever written.
//!
//! Invariants: the same bytes read twice give the same entries and layout, or errors that
//! print alike; the entries are in code order without duplicates and each is found by
//! `lookup` under its code in any case and padded; `validate`, `reason` and `is_valid`
//! agree; `codes_valid_on` lists the entries valid on the date; with a window
//! (`valid_between`), dates outside it are refused and dates inside answer as without.
#![no_main]

use libfuzzer_sys::fuzz_target;
use medcodes::cpt::Cpt;
use medcodes::{Date, ReasonKind};
use medcodes_fuzz::{date_from, fixtures::CPT_PIECES, spellings};

fn joined(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    for &b in data {
        if b >= 0xf0 {
            out.push(b & 0x7f); // a stray byte of any kind now and then
        } else {
            out.extend_from_slice(CPT_PIECES[usize::from(b) % CPT_PIECES.len()].as_bytes());
        }
    }
    out
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let bytes = if mode & 1 == 1 {
        joined(rest)
    } else {
        rest.to_vec()
    };
    let (a, b) = (Cpt::from_bytes(&bytes), Cpt::from_bytes(&bytes));
    let cpt = match (a, b) {
        (Ok(a), Ok(b)) => {
            assert!(a.iter().eq(b.iter()), "the same bytes read twice differ");
            assert_eq!(a.layout(), b.layout());
            a
        }
        (Err(a), Err(b)) => {
            assert_eq!(a.to_string(), b.to_string());
            assert!(a.to_string().len() < 2_000, "a long error: {a}");
            return;
        }
        (a, b) => panic!("the same bytes read once as {a:?}, once as {b:?}"),
    };
    assert!(!cpt.is_empty());
    assert_eq!(cpt.len(), cpt.iter().count());
    let entries: Vec<_> = cpt.iter().collect();
    assert!(
        entries.windows(2).all(|w| w[0].code() < w[1].code()),
        "not in code order"
    );
    let date = date_from(u16::from(mode) << 5 | u16::from(rest.first().copied().unwrap_or(0)));
    for e in entries.iter().take(64) {
        let code = e.code();
        for form in spellings(code.as_str()) {
            let found = cpt
                .lookup(&form)
                .unwrap_or_else(|err| panic!("{form:?}: {err}"));
            assert_eq!(found, *e);
        }
        if let (Some(s), Some(end)) = (e.start(), e.end()) {
            assert!(s <= end, "{code}: {s} after {end}");
        }
        let kind = cpt.reason(code.as_str(), date);
        let validated = cpt.validate(code.as_str(), date);
        assert_eq!(
            validated
                .as_ref()
                .map_or_else(|e| e.kind(), |_| ReasonKind::Valid),
            kind
        );
        assert_eq!(cpt.is_valid(code.as_str(), date), kind == ReasonKind::Valid);
        assert_eq!(cpt.descriptor(code.as_str()), e.descriptor());
        let _ = Cpt::classify(code.as_str()).expect("a loaded code classifies");
    }
    let valid = cpt.codes_valid_on(date).count();
    let counted = entries
        .iter()
        .filter(|e| cpt.is_valid(e.code().as_str(), date))
        .count();
    assert_eq!(valid, counted);

    // A window: outside it everything is refused, inside it answers as before.
    let (from, to) = (
        date_from(u16::from(mode) * 97),
        date_from(u16::from(mode) * 131 + 3000),
    );
    match cpt.clone().valid_between(Some(from), Some(to)) {
        Ok(windowed) => {
            assert!(from <= to);
            for e in entries.iter().take(16) {
                let c = e.code();
                for d in [from, to, date, from.previous_day(), to.next_day()] {
                    let k = windowed.reason(c.as_str(), d);
                    if d < from || d > to {
                        assert_eq!(k, ReasonKind::DateOutOfRange, "{c} on {d}");
                        assert!(windowed.validate(c.as_str(), d).is_err());
                    } else {
                        assert_eq!(k, cpt.reason(c.as_str(), d), "{c} on {d}");
                    }
                }
            }
            assert_eq!(windowed.coverage(), (Some(from), Some(to)));
        }
        Err(_) => assert!(from > to),
    }
    let _: Date = date;
});
