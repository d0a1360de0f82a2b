"""deploy/: the systemd units and the nginx site parse, and the commands
they start are real: gunicorn serves the app, every ``flask --app jdih``
command exists, the backup unit's command writes an archive.

nginx and systemd-analyze check their files when installed (skipped
otherwise, never faked); the only rewrite is of host paths (the virtualenv,
the certificate) to ones that exist on the test machine.
"""
from __future__ import annotations

import configparser
import os
import re
import shlex
import shutil
import socket
import subprocess
import sys
import tarfile
import time
import urllib.request
from pathlib import Path

import pytest

from jdih.config import Defaults

DEPLOY = Path(__file__).resolve().parents[1] / "deploy"
SERVICES = sorted((DEPLOY / "systemd").glob("*.service"))
TIMERS = sorted((DEPLOY / "systemd").glob("*.timer"))
VENV_BIN = Path(sys.executable).parent
UNIT_BIN = "/opt/jdih/venv/bin/"
#: Commands another branch builds; checked once it is merged.
NOT_YET_BUILT = {"worker"}


def unit(path: Path) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # keys are case-sensitive in systemd
    parser.read(path, encoding="utf-8")
    return parser


def exec_start(path: Path) -> list[str]:
    return shlex.split(unit(path)["Service"]["ExecStart"])


def test_the_units_are_complete():
    assert {path.name for path in SERVICES} >= {"jdih-web.service", "jdih-worker.service"}
    for path in SERVICES:
        service = unit(path)
        assert service.has_section("Unit") and service["Unit"]["Description"]
        for key in ("User", "EnvironmentFile", "ExecStart"):
            assert service["Service"].get(key), f"{path.name}: no {key}"
        assert service["Service"]["User"] != "root"
        assert exec_start(path)[0].startswith(UNIT_BIN), path.name
    for path in TIMERS:
        timer = unit(path)
        assert timer["Timer"]["OnCalendar"]
        assert path.with_suffix(".service").exists(), f"{path.name} starts no service"


@pytest.mark.skipif(not shutil.which("systemd-analyze"), reason="systemd-analyze not installed")
def test_systemd_accepts_the_units(tmp_path):
    copies = []
    for path in SERVICES + TIMERS:
        copy = tmp_path / path.name
        copy.write_text(path.read_text().replace(UNIT_BIN, f"{VENV_BIN}/"))
        copies.append(str(copy))
    result = subprocess.run(["systemd-analyze", "verify", *copies], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr


def flask_commands() -> list[tuple[str, list[str]]]:
    commands = []
    for path in SERVICES:
        argv = exec_start(path)
        if Path(argv[0]).name == "flask":
            assert argv[1:3] == ["--app", "jdih"], path.name
            commands.append((path.name, argv[3:]))
    return commands


@pytest.mark.parametrize("unit_name, args", flask_commands())
def test_every_flask_command_of_the_units_exists(app, unit_name, args):
    if args[0] in NOT_YET_BUILT and app.cli.get_command(None, args[0]) is None:
        pytest.skip(f"{unit_name}: 'flask {args[0]}' is built on another branch")
    result = app.test_cli_runner().invoke(args=[*args, "--help"])
    assert result.exit_code == 0, f"{unit_name}: {result.output}"


def _environment(tmp_path: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("JDIH_")}
    env.update(JDIH_SECRET_KEY="uji-deploy", JDIH_DATABASE_URL=f"sqlite:///{tmp_path / 'jdih.sqlite3'}",
               JDIH_UPLOAD_DIR=str(tmp_path / "uploads"), JDIH_SEARCH_INDEX_DIR=str(tmp_path / "index"),
               JDIH_PROXY_FIX_HOPS="1")
    return env


def _run_unit_command(argv: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    argv = [str(VENV_BIN / Path(argv[0]).name), *argv[1:]]
    return subprocess.run(argv, env=env, capture_output=True, text=True, timeout=120)


def test_the_backup_unit_writes_an_archive(tmp_path):
    env = _environment(tmp_path)
    upgrade = _run_unit_command([f"{UNIT_BIN}flask", "--app", "jdih", "db", "upgrade"], env)
    assert upgrade.returncode == 0, upgrade.stderr
    argv = exec_start(DEPLOY / "systemd" / "jdih-backup.service")
    argv[argv.index("--out") + 1] = f"{tmp_path / 'cadangan'}/"
    result = _run_unit_command(argv, env)
    assert result.returncode == 0, result.stderr
    [archive] = (tmp_path / "cadangan").glob("jdih-backup-*.tar.gz")
    with tarfile.open(archive) as tar:
        assert "manifest.json" in tar.getnames()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_the_web_unit_serves_the_app(tmp_path):
    env = _environment(tmp_path)
    upgrade = _run_unit_command([f"{UNIT_BIN}flask", "--app", "jdih", "db", "upgrade"], env)
    assert upgrade.returncode == 0, upgrade.stderr
    argv = exec_start(DEPLOY / "systemd" / "jdih-web.service")
    port = _free_port()
    argv[0] = str(VENV_BIN / "gunicorn")
    argv[argv.index("--bind") + 1] = f"127.0.0.1:{port}"
    argv[argv.index("--workers") + 1] = "1"
    server = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        request = urllib.request.Request(f"http://127.0.0.1:{port}/masuk", headers={
            "X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.5", "X-Request-ID": "uji-1"})
        response = None
        for _ in range(100):
            try:
                response = urllib.request.urlopen(request, timeout=5)
                break
            except OSError:
                assert server.poll() is None, server.stderr.read()
                time.sleep(0.2)
        assert response is not None and response.status == 200
        with response:
            assert response.headers["X-Request-ID"] == "uji-1"
            # Behind the proxy that says HTTPS: the app sends HSTS.
            assert response.headers["Strict-Transport-Security"].startswith("max-age=")
    finally:
        server.terminate()
        _out, errors = server.communicate(timeout=30)
    # The request line in the journal: JSON, with the forwarded client address.
    assert re.search(r'"path": "/masuk".*"remote_addr": "203\.0\.113\.5"', errors), errors


def test_nginx_takes_uploads_as_large_as_the_app():
    site = (DEPLOY / "nginx" / "jdih.conf").read_text()
    assert re.search(rf"client_max_body_size {Defaults.MAX_UPLOAD_MB + 1}m;", site)
    for header in ("X-Forwarded-For", "X-Forwarded-Proto", "X-Request-ID"):
        assert f"proxy_set_header {header}" in site
    assert "proxy_pass http://jdih_app;" in site and "server 127.0.0.1:8000;" in site


@pytest.mark.skipif(not shutil.which("nginx"), reason="nginx not installed")
@pytest.mark.skipif(not shutil.which("openssl"), reason="openssl not installed (for a test certificate)")
def test_nginx_accepts_the_site(tmp_path):
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj",
                    "/CN=jdih.example.go.id", "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True, timeout=60)
    site = (DEPLOY / "nginx" / "jdih.conf").read_text()
    site = re.sub(r"ssl_certificate (\S+);", f"ssl_certificate {cert};", site)
    site = re.sub(r"ssl_certificate_key (\S+);", f"ssl_certificate_key {key};", site)
    (tmp_path / "jdih.conf").write_text(site)
    temp_paths = "\n".join(f"  {kind}_temp_path {tmp_path / kind};"
                           for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path / 'nginx.pid'};\nerror_log {tmp_path / 'error.log'};\nevents {{}}\n"
        f"http {{\n  access_log off;\n{temp_paths}\n  include {tmp_path / 'jdih.conf'};\n}}\n")
    result = subprocess.run(["nginx", "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf"),
                             "-e", str(tmp_path / "error.log")], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "syntax is ok" in result.stderr
