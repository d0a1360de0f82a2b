"""Whoosh field types that index Indonesian text without the token pipeline.

Whoosh's TEXT field runs its analyzer token by token through generators and
pickles each term's position list. For legal PDFs (hundreds of tokens per
page, each indexed in a stemmed and an exact field) that per-token Python
work dominated indexing. :class:`IndonesianText` instead builds
``term -> positions`` with analysis.word_positions/term_positions (C-level
regex and one list append per token), and encodes positions as packed
arrays. One :class:`AnalysedText` can be given to several fields so a long
text is tokenised once for both its stemmed and its exact field.

Changing these classes changes the on-disk format: an index written by an
older version must be rebuilt (``flask --app jdih search reindex``).
"""

from __future__ import annotations

from array import array
from itertools import accumulate

from whoosh import fields, formats
from whoosh.system import _INT_SIZE, pack_uint, unpack_uint

from . import analysis


class AnalysedText:
    """A text tokenised once (word -> positions), shareable between the
    stemmed and the exact field of the same text."""

    __slots__ = ("text", "by_word")

    def __init__(self, text: str):
        self.text = text
        self.by_word = analysis.word_positions(text)

    def __str__(self):
        return self.text


class PackedPositions(formats.Positions):
    """Positions stored as a frequency header plus an array of uint32 deltas
    (whoosh's own Positions pickles a Python list per posting)."""

    def encode(self, poslist):
        deltas = array("I", poslist)
        previous = 0
        for index, position in enumerate(poslist):
            deltas[index] = position - previous
            previous = position
        return pack_uint(len(poslist)) + deltas.tobytes()

    def encode_sorted(self, poslist) -> bytes:
        """encode() for a sorted list, with the deltas computed in C."""
        deltas = array("I", poslist)
        if len(poslist) > 1:
            deltas[1:] = array("I", map(int.__sub__, poslist[1:], poslist))
        return pack_uint(len(poslist)) + deltas.tobytes()

    def decode_positions(self, valuestring):
        deltas = array("I")
        deltas.frombytes(valuestring[_INT_SIZE:])
        return list(accumulate(deltas))

    def decode_frequency(self, valuestring):
        return unpack_uint(valuestring[:_INT_SIZE])[0]

    def word_values(self, value, analyzer, **kwargs):
        by_word = value.by_word if isinstance(value, AnalysedText) else None
        stemmed = getattr(analyzer, "stemmed", True)
        terms = analysis.term_positions(by_word or analysis.word_positions(str(value)), stemmed)
        fb = self.field_boost
        for term, positions in terms.items():
            yield term, len(positions), len(positions) * fb, self.encode_sorted(positions)


class IndonesianText(fields.TEXT):
    """A TEXT field analysed by analysis.word_positions/term_positions.

    ``stemmed`` picks the stemmed or the exact forms; ``phrase`` keeps
    positions (PackedPositions) or only frequencies. Values may be str or
    AnalysedText."""

    def __init__(self, stemmed: bool, phrase: bool):
        super().__init__(analyzer=analysis.IndonesianAnalyzer(stemmed=stemmed),
                         phrase=phrase)
        self.stemmed = stemmed
        if phrase:
            self.format = PackedPositions(field_boost=1.0)

    def index(self, value, **kwargs):
        by_word = value.by_word if isinstance(value, AnalysedText) else None
        if by_word is None:
            by_word = analysis.word_positions(str(value))
        terms = analysis.term_positions(by_word, self.stemmed)
        if self.format.__class__ is PackedPositions:
            encode = self.format.encode_sorted
            return [(term.encode("utf-8"), len(positions), float(len(positions)),
                     encode(positions)) for term, positions in terms.items()]
        return [(term.encode("utf-8"), len(positions), float(len(positions)),
                 pack_uint(len(positions))) for term, positions in terms.items()]

    def tokenize(self, value, **kwargs):
        return super().tokenize(str(value), **kwargs)
