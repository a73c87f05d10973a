"""Ranked search over every code set (``medcodes.search``): the core's ``medcodes::search``.

>>> import medcodes
>>> found = medcodes.search("heart attack", systems="icd10cm", date="2025-10-01", limit=3)
>>> found.hits[0].code, found.hits[0].kind
('I21.9', <MatchKind.EXACT: 'exact'>)
"""

import enum

from . import _medcodes
from ._medcodes import SearchError, SearchHit, SearchResults, SystemSearched

# The native name: `search` there is the ICD-10-CM module's older call.
search = _medcodes.ranked_search


class MatchKind(enum.Enum):
    """How a search hit matched, strongest first (the core's ``MatchKind``); ``str(kind)``
    is the core's name ('exact')."""

    #: The query is the code.
    CODE = "code"
    #: The query is the start of the code.
    CODE_PREFIX = "code_prefix"
    #: A title or inclusion term is the query (or the named header's general code).
    EXACT = "exact"
    #: Words of the query.
    WORDS = "words"

    def __str__(self) -> str:
        return str(self.value)


__all__ = ["MatchKind", "SearchError", "SearchHit", "SearchResults", "SystemSearched", "search"]
