"""The native module (pyo3). Use the `medcodes` package, which wraps it."""

import datetime
import os
from typing import Any, Final, Iterable, Iterator, Literal, Optional, Union, final

from typing_extensions import Self, TypeAlias, disjoint_base

_DateArg: TypeAlias = Union[datetime.date, str, None]

# The string values of the core's enumerations (each checked against the native list beside
# it by tests/test_enumerations.py).
_CodeSystemId: TypeAlias = Literal["icd10cm", "icd10pcs", "hcpcs", "icd9cm", "icd9proc"]  # CODE_SYSTEMS
_CodeKind: TypeAlias = Literal["category", "subcategory", "code"]  # CODE_KINDS
_MatchKind: TypeAlias = Literal["code", "code_prefix", "exact", "words"]  # MATCH_KINDS
_SearchField: TypeAlias = Literal[  # SEARCH_FIELDS
    "code",
    "title",
    "short_title",
    "inclusion_term",
    "axis_label",
    "block",
    "chapter",
    "section",
]
_PcsLevel: TypeAlias = Literal["section", "body_system", "table", "body_part", "code"]  # PCS_LEVELS
_Severity: TypeAlias = Literal["info", "warning", "error"]  # SEVERITIES
_FindingKind: TypeAlias = Literal[  # FINDING_KINDS
    "invalid_code",
    "duplicate",
    "code_with_ancestor",
    "excludes1",
    "code_first_missing",
    "code_first_order",
    "manifestation_first",
    "use_additional_code",
]
_NoteKind: TypeAlias = Literal[  # NOTE_KINDS
    "inclusion_term",
    "includes",
    "excludes1",
    "excludes2",
    "code_first",
    "use_additional_code",
    "code_also",
    "note",
    "seventh_character",
]
_LineFindingKind: TypeAlias = Literal[  # LINE_FINDING_KINDS
    "code",
    "too_many_modifiers",
    "malformed_modifier",
    "unknown_modifier",
    "modifier_not_valid_on_date",
    "duplicate_modifier",
    "both_sides",
    "bilateral_with_side",
]
_CptCategory: TypeAlias = Literal["category_i", "category_ii", "category_iii", "pla", "maaa"]  # CPT_CATEGORIES
_CptSection: TypeAlias = Literal[  # CPT_SECTIONS
    "evaluation_and_management",
    "anesthesia",
    "surgery",
    "radiology",
    "pathology_and_laboratory",
    "medicine",
]
_ReleaseErrorKind: TypeAlias = Literal[  # RELEASE_ERROR_KINDS
    "io",
    "no_order_file",
    "file_name",
    "wrong_system",
    "empty",
    "encoding",
    "line_too_short",
    "field",
    "order_number",
    "duplicate_code",
    "hierarchy",
    "zip",
    "xml",
    "disagree",
    "unsupported",
    "fiscal_year",
]
_ClaimPosition: TypeAlias = Literal["claim", "principal", "admitting", "secondary", "procedure"]  # CLAIM_POSITIONS
_ClaimEdit: TypeAlias = Literal[  # mce_edits()
    "invalid_code",
    "external_cause_as_principal",
    "duplicate_of_principal",
    "age_conflict",
    "sex_conflict",
    "manifestation_as_principal",
    "non_specific_principal",
    "questionable_admission",
    "unacceptable_principal",
    "requires_secondary_diagnosis",
    "non_specific_or_procedure",
    "non_covered_procedure",
    "open_biopsy",
    "bilateral_procedure",
    "invalid_age",
    "invalid_sex",
    "invalid_discharge_status",
    "limited_coverage",
    "wrong_procedure_performed",
    "inconsistent_with_length_of_stay",
    "unspecified_code",
    "questionable_obstetric_admission",
    "invalid_poa",
    "discharge_date_out_of_range",
]

__version__: Final[str]
__all__ = [
    "AnyCode",
    "Block",
    "CLAIM_FIELDS",
    "CLAIM_POSITIONS",
    "CODE_KINDS",
    "CODE_SYSTEMS",
    "SYSTEM_LABELS",
    "CPT_CATEGORIES",
    "CPT_SECTIONS",
    "Chapter",
    "ClaimFinding",
    "ClaimInputError",
    "ComorbidityError",
    "HccError",
    "CodeRef",
    "CodeTooLongError",
    "CodeValidationError",
    "Column",
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
    "FINDING_KINDS",
    "HcpcsCode",
    "GemError",
    "GemFileError",
    "GemMapping",
    "GemTarget",
    "Gems",
    "gems_load",
    "gems_map",
    "HcpcsWithFile",
    "HcpcsFileDifferences",
    "HcpcsFileError",
    "HcpcsModifier",
    "HcpcsRecord",
    "HcpcsSection",
    "Icd10CmCode",
    "Icd10PcsAxis",
    "Icd10PcsCode",
    "IncompleteCodeError",
    "LINE_FINDING_KINDS",
    "LineFinding",
    "MATCH_KINDS",
    "MalformedCodeError",
    "MedcodesError",
    "MissingPlaceholderError",
    "MissingSeventhCharacterError",
    "NOTE_KINDS",
    "NotBillableError",
    "NotValidOnDateError",
    "Note",
    "PCS_LEVELS",
    "REASON_NAMES",
    "RELEASE_ERROR_KINDS",
    "Release",
    "SEARCH_FIELDS",
    "SearchError",
    "SearchHit",
    "SearchResults",
    "SEVERITIES",
    "SeventhCharacterDef",
    "SeventhCharacterNotAllowedError",
    "SystemSearched",
    "TitleSource",
    "UnexpectedSeventhCharacterError",
    "UnknownCodeError",
    "ValidityRange",
    "ValiditySpan",
    "__version__",
    "_set_memo",
    "block",
    "chapter",
    "chapters",
    "check_encounter",
    "claims_check",
    "claims_check_table",
    "codes",
    "codes_starting_with",
    "codes_valid_on",
    "column_normalize",
    "column_reasons",
    "column_titles",
    "column_ancestors",
    "column_blocks",
    "column_categories",
    "column_chapters",
    "column_systems",
    "column_valid",
    "coverage",
    "cpt_classify",
    "cpt_with_file",
    "cpt_normalize",
    "data_sources",
    "detect",
    "error_class",
    "hcpcs_check_line",
    "hcpcs_with_file",
    "hcpcs_modifier",
    "hcpcs_modifiers",
    "hcpcs_sections",
    "is_valid",
    "lookup",
    "mce_edits",
    "normalize",
    "notes_source",
    "ranked_search",
    "reason",
    "release_on",
    "releases",
    "search",
    "sections",
    "title",
    "title_sources",
    "today",
    "date_of",
    "validate",
]
REASON_NAMES: Final[tuple[str, ...]]
CODE_SYSTEMS: Final[tuple[_CodeSystemId, ...]]
# What column_systems' bytes name (medcodes::batch::system_labels): the ids, 'cpt', 'ambiguous'.
SYSTEM_LABELS: Final[tuple[str, ...]]
MATCH_KINDS: Final[tuple[_MatchKind, ...]]
SEARCH_FIELDS: Final[tuple[_SearchField, ...]]
CODE_KINDS: Final[tuple[_CodeKind, ...]]
PCS_LEVELS: Final[tuple[_PcsLevel, ...]]
SEVERITIES: Final[tuple[_Severity, ...]]
FINDING_KINDS: Final[tuple[_FindingKind, ...]]
NOTE_KINDS: Final[tuple[_NoteKind, ...]]
CLAIM_POSITIONS: Final[tuple[_ClaimPosition, ...]]
LINE_FINDING_KINDS: Final[tuple[_LineFindingKind, ...]]
CPT_CATEGORIES: Final[tuple[_CptCategory, ...]]
CPT_SECTIONS: Final[tuple[_CptSection, ...]]
RELEASE_ERROR_KINDS: Final[tuple[_ReleaseErrorKind, ...]]
CLAIM_FIELDS: Final[tuple[tuple[str, tuple[str, ...]], ...]]

# Exceptions -----------------------------------------------------------------------------

class MedcodesError(ValueError):
    """Base class of every error medcodes raises (a ValueError)."""

class CodeValidationError(MedcodesError):
    """A code was rejected. `kind` is the ReasonKind; the subclass names it too."""

    kind: Any  # medcodes.ReasonKind
    message: str

class EmptyCodeError(CodeValidationError):
    """Nothing but whitespace (or nothing at all) was given as a code."""

class CodeTooLongError(CodeValidationError):
    """More characters than any code of the system has."""

    input: str
    system: str
    max: int

class MalformedCodeError(CodeValidationError):
    """A character that cannot stand at its position."""

    input: str
    position: int
    found: str
    expected: str

class UnknownCodeError(CodeValidationError):
    """Well formed, but in no release of the bundled data."""

    code: str
    system: str
    first: datetime.date
    last: datetime.date

class NotBillableError(CodeValidationError):
    """A header with more specific codes below it on the date."""

    code: str
    date: datetime.date
    billable_descendants: int
    examples: list[str]

class NotValidOnDateError(CodeValidationError):
    """The code exists, but not on the date of service."""

    code: str
    date: datetime.date
    valid: list[ValidityRange]

class IncompleteCodeError(CodeValidationError):
    """The start of a code: fewer characters than every code of the system has."""

    code: str
    system: str
    length: int
    required: int
    date: datetime.date
    completions: int
    examples: list[str]

class DateOutOfRangeError(CodeValidationError):
    """The date is outside the dates the bundled data covers."""

    date: datetime.date
    system: str
    first: datetime.date
    last: datetime.date

class MissingSeventhCharacterError(CodeValidationError):
    """A code that takes a 7th character was given without one."""

    code: str
    date: datetime.date
    base: str
    options: list[tuple[str, str]]

class SeventhCharacterNotAllowedError(CodeValidationError):
    """A 7th character its code does not take."""

    code: str
    date: datetime.date
    found: str
    base: str
    allowed: list[tuple[str, str]]

class MissingPlaceholderError(CodeValidationError):
    """A code written without its placeholder X."""

    input: str
    suggestion: str
    date: datetime.date
    suggestion_billable: bool

class UnexpectedSeventhCharacterError(CodeValidationError):
    """A 7th character on a code that takes none."""

    code: str
    found: str
    base: str

class ClaimInputError(MedcodesError):
    """A claim (or a row of a claim or code table) that cannot be read."""

    field: str
    row: Optional[int]
    value: str
    message: str

class HccError(MedcodesError):
    """A CMS-HCC call that cannot answer."""

    kind: str
    value: str
    row: Optional[int]
    message: str

class ComorbidityError(MedcodesError):
    """A comorbidity table that cannot be read."""

    kind: str
    value: str
    row: Optional[int]
    message: str

class DateError(MedcodesError):
    """A date that could not be read or does not exist."""

    input: str
    kind: Literal["malformed", "invalid", "other"]
    reason: str
    message: str

class HcpcsFileError(MedcodesError):
    """A CMS HCPCS file that cannot be read; the attributes the reason lacks are None."""

    kind: str
    message: str
    line: Optional[int]
    row: Optional[int]
    field: Optional[str]
    value: Optional[str]
    expected: Optional[str]
    length: Optional[int]
    code: Optional[str]
    record_id: Optional[str]
    sequence: Optional[int]
    previous: Optional[int]
    first_line: Optional[int]
    first_row: Optional[int]
    detail: Optional[str]
    missing: Optional[list[str]]
    found: Optional[list[str]]
    path: Optional[str]
    format: Optional[str]
    hint: Optional[str]

class CptValidationError(CodeValidationError):
    """A CPT code a loaded file rejects (or, as CptCodeError, not shaped like one)."""

    code: Optional[str]
    input: Optional[str]
    length: Optional[int]
    position: Optional[int]
    found: Optional[str]
    expected: Optional[str]
    date: Optional[datetime.date]
    start: Optional[datetime.date]
    end: Optional[datetime.date]
    valid_from: Optional[datetime.date]
    valid_to: Optional[datetime.date]

class CptCodeError(CptValidationError):
    """A string that is not shaped like a CPT code."""

class CptFileError(MedcodesError):
    """A CPT data file that cannot be loaded; the attributes the reason lacks are None."""

    kind: str
    message: str
    line: Optional[int]
    field: Optional[str]
    value: Optional[str]
    code: Optional[str]
    first_line: Optional[int]
    lines: Optional[int]
    reason: Optional[str]
    expected: Optional[int]
    found: Optional[int]
    path: Optional[str]
    valid_from: Optional[datetime.date]
    valid_to: Optional[datetime.date]

# Types ----------------------------------------------------------------------------------

@disjoint_base
class AnyCode:
    """A code (or header, or level of the hierarchy) of any system: what every code has."""

    @property
    def system(self) -> _CodeSystemId: ...
    @property
    def code(self) -> str: ...
    @property
    def undotted(self) -> str: ...
    @property
    def title(self) -> Optional[str]: ...
    @property
    def short_title(self) -> Optional[str]: ...
    def title_on(self, date: _DateArg = None) -> Optional[str]: ...
    def short_title_on(self, date: _DateArg = None) -> Optional[str]: ...
    def title_source_on(self, date: _DateArg = None) -> Optional[TitleSource]: ...
    def title_from(self, source: int) -> Optional[str]: ...
    def is_valid_on(self, date: _DateArg = None) -> bool: ...
    def is_present_on(self, date: _DateArg = None) -> bool: ...
    @property
    def validity(self) -> list[ValidityRange]: ...
    @property
    def validity_spans(self) -> list[ValiditySpan]: ...
    def mce_flags_on(self, date: _DateArg = None) -> Optional[list[str]]: ...
    @property
    def parent(self) -> Optional[Self]: ...
    @property
    def ancestors(self) -> list[Self]: ...
    @property
    def children(self) -> list[Self]: ...
    @property
    def descendants(self) -> list[Self]: ...
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    def __lt__(self, value: AnyCode, /) -> bool: ...
    def __le__(self, value: AnyCode, /) -> bool: ...
    def __gt__(self, value: AnyCode, /) -> bool: ...
    def __ge__(self, value: AnyCode, /) -> bool: ...
    def __hash__(self) -> int: ...
    def __reduce__(self) -> tuple[Any, tuple[str, str]]: ...

@final
class Icd10CmCode(AnyCode):
    """An ICD-10-CM code or header (category, subcategory) from the bundled data."""

    @property
    def billable(self) -> bool: ...
    @property
    def kind(self) -> _CodeKind: ...
    def kind_on(self, date: _DateArg = None) -> _CodeKind: ...
    @property
    def block(self) -> Optional[Block]: ...
    @property
    def chapter(self) -> Optional[Chapter]: ...
    @property
    def notes(self) -> list[Note]: ...
    @property
    def seventh_characters(self) -> Optional[SeventhCharacterDef]: ...

@final
class Chapter:
    """A chapter of the tabular list."""

    @property
    def number(self) -> int: ...
    @property
    def title(self) -> str: ...
    @property
    def range(self) -> tuple[str, str]: ...
    @property
    def blocks(self) -> list[Block]: ...
    @property
    def notes(self) -> list[Note]: ...
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    def __hash__(self) -> int: ...

@final
class Block:
    """A block (section) of categories."""

    @property
    def id(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def chapter(self) -> Chapter: ...
    @property
    def categories(self) -> list[Icd10CmCode]: ...
    @property
    def notes(self) -> list[Note]: ...
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    def __hash__(self) -> int: ...

@final
class Note:
    """An instructional note of the tabular list and where it sits."""

    @property
    def kind(self) -> _NoteKind: ...
    @property
    def label(self) -> str: ...
    @property
    def level(self) -> Literal["chapter", "block", "code"]: ...
    @property
    def site(self) -> str: ...
    @property
    def inherited(self) -> bool: ...
    @property
    def text(self) -> str: ...
    @property
    def lines(self) -> list[str]: ...
    @property
    def refs(self) -> list[CodeRef]: ...

@final
class CodeRef:
    """A code reference in a note (a code, a category with its codes, or a range)."""

    @property
    def text(self) -> str: ...
    @property
    def first(self) -> str: ...
    @property
    def last(self) -> str: ...
    @property
    def is_range(self) -> bool: ...
    @property
    def qualifier(self) -> Optional[str]: ...
    def covers(self, code: Icd10CmCode) -> bool: ...
    def codes_on(self, date: _DateArg = None) -> list[Icd10CmCode]: ...

@final
class SeventhCharacterDef:
    """The 7th characters a code (or the codes below it) take."""

    @property
    def defined_at(self) -> str: ...
    @property
    def note(self) -> Optional[str]: ...
    @property
    def characters(self) -> list[tuple[str, str]]: ...

@final
class ValidityRange:
    """An inclusive range of dates of service; `end` is None while still valid."""

    @property
    def start(self) -> datetime.date: ...
    @property
    def end(self) -> Optional[datetime.date]: ...
    def contains(self, date: _DateArg = None) -> bool: ...
    def __contains__(self, key: object, /) -> bool: ...
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    __hash__: None  # type: ignore[assignment]

@final
class ValiditySpan:
    """One span of a code's validity with its billable status and MCE edit flags."""

    @property
    def range(self) -> ValidityRange: ...
    @property
    def start(self) -> datetime.date: ...
    @property
    def end(self) -> Optional[datetime.date]: ...
    @property
    def billable(self) -> bool: ...
    @property
    def mce_flags(self) -> tuple[str, ...]: ...

@final
class Release:
    """A release of a code set: the date an update took effect."""

    @property
    def effective(self) -> datetime.date: ...
    @property
    def fiscal_year(self) -> int: ...
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    def __hash__(self) -> int: ...

@final
class TitleSource:
    """A release of a code set that the bundled titles were taken from."""

    @property
    def name(self) -> str: ...
    @property
    def effective(self) -> datetime.date: ...
    @property
    def origin(self) -> str: ...
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    def __hash__(self) -> int: ...

class GemError(MedcodesError):
    """A code the GEM has no row for (or not shaped like a code of its source system)."""

    kind: str
    message: str
    code: Optional[str]

class GemFileError(MedcodesError):
    """A line of a CMS GEM file that cannot be read."""

    line: int
    field: str
    value: str
    expected: str

@final
class GemTarget:
    """One row of a GEM mapping: the target (None: no map) and the five flags."""

    @property
    def code(self) -> Optional[str]: ...
    @property
    def approximate(self) -> bool: ...
    @property
    def no_map(self) -> bool: ...
    @property
    def combination(self) -> bool: ...
    @property
    def scenario(self) -> int: ...
    @property
    def choice_list(self) -> int: ...
    @property
    def flags(self) -> str: ...

@final
class GemMapping:
    """What a GEM says about one code: every row with its flags."""

    @property
    def source(self) -> str: ...
    @property
    def source_system(self) -> _CodeSystemId: ...
    @property
    def target_system(self) -> _CodeSystemId: ...
    @property
    def release(self) -> str: ...
    @property
    def targets(self) -> list[GemTarget]: ...
    @property
    def is_no_map(self) -> bool: ...
    @property
    def is_combination(self) -> bool: ...
    @property
    def is_approximate(self) -> bool: ...
    def scenarios(self) -> list[tuple[int, list[list[GemTarget]]]]: ...
    def to_dict(self) -> dict[str, Any]: ...

@final
class Gems:
    """A GEM read from a CMS file (gems.load)."""

    def map(self, code: str) -> GemMapping: ...
    @property
    def release(self) -> str: ...
    @property
    def source_count(self) -> int: ...
    @property
    def row_count(self) -> int: ...

def gems_map(code: str, to: str) -> GemMapping: ...
def gems_load(text: str, to: str, release: str) -> Gems: ...

@final
class DataSource:
    """One input file the bundled tables were generated from."""

    @property
    def package(self) -> str: ...
    @property
    def version(self) -> str: ...
    @property
    def path(self) -> str: ...
    @property
    def sha256(self) -> str: ...
    @property
    def description(self) -> str: ...

@final
class Column:
    """A result column of a vectorized call (Arrow PyCapsule interface)."""

    def __len__(self) -> int: ...
    @property
    def kind(self) -> Literal["bool", "int8", "str"]: ...
    @property
    def null_count(self) -> int: ...
    def to_bytes(self) -> bytearray: ...
    def to_list(self, values: Optional[tuple[Any, ...]] = None) -> list[Any]: ...
    def __arrow_c_array__(self, requested_schema: Optional[object] = None) -> tuple[object, object]: ...
    def __arrow_c_stream__(self, requested_schema: Optional[object] = None) -> object: ...

@final
class EncounterFinding:
    """One finding of the ICD-10-CM coding rules on the codes of an encounter."""

    @property
    def kind(self) -> _FindingKind: ...
    @property
    def severity(self) -> _Severity: ...
    @property
    def codes(self) -> list[str]: ...
    @property
    def positions(self) -> list[int]: ...
    @property
    def note_kind(self) -> Optional[str]: ...
    @property
    def note_site(self) -> Optional[str]: ...
    @property
    def note(self) -> Optional[str]: ...
    @property
    def message(self) -> str: ...
    def to_dict(self) -> dict[str, Any]: ...

@final
class ClaimFinding:
    """One MCE edit raised on a claim."""

    @property
    def edit(self) -> _ClaimEdit: ...
    @property
    def number(self) -> Optional[int]: ...
    @property
    def name(self) -> str: ...
    @property
    def severity(self) -> _Severity: ...
    @property
    def position(self) -> _ClaimPosition: ...
    @property
    def index(self) -> Optional[int]: ...
    @property
    def code(self) -> Optional[str]: ...
    @property
    def message(self) -> str: ...
    def to_dict(self) -> dict[str, Any]: ...

@final
class Icd10PcsCode(AnyCode):
    """An ICD-10-PCS code, or a level of the hierarchy above codes."""

    @property
    def level(self) -> _PcsLevel: ...
    def valid_codes_on(self, date: _DateArg = None) -> int: ...
    @property
    def axes(self) -> list[Icd10PcsAxis]: ...
    @property
    def section(self) -> Optional[str]: ...

@final
class Icd10PcsAxis:
    """One character of an ICD-10-PCS code, decoded."""

    @property
    def position(self) -> int: ...
    @property
    def value(self) -> str: ...
    @property
    def axis(self) -> str: ...
    @property
    def label(self) -> Optional[str]: ...
    @property
    def definition(self) -> Optional[str]: ...
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    __hash__: None  # type: ignore[assignment]

@final
class HcpcsCode(AnyCode):
    """An HCPCS Level II code."""

    @property
    def section(self) -> Optional[HcpcsSection]: ...
    @property
    def is_dental(self) -> bool: ...
    def status_indicator_on(self, date: _DateArg = None) -> Optional[str]: ...

@final
class HcpcsSection:
    """A section of HCPCS Level II: the first letter of its codes."""

    @property
    def letter(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def is_temporary(self) -> bool: ...
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    def __hash__(self) -> int: ...

@final
class HcpcsModifier:
    """A modifier some quarter of the data lists."""

    @property
    def code(self) -> str: ...
    @property
    def is_cpt(self) -> bool: ...
    @property
    def validity(self) -> list[ValidityRange]: ...
    def is_valid_on(self, date: _DateArg = None) -> bool: ...
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    def __hash__(self) -> int: ...

@final
class LineFinding:
    """One problem of a claim line (hcpcs.check_line)."""

    @property
    def kind(self) -> _LineFindingKind: ...
    @property
    def subject(self) -> str: ...
    @property
    def message(self) -> str: ...
    @property
    def error(self) -> Optional[CodeValidationError]: ...
    def to_dict(self) -> dict[str, Any]: ...

@final
class HcpcsRecord:
    """One code or modifier of a loaded CMS HCPCS file, every field of the layout."""

    @property
    def code(self) -> str: ...
    @property
    def line(self) -> Optional[int]: ...
    @property
    def row(self) -> Optional[int]: ...
    @property
    def sequence(self) -> Optional[int]: ...
    @property
    def record_id(self) -> str: ...
    @property
    def long_description(self) -> str: ...
    @property
    def short_description(self) -> str: ...
    @property
    def pricing_indicators(self) -> list[str]: ...
    @property
    def multiple_pricing_indicator(self) -> Optional[str]: ...
    @property
    def coverage_issues_manual(self) -> list[str]: ...
    @property
    def carriers_manual(self) -> list[str]: ...
    @property
    def statute(self) -> Optional[str]: ...
    @property
    def lab_certifications(self) -> list[str]: ...
    @property
    def cross_references(self) -> list[str]: ...
    @property
    def coverage(self) -> Optional[str]: ...
    @property
    def asc_payment_group(self) -> Optional[str]: ...
    @property
    def asc_effective_date(self) -> Optional[datetime.date]: ...
    @property
    def mog_payment_group(self) -> Optional[str]: ...
    @property
    def mog_payment_policy_indicator(self) -> Optional[str]: ...
    @property
    def mog_effective_date(self) -> Optional[datetime.date]: ...
    @property
    def processing_note(self) -> Optional[str]: ...
    @property
    def betos(self) -> Optional[str]: ...
    @property
    def types_of_service(self) -> list[str]: ...
    @property
    def anesthesia_base_units(self) -> Optional[int]: ...
    @property
    def add_date(self) -> Optional[datetime.date]: ...
    @property
    def action_effective_date(self) -> Optional[datetime.date]: ...
    @property
    def termination_date(self) -> Optional[datetime.date]: ...
    @property
    def action(self) -> Optional[str]: ...
    @property
    def is_modifier(self) -> bool: ...
    @property
    def is_dental(self) -> bool: ...
    @property
    def is_cpt(self) -> bool: ...
    def is_active_on(self, date: _DateArg = None) -> bool: ...
    def to_dict(self) -> dict[str, Any]: ...

@final
class HcpcsFileDifferences:
    """Where the built-in tables and a loaded file disagree on a date."""

    @property
    def date(self) -> Optional[datetime.date]: ...
    @property
    def only_in_file(self) -> list[str]: ...
    @property
    def only_built_in(self) -> list[str]: ...
    @property
    def short_descriptors(self) -> list[tuple[str, str, str]]: ...
    @property
    def is_empty(self) -> bool: ...

@final
class HcpcsWithFile:
    """A CMS HCPCS file loaded over the built-in tables."""

    def record(self, code: str) -> Optional[HcpcsRecord]: ...
    def records(self) -> list[HcpcsRecord]: ...
    def long_description(self, code: str) -> Optional[str]: ...
    def reason(self, code: str, date: _DateArg = None) -> Any: ...
    def is_valid(self, code: str, date: _DateArg = None) -> bool: ...
    def differences(self, date: _DateArg = None) -> HcpcsFileDifferences: ...
    @property
    def format(self) -> Literal["text", "xlsx"]: ...
    @property
    def preamble(self) -> list[str]: ...
    def __contains__(self, key: object, /) -> bool: ...
    def __len__(self) -> int: ...

@final
class CptClass:
    """What a CPT code's number tells without any file: category and section."""

    @property
    def code(self) -> str: ...
    @property
    def category(self) -> _CptCategory: ...
    @property
    def category_name(self) -> str: ...
    @property
    def section(self) -> Optional[_CptSection]: ...
    @property
    def section_name(self) -> Optional[str]: ...
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    def __hash__(self) -> int: ...

@final
class CptEntry:
    """One code of a loaded CPT file."""

    @property
    def code(self) -> str: ...
    @property
    def descriptor(self) -> Optional[str]: ...
    @property
    def short_descriptor(self) -> Optional[str]: ...
    @property
    def concept_id(self) -> Optional[str]: ...
    @property
    def start(self) -> Optional[datetime.date]: ...
    @property
    def end(self) -> Optional[datetime.date]: ...
    @property
    def line(self) -> int: ...
    @property
    def classification(self) -> CptClass: ...

@final
class Cpt:
    """A licensed CPT code list loaded from a file."""

    def lookup(self, code: str) -> CptEntry: ...
    def validate(self, code: str, date: _DateArg = None) -> CptEntry: ...
    def reason(self, code: Optional[str], date: _DateArg = None) -> Any: ...
    def is_valid(self, code: Optional[str], date: _DateArg = None) -> bool: ...
    def descriptor(self, code: str) -> Optional[str]: ...
    def codes(self) -> list[CptEntry]: ...
    def codes_valid_on(self, date: _DateArg = None) -> list[CptEntry]: ...
    @property
    def coverage(self) -> tuple[Optional[datetime.date], Optional[datetime.date]]: ...
    @property
    def layout(self) -> dict[str, Any]: ...
    def __len__(self) -> int: ...
    def __contains__(self, key: object, /) -> bool: ...

# Functions ------------------------------------------------------------------------------

def data_sources() -> list[DataSource]: ...
def today() -> datetime.date: ...
def date_of(date: object) -> Optional[datetime.date]: ...
def error_class(kind: int) -> type[CodeValidationError]: ...
def normalize(system: str, code: str, compact: bool = False) -> Optional[str]: ...
def lookup(system: str, code: str) -> AnyCode: ...
def validate(system: str, code: str, date: _DateArg = None) -> AnyCode: ...
def reason(system: str, code: str, date: _DateArg = None) -> Any: ...
def is_valid(system: str, code: str, date: _DateArg = None) -> bool: ...
def title(system: str, code: str, date: _DateArg = None, short: bool = False) -> Optional[str]: ...
def coverage(system: str) -> tuple[datetime.date, datetime.date]: ...
def releases(system: str) -> list[Release]: ...
def release_on(system: str, date: _DateArg = None) -> Optional[Release]: ...
def title_sources(system: str) -> list[TitleSource]: ...
def codes(system: str) -> list[AnyCode]: ...
def codes_valid_on(system: str, date: _DateArg = None) -> list[AnyCode]: ...
def codes_starting_with(system: str, prefix: str) -> list[AnyCode]: ...
def detect(code: str) -> list[str]: ...
def search(query: str, limit: int = 50, date: _DateArg = None) -> list[Icd10CmCode]: ...
def notes_source() -> TitleSource: ...
def chapters() -> list[Chapter]: ...
def chapter(number: int) -> Optional[Chapter]: ...
def block(range: str) -> Optional[Block]: ...
def check_encounter(codes: Iterable[str], date: _DateArg = None) -> list[EncounterFinding]: ...
def sections() -> list[Icd10PcsCode]: ...
def _set_memo(on: bool) -> None: ...
def column_reasons(system: str, codes: object, date: object = None, nulls: Optional[tuple[object, ...]] = None) -> Column: ...
def column_valid(system: str, codes: object, date: object = None, nulls: Optional[tuple[object, ...]] = None) -> Column: ...
def column_normalize(system: str, codes: object, compact: bool = False, nulls: Optional[tuple[object, ...]] = None) -> Column: ...
def column_titles(system: str, codes: object, date: object = None, short: bool = False, nulls: Optional[tuple[object, ...]] = None) -> Column: ...
def column_ancestors(system: str, codes: object, length: int, nulls: Optional[tuple[object, ...]] = None) -> Column: ...
def column_categories(codes: object, nulls: Optional[tuple[object, ...]] = None) -> Column: ...
def column_blocks(codes: object, nulls: Optional[tuple[object, ...]] = None) -> Column: ...
def column_chapters(codes: object, nulls: Optional[tuple[object, ...]] = None) -> Column: ...
def column_systems(codes: object, nulls: Optional[tuple[object, ...]] = None) -> Column: ...
def claims_check(claim: object, coding_rules: bool = False) -> list[Union[ClaimFinding, EncounterFinding]]: ...
def claims_check_table(
    dates: object,
    ages: object,
    sex: object,
    status: Optional[object],
    los: Optional[object],
    claim_ids: Optional[object],
    code_claims: object,
    kind: object,
    position: Optional[object],
    code: object,
    poa: Optional[object],
) -> tuple[bytes, bytes, bytes, bytes, Column, Column]: ...
def mce_edits() -> list[tuple[str, Optional[int], str, str]]: ...
HCC_MODELS: tuple[str, ...]
HCC_DEFAULT_MODEL: str
HCC_DEFAULT_PAYMENT_YEAR: int
HCC_DEFAULT_SEGMENT: str
def hcc_variables(model: object, year: object) -> tuple[list[str], list[str], list[str]]: ...
def hcc_payment_years(model: object) -> list[int]: ...
def hcc_column(codes: object, model: object, year: object, nulls: Optional[tuple[object, ...]] = None) -> tuple[bytes, bytes, Optional[bytes]]: ...
def hcc_patients(
    patients: object, codes: object, model: object, year: object, nulls: Optional[tuple[object, ...]] = None
) -> tuple[bytes, bytes]: ...
def hcc_score(
    codes: object, model: object, year: object, segment: object, sex: object, age: object, orec: object, medicaid: object
) -> tuple[str, float, float, float, list[tuple[str, str, float]]]: ...
def elixhauser_measures() -> list[tuple[str, str, bool, int, int]]: ...
def elixhauser_table(
    patients: object, codes: object, poa: Optional[object] = None, nulls: Optional[tuple[object, ...]] = None
) -> tuple[bytes, bytes, bytes, bytes]: ...
def charlson_conditions() -> list[tuple[str, str, int, int]]: ...
def charlson_table(patients: object, codes: object, nulls: Optional[tuple[object, ...]] = None) -> tuple[bytes, bytes, bytes, bytes]: ...
def hcpcs_sections() -> list[HcpcsSection]: ...
def hcpcs_modifier(modifier: str) -> Optional[HcpcsModifier]: ...
def hcpcs_modifiers(date: _DateArg = None) -> list[HcpcsModifier]: ...
def hcpcs_check_line(code: str, modifiers: Optional[Iterable[str]] = None, date: _DateArg = None) -> list[LineFinding]: ...
def hcpcs_with_file(path_or_bytes: Union[str, os.PathLike[str], bytes, bytearray, memoryview]) -> HcpcsWithFile: ...
def cpt_normalize(code: Optional[str]) -> Optional[str]: ...
def cpt_classify(code: str) -> CptClass: ...
def cpt_with_file(
    path_or_bytes: Union[str, os.PathLike[str], bytes, bytearray, memoryview],
    valid_from: _DateArg = None,
    valid_to: _DateArg = None,
) -> Cpt: ...

# Ranked search (medcodes.search; bindings-python/src/search.rs).

class SearchError(MedcodesError):
    """A search refused (a bad limit, offset or system id, a query too long, a date outside
    every system's data)."""

    kind: Literal["query_too_long", "date_out_of_range", "limit", "offset", "system", "other"]
    message: str
    value: Any
    bytes: Optional[int]
    words: Optional[int]
    date: Optional[datetime.date]
    coverage: Optional[list[tuple[str, datetime.date, datetime.date]]]
    system: Optional[str]

@final
class SearchHit:
    """One code found."""

    @property
    def system(self) -> _CodeSystemId: ...
    @property
    def code(self) -> str: ...
    @property
    def score(self) -> float: ...
    @property
    def kind(self) -> Any: ...
    @property
    def billable(self) -> bool: ...
    @property
    def title(self) -> Optional[str]: ...
    @property
    def field(self) -> _SearchField: ...
    @property
    def text(self) -> str: ...
    @property
    def spans(self) -> list[tuple[int, int]]: ...

@final
class SystemSearched:
    """How one system was searched."""

    @property
    def system(self) -> _CodeSystemId: ...
    @property
    def searched(self) -> bool: ...
    @property
    def date(self) -> Optional[datetime.date]: ...
    @property
    def note(self) -> Optional[str]: ...

@final
class SearchResults:
    """A page of hits, the total over all pages and how each system was searched."""

    @property
    def hits(self) -> list[SearchHit]: ...
    @property
    def total(self) -> int: ...
    @property
    def offset(self) -> int: ...
    @property
    def systems(self) -> list[SystemSearched]: ...
    def __len__(self) -> int: ...
    def __getitem__(self, i: int, /) -> SearchHit: ...
    def __iter__(self) -> Iterator[SearchHit]: ...

def ranked_search(
    query: str,
    *,
    systems: Union[str, Iterable[str], None] = None,
    date: _DateArg = None,
    limit: int = 10,
    offset: int = 0,
    prefix_last_word: bool = False,
    any_release: bool = False,
) -> SearchResults: ...

# A CMS release loaded over the built-in tables (release.rs).

class ReleaseError(MedcodesError):
    """A CMS release that cannot be loaded; the attributes the kind lacks are None."""

    kind: _ReleaseErrorKind
    message: str
    file: Optional[str]
    line: Optional[int]
    field: Optional[str]
    value: Optional[str]
    expected: Optional[str]
    code: Optional[str]
    path: Optional[str]
    detail: Optional[str]

@final
class ReleaseCode:
    """A code as the code set with a loaded release sees it."""

    @property
    def code(self) -> str: ...
    @property
    def in_release(self) -> bool: ...
    @property
    def in_built_in(self) -> bool: ...
    @property
    def title(self) -> Optional[str]: ...
    @property
    def short_title(self) -> Optional[str]: ...
    @property
    def title_source(self) -> Optional[str]: ...
    @property
    def title_from_release(self) -> bool: ...

@final
class Icd10CmWithRelease:
    """ICD-10-CM with a CMS release loaded over the built-in tables."""

    @property
    def file(self) -> str: ...
    @property
    def fiscal_year(self) -> int: ...
    @property
    def effective(self) -> datetime.date: ...
    @property
    def role(self) -> Literal["update", "titles"]: ...
    @property
    def codes(self) -> int: ...
    @property
    def billable(self) -> int: ...
    def coverage(self) -> tuple[datetime.date, datetime.date]: ...
    def reason(self, code: str, date: _DateArg = None) -> Any: ...
    def is_valid(self, code: str, date: _DateArg = None) -> bool: ...
    def validate(self, code: str, date: _DateArg = None) -> ReleaseCode: ...
    def lookup(self, code: str) -> ReleaseCode: ...
    def title(self, code: str, date: _DateArg = None) -> Optional[str]: ...
    def title_with_source(self, code: str, date: _DateArg = None) -> Optional[dict[str, Any]]: ...
    def differences(self) -> dict[str, Any]: ...
    @property
    def tabular(self) -> Optional[str]: ...
    @property
    def addenda(self) -> Optional[dict[str, int]]: ...
    def notes(self, code: str, date: _DateArg = None) -> list[dict[str, Any]]: ...
    def seventh_characters(self, code: str, date: _DateArg = None) -> Optional[dict[str, Any]]: ...

@final
class Icd10PcsWithRelease:
    """ICD-10-PCS with a CMS release (its order file) loaded over the built-in tables."""

    @property
    def file(self) -> str: ...
    @property
    def fiscal_year(self) -> int: ...
    @property
    def effective(self) -> datetime.date: ...
    @property
    def role(self) -> Literal["update", "titles"]: ...
    @property
    def codes(self) -> int: ...
    @property
    def billable(self) -> int: ...
    def coverage(self) -> tuple[datetime.date, datetime.date]: ...
    def reason(self, code: str, date: _DateArg = None) -> Any: ...
    def is_valid(self, code: str, date: _DateArg = None) -> bool: ...
    def validate(self, code: str, date: _DateArg = None) -> ReleaseCode: ...
    def lookup(self, code: str) -> ReleaseCode: ...
    def title(self, code: str, date: _DateArg = None) -> Optional[str]: ...
    def title_with_source(self, code: str, date: _DateArg = None) -> Optional[dict[str, Any]]: ...
    def differences(self) -> dict[str, Any]: ...

def icd10pcs_load_release(
    path_or_bytes: Union[str, os.PathLike[str], bytes, bytearray, memoryview],
    name: Optional[str] = None,
    effective: _DateArg = None,
) -> Icd10PcsWithRelease: ...

def icd10cm_load_release(
    path_or_bytes: Union[str, os.PathLike[str], bytes, bytearray, memoryview],
    name: Optional[str] = None,
    effective: _DateArg = None,
) -> Icd10CmWithRelease: ...

__all__ += ["Icd10CmWithRelease", "ReleaseCode", "ReleaseError", "icd10cm_load_release"]
__all__ += ["Icd10PcsWithRelease", "icd10pcs_load_release"]
__all__ += [
    "HCC_DEFAULT_MODEL",
    "HCC_DEFAULT_PAYMENT_YEAR",
    "HCC_DEFAULT_SEGMENT",
    "HCC_MODELS",
    "charlson_conditions",
    "charlson_table",
    "elixhauser_measures",
    "elixhauser_table",
    "hcc_column",
    "hcc_patients",
    "hcc_payment_years",
    "hcc_score",
    "hcc_variables",
]
