"""medcodes.search: the ranked search of the core over every code set (issue 15)."""

import datetime
import unicodedata

import pytest

import medcodes
from medcodes import MatchKind, MedcodesError, SearchError, SearchHit, SearchResults, icd10cm

DOS = "2025-10-01"


def codes(found):
    return [h.code for h in found.hits]


@pytest.mark.parametrize(
    "query, systems, expected",
    [
        ("hypertension", "icd10cm", "I10"),
        ("sepsis", "icd10cm", "A41.9"),
        ("heart attack", "icd10cm", "I21.9"),
        ("copd", "icd10cm", "J44.9"),
        ("high blood pressure", "icd10cm", "I10"),
        ("laparoscopic appendectomy", "icd10pcs", "0DTJ4ZZ"),
        ("laparoscopic appendectomy", None, "0DTJ4ZZ"),
    ],
)
def test_the_issue_examples_find_what_a_coder_expects(query, systems, expected):
    found = medcodes.search(query, systems=systems, date=DOS, limit=5)
    assert expected in codes(found), (query, codes(found))


def test_results_shape():
    found = medcodes.search("hypertension", date=DOS)
    assert isinstance(found, SearchResults)
    assert len(found) == len(found.hits) == 10  # the default limit
    assert found.total >= 10 and found.offset == 0
    assert [s.system for s in found.systems] == list(medcodes._medcodes.CODE_SYSTEMS)
    # ICD-9-CM ended in 2015: not searched on a 2025 date.
    in_use = [s for s in found.systems if not s.system.startswith("icd9")]
    assert all(s.searched and s.date == datetime.date(2025, 10, 1) and s.note is None for s in in_use)
    first = found[0]
    assert isinstance(first, SearchHit) and found[-1] is found.hits[-1]
    assert (first.system, first.code, first.kind, first.billable) == ("icd10cm", "I10", MatchKind.EXACT, True)
    assert first.title == "Essential (primary) hypertension"
    assert first.field == "title" and first.text == first.title
    assert str(first.kind) == "exact" and isinstance(first.score, float)
    assert list(found) == found.hits
    assert "I10" in repr(first) and "SearchResults 10 of" in repr(found)
    with pytest.raises(IndexError):
        found[10]


def test_every_system_is_labelled_and_can_be_chosen():
    found = medcodes.search("wheelchair", date=DOS, limit=50)
    assert {h.system for h in found.hits} >= {"hcpcs"}
    only = medcodes.search("wheelchair", systems=["icd10cm"], date=DOS, limit=50)
    assert only.hits and {h.system for h in only.hits} == {"icd10cm"}
    assert [s.system for s in only.systems] == ["icd10cm"]
    # One id, or several in the order of preference at equal score.
    assert codes(medcodes.search("E11.9", systems="icd10cm", date=DOS)) == ["E11.9"]
    both = medcodes.search("anemia", systems=("icd10pcs", "icd10cm"), date=DOS)
    assert [s.system for s in both.systems] == ["icd10pcs", "icd10cm"]


def test_code_prefix_and_kinds():
    found = medcodes.search("e11.6", systems="icd10cm", date=DOS, limit=3)
    assert codes(found) == ["E11.6", "E11.61", "E11.610"]
    assert [h.kind for h in found.hits] == [MatchKind.CODE, MatchKind.CODE_PREFIX, MatchKind.CODE_PREFIX]
    assert found.hits[0].field == "code" and found.hits[0].spans == [(0, 5)]
    assert found.hits[1].text[slice(*found.hits[1].spans[0])] == "E11.6"
    assert {k.value for k in MatchKind} == set(medcodes._medcodes.MATCH_KINDS)


def test_paging_is_the_slice_of_one_list():
    for query in ["fracture of left wrist", "p' bu ofr second |dSgree of left wristt", "diab mell type 2", "e11"]:
        everything = medcodes.search(query, any_release=True, limit=100)
        for offset, limit in [(0, 1), (0, 29), (3, 7), (17, 12), (40, 40), (79, 5)]:
            page = medcodes.search(query, any_release=True, offset=offset, limit=limit)
            assert page.offset == offset
            assert page.total == everything.total, (query, offset, limit)
            want = everything.hits[offset : offset + limit]
            assert [(h.system, h.code, h.kind, h.field, h.spans) for h in page.hits] == [
                (h.system, h.code, h.kind, h.field, h.spans) for h in want
            ], (query, offset, limit)
    assert medcodes.search("sepsis", limit=0).hits == []
    assert medcodes.search("sepsis", offset=1_000_000).hits == []


def fold(s):
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c)).lower()


def test_spans_are_python_string_indexes():
    found = medcodes.search("type 2 diabetes with kidney", systems="icd10cm", date=DOS, limit=20)
    for h in found.hits:
        assert h.spans, h
        for start, end in h.spans:
            assert 0 <= start < end <= len(h.text)
        words = [fold(h.text[s:e]) for s, e in h.spans]
        assert all(any(w.startswith(p) for p in ("type", "2", "diabet", "kidney", "with")) for w in words), (h, words)
    # A title with a non-ASCII character before the match: characters, not UTF-8 bytes.
    charcot = medcodes.search("diabetes charcot", systems="icd10cm", date=DOS, limit=20)
    hit = next(h for h in charcot.hits if h.code == "E11.610")
    assert hit.field == "inclusion_term" and "ô" in hit.text
    assert [hit.text[s:e] for s, e in hit.spans] == ["diabetes", "Charcôt's"]
    # An accented query finds the same words.
    assert "E11.610" in codes(medcodes.search("diabetes charcôt", systems="icd10cm", date=DOS, limit=20))


def test_the_last_word_may_be_unfinished():
    # A word the data knows is whole unless told it is being typed (`ear`, `earlobe`).
    finished = medcodes.search("ear", systems="icd10cm", date=DOS)
    typing = medcodes.search("ear", systems="icd10cm", date=DOS, prefix_last_word=True)
    assert finished.total < typing.total
    typed = medcodes.search("pneumoni", systems="icd10cm", date=DOS, prefix_last_word=True)
    assert typed.total > 20 and all("pneumoni" in fold(h.text) for h in typed.hits)


def test_dates():
    # U07.1 (COVID-19) arrived in April 2020.
    assert codes(medcodes.search("U07.1", systems="icd10cm", date="2016-06-01")) == []
    assert codes(medcodes.search("U07.1", systems="icd10cm", date=datetime.date(2021, 6, 1))) == ["U07.1"]
    assert codes(medcodes.search("U07.1", systems="icd10cm", any_release=True)) == ["U07.1"]
    any_release = medcodes.search("sepsis", any_release=True)
    assert all(s.date is None for s in any_release.systems)
    # Without a date: today, or a system's last date when today is past its data.
    today = medcodes.search("sepsis", systems="icd10cm").systems[0]
    assert today.searched and today.date is not None
    assert today.date == medcodes.today() or today.note


@pytest.mark.parametrize(
    "kwargs, error, says",
    [
        ({"query": None}, TypeError, "query must be a str"),
        ({"query": b"sepsis"}, TypeError, "bytes"),
        ({"query": "sepsis", "limit": -1}, SearchError, "-1"),
        ({"query": "sepsis", "limit": 10**30}, SearchError, "limit"),
        ({"query": "sepsis", "limit": 10_001}, SearchError, "10000"),
        ({"query": "sepsis", "limit": "5"}, TypeError, "str"),
        ({"query": "sepsis", "limit": 2.5}, TypeError, "float"),
        ({"query": "sepsis", "limit": True}, TypeError, "bool"),
        ({"query": "sepsis", "offset": -3}, SearchError, "offset"),
        ({"query": "sepsis", "date": "2025-13-01"}, medcodes.DateError, "2025-13-01"),
        ({"query": "sepsis", "date": 20250101}, TypeError, "int"),
        ({"query": "sepsis", "date": "1990-01-01"}, SearchError, "1990-01-01"),
        ({"query": "sepsis", "systems": "icd9"}, SearchError, "icd9"),
        ({"query": "sepsis", "systems": ["icd10cm", 7]}, TypeError, "int"),
        ({"query": "sepsis", "systems": 7}, TypeError, "int"),
        ({"query": "sepsis " * 200}, SearchError, "too long"),
    ],
)
def test_bad_arguments(kwargs, error, says):
    with pytest.raises(error, match=says):
        medcodes.search(**kwargs)


def test_search_errors_are_medcodes_errors_with_attributes():
    with pytest.raises(MedcodesError) as e:
        medcodes.search("sepsis", limit=-1)
    assert isinstance(e.value, SearchError) and isinstance(e.value, ValueError)
    assert (e.value.kind, e.value.value) == ("limit", -1)
    with pytest.raises(SearchError) as e:
        medcodes.search("sepsis", systems=["icd10cm", "icd9"])
    assert (e.value.kind, e.value.value) == ("system", "icd9")
    with pytest.raises(SearchError) as e:
        medcodes.search("sepsis", date="1990-01-01")
    assert e.value.kind == "date_out_of_range" and e.value.date == datetime.date(1990, 1, 1)
    assert [c[0] for c in e.value.coverage] == list(medcodes._medcodes.CODE_SYSTEMS)
    assert all(first <= last for _, first, last in e.value.coverage)
    with pytest.raises(SearchError) as e:
        medcodes.search("a " * 40)
    assert (e.value.kind, e.value.words, e.value.date) == ("query_too_long", 40, None)


def test_nothing_found_is_not_an_error():
    for query in ["", "   ", "zzzz qqqq", ",;"]:
        found = medcodes.search(query, date=DOS)
        assert (found.hits, found.total) == ([], 0)


def test_icd10cm_search_is_the_ranked_search_on_one_system():
    for query in ["sepsis", "heart attack", "e11.6"]:
        ranked = medcodes.search(query, systems="icd10cm", date=DOS, limit=15)
        assert [c.code for c in icd10cm.search(query, limit=15, date=DOS)] == codes(ranked)


def test_docstring_examples():
    import doctest

    import medcodes._search

    globs = {"medcodes": medcodes}
    r = doctest.testmod(medcodes._search, extraglobs=globs)
    assert r.attempted > 0 and r.failed == 0
    runner = doctest.DocTestRunner()
    tests = doctest.DocTestFinder().find(medcodes.search, "search", globs=dict(globs))
    for t in tests:
        runner.run(t)
    assert sum(len(t.examples) for t in tests) > 0 and runner.failures == 0
    for cls in (SearchResults, SearchHit, medcodes.SystemSearched, SearchError, MatchKind):
        assert cls.__doc__, cls
