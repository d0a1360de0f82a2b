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
from bisect import bisect_left
import threading
from array import array
from itertools import accumulate, compress, repeat
from operator import add, neg, truediv

from cachetools import LRUCache, cached
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.matching import FilterMatcher

from .plan import is_loose, is_plain
from .whoosh_query import BOOST_FIELDS, TITLE_BOOST

B, K1 = 0.75, 1.2  # whoosh's BM25F defaults
#: Segments whose per-document tables are kept (segments never change).
SEGMENT_CACHE_SIZE = 64



@cached(LRUCache(maxsize=SEGMENT_CACHE_SIZE), lock=threading.Lock(),
        key=lambda reader, name, build: (reader.segment().segment_id(), name))
def _segment_table(reader, name, build):
    """A per-segment table, built once per (segment, name)."""
    return build()


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


# --- posting lists decoded whole -------------------------------------------------

def _decode(reader, fieldname: str, btext: bytes) -> tuple[array, array, list | None]:
    """(ids, weights, values) of one segment's posting list, local document
    numbers, deleted documents included (callers intersect with live sets);
    values (encoded positions) only for fields that store them. Each block is
    unpickled once and its ids delta-decoded in C, instead of whoosh's
    per-posting next()/id()/weight() calls."""
    matcher = reader.postings(fieldname, btext)
    while isinstance(matcher, FilterMatcher):
        matcher = matcher.child
    ids, weights = array("I"), array("d")
    if isinstance(matcher, W3LeafMatcher) and not matcher._byteids:
        values = [] if matcher._fixedsize is None or matcher._fixedsize < 0 else None
        while matcher.is_active():
            matcher._read_data()
            block_ids, block_weights = matcher._data[0], matcher._data[1]
            count = matcher._blocklength
            ids.extend(accumulate(block_ids))
            if block_weights is None:
                weights.extend(repeat(1.0, count))
            elif isinstance(block_weights, float):
                weights.extend(repeat(block_weights, count))
            else:
                weights.extend(block_weights)
            if values is not None:
                values.extend(matcher._data[2])
            matcher._next_block()
        return ids, weights, values
    values = []
    while matcher.is_active():  # inlined short lists, other codecs
        ids.append(matcher.id())
        weights.append(matcher.weight())
        values.append(matcher.value())
        matcher.next()
    return ids, weights, values


class Postings:
    """Decoded posting lists for one search: each (field, term) is read
    once, whether for the matching set, for scoring, or both."""

    def __init__(self, searcher):
        self.searcher = searcher
        self.leaves = leaves(searcher)
        self._segments: dict = {}
        self._docs: dict = {}

    def segments(self, fieldname: str, text: str) -> list:
        """[(segment reader, offset, ids, weights, values)] holding the term."""
        key = (fieldname, text)
        found = self._segments.get(key)
        if found is None:
            btext = text.encode("utf-8")
            found = []
            for reader, offset in self.leaves:
                if (fieldname, btext) in reader:
                    found.append((reader, offset, *_decode(reader, fieldname, btext)))
            self._segments[key] = found
        return found

    def docs(self, fieldname: str, text: str) -> set:
        """Global document numbers holding the term (deleted ones included)."""
        key = (fieldname, text)
        found = self._docs.get(key)
        if found is None:
            found = set()
            for _, offset, ids, _, _ in self.segments(fieldname, text):
                found.update(map(offset.__add__, ids) if offset else ids)
            self._docs[key] = found
        return found

    def positions(self, fieldname: str, text: str, docnums) -> dict | None:
        """docnum -> positions of the term in each of `docnums` holding it,
        if this search already decoded the term's postings (else None: a
        few skip_to() calls are cheaper than decoding a whole list)."""
        found = self._segments.get((fieldname, text))
        if found is None:
            return None
        decode = self.searcher.schema[fieldname].format.decode_positions
        result = {}
        for reader, offset, ids, _, values in found:
            if values is None:
                return None
            for docnum in docnums:
                index = bisect_left(ids, docnum - offset)
                if index < len(ids) and ids[index] == docnum - offset:
                    result[docnum] = decode(values[index])
        return result


# --- BM25 with C-level arithmetic --------------------------------------------------

def _length_norms(reader, fieldname: str, avg: float) -> array:
    """K1 * (1 - B + B * length / avg) per local document: the part of BM25's
    denominator that depends only on the document (cached per segment)."""
    def build():
        k_norm, k_len = K1 * (1 - B), K1 * B / avg
        return array("d", [k_norm + k_len * length
                           for length in _read_lengths(reader, fieldname)])
    return _segment_table(reader, ("norm", fieldname, avg), build)


def bm25_scores(postings: Postings, fieldname: str, text: str, boost: float) -> dict:
    """docnum -> boost * BM25(term) for every document holding the term;
    the per-posting arithmetic runs in map() over C functions."""
    scores: dict[int, float] = {}
    found = postings.segments(fieldname, text)
    if not found:
        return scores
    searcher = postings.searcher
    k_top = searcher.idf(fieldname, text) * boost * (K1 + 1)
    avg = searcher.avg_field_length(fieldname) or 1
    for reader, offset, ids, weights, _ in found:
        norms = _length_norms(reader, fieldname, avg)
        numerators = map(k_top.__mul__, weights)
        denominators = map(add, weights, map(norms.__getitem__, ids))
        docnums = map(offset.__add__, ids) if offset else ids
        scores.update(zip(docnums, map(truediv, numerators, denominators)))
    return scores


def plain_terms(plan_query):
    """[(stemmed or exact term, is_stemmed)] for a query made only of plain
    words (any number of OR alternatives, negations ignored); None if any
    positive item needs whoosh's own scoring."""
    terms = []
    for clause in plan_query.clauses + plan_query.optional:
        if clause.negated:
            continue
        for item in clause.items:
            if not is_plain(item):
                return None
            terms.extend((t.stem, True) if t.stem else (t.text, False) for t in item.tokens)
    return terms or None


def _token_term(token) -> tuple[str, str]:
    """The (field, term) a plain word token must match (whoosh_query)."""
    return ("content", token.stem) if token.stem else ("content_x", token.text)


def plain_matches(postings: Postings, plan_query):
    """Documents matching a query made only of plain words (AND between
    clauses, OR inside one, NOT subtracts), from decoded posting lists with
    C-level set operations; None if the query has anything else, for
    whoosh's matchers to answer. Deleted documents may be included."""
    if not plan_query.is_plain:
        return None
    positives, negatives, loose = [], [], []
    for clause in plan_query.clauses:
        alternatives = []
        for item in clause.items:
            if item.tokens:
                sets = sorted((postings.docs(*_token_term(t)) for t in item.tokens), key=len)
                alternatives.append(sets[0].intersection(*sets[1:]))
        if alternatives:
            docs = alternatives[0].union(*alternatives[1:])
            if clause.negated:
                negatives.append(docs)
            else:
                (loose if plan_query.match_any and is_loose(clause) else positives).append(docs)
    if loose:
        positives.append(loose[0].union(*loose[1:]))
    if not positives:
        return None
    positives.sort(key=len)
    docs = positives[0].intersection(*positives[1:])
    return docs.difference(*negatives) if negatives else docs


def top_by_relevance(searcher, terms, docs, count: int,
                     postings: Postings | None = None) -> list[tuple[float, int]]:
    """(score, docnum) of the best `count` docs for plain word terms: the
    same sum whoosh computes for whoosh_query's AndMaybe tree."""
    postings = postings or Postings(searcher)
    per_field = []
    for text, stemmed in terms:
        if stemmed:
            per_field.append(bm25_scores(postings, "content", text, 1.0))
            for fieldname, boost in BOOST_FIELDS.items():
                per_field.append(bm25_scores(postings, fieldname, text, boost))
        else:
            per_field.append(bm25_scores(postings, "content_x", text, 1.0))
            per_field.append(bm25_scores(postings, "title_x", text, TITLE_BOOST))
    per_field = [scores for scores in per_field if scores]
    candidates = list(docs)
    totals = repeat(0.0)
    for scores in per_field:
        totals = map(add, totals, map(scores.get, candidates, repeat(0.0)))
    totals = list(totals) if per_field else [0.0] * len(candidates)
    if len(candidates) > 4 * count:
        # Keep only scores reaching the count-th best (a C-level sort of
        # floats), so the (score, docnum) ordering runs on a few dozen.
        threshold = sorted(totals, reverse=True)[count - 1]
        keep = list(map(threshold.__le__, totals))
        candidates = list(compress(candidates, keep))
        totals = list(compress(totals, keep))
    # Ties by document number, as whoosh's collector orders them.
    best = heapq.nsmallest(count, zip(map(neg, totals), candidates))
    return [(-negated, docnum) for negated, docnum in best]
