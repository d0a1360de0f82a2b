"""The real Huey consumer runs each kind of job, on SQLite file storage and
on Redis: the search drain, an import with progress, the feed rebuild, the
status reindex, a job that fails then succeeds, a dead job admins see, and
a job whose worker died."""
from __future__ import annotations

import io
from pathlib import Path
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select, update

from conftest import AuthActions, make_user
from jdih.extensions import db
from jdih.search import service
from jdih.tasks import definitions, jobs
from jdih.tasks.models import DEAD, DONE, RUNNING, Job
from jdih.tasks.queue import get_queue
from tasks_support import STORAGES, build_app, dispose, queued_config, running_worker, wait_for


@pytest.fixture(params=STORAGES)
def wapp(request, database_url, tmp_path):
    app = build_app(queued_config(database_url, tmp_path, request.param, TASK_RETRIES=1))
    yield app
    dispose(app)


def _document(nomor: str, judul: str, **extra):
    from jdih.catalogue import operations
    from jdih.catalogue.vocabulary import jenis_choices

    uu = next(j.id for j in jenis_choices("peraturan") if j.abbreviation == "UU")
    doc = operations.create_document("peraturan", {"jenis_id": uu, "nomor": nomor, "tahun": 2020,
                                                   "judul": judul, **extra})
    operations.publish(doc)
    return doc


def _found(app, query: str, filters=None) -> list[str]:
    with app.test_request_context():
        request = service.build_request(query, filters or {})
        return [hit.key for hit in service.get_backend().search(request).hits]


def test_the_worker_drains_the_search_outbox(wapp):
    with wapp.app_context():
        doc = _document("1", "Pemutakhiran data pemilih")
        db.session.commit()
        key = f"document:{doc.id}"
        assert service.outbox.backlog(db.session) >= 1  # the commit only enqueued
    with running_worker(wapp):
        wait_for(lambda: _found(wapp, "pemutakhiran"), what="the document in the index")
    assert _found(wapp, "pemutakhiran") == [key]
    with wapp.app_context():
        assert service.outbox.backlog(db.session) == 0


def test_a_reindex_acknowledges_the_queued_changes_it_covered(wapp):
    with wapp.app_context():
        for n in range(3):
            _document(str(10 + n), f"Rekapitulasi suara tahap {n}")
        db.session.commit()
        assert service.outbox.backlog(db.session) >= 3  # no worker: queued
    result = wapp.test_cli_runner().invoke(args=["search", "reindex"])
    assert result.exit_code == 0, result.output
    with wapp.app_context():
        assert service.outbox.backlog(db.session) == 0  # nothing left to index twice
    assert len(_found(wapp, "rekapitulasi")) == 3


def test_an_import_runs_as_a_job_whose_progress_the_page_follows(wapp):
    make_user(wapp, "editor@uji.id", "editor")
    client = wapp.test_client()
    auth = AuthActions(client)
    auth.login("editor@uji.id")
    rows = "".join(f"peraturan,UU,{500 + n},2024,Impor latar {n}\n" for n in range(30))
    data = ("tipe,jenis,nomor,tahun,judul\n" + rows).encode()
    response = auth.post("/staf/impor", {"file": (io.BytesIO(data), "impor.csv")}, form_page="/staf/impor",
                         content_type="multipart/form-data")
    preview = response.location
    token = auth.csrf_token(preview)
    digest = preview.rstrip("/").rsplit("/", 1)[1]
    response = client.post(preview + "/terapkan", data={"csrf_token": token, "digest": digest})
    job_page = response.location
    waiting = client.get(job_page).get_data(as_text=True)
    assert "Menunggu" in waiting and 'http-equiv="refresh"' in waiting
    with running_worker(wapp):
        status = wait_for(lambda: (lambda s: s if s["selesai"] else None)(
            client.get(job_page, headers={"Accept": "application/json"}).get_json()), what="the import")
    assert status["berhasil"] and status["pesan"].startswith("Impor selesai: 30 dokumen dibuat")
    with wapp.app_context():
        job = db.session.get(Job, status["id"])
        progress = jobs.progress(get_queue(wapp).huey, job.id)
        assert job.state == DONE and progress["done"] == progress["total"] == 30
    assert "Impor selesai: 30 dokumen dibuat" in client.get(job_page).get_data(as_text=True)
    assert client.get(preview).status_code == 404  # the staged upload is gone


def test_the_worker_rebuilds_an_index_a_search_found_missing(wapp):
    import shutil

    with wapp.app_context():
        _document("3", "Penataan daerah pemilihan")
        db.session.commit()
    with running_worker(wapp):
        wait_for(lambda: _found(wapp, "penataan"), what="the document in the index")
    service.close_backends()
    shutil.rmtree(wapp.config["SEARCH_INDEX_DIR"])
    client = wapp.test_client()
    assert client.get("/cari?q=penataan").status_code == 503  # asks for a rebuild, does not wait
    with running_worker(wapp):
        wait_for(lambda: client.get("/cari?q=penataan").status_code == 200, what="the rebuilt index")
    assert "1 hasil" in client.get("/cari?q=penataan").get_data(as_text=True)


def test_the_worker_builds_the_feed_every_process_then_reads(wapp):
    with wapp.app_context():
        _document("2", "Umpan untuk JDIHN")
        db.session.commit()
    client = wapp.test_client()
    with running_worker(wapp):
        response = client.get("/integrasi/jdihn")  # waits for the worker's body
    assert response.status_code == 200 and "Umpan untuk JDIHN" in response.get_data(as_text=True)
    built = list(Path(wapp.config["FEED_CACHE_DIR"]).glob("*.json"))
    assert len(built) == 1
    again = client.get("/integrasi/jdihn")  # no worker now: read from the shared file
    assert again.get_data() == response.get_data() and again.headers["ETag"] == response.headers["ETag"]


def test_a_feed_page_is_built_in_the_request_and_the_whole_feed_says_when_to_retry(wapp):
    with wapp.app_context():
        _document("4", "Halaman umpan pertama")
        db.session.commit()
    wapp.config["FEED_BUILD_WAIT_SECONDS"] = 0.3
    client = wapp.test_client()
    # No worker runs: a page is small enough to build here and now ...
    page = client.get("/integrasi/jdihn?page=1&limit=100")
    assert page.status_code == 200 and "Halaman umpan pertama" in page.get_data(as_text=True)
    # ... the whole feed is the worker's: a harvester is told when to come back.
    whole = client.get("/integrasi/jdihn")
    assert whole.status_code == 503 and whole.get_json()["error"]["code"] == "feed_building"
    assert int(whole.headers["Retry-After"]) >= 10
    with running_worker(wapp):
        wait_for(lambda: client.get("/integrasi/jdihn").status_code == 200, what="the whole feed")


def test_the_status_reindex_job_follows_a_date_that_passed(wapp):
    from jdih.relations import operations as relations
    from jdih.relations.models import Relation

    tomorrow = date.today() + timedelta(days=1)
    with running_worker(wapp):
        with wapp.app_context():
            old = _document("3", "Kampanye pemilihan lama")
            new = _document("4", "Kampanye pemilihan baru")
            db.session.commit()
            relations.add("mencabut", relations.End.of(new), relations.End.of(old), effective_date=tomorrow)
            db.session.commit()
            old_key = f"document:{old.id}"
        revoked = {"status": ["Tidak Berlaku"]}
        wait_for(lambda: _found(wapp, "kampanye") and not service_backlog(wapp), what="indexing")
        assert _found(wapp, "kampanye", revoked) == []
        # A day passes: nothing is edited, the relation simply takes effect.
        with wapp.app_context():
            db.session.execute(update(Relation).values(effective_date=date.today()))
            db.session.commit()
        assert _found(wapp, "kampanye", revoked) == []  # stale until the job runs
        get_queue(wapp).tasks["status_reindex"]()
        wait_for(lambda: _found(wapp, "kampanye", revoked), what="the status reindex")
    assert _found(wapp, "kampanye", revoked) == [old_key]
    # And every night by itself, at STATUS_REINDEX_AT (00:10).
    daily = next(task for task in get_queue(wapp).huey._registry._periodic_tasks
                 if task.__name__ == "status_reindex_daily")
    assert daily().validate_datetime(datetime(2026, 1, 5, 0, 10))
    assert not daily().validate_datetime(datetime(2026, 1, 5, 12, 10))


def service_backlog(app) -> int:
    with app.app_context():
        return service.outbox.backlog(db.session)


def _flaky(failures: int):
    calls = {"n": 0}

    def work(payload, progress):
        calls["n"] += 1
        if calls["n"] <= failures:
            raise OSError(f"gangguan sementara {calls['n']}")
        return "Berhasil pada percobaan ke-%d" % calls["n"]
    return work, calls


def _submit(app, name: str) -> int:
    with app.test_request_context():
        from jdih.core import jobs as port

        return port.submit(name, {})


def _job(app, job_id: int) -> Job:
    with app.app_context():
        job = db.session.get(Job, job_id)
        db.session.expunge(job)
        return job


def test_a_failing_job_is_retried_with_backoff_and_then_succeeds(wapp, monkeypatch):
    work, calls = _flaky(failures=1)
    monkeypatch.setitem(definitions.JOBS, "flaky", work)
    with running_worker(wapp):
        job_id = _submit(wapp, "flaky")
        wait_for(lambda: _job(wapp, job_id).state == DONE, what="the retried job")
    job = _job(wapp, job_id)
    assert calls["n"] == 2 and job.attempts == 2 and job.message == "Berhasil pada percobaan ke-2"


def test_a_job_failing_every_attempt_is_dead_and_listed_for_admins(wapp, monkeypatch):
    work, calls = _flaky(failures=99)
    monkeypatch.setitem(definitions.JOBS, "always_fails", work)
    with running_worker(wapp):
        job_id = _submit(wapp, "always_fails")
        wait_for(lambda: _job(wapp, job_id).state == DEAD, what="the dead job")
    assert calls["n"] == 2  # TASK_RETRIES=1: the first try and one retry
    make_user(wapp, "admin@uji.id", "admin")
    client = wapp.test_client()
    AuthActions(client).login("admin@uji.id")
    page = client.get("/admin/tugas").get_data(as_text=True)
    assert "always_fails" in page and "Gagal setelah semua percobaan" in page
    assert "gangguan sementara 2" in page


def test_a_job_whose_worker_died_is_run_again(wapp, monkeypatch):
    work, calls = _flaky(failures=0)
    monkeypatch.setitem(definitions.JOBS, "orphan", work)
    with wapp.app_context():
        job = jobs.create("orphan", {})
        # As a worker that died mid-job leaves it: running, attempt 1, no heartbeat for long.
        job.state, job.attempts = RUNNING, 1
        job.started_at = job.created_at - timedelta(hours=1)
        db.session.commit()
        job_id = job.id
    queue = get_queue(wapp)
    with wapp.app_context():  # as the worker does on start and every minute
        assert jobs.recover(queue.huey, queue.tasks["run_job"], 600) == [job_id]
    with running_worker(wapp):  # its own recovery may enqueue it again: only one run claims it
        wait_for(lambda: _job(wapp, job_id).state == DONE, what="the recovered job")
    assert calls["n"] == 1 and _job(wapp, job_id).attempts == 2
