//! HCPCS Level II tables from the IOCE model ([`crate::hcpcs`]): the codes' validity spans
//! by quarter with their status indicator, age and sex limits as span flags; their CMS
//! short descriptors by quarter as titles; the modifiers valid each quarter.
//!
//! CPT codes are left out entirely (the AMA's), and D codes (CDT, the ADA's) are kept as
//! codes with no text: [`crate::hcpcs`] already drops both kinds' descriptors.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;

use crate::hcpcs::{Kind, Pyoce, Sex};
use crate::spans::{next_day, prev_day};
use crate::table::{Entry, SpanOut, TitleOut, MAX_TITLE_SOURCES};

/// A title source of the generated table: the quarter from which a set of descriptors is
/// in force.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QuarterSource {
    pub name: String,
    pub effective: u32,
}

pub struct HcpcsTable {
    pub entries: Vec<Entry>,
    pub first_date: u32,
    pub last_date: u32,
    pub releases: Vec<u32>,
    pub title_sources: Vec<QuarterSource>,
    /// Status indicator values (index 0: none), in the order span flags number them, with
    /// their newest CMS description.
    pub status_indicators: Vec<(String, String)>,
    /// Each modifier (two letters or digits) and the date ranges it is valid in.
    pub modifiers: Vec<(String, Vec<(u32, u32)>)>,
    pub report: String,
}

/// Span flag layout: what `core/src/hcpcs` reads back.
pub const STATUS_MASK: u64 = 0xff;
pub const SEX_SHIFT: u32 = 8;
pub const AGE_LOW_SHIFT: u32 = 16;
pub const AGE_HIGH_SHIFT: u32 = 24;

fn flags(status: u64, sex: Sex, age_low: u8, age_high: u8) -> u64 {
    let sex = match sex {
        Sex::Any => 0u64,
        Sex::Male => 1,
        Sex::Female => 2,
    };
    status
        | sex << SEX_SHIFT
        | u64::from(age_low) << AGE_LOW_SHIFT
        | u64::from(age_high) << AGE_HIGH_SHIFT
}

/// The day before the quarter after the one starting on `start` (yyyymmdd).
fn quarter_end(start: u32) -> u32 {
    let (y, m) = (start / 10_000, start / 100 % 100);
    let (y, m) = if m + 3 > 12 {
        (y + 1, m + 3 - 12)
    } else {
        (y, m + 3)
    };
    prev_day(y * 10_000 + m * 100 + 1)
}

pub fn build(src: &Pyoce) -> Result<HcpcsTable, String> {
    let first_quarter = src.quarters.first().ok_or("pyoce: no quarters")?;
    let last_quarter = src.quarters.last().ok_or("pyoce: no quarters")?;
    let first_date = first_quarter.start;
    // The newest quarter's end in the IOCE is open (2036); the data covers its quarter.
    let last_date = quarter_end(last_quarter.start);
    let clip = |end: u32| end.min(last_date);

    // Status indicators, numbered 1.. in value order (0: none).
    let mut status_indicators: Vec<(String, String)> = vec![(String::new(), String::new())];
    let values: BTreeSet<&str> = src
        .codes
        .iter()
        .map(|c| c.status_indicator.as_str())
        .filter(|s| !s.is_empty())
        .collect();
    for v in values {
        let description = src
            .status_indicators
            .iter()
            .filter(|s| s.value == v)
            .max_by_key(|s| s.last)
            .map(|s| s.description.clone())
            .unwrap_or_default();
        status_indicators.push((v.to_owned(), description));
    }
    if status_indicators.len() > STATUS_MASK as usize {
        return Err("more status indicators than the span flags hold".into());
    }
    let status_of = |v: &str| {
        status_indicators
            .iter()
            .position(|(s, _)| s == v)
            .unwrap_or(0) as u64
    };

    // Title sources: the first quarter, and each quarter in which a code already in force
    // the quarter before got a different descriptor (new codes need no source of their
    // own: a title is found in the source in force on the date or the oldest later one).
    let mut descriptor_by_quarter: BTreeMap<(&str, u16), &str> = BTreeMap::new();
    for c in src.codes.iter().filter(|c| c.kind == Kind::LevelII) {
        if let Some(d) = &c.short_descriptor {
            for v in c.first..=c.last {
                descriptor_by_quarter.insert((c.code.as_str(), v), d.as_str());
            }
        }
    }
    let mut source_starts: Vec<u16> = vec![first_quarter.version];
    for q in src.quarters.iter().skip(1) {
        let changed = descriptor_by_quarter.iter().any(|(&(code, v), d)| {
            v == q.version
                && descriptor_by_quarter
                    .get(&(code, v - 1))
                    .is_some_and(|before| before != d)
        });
        if changed {
            source_starts.push(q.version);
        }
    }
    if source_starts.len() > MAX_TITLE_SOURCES {
        return Err(format!(
            "{} quarters change descriptors: more than the {MAX_TITLE_SOURCES} title sources a table holds",
            source_starts.len()
        ));
    }
    let source_of = |version: u16| source_starts.iter().rposition(|&s| s <= version);
    let title_sources: Vec<QuarterSource> = source_starts
        .iter()
        .filter_map(|&v| src.quarter(v))
        .map(|q| QuarterSource {
            name: format!(
                "{}-{:02}-01 quarter (IOCE {})",
                q.start / 10_000,
                q.start / 100 % 100,
                q.version_id
            ),
            effective: q.start,
        })
        .collect();

    // Codes: Level II and D codes, their spans (runs of quarters with the same flags,
    // merged when contiguous) and titles.
    let mut by_code: BTreeMap<&str, Vec<&crate::hcpcs::CodeSpan>> = BTreeMap::new();
    for c in src.codes.iter().filter(|c| c.kind != Kind::Cpt) {
        by_code.entry(c.code.as_str()).or_default().push(c);
    }
    let mut entries = Vec::with_capacity(by_code.len());
    let mut releases: BTreeSet<u32> = BTreeSet::from([first_date]);
    let mut dental = 0usize;
    for (code, rows) in &by_code {
        let mut spans: Vec<SpanOut> = Vec::new();
        for r in rows {
            let f = flags(status_of(&r.status_indicator), r.sex, r.age_low, r.age_high);
            let (start, end) = (r.start, clip(r.end));
            if start > end {
                continue;
            }
            match spans.last_mut() {
                Some(last) if last.flags == f && next_day(last.end) == start => last.end = end,
                _ => spans.push(SpanOut {
                    start,
                    end,
                    flags: f,
                    header: false,
                }),
            }
        }
        for s in &spans {
            releases.insert(s.start);
            if s.end < last_date {
                releases.insert(next_day(s.end));
            }
        }
        // Titles: per source, the descriptor in force in the source's quarters.
        let mut variants: BTreeMap<String, u32> = BTreeMap::new();
        for r in rows {
            let Some(d) = &r.short_descriptor else {
                continue;
            };
            for v in r.first..=r.last {
                if let Some(s) = source_of(v) {
                    *variants.entry(d.clone()).or_default() |= 1 << s;
                }
            }
        }
        let mut titles = Vec::new();
        for short in [false, true] {
            // The short descriptor is the only text the IOCE has: it stands as the long
            // title too until a CMS HCPCS file is loaded at run time.
            let mut these: Vec<TitleOut> = variants
                .iter()
                .map(|(text, &sources)| TitleOut {
                    sources,
                    short,
                    text: text.clone(),
                })
                .collect();
            these.sort_by_key(|t| t.sources.trailing_zeros());
            titles.extend(these);
        }
        if code.starts_with('D') {
            dental += 1;
        }
        entries.push(Entry {
            code: (*code).to_owned(),
            spans,
            titles,
            block: u16::MAX,
            chapter: 0,
        });
    }

    // Modifiers: two letters or digits (the IOCE's `#n` placeholders are no modifiers).
    let mut modifiers: BTreeMap<&str, Vec<(u32, u32)>> = BTreeMap::new();
    for m in &src.modifiers {
        if m.modifier.len() != 2 || !m.modifier.bytes().all(|b| b.is_ascii_alphanumeric()) {
            continue;
        }
        let ranges = modifiers.entry(m.modifier.as_str()).or_default();
        let (start, end) = (m.start, clip(m.end));
        match ranges.last_mut() {
            Some(last) if next_day(last.1) == start => last.1 = end,
            _ => ranges.push((start, end)),
        }
    }
    let modifiers: Vec<(String, Vec<(u32, u32)>)> = modifiers
        .into_iter()
        .map(|(m, r)| (m.to_owned(), r))
        .collect();

    let cpt = src.codes.iter().filter(|c| c.kind == Kind::Cpt).count();
    let mut report = String::from("\n## HCPCS Level II\n\n");
    let _ = writeln!(
        report,
        "- quarters: {} ({} to {}); title sources (quarters that change a descriptor): {}\n- codes: {} ({} D codes, kept without text); CPT rows left out: {}\n- status indicators: {}; modifiers: {}",
        src.quarters.len(),
        first_date,
        last_date,
        title_sources.len(),
        entries.len(),
        dental,
        cpt,
        status_indicators.len() - 1,
        modifiers.len()
    );
    Ok(HcpcsTable {
        entries,
        first_date,
        last_date,
        releases: releases.into_iter().collect(),
        title_sources,
        status_indicators,
        modifiers,
        report,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quarters_end_the_day_before_the_next() {
        assert_eq!(quarter_end(20190701), 20190930);
        assert_eq!(quarter_end(20261001), 20261231);
        assert_eq!(quarter_end(20260401), 20260630);
    }
}
