"""The search box language, parsed into a small AST and translated to whoosh.

Supported: words (all must match), "exact phrases", OR / ATAU between
alternatives, NOT word / -word, field filters (judul: nomor: tahun: jenis:
status: subjek: bidang: tipe:), year ranges (tahun:2015..2020), prefix*.
Anything malformed degrades to plain words; parse() never raises.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from whoosh import query as wq

from . import analysis
from .phrases import PackedPhrase

MAX_QUERY_CHARS = 300
MAX_CLAUSES = 16
MIN_PREFIX_CHARS = 2

#: Query-time boosts added on top of the all-text match: a hit in the number
#: or title outranks one deep in a PDF.
BOOST_FIELDS = {"identity": 6.0, "title": 5.0, "meta": 2.0}
TITLE_BOOST = 5.0
FUZZY_BOOST = 0.3
#: Stemmed fields a word can match in (for "is this word known?").
STEM_FIELDS = ("content",)

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
#: Vocabulary filters matched on a normalised whole value.
KEY_FIELDS = {"jenis": "jenis_key", "status": "status_key",
              "bidang": "bidang_key", "tipe": "type_key"}

OR_WORDS = {"OR", "ATAU", "|", "||"}
AND_WORDS = {"AND", "DAN", "&", "&&", "+"}
NOT_WORDS = {"NOT"}  # not "BUKAN"/"TIDAK": those are legal words

_LEXER = re.compile(
    r'(?P<neg>-)?(?:(?P<field>[A-Za-z]+):)?"(?P<phrase>[^"]*)"'
    r"|(?P<wneg>-)?(?:(?P<wfield>[A-Za-z]+):)?(?P<word>[^\s\"]+)"
)
_YEAR_RANGE = re.compile(r"^(\d{4})?\s*(?:\.\.+|-)\s*(\d{4})?$")
_TRIM = re.compile(r"^[^\w*]+|[^\w*]+$")


@dataclass(frozen=True)
class Word:
    text: str
    field: str | None = None
    prefix: bool = False


@dataclass(frozen=True)
class Phrase:
    text: str
    field: str | None = None


@dataclass(frozen=True)
class YearRange:
    low: int | None
    high: int | None


@dataclass(frozen=True)
class Clause:
    """Alternatives joined by OR; the clause matches if any one does."""

    items: tuple
    negated: bool = False


@dataclass
class ParsedQuery:
    clauses: list[Clause] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not any(not c.negated for c in self.clauses)

    def plain_words(self) -> list[str]:
        """Unfielded, positive, non-prefix words: candidates for typo
        tolerance and spelling suggestions."""
        found = []
        for clause in self.clauses:
            if clause.negated:
                continue
            for item in clause.items:
                if isinstance(item, Word) and not item.field and not item.prefix:
                    found.extend(w for w in analysis.words(item.text) if w.isalpha())
        return found

    def to_string(self, replace: dict[str, str] | None = None) -> str:
        """Serialise back to query text, swapping words per `replace`."""
        replace = replace or {}
        out = []
        for clause in self.clauses:
            alts = " OR ".join(_item_text(i, replace) for i in clause.items)
            out.append(("-" if clause.negated else "") + alts)
        return " ".join(out)


def _item_text(item, replace) -> str:
    if isinstance(item, YearRange):
        return f"tahun:{item.low or ''}..{item.high or ''}"
    prefix = f"{item.field}:" if item.field else ""
    if isinstance(item, Phrase):
        return f'{prefix}"{item.text}"'
    text = analysis.TOKEN_RE.sub(lambda m: replace.get(m.group().lower(), m.group()), item.text)
    return prefix + text + ("*" if item.prefix else "")


def parse(text: str) -> ParsedQuery:
    """Parse query text; on any surprise fall back to plain words."""
    text = (text or "")[:MAX_QUERY_CHARS].replace("\x00", " ")
    try:
        return _parse_operators(text)
    except Exception:  # defensive: odd input must never break search
        return ParsedQuery([Clause((Word(w),)) for w in analysis.words(text)][:MAX_CLAUSES])


def _parse_operators(text: str) -> ParsedQuery:
    if text.count('"') % 2:
        text = text.replace('"', " ")  # unbalanced quotes: plain words
    text = text.replace("(", " ").replace(")", " ")
    clauses: list[Clause] = []
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
        item = _item_from_match(match)
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
    return ParsedQuery(clauses)


def _item_from_match(match):
    """Build a Word, Phrase or YearRange from a lexer match (None to skip)."""
    if match.group("phrase") is not None:
        field_name = _field(match.group("field"))
        phrase = " ".join(match.group("phrase").split())
        if not analysis.words(phrase):
            return None
        if match.group("field") and field_name is None:
            return Phrase(f"{match.group('field')} {phrase}")
        return Phrase(phrase, field_name)
    raw_field, raw = match.group("wfield"), match.group("word")
    field_name = _field(raw_field)
    if raw_field and field_name is None:
        raw = f"{raw_field} {raw}"  # unknown field: just words
    if field_name == "tahun":
        return _year_item(raw)
    prefix = raw.endswith("*")
    value = _TRIM.sub("", raw).rstrip("*")
    if not analysis.words(value):
        return None
    prefix = prefix and len(value) >= MIN_PREFIX_CHARS and analysis.TOKEN_RE.fullmatch(value.lower()) is not None
    return Word(value, field_name, prefix)


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
    return Word(raw) if analysis.words(raw) else None


# --- translation to whoosh -------------------------------------------------
#
# Every word, phrase or prefix must match the all-text field (content or
# content_x); the small fields only add to the score, through AndMaybe. With
# matching=True the boosts are left out: the backend uses that lighter query
# to collect the set of matching documents (totals, facets).

def to_whoosh(parsed: ParsedQuery, fuzzy_words=frozenset(),
              matching: bool = False) -> wq.Query | None:
    """Translate to a whoosh query; None means "everything" (browse).
    Words in `fuzzy_words` also match near spellings."""
    build = _Builder(fuzzy_words, matching)
    positives, negatives = [], []
    for clause in parsed.clauses:
        alternatives = [q for q in map(build.item, clause.items) if q is not None]
        if not alternatives:
            continue
        combined = alternatives[0] if len(alternatives) == 1 else wq.Or(alternatives)
        (negatives if clause.negated else positives).append(combined)
    if not positives and not negatives:
        return None
    base = _join(wq.And, positives) if positives else wq.Every()
    return wq.AndNot(base, _join(wq.Or, negatives)) if negatives else base


def _join(kind, queries):
    return queries[0] if len(queries) == 1 else kind(queries)


class _Builder:
    def __init__(self, fuzzy_words, matching):
        self.fuzzy_words = fuzzy_words
        self.matching = matching

    def boosted(self, required, optional):
        optional = [q for q in optional if q is not None]
        if self.matching or not optional:
            return required
        return wq.AndMaybe(required, _join(wq.Or, optional))

    def item(self, item):
        if isinstance(item, YearRange):
            return wq.NumericRange("tahun", item.low, item.high)
        if item.field in KEY_FIELDS:
            return wq.Term(KEY_FIELDS[item.field], analysis.normalize_key(item.text))
        if isinstance(item, Phrase):
            return self.phrase(item)
        return self.word(item)

    def phrase(self, item: Phrase):
        tokens = analysis.words(item.text)
        if item.field == "subjek":
            stems = [s for s in map(analysis.primary_stem, tokens) if s]
            return _phrase_or_term("subject_t", stems, 1.0)
        if item.field == "nomor":
            return _phrase_or_term("nomor", tokens, 1.0)
        if item.field == "judul":
            return _phrase_or_term("title_x", tokens, 1.0)
        return self.boosted(_phrase_or_term("content_x", tokens, 1.0),
                            [_phrase_or_term("title_x", tokens, TITLE_BOOST)])

    def word(self, item: Word):
        tokens = analysis.words(item.text)
        if not tokens:
            return None
        if item.prefix:
            return self.prefix(item, tokens[-1])
        return _join(wq.And, [self.token(t, item.field) for t in tokens])

    def prefix(self, item: Word, token: str):
        if item.field == "judul":
            return wq.Prefix("title_x", token)
        if item.field == "nomor":
            return wq.Prefix("nomor", token)
        return self.boosted(wq.Prefix("content_x", token),
                            [wq.Prefix("title_x", token, boost=TITLE_BOOST)])

    def token(self, token: str, field_name: str | None):
        stemmed = analysis.primary_stem(token)
        if field_name == "nomor":
            return wq.Term("nomor", token)
        if field_name == "subjek":
            return wq.Term("subject_t", stemmed or token)
        if field_name == "judul":
            return wq.Term("title", stemmed) if stemmed else wq.Term("title_x", token)
        if stemmed is None:  # a stop word typed alone still finds its exact form
            return self.boosted(wq.Term("content_x", token),
                                [wq.Term("title_x", token, boost=TITLE_BOOST)])
        required = wq.Term("content", stemmed)
        if token in self.fuzzy_words:
            required = wq.Or([required, _fuzzy("content_x", token, FUZZY_BOOST)])
        return self.boosted(required, [wq.Term(f, stemmed, boost=b)
                                       for f, b in BOOST_FIELDS.items()])


def _fuzzy(fieldname, token, boost):
    maxdist = 1 if len(token) <= 6 else 2
    return wq.FuzzyTerm(fieldname, token, boost=boost, maxdist=maxdist, prefixlength=1)


def _phrase_or_term(fieldname, tokens, boost):
    if not tokens:
        return None
    if len(tokens) == 1:
        return wq.Term(fieldname, tokens[0], boost=boost)
    return PackedPhrase(fieldname, tokens, boost=boost)
