//! ICD-10-PCS lookup and validation, warm, against a `HashSet<String>` baseline run in the
//! same process (normalise into a String, probe a set of the codes valid on the date).
//! Times are the benchmark thread's CPU time ([`ThreadCpuTime`]).
//!
//! `cargo bench -p medcodes-benches --bench icd10pcs`

use std::collections::HashSet;
use std::hint::black_box;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use medcodes::{Date, Icd10Pcs};
use medcodes_benches::{baseline_is_valid, mixed_pcs_codes, ThreadCpuTime};

fn baseline_set(dos: Date) -> HashSet<String> {
    Icd10Pcs::new()
        .codes_valid_on(dos)
        .map(|c| c.code().to_string())
        .collect()
}

fn single(c: &mut Criterion<ThreadCpuTime>) {
    let pcs = Icd10Pcs::new();
    let dos = Date::new(2025, 3, 1).expect("a valid date");
    let set = baseline_set(dos);
    let mut g = c.benchmark_group("one PCS code");
    for code in ["0DTJ4ZZ", "0dtj4zz"] {
        g.bench_with_input(
            BenchmarkId::new("baseline HashSet", code),
            code,
            |b, code| b.iter(|| baseline_is_valid(&set, black_box(code))),
        );
        g.bench_with_input(BenchmarkId::new("lookup", code), code, |b, code| {
            b.iter(|| pcs.lookup(black_box(code)).is_ok())
        });
        g.bench_with_input(BenchmarkId::new("validate", code), code, |b, code| {
            b.iter(|| pcs.validate(black_box(code), black_box(dos)).is_ok())
        });
        g.bench_with_input(BenchmarkId::new("is_valid", code), code, |b, code| {
            b.iter(|| pcs.is_valid(black_box(code), black_box(dos)))
        });
    }
    g.finish();
}

fn batch(c: &mut Criterion<ThreadCpuTime>) {
    let pcs = Icd10Pcs::new();
    let dos = Date::new(2025, 3, 1).expect("a valid date");
    let set = baseline_set(dos);
    let codes = mixed_pcs_codes(100_000);
    let mut g = c.benchmark_group("100k mixed PCS codes");
    g.throughput(Throughput::Elements(codes.len() as u64));
    g.sample_size(20);
    g.bench_function("baseline HashSet", |b| {
        b.iter(|| codes.iter().filter(|c| baseline_is_valid(&set, c)).count())
    });
    g.bench_function("is_valid", |b| {
        b.iter(|| codes.iter().filter(|c| pcs.is_valid(c, dos)).count())
    });
    let mut valid = Vec::with_capacity(codes.len());
    g.bench_function("are_valid (batch)", |b| {
        b.iter(|| {
            valid.clear();
            pcs.are_valid(&codes, dos, &mut valid);
            valid.iter().filter(|&&v| v).count()
        })
    });
    let mut kinds = Vec::with_capacity(codes.len());
    g.bench_function("reasons (batch)", |b| {
        b.iter(|| {
            kinds.clear();
            pcs.reasons(&codes, dos, &mut kinds);
            kinds.len()
        })
    });
    g.bench_function("validate (rich errors)", |b| {
        b.iter(|| {
            codes
                .iter()
                .filter(|c| pcs.validate(c, dos).is_ok())
                .count()
        })
    });
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().with_measurement(ThreadCpuTime);
    targets = single, batch
}
criterion_main!(benches);
