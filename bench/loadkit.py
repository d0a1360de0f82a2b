"""Shared parts of bench/load.py and bench/faults.py: the environment, the
corpus, the production server (``python -m jdih.serve``) and an editor
that saves through the staff form.

    python bench/loadkit.py populate --docs N   (run by load.py in a child)
"""
from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
PG = "postgresql://postgres@127.0.0.1:5432"
EDITOR_PASSWORD = "bench-Editor-pass-2026"
MARK = "xqzw"  # prefix of the tokens editors write (no real word starts so)


def environment(workdir: Path, database: str, redis_db: int = 9) -> dict[str, str]:
    """The server's environment. Rate limits are lifted: every client comes
    from 127.0.0.1, so the per-address limits would answer 429 to the bench."""
    env = dict(os.environ)
    redis = f"redis://127.0.0.1:6379/{redis_db}"
    env.update({
        "JDIH_SECRET_KEY": "bench-secret", "JDIH_DATABASE_URL": f"{PG}/{database}",
        "JDIH_REDIS_URL": redis, "JDIH_RATELIMIT_STORAGE_URI": redis,
        "JDIH_UPLOAD_DIR": str(workdir / "uploads"), "JDIH_SEARCH_INDEX_DIR": str(workdir / "index"),
        "JDIH_FEED_CACHE_DIR": str(workdir / "feedcache"), "JDIH_IMPORT_DIR": str(workdir / "imports"),
        "JDIH_SESSION_COOKIE_SECURE": "false", "JDIH_REMEMBER_COOKIE_SECURE": "false",
        "JDIH_SEARCH_RATE_LIMIT": "1000000 per minute", "JDIH_API_ANON_RATE_LIMIT": "1000000 per minute",
        "JDIH_API_RATE_LIMIT": "1000000 per minute", "JDIH_LOG_JSON": "true",
    })
    return env


def flask(env: dict, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "flask", "--app", "jdih", *args], env=env, cwd=ROOT,
                          capture_output=True, text=True, check=check)


def create_database(database: str, env: dict, docs: int, editors: int) -> float:
    subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", database], check=True)
    subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", database], check=True)
    subprocess.run(["redis-cli", "-n", env["JDIH_REDIS_URL"].rsplit("/", 1)[1], "flushdb"],
                   check=True, capture_output=True)
    started = time.perf_counter()
    flask(env, "db", "upgrade")
    subprocess.run([sys.executable, __file__, "populate", "--docs", str(docs), "--editors", str(editors)],
                   env=env, cwd=ROOT, check=True)
    flask(env, "search", "reindex")
    return time.perf_counter() - started


def drop_database(database: str) -> None:
    subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", "--force", database],
                   check=False)


# -- the corpus (runs in a child process with the app's environment) ---------

def populate(docs: int, editors: int) -> None:
    """``docs`` published documents, each with a generated 3-page PDF, made
    through the catalogue operations and add_attachment in batches. The one
    shortcut: PDF text is read in this process instead of a limited child
    per file (same pypdf code), which would cost ~0.1 s per document."""
    sys.path.insert(0, str(ROOT))
    from werkzeug.datastructures import FileStorage
    from jdih import create_app
    from jdih.accounts import operations as accounts
    from jdih.catalogue import operations, pdftext
    from jdih.catalogue.attachments import PDF, add_attachment
    from jdih.catalogue.vocabulary import seed_vocabularies
    from jdih.demo import files
    from jdih.demo.documents import document_values
    from jdih.extensions import db

    pdftext.extract_pages = lambda data, **_limits: pdftext._page_texts(data)
    records = json.loads((ROOT / "jdih/demo/data/legal_documents.json").read_text())["documents"]
    app = create_app()
    with app.app_context():
        seed_vocabularies()
        for i in range(editors):
            accounts.create_user(f"editor{i}@bench.local", EDITOR_PASSWORD, "editor", f"Editor {i}")
        db.session.commit()
        started = time.perf_counter()
        for n in range(1, docs + 1):
            record = dict(records[n % len(records)])
            record["nomor"] = str(1000 + n)
            record["tahun"] = 1990 + n % 36
            record["judul"] = f"{record['judul']} (salinan uji {n})"
            values = document_values(record)
            values["visibility"] = "public"
            doc = operations.create_document(record["type"], values)
            operations.publish(doc)
            upload = FileStorage(stream=io.BytesIO(files.sample_pdf(doc)), filename=f"{doc.slug}.pdf",
                                 content_type=PDF)
            add_attachment(doc, upload, "naskah", title="Naskah uji")
            if n % 250 == 0 or n == docs:
                db.session.commit()
                print(f"  {n} documents, {time.perf_counter() - started:.0f} s", flush=True)


# -- the server ---------------------------------------------------------------

class Server:
    """``python -m jdih.serve`` with stderr (the JSON request log) in a file."""

    def __init__(self, env: dict, workdir: Path, port: int, workers: int = 2):
        self.env, self.port, self.workers = env, port, workers
        self.log_path = workdir / "server.log"
        self.base = f"http://127.0.0.1:{port}"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.log = open(self.log_path, "a")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "jdih.serve", "--host", "127.0.0.1", "--port", str(self.port),
             "--workers", str(self.workers)], env=self.env, cwd=ROOT,
            stdout=subprocess.DEVNULL, stderr=self.log)
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                if httpx.get(self.base + "/healthz", timeout=2).status_code < 600:
                    return
            except httpx.HTTPError:
                time.sleep(0.3)
        raise SystemExit(f"server did not answer; see {self.log_path}")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(40)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.log.close()

    def children(self) -> dict[str, list[int]]:
        """pids of gunicorn workers and of the Huey worker (ps, no psutil)."""
        out = subprocess.run(["ps", "-eo", "pid,ppid,args"], capture_output=True, text=True).stdout
        rows = [line.split(None, 2) for line in out.splitlines()[1:]]
        mine = {int(p) for p, pp, _ in rows if int(pp) == self.process.pid}
        found: dict[str, list[int]] = {"gunicorn_master": [], "web": [], "worker": []}
        for pid, ppid, args in rows:
            pid, ppid = int(pid), int(ppid)
            if pid in mine and "gunicorn" in args:
                found["gunicorn_master"].append(pid)
            elif pid in mine and " worker" in args:
                found["worker"].append(pid)
        found["web"] = [int(p) for p, pp, _ in rows if int(pp) in found["gunicorn_master"]]
        return found

    def log_lines(self, since: int = 0) -> list[dict]:
        """JSON request-log lines after byte offset ``since``."""
        lines = []
        with open(self.log_path, encoding="utf-8", errors="replace") as handle:
            handle.seek(since)
            for line in handle:
                if line.startswith("{") and '"duration_ms"' in line:
                    try:
                        lines.append(json.loads(line))
                    except ValueError:
                        pass
        return lines


# -- the editor -----------------------------------------------------------------

class _FormFields(HTMLParser):
    """Every named field of the form that carries ``version`` (the edit form)."""

    def __init__(self):
        super().__init__()
        self.forms: list[list[tuple[str, str]]] = []
        self.select = self.textarea = None
        self.text = ""

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.forms.append([])
        elif not self.forms:
            return
        elif tag == "input" and a.get("name") and a.get("type") not in ("submit", "file", "button"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            self.forms[-1].append((a["name"], a.get("value") or ""))
        elif tag == "select":
            self.select, self.chosen = a.get("name"), None
        elif tag == "option" and self.select and ("selected" in a or self.chosen is None):
            self.chosen = a.get("value", "")
        elif tag == "textarea":
            self.textarea, self.text = a.get("name"), ""

    def handle_endtag(self, tag):
        if tag == "select" and self.select:
            self.forms[-1].append((self.select, self.chosen or ""))
            self.select = None
        elif tag == "textarea" and self.textarea:
            self.forms[-1].append((self.textarea, self.text))
            self.textarea = None

    def handle_data(self, data):
        if self.textarea:
            self.text += data


def edit_fields(html: str) -> dict[str, str]:
    parser = _FormFields()
    parser.feed(html)
    for form in parser.forms:
        fields = dict(form)
        if "version" in fields and "abstrak" in fields:
            return fields
    raise ValueError("no edit form with a version field")


def token(n: int) -> str:
    """A word no document contains: MARK plus ``n`` spelled in letters."""
    letters = ""
    while True:
        n, digit = divmod(n, 26)
        letters += "abcdefghijklmnopqrstuvwxyz"[digit]
        if n == 0:
            return MARK + letters


async def login(client, email: str) -> None:
    page = await client.get("/masuk")
    csrf = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page.text).group(1)
    answer = await client.post("/masuk", data={"csrf_token": csrf, "email": email,
                                                "password": EDITOR_PASSWORD, "next": ""})
    if answer.status_code != 302:
        raise RuntimeError(f"login {email}: {answer.status_code}")


async def save_edit(client, document_id: int, word: str) -> int:
    """Read the edit form, put ``word`` at the start of the abstract, post
    with the loaded version; returns the status (302 = saved)."""
    page = await client.get(f"/staf/dokumen/{document_id}")
    fields = edit_fields(page.text)
    fields["abstrak"] = f"{word} {re.sub(MARK + r'[a-z]+ ', '', fields['abstrak'])}"
    answer = await client.post(f"/staf/dokumen/{document_id}", data=fields)
    return answer.status_code


def written_abstracts(env: dict, ids: list[int]) -> dict[int, str]:
    """document id -> abstract, read with psql (no app import in the client)."""
    database = env["JDIH_DATABASE_URL"].rsplit("/", 1)[1]
    query = f"select id, abstrak from document where id in ({','.join(map(str, ids)) or '0'})"
    out = subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", database, "-At", "-F", "\t",
                          "-c", query], capture_output=True, text=True, check=True).stdout
    return {int(line.split("\t", 1)[0]): line.split("\t", 1)[1] for line in out.splitlines() if "\t" in line}


def sql(env: dict, query: str) -> list[list[str]]:
    database = env["JDIH_DATABASE_URL"].rsplit("/", 1)[1]
    out = subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", database, "-At", "-F", "\t",
                          "-c", query], capture_output=True, text=True, check=True).stdout
    return [line.split("\t") for line in out.splitlines()]


if __name__ == "__main__" and sys.argv[1:2] == ["populate"]:
    import argparse
    parser = argparse.ArgumentParser()
    parser.add_argument("command")
    parser.add_argument("--docs", type=int, default=500)
    parser.add_argument("--editors", type=int, default=4)
    arguments = parser.parse_args()
    populate(arguments.docs, arguments.editors)
