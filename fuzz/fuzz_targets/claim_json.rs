//! A claim from its serde JSON form (`medcodes::claim::Claim`: the CLI's `claims` JSON
//! Lines input, and what the bindings' dicts and objects follow), every line of the input.
//!
//! Invariants: a claim that reads gives the same findings borrowed and owned; written
//! back to JSON it reads as the same claim with the same findings; adding the coding rules
//! leaves the MCE findings as they are; the reports serialise.
#![no_main]

use libfuzzer_sys::fuzz_target;
use medcodes::claim::Claim;

fuzz_target!(|data: &[u8]| {
    for line in data.split(|&b| b == b'\n').take(8) {
        if let Ok(claim) = serde_json::from_slice::<Claim>(line) {
            medcodes_fuzz::check_claim(&claim);
        }
    }
});
