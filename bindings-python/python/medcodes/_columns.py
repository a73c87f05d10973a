"""Column arguments in, the same kind of column out.

The native functions read lists, tuples, numpy arrays and Arrow data (C data interface)
themselves; this module only picks what to hand them for pandas and odd numpy dtypes, and
wraps the native result column in the caller's container type. pandas, polars, pyarrow
and numpy are never imported here: an object of theirs can only exist once they are.
"""

import functools
import sys

from . import _medcodes

def nulls():
    """Objects that stand for a missing entry besides None and NaN (compared by identity)."""
    pd = sys.modules.get("pandas")
    if pd is None:
        return ()
    return (pd.NA, pd.NaT)


def is_null_scalar(value):
    if value is None:
        return True
    if isinstance(value, float):
        return value != value
    pd = sys.modules.get("pandas")
    return pd is not None and (value is pd.NA or value is pd.NaT)


def _numpy_out(np, column, shape, reason_values=None):
    kind = column.kind
    if kind == "bool":
        out = np.frombuffer(column.to_bytes(), dtype=np.bool_)
    elif kind == "int8":
        out = np.frombuffer(column.to_bytes(), dtype=np.int8)
    else:
        out = np.empty(len(column), dtype=object)
        out[:] = column.to_list()
    return out.reshape(shape) if shape is not None else out


def _list_out(column, reason_values):
    if column.kind == "int8":
        return column.to_list(reason_values)
    return column.to_list()


def apply(native, codes, args, reason_values=None, system=None):
    """Runs ``native(codes, *args, nulls)`` (``native(system, codes, ...)`` with a system)
    on a column and wraps its result."""
    if system is not None:
        native = functools.partial(native, system)
    # The objects that stand for a missing entry, for the codes and for the dates alike (a
    # list of dates may hold pandas.NaT whatever the codes are held in).
    args = (*args, nulls())
    t = type(codes)
    if t is list or t is tuple:
        return _list_out(native(codes, *args), reason_values)

    np = sys.modules.get("numpy")
    if np is not None and isinstance(codes, np.ndarray):
        shape = codes.shape if codes.ndim != 1 else None
        arr = codes
        if arr.dtype.kind == "T":  # numpy 2 StringDType
            arr = arr.astype(object)
        elif arr.dtype.kind not in "USO":
            raise TypeError(
                "expected an array of strings (numpy dtype str, bytes or object), "
                f"got numpy dtype {arr.dtype}"
            )
        arr = np.ascontiguousarray(arr.reshape(-1))
        return _numpy_out(np, native(arr, *args), shape)

    pd = sys.modules.get("pandas")
    if pd is not None and isinstance(codes, (pd.Series, pd.Index)):
        return _numpy_out(np, native(_pandas_source(pd, np, codes), *args), None)

    pl = sys.modules.get("polars")
    if pl is not None and isinstance(codes, pl.Series):
        column = native(codes, *args)
        return pl.Series(column).alias(codes.name)

    pa = sys.modules.get("pyarrow")
    if pa is not None and isinstance(codes, pa.ChunkedArray):
        return pa.chunked_array(native(codes, *args))
    if pa is not None and isinstance(codes, pa.Array):
        return pa.array(native(codes, *args))

    if hasattr(codes, "__arrow_c_array__") or hasattr(codes, "__arrow_c_stream__"):
        column = native(codes, *args)
        if pa is None:
            try:
                import pyarrow as pa
            except ImportError:
                return column  # itself an Arrow array (PyCapsule interface)
        return pa.array(column)

    # Anything else: the native reader raises a TypeError naming the type.
    return native(codes, *args)


def _pandas_source(pd, np, codes):
    """What to read for a pandas Series or Index: Arrow-backed strings and categoricals
    through the Arrow C stream (no Python strings), everything else as an object array."""
    if isinstance(codes, pd.Index):
        codes = pd.Series(codes, copy=False)
    dtype = codes.dtype
    if dtype != object and hasattr(codes, "__arrow_c_stream__"):
        try:
            codes.__arrow_c_stream__  # noqa: B018  (pandas needs pyarrow for it)
            import pyarrow  # noqa: F401

            return codes
        except ImportError:
            pass
    return codes.to_numpy(dtype=object)


def scalar_date(date):
    """A date that is not a column, as the native calls take it: None (today), an ISO
    string or a ``datetime.date``/``datetime`` as given, a numpy ``datetime64`` as a
    ``datetime.date``, a pyarrow scalar as its value, and ``MISSING`` for a missing date
    (``pandas.NaT``, ``pandas.NA``, ``numpy.datetime64('NaT')``, NaN, a null pyarrow scalar). Anything else (a column of dates, or a wrong type
    the native reader names) is given back as it is."""
    if date is None or isinstance(date, str):
        return date
    np = sys.modules.get("numpy")
    if np is not None and isinstance(date, np.datetime64):
        return MISSING if np.isnat(date) else date.astype("datetime64[D]").item()
    pa = sys.modules.get("pyarrow")
    if pa is not None and isinstance(date, pa.Scalar):
        value = date.as_py()
        return MISSING if value is None else value
    if is_null_scalar(date):
        return MISSING
    return date


def dates(date):
    """The ``date`` argument of a column call, as the native reader takes it: a scalar
    (None: today; NaN for a missing date, which makes every row null), or a column of dates,
    one a code. pandas, polars and pyarrow date and timestamp columns become
    numpy ``datetime64`` or Arrow ``date32``."""
    date = scalar_date(date)
    if date is MISSING:
        return float("nan")
    pd = sys.modules.get("pandas")
    if pd is not None and isinstance(date, (pd.Series, pd.Index)):
        return _pandas_dates(pd, date)
    pl = sys.modules.get("polars")
    if pl is not None and isinstance(date, pl.Series):
        if date.dtype == pl.Date:
            return date
        if isinstance(date.dtype, pl.Datetime):
            return date.dt.date()
        return date.to_list()
    pa = sys.modules.get("pyarrow")
    if pa is not None and isinstance(date, (pa.Array, pa.ChunkedArray)):
        t = date.type
        if pa.types.is_date32(t) or pa.types.is_null(t):
            return date
        if pa.types.is_date64(t) or pa.types.is_timestamp(t):
            import pyarrow.compute as pc

            return pc.cast(date, pa.date32())
        return date.to_pylist()
    return date


def _pandas_dates(pd, date):
    if isinstance(date, pd.Index):
        date = pd.Series(date, copy=False)
    dtype = date.dtype
    if hasattr(dtype, "pyarrow_dtype"):  # pandas ArrowDtype
        pa = sys.modules.get("pyarrow")
        return dates(pa.array(date))
    if getattr(dtype, "tz", None) is not None:
        date = date.dt.tz_localize(None)  # the wall-clock date where it was recorded
    if date.dtype.kind == "M":
        return date.to_numpy()
    return date.to_numpy(dtype=object)


MISSING = object()
"""A missing date (``scalar_date``): a null result."""
