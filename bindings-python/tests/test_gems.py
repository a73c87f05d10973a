"""medcodes.gems: the GEMs between ICD-9-CM and ICD-10, every row with its flags."""

import pytest

import medcodes
from medcodes import gems


def test_forward_and_backward_keep_every_flag():
    m = gems.map("25000", to="icd10cm")
    assert (m.source, m.source_system, m.target_system) == ("250.00", "icd9cm", "icd10cm")
    assert "FY2016" in m.release
    assert [(t.code, t.flags, t.approximate) for t in m.targets] == [("E11.9", "10000", True)]
    nomap = gems.map("365.70", to="icd10cm")
    assert nomap.is_no_map and nomap.targets[0].code is None and nomap.targets[0].flags == "11000"
    back = gems.map("E11.9", to="icd9cm")
    assert "250.00" in [t.code for t in back.targets]
    assert back.to_dict()["targets"][0]["flags"] == back.targets[0].flags


def test_combinations_keep_scenarios_and_choice_lists():
    pcs = gems.map("00.50", to="icd10pcs")
    assert pcs.is_combination
    scenarios = pcs.scenarios()
    assert scenarios and all(len(lists) >= 2 for _, lists in scenarios)
    rows = sum(len(l) for _, lists in scenarios for l in lists)
    assert rows == sum(1 for t in pcs.targets if t.combination)


def test_errors_are_typed():
    with pytest.raises(gems.GemError) as e:
        gems.map("250", to="icd10cm")
    assert e.value.kind == "not_in_map" and isinstance(e.value, medcodes.MedcodesError)
    with pytest.raises(gems.GemError) as e:
        gems.map("0016070", to="icd9proc")
    assert e.value.kind == "not_bundled"
    with pytest.raises(ValueError):
        gems.map("E0100", to="hcpcs")
    with pytest.raises(TypeError):
        gems.map(250, to="icd10cm")


def test_a_cms_file_is_loaded_and_bad_lines_are_named():
    g = gems.load("0016070 0044 10000\n", to="icd9proc", release="FY2018")
    assert (g.source_count, g.row_count, g.release) == (1, 1, "FY2018")
    assert [t.code for t in g.map("0016070").targets] == ["00.44"]
    with pytest.raises(gems.GemFileError) as e:
        gems.load("0010 A000 00000\n0010 A000 1x000\n", to="icd10cm", release="x")
    assert (e.value.line, e.value.field, e.value.value) == (2, "flags", "1x000")


def test_icd9_is_a_code_system():
    assert "icd9cm" in medcodes._medcodes.CODE_SYSTEMS
    assert medcodes.icd9cm.is_valid("250.00", "2015-03-01")
    assert not medcodes.icd9cm.is_valid("250", "2015-03-01")
    assert str(medcodes.icd9cm.reason("250.00", "2015-03-01")) == "valid"
    assert medcodes.icd9proc.normalize("0123") == "01.23"
