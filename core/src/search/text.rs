//! How search reads text, the same way for titles, notes and queries: words are runs of
//! letters and digits, folded to lower case without accents, with apostrophes dropped
//! (`Crohn's` is `crohns`); each word is then reduced to its stem by the Porter stemmer
//! (M. F. Porter, "An algorithm for suffix stripping", Program 14(3), 1980), so that
//! `fractures`, `fractured` and `fracture`, or `diabetes` and `diabetic`, are one term.
//! Every word keeps its byte range in the text it came from, so matches can be
//! highlighted.

use std::ops::Range;
use std::sync::OnceLock;

/// A word of a text: its term (folded and stemmed) and where it stands in the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Word {
    pub term: String,
    /// Byte range in the text.
    pub span: Range<usize>,
    /// Whether a hyphen or slash joins it to the next word (`gastro-esophageal`).
    pub joined_to_next: bool,
}

/// Folds one character: lower case, accents removed from the Latin letters the code sets
/// use (é, ö, ...). Returns the folded characters, or `None` for a separator.
fn fold_char(ch: char, out: &mut String) -> bool {
    if ch.is_ascii_alphanumeric() {
        out.push(ch.to_ascii_lowercase());
        return true;
    }
    if ch.is_ascii() {
        return false;
    }
    let base = match ch {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' => 'a',
        'ç' | 'Ç' => 'c',
        'è' | 'é' | 'ê' | 'ë' | 'È' | 'É' | 'Ê' | 'Ë' => 'e',
        'ì' | 'í' | 'î' | 'ï' | 'Ì' | 'Í' | 'Î' | 'Ï' => 'i',
        'ñ' | 'Ñ' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' => 'o',
        'ù' | 'ú' | 'û' | 'ü' | 'Ù' | 'Ú' | 'Û' | 'Ü' => 'u',
        'ý' | 'ÿ' | 'Ý' => 'y',
        _ if ch.is_alphanumeric() => {
            out.extend(ch.to_lowercase());
            return true;
        }
        _ => return false,
    };
    out.push(base);
    true
}

fn is_apostrophe(ch: char) -> bool {
    matches!(ch, '\'' | '’' | 'ʼ')
}

/// The words of a text, in order.
pub(crate) fn words(text: &str) -> Vec<Word> {
    collect(text, true)
}

/// The words of a text folded but not stemmed (a query's last word may be the start of a
/// longer one: `glas` is not read as a stem).
pub(crate) fn unstemmed_words(text: &str) -> Vec<Word> {
    collect(text, false)
}

fn collect(text: &str, stemmed: bool) -> Vec<Word> {
    let mut out = Vec::new();
    scan(text, stemmed, |term, span, joined_to_next| {
        out.push(Word {
            term: term.to_owned(),
            span,
            joined_to_next,
        })
    });
    out
}

/// Calls `f(term, byte range, joined to the next word)` for each word of a text, in order;
/// the term is in a buffer reused from word to word (no allocation a word).
pub(crate) fn scan(text: &str, stemmed: bool, mut f: impl FnMut(&str, Range<usize>, bool)) {
    let mut term = String::new();
    let mut start = 0;
    let mut end = 0;
    let mut chars = text.char_indices().peekable();
    let mut emit = |term: &mut String, span: Range<usize>, joined: bool| {
        if stemmed {
            stem_in_place(term);
        }
        f(term, span, joined);
        term.clear();
    };
    while let Some((i, ch)) = chars.next() {
        if fold_char(ch, &mut term) {
            if end == start {
                start = i;
            }
            end = i + ch.len_utf8();
            continue;
        }
        // An apostrophe inside or right after a word is part of it (Crohn's, Colles').
        if is_apostrophe(ch) && !term.is_empty() {
            end = i + ch.len_utf8();
            continue;
        }
        if !term.is_empty() {
            let joined = matches!(ch, '-' | '/')
                && chars
                    .peek()
                    .is_some_and(|&(_, next)| next.is_alphanumeric());
            emit(&mut term, start..end, joined);
        }
        start = end;
    }
    if !term.is_empty() {
        emit(&mut term, start..end, false);
    }
}

/// The terms of a text (its words without their places).
pub(crate) fn terms(text: &str) -> Vec<String> {
    words(text).into_iter().map(|w| w.term).collect()
}

/// The stem of a folded word (see [`stem_in_place`]).
pub(crate) fn stem(mut word: String) -> String {
    stem_in_place(&mut word);
    word
}

/// Porter's stemmer on a folded word of ASCII letters longer than two (other words are
/// left as they are: `b12`, `covid19`, `αβγ`).
pub(crate) fn stem_in_place(word: &mut String) {
    if word.len() <= 2 || !word.bytes().all(|b| b.is_ascii_lowercase()) {
        return;
    }
    let mut w = std::mem::take(word).into_bytes();
    porter::stem(&mut w);
    // Only ASCII letters went in and only ASCII letters come out.
    *word = String::from_utf8(w).unwrap_or_default();
}

/// The Porter stemmer, steps 1a to 5b of the 1980 paper, on lower-case ASCII letters.
mod porter {
    fn is_consonant(w: &[u8], i: usize) -> bool {
        match w[i] {
            b'a' | b'e' | b'i' | b'o' | b'u' => false,
            b'y' => i == 0 || !is_consonant(w, i - 1),
            _ => true,
        }
    }

    /// m, the number of vowel-consonant sequences of `w[..len]`: `[C](VC)^m[V]`.
    fn measure(w: &[u8], len: usize) -> usize {
        let mut m = 0;
        let mut i = 0;
        while i < len && is_consonant(w, i) {
            i += 1;
        }
        loop {
            while i < len && !is_consonant(w, i) {
                i += 1;
            }
            if i >= len {
                return m;
            }
            while i < len && is_consonant(w, i) {
                i += 1;
            }
            m += 1;
            if i >= len {
                return m;
            }
        }
    }

    fn has_vowel(w: &[u8], len: usize) -> bool {
        (0..len).any(|i| !is_consonant(w, i))
    }

    fn double_consonant(w: &[u8], len: usize) -> bool {
        len >= 2 && w[len - 1] == w[len - 2] && is_consonant(w, len - 1)
    }

    /// `*o`: ends consonant-vowel-consonant, the last not w, x or y.
    fn cvc(w: &[u8], len: usize) -> bool {
        len >= 3
            && is_consonant(w, len - 3)
            && !is_consonant(w, len - 2)
            && is_consonant(w, len - 1)
            && !matches!(w[len - 1], b'w' | b'x' | b'y')
    }

    fn ends(w: &[u8], suffix: &[u8]) -> bool {
        w.len() > suffix.len() && w.ends_with(suffix)
    }

    fn replace(w: &mut Vec<u8>, suffix_len: usize, with: &[u8]) {
        w.truncate(w.len() - suffix_len);
        w.extend_from_slice(with);
    }

    /// The first rule whose suffix the word ends with applies, if its stem's measure is
    /// above `min`; the others are not tried.
    fn rules(w: &mut Vec<u8>, rules: &[(&[u8], &[u8])], min: usize) {
        if let Some(&(suffix, with)) = rules.iter().find(|(s, _)| ends(w, s)) {
            if measure(w, w.len() - suffix.len()) > min {
                replace(w, suffix.len(), with);
            }
        }
    }

    pub(super) fn stem(w: &mut Vec<u8>) {
        // Step 1a.
        if ends(w, b"sses") || ends(w, b"ies") {
            w.truncate(w.len() - 2);
        } else if ends(w, b"s") && !ends(w, b"ss") {
            w.pop();
        }
        // Step 1b.
        if ends(w, b"eed") {
            if measure(w, w.len() - 3) > 0 {
                w.pop();
            }
        } else {
            let cut = [&b"ed"[..], b"ing"]
                .into_iter()
                .find(|s| ends(w, s) && has_vowel(w, w.len() - s.len()));
            if let Some(s) = cut {
                w.truncate(w.len() - s.len());
                if ends(w, b"at") || ends(w, b"bl") || ends(w, b"iz") {
                    w.push(b'e');
                } else if double_consonant(w, w.len())
                    && !matches!(w[w.len() - 1], b'l' | b's' | b'z')
                {
                    w.pop();
                } else if measure(w, w.len()) == 1 && cvc(w, w.len()) {
                    w.push(b'e');
                }
            }
        }
        // Step 1c.
        if ends(w, b"y") && has_vowel(w, w.len() - 1) {
            let n = w.len();
            w[n - 1] = b'i';
        }
        // Step 2.
        rules(
            w,
            &[
                (b"ational", b"ate"),
                (b"tional", b"tion"),
                (b"enci", b"ence"),
                (b"anci", b"ance"),
                (b"izer", b"ize"),
                (b"abli", b"able"),
                (b"alli", b"al"),
                (b"entli", b"ent"),
                (b"eli", b"e"),
                (b"ousli", b"ous"),
                (b"ization", b"ize"),
                (b"ation", b"ate"),
                (b"ator", b"ate"),
                (b"alism", b"al"),
                (b"iveness", b"ive"),
                (b"fulness", b"ful"),
                (b"ousness", b"ous"),
                (b"aliti", b"al"),
                (b"iviti", b"ive"),
                (b"biliti", b"ble"),
            ],
            0,
        );
        // Step 3.
        rules(
            w,
            &[
                (b"icate", b"ic"),
                (b"ative", b""),
                (b"alize", b"al"),
                (b"iciti", b"ic"),
                (b"ical", b"ic"),
                (b"ful", b""),
                (b"ness", b""),
            ],
            0,
        );
        // Step 4 (-ion only after s or t).
        let step4: [&[u8]; 19] = [
            b"al", b"ance", b"ence", b"er", b"ic", b"able", b"ible", b"ant", b"ement", b"ment",
            b"ent", b"ion", b"ou", b"ism", b"ate", b"iti", b"ous", b"ive", b"ize",
        ];
        if let Some(s) = step4.into_iter().find(|s| ends(w, s)) {
            let stem = w.len() - s.len();
            let ion_ok = s != b"ion" || matches!(w[stem - 1], b's' | b't');
            if ion_ok && measure(w, stem) > 1 {
                w.truncate(stem);
            }
        }
        // Step 5a.
        if ends(w, b"e") {
            let m = measure(w, w.len() - 1);
            if m > 1 || (m == 1 && !cvc(w, w.len() - 1)) {
                w.pop();
            }
        }
        // Step 5b.
        if measure(w, w.len()) > 1 && double_consonant(w, w.len()) && w[w.len() - 1] == b'l' {
            w.pop();
        }
    }
}

/// English function words: never required of a code (they still count when present).
const FUNCTION_WORDS: &[&str] = &[
    "a", "about", "after", "am", "an", "and", "any", "are", "as", "at", "be", "been", "being",
    "by", "can", "did", "do", "does", "doing", "done", "for", "from", "get", "getting", "got",
    "had", "has", "have", "having", "he", "her", "him", "his", "i", "im", "in", "into", "is", "it",
    "its", "ive", "me", "my", "of", "on", "or", "our", "she", "so", "some", "that", "the", "their",
    "them", "there", "they", "this", "to", "was", "we", "were", "what", "when", "where", "which",
    "who", "with", "you", "your",
];

/// The stems of [`FUNCTION_WORDS`], sorted.
fn function_stems() -> &'static [String] {
    static STEMS: OnceLock<Vec<String>> = OnceLock::new();
    STEMS.get_or_init(|| {
        let mut v: Vec<String> = FUNCTION_WORDS.iter().map(|w| stem(w.to_string())).collect();
        v.sort_unstable();
        v.dedup();
        v
    })
}

/// Whether a term (a stem) is an English function word (`of`, `the`, `my`, ...).
pub(crate) fn is_function_word(term: &str) -> bool {
    function_stems()
        .binary_search_by(|s| s.as_str().cmp(term))
        .is_ok()
}

/// A 64-bit FNV-1a hash of terms joined by single spaces: the key of an exact match.
pub(crate) fn phrase_hash<'a>(terms: impl IntoIterator<Item = &'a str>) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut first = true;
    for t in terms {
        if !first {
            h ^= u64::from(b' ');
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        first = false;
        for &b in t.as_bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

/// The hash of a phrase whatever the order of its words (`knee pain` is `pain in knee`):
/// the sum of its terms' mixed hashes (a multiset: a word twice counts twice), without
/// sorting.
pub(crate) fn bag_hash<'a>(terms: impl IntoIterator<Item = &'a str>) -> u64 {
    terms.into_iter().fold(0x9e37_79b9_7f4a_7c15u64, |sum, t| {
        // SplitMix64's finaliser over the term's FNV-1a hash.
        let mut z = phrase_hash([t]).wrapping_add(0x9e37_79b9_7f4a_7c15);
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        sum.wrapping_add(z ^ (z >> 31))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(text: &str) -> Vec<String> {
        terms(text)
    }

    /// Examples of Porter's paper and of his reference vocabulary.
    #[test]
    fn porter_stems_as_the_paper_does() {
        let pairs = [
            ("caresses", "caress"),
            ("ponies", "poni"),
            ("ties", "ti"),
            ("caress", "caress"),
            ("cats", "cat"),
            ("feed", "feed"),
            ("agreed", "agre"),
            ("plastered", "plaster"),
            ("bled", "bled"),
            ("motoring", "motor"),
            ("sing", "sing"),
            ("conflated", "conflat"),
            ("troubled", "troubl"),
            ("sized", "size"),
            ("hopping", "hop"),
            ("tanned", "tan"),
            ("falling", "fall"),
            ("hissing", "hiss"),
            ("fizzed", "fizz"),
            ("failing", "fail"),
            ("filing", "file"),
            ("happy", "happi"),
            ("sky", "sky"),
            ("relational", "relat"),
            ("conditional", "condit"),
            ("rational", "ration"),
            ("valenci", "valenc"),
            ("digitizer", "digit"),
            ("generalization", "gener"),
            ("hopeful", "hope"),
            ("goodness", "good"),
            ("revival", "reviv"),
            ("allowance", "allow"),
            ("inference", "infer"),
            ("airliner", "airlin"),
            ("adjustable", "adjust"),
            ("defensible", "defens"),
            ("irritant", "irrit"),
            ("replacement", "replac"),
            ("adjustment", "adjust"),
            ("dependent", "depend"),
            ("adoption", "adopt"),
            ("communism", "commun"),
            ("activate", "activ"),
            ("angularity", "angular"),
            ("homologous", "homolog"),
            ("effective", "effect"),
            ("bowdlerize", "bowdler"),
            ("probate", "probat"),
            ("rate", "rate"),
            ("cease", "ceas"),
            ("controlling", "control"),
            ("roll", "roll"),
        ];
        for (word, want) in pairs {
            assert_eq!(stem(word.to_string()), want, "{word}");
        }
    }

    #[test]
    fn words_fold_and_stem() {
        assert_eq!(
            t("Type 2 diabetes mellitus, without complications"),
            ["type", "2", "diabet", "mellitu", "without", "complic"]
        );
        assert_eq!(t("diabetic Diabetes"), ["diabet", "diabet"]);
        assert_eq!(t("Crohn's disease"), ["crohn", "diseas"]);
        assert_eq!(t("CROHNS DISEASE"), ["crohn", "diseas"]);
        assert_eq!(t("Ménière's disease"), ["menier", "diseas"]);
        assert_eq!(t("menopause menopausal"), ["menopaus", "menopaus"]);
        assert_eq!(t("itching itch"), ["itch", "itch"]);
        assert_eq!(t("crutches crutch"), ["crutch", "crutch"]);
        assert_eq!(t("b12 covid19 is"), ["b12", "covid19", "is"]);
        assert_eq!(unstemmed_words("Glass es")[0].term, "glass");
        assert_eq!(t("   ,;  "), Vec::<String>::new());
        assert_eq!(t("'s 'x"), ["s", "x"]);
        assert_eq!(t("ΑΒΓ 漢字"), ["αβγ", "漢字"]);
    }

    #[test]
    fn words_keep_their_places() {
        let text = "Gastro-esophageal (reflux), Ménière's";
        let w = words(text);
        let spans: Vec<&str> = w.iter().map(|w| &text[w.span.clone()]).collect();
        assert_eq!(spans, ["Gastro", "esophageal", "reflux", "Ménière's"]);
        assert!(w[0].joined_to_next);
        assert!(!w[1].joined_to_next);
    }

    #[test]
    fn function_words_are_stems() {
        assert!(FUNCTION_WORDS.windows(2).all(|w| w[0] < w[1]));
        for w in ["of", "my", "does", "this", "was", "has", "with", "the"] {
            assert!(is_function_word(&stem(w.to_string())), "{w}");
        }
        assert!(!is_function_word("pain") && !is_function_word("without"));
        assert_eq!(bag_hash(["knee", "pain"]), bag_hash(["pain", "knee"]));
        assert_ne!(bag_hash(["knee", "knee"]), bag_hash(["knee"]));
        assert_ne!(
            bag_hash(["knee", "knee", "pain"]),
            bag_hash(["knee", "pain", "pain"])
        );
        assert_ne!(phrase_hash(["knee", "pain"]), phrase_hash(["pain", "knee"]));
    }
}
