"""medcodes on a Spark cluster (see the module)."""

import datetime
from typing import Any, Optional, Union

ARROW_UDF: bool
CLAIM_COLUMNS: tuple[str, ...]

_Col = Any  # a column name or a pyspark.sql.Column
_SparkDate = Union[_Col, datetime.date, None]

def is_valid(code: _Col, date: _SparkDate = None, *, system: str = "icd10cm") -> Any: ...
def reason(code: _Col, date: _SparkDate = None, *, system: str = "icd10cm") -> Any: ...
def title(code: _Col, date: _SparkDate = None, *, short: bool = False, system: str = "icd10cm") -> Any: ...
def normalize(code: _Col, *, compact: bool = False, system: str = "icd10cm") -> Any: ...
def ancestor(code: _Col, length: int, *, system: str = "icd10cm") -> Any: ...
def category(code: _Col) -> Any: ...
def block(code: _Col) -> Any: ...
def chapter(code: _Col) -> Any: ...
def system(code: _Col) -> Any: ...
def register(spark: Any, *, system: str = "icd10cm", prefix: str = "medcodes_") -> list[str]: ...
def findings_schema(claim_id_type: Any) -> Any: ...
def check_claims(df: Any) -> Any: ...

__all__ = [
    "ARROW_UDF",
    "CLAIM_COLUMNS",
    "ancestor",
    "block",
    "category",
    "chapter",
    "check_claims",
    "findings_schema",
    "is_valid",
    "normalize",
    "reason",
    "register",
    "system",
    "title",
]
