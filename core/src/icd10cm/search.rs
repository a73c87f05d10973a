//! Search by code prefix and by words in titles, for autocomplete and lookup boxes. The
//! simplest correct version; ranked search is its own issue. Matches come in code order,
//! code-prefix matches first.
//!
//! Rules:
//! - **Code prefix**: the query, trimmed and upper-cased, with an optional dot after the
//!   third character, is a letter followed by up to six letters or digits (the shape
//!   [`normalize`](super::normalize) accepts). Every code whose undotted form starts with
//!   it matches (`e11.` finds E11 and all codes below it).
//! - **Title words**: the query is split into words (runs of letters and digits, lower
//!   case); a code matches when every query word starts some word of its title (the long
//!   title of the newest source that has the code). `diab mell typ 2` finds E11.9. Without
//!   the `titles` feature no code has a title, so only code prefixes match.
//! - With a date, only codes valid on it (billable or header) are returned.

use std::sync::OnceLock;

use super::{Code, Icd10Cm};
use crate::date::Date;

/// Every code's title folded for word search, built at the first word search (about 9 MB
/// with titles; a code's title is `text[starts[i]..starts[i + 1]]`).
struct FoldedTitles {
    /// Titles one after another, each ` word word ...` and a `\n`.
    text: String,
    starts: Vec<u32>,
}

static FOLDED_TITLES: OnceLock<FoldedTitles> = OnceLock::new();

fn folded_titles(cm: &Icd10Cm) -> &'static FoldedTitles {
    FOLDED_TITLES.get_or_init(|| {
        let mut text = String::with_capacity(if cfg!(feature = "titles") { 9 << 20 } else { 0 });
        let mut starts = Vec::new();
        for code in cm.codes() {
            starts.push(text.len() as u32);
            if let Some(title) = code.title() {
                fold_into(&mut text, &title.text);
            }
            text.push('\n');
        }
        starts.push(text.len() as u32);
        FoldedTitles { text, starts }
    })
}

/// Lower case, every run of non-alphanumeric characters a single space, with a leading
/// space so that `" " + word` finds a word start.
fn fold_into(out: &mut String, text: &str) {
    out.push(' ');
    let mut space = true;
    for ch in text.chars() {
        if ch.is_alphanumeric() {
            out.extend(ch.to_lowercase());
            space = false;
        } else if !space {
            out.push(' ');
            space = true;
        }
    }
}

/// The code prefix a query stands for, if it has the shape of one (see the module docs).
fn code_prefix(query: &str) -> Option<String> {
    let q = query.trim();
    let mut out = String::with_capacity(7);
    for (i, ch) in q.chars().enumerate() {
        if ch == '.' && i == 3 && out.len() == 3 {
            continue;
        }
        let ok = match out.len() {
            0 => ch.is_ascii_alphabetic(),
            1..=6 => ch.is_ascii_alphanumeric(),
            _ => false,
        };
        if !ok {
            return None;
        }
        out.push(ch.to_ascii_uppercase());
    }
    (!out.is_empty()).then_some(out)
}

/// The query's words, folded like the titles, each with a leading space.
fn query_words(query: &str) -> Vec<String> {
    let mut folded = String::new();
    fold_into(&mut folded, query);
    folded
        .split(' ')
        .filter(|w| !w.is_empty())
        .map(|w| format!(" {w}"))
        .collect()
}

impl Icd10Cm {
    /// Codes matching `query` by code prefix (`"e11.6"`) or by words starting words of
    /// their titles (`"diab mell type 2"`), at most `limit`: code-prefix matches first,
    /// each group in code order. With `date`, only codes valid on it (billable or header).
    ///
    /// ```
    /// use medcodes::Icd10Cm;
    /// let cm = Icd10Cm::new();
    /// let hits = cm.search("E11.6", 10, None);
    /// assert_eq!(hits[0].code(), "E11.6");
    /// ```
    pub fn search(&self, query: &str, limit: usize, date: Option<Date>) -> Vec<Code> {
        let mut out: Vec<Code> = Vec::new();
        if limit == 0 {
            return out;
        }
        let present = |c: &Code| date.is_none_or(|d| c.is_present_on(d));
        if let Some(prefix) = code_prefix(query) {
            out.extend(
                self.codes_starting_with(&prefix)
                    .filter(present)
                    .take(limit),
            );
        }
        let words = query_words(query);
        if words.is_empty() || out.len() >= limit || !cfg!(feature = "titles") {
            return out;
        }
        let titles = folded_titles(self);
        let from_prefix = out.len();
        for (i, code) in self.codes().enumerate() {
            let (a, b) = (titles.starts[i] as usize, titles.starts[i + 1] as usize);
            let title = titles.text.get(a..b).unwrap_or_default();
            if words.iter().all(|w| title.contains(w.as_str()))
                && present(&code)
                && !out[..from_prefix].contains(&code)
            {
                out.push(code);
                if out.len() >= limit {
                    break;
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_prefixes() {
        assert_eq!(code_prefix(" e11.9 ").as_deref(), Some("E119"));
        assert_eq!(code_prefix("E").as_deref(), Some("E"));
        assert_eq!(code_prefix("E11.").as_deref(), Some("E11"));
        assert_eq!(code_prefix("diabetes"), None);
        assert_eq!(code_prefix("1E"), None);
        assert_eq!(code_prefix("E1.1"), None);
        assert_eq!(code_prefix("E11.90000"), None);
        assert_eq!(code_prefix(""), None);
    }

    #[test]
    fn words_fold_like_titles() {
        assert_eq!(query_words("Type-2  DIAB,"), [" type", " 2", " diab"]);
        let mut t = String::new();
        fold_into(&mut t, "Type 2 diabetes mellitus, without complications");
        assert_eq!(t, " type 2 diabetes mellitus without complications");
    }

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
            let hits = cm.search("type 2 diabetes without complications", 50, None);
            assert!(hits.iter().any(|c| c.code() == "E11.9"), "{hits:?}");
            // Every hit's title has a word starting with each query word.
            for c in cm.search("diab mell typ 2", 200, None) {
                let t = c.title().unwrap().text.to_lowercase();
                for w in ["diab", "mell", "typ", "2"] {
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
    }

    #[test]
    fn a_date_keeps_codes_valid_on_it() {
        let cm = Icd10Cm::new();
        let date: Date = "2016-06-01".parse().unwrap();
        // U07.1 (COVID-19) arrived in April 2020.
        assert!(cm.search("U07.1", 10, Some(date)).is_empty());
        let later: Date = "2021-06-01".parse().unwrap();
        assert_eq!(cm.search("U07.1", 10, Some(later))[0].code(), "U07.1");
    }
}
