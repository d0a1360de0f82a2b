"""Each search backend against a temporary index of hand-made records: the
same tests, the same answers (whoosh-only mechanics at the end)."""

import datetime as dt
import multiprocessing
import random
import threading
import time
from collections import Counter

import pytest

from backends import BACKENDS, backend_of
from conftest import POSTGRES_URL
from jdih.search import SearchRecord, SearchRequest, WhooshBackend

PUBLIC = ("public",)
EVERYONE = ("public", "partner", "internal")


def record(n, title, **fields):
    fields.setdefault("kind", "document")
    fields.setdefault("doc_type", "peraturan")
    return SearchRecord(key=f"document:{n}", title=title, **fields)


RECORDS = [
    record(1, "Pemilihan Umum", identity="UU 7/2017", nomor="7", tahun=2017,
           jenis="Undang-Undang", jenis_abbrev="UU", status="Berlaku",
           bidang="Hukum Tata Negara", subjects=["Pemilihan Umum", "KPU"],
           abstract="Undang-undang yang menyatukan pengaturan pemilu presiden.",
           date=dt.date(2017, 8, 15)),
    record(2, "Perlindungan Konsumen", identity="UU 8/1999", nomor="8", tahun=1999,
           jenis="Undang-Undang", jenis_abbrev="UU", status="Berlaku",
           bidang="Hukum Perdata", subjects=["Konsumen"],
           abstract="Hak asasi konsumen dan kewajiban pelaku usaha.",
           date=dt.date(1999, 4, 20)),
    record(3, "Tata Cara Pencalonan Kepala Daerah", identity="PKPU 9/2020", nomor="9",
           tahun=2020, jenis="Peraturan Komisi Pemilihan Umum", jenis_abbrev="PKPU",
           status="Tidak Berlaku", bidang="Hukum Tata Negara",
           subjects=["Pilkada", "KPU"], date=dt.date(2020, 7, 1),
           pages=[(1, "Menimbang bahwa pencalonan kepala daerah perlu diatur."),
                  (2, "Hak yang asasi setiap warga tidak boleh dikurangi."),
                  (3, "Calon wajib memenuhi syarat pendidikan dan usia.")]),
    record(4, "Penyelenggara Negara yang Bersih", identity="UU 28/1999", nomor="28",
           tahun=1999, jenis="Undang-Undang", jenis_abbrev="UU", status="Berlaku",
           bidang="Hukum Administrasi Negara", subjects=["Korupsi"],
           pages=[(1, "Ketentuan umum."), (2, "Asas umum penyelenggaraan negara."),
                  (7, "Perlindungan terhadap pelapor dan saksi diberikan negara.")],
           date=dt.date(1999, 5, 19)),
    record(5, "Putusan Sengketa Hasil Pemilihan", identity="Putusan MK 90/PUU-XXI/2023",
           nomor="90/PUU-XXI/2023", tahun=2023, doc_type="putusan",
           jenis="Putusan Mahkamah Konstitusi", jenis_abbrev="MK", subjects=["KPU"],
           body="Amar: mengabulkan permohonan untuk sebagian.", date=dt.date(2023, 10, 16)),
    SearchRecord(key="news:1", kind="news", doc_type="berita",
                 title="Sosialisasi <Peraturan> & Pemilu", tahun=2024,
                 body="Kegiatan sosialisasi peraturan pemilu di daerah.",
                 date=dt.date(2024, 1, 5)),
    # Never visible to the public: internal, partner-only, unpublished.
    record(90, "Rahasiakerahasiaan Internal Pemilihan", tahun=2021, jenis="Undang-Undang",
           jenis_abbrev="UU", status="Berlaku", subjects=["KPU", "Rahasia"],
           abstract="Catatan internal zyxwvutsrahasia.", visibility="internal",
           pages=[(1, "Dokumen internal tentang pemilihan.")]),
    record(91, "Kemitraan Pemilihan", tahun=2021, jenis="Undang-Undang",
           jenis_abbrev="UU", subjects=["KPU"], visibility="partner"),
    record(92, "Draf Pemilihan Belum Terbit", tahun=2022, jenis="Undang-Undang",
           jenis_abbrev="UU", subjects=["KPU"], published=False,
           abstract="Draf kerahasiaanterbit."),
]
PUBLIC_KEYS = {r.key for r in RECORDS if r.visibility == "public" and r.published}


@pytest.fixture(params=BACKENDS)
def backend(request, tmp_path):
    with backend_of(request.param, tmp_path) as engine:
        engine.index(RECORDS)
        yield engine


@pytest.fixture
def whoosh_backend(tmp_path):
    with backend_of("whoosh", tmp_path) as engine:
        engine.index(RECORDS)
        yield engine


def search(engine, query="", **kwargs):
    kwargs.setdefault("visibilities", PUBLIC)
    return engine.search(SearchRequest(query=query, **kwargs))


def keys(result):
    return [hit.key for hit in result.hits]


def test_title_match_outranks_pdf_only_match(backend):
    result = search(backend, "perlindungan")
    assert keys(result) == ["document:2", "document:4"]
    assert result.hits[1].page_no == 7
    assert "<mark>Perlindungan</mark>" in result.hits[1].page_html


def test_stemming_finds_other_affixes(backend):
    assert keys(search(backend, "dilindungi"))[0] == "document:2"
    assert "document:1" in keys(search(backend, "memilih"))


def test_phrase_respects_stop_word_positions(backend):
    assert keys(search(backend, '"hak asasi"')) == ["document:2"]
    result = search(backend, '"hak yang asasi"')
    assert keys(result) == ["document:3"]
    assert result.hits[0].page_no == 2


def test_all_words_must_match(backend):
    assert keys(search(backend, "konsumen pemilu")) == []
    assert keys(search(backend, "konsumen usaha")) == ["document:2"]


def test_or_and_not(backend):
    assert set(keys(search(backend, "konsumen OR pencalonan"))) == {"document:2", "document:3"}
    assert "document:1" not in keys(search(backend, "pemilihan NOT presiden"))
    assert "document:1" not in keys(search(backend, "pemilihan -presiden"))


def test_prefix(backend):
    assert set(keys(search(backend, "penyelenggara*"))) == {"document:4"}
    assert set(keys(search(backend, "konsum*"))) == {"document:2"}


def test_identifier_and_reduplication_queries(backend):
    assert keys(search(backend, "7/2017"))[0] == "document:1"
    assert keys(search(backend, "undang-undang"))[0] == "document:1"


def test_field_filters(backend):
    assert keys(search(backend, "judul:konsumen")) == ["document:2"]
    assert keys(search(backend, "nomor:28")) == ["document:4"]
    assert set(keys(search(backend, "jenis:uu"))) == {"document:1", "document:2", "document:4"}
    assert keys(search(backend, 'jenis:"peraturan komisi pemilihan umum"')) == ["document:3"]
    assert keys(search(backend, "jenis:pkpu")) == ["document:3"]
    assert keys(search(backend, 'status:"tidak berlaku"')) == ["document:3"]
    assert "document:3" not in keys(search(backend, "status:berlaku"))
    assert set(keys(search(backend, "subjek:kpu"))) == {"document:1", "document:3", "document:5"}


def test_year_filter_and_range(backend):
    assert set(keys(search(backend, "tahun:1999"))) == {"document:2", "document:4"}
    assert set(keys(search(backend, "tahun:2017..2023"))) == {
        "document:1", "document:3", "document:5"}


def test_typo_tolerance_and_suggestion(backend):
    result = search(backend, "perlindngan")
    assert result.fuzzy and "document:2" in keys(result)
    assert result.suggestion == "perlindungan"


def test_sort_and_pagination(backend):
    newest = search(backend, "", sort="newest", per_page=2)
    assert newest.total == len(PUBLIC_KEYS)
    assert keys(newest) == ["news:1", "document:5"]
    page2 = search(backend, "", sort="newest", per_page=2, page=2)
    assert keys(page2) == ["document:3", "document:1"]
    oldest = search(backend, "", sort="oldest", per_page=1)
    assert keys(oldest) == ["document:2"]


def test_facet_counts_match_a_manual_count(backend):
    visible = [r for r in RECORDS if r.key in PUBLIC_KEYS]
    result = search(backend, "")
    assert dict(result.facets["jenis"]) == Counter(r.jenis for r in visible if r.jenis)
    assert dict(result.facets["subjects"]) == Counter(s for r in visible for s in r.subjects)
    assert dict(result.facets["tahun"]) == Counter(r.tahun for r in visible if r.tahun)


def test_facet_selection_is_disjunctive(backend):
    result = search(backend, "", filters={"jenis": ["Undang-Undang"], "tahun": [1999]})
    assert set(keys(result)) == {"document:2", "document:4"}
    # jenis counted under the tahun filter only, tahun under the jenis one.
    assert dict(result.facets["jenis"]) == {"Undang-Undang": 2}
    assert dict(result.facets["tahun"]) == {1999: 2, 2017: 1}
    several = search(backend, "", filters={"tahun": ["1999", "2017"]})
    assert result.total == 2 and several.total == 3


def test_html_in_titles_is_escaped(backend):
    hit = search(backend, "sosialisasi").hits[0]
    assert hit.title_html == "<mark>Sosialisasi</mark> &lt;Peraturan&gt; &amp; Pemilu"


@pytest.mark.parametrize("query", ["pemilihan", "", "kpu", "rahasia*", "tahun:2021..2022",
                                   "kerahasiaan*", "subjek:rahasia", "internal"])
def test_hidden_records_never_leak(backend, query):
    result = search(backend, query)
    assert set(keys(result)) <= PUBLIC_KEYS
    assert result.total == len(set(keys(search(backend, query, per_page=100))))
    for values in result.facets.values():
        assert "Rahasia" not in dict(values)
        assert 2021 not in dict(values) and 2022 not in dict(values)
    for hit in result.hits:
        assert "internal" not in (hit.page_html or "") + (hit.snippet_html or "")


def test_suggestions_only_from_visible_records(backend):
    assert search(backend, "zyxwvutsrahasi").suggestion is None
    assert search(backend, "zyxwvutsrahasi", visibilities=EVERYONE).suggestion == "zyxwvutsrahasia"
    assert search(backend, "kerahasiaanterbt", visibilities=EVERYONE).suggestion is None
    assert search(backend, "kerahasiaanterbt", visibilities=EVERYONE,
                  include_unpublished=True).suggestion == "kerahasiaanterbit"


def test_editors_see_what_readers_cannot(backend):
    editor = search(backend, "pemilihan", visibilities=EVERYONE, include_unpublished=True)
    assert {"document:90", "document:91", "document:92"} <= set(keys(editor))
    assert "document:91" in keys(search(backend, "kemitraan", visibilities=("public", "partner")))


def test_remove_and_versions(backend):
    versions = backend.keys_with_versions()
    assert versions["document:1"] == RECORDS[0].fingerprint()
    assert len(versions) == len(RECORDS)
    backend.remove(["document:1", "document:missing"])
    assert "document:1" not in backend.keys_with_versions()
    assert keys(search(backend, "7/2017")) == []


def test_reindex_replaces_by_key(backend):
    changed = record(2, "Perlindungan Data Pribadi", tahun=2022)
    backend.index([changed])
    assert keys(search(backend, "konsumen")) == []
    assert keys(search(backend, "pribadi")) == ["document:2"]


FUZZ_ALPHABET = 'pemilu hak "-*:.()/|&+ OR NOT tahun:judul:2017..ÄØ\x00\\\'界'


def test_fuzzed_queries_never_raise(backend):
    rng = random.Random(20240601)
    for _ in range(300):
        text = "".join(rng.choice(FUZZ_ALPHABET) for _ in range(rng.randint(0, 40)))
        result = search(backend, text)
        assert set(keys(result)) <= PUBLIC_KEYS
    assert search(backend, "x" * 10000).total == 0


def test_rebuild_swaps_while_searching(tmp_path, backend):
    reader = WhooshBackend(backend.store.base_dir) if isinstance(backend, WhooshBackend) else backend
    assert keys(search(reader, "konsumen")) == ["document:2"]
    seen_during = []

    def progress(count):
        # The old generation keeps answering while the new one is built, and
        # writes made now are carried into the new generation.
        seen_during.append(keys(search(reader, "konsumen")))
        if len(seen_during) == 1:
            backend.index([record(77, "Ditambahkan Saat Rebuild")])

    new_records = [record(n, f"Dokumen baru {n}") for n in range(100, 2600)]
    assert backend.rebuild(iter(new_records), progress) == len(new_records)
    assert seen_during[0] == ["document:2"]
    assert keys(search(reader, "konsumen")) == []
    assert search(reader, "baru").total == len(new_records)
    assert keys(search(reader, "ditambahkan")) == ["document:77"]
    reader.close()


def _index_worker(base_dir, worker, batches):
    engine = WhooshBackend(base_dir, lock_timeout=60)
    for batch in range(batches):
        engine.index([record(1000 + worker * 100 + batch, f"Proses {worker} batch {batch}")])
    engine.close()


def test_concurrent_writers_in_processes_wait_for_the_lock(tmp_path):
    base_dir = str(tmp_path / "index")
    engine = WhooshBackend(base_dir, lock_timeout=60)
    context = multiprocessing.get_context("spawn")
    with engine.store.live_lock():
        workers = [context.Process(target=_index_worker, args=(base_dir, w, 5))
                   for w in range(4)]
        for process in workers:
            process.start()
        time.sleep(1.0)  # every worker is now queued behind our lock
        assert engine.keys_with_versions() == {}
    for process in workers:
        process.join(120)
        assert process.exitcode == 0
    assert len(engine.keys_with_versions()) == 20
    engine.close()


def test_searches_from_several_threads(backend):
    errors = []

    def run():
        try:
            for _ in range(20):
                assert keys(search(backend, "konsumen")) == ["document:2"]
        except Exception as exc:  # collected for the main thread
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(4)]
    for thread in threads:
        thread.start()
    backend.index([record(55, "Tambahan Konsumen Lain", visibility="internal")])
    for thread in threads:
        thread.join()
    assert errors == []


def open_files() -> int:
    import os

    return len(os.listdir("/proc/self/fd"))


def test_searchers_are_shared_across_threads_not_leaked(whoosh_backend):
    backend = whoosh_backend
    search(backend, "pemilihan")  # the first searcher and its files
    before = open_files()
    for n in range(200):
        thread = threading.Thread(target=search, args=(backend, "pemilihan" if n % 2 else "konsumen"))
        thread.start()
        thread.join()
    assert open_files() - before <= 5
    # A change is still seen by the next search, and the old searcher's
    # files are released.
    backend.index([record(77, "Pemilihan ulang serentak")])
    assert "document:77" in keys(search(backend, "serentak"))
    backend.remove(["document:77"])
    assert keys(search(backend, "serentak")) == []
    assert open_files() - before <= 5


def test_concurrent_searches_get_right_answers(backend):
    answers, errors = [], []

    def worker():
        try:
            for _ in range(20):
                answers.append(keys(search(backend, "perlindungan")))
        except Exception as error:  # reported below
            errors.append(error)

    threads = [threading.Thread(target=worker) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert answers and all(a == ["document:2", "document:4"] for a in answers)


@pytest.mark.skipif(not POSTGRES_URL, reason="JDIH_TEST_POSTGRES_URL not set")
def test_both_backends_index_the_same_terms(tmp_path):
    """The same Sastrawi stems and exact words, computed by analysis.py and
    stored by each backend: word for word the same vocabulary."""
    from sqlalchemy import text

    with backend_of("whoosh", tmp_path, "w") as whoosh, backend_of("postgres", tmp_path, "p") as pg:
        whoosh.index(RECORDS)
        pg.index(RECORDS)
        with whoosh._searching() as (searcher, _):
            reader = searcher.reader()
            whoosh_terms = {field: {t.decode() for t in reader.lexicon(field)}
                            for field in ("content", "content_x")}
        with pg.engine.connect() as conn:
            pg_terms = {column: set(conn.execute(text(
                f"SELECT DISTINCT unnest(tsvector_to_array({column})) FROM search_entry")).scalars())
                for column in ("words", "exact")}
    assert "lindung" in pg_terms["words"] and "perlindungan" in pg_terms["exact"]
    assert pg_terms["words"] == whoosh_terms["content"]
    assert pg_terms["exact"] == whoosh_terms["content_x"]
