"""Search as people ask (issue 13), on each database and search backend:
partial matches when not every word matches, synonyms and abbreviations
from the staff-edited list, question words that never exclude, and a pasal
of a law that finds the rulings that reviewed it."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from backends import app_config, database_url, search_backend_name, search_setup  # noqa: F401 (fixtures)
from conftest import client_as, csrf_token_from, make_user
from jdih.catalogue import operations
from jdih.catalogue.models import Document, Jenis
from jdih.citations.resolve import seed_aliases
from jdih.core.audit import AuditEntry
from jdih.extensions import db
from jdih.relations import operations as relations
from jdih.search import service, synonyms

PARTIAL_NOTICE = "menampilkan hasil yang memuat sebagian kata"


def make_doc(abbreviation: str, nomor: str, tahun: int, judul: str, *, abstrak: str = "",
             publish: bool = True) -> Document:
    jenis = db.session.scalar(select(Jenis).where(Jenis.abbreviation == abbreviation))
    dated = "tanggal_pengundangan" if jenis.doc_type == "peraturan" else "tanggal_dibacakan"
    doc = operations.create_document(jenis.doc_type, {
        "jenis_id": jenis.id, "nomor": nomor, "tahun": tahun, "judul": judul, "abstrak": abstrak,
        dated: None})
    if publish:
        operations.publish(doc)
    return doc


def found(app, query: str):
    """(slugs in rank order, the result) for an anonymous reader."""
    with app.test_request_context():
        page = service.run(service.build_request(query, {}, per_page=20), None)
        return [item.row.slug for item in page.items], page.result


@pytest.fixture
def catalogue(app):
    """A few regulations and two rulings, one of them on Pasal 169 of UU 7/2017."""
    with app.app_context():
        synonyms.seed_defaults()
        seed_aliases()  # "UU Pemilu"
        docs = {
            "pemilu": make_doc("UU", "7", 2017, "Pemilihan Umum",
                               abstrak="Penyelenggaraan pemilihan umum presiden dan anggota DPR."),
            "pencalonan": make_doc("PKPU", "8", 2024, "Pencalonan kepala daerah",
                                   abstrak="Pendaftaran pasangan calon gubernur dan bupati."),
            "kampanye": make_doc("PKPU", "15", 2023, "Kampanye pemilihan umum",
                                 abstrak="Metode kampanye dan dana kampanye peserta pemilihan umum."),
            "zebra": make_doc("PKPU", "16", 2023, "Pemutakhiran zebra",
                              abstrak="Pemutakhiran data pemilih zebra."),
            "informasi": make_doc("UU", "14", 2008, "Keterbukaan informasi publik",
                                  abstrak="Informasi yang wajib diumumkan, juga masa kampanye."),
            "usia": make_doc("MK", "90/PUU-XXI/2023", 2023, "Pengujian syarat usia calon presiden",
                             abstrak="Pemohon menguji syarat usia minimal."),
            "tersembunyi": make_doc("MK", "91/PUU-XXI/2023", 2023, "Putusan yang belum terbit",
                                    publish=False),
        }
        for ruling in ("usia", "tersembunyi"):
            relations.add("menguji", relations.End.of(docs[ruling]), relations.End.of(docs["pemilu"]),
                          pasal="Pasal 169 huruf q")
        db.session.commit()
        return app, {name: doc.slug for name, doc in docs.items()}


def test_when_not_every_word_matches_the_best_partial_matches_come_with_a_notice(catalogue, client):
    app, slugs = catalogue
    ranked, result = found(app, "kampanye pemilihan umum luar negeri")
    assert result.partial and result.exact_total == 0
    assert ranked[0] == slugs["kampanye"]  # holds three of the five words
    html = client.get("/cari", query_string={"q": "kampanye pemilihan umum luar negeri"}).get_data(as_text=True)
    assert PARTIAL_NOTICE in html
    body = client.get("/api/v1/search", query_string={"q": "kampanye pemilihan umum luar negeri"}).get_json()
    assert body["partial"] is True and body["results"][0]["document"]["slug"] == slugs["kampanye"]
    assert client.get("/api/v1/search", query_string={"q": "keterbukaan"}).get_json()["partial"] is False


def test_a_rarer_word_weighs_more_in_a_partial_match(catalogue):
    app, slugs = catalogue
    ranked, result = found(app, "zebra kampanye")  # no document holds both
    assert result.partial
    assert ranked[0] == slugs["zebra"]  # "zebra" is in one document, "kampanye" in two


def test_documents_holding_every_word_come_first_and_nothing_matching_is_empty(catalogue, client):
    app, slugs = catalogue
    ranked, result = found(app, "kampanye pemilihan umum")  # one holds all, others some
    assert result.partial and result.exact_total == 1
    assert ranked[0] == slugs["kampanye"] and slugs["pemilu"] in ranked
    html = client.get("/cari", query_string={"q": "kampanye pemilihan umum"}).get_data(as_text=True)
    assert "Hanya 1 hasil memuat semua kata" in html
    ranked, result = found(app, "pemutakhiran zebra")  # no document holds only some
    assert ranked == [slugs["zebra"]] and not result.partial
    ranked, result = found(app, "gajah jerapah")
    assert ranked == [] and not result.partial
    html = client.get("/cari", query_string={"q": "gajah jerapah"}).get_data(as_text=True)
    assert PARTIAL_NOTICE not in html and "Tidak ada dokumen yang cocok" in html


def test_everyday_words_and_abbreviations_find_the_formal_terms(catalogue):
    app, slugs = catalogue
    ranked, result = found(app, "paslon cagub")
    assert ranked == [slugs["pencalonan"]] and not result.partial
    assert found(app, "syarat umur capres")[0][0] == slugs["usia"]


def test_a_synonym_staff_add_applies_to_the_next_search_without_reindexing(catalogue, app):
    app, slugs = catalogue
    make_user(app, "editor@uji.id", "editor")
    editor = client_as(app, "editor")
    assert found(app, "belang")[0] == []
    page = editor.get("/staf/kosakata/pencarian").get_data(as_text=True)
    response = editor.post("/staf/kosakata/pencarian", data={
        "term": "Belang", "formal": "zebra, kuda loreng", "csrf_token": csrf_token_from(page)})
    assert response.status_code == 302
    assert found(app, "belang")[0] == [slugs["zebra"]]
    with app.app_context():
        entry = db.session.scalar(select(synonyms.SearchSynonym).where(
            synonyms.SearchSynonym.term == "belang"))
        assert entry.formal == "zebra, kuda loreng"
        audited = db.session.scalar(select(AuditEntry).where(
            AuditEntry.object_type == "search_synonym", AuditEntry.object_id == entry.id))
        assert audited.action == "create" and audited.user_id is not None
        entry_id = entry.id
    response = editor.post(f"/staf/kosakata/pencarian/{entry_id}/hapus",
                           data={"csrf_token": csrf_token_from(page)})
    assert response.status_code == 302
    assert found(app, "belang")[0] == []


def test_a_synonym_form_with_bad_input_explains(catalogue, app):
    app, _ = catalogue
    make_user(app, "editor@uji.id", "editor")
    editor = client_as(app, "editor")
    token = csrf_token_from(editor.get("/staf/kosakata/pencarian").get_data(as_text=True))
    response = editor.post("/staf/kosakata/pencarian", data={
        "term": "paslon", "formal": "pasangan calon", "csrf_token": token})
    assert response.status_code == 422 and "sudah ada" in response.get_data(as_text=True)
    response = editor.post("/staf/kosakata/pencarian", data={
        "term": "satu dua tiga empat", "formal": "x", "csrf_token": token})
    assert response.status_code == 422 and "paling banyak 3 kata" in response.get_data(as_text=True)
    response = editor.post("/staf/kosakata/pencarian", data={"term": "", "formal": "", "csrf_token": token})
    assert response.status_code == 400 and "Istilah wajib diisi." in response.get_data(as_text=True)


def test_question_words_do_not_exclude_a_document(catalogue):
    app, slugs = catalogue
    ranked, result = found(app, "aturan soal keterbukaan informasi")
    assert ranked == [slugs["informasi"]] and not result.partial
    assert found(app, "kapan kampanye pemilihan umum")[0][0] == slugs["kampanye"]
    # Never every word dropped: a query of question words only still requires them.
    assert found(app, "kapan soal")[0] == []


def test_a_pasal_of_a_law_finds_the_rulings_that_reviewed_it(catalogue, client):
    app, slugs = catalogue
    for query in ("uji materi pasal 169 uu 7/2017", "pasal 169 uu pemilu", "pengujian pasal 169 uu 7 2017"):
        ranked, _ = found(app, query)
        assert ranked[0] == slugs["usia"], query
        assert slugs["tersembunyi"] not in ranked, query
    assert slugs["usia"] not in found(app, "uji materi pasal 170 uu 7/2017")[0][:1]
    # A citation with a reviewed pasal lists the rulings instead of opening the law.
    response = client.get("/cari", query_string={"q": "pasal 169 uu 7/2017"})
    assert response.status_code == 200
    assert f"/dokumen/{slugs['usia']}" in response.get_data(as_text=True)
    response = client.get("/cari", query_string={"q": "pasal 170 uu 7/2017"})
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/dokumen/{slugs['pemilu']}")


def test_seed_vocabulary_adds_only_the_missing_defaults(app, runner):
    with app.app_context():
        synonyms.save(None, "paslon", "calon berpasangan")  # staff's own wording is kept
        db.session.commit()
    result = runner.invoke(args=["search", "seed-vocabulary"])
    assert result.exit_code == 0, result.output
    count = len(synonyms.expansion.default_synonyms())
    assert f"{count - 1} padanan bawaan ditambahkan" in result.output
    assert "0 padanan" in runner.invoke(args=["search", "seed-vocabulary"]).output
    with app.app_context():
        assert synonyms.current_synonyms()["paslon"] == ("calon berpasangan",)
