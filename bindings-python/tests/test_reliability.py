"""Defects of the reliability review, pinned (issue: one bad-input matrix)."""

import pytest

import medcodes
from medcodes import icd10cm


def test_a_title_on_a_date_outside_the_data_is_refused_like_every_call():
    with pytest.raises(medcodes.DateOutOfRangeError):
        icd10cm.title("E11.9", "2014-01-01")
    with pytest.raises(medcodes.DateOutOfRangeError):
        icd10cm.validate("E11.9", "2014-01-01")
    assert icd10cm.title("E11.9", "2025-03-01") == "Type 2 diabetes mellitus without complications"


def test_every_code_starts_with_the_empty_prefix():
    assert len(icd10cm.codes_starting_with("")) == len(icd10cm.codes())


def test_a_string_not_shaped_like_a_code_is_malformed():
    assert icd10cm.normalize("garbage") is None
    assert icd10cm.reason("garbage", "2025-03-01") == medcodes.ReasonKind.MALFORMED


def test_dates_of_numpy_pandas_and_arrow_are_read():
    import datetime

    import numpy as np
    import pandas as pd
    import pyarrow as pa

    for d in (np.datetime64("2025-03-01"), pa.scalar(datetime.date(2025, 3, 1), pa.date32()), pd.Timestamp("2025-03-01")):
        assert icd10cm.validate("E11.9", d).code == "E11.9"
        assert icd10cm.lookup("E11.9").title_on(d) == "Type 2 diabetes mellitus without complications"
    with pytest.raises(medcodes.DateError) as e:
        icd10cm.validate("E11.9", pd.NaT)
    assert e.value.kind == "invalid"


def test_a_lone_surrogate_in_a_date_is_a_date_error():
    with pytest.raises(medcodes.DateError) as e:
        icd10cm.validate("E11.9", "2025-03-0\ud800")
    assert e.value.kind == "malformed"


def test_bad_search_arguments_raise_search_error():
    with pytest.raises(medcodes.SearchError):
        icd10cm.search("sepsis", limit=-1)
    with pytest.raises(TypeError, match="limit must be an int"):
        icd10cm.search("sepsis", limit="5")
    assert [c.code for c in icd10cm.search("e11.6", limit=3)] == ["E11.6", "E11.61", "E11.610"]


def test_chapter_takes_an_int():
    with pytest.raises(TypeError, match="chapter number must be an int from 1 to 22, not str '4'"):
        icd10cm.chapter("4")
    assert icd10cm.chapter(4).number == 4
    assert icd10cm.chapter(0) is None and icd10cm.chapter(-1) is None and icd10cm.chapter(10**30) is None


def test_titles_on_a_date_outside_the_data_are_refused_on_code_objects():
    code = icd10cm.lookup("E11.9")
    for call in (code.title_on, code.short_title_on, code.title_source_on):
        with pytest.raises(medcodes.DateOutOfRangeError):
            call("2014-01-01")


def test_check_table_refuses_a_number_code_column_as_is_valid_does():
    import pyarrow as pa

    claims = pa.table({"claim_id": [1], "discharge_date": ["2025-03-01"], "age": [40]})
    codes = pa.table({"claim_id": [1], "kind": ["principal"], "code": [4019]})
    with pytest.raises(medcodes.claims.ClaimInputError, match="codes must be strings"):
        medcodes.claims.check_table(claims, codes)
    with pytest.raises(TypeError):
        icd10cm.is_valid(4019)
