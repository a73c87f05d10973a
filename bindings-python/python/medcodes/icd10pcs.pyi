"""ICD-10-PCS inpatient procedure codes by date of service (FY2016, 2015-10-01, onward)."""

import datetime
from typing import Optional, Union, overload

import numpy as np
import numpy.typing as npt
import polars as pl
import pyarrow as pa
from typing_extensions import TypeAlias

from . import ReasonKind
from ._medcodes import PcsAxis as PcsAxis
from ._medcodes import PcsCode as PcsCode
from ._medcodes import pcs_codes_starting_with as codes_starting_with
from ._medcodes import pcs_codes_valid_on as codes_valid_on
from ._medcodes import pcs_coverage as coverage
from ._medcodes import pcs_lookup as lookup
from ._medcodes import pcs_release_on as release_on
from ._medcodes import pcs_releases as releases
from ._medcodes import pcs_sections as sections
from ._medcodes import pcs_validate as validate
from .icd10cm import _ArrowLike, _NumpyStrings, _Pandas, _PySeq

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

Code = PcsCode
Axis = PcsAxis

_DateArg: TypeAlias = Union[datetime.date, str, None]

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
def normalize(codes: str) -> Optional[str]: ...
@overload
def normalize(codes: None) -> None: ...
@overload
def normalize(codes: _PySeq) -> list[Optional[str]]: ...
@overload
def normalize(codes: _NumpyStrings) -> npt.NDArray[np.object_]: ...
@overload
def normalize(codes: pl.Series) -> pl.Series: ...
@overload
def normalize(codes: _ArrowLike) -> pa.Array: ...
@overload
def normalize(codes: _Pandas) -> npt.NDArray[np.object_]: ...
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
