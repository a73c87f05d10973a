"""medcodes.spark in a real local Spark session: the Arrow UDFs over a DataFrame split
across many partitions agree row by row with the single-process column calls, and the
mapInArrow claim check with medcodes.claims.check_table.

Needs pyspark (requirements-test.txt) and Java 17+ (run-tests.sh installs it when missing);
a machine without them fails here rather than skipping."""

import datetime
import os
import sys

import pyarrow as pa
import pytest

import medcodes
from medcodes import _medcodes, claims, icd10cm
from claims_sample import codes_and_dates

ROWS = 1_000_000
PARTITIONS = 16


@pytest.fixture(scope="module")
def spark():
    # The executors' Python workers are this interpreter (it has medcodes installed): on a
    # cluster, the wheel must be on every executor.
    os.environ["PYSPARK_PYTHON"] = sys.executable
    os.environ["PYSPARK_DRIVER_PYTHON"] = sys.executable
    from pyspark.sql import SparkSession

    session = (
        SparkSession.builder.master("local[2]")
        .appName("medcodes-test")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", str(PARTITIONS))
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .config("spark.sql.execution.arrow.maxRecordsPerBatch", "20000")
        .config("spark.driver.memory", "2g")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def test_udfs_agree_row_by_row_over_many_partitions(spark):
    """A million claim lines made inside Spark (no driver-to-JVM copy, no shuffle): line i
    has code ``codes[i * 7919 % P]`` and date ``dates[i * 104729 % Q]`` of two pools of
    different sizes, so codes meet many dates; the same lines are made here to compare."""
    import medcodes.spark as ms
    import numpy as np
    from pyspark.sql import functions as F

    codes, dates = codes_and_dates(4096, seed=21)
    dates = dates[:4001]
    df = spark.range(0, ROWS, 1, numPartitions=PARTITIONS).select(
        F.col("id").alias("line"),
        F.element_at(F.array(*[F.lit(c).cast("string") for c in codes]), (F.col("id") * 7919 % len(codes) + 1).cast("int")).alias("dx"),
        F.element_at(F.array(*[F.lit(d).cast("date") for d in dates]), (F.col("id") * 104729 % len(dates) + 1).cast("int")).alias("dos"),
    )
    assert df.rdd.getNumPartitions() == PARTITIONS
    out = (
        df.select(
            "line",
            "dx",
            ms.is_valid("dx", "dos").alias("valid"),
            ms.reason("dx", "dos").alias("reason"),
            ms.category("dx").alias("category"),
            ms.system("dx").alias("system"),
        )
        .toArrow()
        .sort_by("line")
    )
    assert out.num_rows == ROWS
    ids = np.arange(ROWS)
    line_codes = [codes[k] for k in (ids * 7919 % len(codes)).tolist()]
    line_dates = [dates[k] for k in (ids * 104729 % len(dates)).tolist()]
    assert out.column("line").to_pylist() == ids.tolist()
    assert out.column("dx").to_pylist() == line_codes
    assert out.column("valid").to_pylist() == icd10cm.is_valid(line_codes, date=line_dates)
    names = _medcodes.REASON_NAMES
    reasons = icd10cm.reason(line_codes, date=line_dates)
    assert out.column("reason").to_pylist() == [None if r is None else names[r] for r in reasons]
    assert out.column("category").to_pylist() == medcodes.category_of(line_codes)
    assert out.column("system").to_pylist() == medcodes.system_of(line_codes)
    assert len(set(reasons)) >= 6  # the lines hold most kinds of answer


def test_the_other_functions_and_sql(spark):
    import medcodes.spark as ms
    from pyspark.sql import functions as F

    codes, dates = codes_and_dates(5_000, seed=2)
    df = spark.createDataFrame(pa.table({"dx": pa.array(codes, pa.string()), "dos": pa.array(dates, pa.date32())}))
    df = df.withColumn("line", F.monotonically_increasing_id()).repartition(4)
    out = df.select(
        "line",
        ms.title("dx", "dos").alias("title"),
        ms.title("dx", datetime.date(2025, 3, 1), short=True).alias("short"),
        ms.normalize("dx", compact=True).alias("compact"),
        ms.block("dx").alias("block"),
        ms.chapter("dx").alias("chapter"),
        ms.ancestor("dx", 5).alias("ancestor"),
        ms.is_valid("dx", F.lit("2024-01-01"), system="icd10pcs").alias("pcs"),
    ).orderBy("line").toArrow()
    assert out.num_rows == len(codes)  # monotonically_increasing_id keeps the input's order
    assert out.column("title").to_pylist() == icd10cm.title(codes, date=dates)
    assert out.column("short").to_pylist() == icd10cm.title(codes, date="2025-03-01", short=True)
    assert out.column("compact").to_pylist() == icd10cm.normalize(codes, compact=True)
    assert out.column("block").to_pylist() == medcodes.block_of(codes)
    assert out.column("chapter").to_pylist() == medcodes.chapter_of(codes)
    assert out.column("ancestor").to_pylist() == medcodes.ancestor_of(codes, 5)
    assert out.column("pcs").to_pylist() == medcodes.icd10pcs.is_valid(codes, date="2024-01-01")

    ms.register(spark)
    df.createOrReplaceTempView("claims")
    got = spark.sql("SELECT line, medcodes_is_valid(dx, dos) AS v, medcodes_system(dx) AS s FROM claims ORDER BY line").toArrow()
    assert got.column("v").to_pylist() == icd10cm.is_valid(codes, date=dates)
    assert got.column("s").to_pylist() == medcodes.system_of(codes)


def test_check_claims_with_map_in_arrow(spark):
    import medcodes.spark as ms
    from pyspark.sql import types as T

    n = 20_000
    codes, dates = codes_and_dates(n * 4, seed=8)
    rows = []
    for i in range(n):
        rows.append(
            (
                i,
                dates[i] or datetime.date(2024, 1, 1),
                (i * 37) % 100,
                "MF"[i % 2],
                codes[4 * i] or "E11.9",
                [c for c in codes[4 * i + 1 : 4 * i + 3] if c],
                ["0DTJ4ZZ"] if i % 5 == 0 else [],
            )
        )
    schema = T.StructType(
        [
            T.StructField("claim_id", T.LongType()),
            T.StructField("discharge_date", T.DateType()),
            T.StructField("age", T.IntegerType()),
            T.StructField("sex", T.StringType()),
            T.StructField("principal_dx", T.StringType()),
            T.StructField("secondary_dx", T.ArrayType(T.StringType())),
            T.StructField("procedures", T.ArrayType(T.StringType())),
        ]
    )
    df = spark.createDataFrame(rows, schema).repartition(8)
    got = ms.check_claims(df).toArrow()
    assert got.num_rows > 0

    # The single-process answer: check_table on the same claims.
    claim_table = pa.table(
        {
            "claim_id": [r[0] for r in rows],
            "discharge_date": pa.array([r[1] for r in rows], pa.date32()),
            "age": [r[2] for r in rows],
            "sex": [r[3] for r in rows],
        }
    )
    ids, kinds, cs, pos = [], [], [], []
    for r in rows:
        for kind, values in (("principal", [r[4]]), ("secondary", r[5]), ("procedure", r[6])):
            for p, c in enumerate(values):
                ids.append(r[0])
                kinds.append(kind)
                cs.append(c)
                pos.append(p)
    code_table = pa.table({"claim_id": ids, "kind": kinds, "code": cs, "position": pos})
    want = claims.check_table(claim_table, code_table)

    def rows_of(t):
        t = t.select(["claim_id", "edit", "number", "position", "index", "code", "message"])
        return sorted(tuple("" if v is None else str(v) for v in r.values()) for r in t.to_pylist())

    assert rows_of(got) == rows_of(want)
    with pytest.raises(ValueError, match="claim_id"):
        ms.check_claims(df.drop("claim_id"))


def test_the_analysts_page_spark_examples(spark, tmp_path, monkeypatch):
    from test_analysts_doc import is_spark, python_blocks, run_blocks

    monkeypatch.chdir(tmp_path)
    blocks = python_blocks()
    spark_blocks = [b for b in blocks if is_spark(b)]
    assert len(spark_blocks) >= 2
    run_blocks([blocks[0], *spark_blocks], {"spark": spark})  # the first writes claims.parquet


def test_pandas_udfs_where_spark_has_no_arrow_udfs(spark, monkeypatch):
    """Before Spark 4.1 the same functions are pandas UDFs (through Arrow): same answers."""
    import medcodes.spark as ms

    monkeypatch.setattr(ms, "ARROW_UDF", False)
    codes, dates = codes_and_dates(3_000, seed=4)
    df = spark.createDataFrame(pa.table({"line": pa.array(range(len(codes)), pa.int64()), "dx": pa.array(codes, pa.string()), "dos": pa.array(dates, pa.date32())}))
    out = df.repartition(3).select("line", ms.is_valid("dx", "dos").alias("v"), ms.system("dx").alias("s"), ms.chapter("dx").alias("c")).toArrow().sort_by("line")
    assert out.column("v").to_pylist() == icd10cm.is_valid(codes, date=dates)
    assert out.column("s").to_pylist() == medcodes.system_of(codes)
    assert out.column("c").to_pylist() == medcodes.chapter_of(codes)
