"""Precision and recall of extract() on the hand-labelled passages.

Scored over (type, number, year) tuples as a multiset per passage; pinpoints
are scored the same way over (type, number, year, pinpoint) and reported.
Run with ``-s`` to see the figures and the failures.
"""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from jdih.citations import extract

DATA_DIR = Path(__file__).resolve().parents[1] / "data" / "citations"
THRESHOLD = 0.9


def load_passages() -> list[dict]:
    passages = []
    for path in sorted(DATA_DIR.glob("*.jsonl")):
        with open(path, encoding="utf-8") as handle:
            passages.extend(json.loads(line) for line in handle if line.strip())
    return passages


def predicted_tuples(text: str) -> list[tuple]:
    return [(c.type, c.number, c.year, c.pinpoint) for c in extract(text)]


def score(passages: list[dict], width: int) -> tuple[int, int, int, list[str]]:
    """True positives, predicted and expected counts over tuples cut to `width`."""
    hits = predicted_total = expected_total = 0
    failures = []
    for passage in passages:
        expected = Counter(tuple(item[:width]) for item in passage["expected"])
        predicted = Counter(t[:width] for t in predicted_tuples(passage["text"]))
        hits += sum((expected & predicted).values())
        predicted_total += sum(predicted.values())
        expected_total += sum(expected.values())
        if expected != predicted:
            failures.append(
                f"{passage['id']}: missed {sorted((expected - predicted).elements(), key=str)}"
                f" extra {sorted((predicted - expected).elements(), key=str)}"
            )
    return hits, predicted_total, expected_total, failures


def ratio(part: int, whole: int) -> float:
    return part / whole if whole else 1.0


def test_enough_labelled_passages():
    passages = load_passages()
    assert len(passages) >= 120
    assert len({p["id"] for p in passages}) == len(passages)


def test_precision_and_recall_on_labelled_passages():
    passages = load_passages()
    hits, predicted, expected, failures = score(passages, width=3)
    precision, recall = ratio(hits, predicted), ratio(hits, expected)
    pin_hits, pin_predicted, pin_expected, pin_failures = score(passages, width=4)
    print(f"\n{len(passages)} passages, {expected} expected citations, {predicted} found")
    print(f"precision {precision:.3f}  recall {recall:.3f}  (type, number, year)")
    print(
        f"with pinpoint: precision {ratio(pin_hits, pin_predicted):.3f}"
        f"  recall {ratio(pin_hits, pin_expected):.3f}"
    )
    for line in failures or pin_failures:
        print("  FAIL", line)
    assert precision >= THRESHOLD, f"precision {precision:.3f}"
    assert recall >= THRESHOLD, f"recall {recall:.3f}"
