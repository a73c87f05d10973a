//! The HCPCS Level II tables against their source (the outpatient code editor's quarters in
//! `pyoce`), and the proof that no CPT code, no CPT descriptor and no D-code (CDT)
//! descriptor is compiled in.

use std::path::Path;

use medcodes::hcpcs::Hcpcs;
use medcodes::{Date, System};
use medcodes_codegen::hcpcs::{self, Kind};
use medcodes_codegen::inputs::workspace_root;
use medcodes_tests::inputs;

fn date(yyyymmdd: u32) -> Date {
    Date::new(
        (yyyymmdd / 10_000) as u16,
        (yyyymmdd / 100 % 100) as u8,
        (yyyymmdd % 100) as u8,
    )
    .expect("a date of the source")
}

/// The HCPCS generator's text files (its Rust module): where a text can stand as written.
/// Its `.bin` blobs hold titles as word ids, reached through the titles checked above.
/// (The ICD files come from other public sources, whose texts share everyday phrases with
/// CPT's, such as a procedure's name.)
fn generated_texts() -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut stack = vec![workspace_root().join("core/src/generated/hcpcs")];
    let module = workspace_root().join("core/src/generated/hcpcs.rs");
    out.push((
        module.display().to_string(),
        std::fs::read_to_string(&module).expect("the generated HCPCS module"),
    ));
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir)
            .expect("the generated folder")
            .flatten()
        {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs" || e == "md") {
                let text = std::fs::read_to_string(&path).expect("a generated text file");
                out.push((path.display().to_string(), text));
            }
        }
    }
    out
}

fn is_cpt_shaped(code: &str) -> bool {
    let b = code.as_bytes();
    b.len() == 5
        && b[..4].iter().all(u8::is_ascii_digit)
        && (b[4].is_ascii_digit() || matches!(b[4], b'F' | b'T' | b'U' | b'M' | b'A'))
}

#[test]
fn no_cpt_code_and_no_cpt_or_cdt_text_is_compiled_in() {
    let hcpcs = Hcpcs::new();
    let mut codes = 0;
    for code in hcpcs.codes() {
        let spelled = code.code();
        assert!(
            !is_cpt_shaped(spelled.as_str()),
            "a CPT code in the table: {spelled}"
        );
        if code.is_dental() {
            assert!(
                code.title().is_none() && code.short_title().is_none(),
                "{spelled}"
            );
            for source in 0..hcpcs.title_sources().len() {
                assert!(code.title_from(source).is_none(), "{spelled}");
            }
        }
        codes += 1;
    }
    assert!(codes > 9_000, "{codes} codes");

    // The withheld texts themselves: none is a title of any HCPCS code, and none stands
    // in the HCPCS module (long ones only: a short phrase may be a Level II title too).
    let mdb_xz = inputs()
        .read(hcpcs::PACKAGE, hcpcs::VERSION, hcpcs::PATH)
        .expect("the pyoce input");
    let withheld = hcpcs::withheld_descriptors(&mdb_xz).expect("the pyoce file");
    assert!(
        withheld.len() > 10_000,
        "{} withheld descriptors",
        withheld.len()
    );
    let level_ii: std::collections::HashSet<String> = hcpcs
        .codes()
        .filter(|c| !c.is_dental())
        .flat_map(|c| (0..hcpcs.title_sources().len()).filter_map(move |s| c.title_from(s)))
        .map(|t| t.text.into_owned())
        .collect();
    let files = generated_texts();
    let mut checked = 0;
    for text in withheld.iter().filter(|t| t.len() >= 20) {
        if level_ii.contains(text) {
            continue;
        }
        for (path, contents) in &files {
            // The text itself is not echoed: it is not ours to print.
            assert!(
                !contents.contains(text.as_str()),
                "a withheld text found in {path}"
            );
        }
        checked += 1;
    }
    assert!(checked > 1_000, "{checked} withheld texts checked");
}

/// Each quarter's codes (Level II and D) are exactly the codes the table calls valid on
/// the quarter's first and last day, and the short descriptor in force is the quarter's.
#[test]
fn every_quarter_agrees_with_the_code_editor() {
    let pyoce = hcpcs::read_inputs(inputs()).expect("the pyoce input");
    let set = Hcpcs::new();
    let (_, last) = set.coverage();
    for q in &pyoce.quarters {
        let first_day = date(q.start);
        let last_day = date(q.end.min(last.yyyymmdd()));
        let expected: std::collections::BTreeSet<&str> = pyoce
            .codes_in(q.version)
            .filter(|c| c.kind != Kind::Cpt)
            .map(|c| c.code.as_str())
            .collect();
        for day in [first_day, last_day] {
            let ours: std::collections::BTreeSet<String> = set
                .codes_valid_on(day)
                .map(|c| c.code().to_string())
                .collect();
            let ours: std::collections::BTreeSet<&str> = ours.iter().map(String::as_str).collect();
            assert_eq!(ours, expected, "quarter {} on {day}", q.version_id);
        }
        for c in pyoce
            .codes_in(q.version)
            .filter(|c| c.kind == Kind::LevelII)
        {
            let code = set
                .validate(&c.code, first_day)
                .expect("valid in its quarter");
            assert_eq!(
                code.short_title_on(first_day).map(|t| t.text.into_owned()),
                c.short_descriptor.clone(),
                "{} in {}",
                c.code,
                q.version_id
            );
            assert_eq!(
                code.status_indicator_on(first_day),
                Some(c.status_indicator.as_str()),
                "{}",
                c.code
            );
        }
        let modifiers: std::collections::BTreeSet<&str> = pyoce
            .modifiers_in(q.version)
            .map(|m| m.modifier.as_str())
            .filter(|m| m.bytes().all(|b| b.is_ascii_alphanumeric()))
            .collect();
        let ours: Vec<String> = set
            .modifiers_valid_on(first_day)
            .map(|m| m.code().to_owned())
            .collect();
        let ours: std::collections::BTreeSet<&str> = ours.iter().map(String::as_str).collect();
        assert_eq!(ours, modifiers, "modifiers of {}", q.version_id);
    }
    assert_eq!(<medcodes::hcpcs::HcpcsSystem as System>::ID.id(), "hcpcs");
}

/// The official CMS HCPCS file of 2019 (tests only, `../shared/data/hcpcs/2019`, when
/// present): the Level II codes it lists as active on 2019-07-01 against the July 2019
/// quarter of the built-in tables, each difference explained.
#[test]
fn the_2019_cms_file_agrees_with_the_july_2019_quarter() {
    let path = workspace_root().join("../shared/data/hcpcs/2019/HCPC2019_CONTR_ANWEB.txt");
    if !Path::new(&path).exists() {
        eprintln!("skipped: {} is not on this machine", path.display());
        return;
    }
    let file = medcodes::hcpcs::file::HcpcsFile::read(&path).expect("the 2019 CMS file");
    let day = date(20190701);
    let set = Hcpcs::new();
    let in_file: std::collections::BTreeSet<String> = file
        .codes()
        .filter(|r| r.is_active_on(day))
        .map(|r| r.code.clone())
        .filter(|c| !is_cpt_shaped(c))
        .collect();
    // The public CMS file leaves out the D codes (CDT is the ADA's).
    let ours: std::collections::BTreeSet<String> = set
        .codes_valid_on(day)
        .filter(|c| !c.is_dental())
        .map(|c| c.code().to_string())
        .collect();
    let missing: Vec<&String> = in_file.difference(&ours).collect();
    let extra: Vec<&String> = ours.difference(&in_file).collect();
    eprintln!(
        "2019 file: {} active on {day}; ours {}; in the file only {}: {:?}; ours only {}: {:?}",
        in_file.len(),
        ours.len(),
        missing.len(),
        &missing[..missing.len().min(20)],
        extra.len(),
        &extra
    );
    assert!(in_file.len() > 5_900, "{}", in_file.len());
    // Each difference is listed, with why, in the fixture; nothing else differs.
    let fixture = std::fs::read_to_string(
        workspace_root().join("tests/fixtures/hcpcs-2019-file-differences.tsv"),
    )
    .expect("the fixture");
    let listed = |side: &str| -> Vec<String> {
        fixture
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| {
                let mut f = l.split('\t');
                let (code, s) = (f.next()?, f.next()?);
                (s == side).then(|| code.to_owned())
            })
            .collect()
    };
    let missing: Vec<String> = missing.into_iter().cloned().collect();
    let extra: Vec<String> = extra.into_iter().cloned().collect();
    assert_eq!(missing, listed("file_only"));
    assert_eq!(extra, listed("ours_only"));
}
