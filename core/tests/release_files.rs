//! A CMS release read as published (issue 19): the code-descriptions zip (order file,
//! addenda, the codes file and a PDF beside them) and the tables-and-index zip (tabular
//! XML), built here small and synthetic; loaded from bytes, from a folder, and refused
//! whole when a file is malformed or two files of the release disagree.

use std::io::Write;

use medcodes::icd10cm::NoteKind;
use medcodes::release::{format_line, ReleaseError, ReleaseRole};
use medcodes::{Date, Icd10Cm, ReasonKind};

mod common;
use common::order_file_from_built_in;

fn d(s: &str) -> Date {
    s.parse().unwrap()
}

/// The built-in ICD-10-CM codes in force on 2027-03-31 as an FY2028 order file, with
/// E11.W and Z3A.Z added, E11.65 deleted, E11.9 retitled (made once: 74,000 lines).
fn order_2028() -> String {
    static MADE: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    MADE.get_or_init(make_order_2028).clone()
}

fn make_order_2028() -> String {
    order_file_from_built_in(d("2027-03-31"), "\r\n", |rows| {
        rows.retain(|r| r.0 != "E1165");
        rows.push(("E11W".into(), true, "Type 2 diabetes mellitus, new".into()));
        rows.push(("Z3AZ".into(), true, "New weeks code".into()));
        for r in rows.iter_mut().filter(|r| r.0 == "E119") {
            r.2 = "Type 2 diabetes mellitus without complications, retitled".into();
        }
        rows.sort();
    })
}

fn addenda_2028() -> String {
    [
        format!(
            "Add:      {}",
            format_line(
                1,
                "E11W",
                true,
                "Type 2 diabetes, new",
                "Type 2 diabetes, new"
            )
        ),
        format!(
            "Add:      {}",
            format_line(2, "Z3AZ", true, "New weeks code", "New weeks code")
        ),
        format!(
            "Delete:   {}",
            format_line(3, "E1165", true, "Type 2 diab w hyprgly", "Type 2 ...")
        ),
        format!(
            "Revise from: {}",
            format_line(4, "E119", true, "Type 2 diab", "Type 2 diabetes mellitus")
        ),
        format!(
            "Revise to:   {}",
            format_line(4, "E119", true, "Type 2 diab", "retitled")
        ),
    ]
    .join("\n")
        + "\n"
}

const TABULAR_2028: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<ICD10CM.tabular>
<version>2028</version>
<introduction><introSection type="title"><title>ICD-10-CM</title></introSection></introduction>
<chapter>
  <name>4</name>
  <desc>Endocrine, nutritional and metabolic diseases (E00-E89)</desc>
  <includes><note>conditions of the endocrine glands</note></includes>
  <sectionIndex><sectionRef first="E08" last="E13" id="E08-E13">Diabetes mellitus</sectionRef></sectionIndex>
  <section id="E08-E13">
    <desc>Diabetes mellitus (E08-E13)</desc>
    <useAdditionalCode><note>code to identify control using: insulin (Z79.4)</note></useAdditionalCode>
    <diag>
      <name>E11</name>
      <desc>Type 2 diabetes mellitus</desc>
      <excludes1><note>diabetes mellitus due to underlying condition (E08.-)</note>
        <note>type 1 diabetes mellitus (E10.-)</note></excludes1>
      <diag>
        <name>E11.9</name>
        <desc>Type 2 diabetes mellitus without complications, retitled</desc>
      </diag>
      <diag>
        <name>E11.W</name>
        <desc>Type 2 diabetes mellitus, new</desc>
        <codeAlso><note>new device &amp; its status (Z96.41)</note></codeAlso>
      </diag>
    </diag>
  </section>
</chapter>
<chapter>
  <name>19</name>
  <desc>Injury, poisoning (S00-T88)</desc>
  <section id="S50-S59">
    <desc>Injuries to the elbow and forearm (S50-S59)</desc>
    <diag>
      <name>S52</name>
      <desc>Fracture of forearm</desc>
      <sevenChrNote><note>The appropriate 7th character is to be added to each code from category S52</note></sevenChrNote>
      <sevenChrDef>
        <extension char="A">initial encounter for closed fracture, FY2028 wording</extension>
        <extension char="B">initial encounter for open fracture type I or II</extension>
      </sevenChrDef>
      <diag><name>S52.5</name><desc>Fracture of lower end of radius</desc>
        <diag><name>S52.52</name><desc>Torus fracture of lower end of radius</desc>
          <diag><name>S52.521</name><desc>Torus fracture of lower end of right radius</desc></diag>
        </diag>
      </diag>
    </diag>
  </section>
</chapter>
</ICD10CM.tabular>
"#;

/// A zip of the members: deflated as CMS's are, but for big ones (stored: deflating 6 MB
/// in a debug build takes seconds).
fn zip(members: &[(&str, &[u8])]) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    {
        let mut w = zip::ZipWriter::new(&mut out);
        for (name, bytes) in members {
            let method = if bytes.len() > 100_000 {
                zip::CompressionMethod::Stored
            } else {
                zip::CompressionMethod::Deflated
            };
            let options = zip::write::SimpleFileOptions::default().compression_method(method);
            w.start_file(*name, options).unwrap();
            w.write_all(bytes).unwrap();
        }
        w.finish().unwrap();
    }
    out.into_inner()
}

fn code_descriptions(order: &str, addenda: &str) -> Vec<u8> {
    zip(&[
        (
            "Code Descriptions/icd10cmCodesFile.pdf",
            b"%PDF-1.4 not read",
        ),
        (
            "Code Descriptions/icd10cm_codes_2028.txt",
            b"E119    not read",
        ),
        (
            "Code Descriptions/icd10cm_order_addenda_2028.txt",
            addenda.as_bytes(),
        ),
        ("Code Descriptions/icd10cm_order_2028.txt", order.as_bytes()),
    ])
}

fn tables_and_index(tabular: &str) -> Vec<u8> {
    zip(&[
        ("icd10cm_index_2028.xml", b"<ICD10CM.index/>"),
        ("icd10cm_tabular_2028.xml", tabular.as_bytes()),
        ("icd10cm_neoplasm_2028.xml", b"<ICD10CM.neoplasm/>"),
    ])
}

#[test]
fn the_code_descriptions_zip_loads_as_its_order_file_checked_by_its_addenda() {
    let bytes = code_descriptions(&order_2028(), &addenda_2028());
    let with = Icd10Cm::new()
        .with_release_bytes("April 1, 2027 code-descriptions-2028.zip", &bytes, None)
        .expect("valid release zip");
    let info = with.release();
    assert_eq!(info.role, ReleaseRole::Update);
    assert_eq!(info.effective, d("2027-10-01"));
    assert!(info
        .file
        .ends_with("/Code Descriptions/icd10cm_order_2028.txt"));
    let addenda = info.addenda.expect("addenda read");
    assert_eq!((addenda.added, addenda.deleted, addenda.revised), (2, 1, 1));
    assert_eq!(info.tabular, None);
    let fy28 = d("2027-10-01");
    assert_eq!(with.reason("E11.W", fy28), ReasonKind::Valid);
    assert_eq!(with.reason("E11.W", d("2027-03-31")), ReasonKind::Unknown);
    assert_eq!(with.reason("E11.65", fy28), ReasonKind::NotValidOnDate);
    let diff = with.differences();
    assert_eq!(diff.added, ["E11.W", "Z3A.Z"]);
    assert_eq!(diff.deleted, ["E11.65"]);
}

#[test]
fn both_zips_in_a_folder_give_the_new_codes_notes_and_seventh_characters() {
    let dir = std::env::temp_dir().join(format!("medcodes-release-files-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("2028-code-descriptions-tabular-order.zip"),
        code_descriptions(&order_2028(), &addenda_2028()),
    )
    .unwrap();
    std::fs::write(
        dir.join("2028-code-tables-tabular-and-index.zip"),
        tables_and_index(TABULAR_2028),
    )
    .unwrap();
    std::fs::write(dir.join("README.txt"), "not a release file").unwrap();
    let loaded = Icd10Cm::new().with_release(&dir);
    std::fs::remove_dir_all(&dir).unwrap();
    let with = loaded.expect("valid release folder");
    let info = with.release();
    assert!(info
        .tabular
        .as_deref()
        .is_some_and(|t| t.ends_with("icd10cm_tabular_2028.xml")));
    assert!(info
        .to_string()
        .ends_with("; its addenda agree (2 added, 1 deleted, 1 revised); notes and 7th characters from icd10cm_tabular_2028.xml"));
    let fy28 = d("2027-10-01");

    // A new code's own notes, then its category's, its block's and its chapter's.
    let notes = with.notes_on("E11.W", fy28);
    let shape: Vec<(NoteKind, &str, bool)> = notes
        .iter()
        .map(|n| (n.kind, n.site.id.as_str(), n.inherited))
        .collect();
    assert_eq!(
        shape,
        [
            (NoteKind::CodeAlso, "E11.W", false),
            (NoteKind::Excludes1, "E11", true),
            (NoteKind::UseAdditionalCode, "E08-E13", true),
            (NoteKind::Includes, "4", true),
        ]
    );
    assert_eq!(notes[0].lines, ["new device & its status (Z96.41)"]);
    assert_eq!(notes[1].lines.len(), 2);
    assert!(notes.iter().all(|n| n.from_release));
    assert_eq!(
        with.block_on("E11.W", fy28),
        Some(("E08-E13".into(), "Diabetes mellitus (E08-E13)".into()))
    );

    // 7th characters: the nearest definition above an extended code.
    let seventh = with.seventh_characters_on("S52.521A", fy28).unwrap();
    assert_eq!(seventh.defined_at, "S52");
    assert!(seventh.from_release);
    assert_eq!(
        seventh.characters[0],
        (
            'A',
            "initial encounter for closed fracture, FY2028 wording".into()
        )
    );
    assert!(seventh.note.unwrap().contains("category S52"));

    // Before the effective date: the built-in notes, and nothing for the new code.
    let before = d("2027-09-30");
    assert!(with.notes_on("E11.W", before).is_empty());
    assert!(with
        .notes_on("E11.9", before)
        .iter()
        .all(|n| !n.from_release));
    let built_in = with.seventh_characters_on("S52.521A", before).unwrap();
    assert!(!built_in.from_release);
    // The built-in FY2027 list defines torus fractures' own (no open fracture).
    assert_eq!(built_in.defined_at, "S52.52");
}

#[test]
fn order_file_addenda_and_tabular_given_as_bytes() {
    let order = order_2028();
    let addenda = addenda_2028();
    let with = Icd10Cm::new()
        .with_release_files(
            &[
                ("icd10cm_tabular_2028.xml", TABULAR_2028.as_bytes()),
                ("icd10cm_order_addenda_2028.txt", addenda.as_bytes()),
                ("icd10cm_order_2028.txt", order.as_bytes()),
            ],
            None,
        )
        .expect("valid files");
    assert!(with.release().addenda.is_some());
    assert!(with.release().tabular.is_some());
    assert_eq!(with.notes_on("E11.W", d("2028-01-01")).len(), 4);
}

#[track_caller]
fn refused(files: &[(&str, &[u8])]) -> ReleaseError {
    match Icd10Cm::new().with_release_files(files, None) {
        Ok(_) => panic!("loaded"),
        Err(e) => e,
    }
}

#[test]
fn malformed_or_disagreeing_files_are_refused_whole() {
    let order = order_2028();
    let o = ("icd10cm_order_2028.txt", order.as_bytes());

    // Addenda adding a code the order file lacks.
    let bad = addenda_2028().replace("Z3AZ", "Z3AY");
    match refused(&[o, ("icd10cm_order_addenda_2028.txt", bad.as_bytes())]) {
        ReleaseError::Disagree {
            file, line, code, ..
        } => {
            assert_eq!(
                (file.as_str(), line, code.as_str()),
                ("icd10cm_order_addenda_2028.txt", 2, "Z3A.Y")
            );
        }
        e => panic!("{e}"),
    }
    // Addenda deleting a code the order file still has.
    let bad = addenda_2028().replace("E1165", "E1164");
    assert!(matches!(
        refused(&[o, ("icd10cm_order_addenda_2028.txt", bad.as_bytes())]),
        ReleaseError::Disagree { line: 3, .. }
    ));
    // An addenda line with no action.
    let bad = format!("{}Move: E119\n", addenda_2028());
    assert!(matches!(
        refused(&[o, ("icd10cm_order_addenda_2028.txt", bad.as_bytes())]),
        ReleaseError::Field {
            field: "action",
            line: 6,
            ..
        }
    ));

    let t =
        |xml: &str| -> ReleaseError { refused(&[o, ("icd10cm_tabular_2028.xml", xml.as_bytes())]) };
    // A tabular code the order file lacks, named with its line.
    let e = t(&TABULAR_2028.replace("<name>E11.W</name>", "<name>E11.V</name>"));
    match &e {
        ReleaseError::Disagree {
            file, line, code, ..
        } => {
            assert_eq!(file, "icd10cm_tabular_2028.xml");
            assert_eq!(code, "E11.V");
            assert_eq!(*line, 23);
        }
        e => panic!("{e}"),
    }
    // Truncated XML.
    let cut = &TABULAR_2028[..TABULAR_2028.len() / 2];
    assert!(matches!(t(cut), ReleaseError::Xml { .. }), "{}", t(cut));
    // Malformed XML.
    let e = t(&TABULAR_2028.replace("Fracture of forearm</desc>", "Fracture of forearm</dsc>"));
    assert!(matches!(e, ReleaseError::Xml { .. }), "{e}");
    // Another year's tabular list given with this order file.
    let e = t(&TABULAR_2028.replace("<version>2028", "<version>2027"));
    assert!(matches!(e, ReleaseError::FiscalYear { .. }), "{e}");
    // Not an ICD-10-CM code; a 7th character that is not one.
    let e = t(&TABULAR_2028.replace("<name>S52.5</name>", "<name>S5*5</name>"));
    assert!(
        matches!(
            e,
            ReleaseError::Field {
                field: "diag name",
                ..
            }
        ),
        "{e}"
    );
    let e = t(&TABULAR_2028.replace("char=\"B\"", "char=\"BB\""));
    assert!(
        matches!(
            e,
            ReleaseError::Field {
                field: "extension char",
                ..
            }
        ),
        "{e}"
    );
    let e = t("<ICD9CM.tabular/>");
    assert!(
        matches!(
            e,
            ReleaseError::Field {
                field: "root element",
                ..
            }
        ),
        "{e}"
    );

    // A zip cut short.
    let whole = code_descriptions(&order, &addenda_2028());
    let e = refused(&[("release.zip", &whole[..whole.len() - 100])]);
    assert!(matches!(e, ReleaseError::Zip { .. }), "{e}");
    // A zip without an order file.
    let e = refused(&[("2028-tables.zip", &tables_and_index(TABULAR_2028))]);
    assert!(matches!(e, ReleaseError::NoOrderFile { .. }), "{e}");
    // An order line cut short inside a zip: named by the member.
    let cut_order = order.replacen("Type 2 diabetes mellitus, new", "", 2);
    let e = refused(&[(
        "release.zip",
        &code_descriptions(&cut_order, &addenda_2028()),
    )]);
    match e {
        ReleaseError::LineTooShort { file, .. } | ReleaseError::Field { file, .. } => {
            assert!(
                file.ends_with("release.zip/Code Descriptions/icd10cm_order_2028.txt"),
                "{file}"
            )
        }
        e => panic!("{e}"),
    }
}
