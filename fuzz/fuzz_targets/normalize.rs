//! The code normalisers of every system (`icd10cm::normalize`, `icd10pcs::normalize`,
//! `hcpcs::normalize`, `icd9::normalize`, `icd9::normalize_procedure`, `Cpt::normalize`) and
//! `detect`, on any text.
//!
//! Invariants: normalising twice equals normalising once, and the canonical spellings
//! (ICD-10-CM dotted and undotted) normalise to the same code; case and surrounding white
//! space do not matter; an error is one of the shape kinds, names the input shortened, and
//! is what `reason` says on a date inside the data; `CodeSystem::canonical`/`compact` are
//! the normaliser's; `detect` says exactly the systems whose `lookup` finds the input.
#![no_main]

use libfuzzer_sys::fuzz_target;
use medcodes::cpt::Cpt;
use medcodes::{detect, hcpcs, icd10cm, icd10pcs, icd9, CodeSystem, Date, Detection, ReasonKind};

/// A date inside every system's data.
fn inside() -> Date {
    Date::new(2025, 3, 1).expect("a real day")
}

fn shape_error(system: CodeSystem, input: &str, e: &medcodes::ValidationError) {
    assert!(
        matches!(
            e.kind(),
            ReasonKind::Empty | ReasonKind::TooLong | ReasonKind::Malformed
        ),
        "{system}: {input:?}: {e:?}"
    );
    // The message echoes at most 40 characters of the input (escaped).
    assert!(
        e.to_string().len() < 600,
        "{system}: long message for {input:?}"
    );
    // A date inside this system's data (ICD-9-CM's ends in 2015).
    let (_, last) = system.coverage();
    let reason = system.reason(input, inside().min(last));
    assert_eq!(
        reason,
        e.kind(),
        "{system}: reason vs normalize on {input:?}: {e:?}"
    );
}

fn variants(s: &str) -> [String; 3] {
    [
        s.to_ascii_lowercase(),
        format!(" \t{s}\r\n"),
        s.to_ascii_uppercase(),
    ]
}

fuzz_target!(|data: &[u8]| {
    let input = medcodes_fuzz::text(data);
    let s = input.as_str();

    match icd10cm::normalize(s) {
        Ok(n) => {
            let undotted = n.undotted().to_owned();
            let dotted = n.dotted();
            assert!((3..=7).contains(&undotted.len()), "{s:?} -> {undotted}");
            assert!(undotted
                .bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit()));
            for form in [undotted.as_str(), dotted.as_str(), &n.to_string()] {
                assert_eq!(
                    icd10cm::normalize(form).ok(),
                    Some(n),
                    "ICD-10-CM {s:?} -> {form}"
                );
            }
            for v in variants(s) {
                assert_eq!(icd10cm::normalize(&v).ok(), Some(n), "ICD-10-CM {v:?}");
            }
            let cm = CodeSystem::Icd10Cm;
            assert_eq!(cm.canonical(s).ok(), Some(dotted));
            assert_eq!(cm.compact(s).ok().map(|c| c.to_string()), Some(undotted));
        }
        Err(e) => shape_error(CodeSystem::Icd10Cm, s, &e),
    }

    match icd10pcs::normalize(s) {
        Ok(n) => {
            let chars = n.as_str().to_owned();
            assert!((1..=7).contains(&chars.len()), "{s:?} -> {chars}");
            assert_eq!(n.is_complete(), chars.len() == 7);
            assert_eq!(
                icd10pcs::normalize(&chars).ok(),
                Some(n),
                "ICD-10-PCS {s:?}"
            );
            assert_eq!(icd10pcs::normalize(&n.to_string()).ok(), Some(n));
            for v in variants(s) {
                assert_eq!(icd10pcs::normalize(&v).ok(), Some(n), "ICD-10-PCS {v:?}");
            }
            let pcs = CodeSystem::Icd10Pcs;
            assert_eq!(pcs.canonical(s).ok().map(|c| c.to_string()), Some(chars));
            if !n.is_complete() {
                let r = pcs.reason(s, inside());
                assert_eq!(r, ReasonKind::Incomplete, "ICD-10-PCS {s:?}");
            }
        }
        Err(e) => shape_error(CodeSystem::Icd10Pcs, s, &e),
    }

    match hcpcs::normalize(s) {
        Ok(n) => {
            let chars = n.as_str().to_owned();
            assert!((1..=5).contains(&chars.len()), "{s:?} -> {chars}");
            assert_eq!(n.is_complete(), chars.len() == 5);
            assert_eq!(hcpcs::normalize(&chars).ok(), Some(n), "HCPCS {s:?}");
            for v in variants(s) {
                assert_eq!(hcpcs::normalize(&v).ok(), Some(n), "HCPCS {v:?}");
            }
            if !n.is_complete() {
                let r = CodeSystem::Hcpcs.reason(s, inside());
                assert_eq!(r, ReasonKind::Incomplete, "HCPCS {s:?}");
            }
        }
        Err(e) => shape_error(CodeSystem::Hcpcs, s, &e),
    }

    // ICD-9-CM diagnoses and procedures: the canonical (dotted) and compact forms read back
    // as the same code; case and padding do not matter.
    for (system, normalized) in [
        (
            CodeSystem::Icd9Cm,
            icd9::normalize(s).map(|n| n.to_string()),
        ),
        (
            CodeSystem::Icd9Proc,
            icd9::normalize_procedure(s).map(|n| n.to_string()),
        ),
    ] {
        match normalized {
            Ok(n) => {
                let compact = system
                    .compact(s)
                    .expect("a normalised code compacts")
                    .to_string();
                assert!(
                    (1..=5).contains(&compact.len()),
                    "{system}: {s:?} -> {compact}"
                );
                assert_eq!(
                    system.canonical(s).ok().map(|c| c.to_string()),
                    Some(n.clone())
                );
                for form in [n.as_str(), compact.as_str()] {
                    assert_eq!(
                        system.canonical(form).ok().map(|c| c.to_string()),
                        Some(n.clone()),
                        "{system}: {s:?} -> {form}"
                    );
                }
                for v in variants(s) {
                    assert_eq!(
                        system.canonical(&v).ok().map(|c| c.to_string()),
                        Some(n.clone()),
                        "{system}: {v:?}"
                    );
                }
            }
            Err(e) => shape_error(system, s, &e),
        }
    }

    match Cpt::normalize(s) {
        Ok(c) => {
            let chars = c.as_str().to_owned();
            assert_eq!(chars.len(), 5, "CPT {s:?} -> {chars}");
            assert_eq!(Cpt::normalize(&chars).ok(), Some(c), "CPT {s:?}");
            for v in variants(s) {
                assert_eq!(Cpt::normalize(&v).ok(), Some(c), "CPT {v:?}");
            }
            let class = Cpt::classify(s).expect("a normalised code classifies");
            assert_eq!(class, c.class());
            assert_eq!(class.category, c.category());
        }
        Err(e) => {
            assert!(Cpt::classify(s).is_err());
            assert!(e.to_string().len() < 600, "CPT: long message for {s:?}");
        }
    }

    // detect: exactly the systems whose lookup finds the input.
    let knowing: Vec<CodeSystem> = CodeSystem::ALL
        .iter()
        .copied()
        .filter(|sys| sys.lookup(s).is_ok())
        .collect();
    match detect(s) {
        Detection::One(sys) => assert_eq!(knowing, [sys], "detect {s:?}"),
        Detection::Ambiguous(all) => {
            assert!(all.len() > 1, "detect {s:?}: ambiguous {all:?}");
            assert_eq!(all, knowing, "detect {s:?}");
        }
        Detection::Cpt(class) => {
            assert!(knowing.is_empty(), "detect {s:?}: CPT but {knowing:?}");
            assert_eq!(Cpt::classify(s).ok(), Some(class));
        }
        Detection::Unknown => {
            assert!(knowing.is_empty(), "detect {s:?}: unknown but {knowing:?}");
            assert!(
                Cpt::classify(s).is_err(),
                "detect {s:?}: unknown but CPT-shaped"
            );
        }
    }
    // Identifiers of systems (`--system`) read back. (Not names: "HCPCS Level II" is no
    // identifier of HCPCS, while the ICD names squash to their identifiers.)
    if let Some(sys) = CodeSystem::from_id(s) {
        assert_eq!(CodeSystem::from_id(sys.id()), Some(sys));
        assert_eq!(CodeSystem::from_id(&s.to_ascii_uppercase()), Some(sys));
    }
});
