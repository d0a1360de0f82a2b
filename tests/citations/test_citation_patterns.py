"""The examples in patterns.toml, run as tests, plus checks on the data file."""
from __future__ import annotations

import re

import pytest

from jdih.citations import extract
from jdih.citations.grammar import load_data

DATA = load_data()
EXAMPLES = [
    pytest.param(example, id=f"{rule['label']}-{number}")
    for rule in DATA["rule"]
    for number, example in enumerate(rule.get("example", []))
]
OPTIONAL_FIELDS = ("pinpoint", "name", "issuer")
TYPES = {
    "UUD", "UU", "PERPPU", "PP", "PERPRES", "KEPPRES", "PERMEN", "PERDA", "PKPU",
    "KEPKPU", "PERBAWASLU", "PERDKPP", "PUTUSAN_MK", "PUTUSAN_MA", "PUTUSAN_DKPP",
    "PUTUSAN_OTHER", "OTHER",
}


@pytest.mark.parametrize("example", EXAMPLES)
def test_pattern_example(example):
    found = extract(example["text"])
    assert len(found) == len(example["expect"]), [c.text for c in found]
    for citation, expected in zip(found, example["expect"]):
        assert citation.type == expected["type"]
        assert citation.number == expected.get("number")
        assert citation.year == expected.get("year")
        for field in OPTIONAL_FIELDS:
            if field in expected:
                assert getattr(citation, field) == expected[field], field


def test_every_type_has_a_rule_and_every_rule_is_known():
    assert {rule["type"] for rule in DATA["rule"]} == TYPES


def test_every_rule_shape_exists():
    for rule in DATA["rule"]:
        assert set(rule["shapes"]) <= set(DATA["shapes"]), rule["label"]


def test_fragments_compile_on_their_own():
    for name, pattern in DATA["shapes"].items():
        if "{names}" not in pattern:
            re.compile(re.sub(r"\{(\w+)\}", "(?:x)", pattern))


def _all_texts() -> list[str]:
    import json
    from pathlib import Path

    texts = [example["text"] for rule in DATA["rule"] for example in rule.get("example", [])]
    data_dir = Path(__file__).resolve().parents[1] / "data" / "citations"
    for path in sorted(data_dir.glob("*.jsonl")):
        texts.extend(json.loads(line)["text"] for line in path.read_text("utf-8").splitlines() if line)
    return texts


def test_start_chars_gate_finds_what_an_ungated_scan_finds():
    from jdih.citations.grammar import build

    gated, ungated = build(DATA).scanner, build(DATA, gated=False).scanner
    for text in _all_texts():
        spans = [(m.span(), m.lastgroup) for m in gated.finditer(text)]
        assert spans == [(m.span(), m.lastgroup) for m in ungated.finditer(text)], text
