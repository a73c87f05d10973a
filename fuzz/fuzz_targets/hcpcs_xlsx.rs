//! The CMS HCPCS file reader, xlsx edition (`HcpcsFile::parse_xlsx` through `parse`):
//! workbooks built from the input (a sheet of cells: text, CMS column names, numbers, date
//! cells; first byte even), a sheet's XML as the input (first byte 1 mod 4), and raw bytes
//! after a zip signature (the rest), so the zip and XML readers see broken containers too.
//!
//! Invariants: those of the text edition (`medcodes_fuzz::check_hcpcs_file`). calamine is
//! not panic-free on crafted workbooks and the core catches its panics as a corrupt-file
//! error: a panic inside calamine or the zip and XML crates under it is that error, not a
//! failure here; a panic anywhere else (the core's own reading of the cells) is one.
#![no_main]

use arbitrary::{Arbitrary, Unstructured};
use libfuzzer_sys::fuzz_target;
use medcodes_fuzz::fixtures::{self, Cell};

/// Lets panics inside the workbook reader's crates through quietly (the core catches
/// them); any other panic aborts as libFuzzer's hook does.
fn install_hook() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let fuzzer_hook = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let file = info.location().map(|l| l.file()).unwrap_or("");
            let in_reader = [
                "/calamine-",
                "/zip-",
                "/quick-xml-",
                "/flate2-",
                "/miniz_oxide-",
            ]
            .iter()
            .any(|c| file.contains(c));
            if !in_reader {
                fuzzer_hook(info);
            }
        }));
    });
}

fuzz_target!(|data: &[u8]| {
    install_hook();
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let bytes = match mode % 4 {
        0 | 2 => {
            let mut u = Unstructured::new(rest);
            let rows: Vec<Vec<Cell>> = match Arbitrary::arbitrary(&mut u) {
                Ok(rows) => rows,
                Err(_) => return,
            };
            let rows: Vec<Vec<Cell>> = rows
                .into_iter()
                .take(12)
                .map(|r| r.into_iter().take(40).collect())
                .collect();
            fixtures::workbook(&rows)
        }
        1 => fixtures::workbook_of_sheet(rest),
        _ => [b"PK\x03\x04".as_slice(), rest].concat(),
    };
    medcodes_fuzz::check_hcpcs_file(&bytes, mode & 0xf0 == 0xf0);
});
