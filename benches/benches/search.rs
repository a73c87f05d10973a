//! Ranked search (`medcodes::search`, issue 15): the index build of each system (CPU time
//! and memory, measured once, in a fresh process, at the start), then the query time over
//! a fixed list, the queries of the evaluation set (`tests/search_eval.tsv`): each query's
//! median CPU time, and the p50, p90 and p99 of those over the ICD-10-CM queries run on all
//! of ICD-10-CM (target: p99 at most 1 ms), and over every query on every system; then
//! criterion on the whole ICD-10-CM list and on single queries. Times are the benchmark
//! thread's CPU time ([`ThreadCpuTime`]).
//!
//! `cargo bench -p medcodes-benches --bench search`

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use medcodes::search::{index_stats, prepare, search, Query};
use medcodes::{CodeSystem, Date};
use medcodes_benches::ThreadCpuTime;

const EVAL: &str = include_str!("../../tests/search_eval.tsv");

fn day() -> Date {
    Date::new(2026, 1, 1).expect("a valid date")
}

/// The evaluation queries and the system each is asked of.
fn queries() -> Vec<(String, CodeSystem)> {
    EVAL.lines()
        .filter(|l| !l.starts_with('#') && !l.starts_with("query\t") && !l.trim().is_empty())
        .filter_map(|l| {
            let mut cols = l.split('\t');
            let query = cols.next()?.to_owned();
            let system = CodeSystem::from_id(cols.next()?)?;
            Some((query, system))
        })
        .collect()
}

fn cpu_ns() -> u64 {
    let mut t = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `t` is a valid, writable timespec for the duration of the call.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut t) };
    if rc != 0 {
        return 0;
    }
    t.tv_sec as u64 * 1_000_000_000 + t.tv_nsec as u64
}

/// Resident memory of the process, in bytes (Linux; 0 elsewhere).
fn rss() -> u64 {
    let statm = std::fs::read_to_string("/proc/self/statm").unwrap_or_default();
    let pages: u64 = statm
        .split_whitespace()
        .nth(1)
        .and_then(|p| p.parse().ok())
        .unwrap_or(0);
    pages * 4096
}

fn percentile(sorted: &[u64], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted.get(i).copied().unwrap_or(0) as f64 / 1e3
}

/// Each query's median CPU time over `runs` runs, in nanoseconds, sorted.
fn latencies(list: &[(String, CodeSystem)], all_systems: bool, runs: usize) -> Vec<u64> {
    let mut per: Vec<u64> = list
        .iter()
        .map(|(text, system)| {
            let mut q = Query::new(text.as_str()).date(day()).limit(10);
            if !all_systems {
                q = q.system(*system);
            }
            black_box(search(&q).ok());
            let mut times: Vec<u64> = (0..runs)
                .map(|_| {
                    let t = cpu_ns();
                    black_box(search(black_box(&q)).ok());
                    cpu_ns().saturating_sub(t)
                })
                .collect();
            times.sort_unstable();
            times[times.len() / 2]
        })
        .collect();
    per.sort_unstable();
    per
}

fn report(name: &str, per: &[u64]) {
    println!(
        "search {name}: {} queries, median CPU time a query: p50 {:.0} µs, p90 {:.0} µs, p99 {:.0} µs, max {:.0} µs",
        per.len(),
        percentile(per, 0.50),
        percentile(per, 0.90),
        percentile(per, 0.99),
        percentile(per, 1.0),
    );
}

/// The index builds (first in the process) and the query-time distribution, printed.
fn summary(_: &mut Criterion<ThreadCpuTime>) {
    for &system in CodeSystem::ALL {
        let (rss0, t) = (rss(), cpu_ns());
        prepare(&[system]);
        let build = cpu_ns().saturating_sub(t);
        let grown = rss().saturating_sub(rss0);
        let s = index_stats(system);
        println!(
            "search index {}: built in {:.0} ms CPU; {} codes, {} terms, {} postings, {} exact phrases; \
             heap {:.1} MB (resident memory +{:.1} MB)",
            system.id(),
            build as f64 / 1e6,
            s.codes,
            s.terms,
            s.postings,
            s.exact_phrases,
            s.heap_bytes as f64 / 1e6,
            grown as f64 / 1e6
        );
    }
    let all = queries();
    let cm: Vec<_> = all
        .iter()
        .filter(|(_, s)| *s == CodeSystem::Icd10Cm)
        .cloned()
        .collect();
    report(
        "icd10cm (the ICD-10-CM queries on all of ICD-10-CM)",
        &latencies(&cm, false, 21),
    );
    report(
        "all systems (every query on every system)",
        &latencies(&all, true, 11),
    );
}

fn bench(c: &mut Criterion<ThreadCpuTime>) {
    let cm: Vec<Query> = queries()
        .into_iter()
        .filter(|(_, s)| *s == CodeSystem::Icd10Cm)
        .map(|(q, s)| Query::new(q).system(s).date(day()).limit(10))
        .collect();
    let mut g = c.benchmark_group("search icd10cm");
    g.throughput(Throughput::Elements(cm.len() as u64));
    g.bench_function(format!("the {} evaluation queries", cm.len()), |b| {
        b.iter(|| {
            for q in &cm {
                black_box(search(black_box(q)).ok());
            }
        })
    });
    g.finish();
    let mut g = c.benchmark_group("search icd10cm, one query");
    for text in [
        "hypertension",
        "heart attack",
        "diab mell type 2",
        "fracture of femur",
        "pneumoni",
        "e11.6",
    ] {
        let q = Query::new(text)
            .system(CodeSystem::Icd10Cm)
            .date(day())
            .limit(10);
        g.bench_with_input(BenchmarkId::from_parameter(text), &q, |b, q| {
            b.iter(|| search(black_box(q)).ok())
        });
    }
    g.finish();
    let mut g = c.benchmark_group("search all systems");
    for text in ["laparoscopic appendectomy", "wheelchair", "broken wrist"] {
        let q = Query::new(text).date(day()).limit(10);
        g.bench_with_input(BenchmarkId::from_parameter(text), &q, |b, q| {
            b.iter(|| search(black_box(q)).ok())
        });
    }
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().with_measurement(ThreadCpuTime);
    targets = summary, bench
}
criterion_main!(benches);
