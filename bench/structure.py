"""Benchmark jdih.structure.parse on a synthetic 500-page regulation.

The regulation is built from the test texts in tests/data/structure: a
title block, then BAB after BAB whose pasal (renumbered 1, 2, 3, ...) take
their content from the test excerpts, with page breaks, running heads and
page numbers as in a statute's PDF, then an amending Pasal I-style block,
the signature and a Penjelasan pasal demi pasal. Prints the median time
over several runs, pages per second, and a final JSON line for machines.

With ``--accuracy`` it first prints, per kind of regulation (UU, PP,
Perpres, PKPU, Perbawaslu, Perda, amendments), the precision and recall
of the pasal starts the parser finds in the real excerpts against the
ones written down by hand in tests/data/structure/expected.json (an
amendment's quoted pasal count as starts too). It also times what a
pasal-level search adds per result: flattening a stored tree into its
articles (once per parse, then cached) and naming the pasal of a hit.

    python bench/structure.py [--pages N] [--runs N] [--accuracy]
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


def _matched(expected: list[str], found: list[str]) -> int:
    """Pasal starts found in the right order (the longest common blocks)."""
    from difflib import SequenceMatcher

    matcher = SequenceMatcher(a=expected, b=found, autojunk=False)
    return sum(block.size for block in matcher.get_matching_blocks())


def accuracy() -> dict[str, dict[str, float]]:
    """Per kind: texts, expected and found pasal starts, precision, recall."""
    from collections import defaultdict

    expected_all = json.loads((DATA / "expected.json").read_text(encoding="utf-8"))
    rows: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for name, expected in expected_all.items():
        document = parse((DATA / name).read_text(encoding="utf-8").split("\f"))
        wanted, found = list(expected["pasal"]), [p.label for p in document.pasal()]
        if "quoted" in expected:
            wanted += [f"quoted {label}" for label in expected["quoted"]]
            found += [f"quoted {p.label}" for p in document.pasal(include_quoted=True) if p.quoted]
        row = rows[expected["kind"]]
        row[0] += 1
        row[1] += len(wanted)
        row[2] += len(found)
        row[3] += _matched(wanted, found)
    table = {}
    print("kind         texts  expected  found  correct  precision  recall")
    for kind, (texts, wanted, found, correct) in sorted(rows.items()):
        precision = correct / found if found else 1.0
        recall = correct / wanted if wanted else 1.0
        table[kind] = {"texts": texts, "expected": wanted, "found": found, "correct": correct,
                       "precision": round(precision, 4), "recall": round(recall, 4)}
        print(f"{kind:<12} {texts:>5}  {wanted:>8}  {found:>5}  {correct:>7}  {precision:>9.1%}  {recall:>6.1%}")
    totals = [sum(row[i] for row in rows.values()) for i in range(4)]
    print(f"{'all':<12} {totals[0]:>5}  {totals[1]:>8}  {totals[2]:>5}  {totals[3]:>7}  "
          f"{totals[3] / totals[2]:>9.1%}  {totals[3] / totals[1]:>6.1%}")
    return table


def search_cost(document, pages: int, runs: int) -> dict[str, float]:
    """Seconds to flatten the stored tree, and per hit to name its pasal."""
    from jdih.reading.pasal_index import Structure, articles
    from jdih.search.pasal_hits import clause_terms, on_page
    from jdih.search.query import parse as parse_query

    tree = document.to_dict()
    flatten = []
    for _ in range(runs):
        start = time.perf_counter()
        flat = articles(tree)
        flatten.append(time.perf_counter() - start)
    structure = Structure(1, flat)
    terms = clause_terms(parse_query("pemilihan umum ketentuan"))
    hits = list(range(2, pages + 1, max(1, pages // 100)))
    start = time.perf_counter()
    named = sum(on_page(structure, page, terms) is not None for page in hits)
    per_hit = (time.perf_counter() - start) / len(hits)
    print(f"search: flatten tree {statistics.median(flatten) * 1000:.1f} ms (once per parse, cached); "
          f"name the pasal of a hit {per_hit * 1000:.2f} ms ({named}/{len(hits)} hits named)")
    return {"flatten_s": round(statistics.median(flatten), 4), "pasal_per_hit_s": round(per_hit, 5)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=500)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--accuracy", action="store_true", help="print pasal-start precision/recall per kind")
    args = parser.parse_args()
    if args.accuracy:
        accuracy()
        print()
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
    cost = search_cost(document, len(pages), args.runs) if document else {}
    print(json.dumps({"pages": len(pages), "pasal": pasal, "pasal_generated": expected, "median_s": round(median, 4),
                      "pages_per_s": round(len(pages) / median), **cost}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
