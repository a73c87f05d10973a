//! With feature `compact`, writes the table blobs into `OUT_DIR` as the WebAssembly package
//! compiles them in: keys, records and titles packed (see `src/packed.rs`), and each blob
//! tagged (`src/deflated.rs`) as it is or deflated; otherwise does nothing.

use std::path::Path;

#[path = "src/packed.rs"]
mod packed;

#[path = "src/deflated.rs"]
mod deflated;

/// Whether a blob stays as it is in the module: what the first answer of a page reads (an
/// ICD-10-CM validation: its keys, records and validity spans). Every other blob (titles,
/// notes, the other code systems) is deflated, to a quarter, and inflated at its first
/// read: a module's load costs about 1.9 ms a megabyte of data (bindings-wasm/README.md,
/// issue 20).
fn as_is(system: &str, name: &str) -> bool {
    system == "icd10cm" && matches!(name, "keys" | "records" | "spans")
}

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=src/packed.rs");
    println!("cargo:rerun-if-changed=src/deflated.rs");
    if std::env::var_os("CARGO_FEATURE_COMPACT").is_none() {
        return;
    }
    let feature = |name: &str| std::env::var_os(format!("CARGO_FEATURE_{name}")).is_some();
    let manifest = std::env::var("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR");
    let generated = Path::new(&manifest).join("src/generated");
    let out = std::env::var("OUT_DIR").expect("OUT_DIR");
    let read = |from: &Path| {
        println!("cargo:rerun-if-changed={}", from.display());
        std::fs::read(from).unwrap_or_else(|e| panic!("reading {}: {e}", from.display()))
    };
    let write = |to: &Path, blob: &[u8], deflate: bool| {
        let tagged = deflated::tag(blob, deflate)
            .unwrap_or_else(|e| panic!("deflating {}: {e}", to.display()));
        std::fs::write(to, tagged).unwrap_or_else(|e| panic!("writing {}: {e}", to.display()));
    };
    let mut systems = vec!["icd10cm"];
    if feature("ICD10PCS") {
        systems.push("icd10pcs");
    }
    if feature("HCPCS") {
        systems.push("hcpcs");
    }
    if feature("ICD9") {
        systems.extend(["icd9cm", "icd9proc"]);
    }
    for system in systems {
        let dir = Path::new(&out).join(system);
        std::fs::create_dir_all(&dir).expect("create OUT_DIR/system");
        let mut blobs = vec![
            ("keys", Some(&packed::KEYS)),
            ("records", Some(&packed::RECORDS)),
        ];
        blobs.push(("spans", None));
        if feature("TITLES") {
            blobs.extend([
                ("titles", Some(&packed::TITLES)),
                ("text", None),
                ("words", None),
                ("word_index", None),
            ]);
        }
        for (name, layout) in blobs {
            let from = generated.join(system).join(format!("{name}.bin"));
            let blob = read(&from);
            let (blob, file) = match layout {
                Some(layout) => (
                    packed::pack(&blob, layout)
                        .unwrap_or_else(|e| panic!("packing {}: {e}", from.display())),
                    format!("{name}.pk"),
                ),
                None => (blob, format!("{name}.bin")),
            };
            write(&dir.join(file), &blob, !as_is(system, name));
        }
    }
    // ICD-10-CM's notes and encounter-check tables (src/icd10cm/rules/notes.rs), deflated.
    if feature("NOTES") {
        let dir = Path::new(&out).join("icd10cm/notes");
        std::fs::create_dir_all(&dir).expect("create OUT_DIR/icd10cm/notes");
        for file in [
            "note_index.bin",
            "note_groups.bin",
            "note_blocks.bin",
            "note_items.bin",
            "note_refs.bin",
            "note_quals.bin",
            "note_patterns.bin",
            "note_text.txt",
            "note_text_starts.bin",
            "check_index.bin",
            "check_profiles.bin",
            "check_entries.bin",
        ] {
            let from = generated.join("icd10cm").join(file);
            let blob = read(&from);
            if file.ends_with(".txt") && std::str::from_utf8(&blob).is_err() {
                panic!("{} is not UTF-8", from.display());
            }
            write(&dir.join(file), &blob, true);
        }
    }
}
