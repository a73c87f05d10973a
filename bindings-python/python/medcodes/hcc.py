"""CMS-HCC risk adjustment: ICD-10-CM diagnoses to hierarchical condition categories.

The tables are CMS's as ``risk-adjustment-model`` 0.7.1 carries them (V22, V24, V28, ESRD
V21/V24, RxHCC V08), by model and payment year; diagnoses from a date of service in year N
count for payment year N + 1.

>>> from medcodes import hcc
>>> hcc.categories("E11.9")
['HCC38']
>>> hcc.categories(["E11.9", "E08.311", "Z00.00", None], model="v28", year=2026)
[['HCC38'], ['HCC37', 'HCC298'], [], None]

A long table of (``patient_id``, ``code``[, ``date``]) gives each patient's categories with
the model's hierarchies applied (``patients_categories``); ``score`` gives one patient's raw
risk score (CMS-HCC V28) for a segment. Errors are ``medcodes.HccError`` with ``kind``,
``value`` and ``row``.
"""

import sys

from . import _columns
from . import _medcodes as _m
from ._medcodes import HccError

MODELS = tuple(_m.HCC_MODELS)
"""The model ids: ``'v22'``, ``'v24'``, ``'v28'``, ``'v21_esrd'``, ``'v24_esrd'``,
``'v08_rxhcc_t'`` ..."""

DEFAULT_MODEL = _m.HCC_DEFAULT_MODEL
"""The model used when none is named (``'v28'``), from the core."""
DEFAULT_YEAR = _m.HCC_DEFAULT_PAYMENT_YEAR
"""The payment year used when none is given (2026), from the core."""
DEFAULT_SEGMENT = _m.HCC_DEFAULT_SEGMENT
"""The segment ``score`` uses when none is named (``'CNA'``), from the core."""

_VARIABLES = {}


def _variables(model, year):
    """(names, labels, kinds) of a model-year's variables, cached."""
    key = (model, year)
    v = _VARIABLES.get(key)
    if v is None:
        v = _m.hcc_variables(model, year)
        _VARIABLES[key] = v
    return v


def payment_years(model=DEFAULT_MODEL):
    """The payment years bundled for a model, oldest first."""
    return list(_m.hcc_payment_years(model))


def label(category, *, model=DEFAULT_MODEL, year=DEFAULT_YEAR):
    """CMS's label of a category (``'HCC38'``) or other model variable."""
    names, labels, _ = _variables(model, year)
    if isinstance(category, str):
        want = category.strip().upper()
        for n, lab in zip(names, labels):
            if n.upper() == want:
                return lab
    raise _error("unknown_variable", category, f"{category!r} is not a variable of {model} {year}")


def _error(kind, value, message, row=None):
    if row is not None:
        message = f"row {row}: {message}"
    e = HccError(message)
    e.kind, e.value, e.row, e.message = kind, str(value), row, message
    return e


def categories(codes, *, model=DEFAULT_MODEL, year=DEFAULT_YEAR):
    """The categories each diagnosis maps to in ``model`` for payment ``year`` (no
    hierarchies: those are per patient, ``patients_categories``). One code gives a list of
    names (empty when the model does not count it); a column gives a column of such lists,
    None where the input is missing or not shaped like an ICD-10-CM code: a list of lists
    for a list, a numpy object array for numpy and pandas, a ``List(String)`` polars
    Series, and for pyarrow a ``ListArray`` of ``dictionary<uint16, string>``."""
    if isinstance(codes, str) or _columns.is_null_scalar(codes):
        if codes is None or not isinstance(codes, str):
            return None
        out = _lists(codes=[codes], model=model, year=year, kind="list")
        return out[0]
    t = type(codes)
    if t is list or t is tuple:
        return _lists(codes, model, year, "list")
    np = sys.modules.get("numpy")
    if np is not None and isinstance(codes, np.ndarray):
        if codes.ndim != 1:
            raise TypeError(f"expected a 1-D array of codes, got shape {codes.shape}")
        arr = codes.astype(object) if codes.dtype.kind == "T" else codes
        if arr.dtype.kind not in "USO":
            raise TypeError(f"expected an array of strings (numpy dtype str, bytes or object), got numpy dtype {arr.dtype}")
        return _lists(np.ascontiguousarray(arr), model, year, "numpy")
    pd = sys.modules.get("pandas")
    if pd is not None and isinstance(codes, (pd.Series, pd.Index)):
        return _lists(_columns._pandas_source(pd, np, codes), model, year, "numpy")
    pl = sys.modules.get("polars")
    if pl is not None and isinstance(codes, pl.Series):
        return _lists(codes, model, year, "polars", name=codes.name)
    if hasattr(codes, "__arrow_c_array__") or hasattr(codes, "__arrow_c_stream__"):
        pa = sys.modules.get("pyarrow")
        chunked = pa is not None and isinstance(codes, pa.ChunkedArray)
        return _lists(codes, model, year, "chunked" if chunked else "arrow")
    # Anything else: the native reader raises a TypeError naming the type.
    return _lists(codes, model, year, "list")


def _lists(codes, model, year, kind, name=None):
    offsets, values, validity = _m.hcc_column(codes, model, year, _columns.nulls())
    names = _variables(model, year)[0]
    n = len(offsets) // 4 - 1
    if kind in ("list", "numpy"):
        import array

        o = array.array("i")
        o.frombytes(offsets)
        v = array.array("H")
        v.frombytes(values)
        valid = None if validity is None else validity
        out = [
            None if valid is not None and not (valid[i >> 3] >> (i & 7)) & 1 else [names[c] for c in v[o[i] : o[i + 1]]]
            for i in range(n)
        ]
        if kind == "numpy":
            np = sys.modules["numpy"]
            arr = np.empty(n, dtype=object)
            arr[:] = out
            return arr
        return out
    import pyarrow as pa

    array = _arrow_lists(pa, offsets, values, validity, n, names)
    if kind == "polars":
        import polars as pl

        return pl.Series(name or "", array).cast(pl.List(pl.String))
    if kind == "chunked":
        return pa.chunked_array([array])
    return array


def _arrow_lists(pa, offsets, values, validity, n, names):
    """The native answer as a pyarrow ``ListArray`` of ``dictionary<uint16, string>``,
    over the native buffers (no copy)."""
    m = len(values) // 2
    indices = pa.Array.from_buffers(pa.uint16(), m, [None, pa.py_buffer(values)])
    dictionary = pa.DictionaryArray.from_arrays(indices, pa.array(names, pa.string()))
    t = pa.list_(dictionary.type)
    buffers = [None if validity is None else pa.py_buffer(validity), pa.py_buffer(offsets)]
    return pa.Array.from_buffers(t, n, buffers, children=[dictionary])


def _pyarrow():
    try:
        import pyarrow as pa
        import pyarrow.compute as pc
    except ImportError as e:  # pragma: no cover
        raise ImportError("medcodes.hcc tables need pyarrow (pip install pyarrow)") from e
    return pa, pc


def _as_table(pa, obj):
    from .claims import _as_table as as_table

    return as_table(pa, obj, "the diagnosis table")


def _column(table, names, required=True):
    for name in names:
        if name in table.column_names:
            return table.column(name)
    if required:
        raise _error("bad_table", "missing", f"the table needs a {names[0]!r} column (has {table.column_names})")
    return None


def _patients(pa, pc, table):
    """The patient column, numbered 0.. in the order first met, and its distinct ids."""
    ids = _column(table, ("patient_id", "patient"))
    if ids.null_count:
        row = pc.index(pc.is_null(ids), True).as_py()
        raise _error("bad_table", None, "the patient id is missing", row=row)
    encoded = pc.dictionary_encode(ids).combine_chunks() if isinstance(ids, pa.ChunkedArray) else pc.dictionary_encode(ids)
    if isinstance(encoded, pa.ChunkedArray):
        encoded = encoded.combine_chunks()
    return pc.cast(encoded.indices, pa.int64()), encoded.dictionary


def _codes(pa, pc, table):
    col = _column(table, ("code", "diagnosis", "dx"))
    t = col.type
    if pa.types.is_dictionary(t):
        t = t.value_type
    if not (pa.types.is_string(t) or pa.types.is_large_string(t) or str(t) == "string_view" or pa.types.is_null(t)):
        raise _error("not_a_code", str(col.type), "codes must be strings: cast the column to str")
    if isinstance(col, pa.ChunkedArray):
        col = col.combine_chunks()
    return col


def _out(pa, table, kind):
    if kind == "pandas":
        return table.to_pandas()
    if kind == "polars":
        import polars as pl

        return pl.from_arrow(table)
    return table


def patients_categories(table, *, model=DEFAULT_MODEL, year=None):
    """Each patient's categories with the model's hierarchies applied, from a long table
    of diagnoses (a pyarrow Table, a pandas or polars DataFrame, or a dict of columns):
    ``patient_id`` (or ``patient``), ``code``, and optionally ``date`` (the date of
    service). With ``year`` (a payment year) every row counts for it; without it, each
    row counts for the payment year after its date of service (a ``date`` column is then
    needed), the hierarchies applied within each payment year.

    The answer, of the input's kind: ``patient_id``, ``payment_year``, ``hcc`` (e.g.
    ``'HCC37'``), ``label``; patients in the order first met, categories in the model's
    order. A diagnosis not shaped like a code raises ``HccError`` naming its row.
    """
    pa, pc = _pyarrow()
    t, kind = _as_table(pa, table)
    patients, ids = _patients(pa, pc, t)
    codes = _codes(pa, pc, t)
    if year is not None:
        groups = [(year, None)]
    else:
        dates = _column(t, ("date", "service_date", "date_of_service"), required=False)
        if dates is None:
            raise _error("bad_table", "missing", "give a payment year (year=2026) or a 'date' column of dates of service")
        try:
            days = pc.cast(dates, pa.date32())
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError, pa.ArrowTypeError):
            raise _error("bad_table", str(dates.type), "the date column is not of dates (expected YYYY-MM-DD)") from None
        if days.null_count:
            row = pc.index(pc.is_null(days), True).as_py()
            raise _error("bad_table", None, "the date of service is missing", row=row)
        service = pc.year(days)
        groups = [(int(y) + 1, pc.equal(service, y)) for y in sorted(pc.unique(service).to_pylist())]
    parts = []
    for payment_year, mask in groups:
        names, labels, _ = _variables(model, payment_year)
        if mask is None:
            rows_p, rows_c, where = patients, codes, None
        else:
            where = pc.indices_nonzero(mask)
            rows_p, rows_c = pc.filter(patients, mask), pc.filter(codes, mask)
            if isinstance(rows_p, pa.ChunkedArray):
                rows_p = rows_p.combine_chunks()
            if isinstance(rows_c, pa.ChunkedArray):
                rows_c = rows_c.combine_chunks()
        try:
            p, c = _m.hcc_patients(rows_p, rows_c, model, payment_year, _columns.nulls())
        except HccError as e:
            if where is not None and e.row is not None:
                row = where[e.row].as_py()
                raise _error(e.kind, e.value, e.message.split(": ", 1)[1], row=row) from None
            raise
        k = len(p) // 4
        pi = pa.Array.from_buffers(pa.uint32(), k, [None, pa.py_buffer(p)])
        ci = pa.Array.from_buffers(pa.uint16(), k, [None, pa.py_buffer(c)])
        parts.append(
            pa.table(
                {
                    "patient_id": ids.take(pi),
                    "payment_year": pa.array([payment_year] * k, pa.int16()),
                    "hcc": pa.array(names, pa.string()).take(ci),
                    "label": pa.array(labels, pa.string()).take(ci),
                }
            )
        )
    out = pa.concat_tables(parts) if len(parts) != 1 else parts[0]
    return _out(pa, out, kind)


class RiskScore:
    """A patient's raw risk score (before CMS's normalisation and coding adjustment):
    ``score`` = ``disease_score`` + ``demographic_score``; ``variables`` each variable that
    counts as ``(name, label, coefficient)``; ``segment`` the segment scored."""

    __slots__ = ("segment", "score", "disease_score", "demographic_score", "variables")

    def __init__(self, segment, score, disease_score, demographic_score, variables):
        self.segment = segment
        self.score = score
        self.disease_score = disease_score
        self.demographic_score = demographic_score
        self.variables = variables

    def __repr__(self):
        return f"<RiskScore {self.segment} {self.score:.3f}: {', '.join(v[0] for v in self.variables)}>"


def score(codes, *, sex, age, segment=DEFAULT_SEGMENT, orec=0, medicaid=False, model=DEFAULT_MODEL, year=DEFAULT_YEAR):
    """One beneficiary's raw risk score from their diagnoses of the service year, in a
    segment the caller gives (``'CNA'`` community non-dual aged, ``'INS'``
    institutional, ``'NE_MCAID_ORIGDIS'`` ...; the model-year's segments). ``sex`` 'F' or
    'M', ``age`` on February 1 of the payment year, ``orec`` the original reason for
    entitlement (0 old age, 1 disability, 2 ESRD, 3 both), ``medicaid`` dual status.
    CMS-HCC V28 only (other models raise ``HccError`` kind ``'score_not_supported'``).

    >>> s = hcc.score(["E11.9", "I50.9"], sex="F", age=72)
    >>> round(s.score, 3), [v[0] for v in s.variables]
    (1.033, ['F70_74', 'HCC38', 'HCC226', 'DIABETES_HF_V28', 'D2'])
    """
    if isinstance(codes, str):
        codes = [codes]
    elif isinstance(codes, tuple):
        codes = list(codes)
    return RiskScore(*_m.hcc_score(codes, model, year, segment, sex, age, orec, medicaid))


__all__ = [
    "DEFAULT_MODEL",
    "DEFAULT_SEGMENT",
    "DEFAULT_YEAR",
    "MODELS",
    "HccError",
    "RiskScore",
    "categories",
    "label",
    "patients_categories",
    "payment_years",
    "score",
]
