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

from .analysis import (SECTION_SEPARATOR, distinct_words, normalize_key, term_positions,
                       term_set, word_positions)
from .backend import SearchRecord
from .whoosh_schema import sort_value

ENTRY_TABLE = "search_entry"
PAGE_TABLE = "search_page"
TERM_TABLE = "search_term"
TABLES = (ENTRY_TABLE, PAGE_TABLE, TERM_TABLE)
#: Highest position a tsvector keeps (PostgreSQL clamps larger ones).
MAX_POSITION = 16383

#: Suffix of the tables a full rebuild fills before they replace the live ones.
NEXT = "_next"


def table_statements(suffix: str = "", keys: bool = True) -> tuple[str, ...]:
    """CREATE TABLE of the three tables, named with `suffix`; without
    `keys` the primary keys are left out (a bulk load adds them after)."""
    entry_key, page_key, term_key = (" PRIMARY KEY", ",\n        PRIMARY KEY (key, page_no)",
                                     " PRIMARY KEY") if keys else ("", "", "")
    return (
        f"""CREATE TABLE IF NOT EXISTS {ENTRY_TABLE}{suffix} (
        key varchar(80){entry_key},
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
        f"""CREATE TABLE IF NOT EXISTS {PAGE_TABLE}{suffix} (
        key varchar(80) NOT NULL,
        page_no integer NOT NULL,
        body text NOT NULL,
        stems tsvector NOT NULL,
        exact tsvector NOT NULL{page_key})""",
        f"""CREATE TABLE IF NOT EXISTS {TERM_TABLE}{suffix} (
        term text COLLATE "C"{term_key},
        ndocs integer NOT NULL DEFAULT 1)""",
    )


#: (table, index name, method and column) of every secondary index.
INDEXES = (
    *((ENTRY_TABLE, column, f"gin ({column})")
      for column in ("words", "exact", "meta_x", "title_x", "nomor_x", "subject_s", "keys")),
    (ENTRY_TABLE, "sort", "btree (sort_date, key)"),
    (PAGE_TABLE, "exact", "gin (exact)"),
    (TERM_TABLE, "trgm", "gin (term gin_trgm_ops)"),
)
#: (table, columns) of the primary keys (named <table>_pkey).
PRIMARY_KEYS = ((ENTRY_TABLE, "key"), (PAGE_TABLE, "key, page_no"), (TERM_TABLE, "term"))


def index_name(table: str, name: str, suffix: str = "") -> str:
    return f"ix_{table}_{name}{suffix}"


def index_statements(suffix: str = "") -> tuple[str, ...]:
    return tuple(
        f"CREATE INDEX IF NOT EXISTS {index_name(table, name, suffix)} ON {table}{suffix} "
        f"USING {how}" for table, name, how in INDEXES)


#: Statements creating what the backend needs (the migration runs the same).
CREATE_STATEMENTS = table_statements() + index_statements()
DROP_STATEMENTS = tuple(f"DROP TABLE IF EXISTS {name}" for name in TABLES)


def quote_lexeme(term: str) -> str:
    """A lexeme as tsvector/tsquery input text."""
    return "'" + term.replace("\\", "\\\\").replace("'", "''") + "'"


#: 0-based position -> its 1-based tsvector text (no str() per position).
_POSITION_TEXT = [str(p + 1) for p in range(MAX_POSITION)]


def vector(terms: dict[str, list[int]] | set[str] | list[str], positions: bool = True) -> str:
    """tsvector input text for our own terms; positions are 0-based as in
    analysis.word_positions and stored 1-based (clamped as PostgreSQL would,
    at most 256 per term). Runs once per field and page while indexing, so
    the common case (no quote or backslash in any term) is joined in C."""
    joined = "".join(terms)
    escape = "'" in joined or "\\" in joined
    quote = quote_lexeme if escape else "'{}'".format
    if not positions or not isinstance(terms, dict):
        if not escape:
            return "'" + "' '".join(terms) + "'" if terms else ""
        return " ".join(map(quote, terms))
    if not terms:
        return ""
    if not escape and max(map(itemgetter(-1), terms.values())) < MAX_POSITION:
        text_of = _POSITION_TEXT.__getitem__
        return " ".join([f"'{term}':{','.join(map(text_of, found[:256]))}"
                         for term, found in terms.items()])
    return " ".join(
        f"{quote(term)}:{','.join(str(min(p + 1, MAX_POSITION)) for p in found[:256])}"
        for term, found in terms.items())


def _terms(text: str, stemmed: bool) -> dict[str, list[int]]:
    return term_positions(word_positions(text), stemmed)


def _term_set(text: str, stemmed: bool) -> set[str]:
    return term_set(distinct_words(text), stemmed)


def _clean(text) -> str:
    return (text or "").replace(SECTION_SEPARATOR, " ")


def record_keys(record: SearchRecord) -> list[str]:
    """Vocabulary filter values (jenis:, status:, bidang:, tipe:), normalised."""
    found = [f"jenis={normalize_key(v)}" for v in (record.jenis, record.jenis_abbrev) if v]
    found += [f"{name}={normalize_key(value)}" for name, value in (
        ("status", record.status), ("bidang", record.bidang), ("tipe", record.doc_type)) if value]
    return sorted(set(found))


def to_rows(record: SearchRecord, encode=vector) -> tuple[dict, list[dict], set[str]]:
    """(entry row, page rows, exact vocabulary) of one record, its vectors
    made by `encode` (tsvector input text; pg_binary.tsvector for COPY
    BINARY)."""
    pages = [(int(no), _clean(text)) for no, text in record.pages]
    subjects = list(dict.fromkeys(s for s in record.subjects if s))
    meta = "\n".join(filter(None, [
        record.identity, record.jenis, record.jenis_abbrev, record.abstract,
        " ; ".join(subjects), record.bidang, record.body]))
    title, identity = _clean(record.title), _clean(record.identity)
    meta_text = SECTION_SEPARATOR.join([title, identity, _clean(meta)])
    meta_by_word = word_positions(meta_text)
    # Stripped vectors need only the set of terms (term_set), positional
    # ones the positions (term_positions); each text is tokenised once.
    stems = term_set(meta_by_word, True)
    meta_exact = term_positions(meta_by_word, False)
    exact = set(meta_exact)
    page_rows = []
    for page_no, text in pages:
        by_word = word_positions(text)
        page_stems, page_exact = term_set(by_word, True), term_positions(by_word, False)
        stems |= page_stems
        exact.update(page_exact)
        page_rows.append({"key": record.key, "page_no": page_no, "body": text,
                          "stems": encode(page_stems, False), "exact": encode(page_exact)})
    title_by_word = word_positions(title)
    entry = {
        "key": record.key, "version": record.fingerprint(), "kind": record.kind,
        "visibility": record.visibility, "published": bool(record.published),
        "doc_type": record.doc_type or "", "jenis": record.jenis or "",
        "tahun": record.tahun, "status": record.status or "", "bidang": record.bidang or "",
        "subjects": subjects, "keys": record_keys(record), "sort_date": sort_value(record),
        "words": encode(stems, False), "exact": encode(exact, False),
        "meta_x": encode(meta_exact),
        "title_s": encode(term_set(title_by_word, True), False),
        "title_x": encode(term_positions(title_by_word, False)),
        "identity_s": encode(_term_set(" ".join(filter(None, [identity, record.nomor])), True),
                             False),
        "meta_s": encode(_term_set(meta, True), False),
        "nomor_x": encode(_terms(record.nomor or "", False)),
        "subject_s": encode(_terms(" ; ".join(subjects), True)),
        "payload": {
            "kind": record.kind, "title": record.title, "identity": record.identity,
            "nomor": record.nomor, "tahun": record.tahun, "doc_type": record.doc_type,
            "jenis": record.jenis, "status": record.status,
            "abstract": record.abstract, "body": record.body},
    }
    return entry, page_rows, exact


def prepare(records, encode=vector) -> list[tuple[dict, list[dict], set[str]]]:
    """to_rows of a batch (what rebuild's worker processes run)."""
    return [to_rows(record, encode) for record in records]
