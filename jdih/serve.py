"""``make serve`` (``python -m jdih.serve``): production on one machine.

Applies pending migrations, then runs gunicorn and the background worker
side by side until SIGTERM or Ctrl+C, which both receive: gunicorn lets
in-flight requests finish, the worker lets running jobs finish (queued
ones stay in the queue). If either dies, the other is stopped too, so a
supervisor (systemd) sees the failure and restarts the pair.
"""
from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
from typing import Optional

SQLITE_WORKERS_WHY = (
    "SQLite lets one process write at a time: with several gunicorn workers (plus the "
    "background worker) writes queue behind each other and fail with \"database is locked\" "
    "under load. Use PostgreSQL (JDIH_DATABASE_URL) for several workers, run WORKERS=1, or "
    "set ALLOW_SQLITE_WORKERS=1 if you accept that.")
NO_REDIS = (
    "JDIH_REDIS_URL is not set: the task queue falls back to a SQLite file ({path}) and rate "
    "limits to each gunicorn worker's memory. That costs: a limit of N per minute becomes N per "
    "worker, limits reset on restart, and the queue cannot be shared with another machine. "
    "Set JDIH_REDIS_URL=redis://127.0.0.1:6379/0 (Debian: apt install redis-server) for production.")


def _arguments(argv: Optional[list[str]]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m jdih.serve", description=__doc__.splitlines()[0])
    parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    parser.add_argument("--workers", type=int, default=int(os.environ.get("WORKERS", "2")))
    parser.add_argument("--worker-threads", type=int, default=2)
    parser.add_argument("--graceful-timeout", type=int, default=30)
    return parser.parse_args(argv)


def check(workers: int, config: dict, allow_sqlite_workers: bool) -> list[str]:
    """What must be said before starting; raises SystemExit on a refusal."""
    notes = []
    if workers < 1:
        raise SystemExit("WORKERS must be at least 1.")
    if config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite") and workers > 1 and not allow_sqlite_workers:
        raise SystemExit(f"Refusing to start {workers} workers on SQLite. {SQLITE_WORKERS_WHY}")
    if not config.get("REDIS_URL"):
        notes.append(NO_REDIS.format(path=config["TASKS_SQLITE_PATH"]))
    return notes


def _flask(*args: str) -> list[str]:
    return [sys.executable, "-m", "flask", "--app", "jdih", *args]


def main(argv: Optional[list[str]] = None) -> int:
    args = _arguments(argv)
    from jdih import create_app

    app = create_app()  # refuses to start without a secret key
    for note in check(args.workers, app.config, os.environ.get("ALLOW_SQLITE_WORKERS") == "1"):
        print(note, file=sys.stderr, flush=True)
    subprocess.run(_flask("db", "upgrade"), check=True)
    children: list[subprocess.Popen] = []
    stopping = _install_stop(children)
    children += [
        # Own sessions: Ctrl+C reaches only this process, which asks both
        # children to stop gracefully (SIGINT would make gunicorn quit at once).
        subprocess.Popen(_flask("worker", "--threads", str(args.worker_threads)), start_new_session=True),
        subprocess.Popen([sys.executable, "-m", "gunicorn", "--workers", str(args.workers),
                          "--bind", f"{args.host}:{args.port}", "--graceful-timeout",
                          str(args.graceful_timeout), "--access-logfile", "-",
                          # no control socket in $HOME: several instances would share one
                          "--no-control-socket", "jdih:create_app()"],
                         start_new_session=True),
    ]
    if stopping:  # a signal came while they were starting
        _stop_all(children)
    return _supervise(children, stopping)


def _stop_all(children: list[subprocess.Popen]) -> None:
    for child in children:
        if child.poll() is None:
            child.send_signal(signal.SIGTERM)  # graceful for both


def _install_stop(children: list[subprocess.Popen]) -> list[int]:
    """SIGTERM and Ctrl+C stop both children gracefully; returns the list
    the handler records signals in."""
    stopping: list[int] = []

    def stop(signum, _frame) -> None:
        stopping.append(signum)
        _stop_all(children)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    return stopping


def _supervise(children: list[subprocess.Popen], stopping: list[int]) -> int:
    while all(child.poll() is None for child in children):
        time.sleep(0.2)
    if not stopping:  # one died on its own: take the other down too
        print("A process of the pair exited; stopping the other.", file=sys.stderr, flush=True)
        _stop_all(children)
    codes = [child.wait() for child in children]
    return 0 if stopping and all(code == 0 for code in codes) else (max(codes) or 1)


if __name__ == "__main__":
    sys.exit(main())
