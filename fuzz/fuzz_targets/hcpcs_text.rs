//! The CMS HCPCS file reader, text edition (`HcpcsFile::parse`, which picks text or xlsx
//! by content, and `Hcpcs::with_file_bytes`): raw bytes, and fixed-width files built from
//! made-up record templates with bytes written over them (first input byte odd), which
//! reach every field of the 320-character layout.
//!
//! Invariants (`medcodes_fuzz::check_hcpcs_file`): the same bytes read twice give the same
//! records or the same error; every record is found by `get` under its code in any case
//! and padded; codes, modifiers and CPT-form codes partition the records; the active lists
//! hold active records; over the built-in tables `reason` and `is_valid` agree and the file
//! decides on dates outside the built-in quarters; `differences` lists codes in order.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        medcodes_fuzz::check_hcpcs_file(data, false);
        return;
    };
    // Differences scan the built-in quarter (a millisecond): one input in 16.
    let differences = mode & 0x1e == 0x1e;
    if mode & 1 == 1 {
        let file = medcodes_fuzz::fixtures::hcpcs_text(rest);
        medcodes_fuzz::check_hcpcs_file(&file, differences);
    } else {
        medcodes_fuzz::check_hcpcs_file(rest, differences);
    }
});
