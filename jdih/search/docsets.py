"""Per-generation caches of document-number sets: visibility, facet values.

Whoosh would recompute a filter query and walk every posting for facet counts
on each search. Instead, once per index generation, we read each facet field's
postings into `value -> docs` sets and a `doc -> values` table; a search then
costs set intersections and one C-level Counter pass per facet.
"""

from __future__ import annotations

import threading
from collections import Counter
from itertools import chain

from .request import FACET_FIELDS
from .whoosh_schema import FACET_INDEX_FIELDS

#: How many values of a facet are returned (selected ones always are).
FACET_LIMIT = 50


def ranked_facet(facet: str, counts: dict, selected) -> list[tuple[object, int]]:
    """(value, count) most frequent first, at most FACET_LIMIT, plus every
    selected value (with 0 when nothing matches it), for both backends."""
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    shown = ranked[:FACET_LIMIT]
    selected = {str(v) for v in selected}
    shown += [item for item in ranked[FACET_LIMIT:] if item[0] in selected]
    shown += [(value, 0) for value in selected if value not in counts]
    if facet == "tahun":
        return [(int(value), count) for value, count in shown]
    return shown


class GenerationCache:
    """Sets derived from one reader generation. Shared by every searcher of
    that generation (document numbers are identical across them), so each
    method takes the caller's own open reader."""

    def __init__(self, doc_count: int):
        self._doc_count = doc_count
        self._lock = threading.Lock()
        self._term_docs: dict[tuple[str, str], frozenset] = {}
        self._values_by_doc: dict[str, list] = {}
        self._docs_by_value: dict[str, dict] = {}
        self._allowed: dict[tuple, frozenset] = {}

    def term_docs(self, reader, fieldname: str, text: str) -> frozenset:
        """Live documents holding a term (deleted ones are never listed)."""
        key = (fieldname, text)
        if key not in self._term_docs:
            docs = frozenset()
            if (fieldname, text) in reader:
                docs = frozenset(reader.postings(fieldname, text).all_ids())
            self._term_docs[key] = docs
        return self._term_docs[key]

    def allowed(self, reader, visibilities, include_unpublished: bool, kind) -> set:
        """Documents a reader may see: the filter under every other step."""
        key = (tuple(sorted(visibilities)), include_unpublished, kind)
        if key not in self._allowed:
            docs = set()
            for visibility in visibilities:
                docs |= self.term_docs(reader, "visibility", visibility)
            if not include_unpublished:
                docs &= self.term_docs(reader, "published", "1")
            if kind:
                docs &= self.term_docs(reader, "kind", kind)
            self._allowed[key] = docs  # a set: whoosh filters reject frozensets
        return self._allowed[key]

    def _load_facet(self, reader, facet: str) -> None:
        with self._lock:
            if facet in self._docs_by_value:
                return
            fieldname = FACET_INDEX_FIELDS[facet]
            values_by_doc = [()] * self._doc_count
            docs_by_value = {}
            for btext in reader.lexicon(fieldname):
                value = btext.decode("utf-8")
                docs = frozenset(reader.postings(fieldname, btext).all_ids())
                docs_by_value[value] = docs
                for docnum in docs:
                    values_by_doc[docnum] += (value,)
            self._values_by_doc[facet] = values_by_doc
            self._docs_by_value[facet] = docs_by_value

    def docs_with_values(self, reader, facet: str, values) -> set:
        """Documents having any of `values` in a facet (OR within a field)."""
        self._load_facet(reader, facet)
        by_value = self._docs_by_value[facet]
        docs = set()
        for value in values:
            docs |= by_value.get(str(value), frozenset())
        return docs

    def count(self, reader, facet: str, docs, selected=()) -> list[tuple[object, int]]:
        """(value, count) over `docs`, most frequent first."""
        self._load_facet(reader, facet)
        values_by_doc = self._values_by_doc[facet]
        counts = Counter(chain.from_iterable(map(values_by_doc.__getitem__, docs)))
        return ranked_facet(facet, counts, selected)


def facet_counts(cache: GenerationCache, reader, matched, selections: dict,
                 selected_values: dict, facets) -> dict:
    """Disjunctive facet counts: each field counted over the matches filtered
    by every *other* field's selection, so picking "UU" still shows how many
    "PP" there would be. `selections` maps facet -> selected docs."""
    result = {}
    for facet in facets:
        if facet not in FACET_FIELDS:
            continue
        docs = matched
        for other, other_docs in selections.items():
            if other != facet:
                docs = docs & other_docs
        result[facet] = cache.count(reader, facet, docs, selected_values.get(facet, ()))
    return result
