"""The search plan: what one parse yields, and that a search parses once."""

import ast
from pathlib import Path

import pytest

from jdih.catalogue import operations
from jdih.catalogue.vocabulary import jenis_choices
from jdih.extensions import db
from jdih.search import SearchRequest, plan, query, whoosh_backend
from jdih.search.plan import Clause, Phrase, QueryPlan, Token, Word, YearRange
from jdih.search.query import parse, plan_search


def texts_and_stems(item):
    return [(t.text, t.stem) for t in item.tokens]


def test_phrase_keeps_its_stop_words_as_unstemmed_tokens():
    (clause,) = parse('"Hak yang Asasi"').clauses
    (phrase,) = clause.items
    assert phrase == Phrase("Hak yang Asasi")
    assert texts_and_stems(phrase) == [("hak", "hak"), ("yang", None), ("asasi", "asasi")]


def test_words_carry_their_stems():
    (pemilu, perlindungan), (kpu,) = [c.items for c in parse(
        "pemilu ATAU perlindungan KPU").clauses]
    # Protected acronym-words are not stemmed; ordinary words are.
    assert texts_and_stems(pemilu) == [("pemilu", "pemilu")]
    assert texts_and_stems(perlindungan) == [("perlindungan", "lindung")]
    assert texts_and_stems(kpu) == [("kpu", "kpu")]


def test_or_and_not_groups():
    plan_query = parse("pemilihan OR pilkada -presiden NOT daerah")
    assert plan_query.clauses == (
        Clause((Word("pemilihan"), Word("pilkada"))),
        Clause((Word("presiden"),), negated=True),
        Clause((Word("daerah"),), negated=True))
    assert plan_query.is_plain and not plan_query.is_empty
    # Negated words are never "corrected".
    assert plan_query.plain_words() == ["pemilihan", "pilkada"]


def test_field_filters_hold_normalised_vocabulary_keys():
    items = [c.items[0] for c in parse(
        'jenis:UU status:"Tidak_Berlaku" judul:konsumen nomor:7/2017 subjek:pemilu').clauses]
    assert [(i.field, i.key) for i in items] == [
        ("jenis", "uu"), ("status", "tidak berlaku"), ("judul", None), ("nomor", None),
        ("subjek", None)]
    assert texts_and_stems(items[3]) == [("7/2017", "7/2017")]
    assert not parse("judul:konsumen").is_plain


@pytest.mark.parametrize("text, expected", [
    ("tahun:2017", YearRange(2017, 2017)),
    ("tahun:2015..2020", YearRange(2015, 2020)),
    ("year:2020-2015", YearRange(2015, 2020)),
    ("tahun:..2010", YearRange(None, 2010)),
    ("tahun:2019..", YearRange(2019, None)),
])
def test_year_ranges(text, expected):
    assert parse(text).clauses == (Clause((expected,)),)


def test_prefixes():
    (pe,), (p,) = [c.items for c in parse("pe* p*", min_prefix=2).clauses]
    assert (pe.text, pe.prefix, texts_and_stems(pe)) == ("pe", True, [("pe", "pe")])
    assert p.prefix is False  # one letter would match half the index
    plan_query = parse("pem*")
    assert not plan_query.is_plain and plan_query.plain_words() == []


def test_short_prefixes_are_words_and_reported():
    plan_query = parse("pe* p* pem*")
    assert [item.prefix for c in plan_query.clauses for item in c.items] == [False, False, True]
    assert plan_query.short_prefixes == ("pe", "p")


def test_typo_candidates_are_positive_plain_alphabetic_words():
    plan_query = parse("perlindngan 7/2017 judul:kosumen lindng* -pemilhan")
    assert plan_query.typo_candidates() == [Token("perlindngan", "perlindngan")]


def test_replaced_plan_is_the_plan_of_the_corrected_text():
    for text in ["pemilhan", 'pemilhan "hak asasi" tahun:2017 -daerah',
                 "pemilhan OR pilkda kpu", "judul:pemilhan", "pemilhan*"]:
        original = parse(text)
        replace = {"pemilhan": "pemilihan", "pilkda": "pilkada"}
        corrected = original.replaced(replace)
        assert corrected.to_string() == original.to_string(replace)
        assert corrected == parse(original.to_string(replace))


@pytest.mark.parametrize("text", ['"hak asasi', "((( OR", "AND OR NOT - * :", "\x00\x00",
                                  'judul:"', "tahun:abcd", "tahun:", "-", "界 界*"])
def test_malformed_input_degrades_to_words(text):
    plan_query = parse(text)
    assert isinstance(plan_query, QueryPlan)
    for clause in plan_query.clauses:
        for item in clause.items:
            assert isinstance(item, (Word, Phrase, YearRange))
            assert isinstance(item, YearRange) or item.tokens


def test_plan_search_checks_the_request_once():
    search_plan = plan_search(SearchRequest(
        query=None, page=0, per_page=1000, sort="acak", visibilities=("public", "rahasia"),
        filters={"jenis": ["UU"], "tahun": [], "bogus": ["x"]}, kind="news", facets=("jenis",)))
    assert search_plan.query == QueryPlan()
    assert (search_plan.page, search_plan.per_page, search_plan.sort) == (1, 100, "relevance")
    assert search_plan.scope == plan.Scope(("public",), False, "news")
    assert search_plan.filters == (("jenis", ("UU",)),)
    assert search_plan.facets == ("jenis",)


@pytest.mark.parametrize("module", [plan, query])
def test_plan_and_parser_import_no_index_library_and_no_flask(module):
    tree = ast.parse(Path(module.__file__).read_text())
    imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import)
                for alias in node.names}
    imported |= {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert not any(name.split(".")[0] in ("whoosh", "flask", "sqlalchemy") for name in imported)


def counting(monkeypatch, module, name):
    calls = []
    original = getattr(module, name)

    def wrapper(*args, **kwargs):
        calls.append(args)
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, wrapper)
    return calls


def test_a_search_through_the_site_parses_its_query_once(app, client, monkeypatch):
    with app.app_context():
        jenis = next(j.id for j in jenis_choices("peraturan") if j.abbreviation == "UU")
        doc = operations.create_document("peraturan", {
            "jenis_id": jenis, "nomor": "8", "tahun": 1999, "judul": "Perlindungan Konsumen",
            "abstrak": "Hak konsumen.", "visibility": "public", "subjects": []})
        operations.publish(doc)
        db.session.commit()
    parses = counting(monkeypatch, query, "parse")
    compiles = counting(monkeypatch, whoosh_backend, "compile_query")
    # A typo: exact matching, the fuzzy fallback, the suggestion and the
    # highlighting all run, from one parse.
    html = client.get("/cari", query_string={"q": "perlindngan konsumen"}).get_data(as_text=True)
    assert "Mungkin maksud Anda" in html and "perlindungan konsumen" in html
    assert "ejaan yang mirip" in html and "<mark>Konsumen</mark>" in html
    assert len(parses) == 1
    # One compilation for the search, one for checking the suggestion.
    assert len(compiles) == 2
    parses.clear()
    compiles.clear()
    html = client.get("/cari", query_string={"q": '"hak konsumen" OR pelindungan*'}).get_data(
        as_text=True)
    assert "<mark>konsumen</mark>" in html
    assert (len(parses), len(compiles)) == (1, 1)
