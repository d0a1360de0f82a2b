"""Fault figures for ``make serve`` on PostgreSQL (issue 11 item 6).

With public clients and one editor saving through the staff form, each
fault is applied mid-run: kill -9 a gunicorn worker; kill -9 the Huey
worker (jdih.serve starts another); pg_terminate_backend on the
app's database; delete, then corrupt, the search index directory; fill the
upload disk (a 4 MB loop-mounted ext4, tmpfs if loop devices are refused).
For each: what users saw (status counts), when it healed, and at the end
whether every acknowledged write is stored and searchable.

    python bench/faults.py [--docs 200] [--seconds 8]   (needs root for the mount)
"""
from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import httpx

sys.path.insert(0, os.path.dirname(__file__))
import loadkit  # noqa: E402
from load import check_writes, load_targets, public_request, route_kind  # noqa: E402



async def observe(server, targets, seconds, fault, writes, counters) -> tuple[Counter, Counter, str, float]:
    """Run clients for ``seconds``; apply ``fault`` after 2 s; returns public
    and editor status counts, the fault's note and seconds to heal."""
    public, edits = Counter(), Counter()
    until = time.perf_counter() + seconds
    note, healed = [""], [None]

    async def client(seed):
        rng = random.Random(seed)
        async with httpx.AsyncClient(base_url=server.base, timeout=15) as http:
            while time.perf_counter() < until:
                path = public_request(rng, targets)
                try:
                    status = (await http.get(path)).status_code
                    public[status if status < 400 else f"{status} {route_kind(path.split('?')[0])}"] += 1
                except httpx.HTTPError as error:
                    public[type(error).__name__] += 1
                    await asyncio.sleep(0.1)

    async def editor():
        async with httpx.AsyncClient(base_url=server.base, timeout=15) as http:
            await loadkit.login(http, "editor0@bench.local")
            ids = targets["editor_ids"][0]
            while time.perf_counter() < until:
                document_id = ids[counters[0] % len(ids)]
                counters[0] += 1
                word = loadkit.token(document_id * 100 + counters[0] % 100)
                try:
                    status = await loadkit.save_edit(http, document_id, word)
                except (httpx.HTTPError, ValueError) as error:
                    status = type(error).__name__
                    await asyncio.sleep(0.2)
                edits[status] += 1
                if status == 302:
                    writes.append((document_id, word))

    async def apply_fault():
        await asyncio.sleep(2)
        started = time.perf_counter()
        note[0] = await asyncio.get_running_loop().run_in_executor(None, fault)
        async with httpx.AsyncClient(base_url=server.base, timeout=5) as http:
            while time.perf_counter() < until + 60:
                try:
                    ok = [(await http.get(p)).status_code for p in ("/healthz", "/cari?q=pemilihan", "/")]
                    if ok == [200, 200, 200]:
                        healed[0] = time.perf_counter() - started
                        return
                except httpx.HTTPError:
                    pass
                await asyncio.sleep(0.25)

    await asyncio.gather(apply_fault(), editor(), *(client(n) for n in range(3)))
    return public, edits, note[0], healed[0]


def kill_web(server):
    pid = server.children()["web"][0]
    os.kill(pid, signal.SIGKILL)
    return f"SIGKILL gunicorn worker {pid}"


def kill_worker(server):
    pid = server.children()["worker"][0]
    os.kill(pid, signal.SIGKILL)
    started = time.perf_counter()
    while time.perf_counter() - started < 30:  # jdih.serve starts another one
        replaced = [p for p in server.children().get("worker", []) if p != pid]
        if replaced:
            return (f"SIGKILL Huey worker {pid}; jdih.serve started worker {replaced[0]} "
                    f"after {time.perf_counter() - started:.1f} s")
        time.sleep(0.1)
    return f"SIGKILL Huey worker {pid}; NOT replaced within 30 s"


def terminate_connections(server):
    rows = loadkit.sql(server.env, "select count(pg_terminate_backend(pid)) from pg_stat_activity "
                                   "where datname = current_database() and pid <> pg_backend_pid()")
    return f"pg_terminate_backend on {rows[0][0]} connections"


def delete_index(server):
    shutil.rmtree(server.env["JDIH_SEARCH_INDEX_DIR"])
    return "index directory deleted"


def corrupt_index(server):
    files = [p for p in Path(server.env["JDIH_SEARCH_INDEX_DIR"]).rglob("*") if p.is_file()]
    for path in files:
        path.write_bytes(b"\0garbage" * 64)
    return f"{len(files)} index files overwritten with garbage"


def operator_reindex(server) -> str:
    """What the operator does when search stays 503: rebuild the index."""
    started = time.perf_counter()
    done = loadkit.flask(server.env, "search", "reindex", check=False)
    status = httpx.get(server.base + "/cari?q=pemilihan", timeout=30).status_code
    return (f"`flask search reindex` exit {done.returncode} in {time.perf_counter() - started:.1f} s; "
            f"/cari now {status}")


def mount_small(upload_dir: Path, workdir: Path) -> str:
    """Move the upload directory onto a 4 MB file system; returns its kind."""
    saved = workdir / "uploads-saved"
    shutil.move(str(upload_dir), saved)
    upload_dir.mkdir()
    image = workdir / "uploads.img"
    subprocess.run(["dd", "if=/dev/zero", f"of={image}", "bs=1M", "count=4"], check=True, capture_output=True)
    subprocess.run(["mkfs.ext4", "-q", "-F", str(image)], check=True, capture_output=True)
    kind = "loop ext4"
    if subprocess.run(["mount", "-o", "loop", str(image), str(upload_dir)], capture_output=True).returncode:
        kind = "tmpfs"
        subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(upload_dir)], check=True)
    shutil.copytree(saved, upload_dir, dirs_exist_ok=True)  # fails if the files do not fit: keep -docs small
    return kind


def upload(server, document_id: int, size_kb: int) -> str:
    """Upload a PDF through the staff form; returns the flash message users saw."""
    from fpdf import FPDF
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=8)
    pdf.multi_cell(0, 4, os.urandom(size_kb * 512).hex())  # incompressible text, about size_kb
    with httpx.Client(base_url=server.base, timeout=30, follow_redirects=True) as http:
        login = http.get("/masuk")
        http.post("/masuk", data={"csrf_token": _csrf(login.text), "email": "editor1@bench.local",
                                  "password": loadkit.EDITOR_PASSWORD, "next": ""})
        page = http.get(f"/staf/dokumen/{document_id}")
        answer = http.post(f"/staf/dokumen/{document_id}/lampiran", data={
            "csrf_token": _csrf(page.text), "role": "lampiran", "title": "Uji disk penuh"},
            files={"file": ("uji.pdf", bytes(pdf.output()), "application/pdf")})
        # A flash after a redirect, or the error page's heading and message.
        said = re.findall(r'<p class="flash[^"]*">([^<]+)|<h1[^>]*>([^<]+)</h1>\s*<p>([^<]+)', answer.text)
        return f"{answer.status_code} {[' '.join(m).strip() for m in said][:2]}"


def _csrf(html: str) -> str:
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)


def fill_disk(server, workdir: Path, targets: dict) -> None:
    upload_dir = Path(server.env["JDIH_UPLOAD_DIR"])
    kind = mount_small(upload_dir, workdir)
    filler = upload_dir / "filler"
    subprocess.run(["dd", "if=/dev/zero", f"of={filler}", "bs=64k"], capture_output=True)
    count = lambda: loadkit.sql(server.env, "select count(*) from attachment")[0][0]  # noqa: E731
    before = count()
    print(f"\nFill the upload disk ({kind}, 4 MB, filled with dd):")
    print(f"  upload while full:     {upload(server, 3, 200)}; attachments {before} -> {count()}")
    slug, attachment, filename = targets["docs"][5]
    answer = httpx.get(f"{server.base}/dokumen/{slug}/berkas/{attachment}/{filename}")
    print(f"  download meanwhile:    {answer.status_code}, {len(answer.content)} bytes")
    filler.unlink()
    print(f"  upload after freeing:  {upload(server, 3, 200)}; attachments now {count()}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=8)
    parser.add_argument("--port", type=int, default=8741)
    parser.add_argument("--database", default="jdih_faults")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="jdih-faults-"))
    env = loadkit.environment(workdir, args.database, redis_db=10)
    loadkit.create_database(args.database, env, args.docs, 2)
    server = loadkit.Server(env, workdir, args.port)
    server.start()
    writes, counters = [], [0]
    faults = [("kill -9 a web worker", kill_web), ("kill -9 the Huey worker", kill_worker),
              ("pg_terminate_backend", terminate_connections), ("delete the index", delete_index),
              ("corrupt the index", corrupt_index)]
    try:
        targets = load_targets(env, 2)
        print(f"{os.cpu_count()} CPU cores shared by server and clients; 3 public clients + 1 editor, "
              f"{args.seconds:.0f} s per fault, fault at 2 s; healed = /healthz, /cari and / all 200.\n")
        for name, fault in faults:
            public, edits, note, healed = asyncio.run(observe(
                server, targets, args.seconds, lambda: fault(server), writes, counters))
            heal = f"{healed:.1f} s" if healed is not None else "NOT within 60 s"
            print(f"{name}: {note}\n  public: {dict(public)}\n  editor: {dict(edits)}\n  healed after {heal}")
            if healed is None and "index" in name:
                print(f"  operator: {operator_reindex(server)}")
        fill_disk(server, workdir, targets)
        check_writes(server, env, writes)
    finally:
        server.stop()
        subprocess.run(["umount", str(Path(env["JDIH_UPLOAD_DIR"]))], capture_output=True)
        loadkit.drop_database(args.database)


if __name__ == "__main__":
    main()
