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

import types as _types

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


_calls = _columns.Calls(
    "icd10pcs",
    _types.SimpleNamespace(
        is_valid=_m.pcs_is_valid,
        reason=_m.pcs_reason,
        normalize=lambda s, compact: _m.pcs_normalize(s),
        title=_m.pcs_title,
        release_on=_m.pcs_release_on,
    ),
)


def is_valid(codes, date=None):
    """Whether each code is a complete ICD-10-PCS code valid on its date (None: today).

    ``codes`` is one code (a bool back) or a column (a column of bools back); ``date`` one
    date or a column of dates, as in ``medcodes.icd10cm.is_valid``. Missing codes are
    False.

    >>> icd10pcs.is_valid("0DTJ4ZZ", "2025-03-01"), icd10pcs.is_valid("0DTJ", "2025-03-01")
    (True, False)
    """
    return _calls.is_valid(codes, date)


def normalize(codes):
    """The canonical form of each code (upper case, no spaces), or None when it is not
    shaped like ICD-10-PCS (it need not exist: see ``reason``).

    >>> icd10pcs.normalize(" 0dtj4zz ")
    '0DTJ4ZZ'
    """
    return _calls.normalize(codes)


def reason(codes, date=None):
    """Why each code is or is not valid on its date (None: today), as a ``ReasonKind``
    (one code) or a column of the kinds' numbers, as ``medcodes.icd10cm.reason``.

    >>> icd10pcs.reason("0DTJ4ZZ", "2025-03-01"), icd10pcs.reason("0DTJ", "2025-03-01")
    (<ReasonKind.VALID: 0>, <ReasonKind.INCOMPLETE: 8>)
    """
    return _calls.reason(codes, date, _REASONS)


def title(codes, date=None, *, short=False):
    """The title of each code: the one in force on its date when one is given, otherwise
    the newest. None for missing entries, levels of the hierarchy and what is not a code.

    >>> icd10pcs.title("0DTJ4ZZ")
    'Resection of Appendix, Percutaneous Endoscopic Approach'
    """
    return _calls.title(codes, date, short)


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
