//! Search by code prefix and by words in titles: the simplest correct version, here only
//! until core has it (every rule lives once in core; this module is to move there as
//! `Icd10Cm::search`). Ranked search is its own issue: matches come in code order, code
//! prefix matches first.
//!
//! Rules:
//! - **Code prefix**: the query, trimmed and upper-cased, with an optional dot after the
//!   third character, is a letter followed by up to six letters or digits (the shape core's
//!   `normalize` accepts). Every code whose undotted form starts with it matches (`e11.`
//!   finds E11 and all codes below it).
//! - **Title words**: the query is split into words (runs of letters and digits, lower
//!   case); a code matches when every query word starts some word of its title (the long
//!   title of the newest source that has the code). `diab mell typ 2` finds E11.9.
//! - With a date, only codes valid on it (billable or header) are returned.

use std::cell::OnceCell;

use medcodes::icd10cm::Code;
use medcodes::{Date, Icd10Cm};

/// The index, built on first use: every code's undotted form (in code order, which is
/// string order), and, for word search, every title folded to ` word word ...`.
struct Index {
    undotted: Vec<(medcodes::key::CodeBuf, Code)>,
    titles: OnceCell<Titles>,
}

/// Folded titles, one after another, each starting with a space and ending with `\n`.
struct Titles {
    text: String,
    /// Byte offset of each code's folded title in `text` (and one past the last).
    starts: Vec<u32>,
}

thread_local! {
    static INDEX: OnceCell<Index> = const { OnceCell::new() };
}

fn with_index<R>(f: impl FnOnce(&Index) -> R) -> R {
    INDEX.with(|cell| {
        f(cell.get_or_init(|| Index {
            undotted: Icd10Cm::new().codes().map(|c| (c.undotted(), c)).collect(),
            titles: OnceCell::new(),
        }))
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

impl Index {
    fn titles(&self) -> &Titles {
        self.titles.get_or_init(|| {
            let mut text = String::with_capacity(9 << 20);
            let mut starts = Vec::with_capacity(self.undotted.len() + 1);
            for (_, code) in &self.undotted {
                starts.push(text.len() as u32);
                if let Some(title) = code.title() {
                    fold_into(&mut text, &title.text);
                }
                text.push('\n');
            }
            starts.push(text.len() as u32);
            Titles { text, starts }
        })
    }
}

/// The code prefix a query stands for, if it has the shape of one (see the module docs).
pub(crate) fn code_prefix(query: &str) -> Option<String> {
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

/// Codes matching the query (see the module docs), at most `limit`, code-prefix matches
/// first, each in code order.
pub(crate) fn search(query: &str, limit: usize, date: Option<Date>) -> Vec<Code> {
    let mut out: Vec<Code> = Vec::new();
    if limit == 0 {
        return out;
    }
    let present = |c: &Code| date.is_none_or(|d| c.is_present_on(d));
    with_index(|index| {
        if let Some(prefix) = code_prefix(query) {
            let start = index
                .undotted
                .partition_point(|(u, _)| u.as_str() < prefix.as_str());
            for (u, code) in &index.undotted[start..] {
                if !u.as_str().starts_with(prefix.as_str()) || out.len() >= limit {
                    break;
                }
                if present(code) {
                    out.push(*code);
                }
            }
        }
        let words = query_words(query);
        if words.is_empty() || out.len() >= limit {
            return;
        }
        let titles = index.titles();
        let from_prefix = out.len();
        for (i, (_, code)) in index.undotted.iter().enumerate() {
            let (a, b) = (titles.starts[i] as usize, titles.starts[i + 1] as usize);
            let title = &titles.text[a..b];
            if words.iter().all(|w| title.contains(w.as_str()))
                && present(code)
                && !out[..from_prefix].contains(code)
            {
                out.push(*code);
                if out.len() >= limit {
                    break;
                }
            }
        }
    });
    out
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
        let hits = search("E11.6", 500, None);
        assert!(hits
            .iter()
            .all(|c| c.undotted().as_str().starts_with("E116")));
        assert!(hits.iter().any(|c| c.code() == "E11.65"));
        #[cfg(feature = "titles")]
        {
            let hits = search("type 2 diabetes without complications", 50, None);
            assert!(hits.iter().any(|c| c.code() == "E11.9"), "{hits:?}");
        }
        assert!(search("E11", 0, None).is_empty());
        assert!(search("zzzz qqqq", 10, None).is_empty());
    }
}
