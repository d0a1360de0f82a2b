"""Snippets with <mark> around matched words.

The app renders these with |safe, so every character that is not one of our
own <mark> tags goes through html.escape. Matching reuses the index analysis,
so "dilindungi" is marked for the query "perlindungan".
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field

from . import analysis
from .plan import Phrase, QueryPlan, Word

SNIPPET_CHARS = 240
ELLIPSIS = "…"


@dataclass
class MatchTerms:
    """What counts as a match when marking text."""

    stems: set[str] = field(default_factory=set)
    exact: set[str] = field(default_factory=set)
    prefixes: tuple[str, ...] = ()
    #: word -> bool: snippets repeat words, and stemming them is the cost.
    _seen: dict = field(default_factory=dict, repr=False)

    def matches(self, word: str) -> bool:
        found = self._seen.get(word)
        if found is None:
            found = self._seen[word] = self._matches(word)
        return found

    def _matches(self, word: str) -> bool:
        if word in self.exact or (self.prefixes and word.startswith(self.prefixes)):
            return True
        forms = analysis.stem_forms(word)
        if any(form in self.stems for form in forms):
            return True
        return analysis.is_compound(word) and any(
            part in self.exact or (self.prefixes and part.startswith(self.prefixes))
            for part in analysis.parts_of(word))

    def __bool__(self):
        return bool(self.stems or self.exact or self.prefixes)


def terms_for(plan_query: QueryPlan, extra_exact=()) -> MatchTerms:
    """Collect the highlightable terms of the positive text clauses, from
    the tokens the plan already analysed."""
    terms = MatchTerms(exact=set(extra_exact))
    prefixes = []
    for clause in plan_query.clauses:
        if clause.negated:
            continue
        for item in clause.items:
            if isinstance(item, Phrase) and item.field in (None, "judul"):
                texts = [t.text for t in item.tokens]
                meaningful = [t for t in texts if t not in analysis.STOP_WORDS]
                terms.exact.update(meaningful or texts)
            elif isinstance(item, Word) and item.field in (None, "judul", "subjek"):
                if item.prefix:
                    prefixes.extend(t.text for t in item.tokens[-1:])
                    continue
                for token in item.tokens:
                    if token.stem:
                        terms.stems.add(token.stem)
                    else:
                        terms.exact.add(token.text)
    terms.prefixes = tuple(prefixes)
    return terms


def _match_spans(text: str, terms: MatchTerms) -> list[tuple[int, int]]:
    if not terms:
        return []
    lowered = text.lower()
    if len(lowered) != len(text):  # rare: lowercasing moved offsets
        return [m.span() for m in analysis.TOKEN_RE.finditer(text)
                if terms.matches(m.group().lower())]
    # Decide per distinct word (C-level findall and set), then walk the
    # tokens only of texts that hold a match.
    matched = {w for w in set(analysis.TOKEN_RE.findall(lowered)) if terms.matches(w)}
    if not matched:
        return []
    return [m.span() for m in analysis.TOKEN_RE.finditer(lowered) if m.group() in matched]


def _render(text: str, spans, start: int, end: int) -> str:
    out, cursor = [], start
    for span_start, span_end in spans:
        if span_start < start or span_end > end:
            continue
        out.append(html.escape(text[cursor:span_start]))
        out.append("<mark>" + html.escape(text[span_start:span_end]) + "</mark>")
        cursor = span_end
    out.append(html.escape(text[cursor:end]))
    return "".join(out)


def _best_window(text: str, spans, width: int) -> tuple[int, int]:
    """The width-char window holding the most matches, nudged to word
    boundaries so a snippet neither starts nor ends mid-word."""
    best_start, best_count = 0, -1
    for span_start, _ in spans:
        start = max(0, span_start - width // 4)
        count = sum(1 for s, e in spans if s >= start and e <= start + width)
        if count > best_count:
            best_start, best_count = start, count
    start = best_start
    if start > 0:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < start + 30 else start
    end = min(len(text), start + width)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start + width // 2 else end
    return start, end


def highlight(text: str, terms: MatchTerms, width: int | None = None,
              require_match: bool = False) -> str | None:
    """Escape `text` and mark matches; with `width`, cut the best window.
    Returns None when `require_match` and nothing matched."""
    text = analysis.normalize_text(text or "")
    spans = _match_spans(text, terms)
    if require_match and not spans:
        return None
    if width is None or len(text) <= width:
        return _render(text, spans, 0, len(text))
    start, end = _best_window(text, spans, width) if spans else (0, width)
    body = _render(text, spans, start, end)
    return (ELLIPSIS if start > 0 else "") + body + (ELLIPSIS if end < len(text) else "")


def count_matches(text: str, terms: MatchTerms) -> int:
    return len(_match_spans(analysis.normalize_text(text or ""), terms))
