"""What a search asks (plain Python, no Flask): the request the app builds
and the names of its facets, sorts and visibilities. query.plan_search()
turns a request into the plan (plan.py) a backend executes (backend.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .expansion import Vocabulary
from .limits import SearchLimits

#: Facet fields, in display order. Values are returned verbatim (as indexed).
FACET_FIELDS = ("doc_type", "jenis", "tahun", "status", "bidang", "subjects")

SORTS = ("relevance", "newest", "oldest")
VISIBILITIES = ("public", "partner", "internal")
MAX_PER_PAGE = 100


@dataclass
class SearchRequest:
    """One question. An empty query browses everything visible."""

    query: str = ""
    #: Facet selections: field (one of FACET_FIELDS) -> accepted values. Values
    #: of one field are OR-ed, different fields AND-ed.
    filters: dict[str, list] = field(default_factory=dict)
    #: Visibilities the reader may open, e.g. ("public",) for anonymous users.
    visibilities: tuple[str, ...] = ("public",)
    #: Only editors see unpublished drafts.
    include_unpublished: bool = False
    #: "relevance", "newest" or "oldest".
    sort: str = "relevance"
    page: int = 1
    per_page: int = 20
    #: Restrict to one kind ("document"/"news"); None for both.
    kind: str | None = None
    #: Facet fields to count; () skips facet counting (faster).
    facets: tuple[str, ...] = FACET_FIELDS
    #: Offer "Mungkin maksud Anda" when a word is unknown.
    suggest: bool = True
    #: What this search may cost (prefix length, expansions, time).
    limits: SearchLimits = field(default_factory=SearchLimits)
    #: Synonyms and question words applied to the query (expansion.py);
    #: None searches the words as typed.
    vocabulary: Vocabulary | None = None
    #: When every word must match and no document holds them all, answer
    #: the documents holding most of them (SearchResult.partial).
    #: (The app asks for it; a library caller gets the words as typed.)
    allow_partial: bool = False
