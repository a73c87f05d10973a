"""HCPCS Level II codes by date of service, quarter by quarter (2019-07-01 onward).

The CMS codes for supplies, drugs, ambulance, durable medical equipment and the services
CPT lacks, from the CMS outpatient code editor's quarterly tables: every code in force each
quarter with its CMS short descriptor and OPPS status indicator, and the modifiers valid
each quarter.

>>> from medcodes import hcpcs
>>> code = hcpcs.lookup("j1100")
>>> code.code, code.title_on("2025-07-01"), code.status_indicator_on("2025-07-01")
('J1100', 'Dexamethasone sodium phos', 'N')
>>> code.section.letter, code.section.is_temporary
('J', False)

D codes (CDT, the ADA's dental codes) are valid codes with no title: their descriptors are
the ADA's. CPT codes are not HCPCS Level II codes (see ``medcodes.cpt``); the error says so:

>>> hcpcs.is_valid("D0120", "2025-07-01"), hcpcs.title("D0120")
(True, None)
>>> hcpcs.reason("99213", "2025-07-01")
<ReasonKind.MALFORMED: 3>

A claim line, a code and its modifiers on a date:

>>> [f.kind for f in hcpcs.check_line("E0100", ["LT", "RT", "50"], "2025-07-01")]
['both_sides', 'bilateral_with_side']
>>> hcpcs.modifier("lt").is_valid_on("2025-07-01")
True

The official CMS HCPCS file (the fixed-width text file or the xlsx, from cms.gov) loads over
the built-in tables with ``with_file``: it adds long descriptions and every field of its
records, decides validity on the dates outside the built-in quarters, and lists where it
differs from them. A malformed file raises ``HcpcsFileError`` naming the line or row, the
field and the value.

The calls every code system has (``is_valid``, ``reason``, ``normalize``, ``title`` on one
code or a whole column, ``lookup``, ``validate``, ``codes``, ``codes_valid_on``,
``codes_starting_with``, ``coverage``, ``releases``, ``release_on``, ``title_sources``) are
the same as in ``medcodes.icd10cm``; ``sections``, ``modifier``, ``modifiers``,
``check_line``, ``with_file`` and the codes' ``section``, ``is_dental`` and
``status_indicator_on`` are HCPCS's own.
"""

from . import _codeset
from . import _medcodes as _m
from ._medcodes import (
    HcpcsCode,
    HcpcsWithFile,
    HcpcsFileDifferences,
    HcpcsFileError,
    HcpcsModifier,
    HcpcsRecord,
    HcpcsSection,
    LineFinding,
)

_codeset.install(globals(), "hcpcs")

LINE_FINDING_KINDS = _m.LINE_FINDING_KINDS
"""The kinds of ``LineFinding`` (the core's ``LineFindingKind::ALL``), in order."""


def sections():
    """The 18 sections of HCPCS Level II (``HcpcsSection``: letter, name, is_temporary), in
    letter order.

    >>> [s.letter for s in hcpcs.sections()][:5]
    ['A', 'B', 'C', 'D', 'E']
    """
    return _m.hcpcs_sections()


def modifier(modifier):
    """A modifier by its two characters (either case; an ``HcpcsModifier``), or None when no
    quarter of the data lists it. CPT modifiers (two digits) are listed by number only:
    their descriptors are the AMA's.

    >>> m = hcpcs.modifier("59")
    >>> m.code, m.is_cpt
    ('59', True)
    """
    return _m.hcpcs_modifier(modifier)


def modifiers(date=None):
    """The modifiers valid on a date, or (``date`` None) every modifier any quarter lists,
    in order. Unlike the other calls, None here means every date, not today."""
    return _m.hcpcs_modifiers(date)


def check_line(code, modifiers=None, date=None):
    """Checks a claim line: a code and up to four modifiers (a list of str; None: none) on a
    date (None: today). A list of ``LineFinding`` (``kind``, ``subject``, ``message``; for
    kind 'code' the ``error`` ``validate`` raises), empty when the line is clean.

    >>> hcpcs.check_line("J1100", ["RT"], "2025-07-01")
    []
    >>> [(f.kind, f.subject) for f in hcpcs.check_line("J1100", ["ZZ", "rt", "RT"], "2025-07-01")]
    [('unknown_modifier', 'ZZ'), ('duplicate_modifier', 'RT')]
    """
    return _m.hcpcs_check_line(code, modifiers, date)


def with_file(path_or_bytes):
    """Loads a CMS HCPCS file (the fixed-width text file or the xlsx workbook, told apart by
    content) over the built-in tables: a path (str or ``os.PathLike``) or the file's bytes.
    An ``HcpcsWithFile`` back (``record``, ``long_description``, ``reason``, ``is_valid``,
    ``differences``); raises ``HcpcsFileError`` (with ``kind``, ``line`` or ``row``,
    ``field``, ``value``) when any record is malformed: nothing is half loaded.
    """
    return _m.hcpcs_with_file(path_or_bytes)


__all__ = [
    *_codeset.__all__,
    *_codeset.CODE_CALLS,
    "HcpcsCode",
    "HcpcsWithFile",
    "HcpcsFileDifferences",
    "HcpcsFileError",
    "HcpcsModifier",
    "HcpcsRecord",
    "HcpcsSection",
    "LINE_FINDING_KINDS",
    "LineFinding",
    "check_line",
    "with_file",
    "modifier",
    "modifiers",
    "sections",
]
