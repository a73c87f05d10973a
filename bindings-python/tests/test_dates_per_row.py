"""A date a row: ``is_valid``, ``reason`` and ``title`` with ``date=`` a column of dates (one a
code) on every container agree code by code with one scalar call a row, over dates from
FY2016 (2015-10-01) to FY2027 and a few outside the data on both sides; and the errors a
date column can raise say what is wrong."""

import datetime as dt
import random

import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest

import medcodes
from medcodes import icd10cm, icd10pcs

SYSTEMS = {"icd10cm": icd10cm, "icd10pcs": icd10pcs}
TZ = "America/New_York"


def _dates():
    """Dates of service: every release's first day and the day before, a day inside each
    fiscal year, the ends of the data and some days outside it."""
    first, last = icd10cm.coverage()
    out = {first - dt.timedelta(days=1), first, last, last + dt.timedelta(days=1)}
    out |= {dt.date(2010, 1, 1), dt.date(2031, 6, 15), dt.date(2026, 10, 1), dt.date(2026, 9, 30)}
    for system in SYSTEMS.values():
        for r in system.releases():
            out |= {r.effective, r.effective - dt.timedelta(days=1), r.effective + dt.timedelta(days=120)}
    assert min(out) < first and max(out) > last and dt.date(2015, 10, 1) in out
    return sorted(out)


DATES = _dates()


def _changed(system, n):
    """Codes whose validity starts or ends inside the data (added or deleted by a release)."""
    first, last = system.coverage()
    picked = []
    for c in system.codes():
        spans = c.validity
        if spans and (spans[0].start > first or (spans[-1].end is not None and spans[-1].end < last)):
            picked.append(c)
    rng = random.Random(len(picked))
    return rng.sample(picked, n)


def _rows(system, extra):
    """(codes, dates): each changed code on the days around its changes, and random pairs of
    codes and dates (a tenth without a date)."""
    changed = _changed(system, 60)
    pool = [c.code for c in changed] + [c.undotted.lower() for c in changed[:10]] + extra
    codes, dates = [], []
    for c in changed:
        for r in c.validity:
            for d in (r.start - dt.timedelta(days=1), r.start, r.end, r.end and r.end + dt.timedelta(days=1)):
                if d is not None:
                    codes.append(c.code)
                    dates.append(d)
    rng = random.Random(2027)
    for _ in range(400):
        codes.append(rng.choice(pool))
        dates.append(None if rng.random() < 0.1 else rng.choice(DATES))
    # A missing date next to a missing code, and both missing.
    codes += [None, None, "E11.9", pool[0]]
    dates += [DATES[5], None, None, DATES[-3]]
    return codes, dates


ROWS = {
    "icd10cm": _rows(icd10cm, ["U07.1", "E11.9", "E11", "S52.521A", "T36.0X1A", "E11.9A", "nope", "", None]),
    "icd10pcs": _rows(icd10pcs, ["0DTJ4ZZ", "0DTJ", "0DTJ4ZO", "XW033E5", "", None]),
}


def expected(fn, codes, dates, **kw):
    """One scalar call a row (a missing date: a missing result; a title on a date outside
    the data: the scalar call raises, the column holds null)."""

    def one(c, d):
        if d is None:
            return None
        try:
            return fn(c, d, **kw)
        except medcodes.DateOutOfRangeError:
            return None

    return [one(c, d) for c, d in zip(codes, dates)]


def plain(result):
    if isinstance(result, (pa.Array, pa.ChunkedArray)):
        return result.to_pylist()
    if isinstance(result, pl.Series):
        return result.to_list()
    if isinstance(result, np.ndarray):
        return result.tolist()
    return list(result)


def late(d):
    """A time late in the day: the date must be read as written, not shifted."""
    return None if d is None else dt.datetime.combine(d, dt.time(23, 59, 59))


def local(dates):
    """The dates as late-evening times in a time zone west of UTC (the next day in UTC)."""
    return pd.Series([late(d) for d in dates], dtype="datetime64[us]").dt.tz_localize(TZ)


def np_dates(dates, unit, with_time=False):
    values = [("NaT" if d is None else (late(d) if with_time else d)) for d in dates]
    return np.array(values, dtype=f"datetime64[{unit}]")


def chunked(array, parts=3):
    n = len(array)
    cuts = [0, 0, n // parts, 2 * n // parts, n]  # an empty chunk first
    return pa.chunked_array([array[a:b] for a, b in zip(cuts, cuts[1:])], type=array.type)


DATE_CONTAINERS = {
    "list-date": list,
    "tuple-date": tuple,
    "list-datetime": lambda ds: [late(d) for d in ds],
    "list-iso": lambda ds: [None if d is None else d.isoformat() for d in ds],
    "list-mixed": lambda ds: [
        [d, late(d), None if d is None else d.isoformat(), pd.Timestamp(late(d)) if d else pd.NaT][i % 4]
        for i, d in enumerate(ds)
    ],
    "numpy-D": lambda ds: np_dates(ds, "D"),
    "numpy-ms": lambda ds: np_dates(ds, "ms", with_time=True),
    "numpy-ns": lambda ds: np_dates(ds, "ns", with_time=True),
    "numpy-object": lambda ds: np.array(ds, dtype=object),
    "pandas-datetime64": lambda ds: pd.Series(np_dates(ds, "ns", with_time=True)),
    "pandas-datetime64-index": lambda ds: pd.DatetimeIndex(np_dates(ds, "ns", with_time=True)),
    "pandas-tz": local,
    "pandas-arrow-date": lambda ds: pd.Series(ds, dtype=pd.ArrowDtype(pa.date32())),
    "pandas-arrow-timestamp-tz": lambda ds: pa.array(local(ds)).to_pandas(types_mapper=pd.ArrowDtype),
    "pandas-object": lambda ds: pd.Series(ds, dtype=object),
    "polars-date": lambda ds: pl.Series("d", ds, dtype=pl.Date),
    "polars-datetime": lambda ds: pl.Series("d", [late(d) for d in ds], dtype=pl.Datetime("us")),
    "polars-datetime-tz": lambda ds: pl.from_pandas(local(ds)),
    "pyarrow-date32": lambda ds: pa.array(ds, pa.date32()),
    "pyarrow-date64": lambda ds: pa.array(ds, pa.date64()),
    "pyarrow-timestamp": lambda ds: pa.array([late(d) for d in ds], pa.timestamp("ns")),
    "pyarrow-timestamp-tz": lambda ds: pa.array(local(ds)),
    "pyarrow-chunked-date32": lambda ds: chunked(pa.array(ds, pa.date32())),
    "pyarrow-chunked-timestamp": lambda ds: chunked(pa.array([late(d) for d in ds], pa.timestamp("us"))),
}


@pytest.mark.parametrize("system", SYSTEMS)
@pytest.mark.parametrize("container", DATE_CONTAINERS)
def test_a_date_a_row_agrees_with_one_call_a_row(system, container):
    mod = SYSTEMS[system]
    codes, dates = ROWS[system]
    col = DATE_CONTAINERS[container](dates)
    if container == "pyarrow-timestamp-tz":
        assert str(col.type.tz) == TZ
    valid = expected(mod.is_valid, codes, dates)
    reasons = expected(mod.reason, codes, dates)
    titles = expected(mod.title, codes, dates)
    short = expected(mod.title, codes, dates, short=True)
    assert any(valid) and not all(v is not False for v in valid)  # both answers occur
    for shaped in (codes, pa.array(codes, pa.string())):
        assert plain(mod.is_valid(shaped, col)) == valid
        assert plain(mod.reason(shaped, col)) == reasons  # ReasonKind is an IntEnum
        assert plain(mod.title(shaped, col)) == titles
        assert plain(mod.title(shaped, col, short=True)) == short


def test_every_reason_and_the_outside_dates_occur():
    for system, mod in SYSTEMS.items():
        codes, dates = ROWS[system]
        reasons = set(mod.reason(codes, dates))
        assert {medcodes.ReasonKind.VALID, medcodes.ReasonKind.NOT_VALID_ON_DATE, None} <= reasons
        assert medcodes.ReasonKind.DATE_OUT_OF_RANGE in reasons
    assert icd10cm.reason(["U07.1"] * 3, [dt.date(2015, 9, 30), dt.date(2026, 10, 1), "2031-06-15"]) == [
        medcodes.ReasonKind.DATE_OUT_OF_RANGE,
        medcodes.ReasonKind.VALID,
        medcodes.ReasonKind.DATE_OUT_OF_RANGE,
    ]


@pytest.mark.parametrize("codes_as", ["numpy", "pandas", "polars", "pyarrow-chunked"])
def test_a_date_a_row_with_the_codes_in_other_containers(codes_as):
    codes, dates = ROWS["icd10cm"]
    col = pa.array(dates, pa.date32())
    valid = expected(icd10cm.is_valid, codes, dates)
    reasons = [None if r is None else int(r) for r in expected(icd10cm.reason, codes, dates)]
    shaped = {
        "numpy": lambda: np.array(codes, dtype=object),
        "pandas": lambda: pd.Series(codes, dtype=object),
        "polars": lambda: pl.Series("c", codes, dtype=pl.String),
        "pyarrow-chunked": lambda: chunked(pa.array(codes, pa.string())),
    }[codes_as]()
    got_valid, got_reasons = plain(icd10cm.is_valid(shaped, col)), plain(icd10cm.reason(shaped, col))
    if codes_as in ("numpy", "pandas"):
        # numpy has no null: a missing date is False (bool) and -1 (reason kind).
        valid = [bool(v) for v in valid]
        reasons = [-1 if r is None else r for r in reasons]
    assert got_valid == valid and got_reasons == reasons
    assert plain(icd10cm.title(shaped, col)) == expected(icd10cm.title, codes, dates)


ONE_DATE = {
    "numpy-datetime64-D": (np.datetime64("2020-04-01"), dt.date(2020, 4, 1)),
    "numpy-datetime64-ns": (np.datetime64("2020-03-31T23:59:59", "ns"), dt.date(2020, 3, 31)),
    "pandas-Timestamp": (pd.Timestamp("2020-04-01 23:30"), dt.date(2020, 4, 1)),
    "pandas-Timestamp-tz": (pd.Timestamp("2020-03-31 23:30", tz=TZ), dt.date(2020, 3, 31)),
    "datetime": (dt.datetime(2020, 4, 1, 0, 1), dt.date(2020, 4, 1)),
    "pandas-NaT": (pd.NaT, None),
    "numpy-NaT": (np.datetime64("NaT"), None),
    "NaN": (float("nan"), None),
}


@pytest.mark.parametrize("kind", ONE_DATE)
def test_one_date_of_any_scalar_type(kind):
    value, date = ONE_DATE[kind]
    codes = ["U07.1", "U07.1", "E11", None]
    for fn in (icd10cm.is_valid, icd10cm.reason, icd10cm.title):
        want = [None] * len(codes) if date is None else [fn(c, date) for c in codes]
        for shaped in (codes, pa.array(codes, pa.string()), pl.Series(codes)):
            assert plain(fn(shaped, value)) == want
        # One code and that date: what its row says.
        assert fn("U07.1", value) == want[0]
    assert icd10cm.is_valid("U07.1", value) is (None if date is None else date >= dt.date(2020, 4, 1))


def test_missing_dates_on_numpy_and_pandas_codes():
    r = icd10cm.reason(np.array(["E11.9", "E11", None], dtype=object), pd.NaT)
    assert r.dtype == np.int8 and r.tolist() == [-1, -1, -1]
    v = icd10cm.is_valid(pd.Series(["E11.9", "E11.9"]), [None, "2025-03-01"])
    assert v.dtype == np.bool_ and v.tolist() == [False, True]


# Errors -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "dates",
    [
        ["2025-03-01"],
        ("2025-03-01", "2025-03-01", None),
        np.array(["2025-03-01"], dtype="datetime64[D]"),
        pd.Series([dt.date(2025, 3, 1)] * 3, dtype=pd.ArrowDtype(pa.date32())),
        pl.Series([dt.date(2025, 3, 1)], dtype=pl.Date),
        pa.array([dt.date(2025, 3, 1)] * 5, pa.date32()),
        pa.chunked_array([[dt.datetime(2025, 3, 1)]], pa.timestamp("us")),
    ],
)
def test_wrong_length_names_both_lengths(dates):
    n = len(dates)
    for fn in (icd10cm.is_valid, icd10cm.reason, icd10cm.title, icd10pcs.is_valid):
        for codes in (["E11.9", "I10"], pa.array(["E11.9", "I10"])):
            with pytest.raises(ValueError, match=rf"^2 codes but {n} dates"):
                fn(codes, dates)


@pytest.mark.parametrize(
    "dates",
    [
        ["2025-03-01", "2025-02-30"],
        ("2025-03-01", "03/01/2025"),
        np.array(["2025-03-01", "2025-13-01"], dtype=object),
        pd.Series(["2025-03-01", "not a date"], dtype=object),
        pl.Series(["2025-03-01", "2025-02-30"]),
        pa.array(["2025-03-01", "2025-02-30"]),
    ],
)
def test_a_bad_date_names_its_row_and_value(dates):
    bad = (dates.to_pylist() if isinstance(dates, pa.Array) else list(dates))[1]
    for fn in (icd10cm.is_valid, icd10cm.reason, icd10cm.title):
        with pytest.raises(medcodes.DateError) as e:
            fn(["E11.9", "I10"], dates)
        assert e.value.row == 1 and e.value.input == bad
        assert str(e.value).startswith("row 1 of the dates: ") and repr(bad)[1:-1] in str(e.value)
        assert e.value.kind in ("malformed", "invalid")


@pytest.mark.parametrize(
    "dates, named",
    [
        ([dt.date(2025, 3, 1), 3], "int"),
        ((dt.date(2025, 3, 1), b"2025-03-01"), "bytes"),
        (np.array([dt.date(2025, 3, 1), 2.5], dtype=object), "float"),
        (pd.Series([1, 2]), "int"),
        (pl.Series([1, 2]), "int"),
        (pa.array([1, 2]), "int"),
        (np.array([1, 2]), "numpy dtype int64"),
        (np.array(["2025-03", "2025-04"], dtype="datetime64[M]"), r"numpy dtype datetime64\[M\]"),
        (3.5, "float"),
        ({"date": "2025-03-01"}, "dict"),
    ],
)
def test_a_wrong_type_is_a_type_error_naming_it(dates, named):
    for fn in (icd10cm.is_valid, icd10cm.reason, icd10cm.title, icd10pcs.reason):
        with pytest.raises(TypeError, match=named):
            fn(["E11.9", "I10"], dates)


def test_one_code_takes_one_date():
    with pytest.raises(TypeError, match="list"):
        icd10cm.is_valid("E11.9", ["2025-03-01"])
    with pytest.raises(medcodes.DateError, match="missing"):
        icd10cm.validate("E11.9", pd.NaT)
    assert icd10cm.validate("E11.9", np.datetime64("2025-03-01")).code == "E11.9"
    assert icd10pcs.release_on(pd.Timestamp("2025-03-01 23:00")).fiscal_year == 2025
