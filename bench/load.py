"""Load figures for ``make serve`` on PostgreSQL (issue 11 item 6).

Creates a database with DOCS published documents, each with a PDF, starts
``python -m jdih.serve`` (gunicorn + Huey worker, Redis), then runs a mixed
public workload (home, listings, document pages, search of every kind,
downloads, the JDIHN feed, the API) at each step of concurrent clients,
first alone, then with EDITORS saving through the staff form at the same
time. Prints requests/s, p50/p95/p99 and errors per step, server-side
medians per route kind (from the JSON request log), then checks that every
acknowledged write is stored and searchable and that `search verify` is
clean. The client runs on the same machine as the server.

    python bench/load.py --docs 5000 --steps 8,32,64 --seconds 60
"""
from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import httpx

sys.path.insert(0, os.path.dirname(__file__))
import loadkit  # noqa: E402

WORDS = ["pemilihan", "kampanye", "pemilih", "daftar", "sengketa", "penyelenggara", "calon", "partai"]
CITES = ["PKPU 1020/2020", "UU 1007/2017", "Peraturan KPU 1030"]


def route_kind(path: str) -> str:
    if path == "/":
        return "home"
    if "/berkas/" in path:
        return "download"
    for prefix, kind in (("/dokumen/", "document"), ("/cari", "search"), ("/api/v1/search", "api-search"),
                         ("/api/", "api"), ("/integrasi/jdihn", "jdihn"), ("/staf/", "editor"),
                         ("/masuk", "login")):
        if path.startswith(prefix):
            return kind
    return "listing"


def public_request(rng: random.Random, targets: dict) -> str:
    slug, attachment, filename = rng.choice(targets["docs"])
    word = rng.choice(WORDS)
    return rng.choices([
        "/", f"/peraturan?page={rng.randint(1, 50)}", f"/putusan?page={rng.randint(1, 5)}",
        f"/dokumen/{slug}", f"/dokumen/{slug}/berkas/{attachment}/{filename}",
        f"/cari?q={word}", f'/cari?q="{word}+umum"', f"/cari?q={word[:4]}*", f"/cari?q={word[:-1]}x",
        f"/cari?q={word}&tahun={rng.randint(1990, 2025)}", f"/cari?q={rng.choice(CITES)}",
        f"/cari?q={word}&urut=terbaru&page=2", "/integrasi/jdihn", f"/integrasi/jdihn?page={rng.randint(1, 20)}&limit=100",
        f"/api/v1/documents?limit=20&year={rng.randint(1990, 2025)}", f"/api/v1/documents/{slug}", f"/api/v1/search?q={word}",
    ], weights=[6, 5, 2, 20, 8, 6, 2, 2, 2, 2, 2, 2, 2, 2, 4, 6, 4])[0]


async def public_client(base: str, targets: dict, until: float, seed: int, results: list) -> None:
    rng = random.Random(seed)
    async with httpx.AsyncClient(base_url=base, timeout=30) as client:
        while time.perf_counter() < until:
            path = public_request(rng, targets)
            started = time.perf_counter()
            try:
                status = (await client.get(path)).status_code
            except httpx.HTTPError as error:
                status = type(error).__name__
            results.append((route_kind(path.split("?")[0]), status, time.perf_counter() - started))


async def editor(base: str, number: int, ids: list[int], until: float, results: list, writes: list,
                 counter: list) -> None:
    async with httpx.AsyncClient(base_url=base, timeout=30) as client:
        await loadkit.login(client, f"editor{number}@bench.local")
        while time.perf_counter() < until:
            document_id = ids[counter[0] % len(ids)]
            counter[0] += 1
            word = loadkit.token(document_id * 100 + counter[0] % 100)
            started = time.perf_counter()
            try:
                status = await loadkit.save_edit(client, document_id, word)
            except (httpx.HTTPError, ValueError) as error:
                status = type(error).__name__
            results.append(("editor", status, time.perf_counter() - started))
            if status == 302:
                writes.append((document_id, word))


async def run_step(base: str, targets: dict, clients: int, seconds: float, editors: int,
                   writes: list) -> tuple[list, float]:
    results: list = []
    until = time.perf_counter() + seconds
    tasks = [public_client(base, targets, until, seed, results) for seed in range(clients)]
    for number in range(editors):
        tasks.append(editor(base, number, targets["editor_ids"][number], until, results, writes,
                            targets["counters"][number]))
    started = time.perf_counter()
    await asyncio.gather(*tasks)
    return results, time.perf_counter() - started


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))] * 1000 if values else 0.0


def step_row(label: str, results: list, elapsed: float) -> str:
    public = [r for r in results if r[0] != "editor"]
    latencies = [r[2] for r in public]
    errors = sum(1 for r in results if not isinstance(r[1], int) or r[1] >= 500)
    other = sum(1 for r in results if isinstance(r[1], int) and 400 <= r[1] < 500)
    edits = [r for r in results if r[0] == "editor"]
    saved = sum(1 for r in edits if r[1] == 302)
    return (f"{label:<22}{len(public) / elapsed:>8.1f}{pct(latencies, .5):>8.0f}{pct(latencies, .95):>8.0f}"
            f"{pct(latencies, .99):>8.0f}{errors:>7}{other:>6}{saved:>7}{len(edits) - saved:>7}")


def server_medians(lines: list[dict]) -> str:
    by_kind: dict[str, list[float]] = defaultdict(list)
    refused = defaultdict(int)
    for line in lines:
        if 400 <= (line.get("status") or 0) < 500:
            refused[f"{route_kind(line['path'])} {line['status']}"] += 1
        if line.get("duration_ms") is not None:
            by_kind[route_kind(line["path"])].append(line["duration_ms"])
    return ("  ".join(f"{kind} {statistics.median(v):.1f}" for kind, v in sorted(by_kind.items()))
            + f"  | 4xx: {dict(refused)}")


def load_targets(env: dict, editors: int) -> dict:
    rows = loadkit.sql(env, "select d.slug, a.id, a.filename from document d join attachment a "
                            "on a.document_id = d.id where not a.is_deleted order by d.id")
    ids = [int(r[0]) for r in loadkit.sql(env, "select id from document order by id")]
    return {"docs": rows, "editor_ids": [ids[n::editors] for n in range(editors)],
            "counters": [[0] for _ in range(editors)]}


def check_writes(server: loadkit.Server, env: dict, writes: list) -> None:
    last: dict[int, str] = {}
    for document_id, word in writes:
        last[document_id] = word  # a later save of the same document replaces the word
    stored = loadkit.written_abstracts(env, list(last))
    missing = [d for d, w in last.items() if w not in stored.get(d, "")]
    loadkit.flask(env, "search", "drain", check=False)
    unsearchable = []
    with httpx.Client(base_url=server.base, timeout=30) as client:
        for document_id, word in last.items():
            if f'"id": {document_id}' not in client.get(f"/api/v1/search?q={word}").text.replace('"id":', '"id": '):
                unsearchable.append(document_id)
    verify = loadkit.flask(env, "search", "verify", check=False)
    print(f"\nAcknowledged writes: {len(writes)} on {len(last)} documents; missing from the database: "
          f"{len(missing)} {missing[:5]}; not found by search: {len(unsearchable)} {unsearchable[:5]}")
    print(f"search verify: exit {verify.returncode}: {(verify.stdout + verify.stderr).strip()[-300:]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=300)
    parser.add_argument("--steps", default="8,32")
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--editors", type=int, default=4)
    parser.add_argument("--port", type=int, default=8731)
    parser.add_argument("--database", default="jdih_bench")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="jdih-load-"))
    env = loadkit.environment(workdir, args.database)
    print(f"Building {args.docs} documents with PDFs in {args.database} ...", flush=True)
    built = loadkit.create_database(args.database, env, args.docs, args.editors)
    print(f"built and indexed in {built:.0f} s")
    server = loadkit.Server(env, workdir, args.port)
    server.start()
    try:
        targets = load_targets(env, args.editors)
        print(f"\n{os.cpu_count()} CPU cores shared by the server (2 gunicorn workers x 1 thread, Huey worker, "
              f"PostgreSQL, Redis) AND this load client: figures are a lower bound.")
        print(f"{args.seconds:.0f} s per step; latency in ms over public requests; errors = 5xx or transport; "
              f"4xx counted apart; saves = editor form saves acknowledged (302) / not.\n")
        print(f"{'step':<22}{'req/s':>8}{'p50':>8}{'p95':>8}{'p99':>8}{'errors':>7}{'4xx':>6}{'saves':>7}{'unsaved':>7}")
        started = time.perf_counter()
        first_feed = httpx.get(server.base + "/integrasi/jdihn", timeout=60).status_code
        print(f"warm-up (not counted): first /integrasi/jdihn after start {first_feed} in "
              f"{time.perf_counter() - started:.1f} s (body built by the worker, then cached)\n")
        writes: list = []
        medians = []
        for editors in (0, args.editors):
            for clients in [int(s) for s in args.steps.split(",")]:
                offset = server.log_path.stat().st_size
                results, elapsed = asyncio.run(run_step(server.base, targets, clients, args.seconds,
                                                        editors, writes))
                label = f"{clients} clients" + (f" +{editors} ed." if editors else "")
                print(step_row(label, results, elapsed), flush=True)
                medians.append(f"{label}: {server_medians(server.log_lines(offset))}")
        print("\nServer time, median ms per route kind (JSON request log duration_ms):")
        print("\n".join(medians))
        check_writes(server, env, writes)
    finally:
        server.stop()
        loadkit.drop_database(args.database)


if __name__ == "__main__":
    main()
