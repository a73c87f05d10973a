"""ICD-10-CM diagnosis codes by date of service (FY2016, 2015-10-01, onward)."""

import datetime
from typing import Optional, Protocol, Union, overload

import numpy as np
import numpy.typing as npt
import pandas as pd
import polars as pl
import pyarrow as pa
from typing_extensions import TypeAlias

from . import ReasonKind
from ._medcodes import codes_valid_on as codes_valid_on
from ._medcodes import block as block
from ._medcodes import check_encounter as check_encounter
from ._medcodes import chapter as chapter
from ._medcodes import chapters as chapters
from ._medcodes import codes as codes
from ._medcodes import codes_starting_with as codes_starting_with
from ._medcodes import coverage as coverage
from ._medcodes import lookup as lookup
from ._medcodes import notes_source as notes_source
from ._medcodes import release_on as release_on
from ._medcodes import releases as releases
from ._medcodes import search as search
from ._medcodes import title_sources as title_sources
from ._medcodes import validate as validate

__all__ = [
    "codes_valid_on",
    "block",
    "chapter",
    "check_encounter",
    "chapters",
    "codes",
    "codes_starting_with",
    "coverage",
    "is_billable",
    "is_valid",
    "lookup",
    "normalize",
    "notes_source",
    "reason",
    "release_on",
    "releases",
    "search",
    "title",
    "title_sources",
    "validate",
]

_DateArg: TypeAlias = Union[datetime.date, str, None]

class _ArrowArrayExportable(Protocol):
    def __arrow_c_array__(self, requested_schema: Optional[object] = None) -> tuple[object, object]: ...

class _ArrowStreamExportable(Protocol):
    def __arrow_c_stream__(self, requested_schema: Optional[object] = None) -> object: ...

# Overload order: typed containers first; pandas and pyarrow come without type information
# unless pandas-stubs / pyarrow-stubs are installed, so their overloads come last.
_PySeq: TypeAlias = Union[list[Optional[str]], tuple[Optional[str], ...]]
_NumpyStrings: TypeAlias = Union[npt.NDArray[np.str_], npt.NDArray[np.bytes_], npt.NDArray[np.object_]]
_ArrowLike: TypeAlias = Union[_ArrowArrayExportable, _ArrowStreamExportable]
_Pandas: TypeAlias = Union[pd.Series, pd.Index]

@overload
def is_valid(codes: str, date: _DateArg = None) -> bool: ...
@overload
def is_valid(codes: None, date: _DateArg = None) -> bool: ...
@overload
def is_valid(codes: _PySeq, date: _DateArg = None) -> list[bool]: ...
@overload
def is_valid(codes: _NumpyStrings, date: _DateArg = None) -> npt.NDArray[np.bool_]: ...
@overload
def is_valid(codes: pl.Series, date: _DateArg = None) -> pl.Series: ...
@overload
def is_valid(codes: _ArrowLike, date: _DateArg = None) -> pa.Array: ...
@overload
def is_valid(codes: _Pandas, date: _DateArg = None) -> npt.NDArray[np.bool_]: ...
@overload
def is_billable(codes: str, date: _DateArg = None) -> bool: ...
@overload
def is_billable(codes: None, date: _DateArg = None) -> bool: ...
@overload
def is_billable(codes: _PySeq, date: _DateArg = None) -> list[bool]: ...
@overload
def is_billable(codes: _NumpyStrings, date: _DateArg = None) -> npt.NDArray[np.bool_]: ...
@overload
def is_billable(codes: pl.Series, date: _DateArg = None) -> pl.Series: ...
@overload
def is_billable(codes: _ArrowLike, date: _DateArg = None) -> pa.Array: ...
@overload
def is_billable(codes: _Pandas, date: _DateArg = None) -> npt.NDArray[np.bool_]: ...
@overload
def normalize(codes: str, *, dotted: bool = True) -> Optional[str]: ...
@overload
def normalize(codes: None, *, dotted: bool = True) -> None: ...
@overload
def normalize(codes: _PySeq, *, dotted: bool = True) -> list[Optional[str]]: ...
@overload
def normalize(codes: _NumpyStrings, *, dotted: bool = True) -> npt.NDArray[np.object_]: ...
@overload
def normalize(codes: pl.Series, *, dotted: bool = True) -> pl.Series: ...
@overload
def normalize(codes: _ArrowLike, *, dotted: bool = True) -> pa.Array: ...
@overload
def normalize(codes: _Pandas, *, dotted: bool = True) -> npt.NDArray[np.object_]: ...
@overload
def reason(codes: str, date: _DateArg = None) -> ReasonKind: ...
@overload
def reason(codes: None, date: _DateArg = None) -> None: ...
@overload
def reason(codes: _PySeq, date: _DateArg = None) -> list[Optional[ReasonKind]]: ...
@overload
def reason(codes: _NumpyStrings, date: _DateArg = None) -> npt.NDArray[np.int8]: ...
@overload
def reason(codes: pl.Series, date: _DateArg = None) -> pl.Series: ...
@overload
def reason(codes: _ArrowLike, date: _DateArg = None) -> pa.Array: ...
@overload
def reason(codes: _Pandas, date: _DateArg = None) -> npt.NDArray[np.int8]: ...
@overload
def title(codes: str, date: _DateArg = None, *, short: bool = False) -> Optional[str]: ...
@overload
def title(codes: None, date: _DateArg = None, *, short: bool = False) -> None: ...
@overload
def title(codes: _PySeq, date: _DateArg = None, *, short: bool = False) -> list[Optional[str]]: ...
@overload
def title(codes: _NumpyStrings, date: _DateArg = None, *, short: bool = False) -> npt.NDArray[np.object_]: ...
@overload
def title(codes: pl.Series, date: _DateArg = None, *, short: bool = False) -> pl.Series: ...
@overload
def title(codes: _ArrowLike, date: _DateArg = None, *, short: bool = False) -> pa.Array: ...
@overload
def title(codes: _Pandas, date: _DateArg = None, *, short: bool = False) -> npt.NDArray[np.object_]: ...
