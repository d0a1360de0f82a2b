"""What one search may cost: how short a prefix may be, how many index terms
a prefix or typo-tolerant word may expand to, and how long the whole search
may run (plain Python: no Flask, no index library).

A prefix like ``pe*`` matches most of the vocabulary; unbounded, a dozen of
them in one query kept a worker busy past gunicorn's timeout. The notes
(Indonesian, shown above the results) tell the reader what was limited.
"""
from __future__ import annotations

import time
from dataclasses import dataclass

DEFAULT_MIN_PREFIX = 3
DEFAULT_MAX_EXPANSIONS = 64
DEFAULT_TIME_BUDGET = 5.0

NOTE_SHORT_PREFIX = ("Awalan kata {words} terlalu pendek (minimal {n} huruf); "
                     "dicari sebagai kata utuh.")
NOTE_CAPPED = ("Awalan {words} cocok dengan terlalu banyak kata; hanya {n} kata yang "
               "paling sering muncul yang dicari.")
NOTE_OUT_OF_TIME = ("Pencarian dihentikan karena melebihi batas waktu; hasil mungkin "
                    "tidak lengkap. Persempit kata kunci untuk hasil yang lengkap.")


@dataclass(frozen=True)
class SearchLimits:
    #: Shortest prefix (letters before ``*``) expanded; shorter ones are words.
    min_prefix: int = DEFAULT_MIN_PREFIX
    #: Most index terms one prefix or typo-tolerant word expands to.
    max_expansions: int = DEFAULT_MAX_EXPANSIONS
    #: Seconds one search may take before it answers with what it has;
    #: None: no limit.
    time_budget: float | None = DEFAULT_TIME_BUDGET


class Deadline:
    """The end of a search's time budget; steps ask before starting costly
    work and stop early, remembering that they did."""

    #: Documents iterated between clock reads.
    CHECK_EVERY = 256

    def __init__(self, seconds: float | None, clock=time.monotonic):
        self._clock = clock
        self._end = None if seconds is None else clock() + seconds
        self.ran_out = False

    def expired(self) -> bool:
        if self._end is not None and self._clock() >= self._end:
            self.ran_out = True
        return self.ran_out

    def remaining(self) -> float | None:
        """Seconds left (never below zero), None without a budget."""
        return None if self._end is None else max(0.0, self._end - self._clock())

    def take(self, iterable):
        """Items of `iterable` until the budget runs out."""
        for count, item in enumerate(iterable):
            if count % self.CHECK_EVERY == 0 and self.expired():
                return
            yield item


def quoted(words) -> str:
    return ", ".join(f"“{w}*”" for w in words)
