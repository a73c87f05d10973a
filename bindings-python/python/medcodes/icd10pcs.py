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

The calls every code system has (``is_valid``, ``reason``, ``normalize``, ``title`` on one
code or a whole column, ``lookup``, ``validate``, ``codes``, ``codes_valid_on``,
``codes_starting_with``, ``coverage``, ``releases``, ``release_on``, ``title_sources``) are
the same as in ``medcodes.icd10cm``; ``sections()`` and the codes' ``level``, ``axes``,
``section`` and ``valid_codes_on`` are ICD-10-PCS's own.
"""

from . import _codeset
from . import _medcodes as _m
from ._medcodes import Icd10PcsAxis, Icd10PcsCode, Icd10PcsWithRelease, sections

_codeset.install(globals(), "icd10pcs")


def load_release(path_or_bytes, name=None, effective=None):
    """Load a CMS ICD-10-PCS release over the built-in tables.

    ``path_or_bytes``: the order file (``icd10pcs_order_2028.txt``), its zip, or a folder
    holding one, or the file's bytes with its ``name`` (which says the release) or its
    ``effective`` date. As ``medcodes.icd10cm.load_release``: an ``Icd10PcsWithRelease``
    back; a file that cannot be loaded raises ``ReleaseError`` and nothing is applied.
    """
    return _m.icd10pcs_load_release(path_or_bytes, name, effective)


__all__ = [
    *_codeset.__all__,
    *_codeset.CODE_CALLS,
    "Icd10PcsAxis",
    "Icd10PcsCode",
    "Icd10PcsWithRelease",
    "load_release",
    "sections",
]
