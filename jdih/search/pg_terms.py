"""The exact vocabulary (search_term) for prefixes, near spellings and
suggestions: the PostgreSQL twin of whoosh's term dictionary lookups.

Near spellings come from pg_trgm (a trigram index over the vocabulary),
then the same rules as the whoosh backend keep them: the first letter
unchanged, within 1 edit for short words and 2 for longer ones.
"""

from __future__ import annotations

from sqlalchemy import text
from whoosh.support.levenshtein import distance

from .pg_schema import TERM_TABLE
from .whoosh_query import SCAN_FACTOR

#: Trigram similarity a candidate needs before its edit distance is checked:
#: low, so that two edits in a short word still qualify.
SIMILARITY_THRESHOLD = 0.2
#: The highest code point: every term starting with p sorts below p + this.
_TOP = "\U0010ffff"
_RANGE = "term >= :low AND term < :high"


def _bounds(prefix: str) -> dict:
    return {"low": prefix, "high": prefix + _TOP}


def prefix_expansions(conn, prefix: str, limit: int) -> list[str]:
    """The `limit` terms starting with `prefix` found in most documents,
    among the first limit * SCAN_FACTOR in order (as whoosh_query does)."""
    return list(conn.execute(text(
        f"SELECT term FROM (SELECT term, ndocs FROM {TERM_TABLE} WHERE {_RANGE} "
        "ORDER BY term LIMIT :scan) s ORDER BY ndocs DESC, term LIMIT :limit"),
        {**_bounds(prefix), "scan": limit * SCAN_FACTOR, "limit": limit}).scalars())


def prefix_term_count(conn, prefix: str, up_to: int) -> int:
    return conn.execute(text(
        f"SELECT count(*) FROM (SELECT 1 FROM {TERM_TABLE} WHERE {_RANGE} LIMIT :n) s"),
        {**_bounds(prefix), "n": up_to}).scalar()


def _similar(conn, word: str) -> list[tuple[str, int]]:
    conn.execute(text("SELECT set_config('pg_trgm.similarity_threshold', :t, true)"),
                 {"t": str(SIMILARITY_THRESHOLD)})
    return conn.execute(text(
        f"SELECT term, ndocs FROM {TERM_TABLE} WHERE term % :w AND left(term, 1) = left(:w, 1)"),
        {"w": word}).all()


def near_spellings(conn, word: str, limit: int) -> list[str]:
    """Terms within the typo distance of `word` (1 edit up to 6 letters,
    else 2), the first `limit` in order: what the fuzzy match widens to."""
    maxdist = 1 if len(word) <= 6 else 2
    found = sorted(term for term, _ in _similar(conn, word) if distance(term, word) <= maxdist)
    return found[:limit]


def correction_candidates(conn, word: str) -> list[str]:
    """Spellings to offer for `word`, best first: fewest edits (1 up to 5
    letters, else 2), then the most documents, then alphabetical."""
    maxdist = 1 if len(word) <= 5 else 2
    ranked = []
    for term, ndocs in _similar(conn, word):
        if term != word and term.isalpha():
            edits = distance(term, word)
            if edits <= maxdist:
                ranked.append((edits, -ndocs, term))
    return [term for _, _, term in sorted(ranked)]
