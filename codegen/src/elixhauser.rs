//! The Elixhauser Comorbidity Software Refined tables (`medcodes::comorbidity::elixhauser`)
//! from AHRQ's reference file v2026.1 (`CMR-Reference-File-v2026-1.xlsx` in
//! `elixhauser-ahrq` 2026.1.3): the 38 measures with whether each needs the diagnosis to
//! be present on admission, and each ICD-10-CM code's mapping columns (39: the measures,
//! with cerebrovascular disease split into on-admission and sequela columns as AHRQ's
//! mapping program reads them) as a bit set, behind a perfect hash of packed codes.

use std::fmt::Write as _;
use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};

use crate::inputs::Inputs;
use crate::table::pack_key;

pub const PACKAGE: &str = "elixhauser-ahrq";
pub const VERSION: &str = "2026.1.3";
pub const PATH: &str = "elixhauser_ahrq/data/CMR-Reference-File-v2026-1.xlsx";
const FOOTER: &str = "End of Content";

/// A measure: id without `CMR_`, AHRQ's description, whether it uses POA.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Measure {
    pub id: String,
    pub description: String,
    pub poa: bool,
}

#[derive(Clone, Debug)]
pub struct Reference {
    pub measures: Vec<Measure>,
    /// The mapping sheet's flag columns, in order.
    pub columns: Vec<String>,
    /// (code, description, bit set over `columns`), in the file's order.
    pub codes: Vec<(String, String, u64)>,
}

fn cell(row: &[Data], i: usize) -> String {
    match row.get(i) {
        Some(Data::String(s)) => s.trim().to_owned(),
        Some(Data::Float(f)) if f.fract() == 0.0 => format!("{}", *f as i64),
        Some(Data::Float(f)) => f.to_string(),
        Some(Data::Int(n)) => n.to_string(),
        Some(Data::Empty) | None => String::new(),
        Some(other) => other.to_string(),
    }
}

pub fn read(inputs: &Inputs) -> Result<Reference, String> {
    let bytes = inputs
        .read(PACKAGE, VERSION, PATH)
        .map_err(|e| e.to_string())?;
    parse(&bytes)
}

pub fn parse(bytes: &[u8]) -> Result<Reference, String> {
    let mut book = Xlsx::new(Cursor::new(bytes)).map_err(|e| format!("{PATH}: {e}"))?;
    let sheet = |book: &mut Xlsx<_>, name: &str| -> Result<Vec<Vec<String>>, String> {
        let range = book
            .worksheet_range(name)
            .map_err(|e| format!("{PATH} sheet {name}: {e}"))?;
        Ok(range
            .rows()
            .map(|r| (0..r.len()).map(|i| cell(r, i)).collect::<Vec<String>>())
            .collect())
    };
    // Comorbidity_Measures: a title row, a header row, the measures, the footer.
    let rows = sheet(&mut book, "Comorbidity_Measures")?;
    let header = rows.get(1).ok_or("Comorbidity_Measures: no header")?;
    if !header
        .first()
        .is_some_and(|h| h.starts_with("Abbreviation"))
        || !header
            .get(2)
            .is_some_and(|h| h.contains("present on admission"))
    {
        return Err(format!("Comorbidity_Measures: header {header:?}"));
    }
    let mut measures = Vec::new();
    for r in rows.iter().skip(2) {
        let id = r.first().map(String::as_str).unwrap_or_default();
        if id == FOOTER || id.is_empty() {
            break;
        }
        let id = id
            .strip_prefix("CMR_")
            .ok_or_else(|| format!("measure {id:?} without CMR_"))?;
        let poa = match cell_str(r, 2) {
            "Yes" => true,
            "No" => false,
            other => return Err(format!("measure {id}: POA {other:?}")),
        };
        measures.push(Measure {
            id: id.to_owned(),
            description: cell_str(r, 1).to_owned(),
            poa,
        });
    }
    if measures.len() != 38 {
        return Err(format!("{} measures, expected 38", measures.len()));
    }
    // DX_to_Comorb_Mapping: a title row, a header (code, description, count, flags).
    let rows = sheet(&mut book, "DX_to_Comorb_Mapping")?;
    let header = rows.get(1).ok_or("DX_to_Comorb_Mapping: no header")?;
    if header.get(..3).map(|h| h.join("|")).as_deref()
        != Some("ICD-10-CM Diagnosis|ICD-10-CM Code Description|# Comorbidities")
    {
        return Err(format!("DX_to_Comorb_Mapping: header {header:?}"));
    }
    let columns: Vec<String> = header[3..]
        .iter()
        .filter(|c| !c.is_empty())
        .cloned()
        .collect();
    if columns.len() > 64 {
        return Err(format!(
            "{} mapping columns do not fit a u64",
            columns.len()
        ));
    }
    // Every column is a measure, or cerebrovascular disease on admission or as a sequela.
    for c in &columns {
        if column_measure(c, &measures).is_none() {
            return Err(format!("mapping column {c:?} is no measure"));
        }
    }
    let mut codes = Vec::new();
    for (n, r) in rows.iter().enumerate().skip(2) {
        let code = cell_str(r, 0);
        if code == FOOTER {
            break;
        }
        if code.is_empty() {
            continue;
        }
        pack_key(code).ok_or_else(|| format!("row {}: code {code:?}", n + 1))?;
        let mut bits = 0u64;
        for (i, _) in columns.iter().enumerate() {
            match cell_str(r, 3 + i) {
                "1" => bits |= 1 << i,
                "0" | "" => {}
                other => return Err(format!("row {}: flag {other:?}", n + 1)),
            }
        }
        let count: u32 = cell_str(r, 2)
            .parse()
            .map_err(|e| format!("row {}: count: {e}", n + 1))?;
        if count != bits.count_ones() {
            return Err(format!(
                "row {}: {code} says {count} comorbidities, flags {}",
                n + 1,
                bits.count_ones()
            ));
        }
        codes.push((code.to_owned(), cell_str(r, 1).to_owned(), bits));
    }
    Ok(Reference {
        measures,
        columns,
        codes,
    })
}

fn cell_str(r: &[String], i: usize) -> &str {
    r.get(i).map(String::as_str).unwrap_or_default()
}

/// The measure a mapping column counts towards (`CBVD_POA`, `CBVD_SQLA`: `CBVD`).
pub fn column_measure(column: &str, measures: &[Measure]) -> Option<usize> {
    let id = match column {
        "CBVD_POA" | "CBVD_SQLA" => "CBVD",
        c => c,
    };
    measures.iter().position(|m| m.id == id)
}

/// The generated files: `elixhauser.rs` and the blobs under `elixhauser/`.
pub fn build(r: &Reference) -> Result<Vec<(String, Vec<u8>)>, String> {
    let mut keyed: Vec<(u64, u64)> = Vec::new();
    for (code, _, bits) in &r.codes {
        let key = pack_key(code).ok_or_else(|| format!("{code:?} does not pack"))?;
        keyed.push((key, *bits));
    }
    keyed.sort_unstable();
    if keyed.windows(2).any(|w| w[0].0 == w[1].0) {
        return Err("a code is listed twice".into());
    }
    let keys: Vec<u64> = keyed.iter().map(|k| k.0).collect();
    let chd = crate::chd::build(&keys)?;
    let mut disps = Vec::new();
    for (d1, d2) in &chd.disps {
        disps.extend_from_slice(&d1.to_le_bytes());
        disps.extend_from_slice(&d2.to_le_bytes());
    }
    // Slots: key (u64), mapping columns (u64).
    let mut slots = Vec::with_capacity(keys.len() * 16);
    for &i in &chd.map {
        let (key, bits) = keyed[i as usize];
        slots.extend_from_slice(&key.to_le_bytes());
        slots.extend_from_slice(&bits.to_le_bytes());
    }
    let mut rs = String::from(crate::rust::HEADER);
    let _ = writeln!(
        rs,
        "\n/// The perfect hash's seed (`key::hash_key`).\npub(crate) const HASH_KEY: u64 = {:#018x};\n",
        chd.seed
    );
    let _ = writeln!(
        rs,
        "pub(crate) static DISPS: &[u8] = include_bytes!(\"elixhauser/disps.bin\");\npub(crate) static SLOTS: &[u8] = include_bytes!(\"elixhauser/slots.bin\");\n"
    );
    let _ = writeln!(
        rs,
        "/// The 38 measures: id (without `CMR_`), AHRQ's description, whether it uses POA.\npub(crate) static MEASURES: [(&str, &str, bool); {}] = [",
        r.measures.len()
    );
    for m in &r.measures {
        let _ = writeln!(rs, "    ({:?}, {:?}, {}),", m.id, m.description, m.poa);
    }
    let _ = writeln!(
        rs,
        "];\n\n/// The mapping columns (a code's bits, in order) and the measure each counts towards.\npub(crate) static COLUMNS: [(&str, u8); {}] = [",
        r.columns.len()
    );
    for c in &r.columns {
        let m = column_measure(c, &r.measures).unwrap_or(usize::MAX);
        let _ = writeln!(rs, "    ({c:?}, {m}),");
    }
    let _ = writeln!(
        rs,
        "];\n\n/// Number of codes mapped (pinned by a test).\n#[cfg(test)]\npub(crate) const CODES: usize = {};",
        keys.len()
    );
    Ok(vec![
        ("elixhauser.rs".into(), rs.into_bytes()),
        ("elixhauser/disps.bin".into(), disps),
        ("elixhauser/slots.bin".into(), slots),
    ])
}

pub fn report(r: &Reference) -> String {
    format!(
        "\n## Elixhauser Comorbidity Software Refined v2026.1 ({PACKAGE} {VERSION})\n\n- {} measures ({} use POA), {} mapping columns, {} codes\n",
        r.measures.len(),
        r.measures.iter().filter(|m| m.poa).count(),
        r.columns.len(),
        r.codes.len()
    )
}
