"""The vectorized calls: every input container, missing values, odd strings, wrong types,
output kinds, and agreement with the scalar calls on a million codes."""

import math
import random
import threading
import time

import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest

import medcodes
from medcodes import ReasonKind, icd10cm

DOS = "2025-03-01"

# Codes with every kind of entry: valid, header, unknown, malformed, missing, odd text.
SAMPLE = [
    "E11.9",
    "e119",
    " E11.9 ",
    "E11",
    "S52.521A",
    "s52521a",
    "Q99.99",
    "E1.19",
    "",
    "   ",
    None,
    "É11.9",
    "E11.9é",
    "ＥＱ１",
    "😀",
    "A" * 100_000,
    "E11.9\u00a0",
    "I10",
    "S52.521",
]
STRINGS = [s for s in SAMPLE if s is not None]


def expected(fn, codes, **kw):
    """The column result computed with the scalar call, entry by entry."""
    return [fn(c, **kw) for c in codes]


def plain(out):
    """Any result column as a list of Python values (None for nulls)."""
    if isinstance(out, (pa.Array, pa.ChunkedArray)):
        return out.to_pylist()
    if isinstance(out, pl.Series):
        return out.to_list()
    if isinstance(out, np.ndarray):
        return out.tolist()
    return list(out)


# Input containers -------------------------------------------------------------------------

CONTAINERS = {
    "list": lambda xs: list(xs),
    "tuple": lambda xs: tuple(xs),
    "numpy-object": lambda xs: np.array(xs, dtype=object),
    "pandas-object": lambda xs: pd.Series(xs, dtype=object),
    "pandas-str": lambda xs: pd.Series(xs, dtype="str"),
    "pandas-string-python": lambda xs: pd.Series(xs, dtype="string[python]"),
    "pandas-string-pyarrow": lambda xs: pd.Series(xs, dtype="string[pyarrow]"),
    "pandas-category": lambda xs: pd.Series(xs, dtype="category"),
    "pandas-index": lambda xs: pd.Index(xs, dtype=object),
    "polars": lambda xs: pl.Series("dx", xs, dtype=pl.String),
    "polars-categorical": lambda xs: pl.Series("dx", xs, dtype=pl.Categorical),
    "pyarrow-string": lambda xs: pa.array(xs, pa.string()),
    "pyarrow-large-string": lambda xs: pa.array(xs, pa.large_string()),
    "pyarrow-string-view": lambda xs: pa.array(xs, pa.string_view()),
    "pyarrow-dictionary": lambda xs: pa.array(xs, pa.string()).dictionary_encode(),
    "pyarrow-chunked": lambda xs: pa.chunked_array([xs[:5], xs[5:12], [], xs[12:]], pa.string()),
    "pyarrow-sliced": lambda xs: pa.array([None, "junk"] + list(xs) + ["junk"], pa.string())[2:-1],
}


@pytest.mark.parametrize("kind", CONTAINERS)
def test_every_container(kind):
    col = CONTAINERS[kind](SAMPLE)
    exp_valid = [False if c is None else icd10cm.is_valid(c, DOS) for c in SAMPLE]
    assert plain(icd10cm.is_valid(col, DOS)) == exp_valid
    exp_compact = [None if c is None else icd10cm.normalize(c, compact=True) for c in SAMPLE]
    assert plain(icd10cm.normalize(col, compact=True)) == exp_compact
    exp_norm = [None if c is None else icd10cm.normalize(c) for c in SAMPLE]
    assert plain(icd10cm.normalize(col)) == exp_norm
    exp_title = [None if c is None else icd10cm.title(c, DOS) for c in SAMPLE]
    assert plain(icd10cm.title(col, DOS)) == exp_title
    exp_reason = [None if c is None else int(icd10cm.reason(c, DOS)) for c in SAMPLE]
    got = plain(icd10cm.reason(col, DOS))
    if isinstance(icd10cm.reason(col, DOS), np.ndarray):
        got = [None if r == -1 else r for r in got]
    assert got == exp_reason


@pytest.mark.parametrize("dtype", ["U", "S"])
def test_numpy_fixed_width(dtype):
    codes = ["E11.9", "e119", "E11", "", "Q99.99", "S52.521A"]
    arr = np.array(codes if dtype == "U" else [c.encode() for c in codes], dtype=dtype)
    assert icd10cm.is_valid(arr, DOS).tolist() == expected(icd10cm.is_valid, codes, date=DOS)
    assert icd10cm.normalize(arr).tolist() == expected(icd10cm.normalize, codes)
    uni = np.array(["É11.9", "E11.9", "ＥＱ１"])
    assert icd10cm.is_valid(uni, DOS).tolist() == [False, True, False]


def test_numpy_string_dtype_and_shapes():
    codes = np.array(["E11.9", "E11", "I10", None], dtype=np.dtypes.StringDType(na_object=None))
    assert icd10cm.is_valid(codes, DOS).tolist() == [True, False, True, False]
    grid = np.array([["E11.9", "E11"], ["I10", "nope"]])
    out = icd10cm.is_valid(grid, DOS)
    assert out.shape == (2, 2) and out.tolist() == [[True, False], [True, False]]
    strided = np.array(["E11.9", "x", "I10", "x", "E11"])[::2]
    assert icd10cm.is_valid(strided, DOS).tolist() == [True, True, False]
    assert icd10cm.is_valid(np.array([], dtype=str), DOS).tolist() == []


def test_empty_and_all_null_columns():
    assert icd10cm.is_valid([], DOS) == []
    assert icd10cm.normalize(()) == []
    assert icd10cm.is_valid(pa.array([], pa.string()), DOS).to_pylist() == []
    assert icd10cm.is_valid(pa.nulls(3), DOS).to_pylist() == [False] * 3
    assert icd10cm.normalize(pa.nulls(2)).to_pylist() == [None, None]
    assert icd10cm.is_valid(pl.Series("x", [None, None], dtype=pl.String), DOS).to_list() == [False, False]


# Missing values ---------------------------------------------------------------------------


def test_missing_values_never_raise():
    codes = ["E11.9", None, float("nan"), np.nan, pd.NA, pd.NaT, np.float64("nan"), "I10"]
    for col in (codes, np.array(codes, dtype=object), pd.Series(codes, dtype=object)):
        assert plain(icd10cm.is_valid(col, DOS)) == [True] + [False] * 6 + [True]
        assert plain(icd10cm.normalize(col))[1:7] == [None] * 6
        assert plain(icd10cm.title(col))[1:7] == [None] * 6
    assert icd10cm.reason(codes, DOS)[1:7] == [None] * 6
    assert icd10cm.reason(np.array(codes, dtype=object), DOS).tolist()[1:7] == [-1] * 6
    assert icd10cm.reason(pa.array(["E11", None]), DOS).to_pylist() == [5, None]
    assert icd10cm.reason(pl.Series(["E11", None]), DOS).to_list() == [5, None]
    for scalar in (None, float("nan"), pd.NA):
        assert icd10cm.is_valid(scalar, DOS) is False
        assert icd10cm.normalize(scalar) is None
        assert icd10cm.reason(scalar, DOS) is None
        assert icd10cm.title(scalar) is None


def test_reason_column_names():
    r = icd10cm.reason(np.array(["E11.9", "E11", None], dtype=object), DOS)
    names = pd.Categorical.from_codes(r, categories=[str(k) for k in ReasonKind])
    assert list(names.astype(object)) == ["valid", "not_billable", np.nan] or names.isna()[2]
    assert icd10cm.reason(["E11.9", "E11"], DOS) == [ReasonKind.VALID, ReasonKind.NOT_BILLABLE]


# Outputs ------------------------------------------------------------------------------------


def test_output_kinds():
    codes = ["E11.9", "E11", None]
    assert type(icd10cm.is_valid(codes, DOS)) is list
    assert type(icd10cm.is_valid(tuple(codes), DOS)) is list
    out = icd10cm.is_valid(np.array(codes, dtype=object), DOS)
    assert out.dtype == np.bool_ and out.flags.writeable
    assert icd10cm.reason(np.array(codes, dtype=object), DOS).dtype == np.int8
    assert icd10cm.normalize(np.array(codes, dtype=object)).dtype == object
    assert isinstance(icd10cm.is_valid(pd.Series(codes), DOS), np.ndarray)
    s = icd10cm.is_valid(pl.Series("dx", codes), DOS)
    assert isinstance(s, pl.Series) and s.dtype == pl.Boolean and s.name == "dx"
    assert icd10cm.reason(pl.Series("dx", codes), DOS).dtype == pl.Int8
    assert icd10cm.normalize(pl.Series("dx", codes)).dtype == pl.String
    a = icd10cm.is_valid(pa.array(codes), DOS)
    assert isinstance(a, pa.Array) and a.type == pa.bool_()
    assert icd10cm.reason(pa.array(codes), DOS).type == pa.int8()
    assert icd10cm.normalize(pa.array(codes)).type == pa.string()
    c = icd10cm.is_valid(pa.chunked_array([codes]), DOS)
    assert isinstance(c, pa.ChunkedArray) and c.to_pylist() == [True, False, False]


class ArrowOnly:
    """An Arrow producer that is none of the known libraries (PyCapsule interface only)."""

    def __init__(self, array, stream=False):
        self.array = array
        if stream:
            self.__arrow_c_stream__ = lambda requested_schema=None: pa.chunked_array(
                [array]
            ).__arrow_c_stream__(requested_schema)
        else:
            self.__arrow_c_array__ = lambda requested_schema=None: array.__arrow_c_array__(
                requested_schema
            )


@pytest.mark.parametrize("stream", [False, True])
def test_any_arrow_producer(stream):
    col = ArrowOnly(pa.array(["E11.9", None, "E11"]), stream)
    out = icd10cm.is_valid(col, DOS)
    assert isinstance(out, pa.Array) and out.to_pylist() == [True, False, False]


def test_result_column_exports_once():
    col = medcodes._medcodes.column_valid("icd10cm", ["E11.9"], DOS)
    assert len(col) == 1 and col.kind == "bool" and col.null_count == 0
    assert pa.array(col).to_pylist() == [True]
    with pytest.raises(ValueError, match="already exported"):
        pa.array(col)


# Wrong types ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "bad, name",
    [(42, "int"), ({"E11.9"}, "set"), ({"a": "E11.9"}, "dict"), (iter(["E11.9"]), "list_iterator")],
)
def test_wrong_container_type(bad, name):
    with pytest.raises(TypeError, match=name):
        icd10cm.is_valid(bad, DOS)


def test_wrong_element_type():
    with pytest.raises(TypeError, match=r"codes\[1\] is int \(250\)"):
        icd10cm.is_valid(["E11.9", 250], DOS)
    with pytest.raises(TypeError, match="bytes"):
        icd10cm.normalize([b"E11.9"])
    with pytest.raises(TypeError, match=r"codes\[0\] is float \(250.0\)"):
        icd10cm.is_valid(np.array([250.0, None], dtype=object), DOS)


@pytest.mark.parametrize(
    "col, what",
    [
        (np.array([1, 2]), "int64"),
        (np.array([1.5]), "float64"),
        (pa.array([1, 2]), "int64"),
        (pl.Series([1, 2]), "int64"),
        (pd.Series([1, 2]), "int64"),
        (pa.array([b"E11"]), "binary"),
    ],
)
def test_wrong_column_dtype(col, what):
    with pytest.raises(TypeError, match=what):
        icd10cm.is_valid(col, DOS)


def test_bad_date_for_columns():
    with pytest.raises(medcodes.DateError):
        icd10cm.is_valid(pa.array(["E11.9"]), "2025-02-30")
    with pytest.raises(TypeError, match="float"):
        icd10cm.reason(["E11.9"], 2025.3)
    assert icd10cm.reason(["E11.9"], "2010-01-01") == [ReasonKind.DATE_OUT_OF_RANGE]


# Agreement with the scalar calls -------------------------------------------------------------


def million_codes(n=1_000_000, seed=7):
    """Codes in every spelling and state, many repeated (as in real columns)."""
    rng = random.Random(seed)
    everything = [c.code for c in icd10cm.codes()]
    pool = []
    for code in rng.sample(everything, 20_000):
        undotted = code.replace(".", "")
        pool += [code, undotted, code.lower(), f" {undotted.lower()}\t", code + "X", code[:-1]]
    pool += ["", " ", "E1.19", "N/A", "é11", "E11..9", "E11.9999999", "1234", "😀", "A" * 50]
    codes = [rng.choice(pool) if rng.random() > 0.05 else None for _ in range(n)]
    return codes


@pytest.fixture(scope="module")
def million():
    return million_codes()


def test_agreement_on_a_million_codes(million):
    scalar_reason = [None if c is None else int(icd10cm.reason(c, DOS)) for c in million]
    arrow = pa.array(million, pa.string())
    for col in (million, arrow, pl.Series(million, dtype=pl.String)):
        r = plain(icd10cm.reason(col, DOS))
        assert r == scalar_reason
        v = plain(icd10cm.is_valid(col, DOS))
        assert v == [x == 0 for x in scalar_reason]
    r = icd10cm.reason(np.array(million, dtype=object), DOS)
    assert r.tolist() == [-1 if x is None else x for x in scalar_reason]
    # Without the repeat memo too (it only caches; the answers must not change).
    medcodes._medcodes._set_memo(False)
    try:
        assert plain(icd10cm.reason(arrow, DOS)) == scalar_reason
        assert plain(icd10cm.is_valid(million, DOS)) == [x == 0 for x in scalar_reason]
    finally:
        medcodes._medcodes._set_memo(True)


def test_agreement_of_string_columns(million):
    part = million[:200_000]
    arrow = pa.array(part, pa.string())
    assert plain(icd10cm.normalize(arrow)) == [None if c is None else icd10cm.normalize(c) for c in part]
    assert plain(icd10cm.normalize(part, compact=True)) == [
        None if c is None else icd10cm.normalize(c, compact=True) for c in part
    ]
    assert plain(icd10cm.title(arrow)) == [None if c is None else icd10cm.title(c) for c in part]
    assert plain(icd10cm.title(part, DOS, short=True)) == [
        None if c is None else icd10cm.title(c, DOS, short=True) for c in part
    ]


def test_titles_share_string_objects(million):
    out = icd10cm.title(million[:100_000])
    firsts = {}
    for t in out:
        if t is not None:
            assert firsts.setdefault(t, t) is t


# The GIL -----------------------------------------------------------------------------------


def test_gil_is_released_for_the_work(million):
    arrow = pa.array(million * 3, pa.string())
    ticks = []
    done = threading.Event()

    def tick():
        while not done.is_set():
            ticks.append(time.perf_counter())
            time.sleep(0.0005)

    t = threading.Thread(target=tick)
    t.start()
    time.sleep(0.01)
    start = time.perf_counter()
    icd10cm.reason(arrow, DOS)
    end = time.perf_counter()
    done.set()
    t.join()
    during = [x for x in ticks if start < x < end]
    # With the GIL held for the whole call the other thread could not tick at all.
    assert len(during) >= 3 or end - start < 0.02


def test_memo_keeps_spellings_apart():
    """Spellings that differ only in length, NUL padding, case, non-ASCII bytes or past the
    8th byte (where the memo's short keys end) each get their own answer, in big columns
    (memo on, several threads) as one by one."""
    base = ["I10", "E11.9", "E119", "S52.521A", "S52521A", "A00", "Z00.00"]
    tricky = []
    for c in base:
        tricky += [c, c + "\x00", c + "\x00\x00", "\x00" + c, c.lower(), c + " ", " " + c,
                   c + "A", c[:-1], c + "é", "é" + c, c + "\x7f"]
    tricky += ["\x00", "\x00\x00", "\x00" * 8, "\x00" * 9, "A" * 8, "A" * 9, "", " ", "I1"]
    rng = random.Random(3)
    codes = [rng.choice(tricky) for _ in range(300_001)]  # not a whole number of bytes
    expected = [int(icd10cm.reason(c, DOS)) for c in tricky]
    by_code = dict(zip(tricky, expected))
    for col in (codes, pa.array(codes, pa.string()), np.array(codes, dtype=object)):
        assert plain(icd10cm.reason(col, DOS)) == [by_code[c] for c in codes]
        assert plain(icd10cm.is_valid(col, DOS)) == [by_code[c] == 0 for c in codes]


def test_memo_full_of_distinct_codes():
    """More distinct spellings than the memo takes: the rest go to the core every time."""
    everything = [c.code for c in icd10cm.codes()]
    rng = random.Random(5)
    codes = []
    for c in everything:
        codes += [c, c.replace(".", ""), c.lower()]
    rng.shuffle(codes)
    codes = codes[:150_000]
    expected = [int(icd10cm.reason(c, DOS)) for c in codes]
    assert plain(icd10cm.reason(pa.array(codes, pa.string()), DOS)) == expected
    assert plain(icd10cm.is_valid(codes, DOS)) == [x == 0 for x in expected]
