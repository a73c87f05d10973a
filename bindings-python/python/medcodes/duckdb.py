"""medcodes as DuckDB functions: ``medcodes.duckdb.register(con)``.

One call registers medcodes' column calls on a DuckDB connection as Arrow scalar UDFs
(DuckDB hands each function a vector of rows as Arrow arrays, the core's batch engine
answers it without Python objects)::

    import duckdb
    import medcodes.duckdb

    con = duckdb.connect()
    medcodes.duckdb.register(con)
    con.sql("SELECT dx, medcodes_is_valid(dx, dos) AS valid, medcodes_reason(dx, dos) AS reason "
            "FROM 'claims.parquet'")

The functions (``prefix`` ``medcodes_`` by default; the code system ``icd10cm`` by
default, ``register(con, system="icd10pcs", prefix="pcs_")`` for another):

==================================  ==========  ==========================================
function                            returns     what
==================================  ==========  ==========================================
``medcodes_is_valid(code, date)``   BOOLEAN     valid on the date of service (a NULL code
                                                is false, a NULL date NULL)
``medcodes_reason(code, date)``     VARCHAR     why not (``'not_billable'``...), the core's
                                                reason names (``'valid'`` when valid)
``medcodes_title(code, date)``      VARCHAR     the title in force on the date
``medcodes_normalize(code)``        VARCHAR     the canonical form
``medcodes_ancestor(code, length)`` VARCHAR     the ancestor with ``length`` characters
``medcodes_category(code)``         VARCHAR     ICD-10-CM category (``E11``)
``medcodes_block(code)``            VARCHAR     ICD-10-CM block (``E08-E13``)
``medcodes_chapter(code)``          TINYINT     ICD-10-CM chapter number (1-22)
``medcodes_system(code)``           VARCHAR     ``medcodes.system_of``: which system
==================================  ==========  ==========================================

``category``, ``block``, ``chapter`` and ``system`` do not depend on ``system`` (the first
three are ICD-10-CM's); they are registered with the others under the same prefix.
"""

import duckdb as _duckdb
import pyarrow as pa

import medcodes as _pkg

from . import _rollup
from . import _medcodes as _m

try:  # duckdb 1.4+ (the older names are deprecated there)
    from duckdb import func as _func
    from duckdb import sqltypes as _T
except ImportError:  # pragma: no cover  (duckdb before 1.4)
    from duckdb import functional as _func
    from duckdb import typing as _T

_REASON_NAMES = pa.array(list(_m.REASON_NAMES))


def _array(x):
    """One Arrow array (DuckDB may hand a chunked one)."""
    if isinstance(x, pa.ChunkedArray):
        return x.combine_chunks()
    return x


def _labels(indexes, labels):
    """An int8 Arrow column of indexes into ``labels`` (null where missing) as strings."""
    import pyarrow.compute as pc

    return pc.take(labels, _array(indexes))


def functions(system="icd10cm"):
    """The functions ``register`` adds, by name without the prefix: ``(function,
    parameter types, return type)``, each function taking and giving Arrow arrays."""
    module = getattr(_pkg, system, None) if isinstance(system, str) else None
    if module is None or not hasattr(module, "is_valid"):
        known = ", ".join(_m.CODE_SYSTEMS)
        raise ValueError(f"unknown code system {system!r}: expected one of {known}")

    def is_valid(codes, dates):
        return module.is_valid(_array(codes), date=_array(dates))

    def reason(codes, dates):
        return _labels(module.reason(_array(codes), date=_array(dates)), _REASON_NAMES)

    def title(codes, dates):
        return module.title(_array(codes), date=_array(dates))

    def normalize(codes):
        return module.normalize(_array(codes))

    def ancestor(codes, lengths):
        lengths = _array(lengths)
        distinct = [v for v in lengths.unique().to_pylist() if v is not None]
        codes = _array(codes)
        if len(distinct) == 1 and lengths.null_count == 0:
            return _rollup.ancestor_of(codes, int(distinct[0]), system=system)
        # A length a row: each distinct length over its rows, gathered.
        import pyarrow.compute as pc

        out = pa.nulls(len(codes), pa.string())
        for n in distinct:
            rows = pc.equal(lengths, n)
            part = _rollup.ancestor_of(codes, int(n), system=system) if n >= 1 else pa.nulls(len(codes), pa.string())
            out = pc.if_else(rows, part, out)
        return out

    def category(codes):
        return _rollup.category_of(_array(codes))

    def block(codes):
        return _rollup.block_of(_array(codes))

    def chapter(codes):
        return _rollup.chapter_of(_array(codes))

    def system_of(codes):
        return _rollup.system_of(_array(codes)).dictionary_decode()

    V, D, B, I8, I32 = _T.VARCHAR, _T.DATE, _T.BOOLEAN, _T.TINYINT, _T.INTEGER
    return {
        "is_valid": (is_valid, [V, D], B),
        "reason": (reason, [V, D], V),
        "title": (title, [V, D], V),
        "normalize": (normalize, [V], V),
        "ancestor": (ancestor, [V, I32], V),
        "category": (category, [V], V),
        "block": (block, [V], V),
        "chapter": (chapter, [V], I8),
        "system": (system_of, [V], V),
    }


def register(con, *, system="icd10cm", prefix="medcodes_"):
    """Registers the functions on a DuckDB connection (``prefix`` + name: see the module
    docstring) for ``system``, and gives their names. Registering again replaces them.
    """
    names = []
    for name, (f, params, returns) in functions(system).items():
        full = prefix + name
        try:
            con.remove_function(full)
        except Exception:  # noqa: BLE001  (not registered yet: DuckDB's error type varies)
            pass
        con.create_function(
            full,
            f,
            params,
            returns,
            type=_func.PythonUDFType.ARROW,
            null_handling=_func.FunctionNullHandling.SPECIAL,  # NULL rows reach medcodes, which answers them
            exception_handling=_duckdb.PythonExceptionHandling.DEFAULT,  # raise, never NULL
            side_effects=False,
        )
        names.append(full)
    return names


__all__ = ["functions", "register"]
