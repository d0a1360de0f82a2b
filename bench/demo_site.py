"""The demo site in a throwaway folder, for scripts that look at pages
(bench/page_weight.py, bench/screenshots.py).

What ``make run`` does, without touching instance/: a SQLite database,
uploads and index in a temporary folder, ``flask db upgrade``, ``flask demo
load``, then Flask's server on a free loopback port in a child process,
stopped (and the folder removed) when the block ends. Rate limits are off:
the scripts ask for the same pages many times.

    with demo_site() as url:
        ...  # url is e.g. http://127.0.0.1:40123
"""
from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

ROOT = Path(__file__).resolve().parent.parent
START_TIMEOUT_S = 30


def demo_environment(folder: Path) -> dict[str, str]:
    """This process's environment without JDIH_* settings, plus the demo's."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("JDIH_")}
    env.update({
        "JDIH_DATABASE_URL": f"sqlite:///{folder / 'jdih.sqlite3'}",
        "JDIH_SECRET_KEY": secrets.token_hex(32),
        "JDIH_UPLOAD_DIR": str(folder / "uploads"),
        "JDIH_SEARCH_INDEX_DIR": str(folder / "index"),
        "JDIH_IMPORT_DIR": str(folder / "imports"),
        "JDIH_FEED_CACHE_DIR": str(folder / "feed-cache"),
        "JDIH_TASKS_SQLITE_PATH": str(folder / "tasks.sqlite3"),
        "JDIH_TASKS_IMMEDIATE": "true",
        "JDIH_RATELIMIT_ENABLED": "false",
        "JDIH_SESSION_COOKIE_SECURE": "false",
        "JDIH_REMEMBER_COOKIE_SECURE": "false",
    })
    return env


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _flask(*args: str) -> list[str]:
    return [sys.executable, "-m", "flask", "--app", "jdih", *args]


def _wait_until_up(url: str, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the demo server exited with status {server.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"the demo server did not answer within {START_TIMEOUT_S} s")


@contextmanager
def demo_site(quiet: bool = True) -> Iterator[str]:
    """The base URL of a freshly loaded demo site, for the block's duration."""
    with tempfile.TemporaryDirectory(prefix="jdih-demo-") as name:
        folder = Path(name)
        env = demo_environment(folder)
        output = subprocess.DEVNULL if quiet else None
        for step in (("db", "upgrade"), ("demo", "load")):
            subprocess.run(_flask(*step), env=env, cwd=ROOT, check=True, stdout=output, stderr=output)
        port = _free_port()
        url = f"http://127.0.0.1:{port}"
        server = subprocess.Popen(_flask("run", "--host", "127.0.0.1", "--port", str(port)),
                                  env=env, cwd=ROOT, stdout=output, stderr=output)
        try:
            _wait_until_up(url, server)
            yield url
        finally:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
