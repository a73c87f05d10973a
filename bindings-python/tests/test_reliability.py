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
