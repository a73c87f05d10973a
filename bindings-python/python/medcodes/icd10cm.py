"""ICD-10-CM diagnosis codes by date of service (FY2016, 2015-10-01, onward).

Look codes up and walk the hierarchy:

>>> from medcodes import icd10cm
>>> code = icd10cm.lookup("S52.521A")
>>> code.title
'Torus fracture of lower end of right radius, initial encounter for closed fracture'
>>> code.parent.code, code.chapter.number, code.block.id
('S52.521', 19, 'S50-S59')

Validate for a date of service (``date`` takes a ``datetime.date``, a ``datetime``, an ISO
string, or None for today). ``validate`` raises a typed error that says why:

>>> icd10cm.validate("e11.9", "2025-03-01")
<Code E11.9 billable: Type 2 diabetes mellitus without complications>
>>> try:
...     icd10cm.validate("E11", "2025-03-01")
... except medcodes.NotBillableError as e:
...     print(e.billable_descendants, e.examples[:2])
86 ['E11.00', 'E11.01']

Whole columns (list/tuple, numpy, pandas, polars, pyarrow or any Arrow array) go through
``is_valid``, ``is_billable``, ``normalize``, ``reason`` and ``title``, which return the same
kind of column and give False or null for missing entries:

>>> icd10cm.normalize(["e119", " E11.9 ", "E1.19", None])
['E11.9', 'E11.9', None, None]
>>> icd10cm.reason(["E11.9", "E11", "E1.19"], date="2025-03-01")
[<ReasonKind.VALID: 0>, <ReasonKind.NOT_BILLABLE: 5>, <ReasonKind.MALFORMED: 3>]

The coding rules of the tabular list on the codes of one encounter (Excludes1, code
first, use additional code, duplicates, a code with its own ancestor):

>>> [(f.kind, f.codes) for f in icd10cm.check_encounter(["E11.9", "E10.9"], "2025-03-01")][:1]
[('excludes1', ['E11.9', 'E10.9'])]

Each ``Code`` has its instructional ``notes`` and, where it takes one, the 7th characters
it takes (``seventh_characters``).
"""

import types as _types

import medcodes as _pkg

from . import _columns
from . import _medcodes as _m
from ._medcodes import (
    codes_valid_on,
    block,
    chapter,
    check_encounter,
    chapters,
    codes,
    codes_starting_with,
    coverage,
    lookup,
    release_on,
    releases,
    search,
    title_sources,
    validate,
)
from ._medcodes import notes_source

_REASONS = tuple(_pkg.ReasonKind)


_calls = _columns.Calls(
    "icd10cm",
    _types.SimpleNamespace(
        is_valid=_m.is_valid,
        reason=_m.reason,
        normalize=lambda s, compact: _m.normalize(s, not compact),
        title=_m.title,
        release_on=_m.release_on,
    ),
)


def is_valid(codes, date=None):
    """Whether each code is valid and billable on its date of service (None: today).

    ``codes`` is one code (a bool back) or a column (a column of bools back). ``date`` is
    one date for every code, or a column of dates, one a code (a list of dates or ISO
    strings, numpy ``datetime64``, a pandas, polars or pyarrow date column): a missing
    date (None, NaT) gives a missing result. Missing codes are False.

    >>> icd10cm.is_valid("E11.9", "2025-03-01"), icd10cm.is_valid("E11", "2025-03-01")
    (True, False)
    >>> icd10cm.is_valid(["U07.1", "U07.1"], date=["2020-03-31", "2020-04-01"])
    [False, True]
    """
    return _calls.is_valid(codes, date)


def is_billable(codes, date=None):
    """Whether each code is billable: on the date when one is given (the same as
    ``is_valid``), otherwise in the newest release that has the code (``Code.billable``:
    deleted codes that were billable count). Missing entries are False.

    >>> icd10cm.is_billable(["E11.9", "E11"])
    [True, False]
    """
    if date is not None:
        return is_valid(codes, date)
    if isinstance(codes, str):
        return _m.is_billable(codes, None)
    if _columns.is_null_scalar(codes):
        return False
    return _columns.apply(_m.billable_column, codes, ())


def normalize(codes, *, dotted=True):
    """The canonical form of each code (upper case, dot after the category), or None when
    it is not shaped like an ICD-10-CM code (it need not exist: see ``reason``).

    >>> icd10cm.normalize(" e119 "), icd10cm.normalize("e11.9", dotted=False)
    ('E11.9', 'E119')
    """
    return _calls.normalize(codes, compact=not dotted)


def reason(codes, date=None):
    """Why each code is or is not valid on its date (None: today), as a ``ReasonKind``.

    One code gives a ``ReasonKind`` (None for a missing value). A column gives the kinds'
    numbers: a list of ``ReasonKind`` (None when missing), a numpy int8 array (-1 when
    missing, so ``pandas.Categorical.from_codes(r, [str(k) for k in ReasonKind])`` names
    them), or an int8 pyarrow/polars column (null when missing). ``date`` is one date or a
    column of dates, as for ``is_valid``. ``validate`` raises the matching error with its
    message.

    >>> icd10cm.reason("E11.9", "2025-03-01"), icd10cm.reason("Q99.99", "2025-03-01")
    (<ReasonKind.VALID: 0>, <ReasonKind.UNKNOWN: 4>)
    """
    return _calls.reason(codes, date, _REASONS)


def title(codes, date=None, *, short=False):
    """The title of each code: the one in force on its date when one is given (one date,
    or a column of dates as for ``is_valid``), otherwise the newest. None for missing
    entries and for what is not a code (``short=True``: the abbreviated title, where a
    source has one).

    >>> icd10cm.title("E11.9")
    'Type 2 diabetes mellitus without complications'
    >>> icd10cm.title("I10", short=True)
    'Essential (primary) hypertension'
    """
    return _calls.title(codes, date, short)


__all__ = [
    "codes_valid_on",
    "block",
    "chapter",
    "check_encounter",
    "chapters",
    "codes",
    "codes_starting_with",
    "coverage",
    "is_billable",
    "is_valid",
    "lookup",
    "normalize",
    "notes_source",
    "reason",
    "release_on",
    "releases",
    "search",
    "title",
    "title_sources",
    "validate",
]
