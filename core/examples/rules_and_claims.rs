//! The README's Rust example for the coding rules, claim edits and batch calls:
//! `cargo run -p medcodes --example rules_and_claims`.

fn main() -> Result<(), Box<dyn std::error::Error>> {
    use medcodes::{Date, Icd10Cm};
    let cm = Icd10Cm::new();
    let dos: Date = "2025-03-01".parse()?;
    // One encounter's diagnoses, first-listed first: Excludes1, code first, 7th characters...
    let report = cm.check_encounter(&["E11.9", "E10.9"], dos);
    for f in &report.findings {
        println!("{} {} {:?}: {}", f.severity, f.kind, f.codes, f.message); // error excludes1 ...
    }

    // A whole claim through the Medicare Code Editor edits.
    use medcodes::claim::{self, Claim, Diagnosis, Sex};
    let report = claim::check(&Claim {
        date: dos,
        age: 70,
        sex: Sex::Female,
        principal: Diagnosis::new("O80"),
        ..Claim::default()
    });
    for f in &report.findings {
        println!("{} {}: {}", f.edit, f.severity, f.message);
    }

    // Columns: one call for many codes (table reads overlapped, ~4x one call a code).
    let mut kinds = Vec::new();
    cm.reasons(&["E11.9", "e119", "E11", ""], dos, &mut kinds); // [Valid, Valid, NotBillable, Empty]
    println!("{kinds:?}");
    Ok(())
}
