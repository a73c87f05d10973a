"""Inpatient claim edits: the CMS Medicare Code Editor (MCE), by discharge date.

One claim, as a dict or keyword arguments:

>>> from medcodes import claims
>>> findings = claims.check(
...     discharge_date="2025-03-01", age=70, sex="F",
...     principal="O80", secondary=["E11.9", "O80"],
... )
>>> [(f.edit, f.position, f.index) for f in findings]
[('age_conflict', 'principal', None), ('duplicate_of_principal', 'secondary', 1), ('age_conflict', 'secondary', 1)]

The fields: ``discharge_date`` (or ``date``; a ``datetime.date`` or ISO string), ``age``
(whole years), ``sex`` ('M'/'F'/'U', or the CMS numbers 1, 2, 0), ``discharge_status`` (an
int or a numeric str; None skips the edit), ``length_of_stay`` (days; None skips the
edit), ``principal`` (``pdx``), ``secondary`` (``sdx``), ``admitting`` (``admit_dx``) and
``procedures``. A diagnosis is a code str, a ``(code, poa)`` tuple or a dict with ``code``
and ``poa``; a procedure is a code str (or ``{"code": ...}``).

Many claims: ``check_table(claims, codes)`` takes a claim table (``claim_id``,
``discharge_date``, ``age``, and optionally ``sex``, ``discharge_status``,
``length_of_stay``) and a long-format code table (``claim_id``, ``kind``: principal,
secondary, admitting or procedure, ``code``, and optionally ``position`` for the order
within a kind and ``poa``), as pyarrow Tables, pandas or polars DataFrames, and gives back
a findings table of the same kind. The edits run without the GIL, on all cores.

A claim that cannot be read raises ``medcodes.ClaimInputError`` naming the field (the
column and row, for tables) and the value.
"""

import sys

from . import _medcodes as _m
from ._medcodes import ClaimFinding, ClaimInputError, EncounterFinding

_INT64_MIN = -(2**63)


def check(claim=None, /, *, coding_rules=False, **fields):
    """Runs the MCE edits on one claim: a list of ``ClaimFinding`` (empty when clean).

    ``claim`` is a dict; keyword arguments add to it (or are the claim). With
    ``coding_rules=True`` the ICD-10-CM coding rules (Excludes1, code first, ...) of
    ``icd10cm.check_encounter`` on the principal and secondary diagnoses follow, as
    ``EncounterFinding`` objects.
    """
    if claim is None:
        claim = fields
    elif fields:
        if not isinstance(claim, dict):
            raise TypeError(f"a claim is a dict (or keyword arguments), not {type(claim).__name__}")
        claim = {**claim, **fields}
    return _m.claims_check(claim, bool(coding_rules))


def _error(field, row, value, what):
    message = f"row {row}, {field} = {value!r}: {what}" if row is not None else f"{field} = {value!r}: {what}"
    e = ClaimInputError(message)
    e.field, e.row, e.value, e.message = field, row, str(value), message
    return e


def _pyarrow():
    try:
        import pyarrow as pa
        import pyarrow.compute as pc
    except ImportError as e:  # pragma: no cover
        raise ImportError("claims.check_table needs pyarrow (pip install pyarrow)") from e
    return pa, pc


def _as_table(pa, obj, what):
    """``obj`` as a pyarrow Table, and the kind of container it came as."""
    if isinstance(obj, pa.Table):
        return obj, "pyarrow"
    if isinstance(obj, pa.RecordBatch):
        return pa.Table.from_batches([obj]), "pyarrow"
    pd = sys.modules.get("pandas")
    if pd is not None and isinstance(obj, pd.DataFrame):
        return pa.Table.from_pandas(obj, preserve_index=False), "pandas"
    pl = sys.modules.get("polars")
    if pl is not None and isinstance(obj, pl.DataFrame):
        return obj.to_arrow(), "polars"
    if isinstance(obj, dict):
        return pa.table(obj), "pyarrow"
    if hasattr(obj, "__arrow_c_stream__"):
        return pa.table(obj), "pyarrow"
    raise TypeError(
        f"{what} must be a pyarrow Table, a pandas or polars DataFrame, a dict of columns or "
        f"an Arrow stream, not {type(obj).__module__}.{type(obj).__qualname__}"
    )


# The claim fields and the names each is read under, from the core's one vocabulary.
_FIELDS = dict(_m.CLAIM_FIELDS)


def _column(table, names, what, required=True):
    for name in names:
        if name in table.column_names:
            return name, table.column(name)
    if required:
        raise _error(names[0], None, "missing", f"the {what} table needs a {names[0]!r} column (has {table.column_names})")
    return names[0], None


def _first(pc, mask):
    """The first row where a boolean column is true (None when nowhere)."""
    i = pc.index(mask, True).as_py()
    return None if i is None or i < 0 else i


def _no_nulls(pc, col, field):
    if col.null_count:
        row = _first(pc, pc.is_null(col))
        raise _error(field, row, None, "missing value")


def _array(pa, arr):
    """One Arrow array (chunks combined: the Rust side reads a single run fastest)."""
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.chunk(0) if arr.num_chunks == 1 else arr.combine_chunks()
    return arr


def _int64s(pa, pc, col, field):
    """An integer column as an int64 Arrow array (nulls kept)."""
    try:
        arr = pc.cast(col, pa.int64())
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, pa.ArrowTypeError):
        for row, v in enumerate(col.to_pylist()):
            if v is None:
                continue
            try:
                if isinstance(v, bool) or (isinstance(v, float) and int(v) != v):
                    raise ValueError
                int(v)
            except (TypeError, ValueError):
                raise _error(field, row, v, "expected a whole number") from None
        raise _error(field, None, str(col.type), "expected a column of whole numbers") from None
    return _array(pa, arr)


def _dates(pa, pc, col, field):
    """A date column (dates, timestamps or ISO strings) as a date32 Arrow array."""
    try:
        days = pc.cast(col, pa.date32())
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, pa.ArrowTypeError):
        import datetime

        for row, v in enumerate(col.to_pylist()):
            if v is None or isinstance(v, datetime.date):
                continue
            try:
                datetime.date.fromisoformat(str(v))
            except ValueError:
                raise _error(field, row, v, "not a date (expected YYYY-MM-DD)") from None
        raise _error(field, None, str(col.type), "expected a column of dates") from None
    _no_nulls(pc, days, field)
    return _array(pa, days)


def _strings(pa, pc, col):
    """A column of strings (integers become their decimal text)."""
    t = col.type
    if pa.types.is_dictionary(t):
        t = t.value_type
    if pa.types.is_string(t) or pa.types.is_large_string(t) or str(t) == "string_view":
        return col
    if pa.types.is_floating(t):
        # pandas stores whole numbers with missing values as floats: 1.0 means 1.
        try:
            col = pc.cast(col, pa.int64())
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError, pa.ArrowTypeError):
            pass
    return pc.cast(col, pa.string())


def _code_strings(pa, pc, col):
    """The code column: strings only, as ``is_valid`` takes them (a number column has lost
    its leading zeros and letters already, so it is refused rather than turned to text)."""
    t = col.type
    if pa.types.is_dictionary(t):
        t = t.value_type
    if not (pa.types.is_string(t) or pa.types.is_large_string(t) or str(t) == "string_view" or pa.types.is_null(t)):
        raise _error("code", None, str(col.type), "codes must be strings: cast the column to str")
    return _strings(pa, pc, col)


def _claim_ids(pa, pc, claim_ids, code_claims):
    """The claim ids for the Rust side, which finds each code row's claim: integer ids as
    int64 arrays (checked there for duplicates and unknown ids); other ids (strings, ...) as
    no claim ids and each code row's claim-table row, found here."""
    if pa.types.is_integer(claim_ids.type):
        try:
            return _array(pa, pc.cast(claim_ids, pa.int64())), _array(pa, pc.cast(code_claims, pa.int64()))
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError, pa.ArrowTypeError):
            pass  # uint64 ids past int64: found here as for any other type
    if pc.count_distinct(claim_ids).as_py() != len(claim_ids):
        seen = set()
        for row, v in enumerate(claim_ids.to_pylist()):
            if v in seen:
                raise _error("claim_id", row, v, "the same claim_id twice in the claim table")
            seen.add(v)
    rows = pc.index_in(code_claims, value_set=_array(pa, claim_ids))
    if rows.null_count:
        row = _first(pc, pc.is_null(rows))
        raise _error("claim_id", row, code_claims[row].as_py(), "not in the claim table")
    return None, _array(pa, pc.cast(rows, pa.int64()))


def check_table(claims, codes):
    """Runs the MCE edits on every claim of a claim table and its long-format code table,
    giving a findings table of the same kind (pyarrow, pandas or polars).

    ``claims``: ``claim_id`` (unique), ``discharge_date``, ``age``, and optionally ``sex``,
    ``discharge_status``, ``length_of_stay``. ``codes``: ``claim_id``, ``kind``
    ('principal', 'secondary', 'admitting', 'procedure'; also 'pdx', 'sdx', 'admit',
    'proc'), ``code``, and optionally ``position`` (order within the kind; table order
    otherwise) and ``poa``.

    The findings: ``claim_id``, ``edit`` (e.g. 'age_conflict'), ``number`` (the CMS edit
    number), ``name``, ``severity``, ``position`` ('claim', 'principal', 'admitting',
    'secondary', 'procedure'), ``index`` (0-based among the secondary diagnoses or the
    procedures), ``code`` and ``message``, one row per edit raised, claims in table order.
    """
    pa, pc = _pyarrow()
    ct, kind = _as_table(pa, claims, "claims")
    xt, _ = _as_table(pa, codes, "codes")

    _, claim_ids = _column(ct, _FIELDS["claim_id"], "claim")
    _no_nulls(pc, claim_ids, "claim_id")
    date_name, dates = _column(ct, _FIELDS["discharge_date"], "claim")
    dates = _dates(pa, pc, dates, date_name)
    _, ages = _column(ct, _FIELDS["age"], "claim")
    _no_nulls(pc, ages, "age")
    ages = _int64s(pa, pc, ages, "age")
    _, sex = _column(ct, _FIELDS["sex"], "claim", required=False)
    if sex is None:
        sex = pa.nulls(len(claim_ids), pa.string())
    sex = _strings(pa, pc, sex)
    _, status = _column(ct, _FIELDS["discharge_status"], "claim", required=False)
    status = None if status is None else _strings(pa, pc, status)
    los_name, los = _column(ct, _FIELDS["length_of_stay"], "claim", required=False)
    if los is not None:
        if los.null_count < len(los) and pc.min(los).as_py() is not None and pc.min(los).as_py() < 0:
            row = _first(pc, pc.less(los, 0))
            raise _error(los_name, row, los[row].as_py(), "a length of stay is 0 or more days")
        los = _int64s(pa, pc, los, los_name)

    _, code_claims = _column(xt, _FIELDS["claim_id"], "code")
    _no_nulls(pc, code_claims, "claim_id")
    if code_claims.type != claim_ids.type:
        try:
            code_claims = pc.cast(code_claims, claim_ids.type)
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError, pa.ArrowTypeError):
            raise _error("claim_id", None, str(code_claims.type), f"the code table's claim_id is not of the claim table's type ({claim_ids.type})") from None
    ids, code_ids = _claim_ids(pa, pc, claim_ids, code_claims)
    kind_name, kinds = _column(xt, ["kind"], "code", required=False)
    _, position = _column(xt, ["position"], "code", required=False)
    if kinds is None:
        if position is None or not (pa.types.is_string(position.type) or pa.types.is_large_string(position.type) or pa.types.is_dictionary(position.type)):
            raise _error("kind", None, "missing", "the code table needs a 'kind' column (principal, secondary, admitting or procedure)")
        kinds, position = position, None
    _no_nulls(pc, kinds, kind_name)
    kinds = _strings(pa, pc, kinds)
    if position is not None:
        position = _int64s(pa, pc, position, "position")
    _, code = _column(xt, ["code"], "code")
    code = _code_strings(pa, pc, code)
    _, poa = _column(xt, ["poa"], "code", required=False)
    poa = None if poa is None else _strings(pa, pc, poa)

    out = _m.claims_check_table(dates, ages, sex, status, los, ids, code_ids, kinds, position, code, poa)
    return _findings_table(pa, pc, claim_ids, out, kind)


def _findings_table(pa, pc, claim_ids, out, kind):
    rows, edits, kinds, indexes, code, message = out
    n = len(rows) // 8
    row = pa.Array.from_buffers(pa.int64(), n, [None, pa.py_buffer(rows)])
    edit = pa.Array.from_buffers(pa.uint8(), n, [None, pa.py_buffer(edits)])
    where = pa.Array.from_buffers(pa.uint8(), n, [None, pa.py_buffer(kinds)])
    index = pa.Array.from_buffers(pa.int32(), n, [None, pa.py_buffer(indexes)])
    described = _m.mce_edits()
    table = pa.table(
        {
            "claim_id": claim_ids.take(row),
            "edit": pa.array([e[0] for e in described]).take(edit),
            "number": pa.array([e[1] for e in described], pa.int8()).take(edit),
            "name": pa.array([e[2] for e in described]).take(edit),
            "severity": pa.array([e[3] for e in described]).take(edit),
            "position": pa.array(list(_m.CLAIM_POSITIONS)).take(where),
            "index": pc.if_else(pc.less(index, 0), pa.scalar(None, pa.int32()), index),
            "code": pa.array(code),
            "message": pa.array(message),
        }
    )
    if kind == "pandas":
        return table.to_pandas()
    if kind == "polars":
        import polars as pl

        return pl.from_arrow(table)
    return table


__all__ = ["ClaimFinding", "ClaimInputError", "EncounterFinding", "check", "check_table"]
