"""Two servers, one PostgreSQL database, one upload folder, the PostgreSQL
search backend (issue 12): the scale-out check.

Creates a database with DOCS published documents (each with a PDF),
starts ``python -m jdih.serve`` twice on two loopback ports with the same
environment (JDIH_SEARCH_BACKEND=postgres), then lets EDITORS save through
the staff form of alternating servers while SEARCHERS query both. After
every acknowledged save, both servers are asked for the new word until
both find it: the delay is reported and must stay under --max-delay
(2 s). At the end `flask search verify` must be clean. Prints a table and
one JSON line; exits non-zero if a check failed.

``--backend whoosh`` runs the same check on the whoosh backend, which only
works because both servers are on one machine and share its index folder:
each server's background worker drains the saves into that folder under
its file lock, so a save is found after the drain, not at its commit.

    python bench/two_servers.py --docs 300 --editors 4 --seconds 30 [--backend whoosh]
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx

sys.path.insert(0, os.path.dirname(__file__))
import loadkit  # noqa: E402

DATABASE = "jdih_two_servers"
PORTS = (8741, 8742)
WORDS = ["pemilihan", "kampanye", "pemilih", "daftar", "sengketa", "penyelenggara"]


async def found_on(client: httpx.AsyncClient, base: str, word: str) -> bool:
    answer = await client.get(f"{base}/api/v1/search", params={"q": word})
    return answer.status_code == 200 and answer.json()["total"] >= 1


async def visible_everywhere(client, word: str, limit: float) -> float | None:
    """Seconds until every server finds `word`; None if one did not within `limit`."""
    started = time.perf_counter()
    pending = {f"http://127.0.0.1:{port}" for port in PORTS}
    while pending:
        for base in list(pending):
            if await found_on(client, base, word):
                pending.discard(base)
        elapsed = time.perf_counter() - started
        if pending and elapsed > limit:
            return None
        if pending:
            await asyncio.sleep(0.05)
    return time.perf_counter() - started


async def editor(n: int, ids: list[int], stop: float, counter, results: dict, limit: float):
    base = f"http://127.0.0.1:{PORTS[n % len(PORTS)]}"
    async with httpx.AsyncClient(base_url=base, timeout=30) as client, \
            httpx.AsyncClient(timeout=30) as checker:
        await loadkit.login(client, f"editor{n}@bench.local")
        rng = random.Random(n)
        while time.perf_counter() < stop:
            word = loadkit.token(next(counter))
            status = await loadkit.save_edit(client, rng.choice(ids), word)
            if status != 302:
                results["conflicts" if status == 409 else "failed"] += 1
                continue
            results["saved"] += 1
            delay = await visible_everywhere(checker, word, limit)
            if delay is None:
                results["late"].append(word)
            else:
                results["delays"].append(delay)


async def searcher(n: int, stop: float, results: dict):
    rng = random.Random(100 + n)
    async with httpx.AsyncClient(timeout=30) as client:
        while time.perf_counter() < stop:
            base = f"http://127.0.0.1:{PORTS[rng.randrange(len(PORTS))]}"
            started = time.perf_counter()
            answer = await client.get(f"{base}/cari", params={"q": rng.choice(WORDS)})
            results["search_ms"].append((time.perf_counter() - started) * 1000)
            if answer.status_code != 200:
                results["search_errors"] += 1


async def workload(args, ids: list[int]) -> dict:
    results = {"saved": 0, "conflicts": 0, "failed": 0, "delays": [], "late": [],
               "search_ms": [], "search_errors": 0}
    counter = iter(range(10**9))
    stop = time.perf_counter() + args.seconds
    await asyncio.gather(
        *(editor(n, ids, stop, counter, results, args.max_delay) for n in range(args.editors)),
        *(searcher(n, stop, results) for n in range(args.searchers)))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=300)
    parser.add_argument("--editors", type=int, default=4)
    parser.add_argument("--searchers", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--max-delay", type=float, default=2.0)
    parser.add_argument("--backend", choices=["postgres", "whoosh"], default="postgres")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="jdih-two-servers-"))
    env = loadkit.environment(workdir, DATABASE, redis_db=11)
    env["JDIH_SEARCH_BACKEND"] = args.backend  # whoosh: both share JDIH_SEARCH_INDEX_DIR
    print(f"database {DATABASE}: {args.docs} documents ...", flush=True)
    seconds = loadkit.create_database(DATABASE, env, args.docs, args.editors)
    print(f"  ready in {seconds:.0f} s", flush=True)
    ids = [int(row[0]) for row in loadkit.sql(env, "select id from document")]
    servers = [loadkit.Server(env, workdir / f"s{port}", port) for port in PORTS]
    try:
        for server in servers:
            server.log_path.parent.mkdir(parents=True, exist_ok=True)
            server.start()
        results = asyncio.run(workload(args, ids))
    finally:
        for server in servers:
            server.stop()
    verify = loadkit.flask(env, "search", "verify", check=False)
    backlog = loadkit.sql(env, "select count(*) from search_outbox")[0][0]
    loadkit.drop_database(DATABASE)
    report(args, results, verify, backlog)


def report(args, results: dict, verify, backlog: str) -> None:
    delays, searches = sorted(results["delays"]), sorted(results["search_ms"])
    summary = {
        "servers": len(PORTS), "backend": args.backend, "docs": args.docs,
        "editors": args.editors,
        "saved": results["saved"], "conflicts": results["conflicts"],
        "failed": results["failed"], "late": len(results["late"]),
        "visible_p50_s": round(statistics.median(delays), 3) if delays else None,
        "visible_max_s": round(delays[-1], 3) if delays else None,
        "searches": len(searches), "search_errors": results["search_errors"],
        "search_p50_ms": round(statistics.median(searches), 1) if searches else None,
        "verify_exit": verify.returncode, "outbox_backlog": int(backlog),
    }
    print(verify.stdout.strip().splitlines()[-1] if verify.stdout.strip() else verify.stderr)
    for key, value in summary.items():
        print(f"  {key:16} {value}")
    print(json.dumps(summary))
    ok = (results["saved"] and not results["late"] and not results["failed"]
          and not results["search_errors"] and verify.returncode == 0)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
