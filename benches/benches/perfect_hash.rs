//! The perfect hash behind every table lookup: ours (CHD over packed `u64` keys, hashed
//! with two folded multiplies, `medcodes::key::hash_key`) beside phf's (the same CHD
//! scheme, hashed with SipHash-1-3), built at run time over the same keys (every
//! ICD-10-CM code the bundled tables hold) and timed in one criterion group, so the ratio
//! comes from one run. See `docs/PERFECT-HASH.md`.
//!
//! Ours is built by the generator's own `codegen/src/chd.rs` and read here as
//! `Table::find` reads it (the table itself is internal): displacements as
//! 8 bytes `(d1, d2)` and 12-byte slots (key, record number), the key checked in the slot.
//! phf's is a real `phf::Map<u64, u32>` from `phf_generator::generate_hash`, read with
//! `Map::get`. Only the keys are looked up: no normalisation, no record, no spans.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use medcodes::key::{displace, hash_key, CodeKey};
use medcodes::Icd10Cm;
use medcodes_benches::{mixed_codes, ThreadCpuTime};

const SLOT_SIZE: usize = 12;

/// Our perfect hash laid out and read as `Table::find` reads the generated one.
struct Ours {
    seed: u64,
    disps: Vec<u8>,
    slots: Vec<u8>,
}

#[inline]
fn u32_at(bytes: &[u8], offset: usize) -> u32 {
    match bytes.get(offset..offset + 4) {
        Some(b) => u32::from_le_bytes([b[0], b[1], b[2], b[3]]),
        None => u32::MAX,
    }
}

impl Ours {
    /// The generator's own CHD of distinct `keys` (record number = index), laid out as the
    /// generated tables are.
    fn build(keys: &[u64]) -> Ours {
        let chd = medcodes_codegen::chd::build(keys).expect("a perfect hash of distinct keys");
        let mut slots = vec![0u8; keys.len() * SLOT_SIZE];
        for (slot, &index) in chd.map.iter().enumerate() {
            let o = slot * SLOT_SIZE;
            slots[o..o + 8].copy_from_slice(&keys[index as usize].to_le_bytes());
            slots[o + 8..o + 12].copy_from_slice(&index.to_le_bytes());
        }
        let disps = chd
            .disps
            .iter()
            .flat_map(|&(d1, d2)| [d1.to_le_bytes(), d2.to_le_bytes()])
            .flatten()
            .collect();
        Ours {
            seed: chd.seed,
            disps,
            slots,
        }
    }

    /// `Table::find` (with `slot_offset`): the record number of a key.
    #[inline]
    fn find(&self, key: CodeKey) -> Option<u32> {
        let count = (self.slots.len() / SLOT_SIZE) as u32;
        let n_disps = (self.disps.len() / 8) as u32;
        if n_disps == 0 || count == 0 {
            return None;
        }
        let h = hash_key(key.0, self.seed);
        let d = (h.g % n_disps) as usize * 8;
        let (d1, d2) = (u32_at(&self.disps, d), u32_at(&self.disps, d + 4));
        let o = displace(h, d1, d2, count) as usize * SLOT_SIZE;
        let slot = self.slots.get(o..o + SLOT_SIZE)?;
        let found = u64::from_le_bytes([
            slot[0], slot[1], slot[2], slot[3], slot[4], slot[5], slot[6], slot[7],
        ]);
        (found == key.0).then(|| u32_at(slot, 8))
    }
}

/// phf's map over the same keys (value: record number), as `phf_codegen` would lay it out.
fn phf_map(keys: &[u64]) -> phf::Map<u64, u32> {
    let state = phf_generator::generate_hash(keys);
    let entries: Vec<(u64, u32)> = state.map.iter().map(|&i| (keys[i], i as u32)).collect();
    phf::Map {
        key: state.key,
        disps: Vec::leak(state.disps),
        entries: Vec::leak(entries),
    }
}

/// Every ICD-10-CM key in the tables, in record order (the generated table's keys).
fn table_keys() -> Vec<u64> {
    let keys: Vec<u64> = Icd10Cm::new()
        .codes()
        .map(|c| {
            CodeKey::pack(c.undotted().as_bytes())
                .expect("a code packs")
                .0
        })
        .collect();
    assert!(
        keys.windows(2).all(|w| w[0] < w[1]),
        "keys sorted, distinct"
    );
    keys
}

/// The keys of a realistic mix of claim-file codes (`mixed_codes`: valid codes in several
/// spellings, headers, unknown and malformed strings), normalised outside the timing.
fn mixed_keys(n: usize) -> Vec<CodeKey> {
    mixed_codes(n)
        .iter()
        .filter_map(|c| {
            let s: String = c.trim().replace('.', "").to_ascii_uppercase();
            CodeKey::pack(s.as_bytes())
        })
        .collect()
}

fn perfect_hash(c: &mut Criterion<ThreadCpuTime>) {
    let keys = table_keys();
    let ours = Ours::build(&keys);
    let phf = phf_map(&keys);
    let lookups = mixed_keys(100_000);
    // Both answer the same, and every table key finds its own record.
    for (i, &k) in keys.iter().enumerate() {
        assert_eq!(ours.find(CodeKey(k)), Some(i as u32));
        assert_eq!(phf.get(&k), Some(&(i as u32)));
    }
    let present = lookups.iter().filter(|k| ours.find(**k).is_some()).count();
    for &k in &lookups {
        assert_eq!(ours.find(k), phf.get(&k.0).copied(), "{k:?}");
    }
    eprintln!(
        "{} table keys; {} lookups, {present} present, {} absent",
        keys.len(),
        lookups.len(),
        lookups.len() - present
    );

    let mut g = c.benchmark_group("perfect hash, one key (E119, warm)");
    let e119 = CodeKey::pack(b"E119").expect("E119");
    g.bench_with_input(
        BenchmarkId::new("ours (folded multiply)", "E119"),
        &e119,
        |b, &k| b.iter(|| ours.find(black_box(k))),
    );
    g.bench_with_input(
        BenchmarkId::new("phf (SipHash-1-3)", "E119"),
        &e119,
        |b, &k| b.iter(|| phf.get(&black_box(k).0).copied()),
    );
    g.finish();

    let mut g = c.benchmark_group("perfect hash, 100k mixed keys");
    g.throughput(Throughput::Elements(lookups.len() as u64));
    g.sample_size(30);
    g.bench_function("ours (folded multiply)", |b| {
        b.iter(|| {
            lookups
                .iter()
                .filter_map(|&k| ours.find(black_box(k)))
                .fold(0u64, |sum, i| sum + u64::from(i))
        })
    });
    g.bench_function("phf (SipHash-1-3)", |b| {
        b.iter(|| {
            lookups
                .iter()
                .filter_map(|&k| phf.get(&black_box(k).0))
                .fold(0u64, |sum, &i| sum + u64::from(i))
        })
    });
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().with_measurement(ThreadCpuTime);
    targets = perfect_hash
}
criterion_main!(benches);
