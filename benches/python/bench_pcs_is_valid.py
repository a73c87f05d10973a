#!/usr/bin/env python3
"""Throughput of `medcodes.icd10pcs.is_valid` on a column of 10 million ICD-10-PCS codes,
side by side with the usual pure-Python and pyarrow.compute ways on the same codes and the
same code set (there is no ICD-10-PCS counterpart of simple-icd-10-cm to compare with).
Run by hand (see benches/python/README.md):

    pip install ./bindings-python numpy pyarrow polars
    python benches/python/bench_pcs_is_valid.py            # 10M codes, realistic mix
    python benches/python/bench_pcs_is_valid.py --dist uniform --n 2000000

The codes: 80% valid on the date (2025-03-01), drawn with claims-like (Zipf, s=1)
frequencies from every code valid then, written upper case (85%), lower case (10%) or
padded with spaces (5%); 5% null; 15% rejected: codes of other years (deleted or not yet
added), well-formed unknown codes, the first 3 or 4 characters of a code (a table or body
part, not a code), codes with the letters I or O, and malformed text.
"""

import argparse
import os
import platform
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_is_valid import import_time, timed  # noqa: E402  (shared timing helpers)

DATE = "2025-03-01"
PCS_CHARS = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ"


def make_codes(n, dist, seed=0):
    """An object array of `n` codes (str or None) and the valid set (upper case)."""
    import numpy as np

    from medcodes import icd10pcs

    rng = np.random.default_rng(seed)
    valid = [c.code for c in icd10pcs.codes_valid_on(DATE)]
    valid_set = set(valid)
    rng.shuffle(valid)
    other_years = sorted(
        {c.code for d in ("2016-06-01", "2026-12-01") for c in icd10pcs.codes_valid_on(d)}
        - valid_set
    )

    k = len(valid)
    weights = 1.0 / np.arange(1, k + 1) if dist == "zipf" else np.ones(k)
    weights /= weights.sum()
    pool = []
    for c in valid:
        pool.extend([c, c.lower(), f" {c} "])
    pool = np.array(pool, dtype=object)
    n_valid = int(n * 0.80)
    which = rng.choice(k, size=n_valid, p=weights)
    spelling = rng.choice(3, size=n_valid, p=[0.85, 0.10, 0.05])
    valid_part = pool[which * 3 + spelling]

    n_bad = int(n * 0.15)
    chars = np.array(list(PCS_CHARS))
    unknown = ["".join(rng.choice(chars, 7)) for _ in range(5000)]
    unknown = [u for u in unknown if u not in valid_set]
    prefixes = [c[: rng.integers(3, 5)] for c in valid[:5000]]
    with_i_or_o = [c[:3] + "IO"[i % 2] + c[4:] for i, c in enumerate(valid[:2000])]
    malformed = ["", "N/A", "0DTJ4Z", "0DTJ4ZZZ", "0DT.J4ZZ", "?", "0DTJ4ZZ x", "ÖDTJ4ZZ"]
    groups = [other_years, unknown, prefixes, with_i_or_o, malformed]
    shares = [4, 4, 3, 2, 2]
    bad_pool = np.array([c for g in groups for c in g], dtype=object)
    bad_weights = np.concatenate(
        [np.full(len(g), s / len(g)) for g, s in zip(groups, shares)]
    )
    bad_part = bad_pool[
        rng.choice(len(bad_pool), size=n_bad, p=bad_weights / bad_weights.sum())
    ]

    n_null = n - n_valid - n_bad
    codes = np.concatenate([valid_part, bad_part, np.full(n_null, None, dtype=object)])
    rng.shuffle(codes)
    return codes, valid_set


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--n", type=int, default=10_000_000, help="number of codes")
    p.add_argument("--dist", choices=["zipf", "uniform"], default="zipf")
    p.add_argument("--repeat", type=int, default=3)
    args = p.parse_args()

    t_import = import_time("medcodes")
    import numpy as np
    import polars as pl
    import pyarrow as pa
    import pyarrow.compute as pc

    import medcodes
    from medcodes import icd10pcs

    print(f"medcodes {medcodes.__version__}, Python {platform.python_version()}, "
          f"{os.cpu_count()} cores, numpy {np.__version__}, pyarrow {pa.__version__}, "
          f"polars {pl.__version__}")
    print(f"import medcodes: {t_import * 1000:.1f} ms (median of 7 fresh interpreters)")
    t = time.perf_counter()
    codes_obj, valid_set = make_codes(args.n, args.dist)
    as_list = codes_obj.tolist()
    as_arrow = pa.array(as_list, type=pa.string())
    as_polars = pl.Series("proc", as_arrow)
    print(f"{args.n:,} ICD-10-PCS codes ({args.dist}), date {DATE}, made in "
          f"{time.perf_counter() - t:.1f} s; {as_arrow.null_count:,} null")
    n = args.n
    rates = {}

    def report(name, seconds, peak):
        rates[name] = n / seconds
        print(f"  {name:<44} {n / seconds / 1e6:8.1f} M codes/s  {seconds * 1000:9.1f} ms  "
              f"peak +{peak / 2**20:7.1f} MB")

    print("medcodes.icd10pcs.is_valid:")
    s, ref_arrow, m = timed(lambda: icd10pcs.is_valid(as_arrow, DATE), args.repeat)
    report("pyarrow Array (utf8)", s, m)
    s, ref_pl, m = timed(lambda: icd10pcs.is_valid(as_polars, DATE), args.repeat)
    report("polars Series (string_view)", s, m)
    s, ref_list, m = timed(lambda: icd10pcs.is_valid(as_list, DATE), args.repeat)
    report("Python list", s, m)
    s, _, m = timed(lambda: icd10pcs.reason(as_arrow, DATE), args.repeat)
    report("reason column, pyarrow", s, m)
    expected = np.asarray(ref_arrow)
    assert (np.asarray(ref_pl) == expected).all()
    assert (np.asarray(ref_list) == expected).all()
    print(f"  (all agree: {int(expected.sum()):,} valid = {expected.mean():.1%})")

    print("Baselines:")

    def pure_python():
        return [c is not None and c.strip().upper() in valid_set for c in as_list]

    s, out_a, m = timed(pure_python, 1)
    report("(a) pure Python strip/upper + set", s, m)
    value_set = pa.array(sorted(valid_set))

    def arrow_compute():
        x = pc.utf8_upper(pc.utf8_trim_whitespace(as_arrow))
        return pc.fill_null(pc.is_in(x, value_set=value_set), False)

    s, out_b, m = timed(arrow_compute, args.repeat)
    report("(b) pyarrow.compute trim/upper/is_in", s, m)
    agree_a = float((np.asarray(out_a) == expected).mean())
    agree_b = float((np.asarray(out_b) == expected).mean())
    print(f"  agreement with medcodes: (a) {agree_a:.2%}, (b) {agree_b:.2%}")

    ours = rates["pyarrow Array (utf8)"]
    print("Ratios (medcodes on the pyarrow column):")
    print(f"  vs (a) pure Python         {ours / rates['(a) pure Python strip/upper + set']:8.1f}x")
    print(f"  vs (b) pyarrow.compute     {ours / rates['(b) pyarrow.compute trim/upper/is_in']:8.1f}x")
    print(f"Target arrow >= 50M/s: {'yes' if ours >= 50e6 else 'NO'}")


if __name__ == "__main__":
    main()
