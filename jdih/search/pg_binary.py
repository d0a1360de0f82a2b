"""Rows in COPY's binary format for the bulk rebuild (pg_rebuild.py).

The server parses a text-format tsvector ('word':1,5 ...) character by
character; in binary it copies the lexemes and positions as they come, which
made the rebuild's share of server time several times smaller. The rows are
built in the rebuild's worker processes.

The format (PostgreSQL's COPY docs; tsvectorrecv in utils/adt/tsvector.c):

* the stream: HEADER, per row an int16 field count and per field an int32
  length (-1: NULL) and the value's bytes, then TRAILER;
* tsvector: int32 lexeme count, per lexeme its bytes + NUL, a uint16
  position count and that many uint16 positions (1..16383, the weight in
  the top two bits: ours is always D = 0). The server sorts the lexemes
  itself (by length, then bytes), but neither merges repeated lexemes nor
  sorts positions, which must rise strictly. Our terms come as dict keys
  (unique) with one position per token (rising); positions past the last a
  tsvector keeps are clamped and kept once, as tsvector's text input does;
* text[]: int32 dimensions, int32 has-NULLs flag, int32 element type (text),
  per dimension int32 size and lower bound, then the elements as fields;
* jsonb: a version byte (1) and the JSON text.

The rows must equal those the ordinary writes give (tests/search/
test_pg_rebuild.py compares them).
"""

from __future__ import annotations

import json
from struct import Struct, pack

from .pg_schema import MAX_POSITION

HEADER = b"PGCOPY\n\xff\r\n\0" + pack(">ii", 0, 0)
TRAILER = pack(">h", -1)
#: Positions a lexeme keeps (tsvector's text input keeps the first 256).
MAX_POSITIONS = 256
TEXT_OID = 25
JSONB_VERSION = b"\x01"

_LENGTH = Struct(">i")
_INT4 = Struct(">ii")  # length 4, value
_COUNT = Struct(">h")
_NULL = _LENGTH.pack(-1)
_TRUE, _FALSE = pack(">ib", 1, 1), pack(">ib", 1, 0)
_EMPTY_ARRAY = pack(">iii", 0, 0, TEXT_OID)
_ARRAY_HEAD = Struct(">iiiii")  # dimensions 1, no NULLs, text, size, lower bound 1
#: A lexeme without positions ends with its NUL and a zero position count.
_NO_POSITIONS = "\0\0\0"
#: 0-based position (clamped to 16382) -> its 1-based uint16, and the same
#: after a NUL and a position count of 1 (most lexemes occur once): no
#: pack() per position.
_POSITION = [pack(">H", p + 1) for p in range(MAX_POSITION)]
_LAST = MAX_POSITION - 1
_ONCE = [b"\0\0\1" + p for p in _POSITION]
#: A NUL and a position count.
_COUNTED = [b"\0" + pack(">H", n) for n in range(MAX_POSITIONS + 1)]


def tsvector(terms: dict[str, list[int]] | set[str] | list[str], positions: bool = True) -> bytes:
    """The binary form of pg_schema.vector(terms, positions): the same
    lexemes and positions (0-based in, 1-based out, at most 256 a lexeme,
    clamped to 16383). Runs once per field and page while indexing: the
    lexemes are encoded in one go and positions come from tables."""
    if not positions or not isinstance(terms, dict):
        unique = terms if isinstance(terms, (set, dict)) else set(terms)
        if not unique:
            return _LENGTH.pack(0)
        return _LENGTH.pack(len(unique)) + (_NO_POSITIONS.join(unique) + _NO_POSITIONS).encode()
    if not terms:
        return _LENGTH.pack(0)
    try:
        return _positional(terms)
    except IndexError:  # a position past the last a tsvector keeps: clamp
        return _positional({term: sorted({min(p, _LAST) for p in found[:MAX_POSITIONS]})
                            for term, found in terms.items()})


def _positional(terms: dict[str, list[int]]) -> bytes:
    """tsvector of terms whose positions rise strictly (analysis gives one
    position per token, so they do) and lie below _LAST + 1; a larger one
    raises IndexError from the tables."""
    parts = [_LENGTH.pack(len(terms))]
    append, position = parts.append, _POSITION.__getitem__
    for lexeme, found in zip("\0".join(terms).encode().split(b"\0"), terms.values()):
        append(lexeme)
        if len(found) == 1:
            append(_ONCE[found[0]])
        else:
            found = found[:MAX_POSITIONS]
            append(_COUNTED[len(found)])
            append(b"".join(map(position, found)))
    return b"".join(parts)


def _text_array(values) -> bytes:
    if not values:
        return _EMPTY_ARRAY
    encoded = [v.encode() for v in values]
    return _ARRAY_HEAD.pack(1, 0, TEXT_OID, len(encoded), 1) + b"".join(
        _LENGTH.pack(len(e)) + e for e in encoded)


def field(value) -> bytes:
    """One field: bytes are taken as an encoded value (a tsvector), ints as
    int4 (every integer column is one), lists as text[], dicts as jsonb."""
    if value is None:
        return _NULL
    if value is True or value is False:
        return _TRUE if value else _FALSE
    if isinstance(value, str):
        data = value.encode()
    elif isinstance(value, bytes):
        data = value
    elif isinstance(value, int):
        return _INT4.pack(4, value)
    elif isinstance(value, (list, tuple)):
        data = _text_array(value)
    elif isinstance(value, dict):
        data = JSONB_VERSION + json.dumps(value).encode()
    else:
        raise TypeError(f"no binary COPY form for {type(value).__name__}")
    return _LENGTH.pack(len(data)) + data


def row(values: dict, columns) -> bytes:
    """One row of the binary COPY stream (no header or trailer)."""
    return _COUNT.pack(len(columns)) + b"".join([field(values[c]) for c in columns])
