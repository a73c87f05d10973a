//! The CMS order-file reader behind `with_release_bytes` (issue 19's run-time release):
//! raw bytes (first byte even), and files of order-file lines built from the input (codes
//! near real ones, billable flags, titles with stray bytes; first byte odd), read as the
//! next fiscal year's update (FY2028) or a covered year's titles (FY2025).
//!
//! Invariants: the same bytes give the same release or errors that print alike, short and
//! naming the file; a loaded release lists each of its entries under `lookup`; before its
//! effective date every answer is the built-in one (nothing earlier changes); `reason`,
//! `is_valid` and `validate` agree; `differences` is deterministic and lists codes the
//! release finds.
#![no_main]

use libfuzzer_sys::fuzz_target;
use medcodes::release::format_line;
use medcodes::{Date, Icd10Cm, ReasonKind};

const CODES: [&str; 12] = [
    "E119", "E11", "E1165", "I10", "A419", "C7831", "S52521A", "Z00", "U071", "QA00", "E11X",
    "T3601",
];

fn built(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    for (i, chunk) in data.chunks(3).enumerate() {
        let code = CODES[usize::from(chunk[0]) % CODES.len()];
        let billable = chunk.get(1).is_some_and(|b| b & 1 == 1);
        let mut title = format!("Title {i}");
        if let Some(&b) = chunk.get(2) {
            if b >= 0xf0 {
                title.push(char::from(b & 0x7f));
            }
        }
        let line = format_line(i as u32 + 1, code, billable, &title, &title);
        out.extend_from_slice(line.as_bytes());
        out.extend_from_slice(if chunk[0] & 0x80 != 0 { b"\r\n" } else { b"\n" });
    }
    out
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let bytes = if mode & 1 == 1 {
        built(rest)
    } else {
        rest.to_vec()
    };
    let name = if mode & 2 == 2 {
        "icd10cm_order_2025.txt"
    } else {
        "icd10cm_order_2028.txt"
    };
    let cm = Icd10Cm::new();
    let (a, b) = (
        cm.with_release_bytes(name, &bytes, None),
        cm.with_release_bytes(name, &bytes, None),
    );
    let release = match (a, b) {
        (Ok(a), Ok(b)) => {
            assert_eq!(a.release(), b.release());
            assert_eq!(a.entries(), b.entries());
            // The comparison walks every built-in code (a small FY2028 file deletes some
            // 74,000, each spelled out): one run in 32, the two-thirds of the target's time
            // it took at one in eight, twice, now about a sixth.
            if mode & 0x7c == 0 {
                let d = a.differences();
                assert_eq!(&d.release, a.release());
                for code in d.added.iter().chain(&d.now_billable).chain(&d.now_headers) {
                    assert!(a.lookup(code).is_ok(), "{code} listed but not found");
                }
            }
            a
        }
        (Err(a), Err(b)) => {
            let message = a.to_string();
            assert_eq!(message, b.to_string());
            assert!(message.len() < 2_000, "a long error: {message}");
            return;
        }
        (a, b) => panic!(
            "the same bytes read twice: {:?} / {:?}",
            a.is_ok(),
            b.is_ok()
        ),
    };
    let effective = release.release().effective;
    let before = effective.previous_day();
    for entry in release.entries() {
        let code = entry.code.as_str();
        assert!(
            release.lookup(code).is_ok(),
            "{code} of the file is not found"
        );
        for date in [
            before,
            effective,
            Date::new(2028, 9, 30).unwrap_or(effective),
        ] {
            let reason = release.reason(code, date);
            assert_eq!(reason == ReasonKind::Valid, release.is_valid(code, date));
            match release.validate(code, date) {
                Ok(_) => assert_eq!(reason, ReasonKind::Valid, "{code} {date}"),
                Err(e) => assert_eq!(e.kind(), reason, "{code} {date}"),
            }
        }
        if cm.coverage().0 <= before {
            assert_eq!(
                release.reason(code, before),
                cm.reason(code, before),
                "{code}: the day before the release changed"
            );
        }
    }
});
