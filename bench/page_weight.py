"""Page weight and load time of the home, search and document pages.

Against the demo site (bench/demo_site.py: temporary SQLite database with
the demo catalogue, Flask's development server on a free loopback port, as
``make run`` serves it), in Debian's headless Chromium:

- weight: the bytes of the HTML and of every same-origin stylesheet and
  script the page loads (images, fonts and PDFs are left out), raw and
  gzip-compressed (level 6, what a server's gzip usually sends);
- time: from the start of navigation to DOMContentLoaded and to the load
  event (Navigation Timing), median and spread of --runs loads, each in a
  fresh browser context (cold cache) after one warm-up load of every page.

Prints a table, then the same figures as one JSON line.

    .venv/bin/python bench/page_weight.py [--runs 5]

Needs the test extra (Playwright): ``make install-test``. Loopback and a
shared small machine: the times are an upper bound of the server's share and
say nothing about a real network.
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import statistics
import sys
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from playwright.sync_api import sync_playwright

sys.path.insert(0, os.path.dirname(__file__))
from demo_site import demo_site  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
PAGES = {
    "home": "/",
    "search": "/cari?q=pemilu",
    "document": "/dokumen/uu-7-2017",
}
KINDS = {"document": "html", "stylesheet": "css", "script": "js"}
TIMING = """() => {
    const [n] = performance.getEntriesByType('navigation');
    return {dcl: n.domContentLoadedEventEnd - n.startTime, load: n.loadEventEnd - n.startTime};
}"""


@dataclass
class Weight:
    raw: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS.values(), 0))
    gzip: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS.values(), 0))
    files: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS.values(), 0))

    def add(self, kind: str, body: bytes) -> None:
        self.raw[kind] += len(body)
        self.gzip[kind] += len(gzip.compress(body, compresslevel=6, mtime=0))
        self.files[kind] += 1


def weigh(context, url: str, path: str) -> Weight:
    """The page's same-origin HTML, CSS and JS, as the browser fetched them."""
    origin = urlsplit(url).netloc
    responses = []
    page = context.new_page()
    page.on("response", lambda response: responses.append(response))
    page.goto(path, wait_until="load")
    weight = Weight()
    for response in responses:
        kind = KINDS.get(response.request.resource_type)
        if kind and urlsplit(response.url).netloc == origin and response.status < 300:
            weight.add(kind, response.body())
    page.close()
    return weight


def time_load(browser, url: str, path: str) -> dict[str, float]:
    context = browser.new_context(base_url=url, locale="id-ID")
    try:
        page = context.new_page()
        page.goto(path, wait_until="load")
        page.wait_for_function("performance.getEntriesByType('navigation')[0].loadEventEnd > 0")
        return page.evaluate(TIMING)
    finally:
        context.close()


def measure(browser, url: str, runs: int) -> dict[str, dict]:
    figures = {}
    context = browser.new_context(base_url=url, locale="id-ID")
    try:
        weights = {name: weigh(context, url, path) for name, path in PAGES.items()}  # also the warm-up
    finally:
        context.close()
    for name, path in PAGES.items():
        loads = [time_load(browser, url, path) for _ in range(runs)]
        dcl = sorted(load["dcl"] for load in loads)
        load = sorted(load["load"] for load in loads)
        weight = weights[name]
        figures[name] = {
            "path": path,
            "bytes": weight.raw, "gzip_bytes": weight.gzip, "files": weight.files,
            "total_bytes": sum(weight.raw.values()), "total_gzip_bytes": sum(weight.gzip.values()),
            "dom_content_loaded_ms": {"median": round(statistics.median(dcl), 1),
                                      "min": round(dcl[0], 1), "max": round(dcl[-1], 1)},
            "load_ms": {"median": round(statistics.median(load), 1),
                        "min": round(load[0], 1), "max": round(load[-1], 1)},
            "runs": runs,
        }
    return figures


def kib(n: int) -> str:
    return f"{n / 1024:.1f}"


def table(figures: dict[str, dict]) -> str:
    header = (f"{'page':<9} {'HTML KiB':>9} {'CSS KiB':>8} {'JS KiB':>7} {'total KiB':>10} "
              f"{'gzip KiB':>9} {'DCL ms':>8} {'load ms':>8}  (min-max load)")
    lines = [header, "-" * len(header)]
    for name, f in figures.items():
        raw = f["bytes"]
        lines.append(
            f"{name:<9} {kib(raw['html']):>9} {kib(raw['css']):>8} {kib(raw['js']):>7} "
            f"{kib(f['total_bytes']):>10} {kib(f['total_gzip_bytes']):>9} "
            f"{f['dom_content_loaded_ms']['median']:>8} {f['load_ms']['median']:>8}  "
            f"({f['load_ms']['min']}-{f['load_ms']['max']})")
    lines.append("gzip per kind (KiB): " + "; ".join(
        f"{name} " + ", ".join(f"{kind} {kib(size)}" for kind, size in f["gzip_bytes"].items())
        for name, f in figures.items()))
    lines.append("files per kind: " + "; ".join(
        f"{name} " + ", ".join(f"{kind} {count}" for kind, count in f["files"].items())
        for name, f in figures.items()))
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="cold loads per page (default 5)")
    args = parser.parse_args()
    with demo_site() as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            figures = measure(browser, url, args.runs)
        finally:
            browser.close()
    print(f"Demo site on Flask's development server, Debian Chromium headless; "
          f"load times: median of {args.runs} cold loads.")
    print(table(figures))
    print(json.dumps({"pages": figures}, sort_keys=True))


if __name__ == "__main__":
    main()
