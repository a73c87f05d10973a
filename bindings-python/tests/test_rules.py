"""ICD-10-CM coding rules: icd10cm.check_encounter and its EncounterFinding objects."""

import datetime

import pytest

import medcodes
from medcodes import icd10cm

DOS = "2025-03-01"


def kinds(codes, date=DOS):
    return [(f.kind, f.severity, f.codes, f.positions) for f in icd10cm.check_encounter(codes, date)]


def test_duplicate():
    found = icd10cm.check_encounter(["E11.9", "e119"], DOS)
    dup = [f for f in found if f.kind == "duplicate"]
    assert len(dup) == 1
    f = dup[0]
    assert (f.severity, f.codes) == ("warning", ["E11.9"])
    assert f.note is None and f.note_kind is None and f.note_site is None
    assert repr(f).startswith("<EncounterFinding warning duplicate [E11.9]: ")
    assert str(f) == f"warning duplicate: {f.message}"


def test_excludes1_names_its_note():
    f = next(f for f in icd10cm.check_encounter(["E11.9", "E10.9"], DOS) if f.kind == "excludes1")
    assert (f.severity, f.codes, f.positions) == ("error", ["E11.9", "E10.9"], [0, 1])
    assert (f.note_kind, f.note_site) == ("excludes1", "E11")
    assert "E10.-" in f.note
    assert "E10.9" in f.message and "E11.9" in f.message
    d = f.to_dict()
    assert d == {
        "kind": "excludes1",
        "severity": "error",
        "codes": ["E11.9", "E10.9"],
        "positions": [0, 1],
        "note_kind": "excludes1",
        "note_site": "E11",
        "note": f.note,
        "message": f.message,
    }


def test_invalid_code_message_is_the_validation_error():
    found = icd10cm.check_encounter(["E11.9", "E11"], DOS)
    invalid = [f for f in found if f.kind == "invalid_code"]
    assert [(f.codes, f.positions, f.severity) for f in invalid] == [(["E11"], [1], "error")]
    with pytest.raises(medcodes.NotBillableError) as e:
        icd10cm.validate("E11", DOS)
    assert invalid[0].message == str(e.value)
    assert ("code_with_ancestor", "warning", ["E11", "E11.9"], [1, 0]) in kinds(["E11.9", "E11"])


def test_code_first_and_manifestation():
    k = kinds(["G63"])
    assert ("code_first_missing", "warning", ["G63"], [0]) in k
    assert ("manifestation_first", "error", ["G63"], [0]) in k
    k = kinds(["E11.42", "G63"])
    assert not any(kind == "manifestation_first" for kind, *_ in k)


def test_seventh_character_rules_reach_the_encounter():
    f = icd10cm.check_encounter(["S52.521"], DOS)[0]
    assert f.kind == "invalid_code"
    with pytest.raises(medcodes.MissingSeventhCharacterError) as e:
        icd10cm.validate("S52.521", DOS)
    assert f.message == str(e.value)


def test_clean_and_reminders():
    found = icd10cm.check_encounter(["I10"], datetime.date(2025, 3, 1))
    assert all(f.severity == "info" for f in found)
    assert icd10cm.check_encounter([], DOS) == []
    assert kinds(("E11.9", "E10.9")) == kinds(iter(["E11.9", "E10.9"]))


def test_bad_arguments():
    with pytest.raises(TypeError, match="not one str"):
        icd10cm.check_encounter("E11.9", DOS)
    with pytest.raises(TypeError, match=r"codes\[1\] must be a str, not int"):
        icd10cm.check_encounter(["E11.9", 250], DOS)
    with pytest.raises(medcodes.DateError):
        icd10cm.check_encounter(["E11.9"], "2025-02-30")
    found = icd10cm.check_encounter(["E11.9"], "2010-01-01")
    assert found[0].kind == "invalid_code" and "outside the dates covered" in found[0].message
