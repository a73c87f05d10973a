//! With feature `compact`, packs the big table blobs into `OUT_DIR` (see `src/packed.rs`);
//! otherwise does nothing.

use std::path::Path;

#[path = "src/packed.rs"]
mod packed;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=src/packed.rs");
    if std::env::var_os("CARGO_FEATURE_COMPACT").is_none() {
        return;
    }
    let manifest = std::env::var("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR");
    let out = std::env::var("OUT_DIR").expect("OUT_DIR");
    let mut systems = vec!["icd10cm"];
    if std::env::var_os("CARGO_FEATURE_ICD10PCS").is_some() {
        systems.push("icd10pcs");
    }
    if std::env::var_os("CARGO_FEATURE_HCPCS").is_some() {
        systems.push("hcpcs");
    }
    if std::env::var_os("CARGO_FEATURE_ICD9").is_some() {
        systems.extend(["icd9cm", "icd9proc"]);
    }
    for system in systems {
        std::fs::create_dir_all(Path::new(&out).join(system)).expect("create OUT_DIR/system");
        let mut blobs = vec![("keys", &packed::KEYS), ("records", &packed::RECORDS)];
        if std::env::var_os("CARGO_FEATURE_TITLES").is_some() {
            blobs.push(("titles", &packed::TITLES));
        }
        for (name, layout) in blobs {
            let from = Path::new(&manifest)
                .join("src/generated")
                .join(system)
                .join(format!("{name}.bin"));
            println!("cargo:rerun-if-changed={}", from.display());
            let blob =
                std::fs::read(&from).unwrap_or_else(|e| panic!("reading {}: {e}", from.display()));
            let packed = packed::pack(&blob, layout)
                .unwrap_or_else(|e| panic!("packing {}: {e}", from.display()));
            let to = Path::new(&out).join(system).join(format!("{name}.pk"));
            std::fs::write(&to, packed).unwrap_or_else(|e| panic!("writing {}: {e}", to.display()));
        }
    }
}
