"""Column arguments in, the same kind of column out.

The native functions read lists, tuples, numpy arrays and Arrow data (C data interface)
themselves; this module only picks what to hand them for pandas and odd numpy dtypes, and
wraps the native result column in the caller's container type. pandas, polars, pyarrow
and numpy are never imported here: an object of theirs can only exist once they are.
"""

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


def apply(native, codes, args, reason_values=None):
    """Runs ``native(codes, *args, nulls)`` on a column and wraps its result."""
    t = type(codes)
    if t is list or t is tuple:
        return _list_out(native(codes, *args, nulls()), reason_values)

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
        return _numpy_out(np, native(arr, *args, nulls()), shape)

    pd = sys.modules.get("pandas")
    if pd is not None and isinstance(codes, (pd.Series, pd.Index)):
        return _numpy_out(np, native(_pandas_source(pd, np, codes), *args, nulls()), None)

    pl = sys.modules.get("polars")
    if pl is not None and isinstance(codes, pl.Series):
        column = native(codes, *args, ())
        return pl.Series(column).alias(codes.name)

    pa = sys.modules.get("pyarrow")
    if pa is not None and isinstance(codes, pa.ChunkedArray):
        return pa.chunked_array(native(codes, *args, ()))
    if pa is not None and isinstance(codes, pa.Array):
        return pa.array(native(codes, *args, ()))

    if hasattr(codes, "__arrow_c_array__") or hasattr(codes, "__arrow_c_stream__"):
        column = native(codes, *args, ())
        if pa is None:
            try:
                import pyarrow as pa
            except ImportError:
                return column  # itself an Arrow array (PyCapsule interface)
        return pa.array(column)

    # Anything else: the native reader raises a TypeError naming the type.
    return native(codes, *args, nulls())


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
