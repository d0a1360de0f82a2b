"""Server time and SQL statements of /statistik and /api/v1/statistik.

Builds a throwaway SQLite catalogue of ``--documents`` published
regulations (every tenth revoked by the next one, a year of daily
counters), then times each page through the app's WSGI interface: median
and p95 of ``--runs`` requests after a warm-up, and the statements one
request ran. The derived status is computed batch by batch (500 documents
per batch, two queries each), so the time grows with the catalogue:

    python bench/stats.py [--documents 5000] [--runs 10]
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta, timezone

from sqlalchemy import event, insert, select

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))


def build(app, documents: int) -> None:
    from jdih.catalogue.daily_counts import DailyCount
    from jdih.catalogue.models import Document, Jenis
    from jdih.catalogue.vocabulary import seed_vocabularies
    from jdih.extensions import db
    from jdih.relations.models import Relation

    with app.app_context():
        db.create_all()
        seed_vocabularies()
        uu = db.session.scalar(select(Jenis.id).where(Jenis.abbreviation == "UU"))
        now = datetime.now(timezone.utc)
        rows = [{"id": n, "doc_type": "peraturan", "jenis_id": uu, "identity": f"UU {n}/{1990 + n % 35}",
                 "slug": f"uu-{n}", "judul": f"Undang-undang uji {n}", "nomor": str(n), "tahun": 1990 + n % 35,
                 "state": "published", "visibility": "public", "status": "Berlaku", "published_at": now,
                 "view_count": n % 97, "tanggal_penetapan": date(1990 + n % 35, 1, 1)}
                for n in range(1, documents + 1)]
        db.session.execute(insert(Document), rows)
        db.session.execute(insert(Relation), [
            {"kind": "mencabut", "source_id": n + 1, "source_identity": f"UU {n + 1}/{1990 + (n + 1) % 35}",
             "target_id": n, "target_identity": f"UU {n}/{1990 + n % 35}"}
            for n in range(10, documents, 10)])
        today = date.today()
        db.session.execute(insert(DailyCount), [{"day": today - timedelta(days=d), "kind": kind, "count": d}
                                                for d in range(366) for kind in ("view", "download")])
        db.session.commit()


def measure(app, path: str, runs: int) -> tuple[float, float, int]:
    from jdih.extensions import db

    client = app.test_client()
    client.get(path)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        assert client.get(path).status_code == 200
        times.append((time.perf_counter() - start) * 1000)
    statements = []
    with app.app_context():
        engine = db.engine
    listener = lambda *args: statements.append(1)  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    client.get(path)
    event.remove(engine, "before_cursor_execute", listener)
    times.sort()
    return statistics.median(times), times[max(0, int(len(times) * 0.95) - 1)], len(statements)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    from jdih import create_app

    with tempfile.TemporaryDirectory() as tmp:
        app = create_app({"TESTING": True, "SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI":
                          f"sqlite:///{tmp}/bench.sqlite3", "SEARCH_INDEX_DIR": f"{tmp}/index",
                          "TASKS_SQLITE_PATH": f"{tmp}/tasks.sqlite3", "TASKS_IMMEDIATE": True})
        build(app, args.documents)
        print(f"{args.documents} published documents, {args.runs} runs")
        for path in ("/statistik", "/api/v1/statistik"):
            median, p95, statements = measure(app, path, args.runs)
            print(f"{path:22} median {median:7.1f} ms  p95 {p95:7.1f} ms  {statements} SQL statements")


if __name__ == "__main__":
    main()
