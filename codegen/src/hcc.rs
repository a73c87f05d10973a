//! The CMS-HCC risk adjustment tables (`medcodes::hcc`) from `risk-adjustment-model`
//! 0.7.1: for each Medicare model and payment year, the ICD-10-CM to category map, the
//! hierarchies, the model's variables (categories, demographic cells, interactions) with
//! their labels, and the coefficients of every variable by segment.
//!
//! Written as: one perfect hash over every diagnosis code any model-year maps (packed
//! `CodeKey`s, `chd.rs`), each code's run of (model-year, variable) entries in a blob,
//! the coefficients in thousandths (the files have at most three decimals, so the
//! integers are exact) in another, and the small per-model-year lists (variables,
//! hierarchies, segments) as Rust literals, deduplicated across years.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::inputs::Inputs;
use crate::table::pack_key;

pub const PACKAGE: &str = "risk-adjustment-model";
pub const VERSION: &str = "0.7.1";
const ROOT: &str = "risk_adjustment_model/reference_data/medicare";

/// The models in the order of `medcodes::hcc::HccModel` (a core test checks it): id (the
/// package's folder), the prefix its diagnosis map's numbers take, the payment years.
pub const MODELS: [(&str, &str, &[u16]); 10] = [
    ("v22", "HCC", &[2026, 2027]),
    ("v24", "HCC", &[2020, 2021, 2022, 2023, 2024, 2025]),
    ("v28", "HCC", &[2024, 2026, 2027]),
    ("v21_esrd", "HCC", &[2026, 2027]),
    ("v24_esrd", "HCC", &[2026, 2027]),
    ("v08_rxhcc_t", "RXHCC", &[2026]),
    ("v08_rxhcc_t2", "RXHCC", &[2027]),
    ("v08_rxhcc_x", "RXHCC", &[2026]),
    ("v08_rxhcc_y1", "RXHCC", &[2027]),
    ("v08_rxhcc_y2", "RXHCC", &[2027]),
];

/// Variable kinds, in the order of `medcodes::hcc::VariableKind`.
pub const KINDS: [&str; 5] = [
    "disease",
    "demographic",
    "disease_interaction",
    "disease_count",
    "demographic_interaction",
];

/// One variable of a model-year: name, label, kind (index into [`KINDS`]).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Variable {
    pub name: String,
    pub label: String,
    pub kind: u8,
}

#[derive(Clone, Debug)]
pub struct ModelYear {
    pub model: usize,
    pub year: u16,
    pub variables: Vec<Variable>,
    /// (variable, variables it removes), by variable index.
    pub hierarchies: Vec<(u16, Vec<u16>)>,
    pub segments: Vec<String>,
    /// Coefficients in thousandths, variable-major (`variables.len() * segments.len()`).
    pub weights: Vec<i32>,
    /// (code, variable index, second category flag `D`), in file order.
    pub map: Vec<(String, u16, bool)>,
}

fn text(inputs: &Inputs, model: &str, year: u16, file: &str) -> Result<String, String> {
    let path = format!("{ROOT}/{model}/{year}/{file}");
    let bytes = inputs
        .read(PACKAGE, VERSION, &path)
        .map_err(|e| e.to_string())?;
    String::from_utf8(bytes).map_err(|e| format!("{path}: {e}"))
}

/// Thousandths of a decimal with at most three decimals, exactly.
fn thousandths(s: &str) -> Result<i32, String> {
    let s = s.trim();
    let (neg, s) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s),
    };
    let (int, frac) = s.split_once('.').unwrap_or((s, ""));
    if frac.len() > 3 || int.is_empty() && frac.is_empty() {
        return Err(format!("coefficient {s:?}: more than three decimals"));
    }
    let int: i32 = if int.is_empty() {
        0
    } else {
        int.parse().map_err(|e| format!("coefficient {s:?}: {e}"))?
    };
    let mut f = 0i32;
    for i in 0..3 {
        let d = frac.as_bytes().get(i).map_or(Ok(0), |&b| match b {
            b'0'..=b'9' => Ok(i32::from(b - b'0')),
            _ => Err(format!("coefficient {s:?}")),
        })?;
        f = f * 10 + d;
    }
    let v = int * 1000 + f;
    Ok(if neg { -v } else { v })
}

pub fn read(inputs: &Inputs) -> Result<Vec<ModelYear>, String> {
    let mut out = Vec::new();
    for (m, (model, prefix, years)) in MODELS.iter().enumerate() {
        for &year in *years {
            out.push(read_model_year(inputs, m, model, prefix, year)?);
        }
    }
    Ok(out)
}

fn read_model_year(
    inputs: &Inputs,
    m: usize,
    model: &str,
    prefix: &str,
    year: u16,
) -> Result<ModelYear, String> {
    let at = |what: &str| format!("{model}/{year} {what}");
    let defs: BTreeMap<String, serde_json::Value> =
        serde_json::from_str(&text(inputs, model, year, "category_definition.json")?)
            .map_err(|e| format!("{}: {e}", at("category_definition.json")))?;
    let weights = text(inputs, model, year, "weights.csv")?;
    let mut lines = weights.lines().filter(|l| !l.trim().is_empty());
    let header = lines.next().ok_or_else(|| at("weights.csv is empty"))?;
    let segments: Vec<String> = header
        .split(',')
        .skip(1)
        .map(|s| s.trim().to_owned())
        .collect();
    // Variables: those with a definition, then any the weights name without one (kind
    // from the definition; a weight without one is an error: it would have no label).
    let mut variables: Vec<Variable> = Vec::new();
    for (name, def) in &defs {
        let kind = def["type"].as_str().unwrap_or_default();
        let kind = KINDS
            .iter()
            .position(|k| *k == kind)
            .ok_or_else(|| at(&format!("{name}: unknown type {kind:?}")))?;
        variables.push(Variable {
            name: name.clone(),
            label: def["descr"].as_str().unwrap_or_default().trim().to_owned(),
            kind: kind as u8,
        });
    }
    // Diseases by number, then the others by kind and name: a stable, readable order.
    let number = |v: &Variable| -> u32 {
        v.name
            .trim_start_matches(|c: char| c.is_ascii_alphabetic())
            .parse()
            .unwrap_or(u32::MAX)
    };
    variables.sort_by(|a, b| (a.kind, number(a), &a.name).cmp(&(b.kind, number(b), &b.name)));
    let index: BTreeMap<&str, u16> = variables
        .iter()
        .enumerate()
        .map(|(i, v)| (v.name.as_str(), i as u16))
        .collect();
    let mut w = vec![0i32; variables.len() * segments.len()];
    for line in lines {
        let f: Vec<&str> = line.split(',').collect();
        let name = f[0].trim();
        let &v = index
            .get(name)
            .ok_or_else(|| at(&format!("weights.csv: {name} has no definition")))?;
        if f.len() != segments.len() + 1 {
            return Err(at(&format!("weights.csv: {name} has {} fields", f.len())));
        }
        for (s, x) in f[1..].iter().enumerate() {
            w[v as usize * segments.len() + s] = thousandths(x).map_err(|e| at(&e))?;
        }
    }
    let hier: BTreeMap<String, serde_json::Value> =
        serde_json::from_str(&text(inputs, model, year, "hierarchy_definition.json")?)
            .map_err(|e| format!("{}: {e}", at("hierarchy_definition.json")))?;
    let mut hierarchies = Vec::new();
    for (name, def) in &hier {
        let &v = index
            .get(name.as_str())
            .ok_or_else(|| at(&format!("hierarchy of unknown {name}")))?;
        let mut removed = Vec::new();
        for r in def["remove_code"].as_array().into_iter().flatten() {
            let r = r.as_str().unwrap_or_default();
            removed.push(
                *index
                    .get(r)
                    .ok_or_else(|| at(&format!("{name} removes unknown {r}")))?,
            );
        }
        removed.sort_unstable();
        hierarchies.push((v, removed));
    }
    hierarchies.sort();
    let mut map = Vec::new();
    for line in text(inputs, model, year, "diag_to_category_map.txt")?.lines() {
        if line.trim().is_empty() {
            continue;
        }
        let f: Vec<&str> = line.split('\t').map(str::trim).collect();
        let name = format!("{prefix}{}", f.get(1).copied().unwrap_or_default());
        let &v = index
            .get(name.as_str())
            .ok_or_else(|| at(&format!("{line:?} maps to unknown {name}")))?;
        let second = match f.get(2) {
            None => false,
            Some(&"D") => true,
            Some(other) => return Err(at(&format!("{line:?}: third field {other:?}"))),
        };
        if variables[v as usize].kind != 0 {
            return Err(at(&format!("{line:?}: {name} is not a disease category")));
        }
        map.push((f[0].to_owned(), v, second));
    }
    Ok(ModelYear {
        model: m,
        year,
        variables,
        hierarchies,
        segments,
        weights: w,
        map,
    })
}

/// The generated files: `hcc.rs` and the blobs under `hcc/`.
pub fn build(years: &[ModelYear]) -> Result<Vec<(String, Vec<u8>)>, String> {
    // Every code any model-year maps, with its entries: a category (with the second
    // category flag) and the set of model-years (a bit each) that map the code to it, so
    // a code's run is a few entries rather than one a model-year.
    assert!(years.len() <= 32, "model-year sets are 32-bit masks");
    let mut by_code: BTreeMap<u64, BTreeMap<(u16, u8), u32>> = BTreeMap::new();
    for (y, my) in years.iter().enumerate() {
        for (code, v, second) in &my.map {
            let key = pack_key(code).ok_or_else(|| format!("{code:?} does not pack"))?;
            *by_code
                .entry(key)
                .or_default()
                .entry((*v, u8::from(*second)))
                .or_default() |= 1 << y;
        }
    }
    let keys: Vec<u64> = by_code.keys().copied().collect();
    let chd = crate::chd::build(&keys)?;
    let mut disps = Vec::new();
    for (d1, d2) in &chd.disps {
        disps.extend_from_slice(&d1.to_le_bytes());
        disps.extend_from_slice(&d2.to_le_bytes());
    }
    // Slots: key (u64), run start (u32), run length (u16), padding (u16). Entries:
    // model-year mask (u32), variable (u16), flags (u16), by variable.
    let mut runs: Vec<(u32, u16)> = Vec::new();
    let mut entries = Vec::new();
    for list in by_code.values() {
        runs.push(((entries.len() / 8) as u32, list.len() as u16));
        for ((v, flags), mask) in list {
            entries.extend_from_slice(&mask.to_le_bytes());
            entries.extend_from_slice(&v.to_le_bytes());
            entries.extend_from_slice(&u16::from(*flags).to_le_bytes());
        }
    }
    let mut slots = Vec::with_capacity(chd.map.len() * 16);
    for &i in &chd.map {
        let (start, len) = runs[i as usize];
        slots.extend_from_slice(&keys[i as usize].to_le_bytes());
        slots.extend_from_slice(&start.to_le_bytes());
        slots.extend_from_slice(&len.to_le_bytes());
        slots.extend_from_slice(&[0, 0]);
    }
    let mut weights = Vec::new();
    let mut weight_starts = Vec::new();
    for my in years {
        weight_starts.push(weights.len() / 4);
        for w in &my.weights {
            weights.extend_from_slice(&w.to_le_bytes());
        }
    }
    // Variable lists and segment lists, deduplicated across years.
    let mut variable_sets: Vec<&Vec<Variable>> = Vec::new();
    let mut segment_sets: Vec<&Vec<String>> = Vec::new();
    let mut hierarchy_sets: Vec<&Vec<(u16, Vec<u16>)>> = Vec::new();
    let mut refs = Vec::new();
    for my in years {
        refs.push((
            find_or_push(&mut variable_sets, &my.variables),
            find_or_push(&mut segment_sets, &my.segments),
            find_or_push(&mut hierarchy_sets, &my.hierarchies),
        ));
    }

    let mut rs = String::from(crate::rust::HEADER);
    rs.push_str("\nuse crate::hcc::{ModelYearData, VariableData};\n\n");
    let _ = writeln!(
        rs,
        "/// The perfect hash's seed (`key::hash_key`).\npub(crate) const HASH_KEY: u64 = {:#018x};\n",
        chd.seed
    );
    for (name, file) in [
        ("DISPS", "disps"),
        ("SLOTS", "slots"),
        ("ENTRIES", "entries"),
        ("WEIGHTS", "weights"),
    ] {
        let _ = writeln!(
            rs,
            "pub(crate) static {name}: &[u8] = include_bytes!(\"hcc/{file}.bin\");"
        );
    }
    let _ = writeln!(rs);
    for (i, set) in variable_sets.iter().enumerate() {
        let _ = writeln!(
            rs,
            "static VARIABLES_{i}: [VariableData; {}] = [",
            set.len()
        );
        for v in set.iter() {
            let _ = writeln!(
                rs,
                "    VariableData {{ name: {:?}, label: {:?}, kind: {} }},",
                v.name, v.label, v.kind
            );
        }
        let _ = writeln!(rs, "];\n");
    }
    for (i, set) in segment_sets.iter().enumerate() {
        let _ = writeln!(
            rs,
            "static SEGMENTS_{i}: [&str; {}] = {:?};\n",
            set.len(),
            set
        );
    }
    for (i, set) in hierarchy_sets.iter().enumerate() {
        let _ = writeln!(
            rs,
            "static HIERARCHIES_{i}: [(u16, &[u16]); {}] = [",
            set.len()
        );
        for (v, removed) in set.iter() {
            let _ = writeln!(rs, "    ({v}, &{removed:?}),");
        }
        let _ = writeln!(rs, "];\n");
    }
    let _ = writeln!(
        rs,
        "/// Every model-year, by model then payment year (the `y` of the entries).\npub(crate) static MODEL_YEARS: [ModelYearData; {}] = [",
        years.len()
    );
    for ((my, (v, s, h)), start) in years.iter().zip(&refs).zip(&weight_starts) {
        let _ = writeln!(
            rs,
            "    ModelYearData {{ model: {}, year: {}, variables: &VARIABLES_{v}, segments: &SEGMENTS_{s}, hierarchies: &HIERARCHIES_{h}, weights_start: {}, mapped: {} }},",
            my.model,
            my.year,
            start,
            my.map.len()
        );
    }
    let _ = writeln!(rs, "];\n");
    let _ = writeln!(
        rs,
        "/// Model ids in `HccModel` order (checked by a test).\n#[cfg(test)]\npub(crate) static MODEL_IDS: [&str; {}] = {:?};",
        MODELS.len(),
        MODELS.iter().map(|m| m.0).collect::<Vec<_>>()
    );
    let _ = writeln!(
        rs,
        "\n/// Blob sizes in bytes, pinned by a test.\n#[cfg(test)]\npub(crate) const BLOB_SIZES: [(&str, usize); 4] = [(\"disps\", {}), (\"slots\", {}), (\"entries\", {}), (\"weights\", {})];",
        disps.len(),
        slots.len(),
        entries.len(),
        weights.len()
    );
    Ok(vec![
        ("hcc.rs".into(), rs.into_bytes()),
        ("hcc/disps.bin".into(), disps),
        ("hcc/slots.bin".into(), slots),
        ("hcc/entries.bin".into(), entries),
        ("hcc/weights.bin".into(), weights),
    ])
}

/// The index of `item` in `sets`, pushed if new.
fn find_or_push<'a, T: PartialEq>(sets: &mut Vec<&'a T>, item: &'a T) -> usize {
    match sets.iter().position(|s| *s == item) {
        Some(i) => i,
        None => {
            sets.push(item);
            sets.len() - 1
        }
    }
}

/// What the generator noticed, for REPORT.md.
pub fn report(years: &[ModelYear]) -> String {
    let mut out = String::from("\n## CMS-HCC (risk-adjustment-model 0.7.1)\n\n");
    for my in years {
        let seconds = my.map.iter().filter(|m| m.2).count();
        let _ = writeln!(
            out,
            "- {} {}: {} mappings ({} second categories), {} variables, {} hierarchies, {} segments",
            MODELS[my.model].0,
            my.year,
            my.map.len(),
            seconds,
            my.variables.len(),
            my.hierarchies.len(),
            my.segments.len()
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn coefficients_read_exactly_in_thousandths() {
        assert_eq!(thousandths("0.301"), Ok(301));
        assert_eq!(thousandths("4.209"), Ok(4209));
        assert_eq!(thousandths("0"), Ok(0));
        assert_eq!(thousandths("0.0"), Ok(0));
        assert_eq!(thousandths("-0.05"), Ok(-50));
        assert_eq!(thousandths("12"), Ok(12000));
        assert!(thousandths("0.0001").is_err());
        assert!(thousandths("x").is_err());
    }
}
