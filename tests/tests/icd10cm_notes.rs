//! The instructional notes and 7th-character definitions in the tables are the April 2026
//! tabular list's, note for note.

use std::collections::BTreeMap;

use medcodes::icd10cm::{NoteKind, NoteLevel};
use medcodes::Icd10Cm;
use medcodes_codegen::icd10cm::TITLE_SOURCES;
use medcodes_codegen::notes::NOTES_SOURCE;
use medcodes_codegen::sources::{self, Tabular, NOTE_TAGS};
use medcodes_tests::inputs;

fn tabular() -> Tabular {
    let s = &TITLE_SOURCES[NOTES_SOURCE];
    let bytes = inputs()
        .read(s.package, s.version, s.path)
        .expect("tabular");
    sources::parse_tabular(&String::from_utf8(bytes).expect("UTF-8")).expect("parse")
}

fn kind(k: u8) -> NoteKind {
    NoteKind::ALL[k as usize]
}

#[test]
fn every_note_of_the_tabular_list_is_in_the_tables() {
    let t = tabular();
    let cm = Icd10Cm::new();
    let mut xml_counts: BTreeMap<NoteKind, usize> = BTreeMap::new();
    for d in &t.diags {
        let code = cm.lookup(&d.code).unwrap();
        let own: Vec<(NoteKind, Vec<&str>)> = code
            .notes()
            .into_iter()
            .filter(|n| !n.inherited)
            .map(|n| (n.kind, n.lines.iter().map(|l| l.text).collect()))
            .collect();
        let mut expected: Vec<(NoteKind, Vec<&str>)> = d
            .notes
            .iter()
            .map(|n| (kind(n.kind), n.items.iter().map(String::as_str).collect()))
            .collect();
        if let Some(s) = &d.seven_chr_note {
            expected.push((NoteKind::SeventhCharacter, vec![s.as_str()]));
        }
        for (k, _) in &expected {
            *xml_counts.entry(*k).or_default() += 1;
        }
        assert_eq!(own, expected, "{}", d.code);
        assert_eq!(
            code.seventh_characters()
                .filter(|def| def.defined_at.replace('.', "") == d.code)
                .map(|def| def
                    .characters
                    .iter()
                    .map(|c| (c.character, c.meaning.to_owned()))
                    .collect::<Vec<_>>()),
            d.seven_chr_def.clone(),
            "{}",
            d.code
        );
    }
    for (i, block) in t.blocks.iter().enumerate() {
        let notes = cm.block(&block.id).unwrap().notes();
        let got: Vec<(NoteKind, Vec<&str>)> = notes
            .iter()
            .map(|n| (n.kind, n.lines.iter().map(|l| l.text).collect()))
            .collect();
        let expected: Vec<(NoteKind, Vec<&str>)> = t.block_notes[i]
            .iter()
            .map(|n| (kind(n.kind), n.items.iter().map(String::as_str).collect()))
            .collect();
        assert_eq!(got, expected, "{}", block.id);
        assert!(notes.iter().all(|n| n.site.level == NoteLevel::Block));
        for n in &t.block_notes[i] {
            *xml_counts.entry(kind(n.kind)).or_default() += 1;
        }
    }
    for (i, chapter) in t.chapters.iter().enumerate() {
        let got: Vec<(NoteKind, usize)> = cm
            .chapter(chapter.number)
            .unwrap()
            .notes()
            .iter()
            .map(|n| (n.kind, n.lines.len()))
            .collect();
        let expected: Vec<(NoteKind, usize)> = t.chapter_notes[i]
            .iter()
            .map(|n| (kind(n.kind), n.items.len()))
            .collect();
        assert_eq!(got, expected, "chapter {}", chapter.number);
        for n in &t.chapter_notes[i] {
            *xml_counts.entry(kind(n.kind)).or_default() += 1;
        }
    }
    // The element counts of the XML, and the same through `all_notes`.
    let mut all: BTreeMap<NoteKind, usize> = BTreeMap::new();
    for n in cm.all_notes() {
        *all.entry(n.kind).or_default() += 1;
    }
    assert_eq!(all, xml_counts);
    let by_tag: BTreeMap<&str, usize> = NOTE_TAGS
        .iter()
        .enumerate()
        .map(|(k, tag)| (*tag, xml_counts[&kind(k as u8)]))
        .collect();
    assert_eq!(by_tag["excludes1"], 2_644);
    assert_eq!(by_tag["excludes2"], 1_165);
    assert_eq!(by_tag["codeFirst"], 363);
    assert_eq!(by_tag["useAdditionalCode"], 844);
    assert_eq!(by_tag["codeAlso"], 320);
}
