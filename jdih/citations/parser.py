"""Find citations of legal documents in Indonesian text.

``extract(text)`` scans once with the compiled grammar (see grammar.py) and
turns every match into a Citation. Decisions (documented in patterns.toml
and tests/data/citations/README.md):

- The span includes a pinpoint written directly before the document
  ("Pasal 22E ayat (1) UUD 1945"), and the court name and "Nomor" before a
  case number; it never includes a title ("tentang ...").
- Every mention counts; each document in an amendment chain or named inside
  another's title is its own citation.
- Back-references ("UU ini", "peraturan tersebut") are not citations.
- Several numbers under one designation ("PKPU Nomor 3 dan 5 Tahun 2022",
  "perkara 12-PKE-DKPP/I/2024, 13-PKE-DKPP/I/2024") are one citation each;
  a number without its year takes the year of the next item of the list.
- A pinpoint written right after the document on the same line
  ("UU Nomor 7 Tahun 2017 Pasal 280 ayat (1)") belongs to it, unless it
  starts a citation of its own.
- "Keputusan Nomor ..." takes its type from the issuer named earlier in the
  sentence ("KPU menerbitkan Keputusan Nomor 1050 Tahun 2024"); without one
  it is not a citation.
"""
from __future__ import annotations

import functools
import re
from dataclasses import replace
from typing import Optional

from jdih.citations.citation import Citation
from jdih.citations.grammar import Grammar, Rule, grammar
from jdih.citations.numbers import clean_number, court_type

_SPACES = re.compile(r"\s+")
_SHORTHAND = re.compile(r"(\d{1,4})/((?:19|20)\d\d)")
_YEAR_SEGMENT = re.compile(r"(?:19[4-9]\d|20\d\d)")
_ISSUER_NOISE = re.compile(r"\s*\b(?:(?:negara\s+)?republik\s+indonesia|ri)\b\s*", re.IGNORECASE)
# Where a look-back for the issuer of "Keputusan Nomor" stops.
_SENTENCE_END = re.compile(r"[.;:!?\n](?=\s)|\n")
_CONTEXT_REACH = 160
_KEPALA_DAERAH = (("gub", "GUB"), ("bup", "BUP"), ("wal", "WAL"))


def extract(text: str) -> list[Citation]:
    """Return the citations in ``text`` in order of appearance."""
    compiled = grammar()
    found: list[Citation] = []
    position = 0
    while True:
        match = compiled.scanner.search(text, position)
        if match is None:
            return found
        position = max(match.end(), position + 1)
        citation = _citation_from(match, text, compiled)
        if citation is None:
            continue
        rule = compiled.rules[match.lastgroup or ""]
        items = [citation, *_list_items(rule, citation, text)]
        items = _with_list_years(items)
        items[-1] = _with_trailing_pinpoint(items[-1], text, compiled)
        found.extend(items)
        position = max(position, items[-1].end)


def _list_items(rule: Rule, first: Citation, text: str) -> list[Citation]:
    """Further numbers of the same list after ``first`` (", 13-PKE-DKPP/I/2024")."""
    items: list[Citation] = []
    end = first.end
    while rule.items:
        match = next((m for m in (p.match(text, end) for p in rule.items) if m), None)
        if match is None:
            return items
        groups = match.groupdict()
        number = clean_number(_squash(groups["number"]), rule.type) if groups.get("number") else None
        year = _year(number, groups.get("year"), rule.fixed_year)
        start = match.start("number") if groups.get("number") else match.start()
        items.append(replace(
            first, text=text[start:match.end()], start=start, end=match.end(),
            number=_without_year_shorthand(number, year), year=year, pinpoint=None,
        ))
        end = match.end()
    return items


def _with_list_years(items: list[Citation]) -> list[Citation]:
    """"Nomor 3 dan 5 Tahun 2022": an item without a year takes the next year."""
    year = None
    for index in range(len(items) - 1, -1, -1):
        if items[index].year is None and year is not None and items[index].number:
            items[index] = replace(items[index], year=year)
        year = items[index].year or year
    return items


def _with_trailing_pinpoint(citation: Citation, text: str, compiled: Grammar) -> Citation:
    if citation.pinpoint:
        return citation
    match = compiled.trailing_pinpoint.match(text, citation.end)
    if match is None or compiled.scanner.match(text, match.start("after")):
        return citation
    return replace(citation, text=text[citation.start:match.end()], end=match.end(),
                   pinpoint=_squash(match.group("after")))


def _citation_from(match: re.Match[str], text: str, compiled: Grammar) -> Optional[Citation]:
    rule = compiled.rules[match.lastgroup or ""]
    start, end = match.span(rule.group)
    fields = _parse_fields(rule, text, start, end)
    if fields is None:  # cannot happen unless scanner and parsers disagree
        return None
    number, year, name, issuer = fields
    ctype = _context_type(text, match.start(), compiled) if rule.context else rule.type
    if ctype is None:
        return None
    if ctype == "PUTUSAN_OTHER":
        ctype = court_type(number) or ctype
    pinpoint = match.group("pin")
    return Citation(
        text=text[match.start():match.end()],
        start=match.start(),
        end=match.end(),
        type=ctype,
        number=number if ctype == rule.type else clean_number(number, ctype),
        year=year,
        pinpoint=_squash(pinpoint) if pinpoint else None,
        name=rule.names.get(_squash(name).lower()) if name else None,
        issuer=rule.issuer or _issuer(issuer, compiled),
        form=rule.label,
        subtype=_subtype(rule, text[start:end]),
    )


def _context_type(text: str, start: int, compiled: Grammar) -> Optional[str]:
    """The type named by the nearest issuer before ``start`` in its sentence."""
    window_start = max(0, start - _CONTEXT_REACH)
    ends = list(_SENTENCE_END.finditer(text, window_start, start))
    window_start = ends[-1].end() if ends else window_start
    best, best_end = None, -1
    for ctype, pattern in compiled.context.items():
        for found in pattern.finditer(text, window_start, start):
            if found.end() > best_end:
                best, best_end = ctype, found.end()
    return best


def _subtype(rule: Rule, written: str) -> Optional[str]:
    """The subtype, for regional heads the office as written ("PERBUP")."""
    if rule.subtype in ("PERKADA", "KEPKADA"):
        lowered = written.lower()
        for key, office in _KEPALA_DAERAH:
            if key in lowered:
                return ("PER" if rule.subtype == "PERKADA" else "KEP") + office
    return rule.subtype


def _parse_fields(rule: Rule, text: str, start: int, end: int):
    """(number, year, name, raw issuer) from the first shape matching the span."""
    return _fields(rule, text[start:end])


@functools.lru_cache(maxsize=4096)
def _fields(rule: Rule, span: str):
    # The span alone gives the same fields (the scanner checked its context);
    # caching keeps long runs of one citation cheap.
    for parser in rule.parsers:
        found = parser.fullmatch(span)
        if found is None:
            continue
        groups = found.groupdict()
        number = clean_number(_squash(groups["number"]), rule.type) if groups.get("number") else None
        year = _year(number, groups.get("year"), rule.fixed_year)
        number = _without_year_shorthand(number, year)
        return number, year, groups.get("name"), groups.get("issuer")
    return None


def _year(number: Optional[str], written: Optional[str], fixed: Optional[int]) -> Optional[int]:
    if written and len(written) == 4:
        return int(written)
    if fixed:
        return fixed
    if number and "/" in number:
        # Case numbers such as "600/G/2023/PTUN.JKT": the last year segment.
        years = [s for s in number.split("/") if _YEAR_SEGMENT.fullmatch(s)]
        return int(years[-1]) if years else None
    return None


def _without_year_shorthand(number: Optional[str], year: Optional[int]) -> Optional[str]:
    """A coded number that is only "360/2024" is the shorthand for 360 of 2024."""
    if number:
        short = _SHORTHAND.fullmatch(number)
        if short and int(short.group(2)) == year:
            return short.group(1)
    return number


def _issuer(raw: Optional[str], compiled: Grammar) -> Optional[str]:
    if not raw:
        return None
    cleaned = _ISSUER_NOISE.sub(" ", _squash(raw)).strip()
    if not cleaned:
        return None
    return compiled.issuer_codes.get(cleaned.lower(), cleaned)


def _squash(value: str) -> str:
    """Collapse runs of whitespace (line breaks inside a citation) to one space."""
    return _SPACES.sub(" ", value).strip()
