//! What makes one code the general one of its kind, read from the words of its title:
//! ICD-10-CM says "unspecified", "NOS", "without ..." and "uncomplicated" where a code is
//! the default, and names what is special otherwise (`with hyperglycemia`, `right knee`,
//! `subsequent encounter`).

use std::collections::HashSet;
use std::sync::OnceLock;

use super::text;

/// Words that say a code is the general one of its parent rather than a special case:
/// the tabular list's unspecified and NOS, uncomplicated, the first encounter, and the
/// defaults of the Official Guidelines (I.C.19.c.1: a fracture not said to be open or
/// closed is closed, and not said to be displaced or not is displaced).
const GENERAL_WORDS: &[&str] = &[
    "closed",
    "complication",
    "displaced",
    "encounter",
    "initial",
    "nos",
    "uncomplicated",
    "unspecified",
    "without",
];

struct Stems {
    general: Vec<String>,
    unspecified: String,
    with: String,
    without: String,
    not: String,
}

fn stems() -> &'static Stems {
    static STEMS: OnceLock<Stems> = OnceLock::new();
    STEMS.get_or_init(|| {
        let s = |w: &str| text::stem(w.to_owned());
        Stems {
            general: GENERAL_WORDS.iter().map(|w| s(w)).collect(),
            unspecified: s("unspecified"),
            with: s("with"),
            without: s("without"),
            not: s("not"),
        }
    })
}

/// The words of a text, each with whether it says what is special about it: not a
/// function word or one of [`GENERAL_WORDS`], not next to an "unspecified" (`unspecified
/// site`, `site not specified`), and not what the text is "without" or "not" (up to the
/// next comma or "with"). A "with" is special: it adds a condition (`with unspecified
/// complications` is more than `without complications`). Also whether it says
/// "unspecified".
fn classify(text: &str) -> (Vec<(String, bool)>, bool) {
    let st = stems();
    let lower = text.to_lowercase().replace("not specified", "unspecified");
    let mut words: Vec<(String, bool, bool)> = Vec::new(); // term, negated, comma before
    let mut negated = false;
    let mut last_end = 0;
    text::scan(&lower, true, |term, span, _| {
        let comma = lower
            .get(last_end..span.start)
            .is_some_and(|gap| gap.contains(','));
        if comma || term == st.with {
            negated = false;
        }
        last_end = span.end;
        words.push((term.to_owned(), negated, comma));
        if term == st.without || term == st.not {
            negated = true;
        }
    });
    let is_unspecified = |i: usize| words.get(i).is_some_and(|w| w.0 == st.unspecified);
    let mut any_unspecified = false;
    let out = words
        .iter()
        .enumerate()
        .map(|(i, (term, negated, _))| {
            any_unspecified |= *term == st.unspecified;
            let next_to_unspecified = (i > 0 && is_unspecified(i - 1) && !words[i].2)
                || (is_unspecified(i + 1) && !words[i + 1].2);
            let general = text::is_function_word(term)
                || st.general.iter().any(|g| g == term)
                || *term == st.not
                || next_to_unspecified
                || *negated;
            (term.clone(), *term == st.with || !general)
        })
        .collect();
    (out, any_unspecified)
}

/// The terms of a title that say what is special about it ([`classify`]).
pub(crate) fn specific_terms(title: &str) -> HashSet<String> {
    classify(title)
        .0
        .into_iter()
        .filter(|(_, specific)| *specific)
        .map(|(t, _)| t)
        .collect()
}

/// Whether the text after a title's comma only says it is unspecified (`unspecified
/// organism`, `site not specified`, `unspecified, without hematuria`): then the title
/// before the comma names the code.
pub(crate) fn only_unspecified(rest: &str) -> bool {
    let (words, any_unspecified) = classify(rest);
    any_unspecified && words.iter().all(|(_, specific)| !specific)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn specific(title: &str) -> Vec<String> {
        let mut v: Vec<String> = specific_terms(title).into_iter().collect();
        v.sort();
        v
    }

    #[test]
    fn general_words_are_not_special() {
        assert!(specific("Type 2 diabetes mellitus without complications")
            .iter()
            .all(|t| ["type", "2", "diabet", "mellitu"].contains(&t.as_str())));
        assert!(
            specific("Type 2 diabetes mellitus with unspecified complications")
                .contains(&"with".to_string())
        );
        assert_eq!(specific("Sepsis, unspecified organism"), ["sepsi"]);
        let mut uti = text::terms("urinary tract infection");
        uti.sort();
        assert_eq!(specific("Urinary tract infection, site not specified"), uti);
        // Only the fracture no "unspecified" qualifies is special.
        assert_eq!(
            specific(
                "Unspecified fracture of unspecified femur, initial encounter for closed fracture"
            ),
            text::terms("fracture")
        );
        assert_eq!(
            specific("Other specified sepsis"),
            text::terms("other sepsis specified")
        );
    }

    #[test]
    fn unspecified_parts() {
        assert!(only_unspecified("unspecified organism"));
        assert!(only_unspecified("site not specified"));
        assert!(only_unspecified("unspecified without hematuria"));
        assert!(only_unspecified(
            "unspecified, not intractable, without status migrainosus"
        ));
        assert!(!only_unspecified("unspecified with hematuria"));
        assert!(!only_unspecified("right knee"));
        assert!(!only_unspecified("without hematuria"));
    }
}
