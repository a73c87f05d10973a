//! Dates of service from text (`Date::from_str`, `YYYY-MM-DD` or `YYYYMMDD`, which the
//! CLI's `--date` and date columns, serde and the bindings all use) and from numbers
//! (`Date::new`, `from_yyyymmdd`, `from_days_since_epoch`: the days of Arrow `date32` and
//! `int64` columns).
//!
//! Invariants: a parsed date prints as ISO and parses back to itself, from its compact
//! form too; surrounding white space does not matter; serde reads what `from_str` reads;
//! every date a constructor returns exists on the calendar (its parts rebuild it) and its
//! day number converts back; `next_day`/`previous_day` are one day apart; an error names
//! the input shortened.
#![no_main]

use libfuzzer_sys::fuzz_target;
use medcodes::Date;

/// A date the constructors returned: it must exist and convert both ways.
fn check(d: Date, from: &dyn std::fmt::Debug) {
    let rebuilt = Date::new(d.year(), d.month(), d.day());
    assert_eq!(rebuilt, Ok(d), "{from:?} gave {d}, which does not exist");
    assert!(
        (Date::MIN_YEAR..=Date::MAX_YEAR).contains(&d.year()),
        "{from:?} gave {d}"
    );
    let iso = d.to_string();
    assert_eq!(iso.len(), 10, "{d:?}");
    assert_eq!(iso.parse::<Date>(), Ok(d), "{from:?}: {iso}");
    assert_eq!(
        iso.replace('-', "").parse::<Date>(),
        Ok(d),
        "{from:?}: {iso}"
    );
    assert_eq!(Date::from_yyyymmdd(d.yyyymmdd()), Ok(d));
    let days = d.days_since_epoch();
    assert_eq!(
        Date::from_days_since_epoch(days),
        d,
        "{from:?}: {d} is day {days}"
    );
    let next = d.next_day();
    if next != d {
        assert_eq!(next.days_since_epoch(), days + 1, "{d} -> {next}");
        assert_eq!(next.previous_day(), d);
    }
    let fy = d.fiscal_year();
    assert!(fy.first_day() <= d && d <= fy.last_day(), "{d} in {fy}");
}

fuzz_target!(|data: &[u8]| {
    let s = medcodes_fuzz::text(data);
    let parsed = s.parse::<Date>();
    match &parsed {
        Ok(d) => check(*d, &s),
        Err(e) => {
            assert!(e.to_string().len() < 600, "long message for {s:?}");
        }
    }
    assert_eq!(
        s.trim().parse::<Date>().ok(),
        parsed.as_ref().ok().copied(),
        "{s:?}"
    );
    assert_eq!(
        format!("\t{s} \n").parse::<Date>().ok(),
        parsed.as_ref().ok().copied(),
        "{s:?} padded"
    );
    let json = serde_json::to_string(&s).expect("a string serialises");
    let via_serde = serde_json::from_str::<Date>(&json);
    assert_eq!(via_serde.ok(), parsed.as_ref().ok().copied(), "serde {s:?}");

    // The same bytes as numbers.
    if let Some(b) = data.get(..8) {
        let n = i64::from_le_bytes(b.try_into().expect("8 bytes"));
        check(Date::from_days_since_epoch(n), &n);
        check(Date::from_days_since_epoch(n % 200_000), &(n % 200_000));
        let n32 = n as u32;
        if let Ok(d) = Date::from_yyyymmdd(n32) {
            check(d, &n32);
            assert_eq!(d.yyyymmdd(), n32);
        }
        let (y, m, dd) = (u16::from_le_bytes([b[0], b[1]]), b[2], b[3]);
        if let Ok(d) = Date::new(y, m, dd) {
            check(d, &(y, m, dd));
            assert_eq!((d.year(), d.month(), d.day()), (y, m, dd));
        }
        let y = 1899 + y % 302;
        if let Ok(d) = Date::new(y, m % 14, dd % 33) {
            check(d, &(y, m, dd));
        }
    }
});
