"""ICD-10-PCS inpatient procedure codes by date of service (FY2016, 2015-10-01, onward)."""

import os
from typing import Optional, Union

from ._codeset import *
from ._codeset import _DateArg
from ._medcodes import Icd10PcsAxis as Icd10PcsAxis
from ._medcodes import Icd10PcsCode as Icd10PcsCode
from ._medcodes import Icd10PcsWithRelease as Icd10PcsWithRelease
from ._medcodes import sections as sections

def lookup(code: str) -> Icd10PcsCode: ...
def validate(code: str, date: _DateArg = None) -> Icd10PcsCode: ...
def codes() -> list[Icd10PcsCode]: ...
def codes_valid_on(date: _DateArg = None) -> list[Icd10PcsCode]: ...
def codes_starting_with(prefix: str) -> list[Icd10PcsCode]: ...
def load_release(
    path_or_bytes: Union[str, os.PathLike[str], bytes, bytearray, memoryview],
    name: Optional[str] = None,
    effective: _DateArg = None,
) -> Icd10PcsWithRelease: ...

__all__ = ["Icd10PcsAxis", "Icd10PcsCode", "Icd10PcsWithRelease", "load_release", "sections"]
__all__ += ["codes", "codes_starting_with", "codes_valid_on", "lookup", "validate"]
__all__ += ["coverage", "is_valid", "normalize", "reason", "release_on", "releases", "title", "title_sources"]
