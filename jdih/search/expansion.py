"""Query-time vocabulary (plain Python: no Flask): the plan of what was
typed, widened to what the documents say.

* Synonyms and abbreviations: a typed word (or two or three typed words)
  with an entry in the list also matches each of its formal terms: the
  clause becomes an OR group ("paslon" OR "pasangan calon"). The list is a
  mapping given by the caller (the staff-edited table, see vocabulary.py),
  applied to the analysed words, so nothing is reindexed.
* Question words ("aturan", "soal", "tentang", "kapan", "yang"): moved
  from the required clauses to the optional ones, which only add to the
  score; a query made only of them still requires them.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Mapping

from . import analysis
from .plan import Clause, QueryPlan, Word, is_plain

DATA_DIR = Path(__file__).resolve().parent / "data"
#: Longest typed term (in words) the list may name ("presidential threshold").
MAX_TERM_WORDS = 3
#: Formal terms one typed term may expand to.
MAX_ALTERNATIVES = 8


def term_key(text: str) -> str:
    """How a typed term is looked up: its analysed words, space-joined."""
    return " ".join(analysis.words(text))


@lru_cache(maxsize=1)
def default_synonyms() -> dict[str, tuple[str, ...]]:
    """The shipped defaults (data/kosakata.toml): typed term -> formal terms."""
    with open(DATA_DIR / "kosakata.toml", "rb") as handle:
        table = tomllib.load(handle)["sinonim"]
    return {term_key(term): tuple(formal) for term, formal in table.items()}


@lru_cache(maxsize=1)
def question_words() -> frozenset[str]:
    """data/kata_tanya.txt plus the analyser's stop words."""
    lines = (DATA_DIR / "kata_tanya.txt").read_text(encoding="utf-8").splitlines()
    listed = {line.strip().lower() for line in lines if line.strip() and not line.startswith("#")}
    return frozenset(listed) | analysis.STOP_WORDS


@dataclass(frozen=True)
class Vocabulary:
    #: term_key(typed term) -> formal terms.
    synonyms: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    question_words: frozenset[str] = frozenset()


def _single_word(clause: Clause) -> str | None:
    """The one plain word token a typed clause consists of, else None."""
    if clause.negated or clause.typed is not None or len(clause.items) != 1:
        return None
    item = clause.items[0]
    if not is_plain(item) or len(item.tokens) != 1:
        return None
    return item.tokens[0].text


def expand(plan: QueryPlan, vocabulary: Vocabulary) -> QueryPlan:
    """The plan with synonyms OR-ed in and question words made optional."""
    if plan.match_any or not plan.clauses:
        return plan
    clauses = _with_synonyms(plan.clauses, vocabulary.synonyms) if vocabulary.synonyms \
        else plan.clauses
    required = [c for c in clauses if _single_word(c) not in vocabulary.question_words]
    optional = tuple(c for c in clauses if _single_word(c) in vocabulary.question_words)
    if not any(not c.negated for c in required):
        return QueryPlan(clauses, plan.short_prefixes, plan.optional, pasal=plan.pasal)  # never drop every word
    return QueryPlan(tuple(required), plan.short_prefixes, plan.optional + optional, pasal=plan.pasal)


def _with_synonyms(clauses, synonyms) -> tuple[Clause, ...]:
    out: list[Clause] = []
    position = 0
    while position < len(clauses):
        span, formal = _longest_term(clauses, position, synonyms)
        if not formal:
            out.append(clauses[position])
            position += 1
            continue
        typed = " ".join(_single_word(c) for c in clauses[position:position + span])
        alternatives = [Word(text) for text in formal[:MAX_ALTERNATIVES]]
        alternatives = [w for w in alternatives if w.tokens and term_key(w.text) != typed]
        out.append(Clause((Word(typed),) + tuple(alternatives), False, 1))
        position += span
    return tuple(out)


def _longest_term(clauses, start: int, synonyms) -> tuple[int, tuple[str, ...]]:
    """(words, formal terms) of the longest listed term typed at `start`."""
    words = []
    for clause in clauses[start:start + MAX_TERM_WORDS]:
        word = _single_word(clause)
        if word is None:
            break
        words.append(word)
    for span in range(len(words), 0, -1):
        formal = synonyms.get(" ".join(words[:span]))
        if formal:
            return span, formal
    return 0, ()
