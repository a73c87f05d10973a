"""The General Equivalence Mappings (GEMs) between ICD-9-CM and ICD-10."""

from ._medcodes import GemError as GemError
from ._medcodes import GemFileError as GemFileError
from ._medcodes import GemMapping as GemMapping
from ._medcodes import Gems as Gems
from ._medcodes import GemTarget as GemTarget

def map(code: str, to: str) -> GemMapping: ...
def load(text: str, to: str, release: str) -> Gems: ...

__all__ = ["GemError", "GemFileError", "GemMapping", "GemTarget", "Gems", "load", "map"]
