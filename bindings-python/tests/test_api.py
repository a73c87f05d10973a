"""The scalar API: lookup, validation by date, the hierarchy, errors and types."""

import datetime
import doctest
import pickle
import pydoc
import subprocess
import sys

import pytest

import medcodes
from medcodes import ReasonKind, icd10cm

DOS = "2025-03-01"


def deleted_code():
    """A billable code that was deleted before DOS."""
    for c in icd10cm.codes():
        if c.billable and c.validity and c.validity[-1].end is not None:
            if c.validity[-1].end < datetime.date(2025, 3, 1):
                return c
    raise AssertionError("no deleted code in the data")


# Lookup and attributes ------------------------------------------------------------------


def test_lookup_attributes():
    c = icd10cm.lookup(" e11.9 ")
    assert c.code == "E11.9"
    assert c.undotted == "E119"
    assert str(c) == "E11.9"
    assert c.title == "Type 2 diabetes mellitus without complications"
    assert c.billable is True
    assert c.kind == "code"
    assert c.is_valid_on(DOS) and c.is_present_on(DOS)
    assert c.kind_on(datetime.date(2025, 3, 1)) == "code"
    assert c.title_on(DOS) == c.title
    assert isinstance(c.short_title, str)
    assert c.title_source_on(DOS).effective <= datetime.date(2025, 3, 1)
    assert c.mce_flags_on(DOS) == ["qadm"] or isinstance(c.mce_flags_on(DOS), list)
    assert repr(c) == "<Icd10CmCode E11.9 billable: Type 2 diabetes mellitus without complications>"


def test_hierarchy():
    c = icd10cm.lookup("S52.521A")
    assert c.parent.code == "S52.521"
    assert [a.code for a in c.ancestors] == ["S52.521", "S52.52", "S52.5", "S52"]
    assert c.ancestors[-1].kind == "category"
    assert c.ancestors[0].kind == "subcategory"
    assert c.block.id == "S50-S59"
    assert c.chapter.number == 19
    assert c.chapter.range == ("S00", "T88")
    s52 = icd10cm.lookup("S52")
    assert s52.parent is None
    assert c in s52.descendants
    assert all(child.parent == s52 for child in s52.children)
    assert [x.code for x in sorted(s52.children)] == [x.code for x in s52.children]
    assert c in c.block.categories[0].descendants or c.block.categories


def test_chapters_blocks():
    chapters = icd10cm.chapters()
    assert [ch.number for ch in chapters] == list(range(1, 23))
    ch4 = icd10cm.chapter(4)
    assert ch4 == chapters[3]
    assert ch4.title.startswith("Endocrine")
    assert repr(ch4).startswith("<Chapter 4 (E00-E89):")
    assert icd10cm.chapter(99) is None
    b = icd10cm.block("e08-e13")
    assert b.id == "E08-E13" and b.title == "Diabetes mellitus"
    assert b.chapter == ch4
    assert b in ch4.blocks
    assert icd10cm.lookup("E11") in b.categories
    assert icd10cm.block("nope") is None


def test_notes_and_seventh_characters():
    notes = icd10cm.lookup("E11.9").notes
    assert notes, "E11.9 inherits notes from E11, its block and chapter"
    kinds = {n.kind for n in notes}
    assert kinds <= {
        "inclusion_term", "includes", "excludes1", "excludes2", "code_first",
        "use_additional_code", "code_also", "note", "seventh_character",
    }
    assert all(n.level in ("chapter", "block", "code") and n.site and n.text for n in notes)
    assert any(n.inherited for n in notes)
    refs = [r for n in notes for r in n.refs]
    assert refs and all(r.first and r.text for r in refs)
    covered = refs[0].codes_on(DOS)
    assert all(isinstance(c, medcodes.Icd10CmCode) and refs[0].covers(c) for c in covered)
    assert repr(notes[0]).startswith("<Note ")
    assert isinstance(icd10cm.chapter(4).notes, list)
    assert isinstance(icd10cm.block("E08-E13").notes, list)
    seventh = icd10cm.lookup("S52.521A").seventh_characters
    assert "S52.521A".startswith(seventh.defined_at.replace(".", "")[:3]) and seventh.defined_at.startswith("S52")
    assert ("A", "initial encounter for closed fracture") in seventh.characters
    assert icd10cm.lookup("E11.9").seventh_characters is None
    assert icd10cm.notes_source() in icd10cm.title_sources()


def test_codes_starting_with():
    codes = icd10cm.codes_starting_with(" e11.6")
    assert codes and all(c.undotted.startswith("E116") for c in codes)
    assert codes == sorted(codes)
    assert icd10cm.codes_starting_with("!!") == []


def test_search_by_code_prefix_and_title_words():
    assert [c.code for c in icd10cm.search("e11.6", limit=3)] == ["E11.6", "E11.61", "E11.610"]
    hits = icd10cm.search("type 2 diabetes without complications")
    assert "E11.9" in [c.code for c in hits]
    assert len(icd10cm.search("diab", limit=7)) == 7
    assert icd10cm.search("E11", limit=0) == []
    assert icd10cm.search("zzzz qqqq") == []
    # U07.1 (COVID-19) arrived in April 2020.
    assert icd10cm.search("U07.1", date="2016-06-01") == []
    assert [c.code for c in icd10cm.search("U07.1", date=datetime.date(2021, 6, 1))] == ["U07.1"]


@pytest.mark.parametrize(
    "kwargs, error, says",
    [
        ({"query": None}, TypeError, "query"),
        ({"query": 11}, TypeError, "int"),
        ({"query": "E11", "limit": -1}, ValueError, "-1"),
        ({"query": "E11", "limit": "5"}, TypeError, "str"),
        ({"query": "E11", "limit": 2.5}, TypeError, "float"),
        ({"query": "E11", "date": "2025-13-01"}, ValueError, "2025-13-01"),
    ],
)
def test_search_bad_arguments(kwargs, error, says):
    with pytest.raises(error, match=says):
        icd10cm.search(**kwargs)


def test_equality_hash_order_pickle():
    a, b = icd10cm.lookup("E11.9"), icd10cm.lookup("e119")
    assert a == b and hash(a) == hash(b)
    assert a != icd10cm.lookup("E11")
    assert icd10cm.lookup("E11") < a < icd10cm.lookup("E13")
    assert len({a, b}) == 1
    assert pickle.loads(pickle.dumps(a)) == a
    assert a != "E11.9"


def test_validity_and_releases():
    c = deleted_code()
    r = c.validity[-1]
    assert r.start <= r.end
    assert r.end in r and r.contains(r.start)
    assert not r.contains(DOS)
    assert str(r).startswith("from ")
    spans = c.validity_spans
    assert spans and spans[0].billable in (True, False)
    assert isinstance(spans[0].mce_flags, tuple)
    releases = icd10cm.releases()
    assert releases[0].effective == datetime.date(2015, 10, 1)
    assert releases[0].fiscal_year == 2016
    assert str(releases[0]) == "FY2016"
    assert icd10cm.release_on(DOS) in releases
    assert icd10cm.release_on("2000-01-01") is None
    first, last = icd10cm.coverage()
    assert first == datetime.date(2015, 10, 1) and last > first
    sources = icd10cm.title_sources()
    assert sources and all(isinstance(s.name, str) and s.origin for s in sources)
    assert icd10cm.lookup("E11.9").title_from(len(sources) - 1) is not None
    assert medcodes.data_sources()[0].sha256
    assert isinstance(medcodes.today(), datetime.date)


def test_code_lists():
    everything = icd10cm.codes()
    billable = icd10cm.codes_valid_on(DOS)
    assert 70_000 < len(billable) < len(everything)
    assert all(c.is_valid_on(DOS) for c in billable[:1000])
    assert everything == sorted(everything)


# Validation, dates, reasons -------------------------------------------------------------


@pytest.mark.parametrize(
    "date",
    [DOS, "20250301", datetime.date(2025, 3, 1), datetime.datetime(2025, 3, 1, 13, 45)],
)
def test_validate_date_forms(date):
    assert icd10cm.validate("E11.9", date).code == "E11.9"
    assert icd10cm.is_valid("E11.9", date) is True


def test_date_none_is_today():
    code = icd10cm.codes_valid_on(None)[0]
    assert icd10cm.is_valid(code.code) is True
    assert icd10cm.is_valid(code.code, None) is True


@pytest.mark.parametrize(
    "bad, kind",
    [("2025-13-01", "invalid"), ("2023-02-29", "invalid"), ("yesterday", "malformed"), ("", "malformed")],
)
def test_bad_dates(bad, kind):
    with pytest.raises(medcodes.DateError) as e:
        icd10cm.validate("E11.9", bad)
    assert e.value.kind == kind
    assert e.value.input == bad
    assert bad in str(e.value) or kind == "malformed"
    assert isinstance(e.value, medcodes.MedcodesError) and isinstance(e.value, ValueError)
    with pytest.raises(medcodes.DateError):
        icd10cm.is_valid(["E11.9"], bad)


def test_date_out_of_supported_years():
    with pytest.raises(medcodes.DateError):
        icd10cm.is_valid("E11.9", datetime.date(1800, 1, 1))


@pytest.mark.parametrize("bad", [3.5, 20250301, object(), b"2025-03-01"])
def test_wrong_date_type(bad):
    with pytest.raises(TypeError, match=type(bad).__name__):
        icd10cm.validate("E11.9", bad)


def test_reason_scalar():
    assert icd10cm.reason("E11.9", DOS) is ReasonKind.VALID
    assert icd10cm.reason("E11", DOS) is ReasonKind.NOT_BILLABLE
    assert icd10cm.reason("E1.19", DOS) is ReasonKind.MALFORMED
    assert icd10cm.reason(None, DOS) is None
    assert str(ReasonKind.NOT_BILLABLE) == "not_billable"
    assert ReasonKind.VALID == 0


def test_reason_kinds_come_from_the_core():
    names = medcodes._medcodes.REASON_NAMES
    assert [k.value for k in ReasonKind] == list(range(len(names)))
    assert [str(k) for k in ReasonKind] == list(names)
    assert [k.name for k in ReasonKind] == [n.upper() for n in names]


def test_every_reason_kind_has_its_own_error_class():
    classes = [k.error for k in ReasonKind if k is not ReasonKind.VALID]
    assert len(set(classes)) == len(classes), "one class per kind"
    for cls in classes:
        assert issubclass(cls, medcodes.CodeValidationError)
        assert issubclass(cls, medcodes.MedcodesError)
        assert issubclass(cls, ValueError)
        assert cls.__module__ == "medcodes"
        assert getattr(medcodes, cls.__name__) is cls
        assert cls.__doc__


# Errors, variant by variant ---------------------------------------------------------------


def raised(fn, *args):
    with pytest.raises(medcodes.MedcodesError) as e:
        fn(*args)
    return e.value


def test_empty():
    e = raised(icd10cm.lookup, "   ")
    assert type(e) is medcodes.EmptyCodeError and e.kind is ReasonKind.EMPTY
    assert "empty code" in str(e) and e.message == str(e)


def test_too_long():
    e = raised(icd10cm.lookup, "E11.90000")
    assert type(e) is medcodes.CodeTooLongError and e.kind is ReasonKind.TOO_LONG
    assert e.input == "E11.90000" and e.system == "ICD-10-CM" and e.max == 7


def test_malformed():
    e = raised(icd10cm.validate, "E1.19", DOS)
    assert type(e) is medcodes.MalformedCodeError and e.kind is ReasonKind.MALFORMED
    assert (e.input, e.position, e.found) == ("E1.19", 3, ".")
    assert "character 3" in str(e) and e.expected
    e = raised(icd10cm.lookup, "E11é")
    assert e.found == "é" and e.position == 4


def test_unknown():
    e = raised(icd10cm.validate, "q99.99", DOS)
    assert type(e) is medcodes.UnknownCodeError and e.kind is ReasonKind.UNKNOWN
    assert e.code == "Q99.99" and e.system == "ICD-10-CM"
    assert e.first == datetime.date(2015, 10, 1) and e.last > e.first


def test_not_billable():
    e = raised(icd10cm.validate, "E11", DOS)
    assert type(e) is medcodes.NotBillableError and e.kind is ReasonKind.NOT_BILLABLE
    assert e.code == "E11" and e.date == datetime.date(2025, 3, 1)
    assert e.billable_descendants > 50 and e.examples[0] == "E11.00"
    assert "is a header" in str(e)


def test_not_valid_on_date():
    c = deleted_code()
    e = raised(icd10cm.validate, c.code, DOS)
    assert type(e) is medcodes.NotValidOnDateError and e.kind is ReasonKind.NOT_VALID_ON_DATE
    assert e.code == c.code and e.valid == c.validity
    assert "deleted" in str(e)


def test_date_out_of_range():
    e = raised(icd10cm.validate, "E11.9", "2010-01-01")
    assert type(e) is medcodes.DateOutOfRangeError and e.kind is ReasonKind.DATE_OUT_OF_RANGE
    assert e.date == datetime.date(2010, 1, 1) and e.first == datetime.date(2015, 10, 1)
    assert icd10cm.is_valid("E11.9", "2010-01-01") is False
    assert icd10cm.reason("E11.9", "2010-01-01") is ReasonKind.DATE_OUT_OF_RANGE


def test_seventh_character_errors():
    e = raised(icd10cm.validate, "S52.521", DOS)
    assert type(e) is medcodes.MissingSeventhCharacterError
    assert e.kind is ReasonKind.MISSING_SEVENTH_CHARACTER
    assert e.base == "S52.521" and ("A", "initial encounter for closed fracture") in e.options
    e = raised(icd10cm.validate, "W21.89", DOS)
    assert e.base == "W21.89X"
    e = raised(icd10cm.validate, "S52.521Z", DOS)
    assert type(e) is medcodes.SeventhCharacterNotAllowedError and e.found == "Z"
    assert [c for c, _ in e.allowed][:1] == ["A"]
    e = raised(icd10cm.validate, "T36.01A", DOS)
    assert type(e) is medcodes.MissingPlaceholderError
    assert (e.input, e.suggestion, e.suggestion_billable) == ("T36.01A", "T36.0X1A", True)
    e = raised(icd10cm.validate, "E11.9A", DOS)
    assert type(e) is medcodes.UnexpectedSeventhCharacterError
    assert (e.found, e.base) == ("A", "E11.9")


SEVENTH_KINDS = {
    "S52.521": (ReasonKind.MISSING_SEVENTH_CHARACTER, "MissingSeventhCharacterError"),
    "S52.521Z": (ReasonKind.SEVENTH_CHARACTER_NOT_ALLOWED, "SeventhCharacterNotAllowedError"),
    "T36.01A": (ReasonKind.MISSING_PLACEHOLDER, "MissingPlaceholderError"),
    "E11.9A": (ReasonKind.UNEXPECTED_SEVENTH_CHARACTER, "UnexpectedSeventhCharacterError"),
}


@pytest.mark.parametrize("code", sorted(SEVENTH_KINDS))
def test_seventh_character_kinds_everywhere(code):
    kind, name = SEVENTH_KINDS[code]
    cls = getattr(medcodes, name)
    assert issubclass(cls, medcodes.CodeValidationError) and kind.error is cls
    assert name in medcodes.__all__
    assert icd10cm.reason(code, DOS) is kind
    assert icd10cm.reason([code, "E11.9"], DOS) == [kind, ReasonKind.VALID]
    assert icd10cm.is_valid(code, DOS) is False
    with pytest.raises(cls) as info:
        icd10cm.validate(code, DOS)
    assert info.value.kind is kind and info.value.message == str(info.value)
    assert str(kind) == kind.name.lower()


def test_errors_are_catchable_as_value_error():
    with pytest.raises(ValueError):
        icd10cm.lookup("nope")


@pytest.mark.parametrize("bad", [42, 4.2, b"E11.9", ["E11.9"], None])
def test_scalar_calls_want_str(bad):
    with pytest.raises(TypeError, match="code must be a str, not " + type(bad).__name__):
        icd10cm.lookup(bad)
    with pytest.raises(TypeError, match=type(bad).__name__):
        icd10cm.validate(bad, DOS)


def test_non_ascii_and_long_scalars():
    assert icd10cm.is_valid("É11.9", DOS) is False
    assert icd10cm.reason("E11.9\u00a0", DOS) is ReasonKind.MALFORMED  # no-break space
    assert icd10cm.reason("ＥＱ１", DOS) is ReasonKind.MALFORMED
    assert icd10cm.reason("\ud800", DOS) is ReasonKind.MALFORMED  # lone surrogate
    huge = "A" * (1 << 20)
    e = raised(icd10cm.lookup, huge)
    assert len(str(e)) < 200
    assert icd10cm.normalize(huge) is None


def test_scalar_helpers():
    assert icd10cm.normalize(" e119 ") == "E11.9"
    assert icd10cm.normalize("e11.9", compact=True) == "E119"
    assert icd10cm.normalize("E1.19") is None
    assert icd10cm.normalize(None) is None
    assert icd10cm.title("E11.9") == "Type 2 diabetes mellitus without complications"
    assert icd10cm.title("nope") is None
    assert icd10cm.title("I10", short=True)
    assert icd10cm.lookup("E11.9").billable is True and icd10cm.lookup("E11").billable is False
    assert icd10cm.lookup(deleted_code().code).billable is True  # billable in its newest release
    assert icd10cm.is_valid(deleted_code().code, DOS) is False  # billable on a date: is_valid
    assert not hasattr(icd10cm, "is_billable")
    assert icd10cm.is_valid(None) is False and icd10cm.is_valid(float("nan")) is False


# Documentation ----------------------------------------------------------------------------


def test_docstring_examples():
    globs = {"medcodes": medcodes, "icd10cm": icd10cm, "icd10pcs": medcodes.icd10pcs, "claims": medcodes.claims}
    failures = 0
    modules = (medcodes, icd10cm, medcodes.icd10pcs, medcodes.claims, medcodes._codeset)
    for module in modules:
        r = doctest.testmod(module, extraglobs=globs, optionflags=doctest.ELLIPSIS)
        failures += r.failed
        assert r.attempted > 0, module
    finder = doctest.DocTestFinder()
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    for obj in (medcodes.AnyCode, medcodes.Icd10CmCode, medcodes.Icd10PcsCode, icd10cm.search):
        for test in finder.find(obj, obj.__name__, globs=dict(globs)):
            runner.run(test)
    failures += runner.failures
    assert failures == 0


def test_help_reads_well():
    text = pydoc.render_doc(medcodes, renderer=pydoc.plaintext)
    for name in ["icd10cm", "icd10pcs", "claims", "MedcodesError", "NotBillableError", "ReasonKind", "Icd10CmCode"]:
        assert name in text
    text = pydoc.render_doc(icd10cm, renderer=pydoc.plaintext)
    for name in ["is_valid", "normalize", "reason", "title", "lookup", "validate", "chapters"]:
        assert name in text
    for fn in [icd10cm.lookup, icd10cm.validate, icd10cm.is_valid, icd10cm.reason, icd10cm.chapters]:
        assert fn.__doc__, fn
    for cls in [medcodes.Icd10CmCode, medcodes.Chapter, medcodes.Block, medcodes.ValidityRange]:
        assert cls.__doc__, cls


def test_import_is_light():
    code = (
        "import sys, time; t = time.perf_counter(); import medcodes; "
        "dt = time.perf_counter() - t; "
        "heavy = [m for m in ('numpy', 'pandas', 'polars', 'pyarrow') if m in sys.modules]; "
        "print(dt, heavy)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    seconds, heavy = out.stdout.split(" ", 1)
    assert heavy.strip() == "[]", "import medcodes must not import data libraries"
    assert float(seconds) < 0.25  # 30 ms target, measured by the benchmark; generous under load


def test_readme_examples():
    """The Python examples of bindings-python/README.md run as written."""
    from pathlib import Path

    text = (Path(__file__).resolve().parents[1] / "README.md").read_text()
    blocks = [b.split("```", 1)[0] for b in text.split("```python\n")[1:]]
    test = doctest.DocTestParser().get_doctest("\n".join(blocks), {}, "README.md", "README.md", 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    runner.run(test)
    assert runner.failures == 0 and runner.tries >= 10


def test_every_code_system_is_a_module_with_the_shared_calls():
    """What every system has is written once (medcodes._codeset); a system module only adds
    its extras, and a system without a file of its own still gets a module."""
    shared = [*medcodes._codeset.__all__, *medcodes._codeset.CODE_CALLS]
    for system in medcodes._medcodes.CODE_SYSTEMS:
        mod = getattr(medcodes, system)
        assert sys.modules[f"medcodes.{system}"] is mod
        for name in shared:
            fn = getattr(mod, name)
            assert fn.__module__ == mod.__name__ and fn.__doc__ and name in mod.__all__
            assert fn.__code__ is getattr(medcodes._codeset, name).__code__  # the same code
        first, last = mod.coverage()
        # ICD-9-CM's one release (version 32) ends where ICD-10 begins.
        start = datetime.date(2014, 10, 1) if system.startswith("icd9") else datetime.date(2015, 10, 1)
        assert start <= first < last
    bare = medcodes._codeset.module("icd10pcs")  # as for a system without extras
    assert bare.is_valid(["0DTJ4ZZ", "0DTJ"], DOS) == [True, False]
    assert type(bare.lookup("0DTJ4ZZ")) is medcodes.Icd10PcsCode
    assert sorted(bare.__all__) == sorted(shared)
    assert icd10cm.lookup("E11.65") < icd10cm.lookup("E11.9") != medcodes.icd10pcs.lookup("0")
    assert pickle.loads(pickle.dumps(icd10cm.lookup("e119"))) == icd10cm.lookup("E11.9")
    assert repr(medcodes.detect("E11.9")) == "['icd10cm']" and medcodes.detect("nope") == []
