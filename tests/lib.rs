//! Workspace-level tests that need the raw inputs (fetched by
//! `cargo run -p medcodes-codegen -- fetch`, which the README's test script runs): the
//! regenerate-and-diff check and the agreement of the tables with the source files.

#![forbid(unsafe_code)]

use std::sync::OnceLock;

use medcodes_codegen::inputs::{default_input_dir, Inputs};

/// The inputs, opened once per test binary; panics with instructions when missing.
pub fn inputs() -> &'static Inputs {
    static INPUTS: OnceLock<Inputs> = OnceLock::new();
    INPUTS.get_or_init(|| {
        let dir = default_input_dir();
        match Inputs::open(&dir) {
            Ok(i) => i,
            Err(e) => panic!("cannot open the inputs in {}: {e}", dir.display()),
        }
    })
}
