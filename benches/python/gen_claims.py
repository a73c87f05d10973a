#!/usr/bin/env python3
"""Writes a synthetic claims file for the dataframe benchmarks: one claim line a row,
``claim_id`` (int64), ``dx`` (an ICD-10-CM code as written on claims: 80% valid on its date
of service, Zipf-drawn, dotted, undotted or lower case; 15% headers and junk; 5% null) and
``dos`` (date32, over FY2025). The lines are `bench_dataframes.py`'s.

    python benches/python/gen_claims.py --n 10000000 -o /tmp/claims-10m.parquet
"""

import argparse
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=10_000_000)
    ap.add_argument("-o", "--output", default="claims.parquet")
    ap.add_argument("--seed", type=int, default=16)
    args = ap.parse_args()

    import pyarrow as pa
    import pyarrow.parquet as pq

    from bench_dataframes import make_lines

    t = time.perf_counter()
    codes, dates, _ = make_lines(args.n, seed=args.seed)
    claim_ids = pa.array([i // 4 for i in range(args.n)], pa.int64())  # about 4 lines a claim
    table = pa.table({"claim_id": claim_ids, "dx": pa.array(codes, pa.string()), "dos": pa.array(dates, pa.date32())})
    pq.write_table(table, args.output, row_group_size=1 << 20)
    print(f"wrote {args.n:,} lines to {args.output} in {time.perf_counter() - t:.1f} s")


if __name__ == "__main__":
    main()
