"""Benchmark the JDIHN harvest feed (/integrasi/jdihn) on 10,000 documents.

Builds a temporary SQLite catalogue (documents of all five types, subjects,
and a PDF on every third document, inserted in bulk: the feed only reads
them), then measures through the Flask test client: the first request, the
median of several full requests (served from the in-process body cache,
and rebuilt with the cache off), the median of 304 revalidations
(If-None-Match), a paged request, and the response size. Prints a table and
a final JSON line for machines.

    python bench/feed.py [--documents N] [--runs N]
"""
from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import insert, select  # noqa: E402

from jdih import create_app  # noqa: E402
from jdih.catalogue.models import (  # noqa: E402
    Attachment, Document, Jenis, StoredFile, Term, document_subject,
)
from jdih.catalogue.vocabulary import seed_vocabularies  # noqa: E402
from jdih.extensions import db  # noqa: E402

TYPES = ("peraturan", "peraturan", "peraturan", "putusan", "monografi", "artikel", "laporan")
SUBJECTS = ["Pemilihan Umum", "KPU", "Bawaslu", "Pilkada", "Kampanye", "Dana Kampanye", "Daftar Pemilih",
            "Sengketa", "Logistik", "Partisipasi"]


def populate(count: int) -> None:
    seed_vocabularies()
    rng = random.Random(7)
    jenis = {doc_type: list(db.session.scalars(select(Jenis).where(Jenis.doc_type == doc_type)))
             for doc_type in set(TYPES)}
    bidang = list(db.session.scalars(select(Term).where(Term.vocabulary == "bidang")))
    bahasa = db.session.scalar(select(Term).where(Term.vocabulary == "bahasa", Term.label == "Indonesia"))
    subjects = [Term(vocabulary="subjek", label=label) for label in SUBJECTS]
    db.session.add_all(subjects)
    db.session.add(StoredFile(sha256="0" * 64, size=123_456, content_type="application/pdf"))
    db.session.flush()
    now = datetime.now(timezone.utc)
    documents, links, files = [], [], []
    for n in range(1, count + 1):
        doc_type = TYPES[n % len(TYPES)]
        chosen = rng.choice(jenis[doc_type])
        year = rng.randint(1990, 2025)
        documents.append({
            "id": n, "doc_type": doc_type, "jenis_id": chosen.id, "slug": f"dokumen-{n}",
            "identity": f"{chosen.abbreviation or 'X'} {n}/{year}" if doc_type in ("peraturan", "putusan") else None,
            "judul": f"Dokumen uji nomor {n} tentang penyelenggaraan pemilihan umum dan pemilihan kepala daerah",
            "nomor": str(n), "tahun": year, "teu_badan": "Indonesia. Komisi Pemilihan Umum",
            "tempat_penetapan": "Jakarta", "tanggal_penetapan": date(year, rng.randint(1, 12), rng.randint(1, 28)),
            "sumber": f"BN {year} ({n})", "status": "Berlaku", "bahasa_id": bahasa.id,
            "bidang_id": rng.choice(bidang).id,
            "abstrak": "Ringkasan isi dokumen untuk pengujian kinerja umpan JDIHN. " * 4,
            "state": "published", "visibility": "public", "is_deleted": False,
            "published_at": now - timedelta(minutes=n), "created_at": now - timedelta(minutes=n),
            "updated_at": now - timedelta(minutes=n), "view_count": 0,
        })
        links += [{"document_id": n, "term_id": term.id} for term in rng.sample(subjects, 3)]
        if n % 3 == 0:
            files.append({"document_id": n, "role": "naskah", "filename": f"dokumen-{n}.pdf", "sha256": "0" * 64,
                          "page_count": 10, "download_count": 0, "is_deleted": False, "created_at": now})
    db.session.execute(insert(Document), documents)
    db.session.execute(insert(document_subject), links)
    db.session.execute(insert(Attachment), files)
    db.session.commit()


def timed(client, url: str, headers: dict | None = None):
    start = time.perf_counter()
    response = client.get(url, headers=headers or {})
    data = response.get_data()
    return (time.perf_counter() - start) * 1000, response, data


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app({"TESTING": True, "SECRET_KEY": "bench", "RATELIMIT_ENABLED": False,
                          "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp}/bench.sqlite3",
                          "UPLOAD_DIR": f"{tmp}/uploads", "SEARCH_INDEX_DIR": f"{tmp}/index"})
        with app.app_context():
            db.create_all()
            start = time.perf_counter()
            populate(args.documents)
            setup_s = time.perf_counter() - start
        client = app.test_client()
        first_ms, response, body = timed(client, "/integrasi/jdihn")
        assert response.status_code == 200 and len(json.loads(body)) == args.documents
        etag = response.headers["ETag"]
        cached = [timed(client, "/integrasi/jdihn")[0] for _ in range(args.runs)]
        app.config["JDIHN_FEED_CACHE_ENTRIES"] = 0  # every request builds the body again
        full = [timed(client, "/integrasi/jdihn")[0] for _ in range(args.runs)]
        app.config["JDIHN_FEED_CACHE_ENTRIES"] = 4
        revalidate = []
        for _ in range(args.runs):
            ms, response, _ = timed(client, "/integrasi/jdihn", {"If-None-Match": etag})
            assert response.status_code == 304
            revalidate.append(ms)
        paged = [timed(client, "/integrasi/jdihn?page=3&limit=100")[0] for _ in range(args.runs)]
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
    result = {
        "documents": args.documents, "runs": args.runs, "setup_s": round(setup_s, 2),
        "first_ms": round(first_ms, 1), "full_median_ms": round(statistics.median(full), 1),
        "cached_median_ms": round(statistics.median(cached), 1),
        "revalidate_304_median_ms": round(statistics.median(revalidate), 2),
        "page_100_median_ms": round(statistics.median(paged), 1),
        "size_bytes": len(body), "size_per_document_bytes": round(len(body) / args.documents),
    }
    print(f"JDIHN feed, {args.documents} documents, SQLite, {args.runs} runs (median)")
    print(f"{'first request':<28}{result['first_ms']:>12.1f} ms")
    print(f"{'full feed rebuilt, median':<28}{result['full_median_ms']:>12.1f} ms")
    print(f"{'full feed cached, median':<28}{result['cached_median_ms']:>12.1f} ms")
    print(f"{'304 revalidation, median':<28}{result['revalidate_304_median_ms']:>12.2f} ms")
    print(f"{'page of 100, median':<28}{result['page_100_median_ms']:>12.1f} ms")
    print(f"{'response size':<28}{len(body) / 1024 / 1024:>12.2f} MB ({result['size_per_document_bytes']} B/doc)")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
