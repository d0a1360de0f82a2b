"""SearchBackend on whoosh: one index document per record, searchers pooled
(shared by all threads, one search at a time each) and replaced when the
index changes, visibility applied as a
document-set filter under every answer (hits, totals, facets, snippets,
suggestions)."""

from __future__ import annotations

import threading
from collections import defaultdict
from bisect import bisect_right
from contextlib import contextmanager

from whoosh.support import levenshtein

from . import limits as search_limits
from . import ranking, whoosh_partial
from .backend import Hit, SearchBackend, SearchResult
from .docsets import GenerationCache, facet_counts
from .highlight import SNIPPET_CHARS, highlight, terms_for
from .plan import SearchPlan, Word
from .whoosh_query import STEM_FIELDS, compile_query, prefix_term_count
from .whoosh_schema import CONTENT_FIELDS, SPELLING_FIELDS
from .whoosh_store import (DEFAULT_LOCK_TIMEOUT, READ_ERRORS, IndexStore, IndexUnavailable,
                           corrupt_error)

#: Deepest result reachable by paging; deeper pages are empty.
MAX_RESULT_WINDOW = 5000
#: Idle searchers kept for reuse; more concurrent searches open more, and
#: close the extra ones when they finish.
POOL_SIZE = 8


class WhooshBackend(SearchBackend):
    def __init__(self, index_dir: str, lock_timeout: float = DEFAULT_LOCK_TIMEOUT,
                 may_create=None):
        self.store = IndexStore(index_dir, lock_timeout, may_create)
        self._lock = threading.Lock()
        self._caches: dict[tuple, GenerationCache] = {}
        #: (pointer stamp, generation name, searcher) not in use right now.
        self._idle: list[tuple] = []

    # --- writing -------------------------------------------------------------

    def index(self, records) -> int:
        records = list(records)
        if records:
            self.store.apply("index", records)
        return len(records)

    def remove(self, keys) -> None:
        keys = [k for k in keys if k]
        if keys:
            self.store.apply("remove", keys)

    def rebuild(self, records, progress=None, procs: int | None = None) -> int:
        """See SearchBackend.rebuild; `procs` worker processes analyse and
        write segments (default: up to 4, one per CPU; 1 for small inputs)."""
        return self.store.rebuild(records, progress, procs)

    def recover(self) -> bool:
        """Clear what an interrupted rebuild left; True if there was any."""
        return self.store.recover_crashed_rebuild()

    def doc_count(self) -> int:
        """Documents in the live index (IndexUnavailable if it cannot be read)."""
        with self._searching() as (searcher, _):
            return searcher.doc_count()

    def keys_with_versions(self) -> dict[str, str]:
        with self._searching() as (searcher, _):
            reader = searcher.reader()
            if reader.doc_count() == 0:
                return {}  # an empty index has an EmptyReader without columns
            keys, versions = reader.column_reader("key"), reader.column_reader("version")
            return {keys[d]: versions[d] for d in reader.all_doc_ids()}

    def close(self) -> None:
        with self._lock:
            for _, _, searcher in self._idle:
                searcher.close()
            self._idle.clear()
            self._caches.clear()

    # --- searchers -----------------------------------------------------------

    @contextmanager
    def _searching(self):
        """A searcher on the live generation, up to date, for this caller
        alone while the block runs (whoosh searchers keep per-search state),
        and its generation's caches. Searchers are pooled across threads, so
        a thread that searches once and ends leaves no files open."""
        try:
            stamp, name, searcher = self._checkout()
        except IndexUnavailable:
            raise
        except READ_ERRORS as error:
            raise corrupt_error("cannot open the search index", error) from None
        healthy = False
        try:
            reader = searcher.reader()
            yield searcher, self._cache_for((name, reader.generation()), reader)
            healthy = True
        except READ_ERRORS as error:
            # Truncated or vanished segment files: say so instead of a 500
            # or a quietly wrong answer.
            searcher.close()
            raise corrupt_error("cannot read the search index", error) from None
        finally:
            if healthy:
                self._checkin(stamp, name, searcher)
            else:
                searcher.close()

    def _checkout(self):
        # A new installation gets its empty index here; a lost one does not
        # (IndexStore.may_create).
        self.store.ensure_live()
        stamp = self.store.pointer_stamp()
        while True:
            with self._lock:
                if not self._idle:
                    break
                entry = self._idle.pop()
            # Not searcher.refresh(): in whoosh 2.7.5 it reuses a segment's old
            # reader even when only that segment's deletions changed (removed
            # documents stay visible), and it fails on an empty index.
            if entry[0] == stamp and entry[2].up_to_date():
                return entry
            entry[2].close()
        name = self.store.current_name()
        return stamp, name, self.store.open_index(name).searcher()

    def _checkin(self, stamp, name, searcher) -> None:
        with self._lock:
            if len(self._idle) < POOL_SIZE:
                self._idle.append((stamp, name, searcher))
                return
        searcher.close()

    def _cache_for(self, key, reader) -> GenerationCache:
        with self._lock:
            cache = self._caches.get(key)
            if cache is None:
                # Keep the newest few generations: other threads may lag.
                if len(self._caches) >= 4:
                    self._caches.pop(next(iter(self._caches)))
                cache = self._caches[key] = GenerationCache(reader.doc_count_all())
            return cache

    # --- searching -----------------------------------------------------------

    def execute(self, plan: SearchPlan) -> SearchResult:
        with self._searching() as (searcher, cache):
            return self._execute(searcher, cache, plan)

    def _execute(self, searcher, cache, plan: SearchPlan) -> SearchResult:
        deadline = search_limits.Deadline(plan.limits.time_budget)
        reader = searcher.reader()
        scope = plan.scope
        allowed = cache.allowed(reader, scope.visibilities, scope.include_unpublished,
                                scope.kind)
        selected_values = {facet: list(values) for facet, values in plan.filters}
        selections = {f: cache.docs_with_values(reader, f, v)
                      for f, v in selected_values.items()}
        # Which words the visible index lacks is known before compiling, so
        # one compilation also holds the typo-tolerant trees.
        unknown = self._unknown_words(reader, plan.query, allowed)
        compiled = compile_query(plan.query, frozenset(unknown), plan.limits.max_expansions)
        postings = ranking.Postings(searcher)
        query, matched, fuzzy = self._match(searcher, plan.query, compiled, bool(unknown),
                                            allowed, selections, postings, deadline)
        final = _intersect(matched, selections.values())
        suggestion = None
        if plan.suggest and unknown and not deadline.expired():
            suggestion = self._suggestion(searcher, plan.query, unknown,
                                          _intersect(allowed, selections.values()))
        hits = self._hits(searcher, query, final, plan, fuzzy, postings, deadline)
        facets = {} if deadline.expired() else facet_counts(
            cache, reader, matched, selections, selected_values, plan.facets)
        return SearchResult(hits=hits, total=len(final), page=plan.page,
                            per_page=plan.per_page, facets=facets,
                            suggestion=suggestion, fuzzy=fuzzy,
                            notes=_notes(reader, plan, deadline.ran_out),
                            complete=not deadline.ran_out)

    def _match(self, searcher, plan_query, compiled, widen, allowed, selections, postings,
               deadline):
        """(scoring query, matched docs, fuzzy?): exact matches, or, when
        none survive the selections and a word is unknown, near spellings."""
        plain = ranking.plain_matches(postings, plan_query)
        if plain is not None:
            matched = allowed & plain
        else:
            matched = self._matching(searcher, compiled.matching, allowed, deadline)
        if not widen or deadline.expired() or _intersect(matched, selections.values()):
            return compiled.scoring, matched, False
        fuzzy_matched = self._matching(searcher, compiled.fuzzy_matching, allowed, deadline)
        if _intersect(fuzzy_matched, selections.values()):
            return compiled.fuzzy_scoring, fuzzy_matched, True
        return compiled.scoring, matched, False

    @staticmethod
    def _matching(searcher, query, allowed, deadline):
        """Visible documents matching `query`; only those found in time when
        the budget runs out."""
        if query is None:
            return allowed
        return allowed.intersection(deadline.take(searcher.docs_for_query(query)))

    def _hits(self, searcher, query, final, plan, fuzzy, postings, deadline) -> list[Hit]:
        start = (plan.page - 1) * plan.per_page
        end = min(start + plan.per_page, MAX_RESULT_WINDOW)
        if not final or start >= end:
            return []
        page = self._page(searcher, query, final, plan, fuzzy, end, postings,
                          deadline)[start:end]
        return self._build_hits(searcher, query, plan.query, page, fuzzy, postings)

    @staticmethod
    def _page(searcher, query, final, plan, fuzzy, end, postings, deadline):
        """(score, docnum) of the first `end` hits in display order; out of
        time, the newest first (cheap) instead of scoring."""
        if query is None or plan.sort != "relevance" or deadline.expired():
            newest = plan.sort != "oldest"
            return [(0.0, d) for d in ranking.top_by_column(searcher, final, "sort_date",
                                                           end, reverse=newest)]
        if plan.query.match_any:
            return whoosh_partial.coverage_page(searcher, query, plan, final, end)
        terms = None if fuzzy else ranking.plain_terms(plan.query)
        if terms:
            return ranking.top_by_relevance(searcher, terms, final, end, postings)
        results = searcher.search(query, filter=final, limit=end)
        return [(results.score(i) or 0.0, results.docnum(i))
                for i in range(min(end, results.scored_length()))]

    def _build_hits(self, searcher, query, plan_query, page, fuzzy, postings) -> list[Hit]:
        reader = searcher.reader()
        expanded = _expanded_exact_terms(reader, query) if fuzzy else ()
        terms = terms_for(plan_query, extra_exact=expanded)
        stored = {docnum: searcher.stored_fields(docnum) for _, docnum in page}
        pages = _best_pages(reader, query, {d: f["payload"] for d, f in stored.items()},
                            postings)
        hits = []
        for score, docnum in page:
            fields = stored[docnum]
            payload = fields["payload"]
            page_no, page_text = pages.get(docnum, (None, None))
            page_html = highlight(page_text, terms, SNIPPET_CHARS, True) if page_text else None
            hits.append(Hit(
                key=fields["key"], kind=payload["kind"], score=float(score),
                title=payload["title"], identity=payload["identity"],
                doc_type=payload["doc_type"], jenis=payload["jenis"],
                nomor=payload["nomor"], tahun=payload["tahun"], status=payload["status"],
                title_html=highlight(payload["title"], terms),
                snippet_html=(highlight(payload["abstract"], terms, SNIPPET_CHARS, True)
                              or highlight(payload["body"], terms, SNIPPET_CHARS, True)),
                page_no=page_no if page_html else None,
                page_html=page_html,
            ))
        return hits

    # --- typos and suggestions ---------------------------------------------

    @staticmethod
    def _unknown_words(reader, plan_query, allowed) -> list[str]:
        """Plain words with no visible match in any stemmed field."""
        return [token.text for token in plan_query.typo_candidates()
                if token.stem and not any(_visible(reader, f, token.stem, allowed)
                                          for f in STEM_FIELDS)]

    def _suggestion(self, searcher, plan_query, unknown, scope) -> str | None:
        """"Mungkin maksud Anda": only offered when each corrected word occurs
        in a visible document and the corrected query has visible hits."""
        reader = searcher.reader()
        replacements = {}
        for word in unknown:
            correction = _correction(reader, word, scope)
            if correction:
                replacements[word] = correction
        if not replacements:
            return None
        # The corrected tree is the plan with words swapped, not a re-parse.
        query = compile_query(plan_query.replaced(replacements)).matching
        if query is None or not scope.intersection(searcher.docs_for_query(query)):
            return None
        return plan_query.to_string(replacements)


def _notes(reader, plan: SearchPlan, ran_out: bool) -> list[str]:
    """What the reader should know about limits this search hit."""
    notes = []
    if plan.query.short_prefixes:
        notes.append(search_limits.NOTE_SHORT_PREFIX.format(
            words=search_limits.quoted(plan.query.short_prefixes), n=plan.limits.min_prefix))
    limit = plan.limits.max_expansions
    capped = [item.tokens[-1].text for clause in plan.query.clauses for item in clause.items
              if isinstance(item, Word) and item.prefix and item.tokens
              and prefix_term_count(reader, PREFIX_FIELDS.get(item.field, "content_x"),
                                    item.tokens[-1].text, limit + 1) > limit]
    if capped:
        notes.append(search_limits.NOTE_CAPPED.format(
            words=search_limits.quoted(dict.fromkeys(capped)), n=limit))
    if ran_out:
        notes.append(search_limits.NOTE_OUT_OF_TIME)
    return notes


#: Field a prefix of each query field expands in (whoosh_query.prefix).
PREFIX_FIELDS = {None: "content_x", "judul": "title_x", "nomor": "nomor"}


def _correction(reader, word: str, scope) -> str | None:
    maxdist = 1 if len(word) <= 5 else 2
    candidates = {}
    for fieldname in SPELLING_FIELDS:
        for candidate in reader.terms_within(fieldname, word, maxdist, prefix=1):
            if candidate != word and candidate.isalpha():
                distance = _edit_distance(candidate, word)
                rank = (distance, -reader.doc_frequency(fieldname, candidate), candidate)
                candidates[candidate, fieldname] = rank
    for (candidate, fieldname), _ in sorted(candidates.items(), key=lambda item: item[1]):
        if _visible(reader, fieldname, candidate, scope):
            return candidate
    return None


def _edit_distance(a: str, b: str) -> int:
    return levenshtein.distance(a, b)


def _visible(reader, fieldname, text, allowed) -> bool:
    if not allowed or (fieldname, text) not in reader:
        return False
    return any(docnum in allowed for docnum in reader.postings(fieldname, text).all_ids())


# --- pages ----------------------------------------------------------------

def _best_pages(reader, query, payloads, postings) -> dict[int, tuple[int, str]]:
    """For each hit, the PDF page holding the most distinct query terms
    (then the most occurrences), found from term positions in the content
    fields: no page text is re-analysed to choose it."""
    if query is None or not payloads:
        return {}
    terms = _existing_terms(reader, query, CONTENT_FIELDS)
    page_terms = defaultdict(lambda: defaultdict(set))
    page_hits = defaultdict(lambda: defaultdict(int))
    docnums = sorted(d for d, p in payloads.items() if p["pages"])
    for fieldname, text in terms:
        positions = postings.positions(fieldname, text.decode("utf-8"), docnums)
        if positions is None:
            positions = _positions_by_skipping(reader, fieldname, text, docnums)
        for docnum, found in positions.items():
            starts, end = payloads[docnum]["page_starts"], payloads[docnum]["pages_end"]
            for position in found:
                if position >= end:
                    break  # title or metadata, not a page
                index = bisect_right(starts, position) - 1
                page_terms[docnum][index].add(text)
                page_hits[docnum][index] += 1
    best = {}
    for docnum, by_page in page_terms.items():
        index = max(by_page, key=lambda i: (len(by_page[i]), page_hits[docnum][i], -i))
        best[docnum] = tuple(payloads[docnum]["pages"][index])
    return best


def _positions_by_skipping(reader, fieldname, text, docnums) -> dict:
    """docnum -> positions of a term, for sorted `docnums` holding it."""
    result = {}
    matcher = reader.postings(fieldname, text)
    for docnum in docnums:
        if matcher.is_active() and matcher.id() < docnum:
            matcher.skip_to(docnum)
        if not matcher.is_active():
            break
        if matcher.id() == docnum:
            result[docnum] = matcher.value_as("positions")
    return result


def _expanded_exact_terms(reader, query) -> set[str]:
    """Words a fuzzy query actually matched, so they can be highlighted."""
    return {text.decode("utf-8") for _, text in _existing_terms(reader, query, SPELLING_FIELDS)}


def _existing_terms(reader, query, fieldnames) -> set[tuple[str, bytes]]:
    """(field, bytes) of every term the query (expanded) has in these fields.
    Query.existing_terms() in whoosh 2.7.5 reuses its `fieldname` argument as a
    loop variable and so drops every field but the first one it meets."""
    found = set()
    for leaf in query.leaves():
        if leaf.field() not in fieldnames:
            continue
        for fieldname, text in leaf.expanded_terms(reader):
            btext = text if isinstance(text, bytes) else text.encode("utf-8")
            if (fieldname, btext) in reader:
                found.add((fieldname, btext))
    return found


def _intersect(docs, others):
    for other in others:
        docs = docs & other
    return docs

