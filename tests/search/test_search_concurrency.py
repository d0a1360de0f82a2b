"""Several processes writing at once lose no index update."""
from __future__ import annotations

import multiprocessing

from backends import app_config, database_url, search_backend_name, search_setup  # noqa: F401 (fixtures)
from jdih import create_app
from jdih.extensions import db
from jdih.search import maintenance, service

WORKERS = 3
DOCS_PER_WORKER = 6


def _write_documents(config: dict, worker: int) -> None:
    from jdih.catalogue import operations
    from jdih.catalogue.vocabulary import jenis_choices

    app = create_app(config)
    with app.app_context():
        uu = next(j.id for j in jenis_choices("peraturan") if j.abbreviation == "UU")
        for n in range(DOCS_PER_WORKER):
            doc = operations.create_document("peraturan", {
                "jenis_id": uu, "nomor": f"{worker}{n:02d}", "tahun": 2021,
                "judul": f"Serentak pekerja{worker} dokumen{n}"})
            operations.publish(doc)
            db.session.commit()  # each commit drains the outbox in this process
        service.close_backends()
        db.engine.dispose()


def test_concurrent_writers_in_several_processes(app, app_config):
    context = multiprocessing.get_context("spawn")
    processes = [context.Process(target=_write_documents, args=(app_config, worker))
                 for worker in range(WORKERS)]
    for process in processes:
        process.start()
    for process in processes:
        process.join(120)
        assert process.exitcode == 0
    with app.test_request_context():
        request = service.build_request("serentak", {}, per_page=100)
        result = service.get_backend().search(request)
        from jdih.search import outbox

        assert outbox.backlog(db.session) == 0
    assert result.total == WORKERS * DOCS_PER_WORKER
    with app.app_context():
        from sqlalchemy.orm import Session

        with Session(db.engine) as session:
            assert maintenance.verify(session).total == 0
