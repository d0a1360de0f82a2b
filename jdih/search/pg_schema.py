"""The PostgreSQL search tables and the mapping from SearchRecord to their rows.

Text is analysed here, in Python, by the same analysis.py code the whoosh
backend uses, and stored as tsvectors built from our own terms (cast from
text, so PostgreSQL applies no dictionary of its own): both backends agree
word for word. As in whoosh_schema, text is held twice: stemmed vectors for
word queries and ranking, exact vectors (every word, compounds and their
parts) for phrases, prefixes, typos and suggestions.

* ``search_entry``: one row per record, with stripped all-text vectors
  (``words``, ``exact``), small positional vectors for fielded queries and
  boosts, the facet values and a display payload;
* ``search_page``: one row per PDF page (its text, stems, and exact words
  with positions) for phrases inside pages and for choosing the best page
  of a hit; a tsvector keeps positions only up to 16383, which a page
  never reaches but a whole document can. A GIN index finds the pages
  holding a phrase's words (far fewer than the records holding them);
* ``search_term``: the exact vocabulary (with document counts as of the last
  reindex) for prefixes, near spellings (pg_trgm) and suggestions.
"""

from __future__ import annotations

from operator import itemgetter

from .analysis import SECTION_SEPARATOR, normalize_key, term_positions, word_positions
from .backend import SearchRecord
from .whoosh_schema import sort_value

ENTRY_TABLE = "search_entry"
PAGE_TABLE = "search_page"
TERM_TABLE = "search_term"
TABLES = (ENTRY_TABLE, PAGE_TABLE, TERM_TABLE)
#: Highest position a tsvector keeps (PostgreSQL clamps larger ones).
MAX_POSITION = 16383

#: Statements creating what the backend needs (the migration runs the same).
CREATE_STATEMENTS = (
    f"""CREATE TABLE IF NOT EXISTS {ENTRY_TABLE} (
        key varchar(80) PRIMARY KEY,
        version varchar(40) NOT NULL,
        kind varchar(20) NOT NULL,
        visibility varchar(20) NOT NULL,
        published boolean NOT NULL,
        doc_type text NOT NULL DEFAULT '',
        jenis text NOT NULL DEFAULT '',
        tahun integer,
        status text NOT NULL DEFAULT '',
        bidang text NOT NULL DEFAULT '',
        subjects text[] NOT NULL DEFAULT '{{}}',
        keys text[] NOT NULL DEFAULT '{{}}',
        sort_date integer NOT NULL DEFAULT 0,
        words tsvector NOT NULL,
        exact tsvector NOT NULL,
        meta_x tsvector NOT NULL,
        title_s tsvector NOT NULL,
        title_x tsvector NOT NULL,
        identity_s tsvector NOT NULL,
        meta_s tsvector NOT NULL,
        nomor_x tsvector NOT NULL,
        subject_s tsvector NOT NULL,
        payload jsonb NOT NULL,
        indexed_at timestamptz NOT NULL DEFAULT clock_timestamp())""",
    f"CREATE INDEX IF NOT EXISTS ix_{ENTRY_TABLE}_words ON {ENTRY_TABLE} USING gin (words)",
    f"CREATE INDEX IF NOT EXISTS ix_{ENTRY_TABLE}_exact ON {ENTRY_TABLE} USING gin (exact)",
    f"CREATE INDEX IF NOT EXISTS ix_{ENTRY_TABLE}_meta_x ON {ENTRY_TABLE} USING gin (meta_x)",
    f"CREATE INDEX IF NOT EXISTS ix_{ENTRY_TABLE}_title_x ON {ENTRY_TABLE} USING gin (title_x)",
    f"CREATE INDEX IF NOT EXISTS ix_{ENTRY_TABLE}_nomor_x ON {ENTRY_TABLE} USING gin (nomor_x)",
    f"CREATE INDEX IF NOT EXISTS ix_{ENTRY_TABLE}_subject_s ON {ENTRY_TABLE} USING gin (subject_s)",
    f"CREATE INDEX IF NOT EXISTS ix_{ENTRY_TABLE}_keys ON {ENTRY_TABLE} USING gin (keys)",
    f"CREATE INDEX IF NOT EXISTS ix_{ENTRY_TABLE}_sort ON {ENTRY_TABLE} (sort_date, key)",
    f"""CREATE TABLE IF NOT EXISTS {PAGE_TABLE} (
        key varchar(80) NOT NULL,
        page_no integer NOT NULL,
        body text NOT NULL,
        stems tsvector NOT NULL,
        exact tsvector NOT NULL,
        PRIMARY KEY (key, page_no))""",
    f"CREATE INDEX IF NOT EXISTS ix_{PAGE_TABLE}_exact ON {PAGE_TABLE} USING gin (exact)",
    f"""CREATE TABLE IF NOT EXISTS {TERM_TABLE} (
        term text COLLATE "C" PRIMARY KEY,
        ndocs integer NOT NULL DEFAULT 1)""",
    f"CREATE INDEX IF NOT EXISTS ix_{TERM_TABLE}_trgm ON {TERM_TABLE} USING gin (term gin_trgm_ops)",
)
DROP_STATEMENTS = tuple(f"DROP TABLE IF EXISTS {name}" for name in TABLES)


def quote_lexeme(term: str) -> str:
    """A lexeme as tsvector/tsquery input text."""
    return "'" + term.replace("\\", "\\\\").replace("'", "''") + "'"


def vector(terms: dict[str, list[int]] | set[str] | list[str], positions: bool = True) -> str:
    """tsvector input text for our own terms; positions are 0-based as in
    analysis.word_positions and stored 1-based (clamped as PostgreSQL would,
    at most 256 per term). Runs once per field and page while indexing, so
    the common case (no quote or backslash in any term) is joined in C."""
    escape = "'" in "".join(terms) or "\\" in "".join(terms)
    quote = quote_lexeme if escape else "'{}'".format
    if not positions or not isinstance(terms, dict):
        if not escape:
            return "'" + "' '".join(terms) + "'" if terms else ""
        return " ".join(map(quote, terms))
    if not terms:
        return ""
    one = (1).__add__
    if not escape and max(map(itemgetter(-1), terms.values())) < MAX_POSITION:
        return " ".join([f"'{term}':{','.join(map(str, map(one, found[:256])))}"
                         for term, found in terms.items()])
    return " ".join(
        f"{quote(term)}:{','.join(str(min(p + 1, MAX_POSITION)) for p in found[:256])}"
        for term, found in terms.items())


def _terms(text: str, stemmed: bool) -> dict[str, list[int]]:
    return term_positions(word_positions(text), stemmed)


def _clean(text) -> str:
    return (text or "").replace(SECTION_SEPARATOR, " ")


def record_keys(record: SearchRecord) -> list[str]:
    """Vocabulary filter values (jenis:, status:, bidang:, tipe:), normalised."""
    found = [f"jenis={normalize_key(v)}" for v in (record.jenis, record.jenis_abbrev) if v]
    found += [f"{name}={normalize_key(value)}" for name, value in (
        ("status", record.status), ("bidang", record.bidang), ("tipe", record.doc_type)) if value]
    return sorted(set(found))


def to_rows(record: SearchRecord) -> tuple[dict, list[dict], set[str]]:
    """(entry row, page rows, exact vocabulary) of one record."""
    pages = [(int(no), _clean(text)) for no, text in record.pages]
    subjects = list(dict.fromkeys(s for s in record.subjects if s))
    meta = "\n".join(filter(None, [
        record.identity, record.jenis, record.jenis_abbrev, record.abstract,
        " ; ".join(subjects), record.bidang, record.body]))
    title, identity = _clean(record.title), _clean(record.identity)
    meta_text = SECTION_SEPARATOR.join([title, identity, _clean(meta)])
    meta_by_word = word_positions(meta_text)
    stems, exact = set(term_positions(meta_by_word, True)), set()
    meta_exact = term_positions(meta_by_word, False)
    exact.update(meta_exact)
    page_rows = []
    for page_no, text in pages:
        by_word = word_positions(text)
        page_stems, page_exact = term_positions(by_word, True), term_positions(by_word, False)
        stems.update(page_stems)
        exact.update(page_exact)
        page_rows.append({"key": record.key, "page_no": page_no, "body": text,
                          "stems": vector(page_stems, False), "exact": vector(page_exact)})
    entry = {
        "key": record.key, "version": record.fingerprint(), "kind": record.kind,
        "visibility": record.visibility, "published": bool(record.published),
        "doc_type": record.doc_type or "", "jenis": record.jenis or "",
        "tahun": record.tahun, "status": record.status or "", "bidang": record.bidang or "",
        "subjects": subjects, "keys": record_keys(record), "sort_date": sort_value(record),
        "words": vector(stems, False), "exact": vector(exact, False),
        "meta_x": vector(meta_exact),
        "title_s": vector(_terms(title, True), False), "title_x": vector(_terms(title, False)),
        "identity_s": vector(_terms(" ".join(filter(None, [identity, record.nomor])), True),
                             False),
        "meta_s": vector(_terms(meta, True), False),
        "nomor_x": vector(_terms(record.nomor or "", False)),
        "subject_s": vector(_terms(" ; ".join(subjects), True)),
        "payload": {
            "kind": record.kind, "title": record.title, "identity": record.identity,
            "nomor": record.nomor, "tahun": record.tahun, "doc_type": record.doc_type,
            "jenis": record.jenis, "status": record.status,
            "abstract": record.abstract, "body": record.body},
    }
    return entry, page_rows, exact


def prepare(records) -> list[tuple[dict, list[dict], set[str]]]:
    """to_rows of a batch (what rebuild's worker processes run)."""
    return [to_rows(record) for record in records]
