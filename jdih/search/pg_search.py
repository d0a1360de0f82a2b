"""One search on the PostgreSQL backend (pg_backend.py): the statements
of a query plan on one connection, from the exact match to its fuzzy
twin, the hits with their best PDF page, facets and "Mungkin maksud Anda".
"""

from __future__ import annotations

from sqlalchemy import text

from . import limits as search_limits
from .backend import Hit, SearchResult
from .docsets import ranked_facet
from .highlight import SNIPPET_CHARS, highlight, terms_for
from .pg_query import Params, compile_query, coverage_score, loose_conditions
from .pg_schema import ENTRY_TABLE, PAGE_TABLE, quote_lexeme
from .pg_terms import (correction_candidates, near_spellings, prefix_expansions,
                       prefix_term_count)
from .plan import SearchPlan, Word, coverage_weight
from .whoosh_backend import MAX_RESULT_WINDOW

#: Facet field -> how a selection of its values is tested.
FACET_COLUMNS = {"doc_type": "doc_type", "jenis": "jenis", "tahun": "tahun",
                 "status": "status", "bidang": "bidang", "subjects": "subjects"}


class PgSearch:
    """One search on one connection (one transaction, read only)."""

    def __init__(self, conn, plan: SearchPlan, deadline):
        self.conn, self.plan, self.deadline = conn, plan, deadline
        self.params = Params("p")
        scope = plan.scope
        parts = [f"e.visibility = ANY({self.params.add(list(scope.visibilities))})"]
        if not scope.include_unpublished:
            parts.append("e.published")
        if scope.kind:
            parts.append(f"e.kind = {self.params.add(scope.kind)}")
        self.scope = " AND ".join(parts)
        self.selected = {facet: list(values) for facet, values in plan.filters}
        self.selections = {facet: self._selection(facet, values)
                           for facet, values in self.selected.items()}

    def _selection(self, facet: str, values) -> str:
        if facet == "tahun":
            years = [int(v) for v in values if str(v).isdigit()]
            return f"e.tahun = ANY({self.params.add(years)})"
        strings = [str(v) for v in values]
        if facet == "subjects":
            return f"e.subjects && CAST({self.params.add(strings)} AS text[])"
        return f"e.{FACET_COLUMNS[facet]} = ANY({self.params.add(strings)})"

    def _where(self, *conditions, skip=None) -> str:
        parts = [self.scope, *(c for c in conditions if c)]
        parts += [sql for facet, sql in self.selections.items() if facet != skip]
        return " AND ".join(f"({p})" for p in parts)

    def _scalar(self, sql: str, params: dict):
        return self.conn.execute(text(sql), {**self.params.values, **params}).scalar()

    def _limit_time(self) -> None:
        remaining = self.deadline.remaining()
        if remaining is not None:  # what is left of the budget, per statement
            milliseconds = max(1, int(1000 * remaining))
            self.conn.execute(text(f"SET LOCAL statement_timeout = {milliseconds}"))

    def visible(self, column: str, query_text: str, extra: str = "") -> int:
        """How many visible records hold `query_text` in `column` (counting stops at 1)."""
        return self._scalar(
            f"SELECT count(*) FROM (SELECT 1 FROM {ENTRY_TABLE} e WHERE ({self.scope}) {extra} "
            f"AND e.{column} @@ CAST(:v AS tsquery) LIMIT 1) s", {"v": query_text})

    def run(self) -> SearchResult:
        plan, query = self.plan, self.plan.query
        # The planner prices a text match at nothing and so prefers scanning
        # the table to the GIN indexes, though every row it scans means
        # reading a TOASTed vector.
        self.conn.execute(text("SET LOCAL enable_seqscan = off"))
        # Workers cost more to start than they save on these short
        # statements, and make their times erratic on a busy server.
        self.conn.execute(text("SET LOCAL max_parallel_workers_per_gather = 0"))
        limit = max(1, plan.limits.max_expansions)
        prefixes = {(item.field, item.tokens[-1].text): prefix_expansions(
                        self.conn, item.tokens[-1].text, limit)
                    for clause in query.clauses for item in clause.items
                    if isinstance(item, Word) and item.prefix and item.tokens}
        # Near spellings change only the fuzzy twins, so the exact search
        # runs first; its hits tell which words need no lookup (below).
        unknown = self._unknown_words(None) if query.match_any else []
        near = self._near(unknown, limit)
        compiled = compile_query(query, prefixes, near, Params("q"))
        matching, score, fuzzy = compiled.matching, compiled.score, False
        if query.match_any:
            score = self._coverage_score(prefixes, near, compiled)
        ranked, total = self._ranked(matching, score, compiled.params)
        if not query.match_any and (unknown := self._unknown_words(total)):
            compiled = compile_query(query, prefixes, self._near(unknown, limit), Params("q"))
            matching = compiled.matching
        if unknown and not total and not self.deadline.expired():
            ranked, total = self._ranked(compiled.fuzzy_matching, compiled.fuzzy_score,
                                         compiled.params)
            if total:
                matching, fuzzy = compiled.fuzzy_matching, True
        suggestion = None
        if plan.suggest and unknown and not self.deadline.expired():
            suggestion = self._suggestion(unknown)
        hits = self._hits(ranked, compiled, fuzzy)
        facets = {} if self.deadline.expired() else self._facets(matching, compiled.params)
        return SearchResult(hits=hits, total=total, page=plan.page, per_page=plan.per_page,
                            facets=facets, suggestion=suggestion, fuzzy=fuzzy,
                            notes=self._notes(limit), complete=not self.deadline.ran_out)

    def _near(self, unknown: list[str], limit: int) -> dict:
        return {word: near_spellings(self.conn, word, limit) for word in unknown}

    def _unknown_words(self, total: int | None) -> list[str]:
        """Typo candidates no visible record holds. After `total` exact
        hits, a word that is a clause on its own (no OR) matched every one
        of them and is known without a lookup, which for a common word
        would cost reading its whole posting list."""
        if self.deadline.expired():
            return []
        settled = {token.text for clause in self.plan.query.clauses
                   if total and len(clause.items) == 1 and not clause.negated
                   for token in getattr(clause.items[0], "tokens", ())}
        return [t.text for t in self.plan.query.typo_candidates()
                if t.stem and t.text not in settled
                and not self.visible("words", quote_lexeme(t.stem))]

    def _coverage_score(self, prefixes, near, compiled) -> str:
        """A partial match's score: each loose clause weighted by its rarity
        among the visible rows (one indexed count per clause)."""
        params = Params("c")
        conditions = loose_conditions(self.plan.query, prefixes, near, params)
        compiled.params.update(params.values)
        doc_count = self._scalar(f"SELECT count(*) FROM {ENTRY_TABLE} e WHERE {self.scope}", {})
        weights = [coverage_weight(self._scalar(
            f"SELECT count(*) FROM {ENTRY_TABLE} e WHERE ({self.scope}) AND ({condition})",
            params.values), doc_count) for condition in conditions]
        return coverage_score(conditions, weights, compiled.score)

    # --- hits ---------------------------------------------------------------------

    def _ranked(self, matching, score, params) -> tuple[list, int]:
        """([(key, score)] of the requested page, total). With a query, the
        matches' (key, score) are gathered once, then counted and top-N
        sorted (a window count would carry every match through the sort;
        a separate count would find them all again). Without one, the
        newest-first index answers the page and a count the total."""
        plan = self.plan
        start = (plan.page - 1) * plan.per_page
        end = min(start + plan.per_page, MAX_RESULT_WINDOW)
        if self.deadline.expired():
            return [], 0
        direction = "ASC" if plan.sort == "oldest" else "DESC"
        if matching is None or plan.sort != "relevance":
            order, score = f"sort_date {direction}, key {direction}", "0"
        else:
            order = "score DESC, key"
        self._limit_time()
        wanted = max(0, end - start)
        values = {**self.params.values, **params, "end": wanted, "start": start}
        where = self._where(matching)
        if matching is None:
            rows = self.conn.execute(text(
                f"SELECT key, 0 FROM {ENTRY_TABLE} e WHERE {where} ORDER BY {order} "
                "LIMIT :end OFFSET :start"), values).all()
            if (rows or start == 0) and len(rows) < wanted:
                return [(key, value) for key, value in rows], start + len(rows)  # last page
        else:
            rows = self.conn.execute(text(
                f"WITH m AS MATERIALIZED (SELECT e.key, e.sort_date, {score} AS score "
                f"FROM {ENTRY_TABLE} e WHERE {where}) SELECT key, score, "
                f"(SELECT count(*) FROM m) FROM m ORDER BY {order} LIMIT :end OFFSET :start"),
                values).all()
            if rows or start == 0:
                return [(key, value) for key, value, _ in rows], rows[0][2] if rows else 0
        # A page past the last (or a full page of the newest): count them all.
        total = self._scalar(f"SELECT count(*) FROM {ENTRY_TABLE} e WHERE {where}", params)
        return [(row[0], row[1]) for row in rows], total

    def _hits(self, ranked, compiled, fuzzy) -> list[Hit]:
        if not ranked:
            return []
        keys = [key for key, _ in ranked]
        payloads = dict(self.conn.execute(text(
            f"SELECT key, payload FROM {ENTRY_TABLE} WHERE key = ANY(:keys)"), {"keys": keys}).all())
        terms = terms_for(self.plan.query, extra_exact=compiled.fuzzy_terms if fuzzy else ())
        pages = self._best_pages(keys, compiled, fuzzy)
        hits = []
        for key, value in ranked:
            payload = payloads[key]
            page_no, page_text = pages.get(key, (None, None))
            page_html = highlight(page_text, terms, SNIPPET_CHARS, True) if page_text else None
            hits.append(Hit(
                key=key, kind=payload["kind"], score=float(value or 0.0),
                title=payload["title"], identity=payload["identity"],
                doc_type=payload["doc_type"], jenis=payload["jenis"], nomor=payload["nomor"],
                tahun=payload["tahun"], status=payload["status"],
                title_html=highlight(payload["title"], terms),
                snippet_html=(highlight(payload["abstract"], terms, SNIPPET_CHARS, True)
                              or highlight(payload["body"], terms, SNIPPET_CHARS, True)),
                page_no=page_no if page_html else None, page_html=page_html))
        return hits

    def _best_pages(self, keys, compiled, fuzzy) -> dict:
        """key -> (page_no, text) of the page holding the most distinct query
        terms, then the most occurrences, then the first such page."""
        stems = sorted(compiled.page_stems)
        exact = sorted(compiled.page_exact | (compiled.fuzzy_terms if fuzzy else set()))
        if not keys or not (stems or exact):
            return {}
        params = Params("t")
        tests = [f"(p.stems @@ {params.tsquery(quote_lexeme(t))})::int" for t in stems]
        tests += [f"(p.exact @@ {params.tsquery(quote_lexeme(t))})::int" for t in exact]
        matches, ranks = [], []
        for column, terms in (("stems", stems), ("exact", exact)):
            if terms:
                any_term = params.tsquery(" | ".join(map(quote_lexeme, terms)))
                matches.append(f"p.{column} @@ {any_term}")
                ranks.append(f"ts_rank(p.{column}, {any_term}, 0)")
        rows = self.conn.execute(text(
            f"SELECT DISTINCT ON (p.key) p.key, p.page_no, p.body FROM {PAGE_TABLE} p "
            f"WHERE p.key = ANY(:keys) AND ({' OR '.join(matches)}) "
            f"ORDER BY p.key, {' + '.join(tests)} DESC, {' + '.join(ranks)} DESC, p.page_no"),
            {**params.values, "keys": keys}).all()
        return {key: (page_no, body) for key, page_no, body in rows}

    # --- facets -------------------------------------------------------------------

    def _facets(self, matching, params) -> dict:
        wanted = [f for f in self.plan.facets if f in FACET_COLUMNS]
        if not wanted:
            return {}
        selects = []
        for facet in wanted:
            others = " AND ".join(f"({sql})" for f, sql in self.selections.items()
                                  if f != facet) or "TRUE"
            if facet == "subjects":
                selects.append(f"SELECT 'subjects', s, count(*) FROM m e, unnest(e.subjects) s "
                               f"WHERE {others} GROUP BY s")
            elif facet == "tahun":
                selects.append(f"SELECT 'tahun', e.tahun::text, count(*) FROM m e WHERE {others} "
                               "AND e.tahun IS NOT NULL GROUP BY e.tahun")
            else:
                selects.append(f"SELECT '{facet}', e.{facet}, count(*) FROM m e WHERE {others} "
                               f"AND e.{facet} <> '' GROUP BY e.{facet}")
        base = f"({self.scope})" + (f" AND ({matching})" if matching else "")
        self._limit_time()
        rows = self.conn.execute(text(
            f"WITH m AS MATERIALIZED (SELECT e.doc_type, e.jenis, e.tahun, e.status, e.bidang, "
            f"e.subjects FROM {ENTRY_TABLE} e WHERE {base}) " + " UNION ALL ".join(selects)),
            {**self.params.values, **params}).all()
        counts: dict[str, dict] = {facet: {} for facet in wanted}
        for facet, value, count in rows:
            counts[facet][value] = count
        return {facet: ranked_facet(facet, counts[facet], self.selected.get(facet, ()))
                for facet in wanted}

    # --- suggestions and notes ----------------------------------------------------

    def _suggestion(self, unknown) -> str | None:
        """"Mungkin maksud Anda": each corrected word occurs in a visible
        record and the corrected query has visible hits (selections applied)."""
        selections = " ".join(f"AND ({sql})" for sql in self.selections.values())
        replacements = {}
        for word in unknown:
            for candidate in correction_candidates(self.conn, word):
                if self.visible("exact", quote_lexeme(candidate), selections):
                    replacements[word] = candidate
                    break
        if not replacements:
            return None
        query = self.plan.query.replaced(replacements)
        compiled = compile_query(query, {}, {}, Params("s"))
        if compiled.matching is None or not self._scalar(
                f"SELECT EXISTS (SELECT 1 FROM {ENTRY_TABLE} e "
                f"WHERE {self._where(compiled.matching)})", compiled.params):
            return None
        return self.plan.query.to_string(replacements)

    def _notes(self, limit: int) -> list[str]:
        plan, notes = self.plan, []
        if plan.query.short_prefixes:
            notes.append(search_limits.NOTE_SHORT_PREFIX.format(
                words=search_limits.quoted(plan.query.short_prefixes), n=plan.limits.min_prefix))
        capped = [item.tokens[-1].text for clause in plan.query.clauses for item in clause.items
                  if isinstance(item, Word) and item.prefix and item.tokens
                  and prefix_term_count(self.conn, item.tokens[-1].text, limit + 1) > limit]
        if capped:
            notes.append(search_limits.NOTE_CAPPED.format(
                words=search_limits.quoted(dict.fromkeys(capped)), n=limit))
        if self.deadline.ran_out:
            notes.append(search_limits.NOTE_OUT_OF_TIME)
        return notes


