"""CPT: the structure of the codes, and a licensed CPT data file you bring.

CPT descriptors are the American Medical Association's copyright, so medcodes ships none.
What it ships is public structure: the shape of a code, its category by its last character
and, for Category I, its section by number range. That says what kind of code a string
would be, not whether it exists:

>>> from medcodes import cpt
>>> c = cpt.classify("99213")
>>> c.category, c.section
('category_i', 'evaluation_and_management')
>>> cpt.classify("0042t").category, cpt.classify("0001U").category_name
('category_iii', 'Proprietary Laboratory Analyses')
>>> cpt.normalize(" 0001f "), cpt.normalize("9921")
('0001F', None)

Which codes exist, their descriptors and their validity by date come from the licensed
code list: ``with_file`` reads your AMA data file (``code<TAB>descriptor``, CSV, pipe, the AMA's
fixed-field and tab files after their licence text, or headed files mapped by column name),
from a path or its bytes; what it holds stays in your process's memory. A file without
dates says nothing of when: give the dates it covers (``valid_from``, ``valid_to``). The
descriptors below are made up:

>>> codes = cpt.with_file(b"99213\\tMade-up office visit descriptor\\n0001U\\tMade-up lab test\\n",
...                  valid_from="2025-01-01", valid_to="2025-12-31")
>>> len(codes), codes.descriptor("99213")
(2, 'Made-up office visit descriptor')
>>> codes.is_valid("99213", "2025-03-01"), codes.reason("99214", "2025-03-01")
(True, <ReasonKind.UNKNOWN: 4>)
>>> codes.reason("99213", "2026-01-01")
<ReasonKind.DATE_OUT_OF_RANGE: 7>

Errors: ``CptCodeError`` for a string not shaped like a CPT code, ``CptValidationError``
(its base class, a ``CodeValidationError`` with a ``kind``) for a code the file rejects, and
``CptFileError`` for a file that cannot be loaded (naming the line, field and value).
"""

from . import _medcodes as _m
from ._medcodes import Cpt, CptClass, CptCodeError, CptEntry, CptFileError, CptValidationError

CATEGORIES = _m.CPT_CATEGORIES
"""The categories' ids (the core's ``CptCategory::ALL``), in order."""

SECTIONS = _m.CPT_SECTIONS
"""The Category I sections' ids (the core's ``CptSection::ALL``), in the order of the book."""


def normalize(code):
    """The canonical form of a CPT code (trimmed, upper case), or None when it is not shaped
    like one (or is None). It need not exist: only a loaded file says that."""
    return _m.cpt_normalize(code)


def classify(code):
    """The category and, for Category I, the section of a CPT code, without any file (a
    ``CptClass``); raises ``CptCodeError`` when the string is not shaped like a CPT code.

    >>> cpt.classify("70450").section_name
    'Radiology'
    """
    return _m.cpt_classify(code)


def with_file(path_or_bytes, valid_from=None, valid_to=None):
    """Loads a licensed CPT data file: a path (str or ``os.PathLike``) or the file's bytes,
    and the dates of service it covers (``valid_from``, ``valid_to``: inclusive, each a
    ``datetime.date`` or ISO string; None leaves that side open). A ``Cpt`` back
    (``lookup``, ``validate``, ``reason``, ``is_valid``, ``descriptor``, ``codes``,
    ``codes_valid_on``, ``len()``); raises ``CptFileError`` when any line is malformed:
    nothing is half loaded."""
    return _m.cpt_with_file(path_or_bytes, valid_from, valid_to)


__all__ = [
    "CATEGORIES",
    "Cpt",
    "CptClass",
    "CptCodeError",
    "CptEntry",
    "CptFileError",
    "CptValidationError",
    "SECTIONS",
    "classify",
    "with_file",
    "normalize",
]
