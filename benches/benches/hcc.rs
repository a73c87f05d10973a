//! A column of 1,000,000 diagnoses to CMS-HCC V28 (payment year 2026) categories:
//! `HccModelYear::map_column` beside the usual way, a `HashMap<String, Vec<u16>>` of the
//! same map probed with each code normalised (trimmed, upper case, dot removed), both
//! producing the same (row, category) pairs, timed in one criterion group.
//!
//! `cargo bench -p medcodes-benches --bench hcc`

use std::collections::HashMap;
use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use medcodes::batch::OwnedStrings;
use medcodes::hcc::{HccModel, HccModelYear};
use medcodes_benches::mixed_codes;

const ROWS: usize = 1_000_000;

fn bench(c: &mut Criterion) {
    let v28 = HccModelYear::new(HccModel::V28, 2026).expect("V28 2026");
    // A claim-like column: codes of every kind, a fifth of them mapped codes.
    let mut codes = mixed_codes(ROWS);
    let mapped: Vec<String> = v28.mappings().map(|(code, _)| code).collect();
    for (i, code) in codes.iter_mut().enumerate().filter(|(i, _)| i % 5 == 0) {
        *code = mapped[(i / 5 * 7919) % mapped.len()].clone();
    }
    let mut column = OwnedStrings::with_capacity(ROWS);
    for code in &codes {
        column.push(code.as_bytes());
    }
    column.finish();

    let mut map: HashMap<String, Vec<u16>> = HashMap::new();
    for (code, v) in v28.mappings() {
        map.entry(code).or_default().push(v.index());
    }
    let hash_map = |codes: &[String]| {
        let (mut rows, mut cats) = (Vec::new(), Vec::new());
        let mut key = String::with_capacity(8);
        for (row, code) in codes.iter().enumerate() {
            key.clear();
            key.extend(
                code.trim()
                    .chars()
                    .filter(|&c| c != '.')
                    .map(|c| c.to_ascii_uppercase()),
            );
            if let Some(found) = map.get(&key) {
                for &c in found {
                    rows.push(row as u32);
                    cats.push(c);
                }
            }
        }
        (rows, cats)
    };
    // The same answer both ways.
    let ours = v28.map_column(&[column.strings()]);
    let (rows, cats) = hash_map(&codes);
    assert_eq!((ours.rows.clone(), ours.categories.clone()), (rows, cats));
    eprintln!(
        "{ROWS} rows: {} (row, category) pairs, {} malformed rows",
        ours.len(),
        ours.malformed.len()
    );

    let mut g = c.benchmark_group("hcc_v28_column_1M");
    g.sample_size(20);
    g.throughput(Throughput::Elements(ROWS as u64));
    g.bench_function("medcodes_map_column", |b| {
        b.iter(|| black_box(v28.map_column(&[column.strings()])))
    });
    g.bench_function("hashmap_baseline", |b| {
        b.iter(|| black_box(hash_map(&codes)))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
