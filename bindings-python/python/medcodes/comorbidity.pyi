"""Comorbidity indices per patient from a long table of diagnoses."""

from typing import TypeVar, overload

import pandas as pd
import polars as pl
import pyarrow as pa

from ._medcodes import ComorbidityError as ComorbidityError

__all__ = ["CHARLSON_CONDITIONS", "ELIXHAUSER_MEASURES", "ComorbidityError", "charlson", "elixhauser"]

ELIXHAUSER_MEASURES: tuple[str, ...]
CHARLSON_CONDITIONS: tuple[str, ...]

_Frame = TypeVar("_Frame", pl.DataFrame, pa.Table, pd.DataFrame)

@overload
def elixhauser(table: _Frame) -> _Frame: ...
@overload
def elixhauser(table: object) -> pa.Table: ...
@overload
def charlson(table: _Frame) -> _Frame: ...
@overload
def charlson(table: object) -> pa.Table: ...
