//! The seven-axis structure of ICD-10-PCS: the 17 sections, what each position means in
//! each section, and the axis values the bundled sources define (sections 0 and 1).
//!
//! Section names and axis names are the public structure of the classification (ICD-10-PCS
//! Official Guidelines and Reference Manual); values come from the generated tables.

use crate::generated::icd10pcs as data;
use crate::key::CodeKey;

/// A section (first character) of ICD-10-PCS.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Section {
    pub value: char,
    pub name: &'static str,
    /// What characters 1 to 7 stand for in this section.
    pub axes: [&'static str; 7],
}

const MS: [&str; 7] = [
    "Section",
    "Body System",
    "Root Operation",
    "Body Part",
    "Approach",
    "Device",
    "Qualifier",
];

/// The 17 sections, in code order.
pub const SECTIONS: [Section; 17] = [
    Section {
        value: '0',
        name: "Medical and Surgical",
        axes: MS,
    },
    Section {
        value: '1',
        name: "Obstetrics",
        axes: MS,
    },
    Section {
        value: '2',
        name: "Placement",
        axes: [
            "Section",
            "Body System",
            "Root Operation",
            "Body Region",
            "Approach",
            "Device",
            "Qualifier",
        ],
    },
    Section {
        value: '3',
        name: "Administration",
        axes: [
            "Section",
            "Body System",
            "Root Operation",
            "Body System / Region",
            "Approach",
            "Substance",
            "Qualifier",
        ],
    },
    Section {
        value: '4',
        name: "Measurement and Monitoring",
        axes: [
            "Section",
            "Body System",
            "Root Operation",
            "Body System",
            "Approach",
            "Function / Device",
            "Qualifier",
        ],
    },
    Section {
        value: '5',
        name: "Extracorporeal or Systemic Assistance and Performance",
        axes: [
            "Section",
            "Body System",
            "Root Operation",
            "Body System",
            "Duration",
            "Function",
            "Qualifier",
        ],
    },
    Section {
        value: '6',
        name: "Extracorporeal or Systemic Therapies",
        axes: [
            "Section",
            "Body System",
            "Root Operation",
            "Body System",
            "Duration",
            "Qualifier",
            "Qualifier",
        ],
    },
    Section {
        value: '7',
        name: "Osteopathic",
        axes: [
            "Section",
            "Body System",
            "Root Operation",
            "Body Region",
            "Approach",
            "Method",
            "Qualifier",
        ],
    },
    Section {
        value: '8',
        name: "Other Procedures",
        axes: [
            "Section",
            "Body System",
            "Root Operation",
            "Body Region",
            "Approach",
            "Method",
            "Qualifier",
        ],
    },
    Section {
        value: '9',
        name: "Chiropractic",
        axes: [
            "Section",
            "Body System",
            "Root Operation",
            "Body Region",
            "Approach",
            "Method",
            "Qualifier",
        ],
    },
    Section {
        value: 'B',
        name: "Imaging",
        axes: [
            "Section",
            "Body System",
            "Type",
            "Body Part",
            "Contrast",
            "Qualifier",
            "Qualifier",
        ],
    },
    Section {
        value: 'C',
        name: "Nuclear Medicine",
        axes: [
            "Section",
            "Body System",
            "Type",
            "Body Part",
            "Radionuclide",
            "Qualifier",
            "Qualifier",
        ],
    },
    Section {
        value: 'D',
        name: "Radiation Therapy",
        axes: [
            "Section",
            "Body System",
            "Modality",
            "Treatment Site",
            "Modality Qualifier",
            "Isotope",
            "Qualifier",
        ],
    },
    Section {
        value: 'F',
        name: "Physical Rehabilitation and Diagnostic Audiology",
        axes: [
            "Section",
            "Section Qualifier",
            "Type",
            "Body System / Region",
            "Type Qualifier",
            "Equipment",
            "Qualifier",
        ],
    },
    Section {
        value: 'G',
        name: "Mental Health",
        axes: [
            "Section",
            "Body System",
            "Type",
            "Qualifier",
            "Qualifier",
            "Qualifier",
            "Qualifier",
        ],
    },
    Section {
        value: 'H',
        name: "Substance Abuse Treatment",
        axes: [
            "Section",
            "Body System",
            "Type",
            "Qualifier",
            "Qualifier",
            "Qualifier",
            "Qualifier",
        ],
    },
    Section {
        value: 'X',
        name: "New Technology",
        axes: [
            "Section",
            "Body System",
            "Root Operation",
            "Body Part",
            "Approach",
            "Device / Substance / Technology",
            "Qualifier",
        ],
    },
];

/// The section a code starts with.
pub fn section(value: char) -> Option<&'static Section> {
    SECTIONS.iter().find(|s| s.value == value)
}

/// One character of a code, decoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct AxisValue {
    /// 1 to 7.
    pub position: u8,
    pub value: char,
    /// What the position stands for in the code's section, e.g. "Root Operation".
    pub axis: &'static str,
    /// The value's meaning, e.g. "Resection"; `None` where the bundled sources do not
    /// define it (they cover sections 0 and 1 beyond the section itself).
    pub label: Option<&'static str>,
    /// The official definition, for section 0 root operations and approaches.
    pub definition: Option<&'static str>,
}

fn u32_at(b: &[u8], o: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(o..o + 4)?.try_into().ok()?))
}

fn u64_at(b: &[u8], o: usize) -> Option<u64> {
    Some(u64::from_le_bytes(b.get(o..o + 8)?.try_into().ok()?))
}

fn label_text(id: u32) -> Option<&'static str> {
    let o = id as usize;
    let len = u16::from_le_bytes(data::LABEL_TEXT.get(o..o + 2)?.try_into().ok()?) as usize;
    std::str::from_utf8(data::LABEL_TEXT.get(o + 2..o + 2 + len)?).ok()
}

/// The generated label of the character at `position` (1-based) given the code's first
/// characters: positions 2-3 read after the characters before them, 4-7 within the table.
fn generated_label(code: &[u8], position: usize) -> Option<&'static str> {
    stored_label(code, position, position as u64)
}

/// Where the generator stores title forms: at their position plus this.
const TITLE_FORM_OFFSET: u64 = 8;

/// The text the official titles of the code's table give the character at `position`
/// (4-7), where it differs from the axis label or the axis label is unknown: read by the
/// generator from those titles (see its report), used only to compose titles.
pub(crate) fn title_form(code: &[u8], position: usize) -> Option<&'static str> {
    stored_label(code, position, position as u64 + TITLE_FORM_OFFSET)
}

fn stored_label(code: &[u8], position: usize, stored: u64) -> Option<&'static str> {
    let context_len = match position {
        1 => 0,
        2 | 3 => position - 1,
        _ => 3,
    };
    let mut key_chars = code.get(..context_len)?.to_vec();
    key_chars.push(*code.get(position - 1)?);
    let key = (stored << 48) | CodeKey::pack(&key_chars)?.0;
    let n = data::LABEL_KEYS.len() / 8;
    let (mut lo, mut hi) = (0usize, n);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if u64_at(data::LABEL_KEYS, mid * 8)? < key {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    if lo < n && u64_at(data::LABEL_KEYS, lo * 8)? == key {
        label_text(u32_at(data::LABEL_TEXT_IDS, lo * 4)?)
    } else {
        None
    }
}

/// Decodes every character of a (possibly partial) code.
pub(crate) fn decode(code: &[u8]) -> Vec<AxisValue> {
    let Some(section) = code.first().and_then(|&c| section(c as char)) else {
        return Vec::new();
    };
    code.iter()
        .enumerate()
        .map(|(i, &c)| {
            let position = i + 1;
            let value = c as char;
            let label = if position == 1 {
                Some(section.name)
            } else {
                generated_label(code, position)
            };
            let definition = if section.value == '0' {
                match position {
                    3 => data::ROOT_OPERATIONS
                        .iter()
                        .find(|r| r.0 == value)
                        .map(|r| r.2),
                    5 => data::APPROACHES.iter().find(|a| a.0 == value).map(|a| a.2),
                    _ => None,
                }
            } else {
                None
            };
            AxisValue {
                position: position as u8,
                value,
                axis: section.axes[i],
                label,
                definition,
            }
        })
        .collect()
}

/// A section 0 root operation with its official definition.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct RootOperation {
    pub value: char,
    pub name: &'static str,
    pub definition: &'static str,
    pub explanation: &'static str,
    pub examples: &'static str,
}

/// The 31 root operations of the Medical and Surgical section.
pub fn root_operations() -> impl Iterator<Item = RootOperation> {
    data::ROOT_OPERATIONS
        .iter()
        .map(
            |&(value, name, definition, explanation, examples)| RootOperation {
                value,
                name,
                definition,
                explanation,
                examples,
            },
        )
}
