"""ICD-10-PCS: lookup, axes, hierarchy, validation by date and the column calls."""

import datetime
import pickle

import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest

import medcodes
from medcodes import ReasonKind, icd10pcs

DOS = "2025-03-01"


def test_lookup_and_axes():
    c = icd10pcs.lookup(" 0dtj4zz ")
    assert isinstance(c, medcodes.Icd10PcsCode) and icd10pcs.Icd10PcsCode is medcodes.Icd10PcsCode
    assert isinstance(c, medcodes.AnyCode) and c.system == "icd10pcs"
    assert (c.code, c.level, str(c)) == ("0DTJ4ZZ", "code", "0DTJ4ZZ")
    assert c.title == "Resection of Appendix, Percutaneous Endoscopic Approach"
    assert c.title_on(DOS) == c.title
    assert repr(c) == "<Icd10PcsCode 0DTJ4ZZ code: Resection of Appendix, Percutaneous Endoscopic Approach>"
    assert c.section == "Medical and Surgical"
    axes = c.axes
    assert [a.position for a in axes] == [1, 2, 3, 4, 5, 6, 7]
    assert [a.value for a in axes] == list("0DTJ4ZZ")
    assert (axes[2].axis, axes[2].label) == ("Root Operation", "Resection")
    assert axes[2].definition and "all of a body part" in axes[2].definition
    assert axes[3].label == "Appendix" and axes[4].label == "Percutaneous Endoscopic"
    assert c.is_valid_on(DOS) and c.is_present_on(DOS)
    assert c.validity and c.validity[0].start == datetime.date(2015, 10, 1)
    assert c.validity_spans[0].billable is True
    assert isinstance(c.mce_flags_on(DOS), list)


def test_hierarchy():
    c = icd10pcs.lookup("0DTJ4ZZ")
    assert [a.code for a in c.ancestors] == ["0DTJ", "0DT", "0D", "0"]
    assert [a.level for a in c.ancestors] == ["body_part", "table", "body_system", "section"]
    part = c.parent
    assert c in part.children and all(ch.parent == part for ch in part.children)
    assert part.title is None and part.valid_codes_on(DOS) == 5
    assert part.children == sorted(part.children)
    assert c in icd10pcs.lookup("0D").descendants
    sections = icd10pcs.sections()
    assert sections[0].code == "0" and all(s.level == "section" and s.parent is None for s in sections)
    assert [x.code for x in icd10pcs.codes_starting_with("0dtj")][:2] == ["0DTJ", "0DTJ0ZZ"]
    assert pickle.loads(pickle.dumps(c)) == c and hash(c) == hash(icd10pcs.lookup("0dtj4zz"))


def test_validate_and_reasons():
    assert icd10pcs.validate("0dtj4zz", DOS).code == "0DTJ4ZZ"
    with pytest.raises(medcodes.IncompleteCodeError) as e:
        icd10pcs.validate("0DTJ", DOS)
    assert (e.value.length, e.value.required, e.value.completions) == (4, 7, 5)
    assert e.value.system == "ICD-10-PCS" and e.value.kind is ReasonKind.INCOMPLETE
    with pytest.raises(medcodes.MalformedCodeError) as e:
        icd10pcs.validate("0DTJ4ZO", DOS)
    assert e.value.position == 7 and e.value.found == "O"
    with pytest.raises(medcodes.UnknownCodeError):
        icd10pcs.lookup("0DTJ4Z1")
    with pytest.raises(medcodes.CodeTooLongError):
        icd10pcs.validate("0DTJ4ZZZ", DOS)
    with pytest.raises(medcodes.DateOutOfRangeError):
        icd10pcs.validate("0DTJ4ZZ", "2010-01-01")
    assert icd10pcs.reason("0DTJ4ZZ", DOS) is ReasonKind.VALID
    assert icd10pcs.reason("", DOS) is ReasonKind.EMPTY
    assert icd10pcs.reason("0DTJ", DOS) is ReasonKind.INCOMPLETE
    assert icd10pcs.reason(None, DOS) is None
    assert icd10pcs.is_valid(None, DOS) is False


def deleted_code():
    for c in icd10pcs.codes_valid_on("2015-10-01"):
        if not c.is_valid_on(DOS):
            return c
    raise AssertionError("no deleted ICD-10-PCS code")


def test_not_valid_on_date():
    c = deleted_code()
    assert icd10pcs.reason(c.code, DOS) is ReasonKind.NOT_VALID_ON_DATE
    with pytest.raises(medcodes.NotValidOnDateError) as e:
        icd10pcs.validate(c.code, DOS)
    assert e.value.valid == c.validity


def test_counts_on_dates():
    assert len(icd10pcs.codes_valid_on("2024-10-01")) == 78_948
    codes = [c.code for c in icd10pcs.codes_valid_on("2024-10-01")]
    assert all(icd10pcs.is_valid(codes, "2024-10-01"))
    assert sum(icd10pcs.is_valid(pa.array(codes), "2015-10-01").to_pylist()) == len(
        icd10pcs.codes_valid_on("2015-10-01")
    ) - len(set(c.code for c in icd10pcs.codes_valid_on("2015-10-01")) - set(codes))
    first, last = icd10pcs.coverage()
    assert first == datetime.date(2015, 10, 1) and first < last
    assert icd10pcs.releases()[0].effective == first
    assert icd10pcs.release_on(DOS).effective <= datetime.date(2025, 3, 1)
    assert icd10pcs.release_on("2010-01-01") is None


def test_columns_every_container():
    codes = ["0DTJ4ZZ", "0dtj4zz", "0DTJ", None, "0DTJ4ZO", " 0DTJ4ZZ "]
    valid = [True, True, False, False, False, True]
    reasons = [ReasonKind.VALID, ReasonKind.VALID, ReasonKind.INCOMPLETE, None, ReasonKind.MALFORMED, ReasonKind.VALID]
    assert icd10pcs.is_valid(codes, DOS) == valid
    assert icd10pcs.reason(codes, DOS) == reasons
    assert icd10pcs.normalize(codes) == ["0DTJ4ZZ", "0DTJ4ZZ", "0DTJ", None, None, "0DTJ4ZZ"]
    titles = icd10pcs.title(codes)
    assert titles[0] == titles[1] == "Resection of Appendix, Percutaneous Endoscopic Approach" and titles[2] is None
    assert icd10pcs.is_valid(np.array(codes, dtype=object), DOS).tolist() == valid
    assert icd10pcs.is_valid(pd.Series(codes), DOS).tolist() == valid
    assert icd10pcs.is_valid(pl.Series("p", codes), DOS).to_list() == valid
    assert icd10pcs.is_valid(pa.array(codes), DOS).to_pylist() == valid
    assert icd10pcs.is_valid(pa.chunked_array([codes[:2], codes[2:]]), DOS).to_pylist() == valid
    assert icd10pcs.reason(pa.array(codes).dictionary_encode(), DOS).to_pylist() == [
        None if r is None else int(r) for r in reasons
    ]
    r = icd10pcs.reason(np.array(codes, dtype=object), DOS)
    assert r.dtype == np.int8 and r.tolist() == [0, 0, 8, -1, 3, 0]


def test_big_column_matches_scalar():
    """The column calls (the core's batch call, with and without the memo) give the scalar
    call's answers (over a million rows)."""
    pool = [c.code for c in icd10pcs.codes_valid_on("2015-10-01")][:20_000]
    pool += ["0DTJ", "0DTJ4Z1", "bad!", " 0dtj4zz", "0DTJ4ZZZ"]
    rng = np.random.default_rng(7)
    rows = [pool[i] for i in rng.integers(0, len(pool), 1_000_000)]
    got = icd10pcs.reason(pa.array(rows), DOS).to_pylist()
    want = {c: int(icd10pcs.reason(c, DOS)) for c in pool}
    assert got == [want[c] for c in rows]
    medcodes._medcodes._set_memo(False)
    try:
        assert icd10pcs.reason(pa.array(rows[:300_000]), DOS).to_pylist() == got[:300_000]
        valid = icd10pcs.is_valid(pa.array(rows[:300_000]), DOS).to_pylist()
        assert valid == [x == 0 for x in got[:300_000]]
    finally:
        medcodes._medcodes._set_memo(True)


def test_wrong_types():
    with pytest.raises(TypeError, match="code must be a str, not int"):
        icd10pcs.lookup(3)
    with pytest.raises(TypeError, match=r"int"):
        icd10pcs.is_valid(["0DTJ4ZZ", 3], DOS)
