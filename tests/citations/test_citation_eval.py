"""Precision and recall of extract() on the hand-labelled passages.

Two sets: the development passages (tests/data/citations/*.jsonl, what the
patterns are written against) and the held-out passages
(tests/data/citations/heldout/*.jsonl, committed before the patterns they
judge and never tuned on). Scored over (type, normalised number, year) as a
multiset per passage; numbers are normalised as the catalogue identity does
(so "15P/HUM/2009" and "15 P/HUM/2009" are one document). Pinpoints are
scored the same way with the pinpoint added and reported. Run with ``-s``
to see the figures, per type, and the failures.
"""
from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

from jdih.catalogue.identity import normalise_number
from jdih.citations import extract

DATA_DIR = Path(__file__).resolve().parents[1] / "data" / "citations"
HELDOUT_DIR = DATA_DIR / "heldout"
DEV_THRESHOLD = 0.95
HELDOUT_THRESHOLD = 0.97


def load_passages(directory: Path = DATA_DIR) -> list[dict]:
    passages = []
    for path in sorted(directory.glob("*.jsonl")):
        with open(path, encoding="utf-8") as handle:
            passages.extend(json.loads(line) for line in handle if line.strip())
    return passages


def _key(ctype, number, year, pinpoint=None) -> tuple:
    pin = re.sub(r"\s+", " ", pinpoint).strip().lower() if pinpoint else None
    return (ctype, normalise_number(number) or None, year, pin)


def predicted_tuples(text: str) -> list[tuple]:
    return [_key(c.type, c.number, c.year, c.pinpoint) for c in extract(text)]


class Score:
    """Hits, predicted and expected counts, overall and per type."""

    def __init__(self, passages: list[dict], width: int):
        self.hits = self.predicted = self.expected = 0
        self.by_type: dict[str, list[int]] = {}
        self.failures: list[str] = []
        for passage in passages:
            self._add(passage, width)

    def _add(self, passage: dict, width: int) -> None:
        expected = Counter(_key(*item)[:width] for item in passage["expected"])
        predicted = Counter(t[:width] for t in predicted_tuples(passage["text"]))
        both = expected & predicted
        self.hits += sum(both.values())
        self.predicted += sum(predicted.values())
        self.expected += sum(expected.values())
        for counter, slot in ((both, 0), (predicted, 1), (expected, 2)):
            for item, count in counter.items():
                self.by_type.setdefault(item[0], [0, 0, 0])[slot] += count
        if expected != predicted:
            self.failures.append(
                f"{passage['id']}: missed {sorted((expected - predicted).elements(), key=str)}"
                f" extra {sorted((predicted - expected).elements(), key=str)}"
            )

    @property
    def precision(self) -> float:
        return ratio(self.hits, self.predicted)

    @property
    def recall(self) -> float:
        return ratio(self.hits, self.expected)

    def report(self, title: str, passages: int) -> None:
        print(f"\n{title}: {passages} passages, {self.expected} expected, {self.predicted} found")
        print(f"  precision {self.precision:.3f}  recall {self.recall:.3f}  (type, number, year)")
        for ctype, (hits, predicted, expected) in sorted(self.by_type.items()):
            print(f"  {ctype:14} P {ratio(hits, predicted):.3f}  R {ratio(hits, expected):.3f}"
                  f"  ({hits}/{predicted} found, {hits}/{expected} expected)")


def ratio(part: int, whole: int) -> float:
    return part / whole if whole else 1.0


def _evaluate(directory: Path, title: str) -> Score:
    passages = load_passages(directory)
    score = Score(passages, width=3)
    score.report(title, len(passages))
    pinned = Score(passages, width=4)
    print(f"  with pinpoint: precision {pinned.precision:.3f}  recall {pinned.recall:.3f}")
    for line in score.failures or pinned.failures:
        print("  FAIL", line)
    return score


def test_enough_labelled_passages():
    dev, held = load_passages(DATA_DIR), load_passages(HELDOUT_DIR)
    assert len(dev) + len(held) >= 400
    assert len(held) >= 100
    ids = [p["id"] for p in dev + held]
    assert len(set(ids)) == len(ids)
    assert all(p.get("source") for p in held)


def test_precision_and_recall_on_development_passages():
    score = _evaluate(DATA_DIR, "development")
    assert score.precision >= DEV_THRESHOLD, f"precision {score.precision:.3f}"
    assert score.recall >= DEV_THRESHOLD, f"recall {score.recall:.3f}"


def test_precision_and_recall_on_heldout_passages():
    score = _evaluate(HELDOUT_DIR, "held-out")
    assert score.precision >= HELDOUT_THRESHOLD, f"precision {score.precision:.3f}"
    assert score.recall >= HELDOUT_THRESHOLD, f"recall {score.recall:.3f}"
