"""ICD-10-CM diagnosis codes by date of service (FY2016, 2015-10-01, onward)."""

import os
from typing import Optional, Union

from ._codeset import *
from ._codeset import _DateArg
from ._medcodes import Icd10CmCode as Icd10CmCode
from ._medcodes import block as block
from ._medcodes import chapter as chapter
from ._medcodes import chapters as chapters
from ._medcodes import check_encounter as check_encounter
from ._medcodes import notes_source as notes_source
from ._medcodes import search as search
from ._medcodes import Icd10CmWithRelease as Icd10CmWithRelease
from ._medcodes import ReleaseCode as ReleaseCode

def lookup(code: str) -> Icd10CmCode: ...
def validate(code: str, date: _DateArg = None) -> Icd10CmCode: ...
def codes() -> list[Icd10CmCode]: ...
def codes_valid_on(date: _DateArg = None) -> list[Icd10CmCode]: ...
def codes_starting_with(prefix: str) -> list[Icd10CmCode]: ...
def load_release(
    path_or_bytes: Union[str, os.PathLike[str], bytes, bytearray, memoryview],
    name: Optional[str] = None,
    effective: _DateArg = None,
) -> Icd10CmWithRelease: ...

__all__ = ["Icd10CmCode", "block", "chapter", "chapters", "check_encounter", "notes_source", "search"]
__all__ += ["codes", "codes_starting_with", "codes_valid_on", "lookup", "validate"]
__all__ += ["coverage", "is_valid", "normalize", "reason", "release_on", "releases", "title", "title_sources"]
__all__ += ["Icd10CmWithRelease", "ReleaseCode", "load_release"]
