//! Checks on the diagnosis codes of one encounter: invalid codes, duplicates, a code with
//! its own ancestor, Excludes1 conflicts, code-first sequencing and "use additional code"
//! reminders.

use std::fmt;

use crate::date::Date;
use crate::icd10cm::{table, Code, Icd10Cm};
use crate::mce::MceFlag;

use crate::key::{CodeBuf, CodeKey};

use super::notes::{join_lines, notes, RawBlock, RawSite};
use super::{NoteKind, NoteRef, NoteSite};

pub use crate::severity::Severity;

/// What a finding is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum FindingKind {
    /// A code that is not valid and billable on the date (the message is the reason).
    InvalidCode,
    /// The same code more than once.
    Duplicate,
    /// A code together with one of its own ancestors (a header above it).
    CodeWithAncestor,
    /// Two codes one of whose Excludes1 notes (or an ancestor's) covers the other.
    Excludes1,
    /// A "code first" code without any of the codes its note lists.
    CodeFirstMissing,
    /// A "code first" code listed before the code its note says to sequence first.
    CodeFirstOrder,
    /// A manifestation code (MCE) listed first: never a first-listed diagnosis.
    ManifestationFirst,
    /// A "use additional code" note none of whose codes is on the encounter.
    UseAdditionalCode,
}

impl FindingKind {
    /// Every kind, in declaration order: what the surfaces list.
    pub const ALL: [FindingKind; 8] = [
        FindingKind::InvalidCode,
        FindingKind::Duplicate,
        FindingKind::CodeWithAncestor,
        FindingKind::Excludes1,
        FindingKind::CodeFirstMissing,
        FindingKind::CodeFirstOrder,
        FindingKind::ManifestationFirst,
        FindingKind::UseAdditionalCode,
    ];

    pub const fn as_str(self) -> &'static str {
        match self {
            FindingKind::InvalidCode => "invalid_code",
            FindingKind::Duplicate => "duplicate",
            FindingKind::CodeWithAncestor => "code_with_ancestor",
            FindingKind::Excludes1 => "excludes1",
            FindingKind::CodeFirstMissing => "code_first_missing",
            FindingKind::CodeFirstOrder => "code_first_order",
            FindingKind::ManifestationFirst => "manifestation_first",
            FindingKind::UseAdditionalCode => "use_additional_code",
        }
    }
}

impl fmt::Display for FindingKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One thing the check found.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Finding {
    pub kind: FindingKind,
    pub severity: Severity,
    /// The codes involved, dotted (as given when a code could not be read), in the order
    /// the finding names them.
    pub codes: Vec<String>,
    /// Their 0-based positions in the list checked.
    pub positions: Vec<usize>,
    /// The instructional note behind the finding, if any.
    pub note: Option<NoteRef>,
    pub message: String,
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}: {}", self.severity, self.kind, self.message)
    }
}

/// The findings for the diagnosis codes of one encounter.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct EncounterReport {
    pub date: Date,
    /// The release the instructional notes were read from (e.g. "April 2026 tabular list
    /// (FY2026)").
    pub notes_source: &'static str,
    /// In order: invalid codes, duplicates, codes with ancestors, Excludes1 conflicts,
    /// sequencing, reminders.
    pub findings: Vec<Finding>,
}

impl EncounterReport {
    /// The most severe finding's severity (`None` when there are none).
    pub fn max_severity(&self) -> Option<Severity> {
        self.findings.iter().map(|f| f.severity).max()
    }

    /// Whether there is no finding of `Warning` or `Error` severity.
    pub fn is_clean(&self) -> bool {
        self.max_severity().is_none_or(|s| s == Severity::Info)
    }

    pub fn errors(&self) -> impl Iterator<Item = &Finding> {
        self.findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
    }
}

/// A code of the encounter found in the table (valid on the date or not).
#[derive(Clone, Copy)]
struct Entry {
    pos: usize,
    record: u32,
    key: u64,
    last_descendant: u32,
}

impl Entry {
    fn code(&self) -> Code {
        Code::at(self.record)
    }

    /// Whether `other` is a proper descendant of this code.
    #[inline]
    fn is_ancestor_of(&self, other: &Entry) -> bool {
        self.record < other.record && other.record <= self.last_descendant
    }

    #[inline]
    fn related(&self, other: &Entry) -> bool {
        self.is_ancestor_of(other) || other.is_ancestor_of(self)
    }
}

impl Entry {
    /// Canonical dotted form (on the stack).
    fn dotted(&self) -> CodeBuf {
        CodeKey(self.key).unpack().dotted_after_3()
    }
}

fn dotted(e: &Entry) -> String {
    e.dotted().as_str().to_owned()
}

fn note_ref(kind: NoteKind, site: RawSite, text: String) -> NoteRef {
    NoteRef {
        kind,
        site: NoteSite::from_raw(site),
        text,
    }
}

fn block_text(b: RawBlock) -> String {
    let n = notes();
    join_lines((b.first_item..b.first_item + u32::from(b.n_items)).map(|i| n.text(n.item(i).text)))
}

/// An Excludes1 hit: the code with the note, the code it excludes, the note line.
#[derive(Clone, Copy)]
struct Conflict {
    with_note: usize,
    excluded: usize,
    site: RawSite,
    item: u32,
}

/// The codes of the encounter (each once) by key, to find the ones a reference covers
/// without trying every code against every reference.
struct Keys {
    /// (key, index into the codes), by key: inline for encounters of up to `INLINE`
    /// codes, so the usual check allocates nothing here.
    inline: [(u64, usize); INLINE],
    heap: Vec<(u64, usize)>,
    len: usize,
    min: u64,
    max: u64,
    /// A 256-bit set of the codes' categories (hashed): most references name one
    /// category, and most name none of the encounter's.
    categories: [u64; 4],
}

const INLINE: usize = 32;

/// Bits of a key below the category (its first three characters).
const BELOW_CATEGORY: u32 = 6 * 4;

#[inline]
fn category_bit(key: u64) -> (usize, u64) {
    let h = (key >> BELOW_CATEGORY).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 56;
    ((h >> 6) as usize, 1u64 << (h & 63))
}

impl Keys {
    fn new(unique: &[Entry]) -> Keys {
        let mut keys = Keys {
            inline: [(0, 0); INLINE],
            heap: Vec::new(),
            len: unique.len(),
            min: u64::MAX,
            max: 0,
            categories: [0; 4],
        };
        if unique.len() > INLINE {
            keys.heap = unique.iter().enumerate().map(|(i, e)| (e.key, i)).collect();
        } else {
            for (i, e) in unique.iter().enumerate() {
                keys.inline[i] = (e.key, i);
            }
        }
        let sorted = if keys.len > INLINE {
            &mut keys.heap[..]
        } else {
            &mut keys.inline[..keys.len]
        };
        // Insertion sort: a handful of codes.
        for i in 1..sorted.len() {
            let mut j = i;
            while j > 0 && sorted[j - 1].0 > sorted[j].0 {
                sorted.swap(j - 1, j);
                j -= 1;
            }
        }
        for &(k, _) in sorted.iter() {
            let (w, bit) = category_bit(k);
            keys.categories[w] |= bit;
        }
        if let (Some(first), Some(last)) = (sorted.first(), sorted.last()) {
            keys.min = first.0;
            keys.max = last.0;
        }
        keys
    }

    #[inline]
    fn sorted(&self) -> &[(u64, usize)] {
        if self.len > INLINE {
            &self.heap
        } else {
            &self.inline[..self.len]
        }
    }

    /// Calls `f` with the codes (key, index into `unique`) in a key interval.
    #[inline]
    fn in_range(&self, lo: u64, hi: u64, mut f: impl FnMut(u64, usize)) {
        if hi < self.min || lo > self.max {
            return;
        }
        if lo >> BELOW_CATEGORY == hi >> BELOW_CATEGORY {
            let (w, bit) = category_bit(lo);
            if self.categories[w] & bit == 0 {
                return;
            }
        }
        for &(k, i) in self.sorted() {
            if k > hi {
                break;
            }
            if k >= lo {
                f(k, i);
            }
        }
    }
}

impl Icd10Cm {
    /// Checks the diagnosis codes of one encounter, in the order listed (the first is the
    /// first-listed or principal diagnosis), against the coding rules of the tabular
    /// list: each code valid on the date, no duplicates, no code with its own ancestor,
    /// no Excludes1 conflict, "code first" codes after a code of their etiology, and
    /// reminders of "use additional code" notes none of whose codes is present.
    ///
    /// The notes are those of [`notes_source`](Self::notes_source); their code references
    /// are resolved against the codes on the list (each checked on `date`). Without the
    /// `notes` feature only validity, duplicates, ancestors and MCE manifestation codes
    /// are checked.
    pub fn check_encounter<S: AsRef<str>>(&self, codes: &[S], date: Date) -> EncounterReport {
        let mut findings = Vec::new();
        // Codes found in the table, each once; `repeats` lists the positions of repeats.
        let mut unique: Vec<Entry> = Vec::with_capacity(codes.len());
        let mut repeats: Vec<(usize, usize)> = Vec::new();
        let t = table();
        for (pos, s) in codes.iter().enumerate() {
            let s = s.as_ref();
            let found = match self.validate(s, date) {
                Ok(code) => Some(code),
                Err(e) => {
                    let code = self.lookup(s).ok();
                    findings.push(Finding {
                        kind: FindingKind::InvalidCode,
                        severity: Severity::Error,
                        codes: vec![code.map_or_else(|| s.trim().to_owned(), |c| c.to_string())],
                        positions: vec![pos],
                        note: None,
                        message: e.to_string(),
                    });
                    code
                }
            };
            if let Some(code) = found {
                match unique.iter().position(|u| u.record == code.index) {
                    Some(i) => repeats.push((i, pos)),
                    None => unique.push(Entry {
                        pos,
                        record: code.index,
                        key: t.key(code.index).0,
                        last_descendant: code.index + t.record(code.index).descendants,
                    }),
                }
            }
        }

        // Duplicates: one finding per repeated code.
        for (i, e) in unique.iter().enumerate() {
            if !repeats.iter().any(|r| r.0 == i) {
                continue;
            }
            let positions: Vec<usize> = std::iter::once(e.pos)
                .chain(repeats.iter().filter(|r| r.0 == i).map(|r| r.1))
                .collect();
            findings.push(Finding {
                kind: FindingKind::Duplicate,
                severity: Severity::Warning,
                codes: vec![dotted(e)],
                message: format!(
                    "{} is listed {} times (positions {}): list each code once",
                    e.dotted(),
                    positions.len(),
                    positions
                        .iter()
                        .map(|p| (p + 1).to_string())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                positions,
                note: None,
            });
        }

        for a in &unique {
            for b in &unique {
                if a.is_ancestor_of(b) {
                    findings.push(Finding {
                        kind: FindingKind::CodeWithAncestor,
                        severity: Severity::Warning,
                        codes: vec![dotted(a), dotted(b)],
                        positions: vec![a.pos, b.pos],
                        note: None,
                        message: format!(
                            "{} is listed with its own ancestor {}: code only the more specific {}",
                            b.dotted(),
                            a.dotted(),
                            b.dotted()
                        ),
                    });
                }
            }
        }

        let order_flagged = note_checks(&unique, date, &mut findings);

        if let Some(first) = unique.first().filter(|e| e.pos == 0) {
            if is_manifestation(first, date) && !order_flagged.contains(&first.record) {
                findings.push(Finding {
                    kind: FindingKind::ManifestationFirst,
                    severity: Severity::Error,
                    codes: vec![dotted(first)],
                    positions: vec![0],
                    note: None,
                    message: format!(
                        "{} is a manifestation code: it is never the first-listed diagnosis; list the underlying condition first",
                        first.dotted()
                    ),
                });
            }
        }

        EncounterReport {
            date,
            notes_source: self.notes_source().name,
            findings,
        }
    }
}

/// The checks that read the notes; returns the codes flagged as listed before their
/// etiology.
fn note_checks(unique: &[Entry], date: Date, findings: &mut Vec<Finding>) -> Vec<u32> {
    let n = notes();
    if n.check_index.is_empty() || unique.is_empty() {
        return Vec::new();
    }
    let keys = Keys::new(unique);
    let mut conflicts: Vec<Conflict> = Vec::new();
    let mut order_flagged = Vec::new();
    // (note element: its first line identifies it and its copies, site, codes it applies to)
    let mut reminders: Vec<(RawBlock, RawSite, Vec<usize>)> = Vec::new();
    // Sequencing findings go straight into `findings`; the Excludes1 ones are moved in
    // front of them at the end.
    let sequencing_start = findings.len();

    for (ai, a) in unique.iter().enumerate() {
        for ci in n.check_entries(a.record) {
            let e = n.check_entry(ci);
            let (b, site) = (e.block, e.site);
            match b.kind {
                NoteKind::Excludes1 => {
                    for ri in e.first_ref..e.first_ref + e.n_refs {
                        let (lo, hi, qual) = n.ref_range(ri);
                        keys.in_range(lo, hi, |key, bj| {
                            let other = &unique[bj];
                            if bj == ai
                                || a.related(other)
                                || !n.qual_allows(qual, key, true)
                                || conflicts
                                    .iter()
                                    .any(|c| c.with_note == ai && c.excluded == bj)
                            {
                                return;
                            }
                            // The line the reference is on.
                            let item = (b.first_item..b.first_item + u32::from(b.n_items))
                                .find(|&ii| {
                                    let it = n.item(ii);
                                    ri < it.first_ref + u32::from(it.n_refs)
                                })
                                .unwrap_or(b.first_item);
                            conflicts.push(Conflict {
                                with_note: ai,
                                excluded: bj,
                                site,
                                item,
                            });
                        });
                    }
                }
                NoteKind::CodeFirst | NoteKind::UseAdditionalCode => {
                    // The first-listed code of the encounter the note's references cover.
                    let mut first: Option<&Entry> = None;
                    for ri in e.first_ref..e.first_ref + e.n_refs {
                        let (lo, hi, qual) = n.ref_range(ri);
                        keys.in_range(lo, hi, |key, bj| {
                            let other = &unique[bj];
                            if bj != ai
                                && !a.related(other)
                                && first.is_none_or(|f| other.pos < f.pos)
                                && n.qual_allows(qual, key, false)
                            {
                                first = Some(other);
                            }
                        });
                    }
                    if b.kind == NoteKind::UseAdditionalCode {
                        if first.is_none() {
                            match reminders
                                .iter_mut()
                                .find(|r| r.0.first_item == b.first_item)
                            {
                                Some(r) => r.2.push(ai),
                                None => reminders.push((b, site, vec![ai])),
                            }
                        }
                        continue;
                    }
                    match first {
                        None => findings.push(code_first_missing(a, b, site, date)),
                        Some(e) if e.pos > a.pos => {
                            order_flagged.push(a.record);
                            findings.push(code_first_order(a, e, b, site, date));
                        }
                        Some(_) => {}
                    }
                }
                _ => {}
            }
        }
    }

    let n_sequencing = findings.len() - sequencing_start;
    let mut emitted: Vec<(usize, usize)> = Vec::new();
    for c in &conflicts {
        let pair = (c.with_note.min(c.excluded), c.with_note.max(c.excluded));
        if emitted.contains(&pair) {
            continue;
        }
        emitted.push(pair);
        let mutual = conflicts
            .iter()
            .any(|o| o.with_note == c.excluded && o.excluded == c.with_note);
        findings.push(excludes1(
            &unique[c.with_note],
            &unique[c.excluded],
            c,
            mutual,
        ));
    }
    findings[sequencing_start..].rotate_left(n_sequencing);
    for (b, site, applies) in reminders {
        let codes: Vec<String> = applies.iter().map(|&i| dotted(&unique[i])).collect();
        let text = block_text(b);
        let note_site = NoteSite::from_raw(site);
        findings.push(Finding {
            kind: FindingKind::UseAdditionalCode,
            severity: Severity::Info,
            message: [
                codes.join(", ").as_str(),
                ": use additional ",
                if text.starts_with("code") {
                    ""
                } else {
                    "code "
                },
                text.as_str(),
                " (note at ",
                note_site.label().as_str(),
                "); none of the codes it lists is on the encounter",
            ]
            .concat(),
            positions: applies.iter().map(|&i| unique[i].pos).collect(),
            codes,
            note: Some(NoteRef {
                kind: NoteKind::UseAdditionalCode,
                site: note_site,
                text,
            }),
        });
    }
    order_flagged
}

fn excludes1(a: &Entry, b: &Entry, c: &Conflict, mutual: bool) -> Finding {
    let n = notes();
    let line = n.text(n.item(c.item).text);
    let site = NoteSite::from_raw(c.site);
    let (first, second) = if a.pos <= b.pos { (a, b) } else { (b, a) };
    let at = if site.level == super::NoteLevel::Code && site.id == dotted(a) {
        format!("{}'s Excludes1", dotted(a))
    } else {
        format!("the Excludes1 note at {site} (over {})", dotted(a))
    };
    Finding {
        kind: FindingKind::Excludes1,
        severity: Severity::Error,
        codes: vec![dotted(first), dotted(second)],
        positions: vec![first.pos, second.pos],
        message: format!(
            "{} and {} are not coded together: {at} excludes {} (\"{line}\"){}",
            dotted(first),
            dotted(second),
            dotted(b),
            if mutual {
                format!(", and {}'s notes exclude {} in turn", dotted(b), dotted(a))
            } else {
                String::new()
            }
        ),
        note: Some(note_ref(NoteKind::Excludes1, c.site, line.to_owned())),
    }
}

fn is_manifestation(a: &Entry, date: Date) -> bool {
    a.code()
        .mce_flags_on(date)
        .is_some_and(|f| f.contains(MceFlag::Manifestation))
}

/// A missing etiology matters (a warning) for manifestation codes and for notes that ask
/// for the underlying condition; other code-first notes ("any follow-up examination
/// after treatment (Z09)", "..., if applicable") are reminders.
fn code_first_missing(a: &Entry, b: RawBlock, site: RawSite, date: Date) -> Finding {
    let text = block_text(b);
    let note_site = NoteSite::from_raw(site);
    let matters = is_manifestation(a, date)
        || ((text.contains("underlying") || text.contains("Underlying"))
            && !text.contains("if applicable"));
    Finding {
        kind: FindingKind::CodeFirstMissing,
        severity: if matters {
            Severity::Warning
        } else {
            Severity::Info
        },
        codes: vec![dotted(a)],
        positions: vec![a.pos],
        message: [
            a.dotted().as_str(),
            ": code first ",
            text.as_str(),
            " (note at ",
            note_site.label().as_str(),
            "); none of the codes it lists is on the encounter",
        ]
        .concat(),
        note: Some(NoteRef {
            kind: NoteKind::CodeFirst,
            site: note_site,
            text,
        }),
    }
}

fn code_first_order(
    a: &Entry,
    etiology: &Entry,
    b: RawBlock,
    site: RawSite,
    date: Date,
) -> Finding {
    let text = block_text(b);
    let manifestation = is_manifestation(a, date);
    Finding {
        kind: FindingKind::CodeFirstOrder,
        severity: if manifestation {
            Severity::Error
        } else {
            Severity::Warning
        },
        codes: vec![dotted(a), dotted(etiology)],
        positions: vec![a.pos, etiology.pos],
        message: [
            a.dotted().as_str(),
            " is listed before ",
            etiology.dotted().as_str(),
            ", but its note at ",
            NoteSite::from_raw(site).label().as_str(),
            " says code first ",
            text.as_str(),
            ": list ",
            etiology.dotted().as_str(),
            " first",
        ]
        .concat(),
        note: Some(note_ref(NoteKind::CodeFirst, site, text)),
    }
}
