//! What each code system gives the index: its codes' titles, short titles and inclusion
//! terms, and the groups they sit in (ICD-10-CM blocks and chapters with their Includes
//! notes; ICD-10-PCS body systems and sections by their axis labels; HCPCS sections). The
//! same texts, on the date searched, are what results show and highlight.

use std::borrow::Cow;

use super::index::{self, DocInput, GroupInput, Index, On, NO_GROUP};
use super::Field;
use crate::codeset::Code;
use crate::date::Date;
use crate::icd10cm::{Icd10Cm, Icd10CmSystem, NoteKind, NoteLevel};
use crate::system::{with_system, CodeSystem};

fn title_string<S: crate::System>(code: Code<S>) -> Option<String> {
    code.title().map(|t| t.text.into_owned())
}

pub(crate) fn icd10cm() -> Index {
    use crate::generated::icd10cm as data;
    let cm = Icd10Cm::new();
    let n = data::TABLE.len();
    let mut block_text: Vec<String> = data::BLOCKS.iter().map(|b| b.title.to_owned()).collect();
    let mut chapter_text: Vec<String> = data::CHAPTERS.iter().map(|c| c.title.to_owned()).collect();
    let mut incl: Vec<Vec<&'static str>> = vec![Vec::new(); n];
    for note in cm.all_notes() {
        if !matches!(note.kind, NoteKind::InclusionTerm | NoteKind::Includes) {
            continue;
        }
        let lines = note.lines.iter().map(|l| l.text);
        match note.site.level {
            NoteLevel::Code => {
                if let Some(own) = cm
                    .lookup(&note.site.id)
                    .ok()
                    .and_then(|c| incl.get_mut(c.index as usize))
                {
                    own.extend(lines);
                }
            }
            NoteLevel::Block => {
                if let Some(b) = data::BLOCKS.iter().position(|b| b.id == note.site.id) {
                    for l in lines {
                        block_text[b].push_str("; ");
                        block_text[b].push_str(l);
                    }
                }
            }
            NoteLevel::Chapter => {
                if let Some(c) = data::CHAPTERS
                    .iter()
                    .position(|c| c.number.to_string() == note.site.id)
                {
                    for l in lines {
                        chapter_text[c].push_str("; ");
                        chapter_text[c].push_str(l);
                    }
                }
            }
        }
    }
    let n_blocks = block_text.len();
    let groups = block_text
        .into_iter()
        .map(|text| GroupInput {
            field: Field::Block,
            text,
        })
        .chain(chapter_text.into_iter().map(|text| GroupInput {
            field: Field::Chapter,
            text,
        }))
        .collect();
    let table = &data::TABLE;
    index::build::<Icd10CmSystem>(groups, |d| {
        let code = Code::<Icd10CmSystem>::at(d);
        let r = table.record(d);
        let block = if (r.block as usize) < n_blocks {
            r.block
        } else {
            NO_GROUP
        };
        let chapter = if (r.chapter as usize) < data::CHAPTERS.len() {
            (n_blocks + r.chapter as usize) as u16
        } else {
            NO_GROUP
        };
        DocInput {
            title: title_string(code),
            short: code.short_title().map(|t| t.text.into_owned()),
            incl: incl
                .get_mut(d as usize)
                .map(std::mem::take)
                .unwrap_or_default(),
            labels: None,
            groups: [block, chapter],
        }
    })
}

/// The labels an ICD-10-PCS level (a code of fewer than seven characters, which has no
/// title) is known by: its root operation and body part (`Resection, Appendix`), or for a
/// section or body system its own label.
#[cfg(feature = "icd10pcs")]
fn pcs_labels(code: &crate::icd10pcs::Code) -> Option<String> {
    let axes = code.axes();
    let from = if axes.len() >= 3 {
        2
    } else {
        axes.len().saturating_sub(1)
    };
    let labels: Vec<&str> = axes.get(from..)?.iter().filter_map(|a| a.label).collect();
    (!labels.is_empty()).then(|| labels.join(", "))
}

#[cfg(feature = "icd10pcs")]
pub(crate) fn icd10pcs() -> Index {
    use crate::icd10pcs::{Icd10Pcs, Icd10PcsSystem};
    use std::collections::HashMap;
    let pcs = Icd10Pcs::new();
    // A group per section and per body system, named by its label.
    let mut group_of: HashMap<String, u16> = HashMap::new();
    let mut groups = Vec::new();
    for code in pcs.codes() {
        let c = code.code();
        if c.len() > 2 {
            continue;
        }
        if let Some(label) = code.axes().last().and_then(|a| a.label) {
            group_of.insert(c.as_str().to_owned(), groups.len() as u16);
            groups.push(GroupInput {
                field: Field::AxisLabel,
                text: label.to_owned(),
            });
        }
    }
    index::build::<Icd10PcsSystem>(groups, |d| {
        let code = Code::<Icd10PcsSystem>::at(d);
        let c = code.code();
        let s = c.as_str();
        let group = |len: usize| {
            s.get(..len)
                .filter(|_| s.len() > len)
                .and_then(|p| group_of.get(p))
                .copied()
                .unwrap_or(NO_GROUP)
        };
        let groups = [group(2), group(1)];
        if s.len() == crate::icd10pcs::CODE_LENGTH {
            DocInput {
                title: title_string(code),
                short: code.short_title().map(|t| t.text.into_owned()),
                groups,
                ..DocInput::default()
            }
        } else {
            DocInput {
                labels: pcs_labels(&code),
                groups,
                ..DocInput::default()
            }
        }
    })
}

#[cfg(feature = "hcpcs")]
pub(crate) fn hcpcs() -> Index {
    use crate::hcpcs::{HcpcsSystem, Section};
    let sections: Vec<Section> = Section::all().collect();
    let groups = sections
        .iter()
        .map(|s| GroupInput {
            field: Field::Section,
            text: s.name().to_owned(),
        })
        .collect();
    index::build::<HcpcsSystem>(groups, |d| {
        let code = Code::<HcpcsSystem>::at(d);
        let section = code
            .section()
            .and_then(|s| sections.iter().position(|x| *x == s))
            .map_or(NO_GROUP, |i| i as u16);
        DocInput {
            title: title_string(code),
            short: code.short_title().map(|t| t.text.into_owned()),
            groups: [section, NO_GROUP],
            ..DocInput::default()
        }
    })
}

/// ICD-9-CM diagnoses: titles, and the chapter as the group.
#[cfg(feature = "icd9")]
pub(crate) fn icd9cm() -> Index {
    use crate::icd9::{Chapter, Icd9CmSystem};
    let chapters: Vec<Chapter> = Chapter::all().collect();
    let groups = chapters
        .iter()
        .map(|c| GroupInput {
            field: Field::Chapter,
            text: c.title.to_owned(),
        })
        .collect();
    index::build::<Icd9CmSystem>(groups, |d| {
        let code = Code::<Icd9CmSystem>::at(d);
        let chapter = code.chapter().map_or(NO_GROUP, |c| u16::from(c.number) - 1);
        DocInput {
            title: title_string(code),
            short: code.short_title().map(|t| t.text.into_owned()),
            groups: [chapter, NO_GROUP],
            ..DocInput::default()
        }
    })
}

/// ICD-9-CM procedures: titles.
#[cfg(feature = "icd9")]
pub(crate) fn icd9proc() -> Index {
    use crate::icd9::Icd9ProcSystem;
    index::build::<Icd9ProcSystem>(Vec::new(), |d| {
        let code = Code::<Icd9ProcSystem>::at(d);
        DocInput {
            title: title_string(code),
            short: code.short_title().map(|t| t.text.into_owned()),
            groups: [NO_GROUP, NO_GROUP],
            ..DocInput::default()
        }
    })
}

/// The long title of a code on `on` (ICD-10-PCS levels: their labels).
pub(crate) fn title(system: CodeSystem, doc: u32, on: On) -> Option<String> {
    with_system!(system, S => {
        let code = Code::<S>::at(doc);
        let title = match on {
            On::Date(v) => code.title_on(Date::from_raw(v)),
            On::AnyRelease => code.title(),
        };
        title.map(|t| t.text.into_owned())
    })
}

fn short_title(system: CodeSystem, doc: u32, on: On) -> Option<String> {
    with_system!(system, S => {
        let code = Code::<S>::at(doc);
        let title = match on {
            On::Date(v) => code.short_title_on(Date::from_raw(v)),
            On::AnyRelease => code.short_title(),
        };
        title.map(|t| t.text.into_owned())
    })
}

/// Labels of an ICD-10-PCS level (see [`pcs_labels`]); `None` elsewhere.
fn labels(system: CodeSystem, doc: u32) -> Option<String> {
    match system {
        #[cfg(feature = "icd10pcs")]
        CodeSystem::Icd10Pcs => {
            let code = Code::<crate::icd10pcs::Icd10PcsSystem>::at(doc);
            (code.code().len() < crate::icd10pcs::CODE_LENGTH)
                .then(|| pcs_labels(&code))
                .flatten()
        }
        _ => {
            let _ = doc;
            None
        }
    }
}

/// Every text of a code a query can match, on `on`, in the order fields are preferred:
/// title, short title, inclusion terms, labels, then its groups' names. `own` only: the
/// code's own texts.
pub(crate) fn field_texts(
    index: &'static Index,
    doc: u32,
    on: On,
    own: bool,
) -> Vec<(Field, Cow<'static, str>)> {
    let system = index.system;
    let mut out: Vec<(Field, Cow<'static, str>)> = Vec::new();
    let title = title(system, doc, on);
    if let Some(short) = short_title(system, doc, on) {
        if title.as_deref() != Some(short.as_str()) {
            out.push((Field::ShortTitle, Cow::Owned(short)));
        }
    }
    if let Some(title) = title {
        out.insert(0, (Field::Title, Cow::Owned(title)));
    }
    for &line in index.inclusion_terms(doc) {
        out.push((Field::InclusionTerm, Cow::Borrowed(line)));
    }
    if let Some(labels) = labels(system, doc) {
        out.push((Field::AxisLabel, Cow::Owned(labels)));
    }
    if !own {
        for g in index.doc_groups(doc) {
            if let Some(group) = index.groups.get(g as usize) {
                out.push((group.field, Cow::Borrowed(group.text.as_str())));
            }
        }
    }
    out
}
