//! Property tests: normalisation is idempotent, dotted and undotted forms round-trip, and
//! no input string makes a public function panic.

use medcodes::icd10cm::normalize;
use medcodes::{Date, Icd10Cm, ReasonKind};
use proptest::prelude::*;

fn code_like() -> impl Strategy<Value = String> {
    // A category has a digit second or third (E11, C4A, QA0).
    "[ \t]{0,2}[A-Za-z]([0-9][0-9A-Za-z]|[A-Za-z][0-9])(\\.?[0-9A-Za-z]{1,4})?[ \t]{0,2}"
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn normalisation_is_idempotent(s in code_like()) {
        let once = normalize(&s).unwrap();
        let twice = normalize(&once.dotted().to_string()).unwrap();
        prop_assert_eq!(once, twice);
        prop_assert_eq!(normalize(once.undotted()).unwrap(), once);
    }

    #[test]
    fn dotted_and_undotted_round_trip(s in code_like()) {
        let n = normalize(&s).unwrap();
        let dotted = n.dotted().to_string();
        let undotted = n.undotted().to_string();
        prop_assert_eq!(dotted.replace('.', ""), undotted.clone());
        let again = normalize(&dotted).unwrap();
        prop_assert_eq!(again.undotted(), undotted.as_str());
        if undotted.len() > 3 {
            prop_assert_eq!(dotted.find('.'), Some(3));
        }
    }

    #[test]
    fn no_string_panics(s in any::<String>(), y in 2014u16..2028, m in 1u8..13, day in 1u8..29) {
        let cm = Icd10Cm::new();
        let date = Date::new(y, m, day).unwrap();
        let _ = normalize(&s);
        let kind = cm.reason(&s, date);
        let full = cm.validate(&s, date);
        prop_assert_eq!(kind, full.as_ref().err().map_or(ReasonKind::Valid, |e| e.kind()));
        if let Err(e) = full {
            let _ = e.to_string();
        }
        if let Ok(code) = cm.lookup(&s) {
            let _ = (code.title_on(date), code.parent(), code.children().count(), code.validity());
        }
        let _ = s.parse::<Date>();
        #[cfg(feature = "icd10pcs")]
        {
            let pcs = medcodes::Icd10Pcs::new();
            let kind = pcs.reason(&s, date);
            let full = pcs.validate(&s, date);
            prop_assert_eq!(kind, full.as_ref().err().map_or(ReasonKind::Valid, |e| e.kind()));
            if let Ok(code) = pcs.lookup(&s) {
                let _ = (code.axes(), code.title_on(date), code.children().count());
            }
        }
    }

    #[cfg(feature = "icd10pcs")]
    #[test]
    fn pcs_like_strings_never_panic(s in "[0-9A-Za-z]{0,9}", y in 2015u16..2028) {
        let pcs = medcodes::Icd10Pcs::new();
        let date = Date::new(y, 6, 1).unwrap();
        let kind = pcs.reason(&s, date);
        let full = pcs.validate(&s, date);
        prop_assert_eq!(kind, full.as_ref().err().map_or(ReasonKind::Valid, |e| e.kind()));
        if let Ok(code) = pcs.lookup(&s) {
            let _ = (code.axes(), code.valid_codes_on(date));
        }
    }

    #[test]
    fn no_bytes_panic(bytes in proptest::collection::vec(any::<u8>(), 0..64)) {
        let s = String::from_utf8_lossy(&bytes);
        let cm = Icd10Cm::new();
        let _ = cm.validate(&s, Date::new(2025, 3, 1).unwrap());
        let _ = s.parse::<Date>();
    }

    #[test]
    fn scalar_and_fast_paths_agree_on_real_codes(i in 0usize..99_000, y in 2016u16..2027) {
        let cm = Icd10Cm::new();
        if let Some(code) = cm.codes().nth(i) {
            let date = Date::new(y, 1, 15).unwrap();
            let s = code.code().to_string();
            prop_assert_eq!(cm.is_valid(&s, date), code.is_valid_on(date));
            prop_assert_eq!(cm.lookup(&s).unwrap(), code);
        }
    }
}
