//! Titles composed from axis labels, for valid ICD-10-PCS codes that no bundled source
//! titles (issue 19: 3,577 of them; 1,920 are composed, see the generator's report).
//!
//! A PCS title is its axis values in one of a few sentence shapes (`Resection of Appendix,
//! Percutaneous Endoscopic Approach`, `Bypass Cerebral Ventricle to Peritoneal Cavity with
//! ...`, `Insertion of <device> into <body part>, ...`). The shape is the one the titled
//! codes of the same table (section, body system, root operation) use: a code is composed
//! only when every label it needs is known and that shape rebuilds at least
//! [`MIN_AGREEMENT`] of its table's official titles exactly. Composed titles are marked
//! with the [`COMPOSED`] title source; a test compares the composition with every official
//! title (the exceptions are in `tests/fixtures/icd10pcs-composed-title-exceptions.tsv`).
//!
//! The texts composed come from the axis labels (pcs_tree, sections 0 and 1) and, where a
//! label is missing or the titles word it differently ("Drug-eluting Intraluminal Device"
//! for the label "Intraluminal Device, Drug-eluting"), from the title forms the generator
//! reads from the official titles of the same table; a value no title of its table holds
//! takes the text of the other tables of its root operation only where that rule checks
//! out on the known texts. The counts (forms read, codes composed, codes left untitled)
//! are in `core/src/generated/REPORT.md`; `Code::axes` shows the pcs_tree labels only.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use crate::codeset::Code;
use crate::date::Date;
use crate::key::CodeKey;
use crate::table::{Title, TitleSource};

use super::Icd10PcsSystem;

/// The source a composed title names.
pub static COMPOSED: TitleSource = TitleSource {
    name: "composed from axis labels",
    effective: Date::from_raw(20151001),
    origin: "medcodes: the code's axis labels in the sentence shape of its table's official titles",
};

/// The share of a table's titled codes its shape must rebuild exactly for its untitled
/// codes to be composed.
pub const MIN_AGREEMENT: f64 = 0.95;

/// A label's words in title order: "Hip Joint, Left" reads "Left Hip Joint", "Skin,
/// Scalp" "Scalp Skin".
fn in_title_order(label: &str) -> String {
    match label.rsplit_once(", ") {
        Some((stem, last)) if !stem.contains(", ") => format!("{last} {stem}"),
        _ => label.to_owned(),
    }
}

/// The sentence shapes a title can take, numbered, built from a code's seven axis labels
/// (`labels[i]` for position `i + 1`); `None` when a label the shapes need (positions 3-7)
/// is unknown. The generator infers missing labels with the same shapes, so a label it
/// infers rebuilds the titles it was read from.
pub fn title_shapes(labels: &[Option<&str>]) -> Option<[String; SHAPES]> {
    let [_, _, Some(op), Some(part), Some(approach), Some(device), Some(qualifier)] = labels else {
        return None;
    };
    let part = in_title_order(part);
    let device = Some(*device).filter(|d| *d != "No Device");
    let qualifier = Some(*qualifier).filter(|q| *q != "No Qualifier");
    let mut with = device.map(|d| format!(" with {d}")).unwrap_or_default();
    let mut part = part;
    // "Bifurcation" reads before the device ("Dilation of Coronary Artery, One Artery,
    // Bifurcation, with Drug-eluting Intraluminal Device, ..."): every official title that
    // has both (216) puts it there, and the tables it is new to (037, 047) have no titled
    // code to learn that from.
    let qualifier = match qualifier {
        Some("Bifurcation") => {
            part = format!("{part}, Bifurcation");
            if !with.is_empty() {
                with.insert(0, ',');
            }
            None
        }
        q => q,
    };
    let (qual_mid, qual_end) = match qualifier {
        Some("Diagnostic") => (String::new(), ", Diagnostic".to_owned()),
        // A qualifier the titles read as a method ("Dilation of Abdominal Aorta using
        // Drug-Coated Balloon", but "... with Intraluminal Device, using Drug-Coated
        // Balloon"): the generator's title form starts with "using ".
        Some(q) if q.starts_with("using ") && device.is_none() => (format!(" {q}"), String::new()),
        Some(q) => (format!(", {q}"), String::new()),
        None => (String::new(), String::new()),
    };
    let tail = format!(", {approach} Approach{qual_end}");
    let to = qualifier
        .map(|q| format!(" to {}", in_title_order(q)))
        .unwrap_or_default();
    let dev = device.unwrap_or("Device");
    Some([
        format!("{op} of {part}{with}{qual_mid}{tail}"),
        format!("{op} {part}{with}{qual_mid}{tail}"),
        format!("{op} {part}{to}{with}{tail}"),
        format!("{op} of {dev} into {part}{qual_mid}{tail}"),
        format!("{op} of {dev} from {part}{qual_mid}{tail}"),
        format!("{op} of {dev} in {part}{qual_mid}{tail}"),
        format!("{op} of Matter from {part}{qual_mid}{tail}"),
    ])
}

/// The number of sentence shapes [`title_shapes`] builds.
pub const SHAPES: usize = 7;

/// The texts a composed title reads: the title form the generator read from the table's
/// official titles where there is one, else the axis label.
fn labels(code: &Code<Icd10PcsSystem>) -> Vec<Option<&'static str>> {
    let undotted = code.undotted();
    let bytes = undotted.as_bytes();
    code.axes()
        .iter()
        .enumerate()
        .map(|(i, a)| super::structure::title_form(bytes, i + 1).or(a.label))
        .collect()
}

/// The shape of a table (its first three characters), when one rebuilds enough of its
/// official titles: learned once a table, from its titled codes.
fn table_shape(code: &Code<Icd10PcsSystem>) -> Option<usize> {
    static SHAPE: OnceLock<Mutex<HashMap<CodeKey, Option<usize>>>> = OnceLock::new();
    let table_key = CodeKey::pack(code.undotted().as_bytes().get(..3)?)?;
    let cache = SHAPE.get_or_init(Default::default);
    if let Some(&known) = cache.lock().ok()?.get(&table_key) {
        return known;
    }
    let table = super::Icd10Pcs::new()
        .codes_starting_with(std::str::from_utf8(code.undotted().as_bytes().get(..3)?).ok()?);
    let (mut titled, mut hits) = (0usize, [0usize; SHAPES]);
    for c in table.filter(|c| c.undotted().len() == 7) {
        let Some(title) = c.title() else { continue };
        let Some(built) = title_shapes(&labels(&c)) else {
            continue;
        };
        titled += 1;
        for (n, text) in built.iter().enumerate() {
            if *text == title.text {
                hits[n] += 1;
            }
        }
    }
    let best = (0..SHAPES).max_by_key(|&n| (hits[n], std::cmp::Reverse(n)));
    let shape = best.filter(|&n| titled > 0 && hits[n] as f64 >= MIN_AGREEMENT * titled as f64);
    if let Ok(mut cache) = cache.lock() {
        cache.insert(table_key, shape);
    }
    shape
}

impl Code<Icd10PcsSystem> {
    /// The title composed from the code's axis labels (see the module docs), whether or not
    /// a source titles the code; `None` for a level above a code, a label no source
    /// defines, or a table whose titles follow no one shape.
    pub fn composed_title(&self) -> Option<Title> {
        if self.undotted().len() != 7 {
            return None;
        }
        let shape = table_shape(self)?;
        let mut built = title_shapes(&labels(self))?;
        Some(Title {
            text: std::mem::take(&mut built[shape]).into(),
            source: &COMPOSED,
        })
    }

    /// The title in force on a date ([`title_on`](Self::title_on)), else the composed one
    /// ([`composed_title`](Self::composed_title), its source [`COMPOSED`]).
    pub fn title_or_composed_on(&self, date: Date) -> Option<Title> {
        self.title_on(date).or_else(|| self.composed_title())
    }
}
