#!/usr/bin/env python3
"""Throughput of `medcodes.hcc.categories` (a code column to each row's CMS-HCCs) on an
Arrow column, beside a pandas merge of the same codes against a (code, hcc) mapping frame,
in the same run. Run by hand:

    pip install ./bindings-python numpy pandas pyarrow
    python benches/python/bench_groupers.py                 # 5M codes, V28 2026
    python benches/python/bench_groupers.py --n 1000000 --repeat 7

The codes: the V28 2026 diagnosis map's codes (which map to an HCC) and as many ICD-10-CM
codes that map to none, drawn with claims-like (Zipf, s=1) frequencies, written dotted,
upper case; 2% null. Three Arrow layouts of the same codes are timed: `utf8` (a plain
string array), `dictionary` (dictionary-encoded, as Parquet files usually hold such a
column) and `large_utf8`.

The baseline is what an analyst writes with pandas: a frame of (code, hcc) from the same
mapping medcodes uses, merged (left join) on the code column, which also gives one row a
(code, hcc) pair. Both answer the same question (the categories of each row), though in
different shapes (medcodes: a list a row; pandas: a row a pair); the script checks they
agree on every row.

Beside them, `medcodes.icd10cm.is_valid` on the same Arrow column (the "ICD column speed"
the issue compares with). Prints rows/s, and CPU seconds (all threads) per million rows, and
the ratios, best of `--repeat` runs each. On a shared machine the rows/s move with the load;
the ratios within one run are what to compare.
"""

import argparse
import time

import numpy as np
import pandas as pd
import pyarrow as pa

import medcodes
from medcodes import hcc


def make_codes(n, seed=7):
    rng = np.random.default_rng(seed)
    # The mapping, from medcodes itself: (code, hcc) pairs of every billable code of FY2025
    # that maps, and as many that do not.
    codes = medcodes.icd10cm.codes_valid_on("2025-06-01")
    codes = [str(c) for c in codes]
    answers = hcc.categories(codes, model="v28", year=2026)
    mapping = [(c, h) for c, hs in zip(codes, answers) for h in (hs or [])]
    maps = sorted({c for c, _ in mapping})
    unmapped = [c for c, hs in zip(codes, answers) if not hs][: len(maps)]
    pool = np.array(maps + unmapped, dtype=object)
    rng.shuffle(pool)
    # Zipf-like frequencies over the pool.
    weights = 1.0 / np.arange(1, len(pool) + 1)
    weights /= weights.sum()
    draws = pool[rng.choice(len(pool), size=n, p=weights)]
    nulls = rng.random(n) < 0.02
    draws[nulls] = None
    return draws, mapping


def best(f, repeat):
    """Best wall time and best CPU time (all threads) of `repeat` runs."""
    walls, cpus = [], []
    for _ in range(repeat):
        t, c = time.perf_counter(), time.process_time()
        f()
        walls.append(time.perf_counter() - t)
        cpus.append(time.process_time() - c)
    return min(walls), min(cpus)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=5_000_000)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()

    draws, mapping = make_codes(args.n)
    plain = pa.array(draws, pa.string())
    layouts = {
        "utf8": plain,
        "dictionary": plain.dictionary_encode(),
        "large_utf8": plain.cast(pa.large_string()),
    }
    frame = pd.DataFrame({"code": pd.Series(draws, dtype=object)})
    map_frame = pd.DataFrame(mapping, columns=["code", "hcc"])

    def merge():
        return frame.merge(map_frame, on="code", how="left")

    # Check: the same (row, hcc) pairs either way.
    got = hcc.categories(plain)
    m = merge()
    pairs_pd = sum(1 for h in m["hcc"] if isinstance(h, str))
    pairs_mc = sum(len(x) for x in got.to_pylist() if x)
    assert pairs_pd == pairs_mc, (pairs_pd, pairs_mc)

    print(f"medcodes {medcodes.__version__}, pandas {pd.__version__}, pyarrow {pa.__version__}")
    print(f"{args.n:,} codes ({len(set(mapping))} mapping pairs), best of {args.repeat}")
    baseline, baseline_cpu = best(merge, args.repeat)
    n = args.n / 1e6

    def line(what, wall, cpu):
        print(
            f"  {what:<40} {n / wall:7.1f} M rows/s {cpu / n * 1e3:7.1f} ms CPU/M rows"
            f"  {baseline / wall:6.1f}x the merge"
        )

    line("pandas merge (object column)", baseline, baseline_cpu)
    for name, column in layouts.items():
        line(f"hcc.categories, Arrow {name}", *best(lambda c=column: hcc.categories(c), args.repeat))
        line(
            f"icd10cm.is_valid, Arrow {name}",
            *best(lambda c=column: medcodes.icd10cm.is_valid(c, "2025-06-01"), args.repeat),
        )


if __name__ == "__main__":
    main()
