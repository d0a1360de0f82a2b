"""Full-text search: Indonesian analysis, the query language and the index
backend. Plain Python: the Flask integration lives in service/views/commands.
"""

from .backend import (FACET_FIELDS, SORTS, VISIBILITIES, Hit, SearchBackend,
                      SearchRecord, SearchRequest, SearchResult)
from .plan import SearchPlan
from .whoosh_backend import WhooshBackend

__all__ = [
    "FACET_FIELDS", "SORTS", "VISIBILITIES", "Hit", "SearchBackend",
    "SearchPlan", "SearchRecord", "SearchRequest", "SearchResult", "WhooshBackend",
]
