"""`make serve` as it starts for real: migrations, gunicorn and the worker
on a free loopback port against a temporary SQLite, then SIGTERM."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _environment(tmp_path) -> dict:
    env = {key: value for key, value in os.environ.items() if not key.startswith("JDIH_")}
    env.update({
        "JDIH_SECRET_KEY": "uji-serve", "JDIH_DATABASE_URL": f"sqlite:///{tmp_path / 'serve.sqlite3'}",
        "JDIH_SEARCH_INDEX_DIR": str(tmp_path / "index"), "JDIH_UPLOAD_DIR": str(tmp_path / "uploads"),
        "JDIH_IMPORT_DIR": str(tmp_path / "imports"), "JDIH_FEED_CACHE_DIR": str(tmp_path / "feed"),
        "JDIH_TASKS_SQLITE_PATH": str(tmp_path / "tasks.sqlite3"),
    })
    return env


def _get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def test_serve_starts_gunicorn_and_the_worker_and_stops_cleanly(tmp_path):
    port = _free_port()
    process = subprocess.Popen([sys.executable, "-m", "jdih.serve", "--port", str(port), "--workers", "1"],
                               env=_environment(tmp_path), stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 30
        health = None
        while time.monotonic() < deadline:
            try:
                health = _get(f"http://127.0.0.1:{port}/healthz")
            except OSError:
                health = None  # not listening yet
            if health and health[0] == 200:
                break
            time.sleep(0.2)
        assert health and health[0] == 200, health
        status, page = _get(f"http://127.0.0.1:{port}/")
        assert status == 200 and b"<html" in page.lower()
        started = time.monotonic()
        process.send_signal(signal.SIGTERM)
        output = process.communicate(timeout=15)[0].decode()
        assert process.returncode == 0, output[-3000:]
        assert time.monotonic() - started < 10
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert "JDIH_REDIS_URL is not set" in output  # says what the fallback costs


def test_serve_refuses_several_workers_on_sqlite(tmp_path):
    result = subprocess.run([sys.executable, "-m", "jdih.serve", "--workers", "3"], env=_environment(tmp_path),
                            capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
    assert "Refusing to start 3 workers on SQLite" in result.stderr and "database is locked" in result.stderr
    assert not (tmp_path / "serve.sqlite3").exists()  # refused before migrating anything


def test_serve_restarts_a_background_worker_that_dies_and_keeps_serving(tmp_path):
    port = _free_port()
    process = subprocess.Popen([sys.executable, "-m", "jdih.serve", "--port", str(port), "--workers", "1"],
                               env=_environment(tmp_path), stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        _wait_healthy(port)
        first = _worker_pids(process.pid)
        assert len(first) == 1, first
        os.kill(first[0], signal.SIGKILL)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and _worker_pids(process.pid) in ([], first):
            assert _get(f"http://127.0.0.1:{port}/")[0] == 200  # the web never went away
            time.sleep(0.2)
        second = _worker_pids(process.pid)
        assert len(second) == 1 and second != first, (first, second)
        assert process.poll() is None
        process.send_signal(signal.SIGTERM)
        output = process.communicate(timeout=15)[0].decode()
        assert process.returncode == 0, output[-3000:]
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert "The background worker exited with -9; restarting it" in output


def _wait_healthy(port: int) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if _get(f"http://127.0.0.1:{port}/healthz")[0] == 200:
                return
        except OSError:
            pass  # not listening yet
        time.sleep(0.2)
    raise AssertionError("make serve did not become healthy within 30 s")


def _worker_pids(parent: int) -> list[int]:
    """The children of jdih.serve that run `flask ... worker`."""
    pids = []
    for child in Path(f"/proc/{parent}/task/{parent}/children").read_text().split():
        try:
            command = Path(f"/proc/{child}/cmdline").read_bytes().split(b"\0")
        except OSError:
            continue  # exited meanwhile
        if b"worker" in command:
            pids.append(int(child))
    return pids
