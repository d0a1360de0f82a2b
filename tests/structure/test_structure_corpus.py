"""The parser against 31 excerpts of real regulations (tests/data/structure).

Each text has its pasal written down by hand; the pasal-boundary accuracy
per kind of regulation is printed (run with -s) and must stay at 100%.
"""
from __future__ import annotations

import json
from collections import defaultdict
from difflib import SequenceMatcher
from pathlib import Path

import pytest

from jdih.structure import parse_text

DATA = Path(__file__).resolve().parents[1] / "data" / "structure"
EXPECTED = json.loads((DATA / "expected.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def documents():
    return {name: parse_text((DATA / name).read_text(encoding="utf-8")) for name in EXPECTED}


def test_every_text_has_expectations_and_a_source():
    texts = {path.name for path in DATA.glob("*.txt")}
    readme = (DATA / "README.md").read_text(encoding="utf-8")
    assert texts == set(EXPECTED)
    assert all(name in readme for name in texts)
    kinds = {entry["kind"] for entry in EXPECTED.values()}
    assert {"UU", "PP", "Perpres", "PKPU", "Perbawaslu", "Perda", "Perubahan"} <= kinds


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_pasal_in_order(documents, name):
    document, expected = documents[name], EXPECTED[name]
    assert [p.label for p in document.pasal()] == expected["pasal"]
    if "quoted" in expected:
        quoted = [p.label for p in document.pasal(include_quoted=True) if p.quoted]
        assert quoted == expected["quoted"]
    if "penjelasan" in expected:
        explained = [n.label for n in document.walk() if n.kind == "penjelasan_pasal"]
        assert explained == expected["penjelasan"]


@pytest.mark.parametrize("name", sorted(n for n, e in EXPECTED.items() if "items" in e))
def test_parts_have_their_items_and_words(documents, name):
    document = documents[name]
    for anchor, check in EXPECTED[name]["items"].items():
        node = document.find(anchor)
        assert node is not None, anchor
        if "ayat" in check:
            assert sum(child.kind == "ayat" for child in node.children) == check["ayat"], anchor
        if check.get("starts"):
            assert node.text.startswith(check["starts"]), (anchor, node.text)
        if check.get("ends"):
            assert node.text.endswith(check["ends"]), (anchor, node.text)
        if check.get("starts") == "" and check.get("ends", "") == "":
            assert node.text == "", (anchor, node.text)  # a catchword must not stay as text
    for anchor, heading in EXPECTED[name].get("headings", {}).items():
        node = document.find(anchor)
        assert node is not None and node.heading == heading, anchor


@pytest.mark.parametrize("name", sorted(n for n, e in EXPECTED.items() if "title" in e or "lists" in e))
def test_title_block_and_considerations(documents, name):
    document, expected = documents[name], EXPECTED[name]
    for field, value in expected.get("title", {}).items():
        assert getattr(document, field) == value, field
    for kind, count in expected.get("lists", {}).items():
        part = document.find(kind)
        assert part is not None, kind
        assert len(part.children) == count, kind
        assert part.text or part.children


@pytest.mark.parametrize("name", sorted(n for n, e in EXPECTED.items() if "signed" in e))
def test_signature(documents, name):
    signed = documents[name].find("pengesahan")
    assert signed is not None
    for field, value in EXPECTED[name]["signed"].items():
        assert signed.meta[field] == value


def _boundaries(expected: list[str], found: list[str]) -> tuple[int, int]:
    """Pasal boundaries found in the right order, out of the larger count."""
    matcher = SequenceMatcher(a=expected, b=found, autojunk=False)
    matched = sum(block.size for block in matcher.get_matching_blocks())
    return matched, max(len(expected), len(found))


def test_pasal_boundary_accuracy_per_kind(documents, capsys):
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for name, expected in EXPECTED.items():
        found = [p.label for p in documents[name].pasal()]
        # A text without pasal is right when none is found.
        matched, total = _boundaries(expected["pasal"], found) if expected["pasal"] or found else (1, 1)
        row = totals[expected["kind"]]
        row[0] += 1
        row[1] += matched
        row[2] += total
    with capsys.disabled():
        print("\nkind         texts  pasal boundaries  accuracy")
        for kind, (texts, matched, total) in sorted(totals.items()):
            print(f"{kind:<12} {texts:>5}  {matched:>7}/{total:<8}  {matched / total:7.1%}")
    assert all(matched == total for _, matched, total in totals.values())
