#!/usr/bin/env python3
"""Throughput against rows for each engine, on the first N lines of a claims file
(`gen_claims.py`), drawn as an SVG (no plotting library needed): `is_valid` with a date a
line through the polars namespace, the pandas accessor, DuckDB's `medcodes_is_valid` and
(with `--spark`) `medcodes.spark.is_valid`, beside the plain-Python ways (a `set` lookup in
a list comprehension; DuckDB's and Spark's plain-Python UDFs doing it).

    python benches/python/gen_claims.py --n 10000000 -o /tmp/claims-10m.parquet
    python benches/python/plot_throughput.py /tmp/claims-10m.parquet -o docs/analysts-throughput.svg
"""

import argparse
import datetime
import math
import os
import sys

import bench_dataframes


def best(fn, repeat):
    """Best wall time of `repeat` calls (the collector off, as in bench_dataframes.py)."""
    return bench_dataframes.best(fn, repeat)[0]


def measure(path, sizes, repeat, spark_too):
    import duckdb
    import pandas as pd
    import polars as pl
    import pyarrow.parquet as pq

    import medcodes.duckdb
    import medcodes.pandas  # noqa: F401
    import medcodes.polars  # noqa: F401
    from medcodes import icd10cm

    table = pq.read_table(path)
    day = datetime.date(2025, 3, 1)
    valid_set = {c.code.replace(".", "") for c in icd10cm.codes_valid_on(day)}

    def set_udf(code):
        return code is not None and code.strip().upper().replace(".", "") in valid_set

    con = duckdb.connect()
    medcodes.duckdb.register(con)
    con.create_function("set_is_valid", set_udf, ["VARCHAR"], "BOOLEAN", null_handling="special")
    spark = None
    if spark_too:
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        from pyspark.sql import SparkSession
        from pyspark.sql import functions as F
        from pyspark.sql import types as T

        import medcodes.spark as ms

        spark = (SparkSession.builder.master("local[*]").config("spark.ui.enabled", "false")
                 .config("spark.sql.execution.arrow.pyspark.enabled", "true").getOrCreate())
        spark.sparkContext.setLogLevel("ERROR")
        set_py = F.udf(set_udf, T.BooleanType())

    series = {}
    for n in sizes:
        part = table.slice(0, n)
        codes = part.column("dx").to_pylist()
        df = pl.from_arrow(part)
        pdf = part.to_pandas()
        pdf["dos"] = pd.to_datetime(pdf["dos"])
        con.register("claims", part)
        reps = repeat if n <= 1_000_000 else 1
        timings = {
            "Python set lookup (list)": best(lambda: [set_udf(c) for c in codes], 1),
            "polars namespace": best(lambda: df.select(pl.col("dx").medcodes.is_valid(date=pl.col("dos"))), reps),
            "polars namespace, streaming": best(
                lambda: df.lazy().select(pl.col("dx").medcodes.is_valid(date=pl.col("dos"))).collect(engine="streaming"), reps
            ),
            "pandas accessor": best(lambda: pdf["dx"].medcodes.is_valid(date=pdf["dos"]), reps),
            "DuckDB medcodes_is_valid": best(lambda: con.execute("SELECT count_if(medcodes_is_valid(dx, dos)) FROM claims").fetchall(), reps),
            "DuckDB Python UDF (set)": best(lambda: con.execute("SELECT count_if(set_is_valid(dx)) FROM claims").fetchall(), 1),
        }
        if spark is not None:
            sdf = spark.createDataFrame(part).repartition(os.cpu_count() * 2).cache()
            sdf.count()
            timings["Spark medcodes.spark.is_valid"] = best(lambda: sdf.select(F.count_if(ms.is_valid("dx", "dos"))).collect(), 1)
            timings["Spark Python UDF (set)"] = best(lambda: sdf.select(F.count_if(set_py("dx"))).collect(), 1)
            sdf.unpersist()
        for name, seconds in timings.items():
            series.setdefault(name, []).append((n, n / seconds))
            print(f"{n:>11,} {name:32} {n / seconds / 1e6:8.2f} M rows/s", flush=True)
    if spark is not None:
        spark.stop()
    return series


COLORS = ["#1f77b4", "#2ca02c", "#17becf", "#9467bd", "#d62728", "#ff7f0e", "#8c564b", "#e377c2"]


def svg(series, title):
    """A log-log line chart of rows/s against rows, as SVG text."""
    w, h, left, right, top, bottom = 760, 460, 70, 250, 40, 50
    xs = [x for pts in series.values() for x, _ in pts]
    ys = [y for pts in series.values() for _, y in pts]
    x0, x1 = math.floor(math.log10(min(xs))), math.ceil(math.log10(max(xs)))
    y0, y1 = math.floor(math.log10(min(ys))), math.ceil(math.log10(max(ys)))
    pw, ph = w - left - right, h - top - bottom

    def px(x):
        return left + (math.log10(x) - x0) / max(x1 - x0, 1) * pw

    def py(y):
        return top + ph - (math.log10(y) - y0) / max(y1 - y0, 1) * ph

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" font-family="sans-serif" font-size="12">',
           f'<rect width="{w}" height="{h}" fill="white"/>',
           f'<text x="{left}" y="22" font-size="14" font-weight="bold">{title}</text>']
    for e in range(x0, x1 + 1):
        x = px(10**e)
        out.append(f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{top + ph}" stroke="#ddd"/>')
        out.append(f'<text x="{x:.1f}" y="{top + ph + 16}" text-anchor="middle">{10**e:,}</text>')
    for e in range(y0, y1 + 1):
        y = py(10**e)
        label = f"{10**e / 1e6:g}M" if e >= 6 else f"{10**e / 1e3:g}k"
        out.append(f'<line x1="{left}" y1="{y:.1f}" x2="{left + pw}" y2="{y:.1f}" stroke="#ddd"/>')
        out.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{label}</text>')
    out.append(f'<text x="{left + pw / 2}" y="{h - 10}" text-anchor="middle">rows (claim lines)</text>')
    out.append(f'<text transform="translate(16,{top + ph / 2}) rotate(-90)" text-anchor="middle">rows per second</text>')
    for i, (name, pts) in enumerate(series.items()):
        color = COLORS[i % len(COLORS)]
        dash = ' stroke-dasharray="5,4"' if "Python" in name else ""
        path = " ".join(f"{'M' if k == 0 else 'L'}{px(x):.1f},{py(y):.1f}" for k, (x, y) in enumerate(pts))
        out.append(f'<path d="{path}" fill="none" stroke="{color}" stroke-width="2"{dash}/>')
        for x, y in pts:
            out.append(f'<circle cx="{px(x):.1f}" cy="{py(y):.1f}" r="3" fill="{color}"/>')
        ly = top + 10 + i * 20
        out.append(f'<line x1="{w - right + 15}" y1="{ly}" x2="{w - right + 40}" y2="{ly}" stroke="{color}" stroke-width="2"{dash}/>')
        out.append(f'<text x="{w - right + 46}" y="{ly + 4}">{name}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("claims", help="a claims file from gen_claims.py")
    ap.add_argument("-o", "--output", default="analysts-throughput.svg")
    ap.add_argument("--sizes", default="10000,100000,1000000,10000000")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--spark", action="store_true")
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    series = measure(args.claims, sizes, args.repeat, args.spark)
    load = os.getloadavg()[0]
    title = f"is_valid with a date a line, {os.cpu_count()} cores, load {load:.1f} ({datetime.date.today()})"
    with open(args.output, "w") as f:
        f.write(svg(series, title))
    print(f"wrote {args.output}")


if __name__ == "__main__":
    main()
