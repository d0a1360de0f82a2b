"""Relations benchmark: derived status in bulk, one document's card, suggestions.

    python bench/relations.py --docs 2000

Builds a temporary SQLite catalogue of regulations where every tenth law is
amended by two others, revoked every twentieth, reviewed every seventh;
then times derived_statuses() over pages of 20 and over all documents (the
search facet's need), derived_status() one at a time, the document page
(relations card included), and suggestions over a 100-page text. Prints a
table, then one JSON line with the figures.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from datetime import date

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

from sqlalchemy import event, select  # noqa: E402


def timed(fn, repeat: int = 5) -> float:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=2000)
    args = parser.parse_args()

    from jdih import create_app
    from jdih.catalogue import operations as catalogue
    from jdih.catalogue.models import Document, Jenis
    from jdih.catalogue.vocabulary import seed_vocabularies
    from jdih.extensions import db
    from jdih.relations import derived_status, derived_statuses
    from jdih.relations import operations as rel
    from jdih.relations.queries import jenis_index
    from jdih.relations.suggestions import find_cues
    from jdih.relations.identities import citation_identity

    tmp = tempfile.mkdtemp(prefix="jdih-bench-relations-")
    app = create_app({"TESTING": True, "SECRET_KEY": "bench", "RATELIMIT_ENABLED": False,
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp}/bench.sqlite3",
                      "UPLOAD_DIR": f"{tmp}/up", "SEARCH_INDEX_DIR": f"{tmp}/ix"})
    figures: dict[str, float] = {"docs": args.docs}
    with app.app_context():
        db.create_all()
        seed_vocabularies()
        uu = db.session.scalar(select(Jenis).where(Jenis.abbreviation == "UU"))
        mk = db.session.scalar(select(Jenis).where(Jenis.abbreviation == "MK"))
        start = time.perf_counter()
        docs = []
        for n in range(1, args.docs + 1):
            doc = catalogue.create_document("peraturan", {
                "jenis_id": uu.id, "nomor": str(n), "tahun": 2000 + n % 20, "judul": f"Undang-undang {n}",
                "tanggal_pengundangan": date(2000 + n % 20, 1 + n % 12, 1 + n % 28), "status": "Berlaku"})
            catalogue.publish(doc)
            docs.append(doc)
        ruling = catalogue.create_document("putusan", {"jenis_id": mk.id, "nomor": "1/PUU-XX/2022",
                                                        "judul": "Putusan", "tanggal_dibacakan": date(2022, 1, 1)})
        catalogue.publish(ruling)
        relations = 0
        for i, doc in enumerate(docs):
            if i % 10 == 0 and i + 2 < len(docs):
                for other in docs[i + 1:i + 3]:
                    rel.add("mengubah", rel.End.of(other), rel.End.of(doc))
                    relations += 1
            if i % 20 == 5 and i + 3 < len(docs):
                rel.add("mencabut", rel.End.of(docs[i + 3]), rel.End.of(doc))
                relations += 1
            if i % 7 == 0:
                rel.add("menguji", rel.End.of(ruling), rel.End.of(doc), result="dikabulkan_sebagian",
                        pasal="Pasal 1")
                relations += 1
        db.session.commit()
        figures["relations"] = relations
        figures["setup_s"] = round(time.perf_counter() - start, 1)

        ids = [doc.id for doc in docs]

        def fresh(chunk):
            db.session.expire_all()
            return db.session.scalars(select(Document).where(Document.id.in_(chunk))).all()

        page = fresh(ids[:20])
        statements = []
        event.listen(db.engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
        derived_statuses(page)
        figures["queries_per_batch"] = len(statements)
        figures["batch_20_ms"] = round(timed(lambda: derived_statuses(page), 20), 2)
        everything = fresh(ids)
        figures[f"batch_all_ms"] = round(timed(lambda: derived_statuses(everything), 3), 1)
        figures["single_ms"] = round(timed(lambda: derived_status(page[0]), 20), 2)
        statuses = derived_statuses(everything)
        figures["tidak_berlaku"] = sum(1 for s in statuses.values() if s.status == "Tidak Berlaku")

    client = app.test_client()
    figures["detail_page_ms"] = round(timed(lambda: client.get("/dokumen/uu-1-2001").close(), 10), 1)

    with app.app_context():
        index = jenis_index()
        paragraph = ("Dengan berlakunya Peraturan ini, Undang-Undang Nomor 12 Tahun 2011 sebagaimana "
                     "telah diubah dengan Undang-Undang Nomor 15 Tahun 2019 dicabut dan dinyatakan "
                     "tidak berlaku. Pasal 5 mengatur tata cara pelaksanaan pemungutan suara. ")
        text = paragraph * 12  # about one PDF page
        pages = [text] * 100
        figures["suggest_100_pages_ms"] = round(timed(
            lambda: [find_cues(p, lambda c: citation_identity(c, index)) for p in pages], 3), 1)

    width = max(len(k) for k in figures)
    for key, value in figures.items():
        print(f"{key:<{width}}  {value}")
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
