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
<Icd10CmCode E11.9 billable: Type 2 diabetes mellitus without complications>
>>> try:
...     icd10cm.validate("E11", "2025-03-01")
... except medcodes.NotBillableError as e:
...     print(e.billable_descendants, e.examples[:2])
86 ['E11.00', 'E11.01']

Whole columns (list/tuple, numpy, pandas, polars, pyarrow or any Arrow array) go through
``is_valid``, ``normalize``, ``reason`` and ``title``, which return the same kind of column
and give False or null for missing entries; ``date`` is one date or a column of dates, one
a code:

>>> icd10cm.normalize(["e119", " E11.9 ", "E1.19", None])
['E11.9', 'E11.9', None, None]
>>> icd10cm.reason(["E11.9", "E11", "E1.19"], date="2025-03-01")
[<ReasonKind.VALID: 0>, <ReasonKind.NOT_BILLABLE: 5>, <ReasonKind.MALFORMED: 3>]

Billable on a date is ``is_valid``; ``lookup(code).billable`` says whether a code is billable
in the newest release that has it.

The coding rules of the tabular list on the codes of one encounter (Excludes1, code
first, use additional code, duplicates, a code with its own ancestor):

>>> [(f.kind, f.codes) for f in icd10cm.check_encounter(["E11.9", "E10.9"], "2025-03-01")][:1]
[('excludes1', ['E11.9', 'E10.9'])]

Each ``Icd10CmCode`` has its instructional ``notes`` and, where it takes one, the 7th
characters it takes (``seventh_characters``). The calls every code system has
(``is_valid``, ``reason``, ``normalize``, ``title``, ``lookup``, ``validate``, ``codes``,
``codes_valid_on``, ``codes_starting_with``, ``coverage``, ``releases``, ``release_on``,
``title_sources``) are the same in ``medcodes.icd10pcs``.
"""

from . import _codeset
from . import _medcodes as _m
from ._medcodes import Icd10CmCode, Icd10CmWithRelease, ReleaseCode, block, chapter, chapters, check_encounter, notes_source, search

_codeset.install(globals(), "icd10cm")


def load_release(path_or_bytes, name=None, effective=None):
    """Load a CMS ICD-10-CM release over the built-in tables.

    ``path_or_bytes``: the order file (``icd10cm_order_2028.txt``) or a folder holding one,
    or the file's bytes with its ``name`` (which says the release) or its ``effective`` date.
    A release newer than the built-in tables decides validity and titles from its effective
    date (earlier dates unchanged); one they cover gives its titles over its fiscal year.
    An ``Icd10CmWithRelease`` back (``validate``, ``is_valid``, ``reason``, ``title``,
    ``lookup``, ``differences``); a file that cannot be loaded raises ``ReleaseError``
    naming the file, line and field, and nothing is applied.
    """
    return _m.icd10cm_load_release(path_or_bytes, name, effective)

__all__ = [
    *_codeset.__all__,
    *_codeset.CODE_CALLS,
    "Icd10CmCode",
    "Icd10CmWithRelease",
    "ReleaseCode",
    "block",
    "chapter",
    "chapters",
    "check_encounter",
    "load_release",
    "notes_source",
    "search",
]
