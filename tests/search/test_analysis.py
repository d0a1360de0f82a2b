"""Indonesian analysis: tokenizer, stop list, stemming, highlighting."""

from jdih.search import analysis
from jdih.search.analysis import IndonesianAnalyzer
from jdih.search.highlight import MatchTerms, highlight, terms_for
from jdih.search.query import parse


def tokens(text, stemmed=True):
    analyzer = IndonesianAnalyzer(stemmed=stemmed)
    return [(t.text, t.pos) for t in analyzer(text, positions=True)]


def test_tokenizer_keeps_numbers_and_reduplication_whole():
    assert analysis.words("UU 7/2017 tentang Undang-Undang.") == [
        "uu", "7/2017", "tentang", "undang-undang"]
    assert analysis.words("Nomor 90-PKE-DKPP/V/2024,") == ["nomor", "90-pke-dkpp/v/2024"]


def test_exact_analyzer_emits_parts_at_the_same_position():
    assert tokens("UU 7/2017 berlaku", stemmed=False) == [
        ("uu", 0), ("7/2017", 1), ("7", 1), ("2017", 1), ("berlaku", 2)]


def test_exact_terms_merge_compound_parts_with_the_same_plain_words():
    """A part of a compound shares its term with the same word standing
    alone: one rising position list holding both, each position once."""
    by_word = analysis.word_positions("Undang-Undang 7/2017 undang 7 undang-undang dasar")
    assert analysis.term_positions(by_word, stemmed=False) == {
        "undang-undang": [0, 4], "undang": [0, 2, 4], "7/2017": [1], "7": [1, 3],
        "2017": [1], "dasar": [5]}
    assert analysis.distinct_words("Undang-Undang 7/2017 undang\x1e7") == {
        "undang-undang", "7/2017", "undang", "7"}


def test_stemmed_analyzer_keeps_identifiers_and_stems_reduplication():
    assert ("7/2017", 0) in tokens("7/2017")
    assert tokens("undang-undang") == [("undang", 0)]
    assert tokens("peraturan-peraturan")[0] == ("atur", 0)


def test_stop_words_are_dropped_but_keep_their_position():
    assert tokens("hak yang asasi") == [("hak", 0), ("asasi", 2)]
    assert tokens("hak yang asasi", stemmed=False) == [("hak", 0), ("yang", 1), ("asasi", 2)]


def test_legally_meaningful_words_are_not_stop_words():
    for word in ["tidak", "harus", "dapat", "setiap", "kecuali", "paling",
                 "wajib", "dilarang", "belum", "bukan", "tanpa", "hanya"]:
        assert word not in analysis.STOP_WORDS
        assert tokens(word), word


def test_stemming_conflates_affixed_forms():
    stems = {analysis.stem(w) for w in ["perlindungan", "dilindungi", "melindungi", "lindung"]}
    assert stems == {"lindung"}
    assert analysis.stem("pemilihan") == analysis.stem("dipilih") == "pilih"
    assert analysis.stem("penetapan") == analysis.stem("ditetapkan")


def test_protected_acronym_words_are_not_stemmed():
    assert analysis.stem("pemilu") == "pemilu"
    assert analysis.stem("pemilu") != analysis.stem("pilu")


def test_normalize_key_for_vocabulary_filters():
    assert analysis.normalize_key("Tidak_Berlaku") == "tidak berlaku"
    assert analysis.normalize_key("  Undang-Undang  Dasar ") == "undang-undang dasar"


def test_highlight_escapes_everything_but_marks():
    terms = terms_for(parse("lindung"))
    html = highlight('<script>alert("x")</script> dilindungi & <b>', terms)
    assert html == ("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; "
                    "<mark>dilindungi</mark> &amp; &lt;b&gt;")


def test_highlight_cuts_a_window_around_matches():
    text = "awal " * 100 + "perlindungan konsumen" + " akhir" * 100
    html = highlight(text, terms_for(parse("perlindungan")), width=80)
    assert "<mark>perlindungan</mark>" in html
    assert html.startswith("…") and html.endswith("…")
    assert len(html) < 160


def test_highlight_without_required_match_returns_none():
    assert highlight("tidak ada", MatchTerms(stems={"pilih"}), require_match=True) is None
