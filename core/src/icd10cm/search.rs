//! [`Icd10Cm::search`]: ICD-10-CM codes by code prefix and words, the ranked search of
//! [`crate::search`] on this one system. A query shaped like a code lists the codes that
//! start with it first, in code order (`e11.` finds E11 and every code below it); then
//! codes by their words, best first (titles, short titles, inclusion terms, block and
//! chapter names; everyday words and abbreviations expanded). With a date, only codes in
//! force on it (billable or header); without one, codes of any release.

use super::{Code, Icd10Cm};
use crate::date::Date;
use crate::search::{search_codes, Query};
use crate::system::CodeSystem;
use crate::AnyCode;

impl Icd10Cm {
    /// Codes matching `query` by code prefix (`"e11.6"`) or by words (`"diab mell type
    /// 2"`, `"heart attack"`), at most `limit`, the best first (see [`crate::search`],
    /// which also gives the total, the field matched and the spans to highlight). With
    /// `date`, only codes in force on it (billable or header); without, codes of any
    /// release. A query too long to search (over
    /// [`MAX_QUERY_BYTES`](crate::search::MAX_QUERY_BYTES)) or a date outside the data
    /// finds nothing.
    ///
    /// ```
    /// use medcodes::Icd10Cm;
    /// let cm = Icd10Cm::new();
    /// let hits = cm.search("E11.6", 10, None);
    /// assert_eq!(hits[0].code(), "E11.6");
    /// ```
    pub fn search(&self, query: &str, limit: usize, date: Option<Date>) -> Vec<Code> {
        if limit == 0 {
            return Vec::new();
        }
        let q = Query::new(query).system(CodeSystem::Icd10Cm).limit(limit);
        let q = match date {
            Some(d) => q.date(d),
            None => q.any_release(true),
        };
        let Ok(found) = search_codes(&q) else {
            return Vec::new();
        };
        #[allow(unreachable_patterns)] // with the other systems' features off
        found
            .into_iter()
            .filter_map(|code| match code {
                AnyCode::Icd10Cm(c) => Some(c),
                _ => None,
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_by_prefix_and_words() {
        let cm = Icd10Cm::new();
        let hits = cm.search("E11.6", 500, None);
        assert!(hits.len() > 10);
        assert!(hits
            .iter()
            .all(|c| c.undotted().as_str().starts_with("E116")));
        assert!(hits.iter().any(|c| c.code() == "E11.65"));
        // Code order, limit respected.
        let first3 = cm.search("e11.6", 3, None);
        assert_eq!(first3, hits[..3]);
        #[cfg(feature = "titles")]
        {
            let hits = cm.search("type 2 diabetes without complications", 5, None);
            assert_eq!(hits[0].code(), "E11.9", "{hits:?}");
            // Type 2 before type 1 (issue 15).
            let hits = cm.search("diab mell type 2", 50, None);
            let first_type_1 = hits
                .iter()
                .position(|c| c.code().as_str().starts_with("E10"));
            assert!(hits[0].code().as_str().starts_with("E11"), "{hits:?}");
            assert!(first_type_1.is_none_or(|i| i > 5), "{hits:?}");
            // Every hit has a word starting with each query word that is no common word.
            for c in cm.search("diab mell typ 2", 200, None) {
                let t = c.title().unwrap().text.to_lowercase();
                for w in ["diab", "mell", "2"] {
                    assert!(
                        t.split(|ch: char| !ch.is_alphanumeric())
                            .any(|x| x.starts_with(w)),
                        "{c}: {t}"
                    );
                }
            }
        }
        assert!(cm.search("E11", 0, None).is_empty());
        assert!(cm.search("zzzz qqqq", 10, None).is_empty());
        assert!(cm.search("", 10, None).is_empty());
        assert!(cm.search(&"x".repeat(100_000), 10, None).is_empty());
    }

    #[test]
    fn a_date_keeps_codes_valid_on_it() {
        let cm = Icd10Cm::new();
        let date: Date = "2016-06-01".parse().unwrap();
        // U07.1 (COVID-19) arrived in April 2020.
        assert!(cm.search("U07.1", 10, Some(date)).is_empty());
        let later: Date = "2021-06-01".parse().unwrap();
        assert_eq!(cm.search("U07.1", 10, Some(later))[0].code(), "U07.1");
        // A date outside the data finds nothing.
        let past: Date = "2001-01-01".parse().unwrap();
        assert!(cm.search("E11", 10, Some(past)).is_empty());
    }
}
