"""The polars expression namespace (pl.col(c).medcodes): the plain column calls' answers in
eager, lazy and streaming queries, lengths and nulls kept, reasons and systems as Enums of
the core's lists."""

import datetime

import polars as pl
import pytest

import medcodes
import medcodes.polars  # noqa: F401  (registers the namespace)
from medcodes import _medcodes, icd10cm, icd10pcs
from claims_sample import codes_and_dates

N = 20_000


@pytest.fixture(scope="module")
def frame():
    codes, dates = codes_and_dates(N)
    return pl.DataFrame({"dx": codes, "dos": dates}, schema={"dx": pl.String, "dos": pl.Date})


def every_call(date):
    col = pl.col("dx").medcodes
    return [
        col.is_valid(date=date).alias("valid"),
        col.reason(date=date).alias("reason"),
        col.title(date=date).alias("title"),
        col.normalize().alias("normal"),
        col.normalize(compact=True).alias("compact"),
        col.category().alias("category"),
        col.block().alias("block"),
        col.chapter().alias("chapter"),
        col.ancestor(4).alias("ancestor"),
        col.system().alias("system"),
        col.is_valid(date=date, system="icd10pcs").alias("pcs_valid"),
    ]


def plain(frame, date):
    """The same columns from the plain per-column calls."""
    dx = frame["dx"]
    dates = frame["dos"] if date is not None and not isinstance(date, (str, datetime.date)) else date
    names = list(_medcodes.REASON_NAMES)
    return {
        "valid": icd10cm.is_valid(dx, date=dates).to_list(),
        "reason": [None if r is None else names[r] for r in icd10cm.reason(dx, date=dates).to_list()],
        "title": icd10cm.title(dx, date=dates).to_list(),
        "normal": icd10cm.normalize(dx).to_list(),
        "compact": icd10cm.normalize(dx, compact=True).to_list(),
        "category": medcodes.category_of(dx.to_list()),
        "block": medcodes.block_of(dx.to_list()),
        "chapter": medcodes.chapter_of(dx.to_list()),
        "ancestor": medcodes.ancestor_of(dx.to_list(), 4),
        "system": medcodes.system_of(dx.to_list()),
        "pcs_valid": icd10pcs.is_valid(dx, date=dates).to_list(),
    }


@pytest.mark.parametrize("engine", ["eager", "lazy", "streaming"])
@pytest.mark.parametrize("date", ["column", "scalar"])
def test_agrees_with_the_plain_calls(frame, engine, date):
    when = pl.col("dos") if date == "column" else datetime.date(2024, 5, 1)
    if engine == "eager":
        out = frame.with_columns(every_call(when))
    else:
        query = frame.lazy().with_columns(every_call(when))
        out = query.collect(engine="streaming") if engine == "streaming" else query.collect()
    assert out.height == N
    want = plain(frame, frame["dos"] if date == "column" else when)
    for name, values in want.items():
        assert out[name].to_list() == values, name
    assert out["reason"].dtype == pl.Enum(list(_medcodes.REASON_NAMES))
    assert out["system"].dtype == pl.Enum(list(medcodes.SYSTEM_LABELS))
    assert out["valid"].dtype == pl.Boolean and out["chapter"].dtype == pl.Int8
    # Nulls: a missing code is not valid and has no reason; a missing date gives nulls.
    missing_code = out.filter(pl.col("dx").is_null() & pl.col("dos").is_not_null())
    assert missing_code.height > 0
    assert missing_code["valid"].to_list() == [False] * missing_code.height
    assert missing_code["reason"].null_count() == missing_code.height
    if date == "column":
        no_date = out.filter(pl.col("dos").is_null() & pl.col("dx").is_not_null())
        assert no_date.height > 0 and no_date["valid"].null_count() == no_date.height


def test_streaming_over_many_batches_keeps_the_order():
    codes, dates = codes_and_dates(200_000, seed=5)
    lf = pl.LazyFrame({"dx": codes, "dos": dates}, schema={"dx": pl.String, "dos": pl.Date})
    out = (
        lf.with_row_index()
        .with_columns(valid=pl.col("dx").medcodes.is_valid(date=pl.col("dos")))
        .filter(pl.col("valid"))
        .select("index", "dx")
        .collect(engine="streaming")
    )
    want = [i for i, v in enumerate(icd10cm.is_valid(codes, date=dates)) if v]
    assert out["index"].to_list() == want


def test_reason_enum_groups_and_other_inputs():
    df = pl.DataFrame({"dx": ["E11.9", "E11", "E11", None, "nope"]})
    counts = (
        df.group_by(pl.col("dx").medcodes.reason(date="2025-03-01").alias("reason"))
        .len()
        .sort("reason", nulls_last=True)
    )
    assert counts.to_dicts() == [
        {"reason": "valid", "len": 1},
        {"reason": "malformed", "len": 1},
        {"reason": "not_billable", "len": 2},
        {"reason": None, "len": 1},
    ]
    # Categorical codes, and dates as strings or timestamps.
    df = pl.DataFrame({"dx": ["U07.1", "U07.1"], "dos": ["2020-03-31", "2020-04-01"]})
    out = df.select(
        a=pl.col("dx").cast(pl.Categorical).medcodes.is_valid(date=pl.col("dos")),
        b=pl.col("dx").medcodes.is_valid(date=pl.col("dos").str.to_datetime()),
    )
    assert out["a"].to_list() == [False, True] and out["b"].to_list() == [False, True]


def test_bad_input_names_it():
    df = pl.DataFrame({"dx": [1, 2]})
    with pytest.raises(Exception, match="expected a column of strings, got an Arrow column of int64"):
        df.select(pl.col("dx").medcodes.is_valid(date="2025-03-01"))
    with pytest.raises(ValueError, match="unknown code system 'icd9'"):
        pl.col("dx").medcodes.is_valid(system="icd9")
    with pytest.raises(ValueError, match="1 or more"):
        pl.col("dx").medcodes.ancestor(0)  # when the expression is made, not run


# The native plugin (plugin.rs) behind is_valid and reason -------------------------------


def test_the_pinned_polars_takes_the_plugin():
    # Otherwise the namespace would fall back to map_batches without a word.
    assert medcodes.polars._plugin_works()
    assert "_medcodes" in str(pl.col("dx").medcodes.is_valid(date=pl.col("dos")))


def date_forms(frame):
    """The same dates in each form the namespace takes."""
    dos = frame["dos"]
    return {
        "date column": pl.col("dos"),
        "datetime column": pl.col("dos").cast(pl.Datetime("us")),
        "datetime ns column": pl.col("dos").cast(pl.Datetime("ns")),
        "string column": pl.col("dos").dt.to_string("%Y-%m-%d"),
        "compact string column": pl.col("dos").dt.to_string("%Y%m%d"),
        "date": datetime.date(2024, 5, 1),
        "datetime": datetime.datetime(2024, 5, 1, 23, 59),
        "string": "2024-05-01",
        "today": None,
        "missing": float("nan"),
        "_": dos,  # unused: keeps the fixture's dates alive for the ids above
    }


@pytest.mark.parametrize("engine", ["eager", "streaming"])
def test_plugin_and_map_batches_agree_on_every_date_form(frame, engine, monkeypatch):
    forms = {k: v for k, v in date_forms(frame).items() if k != "_"}

    def run(use_plugin):
        monkeypatch.setattr(medcodes.polars, "_plugin_works", lambda: use_plugin)
        exprs = []
        for name, date in forms.items():
            col = pl.col("dx").medcodes
            exprs += [col.is_valid(date=date).alias(f"v {name}"), col.reason(date=date).alias(f"r {name}")]
        exprs.append(pl.col("dx").medcodes.is_valid(date=pl.col("dos"), system="hcpcs").alias("hcpcs"))
        exprs += [e.name.prefix("every ") for e in every_call(pl.col("dos"))]
        exprs += [
            pl.col("dx").medcodes.title(date="2019-06-01", short=True).alias("short title"),
            pl.col("dx").medcodes.title().alias("newest title"),
            pl.col("dx").medcodes.ancestor(3, system="icd10pcs").alias("pcs ancestor"),
            pl.col("dx").medcodes.normalize(system="hcpcs").alias("hcpcs normal"),
        ]
        query = frame.lazy().select(exprs)
        return query.collect(engine="streaming") if engine == "streaming" else query.collect()

    native, udf = run(True), run(False)
    assert native.schema == udf.schema
    for name in native.columns:
        assert native[name].to_list() == udf[name].to_list(), name
    assert native["v missing"].null_count() == N
    # A literal expression is one date for every row (map_batches would see one date).
    monkeypatch.undo()
    literal = frame.select(pl.col("dx").medcodes.is_valid(date=pl.lit(datetime.date(2024, 5, 1))))
    assert literal.to_series().to_list() == native["v date"].to_list()
    assert native["v date column"].null_count() > 0  # rows without a date


def test_plugin_errors_name_what_is_wrong():
    df = pl.DataFrame({"dx": ["E11.9", "E11.9"], "dos": ["2025-03-01", "2025-02-30"]})
    with pytest.raises(pl.exceptions.ComputeError, match=r'row 1 of the dates: "2025-02-30" is not a valid date'):
        df.select(pl.col("dx").medcodes.is_valid(date=pl.col("dos")))
    aware = pl.lit(datetime.datetime(2025, 3, 1)).dt.replace_time_zone("America/New_York")
    with pytest.raises(pl.exceptions.ComputeError, match="time zone America/New_York"):
        df.select(pl.col("dx").medcodes.reason(date=aware))
    with pytest.raises(pl.exceptions.ComputeError, match="dates must be a Date, Datetime or String column"):
        df.select(pl.col("dx").medcodes.is_valid(date=pl.lit(3)))
    # A scalar date is read when the expression is made, as every call reads one.
    with pytest.raises(medcodes.DateError, match="2025-02-30"):
        pl.col("dx").medcodes.is_valid(date="2025-02-30")
    with pytest.raises(TypeError, match="date must be"):
        pl.col("dx").medcodes.reason(date=3.5)


def test_plugin_called_wrongly_says_how():
    from polars.plugins import register_plugin_function

    df = pl.DataFrame({"dx": ["E11.9"], "dos": [datetime.date(2025, 3, 1)]})

    def call(*args):
        expr = register_plugin_function(
            plugin_path=_medcodes.__file__, function_name="is_valid", args=list(args),
            is_elementwise=True, use_abs_path=True,
        )
        return df.select(expr)

    with pytest.raises(pl.exceptions.ComputeError, match="takes the codes, the system, an option"):
        call(pl.col("dx"))
    with pytest.raises(pl.exceptions.ComputeError, match="option must be an integer"):
        call(pl.col("dx"), pl.lit("icd10cm"), pl.col("dos"))
    with pytest.raises(pl.exceptions.ComputeError, match="unknown code system \"icd9\""):
        call(pl.col("dx"), pl.lit("icd9"), pl.lit(0))
    assert call(pl.col("dx"), pl.lit("icd10cm"), pl.lit(0), pl.col("dos")).item() is True
