//! Every code system, one warm code and 100k mixed codes, against a `HashSet<String>`
//! baseline run in the same process (the obvious hand-written alternative: normalise into
//! a String, probe a set of the codes valid on the date). One generic body serves every
//! system, as the library's own `CodeSet<S>` does. Times are the benchmark thread's CPU
//! time ([`ThreadCpuTime`]).
//!
//! `cargo bench -p medcodes-benches --bench code_sets` (filter: `-- icd10pcs`)

use std::collections::HashSet;
use std::hint::black_box;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use medcodes::hcpcs::Hcpcs;
use medcodes::{CodeSet, Date, Icd10Cm, Icd10Pcs, System};
use medcodes_benches::{
    baseline_is_valid, mixed_codes, mixed_hcpcs_codes, mixed_pcs_codes, ThreadCpuTime,
};

fn dos() -> Date {
    Date::new(2025, 3, 1).expect("a valid date")
}

/// The codes valid on `date`, spelled without dots: what a hand-made set would hold.
fn baseline_set<S: System>(set: &CodeSet<S>, date: Date) -> HashSet<String> {
    set.codes_valid_on(date)
        .map(|c| c.undotted().to_string())
        .collect()
}

fn single<S: System>(
    c: &mut Criterion<ThreadCpuTime>,
    name: &str,
    set: &CodeSet<S>,
    examples: &[&str],
) {
    let dos = dos();
    let baseline = baseline_set(set, dos);
    let mut g = c.benchmark_group(format!("{name}: one code"));
    for &code in examples {
        g.bench_with_input(
            BenchmarkId::new("baseline HashSet", code),
            code,
            |b, code| b.iter(|| baseline_is_valid(&baseline, black_box(code))),
        );
        g.bench_with_input(BenchmarkId::new("normalize", code), code, |b, code| {
            b.iter(|| set.normalize(black_box(code)).is_ok())
        });
        g.bench_with_input(BenchmarkId::new("lookup", code), code, |b, code| {
            b.iter(|| set.lookup(black_box(code)).is_ok())
        });
        g.bench_with_input(BenchmarkId::new("validate", code), code, |b, code| {
            b.iter(|| set.validate(black_box(code), black_box(dos)).is_ok())
        });
        g.bench_with_input(BenchmarkId::new("is_valid", code), code, |b, code| {
            b.iter(|| set.is_valid(black_box(code), black_box(dos)))
        });
    }
    g.finish();
}

fn batch<S: System>(
    c: &mut Criterion<ThreadCpuTime>,
    name: &str,
    set: &CodeSet<S>,
    codes: &[String],
) {
    let dos = dos();
    let baseline = baseline_set(set, dos);
    let mut g = c.benchmark_group(format!("{name}: 100k mixed codes"));
    g.throughput(Throughput::Elements(codes.len() as u64));
    g.sample_size(20);
    g.bench_function("baseline HashSet", |b| {
        b.iter(|| {
            codes
                .iter()
                .filter(|c| baseline_is_valid(&baseline, c))
                .count()
        })
    });
    g.bench_function("is_valid", |b| {
        b.iter(|| codes.iter().filter(|c| set.is_valid(c, dos)).count())
    });
    let mut valid = Vec::with_capacity(codes.len());
    g.bench_function("are_valid (batch)", |b| {
        b.iter(|| {
            valid.clear();
            set.are_valid(codes, dos, &mut valid);
            valid.iter().filter(|&&v| v).count()
        })
    });
    let mut kinds = Vec::with_capacity(codes.len());
    g.bench_function("reasons (batch)", |b| {
        b.iter(|| {
            kinds.clear();
            set.reasons(codes, dos, &mut kinds);
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
            set.reasons_per_row(codes, &days, &mut per_row)
                .map(|()| per_row.len())
        })
    });
    g.bench_function("validate (rich errors)", |b| {
        b.iter(|| {
            codes
                .iter()
                .filter(|c| set.validate(c, dos).is_ok())
                .count()
        })
    });
    g.finish();
}

fn icd10cm(c: &mut Criterion<ThreadCpuTime>) {
    let cm = Icd10Cm::new();
    single(c, "icd10cm", &cm, &["E11.9", "s52521a", "S52"]);
    batch(c, "icd10cm", &cm, &mixed_codes(100_000));
}

fn icd10pcs(c: &mut Criterion<ThreadCpuTime>) {
    let pcs = Icd10Pcs::new();
    single(c, "icd10pcs", &pcs, &["0DTJ4ZZ", "0dtj4zz", "0"]);
    batch(c, "icd10pcs", &pcs, &mixed_pcs_codes(100_000));
}

fn hcpcs(c: &mut Criterion<ThreadCpuTime>) {
    let hcpcs = Hcpcs::new();
    single(c, "hcpcs", &hcpcs, &["E0100", " j1100 "]);
    batch(c, "hcpcs", &hcpcs, &mixed_hcpcs_codes(100_000));
}

criterion_group! {
    name = benches;
    config = Criterion::default().with_measurement(ThreadCpuTime);
    targets = icd10cm, icd10pcs, hcpcs
}
criterion_main!(benches);
