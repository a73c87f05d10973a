//! ICD-10-CM coding rules: checking the diagnosis codes of one encounter (target: a
//! median of at most 2 µs for 10 codes), and the error paths of validation that explain
//! 7th-character and placeholder mistakes. Times are the benchmark thread's CPU time.
//!
//! `cargo bench -p medcodes-benches --bench icd10cm_rules`

use std::hint::black_box;

use std::collections::HashSet;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use medcodes::{Date, Icd10Cm};
use medcodes_benches::{baseline_is_valid, ThreadCpuTime};

/// A typical outpatient encounter: diabetes with its control code, hypertension,
/// hyperlipidemia, asthma, back pain, reflux, anxiety, sleep apnea, history of nicotine
/// dependence.
const TYPICAL: [&str; 10] = [
    "E11.9", "I10", "E78.5", "Z79.4", "J45.909", "M54.50", "K21.9", "F41.9", "G47.33", "Z87.891",
];

/// Ten codes with something to report: an Excludes1 pair, a manifestation before its
/// etiology, a duplicate, a code with its ancestor and an injury with 7th character.
const PROBLEMS: [&str; 10] = [
    "F02.80", "G30.9", "E11.9", "E10.9", "I10", "I10", "S52.521A", "W21.89XA", "Z79.4", "K21.9",
];

fn encounter(c: &mut Criterion<ThreadCpuTime>) {
    let cm = Icd10Cm::new();
    let dos = Date::new(2025, 3, 1).unwrap();
    // Baseline in the same run: only the validity of the 10 codes, the hand-written way.
    let set: HashSet<String> = cm
        .codes_valid_on(dos)
        .map(|c| c.undotted().to_string())
        .collect();
    let mut g = c.benchmark_group("check_encounter");
    g.bench_function("baseline: 10 codes' validity in a HashSet", |b| {
        b.iter(|| {
            TYPICAL
                .iter()
                .filter(|c| baseline_is_valid(&set, black_box(c)))
                .count()
        })
    });
    for (name, codes) in [
        ("typical 10 codes", TYPICAL),
        ("10 codes with findings", PROBLEMS),
    ] {
        g.bench_with_input(BenchmarkId::from_parameter(name), &codes, |b, codes| {
            b.iter(|| cm.check_encounter(black_box(codes), black_box(dos)))
        });
    }
    g.finish();
}

fn error_paths(c: &mut Criterion<ThreadCpuTime>) {
    let cm = Icd10Cm::new();
    let dos = Date::new(2025, 3, 1).unwrap();
    let mut g = c.benchmark_group("validate 7th character");
    for code in [
        "E11.9", "S52.521", "T36.01A", "S52.521Z", "E11.9A", "Q99.99",
    ] {
        g.bench_with_input(BenchmarkId::new("validate", code), code, |b, code| {
            b.iter(|| cm.validate(black_box(code), black_box(dos)))
        });
        g.bench_with_input(BenchmarkId::new("reason", code), code, |b, code| {
            b.iter(|| cm.reason(black_box(code), black_box(dos)))
        });
    }
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().with_measurement(ThreadCpuTime);
    targets = encounter, error_paths
}
criterion_main!(benches);
