"""`search reindex` is safe twice and after a crash (issue 10): one rebuild
at a time, and what an interrupted one leaves is cleared by the next
rebuild or write instead of growing forever."""
from __future__ import annotations

import multiprocessing
import os
import threading

import pytest
from sqlalchemy import create_engine, text

from backends import (BACKENDS, app_config, backend_of, database_url,  # noqa: F401 (fixtures)
                      search_backend_name, search_setup)
from jdih.search import SearchRecord, SearchRequest, WhooshBackend
from jdih.search.pg_backend import PgBackend
from jdih.search.pg_store import REBUILD_LOCK
from jdih.search.whoosh_store import JOURNAL, MARKER, RebuildInProgress


def records(count, word="serentak"):
    return [SearchRecord(key=f"document:{n}", kind="document", title=f"{word} dokumen {n}")
            for n in range(1, count + 1)]


def total(engine, query):
    return engine.search(SearchRequest(query=query)).total


@pytest.fixture(params=BACKENDS)
def engine(request, tmp_path):
    with backend_of(request.param, tmp_path) as backend:
        yield backend


def test_a_second_rebuild_refuses_while_the_first_runs(engine):
    started, release = threading.Event(), threading.Event()

    def slow_records():
        started.set()
        release.wait(30)
        yield from records(5, "pertama")

    outcome = {}
    first = threading.Thread(target=lambda: outcome.setdefault(
        "count", engine.rebuild(slow_records())))
    first.start()
    assert started.wait(30)
    with pytest.raises(RebuildInProgress):
        engine.rebuild(records(3, "kedua"))
    release.set()
    first.join(30)
    assert outcome["count"] == 5
    assert total(engine, "pertama") == 5 and total(engine, "kedua") == 0
    # Once the first is done, the next one runs.
    assert engine.rebuild(records(3, "kedua")) == 3
    assert total(engine, "kedua") == 3


def _crash_during_rebuild(index_dir: str) -> None:
    engine = (PgBackend(create_engine(index_dir)) if index_dir.startswith("postgresql")
              else WhooshBackend(index_dir))

    def dying_records():
        yield from records(3, "separuh")
        os._exit(3)  # the process dies mid-rebuild: no cleanup runs

    engine.rebuild(dying_records())


def crash_a_rebuild(place):
    """Kill a process mid-rebuild of the index in `place` (a directory or
    a PostgreSQL URL)."""
    process = multiprocessing.get_context("spawn").Process(
        target=_crash_during_rebuild, args=(place,))
    process.start()
    process.join(60)
    assert process.exitcode == 3
    if not place.startswith("postgresql"):
        assert os.path.exists(os.path.join(place, MARKER))


def place_of(engine) -> str:
    if isinstance(engine, WhooshBackend):
        return engine.store.base_dir
    return engine.engine.url.render_as_string(hide_password=False)


def generations(index_dir):
    return sorted(n for n in os.listdir(index_dir) if n.startswith("gen-"))


def test_a_write_after_a_crashed_rebuild_clears_it_and_the_journal_stops(tmp_path):
    index_dir = str(tmp_path / "index")
    engine = WhooshBackend(index_dir)
    engine.index(records(2))
    crash_a_rebuild(index_dir)
    assert len(generations(index_dir)) == 2  # the live one and the abandoned one
    for n in range(3):
        engine.index([SearchRecord(key=f"news:{n}", kind="news", title="kampanye")])
    assert not os.path.exists(os.path.join(index_dir, MARKER))
    assert not os.path.exists(os.path.join(index_dir, JOURNAL))
    assert len(generations(index_dir)) == 1
    assert total(engine, "kampanye") == 3 and total(engine, "serentak") == 2
    engine.close()


def _rebuild_once_the_dead_lock_is_gone(engine, new_records, seconds: float = 10.0):
    """PostgreSQL frees a dead process's session lock when its server
    process notices the closed connection, a moment after the crash."""
    import time

    from jdih.search.whoosh_store import RebuildInProgress

    deadline = time.monotonic() + seconds
    while True:
        try:
            return engine.rebuild(new_records)
        except RebuildInProgress:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def test_a_rebuild_after_a_crashed_one_recovers(engine):
    engine.index(records(1))
    crash_a_rebuild(place_of(engine))
    assert _rebuild_once_the_dead_lock_is_gone(engine, records(4)) == 4
    if isinstance(engine, WhooshBackend):
        index_dir = engine.store.base_dir
        assert len(generations(index_dir)) == 2  # the new one and the previous
        assert not os.path.exists(os.path.join(index_dir, MARKER))
        assert not os.path.exists(os.path.join(index_dir, JOURNAL))
    assert total(engine, "serentak") == 4 and total(engine, "separuh") == 0


def test_reindex_command_refuses_while_another_rebuild_runs(app, runner):
    from jdih.search import service

    with app.app_context():
        backend = service.get_backend()
    if isinstance(backend, PgBackend):
        with backend.engine.connect() as conn:
            assert conn.execute(text("SELECT pg_try_advisory_lock(:k)"),
                                {"k": REBUILD_LOCK}).scalar()
            result = runner.invoke(args=["search", "reindex"])
            conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": REBUILD_LOCK})
    else:
        with backend.store.rebuild_lock() as held:
            assert held
            result = runner.invoke(args=["search", "reindex"])
    assert result.exit_code == 1
    assert "sedang berjalan" in result.output
    assert runner.invoke(args=["search", "reindex"]).exit_code == 0


def test_drain_command_clears_a_crashed_rebuild(app, runner):
    from jdih.search import service

    with app.app_context():
        backend = service.get_backend()
    assert runner.invoke(args=["search", "reindex"]).exit_code == 0
    crash_a_rebuild(place_of(backend))
    result = runner.invoke(args=["search", "drain"])
    assert result.exit_code == 0, result.output
    if isinstance(backend, PgBackend):  # whole batches commit or nothing: no leftovers
        assert "terputus" not in result.output
        assert runner.invoke(args=["search", "verify"]).exit_code == 0
        return
    index_dir = backend.store.base_dir
    assert "terputus dibersihkan" in result.output
    assert not os.path.exists(os.path.join(index_dir, MARKER))
    assert len(generations(index_dir)) == 1
