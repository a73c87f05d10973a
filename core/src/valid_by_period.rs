//! The codes valid (billable) in each period of a code set (`CodeSet::periods`: between
//! two change dates every answer about validity is the same), as one bitset a period over
//! the table's code order. How many codes of an index range are valid on a date, and which
//! come first, is then a popcount over the range's words, not a span read a code: the
//! errors that count them (`ValidationError::Incomplete` for `0`, which 68,000 ICD-10-PCS
//! codes start with, and `NotBillable` for a header with thousands of codes below it) took
//! up to 260 us each that way, on claim paths that meet truncated codes by the thousand.

use std::ops::Range;

use crate::codeset::{Periods, MAX_PERIODS};
use crate::table::{SpanKind, Table};

/// Built once a code set, at the first count ([`Table::valid_by_period`]).
pub(crate) struct ValidByPeriod {
    /// `u64` words a period.
    words: usize,
    /// Period after period, bit `i` of a period's words: the code at index `i` is valid in
    /// it.
    bits: Box<[u64]>,
}

impl ValidByPeriod {
    pub(crate) fn build(table: &Table) -> ValidByPeriod {
        let periods = Periods::new(table);
        let n = table.len();
        let words = n.div_ceil(64);
        let count = table.changes().dates.len().min(MAX_PERIODS);
        let mut bits = vec![0u64; words * count].into_boxed_slice();
        for index in 0..n {
            let mut valid = 0u32;
            for span in table.spans(index as u32) {
                if span.kind == SpanKind::Billable {
                    valid |= periods.covered(span.start.yyyymmdd(), span.end.yyyymmdd());
                }
            }
            while valid != 0 {
                let p = valid.trailing_zeros() as usize;
                valid &= valid - 1;
                if let Some(word) = bits.get_mut(p * words + index / 64) {
                    *word |= 1 << (index % 64);
                }
            }
        }
        ValidByPeriod { words, bits }
    }

    /// How many codes of `range` are valid in `period`, and the indexes of the first `take`
    /// of them (`None` for a period past the ones built).
    pub(crate) fn count(
        &self,
        period: u8,
        range: Range<u32>,
        take: usize,
    ) -> Option<(u32, Vec<u32>)> {
        let at = usize::from(period) * self.words;
        let words = self.bits.get(at..at + self.words)?;
        let (start, end) = (range.start as usize, range.end as usize);
        let mut n = 0u32;
        let mut first = Vec::with_capacity(take);
        if start >= end {
            return Some((n, first));
        }
        let (first_word, last_word) = (start / 64, (end - 1) / 64);
        for (w, &word) in words
            .iter()
            .enumerate()
            .take(last_word + 1)
            .skip(first_word)
        {
            let mut word = word;
            // The range's part of its first and last words.
            if w == first_word {
                word &= u64::MAX << (start % 64);
            }
            if w == last_word && end % 64 != 0 {
                word &= u64::MAX >> (64 - end % 64);
            }
            n += word.count_ones();
            while first.len() < take && word != 0 {
                first.push((w * 64) as u32 + word.trailing_zeros());
                word &= word - 1;
            }
        }
        Some((n, first))
    }
}

#[cfg(test)]
mod tests {
    use crate::codeset::{valid_codes_in, CodeSet, System, MAX_PERIODS};
    use crate::date::Date;

    /// The bitsets' counts and first codes are the scan's, a code at a time, on the first
    /// and last day of every period, over ranges of every length class: empty, one code,
    /// word edges, the whole table.
    fn counts_agree_with_the_scan<S: System>() {
        let set = CodeSet::<S>::new();
        let table = S::table();
        let n = table.len() as u32;
        let changes = table.change_dates();
        let (_, last) = set.coverage();
        let mut ranges = vec![
            0..0,
            0..1,
            0..n,
            63..64,
            63..65,
            64..128,
            n - 1..n,
            n / 2..n / 2,
        ];
        // A fixed sequence of ranges over the table (no randomness: the same every run).
        let mut x = 0x9E37_79B9u32;
        for len in [2u32, 37, 64, 65, 1000, 4096, 20_000] {
            x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            let start = x % n.saturating_sub(len).max(1);
            ranges.push(start..(start + len).min(n));
        }
        let scan = |r: std::ops::Range<u32>, date: Date| {
            let valid: Vec<u32> = r.filter(|&i| table.is_valid_on(i, date)).collect();
            let first = valid.iter().take(5).copied().collect::<Vec<_>>();
            (valid.len() as u32, first)
        };
        for (p, &c) in changes.iter().enumerate().take(MAX_PERIODS) {
            let end = changes
                .get(p + 1)
                .map_or(last, |&next| Date::from_raw(next).previous_day());
            for day in [Date::from_raw(c), end] {
                let period = set.periods().of(day).expect("a covered day");
                for r in &ranges {
                    let got = table.valid_by_period().count(period, r.clone(), 5);
                    assert_eq!(got, Some(scan(r.clone(), day)), "{r:?} on {day}");
                }
                // As the errors spell them.
                let (count, spelled) = valid_codes_in::<S>(0..n, day);
                assert_eq!(count, scan(0..n, day).0);
                assert_eq!(spelled.len(), count.min(5) as usize);
            }
        }
        if changes.len() < MAX_PERIODS {
            let past = changes.len() as u8;
            assert_eq!(table.valid_by_period().count(past, 0..n, 5), None);
        }
    }

    #[test]
    fn icd10cm_counts_agree_with_the_scan() {
        counts_agree_with_the_scan::<crate::icd10cm::Icd10CmSystem>();
    }

    #[cfg(feature = "icd10pcs")]
    #[test]
    fn icd10pcs_counts_agree_with_the_scan() {
        counts_agree_with_the_scan::<crate::icd10pcs::Icd10PcsSystem>();
    }

    #[cfg(feature = "hcpcs")]
    #[test]
    fn hcpcs_counts_agree_with_the_scan() {
        counts_agree_with_the_scan::<crate::hcpcs::HcpcsSystem>();
    }

    #[cfg(feature = "icd9")]
    #[test]
    fn icd9_counts_agree_with_the_scan() {
        counts_agree_with_the_scan::<crate::icd9::Icd9CmSystem>();
        counts_agree_with_the_scan::<crate::icd9::Icd9ProcSystem>();
    }
}
