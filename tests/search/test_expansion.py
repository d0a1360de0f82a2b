"""Query-time vocabulary (jdih.search.expansion): plain library tests."""
from __future__ import annotations

from jdih.search import expansion
from jdih.search.plan import Word
from jdih.search.query import parse

VOCABULARY = expansion.Vocabulary(
    {"paslon": ("pasangan calon",), "uji materi": ("pengujian",), "dpt": ("daftar pemilih tetap",)},
    frozenset({"aturan", "soal", "yang", "tentang"}))


def test_a_listed_word_becomes_an_or_group_of_its_formal_terms():
    plan = expansion.expand(parse("syarat paslon"), VOCABULARY)
    assert [c.items for c in plan.clauses] == [(Word("syarat"),),
                                                (Word("paslon"), Word("pasangan calon"))]
    # What was typed is what a suggestion shows, and no synonym counts as a typo.
    assert plan.to_string() == "syarat paslon"
    assert [t.text for t in plan.typo_candidates()] == ["syarat"]


def test_a_listed_term_of_two_words_is_matched_across_clauses():
    plan = expansion.expand(parse("uji materi pasal 222"), VOCABULARY)
    assert plan.clauses[0].items == (Word("uji materi"), Word("pengujian"))
    assert len(plan.clauses) == 3


def test_question_words_only_rank():
    plan = expansion.expand(parse("aturan soal dpt yang baru"), VOCABULARY)
    assert [c.items[0].text for c in plan.clauses] == ["dpt", "baru"]
    assert [c.items[0].text for c in plan.optional] == ["aturan", "soal", "yang"]


def test_a_query_of_question_words_only_keeps_them_required():
    plan = expansion.expand(parse("aturan soal"), VOCABULARY)
    assert [c.items[0].text for c in plan.clauses] == ["aturan", "soal"]
    assert plan.optional == ()


def test_fielded_quoted_and_negated_words_are_left_alone():
    plan = expansion.expand(parse('judul:paslon "paslon" -paslon'), VOCABULARY)
    assert all(len(c.items) == 1 for c in plan.clauses)


def test_a_partial_match_relaxes_only_loose_clauses():
    plan = expansion.expand(parse("pemilu kampanye tahun:2024"), VOCABULARY)
    assert plan.may_relax
    relaxed = plan.relaxed()
    assert relaxed.match_any and not relaxed.may_relax
    assert len(relaxed.loose_clauses()) == 2  # the year stays required
    assert not expansion.expand(parse("pemilu tahun:2024"), VOCABULARY).may_relax


def test_the_shipped_defaults_load():
    defaults = expansion.default_synonyms()
    assert defaults["paslon"] == ("pasangan calon",)
    assert defaults["parpol"] == ("partai politik",)
    assert "daftar pemilih tetap" in defaults["dpt"]
    assert "petahana" in defaults
    assert {"aturan", "soal", "tentang", "karena", "yang"} <= expansion.question_words()
