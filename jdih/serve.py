"""``make serve`` (``python -m jdih.serve``): production on one machine.

Applies pending migrations, then runs gunicorn and the background worker
side by side until SIGTERM or Ctrl+C, which both receive: gunicorn lets
in-flight requests finish, the worker lets running jobs finish (queued
ones stay in the queue). The background worker is restarted when it dies
on its own (its jobs are in the queue and the ledger, so none is lost) while
gunicorn keeps serving; if it keeps dying, or gunicorn's master dies, both
stop so that a supervisor (systemd) sees the failure and restarts the pair.
"""
from __future__ import annotations

import argparse
import functools
import os
import signal
import subprocess
import sys
import time
from typing import Callable, Optional

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
    start_worker = functools.partial(_start, _flask("worker", "--threads", str(args.worker_threads)))
    children += [
        start_worker(),
        _start([sys.executable, "-m", "gunicorn", "--workers", str(args.workers),
                "--bind", f"{args.host}:{args.port}", "--graceful-timeout",
                str(args.graceful_timeout), "--access-logfile", "-",
                # no control socket in $HOME: several instances would share one
                "--no-control-socket", "jdih:create_app()"]),
    ]
    if stopping:  # a signal came while they were starting
        _stop_all(children)
    return _supervise(children, stopping, start_worker)


def _start(argv: list[str]) -> subprocess.Popen:
    # Own sessions: Ctrl+C reaches only this process, which asks both
    # children to stop gracefully (SIGINT would make gunicorn quit at once).
    return subprocess.Popen(argv, start_new_session=True)


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


#: A worker that dies this often within RESTART_WINDOW seconds is broken
#: (bad configuration, database gone): stop and let the supervisor see it.
MAX_RESTARTS = 5
RESTART_WINDOW = 60.0


def _supervise(children: list[subprocess.Popen], stopping: list[int],
               start_worker: Callable[[], subprocess.Popen]) -> int:
    restarts: list[float] = []
    while True:
        while all(child.poll() is None for child in children):
            time.sleep(0.2)
        worker, web = children
        if stopping or web.poll() is not None:
            break
        now = time.monotonic()
        restarts = [moment for moment in restarts if now - moment < RESTART_WINDOW] + [now]
        if len(restarts) > MAX_RESTARTS:
            print(f"The background worker exited {len(restarts)} times within "
                  f"{RESTART_WINDOW:.0f} s; stopping.", file=sys.stderr, flush=True)
            break
        print(f"The background worker exited with {worker.returncode}; restarting it "
              "(queued jobs wait for it, none is lost).", file=sys.stderr, flush=True)
        children[0] = start_worker()
        if stopping:  # the signal came while it was starting
            _stop_all(children)
    if not stopping:  # one died on its own: take the other down too
        print("A process of the pair exited; stopping the other.", file=sys.stderr, flush=True)
        _stop_all(children)
    codes = [child.wait() for child in children]
    # -SIGTERM: a child still starting when asked to stop had no handler yet.
    clean = all(code in (0, -signal.SIGTERM) for code in codes)
    return 0 if stopping and clean else (max(codes) or 1)


if __name__ == "__main__":
    sys.exit(main())
