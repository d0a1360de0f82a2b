"""The search box language, parsed once into a plan (plan.py) that the
backend compiles (plain Python: no Flask, no index library).

Supported: words (all must match), "exact phrases", OR / ATAU between
alternatives, NOT word / -word, field filters (judul: nomor: tahun: jenis:
status: subjek: bidang: tipe:), year ranges (tahun:2015..2020), prefix*,
and pasal:169 / pasal:10A (kept aside in the plan: the backends never see
it; search.pasal_hits narrows the results with the stored structures).
Anything malformed degrades to plain words; parse() never raises.
"""

from __future__ import annotations

import re
from dataclasses import replace as dc_replace

from . import analysis, expansion
from .limits import DEFAULT_MIN_PREFIX, SearchLimits
from .request import FACET_FIELDS, MAX_PER_PAGE, SORTS, VISIBILITIES, SearchRequest
from .plan import (Clause, Phrase, QueryPlan, Scope, SearchPlan, Token, Word,
                   YearRange)

__all__ = ["Clause", "Phrase", "QueryPlan", "SearchPlan", "Token", "Word",
           "YearRange", "parse", "plan_search"]

MAX_QUERY_CHARS = 300
MAX_CLAUSES = 16
#: Shortest prefix expanded by default; shorter ones are searched as words.
MIN_PREFIX_CHARS = DEFAULT_MIN_PREFIX

FIELD_ALIASES = {
    "judul": "judul", "title": "judul",
    "nomor": "nomor", "no": "nomor", "number": "nomor",
    "tahun": "tahun", "year": "tahun",
    "jenis": "jenis",
    "status": "status",
    "subjek": "subjek", "subject": "subjek",
    "bidang": "bidang",
    "tipe": "tipe", "type": "tipe",
}

OR_WORDS = {"OR", "ATAU", "|", "||"}
AND_WORDS = {"AND", "DAN", "&", "&&", "+"}
NOT_WORDS = {"NOT"}  # not "BUKAN"/"TIDAK": those are legal words

_LEXER = re.compile(
    r'(?P<neg>-)?(?:(?P<field>[A-Za-z]+):)?"(?P<phrase>[^"]*)"'
    r"|(?P<wneg>-)?(?:(?P<wfield>[A-Za-z]+):)?(?P<word>[^\s\"]+)"
)
_YEAR_RANGE = re.compile(r"^(\d{4})?\s*(?:\.\.+|-)\s*(\d{4})?$")
_TRIM = re.compile(r"^[^\w*]+|[^\w*]+$")
_PASAL_NUMBER = re.compile(r"^(\d{1,4})([A-Za-z]?)$")


def parse(text: str, min_prefix: int = MIN_PREFIX_CHARS) -> QueryPlan:
    """Parse query text; on any surprise fall back to plain words. A prefix
    shorter than `min_prefix` letters is searched as the word itself and
    listed in the plan's `short_prefixes`."""
    text = (text or "")[:MAX_QUERY_CHARS].replace("\x00", " ")
    try:
        return _parse_operators(text, max(1, min_prefix))
    except Exception:  # defensive: odd input must never break search
        return QueryPlan(tuple(Clause((Word(w),)) for w in analysis.words(text))[:MAX_CLAUSES])


def _parse_operators(text: str, min_prefix: int) -> QueryPlan:
    if text.count('"') % 2:
        text = text.replace('"', " ")  # unbalanced quotes: plain words
    text = text.replace("(", " ").replace(")", " ")
    clauses: list[Clause] = []
    short: list[str] = []
    pasal: list[str] = []
    negate_next = join_next = False
    for match in _LEXER.finditer(text):
        raw = match.group("word")
        if raw is not None and not match.group("wfield") and not match.group("wneg"):
            if raw in OR_WORDS:
                join_next = bool(clauses) and not clauses[-1].negated
                continue
            if raw in AND_WORDS:
                continue
            if raw in NOT_WORDS:
                negate_next = True
                continue
        label = _pasal_label(match)
        if label is not None:  # a negated one (-pasal:5) is not supported: dropped
            if not (negate_next or match.group("wneg")):
                pasal.append(label)
            negate_next = join_next = False
            continue
        item = _item_from_match(match, min_prefix, short)
        negated = negate_next or bool(match.group("neg") or match.group("wneg"))
        negate_next = False
        if item is None:
            join_next = False
            continue
        if join_next and not negated:
            clauses[-1] = Clause(clauses[-1].items + (item,))
        else:
            clauses.append(Clause((item,), negated))
        join_next = False
        if len(clauses) >= MAX_CLAUSES:
            break
    return QueryPlan(tuple(clauses), tuple(dict.fromkeys(short)), pasal=tuple(dict.fromkeys(pasal)))


def _pasal_label(match) -> str | None:
    """"pasal:10a" -> "10A" (the drafting rules' spelling), else None."""
    if (match.group("wfield") or "").lower() != "pasal":
        return None
    found = _PASAL_NUMBER.match(_TRIM.sub("", match.group("word")))
    return found.group(1).lstrip("0") + found.group(2).upper() if found and found.group(1).strip("0") else None


def _item_from_match(match, min_prefix: int, short: list[str]):
    """Build a Word, Phrase or YearRange from a lexer match (None to skip)."""
    if match.group("phrase") is not None:
        field_name = _field(match.group("field"))
        phrase = " ".join(match.group("phrase").split())
        if match.group("field") and field_name is None:
            # Unknown field: its name becomes a word, if the phrase has any.
            return Phrase(f"{match.group('field')} {phrase}") if analysis.words(phrase) else None
        return _analysed(Phrase(phrase, field_name))
    raw_field, raw = match.group("wfield"), match.group("word")
    field_name = _field(raw_field)
    if raw_field and field_name is None:
        raw = f"{raw_field} {raw}"  # unknown field: just words
    if field_name == "tahun":
        return _year_item(raw)
    prefix = raw.endswith("*")
    value = _TRIM.sub("", raw).rstrip("*")
    prefix = prefix and analysis.TOKEN_RE.fullmatch(value.lower()) is not None
    if prefix and len(value) < min_prefix:
        short.append(value.lower())
        prefix = False
    return _analysed(Word(value, field_name, prefix))


def _analysed(item):
    """The item, unless analysis found no token in it (punctuation only)."""
    return item if item.tokens else None


def _field(name: str | None) -> str | None:
    return FIELD_ALIASES.get(name.lower()) if name else None


def _year_item(raw: str):
    raw = raw.strip()
    if raw.isdigit() and len(raw) == 4:
        return YearRange(int(raw), int(raw))
    found = _YEAR_RANGE.match(raw)
    if found and (found.group(1) or found.group(2)):
        low = int(found.group(1)) if found.group(1) else None
        high = int(found.group(2)) if found.group(2) else None
        if low and high and low > high:
            low, high = high, low
        return YearRange(low, high)
    return _analysed(Word(raw))


# --- the whole request ---------------------------------------------------------

def plan_search(request: SearchRequest) -> SearchPlan:
    """The one place a request's query text is parsed; everything else the
    backend needs is checked here too, so backends trust the plan."""
    request = _sanitized(request)
    filters = tuple((facet, tuple(values)) for facet, values in request.filters.items()
                    if facet in FACET_FIELDS and values)
    limits = request.limits if isinstance(request.limits, SearchLimits) else SearchLimits()
    return SearchPlan(
        query=_expanded(parse(request.query, limits.min_prefix), request.vocabulary),
        limits=limits,
        scope=Scope(request.visibilities, request.include_unpublished, request.kind),
        filters=filters, facets=tuple(request.facets), sort=request.sort,
        page=request.page, per_page=request.per_page, suggest=request.suggest)


def _expanded(plan: QueryPlan, vocabulary) -> QueryPlan:
    return expansion.expand(plan, vocabulary) if isinstance(vocabulary, expansion.Vocabulary) \
        else plan


def _sanitized(request: SearchRequest) -> SearchRequest:
    return dc_replace(
        request,
        query=request.query if isinstance(request.query, str) else "",
        page=max(1, int(request.page or 1)),
        per_page=min(MAX_PER_PAGE, max(1, int(request.per_page or 20))),
        sort=request.sort if request.sort in SORTS else "relevance",
        visibilities=tuple(v for v in request.visibilities if v in VISIBILITIES),
        filters=dict(request.filters or {}),
    )
