#!/usr/bin/env python3
"""A date a row against one date for all: `medcodes.<system>.is_valid(codes, dates)` with
an Arrow date32 column of dates of service, beside `is_valid(codes, "2025-06-01")`, on the
same codes (bench_is_valid.py's claims-like mix, Zipf by default). The target: a date a
row at least 0.80x the speed of one date. Run by hand against an installed wheel:

    python benches/python/bench_per_row_dates.py               # 4M codes, best of 5
    python benches/python/bench_per_row_dates.py --n 10000000 --repeat 3

The dates are drawn uniformly over three spans: FY2025 (1 year, few validity periods), 3
years, and FY2016-FY2027 (every period of the code set). Each span's two calls are timed
alternately (one date, a date a row, one date, ...) so that the load of a shared machine
falls on both alike; the best of each is reported.
"""

import argparse
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import bench_is_valid  # noqa: E402  (SYSTEMS: how each system's codes are made)

# Days since 1970: 2024-10-04 (about the start of FY2025), and 2027-03-22, the end of the
# widest span, which starts on 2015-10-01 (FY2016) as bench_is_valid.py's dates do.
FY2025 = 20_000
END = 20_899
SPANS = [(365, FY2025, "1 year (FY2025)"), (3 * 365, END - 3 * 365, "3 years"),
         (4190, END - 4190, "FY2016-FY2027")]


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--system", choices=sorted(bench_is_valid.SYSTEMS), default="icd10cm")
    p.add_argument("--n", type=int, default=4_000_000, help="number of codes")
    p.add_argument("--dist", choices=["zipf", "uniform"], default="zipf")
    p.add_argument("--repeat", type=int, default=5, help="timed calls of each kind per span")
    p.add_argument("--reason", action="store_true", help="time reason, not is_valid")
    args = p.parse_args()

    import numpy as np
    import pyarrow as pa

    import medcodes

    system = bench_is_valid.SYSTEMS[args.system]
    codes, _ = system["make"](args.n, args.dist, system["date"])
    arr = pa.array(codes.tolist(), type=pa.string())
    module = getattr(medcodes, args.system)
    call = module.reason if args.reason else module.is_valid
    rng = np.random.default_rng(7)
    print(f"{args.n:,} {args.system} codes ({args.dist}), {call.__name__}, best of {args.repeat}, "
          f"load {os.getloadavg()[0]:.2f}")
    for days, start, label in SPANS:
        dates = pa.array(rng.integers(start, start + days, len(arr)).astype("int32")).cast(
            pa.date32())
        one, per_row = float("inf"), float("inf")
        call(arr, "2025-06-01")  # warm: the index, the pages
        call(arr, dates)
        for _ in range(args.repeat):
            t = time.perf_counter()
            call(arr, "2025-06-01")
            one = min(one, time.perf_counter() - t)
            t = time.perf_counter()
            call(arr, dates)
            per_row = min(per_row, time.perf_counter() - t)
        n = len(arr)
        print(f"  {label:>16}: one date {n / one / 1e6:6.1f} M codes/s, a date a row "
              f"{n / per_row / 1e6:6.1f} M codes/s = {one / per_row:.2f}x (target >= 0.80)")


if __name__ == "__main__":
    main()
