"""Benchmark the reading view on a synthetic regulation (bench/structure.py's).

Stores the parse of an N-page regulation as an upload would (the catalogue's
page rows, then ``jdih.reading.operations.store``), then times the public
document page (reading view included) and the structure API. Prints the
median times, the page and JSON sizes, and a final JSON line for machines.

    python bench/reading.py [--pages N] [--runs N]
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from structure import generate  # noqa: E402  (bench/structure.py)


def median_ms(call, runs: int) -> tuple[float, int]:
    timings, size = [], 0
    for _ in range(runs):
        start = time.perf_counter()
        size = call()
        timings.append(time.perf_counter() - start)
    return statistics.median(timings) * 1000, size


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=500)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    from jdih import create_app
    from jdih.catalogue import operations as catalogue
    from jdih.catalogue.models import Attachment, AttachmentPage, Jenis, StoredFile
    from jdih.catalogue.vocabulary import seed_vocabularies
    from jdih.extensions import db
    from jdih.reading import operations
    from sqlalchemy import select

    folder = Path(tempfile.mkdtemp(prefix="jdih-bench-reading-"))
    app = create_app({"TESTING": True, "SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/b.db",
                      "UPLOAD_DIR": str(folder / "up"), "SEARCH_INDEX_DIR": str(folder / "ix"),
                      "IMPORT_DIR": str(folder / "im"), "FEED_CACHE_DIR": str(folder / "fc"),
                      "TASKS_SQLITE_PATH": str(folder / "t.sqlite3"), "TASKS_IMMEDIATE": True})
    pages, _ = generate(args.pages)
    with app.test_request_context():
        db.create_all()
        seed_vocabularies()
        uu = db.session.scalar(select(Jenis).where(Jenis.abbreviation == "UU"))
        doc = catalogue.create_document("peraturan", {"jenis_id": uu.id, "nomor": "99", "tahun": 2030,
                                                      "judul": "Contoh Sintetis"})
        catalogue.publish(doc)
        db.session.add(StoredFile(sha256="0" * 64, size=1, content_type="application/pdf"))
        attachment = Attachment(document_id=doc.id, role="naskah", sha256="0" * 64, filename="naskah.pdf",
                                page_count=len(pages),
                                pages=[AttachmentPage(page_no=n, text=t) for n, t in enumerate(pages, 1)])
        db.session.add(attachment)
        db.session.flush()
        start = time.perf_counter()
        row = operations.store(doc, attachment)
        store_ms = (time.perf_counter() - start) * 1000
        db.session.commit()
        slug, state = doc.slug, row.state
    client = app.test_client()
    page_ms, page_bytes = median_ms(lambda: len(client.get(f"/dokumen/{slug}").data), args.runs)
    api_ms, api_bytes = median_ms(lambda: len(client.get(f"/api/v1/documents/{slug}/struktur").data), args.runs)
    print(f"pages: {len(pages)}  state: {state}  parse+store: {store_ms:.0f} ms")
    print(f"document page: {page_ms:.0f} ms median, {page_bytes / 1024:.0f} KB")
    print(f"structure API: {api_ms:.0f} ms median, {api_bytes / 1024:.0f} KB")
    print(json.dumps({"pages": len(pages), "store_ms": round(store_ms), "page_ms": round(page_ms),
                      "page_kb": round(page_bytes / 1024), "api_ms": round(api_ms),
                      "api_kb": round(api_bytes / 1024)}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
