//! A CHD perfect hash ("hash, displace and compress", the algorithm `phf_generator` uses)
//! over packed integer keys, hashed with `medcodes::key::hash_key`.
//!
//! Why not `phf_generator` itself: it hashes with `phf_shared`'s SipHash-1-3, and its
//! `Hashes` cannot be built from another hash function. Our keys are small integers, for
//! which two folded multiplies mix well: a whole lookup takes 3.7 ns against phf's 14.5 ns
//! (`benches/benches/perfect_hash.rs`, `docs/PERFECT-HASH.md`).

use crate::table::key::{displace, hash_key, KeyHashes};

/// Keys per bucket on average: more means fewer displacements to store, slower generation.
const LAMBDA: usize = 4;
const EMPTY: u32 = u32::MAX;

pub struct Chd {
    pub seed: u64,
    pub disps: Vec<(u32, u32)>,
    /// `map[slot]` = index of the key in the input.
    pub map: Vec<u32>,
}

/// Builds a perfect hash of distinct `keys`. Deterministic: seeds are tried in a fixed order.
pub fn build(keys: &[u64]) -> Result<Chd, String> {
    if keys.is_empty() {
        return Ok(Chd {
            seed: 0,
            disps: vec![(0, 0)],
            map: Vec::new(),
        });
    }
    let mut seed = 0x005E_ED0F_3ED1_C0DE_u64;
    for _ in 0..64 {
        // splitmix64 step: the next seed to try.
        seed = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = seed;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        let s = z ^ (z >> 31);
        if let Some(chd) = try_seed(keys, s) {
            return Ok(chd);
        }
    }
    Err("no perfect hash found in 64 seeds (duplicate keys?)".into())
}

fn try_seed(keys: &[u64], seed: u64) -> Option<Chd> {
    let n = keys.len();
    let len = n as u32;
    let hashes: Vec<KeyHashes> = keys.iter().map(|&k| hash_key(k, seed)).collect();
    let n_buckets = n.div_ceil(LAMBDA);
    let mut buckets: Vec<Vec<usize>> = vec![Vec::new(); n_buckets];
    for (i, h) in hashes.iter().enumerate() {
        buckets[h.g as usize % n_buckets].push(i);
    }
    let mut order: Vec<usize> = (0..n_buckets).collect();
    order.sort_by(|&a, &b| buckets[b].len().cmp(&buckets[a].len()).then(a.cmp(&b)));

    let mut map = vec![EMPTY; n];
    let mut disps = vec![(0u32, 0u32); n_buckets];
    let mut tried = vec![0u64; n];
    let mut generation = 0u64;
    let mut placed: Vec<(usize, usize)> = Vec::new();
    for &b in &order {
        let bucket = &buckets[b];
        if bucket.is_empty() {
            continue;
        }
        let mut done = false;
        'search: for d1 in 0..len {
            for d2 in 0..len.min(1024) {
                generation += 1;
                placed.clear();
                for &k in bucket {
                    let slot = displace(hashes[k], d1, d2, len) as usize;
                    if map[slot] != EMPTY || tried[slot] == generation {
                        continue;
                    }
                    tried[slot] = generation;
                    placed.push((slot, k));
                }
                if placed.len() == bucket.len() {
                    for &(slot, k) in &placed {
                        map[slot] = k as u32;
                    }
                    disps[b] = (d1, d2);
                    done = true;
                    break 'search;
                }
            }
            if d1 > 4096 {
                break;
            }
        }
        if !done {
            return None;
        }
    }
    Some(Chd { seed, disps, map })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_gets_its_own_slot() {
        let keys: Vec<u64> = (0..50_000u64).map(|i| i * 0x1_0000_0001 + 17).collect();
        let chd = build(&keys).unwrap();
        let len = keys.len() as u32;
        for (i, &k) in keys.iter().enumerate() {
            let h = hash_key(k, chd.seed);
            let (d1, d2) = chd.disps[h.g as usize % chd.disps.len()];
            assert_eq!(chd.map[displace(h, d1, d2, len) as usize], i as u32);
        }
    }
}
