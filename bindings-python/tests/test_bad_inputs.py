"""The bad-input matrix (tests/bad_inputs.json) on Python: every code input gives its reason
(scalar and column calls agree), every date input its outcome, and every Python-only value
(None, numbers, containers, numpy/pandas/pyarrow dates) its outcome: the same answers as the
Rust library, the CLI and JavaScript."""

import datetime
import json
import pathlib

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

import medcodes

MATRIX = json.loads((pathlib.Path(__file__).resolve().parents[2] / "tests" / "bad_inputs.json").read_text())
DATE = MATRIX["date"]


def _input(v):
    if isinstance(v, str):
        return v
    if "repeat" in v:
        return v["prefix"] + v["repeat"] * v["times"]
    if "utf16" in v:
        # Lone surrogates stay: a Python str can hold them.
        return "".join(chr(u) for u in v["utf16"])
    if "bytes" in v:
        return bytes.fromhex(v["bytes"]).decode("utf-8", errors="replace")
    raise AssertionError(v)


def _outcome(call):
    try:
        r = call()
    except medcodes.DateError as e:
        return f"date_{e.kind}"
    except TypeError:
        return "type"
    if r is None:
        return "missing"
    return str(r)


@pytest.mark.parametrize("case", MATRIX["codes"], ids=lambda c: c["name"])
def test_every_code_input_gives_its_reason(case):
    system = getattr(medcodes, case["system"])
    code = _input(case["input"])
    date = case.get("date", DATE)
    assert str(system.reason(code, date)) == case["reason"]
    assert [str(r) for r in system.reason([code], date)] == [case["reason"]]
    if case["reason"] != "valid":
        with pytest.raises(medcodes.MedcodesError) as e:
            system.validate(code, date)
        assert len(str(e.value)) < 600


@pytest.mark.parametrize("case", MATRIX["dates"], ids=lambda c: c["name"])
def test_every_date_input_gives_its_outcome(case):
    date = _input(case["input"])
    assert _outcome(lambda: medcodes.icd10cm.reason("E11.9", date)) == case["outcome"]


@pytest.mark.parametrize("case", [v for v in MATRIX["values"] if "py" in v], ids=lambda c: c["name"])
def test_every_python_value_gives_its_outcome(case):
    value = eval(case["py"], {"datetime": datetime, "np": np, "pd": pd, "pa": pa})  # noqa: S307 (the matrix's own expressions)
    if case["argument"] == "code":
        call = lambda: medcodes.icd10cm.reason(value, DATE)  # noqa: E731
    else:
        call = lambda: medcodes.icd10cm.reason("E11.9", value)  # noqa: E731
    assert _outcome(call) == case["py_outcome"]
