"""ICD-10-PCS inpatient procedure codes by date of service (FY2016, 2015-10-01, onward).

Look codes up, decode their seven axes and walk the hierarchy (section, body system,
table, body part, code):

>>> from medcodes import icd10pcs
>>> code = icd10pcs.lookup("0dtj4zz")
>>> code.code, code.level
('0DTJ4ZZ', 'code')
>>> [a.label for a in code.axes][:4]
['Medical and Surgical', 'Gastrointestinal System', 'Resection', 'Appendix']
>>> code.parent.code, code.parent.level
('0DTJ', 'body_part')

Validate for a date of service (``date`` takes a ``datetime.date``, a ``datetime``, an ISO
string, or None for today); ``validate`` raises a typed error that says why:

>>> icd10pcs.reason("0DTJ", "2025-03-01")
<ReasonKind.INCOMPLETE: 8>

Whole columns (list/tuple, numpy, pandas, polars, pyarrow or any Arrow array) go through
``is_valid``, ``normalize``, ``reason`` and ``title``, exactly as in ``medcodes.icd10cm``.
"""

import medcodes as _pkg

from . import _columns
from . import _medcodes as _m
from ._medcodes import PcsAxis, PcsCode
from ._medcodes import pcs_codes_starting_with as codes_starting_with
from ._medcodes import pcs_codes_valid_on as codes_valid_on
from ._medcodes import pcs_coverage as coverage
from ._medcodes import pcs_lookup as lookup
from ._medcodes import pcs_release_on as release_on
from ._medcodes import pcs_releases as releases
from ._medcodes import pcs_sections as sections
from ._medcodes import pcs_validate as validate

Code = PcsCode
Axis = PcsAxis

_REASONS = tuple(_pkg.ReasonKind)
_COLUMN = object()


def _scalar_or_none(codes):
    if isinstance(codes, str):
        return codes
    if _columns.is_null_scalar(codes):
        return None
    return _COLUMN


def is_valid(codes, date=None):
    """Whether each code is a complete ICD-10-PCS code valid on the date (None: today).

    ``codes`` is one code (a bool back) or a column (a column of bools back). Missing
    entries are False.

    >>> icd10pcs.is_valid("0DTJ4ZZ", "2025-03-01"), icd10pcs.is_valid("0DTJ", "2025-03-01")
    (True, False)
    """
    s = _scalar_or_none(codes)
    if s is _COLUMN:
        return _columns.apply(_m.pcs_valid_column, codes, (date,))
    if s is None:
        _m.pcs_release_on(date)  # checks the date
        return False
    return _m.pcs_is_valid(s, date)


def normalize(codes):
    """The canonical form of each code (upper case, no spaces), or None when it is not
    shaped like ICD-10-PCS (it need not exist: see ``reason``).

    >>> icd10pcs.normalize(" 0dtj4zz ")
    '0DTJ4ZZ'
    """
    s = _scalar_or_none(codes)
    if s is _COLUMN:
        return _columns.apply(_m.pcs_normalize_column, codes, ())
    if s is None:
        return None
    return _m.pcs_normalize(s)


def reason(codes, date=None):
    """Why each code is or is not valid on the date (None: today), as a ``ReasonKind``
    (one code) or a column of the kinds' numbers, as ``medcodes.icd10cm.reason``.

    >>> icd10pcs.reason("0DTJ4ZZ", "2025-03-01"), icd10pcs.reason("0DTJ", "2025-03-01")
    (<ReasonKind.VALID: 0>, <ReasonKind.INCOMPLETE: 8>)
    """
    s = _scalar_or_none(codes)
    if s is _COLUMN:
        return _columns.apply(_m.pcs_reasons_column, codes, (date,), _REASONS)
    if s is None:
        _m.pcs_release_on(date)
        return None
    return _m.pcs_reason(s, date)


def title(codes, date=None, *, short=False):
    """The title of each code: the one in force on the date when one is given, otherwise
    the newest. None for missing entries, levels of the hierarchy and what is not a code.

    >>> icd10pcs.title("0DTJ4ZZ")
    'Resection of Appendix, Percutaneous Endoscopic Approach'
    """
    s = _scalar_or_none(codes)
    if s is _COLUMN:
        return _columns.apply(_m.pcs_title_column, codes, (date, bool(short)))
    if s is None:
        if date is not None:
            _m.pcs_release_on(date)
        return None
    return _m.pcs_title(s, date, bool(short))


__all__ = [
    "Axis",
    "Code",
    "PcsAxis",
    "PcsCode",
    "codes_starting_with",
    "codes_valid_on",
    "coverage",
    "is_valid",
    "lookup",
    "normalize",
    "reason",
    "release_on",
    "releases",
    "sections",
    "title",
    "validate",
]
