//! Ranked search over every code set, for coders, forms and autocomplete boxes: one call,
//! [`search`], on every surface (Rust, the CLI's `medcodes search`, Python, JavaScript).
//!
//! ```
//! use medcodes::search::{search, Query};
//! use medcodes::{CodeSystem, Date};
//!
//! let date = Date::new(2025, 10, 1).unwrap();
//! let found = search(&Query::new("heart attack").date(date).limit(5)).unwrap();
//! # #[cfg(all(feature = "titles", feature = "notes"))]
//! assert_eq!(found.hits[0].code.code(), "I21.9"); // Acute myocardial infarction, unspecified
//! for hit in &found.hits {
//!     // system, code, the field that matched and where: for highlighting
//!     println!("{} {} {} {:?}", hit.system.id(), hit.code.code(), hit.field, hit.spans);
//! }
//! let procedures = Query::new("laparoscopic appendectomy").system(CodeSystem::Icd10Pcs);
//! # #[cfg(feature = "titles")]
//! assert_eq!(search(&procedures.date(date)).unwrap().hits[0].code.code(), "0DTJ4ZZ");
//! ```
//!
//! **What is searched.** Each code's title, short title (its abbreviations: `unsp`,
//! `w/o`), ICD-10-CM inclusion terms and own Includes notes, the name of its block and
//! chapter (ICD-10-CM), its section and body system (ICD-10-PCS, whose levels without a
//! title are found by their axis labels) or its section (HCPCS Level II, by its short
//! descriptor; D codes have no text). A query that is the start of some code (`E11.6`,
//! `0DT`, `E0100`: one token with a digit, or a single letter) lists the codes that start
//! with it, the code itself first, then in code order, and is not read as words. The index
//! of a system is built from the compiled-in tables at its first search (see
//! [`index_stats`], [`prepare`]).
//!
//! Without the `titles` feature only codes are matched, not words.
//!
//! **Words.** Case, accents, punctuation and plurals are ignored. A query word that is no
//! word of a system is read as the start of longer ones (`diab mell` finds diabetes
//! mellitus), and so is the last word while it is being typed ([`Query::prefix_last_word`]).
//! Everyday words and abbreviations of a curated file ([`synonym_rows`]: `heart attack`,
//! `HTN`, `CHF`, `laparoscopic`, ...) are also searched as what they stand for: the
//! literal words are searched too. A code must have every query word (or its expansion),
//! except English function words and words in more than one code in twenty, which count
//! when present; when no code has them all, the codes that have the most are listed. Words
//! no system knows are left out.
//!
//! **Ranking.** In order:
//! 1. codes starting with a query that is the start of a code (the code itself first);
//! 2. codes whose title or an inclusion term *is* the query, read with the tabular list's
//!    conventions: nonessential modifiers in parentheses, a final NOS, a leading
//!    "Unspecified" and a part after a comma that only says it is unspecified may be left
//!    out, and so may function words, in any order (`sepsis` is A41.9 Sepsis, unspecified
//!    organism; `hypertension` I10; `asthma` J45 and J45.909 Asthma NOS; `knee pain` M25.56
//!    Pain in knee);
//! 3. codes before ICD-10-PCS levels (which have no title, only axis labels);
//! 4. the BM25F score (see `index.rs`: field weights computed from the data), with a bonus
//!    for query words that stand next to each other in the code's text (in the
//!    sequential-dependence manner of Metzler and Croft, 2005: `type 2` in that order),
//!    times the square of the share of the query's weight the code matched; the bonus is
//!    counted for the 64 codes ranked first without it, which stay first (a fixed number,
//!    so that every page is the slice of one list, whatever the limit and offset);
//! 5. at equal score (within 0.02), billable codes before headers, then shorter titles
//!    before longer ones, then the systems in the order asked and the codes in code order.
//!
//! A header the query names (matched exactly, or ranked above every billable code it
//! matched) is followed by its most general billable code: the one the query also names
//! exactly (`migraine`: G43.909, Migraine NOS), else, level by level, the child with the
//! fewest words beyond the header's title (unspecified, NOS, without ..., uncomplicated,
//! complications, initial encounter, closed and displaced do not count; `with` does), a
//! billable child and then code order breaking ties (`type 2 diabetes`: E11, then E11.9).
//!
//! Only codes in force on the date count (billable or header), by default today in each
//! system's data: past the end of a system's data, its last date, said in
//! [`SearchResults::systems`].

mod general;
mod index;
mod source;
mod synonyms;
mod text;

use std::borrow::Cow;
use std::cell::RefCell;
use std::cmp::Ordering;
use std::collections::{HashMap, HashSet};
use std::fmt;
use std::sync::OnceLock;

use index::{Index, On};

use crate::anycode::AnyCode;
use crate::codeset::{Code, CodeSet};
use crate::date::Date;
use crate::system::{with_system, CodeSystem};

pub use synonyms::{synonym_rows, SynonymRow};

/// The longest query searched, in bytes.
pub const MAX_QUERY_BYTES: usize = 1000;
/// The most words a query may have.
pub const MAX_QUERY_WORDS: usize = 32;
/// The number of hits a [`Query`] asks for unless told.
pub const DEFAULT_LIMIT: usize = 20;

/// Query words and their expansions searched at most (the bits of a code's match mask).
const MAX_SLOTS: usize = 64;
/// Longer words a word stands for, at most, when read as the start of one.
const MAX_COMPLETIONS: usize = 24;
/// Readings of a query (its words with each combination of expansions) matched exactly.
const MAX_READINGS: usize = 16;
/// The weight of an expansion against the literal words, and of a completion.
const EXPANSION: f32 = 0.95;
const COMPLETION: f32 = 0.9;
/// The bonus of two query words next to each other, as a share of their mean IDF.
const ADJACENCY: f32 = 0.3;
/// Codes whose words' order is counted: the first by the rest of the score.
const RERANK: usize = 64;
/// Codes sorted at a time beyond those asked for.
const RERANK_EXTRA: usize = 40;
/// The first places of the ranking where a header the query names is followed by its
/// general code (a bound on the work, the same for every page).
const HEADER_WINDOW: usize = 256;
/// Scores that round to the same multiple of this are equal.
const SCORE_STEP: f32 = 0.02;

/// What a code's text was matched in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum Field {
    /// The code itself (the query is the start of it).
    Code,
    Title,
    ShortTitle,
    /// An ICD-10-CM inclusion term or Includes note of the code.
    InclusionTerm,
    /// An ICD-10-PCS axis label (of a level without a title, or its section or body system).
    AxisLabel,
    /// The ICD-10-CM block (section) the code sits in.
    Block,
    /// The ICD-10-CM chapter.
    Chapter,
    /// The HCPCS Level II section.
    Section,
}

impl Field {
    pub const ALL: [Field; 8] = [
        Field::Code,
        Field::Title,
        Field::ShortTitle,
        Field::InclusionTerm,
        Field::AxisLabel,
        Field::Block,
        Field::Chapter,
        Field::Section,
    ];

    /// The snake_case name, e.g. `"inclusion_term"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Field::Code => "code",
            Field::Title => "title",
            Field::ShortTitle => "short_title",
            Field::InclusionTerm => "inclusion_term",
            Field::AxisLabel => "axis_label",
            Field::Block => "block",
            Field::Chapter => "chapter",
            Field::Section => "section",
        }
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How a hit matched, strongest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum MatchKind {
    /// The query is the code (canonical or not).
    Code,
    /// The query is the start of the code.
    CodePrefix,
    /// A title or inclusion term is the query (or the header's most general code follows
    /// it).
    Exact,
    /// Words of the query.
    Words,
}

impl MatchKind {
    pub const ALL: [MatchKind; 4] = [
        MatchKind::Code,
        MatchKind::CodePrefix,
        MatchKind::Exact,
        MatchKind::Words,
    ];

    pub const fn as_str(self) -> &'static str {
        match self {
            MatchKind::Code => "code",
            MatchKind::CodePrefix => "code_prefix",
            MatchKind::Exact => "exact",
            MatchKind::Words => "words",
        }
    }
}

/// A search: the text and how to search it. `Query::new(text)` and the builder methods,
/// or the fields.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Query {
    pub text: String,
    /// At most this many hits ([`DEFAULT_LIMIT`]).
    pub limit: usize,
    /// Hits to skip first (paging).
    pub offset: usize,
    /// The systems searched, in this order at equal score; empty: all
    /// ([`CodeSystem::ALL`]).
    pub systems: Vec<CodeSystem>,
    /// Only codes in force on this date (billable or header). `None`: today (the system
    /// clock, in UTC, or [`Query::today`](Query#structfield.today)), or a system's last date
    /// when today is past its data.
    pub date: Option<Date>,
    /// Codes of any release instead (titles from the newest source): the date is ignored.
    pub any_release: bool,
    /// What day it is, for `date: None` (`None`: the system clock). WebAssembly has no
    /// clock: its binding passes the day of the JS clock here.
    pub today: Option<Date>,
    /// The last word may be the start of a longer one, as in a box the user is typing in
    /// (default true; it is not when the query ends in a space or punctuation).
    pub prefix_last_word: bool,
}

impl Default for Query {
    fn default() -> Self {
        Query {
            text: String::new(),
            limit: DEFAULT_LIMIT,
            offset: 0,
            systems: Vec::new(),
            date: None,
            any_release: false,
            today: None,
            prefix_last_word: true,
        }
    }
}

impl Query {
    pub fn new(text: impl Into<String>) -> Query {
        Query {
            text: text.into(),
            ..Query::default()
        }
    }

    pub fn limit(mut self, limit: usize) -> Query {
        self.limit = limit;
        self
    }

    pub fn offset(mut self, offset: usize) -> Query {
        self.offset = offset;
        self
    }

    /// Search these systems (empty: all).
    pub fn systems(mut self, systems: &[CodeSystem]) -> Query {
        self.systems = systems.to_vec();
        self
    }

    /// Search one system.
    pub fn system(mut self, system: CodeSystem) -> Query {
        self.systems = vec![system];
        self
    }

    pub fn date(mut self, date: Date) -> Query {
        self.date = Some(date);
        self
    }

    pub fn any_release(mut self, any_release: bool) -> Query {
        self.any_release = any_release;
        self
    }

    /// The day it is, for the default date (see [`Query::today`](Query#structfield.today)).
    pub fn today(mut self, today: Date) -> Query {
        self.today = Some(today);
        self
    }

    pub fn prefix_last_word(mut self, prefix: bool) -> Query {
        self.prefix_last_word = prefix;
        self
    }
}

/// Where a hit's query words stand in its [`Hit::text`]: a byte range.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct MatchSpan {
    pub start: usize,
    pub end: usize,
}

impl MatchSpan {
    /// The span counted in characters (Unicode scalar values) of `text`, as Python
    /// indexes strings; `None` when it is not a span of `text`.
    pub fn char_range(&self, text: &str) -> Option<(usize, usize)> {
        let before = text.get(..self.start)?;
        let inside = text.get(self.start..self.end)?;
        let start = before.chars().count();
        Some((start, start + inside.chars().count()))
    }

    /// The span counted in UTF-16 code units of `text`, as JavaScript indexes strings;
    /// `None` when it is not a span of `text`.
    pub fn utf16_range(&self, text: &str) -> Option<(usize, usize)> {
        let before = text.get(..self.start)?;
        let inside = text.get(self.start..self.end)?;
        let start = before.encode_utf16().count();
        Some((start, start + inside.encode_utf16().count()))
    }
}

/// One code found.
#[derive(Clone, Debug, PartialEq)]
pub struct Hit {
    pub code: AnyCode,
    pub system: CodeSystem,
    /// The relevance of the words (0 for a code matched by its characters).
    pub score: f32,
    pub kind: MatchKind,
    /// Billable on the date searched (any release: in its newest); else a header.
    pub billable: bool,
    /// The long title on the date (ICD-10-PCS levels have none).
    pub title: Option<String>,
    /// The field that matched best, and its text on the date.
    pub field: Field,
    pub text: String,
    /// The matched words (or code characters) in `text`, in order.
    pub spans: Vec<MatchSpan>,
}

/// How one system was searched.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct SystemSearched {
    pub system: CodeSystem,
    /// Whether it was searched (not when the date asked for is outside its data).
    pub searched: bool,
    /// The date its codes had to be in force on (`None`: any release).
    pub date: Option<Date>,
    /// Why the date is not the one asked for, or why it was not searched.
    pub note: Option<String>,
}

/// What [`search`] found.
#[derive(Clone, Debug, PartialEq)]
pub struct SearchResults {
    /// Codes matching, all pages.
    pub total: usize,
    pub hits: Vec<Hit>,
    pub systems: Vec<SystemSearched>,
}

/// Why [`search`] refused a query (an empty or unmatched query is not an error: it finds
/// nothing).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SearchError {
    #[error(
        "the query is too long ({bytes} bytes, {words} words): at most {MAX_QUERY_BYTES} bytes and {MAX_QUERY_WORDS} words are searched"
    )]
    QueryTooLong { bytes: usize, words: usize },
    /// The date is outside the data of every system asked for.
    #[error("{}", out_of_range(.date, .coverage))]
    DateOutOfRange {
        date: Date,
        /// Each system asked for, with the first and last date of its data.
        coverage: Vec<(CodeSystem, Date, Date)>,
    },
}

fn out_of_range(date: &Date, coverage: &[(CodeSystem, Date, Date)]) -> String {
    let each: Vec<String> = coverage
        .iter()
        .map(|(s, first, last)| format!("{} {first} to {last}", s.name()))
        .collect();
    format!(
        "{date} is outside the dates of service of the data searched ({})",
        each.join("; ")
    )
}

/// The size of one system's index ([`index_stats`]).
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct IndexStats {
    pub system: CodeSystem,
    /// Codes and headers, all releases.
    pub codes: usize,
    /// Those with some text.
    pub codes_with_text: usize,
    pub terms: usize,
    pub postings: usize,
    pub exact_phrases: usize,
    /// Heap memory the index holds.
    pub heap_bytes: usize,
    /// Weights of the title, short title, inclusion terms, labels, and the two group
    /// fields (ICD-10-CM: block, chapter; ICD-10-PCS: body system, section; HCPCS:
    /// section), computed from the data.
    pub field_weights: [f32; 6],
}

fn index(system: CodeSystem) -> &'static Index {
    static ICD10CM: OnceLock<Index> = OnceLock::new();
    #[cfg(feature = "icd10pcs")]
    static ICD10PCS: OnceLock<Index> = OnceLock::new();
    #[cfg(feature = "hcpcs")]
    static HCPCS: OnceLock<Index> = OnceLock::new();
    #[cfg(feature = "icd9")]
    static ICD9CM: OnceLock<Index> = OnceLock::new();
    #[cfg(feature = "icd9")]
    static ICD9PROC: OnceLock<Index> = OnceLock::new();
    match system {
        CodeSystem::Icd10Cm => ICD10CM.get_or_init(source::icd10cm),
        #[cfg(feature = "icd10pcs")]
        CodeSystem::Icd10Pcs => ICD10PCS.get_or_init(source::icd10pcs),
        #[cfg(feature = "hcpcs")]
        CodeSystem::Hcpcs => HCPCS.get_or_init(source::hcpcs),
        #[cfg(feature = "icd9")]
        CodeSystem::Icd9Cm => ICD9CM.get_or_init(source::icd9cm),
        #[cfg(feature = "icd9")]
        CodeSystem::Icd9Proc => ICD9PROC.get_or_init(source::icd9proc),
    }
}

/// Builds the indexes of these systems now rather than at their first search.
pub fn prepare(systems: &[CodeSystem]) {
    for &s in systems {
        index(s);
    }
}

/// The size of a system's index (building it if it is not yet).
pub fn index_stats(system: CodeSystem) -> IndexStats {
    index(system).stats()
}

// ---------------------------------------------------------------------------------------
// Reading the query.

/// A query word or phrase and what it may be read as: the literal words first, then the
/// expansions of the synonyms file.
struct Segment {
    readings: Vec<Reading>,
}

struct Reading {
    /// Stemmed terms, and the folded words they came from (the start of a longer word is
    /// completed from the unstemmed form).
    terms: Vec<(String, String)>,
    expansion: bool,
    /// Its last word may be the start of a longer one.
    prefix_last: bool,
}

fn parse(text: &str, prefix_last_word: bool) -> Result<Vec<Segment>, SearchError> {
    let words = text::unstemmed_words(text);
    if text.len() > MAX_QUERY_BYTES || words.len() > MAX_QUERY_WORDS {
        return Err(SearchError::QueryTooLong {
            bytes: text.len(),
            words: words.len(),
        });
    }
    let stems: Vec<String> = words.iter().map(|w| text::stem(w.term.clone())).collect();
    // Still typing: nothing after the last word.
    let typing = prefix_last_word && words.last().is_some_and(|w| w.span.end == text.len());
    let synonyms = synonyms::table();
    let mut segments = Vec::new();
    let mut i = 0;
    while i < stems.len() {
        let (n, expansions) = synonyms.longest_at(&stems, i).unwrap_or((1, &[]));
        let last = i + n == stems.len();
        let mut readings = vec![Reading {
            terms: (i..i + n)
                .map(|k| (stems[k].clone(), words[k].term.clone()))
                .collect(),
            expansion: false,
            // A word the synonyms file knows is a whole word.
            prefix_last: last && typing && expansions.is_empty(),
        }];
        for e in expansions {
            readings.push(Reading {
                terms: e.iter().map(|t| (t.clone(), t.clone())).collect(),
                expansion: true,
                prefix_last: false,
            });
        }
        segments.push(Segment { readings });
        i += n;
    }
    Ok(segments)
}

/// A query word (or word of an expansion) in one system: the terms it matches there.
struct Slot {
    /// `(term, weight)`, the best first: the word itself, then its completions.
    options: Vec<(u32, f32)>,
    idf: f32,
    optional: bool,
    function_word: bool,
    /// Some reading requires it: its postings make candidates. The others (function
    /// words, common words) only add to the codes found so.
    creates: bool,
}

struct ReadingPlan {
    slots: Vec<usize>,
    viable: bool,
    /// Slots a code must match for the reading to match.
    required: u64,
    /// The IDF of its slots, summed.
    mass: f32,
    all_optional: bool,
}

struct SegmentPlan {
    readings: Vec<ReadingPlan>,
    /// Some reading has terms in this system.
    viable: bool,
    optional: bool,
    function_only: bool,
    weight: f32,
    /// A code must match it (set once every system's plan is known).
    required: bool,
}

/// A query in one system.
struct Plan {
    index: &'static Index,
    on: On,
    order: u8,
    slots: Vec<Slot>,
    segments: Vec<SegmentPlan>,
    /// Slots next to each other in the query, and the bonus when the code has them so.
    pairs: Vec<(u64, u64, f32)>,
    /// The slots each term (by id) stands for.
    bits: HashMap<u32, u64>,
}

fn is_number(word: &str) -> bool {
    word.bytes().all(|b| b.is_ascii_digit())
}

fn plan(index: &'static Index, on: On, order: u8, segments: &[Segment]) -> Plan {
    let mut slots: Vec<Slot> = Vec::new();
    let mut seg_plans = Vec::with_capacity(segments.len());
    for seg in segments {
        let mut readings = Vec::new();
        for reading in &seg.readings {
            let factor = if reading.expansion { EXPANSION } else { 1.0 };
            let mut plan = ReadingPlan {
                slots: Vec::new(),
                viable: true,
                required: 0,
                mass: 0.0,
                all_optional: true,
            };
            let n = reading.terms.len();
            for (k, (stem, raw)) in reading.terms.iter().enumerate() {
                if slots.len() >= MAX_SLOTS {
                    plan.viable = false;
                    break;
                }
                let function_word = text::is_function_word(stem);
                let exact = index.term_id(stem);
                let mut options: Vec<(u32, f32)> = exact
                    .map(|id| (id, factor * index.idf(id)))
                    .into_iter()
                    .collect();
                let typing = reading.prefix_last && k + 1 == n && raw.len() >= 2;
                let unknown = exact.is_none_or(|id| index.is_abbreviation(id))
                    && raw.len() >= 3
                    && !function_word;
                if (typing || unknown) && !is_number(raw) {
                    for id in index.completions(raw, MAX_COMPLETIONS) {
                        if Some(id) != exact {
                            options.push((id, factor * COMPLETION * index.idf(id)));
                        }
                    }
                }
                let first = options.first().map(|o| o.0);
                let slot = Slot {
                    idf: first.map_or(0.0, |id| index.idf(id)),
                    optional: function_word || first.is_some_and(|id| index.is_common(id)),
                    function_word,
                    creates: false,
                    options,
                };
                plan.slots.push(slots.len());
                slots.push(slot);
            }
            let matched: Vec<usize> = plan
                .slots
                .iter()
                .copied()
                .filter(|&s| !slots[s].options.is_empty())
                .collect();
            plan.viable = plan.viable
                && !matched.is_empty()
                && plan
                    .slots
                    .iter()
                    .all(|&s| !slots[s].options.is_empty() || slots[s].function_word);
            for &s in &matched {
                plan.mass += slots[s].idf;
                if !slots[s].optional {
                    plan.required |= 1 << s;
                    plan.all_optional = false;
                }
            }
            if plan.required == 0 {
                plan.required = matched.iter().fold(0, |m, &s| m | 1 << s);
            }
            readings.push(plan);
        }
        let viable = readings.iter().any(|r| r.viable);
        let weight = readings
            .iter()
            .filter(|r| r.viable)
            .map(|r| r.mass / r.required.count_ones().max(1) as f32)
            .fold(0.0f32, f32::max);
        seg_plans.push(SegmentPlan {
            viable,
            optional: viable && readings.iter().filter(|r| r.viable).all(|r| r.all_optional),
            function_only: seg.readings[0]
                .terms
                .iter()
                .all(|(t, _)| text::is_function_word(t)),
            weight,
            readings,
            required: false,
        });
    }
    // Pairs of slots next to each other: within a reading, and from the last word of a
    // segment's readings to the first of the next segment's.
    let mut pairs = Vec::new();
    let has = |s: usize| !slots[s].options.is_empty();
    let bonus = |a: usize, b: usize| ADJACENCY * (slots[a].idf + slots[b].idf) / 2.0;
    for (i, seg) in seg_plans.iter().enumerate() {
        for r in seg.readings.iter().filter(|r| r.viable) {
            for w in r.slots.windows(2) {
                if has(w[0]) && has(w[1]) {
                    pairs.push((1u64 << w[0], 1u64 << w[1], bonus(w[0], w[1])));
                }
            }
            let (Some(&last), Some(next)) = (r.slots.last(), seg_plans.get(i + 1)) else {
                continue;
            };
            for n in next.readings.iter().filter(|r| r.viable) {
                if let Some(&first) = n.slots.first() {
                    if has(last) && has(first) {
                        pairs.push((1u64 << last, 1u64 << first, bonus(last, first)));
                    }
                }
            }
        }
    }
    let mut bits: HashMap<u32, u64> = HashMap::new();
    for (s, slot) in slots.iter().enumerate() {
        for &(id, _) in &slot.options {
            *bits.entry(id).or_default() |= 1 << s;
        }
    }
    Plan {
        index,
        on,
        order,
        slots,
        segments: seg_plans,
        pairs,
        bits,
    }
}

/// Which segments a code must match in each system: those some system knows, unless they
/// are only function words or common in this system; if that leaves none, all known.
fn set_required(plans: &mut [Plan]) {
    let n = plans.first().map_or(0, |p| p.segments.len());
    let known: Vec<bool> = (0..n)
        .map(|i| plans.iter().any(|p| p.segments[i].viable))
        .collect();
    for p in plans.iter_mut() {
        for (i, seg) in p.segments.iter_mut().enumerate() {
            seg.required = known[i] && !seg.function_only && !(seg.viable && seg.optional);
        }
        if !p.segments.iter().any(|s| s.required) {
            for (i, seg) in p.segments.iter_mut().enumerate() {
                seg.required = known[i] && seg.viable;
            }
        }
        // The words of required segments that their readings require make candidates.
        for seg in p.segments.iter().filter(|s| s.required) {
            for r in &seg.readings {
                for &s in &r.slots {
                    if r.required >> s & 1 == 1 {
                        if let Some(slot) = p.slots.get_mut(s) {
                            slot.creates = true;
                        }
                    }
                }
            }
        }
    }
}

impl Plan {
    /// How many required segments a code with match mask `mask` misses, and the share of
    /// the query's weight it matched.
    fn judge(&self, mask: u64) -> (u8, f32) {
        let mut missing = 0u8;
        let (mut num, mut den) = (0f32, 0f32);
        for seg in &self.segments {
            let mut satisfied = false;
            let mut best = 0f32;
            for r in seg.readings.iter().filter(|r| r.viable) {
                satisfied |= mask & r.required == r.required;
                if r.mass > 0.0 {
                    let got: f32 = r
                        .slots
                        .iter()
                        .filter(|&&s| mask >> s & 1 == 1)
                        .map(|&s| self.slots[s].idf)
                        .sum();
                    best = best.max(got / r.mass);
                }
            }
            if seg.required && !satisfied {
                missing = missing.saturating_add(1);
            }
            if seg.viable {
                num += seg.weight * best;
                den += seg.weight;
            }
        }
        (missing, if den > 0.0 { num / den } else { 1.0 })
    }

    /// The slots a word of a code's text (folded, not stemmed) matches.
    fn word_bits(&self, word: &str) -> u64 {
        if self.bits.is_empty() {
            return 0;
        }
        self.index
            .word_term(word)
            .and_then(|id| self.bits.get(&id).copied())
            .unwrap_or(0)
    }
}

// ---------------------------------------------------------------------------------------
// Scoring.

/// A code found, while ranking.
#[derive(Clone, Copy, Debug)]
struct Cand {
    plan: u8,
    doc: u32,
    /// 0: the code is the query; 1: the query starts it; 2: words.
    code_match: u8,
    exact: bool,
    missing: u8,
    billable: bool,
    /// Has no title (an ICD-10-PCS level, known by its axis labels): after the codes.
    untitled: bool,
    chars: u16,
    base: f32,
    coverage: f32,
    score: f32,
}

impl Cand {
    /// The score in steps of [`SCORE_STEP`]: scores in one step are equal.
    fn step(&self) -> i32 {
        (self.score * (1.0 / SCORE_STEP)) as i32
    }

    fn rank(&self, other: &Cand) -> Ordering {
        if self.code_match < 2 && other.code_match < 2 {
            // Codes by their characters: the code itself, then code order.
            return (self.code_match, self.plan, self.doc).cmp(&(
                other.code_match,
                other.plan,
                other.doc,
            ));
        }
        self.code_match
            .cmp(&other.code_match)
            .then(other.exact.cmp(&self.exact))
            .then(self.untitled.cmp(&other.untitled))
            .then(other.step().cmp(&self.step()))
            .then(other.billable.cmp(&self.billable))
            .then(self.chars.cmp(&other.chars))
            .then(self.plan.cmp(&other.plan))
            .then(self.doc.cmp(&other.doc))
    }
}

/// Per-thread accumulators over a system's codes, reused from query to query.
#[derive(Default)]
struct Scratch {
    score: Vec<f32>,
    mask: Vec<u64>,
    touched: Vec<u32>,
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

/// Scores the codes of a plan's system that match some query word, into `out`.
fn run(plan: &Plan, out: &mut Vec<Cand>) {
    let mut go = |s: &mut Scratch| run_with(plan, s, out);
    SCRATCH.with(|cell| match cell.try_borrow_mut() {
        Ok(mut s) => go(&mut s),
        Err(_) => go(&mut Scratch::default()),
    })
}

fn run_with(plan: &Plan, s: &mut Scratch, out: &mut Vec<Cand>) {
    let index = plan.index;
    let n = index.n_docs as usize;
    if s.score.len() < n {
        s.score.resize(n, 0.0);
        s.mask.resize(n, 0);
    }
    s.touched.clear();
    let (score, mask) = (&mut s.score[..n], &mut s.mask[..n]);
    // The words a match requires make the candidates, ...
    for (k, slot) in plan.slots.iter().enumerate().filter(|(_, s)| s.creates) {
        let bit = 1u64 << k;
        for &(term, weight) in &slot.options {
            let w = weight / 65535.0;
            let (docs, weights) = index.postings(term);
            for (&d, &iw) in docs.iter().zip(weights) {
                let Some(m) = mask.get_mut(d as usize) else {
                    continue;
                };
                if *m & bit != 0 {
                    continue;
                }
                if *m == 0 {
                    s.touched.push(d);
                }
                *m |= bit;
                score[d as usize] += w * f32::from(iw);
            }
        }
    }
    // ... the others only add to them: their postings read for the candidates, or, when
    // there are few candidates, each candidate looked up in them (both in code order,
    // galloping).
    let mut sorted = false;
    for (k, slot) in plan.slots.iter().enumerate().filter(|(_, s)| !s.creates) {
        let bit = 1u64 << k;
        for &(term, weight) in &slot.options {
            let w = weight / 65535.0;
            let (docs, weights) = index.postings(term);
            if s.touched.len() * 8 >= docs.len() {
                for (&d, &iw) in docs.iter().zip(weights) {
                    if let Some(m) = mask.get_mut(d as usize) {
                        if *m != 0 && *m & bit == 0 {
                            *m |= bit;
                            score[d as usize] += w * f32::from(iw);
                        }
                    }
                }
                continue;
            }
            if !sorted {
                s.touched.sort_unstable();
                sorted = true;
            }
            let mut at = 0usize;
            for &d in &s.touched {
                let rest = &docs[at..];
                let mut step = 1;
                while step < rest.len() && rest[step] < d {
                    step *= 2;
                }
                let lo = step / 2;
                at += lo + rest[lo..rest.len().min(step + 1)].partition_point(|&x| x < d);
                if at >= docs.len() {
                    break;
                }
                if docs[at] == d {
                    let i = d as usize;
                    if mask[i] & bit == 0 {
                        mask[i] |= bit;
                        score[i] += w * f32::from(weights[at]);
                    }
                }
            }
        }
    }
    // The groups' names: (group, slot bit, weight), by group.
    let mut entries: Vec<(u16, u64, f32)> = Vec::new();
    for (k, slot) in plan.slots.iter().enumerate() {
        for &(term, weight) in &slot.options {
            for &(_, g, gw) in index.term_groups(term) {
                entries.push((g, 1 << k, weight * gw));
            }
        }
    }
    entries.sort_by_key(|e| e.0);
    let mut heads = vec![
        (0u32, 0u32);
        if entries.is_empty() {
            0
        } else {
            index.groups.len()
        }
    ];
    for (i, e) in entries.iter().enumerate() {
        if let Some(h) = heads.get_mut(e.0 as usize) {
            if h.1 == 0 {
                h.0 = i as u32;
            }
            h.1 = i as u32 + 1;
        }
    }
    let mut judged: Vec<(u64, u8, f32)> = Vec::new();
    for &d in &s.touched {
        let i = d as usize;
        let (mut m, mut sc) = (mask[i], score[i]);
        mask[i] = 0;
        score[i] = 0.0;
        if !heads.is_empty() {
            for g in index.doc_groups(d) {
                if let Some(&(a, b)) = heads.get(g as usize) {
                    let mut seen = 0u64;
                    for &(_, bit, v) in &entries[a as usize..b as usize] {
                        if seen & bit == 0 {
                            seen |= bit;
                            sc += v;
                            m |= bit;
                        }
                    }
                }
            }
        }
        let Some(billable) = index.status(d, plan.on) else {
            continue;
        };
        let (missing, coverage) = match judged.iter().find(|j| j.0 == m) {
            Some(&(_, missing, coverage)) => (missing, coverage),
            None => {
                let (missing, coverage) = plan.judge(m);
                if judged.len() < 256 {
                    judged.push((m, missing, coverage));
                }
                (missing, coverage)
            }
        };
        out.push(Cand {
            plan: plan.order,
            doc: d,
            code_match: 2,
            exact: false,
            missing,
            billable,
            untitled: !index.has_title(d),
            chars: index.title_chars(d),
            base: sc,
            coverage,
            score: sc * coverage * coverage,
        });
    }
}

/// The candidates ranked, as far as read: `top` is the start of one list, the same
/// whatever the page, so every page is its slice. The words' order ([`adjacency`], which
/// reads the code's texts) is counted for the first [`RERANK`] codes by the rest of the
/// score, a number fixed in advance: they come first, reranked with it, then the others
/// by the rest of the score.
struct Ranking {
    top: Vec<Cand>,
    /// The others, in no order.
    rest: Vec<Cand>,
}

impl Ranking {
    fn new(plans: &[Plan], mut rest: Vec<Cand>) -> Ranking {
        let n = RERANK.min(rest.len());
        if n > 0 && n < rest.len() {
            rest.select_nth_unstable_by(n - 1, |a, b| a.rank(b));
        }
        let mut top: Vec<Cand> = rest.drain(..n).collect();
        for c in top.iter_mut().filter(|c| c.code_match == 2) {
            let p = &plans[c.plan as usize];
            c.score = (c.base + adjacency(p, c.doc)) * c.coverage * c.coverage;
        }
        top.sort_by(|a, b| a.rank(b));
        Ranking { top, rest }
    }

    /// Extends `top` to `n` codes (or all).
    fn ensure(&mut self, n: usize) {
        if self.top.len() >= n || self.rest.is_empty() {
            return;
        }
        let want = (n - self.top.len())
            .saturating_add(RERANK_EXTRA)
            .min(self.rest.len());
        if want < self.rest.len() {
            self.rest.select_nth_unstable_by(want - 1, |a, b| a.rank(b));
        }
        self.rest[..want].sort_by(|a, b| a.rank(b));
        self.top.extend(self.rest.drain(..want));
    }

    /// Takes a code of a plan out of the codes not yet placed.
    fn take(&mut self, plan: u8, doc: u32) -> Option<Cand> {
        let at = self
            .rest
            .iter()
            .position(|x| x.plan == plan && x.doc == doc)?;
        Some(self.rest.swap_remove(at))
    }
}

/// The words of a code's own texts next to each other as the query has them: the bonus.
fn adjacency(plan: &Plan, doc: u32) -> f32 {
    if plan.pairs.is_empty() {
        return 0.0;
    }
    let mut found = 0u64; // which pairs, by index (at most 64 counted)
    for (_, t) in source::field_texts(plan.index, doc, plan.on, true) {
        let mut bits: Vec<u64> = Vec::new();
        text::scan(&t, false, |word, _, _| bits.push(plan.word_bits(word)));
        for (p, &(a, b, _)) in plan.pairs.iter().enumerate().take(64) {
            if found >> p & 1 == 0 && bits.windows(2).any(|w| w[0] & a != 0 && w[1] & b != 0) {
                found |= 1 << p;
            }
        }
    }
    plan.pairs
        .iter()
        .enumerate()
        .take(64)
        .filter(|(p, _)| found >> p & 1 == 1)
        .map(|(_, pair)| pair.2)
        .sum()
}

/// The most general billable code below a header on the date: at each level the child
/// with the fewest words beyond the header's title ([`general::specific_terms`]; a billable child
/// first at a tie, then code order), down to a billable code.
fn general_code(index: &'static Index, doc: u32, on: On) -> Option<u32> {
    let header = general::specific_terms(&source::title(index.system, doc, on).unwrap_or_default());
    with_system!(index.system, S => {
        let mut node = Code::<S>::at(doc);
        for _ in 0..8 {
            let best = node
                .children()
                .filter_map(|c| {
                    let billable = index.status(c.index, on)?;
                    let title = source::title(index.system, c.index, on).unwrap_or_default();
                    let added = general::specific_terms(&title).difference(&header).count();
                    Some(((added, !billable, c.index), c, billable))
                })
                .min_by(|a, b| a.0.cmp(&b.0))?;
            if best.2 {
                return Some(best.1.index);
            }
            node = best.1;
        }
        None
    })
}

/// The records below a code (its descendants, all releases).
fn descendants(system: CodeSystem, doc: u32) -> std::ops::Range<u32> {
    let n = with_system!(system, S => <S as crate::System>::table().record(doc).descendants);
    doc.saturating_add(1)..doc.saturating_add(1).saturating_add(n)
}

/// The query as a code prefix: one token of letters, digits and dots, with a digit or a
/// single letter.
fn code_prefix(text: &str) -> Option<&str> {
    let t = text.trim();
    let ok = !t.is_empty()
        && t.len() <= 9
        && t.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'.')
        && (t.bytes().any(|b| b.is_ascii_digit())
            || (t.len() == 1 && t.as_bytes()[0].is_ascii_alphabetic()));
    ok.then_some(t)
}

/// The codes of a plan's system that start with `prefix`, in force on its date, into
/// `out`; whether any code of any release starts so.
fn code_candidates(plan: &Plan, prefix: &str, out: &mut Vec<Cand>) -> bool {
    let wanted: String = prefix
        .chars()
        .filter(|c| *c != '.')
        .map(|c| c.to_ascii_uppercase())
        .collect();
    let mut any = false;
    with_system!(plan.index.system, S => {
        for code in CodeSet::<S>::new().codes_starting_with(prefix) {
            any = true;
            let Some(billable) = plan.index.status(code.index, plan.on) else {
                continue;
            };
            out.push(Cand {
                plan: plan.order,
                doc: code.index,
                code_match: if code.undotted().as_str() == wanted { 0 } else { 1 },
                exact: false,
                missing: 0,
                billable,
                untitled: false,
                chars: 0,
                base: 0.0,
                coverage: 1.0,
                score: 0.0,
            });
        }
    });
    any
}

/// The byte range of the first `n` code characters of a canonical code (dots skipped).
fn code_span(code: &str, n: usize) -> MatchSpan {
    let mut seen = 0;
    let mut end = 0;
    for (i, c) in code.char_indices() {
        if seen == n {
            break;
        }
        end = i + c.len_utf8();
        if c != '.' {
            seen += 1;
        }
    }
    MatchSpan { start: 0, end }
}

/// The readings of the query matched exactly: its words, with each combination of the
/// expansions (at most [`MAX_READINGS`]).
fn reading_hashes(segments: &[Segment]) -> Vec<u64> {
    let mut readings: Vec<Vec<&str>> = vec![Vec::new()];
    for seg in segments {
        let mut next = Vec::new();
        for r in &readings {
            for reading in &seg.readings {
                if next.len() >= MAX_READINGS {
                    break;
                }
                let mut v = r.clone();
                v.extend(
                    reading
                        .terms
                        .iter()
                        .map(|(t, _)| t.as_str())
                        .filter(|t| !text::is_function_word(t)),
                );
                next.push(v);
            }
        }
        readings = next;
    }
    readings
        .into_iter()
        .filter(|r| !r.is_empty())
        .map(text::bag_hash)
        .collect()
}

fn describe(plan: &Plan, c: &Cand, prefix_len: usize) -> Hit {
    let index = plan.index;
    let system = index.system;
    let code = with_system!(system, S => AnyCode::from(Code::<S>::at(c.doc)));
    let title = source::title(system, c.doc, plan.on);
    let kind = match (c.code_match, c.exact) {
        (0, _) => MatchKind::Code,
        (1, _) => MatchKind::CodePrefix,
        (_, true) => MatchKind::Exact,
        _ => MatchKind::Words,
    };
    if c.code_match < 2 {
        let text = code.code().to_string();
        let span = code_span(&text, prefix_len);
        return Hit {
            code,
            system,
            score: c.score,
            kind,
            billable: c.billable,
            title,
            field: Field::Code,
            spans: if span.end > 0 { vec![span] } else { Vec::new() },
            text,
        };
    }
    let mut best: Option<(u32, Field, Cow<'static, str>, Vec<MatchSpan>)> = None;
    for (field, t) in source::field_texts(index, c.doc, plan.on, false) {
        let mut got = 0u64;
        let mut spans = Vec::new();
        text::scan(&t, false, |word, span, _| {
            let b = plan.word_bits(word);
            if b != 0 {
                got |= b;
                spans.push(MatchSpan {
                    start: span.start,
                    end: span.end,
                });
            }
        });
        let n = got.count_ones();
        if n > 0 && best.as_ref().is_none_or(|b| n > b.0) {
            best = Some((n, field, t, spans));
        }
    }
    let (field, text, spans) = match best {
        Some((_, f, t, s)) => (f, t.into_owned(), s),
        None => (Field::Title, title.clone().unwrap_or_default(), Vec::new()),
    };
    Hit {
        code,
        system,
        score: c.score,
        kind,
        billable: c.billable,
        title,
        field,
        text,
        spans,
    }
}

/// Searches the code sets: see the [module documentation](self) for what is searched and
/// how hits are ranked. An empty query, or one that matches nothing, finds nothing; a
/// query longer than [`MAX_QUERY_BYTES`] or [`MAX_QUERY_WORDS`] is refused, and so is a
/// date outside the data of every system asked for (a system whose data does not cover
/// it is left out and said so in [`SearchResults::systems`]).
pub fn search(query: &Query) -> Result<SearchResults, SearchError> {
    let (total, hits, systems) = ranked(query, describe)?;
    Ok(SearchResults {
        total,
        hits,
        systems,
    })
}

/// The codes [`search`] finds, in its order, without describing them (no title, field or
/// spans): for callers that want the codes only, such as [`crate::Icd10Cm::search`].
pub(crate) fn search_codes(query: &Query) -> Result<Vec<AnyCode>, SearchError> {
    ranked(
        query,
        |plan, c, _| with_system!(plan.index.system, S => AnyCode::from(Code::<S>::at(c.doc))),
    )
    .map(|(_, codes, _)| codes)
}

/// The ranking behind [`search`]: the total, the page's hits made by `hit` (from the plan,
/// the candidate and the length of the code prefix), and the systems searched.
#[allow(clippy::type_complexity)]
fn ranked<T>(
    query: &Query,
    hit: impl Fn(&Plan, &Cand, usize) -> T,
) -> Result<(usize, Vec<T>, Vec<SystemSearched>), SearchError> {
    let segments = parse(&query.text, query.prefix_last_word)?;
    let systems: Vec<CodeSystem> = if query.systems.is_empty() {
        CodeSystem::ALL.to_vec()
    } else {
        let mut seen = Vec::new();
        for &s in &query.systems {
            if !seen.contains(&s) {
                seen.push(s);
            }
        }
        seen
    };
    // The date of each system.
    // Read the clock only when the date is not given (WebAssembly has none: there the
    // caller passes the date).
    let today = (query.date.is_none() && !query.any_release)
        .then(|| query.today.unwrap_or_else(Date::today));
    let mut searched = Vec::new();
    let mut dated = Vec::new();
    for &system in &systems {
        let (first, last) = system.coverage();
        let (on, date, note) = if query.any_release {
            (Some(On::AnyRelease), None, None)
        } else {
            match query.date {
                Some(d) if first <= d && d <= last => (Some(On::Date(d.yyyymmdd())), Some(d), None),
                Some(d) => (
                    None,
                    Some(d),
                    Some(format!(
                        "not searched: {d} is outside the {} data ({first} to {last})",
                        system.name()
                    )),
                ),
                None => {
                    let today = today.unwrap_or(last);
                    if today > last {
                        (
                            Some(On::Date(last.yyyymmdd())),
                            Some(last),
                            Some(format!(
                                "the {} data end on {last}: searched on that date, not today ({today})",
                                system.name()
                            )),
                        )
                    } else if today < first {
                        (
                            Some(On::Date(first.yyyymmdd())),
                            Some(first),
                            Some(format!(
                                "the {} data start on {first}: searched on that date, not today ({today})",
                                system.name()
                            )),
                        )
                    } else {
                        (Some(On::Date(today.yyyymmdd())), Some(today), None)
                    }
                }
            }
        };
        searched.push(SystemSearched {
            system,
            searched: on.is_some(),
            date,
            note,
        });
        if let Some(on) = on {
            dated.push((system, on));
        }
    }
    if dated.is_empty() {
        // Only a date given can be outside every system's data.
        let date = query
            .date
            .or(today)
            .unwrap_or_else(|| Date::from_raw(19_000_101));
        return Err(SearchError::DateOutOfRange {
            date,
            coverage: systems
                .iter()
                .map(|s| {
                    let (first, last) = s.coverage();
                    (*s, first, last)
                })
                .collect(),
        });
    }

    // No word and no code: nothing to find (and no index to build).
    let prefix = code_prefix(&query.text);
    if (segments.is_empty() || !cfg!(feature = "titles")) && prefix.is_none() {
        return Ok((0, Vec::new(), searched));
    }
    let mut plans: Vec<Plan> = dated
        .iter()
        .enumerate()
        .map(|(i, &(system, on))| plan(index(system), on, i as u8, &segments))
        .collect();
    set_required(&mut plans);

    // Codes by their characters, then by words.
    let mut cands: Vec<Cand> = Vec::new();
    // A query that is the start of some code (any release) is read as a code only.
    let mut is_code = false;
    if let Some(prefix) = prefix {
        for p in &plans {
            is_code |= code_candidates(p, prefix, &mut cands);
        }
    }
    let by_code: HashSet<(u8, u32)> = cands.iter().map(|c| (c.plan, c.doc)).collect();
    let mut words: Vec<Cand> = Vec::new();
    // Words need the titles (feature `titles`): without them only codes match.
    if cfg!(feature = "titles") && !segments.is_empty() && !is_code {
        for p in &plans {
            run(p, &mut words);
        }
    }
    if let Some(least) = words.iter().map(|c| c.missing).min() {
        words.retain(|c| c.missing == least && !by_code.contains(&(c.plan, c.doc)));
    }
    // Exact matches.
    let hashes = reading_hashes(&segments);
    let mut exact: HashSet<(u8, u32)> = HashSet::new();
    for p in &plans {
        for &h in &hashes {
            exact.extend(p.index.exact(h).map(|d| (p.order, d)));
        }
    }
    for c in &mut words {
        c.exact = exact.contains(&(c.plan, c.doc));
    }
    cands.extend(words);
    let mut total = cands.len();

    // The best first, each exactly named header followed by its general code. The order
    // is that of every candidate ranked, whatever the page asked for: a page is the slice
    // of the whole list (fuzz/artifacts/search).
    let code_n = cands.iter().filter(|c| c.code_match < 2).count();
    let exact_n = cands.iter().filter(|c| c.exact).count();
    let words_n = cands.len() - code_n;
    let mut ranking = Ranking::new(&plans, cands);
    if exact_n > 0 {
        // Every exact match in place (they rank first): a header's named code is one.
        ranking.ensure(code_n + exact_n);
    }
    let mut i = 0;
    let mut billable_seen = false;
    while words_n > 0 && i < HEADER_WINDOW {
        ranking.ensure(i + 1);
        let Some(&c) = ranking.top.get(i) else {
            break;
        };
        i += 1;
        if c.code_match < 2 {
            continue;
        }
        // A header the query names: one it matches exactly, or one above every billable
        // code it matches.
        if !c.exact && billable_seen {
            break;
        }
        if c.billable {
            billable_seen = true;
            continue;
        }
        let p = &plans[c.plan as usize];
        // A billable code below it that the query also names exactly (`migraine`: G43,
        // then G43.909 by its inclusion term Migraine NOS), else its most general code.
        let below = descendants(p.index.system, c.doc);
        let named = ranking
            .top
            .iter()
            .find(|x| x.plan == c.plan && x.exact && x.billable && below.contains(&x.doc))
            .map(|x| x.doc);
        let Some(g) = named.or_else(|| general_code(p.index, c.doc, p.on)) else {
            continue;
        };
        let general = match ranking
            .top
            .iter()
            .position(|x| x.plan == c.plan && x.doc == g)
        {
            Some(at) if at < i => continue, // already before it
            Some(at) => ranking.top.remove(at),
            None => match ranking.take(c.plan, g) {
                Some(found) => found,
                None => {
                    total += 1;
                    Cand {
                        doc: g,
                        billable: true,
                        chars: p.index.title_chars(g),
                        ..c
                    }
                }
            },
        };
        ranking.top.insert(
            i,
            Cand {
                exact: c.exact,
                ..general
            },
        );
        billable_seen = true;
        i += 1;
    }
    let wanted = query.offset.saturating_add(query.limit);
    ranking.ensure(wanted);
    let top = ranking.top;

    let prefix_len = prefix.map_or(0, |p| p.chars().filter(|c| *c != '.').count());
    let hits = top
        .iter()
        .skip(query.offset)
        .take(query.limit)
        .map(|c| hit(&plans[c.plan as usize], c, prefix_len))
        .collect();
    Ok((total, hits, searched))
}

#[cfg(test)]
mod tests;
