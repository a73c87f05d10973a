"""HCPCS Level II: lookup, sections, status indicators, validation by date, the column
calls with a date a row, modifiers and claim lines, and a CMS HCPCS file loaded over the
built-in tables (a synthetic fixed-width file built here).

Copyright: no CDT (D code) or CPT descriptor is written here; the file's texts are made up
or CMS's Level II wording."""

import datetime
import doctest
import pathlib
import pickle

import pyarrow as pa
import pytest

import medcodes
from medcodes import ReasonKind, hcpcs
from medcodes import _medcodes

DOS = "2025-07-01"


# Codes ------------------------------------------------------------------------------------


def test_lookup_j1100():
    c = hcpcs.lookup(" j1100 ")
    assert isinstance(c, medcodes.HcpcsCode) and hcpcs.HcpcsCode is medcodes.HcpcsCode
    assert isinstance(c, medcodes.AnyCode) and c.system == "hcpcs"
    assert (c.code, str(c)) == ("J1100", "J1100")
    assert c.title_on(DOS) == "Dexamethasone sodium phos"
    assert c.status_indicator_on(DOS) == "N"
    assert c.status_indicator_on("2010-01-01") is None  # outside the code's quarters
    assert repr(c) == "<HcpcsCode J1100: Dexamethasone sodium phos>"
    s = c.section
    assert (s.letter, s.is_temporary) == ("J", False)
    assert s.name == "Drugs administered other than oral method, chemotherapy drugs"
    assert str(s).startswith("J: ") and s == hcpcs.sections()[7]
    assert c.is_dental is False
    assert c.is_valid_on(DOS) and hcpcs.validate("J1100", DOS) == c
    assert c.validity[0].start == datetime.date(2019, 7, 1)
    assert pickle.loads(pickle.dumps(c)) == c and hash(c) == hash(hcpcs.lookup("J1100"))
    assert medcodes.detect("J1100") == ["icd10cm", "hcpcs"]  # also ICD-10-CM's J11.00
    assert medcodes.detect("E0100") == ["hcpcs", "icd9cm"]  # also ICD-9-CM's E010.0
    assert all(type(x) is medcodes.HcpcsCode for x in hcpcs.codes_starting_with("J11"))


def test_dental_codes_are_valid_without_text():
    c = hcpcs.lookup("D0120")
    assert hcpcs.is_valid("D0120", DOS) and c.is_valid_on(DOS)
    assert c.title is None and c.short_title is None and c.title_on(DOS) is None
    assert hcpcs.title("D0120") is None and hcpcs.title(["D0120"], DOS) == [None]
    assert c.is_dental and c.section.letter == "D" and repr(c) == "<HcpcsCode D0120>"
    # No D code carries text anywhere in the built-in data.
    dental = [x for x in hcpcs.codes() if x.is_dental]
    assert dental and all(x.title is None for x in dental)


def test_sections():
    sections = hcpcs.sections()
    assert len(sections) == 18 and [s.letter for s in sections] == list("ABCDEGHJKLMPQRSTUV")
    assert [s.letter for s in sections if s.is_temporary] == list("CGKQS")
    assert all(isinstance(s, medcodes.HcpcsSection) and s.name for s in sections)
    assert len(set(sections)) == 18


def test_cpt_codes_are_refused_with_a_message_naming_cpt():
    with pytest.raises(medcodes.MalformedCodeError) as e:
        hcpcs.validate("99213", DOS)
    assert "CPT" in str(e.value) and "CPT" in e.value.expected
    assert (e.value.position, e.value.found, e.value.kind) == (1, "9", ReasonKind.MALFORMED)
    with pytest.raises(medcodes.MalformedCodeError, match="CPT"):
        hcpcs.lookup("99213")
    assert hcpcs.reason("99213", DOS) is ReasonKind.MALFORMED
    assert hcpcs.is_valid("99213", DOS) is False
    assert medcodes.detect("99213") == ["cpt"]


def test_reasons_and_errors():
    assert hcpcs.reason("J1100", DOS) is ReasonKind.VALID
    assert hcpcs.reason("J11", DOS) is ReasonKind.INCOMPLETE
    with pytest.raises(medcodes.IncompleteCodeError) as e:
        hcpcs.validate("J11", DOS)
    assert (e.value.length, e.value.required, e.value.system) == (3, 5, "HCPCS Level II")
    assert e.value.completions > 0 and "J1100" in hcpcs.normalize(e.value.examples + ["J1100"])
    with pytest.raises(medcodes.MalformedCodeError) as e:
        hcpcs.validate("J11A0", DOS)
    assert (e.value.position, e.value.found) == (4, "A")
    with pytest.raises(medcodes.MalformedCodeError):
        hcpcs.validate("F1234", DOS)  # F starts no section
    with pytest.raises(medcodes.DateOutOfRangeError) as e:
        hcpcs.validate("J1100", "2010-01-01")
    assert e.value.first == datetime.date(2019, 7, 1)
    first, last = hcpcs.coverage()
    assert first == datetime.date(2019, 7, 1) < last


def deleted_and_added():
    """A code valid at the start of the data and not on DOS, and one the other way round."""
    start = {c.code for c in hcpcs.codes_valid_on("2019-07-01")}
    now = {c.code for c in hcpcs.codes_valid_on(DOS)}
    return sorted(start - now)[0], sorted(now - start)[0]


def test_columns_with_a_date_a_row_agree_with_one_call_a_row():
    deleted, added = deleted_and_added()
    codes = [deleted, deleted, added, added, "J1100", "j1100", "99213", "J11", None, "", "D0120", "J1100"]
    dates = ["2019-07-01", DOS, "2019-07-01", DOS, DOS, "2019-07-01", DOS, DOS, DOS, DOS, DOS, None]
    want_reasons = [None if c is None or d is None else hcpcs.reason(c, d) for c, d in zip(codes, dates)]
    want_valid = [None if d is None else (c is not None and hcpcs.is_valid(c, d)) for c, d in zip(codes, dates)]
    want_titles = [None if c is None or d is None else hcpcs.title(c, d) for c, d in zip(codes, dates)]
    assert want_reasons[:4] == [ReasonKind.VALID, ReasonKind.NOT_VALID_ON_DATE, ReasonKind.NOT_VALID_ON_DATE, ReasonKind.VALID]
    # Lists.
    assert hcpcs.reason(codes, dates) == want_reasons
    assert hcpcs.is_valid(codes, dates) == want_valid
    assert hcpcs.title(codes, dates) == want_titles
    # pyarrow, with dates as a date32 column.
    days = pa.array([None if d is None else datetime.date.fromisoformat(d) for d in dates], pa.date32())
    got = hcpcs.reason(pa.array(codes), days).to_pylist()
    assert got == [None if r is None else int(r) for r in want_reasons]
    assert hcpcs.is_valid(pa.array(codes), days).to_pylist() == want_valid
    assert hcpcs.title(pa.array(codes), days).to_pylist() == want_titles
    # One date for all, and the normaliser.
    assert hcpcs.is_valid(codes, DOS) == [c is not None and hcpcs.is_valid(c, DOS) for c in codes]
    assert hcpcs.normalize([" j1100", "99213", None]) == ["J1100", None, None]


def test_every_code_valid_on_a_date_is_valid_in_a_column():
    codes = [c.code for c in hcpcs.codes_valid_on(DOS)]
    assert len(codes) > 7000 and all(hcpcs.is_valid(pa.array(codes), DOS).to_pylist())


# Modifiers and claim lines ------------------------------------------------------------------


def test_modifiers():
    lt = hcpcs.modifier(" lt ")
    assert isinstance(lt, medcodes.HcpcsModifier) and (lt.code, lt.is_cpt, str(lt)) == ("LT", False, "LT")
    assert lt.is_valid_on(DOS) and lt.validity[0].start == datetime.date(2019, 7, 1)
    assert lt == hcpcs.modifier("LT") and hash(lt) == hash(hcpcs.modifier("LT"))
    fifty = hcpcs.modifier("50")
    assert fifty.is_cpt and repr(fifty) == "<HcpcsModifier 50 (CPT)>"
    assert hcpcs.modifier("ZZ") is None and hcpcs.modifier("L") is None and hcpcs.modifier("LTX") is None
    every, today = hcpcs.modifiers(), hcpcs.modifiers(DOS)
    assert set(today) <= set(every) and len(today) < len(every)
    assert all(m.is_valid_on(DOS) for m in today)
    assert [m.code for m in every] == sorted(m.code for m in every)
    with pytest.raises(TypeError, match="modifier must be a str, not int"):
        hcpcs.modifier(59)


def retired_modifier():
    for m in hcpcs.modifiers():
        if not m.is_valid_on(DOS):
            return m
    raise AssertionError("no modifier retired before DOS")


def test_check_line():
    assert hcpcs.check_line("J1100", ["RT"], DOS) == []
    assert hcpcs.check_line("J1100", None, DOS) == [] and hcpcs.check_line("J1100", (), DOS) == []
    found = hcpcs.check_line("E0100", ["LT", "RT", "50"], DOS)
    assert [(f.kind, f.subject) for f in found] == [("both_sides", "LT RT"), ("bilateral_with_side", "50")]
    assert all(isinstance(f, medcodes.LineFinding) and f.error is None and f.message for f in found)
    assert found[0].to_dict() == {"kind": "both_sides", "subject": "LT RT", "message": found[0].message}
    assert "modifier 50" in str(found[0])

    retired = retired_modifier()
    line = hcpcs.check_line("J11", ["lt", "LT", "X", "ZZ", retired.code], DOS)
    kinds = [f.kind for f in line]
    assert kinds == ["code", "too_many_modifiers", "duplicate_modifier", "malformed_modifier", "unknown_modifier", "modifier_not_valid_on_date"]
    code = line[0]
    assert code.subject == "J11" and isinstance(code.error, medcodes.IncompleteCodeError)
    assert code.error.kind is ReasonKind.INCOMPLETE and code.message == str(code.error)
    assert line[-1].subject == retired.code and str(retired.validity[0].start) in line[-1].message

    cpt_line = hcpcs.check_line("99213", ["25"], DOS)
    assert [f.kind for f in cpt_line] == ["code"] and "CPT" in cpt_line[0].message
    assert isinstance(cpt_line[0].error, medcodes.MalformedCodeError)
    assert {f.kind for f in line + found} <= set(hcpcs.LINE_FINDING_KINDS)


def test_check_line_bad_input():
    with pytest.raises(TypeError, match="not one str"):
        hcpcs.check_line("J1100", "LT", DOS)
    with pytest.raises(TypeError, match=r"modifiers\[1\] must be a str, not int"):
        hcpcs.check_line("J1100", ["LT", 59], DOS)
    with pytest.raises(TypeError, match="modifiers must be a list of str, not int"):
        hcpcs.check_line("J1100", 5, DOS)
    with pytest.raises(TypeError, match="code must be a str, not NoneType"):
        hcpcs.check_line(None, [], DOS)
    with pytest.raises(medcodes.DateError):
        hcpcs.check_line("J1100", [], "2025-02-30")
    huge = "J1100" + "0" * 100_000
    (f,) = hcpcs.check_line(huge, [], DOS)
    assert f.kind == "code" and isinstance(f.error, medcodes.CodeTooLongError) and len(f.subject) < 100
    many = hcpcs.check_line("J1100", ["LT"] * 1000, DOS)
    assert [f.kind for f in many[:2]] == ["too_many_modifiers", "duplicate_modifier"]
    assert len(many[0].subject) < 100  # the subject is cut short, not 3,000 characters
    (e,) = hcpcs.check_line("J1100", ["é1"], DOS)
    assert e.kind == "malformed_modifier" and e.subject == "é1"
    assert [f.kind for f in hcpcs.check_line("", [], DOS)] == ["code"]


def test_bad_input():
    for call in (hcpcs.lookup, lambda code: hcpcs.validate(code, DOS)):
        with pytest.raises(TypeError, match="code must be a str, not int"):
            call(1100)
        with pytest.raises(TypeError, match="code must be a str, not NoneType"):
            call(None)
        with pytest.raises(medcodes.EmptyCodeError):
            call("  ")
        with pytest.raises(medcodes.MalformedCodeError) as e:
            call("J11é0")
        assert (e.value.position, e.value.found) == (4, "é")
        with pytest.raises(medcodes.CodeTooLongError) as e:
            call("J1100" * 100_000)
        assert len(e.value.input) < 100 and e.value.max == 5
    assert hcpcs.reason(None, DOS) is None and hcpcs.is_valid(None, DOS) is False
    assert hcpcs.reason("", DOS) is ReasonKind.EMPTY
    assert hcpcs.reason(["J1100", "", None, "J11é0", "J1100" * 1000], DOS) == [
        ReasonKind.VALID,
        ReasonKind.EMPTY,
        None,
        ReasonKind.MALFORMED,
        ReasonKind.TOO_LONG,
    ]
    with pytest.raises(TypeError, match="int"):
        hcpcs.is_valid(["J1100", 3], DOS)
    with pytest.raises(TypeError):
        hcpcs.lookup("J1100").status_indicator_on(20250701)


# A CMS HCPCS file ---------------------------------------------------------------------------


def record(code, sequence, rid, long, fields=()):
    """A 320-character record of CMS's layout: the 5-character code field, sequence number,
    record identification, long description, then (position from 1, text) fields."""
    line = bytearray(b" " * 320)

    def put(start, text):
        line[start - 1 : start - 1 + len(text)] = text.encode("latin-1")

    put(1, code)
    put(6, sequence)
    put(11, rid)
    put(12, long)
    for start, text in fields:
        put(start, text)
    return bytes(line)


# A made-up code of section A, in no quarter of the built-in tables (checked below).
MADE_UP = "A9899"


def sample_file():
    lines = [
        record(
            "A0021",
            "00100",
            "3",
            "Ambulance service, outside state per mile, transport",
            [(92, "Outside state ambulance serv"), (120, "00"), (269, "19950101"), (293, "N")],
        ),
        record("A0021", "00200", "4", "(medicaid only)"),
        record(
            "J1100",
            "00100",
            "3",
            "Injection, dexamethasone sodium phosphate, 1 mg",
            [
                (92, "Dexamethasone sodium phos"),
                (120, "51"),
                (128, "A"),
                (230, "D"),
                (257, "O1E"),
                (261, "1T"),
                (266, "  0"),
                (269, "19840101"),
                (277, "20200101"),
                (293, "C"),
            ],
        ),
        record(MADE_UP, "00100", "3", "Made-up code for testing", [(269, "20270101"), (285, "20271231")]),
        record("D0120", "00100", "3", "Made-up placeholder, not a CDT descriptor", [(269, "19950101")]),
        record("   LT", "00100", "7", "Left side (used to identify procedures performed on the left side of the body)", [(269, "19950101")]),
    ]
    return b"***Disclaimers of the made-up file\r\n\r\n" + b"".join(line + b"\r\n" for line in lines)


def test_with_file_from_bytes_and_paths(tmp_path):
    data = sample_file()
    with pytest.raises(medcodes.UnknownCodeError):
        hcpcs.lookup(MADE_UP)
    path = tmp_path / "HCPC_MADEUP.txt"
    path.write_bytes(data)
    loaded = [
        hcpcs.with_file(data),
        hcpcs.with_file(bytearray(data)),
        hcpcs.with_file(memoryview(data)),
        hcpcs.with_file(str(path)),
        hcpcs.with_file(path),
    ]
    for f in loaded:
        assert isinstance(f, medcodes.HcpcsWithFile) and isinstance(f, hcpcs.HcpcsWithFile)
        assert (len(f), f.format, f.preamble) == (5, "text", ["***Disclaimers of the made-up file"])
        assert [r.code for r in f.records()] == ["A0021", "J1100", MADE_UP, "D0120", "LT"]
    f = loaded[0]
    assert repr(f) == "<HcpcsWithFile text: 5 records>" and "j1100" in f and "Q9999" not in f

    r = f.record("j1100")
    assert isinstance(r, medcodes.HcpcsRecord) and repr(r) == "<HcpcsRecord code J1100 (line 5)>"
    assert (r.code, r.line, r.row, r.sequence, r.record_id) == ("J1100", 5, None, 100, "3")
    assert r.long_description == "Injection, dexamethasone sodium phosphate, 1 mg"
    assert r.short_description == "Dexamethasone sodium phos"
    assert (r.pricing_indicators, r.multiple_pricing_indicator, r.coverage) == (["51"], "A", "D")
    assert (r.betos, r.types_of_service, r.anesthesia_base_units, r.action) == ("O1E", ["1", "T"], 0, "C")
    assert (r.add_date, r.action_effective_date, r.termination_date) == (
        datetime.date(1984, 1, 1),
        datetime.date(2020, 1, 1),
        None,
    )
    assert r.statute is None and r.cross_references == [] and r.asc_effective_date is None
    assert not (r.is_modifier or r.is_dental or r.is_cpt) and r.is_active_on(DOS)
    d = r.to_dict()
    assert d["code"] == "J1100" and d["add_date"] == datetime.date(1984, 1, 1) and len(d) == 28

    assert f.long_description("A0021") == "Ambulance service, outside state per mile, transport (medicaid only)"
    assert f.record("lt").is_modifier and f.long_description("LT").startswith("Left side")
    assert f.record("D0120").is_dental and f.long_description("D0120") is None  # the ADA's text: withheld
    assert f.long_description("Q9999") is None and f.record("Q9999") is None

    # The built-in quarters decide on their dates; the file on the others.
    assert f.reason("J1100", DOS) is ReasonKind.VALID and f.is_valid("J1100", DOS)
    assert f.reason(MADE_UP, DOS) is ReasonKind.UNKNOWN
    assert f.reason(MADE_UP, "2027-06-01") is ReasonKind.VALID and f.is_valid(MADE_UP, "2027-06-01")
    assert f.reason(MADE_UP, "2028-01-01") is ReasonKind.NOT_VALID_ON_DATE
    assert f.reason("J1100", "2018-01-01") is ReasonKind.VALID  # before the built-in quarters
    assert f.reason("LT", "2027-06-01") is ReasonKind.MALFORMED and f.reason("J11", "2027-06-01") is ReasonKind.INCOMPLETE
    assert f.reason("99213", "2027-06-01") is ReasonKind.MALFORMED

    diff = f.differences(DOS)
    assert isinstance(diff, medcodes.HcpcsFileDifferences) and diff.date == datetime.date(2025, 7, 1)
    assert diff.only_in_file == [] and diff.short_descriptors == [] and not diff.is_empty
    assert "J1100" not in diff.only_built_in and "A0021" not in diff.only_built_in
    assert len(diff.only_built_in) > 7000 and not any(c.startswith("D") for c in diff.only_built_in)
    assert f.differences("2030-01-01").is_empty


def test_with_file_short_descriptor_differences():
    line = record("J1100", "00100", "3", "Injection, dexamethasone", [(92, "Made-up short text"), (269, "19840101")])
    diff = hcpcs.with_file(line + b"\n").differences(DOS)
    assert diff.short_descriptors == [("J1100", "Dexamethasone sodium phos", "Made-up short text")]


def file_error(data):
    with pytest.raises(medcodes.HcpcsFileError) as e:
        hcpcs.with_file(data)
    assert isinstance(e.value, medcodes.MedcodesError) and isinstance(e.value, ValueError)
    assert e.value.message == str(e.value)
    return e.value


def test_with_file_errors_name_the_line_field_and_value(tmp_path):
    good = record("J1100", "00100", "3", "Injection, dexamethasone", [(269, "19840101")])
    e = file_error(good + b"\n" + good.replace(b"19840101", b"19841301") + b"\n")
    assert (e.kind, e.line, e.row, e.field, e.value) == ("date", 2, None, "add date", "19841301")
    e = file_error(b"\n" + good[:100] + b"\n")
    assert (e.kind, e.line, e.length, e.expected) == ("record_length", 2, 100, "320 characters")
    e = file_error(good + b"\n" + good + b"\n")
    assert (e.kind, e.line, e.code, e.first_line, e.first_row) == ("duplicate_code", 2, "J1100", 1, None)
    e = file_error(record("J1100", "00200", "4", "more text") + b"\n")
    assert (e.kind, e.line, e.code, e.record_id) == ("continuation_without_first", 1, "J1100", "4")
    e = file_error(good + b"\n" + record("J1100", "00100", "4", "more") + b"\n")
    assert (e.kind, e.code, e.sequence, e.previous) == ("sequence", "J1100", 100, 100)
    e = file_error(good.replace(b"J1100", b"J11@0") + b"\n")
    assert (e.kind, e.line, e.field, e.value) == ("field", 1, "HCPCS code", "J11@0") and e.expected
    for empty in (b"", b"\r\n\r\n", b"***Disclaimers alone\n"):
        e = file_error(empty)
        assert e.kind == "empty" and e.line is None and e.field is None
    e = file_error("J1100 in UTF-16".encode("utf-16"))
    assert (e.kind, e.line) == ("encoding", 1) and e.detail
    e = file_error(b"PK\x03\x04 not really a workbook")
    assert e.kind == "xlsx" and e.detail
    e = file_error(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 an old xls")
    assert (e.kind, e.format) == ("unsupported_format", "an Excel 97-2003 workbook (.xls)") and e.hint
    missing = tmp_path / "absent.txt"
    e = file_error(str(missing))
    assert (e.kind, e.path) == ("io", str(missing))
    # A date field of letters.
    e = file_error(good.replace(b"19840101", b"X" * 8) + b"\n")
    assert e.value == "XXXXXXXX" and e.kind == "date"


def test_with_file_wrong_types():
    for bad in (None, 3, 1.5, ["J1100"], object()):
        with pytest.raises(TypeError, match="path_or_bytes must be a path"):
            hcpcs.with_file(bad)


# Enumerations and documentation ---------------------------------------------------------


def test_line_finding_kinds_are_the_core_list():
    assert hcpcs.LINE_FINDING_KINDS == _medcodes.LINE_FINDING_KINDS
    assert hcpcs.LINE_FINDING_KINDS[0] == "code" and len(set(hcpcs.LINE_FINDING_KINDS)) == 8


def test_module_shape_and_docstrings():
    shared = [*medcodes._codeset.__all__, *medcodes._codeset.CODE_CALLS]
    assert medcodes.hcpcs is hcpcs and set(shared) <= set(hcpcs.__all__)
    assert all(hasattr(hcpcs, n) for n in hcpcs.__all__)
    assert hcpcs.lookup.__code__ is medcodes._codeset.lookup.__code__
    globs = {"medcodes": medcodes, "hcpcs": hcpcs, "icd10cm": medcodes.icd10cm, "icd10pcs": medcodes.icd10pcs}
    r = doctest.testmod(hcpcs, extraglobs=globs, optionflags=doctest.ELLIPSIS)
    assert r.failed == 0 and r.attempted >= 10
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    for test in doctest.DocTestFinder().find(medcodes.HcpcsCode, "HcpcsCode", globs=dict(globs)):
        runner.run(test)
    assert runner.failures == 0 and runner.tries > 0
    for obj in (hcpcs.check_line, hcpcs.with_file, medcodes.HcpcsWithFile, medcodes.HcpcsRecord, medcodes.LineFinding):
        assert obj.__doc__, obj
    assert "hcpcs" in pathlib.Path(medcodes.__file__).read_text()
