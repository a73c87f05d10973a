//! The curated everyday words and abbreviations (`core/data/search_synonyms.tsv`, compiled
//! in and read once): a query word or phrase of the first column is also searched as its
//! expansion. Each row gives its reason; the file's header says how rows are chosen.

use std::collections::HashMap;
use std::sync::OnceLock;

use super::text;

/// The file as compiled in.
pub(crate) const SOURCE: &str = include_str!("../../data/search_synonyms.tsv");

/// One row of the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SynonymRow {
    /// The words a query may use, e.g. `"heart attack"`.
    pub term: &'static str,
    /// What they are also searched as, e.g. `"myocardial infarction"`.
    pub expansion: &'static str,
    /// Why the row holds.
    pub reason: &'static str,
}

/// Reads the rows of the file: tab-separated `term`, `expansion`, `reason`, after a header
/// row; lines starting with `#` and blank lines are comments. A malformed row is an error
/// naming its line (the test of the module keeps the compiled-in file well formed).
pub(crate) fn parse(source: &'static str) -> Result<Vec<SynonymRow>, String> {
    let mut rows = Vec::new();
    let mut header = false;
    for (i, line) in source.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let cols: Vec<&'static str> = line.split('\t').collect();
        if !header {
            if cols != ["term", "expansion", "reason"] {
                return Err(format!(
                    "line {}: the header must be term, expansion, reason",
                    i + 1
                ));
            }
            header = true;
            continue;
        }
        match cols[..] {
            [term, expansion, reason]
                if !text::terms(term).is_empty()
                    && !text::terms(expansion).is_empty()
                    && !reason.trim().is_empty() =>
            {
                rows.push(SynonymRow {
                    term: term.trim(),
                    expansion: expansion.trim(),
                    reason: reason.trim(),
                })
            }
            _ => {
                return Err(format!(
                    "line {}: three non-empty columns expected: {line:?}",
                    i + 1
                ))
            }
        }
    }
    Ok(rows)
}

/// Every row of the compiled-in file.
pub fn synonym_rows() -> &'static [SynonymRow] {
    &table().rows
}

/// The rows by the terms of their first column.
pub(crate) struct Synonyms {
    rows: Vec<SynonymRow>,
    by_terms: HashMap<Vec<String>, Vec<Vec<String>>>,
    /// The most words a first column has.
    longest: usize,
}

pub(crate) fn table() -> &'static Synonyms {
    static TABLE: OnceLock<Synonyms> = OnceLock::new();
    TABLE.get_or_init(|| {
        // The file is part of the crate and checked by its tests: a malformed row there
        // leaves search without synonyms rather than failing every query.
        let rows = parse(SOURCE).unwrap_or_default();
        let mut by_terms: HashMap<Vec<String>, Vec<Vec<String>>> = HashMap::new();
        let mut longest = 0;
        for row in &rows {
            let key = text::terms(row.term);
            longest = longest.max(key.len());
            let expansion = text::terms(row.expansion);
            let entry = by_terms.entry(key).or_default();
            if !entry.contains(&expansion) {
                entry.push(expansion);
            }
        }
        Synonyms {
            rows,
            by_terms,
            longest,
        }
    })
}

impl Synonyms {
    /// The longest phrase of the file starting at `terms[at]`: its length in words and its
    /// expansions.
    pub(crate) fn longest_at(
        &self,
        terms: &[String],
        at: usize,
    ) -> Option<(usize, &[Vec<String>])> {
        let most = self.longest.min(terms.len().saturating_sub(at));
        (1..=most).rev().find_map(|n| {
            self.by_terms
                .get(&terms[at..at + n])
                .map(|e| (n, e.as_slice()))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_file_is_well_formed() {
        let rows = parse(SOURCE).expect("search_synonyms.tsv");
        assert!((40..=80).contains(&rows.len()), "{} rows", rows.len());
        let mut seen = std::collections::HashSet::new();
        for row in &rows {
            assert!(seen.insert((row.term, row.expansion)), "twice: {row:?}");
            assert_ne!(text::terms(row.term), text::terms(row.expansion), "{row:?}");
            assert!(row.reason.len() >= 10, "{row:?}");
        }
        assert_eq!(synonym_rows().len(), rows.len());
    }

    #[test]
    fn longest_phrases_win() {
        let t = table();
        let q = text::terms("my high blood pressure");
        assert_eq!(t.longest_at(&q, 0), None);
        let (n, e) = t.longest_at(&q, 1).unwrap();
        assert_eq!((n, e), (3, &[text::terms("hypertension")][..]));
        // "kidney stone" is a phrase of the file, "stone" alone is not.
        let q = text::terms("kidney stones");
        assert_eq!(t.longest_at(&q, 0).map(|(n, _)| n), Some(2));
        assert_eq!(t.longest_at(&q, 1), None);
        assert_eq!(t.longest_at(&text::terms("blood pressure"), 0), None);
        assert!(t.longest_at(&text::terms("HTN"), 0).is_some());
        assert!(t.longest_at(&[], 0).is_none());
    }

    #[test]
    fn malformed_files_are_refused() {
        assert!(parse("term\texpansion\treason\nhtn\thypertension\n").is_err());
        assert!(parse("a\tb\tc\n").is_err());
        assert!(parse("term\texpansion\treason\n,\tx\ty\n").is_err());
        assert_eq!(parse("# c\n\nterm\texpansion\treason\r\n").unwrap(), []);
    }
}
