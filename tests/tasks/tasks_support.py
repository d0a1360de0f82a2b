"""An app with a real queue (not immediate) and a real Huey consumer.

Storages: a SQLite file, and Redis when JDIH_TEST_REDIS_URL names a
server (skipped otherwise, never faked).
"""
from __future__ import annotations

import os
import signal
import time
import uuid
from contextlib import contextmanager
from typing import Callable, Iterator

import pytest

from conftest import make_config
from schema_setup import create_schema
from jdih import create_app
from jdih.extensions import db

REDIS_URL = os.environ.get("JDIH_TEST_REDIS_URL")
STORAGES = ["sqlite", pytest.param("redis", marks=pytest.mark.skipif(
    not REDIS_URL, reason="JDIH_TEST_REDIS_URL not set"))]


def queued_config(database_url: str, tmp_path, storage: str, **overrides) -> dict:
    config = make_config(database_url, tmp_path, TASKS_IMMEDIATE=False,
                         TASKS_SQLITE_PATH=str(tmp_path / "tasks.sqlite3"),
                         TASK_QUEUE_NAME="test-" + uuid.uuid4().hex[:10],
                         TASK_RETRY_DELAY=0.2, FEED_BUILD_WAIT_SECONDS=15)
    if storage == "redis":
        config["REDIS_URL"] = REDIS_URL
    config.update(overrides)
    return config


def build_app(config: dict):
    app = create_app(config)
    create_schema(app)
    return app


def dispose(app) -> None:
    from jdih.extensions import limiter
    from jdih.search.service import close_backends
    from jdih.tasks.queue import get_queue

    huey = get_queue(app).huey
    huey.flush()
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    close_backends()
    limiter.reset()


@contextmanager
def running_worker(app, threads: int = 2) -> Iterator[None]:
    """The real Huey consumer of the app's queue, in this process."""
    from jdih.tasks.queue import get_queue

    handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)}
    queue = get_queue(app)
    queue.beat()
    consumer = queue.huey.create_consumer(workers=threads, worker_type="thread", periodic=True,
                                          max_delay=0.2, initial_delay=0.05)
    consumer.start()
    try:
        yield
    finally:
        consumer.stop(graceful=True)
        for sig, handler in handlers.items():
            signal.signal(sig, handler)


def wait_for(condition: Callable[[], object], timeout: float = 20.0, what: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def store_pdf(app) -> str:
    """A document with one stored PDF, committed; returns the file's SHA-256."""
    import io

    from sqlalchemy import select
    from werkzeug.datastructures import FileStorage

    from jdih.catalogue import attachments, operations
    from jdih.catalogue.models import Jenis
    from pdfs import make_pdf

    with app.test_request_context():
        jenis = db.session.scalars(select(Jenis).where(Jenis.abbreviation == "UU")).first()
        doc = operations.create_document("peraturan", {"jenis_id": jenis.id, "nomor": "43", "tahun": 2009,
                                                       "judul": "Kearsipan"})
        stored = attachments.add_attachment(doc, FileStorage(io.BytesIO(make_pdf(["naskah"])), "n.pdf"),
                                            "naskah")
        db.session.commit()
        return stored.sha256
