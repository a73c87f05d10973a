#!/usr/bin/env python3
"""Throughput of `medcodes.icd10cm.is_valid` on a column of 10 million codes, side by side
with the usual pure-Python, pyarrow.compute and simple-icd-10-cm ways, on the same codes
and the same release's code set. Run by hand (see benches/README.md):

    pip install ./bindings-python numpy pyarrow polars simple-icd-10-cm==1.5.0
    python benches/python/bench_is_valid.py            # 10M codes, realistic mix
    python benches/python/bench_is_valid.py --dist uniform --n 2000000

The codes: 80% valid on the date (billable then), drawn with claims-like (Zipf, s=1)
frequencies from every billable code, written dotted and undotted, upper and lower case,
some padded with spaces; 5% null; 15% rejected: headers, deleted codes, well-formed unknown
codes and malformed text. `--dist uniform` draws every billable code equally often instead
(the cache-hostile worst case). The date is 2026-06-01: the April 2026 release, which is
the release simple-icd-10-cm 1.5.0 ships, so every method checks the same code set.
"""

import argparse
import gc
import json
import os
import platform
import subprocess
import sys
import threading
import time

DATE = "2026-06-01"


class PeakRss:
    """Peak resident memory above the starting point while the block runs (sampled)."""

    def __init__(self):
        self.peak = 0

    @staticmethod
    def rss():
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")

    def __enter__(self):
        self.base = self.rss()
        self.running = True
        self.thread = threading.Thread(target=self._sample, daemon=True)
        self.thread.start()
        return self

    def _sample(self):
        while self.running:
            self.peak = max(self.peak, self.rss() - self.base)
            time.sleep(0.002)

    def __exit__(self, *exc):
        self.running = False
        self.thread.join()
        self.peak = max(self.peak, self.rss() - self.base)


def timed(fn, repeat):
    """Best wall time of `repeat` runs, the result of the last, and the peak memory."""
    best = float("inf")
    out = None
    peak = 0
    for _ in range(repeat):
        out = None
        gc.collect()
        with PeakRss() as mem:
            t = time.perf_counter()
            out = fn()
            best = min(best, time.perf_counter() - t)
        peak = max(peak, mem.peak)
    return best, out, peak


def import_time(module, runs=7):
    """Median wall time of `import module` in a fresh interpreter, minus an empty start."""
    code = "import time; t = time.perf_counter(); import {}; print(time.perf_counter() - t)"
    times = []
    for _ in range(runs):
        r = subprocess.run(
            [sys.executable, "-c", code.format(module)], capture_output=True, text=True, check=True
        )
        times.append(float(r.stdout))
    times.sort()
    return times[len(times) // 2]


def make_codes(n, dist, seed=0):
    """An object array of `n` codes (str or None) and the valid set (undotted, upper)."""
    import numpy as np

    from medcodes import icd10cm

    rng = np.random.default_rng(seed)
    billable = [c.code for c in icd10cm.codes_valid_on(DATE)]
    billable_set = set(billable)
    rng.shuffle(billable)
    everything = icd10cm.codes()
    headers = [c.code for c in everything if c.is_present_on(DATE) and not c.is_valid_on(DATE)]
    deleted = [
        c.code for c in everything if c.code not in billable_set and not c.is_present_on(DATE)
    ]

    def spellings(code):
        undotted = code.replace(".", "")
        return [code, undotted, code.lower(), undotted.lower(), f" {code} "]

    # Valid: Zipf(1) or uniform over the billable codes, then a spelling.
    k = len(billable)
    if dist == "zipf":
        weights = 1.0 / np.arange(1, k + 1)
    else:
        weights = np.ones(k)
    weights /= weights.sum()
    pool = []
    for c in billable:
        pool.extend(spellings(c))
    pool_valid = np.array(pool, dtype=object)
    n_valid = int(n * 0.80)
    which = rng.choice(k, size=n_valid, p=weights)
    spelling = rng.choice(5, size=n_valid, p=[0.45, 0.35, 0.10, 0.05, 0.05])
    valid_part = pool_valid[which * 5 + spelling]

    # Rejected: headers, deleted codes, unknown and malformed.
    n_bad = int(n * 0.15)
    letters = np.array(list("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
    unknown = [
        f"{l}{d:02d}.{e}" for l, d, e in zip(letters[rng.integers(0, 26, 5000)],
                                             rng.integers(0, 100, 5000), rng.integers(0, 10000, 5000))
    ]
    unknown = [u for u in unknown if u.replace(".", "") not in billable_set]
    malformed = ["E1.19", "", "N/A", "ICD10", "250.00", "E11..9", "E11.9 x", "?", "é11.9",
                 "E11.999999999", "1E11"]
    bad_pool = np.array(headers + deleted + unknown + malformed, dtype=object)
    bad_weights = np.concatenate([
        np.full(len(headers), 5 / 15 / len(headers)),
        np.full(len(deleted), 3 / 15 / len(deleted)),
        np.full(len(unknown), 4 / 15 / len(unknown)),
        np.full(len(malformed), 3 / 15 / len(malformed)),
    ])
    bad_part = bad_pool[rng.choice(len(bad_pool), size=n_bad, p=bad_weights / bad_weights.sum())]

    n_null = n - n_valid - n_bad
    codes = np.concatenate([valid_part, bad_part, np.full(n_null, None, dtype=object)])
    rng.shuffle(codes)
    valid_undotted = {c.replace(".", "") for c in billable}
    return codes, valid_undotted


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--n", type=int, default=10_000_000, help="number of codes")
    p.add_argument("--dist", choices=["zipf", "uniform"], default="zipf")
    p.add_argument("--sample", type=int, default=100_000, help="codes for simple-icd-10-cm")
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--no-memo", action="store_true", help="medcodes without its memo of repeated spellings (the core's batch calls alone)")
    p.add_argument("--json", help="also write the results to this file")
    args = p.parse_args()

    t_import = import_time("medcodes")
    import numpy as np
    import polars as pl
    import pyarrow as pa
    import pyarrow.compute as pc

    import medcodes
    from medcodes import icd10cm

    if args.no_memo:
        medcodes._medcodes._set_memo(False)

    print(f"medcodes {medcodes.__version__}, Python {platform.python_version()}, "
          f"{os.cpu_count()} cores, numpy {np.__version__}, pyarrow {pa.__version__}, "
          f"polars {pl.__version__}")
    print(f"import medcodes: {t_import * 1000:.1f} ms (median of 7 fresh interpreters)")
    t = time.perf_counter()
    codes_obj, valid_set = make_codes(args.n, args.dist)
    as_list = codes_obj.tolist()
    as_arrow = pa.array(as_list, type=pa.string())
    as_polars = pl.Series("dx", as_arrow)
    as_numpy_u = np.array([c if c is not None else "" for c in as_list[: 2_000_000]])
    print(f"{args.n:,} codes ({args.dist}), date {DATE}, made in {time.perf_counter() - t:.1f} s; "
          f"{as_arrow.null_count:,} null")
    n = args.n
    results = {}

    def report(name, seconds, peak, rows=n, base=None):
        rate = rows / seconds
        results[name] = {"seconds": seconds, "codes_per_s": rate, "peak_mb": peak / 2**20, "rows": rows}
        print(f"  {name:<44} {rate / 1e6:8.1f} M codes/s  {seconds * 1000:9.1f} ms  "
              f"peak +{peak / 2**20:7.1f} MB")

    print("medcodes.icd10cm.is_valid:")
    s, ref_arrow, m = timed(lambda: icd10cm.is_valid(as_arrow, DATE), args.repeat)
    report("pyarrow Array (utf8)", s, m)
    s, ref_pl, m = timed(lambda: icd10cm.is_valid(as_polars, DATE), args.repeat)
    report("polars Series (string_view)", s, m)
    s, ref_list, m = timed(lambda: icd10cm.is_valid(as_list, DATE), args.repeat)
    report("Python list", s, m)
    s, ref_np, m = timed(lambda: icd10cm.is_valid(codes_obj, DATE), args.repeat)
    report("numpy object array", s, m)
    s, _, m = timed(lambda: icd10cm.is_valid(as_numpy_u, DATE), args.repeat)
    report(f"numpy unicode array ({len(as_numpy_u):,})", s, m, rows=len(as_numpy_u))
    s, _, m = timed(lambda: icd10cm.reason(as_arrow, DATE), args.repeat)
    report("reason column, pyarrow", s, m)
    # A date a row (claims span years): dates over FY2016-FY2027 as an Arrow date32
    # column; the target is within 25% of one date for all.
    days = pa.array(
        np.random.default_rng(7).integers(16_709, 20_899, len(as_arrow)).astype("int32"),
        type=pa.int32(),
    ).cast(pa.date32())
    s, _, m = timed(lambda: icd10cm.is_valid(as_arrow, days), args.repeat)
    report("pyarrow Array, a date a row (date32)", s, m)

    expected = np.asarray(ref_arrow)
    assert (np.asarray(ref_pl) == expected).all()
    assert (np.asarray(ref_list) == expected).all()
    assert (ref_np == expected).all()
    print(f"  (all agree: {int(expected.sum()):,} valid = {expected.mean():.1%})")

    print("Baselines:")

    def pure_python():
        return [c is not None and c.strip().upper().replace(".", "") in valid_set for c in as_list]

    s, out_a, m = timed(pure_python, 1)
    report("(a) pure Python strip/upper/replace + set", s, m)

    value_set = pa.array(sorted(valid_set))

    def arrow_compute():
        x = pc.utf8_trim_whitespace(as_arrow)
        x = pc.utf8_upper(x)
        x = pc.replace_substring(x, ".", "")
        return pc.fill_null(pc.is_in(x, value_set=value_set), False)

    s, out_b, m = timed(arrow_compute, args.repeat)
    report("(b) pyarrow.compute trim/upper/replace/is_in", s, m)

    t = time.perf_counter()
    import simple_icd_10_cm as cm

    t_simple_import = time.perf_counter() - t
    sample = [c for c in as_list[: args.sample]]

    def simple():
        return [c is not None and cm.is_valid_item(c) for c in sample]

    s, out_c, m = timed(simple, 1)
    report(f"(c) simple-icd-10-cm is_valid_item ({len(sample):,})", s, m, rows=len(sample))
    print(f"  simple-icd-10-cm import: {t_simple_import * 1000:.0f} ms")

    agree_a = float((np.asarray(out_a) == expected).mean())
    agree_b = float((np.asarray(out_b) == expected).mean())
    print(f"  agreement with medcodes: (a) {agree_a:.2%}, (b) {agree_b:.2%} "
          "(they accept misplaced dots and ignore the date)")

    ours = results["pyarrow Array (utf8)"]["codes_per_s"]
    per_row = results["pyarrow Array, a date a row (date32)"]["codes_per_s"]
    print(f"A date a row: {per_row / ours:.2f}x the speed of one date for all (target >= 0.80)")
    ours_pl = results["polars Series (string_view)"]["codes_per_s"]
    ratios = {
        "vs (a) pure Python": ours / results["(a) pure Python strip/upper/replace + set"]["codes_per_s"],
        "vs (b) pyarrow.compute": ours / results["(b) pyarrow.compute trim/upper/replace/is_in"]["codes_per_s"],
        "vs (c) simple-icd-10-cm": ours / results[f"(c) simple-icd-10-cm is_valid_item ({len(sample):,})"]["codes_per_s"],
    }
    print("Ratios (medcodes on the pyarrow column):")
    for k, v in ratios.items():
        print(f"  {k:<26} {v:8.1f}x")
    targets = {
        "arrow >= 50M/s": ours >= 50e6,
        "polars >= 50M/s": ours_pl >= 50e6,
        "list >= 10M/s": results["Python list"]["codes_per_s"] >= 10e6,
        ">= 20x (a)": ratios["vs (a) pure Python"] >= 20,
        ">= 8x (b)": ratios["vs (b) pyarrow.compute"] >= 8,
        ">= 50x (c)": ratios["vs (c) simple-icd-10-cm"] >= 50,
        "import <= 30 ms": t_import <= 0.030,
    }
    print("Targets: " + ", ".join(f"{k}: {'yes' if v else 'NO'}" for k, v in targets.items()))
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"args": vars(args), "import_s": t_import, "results": results,
                       "ratios": ratios, "targets": targets,
                       "simple_icd_import_s": t_simple_import}, f, indent=2)


if __name__ == "__main__":
    main()
