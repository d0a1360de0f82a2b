"""Phrase queries answered from packed position arrays.

whoosh's Phrase runs as a SpanNear matcher that builds a Span object per
position and bisects span lists: a phrase of two common words in 10k
documents took seconds. PackedPhrase (same semantics: the words at
consecutive positions of one field) intersects the words' document sets
rarest first, then checks positions with set arithmetic on the decoded
arrays of the remaining documents only.
"""

from __future__ import annotations

import threading

from cachetools import LRUCache, cached
from whoosh import query as wq
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.matching import FilterMatcher, ListMatcher, NullMatcher

from .whoosh_fields import PackedPositions
def _postings_values(reader, fieldname, btext, keep=None) -> dict:
    """docnum -> encoded positions of a term in one segment (only docs in
    `keep` when given)."""
    found = {}
    matcher = reader.postings(fieldname, btext)
    filters = []  # (ids, exclude): how whoosh applies deletions
    while isinstance(matcher, FilterMatcher):
        filters.append((matcher._ids, matcher._exclude))
        matcher = matcher.child
    if isinstance(matcher, W3LeafMatcher):
        while matcher.is_active():
            matcher._read_ids()
            matcher._read_values()
            found.update(zip(matcher._ids, matcher._values))
            matcher._next_block()
    else:
        while matcher.is_active():
            found[matcher.id()] = matcher.value()
            matcher.next()
    for ids, exclude in filters:
        found = {d: v for d, v in found.items() if (d in ids) != exclude}
    if keep is not None:
        found = {d: v for d, v in found.items() if d in keep}
    return found


def phrase_counts(reader, fieldname: str, words: list[str]) -> dict[int, int]:
    """Segment docnum -> occurrences of `words` at consecutive positions,
    for a field with PackedPositions. Starts from the rarest word and only
    decodes positions of documents holding every word."""
    decode = reader.schema[fieldname].format.decode_positions
    btexts = [w.encode("utf-8") for w in words]
    if any((fieldname, b) not in reader for b in btexts):
        return {}
    order = sorted(set(btexts), key=lambda b: reader.doc_frequency(fieldname, b))
    values, keep = {}, None
    for btext in order:
        values[btext] = _postings_values(reader, fieldname, btext, keep)
        keep = set(values[btext])
        if not keep:
            return {}
    counts = {}
    for docnum in keep:
        starts = set(decode(values[btexts[0]][docnum]))
        for offset, btext in enumerate(btexts[1:], 1):
            starts.intersection_update(p - offset for p in decode(values[btext][docnum]))
            if not starts:
                break
        if starts:
            counts[docnum] = len(starts)
    return counts


#: Recent phrase answers per (segment, live doc count): one search asks for
#: the same phrase for counting, for ranking, and per collector pass.
@cached(LRUCache(maxsize=64), lock=threading.Lock(),
        key=lambda reader, fieldname, words: (reader.segment().segment_id(), reader.doc_count(),
                                              fieldname, words))
def _cached_counts(reader, fieldname, words) -> dict[int, int]:
    return phrase_counts(reader, fieldname, list(words))


class PackedPhrase(wq.Phrase):
    """wq.Phrase over an IndonesianText field with positions; each match
    weighs (occurrences x boost). Falls back to whoosh's matcher for slop,
    other formats or a non-atomic reader."""

    def matcher(self, searcher, context=None):
        reader = searcher.reader()
        field = searcher.schema[self.fieldname] if self.fieldname in searcher.schema else None
        if (self.slop != 1 or not reader.is_atomic() or field is None
                or not isinstance(field.format, PackedPositions)):
            return super().matcher(searcher, context)
        counts = _cached_counts(reader, self.fieldname, tuple(self.words))
        if not counts:
            return NullMatcher()
        ids = sorted(counts)
        return _CountsMatcher(ids, weights=[counts[d] * self.boost for d in ids])


class _CountsMatcher(ListMatcher):
    """ListMatcher whose quality bound is computed once (ListMatcher takes
    max() of all weights on every call, and collectors call it per block)."""

    def __init__(self, ids, weights):
        super().__init__(ids, weights=weights)
        self._max_weight = max(weights, default=0.0)

    def block_max_weight(self):
        return self._max_weight

    def copy(self):
        return _CountsMatcher(self._ids[self._i:], self._weights[self._i:])
