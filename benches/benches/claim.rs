//! MCE claim edits, warm: claims of 1 principal + 9 secondary diagnoses + 3 procedures.
//!
//! Three batches of 10,000 claims on 2025-03-01: "clean" (codes without MCE flags, as on
//! most real claims: no finding), "mixed" (codes drawn from all billable codes, flags
//! included: about half the claims raise an edit, so the message path is measured too) and
//! "clean zipf" (clean codes drawn with Zipf-like frequencies, as in real claim files,
//! where a few thousand codes make most rows; 6% of its claims draw a code twice and
//! raise the duplicate edit).
//! The baseline, in the same run, is the obvious hand-written validity check: normalise
//! each of the 13 codes into a String and probe a `HashSet` of the codes valid on the date.
//!
//! Times are CPU time of the benchmark thread ([`ThreadCpuTime`]), so that other jobs on
//! the machine move them less.
//!
//! `cargo bench -p medcodes-benches --bench claim`

use std::collections::HashSet;
use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use medcodes::claim::{self, Claim};
use medcodes::{Date, Icd10Cm, Icd10Pcs};
use medcodes_benches::{baseline_is_valid, mce_claims_with, ThreadCpuTime};

const CLAIMS: usize = 10_000;

fn baseline_claim(dx: &HashSet<String>, proc: &HashSet<String>, c: &Claim) -> usize {
    usize::from(!baseline_is_valid(dx, &c.principal.code))
        + c.secondary
            .iter()
            .filter(|d| !baseline_is_valid(dx, &d.code))
            .count()
        + c.procedures
            .iter()
            .filter(|p| !baseline_is_valid(proc, &p.code))
            .count()
}

fn bench(c: &mut Criterion<ThreadCpuTime>) {
    let dos = Date::new(2025, 3, 1).unwrap();
    let dx_set: HashSet<String> = Icd10Cm::new()
        .codes_valid_on(dos)
        .map(|c| c.undotted().to_string())
        .collect();
    let proc_set: HashSet<String> = Icd10Pcs::new()
        .codes_valid_on(dos)
        .map(|c| c.code().to_string())
        .collect();
    for (name, clean, zipf) in [
        ("clean", true, false),
        ("mixed", false, false),
        ("clean zipf", true, true),
    ] {
        let batch = mce_claims_with(CLAIMS, dos, clean, zipf);
        let with_findings = batch
            .iter()
            .filter(|c| !claim::check(c).findings.is_empty())
            .count();
        eprintln!("{name}: {with_findings} of {CLAIMS} claims raise an edit");
        let mut g = c.benchmark_group(format!("10k {name} claims (1+9 dx, 3 px)"));
        g.throughput(Throughput::Elements(CLAIMS as u64));
        g.sample_size(30);
        g.bench_function("baseline HashSet validity", |b| {
            b.iter(|| {
                batch
                    .iter()
                    .map(|c| baseline_claim(&dx_set, &proc_set, black_box(c)))
                    .sum::<usize>()
            })
        });
        g.bench_function("claim::check", |b| {
            b.iter(|| {
                batch
                    .iter()
                    .map(|c| claim::check(black_box(c)).findings.len())
                    .sum::<usize>()
            })
        });
        let mut buf = Vec::new();
        g.bench_function("claim::check_into (reused buffer)", |b| {
            b.iter(|| {
                let mut n = 0;
                for c in &batch {
                    buf.clear();
                    claim::check_into(black_box(c), &mut buf);
                    n += buf.len();
                }
                n
            })
        });
        g.finish();
    }
}

// CPU time of the benchmark thread, not wall time: the machine is shared (see lib.rs).
criterion_group! {
    name = benches;
    config = Criterion::default().with_measurement(ThreadCpuTime);
    targets = bench
}
criterion_main!(benches);
