"""Full-text search: Indonesian analysis, the query language and the index
backend. Plain Python: the Flask integration lives in service/views/commands.
"""

from .backend import Hit, SearchBackend, SearchRecord, SearchResult
from .plan import SearchPlan
from .request import FACET_FIELDS, SORTS, VISIBILITIES, SearchRequest
from .whoosh_backend import WhooshBackend

__all__ = [
    "FACET_FIELDS", "SORTS", "VISIBILITIES", "Hit", "SearchBackend",
    "SearchPlan", "SearchRecord", "SearchRequest", "SearchResult", "WhooshBackend",
]
