//! Shared inputs for the criterion benchmarks in `benches/*.rs` (see README.md).

use medcodes::{Date, Icd10Cm};

/// A realistic mix of claim-file codes: valid codes in several spellings (dotted,
/// undotted, lower case, padded), headers, unknown and malformed strings. Deterministic.
pub fn mixed_codes(n: usize) -> Vec<String> {
    let cm = Icd10Cm::new();
    let dos = Date::new(2025, 3, 1).expect("date");
    let valid: Vec<String> = cm
        .billable_codes_on(dos)
        .map(|c| c.code().to_string())
        .collect();
    let mut state = 0x9E37_79B9_7F4A_7C15u64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    (0..n)
        .map(|_| {
            let r = next();
            let code = &valid[(r >> 8) as usize % valid.len()];
            match r % 20 {
                0..=7 => code.clone(),
                8..=11 => code.replace('.', ""),
                12..=13 => code.to_lowercase(),
                14 => format!(" {code} "),
                15 => code[..3].to_string(),
                16 => format!("{}9", &code[..3]),
                17 => "Q99.999".to_string(),
                18 => "12345".to_string(),
                _ => code.clone(),
            }
        })
        .collect()
}
