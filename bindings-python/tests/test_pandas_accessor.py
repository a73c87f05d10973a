"""The pandas accessor (s.medcodes): the plain column calls' answers as Series on the input's
index and name; reasons and systems Categorical over the core's lists."""

import datetime

import numpy as np
import pandas as pd
import pytest

import medcodes
import medcodes.pandas  # noqa: F401  (registers the accessor)
from medcodes import _medcodes, icd10cm
from claims_sample import codes_and_dates

N = 20_000


@pytest.fixture(scope="module", params=["object", "str", "arrow"])
def frame(request):
    codes, dates = codes_and_dates(N)
    dtype = {"object": object, "str": "str", "arrow": pd.ArrowDtype(__import__("pyarrow").string())}[request.param]
    index = pd.Index(np.arange(N) * 3 + 7, name="line")  # not 0..n-1: results must align on it
    return pd.DataFrame(
        {"dx": pd.Series(codes, dtype=dtype, index=index), "dos": pd.to_datetime(pd.Series(dates, index=index))}
    )


def test_agrees_with_the_plain_calls(frame):
    dx, dos = frame["dx"], frame["dos"]
    codes, dates = dx.tolist(), [None if pd.isna(d) else d.date() for d in dos]
    codes = [None if (c is None or (isinstance(c, float) and c != c) or c is pd.NA) else c for c in codes]
    names = list(_medcodes.REASON_NAMES)

    def check(series, want, dtype=None):
        assert series.index.equals(dx.index) and series.name == "dx"
        got = [None if pd.isna(v) else v for v in series.tolist()]
        assert got == want
        if dtype is not None:
            assert str(series.dtype) == dtype

    check(dx.medcodes.is_valid(date=dos), icd10cm.is_valid(codes, date=dates), "boolean")
    check(dx.medcodes.is_valid(date="2025-03-01"), icd10cm.is_valid(codes, date="2025-03-01"), "bool")
    reasons = dx.medcodes.reason(date=dos)
    check(reasons, [None if r is None else names[r] for r in icd10cm.reason(codes, date=dates)], "category")
    assert list(reasons.cat.categories) == names
    check(dx.medcodes.title(date=dos), icd10cm.title(codes, date=dates))
    check(dx.medcodes.title(), icd10cm.title(codes))
    check(dx.medcodes.normalize(compact=True), icd10cm.normalize(codes, compact=True))
    check(dx.medcodes.category(), medcodes.category_of(codes))
    check(dx.medcodes.block(), medcodes.block_of(codes))
    check(dx.medcodes.chapter(), medcodes.chapter_of(codes), "Int8")
    check(dx.medcodes.ancestor(5), medcodes.ancestor_of(codes, 5))
    systems = dx.medcodes.system()
    check(systems, medcodes.system_of(codes), "category")
    assert tuple(systems.cat.categories) == medcodes.SYSTEM_LABELS
    check(dx.medcodes.is_valid(date=dos, system="icd10pcs"), medcodes.icd10pcs.is_valid(codes, date=dates))


def test_dates_align_on_the_index():
    dx = pd.Series(["U07.1", "U07.1", "U07.1"], index=[10, 20, 30], name="dx")
    dos = pd.Series(pd.to_datetime(["2020-04-01", "2020-03-31"]), index=[30, 10])
    out = dx.medcodes.is_valid(date=dos)
    assert out.tolist() == [False, pd.NA, True] and list(out.index) == [10, 20, 30]
    assert dx.medcodes.reason(date=dos).tolist()[1] is np.nan or pd.isna(dx.medcodes.reason(date=dos).tolist()[1])


def test_groupby_on_reasons():
    df = pd.DataFrame({"dx": ["E11.9", "E11", "E11", None, "nope"]})
    counts = df["dx"].medcodes.reason(date="2025-03-01").value_counts(sort=False)
    assert counts["not_billable"] == 2 and counts["valid"] == 1 and counts["malformed"] == 1
    assert counts["unknown"] == 0  # every reason is a category


def test_bad_input():
    with pytest.raises(TypeError, match="expected a column of strings"):
        pd.Series([1, 2]).medcodes.is_valid()
    with pytest.raises(ValueError, match="unknown code system"):
        pd.Series(["E11.9"]).medcodes.reason(system="icd9")
    with pytest.raises(ValueError, match="1 or more"):
        pd.Series(["E11.9"]).medcodes.ancestor(0)
    empty = pd.Series([], dtype=object, name="dx")
    assert empty.medcodes.is_valid().tolist() == [] and empty.medcodes.reason().tolist() == []
    day = datetime.date(2025, 3, 1)
    assert pd.Series(["E11.9"]).medcodes.is_valid(date=day).tolist() == [True]
