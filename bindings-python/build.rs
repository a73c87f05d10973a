//! Detects which parts of the core's API this build of the core has, while work on the
//! core lands piece by piece: the bindings map what is there. Each `cfg` can go (and the
//! code it guards become unconditional) once the core has the feature for good.
//!
//! - `medcodes_seventh`: the 7th-character and placeholder errors of ICD-10-CM.
//! - `medcodes_notes`: instructional notes and 7th-character definitions on codes.

use std::path::Path;

fn has(file: &Path, needle: &str) -> bool {
    std::fs::read_to_string(file).is_ok_and(|s| s.contains(needle))
}

fn main() {
    let core = Path::new(env!("CARGO_MANIFEST_DIR")).join("../core/src");
    let error = core.join("error.rs");
    let icd10cm = core.join("icd10cm/mod.rs");
    println!("cargo::rerun-if-changed={}", error.display());
    println!("cargo::rerun-if-changed={}", icd10cm.display());
    println!("cargo::rustc-check-cfg=cfg(medcodes_seventh)");
    println!("cargo::rustc-check-cfg=cfg(medcodes_notes)");
    if has(&error, "MissingSeventhCharacter {") && has(&icd10cm, "SeventhCharacter") {
        println!("cargo::rustc-cfg=medcodes_seventh");
    }
    if has(&icd10cm, "pub fn notes(&self) -> Vec<Note>")
        && has(&icd10cm, "pub fn seven_chr_def(")
        && has(&icd10cm, "pub fn notes_source(")
    {
        println!("cargo::rustc-cfg=medcodes_notes");
    }
}
