"""What one search may cost (issue 10): a minimum prefix length, a cap on
the terms a prefix or near spelling expands to, a time budget, and a rate
limit per address. The large-vocabulary cases run on one shared index of
generated documents (built once for the module)."""
from __future__ import annotations

import time

import pytest

from generated_corpus import generated_records
from backends import app_config, database_url, search_backend_name, search_setup  # noqa: F401 (fixtures)
from sqlalchemy import text

from backends import BACKENDS, backend_of
from jdih.search import SearchRequest, WhooshBackend
from jdih.search.pg_terms import prefix_expansions
from jdih.search.limits import SearchLimits
from jdih.search.whoosh_query import CappedPrefix

TWELVE_WILDCARDS = "pe* da* ko* ca* su* se* pu* de* ka* an* ke* ta*"


@pytest.fixture(scope="module", params=BACKENDS)
def big_index(request, tmp_path_factory):
    with backend_of(request.param, tmp_path_factory.mktemp("big")) as engine:
        engine.rebuild(generated_records())
        yield engine


def expansions(engine, prefix: str, limit: int) -> tuple[list, dict]:
    """(the terms `prefix` expands to, doc frequency of every term it could)."""
    if isinstance(engine, WhooshBackend):
        with engine._searching() as (searcher, _):
            reader = searcher.reader()
            expanded = CappedPrefix("content_x", prefix, limit=limit)._btexts(reader)
            return expanded, {t: reader.doc_frequency("content_x", t)
                              for t in reader.expand_prefix("content_x", prefix)}
    with engine.engine.connect() as conn:
        expanded = prefix_expansions(conn, prefix, limit)
        return expanded, dict(conn.execute(text(
            "SELECT term, ndocs FROM search_term WHERE starts_with(term, :p)"), {"p": prefix}).all())


def search(engine, query, **limits):
    return engine.search(SearchRequest(query=query, limits=SearchLimits(**limits)))


def test_a_too_short_prefix_is_searched_as_a_word_with_a_note(big_index):
    started = time.perf_counter()
    result = search(big_index, TWELVE_WILDCARDS, min_prefix=3)
    assert time.perf_counter() - started < 2
    assert result.complete
    assert any("terlalu pendek" in note and "“pe*”" in note for note in result.notes)
    # "pe" alone is no word of the corpus: nothing matches, nothing expands.
    assert search(big_index, "pe*", min_prefix=3).total == 0
    assert search(big_index, "pem*", min_prefix=3).total > 0


def test_a_prefix_expands_to_a_bounded_number_of_terms(big_index):
    expanded, frequency = expansions(big_index, "pe", 40)
    assert len(frequency) > 500
    assert len(expanded) == 40
    # The most frequent terms are the ones kept.
    assert min(frequency[t] for t in expanded) >= sorted(frequency.values())[-40]
    result = search(big_index, "pe*", min_prefix=2, max_expansions=40)
    assert 0 < result.total < len(big_index.keys_with_versions())
    assert any("terlalu banyak kata" in note and "40" in note for note in result.notes)
    assert not search(big_index, "pemiluan*", min_prefix=2, max_expansions=40).notes


def test_a_search_out_of_time_answers_with_what_it_has(big_index):
    full = search(big_index, "pem* OR pen*", min_prefix=3)
    assert full.complete and full.total > 0 and full.facets
    result = search(big_index, "pem* OR pen*", min_prefix=3, time_budget=0)
    assert not result.complete
    assert result.total <= full.total
    assert any("batas waktu" in note for note in result.notes)
    assert result.facets == {}


# --- through the app ---------------------------------------------------------------

@pytest.fixture
def limited_app(database_url, tmp_path, search_backend_name):
    from conftest import make_config
    from jdih import create_app
    from jdih.extensions import db, limiter
    from jdih.search.service import close_backends

    app = create_app(make_config(database_url, tmp_path, SEARCH_RATE_LIMIT="3 per minute",
                                 SEARCH_MIN_PREFIX=3, SEARCH_BACKEND=search_backend_name))
    with app.app_context():
        db.create_all()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    close_backends()
    limiter.reset()


def test_search_page_shows_the_short_prefix_note(limited_app):
    client = limited_app.test_client()
    html = client.get("/cari?q=pe*").get_data(as_text=True)
    assert "Awalan kata “pe*” terlalu pendek (minimal 3 huruf)" in html
    body = client.get("/api/v1/search?q=pe*").get_json()
    assert body["complete"] is True and "terlalu pendek" in body["notes"][0]


def test_search_is_rate_limited_per_address(limited_app):
    client = limited_app.test_client()
    for _ in range(3):
        assert client.get("/cari?q=pemilu").status_code == 200
    page = client.get("/cari?q=pemilu")
    assert page.status_code == 429
    assert "Terlalu banyak" in page.get_data(as_text=True)
    for _ in range(3):
        assert client.get("/api/v1/search?q=pemilu").status_code == 200
    answer = client.get("/api/v1/search?q=pemilu")
    assert answer.status_code == 429
    assert answer.get_json()["error"]["code"] == "rate_limited"
    other = limited_app.test_client()
    assert other.get("/cari?q=pemilu", environ_base={"REMOTE_ADDR": "10.0.0.9"}).status_code == 200
