#!/usr/bin/env python3
"""Throughput of `medcodes.<system>.is_valid` on a column of 10 million codes, side by side
with the usual pure-Python and pyarrow.compute ways (and, for ICD-10-CM, simple-icd-10-cm),
on the same codes and the same release's code set. Run by hand (see benches/python/README.md):

    pip install ./bindings-python numpy pyarrow polars simple-icd-10-cm==1.5.0
    python benches/python/bench_is_valid.py            # ICD-10-CM, 10M codes, realistic mix
    python benches/python/bench_is_valid.py --system icd10pcs
    python benches/python/bench_is_valid.py --system hcpcs
    python benches/python/bench_is_valid.py --dist uniform --n 2000000

ICD-10-CM codes: 80% valid on the date (billable then), drawn with claims-like (Zipf, s=1)
frequencies from every billable code, written dotted and undotted, upper and lower case,
some padded with spaces; 5% null; 15% rejected: headers, deleted codes, well-formed unknown
codes and malformed text. `--dist uniform` draws every billable code equally often instead
(the cache-hostile worst case). The date is 2026-06-01: the April 2026 release, which is
the release simple-icd-10-cm 1.5.0 ships, so every method checks the same code set.

ICD-10-PCS codes (date 2025-03-01): 80% valid, drawn the same way, written upper case (85%),
lower case (10%) or padded with spaces (5%); 5% null; 15% rejected: codes of other years
(deleted or not yet added), well-formed unknown codes, the first 3 or 4 characters of a
code (a table or body part, not a code), codes with the letters I or O, and malformed text.
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


def valid_part(rng, n, dist, valid, spellings, shares):
    """`n` codes drawn from `valid` with Zipf(1) (claims-like) or uniform frequencies, each
    written in one of its `spellings` with the given `shares`."""
    import numpy as np

    k = len(valid)
    weights = 1.0 / np.arange(1, k + 1) if dist == "zipf" else np.ones(k)
    weights /= weights.sum()
    pool = np.array([w for c in valid for w in spellings(c)], dtype=object)
    which = rng.choice(k, size=n, p=weights)
    spelling = rng.choice(len(shares), size=n, p=shares)
    return pool[which * len(shares) + spelling]


def rejected_part(rng, n, groups):
    """`n` rejected codes: `groups` is a list of (codes, share of the rejected)."""
    import numpy as np

    pool = np.array([c for g, _ in groups for c in g], dtype=object)
    weights = np.concatenate([np.full(len(g), s / len(g)) for g, s in groups])
    return pool[rng.choice(len(pool), size=n, p=weights / weights.sum())]


def with_nulls(rng, n, valid, rejected):
    """The valid and rejected codes, padded to `n` with nulls, shuffled."""
    import numpy as np

    nulls = np.full(n - len(valid) - len(rejected), None, dtype=object)
    codes = np.concatenate([valid, rejected, nulls])
    rng.shuffle(codes)
    return codes


def make_cm_codes(n, dist, date, seed=0):
    """An object array of `n` ICD-10-CM codes (str or None) and the valid set (undotted,
    upper)."""
    import numpy as np

    from medcodes import icd10cm

    rng = np.random.default_rng(seed)
    billable = [c.code for c in icd10cm.codes_valid_on(date)]
    billable_set = set(billable)
    rng.shuffle(billable)
    everything = icd10cm.codes()
    headers = [c.code for c in everything if c.is_present_on(date) and not c.is_valid_on(date)]
    deleted = [
        c.code for c in everything if c.code not in billable_set and not c.is_present_on(date)
    ]

    def spellings(code):
        undotted = code.replace(".", "")
        return [code, undotted, code.lower(), undotted.lower(), f" {code} "]

    valid = valid_part(rng, int(n * 0.80), dist, billable, spellings,
                       [0.45, 0.35, 0.10, 0.05, 0.05])
    letters = np.array(list("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
    unknown = [
        f"{l}{d:02d}.{e}" for l, d, e in zip(letters[rng.integers(0, 26, 5000)],
                                             rng.integers(0, 100, 5000), rng.integers(0, 10000, 5000))
    ]
    unknown = [u for u in unknown if u.replace(".", "") not in billable_set]
    malformed = ["E1.19", "", "N/A", "ICD10", "250.00", "E11..9", "E11.9 x", "?", "é11.9",
                 "E11.999999999", "1E11"]
    rejected = rejected_part(rng, int(n * 0.15),
                             [(headers, 5), (deleted, 3), (unknown, 4), (malformed, 3)])
    return with_nulls(rng, n, valid, rejected), {c.replace(".", "") for c in billable}


PCS_CHARS = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ"


def make_pcs_codes(n, dist, date, seed=0):
    """An object array of `n` ICD-10-PCS codes (str or None) and the valid set (upper)."""
    import numpy as np

    from medcodes import icd10pcs

    rng = np.random.default_rng(seed)
    codes = [c.code for c in icd10pcs.codes_valid_on(date)]
    valid_set = set(codes)
    rng.shuffle(codes)
    other_years = sorted(
        {c.code for d in ("2016-06-01", "2026-12-01") for c in icd10pcs.codes_valid_on(d)}
        - valid_set
    )
    valid = valid_part(rng, int(n * 0.80), dist, codes, lambda c: [c, c.lower(), f" {c} "],
                       [0.85, 0.10, 0.05])
    chars = np.array(list(PCS_CHARS))
    unknown = ["".join(rng.choice(chars, 7)) for _ in range(5000)]
    unknown = [u for u in unknown if u not in valid_set]
    prefixes = [c[: rng.integers(3, 5)] for c in codes[:5000]]
    with_i_or_o = [c[:3] + "IO"[i % 2] + c[4:] for i, c in enumerate(codes[:2000])]
    malformed = ["", "N/A", "0DTJ4Z", "0DTJ4ZZZ", "0DT.J4ZZ", "?", "0DTJ4ZZ x", "ÖDTJ4ZZ"]
    rejected = rejected_part(rng, int(n * 0.15), [
        (other_years, 4), (unknown, 4), (prefixes, 3), (with_i_or_o, 2), (malformed, 2)])
    return with_nulls(rng, n, valid, rejected), valid_set


def make_hcpcs_codes(n, dist, date, seed=0):
    """An object array of `n` HCPCS Level II codes (str or None) and the valid set (upper)."""
    import numpy as np

    from medcodes import hcpcs

    rng = np.random.default_rng(seed)
    codes = [c.code for c in hcpcs.codes_valid_on(date)]
    valid_set = set(codes)
    rng.shuffle(codes)
    other_quarters = sorted(
        {c.code for d in ("2019-07-01", "2026-06-01") for c in hcpcs.codes_valid_on(d)}
        - valid_set
    )
    valid = valid_part(rng, int(n * 0.80), dist, codes, lambda c: [c, c.lower(), f" {c} "],
                       [0.85, 0.10, 0.05])
    digits = rng.integers(0, 10_000, 5000)
    letters = np.array(list("ABCEGHJKLMPQRSTUV"))[rng.integers(0, 17, 5000)]
    unknown = [f"{l}{d:04d}" for l, d in zip(letters, digits)]
    unknown = [u for u in unknown if u not in valid_set]
    cpt = [f"{d:05d}" for d in rng.integers(10_000, 99_999, 2000)] + ["99213", "0001U"]
    prefixes = [c[:3] for c in codes[:2000]]
    malformed = ["", "N/A", "J11000", "J-1100", "?", "J1100 x", "Ö1100"]
    rejected = rejected_part(rng, int(n * 0.15), [
        (other_quarters, 4), (unknown, 4), (cpt, 4), (prefixes, 1), (malformed, 2)])
    return with_nulls(rng, n, valid, rejected), valid_set


# What differs between systems: the date (a release every compared method knows), how the
# codes are made, and what a hand-written baseline strips.
SYSTEMS = {
    "icd10cm": {"date": "2026-06-01", "make": make_cm_codes, "strip_dot": True},
    "icd10pcs": {"date": "2025-03-01", "make": make_pcs_codes, "strip_dot": False},
    "hcpcs": {"date": "2025-07-01", "make": make_hcpcs_codes, "strip_dot": False},
}


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--system", choices=sorted(SYSTEMS), default="icd10cm")
    p.add_argument("--n", type=int, default=10_000_000, help="number of codes")
    p.add_argument("--dist", choices=["zipf", "uniform"], default="zipf")
    p.add_argument("--sample", type=int, default=100_000, help="codes for simple-icd-10-cm")
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--no-memo", action="store_true", help="medcodes without its memo of repeated spellings (the core's batch calls alone)")
    p.add_argument("--json", help="also write the results to this file")
    args = p.parse_args()
    system = SYSTEMS[args.system]
    date = system["date"]

    t_import = import_time("medcodes")
    import numpy as np
    import polars as pl
    import pyarrow as pa
    import pyarrow.compute as pc

    import medcodes

    codes = getattr(medcodes, args.system)
    if args.no_memo:
        medcodes._medcodes._set_memo(False)

    print(f"medcodes {medcodes.__version__}, Python {platform.python_version()}, "
          f"{os.cpu_count()} cores, numpy {np.__version__}, pyarrow {pa.__version__}, "
          f"polars {pl.__version__}")
    print(f"import medcodes: {t_import * 1000:.1f} ms (median of 7 fresh interpreters)")
    t = time.perf_counter()
    codes_obj, valid_set = system["make"](args.n, args.dist, date)
    as_list = codes_obj.tolist()
    as_arrow = pa.array(as_list, type=pa.string())
    as_polars = pl.Series("code", as_arrow)
    as_numpy_u = np.array([c if c is not None else "" for c in as_list[: 2_000_000]])
    print(f"{args.n:,} {args.system} codes ({args.dist}), date {date}, made in "
          f"{time.perf_counter() - t:.1f} s; {as_arrow.null_count:,} null")
    n = args.n
    results = {}

    def report(name, seconds, peak, rows=n):
        rate = rows / seconds
        results[name] = {"seconds": seconds, "codes_per_s": rate, "peak_mb": peak / 2**20, "rows": rows}
        print(f"  {name:<44} {rate / 1e6:8.1f} M codes/s  {seconds * 1000:9.1f} ms  "
              f"peak +{peak / 2**20:7.1f} MB")

    print(f"medcodes.{args.system}.is_valid:")
    s, ref_arrow, m = timed(lambda: codes.is_valid(as_arrow, date), args.repeat)
    report("pyarrow Array (utf8)", s, m)
    s, ref_pl, m = timed(lambda: codes.is_valid(as_polars, date), args.repeat)
    report("polars Series (string_view)", s, m)
    s, ref_list, m = timed(lambda: codes.is_valid(as_list, date), args.repeat)
    report("Python list", s, m)
    s, ref_np, m = timed(lambda: codes.is_valid(codes_obj, date), args.repeat)
    report("numpy object array", s, m)
    s, _, m = timed(lambda: codes.is_valid(as_numpy_u, date), args.repeat)
    report(f"numpy unicode array ({len(as_numpy_u):,})", s, m, rows=len(as_numpy_u))
    s, _, m = timed(lambda: codes.reason(as_arrow, date), args.repeat)
    report("reason column, pyarrow", s, m)
    # A date a row (claims span years): dates over the system's data (ICD-10: FY2016-FY2027)
    # as an Arrow date32 column; the target is within 25% of one date for all.
    first, last = (d.toordinal() - 719_163 for d in codes.coverage())
    days = pa.array(
        np.random.default_rng(7).integers(first, last + 1, len(as_arrow)).astype("int32"),
        type=pa.int32(),
    ).cast(pa.date32())
    s, _, m = timed(lambda: codes.is_valid(as_arrow, days), args.repeat)
    report("pyarrow Array, a date a row (date32)", s, m)

    expected = np.asarray(ref_arrow)
    assert (np.asarray(ref_pl) == expected).all()
    assert (np.asarray(ref_list) == expected).all()
    assert (ref_np == expected).all()
    print(f"  (all agree: {int(expected.sum()):,} valid = {expected.mean():.1%})")

    print("Baselines:")
    strip_dot = system["strip_dot"]

    def pure_python():
        if strip_dot:
            return [c is not None and c.strip().upper().replace(".", "") in valid_set for c in as_list]
        return [c is not None and c.strip().upper() in valid_set for c in as_list]

    s, out_a, m = timed(pure_python, 1)
    report("(a) pure Python set", s, m)

    value_set = pa.array(sorted(valid_set))

    def arrow_compute():
        x = pc.utf8_upper(pc.utf8_trim_whitespace(as_arrow))
        if strip_dot:
            x = pc.replace_substring(x, ".", "")
        return pc.fill_null(pc.is_in(x, value_set=value_set), False)

    s, out_b, m = timed(arrow_compute, args.repeat)
    report("(b) pyarrow.compute is_in", s, m)
    ours = results["pyarrow Array (utf8)"]["codes_per_s"]
    ratios = {
        "vs (a) pure Python": ours / results["(a) pure Python set"]["codes_per_s"],
        "vs (b) pyarrow.compute": ours / results["(b) pyarrow.compute is_in"]["codes_per_s"],
    }
    targets = {}
    t_simple_import = None
    if args.system == "icd10cm":
        t = time.perf_counter()
        import simple_icd_10_cm as cm

        t_simple_import = time.perf_counter() - t
        sample = as_list[: args.sample]
        s, _, m = timed(lambda: [c is not None and cm.is_valid_item(c) for c in sample], 1)
        name = f"(c) simple-icd-10-cm is_valid_item ({len(sample):,})"
        report(name, s, m, rows=len(sample))
        print(f"  simple-icd-10-cm import: {t_simple_import * 1000:.0f} ms")
        ratios["vs (c) simple-icd-10-cm"] = ours / results[name]["codes_per_s"]
        targets[">= 50x (c)"] = ratios["vs (c) simple-icd-10-cm"] >= 50

    agree_a = float((np.asarray(out_a) == expected).mean())
    agree_b = float((np.asarray(out_b) == expected).mean())
    print(f"  agreement with medcodes: (a) {agree_a:.2%}, (b) {agree_b:.2%} "
          "(they accept misplaced dots and ignore the date)")

    per_row = results["pyarrow Array, a date a row (date32)"]["codes_per_s"]
    print(f"A date a row: {per_row / ours:.2f}x the speed of one date for all (target >= 0.80)")
    print("Ratios (medcodes on the pyarrow column):")
    for k, v in ratios.items():
        print(f"  {k:<26} {v:8.1f}x")
    targets.update({
        "arrow >= 50M/s": ours >= 50e6,
        "polars >= 50M/s": results["polars Series (string_view)"]["codes_per_s"] >= 50e6,
        "list >= 10M/s": results["Python list"]["codes_per_s"] >= 10e6,
        ">= 20x (a)": ratios["vs (a) pure Python"] >= 20,
        ">= 8x (b)": ratios["vs (b) pyarrow.compute"] >= 8,
        "import <= 30 ms": t_import <= 0.030,
    })
    print("Targets: " + ", ".join(f"{k}: {'yes' if v else 'NO'}" for k, v in targets.items()))
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"args": vars(args), "import_s": t_import, "results": results,
                       "ratios": ratios, "targets": targets,
                       "simple_icd_import_s": t_simple_import}, f, indent=2)


if __name__ == "__main__":
    main()
