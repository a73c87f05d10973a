//! `lookup`, `validate`, `reason` and the batch calls of every code set, on inputs and on
//! real codes near them (the codes starting with the input's first characters).
//!
//! Invariants (`medcodes_fuzz::check_code_set`): `reason` and `validate` agree; the batch
//! calls (`reasons`, `are_valid`, and per row) give what the single calls give; the calls
//! on a `CodeSystem` value give the typed calls' answers; a code found by `lookup` is found
//! under every accepted spelling (lower case, padded, ICD-10-CM dotted and undotted) and a
//! valid one validates under each; nothing is answered about a date outside the data.
//! HCPCS claim lines (`check_line`) do not panic and give the same findings twice.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use medcodes::{CodeSystem, Date};
use medcodes_fuzz::{check_code_set, date_from, real_code, system_from};

#[derive(Arbitrary, Debug)]
struct Input {
    /// The code system of this run ([`medcodes_fuzz::system_from`]): one a run keeps each
    /// execution short (all of them made the target 3x slower for the same coverage).
    system: u8,
    day: u16,
    /// A date a row for the per-row calls (`None`: a row without a date).
    days: Vec<Option<u16>>,
    codes: Vec<String>,
    /// How many characters of each input make the prefix of a real code, and which.
    prefix: u8,
    pick: u8,
    modifiers: Vec<String>,
}

fn run<S: medcodes::System>(input: &Input, date: Date) {
    let mut codes: Vec<String> = input.codes.iter().take(24).cloned().collect();
    for (i, c) in input.codes.iter().take(8).enumerate() {
        let len = 1 + usize::from(input.prefix) % 4;
        let pick = usize::from(input.pick).wrapping_add(i * 7);
        if let Some(real) = real_code::<S>(c, len, pick) {
            // The real code as it is, then cut or extended by the input's own characters.
            let extra: String = c.chars().skip(len).take(2).collect();
            codes.push(format!("{real}{extra}"));
            codes.push(real);
        }
    }
    let dates: Vec<Option<Date>> = (0..codes.len())
        .map(|i| match input.days.get(i % input.days.len().max(1)) {
            Some(Some(d)) => Some(date_from(*d)),
            Some(None) => None,
            None => Some(date),
        })
        .collect();
    check_code_set::<S>(&codes, date, &dates);
}

fuzz_target!(|input: Input| {
    let date = date_from(input.day);
    let system = system_from(input.system);
    match system {
        CodeSystem::Icd10Cm => run::<medcodes::icd10cm::Icd10CmSystem>(&input, date),
        CodeSystem::Icd10Pcs => run::<medcodes::icd10pcs::Icd10PcsSystem>(&input, date),
        CodeSystem::Hcpcs => run::<medcodes::hcpcs::HcpcsSystem>(&input, date),
        CodeSystem::Icd9Cm => run::<medcodes::icd9::Icd9CmSystem>(&input, date),
        CodeSystem::Icd9Proc => run::<medcodes::icd9::Icd9ProcSystem>(&input, date),
        // A system added to the core and not here fails loudly, once it is in `ALL`.
        _ => panic!("a system this target does not know: {system}"),
    }
    // HCPCS claim lines: a code and its modifiers.
    let hcpcs = medcodes::hcpcs::Hcpcs::new();
    let modifiers: Vec<&str> = input.modifiers.iter().take(6).map(String::as_str).collect();
    for code in input.codes.iter().take(4) {
        let findings = hcpcs.check_line(code, &modifiers, date);
        let again = hcpcs.check_line(code, &modifiers, date);
        assert_eq!(
            findings, again,
            "check_line is not deterministic: {code:?} {modifiers:?}"
        );
    }
});
