"""medcodes as a pandas Series accessor: ``df["dx"].medcodes``.

Importing this module registers the accessor (``import medcodes`` does it too when
pandas is already imported)::

    import pandas as pd
    import medcodes.pandas  # noqa: F401

    df["valid"] = df["dx"].medcodes.is_valid(date=df["dos"])
    df["reason"] = df["dx"].medcodes.reason(date=df["dos"])   # Categorical
    df["category"] = df["dx"].medcodes.category()

The names are the polars namespace's (``medcodes.polars``). Every result is a Series on
the input's index with its name: ``is_valid`` ``bool`` (``boolean`` when some row has no
date), ``reason`` and ``system`` a ``Categorical`` over the core's names (every name a
category, used or not, so columns of different frames compare and concatenate),
``chapter`` ``Int8``, the others strings (missing where there is none). A ``date`` Series
is aligned on the codes' index (a row whose index it lacks has no date). The work is the
plain column calls' (the core's batch engine, without the GIL).
"""

import pandas as pd

import medcodes as _pkg

from . import _columns, _rollup
from . import _medcodes as _m


def _module(system):
    module = getattr(_pkg, system, None) if isinstance(system, str) else None
    if module is None or not hasattr(module, "is_valid"):
        known = ", ".join(_m.CODE_SYSTEMS)
        raise ValueError(f"unknown code system {system!r}: expected one of {known}")
    return module


@pd.api.extensions.register_series_accessor("medcodes")
class MedcodesAccessor:
    """medcodes' calls on a Series of codes (``s.medcodes``); ``system`` is the code
    system's id (``'icd10cm'``, the default; ``'icd10pcs'``, ``'hcpcs'``)."""

    def __init__(self, series):
        self._s = series

    # -- plumbing ------------------------------------------------------------------------

    def _source(self):
        import numpy as np

        return _columns._pandas_source(pd, np, self._s)

    def _date(self, date):
        if isinstance(date, pd.Series) and not date.index.equals(self._s.index):
            date = date.reindex(self._s.index)
        return _columns.dates(date)

    def _series(self, values, dtype=None):
        return pd.Series(values, index=self._s.index, name=self._s.name, dtype=dtype, copy=False)

    def _bools(self, column):
        import numpy as np

        if column.null_count:
            return self._series(pd.array(column.to_list(), dtype="boolean"))
        return self._series(np.frombuffer(column.to_bytes(), dtype=np.bool_))

    def _codes(self, column, labels):
        import numpy as np

        codes = np.frombuffer(column.to_bytes(), dtype=np.int8)
        return self._series(pd.Categorical.from_codes(codes, categories=list(labels)))

    def _strings(self, column):
        return self._series(column.to_list(), dtype=object if column.null_count == len(column) else None)

    def _call(self, native, *args, system=None):
        if system is not None:
            return native(system, self._source(), *args, _columns.nulls())
        return native(self._source(), *args, _columns.nulls())

    # -- the calls -----------------------------------------------------------------------

    def is_valid(self, date=None, *, system="icd10cm"):
        """Whether each code is valid on its date (``medcodes.icd10cm.is_valid``); a
        missing code is False, a missing date missing (``boolean`` dtype)."""
        _module(system)
        return self._bools(self._call(_m.column_valid, self._date(date), system=system))

    def reason(self, date=None, *, system="icd10cm"):
        """Why each code is (not) valid on its date, a ``Categorical`` of the core's reason
        names (``str(medcodes.ReasonKind)``); missing for a missing code or date."""
        _module(system)
        column = self._call(_m.column_reasons, self._date(date), system=system)
        return self._codes(column, _m.REASON_NAMES)

    def title(self, date=None, *, short=False, system="icd10cm"):
        """The title of each code in force on its date (None: the newest)."""
        _module(system)
        column = self._call(_m.column_titles, self._date(date), bool(short), system=system)
        return self._strings(column)

    def normalize(self, *, compact=False, system="icd10cm"):
        """The canonical form of each code (``compact``: without punctuation)."""
        _module(system)
        return self._strings(self._call(_m.column_normalize, bool(compact), system=system))

    def category(self):
        """The ICD-10-CM category of each code (``E11``)."""
        return self._strings(self._call(_m.column_categories))

    def block(self):
        """The ICD-10-CM block of each code by its range (``E08-E13``)."""
        return self._strings(self._call(_m.column_blocks))

    def chapter(self):
        """The ICD-10-CM chapter number (1-22) of each code, ``Int8``."""
        import numpy as np

        column = self._call(_m.column_chapters)
        values = np.frombuffer(column.to_bytes(), dtype=np.int8)
        return self._series(pd.arrays.IntegerArray(values.copy(), values < 0))

    def ancestor(self, length, *, system="icd10cm"):
        """The ancestor (or the code itself) with ``length`` characters of each code
        (``medcodes.ancestor_of``)."""
        _module(system)
        if isinstance(length, bool) or not isinstance(length, int):
            raise TypeError(f"length must be an int (characters), not {type(length).__name__}")
        if length < 1:
            raise ValueError(f"length must be 1 or more characters, not {length}")
        return self._strings(self._call(_m.column_ancestors, length, system=system))

    def system(self):
        """Which system each string is a code of, a ``Categorical`` of
        ``medcodes.SYSTEM_LABELS`` (missing for a code of none)."""
        return self._codes(self._call(_m.column_systems), _rollup.SYSTEM_LABELS)


__all__ = ["MedcodesAccessor"]
