"""Roll-up and detection columns (medcodes.ancestor_of, category_of, block_of, chapter_of,
system_of): the same answers as the one-code calls, in every container the package takes,
lengths and missing entries kept."""

import ast
from pathlib import Path

import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest

import medcodes
from medcodes import _medcodes, icd10cm, icd10pcs
from claims_sample import codes_and_dates


def expected(code):
    """What the one-code calls say: category, block, chapter, system label."""
    try:
        found = icd10cm.lookup(code) if isinstance(code, str) else None
    except medcodes.MedcodesError:
        found = None
    if found is None:
        cat = block = chapter = None
    else:
        chain = [found, *found.ancestors]
        cat = next((c.code for c in chain if len(c.code.replace(".", "")) == 3), None)
        block = found.block.id if found.block else None
        chapter = found.chapter.number if found.chapter else None
    systems = medcodes.detect(code) if isinstance(code, str) else []
    label = None
    if len(systems) == 1:
        label = systems[0]
    elif len(systems) > 1:
        label = "ambiguous"
    return cat, block, chapter, label


def test_one_code():
    assert medcodes.category_of("e119") == "E11"
    assert medcodes.block_of("E11.9") == "E08-E13"
    assert medcodes.chapter_of("S52.521A") == 19
    assert medcodes.ancestor_of("S52.521A", 5) == "S52.52"
    assert medcodes.ancestor_of("0DTJ4ZZ", 1, system="icd10pcs") == "0"
    assert medcodes.ancestor_of("0DTJ4ZZ", 4, system="icd10pcs") == "0DTJ"
    assert medcodes.ancestor_of("0DTJ4ZZ", 5, system="icd10pcs") is None
    assert medcodes.system_of("A4206") == "hcpcs" and medcodes.system_of("99213") == "cpt"
    # Undotted, E0100 is HCPCS E0100 and ICD-9-CM E010.0.
    assert medcodes.system_of("E0100") == "ambiguous" and medcodes.system_of("250.00") == "icd9cm"
    assert medcodes.system_of("B20") == "ambiguous" and medcodes.system_of("nope") is None
    for f in (medcodes.category_of, medcodes.block_of, medcodes.chapter_of, medcodes.system_of):
        assert f(None) is None and f(float("nan")) is None and f(pd.NA) is None
        assert f("Q99.99") is None if f is not medcodes.system_of else True


def test_columns_agree_with_the_one_code_calls():
    codes, _ = codes_and_dates(3000)
    want = [expected(c) for c in codes]
    assert medcodes.category_of(codes) == [w[0] for w in want]
    assert medcodes.block_of(codes) == [w[1] for w in want]
    assert medcodes.chapter_of(codes) == [w[2] for w in want]
    assert medcodes.system_of(codes) == [w[3] for w in want]
    assert medcodes.ancestor_of(codes, 3) == [w[0] for w in want]
    assert any(w[3] == "ambiguous" for w in want) and any(w[2] is None for w in want)
    pcs = [c.code for c in icd10pcs.codes()[::500]]
    got = medcodes.ancestor_of(pcs, 3, system="icd10pcs")
    assert got == [c[:3] if len(c) >= 3 else None for c in pcs]


@pytest.mark.parametrize("container", ["tuple", "numpy", "pandas", "polars", "pyarrow", "chunked"])
def test_every_container(container):
    codes, _ = codes_and_dates(2000, seed=3)
    want = [expected(c) for c in codes]
    make = {
        "tuple": tuple,
        "numpy": lambda c: np.array(c, dtype=object),
        "pandas": lambda c: pd.Series(c, dtype="str"),
        "polars": lambda c: pl.Series("dx", c),
        "pyarrow": pa.array,
        "chunked": lambda c: pa.chunked_array([c[:700], c[700:]]),
    }[container]
    col = make(codes)

    def as_list(x):
        if isinstance(x, np.ndarray):
            return [None if (v is None or (isinstance(v, (int, np.integer)) and v < 0)) else (int(v) if isinstance(v, (np.integer,)) else v) for v in x.tolist()]
        if isinstance(x, (pl.Series, pa.Array, pa.ChunkedArray)):
            return x.to_list() if isinstance(x, pl.Series) else x.to_pylist()
        return list(x)

    assert as_list(medcodes.category_of(col)) == [w[0] for w in want]
    assert as_list(medcodes.block_of(col)) == [w[1] for w in want]
    assert as_list(medcodes.chapter_of(col)) == [w[2] for w in want]
    systems = medcodes.system_of(col)
    assert as_list(systems) == [w[3] for w in want]
    if container == "polars":
        assert systems.dtype == pl.Enum(list(medcodes.SYSTEM_LABELS)) and systems.name == "dx"
    if container in ("pyarrow", "chunked"):
        assert pa.types.is_dictionary(systems.type)
    assert len(medcodes.ancestor_of(col, 4)) == len(codes)


def test_system_labels_are_the_core_list():
    assert medcodes.SYSTEM_LABELS == (*_medcodes.CODE_SYSTEMS, "cpt", "ambiguous")
    stub = Path(medcodes.__file__).parent / "_rollup.pyi"
    for node in ast.parse(stub.read_text()).body:
        if isinstance(node, ast.AnnAssign) and node.target.id == "_SystemLabel":
            assert tuple(ast.literal_eval(e) for e in node.value.slice.elts) == medcodes.SYSTEM_LABELS
            break
    else:
        raise AssertionError("no _SystemLabel in _rollup.pyi")


def test_bad_input():
    with pytest.raises(TypeError, match="length must be an int"):
        medcodes.ancestor_of(["E11.9"], "3")
    with pytest.raises(ValueError, match="1 or more"):
        medcodes.ancestor_of(["E11.9"], 0)
    with pytest.raises(ValueError, match="unknown code system"):
        medcodes.ancestor_of(["E11.9"], 3, system="icd9")
    with pytest.raises(TypeError, match=r"codes\[1\] is int"):
        medcodes.category_of(["E11.9", 5])
    with pytest.raises(TypeError):
        medcodes.system_of(42)
    assert medcodes.category_of([]) == [] and len(medcodes.block_of(pa.array([], pa.string()))) == 0


def test_docstring_examples():
    import doctest

    r = doctest.testmod(medcodes._rollup, extraglobs={"medcodes": medcodes}, optionflags=doctest.ELLIPSIS)
    assert r.attempted >= 5 and r.failed == 0
