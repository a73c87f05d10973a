"""The native module (pyo3). Use the `medcodes` package, which wraps it."""

import datetime
from typing import Any, Final, Literal, Optional, Union, final

from typing_extensions import TypeAlias

_DateArg: TypeAlias = Union[datetime.date, str, None]
_CodeKind: TypeAlias = Literal["category", "subcategory", "code"]

__version__: Final[str]
__all__ = [
    "Block",
    "Chapter",
    "Code",
    "CodeRef",
    "CodeTooLongError",
    "CodeValidationError",
    "Column",
    "DataSource",
    "DateError",
    "DateOutOfRangeError",
    "EmptyCodeError",
    "IncompleteCodeError",
    "MalformedCodeError",
    "MedcodesError",
    "MissingPlaceholderError",
    "MissingSeventhCharacterError",
    "Note",
    "NotBillableError",
    "NotValidOnDateError",
    "REASON_NAMES",
    "Release",
    "SeventhCharacterDef",
    "SeventhCharacterNotAllowedError",
    "TitleSource",
    "UnexpectedSeventhCharacterError",
    "UnknownCodeError",
    "ValidityRange",
    "ValiditySpan",
    "__version__",
    "_set_memo",
    "billable_codes_on",
    "billable_column",
    "block",
    "chapter",
    "chapters",
    "codes",
    "codes_starting_with",
    "coverage",
    "data_sources",
    "error_class",
    "is_billable",
    "is_valid",
    "lookup",
    "normalize",
    "normalize_column",
    "notes_source",
    "reason",
    "reasons_column",
    "release_on",
    "releases",
    "title",
    "title_column",
    "title_sources",
    "today",
    "valid_column",
    "validate",
]
REASON_NAMES: Final[tuple[str, ...]]

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

class DateError(MedcodesError):
    """A date that could not be read or does not exist."""

    input: str
    kind: Literal["malformed", "invalid", "other"]
    reason: str
    message: str

# Types ----------------------------------------------------------------------------------

@final
class Code:
    """An ICD-10-CM code or header (category, subcategory) from the bundled data."""

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
    @property
    def billable(self) -> bool: ...
    def is_billable_on(self, date: _DateArg = None) -> bool: ...
    def is_present_on(self, date: _DateArg = None) -> bool: ...
    @property
    def kind(self) -> _CodeKind: ...
    def kind_on(self, date: _DateArg = None) -> _CodeKind: ...
    @property
    def parent(self) -> Optional[Code]: ...
    @property
    def ancestors(self) -> list[Code]: ...
    @property
    def children(self) -> list[Code]: ...
    @property
    def descendants(self) -> list[Code]: ...
    @property
    def block(self) -> Optional[Block]: ...
    @property
    def chapter(self) -> Optional[Chapter]: ...
    @property
    def validity(self) -> list[ValidityRange]: ...
    @property
    def validity_spans(self) -> list[ValiditySpan]: ...
    def mce_flags_on(self, date: _DateArg = None) -> Optional[list[str]]: ...
    @property
    def notes(self) -> list[Note]: ...
    @property
    def seventh_characters(self) -> Optional[SeventhCharacterDef]: ...
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    def __lt__(self, value: Code, /) -> bool: ...
    def __le__(self, value: Code, /) -> bool: ...
    def __gt__(self, value: Code, /) -> bool: ...
    def __ge__(self, value: Code, /) -> bool: ...
    def __hash__(self) -> int: ...
    def __reduce__(self) -> tuple[Any, tuple[str]]: ...

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
    def categories(self) -> list[Code]: ...
    @property
    def notes(self) -> list[Note]: ...
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    def __hash__(self) -> int: ...

@final
class Note:
    """An instructional note of the tabular list and where it sits."""

    @property
    def kind(self) -> str: ...
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
    def covers(self, code: Code) -> bool: ...
    def codes_on(self, date: _DateArg = None) -> list[Code]: ...

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

# Functions ------------------------------------------------------------------------------

def data_sources() -> list[DataSource]: ...
def today() -> datetime.date: ...
def error_class(kind: int) -> type[CodeValidationError]: ...
def normalize(code: str, dotted: bool = True) -> Optional[str]: ...
def lookup(code: str) -> Code: ...
def validate(code: str, date: _DateArg = None) -> Code: ...
def reason(code: str, date: _DateArg = None) -> Any: ...
def is_valid(code: str, date: _DateArg = None) -> bool: ...
def is_billable(code: str, date: _DateArg = None) -> bool: ...
def title(code: str, date: _DateArg = None, short: bool = False) -> Optional[str]: ...
def coverage() -> tuple[datetime.date, datetime.date]: ...
def releases() -> list[Release]: ...
def release_on(date: _DateArg = None) -> Optional[Release]: ...
def title_sources() -> list[TitleSource]: ...
def codes() -> list[Code]: ...
def codes_starting_with(prefix: str) -> list[Code]: ...
def notes_source() -> TitleSource: ...
def billable_codes_on(date: _DateArg = None) -> list[Code]: ...
def chapters() -> list[Chapter]: ...
def chapter(number: int) -> Optional[Chapter]: ...
def block(range: str) -> Optional[Block]: ...
def _set_memo(on: bool) -> None: ...
def reasons_column(codes: object, date: _DateArg = None, nulls: Optional[tuple[object, ...]] = None) -> Column: ...
def valid_column(codes: object, date: _DateArg = None, nulls: Optional[tuple[object, ...]] = None) -> Column: ...
def billable_column(codes: object, date: _DateArg = None, nulls: Optional[tuple[object, ...]] = None) -> Column: ...
def normalize_column(codes: object, dotted: bool = True, nulls: Optional[tuple[object, ...]] = None) -> Column: ...
def title_column(
    codes: object, date: _DateArg = None, short: bool = False, nulls: Optional[tuple[object, ...]] = None
) -> Column: ...
