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
"""
from __future__ import annotations

import re
from typing import Optional

from jdih.citations.citation import Citation
from jdih.citations.grammar import Grammar, Rule, grammar

_SPACES = re.compile(r"\s+")
_SHORTHAND = re.compile(r"(\d{1,4})/((?:19|20)\d\d)")
_YEAR_SEGMENT = re.compile(r"(?:19[4-9]\d|20\d\d)")
_ISSUER_NOISE = re.compile(r"\s*\b(?:(?:negara\s+)?republik\s+indonesia|ri)\b\s*", re.IGNORECASE)


def extract(text: str) -> list[Citation]:
    """Return the citations in ``text`` in order of appearance."""
    compiled = grammar()
    found = []
    for match in compiled.scanner.finditer(text):
        citation = _citation_from(match, text, compiled)
        if citation is not None:
            found.append(citation)
    return found


def _citation_from(match: re.Match[str], text: str, compiled: Grammar) -> Optional[Citation]:
    rule = compiled.rules[match.lastgroup or ""]
    start, end = match.span(rule.group)
    fields = _parse_fields(rule, text, start, end)
    if fields is None:  # cannot happen unless scanner and parsers disagree
        return None
    number, year, name, issuer = fields
    pinpoint = match.group("pin")
    return Citation(
        text=text[match.start():match.end()],
        start=match.start(),
        end=match.end(),
        type=rule.type,
        number=number,
        year=year,
        pinpoint=_squash(pinpoint) if pinpoint else None,
        name=rule.names.get(_squash(name).lower()) if name else None,
        issuer=rule.issuer or _issuer(issuer, compiled),
        form=rule.label,
    )


def _parse_fields(rule: Rule, text: str, start: int, end: int):
    """(number, year, name, raw issuer) from the first shape matching the span."""
    for parser in rule.parsers:
        found = parser.fullmatch(text, start, end)
        if found is None:
            continue
        groups = found.groupdict()
        number = _squash(groups["number"]) if groups.get("number") else None
        year = _year(number, groups.get("year"), rule.fixed_year)
        number = _without_year_shorthand(number, year)
        return number, year, groups.get("name"), groups.get("issuer")
    return None


def _year(number: Optional[str], written: Optional[str], fixed: Optional[int]) -> Optional[int]:
    if written:
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
