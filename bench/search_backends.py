"""Parts of bench/search.py: the backends under test and the real_ query kinds.

* whoosh in a temporary directory;
* PostgreSQL in a schema of its own on JDIH_BENCH_POSTGRES_URL (default: the
  test server), dropped afterwards; pg_trgm is created in public if missing.

The real_ kinds ask what people type, taken from the real titles and
abstracts the demo ships (the corpus vocabulary includes them): a rare or
mid-frequency word, two or three words, a two-word phrase, and a citation
("UU 12/1999") of a corpus record.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import tempfile
import uuid
from contextlib import contextmanager

from sqlalchemy import create_engine, text

from jdih.config import normalise_database_url
from jdih.search import WhooshBackend, analysis
from jdih.search.pg_backend import PgBackend

DEFAULT_POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/test"
SEED_FILE = os.path.join(os.path.dirname(__file__), "..", "jdih", "demo", "data",
                         "legal_documents.json")


@contextmanager
def whoosh_backend(base_dir: str | None = None):
    directory = base_dir or tempfile.mkdtemp(prefix="jdih-bench-")
    backend = WhooshBackend(directory)
    try:
        yield backend
    finally:
        backend.close()
        if not base_dir:
            shutil.rmtree(directory, ignore_errors=True)


@contextmanager
def postgres_backend(url: str | None = None):
    """A PgBackend in a fresh schema (search_path: it, then public)."""
    url = normalise_database_url(url or os.environ.get("JDIH_BENCH_POSTGRES_URL")
                                 or DEFAULT_POSTGRES_URL)
    schema = "bench_" + uuid.uuid4().hex[:10]
    admin = create_engine(url)
    with admin.begin() as conn:
        conn.execute(text("CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public"))
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    separator = "&" if "?" in url else "?"
    engine = create_engine(f"{url}{separator}options=-csearch_path%3D{schema}%2Cpublic")
    backend = PgBackend(engine)
    try:
        backend.ensure_schema()
        yield backend
    finally:
        engine.dispose()
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def vacuum_analyze(backend) -> None:
    """Fresh statistics and visibility map after a bulk load, as autovacuum
    would give a running site."""
    if isinstance(backend, PgBackend):
        with backend.engine.connect() as conn:
            conn.execution_options(isolation_level="AUTOCOMMIT").execute(
                text("VACUUM ANALYZE"))


def _real_texts() -> list[list[str]]:
    with open(SEED_FILE, encoding="utf-8") as handle:
        documents = json.load(handle)["documents"]
    return [analysis.words(f"{d.get('judul') or ''}. {d.get('abstrak') or ''}")
            for d in documents]


def _meaningful(word: str) -> bool:
    return word not in analysis.STOP_WORDS and word.isalpha() and len(word) > 3


#: real_term asks rare and mid-frequency words: expected in at most this
#: share of the documents. The generated corpus has no truly rare word (its
#: 1,272-word vocabulary puts even the rarest in 9 % of documents); this
#: keeps the rarest quarter of the real words, and the frequent rest is
#: what the common-word "term" kind measures.
REAL_TERM_MAX_SHARE = 0.15


def real_queries(records, rng: random.Random, per_kind: int,
                 doc_share) -> dict[str, list[str]]:
    """Queries of the real_ kinds (see the module docstring); `doc_share`
    gives the share of the corpus documents expected to hold a word's stem."""
    texts = [t for t in _real_texts() if len(set(filter(_meaningful, t))) >= 3]
    words = sorted({w for t in texts for w in t if _meaningful(w)})
    rare = [w for w in words if 0 < doc_share(w) <= REAL_TERM_MAX_SHARE]
    combined, phrases = [], []
    while len(combined) < per_kind:  # two- and three-word queries, in turn
        chosen = [w for w in dict.fromkeys(rng.choice(texts)) if _meaningful(w)]
        combined.append(" ".join(rng.sample(chosen, 2 + len(combined) % 2)))
    while len(phrases) < per_kind:
        found = rng.choice(texts)
        at = rng.randrange(len(found) - 1)
        if _meaningful(found[at]) and _meaningful(found[at + 1]):
            phrases.append(f"{found[at]} {found[at + 1]}")
    identities = [r.identity for r in rng.sample(records, per_kind)]
    return {"real_term": rng.sample(rare, min(per_kind, len(rare))), "real_and": combined,
            "real_phrase": phrases, "real_identifier": identities}
