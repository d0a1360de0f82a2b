"""Screenshots of the demo site for the README: docs/screenshots/.

Starts the demo site (bench/demo_site.py: a temporary SQLite database with
the demo catalogue, Flask's server on a free loopback port), opens the home,
search, document and statistics pages in Debian's headless Chromium at
1366 px (desktop) and 390 px (phone) and writes NAME-WIDTH.png: the top of
each page, at most two screens tall (the document page is a whole law).
The images are reduced to a 256-colour palette to keep the repository small.

    .venv/bin/python bench/screenshots.py [--out docs/screenshots]

Needs the test extra (Playwright): ``make install-test``.
"""
from __future__ import annotations

import argparse
import io
import os
import sys
from pathlib import Path

from PIL import Image
from playwright.sync_api import sync_playwright

sys.path.insert(0, os.path.dirname(__file__))
from demo_site import ROOT, demo_site  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--font-render-hinting=none"]
PAGES = {
    "home": "/",
    "search": "/cari?q=pemilu",
    "document": "/dokumen/uu-7-2017",
    "statistics": "/statistik",
}
#: width -> viewport height (a common laptop and a common phone).
VIEWPORTS = {1366: 768, 390: 844}
SCREENS = 2


def shrink(png: bytes) -> bytes:
    """The same picture with a 256-colour palette, compressed harder."""
    image = Image.open(io.BytesIO(png)).convert("RGB")
    out = io.BytesIO()
    image.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(
        out, format="PNG", optimize=True)
    return out.getvalue()


def capture(browser, url: str, out: Path) -> list[tuple[str, int]]:
    written = []
    for width, height in VIEWPORTS.items():
        context = browser.new_context(base_url=url, locale="id-ID", viewport={"width": width, "height": height},
                                      device_scale_factor=1)
        try:
            page = context.new_page()
            for name, path in PAGES.items():
                page.goto(path, wait_until="load")
                full_height = page.evaluate("document.documentElement.scrollHeight")
                clip = {"x": 0, "y": 0, "width": width, "height": min(full_height, SCREENS * height)}
                target = out / f"{name}-{width}.png"
                target.write_bytes(shrink(page.screenshot(full_page=True, clip=clip)))
                written.append((str(target.relative_to(ROOT) if target.is_relative_to(ROOT) else target),
                                target.stat().st_size))
        finally:
            context.close()
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with demo_site() as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            written = capture(browser, url, args.out.resolve())
        finally:
            browser.close()
    for path, size in written:
        print(f"{path}  {size / 1024:.0f} KiB")


if __name__ == "__main__":
    main()
