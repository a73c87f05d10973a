"""CPT: classification without a file, and a licensed data file loaded at run time (here
synthetic files of made-up descriptors: CPT descriptors are the AMA's copyright and none is
written anywhere in this project)."""

import datetime
import doctest

import pytest

import medcodes
from medcodes import ReasonKind, cpt
from medcodes import _medcodes

DOS = "2025-03-01"


# Classification -------------------------------------------------------------------------


def test_classify_each_category():
    cases = {
        "99213": ("category_i", "Category I", "evaluation_and_management"),
        "0001f": ("category_ii", "Category II", None),
        " 0042T ": ("category_iii", "Category III", None),
        "0001U": ("pla", "Proprietary Laboratory Analyses", None),
        "0002M": ("maaa", "Multianalyte Assays with Algorithmic Analyses", None),
        "9070A": ("category_i", "Category I", None),  # A codes: not placed by number
    }
    for code, (category, name, section) in cases.items():
        c = cpt.classify(code)
        assert isinstance(c, medcodes.CptClass) and isinstance(c, cpt.CptClass)
        assert (c.code, c.category, c.category_name, c.section) == (code.strip().upper(), category, name, section)
    assert [cpt.classify(c).category for c in cases][:5] == list(cpt.CATEGORIES)
    assert cpt.classify("99213") == cpt.classify(" 99213") and len({cpt.classify("99213"), cpt.classify("99213")}) == 1
    assert repr(cpt.classify("99213")) == "<CptClass 99213 category_i evaluation_and_management>"
    assert str(cpt.classify("0042t")) == "0042T"


def test_classify_each_section():
    # The first and last code of each section's range, in the order of CptSection::ALL.
    ranges = [
        ("99202", "99499", "Evaluation and Management"),
        ("00100", "01999", "Anesthesia"),
        ("10004", "69990", "Surgery"),
        ("70010", "79999", "Radiology"),
        ("80047", "89398", "Pathology and Laboratory"),
        ("90281", "99199", "Medicine"),
    ]
    got = []
    for first, last, name in ranges:
        a, b = cpt.classify(first), cpt.classify(last)
        assert a.section == b.section and a.section_name == b.section_name == name
        got.append(a.section)
    assert tuple(got) == cpt.SECTIONS
    assert cpt.classify("99500").section == "medicine"
    for between in ("00099", "10003", "69991", "99200"):  # between or outside the ranges
        c = cpt.classify(between)
        assert (c.category, c.section, c.section_name) == ("category_i", None, None)


def test_classify_errors():
    with pytest.raises(medcodes.CptCodeError) as e:
        cpt.classify("  ")
    assert e.value.kind is ReasonKind.EMPTY and e.value.input == ""
    with pytest.raises(medcodes.CptCodeError) as e:
        cpt.classify("9921")
    assert (e.value.kind, e.value.input, e.value.length) == (ReasonKind.MALFORMED, "9921", 4)
    with pytest.raises(medcodes.CptCodeError) as e:
        cpt.classify("99213" * 100_000)
    assert e.value.kind is ReasonKind.TOO_LONG and len(e.value.input) < 100
    with pytest.raises(medcodes.CptCodeError) as e:
        cpt.classify("J1100")
    assert (e.value.position, e.value.found) == (1, "J") and "HCPCS" in e.value.expected
    with pytest.raises(medcodes.CptCodeError) as e:
        cpt.classify("9921é")
    assert (e.value.kind, e.value.position, e.value.found) == (ReasonKind.MALFORMED, 5, "é")
    err = e.value
    assert isinstance(err, medcodes.CptValidationError) and isinstance(err, medcodes.CodeValidationError)
    assert isinstance(err, medcodes.MedcodesError) and isinstance(err, ValueError)
    assert err.message == str(err) and err.code is None and err.date is None
    for bad, name in ((None, "NoneType"), (99213, "int"), (b"99213", "bytes")):
        with pytest.raises(TypeError, match=f"code must be a str, not {name}"):
            cpt.classify(bad)


def test_normalize():
    assert cpt.normalize(" 0042t ") == "0042T" and cpt.normalize("99213") == "99213"
    assert cpt.normalize("9921") is None and cpt.normalize("") is None and cpt.normalize(None) is None
    assert cpt.normalize("99213" * 1000) is None and cpt.normalize("9921é") is None
    with pytest.raises(TypeError, match="not int"):
        cpt.normalize(99213)


# A loaded file ----------------------------------------------------------------------------

TAB_FILE = b"99213\tMade-up descriptor one\n0001U\tMade-up descriptor two\n99214\n"


def test_load_a_tab_file(tmp_path):
    path = tmp_path / "made_up.txt"
    path.write_bytes(TAB_FILE)
    for source in (TAB_FILE, bytearray(TAB_FILE), memoryview(TAB_FILE), str(path), path):
        codes = cpt.with_file(source)
        assert isinstance(codes, medcodes.Cpt) and len(codes) == 3
    assert repr(codes) == "<Cpt 3 codes>" and "Made-up" not in repr(codes)
    assert codes.layout == {"delimiter": "tab", "header": None, "skipped_lines": 0, "encoding": "utf8", "dated": False}
    assert codes.coverage == (None, None)

    e = codes.lookup(" 99213 ")
    assert isinstance(e, medcodes.CptEntry) and (e.code, e.line) == ("99213", 1)
    assert (e.descriptor, e.short_descriptor, e.concept_id, e.start, e.end) == ("Made-up descriptor one", None, None, None, None)
    assert e.classification == cpt.classify("99213") and repr(e) == "<CptEntry 99213 (line 1)>"
    assert "Made-up" not in repr(e) and str(e) == "99213"
    assert codes.descriptor("0001u") == "Made-up descriptor two"
    assert codes.descriptor("99214") is None and codes.descriptor("99215") is None and codes.descriptor("x") is None
    assert [c.code for c in codes.codes()] == ["0001U", "99213", "99214"]
    assert [c.code for c in codes.codes_valid_on(DOS)] == ["0001U", "99213", "99214"]
    assert "99213" in codes and "99215" not in codes and "bad" not in codes

    assert codes.validate("99213", DOS).code == "99213"
    assert codes.is_valid("99213", DOS) and codes.is_valid("99213")  # no dates: any day
    assert codes.reason("99213", DOS) is ReasonKind.VALID
    assert codes.reason("99215", DOS) is ReasonKind.UNKNOWN and not codes.is_valid("99215", DOS)
    assert codes.reason("", DOS) is ReasonKind.EMPTY
    assert codes.reason("9921", DOS) is ReasonKind.MALFORMED
    assert codes.reason("992133", DOS) is ReasonKind.TOO_LONG
    assert codes.reason(None, DOS) is None and codes.is_valid(None, DOS) is False


def test_load_with_a_window_and_a_dated_file():
    codes = cpt.with_file(TAB_FILE, valid_from="2025-01-01", valid_to=datetime.date(2025, 12, 31))
    assert codes.coverage == (datetime.date(2025, 1, 1), datetime.date(2025, 12, 31))
    assert codes.is_valid("99213", "2025-12-31") and not codes.is_valid("99213", "2026-01-01")
    with pytest.raises(medcodes.CptValidationError) as e:
        codes.validate("99213", "2026-01-01")
    assert e.value.kind is ReasonKind.DATE_OUT_OF_RANGE and not isinstance(e.value, medcodes.CptCodeError)
    assert (e.value.date, e.value.valid_from, e.value.valid_to) == (
        datetime.date(2026, 1, 1),
        datetime.date(2025, 1, 1),
        datetime.date(2025, 12, 31),
    )
    assert codes.codes_valid_on("2026-01-01") == []

    dated = cpt.with_file(
        b"CPT Code\tLong Descriptor\tShort Descriptor\tEffective Date\tEnd Date\n"
        b"99213\tMade-up long one\tMade-up short\t2020-01-01\t2022-12-31\n"
        b"0001U\tMade-up long two\t\t\t\n"
    )
    assert dated.layout["dated"] and dated.layout["header"][0] == "CPT Code"
    entry = dated.lookup("99213")
    assert (entry.start, entry.end, entry.short_descriptor, entry.line) == (
        datetime.date(2020, 1, 1),
        datetime.date(2022, 12, 31),
        "Made-up short",
        2,
    )
    assert dated.reason("99213", "2021-06-01") is ReasonKind.VALID
    with pytest.raises(medcodes.CptValidationError) as e:
        dated.validate("99213", "2023-01-01")
    assert e.value.kind is ReasonKind.NOT_VALID_ON_DATE
    assert (e.value.code, e.value.date, e.value.start, e.value.end) == (
        "99213",
        datetime.date(2023, 1, 1),
        datetime.date(2020, 1, 1),
        datetime.date(2022, 12, 31),
    )
    assert [c.code for c in dated.codes_valid_on("2023-01-01")] == ["0001U"]


def test_code_errors_of_a_loaded_file():
    codes = cpt.with_file(TAB_FILE)
    with pytest.raises(medcodes.CptValidationError) as e:
        codes.lookup("99215")
    assert type(e.value) is medcodes.CptValidationError and e.value.kind is ReasonKind.UNKNOWN
    assert e.value.code == "99215" and "not in the loaded CPT file" in str(e.value)
    with pytest.raises(medcodes.CptCodeError) as e:
        codes.validate("J1100", DOS)
    assert e.value.kind is ReasonKind.MALFORMED and e.value.input == "J1100"
    with pytest.raises(medcodes.CptCodeError):
        codes.lookup("")
    with pytest.raises(TypeError, match="code must be a str, not int"):
        codes.lookup(99213)
    with pytest.raises(TypeError, match="code must be a str, not NoneType"):
        codes.validate(None, DOS)
    with pytest.raises(TypeError):
        codes.is_valid(99213, DOS)
    with pytest.raises(medcodes.DateError):
        codes.is_valid("99213", "2025-02-30")


def file_error(data, *args):
    with pytest.raises(medcodes.CptFileError) as e:
        cpt.with_file(data, *args)
    err = e.value
    assert isinstance(err, medcodes.MedcodesError) and not isinstance(err, medcodes.CodeValidationError)
    assert err.message == str(err)
    return err


def test_file_errors_name_the_line_field_and_value(tmp_path):
    e = file_error(b"99213\tMade-up\n9921\tMade-up\n")
    assert (e.kind, e.line, e.field, e.value) == ("malformed_code", 2, "column 1", "9921")
    assert isinstance(e.__cause__, medcodes.CptCodeError) and e.__cause__.length == 4
    e = file_error(b"99213\tMade-up\n99213\tMade-up other\n")
    assert (e.kind, e.line, e.code, e.first_line, e.field) == ("duplicate_code", 2, "99213", 1, "column 2")
    assert "Made-up" not in str(e)  # descriptors are not echoed
    e = file_error(b"CPT Code\tDescriptor\tEffective Date\n99213\tMade-up\tnot a date\n")
    assert (e.kind, e.line, e.field, e.value) == ("bad_date", 2, "Effective Date", "not a date") and e.reason
    e = file_error(b'CPT Code,Descriptor\n99213,"unclosed\n')
    assert (e.kind, e.line, e.field) == ("bad_quoting", 2, "Descriptor")
    e = file_error(b"CPT Code,Descriptor\n99213,made,up\n")
    assert (e.kind, e.line, e.expected, e.found) == ("extra_fields", 2, 2, 3)
    e = file_error(b"Code\tDescriptor\n\tMade-up\n")
    assert (e.kind, e.line, e.field) == ("missing_code", 2, "Code")
    for empty, lines in ((b"", 0), (b"\n\n", 0), (b"Licence text, no code\n", 1)):
        e = file_error(empty)
        assert (e.kind, e.lines, e.line, e.field) == ("empty", lines, None, None)
    e = file_error(TAB_FILE, "2025-12-31", "2025-01-01")
    assert (e.kind, e.valid_from, e.valid_to) == ("reversed_window", datetime.date(2025, 12, 31), datetime.date(2025, 1, 1))
    missing = tmp_path / "absent.txt"
    e = file_error(missing)
    assert (e.kind, e.path) == ("io", str(missing))
    with pytest.raises(medcodes.DateError):
        cpt.with_file(TAB_FILE, "2025-13-01")
    for bad in (None, 3, ["99213"]):
        with pytest.raises(TypeError, match="path_or_bytes must be a path"):
            cpt.with_file(bad)


def test_encodings():
    text = "CPT Code\tDescriptor\n99213\tMade-up caf\u00e9 descriptor\n"
    utf16 = cpt.with_file(text.encode("utf-16"))
    assert utf16.layout["encoding"] == "utf16" and utf16.descriptor("99213") == "Made-up caf\u00e9 descriptor"
    latin = cpt.with_file(text.encode("cp1252"))
    assert latin.layout["encoding"] == "windows1252" and latin.descriptor("99213") == "Made-up caf\u00e9 descriptor"


# Enumerations and documentation ---------------------------------------------------------


def test_lists_are_the_core_lists():
    assert cpt.CATEGORIES == _medcodes.CPT_CATEGORIES and len(cpt.CATEGORIES) == 5
    assert cpt.SECTIONS == _medcodes.CPT_SECTIONS and len(cpt.SECTIONS) == 6


def test_module_shape_and_docstrings():
    assert medcodes.cpt is cpt and all(hasattr(cpt, n) for n in cpt.__all__)
    assert "cpt" not in _medcodes.CODE_SYSTEMS  # no built-in list: not a code-system module
    globs = {"medcodes": medcodes, "cpt": cpt}
    r = doctest.testmod(cpt, extraglobs=globs, optionflags=doctest.ELLIPSIS)
    assert r.failed == 0 and r.attempted >= 10
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    for test in doctest.DocTestFinder().find(medcodes.CptClass, "CptClass", globs=dict(globs)):
        runner.run(test)
    assert runner.failures == 0 and runner.tries > 0
    for obj in (cpt.with_file, cpt.classify, medcodes.Cpt, medcodes.CptEntry, medcodes.CptFileError):
        assert obj.__doc__, obj
