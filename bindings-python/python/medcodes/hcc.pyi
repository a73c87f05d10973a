"""CMS-HCC risk adjustment: ICD-10-CM diagnoses to hierarchical condition categories."""

from typing import Any, Final, Optional, TypeVar, Union, overload

import numpy as np
import numpy.typing as npt
import pandas as pd
import polars as pl
import pyarrow as pa

from ._codeset import _ArrowLike, _NumpyStrings, _Pandas, _PySeq
from ._medcodes import HccError as HccError

__all__ = [
    "DEFAULT_MODEL",
    "DEFAULT_SEGMENT",
    "DEFAULT_YEAR",
    "MODELS",
    "HccError",
    "RiskScore",
    "categories",
    "label",
    "patients_categories",
    "payment_years",
    "score",
]

MODELS: tuple[str, ...]
DEFAULT_MODEL: Final[str]
DEFAULT_SEGMENT: Final[str]
DEFAULT_YEAR: Final[int]

def payment_years(model: str = "v28") -> list[int]: ...
def label(category: str, *, model: str = "v28", year: int = 2026) -> str: ...
@overload
def categories(codes: str, *, model: str = "v28", year: int = 2026) -> list[str]: ...
@overload
def categories(codes: None, *, model: str = "v28", year: int = 2026) -> None: ...
@overload
def categories(codes: _PySeq, *, model: str = "v28", year: int = 2026) -> list[Optional[list[str]]]: ...
@overload
def categories(codes: _NumpyStrings, *, model: str = "v28", year: int = 2026) -> npt.NDArray[np.object_]: ...
@overload
def categories(codes: pl.Series, *, model: str = "v28", year: int = 2026) -> pl.Series: ...
@overload
def categories(codes: _ArrowLike, *, model: str = "v28", year: int = 2026) -> Union[pa.Array, pa.ChunkedArray]: ...
@overload
def categories(codes: _Pandas, *, model: str = "v28", year: int = 2026) -> npt.NDArray[np.object_]: ...

_Frame = TypeVar("_Frame", pl.DataFrame, pa.Table, pd.DataFrame)

@overload
def patients_categories(table: _Frame, *, model: str = "v28", year: Optional[int] = None) -> _Frame: ...
@overload
def patients_categories(table: object, *, model: str = "v28", year: Optional[int] = None) -> pa.Table: ...

class RiskScore:
    segment: str
    score: float
    disease_score: float
    demographic_score: float
    variables: list[tuple[str, str, float]]
    def __init__(
        self,
        segment: str,
        score: float,
        disease_score: float,
        demographic_score: float,
        variables: list[tuple[str, str, float]],
    ) -> None: ...

def score(
    codes: Union[str, list[str], tuple[str, ...]],
    *,
    sex: str,
    age: int,
    segment: str = "CNA",
    orec: int = 0,
    medicaid: bool = False,
    model: str = "v28",
    year: int = 2026,
) -> RiskScore: ...
def _pyarrow() -> tuple[Any, Any]: ...
def _as_table(pa: Any, obj: object) -> tuple[pa.Table, str]: ...
def _patients(pa: Any, pc: Any, table: pa.Table) -> tuple[pa.Array, pa.Array]: ...
def _codes(pa: Any, pc: Any, table: pa.Table) -> pa.Array: ...
def _out(pa: Any, table: pa.Table, kind: str) -> Any: ...
