"""Server time and SQL statements per page, in process (issue 11 targets).

Times each public page kind through the app's WSGI interface (no network,
no gunicorn): the median and p95 of ``--runs`` requests after a warm-up,
the SQL statements each request ran, and with ``--profile KIND`` the top
functions by cumulative time for that kind. Against the database and
index that JDIH_* variables name, e.g. the one bench/load.py builds:

    JDIH_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/jdih_load \\
    JDIH_SEARCH_INDEX_DIR=... JDIH_SECRET_KEY=x python bench/pages.py [--runs 50]
"""
from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import random
import statistics
import sys
import time

from sqlalchemy import event, select

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))


def _paths(app, rng: random.Random) -> dict[str, list[str]]:
    from jdih.catalogue.models import Document
    from jdih.extensions import db

    with app.app_context():
        slugs = list(db.session.scalars(select(Document.slug).where(Document.published_at.is_not(None))
                                        .order_by(Document.id).limit(2000)))
        doc_ids = list(db.session.scalars(select(Document.id).order_by(Document.id).limit(2000)))
    sample = rng.sample(slugs, min(40, len(slugs)))
    words = ["pemilihan", "kampanye", "pengawasan", "keuangan daerah", "perlindungan data", "pemilu"]
    return {
        "home": ["/"],
        "document": [f"/dokumen/{slug}" for slug in sample],
        "listing": ["/peraturan", "/putusan", "/peraturan?page=3", "/monografi"],
        "search": [f"/cari?q={word}" for word in words] + ["/cari?q=%22pemilihan+umum%22", "/cari?q=pemil*"],
        "api_list": ["/api/v1/documents", "/api/v1/documents?page=2&per_page=20"],
        "api_document": [f"/api/v1/documents/{doc_id}" for doc_id in rng.sample(doc_ids, min(20, len(doc_ids)))],
        "jdihn_page": [f"/integrasi/jdihn?page={n}&limit=100" for n in range(1, 6)],
        "news": ["/berita"],
    }


class StatementCounter:
    def __init__(self, engine):
        self.count = 0
        event.listen(engine, "before_cursor_execute", self._count)

    def _count(self, *_args):
        self.count += 1


def measure(app, client, paths: list[str], runs: int, counter: StatementCounter) -> dict:
    for path in paths:  # warm-up: caches, compiled templates, searchers
        client.get(path)
    times, statements, statuses = [], [], set()
    for n in range(runs):
        path = paths[n % len(paths)]
        before = counter.count
        started = time.perf_counter()
        response = client.get(path)
        times.append((time.perf_counter() - started) * 1000)
        statements.append(counter.count - before)
        statuses.add(response.status_code)
    times.sort()
    return {"median_ms": statistics.median(times), "p95_ms": times[int(len(times) * 0.95) - 1],
            "statements": statistics.median(statements), "statuses": sorted(statuses)}


def profile(client, paths: list[str], runs: int) -> str:
    profiler = cProfile.Profile()
    profiler.enable()
    for n in range(runs):
        client.get(paths[n % len(paths)])
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(35)
    return out.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--profile", help="print the profile of one kind (e.g. document)")
    parser.add_argument("--kinds", help="comma-separated kinds to time (default all)")
    args = parser.parse_args()
    from jdih import create_app
    from jdih.extensions import db

    app = create_app({"RATELIMIT_ENABLED": False})
    client = app.test_client()
    paths = _paths(app, random.Random(7))
    with app.app_context():
        counter = StatementCounter(db.engine)
        with db.engine.connect() as conn:
            documents = conn.exec_driver_sql("select count(*) from document").scalar()
    kinds = args.kinds.split(",") if args.kinds else list(paths)
    print(f"{documents} documents; {args.runs} requests per kind after a warm-up; "
          f"server time in process (no network), {os.cpu_count()} cores")
    print(f"{'kind':<14}{'median ms':>10}{'p95 ms':>9}{'SQL':>6}  statuses")
    for kind in kinds:
        row = measure(app, client, paths[kind], args.runs, counter)
        print(f"{kind:<14}{row['median_ms']:>10.1f}{row['p95_ms']:>9.1f}{row['statements']:>6.0f}  {row['statuses']}")
    if args.profile:
        print(profile(client, paths[args.profile], args.runs))


if __name__ == "__main__":
    main()
