//! The CMS GEM text loader (`Gems::parse`: `source target flags` a line) and the bundled
//! maps' lookup (`gems::map`, `Gems::map`): raw bytes, and files of lines built from the
//! bundled rows with the input's bytes written over them.
//!
//! Invariants: the same text gives the same GEM or the same error; an error names a line
//! of the file and is short; every source a GEM lists maps, with its rows (a no-map row
//! has no target code, every other row one), and the rows' count is the GEM's; a GEM
//! written back as CMS text (`source target flags`) reads as the same GEM; a code that
//! maps answers with its own canonical spelling whatever its case, padding or dot.
#![no_main]

use std::fmt::Write;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use medcodes::gems::{self, Direction, Gems};
use medcodes::CodeSystem;

/// The text of a GEM: a row a line, as CMS writes them (codes undotted).
fn write_back(g: &Gems) -> String {
    let mut text = String::new();
    let (from, to) = (g.direction().from(), g.direction().to());
    for source in g.sources() {
        let m = g.map(&source).expect("a listed source maps");
        let s = from.compact(&source).expect("a listed source is a code");
        for t in &m.targets {
            let target = match &t.code {
                Some(c) => to.compact(c).expect("a target is a code").to_string(),
                None => g.direction().no_map_spelling().to_owned(),
            };
            let _ = writeln!(text, "{s} {target} {}", t.flags.digits());
        }
    }
    text
}

fn check(g: &Gems, lines: usize) {
    let mut rows = 0;
    for source in g.sources() {
        let m = g.map(&source).expect("a listed source maps");
        assert_eq!(m.source, source);
        assert!(!m.targets.is_empty(), "{source}: listed without rows");
        for t in &m.targets {
            assert_eq!(t.code.is_none(), t.flags.no_map, "{source}: {t:?}");
        }
        rows += m.targets.len();
    }
    assert_eq!(rows, g.row_count());
    assert!(
        g.row_count() <= lines,
        "{} rows from {lines} lines",
        g.row_count()
    );
}

fuzz_target!(|data: &[u8]| {
    let Some((&head, rest)) = data.split_first() else {
        return;
    };
    let direction = Direction::ALL[usize::from(head & 0x3) % Direction::ALL.len()];
    let text = if head & 0x80 != 0 {
        // Lines of the bundled rows (or, without a bundled map, of codes made up from
        // the input), each with up to two of the input's bytes written over it.
        let base = Gems::bundled(direction)
            .map(|g| write_back_some(&g, rest))
            .unwrap_or_default();
        let mut bytes = base.into_bytes();
        for pair in rest.chunks(3).take(8) {
            if let [at, value, ..] = pair {
                if !bytes.is_empty() {
                    let i = usize::from(*at) * 7 % bytes.len();
                    bytes[i] = *value;
                }
            }
        }
        bytes.extend_from_slice(rest.get(24..).unwrap_or_default());
        String::from_utf8_lossy(&bytes).into_owned()
    } else {
        String::from_utf8_lossy(rest).into_owned()
    };
    let lines = text.lines().count();
    let first = Gems::parse(&text, direction, "fuzz");
    let again = Gems::parse(&text, direction, "fuzz");
    match (&first, &again) {
        (Ok(a), Ok(b)) => {
            assert_eq!(a.row_count(), b.row_count());
            assert!(a.sources().eq(b.sources()));
            check(a, lines);
            let back = write_back(a);
            let reread = Gems::parse(&back, direction, "fuzz").expect("a GEM written back reads");
            assert_eq!(reread.row_count(), a.row_count());
            for source in a.sources() {
                assert_eq!(reread.map(&source).ok(), a.map(&source).ok(), "{source}");
            }
        }
        (Err(a), Err(b)) => {
            assert_eq!(a, b);
            assert!(
                (1..=lines).contains(&a.line),
                "line {} of {lines}: {a}",
                a.line
            );
            assert!(a.to_string().len() < 800, "long message: {a}");
        }
        _ => panic!("the same text read twice differs: {first:?} vs {again:?}"),
    }

    // The bundled maps on the input as a code: a mapped code answers with its canonical
    // spelling, under any case and padding.
    let code = String::from_utf8_lossy(rest);
    for to in [
        CodeSystem::Icd10Cm,
        CodeSystem::Icd9Cm,
        CodeSystem::Icd10Pcs,
    ] {
        match gems::map(&code, to) {
            Ok(m) => {
                let from = m.direction.from();
                assert_eq!(m.direction.to(), to);
                assert_eq!(
                    from.canonical(&code).map(|c| c.to_string()).ok(),
                    Some(m.source.clone())
                );
                for form in [code.to_ascii_lowercase(), format!(" {code}\t")] {
                    assert_eq!(gems::map(&form, to).ok(), Some(m.clone()), "{form:?}");
                }
            }
            Err(e) => assert!(e.to_string().len() < 800, "long message: {e}"),
        }
    }
});

/// Some rows of a bundled GEM as CMS text: the sources the input's bytes pick.
fn write_back_some(g: &Gems, picks: &[u8]) -> String {
    // The sources of each bundled direction, spelled once.
    static SOURCES: OnceLock<Vec<Vec<String>>> = OnceLock::new();
    let all = SOURCES.get_or_init(|| {
        Direction::ALL
            .iter()
            .map(|&d| {
                Gems::bundled(d)
                    .map(|g| g.sources().collect())
                    .unwrap_or_default()
            })
            .collect()
    });
    let d = Direction::ALL
        .iter()
        .position(|&d| d == g.direction())
        .unwrap_or(0);
    let sources = &all[d];
    let mut text = String::new();
    if sources.is_empty() {
        return text;
    }
    let (from, to) = (g.direction().from(), g.direction().to());
    for pick in picks.chunks(2).take(6) {
        let i = pick.iter().fold(0usize, |v, &b| v * 256 + usize::from(b)) * 131 % sources.len();
        let source = sources[i].clone();
        let Ok(m) = g.map(&source) else { continue };
        let s = from
            .compact(&source)
            .map(|c| c.to_string())
            .unwrap_or(source);
        for t in &m.targets {
            let target = match &t.code {
                Some(c) => to
                    .compact(c)
                    .map(|c| c.to_string())
                    .unwrap_or_else(|_| c.clone()),
                None => g.direction().no_map_spelling().to_owned(),
            };
            let _ = writeln!(text, "{s} {target} {}", t.flags.digits());
        }
    }
    text
}
