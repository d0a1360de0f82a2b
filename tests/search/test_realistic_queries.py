"""Realistic queries (tests/search/data/realistic_queries.toml) against the
demo catalogue: the share each half finds within its rank bound, on each
database and search backend. Prints the hit rates and the misses."""
from __future__ import annotations

import tomllib
from collections import defaultdict
from pathlib import Path

import pytest

from backends import app_config, database_url, search_backend_name, search_setup  # noqa: F401 (fixtures)
from jdih.search import citation_query, pasal_query, service

QUERIES = tomllib.loads((Path(__file__).parent / "data" / "realistic_queries.toml")
                        .read_text(encoding="utf-8"))["query"]
#: The share of each half that must find its document within its bound.
REQUIRED_HIT_RATE = 0.95
SHOWN = 10


def ranked_slugs(app, query: str) -> list[str]:
    """What an anonymous reader gets for `query` on /cari: the document a
    citation opens directly, else the slugs of the first results."""
    with app.test_request_context():
        cited = citation_query.lookup(query, None)
        if pasal_query.opens_directly(cited, query, None):
            return [cited.found.slug]
        page = service.run(service.build_request(query, {}, per_page=SHOWN), None)
        return [getattr(item.row, "slug", "") for item in page.items]


def evaluate(app) -> tuple[dict, dict, list[str]]:
    """(hits per set, totals per set, misses) plus per-class counts in the sets."""
    hits, totals, misses = defaultdict(int), defaultdict(int), []
    for entry in QUERIES:
        slugs = ranked_slugs(app, entry["q"])
        found = entry["slug"] in slugs[:entry["rank"]]
        for group in (entry["set"], f"{entry['set']}/{entry['class']}"):
            totals[group] += 1
            hits[group] += found
        if not found:
            misses.append(f"[{entry['set']}/{entry['class']}] {entry['q']!r}: want "
                          f"{entry['slug']} in top {entry['rank']}, got {slugs[:5]}")
    return hits, totals, misses


@pytest.fixture
def demo(app, runner):
    result = runner.invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    return app


def test_realistic_queries_find_their_documents(demo, search_setup):
    hits, totals, misses = evaluate(demo)
    print(f"\nrealistic queries on {search_setup}:")
    for group in sorted(totals):
        print(f"  {group:22} {hits[group]:3}/{totals[group]:3} = {hits[group] / totals[group]:.0%}")
    for miss in misses:
        print("  miss", miss)
    rates = {half: hits[half] / totals[half] for half in ("tune", "heldout")}
    assert min(rates.values()) >= REQUIRED_HIT_RATE, rates
