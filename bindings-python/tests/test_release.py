"""medcodes.icd10cm.load_release: a CMS order file over the built-in tables."""

import datetime

import pytest

import medcodes
from medcodes import icd10cm


def line(order, code, billable, short, long):
    """One line of CMS's order-file layout."""
    return f"{order:05} {code:<7} {1 if billable else 0} {short[:60]:<60} {long}"


FY2028 = "\n".join(
    [
        line(1, "E11", False, "Type 2 diabetes mellitus", "Type 2 diabetes mellitus"),
        line(2, "E119", True, "Type 2 diabetes w/o compl", "Type 2 diabetes mellitus without complications, retitled"),
        line(3, "E11W", True, "Type 2 diabetes, new", "Type 2 diabetes mellitus, new code"),
    ]
).encode()


def test_a_next_year_release_applies_from_its_effective_date(tmp_path):
    path = tmp_path / "icd10cm_order_2028.txt"
    path.write_bytes(FY2028)
    for loaded in (
        icd10cm.load_release(path),
        icd10cm.load_release(str(tmp_path)),
        icd10cm.load_release(FY2028, name="icd10cm_order_2028.txt"),
        icd10cm.load_release(bytearray(FY2028), effective="2027-10-01"),
    ):
        assert isinstance(loaded, icd10cm.Icd10CmWithRelease)
        assert loaded.fiscal_year == 2028
        assert loaded.effective == datetime.date(2027, 10, 1)
        assert loaded.role == "update"
        assert (loaded.codes, loaded.billable) == (3, 2)

    loaded = icd10cm.load_release(path)
    fy28 = "2027-10-01"
    code = loaded.validate("e11w", fy28)
    assert code.code == "E11.W"
    assert code.title == "Type 2 diabetes mellitus, new code"
    assert code.title_from_release and code.in_release and not code.in_built_in
    assert loaded.is_valid("E11.W", fy28)
    assert loaded.reason("E11.65", fy28) == medcodes.ReasonKind.NOT_VALID_ON_DATE
    with pytest.raises(medcodes.NotValidOnDateError):
        loaded.validate("E11.65", fy28)
    with pytest.raises(medcodes.NotBillableError) as e:
        loaded.validate("E11", fy28)
    assert e.value.examples == ["E11.9", "E11.W"]
    assert loaded.title("E11.9", fy28) == "Type 2 diabetes mellitus without complications, retitled"
    # Earlier dates: the built-in tables, unchanged.
    before = "2026-12-01"
    assert not loaded.is_valid("E11.W", before)
    assert loaded.is_valid("E11.65", before)
    assert loaded.reason("E11.65", before) == icd10cm.reason("E11.65", before)
    source = loaded.title_with_source("E11.65", before)
    assert source is None or source["from_release"] is False

    diff = loaded.differences()
    assert diff["added"] == ["E11.W"]
    assert "E11.65" in diff["deleted"]
    assert [r[0] for r in diff["retitled"]] == ["E11.9"]
    assert diff["compared_on"] == datetime.date(2027, 3, 31)


@pytest.mark.parametrize(
    "data, name, kind, line_no, field",
    [
        (FY2028[:120], "icd10cm_order_2028.txt", "line_too_short", 2, None),
        (FY2028.replace(b"00002 E119    1", b"00002 E119    7"), "icd10cm_order_2028.txt", "field", 2, "header/billable flag"),
        (FY2028.replace(b"00001 E11     0", b"00001 E11     1"), "icd10cm_order_2028.txt", "hierarchy", 1, "header/billable flag"),
        (FY2028.replace(b"00003", b"00001"), "icd10cm_order_2028.txt", "order_number", 3, "order number"),
        (FY2028, "icd10cm_order_2029.txt", "fiscal_year", None, None),
        (FY2028, "icd10pcs_order_2028.txt", "wrong_system", None, None),
        (FY2028, "codes.txt", "file_name", None, None),
        (b"", "icd10cm_order_2028.txt", "empty", None, None),
        (b"\x00\x01" * 60, "icd10cm_order_2028.txt", "encoding", 1, None),
    ],
)
def test_malformed_releases_raise_release_error(data, name, kind, line_no, field):
    with pytest.raises(medcodes.ReleaseError) as e:
        icd10cm.load_release(data, name=name)
    assert isinstance(e.value, medcodes.MedcodesError)
    assert e.value.kind == kind, e.value
    assert e.value.line == line_no
    assert e.value.field == field
    if e.value.file is not None:
        assert e.value.file == name
    assert e.value.message == str(e.value)


def test_bad_arguments_are_typed_errors(tmp_path):
    with pytest.raises(TypeError):
        icd10cm.load_release(42)
    with pytest.raises(TypeError):
        icd10cm.load_release(None)
    with pytest.raises(medcodes.ReleaseError) as e:
        icd10cm.load_release(tmp_path / "missing.txt")
    assert e.value.kind == "io"
    with pytest.raises(medcodes.ReleaseError) as e:
        icd10cm.load_release(tmp_path)
    assert e.value.kind == "no_order_file"
    with pytest.raises(medcodes.DateError):
        icd10cm.load_release(FY2028, effective="2027-13-01")
    loaded = icd10cm.load_release(FY2028, name="icd10cm_order_2028.txt")
    with pytest.raises(TypeError):
        loaded.is_valid(None, "2027-10-01")
    with pytest.raises(medcodes.MalformedCodeError):
        loaded.validate("E1.19", "2027-10-01")
