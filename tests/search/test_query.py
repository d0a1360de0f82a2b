"""The query language parser: structure, fallbacks and robustness."""

import random

import pytest

from jdih.search.query import MAX_CLAUSES, Phrase, Word, YearRange, parse
from jdih.search.whoosh_query import compile_query


def items(text):
    return [(c.negated, c.items) for c in parse(text).clauses]


def test_words_phrases_and_fields():
    assert items('pemilu "hak asasi" judul:konsumen') == [
        (False, (Word("pemilu"),)),
        (False, (Phrase("hak asasi"),)),
        (False, (Word("konsumen", "judul"),)),
    ]


def test_or_groups_adjacent_alternatives():
    assert items("pemilu OR pilkada kpu") == [
        (False, (Word("pemilu"), Word("pilkada"))),
        (False, (Word("kpu"),)),
    ]
    assert items("pemilu ATAU pilkada")[0][1] == (Word("pemilu"), Word("pilkada"))


def test_negation_with_not_and_minus():
    assert items("pemilu NOT daerah -kepala") == [
        (False, (Word("pemilu"),)), (True, (Word("daerah"),)), (True, (Word("kepala"),))]


def test_year_ranges():
    assert items("tahun:2017")[0][1] == (YearRange(2017, 2017),)
    assert items("tahun:2015..2020")[0][1] == (YearRange(2015, 2020),)
    assert items("tahun:2020-2015")[0][1] == (YearRange(2015, 2020),)
    assert items("tahun:..2010")[0][1] == (YearRange(None, 2010),)


def test_prefix_needs_two_characters():
    assert items("lindung*")[0][1] == (Word("lindung", None, True),)
    assert items("l*")[0][1] == (Word("l", None, False),)


def test_unknown_field_is_plain_words():
    assert items("foo:bar")[0][1] == (Word("foo bar"),)


def test_unbalanced_quote_falls_back_to_words():
    assert items('"hak asasi') == [(False, (Word("hak"),)), (False, (Word("asasi"),))]


def test_stray_operators_are_ignored():
    assert items("OR pemilu NOT") == [(False, (Word("pemilu"),))]
    assert items("AND OR NOT - * :") == []


def test_long_input_is_capped():
    parsed = parse("kata " * 5000)
    assert len(parsed.clauses) == MAX_CLAUSES


def test_to_string_replaces_words():
    parsed = parse('pemilhan "hak asasi" tahun:2017 -daerah')
    assert parsed.to_string({"pemilhan": "pemilihan"}) == \
        'pemilihan "hak asasi" tahun:2017..2017 -daerah'


def test_empty_query_means_everything():
    assert compile_query(parse("")).scoring is None
    assert compile_query(parse("   ")).scoring is None


ALPHABET = 'abc xyz "-*:.()/|&+ORNOT tahun judul:2017..ÄØ\x00\t\n\\\'' + "界"


@pytest.mark.parametrize("seed", range(3))
def test_fuzzed_queries_never_raise(seed):
    rng = random.Random(seed)
    for _ in range(200):
        text = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 60)))
        compile_query(parse(text))
        compile_query(parse(text), fuzzy_words=frozenset(parse(text).plain_words()))
