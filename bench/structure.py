"""Benchmark jdih.structure.parse on a synthetic 500-page regulation.

The regulation is built from the test texts in tests/data/structure: a
title block, then BAB after BAB whose pasal (renumbered 1, 2, 3, ...) take
their content from the test excerpts, with page breaks, running heads and
page numbers as in a statute's PDF, then an amending Pasal I-style block,
the signature and a Penjelasan pasal demi pasal. Prints the median time
over several runs, pages per second, and a final JSON line for machines.

    python bench/structure.py [--pages N] [--runs N]
"""
from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from jdih.structure import parse  # noqa: E402

DATA = Path(__file__).resolve().parents[1] / "tests" / "data" / "structure"
LINES_PER_PAGE = 38
TITLE = """UNDANG-UNDANG REPUBLIK INDONESIA
NOMOR 99 TAHUN 2030
TENTANG
CONTOH SINTETIS UNTUK PENGUKURAN
DENGAN RAHMAT TUHAN YANG MAHA ESA
PRESIDEN REPUBLIK INDONESIA,
Menimbang : a. bahwa pengukuran perlu;
b. bahwa berdasarkan pertimbangan sebagaimana dimaksud
dalam huruf a, perlu membentuk Undang-Undang;
Mengingat : 1. Pasal 5 ayat (1) Undang-Undang Dasar Negara Republik
Indonesia Tahun 1945;
MEMUTUSKAN:
Menetapkan : UNDANG-UNDANG TENTANG CONTOH SINTETIS.""".splitlines()


def pasal_bodies() -> list[list[str]]:
    """The content (without the "Pasal N" line) of every pasal in the test texts."""
    bodies: list[list[str]] = []
    for path in sorted(DATA.glob("*.txt")):
        current: list[str] | None = None
        for line in path.read_text(encoding="utf-8").replace("\f", "\n").splitlines():
            if re.fullmatch(r"Pasal \d+[A-Z]?", line):
                current = []
                bodies.append(current)
            elif re.match(r"(BAB |Bagian |Paragraf |Disahkan|Ditetapkan|PENJELASAN|PRESIDEN|REPUBLIK|-\s?\d+\s?-|Pasal \d+ \.)", line):
                current = None
            elif current is not None:
                current.append(line)
    return [body for body in bodies if body]


def generate(pages: int) -> tuple[list[str], int]:
    """Page texts of a regulation of ``pages`` pages, and its number of pasal."""
    bodies = pasal_bodies()
    lines: list[str] = list(TITLE)
    number = 0
    explained = 200
    target = pages * LINES_PER_PAGE - len(TITLE) - 11 - 2 * explained
    while len(lines) < target:
        bab = number // 12 + 1
        if number % 12 == 0:
            lines += [f"BAB {roman(bab)}", "KETENTUAN CONTOH"]
        number += 1
        lines += [f"Pasal {number}", *bodies[number % len(bodies)]]
    lines += ["Disahkan di Jakarta", "pada tanggal 1 Januari 2030", "PRESIDEN REPUBLIK INDONESIA,", "ttd.", "CONTOH"]
    lines += ["PENJELASAN", "ATAS", "UNDANG-UNDANG REPUBLIK INDONESIA", "I. UMUM", "Cukup.", "II. PASAL DEMI PASAL"]
    for n in range(1, min(number, explained) + 1):
        lines += [f"Pasal {n}", "Cukup jelas."]
    texts = []
    for page, start in enumerate(range(0, len(lines), LINES_PER_PAGE), start=1):
        head = ["PRESIDEN", "REPUBLIK INDONESIA", f"- {page} -"] if page > 1 else []
        texts.append("\n".join(head + lines[start:start + LINES_PER_PAGE]))
    return texts, number


def roman(number: int) -> str:
    values = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
              (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    out = ""
    for value, letters in values:
        while number >= value:
            out += letters
            number -= value
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=500)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    pages, expected = generate(args.pages)
    timings = []
    document = None
    for _ in range(args.runs):
        start = time.perf_counter()
        document = parse(pages)
        timings.append(time.perf_counter() - start)
    median = statistics.median(timings)
    pasal = len(document.pasal()) if document else 0
    nodes = sum(1 for _ in document.walk()) if document else 0
    print(f"pages: {len(pages)}  pasal: {pasal} (generated {expected})  nodes: {nodes}")
    print(f"median of {args.runs} runs: {median * 1000:.1f} ms  ({len(pages) / median:.0f} pages/s)")
    print(json.dumps({"pages": len(pages), "pasal": pasal, "pasal_generated": expected, "median_s": round(median, 4),
                      "pages_per_s": round(len(pages) / median)}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
