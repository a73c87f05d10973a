"""medcodes on a Spark cluster: column functions as Arrow UDFs, and the claim edits over a
DataFrame with ``mapInArrow``.

::

    from pyspark.sql import functions as F
    import medcodes.spark as ms

    claims = claims.withColumns({
        "valid": ms.is_valid("dx", "dos"),          # BooleanType
        "reason": ms.reason("dx", "dos"),           # StringType: 'valid', 'not_billable'...
        "category": ms.category("dx"),
    })
    findings = ms.check_claims(wide_claims)         # one row per MCE edit raised

Each function gives a ``Column``: an Arrow UDF (``pyspark.sql.functions.arrow_udf``,
Spark 4.1 and later) or, on older Sparks, a pandas UDF (``pandas_udf``), over Spark's
Arrow batches; the work is the plain column calls' (the core's batch engine, without the
GIL) on each executor. ``register(spark)`` makes them SQL functions
(``medcodes_is_valid(dx, dos)``...), named as ``medcodes.duckdb`` names them.

What a cluster needs: the ``medcodes`` wheel installed in the Python of every executor
(``pip install medcodes`` in the image, ``--py-files``/``spark.archives`` with a packed
environment, or ``spark.pyspark.python`` pointing at one that has it) and pyarrow (which
PySpark's Arrow UDFs need anyway). The wheel carries the data: executors download
nothing.
"""

import pyarrow as pa
import pyarrow.compute as pc
from pyspark.sql import Column
from pyspark.sql import functions as F
from pyspark.sql import types as T

import medcodes as _pkg

from . import _rollup
from . import _medcodes as _m

_REASON_NAMES = list(_m.REASON_NAMES)

ARROW_UDF = hasattr(F, "arrow_udf")
"""Whether this Spark has Arrow UDFs (4.1+); pandas UDFs otherwise."""


def _module(system):
    module = getattr(_pkg, system, None) if isinstance(system, str) else None
    if module is None or not hasattr(module, "is_valid"):
        known = ", ".join(_m.CODE_SYSTEMS)
        raise ValueError(f"unknown code system {system!r}: expected one of {known}")
    return module


def _array(x):
    if isinstance(x, pa.ChunkedArray):
        return x.combine_chunks()
    return x


def _udf(f, return_type):
    """``f`` (Arrow arrays in, an Arrow array out) as a Spark UDF: an Arrow UDF where Spark
    has them, else a pandas UDF that goes through Arrow."""
    if ARROW_UDF:
        return F.arrow_udf(lambda *cols: f(*(_array(c) for c in cols)), return_type)
    import pandas as pd

    def through_pandas(*series):
        out = f(*(pa.Array.from_pandas(s) for s in series))
        return pd.Series(out.to_pandas(), index=series[0].index)

    return F.pandas_udf(through_pandas, return_type)


def _col(c):
    return F.col(c) if isinstance(c, str) else c


def _dated(code, date, f, return_type):
    """A UDF of the codes and, when ``date`` is a column (a name or a ``Column``), the
    dates; one date (a ``datetime.date``; None: today) is taken by the function itself."""
    if isinstance(date, (str, Column)):
        return _udf(f, return_type)(_col(code), _col(date))
    return _udf(lambda codes: f(codes, date), return_type)(_col(code))


def _labels(indexes, labels):
    return pc.take(pa.array(labels), _array(indexes))


def is_valid(code, date=None, *, system="icd10cm"):
    """Whether each code is valid on its date of service: ``date`` a column (a name or a
    ``Column``: ``F.lit("2025-03-01")`` for one ISO date), or one ``datetime.date`` (None:
    today).
    A NULL code is false, a NULL date NULL."""
    m = _module(system)
    return _dated(code, date, lambda c, d: m.is_valid(c, date=d), T.BooleanType())


def reason(code, date=None, *, system="icd10cm"):
    """Why each code is (not) valid on its date, the core's reason names (``'valid'``,
    ``'not_billable'``...)."""
    m = _module(system)
    return _dated(code, date, lambda c, d: _labels(m.reason(c, date=d), _REASON_NAMES), T.StringType())


def title(code, date=None, *, short=False, system="icd10cm"):
    """The title of each code in force on its date (None: the newest)."""
    m = _module(system)
    return _dated(code, date, lambda c, d: m.title(c, date=d, short=short), T.StringType())


def normalize(code, *, compact=False, system="icd10cm"):
    """The canonical form of each code (``compact``: without punctuation)."""
    m = _module(system)
    return _udf(lambda c: m.normalize(c, compact=compact), T.StringType())(_col(code))


def ancestor(code, length, *, system="icd10cm"):
    """The ancestor (or the code itself) with ``length`` characters of each code."""
    _module(system)
    _rollup.ancestor_of([], length, system=system)  # checks ``length`` here, not on an executor
    return _udf(lambda c: _rollup.ancestor_of(c, length, system=system), T.StringType())(_col(code))


def category(code):
    """The ICD-10-CM category of each code (``E11``)."""
    return _udf(_rollup.category_of, T.StringType())(_col(code))


def block(code):
    """The ICD-10-CM block of each code by its range (``E08-E13``)."""
    return _udf(_rollup.block_of, T.StringType())(_col(code))


def chapter(code):
    """The ICD-10-CM chapter number (1-22) of each code."""
    return _udf(_rollup.chapter_of, T.ByteType())(_col(code))


def system(code):
    """Which system each string is a code of (``medcodes.system_of``: a system's id,
    ``'cpt'``, ``'ambiguous'``; NULL for none)."""
    return _udf(_system_names, T.StringType())(_col(code))


def _system_names(codes):
    return _rollup.system_of(codes).dictionary_decode()


def register(spark, *, system="icd10cm", prefix="medcodes_"):
    """Registers the functions as Spark SQL functions (``medcodes_is_valid(dx, dos)``,
    the names and arguments of ``medcodes.duckdb``), and gives their names."""
    m = _module(system)
    sid = system
    made = {
        "is_valid": (lambda c, d: m.is_valid(c, date=d), T.BooleanType()),
        "reason": (lambda c, d: _labels(m.reason(c, date=d), _REASON_NAMES), T.StringType()),
        "title": (lambda c, d: m.title(c, date=d), T.StringType()),
        "normalize": (lambda c: m.normalize(c), T.StringType()),
        "ancestor": (lambda c, n: _ancestor_per_row(c, n, sid), T.StringType()),
        "category": (_rollup.category_of, T.StringType()),
        "block": (_rollup.block_of, T.StringType()),
        "chapter": (_rollup.chapter_of, T.ByteType()),
        "system": (_system_names, T.StringType()),
    }
    names = []
    for name, (f, returns) in made.items():
        spark.udf.register(prefix + name, _udf(f, returns))
        names.append(prefix + name)
    return names


def _ancestor_per_row(codes, lengths, system):
    """``ancestor_of`` with a length a row: each distinct length over its rows."""
    out = pa.nulls(len(codes), pa.string())
    for n in [v for v in lengths.unique().to_pylist() if v is not None and v >= 1]:
        out = pc.if_else(pc.equal(lengths, n), _rollup.ancestor_of(codes, int(n), system=system), out)
    return out


# ---------------------------------------------------------------------------------------
# The claim edits over a DataFrame

CLAIM_COLUMNS = (
    "claim_id",
    "discharge_date",
    "age",
    "sex",
    "discharge_status",
    "length_of_stay",
    "principal_dx",
    "admit_dx",
    "secondary_dx",
    "procedures",
)
"""The columns ``check_claims`` reads (the CLI's claims CSV header): ``claim_id``,
``discharge_date`` and ``age`` required, the others optional; ``secondary_dx`` and
``procedures`` are arrays of codes, in order."""


def findings_schema(claim_id_type):
    """The schema of ``check_claims``' findings (``medcodes.claims.check_table``'s)."""
    return T.StructType(
        [
            T.StructField("claim_id", claim_id_type),
            T.StructField("edit", T.StringType()),
            T.StructField("number", T.ByteType()),
            T.StructField("name", T.StringType()),
            T.StructField("severity", T.StringType()),
            T.StructField("position", T.StringType()),
            T.StructField("index", T.IntegerType()),
            T.StructField("code", T.StringType()),
            T.StructField("message", T.StringType()),
        ]
    )


def check_claims(df):
    """Runs the Medicare Code Editor edits on every claim of a DataFrame, one claim a row
    (``CLAIM_COLUMNS``), with ``mapInArrow``: each executor checks its partitions' Arrow
    batches through ``medcodes.claims.check_table``. Gives a DataFrame of findings
    (``findings_schema``), one row per edit raised, as ``check_table`` gives them for the
    same claims."""
    missing = [c for c in ("claim_id", "discharge_date", "age", "principal_dx") if c not in df.columns]
    if missing:
        raise ValueError(f"check_claims needs the columns {missing} (see medcodes.spark.CLAIM_COLUMNS)")
    present = [c for c in CLAIM_COLUMNS if c in df.columns]
    schema = findings_schema(df.schema["claim_id"].dataType)
    return df.select(*present).mapInArrow(_check_batches, schema)


def _check_batches(batches):
    from . import claims

    for batch in batches:
        if batch.num_rows == 0:
            continue
        claims_table, codes_table = _long_form(pa.Table.from_batches([batch]))
        findings = claims.check_table(claims_table, codes_table)
        for out in findings.to_batches():
            yield out.cast(
                pa.schema(
                    [
                        pa.field("claim_id", batch.schema.field("claim_id").type),
                        pa.field("edit", pa.string()),
                        pa.field("number", pa.int8()),
                        pa.field("name", pa.string()),
                        pa.field("severity", pa.string()),
                        pa.field("position", pa.string()),
                        pa.field("index", pa.int32()),
                        pa.field("code", pa.string()),
                        pa.field("message", pa.string()),
                    ]
                )
            )


def _long_form(t):
    """A batch of wide claims as ``check_table``'s claim table and long code table."""
    import numpy as np

    claim_fields = [c for c in ("claim_id", "discharge_date", "age", "sex", "discharge_status", "length_of_stay") if c in t.column_names]
    claims_table = t.select(claim_fields)
    ids, kinds, codes, positions = [], [], [], []
    for name, kind in (("principal_dx", "principal"), ("admit_dx", "admitting")):
        if name in t.column_names:
            col = _array(t.column(name))
            keep = pc.is_valid(col)
            ids.append(_array(t.column("claim_id")).filter(keep))
            codes.append(pc.cast(col.filter(keep), pa.string()))
            n = len(codes[-1])
            kinds.append(pa.array([kind] * n, pa.string()))
            positions.append(pa.array(np.zeros(n, dtype=np.int64)))
    for name, kind in (("secondary_dx", "secondary"), ("procedures", "procedure")):
        if name in t.column_names:
            lists = _array(t.column(name))
            flat = pc.list_flatten(lists)
            parents = pc.list_parent_indices(lists).to_numpy(zero_copy_only=False)
            first = np.searchsorted(parents, parents, side="left")
            keep = pc.is_valid(flat)
            ids.append(_array(t.column("claim_id")).take(pa.array(parents)).filter(keep))
            codes.append(pc.cast(flat, pa.string()).filter(keep))
            kinds.append(pa.array([kind] * len(codes[-1]), pa.string()))
            positions.append(pa.array(np.arange(len(parents)) - first).filter(keep))
    id_type = t.schema.field("claim_id").type
    codes_table = pa.table(
        {
            "claim_id": pa.concat_arrays([pc.cast(i, id_type) for i in ids]),
            "kind": pa.concat_arrays(kinds),
            "code": pa.concat_arrays(codes),
            "position": pa.concat_arrays([pc.cast(p, pa.int64()) for p in positions]),
        }
    )
    return claims_table, codes_table


__all__ = [
    "ARROW_UDF",
    "CLAIM_COLUMNS",
    "ancestor",
    "block",
    "category",
    "chapter",
    "check_claims",
    "findings_schema",
    "is_valid",
    "normalize",
    "reason",
    "register",
    "system",
    "title",
]
