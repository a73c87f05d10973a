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

/// The perfect hash the generator builds (`codegen/src/chd.rs`: seed, displacements, slots)
/// is the one the core reads (`Table::find`): every code of the committed tables, looked up
/// by its spelling, is found at its own record, and codes the tables lack are not found.
/// (Key packing needs no such check: generator and core compile the same `key.rs`.)
#[test]
fn the_core_finds_every_generated_code_by_its_perfect_hash() {
    let cm = medcodes::Icd10Cm::new();
    let mut n = 0;
    for code in cm.codes() {
        let spelled = code.code();
        let found = cm
            .lookup(spelled.as_str())
            .unwrap_or_else(|e| panic!("{spelled}: {e}"));
        assert_eq!(found.undotted(), code.undotted(), "{spelled}");
        n += 1;
    }
    assert!(n > 90_000, "{n} ICD-10-CM codes");
    for absent in ["Q99.999", "E11.99", "U00", "Z99.89XA"] {
        assert!(cm.lookup(absent).is_err(), "{absent}");
    }

    let pcs = medcodes::Icd10Pcs::new();
    let mut n = 0;
    for code in pcs.codes() {
        let spelled = code.code();
        let found = pcs
            .lookup(spelled.as_str())
            .unwrap_or_else(|e| panic!("{spelled}: {e}"));
        assert_eq!(found.code(), spelled, "{spelled}");
        n += 1;
    }
    assert!(n > 70_000, "{n} ICD-10-PCS codes");
    for absent in ["0DTJ4Z0", "ZZZ"] {
        assert!(pcs.lookup(absent).is_err(), "{absent}");
    }
}
