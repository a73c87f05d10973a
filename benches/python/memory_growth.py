#!/usr/bin/env python3
"""Memory over many calls from Python (issue 18: "no growth in memory over 100 M calls"):
every code system's column calls (Arrow, numpy, lists; one date and a date a row; reasons,
validity, titles, normalisation) and single calls, from 8 threads at once, with never-seen
spellings in every batch, until N million codes are answered. Prints the resident memory
after the first third of the work (the allocator's per-thread arenas have settled by then)
and at the end; exits 1 if it grew by more than 16 MiB between the two.

    python benches/python/memory_growth.py --millions 300
"""

import argparse
import resource
import sys
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pyarrow as pa

import medcodes

ROWS = 100_000
SEEN = ["E11.9", "e119", "I10", "0DTJ4ZZ", "J1100", "", "XYZ", None, "S72.001A", "A0425"]
DATES = ["2016-03-01", "2020-04-01", "2025-03-01", "2026-10-01"]


def resident_mib():
    """Current resident memory (Linux: /proc/self/statm), else the peak."""
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * 4096 / 2**20
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def batch(system, round_):
    """One round of a system's calls; returns how many codes were answered."""
    first, last = system.coverage()
    dates = [d for d in DATES if str(first) <= d <= str(last)] or [str(first)]
    codes = [f"Q{round_:x}{i:x}" if i % 8 == 7 else SEEN[i % len(SEEN)] for i in range(ROWS)]
    arrow = pa.array(codes, pa.string())
    per_row = pa.array([dates[i % len(dates)] for i in range(ROWS)], pa.string()).cast(pa.date32())
    system.is_valid(arrow, dates[0])
    system.reason(arrow, per_row)
    system.title(arrow, dates[-1])
    system.normalize(np.array([c or "" for c in codes[:10_000]], dtype=object))
    system.reason(codes[:10_000], dates[0])
    for c in codes[:1_000]:
        if c is not None:
            system.reason(c, dates[0])
    return 3 * ROWS + 10_000 + 10_000 + 1_000


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--millions", type=int, default=300)
    ap.add_argument("--threads", type=int, default=8)
    ap.add_argument("--every", action="store_true", help="print the resident memory after every round")
    args = ap.parse_args()
    systems = [medcodes.icd10cm, medcodes.icd10pcs, medcodes.hcpcs]
    target = args.millions * 1_000_000
    done, round_, third = 0, 0, None
    with ThreadPoolExecutor(args.threads) as pool:
        while done < target:
            jobs = [(systems[(round_ + k) % len(systems)], round_ + k) for k in range(args.threads)]
            done += sum(pool.map(lambda job: batch(*job), jobs))
            round_ += args.threads
            if args.every:
                print(f"{done / 1e6:6.0f} M: {resident_mib():.1f} MiB", flush=True)
            if third is None and done >= target // 3:
                third = resident_mib()
                print(f"after {done / 1e6:6.0f} M codes: {third:.1f} MiB", flush=True)
    end = resident_mib()
    print(f"after {done / 1e6:6.0f} M codes: {end:.1f} MiB")
    if end > third + 16:
        print(f"grew by {end - third:.1f} MiB")
        sys.exit(1)


if __name__ == "__main__":
    main()
