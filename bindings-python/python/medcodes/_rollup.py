"""Roll-up and detection columns: where each code sits, and which system it is a code of.

The rules are the core's (``medcodes::batch::ancestors``, ``categories``, ``blocks``,
``chapters``, ``systems``); here one code gives one answer and a column (a list or tuple,
numpy, pandas, polars, pyarrow or any Arrow array) a column of the same kind, as for
``is_valid``. A roll-up is a fact of the code in any release: null (None) where the input
is missing, is not a code (or header) of the system, or has nothing at the level asked for.
"""

import sys

from . import _columns
from . import _medcodes as _m

SYSTEM_LABELS = tuple(_m.SYSTEM_LABELS)
"""What ``system_of`` answers, from the core's list: each system's id (``'icd10cm'``,
``'icd10pcs'``, ``'hcpcs'``), ``'cpt'`` (no built-in system knows the string and it is
shaped like a CPT code) and ``'ambiguous'`` (a code of several systems: ``medcodes.detect``
lists them)."""


def _one(native, code, args):
    """A roll-up of one code (None for a missing one)."""
    if not isinstance(code, str):
        if _columns.is_null_scalar(code):
            return None
        raise TypeError(f"codes must be a str or a column of str, not {type(code).__name__}")
    return native([code], *args, _columns.nulls()).to_list()[0]


def _strings(native, codes, args=()):
    if isinstance(codes, str) or _columns.is_null_scalar(codes):
        return _one(native, codes, args)
    return _columns.apply(native, codes, args)


def ancestor_of(codes, length, *, system="icd10cm"):
    """The ancestor (or the code itself) with ``length`` characters, punctuation not
    counted, of each code of ``system``: ICD-10-CM 3 is the category (``E11``), 4 to 6 its
    subcategories; ICD-10-PCS 1 the section, 2 the body system, 3 the table, 4 the body
    part. In canonical form; None where there is none.

    >>> medcodes.ancestor_of("S52.521A", 4), medcodes.ancestor_of("0DTJ4ZZ", 3, system="icd10pcs")
    ('S52.5', '0DT')
    """
    if isinstance(length, bool) or not isinstance(length, int):
        raise TypeError(f"length must be an int (characters), not {type(length).__name__}")
    if length < 1:
        raise ValueError(f"length must be 1 or more characters, not {length}")
    if isinstance(codes, str) or _columns.is_null_scalar(codes):
        return _one(lambda c, *a: _m.column_ancestors(system, c, *a), codes, (length,))
    return _columns.apply(_m.column_ancestors, codes, (length,), system=system)


def category_of(codes):
    """The three-character ICD-10-CM category of each code (``E11`` for ``E11.9``).

    >>> medcodes.category_of(["E11.9", "s52521a", "Q99.99", None])
    ['E11', 'S52', None, None]
    """
    return _strings(_m.column_categories, codes)


def block_of(codes):
    """The ICD-10-CM block (section) of each code, by its range as the tabular list
    writes it (``E08-E13`` for ``E11.9``); ``medcodes.icd10cm.block(range)`` has its title.

    >>> medcodes.block_of("E11.9")
    'E08-E13'
    """
    return _strings(_m.column_blocks, codes)


def chapter_of(codes):
    """The ICD-10-CM chapter number (1-22) of each code: an int (None where none); a
    column gives a list, an int8 numpy array (-1 where none), or an int8 pyarrow or
    polars column (null where none). ``medcodes.icd10cm.chapter(n)`` has its title.

    >>> medcodes.chapter_of(["E11.9", "S52.521A", "nonsense"])
    [4, 19, None]
    """
    return _strings(_m.column_chapters, codes)


def system_of(codes):
    """Which system each string is a code (or header) of, in any release, as one label
    of ``SYSTEM_LABELS``: a system's id, ``'cpt'`` for a CPT-shaped string no built-in
    system knows, ``'ambiguous'`` for a code of several systems (``detect`` lists them),
    None for a code of none. A list gives a list of str; numpy and pandas an object array;
    polars an ``Enum`` column; pyarrow a dictionary array, both over ``SYSTEM_LABELS``.

    >>> medcodes.system_of(["E11.9", "0DTJ4ZZ", "A4206", "99213", "B20", "nonsense"])
    ['icd10cm', 'icd10pcs', 'hcpcs', 'cpt', 'ambiguous', None]
    """
    if isinstance(codes, str) or _columns.is_null_scalar(codes):
        index = _one(_m.column_systems, codes, ())
        return None if index is None else SYSTEM_LABELS[index]
    t = type(codes)
    if t is list or t is tuple:
        return _columns.apply(_m.column_systems, codes, (), SYSTEM_LABELS)
    return labelled(_columns.apply(_m.column_systems, codes, ()), SYSTEM_LABELS)


def labelled(indexes, labels):
    """An int8 column of indexes into ``labels`` (-1 or null where missing), as the
    column of labels its container holds them in: numpy an object array (None missing),
    polars an ``Enum``, pyarrow a dictionary array."""
    np = sys.modules.get("numpy")
    if np is not None and isinstance(indexes, np.ndarray):
        names = np.array([*labels, None], dtype=object)
        return names[indexes]  # -1 picks the None at the end
    pl = sys.modules.get("polars")
    if pl is not None and isinstance(indexes, pl.Series):
        return enum_series(pl, indexes, labels)
    pa = sys.modules.get("pyarrow")
    if pa is not None and isinstance(indexes, pa.ChunkedArray):
        return pa.chunked_array(
            [pa.DictionaryArray.from_arrays(c, pa.array(labels)) for c in indexes.chunks],
            type=pa.dictionary(pa.int8(), pa.string()),
        )
    if pa is not None and isinstance(indexes, pa.Array):
        return pa.DictionaryArray.from_arrays(indexes, pa.array(labels))
    return indexes


def enum_series(pl, indexes, labels):
    """A polars int column of indexes into ``labels`` (null where missing) as an ``Enum``
    column over ``labels``, with the input's name."""
    dtype = pl.Enum(list(labels))
    return pl.Series(indexes.name, list(labels), dtype=dtype).gather(indexes.cast(pl.UInt32))
