//! Validity spans: day arithmetic on `yyyymmdd` dates, range sets, and header spans
//! derived from the codes below a header.

use std::collections::BTreeMap;

use crate::mce::MceSpan;
use crate::table::SpanOut;

/// The billable spans of a code set, from the MCE master table, by code.
pub struct Billable {
    pub spans: BTreeMap<String, Vec<SpanOut>>,
    /// First and last date (YYYYMMDD) any span covers: the tables' coverage.
    pub first_date: u32,
    pub last_date: u32,
    /// Dates inside the coverage that no source covers (before a release recorded in the
    /// manifest that takes effect after the data before it ends): inclusive ranges.
    pub gaps: Vec<(u32, u32)>,
}

/// Reads the MCE spans into billable spans with their flag bits (`flag_bit` maps an MCE
/// flag name to its bit, failing on names it does not know).
pub fn billable(
    mce: &[MceSpan],
    flag_bit: &dyn Fn(&str) -> Result<u64, String>,
) -> Result<Billable, String> {
    let mut spans: BTreeMap<String, Vec<SpanOut>> = BTreeMap::new();
    for s in mce {
        let mut flags = 0u64;
        for f in &s.flags {
            flags |= flag_bit(f)?;
        }
        spans.entry(s.code.clone()).or_default().push(SpanOut {
            start: s.start,
            end: s.end,
            flags,
            header: false,
        });
    }
    let first_date = mce.iter().map(|s| s.start).min().ok_or("no MCE spans")?;
    let last_date = mce.iter().map(|s| s.end).max().ok_or("no MCE spans")?;
    Ok(Billable {
        spans,
        first_date,
        last_date,
        gaps: Vec::new(),
    })
}

impl Billable {
    /// The release dates: the coverage's first day and every day on which some code's
    /// span starts or the day after one ends (within the coverage). Every span boundary
    /// counts, not only a code's first and last, so a release that only re-adds or
    /// retires codes mid-life (the April updates) is listed too.
    pub fn releases(&self) -> Vec<u32> {
        let mut releases = std::collections::BTreeSet::from([self.first_date]);
        for s in self.spans.values().flatten() {
            releases.insert(s.start);
            let after = next_day(s.end);
            // The day after the data before a gap ends is no release.
            if s.end < self.last_date && !self.gaps.iter().any(|g| g.0 == after) {
                releases.insert(after);
            }
        }
        releases.into_iter().collect()
    }
}

/// Subtracts `holes` (sorted, disjoint) from `ranges` (sorted, disjoint); inclusive
/// yyyymmdd ranges on a day grid.
pub fn subtract(ranges: &[(u32, u32)], holes: &[(u32, u32)]) -> Vec<(u32, u32)> {
    let mut out = Vec::new();
    for &(mut s, e) in ranges {
        for &(hs, he) in holes {
            if he < s || hs > e {
                continue;
            }
            if hs > s {
                out.push((s, prev_day(hs)));
            }
            s = next_day(he);
            if s > e {
                break;
            }
        }
        if s <= e {
            out.push((s, e));
        }
    }
    out
}

pub fn merge(mut ranges: Vec<(u32, u32)>) -> Vec<(u32, u32)> {
    ranges.sort_unstable();
    let mut out: Vec<(u32, u32)> = Vec::new();
    for (s, e) in ranges {
        match out.last_mut() {
            Some(last) if s <= next_day(last.1) => last.1 = last.1.max(e),
            _ => out.push((s, e)),
        }
    }
    out
}

fn days_in_month(y: u32, m: u32) -> u32 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

pub fn next_day(d: u32) -> u32 {
    let (y, m, day) = (d / 10000, d / 100 % 100, d % 100);
    if day < days_in_month(y, m) {
        d + 1
    } else if m < 12 {
        y * 10000 + (m + 1) * 100 + 1
    } else {
        (y + 1) * 10000 + 101
    }
}

pub fn prev_day(d: u32) -> u32 {
    let (y, m, day) = (d / 10000, d / 100 % 100, d % 100);
    if day > 1 {
        d - 1
    } else if m > 1 {
        y * 10000 + (m - 1) * 100 + days_in_month(y, m - 1)
    } else {
        (y - 1) * 10000 + 1231
    }
}

/// Every code's spans: its own billable spans, plus header spans on the dates some code
/// below it is billable and it is not. Also returns the codes that are billable while a
/// descendant is (their header spans are trimmed to the other dates). `codes` must be in
/// key order with `descendants` from `table::tree`.
pub fn with_header_spans(
    codes: &[String],
    descendants: &[u32],
    billable: &BTreeMap<String, Vec<SpanOut>>,
) -> (Vec<Vec<SpanOut>>, Vec<String>) {
    let mut spans: Vec<Vec<SpanOut>> = codes
        .iter()
        .map(|c| billable.get(c).cloned().unwrap_or_default())
        .collect();
    let mut overlap = Vec::new();
    for i in 0..codes.len() {
        let below: Vec<(u32, u32)> = (i + 1..=i + descendants[i] as usize)
            .flat_map(|d| billable.get(&codes[d]).into_iter().flatten())
            .map(|s| (s.start, s.end))
            .collect();
        if below.is_empty() {
            continue;
        }
        let covered = merge(below);
        let own = merge(spans[i].iter().map(|s| (s.start, s.end)).collect());
        let header = subtract(&covered, &own);
        if !own.is_empty() && header != covered {
            overlap.push(codes[i].clone());
        }
        for (start, end) in header {
            spans[i].push(SpanOut {
                start,
                end,
                flags: 0,
                header: true,
            });
        }
        spans[i].sort_by_key(|s| s.start);
    }
    (spans, overlap)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_arithmetic() {
        assert_eq!(next_day(20240228), 20240229);
        assert_eq!(next_day(20231231), 20240101);
        assert_eq!(prev_day(20240301), 20240229);
        assert_eq!(prev_day(20240101), 20231231);
    }

    #[test]
    fn subtract_and_merge() {
        assert_eq!(
            merge(vec![(20200101, 20200131), (20200201, 20200301)]),
            vec![(20200101, 20200301)]
        );
        assert_eq!(
            subtract(&[(20200101, 20201231)], &[(20200301, 20200331)]),
            vec![(20200101, 20200229), (20200401, 20201231)]
        );
        assert_eq!(
            subtract(&[(20200101, 20201231)], &[]),
            vec![(20200101, 20201231)]
        );
    }
}
