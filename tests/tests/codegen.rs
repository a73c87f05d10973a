//! The committed tables are exactly what the generator makes from the pinned inputs.

use medcodes_codegen::inputs::workspace_root;
use medcodes_codegen::{diff, generate, OUTPUT_DIR};
use medcodes_tests::inputs;

#[test]
fn committed_tables_match_a_fresh_generation() {
    let outputs = generate(inputs()).unwrap_or_else(|e| panic!("generation failed: {e}"));
    let problems = diff(&workspace_root().join(OUTPUT_DIR), &outputs);
    assert!(
        problems.is_empty(),
        "run `cargo run -p medcodes-codegen -- generate`:\n{}",
        problems.join("\n")
    );
}

#[test]
fn codegen_and_core_pack_keys_alike() {
    for code in [
        "A00", "E119", "S52521A", "T360X1A", "Z3A00", "0DTJ4ZZ", "U071",
    ] {
        let core = medcodes::key::CodeKey::pack(code.as_bytes()).map(|k| k.0);
        assert_eq!(core, medcodes_codegen::table::pack_key(code), "{code}");
    }
    for code in medcodes::Icd10Cm::new().codes() {
        let s = code.undotted();
        assert_eq!(
            medcodes::key::CodeKey::pack(s.as_bytes()).map(|k| k.0),
            medcodes_codegen::table::pack_key(s.as_str())
        );
    }
}
