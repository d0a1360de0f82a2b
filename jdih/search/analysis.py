"""Indonesian text analysis for the search index (plain Python, no Flask).

One tokenizer feeds two kinds of index fields:

* *stemmed* fields (stop words dropped, Sastrawi stems) answer ordinary word
  queries, so "perlindungan" finds "dilindungi";
* *exact* fields (lowercased, every word kept) answer phrases, prefixes and
  typo-tolerant lookups, so "hak asasi" does not match "hak yang asasi".

Both produce the same positions for the same text (a dropped stop word still
consumes its position), which lets the backend map a matched position back
to the PDF page it came from.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from whoosh.analysis import Token, Tokenizer

#: A token is a run of word characters, optionally joined by "-", "/" or "."
#: so that "undang-undang", "7/2017" and "90-PKE-DKPP/V/2024" stay whole.
TOKEN_RE = re.compile(r"\w+(?:[-/.]\w+)*")
PART_SPLIT_RE = re.compile(r"[-/.]")
#: Joins sections of one field (pages, then title, then metadata): the
#: analyzer skips SECTION_GAP positions there so no phrase spans two sections.
SECTION_SEPARATOR = "\x1e"
SECTION_GAP = 100
_SCAN_RE = re.compile(SECTION_SEPARATOR + r"|\w+(?:[-/.]\w+)*")

#: Function words that carry no legal meaning. Deliberately small: negations,
#: obligations, permissions and quantifiers (tidak, wajib, dapat, setiap,
#: paling, kecuali, ...) change what a provision means and stay searchable.
STOP_WORDS = frozenset(
    """
    yang dan di ke dari ini itu atau untuk dengan pada dalam oleh sebagai
    adalah ialah merupakan akan atas juga serta bahwa para pun nya tersebut
    karena sehingga agar yaitu yakni maupun hingga sampai telah sudah sedang
    bagi tentang terhadap secara kepada daripada lah kah tah si sang
    """.split()
)

#: Words that must reach the index unstemmed: acronym-words whose letters look
#: like affixes to the stemmer (Sastrawi turns "pemilu" into "milu").
PROTECTED_WORDS = frozenset(
    """
    pemilu pilkada pileg pilpres perppu perpu perda perkada pergub perbup
    perwal perpres permen perma perkap pemda pemkab pemkot pemprov pemdes
    perbawaslu perdkpp pkpu kepkpu bawaslu panwaslu haki
    """.split()
)

#: Upper bound on distinct words remembered by the stem cache; a large legal
#: corpus has a few hundred thousand distinct surface forms.
STEM_CACHE_SIZE = 500_000


def _make_sastrawi():
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    # The delegated stemmer skips Sastrawi's own text normalisation (we already
    # tokenised) and its unbounded dict cache (we use a bounded LRU instead).
    return StemmerFactory().create_stemmer().delegatedStemmer.stem_word


_sastrawi_stem_word = None


def _raw_stem(word: str) -> str:
    global _sastrawi_stem_word
    if _sastrawi_stem_word is None:
        _sastrawi_stem_word = _make_sastrawi()
    return _sastrawi_stem_word(word) or word


def stem_uncached(word: str) -> str:
    """Sastrawi's stem of one lowercased word, leaving protected words,
    short words and identifiers alone."""
    if word in PROTECTED_WORDS or len(word) <= 3 or not word.replace("-", "").isalpha():
        return word
    return _raw_stem(word)


#: Sastrawi is dictionary-based and slow (~10^4 words/s); the cache makes
#: repeated surface forms, i.e. nearly all of them, a dict lookup.
stem = lru_cache(maxsize=STEM_CACHE_SIZE)(stem_uncached)


def normalize_text(text: str) -> str:
    """NFKC-normalise so ligatures and full-width digits from PDFs match."""
    return unicodedata.normalize("NFKC", text) if not text.isascii() else text


def normalize_key(value: str) -> str:
    """Normalise a vocabulary value for filter matching ("Tidak_Berlaku" ->
    "tidak berlaku")."""
    return " ".join(re.split(r"[\s_]+", normalize_text(str(value)).lower())).strip()


def is_compound(word: str) -> bool:
    return "-" in word or "/" in word or "." in word


def is_identifier(word: str) -> bool:
    """Numbers like "7/2017" or "90-pke-dkpp/v/2024": kept whole, unstemmed."""
    return any(ch.isdigit() for ch in word) or "/" in word or "." in word


def parts_of(word: str) -> list[str]:
    seen: list[str] = []
    for part in PART_SPLIT_RE.split(word):
        if part and part != word and part not in seen:
            seen.append(part)
    return seen


def primary_stem(word: str) -> str | None:
    """The single stemmed-field term a query word maps to, or None when the
    word is a stop word."""
    if is_compound(word):
        return word if is_identifier(word) else stem(word)
    if word in STOP_WORDS:
        return None
    return stem(word)


def stem_forms(word: str) -> list[str]:
    """All stemmed-field terms one lowercased token is indexed under; the
    first is the primary form (None-free)."""
    if not is_compound(word):
        return [] if word in STOP_WORDS else [stem(word)]
    forms = [primary_stem(word)]
    for part in parts_of(word):
        if part not in STOP_WORDS:
            form = stem(part)
            if form not in forms:
                forms.append(form)
    return forms


def exact_forms(word: str) -> list[str]:
    """All exact-field terms of a token: itself, then its parts."""
    return [word, *parts_of(word)] if is_compound(word) else [word]


def words(text: str) -> list[str]:
    """Lowercased whole tokens of a text, one per position."""
    return [m.group().lower() for m in TOKEN_RE.finditer(normalize_text(text))]


def count_positions(text: str) -> int:
    """Positions a text occupies (it must not contain SECTION_SEPARATOR)."""
    return sum(1 for _ in TOKEN_RE.finditer(normalize_text(text)))


#: Per-word term forms (a plain dict: one lookup per distinct word while
#: indexing); cleared when it grows past STEM_CACHE_SIZE.
_STEMMED_FORMS: dict[str, tuple[str, ...]] = {}
_EXACT_FORMS: dict[str, tuple[str, ...]] = {}


def cached_forms(word: str, stemmed: bool) -> tuple[str, ...]:
    """stem_forms / exact_forms of a lowercased token, memoised."""
    cache = _STEMMED_FORMS if stemmed else _EXACT_FORMS
    forms = cache.get(word)
    if forms is None:
        if len(cache) >= STEM_CACHE_SIZE:
            cache.clear()
        forms = cache[word] = tuple(stem_forms(word) if stemmed else exact_forms(word))
    return forms


def word_positions(text: str) -> dict[str, list[int]]:
    """Lowercased token -> its positions, one position per token, with
    SECTION_GAP positions skipped at each SECTION_SEPARATOR. Regex, join and
    lower run in C; the only per-token Python step is one list append."""
    positions: dict[str, list[int]] = {}
    add = positions.setdefault  # measured faster than a defaultdict here
    start = 0
    for section in normalize_text(text).split(SECTION_SEPARATOR):
        found = TOKEN_RE.findall(section)
        if not found:
            start += SECTION_GAP
            continue
        # Lowercase all tokens at once; "\n" never occurs inside a token.
        lowered = "\n".join(found).lower().split("\n")
        for pos, word in enumerate(lowered, start):
            add(word, []).append(pos)
        start += len(lowered) + SECTION_GAP
    return positions


def distinct_words(text: str) -> set[str]:
    """word_positions(text)'s keys without the positions: regex, join, lower
    and set all run in C (no per-token Python step)."""
    found = TOKEN_RE.findall(normalize_text(text))
    return set("\n".join(found).lower().split("\n")) if found else set()


def has_compound(words) -> bool:
    """Whether any of these tokens is a compound (one C-level scan)."""
    joined = "\n".join(words)
    return "-" in joined or "/" in joined or "." in joined


def term_set(words, stemmed: bool) -> set[str]:
    """The terms (no positions) a stemmed or exact field holds for these
    tokens: term_positions' keys, without building position lists."""
    if not stemmed and not has_compound(words):
        return set(words)
    cache = _STEMMED_FORMS if stemmed else _EXACT_FORMS
    try:  # the lookups run in C while every word is cached (nearly always)
        return set().union(*map(cache.__getitem__, words))
    except KeyError:
        return set().union(*(cached_forms(word, stemmed) for word in words))


def term_positions(by_word: dict[str, list[int]], stemmed: bool) -> dict[str, list[int]]:
    """Index term -> sorted positions for a stemmed or exact field, from the
    output of word_positions (so one tokenisation serves both fields)."""
    if not stemmed:
        return _exact_positions(by_word)
    terms: dict[str, list[int]] = {}
    for word, positions in by_word.items():
        for form in cached_forms(word, stemmed):
            known = terms.get(form)
            terms[form] = positions if known is None else sorted(known + positions)
    return terms


def _exact_positions(by_word: dict[str, list[int]]) -> dict[str, list[int]]:
    """Exact terms: every token is its own term, and only the few compounds
    add their parts (at the compound's positions)."""
    terms = dict(by_word)
    if not has_compound(by_word):
        return terms
    for word in [w for w in by_word if is_compound(w)]:
        positions = by_word[word]
        for part in cached_forms(word, False)[1:]:
            known = terms.get(part)
            terms[part] = positions if known is None else sorted(known + positions)
    return terms


class IndonesianAnalyzer(Tokenizer):
    """A whoosh analyzer (tokenizer, lowercase, stop words, stemming in one
    pass). The index fields do not call it while indexing (see
    whoosh_fields.IndonesianText, which builds postings from
    term_positions); it stays for whoosh APIs that analyse text.

    ``stemmed=False`` gives the exact variant: no stop list, no stemming.
    Compound tokens also emit their parts at the same position, so "undang"
    finds "undang-undang" while phrases still see one position per token.
    """

    def __init__(self, stemmed: bool = True):
        self.stemmed = stemmed

    def __eq__(self, other):
        return isinstance(other, IndonesianAnalyzer) and other.stemmed == self.stemmed

    def __hash__(self):
        return hash((IndonesianAnalyzer, self.stemmed))

    def __call__(
        self,
        value,
        positions=False,
        chars=False,
        keeporiginal=False,
        removestops=True,
        start_pos=0,
        start_char=0,
        tokenize=True,
        mode="",
        **kwargs,
    ):
        stemmed = self.stemmed
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        text = normalize_text(value)
        pos = start_pos - 1
        for match in _SCAN_RE.finditer(text):
            word = match.group().lower()
            if word == SECTION_SEPARATOR:
                pos += SECTION_GAP
                continue
            pos += 1
            for form in cached_forms(word, stemmed):
                token.text = form
                token.boost = 1.0
                token.stopped = False
                if keeporiginal:
                    token.original = word
                if positions:
                    token.pos = pos
                if chars:
                    token.startchar = start_char + match.start()
                    token.endchar = start_char + match.end()
                yield token


class ValueListAnalyzer(Tokenizer):
    """Indexes a list of vocabulary values joined by the unit separator, each
    value as one term (facets need the values verbatim)."""

    SEPARATOR = "\x1f"

    def __init__(self, lowercase: bool = False):
        self.lowercase = lowercase

    def __eq__(self, other):
        return isinstance(other, ValueListAnalyzer) and other.lowercase == self.lowercase

    def __hash__(self):
        return hash((ValueListAnalyzer, self.lowercase))

    def __call__(self, value, positions=False, chars=False, removestops=True,
                 mode="", start_pos=0, **kwargs):
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for pos, item in enumerate(value.split(self.SEPARATOR), start_pos):
            item = normalize_key(item) if self.lowercase else item.strip()
            if not item:
                continue
            token.text = item
            token.boost = 1.0
            token.stopped = False
            if positions:
                token.pos = pos
            yield token

    @classmethod
    def join(cls, values) -> str:
        return cls.SEPARATOR.join(str(v) for v in values if v not in (None, ""))
