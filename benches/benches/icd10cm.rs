//! ICD-10-CM lookup and validation, warm, against a `HashSet<String>` baseline run in the
//! same process (the obvious hand-written alternative: normalise into a String, probe a set).
//! Times are the benchmark thread's CPU time ([`ThreadCpuTime`]).

use std::collections::HashSet;
use std::hint::black_box;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use medcodes::{icd10cm, Date, Icd10Cm};
use medcodes_benches::{baseline_is_valid, mixed_codes, ThreadCpuTime};

fn baseline_set(dos: Date) -> HashSet<String> {
    Icd10Cm::new()
        .codes_valid_on(dos)
        .map(|c| c.undotted().to_string())
        .collect()
}

fn single(c: &mut Criterion<ThreadCpuTime>) {
    let cm = Icd10Cm::new();
    let dos = Date::new(2025, 3, 1).unwrap();
    let set = baseline_set(dos);
    let mut g = c.benchmark_group("one code");
    for code in ["E11.9", "s52521a"] {
        g.bench_with_input(
            BenchmarkId::new("baseline HashSet", code),
            code,
            |b, code| b.iter(|| baseline_is_valid(&set, black_box(code))),
        );
        g.bench_with_input(BenchmarkId::new("normalize", code), code, |b, code| {
            b.iter(|| icd10cm::normalize(black_box(code)))
        });
        g.bench_with_input(BenchmarkId::new("lookup", code), code, |b, code| {
            b.iter(|| cm.lookup(black_box(code)))
        });
        g.bench_with_input(BenchmarkId::new("validate", code), code, |b, code| {
            b.iter(|| cm.validate(black_box(code), black_box(dos)).is_ok())
        });
        g.bench_with_input(BenchmarkId::new("is_valid", code), code, |b, code| {
            b.iter(|| cm.is_valid(black_box(code), black_box(dos)))
        });
    }
    g.finish();
}

fn batch(c: &mut Criterion<ThreadCpuTime>) {
    let cm = Icd10Cm::new();
    let dos = Date::new(2025, 3, 1).unwrap();
    let set = baseline_set(dos);
    let codes = mixed_codes(100_000);
    let mut g = c.benchmark_group("100k mixed codes");
    g.throughput(Throughput::Elements(codes.len() as u64));
    g.sample_size(20);
    g.bench_function("baseline HashSet", |b| {
        b.iter(|| codes.iter().filter(|c| baseline_is_valid(&set, c)).count())
    });
    g.bench_function("is_valid", |b| {
        b.iter(|| codes.iter().filter(|c| cm.is_valid(c, dos)).count())
    });
    let mut valid = Vec::with_capacity(codes.len());
    g.bench_function("are_valid (batch)", |b| {
        b.iter(|| {
            valid.clear();
            cm.are_valid(&codes, dos, &mut valid);
            valid.iter().filter(|&&v| v).count()
        })
    });
    let mut kinds = Vec::with_capacity(codes.len());
    g.bench_function("reasons (batch)", |b| {
        b.iter(|| {
            kinds.clear();
            cm.reasons(&codes, dos, &mut kinds);
            kinds.len()
        })
    });
    // A date a row (claims span years): within 25% of one date for all is the target.
    let days: Vec<Option<Date>> = (0..codes.len())
        .map(|i| {
            Date::new(
                2016 + (i % 11) as u16,
                1 + (i % 12) as u8,
                1 + (i % 28) as u8,
            )
            .ok()
        })
        .collect();
    let mut per_row = Vec::with_capacity(codes.len());
    g.bench_function("reasons_per_row (batch, a date a row)", |b| {
        b.iter(|| {
            per_row.clear();
            cm.reasons_per_row(&codes, &days, &mut per_row).unwrap();
            per_row.len()
        })
    });
    g.bench_function("validate (rich errors)", |b| {
        b.iter(|| codes.iter().filter(|c| cm.validate(c, dos).is_ok()).count())
    });
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().with_measurement(ThreadCpuTime);
    targets = single, batch
}
criterion_main!(benches);
