"""Comorbidity indices per patient from a long table of diagnoses.

``elixhauser(table)``: AHRQ's Elixhauser Comorbidity Software Refined v2026.1 (38 measures,
the POA rules and exclusions of AHRQ's mapping program, the in-hospital mortality and
30-day readmission indices). ``charlson(table)``: the Charlson conditions with the ICD-10
coding algorithm of Quan et al. (2005), scored with the weights of Charlson (1987) and of
Quan et al. (2011).

The table (a pyarrow Table, a pandas or polars DataFrame, or a dict of columns) has a row a
diagnosis: ``patient_id`` (or ``patient``; any type), ``code`` and, for Elixhauser,
optionally ``poa`` (Y, N, U, W, 1 or blank). The answer is a table of the same kind, a row a
patient in the order first met:

>>> from medcodes import comorbidity
>>> t = comorbidity.elixhauser({"patient_id": [1, 1, 2], "code": ["I50.9", "N18.6", "E11.9"], "poa": ["Y", "N", None]})
>>> t.column("HF").to_pylist(), t.column("mortality_index").to_pylist()
([True, False], [14, 0])

Errors are ``medcodes.ComorbidityError`` with ``kind``, ``row`` and ``value``.
"""

from . import _columns
from . import _medcodes as _m
from ._medcodes import ComorbidityError

ELIXHAUSER_MEASURES = tuple(m[0] for m in _m.elixhauser_measures())
"""The 38 Elixhauser measure ids in AHRQ's order (``'AIDS'``, ..., ``'HF'``, ...): the
answer's flag columns."""

CHARLSON_CONDITIONS = tuple(c[0] for c in _m.charlson_conditions())
"""The 17 Charlson condition ids (``'myocardial_infarction'``, ...): the answer's flag
columns."""


def _error(kind, value, message, row=None):
    if row is not None:
        message = f"row {row}: {message}"
    e = ComorbidityError(message)
    e.kind, e.value, e.row, e.message = kind, str(value), row, message
    return e


def _read(table, poa):
    from . import hcc

    pa, pc = hcc._pyarrow()
    try:
        t, kind = hcc._as_table(pa, table)
    except TypeError:
        raise
    names = t.column_names
    try:
        patients, ids = hcc._patients(pa, pc, t)
        codes = hcc._codes(pa, pc, t)
    except hcc.HccError as e:
        raise _error("table", e.value, e.message.split(": ", 1)[-1] if e.row is not None else e.message, row=e.row) from None
    poas = None
    if poa and "poa" in names:
        poas = t.column("poa")
        if not (pa.types.is_string(poas.type) or pa.types.is_large_string(poas.type) or pa.types.is_null(poas.type) or pa.types.is_dictionary(poas.type)):
            poas = pc.cast(poas, pa.string())
        if isinstance(poas, pa.ChunkedArray):
            poas = poas.combine_chunks()
    return pa, t, kind, patients, ids, codes, poas


def _flags(pa, buf, patients, columns):
    n = len(columns)
    flags = pa.Array.from_buffers(pa.uint8(), patients * n, [None, pa.py_buffer(buf)])
    import pyarrow.compute as pc

    flags = pc.cast(flags, pa.bool_())
    return {c: flags.slice(j, None).take(pa.array(range(0, patients * n, n), pa.int64())) if patients else pa.array([], pa.bool_()) for j, c in enumerate(columns)}


def elixhauser(table):
    """Each patient's Elixhauser measures (a bool column each, ``ELIXHAUSER_MEASURES``),
    ``mortality_index`` and ``readmission_index``, from a long table of (``patient_id``,
    ``code``[, ``poa``]). The measures that depend on POA count only a diagnosis present on
    admission (Y, W or exempt 1); a diagnosis without an indicator (no ``poa`` column, a
    null or blank one) counts only towards the measures that do not depend on POA."""
    pa, t, kind, patients, ids, codes, poas = _read(table, poa=True)
    p, flags, mortality, readmission = _m.elixhauser_table(patients, codes, poas, _columns.nulls())
    k = len(p) // 4
    pi = pa.Array.from_buffers(pa.uint32(), k, [None, pa.py_buffer(p)])
    columns = {"patient_id": ids.take(pi)}
    columns.update(_flags(pa, flags, k, ELIXHAUSER_MEASURES))
    columns["mortality_index"] = pa.Array.from_buffers(pa.int32(), k, [None, pa.py_buffer(mortality)])
    columns["readmission_index"] = pa.Array.from_buffers(pa.int32(), k, [None, pa.py_buffer(readmission)])
    from .hcc import _out

    return _out(pa, pa.table(columns), kind)


def charlson(table):
    """Each patient's Charlson conditions (a bool column each, ``CHARLSON_CONDITIONS``,
    the milder of a pair dropped when the more severe is present), ``score_1987`` and
    ``score_2011``, from a long table of (``patient_id``, ``code``). Diagnoses that count
    towards no condition, or are not codes, count for nothing."""
    pa, t, kind, patients, ids, codes, _ = _read(table, poa=False)
    p, flags, s1987, s2011 = _m.charlson_table(patients, codes, _columns.nulls())
    k = len(p) // 4
    pi = pa.Array.from_buffers(pa.uint32(), k, [None, pa.py_buffer(p)])
    columns = {"patient_id": ids.take(pi)}
    columns.update(_flags(pa, flags, k, CHARLSON_CONDITIONS))
    columns["score_1987"] = pa.Array.from_buffers(pa.uint32(), k, [None, pa.py_buffer(s1987)])
    columns["score_2011"] = pa.Array.from_buffers(pa.uint32(), k, [None, pa.py_buffer(s2011)])
    from .hcc import _out

    return _out(pa, pa.table(columns), kind)


__all__ = ["CHARLSON_CONDITIONS", "ELIXHAUSER_MEASURES", "ComorbidityError", "charlson", "elixhauser"]
