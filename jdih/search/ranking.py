"""Top-N without whoosh's collectors.

Whoosh's scoring collector costs ~10 µs per matching document (a matcher
tree walk, a column read for the field length, a heap push), so a common
word in 100k documents took most of a second to rank. Here the page of hits
is chosen from document-number sets the backend already has:

* sorting by date: one cached sort key per document, heapq over the matches;
* relevance for plain word queries (the common case): BM25 exactly as
  whoosh's BM25F computes it (content field, plus the boosted small fields),
  summed over posting blocks read whole, with per-segment field-length
  tables cached for the segment's lifetime.

Queries this does not cover (phrases, prefixes, typo expansion, fielded
words) still go through whoosh's own collector, which is then cheap because
those match few documents.
"""

from __future__ import annotations

import heapq
import threading
from collections import OrderedDict

from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.matching import FilterMatcher

from . import analysis
from .query import BOOST_FIELDS, Word

B, K1 = 0.75, 1.2  # whoosh's BM25F defaults
#: Segments whose per-document tables are kept (segments never change).
SEGMENT_CACHE_SIZE = 64

_segment_tables: OrderedDict = OrderedDict()
_segment_lock = threading.Lock()


def _segment_table(reader, name, build):
    """A per-segment table, built once per (segment, name)."""
    key = (reader.segment().segment_id(), name)
    with _segment_lock:
        table = _segment_tables.get(key)
        if table is not None:
            _segment_tables.move_to_end(key)
            return table
    table = build()
    with _segment_lock:
        _segment_tables[key] = table
        while len(_segment_tables) > SEGMENT_CACHE_SIZE:
            _segment_tables.popitem(last=False)
    return table


def _read_lengths(reader, fieldname) -> list[int]:
    doc_field_length = reader.doc_field_length
    return [doc_field_length(d, fieldname, 0) or 0 for d in range(reader.doc_count_all())]


def _sort_keys(reader, fieldname) -> list[int]:
    def build():
        column = reader.column_reader(fieldname)
        return [column[d] for d in range(reader.doc_count_all())]
    return _segment_table(reader, ("sort", fieldname), build)


def leaves(searcher):
    """(segment reader, docnum offset) of each segment."""
    return [(sub.reader(), offset) for sub, offset in searcher.leaf_searchers()]


# --- sorting by a column -------------------------------------------------------

def top_by_column(searcher, docs, fieldname: str, count: int, reverse: bool) -> list[int]:
    """The first `count` of `docs` ordered by a numeric sortable column
    (descending if `reverse`), ties by document number."""
    keys = _global_sort_keys(searcher, fieldname)
    if reverse:
        return heapq.nsmallest(count, docs, key=lambda d: (-keys[d], d))
    return heapq.nsmallest(count, docs, key=lambda d: (keys[d], d))


def _global_sort_keys(searcher, fieldname) -> list:
    """Sort keys for every document number of this searcher (kept on the
    searcher, which lives as long as its index generation)."""
    cache = searcher.__dict__.setdefault("_jdih_sort_keys", {})
    if fieldname not in cache:
        keys = []
        for reader, _ in leaves(searcher):
            keys += _sort_keys(reader, fieldname)
        cache[fieldname] = keys
    return cache[fieldname]


# --- BM25 over whole posting blocks ---------------------------------------------

def _blocks(matcher):
    """(ids, weights) per posting block, local document numbers."""
    while isinstance(matcher, FilterMatcher):  # deletions: callers filter anyway
        matcher = matcher.child
    if isinstance(matcher, W3LeafMatcher):
        while matcher.is_active():
            matcher._read_ids()
            matcher._read_weights()
            yield matcher._ids, matcher._weights
            matcher._next_block()
        return
    ids, weights = [], []
    while matcher.is_active():
        ids.append(matcher.id())
        weights.append(matcher.weight())
        matcher.next()
    yield ids, weights


def add_bm25(searcher, fieldname: str, text: str, boost: float, docs, scores: dict) -> None:
    """scores[d] += boost * BM25(term) for every d in `docs` holding it."""
    btext = text.encode("utf-8")
    parent_reader = searcher.reader()
    if (fieldname, btext) not in parent_reader:
        return
    idf = searcher.idf(fieldname, text) * boost
    avg = searcher.avg_field_length(fieldname) or 1
    k_norm = K1 * (1 - B)
    k_len = K1 * B / avg
    k_top = idf * (K1 + 1)
    get = scores.get
    for reader, offset in leaves(searcher):
        if (fieldname, btext) not in reader:
            continue
        lengths = _segment_table(reader, ("len", fieldname),
                                 lambda r=reader: _read_lengths(r, fieldname))
        for ids, weights in _blocks(reader.postings(fieldname, btext)):
            for local, weight in zip(ids, weights):
                docnum = local + offset
                if docnum in docs:
                    scores[docnum] = get(docnum, 0.0) + k_top * weight / (
                        weight + k_norm + k_len * lengths[local])


def plain_terms(parsed):
    """[(stemmed or exact term, is_stemmed)] for a query made only of plain
    words (any number of OR alternatives, negations ignored); None if any
    positive item needs whoosh's own scoring."""
    terms = []
    for clause in parsed.clauses:
        if clause.negated:
            continue
        for item in clause.items:
            if not isinstance(item, Word) or item.field or item.prefix:
                return None
            for token in analysis.words(item.text):
                stemmed = analysis.primary_stem(token)
                terms.append((stemmed, True) if stemmed else (token, False))
    return terms or None


def top_by_relevance(searcher, terms, docs, count: int) -> list[tuple[float, int]]:
    """(score, docnum) of the best `count` docs for plain word terms: the
    same sum whoosh computes for query.to_whoosh's AndMaybe tree."""
    scores: dict[int, float] = {}
    for text, stemmed in terms:
        if stemmed:
            add_bm25(searcher, "content", text, 1.0, docs, scores)
            for fieldname, boost in BOOST_FIELDS.items():
                add_bm25(searcher, fieldname, text, boost, docs, scores)
        else:
            add_bm25(searcher, "content_x", text, 1.0, docs, scores)
            add_bm25(searcher, "title_x", text, 5.0, docs, scores)
    best = heapq.nsmallest(count, scores.items(), key=lambda item: (-item[1], item[0]))
    ranked = [(score, docnum) for docnum, score in best]
    if len(ranked) < count and len(scores) < len(docs):
        # Matches none of whose terms scored (e.g. only via an OR branch
        # that was a stop word): after the scored ones, in index order.
        ranked += [(0.0, d) for d in sorted(docs) if d not in scores][:count - len(ranked)]
    return ranked

