"""US medical code sets, offline and by date of service (see the module docstring)."""

import enum
from typing import Final

from . import claims as claims
from . import comorbidity as comorbidity
from . import hcc as hcc
from . import cpt as cpt
from . import gems as gems
from . import hcpcs as hcpcs
from . import icd10cm as icd10cm
from . import icd10pcs as icd10pcs
from ._medcodes import AnyCode as AnyCode
from ._medcodes import Block as Block
from ._medcodes import Chapter as Chapter
from ._medcodes import ClaimFinding as ClaimFinding
from ._medcodes import ClaimInputError as ClaimInputError
from ._medcodes import ComorbidityError as ComorbidityError
from ._medcodes import HccError as HccError
from ._medcodes import CodeRef as CodeRef
from ._medcodes import CodeTooLongError as CodeTooLongError
from ._medcodes import CodeValidationError as CodeValidationError
from ._medcodes import Cpt as Cpt
from ._medcodes import CptClass as CptClass
from ._medcodes import CptCodeError as CptCodeError
from ._medcodes import CptEntry as CptEntry
from ._medcodes import CptFileError as CptFileError
from ._medcodes import CptValidationError as CptValidationError
from ._medcodes import DataSource as DataSource
from ._medcodes import DateError as DateError
from ._medcodes import DateOutOfRangeError as DateOutOfRangeError
from ._medcodes import EmptyCodeError as EmptyCodeError
from ._medcodes import EncounterFinding as EncounterFinding
from ._medcodes import HcpcsCode as HcpcsCode
from ._medcodes import HcpcsWithFile as HcpcsWithFile
from ._medcodes import HcpcsFileDifferences as HcpcsFileDifferences
from ._medcodes import HcpcsFileError as HcpcsFileError
from ._medcodes import ReleaseError as ReleaseError
from ._medcodes import HcpcsModifier as HcpcsModifier
from ._medcodes import HcpcsRecord as HcpcsRecord
from ._medcodes import HcpcsSection as HcpcsSection
from ._medcodes import Icd10CmCode as Icd10CmCode
from ._medcodes import Icd10PcsAxis as Icd10PcsAxis
from ._medcodes import Icd10PcsCode as Icd10PcsCode
from ._medcodes import IncompleteCodeError as IncompleteCodeError
from ._medcodes import LineFinding as LineFinding
from ._medcodes import MalformedCodeError as MalformedCodeError
from ._medcodes import MedcodesError as MedcodesError
from ._medcodes import MissingPlaceholderError as MissingPlaceholderError
from ._medcodes import MissingSeventhCharacterError as MissingSeventhCharacterError
from ._medcodes import SeventhCharacterNotAllowedError as SeventhCharacterNotAllowedError
from ._medcodes import UnexpectedSeventhCharacterError as UnexpectedSeventhCharacterError
from ._medcodes import Note as Note
from ._medcodes import NotBillableError as NotBillableError
from ._medcodes import NotValidOnDateError as NotValidOnDateError
from ._medcodes import Release as Release
from ._medcodes import SeventhCharacterDef as SeventhCharacterDef
from ._medcodes import TitleSource as TitleSource
from ._medcodes import UnknownCodeError as UnknownCodeError
from ._medcodes import ValidityRange as ValidityRange
from ._medcodes import ValiditySpan as ValiditySpan
from ._medcodes import data_sources as data_sources
from ._medcodes import detect as detect
from ._medcodes import today as today
from ._rollup import SYSTEM_LABELS as SYSTEM_LABELS
from ._rollup import ancestor_of as ancestor_of
from ._rollup import block_of as block_of
from ._rollup import category_of as category_of
from ._rollup import chapter_of as chapter_of
from ._rollup import system_of as system_of
from ._search import MatchKind as MatchKind
from ._search import SearchError as SearchError
from ._search import SearchHit as SearchHit
from ._search import SearchResults as SearchResults
from ._search import SystemSearched as SystemSearched
from ._search import search as search

__version__: Final[str]
__all__ = [
    "AnyCode",
    "Block",
    "Chapter",
    "ClaimFinding",
    "ClaimInputError",
    "ComorbidityError",
    "HccError",
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

class ReasonKind(enum.IntEnum):
    """Why a code is (not) valid on a date, as a small integer (VALID is 0)."""

    @property
    def error(self) -> type[CodeValidationError]:
        """The exception class `validate`/`lookup` raise for this kind."""

    VALID = 0
    EMPTY = 1
    TOO_LONG = 2
    MALFORMED = 3
    UNKNOWN = 4
    NOT_BILLABLE = 5
    NOT_VALID_ON_DATE = 6
    DATE_OUT_OF_RANGE = 7
    INCOMPLETE = 8
    MISSING_SEVENTH_CHARACTER = 9
    SEVENTH_CHARACTER_NOT_ALLOWED = 10
    MISSING_PLACEHOLDER = 11
    UNEXPECTED_SEVENTH_CHARACTER = 12
