"""The PostgreSQL rebuild fills new tables and swaps them in (pg_rebuild.py):
writes made to the live tables meanwhile survive the swap, the swapped-in
tables have their indexes and keys, and a failed rebuild leaves the live
tables as they were."""
from __future__ import annotations

import pytest
from sqlalchemy import text

from backends import backend_of
from conftest import POSTGRES_URL
from jdih.search import SearchRecord, SearchRequest
from jdih.search.pg_schema import INDEXES, PRIMARY_KEYS, index_name

pytestmark = pytest.mark.skipif(not POSTGRES_URL, reason="JDIH_TEST_POSTGRES_URL not set")


def record(n: int, title: str, page: str = "") -> SearchRecord:
    return SearchRecord(key=f"document:{n}", kind="document", title=title,
                        pages=[(1, page)] if page else [])


def keys_found(backend, query: str) -> set[str]:
    return {hit.key for hit in backend.search(SearchRequest(query=query, per_page=50)).hits}


@pytest.fixture
def backend(tmp_path):
    with backend_of("postgres", tmp_path) as engine:
        yield engine


def test_writes_made_during_a_rebuild_survive_the_swap(backend):
    backend.index([record(1, "pemilu lama"), record(2, "pemilu hapus")])

    def records():
        yield record(1, "pemilu lama")  # read before the change below: older
        # Changes committed while the rebuild runs, as the app makes them.
        backend.index([record(1, "pemilu baru"), record(9, "pemilu baru")])
        backend.remove(["document:2"])
        yield record(2, "pemilu hapus")  # read before its removal
        yield record(3, "pemilu tiga", page="kampanye serentak di daerah")

    assert backend.rebuild(records()) == 3
    assert set(backend.keys_with_versions()) == {"document:1", "document:3", "document:9"}
    assert keys_found(backend, "baru") == {"document:1", "document:9"}
    assert keys_found(backend, "lama") == set() and keys_found(backend, "hapus") == set()
    assert keys_found(backend, '"kampanye serentak"') == {"document:3"}
    # The vocabulary holds what the carried-over rows brought (prefixes).
    assert keys_found(backend, "bar*") == {"document:1", "document:9"}
    # The live tables take ordinary writes after the swap, and rebuild again.
    backend.index([record(4, "pemilu empat")])
    assert "document:4" in keys_found(backend, "empat")
    assert backend.rebuild([record(5, "pemilu lima")]) == 1
    assert set(backend.keys_with_versions()) == {"document:5"}


def test_the_swapped_tables_have_their_keys_and_indexes(backend):
    backend.rebuild([record(n, f"pemilu {n}") for n in range(1, 4)])
    with backend.engine.connect() as conn:
        names = set(conn.execute(text(
            "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()")).scalars())
        leftovers = conn.execute(text(
            "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema() "
            "AND tablename LIKE '%\\_next'")).scalar()
    assert {index_name(table, name) for table, name, _ in INDEXES} <= names
    assert {f"{table}_pkey" for table, _ in PRIMARY_KEYS} <= names
    assert leftovers == 0


def test_a_key_given_twice_is_indexed_once(backend):
    assert backend.rebuild([record(1, "pemilu satu"), record(1, "pemilu lagi")]) == 1
    assert set(backend.keys_with_versions()) == {"document:1"}


def test_a_failed_rebuild_keeps_the_live_tables(backend):
    backend.index([record(1, "pemilu lama")])

    def records():
        yield record(2, "pemilu baru")
        raise RuntimeError("the database went away")

    with pytest.raises(RuntimeError):
        backend.rebuild(records())
    assert set(backend.keys_with_versions()) == {"document:1"}
    assert keys_found(backend, "lama") == {"document:1"}
    assert backend.rebuild([record(3, "pemilu tiga")]) == 1  # the leftovers are cleared
    assert set(backend.keys_with_versions()) == {"document:3"}


#: Every column of the entry rows; vectors as text and whether they equal
#: the vector their text gives (tsvector equality compares the stored
#: bytes: the binary form the rebuild sends must build the same value).
VECTORS = ("words", "exact", "meta_x", "title_s", "title_x", "identity_s", "meta_s", "nomor_x",
           "subject_s")
ENTRY_SELECT = ("key, version, kind, visibility, published, doc_type, jenis, tahun, status, "
                "bidang, subjects, keys, sort_date, payload, "
                + ", ".join(f"{v}::text, {v} = {v}::text::tsvector" for v in VECTORS))
PAGE_SELECT = ("key, page_no, body, stems::text, exact::text, stems = stems::text::tsvector, "
               "exact = exact::text::tsvector")


def stored_rows(backend):
    with backend.engine.connect() as conn:
        return (conn.execute(text(f"SELECT {ENTRY_SELECT} FROM search_entry ORDER BY key")).all(),
                conn.execute(text(f"SELECT {PAGE_SELECT} FROM search_page "
                                  "ORDER BY key, page_no")).all(),
                sorted(conn.execute(text("SELECT term FROM search_term")).scalars()))


def test_rebuilt_rows_equal_the_rows_of_ordinary_writes(backend):
    """The rebuild sends rows in COPY's binary format, encoded by itself
    (pg_binary.py): tabs, line ends, quotes, backslashes, arrays, NULLs,
    JSON, repeated and clamped positions arrive as the ordinary (psycopg,
    text input) write sends them."""
    awkward = SearchRecord(
        key="document:1", kind="document", title="Tab\there \"kutip\" back\\slash it's",
        identity="UU 1/2024", nomor="1/2024", tahun=2024, jenis="Undang-Undang",
        subjects=['Pemilu "serentak"', "back\\slash", "a,b {c}"], abstract="baris\r\nbaru",
        body="isi\\n bukan baris", pages=[(1, "hal\tsatu\nbaris 'dua'"), (2, "\\ \\\\")],
        visibility="public", published=True)
    # No year, subjects or pages; compounds repeating a part at one
    # position; a body past the last position a tsvector keeps (16383).
    long_body = " ".join(f"kata{n % 50} undang-undang" for n in range(9000)) + " akhir" * 3
    plain = SearchRecord(key="document:2", kind="document", title="Undang-undang tentang Ĉeĥio",
                         nomor="2.a/b-c", body=long_body, visibility="internal",
                         published=False)
    backend.index([awkward, plain])
    written = stored_rows(backend)
    backend.rebuild([awkward, plain])
    assert stored_rows(backend) == written
