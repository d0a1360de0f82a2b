"""The fast indexing path: one-pass analysis, packed positions and the bulk
segment writer (serial and with worker processes) give the same index as
whoosh's own writer."""

import datetime as dt

import pytest

from jdih.search import SearchRecord, SearchRequest, WhooshBackend, analysis, whoosh_bulk
from jdih.search.whoosh_fields import AnalysedText, PackedPositions

TEXTS = [
    "Undang-Undang Nomor 7/2017 tentang Pemilihan Umum",
    "Hak yang asasi, setiap warga dilindungi.\x1eJudul\x1e\x1eMeta 90-PKE-DKPP/V/2024",
    "",
    "\x1e",
]


@pytest.mark.parametrize("text", TEXTS)
@pytest.mark.parametrize("stemmed", [True, False])
def test_term_positions_match_the_token_analyzer(text, stemmed):
    expected = {}
    for token in analysis.IndonesianAnalyzer(stemmed)(text, positions=True):
        expected.setdefault(token.text, []).append(token.pos)
    got = analysis.term_positions(analysis.word_positions(text), stemmed)
    assert got == expected


def test_packed_positions_round_trip():
    packed = PackedPositions()
    for positions in ([0], [3, 4, 90, 100_000], list(range(0, 500, 7))):
        value = packed.encode_sorted(positions)
        assert packed.decode_positions(value) == positions
        assert packed.decode_frequency(value) == len(positions)
        assert packed.encode(positions) == value


def test_analysed_text_is_its_text():
    assert str(AnalysedText("Pemilu 2024")) == "Pemilu 2024"


def corpus(count):
    words = ["pemilu", "perlindungan", "data", "pribadi", "hak", "asasi", "yang",
             "kampanye", "dilindungi", "negara"]
    for n in range(1, count + 1):
        text = " ".join(words[(n * k) % len(words)] for k in range(1, 30))
        yield SearchRecord(
            key=f"document:{n}", kind="document", title=f"Peraturan {words[n % 10]} {n}",
            identity=f"UU {n}/2020", nomor=str(n), tahun=2000 + n % 20,
            doc_type="peraturan", jenis="Undang-Undang", jenis_abbrev="UU",
            status="Berlaku", subjects=["Pemilu"], abstract=text[:60],
            pages=[(1, text), (2, "hak asasi manusia " * (n % 3))],
            visibility="public" if n % 7 else "internal",
            date=dt.date(2000 + n % 20, 1, 1 + n % 28))


def answers(engine):
    out = []
    for query in ("pemilu", "perlindungan data", '"hak asasi"', "kampanye -negara",
                  "perlindungn", "tahun:2005..2010 hak"):
        # All hits: equal scores may come in another document order.
        result = engine.search(SearchRequest(query=query, visibilities=("public",),
                                             per_page=100))
        out.append((result.total, {h.key: (h.page_no, round(h.score, 6)) for h in result.hits},
                    result.facets["tahun"], result.suggestion))
    return out


@pytest.fixture
def reference(tmp_path):
    """The same records indexed one by one through whoosh's own writer."""
    engine = WhooshBackend(str(tmp_path / "reference"))
    engine.index(list(corpus(60)))
    yield answers(engine)
    engine.close()


@pytest.mark.parametrize("procs", [1, 2])
def test_rebuild_gives_the_same_answers_as_incremental_indexing(
        tmp_path, monkeypatch, reference, procs):
    # Small segments and batches, so several segments (and both workers) are used.
    monkeypatch.setattr(whoosh_bulk, "PARALLEL_MIN", 10)
    monkeypatch.setattr(whoosh_bulk, "BATCH_DOCS", 7)
    monkeypatch.setattr(whoosh_bulk, "SEGMENT_DOCS", 20)
    engine = WhooshBackend(str(tmp_path / "bulk"))
    seen = []
    assert engine.rebuild(corpus(60), progress=seen.append, procs=procs) == 60
    assert seen[-1] == 60
    assert answers(engine) == reference
    assert len(engine.keys_with_versions()) == 60
    # The live index still takes incremental writes after a bulk build.
    engine.remove(["document:1"])
    assert "document:1" not in engine.keys_with_versions()
    engine.close()


def test_a_failing_record_aborts_the_rebuild_and_keeps_the_live_index(tmp_path, monkeypatch):
    monkeypatch.setattr(whoosh_bulk, "PARALLEL_MIN", 10)
    monkeypatch.setattr(whoosh_bulk, "BATCH_DOCS", 5)
    engine = WhooshBackend(str(tmp_path / "index"))
    engine.index(list(corpus(3)))

    def records():
        yield from corpus(30)
        yield SearchRecord(key="document:bad", kind="document", title=None)  # not text

    with pytest.raises(Exception):
        engine.rebuild(records(), procs=2)
    assert len(engine.keys_with_versions()) == 3
    engine.close()


def test_fast_phrases_and_ranking_agree_with_whoosh(tmp_path):
    from whoosh import query as wq

    from jdih.search import ranking
    from jdih.search.phrases import PackedPhrase
    from jdih.search.query import parse
    from jdih.search.whoosh_query import compile_query

    engine = WhooshBackend(str(tmp_path / "index"))
    engine.index(list(corpus(40)))
    engine.index(list(corpus(45))[40:])  # a second segment
    engine.remove(["document:3"])  # and a deletion
    with engine._searching() as (searcher, cache):
        for words in (["hak", "asasi"], ["perlindungan", "data", "pribadi"], ["pemilu", "pemilu"],
                      ["asasi", "hak"], ["tidak", "ada"]):
            fast = set(searcher.docs_for_query(PackedPhrase("content_x", words)))
            slow = set(searcher.docs_for_query(wq.Phrase("content_x", words)))
            assert fast == slow
        allowed = cache.allowed(searcher.reader(), ("public", "internal"), False, None)
        for text in ("pemilu", "perlindungan data", "hak yang asasi", "negara OR kampanye"):
            parsed = parse(text)
            compiled = compile_query(parsed)
            final = allowed & set(searcher.docs_for_query(compiled.matching))
            assert final
            results = searcher.search(compiled.scoring, filter=final, limit=10)
            slow = [(round(results.score(i), 6), results.docnum(i)) for i in range(len(results.top_n))]
            fast = [(round(score, 6), docnum) for score, docnum
                    in ranking.top_by_relevance(searcher, ranking.plain_terms(parsed), final, 10)]
            assert fast == slow
    engine.close()
