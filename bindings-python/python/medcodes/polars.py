"""medcodes as a polars expression namespace: ``pl.col("dx").medcodes``.

Importing this module registers the namespace (``import medcodes`` does it too when
polars is already imported)::

    import polars as pl
    import medcodes.polars  # noqa: F401

    claims.with_columns(
        valid=pl.col("dx").medcodes.is_valid(date=pl.col("dos")),
        reason=pl.col("dx").medcodes.reason(date=pl.col("dos")),
        category=pl.col("dx").medcodes.category(),
    )

Every call is an elementwise expression, so it runs in eager, lazy and streaming queries
(``collect(engine="streaming")``) on each batch as it comes, and keeps the column's
length and nulls. The work is the plain column calls' (the core's batch engine, without
the GIL): the namespace only names the calls and their output types. Each call is a
native polars plugin (the extension module exports polars' plugin interface), which
polars calls on its own threads, batches side by side, with no Python call a batch.
Should the installed polars not take the plugin (a plugin interface it does not speak),
every call falls back to ``map_batches`` over the plain column calls, with the same
answers.
``reason`` gives an ``Enum`` of the core's reason names and ``system`` an ``Enum`` of
``medcodes.SYSTEM_LABELS``; ``date`` is one date (a ``datetime.date``, an ISO string,
None for today) or an expression giving a date a row (a ``Date``, ``Datetime`` or ISO
string column).
"""

import datetime
import functools

import polars as pl
from polars.plugins import register_plugin_function

import medcodes as _pkg

from . import _rollup
from . import _medcodes as _m

REASONS = pl.Enum(list(_m.REASON_NAMES))
"""The dtype of ``reason``: the core's reason names (``'valid'``, ``'not_billable'``...),
in ``medcodes.ReasonKind`` order."""

SYSTEMS = pl.Enum(list(_rollup.SYSTEM_LABELS))
"""The dtype of ``system``: ``medcodes.SYSTEM_LABELS``."""


def _module(system):
    module = getattr(_pkg, system, None) if isinstance(system, str) else None
    if module is None or not hasattr(module, "is_valid"):
        known = ", ".join(_m.CODE_SYSTEMS)
        raise ValueError(f"unknown code system {system!r}: expected one of {known}")
    return module


def _dated(expr, date, call, dtype):
    """``call(codes, date)`` over each batch, with ``date`` a scalar or an expression."""
    if isinstance(date, pl.Expr):
        return pl.map_batches(
            [expr, date],
            lambda s: call(s[0], s[1]),
            return_dtype=dtype,
            is_elementwise=True,
        )
    return expr.map_batches(lambda s: call(s, date), return_dtype=dtype, is_elementwise=True)


def _date_arg(date):
    """The plugin's dates input for ``date``: an expression as it is; a scalar read as the
    column calls read it (a ``DateError`` or ``TypeError`` now, not when the query runs),
    as a ``Date`` literal (null for a missing one, ``pandas.NaT`` or NaN: every row null)."""
    if isinstance(date, pl.Expr):
        return date
    return pl.lit(_m.date_of(date), dtype=pl.Date)


def _native(function, expr, system="icd10cm", option=0, date=None):
    """The plugin's ``function`` (plugin.rs) over the codes, with the system, an option
    (``short``, ``compact``, the ancestor's length) and the dates (None: today, or the
    newest title)."""
    args = [expr, pl.lit(system, dtype=pl.String), pl.lit(int(option), dtype=pl.Int64)]
    if date is not None:
        args.append(_date_arg(date))
    return register_plugin_function(
        plugin_path=_m.__file__,
        function_name=function,
        args=args,
        is_elementwise=True,
        use_abs_path=True,
    )


@functools.cache
def _plugin_works():
    """Whether this polars takes medcodes' plugin: one small query, once a process."""
    try:
        out = pl.DataFrame({"dx": ["E11.9", None]}).select(
            _native("is_valid", pl.col("dx"), date=datetime.date(2025, 3, 1))
        )
        return out.to_series().to_list() == [True, False]
    except Exception:  # noqa: BLE001  (any failure: the map_batches way instead)
        return False


def _undated(expr, call, dtype):
    return expr.map_batches(call, return_dtype=dtype, is_elementwise=True)


def _strings(s):
    """The codes of a batch as the column calls read them (a column of another type is a
    TypeError naming it, raised by the call)."""
    if s.dtype == pl.Categorical or isinstance(s.dtype, pl.Enum):
        return s.cast(pl.String)
    return s


@pl.api.register_expr_namespace("medcodes")
class MedcodesNamespace:
    """medcodes' calls on a column of codes (``pl.col("dx").medcodes``); ``system`` is
    the code system's id (``'icd10cm'``, the default; ``'icd10pcs'``, ``'hcpcs'``)."""

    def __init__(self, expr):
        self._expr = expr

    def is_valid(self, date=None, *, system="icd10cm"):
        """Whether each code is valid on its date (``medcodes.icd10cm.is_valid``): a
        ``Boolean``; a missing code is False, a missing date null."""
        f = _module(system).is_valid
        if _plugin_works():
            return _native("is_valid", self._expr, system, date=date)
        return _dated(self._expr, date, lambda s, d: f(_strings(s), date=d), pl.Boolean)

    def reason(self, date=None, *, system="icd10cm"):
        """Why each code is (not) valid on its date, as an ``Enum`` of the core's reason
        names (``REASONS``); null for a missing code or date."""
        f = _module(system).reason
        if _plugin_works():
            return _native("reason", self._expr, system, date=date).cast(REASONS)

        def call(s, d):
            return _rollup.enum_series(pl, f(_strings(s), date=d), _m.REASON_NAMES)

        return _dated(self._expr, date, call, REASONS)

    def title(self, date=None, *, short=False, system="icd10cm"):
        """The title of each code in force on its date (None: the newest); null where
        there is none."""
        f = _module(system).title
        if _plugin_works():
            return _native("title", self._expr, system, short, date=date)
        return _dated(
            self._expr, date, lambda s, d: f(_strings(s), date=d, short=short), pl.String
        )

    def normalize(self, *, compact=False, system="icd10cm"):
        """The canonical form of each code (``compact``: without punctuation); null where
        the input is not shaped like a code of the system."""
        f = _module(system).normalize
        if _plugin_works():
            return _native("normalize", self._expr, system, compact)
        return _undated(self._expr, lambda s: f(_strings(s), compact=compact), pl.String)

    def category(self):
        """The ICD-10-CM category of each code (``E11``)."""
        if _plugin_works():
            return _native("category", self._expr)
        return _undated(self._expr, lambda s: _rollup.category_of(_strings(s)), pl.String)

    def block(self):
        """The ICD-10-CM block of each code by its range (``E08-E13``)."""
        if _plugin_works():
            return _native("block", self._expr)
        return _undated(self._expr, lambda s: _rollup.block_of(_strings(s)), pl.String)

    def chapter(self):
        """The ICD-10-CM chapter number (1-22) of each code, ``Int8``."""
        if _plugin_works():
            return _native("chapter", self._expr)
        return _undated(self._expr, lambda s: _rollup.chapter_of(_strings(s)), pl.Int8)

    def ancestor(self, length, *, system="icd10cm"):
        """The ancestor (or the code itself) with ``length`` characters of each code
        (``medcodes.ancestor_of``)."""
        _rollup.ancestor_of([], length, system=system)  # a bad length or system: raised here
        if _plugin_works():
            return _native("ancestor", self._expr, system, length)

        def call(s):
            return _rollup.ancestor_of(_strings(s), length, system=system)

        return _undated(self._expr, call, pl.String)

    def system(self):
        """Which system each string is a code of, as an ``Enum`` of
        ``medcodes.SYSTEM_LABELS`` (null for a code of none)."""
        if _plugin_works():
            return _native("system", self._expr).cast(SYSTEMS)
        return _undated(self._expr, lambda s: _rollup.system_of(_strings(s)), SYSTEMS)


__all__ = ["REASONS", "SYSTEMS", "MedcodesNamespace"]
