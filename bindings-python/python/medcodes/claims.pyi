"""Inpatient claim edits: the CMS Medicare Code Editor (MCE), by discharge date."""

from typing import Any, Literal, Optional, TypeVar, Union, overload

import pandas as pd
import polars as pl
import pyarrow as pa

from ._medcodes import ClaimFinding as ClaimFinding
from ._medcodes import ClaimInputError as ClaimInputError
from ._medcodes import EncounterFinding as EncounterFinding

__all__ = ["ClaimFinding", "ClaimInputError", "EncounterFinding", "check", "check_table"]

@overload
def check(claim: Optional[dict[str, Any]] = None, /, *, coding_rules: Literal[False] = False, **fields: Any) -> list[ClaimFinding]: ...
@overload
def check(
    claim: Optional[dict[str, Any]] = None, /, *, coding_rules: bool, **fields: Any
) -> list[Union[ClaimFinding, EncounterFinding]]: ...

_Frame = TypeVar("_Frame", pl.DataFrame, pa.Table, pd.DataFrame)

@overload
def check_table(claims: _Frame, codes: object) -> _Frame: ...
@overload
def check_table(claims: object, codes: object) -> pa.Table: ...
