"""US medical code sets, offline and by date of service.

ICD-10-CM diagnosis codes (``medcodes.icd10cm``, with the coding rules of the tabular
list), ICD-10-PCS procedure codes (``medcodes.icd10pcs``) and the CMS Medicare Code Editor's
claim edits (``medcodes.claims``), from FY2016 (2015-10-01) on, and HCPCS Level II codes
and modifiers by quarter (``medcodes.hcpcs``, from 2019-07-01) are compiled in: there is
nothing to download and nothing is parsed at import. Is a code valid and billable on a date
of service, what does it mean, where does it sit in the hierarchy, and why is it rejected.
``medcodes.cpt`` classifies CPT codes without a file and reads a licensed CPT data file you
bring (no CPT text is shipped).

>>> from medcodes import icd10cm
>>> icd10cm.is_valid("E11.9", date="2025-03-01")
True
>>> icd10cm.lookup("e119")
<Icd10CmCode E11.9 billable: Type 2 diabetes mellitus without complications>
>>> icd10cm.reason("E11", "2025-03-01")
<ReasonKind.NOT_BILLABLE: 5>

Every code system is a module with the same calls (``is_valid``, ``reason``, ``normalize``,
``title``, ``lookup``, ``validate``, ``codes``, ``codes_valid_on``, ``codes_starting_with``,
``coverage``, ``releases``, ``release_on``, ``title_sources``) and its own extras; its codes
are ``AnyCode`` subclasses (``Icd10CmCode``, ``Icd10PcsCode``, ``HcpcsCode``). ``detect``
says which systems a string is a code of.

Columns: ``is_valid``, ``normalize``, ``reason`` and ``title`` also take a whole column and
return one of the same kind: a list or tuple of str (a list back), a numpy array or pandas
Series (a numpy array back), a polars Series (a polars Series back) or a pyarrow
Array/ChunkedArray or any Arrow array (pyarrow back, read through the Arrow C data
interface without making Python strings). ``date`` is one date, or a column of dates with
one a code. Missing entries (None, NaN, pandas.NA, Arrow nulls) give False or a null, never
an error; the work runs without the GIL, on all cores for big columns.

>>> icd10cm.is_valid(["E11.9", "e119", "E11", None], date="2025-03-01")
[True, True, False, False]
>>> medcodes.detect("0DTJ4ZZ"), medcodes.detect("B20")
(['icd10pcs'], ['icd10cm', 'icd10pcs'])

Errors are ``MedcodesError`` (a ``ValueError``) subclasses, one per reason a code is
rejected (``NotBillableError``, ``UnknownCodeError``...) plus ``DateError``; each carries the
details as attributes and a message a coder can act on. A wrong argument type is a
``TypeError`` naming the type.
"""

import enum as _enum
import sys as _sys

from . import _medcodes
from ._medcodes import (
    AnyCode,
    Block,
    Chapter,
    ClaimFinding,
    ClaimInputError,
    CodeTooLongError,
    CodeValidationError,
    Cpt,
    CptClass,
    CptCodeError,
    CptEntry,
    CptFileError,
    CptValidationError,
    DataSource,
    DateError,
    DateOutOfRangeError,
    EmptyCodeError,
    EncounterFinding,
    HcpcsCode,
    HcpcsWithFile,
    HcpcsFileDifferences,
    HcpcsFileError,
    ReleaseError,
    HcpcsModifier,
    HcpcsRecord,
    HcpcsSection,
    Icd10CmCode,
    Icd10PcsAxis,
    Icd10PcsCode,
    IncompleteCodeError,
    LineFinding,
    MalformedCodeError,
    MedcodesError,
    MissingPlaceholderError,
    MissingSeventhCharacterError,
    NotBillableError,
    NotValidOnDateError,
    Release,
    SeventhCharacterNotAllowedError,
    TitleSource,
    UnexpectedSeventhCharacterError,
    UnknownCodeError,
    ValidityRange,
    ValiditySpan,
    data_sources,
    detect,
    today,
)
from ._medcodes import CodeRef, Note, SeventhCharacterDef

__version__: str = _medcodes.__version__


class _ReasonKindBase(_enum.IntEnum):
    def __str__(self) -> str:
        return _medcodes.REASON_NAMES[self.value]

    @property
    def error(self) -> "type[CodeValidationError]":
        """The exception class ``validate``/``lookup`` raise for this kind."""
        return _medcodes.error_class(self.value)  # type: ignore[no-any-return]


# The members and their numbers come from the core (medcodes::ReasonKind).
ReasonKind = _ReasonKindBase(  # type: ignore[misc]
    "ReasonKind",
    [(name.upper(), number) for number, name in enumerate(_medcodes.REASON_NAMES)],
    module=__name__,
    qualname="ReasonKind",
)
ReasonKind.__doc__ = """Why a code is (not) valid on a date, as a small integer.

VALID is 0; the others name the rejection: EMPTY, TOO_LONG, MALFORMED, UNKNOWN,
NOT_BILLABLE, NOT_VALID_ON_DATE, DATE_OUT_OF_RANGE, INCOMPLETE, MISSING_SEVENTH_CHARACTER,
SEVENTH_CHARACTER_NOT_ALLOWED, MISSING_PLACEHOLDER, UNEXPECTED_SEVENTH_CHARACTER (and any
the core adds). ``str(kind)`` is the core's stable
name (``'not_billable'``) and ``kind.error`` the exception class for it. The reason column
of ``reason`` holds these numbers (int8; -1 for a missing code in numpy output).
"""

from . import _codeset, claims, cpt, hcpcs, icd10cm, icd10pcs  # noqa: E402  (need ReasonKind)
from . import comorbidity, hcc  # noqa: E402
from . import gems  # noqa: E402
from ._medcodes import ComorbidityError, HccError  # noqa: E402
from ._search import MatchKind, SearchError, SearchHit, SearchResults, SystemSearched, search  # noqa: E402
from ._rollup import (  # noqa: E402
    SYSTEM_LABELS,
    ancestor_of,
    block_of,
    category_of,
    chapter_of,
    system_of,
)

# Every code system of the build is a module: its own file (icd10cm.py, icd10pcs.py,
# hcpcs.py) adds its extras to the calls every system has; a system without one gets a
# module of those.
for _id in _medcodes.CODE_SYSTEMS:
    if _id not in globals():
        globals()[_id] = _sys.modules[f"{__name__}.{_id}"] = _codeset.module(_id)

# The pandas accessor and the polars namespace (``s.medcodes``, ``pl.col(c).medcodes``) are
# registered by importing medcodes.pandas / medcodes.polars; here too when the library is
# already imported (medcodes never imports pandas or polars itself).
for _library in ("pandas", "polars"):
    if _library in _sys.modules:
        __import__(f"{__name__}.{_library}")

__all__ = [
    "AnyCode",
    "Block",
    "Chapter",
    "ClaimFinding",
    "ClaimInputError",
    "ComorbidityError",
    "CodeRef",
    "CodeTooLongError",
    "CodeValidationError",
    "Cpt",
    "CptClass",
    "CptCodeError",
    "CptEntry",
    "CptFileError",
    "CptValidationError",
    "DataSource",
    "DateError",
    "DateOutOfRangeError",
    "EmptyCodeError",
    "EncounterFinding",
    "HccError",
    "HcpcsCode",
    "HcpcsWithFile",
    "HcpcsFileDifferences",
    "HcpcsFileError",
    "ReleaseError",
    "HcpcsModifier",
    "HcpcsRecord",
    "HcpcsSection",
    "Icd10CmCode",
    "Icd10PcsAxis",
    "Icd10PcsCode",
    "IncompleteCodeError",
    "LineFinding",
    "MalformedCodeError",
    "MatchKind",
    "MedcodesError",
    "MissingPlaceholderError",
    "MissingSeventhCharacterError",
    "Note",
    "NotBillableError",
    "NotValidOnDateError",
    "ReasonKind",
    "Release",
    "SYSTEM_LABELS",
    "SearchError",
    "SearchHit",
    "SearchResults",
    "SeventhCharacterDef",
    "SeventhCharacterNotAllowedError",
    "TitleSource",
    "UnexpectedSeventhCharacterError",
    "SystemSearched",
    "UnknownCodeError",
    "ValidityRange",
    "ValiditySpan",
    "ancestor_of",
    "block_of",
    "category_of",
    "chapter_of",
    "claims",
    "comorbidity",
    "hcc",
    "cpt",
    "data_sources",
    "detect",
    "hcpcs",
    "icd10cm",
    "icd10pcs",
    "search",
    "system_of",
    "today",
]
