"""CPT: the structure of the codes, and a licensed CPT data file you bring."""

import os
from typing import Final, Optional, Union

from ._medcodes import Cpt as Cpt
from ._medcodes import CptClass as CptClass
from ._medcodes import CptCodeError as CptCodeError
from ._medcodes import CptEntry as CptEntry
from ._medcodes import CptFileError as CptFileError
from ._medcodes import CptValidationError as CptValidationError
from ._medcodes import _CptCategory, _CptSection, _DateArg

CATEGORIES: Final[tuple[_CptCategory, ...]]
SECTIONS: Final[tuple[_CptSection, ...]]

def normalize(code: Optional[str]) -> Optional[str]: ...
def classify(code: str) -> CptClass: ...
def with_file(
    path_or_bytes: Union[str, os.PathLike[str], bytes, bytearray, memoryview],
    valid_from: _DateArg = None,
    valid_to: _DateArg = None,
) -> Cpt: ...

__all__ = ["CATEGORIES", "Cpt", "CptClass", "CptCodeError", "CptEntry", "CptFileError", "CptValidationError"]
__all__ += ["SECTIONS", "classify", "with_file", "normalize"]
