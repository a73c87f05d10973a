import enum

from ._medcodes import SearchError as SearchError
from ._medcodes import SearchHit as SearchHit
from ._medcodes import SearchResults as SearchResults
from ._medcodes import SystemSearched as SystemSearched
from ._medcodes import ranked_search as search

class MatchKind(enum.Enum):
    CODE = "code"
    CODE_PREFIX = "code_prefix"
    EXACT = "exact"
    WORDS = "words"

__all__ = ["MatchKind", "SearchError", "SearchHit", "SearchResults", "SystemSearched", "search"]
