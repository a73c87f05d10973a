//! 7th characters and the placeholder X: the definitions (`sevenChrDef`, inherited down the
//! hierarchy), and the diagnosis of the codes the table rejects because of them.
//!
//! Everything here runs only on the error path of validation: the table decides validity,
//! these functions explain a rejection and suggest the code meant.

use crate::date::Date;
use crate::error::{ReasonKind, ValidationError};
use crate::generated::icd10cm_rules::{SEVEN_CHR_DEFS, SEVEN_CHR_SETS};
use crate::icd10cm::table;
use crate::key::{CodeBuf, CodeKey};
use crate::table::SpanKind;

use super::notes::{notes, RawSite};
use super::NoteKind;

/// One 7th character and its meaning, e.g. `A`: "initial encounter for closed fracture".
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct SeventhCharacter {
    pub character: char,
    pub meaning: &'static str,
}

/// The 7th characters a code takes (its `sevenChrDef`, or the nearest ancestor's).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct SeventhCharacterDef {
    /// The code that defines them (dotted), e.g. `"S52"`.
    pub defined_at: String,
    /// The note introducing them there (`sevenChrNote`); `None` without the `notes` feature.
    pub note: Option<&'static str>,
    /// The characters as the tabular list defines them. Which of them make a valid code on
    /// a date is up to the code table (e.g. D and S do not apply to S06 codes with 6th
    /// character 7 or 8).
    pub characters: Vec<SeventhCharacter>,
}

fn set(i: u16) -> &'static [(char, &'static str)] {
    SEVEN_CHR_SETS.get(i as usize).copied().unwrap_or_default()
}

/// The definition in force for an undotted code: (length of the defining code, set).
fn def_for(undotted: &[u8]) -> Option<(usize, u16)> {
    for len in (3..=undotted.len().min(6)).rev() {
        let key = CodeKey::pack(&undotted[..len])?.0;
        if let Ok(i) = SEVEN_CHR_DEFS.binary_search_by_key(&key, |d| d.0) {
            return Some((len, SEVEN_CHR_DEFS[i].1));
        }
    }
    None
}

/// The public definition in force for a code (undotted).
pub(crate) fn seven_chr_def(undotted: &CodeBuf) -> Option<SeventhCharacterDef> {
    let (len, set_index) = def_for(undotted.as_bytes())?;
    let mut definer = CodeBuf::default();
    for &c in &undotted.as_bytes()[..len] {
        definer.push(c);
    }
    let note = CodeKey::pack(definer.as_bytes())
        .and_then(|k| table().find(k))
        .and_then(|r| seven_chr_note(r));
    Some(SeventhCharacterDef {
        defined_at: definer.dotted_after_3().to_string(),
        note,
        characters: set(set_index)
            .iter()
            .map(|&(character, meaning)| SeventhCharacter { character, meaning })
            .collect(),
    })
}

fn seven_chr_note(record: u32) -> Option<&'static str> {
    let n = notes();
    let g = n.site_group(RawSite::Code(record))?;
    n.blocks_of(g)
        .map(|b| n.block(b))
        .find(|b| b.kind == NoteKind::SeventhCharacter && b.n_items > 0)
        .map(|b| n.text(n.item(b.first_item).text))
}

fn with(base: &CodeBuf, c: u8) -> CodeBuf {
    let mut out = *base;
    out.push(c);
    out
}

fn billable_on(code: &CodeBuf, date: Date) -> bool {
    CodeKey::pack(code.as_bytes())
        .and_then(|k| table().find(k))
        .is_some_and(|i| table().is_valid_on(i, date))
}

/// The 7th characters of a set that make `base` + character a billable code on the date.
fn options(base: &CodeBuf, set_index: u16, date: Date) -> Vec<SeventhCharacter> {
    set(set_index)
        .iter()
        .filter(|&&(c, _)| c.is_ascii() && billable_on(&with(base, c as u8), date))
        .map(|&(character, meaning)| SeventhCharacter { character, meaning })
        .collect()
}

/// Why a header (present on the date, not billable) is rejected.
#[derive(Clone, Copy, Debug)]
enum HeaderDiagnosis {
    NotBillable,
    /// Every billable code below it on the date is `padded` + a 7th character.
    MissingSeventh {
        padded: CodeBuf,
        set: u16,
    },
}

fn diagnose_header(record: u32, undotted: &CodeBuf, date: Date) -> HeaderDiagnosis {
    let u = undotted.as_bytes();
    if u.len() >= CodeKey::MAX_LEN {
        return HeaderDiagnosis::NotBillable;
    }
    let Some((_, set)) = def_for(u) else {
        return HeaderDiagnosis::NotBillable;
    };
    let mut padded = *undotted;
    while padded.len() < 6 {
        padded.push(b'X');
    }
    let Some(pkey) = CodeKey::pack(padded.as_bytes()) else {
        return HeaderDiagnosis::NotBillable;
    };
    let t = table();
    let n = t.record(record).descendants;
    let mut any = false;
    for d in record + 1..=record + n {
        if !t.is_valid_on(d, date) {
            continue;
        }
        let k = t.key(d).0;
        if k & !0x3f != pkey.0 || k & 0x3f == 0 {
            return HeaderDiagnosis::NotBillable;
        }
        any = true;
    }
    if any {
        HeaderDiagnosis::MissingSeventh { padded, set }
    } else {
        HeaderDiagnosis::NotBillable
    }
}

/// The reason kind of a header on a date (allocation-free).
#[cold]
pub(crate) fn header_kind(record: u32, undotted: &CodeBuf, date: Date) -> ReasonKind {
    match diagnose_header(record, undotted, date) {
        HeaderDiagnosis::NotBillable => ReasonKind::NotBillable,
        HeaderDiagnosis::MissingSeventh { .. } => ReasonKind::MissingSeventhCharacter,
    }
}

/// The error for a header on a date; `not_billable` builds the plain one.
#[cold]
pub(crate) fn header_error(
    record: u32,
    undotted: &CodeBuf,
    date: Date,
    not_billable: impl FnOnce() -> ValidationError,
) -> ValidationError {
    match diagnose_header(record, undotted, date) {
        HeaderDiagnosis::NotBillable => not_billable(),
        HeaderDiagnosis::MissingSeventh { padded, set } => {
            ValidationError::MissingSeventhCharacter {
                code: undotted.dotted_after_3().to_string(),
                date,
                base: padded.dotted_after_3().to_string(),
                options: options(&padded, set, date),
            }
        }
    }
}

/// Why a well-formed code that no release has is rejected.
#[derive(Clone, Copy, Debug)]
enum UnknownDiagnosis {
    Unknown,
    /// The input is a header padded with placeholder X (`W21.89X`): it needs a 7th
    /// character.
    MissingSeventh {
        padded: CodeBuf,
        set: u16,
    },
    /// The input with placeholder X inserted is the code `record`.
    MissingPlaceholder {
        record: u32,
        billable: bool,
    },
    /// `base` (six characters) takes 7th characters, not this one.
    NotAllowed {
        base: CodeBuf,
        set: u16,
        found: u8,
    },
    /// `record` is a code that takes no 7th character.
    Unexpected {
        record: u32,
        found: u8,
    },
}

/// The code meant when placeholder X were left out (or misplaced): X inserted after the
/// category until a code of the table is found, preferring one billable on the date.
fn placeholder(u: &[u8], date: Date) -> Option<(u32, bool)> {
    // The last character stays last (it is what a 7th character would be): X never is.
    if u.len() < 4 || u.last() == Some(&b'X') {
        return None;
    }
    let mut base = CodeBuf::default();
    for (i, &c) in u.iter().enumerate() {
        if i < 3 || c != b'X' {
            base.push(c);
        }
    }
    let b = base.as_bytes();
    let m = b.len();
    let t = table();
    // Rank: 0 billable on the date, 1 billable on some date, 2 a header.
    let mut best: Option<(u8, u32)> = None;
    for len in (m + 1..=CodeKey::MAX_LEN).rev() {
        let xs = len - m;
        // X may stand anywhere from the 4th character to the one before the last.
        let slots = len - 4;
        if xs > slots {
            continue;
        }
        for mask in 0u32..(1 << slots) {
            if mask.count_ones() as usize != xs {
                continue;
            }
            let mut cand = CodeBuf::default();
            let mut next = 0;
            for p in 0..len {
                if p >= 3 && p < len - 1 && mask & (1 << (p - 3)) != 0 {
                    cand.push(b'X');
                } else {
                    cand.push(b[next]);
                    next += 1;
                }
            }
            if cand.as_bytes() == u {
                continue;
            }
            let Some(i) = CodeKey::pack(cand.as_bytes()).and_then(|k| t.find(k)) else {
                continue;
            };
            let rank = if t.is_valid_on(i, date) {
                0
            } else if t.spans(i).any(|s| s.kind == SpanKind::Billable) {
                1
            } else {
                2
            };
            if rank == 0 {
                return Some((i, true));
            }
            if best.is_none_or(|(r, _)| rank < r) {
                best = Some((rank, i));
            }
        }
    }
    best.map(|(_, i)| (i, false))
}

fn diagnose_unknown(undotted: &CodeBuf, date: Date) -> UnknownDiagnosis {
    let u = undotted.as_bytes();
    let t = table();
    if u.len() < CodeKey::MAX_LEN && u.last() == Some(&b'X') {
        let mut r = u.len();
        while r > 3 && u[r - 1] == b'X' {
            r -= 1;
        }
        let mut header = CodeBuf::default();
        for &c in &u[..r] {
            header.push(c);
        }
        let found = CodeKey::pack(&u[..r]).and_then(|k| t.find(k));
        if let Some(record) = found.filter(|&i| t.span_on(i, date).is_some()) {
            if let HeaderDiagnosis::MissingSeventh { padded, set } =
                diagnose_header(record, &header, date)
            {
                if padded.as_bytes().starts_with(u) {
                    return UnknownDiagnosis::MissingSeventh { padded, set };
                }
            }
        }
    }
    if let Some((record, billable)) = placeholder(u, date) {
        return UnknownDiagnosis::MissingPlaceholder { record, billable };
    }
    if u.len() == CodeKey::MAX_LEN {
        let base6 = &u[..6];
        let mut node_len = 6;
        while node_len > 3 && base6[node_len - 1] == b'X' {
            node_len -= 1;
        }
        if let (Some(key6), Some((_, set))) = (CodeKey::pack(base6), def_for(&base6[..node_len])) {
            let node_known = CodeKey::pack(&base6[..node_len]).is_some_and(|k| t.find(k).is_some());
            let has_extensions = t.prefix_range(key6, 6).any(|i| t.key(i).0 & 0x3f != 0);
            if node_known && has_extensions {
                let mut base = CodeBuf::default();
                for &c in base6 {
                    base.push(c);
                }
                return UnknownDiagnosis::NotAllowed {
                    base,
                    set,
                    found: u[6],
                };
            }
        }
    }
    let n = u.len();
    let found = u[n - 1];
    if n >= 4 && found != b'X' && (n == CodeKey::MAX_LEN || found.is_ascii_alphabetic()) {
        let mut r = n - 1;
        while r > 3 && u[r - 1] == b'X' {
            r -= 1;
        }
        if let Some(record) = CodeKey::pack(&u[..r]).and_then(|k| t.find(k)) {
            let ever_billable = t.spans(record).any(|s| s.kind == SpanKind::Billable);
            if ever_billable && def_for(&u[..r]).is_none() {
                return UnknownDiagnosis::Unexpected { record, found };
            }
        }
    }
    UnknownDiagnosis::Unknown
}

/// The reason kind of a well-formed code no release has (allocation-free).
#[cold]
pub(crate) fn unknown_kind(undotted: &CodeBuf, date: Date) -> ReasonKind {
    match diagnose_unknown(undotted, date) {
        UnknownDiagnosis::Unknown => ReasonKind::Unknown,
        UnknownDiagnosis::MissingSeventh { .. } => ReasonKind::MissingSeventhCharacter,
        UnknownDiagnosis::MissingPlaceholder { .. } => ReasonKind::MissingPlaceholder,
        UnknownDiagnosis::NotAllowed { .. } => ReasonKind::SeventhCharacterNotAllowed,
        UnknownDiagnosis::Unexpected { .. } => ReasonKind::UnexpectedSeventhCharacter,
    }
}

/// The error for a well-formed code no release has; `unknown` builds the plain one.
#[cold]
pub(crate) fn unknown_error(
    undotted: &CodeBuf,
    date: Date,
    unknown: impl FnOnce() -> ValidationError,
) -> ValidationError {
    let code = || undotted.dotted_after_3().to_string();
    let dotted_of = |record: u32| table().key(record).unpack().dotted_after_3().to_string();
    match diagnose_unknown(undotted, date) {
        UnknownDiagnosis::Unknown => unknown(),
        UnknownDiagnosis::MissingSeventh { padded, set } => {
            ValidationError::MissingSeventhCharacter {
                code: code(),
                date,
                base: padded.dotted_after_3().to_string(),
                options: options(&padded, set, date),
            }
        }
        UnknownDiagnosis::MissingPlaceholder { record, billable } => {
            ValidationError::MissingPlaceholder {
                input: code(),
                suggestion: dotted_of(record),
                date,
                suggestion_billable: billable,
            }
        }
        UnknownDiagnosis::NotAllowed { base, set, found } => {
            ValidationError::SeventhCharacterNotAllowed {
                code: code(),
                date,
                found: found as char,
                base: base.dotted_after_3().to_string(),
                allowed: options(&base, set, date),
            }
        }
        UnknownDiagnosis::Unexpected { record, found } => {
            ValidationError::UnexpectedSeventhCharacter {
                code: code(),
                found: found as char,
                base: dotted_of(record),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn buf(s: &str) -> CodeBuf {
        let mut b = CodeBuf::default();
        for c in s.bytes() {
            b.push(c);
        }
        b
    }

    #[test]
    fn definitions_are_inherited() {
        let def = seven_chr_def(&buf("S52501A")).unwrap();
        assert_eq!(def.defined_at, "S52");
        assert_eq!(def.characters.len(), 16);
        assert_eq!(seven_chr_def(&buf("S52521")).unwrap().defined_at, "S52.52");
        assert_eq!(
            def.characters[0],
            SeventhCharacter {
                character: 'A',
                meaning: "initial encounter for closed fracture"
            }
        );
        assert!(seven_chr_def(&buf("E119")).is_none());
        let s12 = seven_chr_def(&buf("S1281")).unwrap();
        assert_eq!(s12.defined_at, "S12.8");
        assert_eq!(set(def_for(b"S128").unwrap().1)[2], ('S', "sequela"));
    }
}
