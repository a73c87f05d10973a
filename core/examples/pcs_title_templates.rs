//! How many section-0 ICD-10-PCS titles could be rebuilt from the code's axis labels
//! instead of being stored, and how many title bytes that would save (issue: ICD-10-PCS,
//! "if titles can be rebuilt from axis values for section 0, measure the saving").
//!
//! `cargo run --release -p medcodes --example pcs_title_templates`
//!
//! A rebuilt title is one of a few sentence shapes, chosen once per root operation (so an
//! encoding would store one small number per root operation, not per code):
//! `Resection of Appendix, ... Approach`, `Repair Pons, ...`, `Bypass Cerebral Ventricle to
//! Peritoneal Cavity with ...`, `Insertion of <device> into <body part>`, ... Labels the
//! sources do not define, "No Device"/"No Qualifier", a body part's trailing ", Left"
//! (read "Left Hip Joint") and a "Diagnostic" qualifier (after the approach) are handled.

use std::collections::BTreeMap;

use medcodes::Icd10Pcs;

fn body_part(label: &str) -> String {
    for side in ["Left", "Right", "Bilateral"] {
        if let Some(stem) = label.strip_suffix(&format!(", {side}")) {
            return format!("{side} {stem}");
        }
    }
    label.to_owned()
}

/// The title in each sentence shape, indexed by shape.
fn shapes(labels: &[Option<&str>]) -> Vec<String> {
    let [_, _, Some(op), Some(part), Some(approach), device, qualifier] = labels else {
        return Vec::new();
    };
    let part = body_part(part);
    let device = device.filter(|d| *d != "No Device");
    let qualifier = qualifier.filter(|q| *q != "No Qualifier");
    let with = device.map(|d| format!(" with {d}")).unwrap_or_default();
    let (qual_mid, qual_end) = match qualifier {
        Some("Diagnostic") => (String::new(), ", Diagnostic".to_owned()),
        Some(q) => (format!(", {q}"), String::new()),
        None => (String::new(), String::new()),
    };
    let tail = format!(", {approach} Approach{qual_end}");
    let to = qualifier.map(|q| format!(" to {q}")).unwrap_or_default();
    let dev = device.unwrap_or("Device");
    vec![
        format!("{op} of {part}{with}{qual_mid}{tail}"),
        format!("{op} {part}{with}{qual_mid}{tail}"),
        format!("{op} {part}{to}{with}{tail}"),
        format!("{op} of {dev} into {part}{qual_mid}{tail}"),
        format!("{op} of {dev} from {part}{qual_mid}{tail}"),
        format!("{op} of {dev} in {part}{qual_mid}{tail}"),
        format!("{op} of Matter from {part}{qual_mid}{tail}"),
    ]
}

fn main() {
    let pcs = Icd10Pcs::new();
    let (mut section0, mut titled, mut stored) = (0usize, 0usize, 0usize);
    // Per root operation, per shape: codes and title bytes the shape rebuilds.
    let mut hits: BTreeMap<char, BTreeMap<usize, (usize, usize)>> = BTreeMap::new();
    for code in pcs.codes() {
        let text = code.code();
        let text = text.as_str();
        if text.len() != 7 || !text.starts_with('0') {
            continue;
        }
        section0 += 1;
        let Some(title) = code.title() else { continue };
        titled += 1;
        stored += 13 + 2 * title.text.split(' ').count();
        let labels: Vec<Option<&str>> = code.axes().iter().map(|a| a.label).collect();
        let op = text.chars().nth(2).unwrap_or('?');
        for (shape, built) in shapes(&labels).iter().enumerate() {
            if *built == title.text {
                let e = hits.entry(op).or_default().entry(shape).or_default();
                e.0 += 1;
                // What the tables spend on a title: a 12-byte title record, a length
                // byte and a 2-byte word id a word (see codegen/src/table.rs).
                e.1 += 13 + 2 * title.text.split(' ').count();
            }
        }
    }
    // The best shape of each root operation.
    let (mut rebuilt, mut saved) = (0usize, 0usize);
    for shapes in hits.values() {
        if let Some((n, bytes)) = shapes.values().max() {
            rebuilt += n;
            saved += bytes;
        }
    }
    let pct = |a: usize, b: usize| 100.0 * a as f64 / b.max(1) as f64;
    println!("section-0 codes: {section0}, with a title: {titled}");
    println!(
        "rebuilt exactly (one shape a root operation, {} operations): {rebuilt} ({:.1}% of titled)",
        hits.len(),
        pct(rebuilt, titled)
    );
    println!(
        "table bytes their titles take (record, length, word ids): {saved} of {stored} ({:.1}%)",
        pct(saved, stored)
    );
}
