"""Search through the app: the index follows every committed change, and
readers only ever see what they may open."""
from __future__ import annotations

import io
import re

import pytest

from conftest import csrf_token_from
from backends import app_config, database_url, search_backend_name, search_setup  # noqa: F401 (fixtures)
from jdih.catalogue import operations
from jdih.catalogue.vocabulary import jenis_choices
from jdih.extensions import db
from jdih.search import service
from pdfs import make_pdf


def jenis_id(abbreviation: str, doc_type: str = "peraturan") -> int:
    return next(j.id for j in jenis_choices(doc_type) if j.abbreviation == abbreviation)


def new_document(nomor: str, judul: str, *, tahun: int = 2020, publish: bool = True,
                 visibility: str = "public", abstrak: str = "", subjects=(), abbreviation="UU"):
    doc = operations.create_document("peraturan", {
        "jenis_id": jenis_id(abbreviation), "nomor": nomor, "tahun": tahun, "judul": judul,
        "abstrak": abstrak, "visibility": visibility, "subjects": list(subjects)})
    if publish:
        operations.publish(doc)
    return doc


def keys_found(app, query: str, **kwargs) -> list[str]:
    with app.test_request_context():
        request = service.build_request(query, kwargs.pop("filters", {}), **kwargs)
        return [hit.key for hit in service.get_backend().search(request).hits]


def result_count(html: str) -> int:
    return int(re.search(r"(\d+) hasil", html).group(1))


def test_committed_create_is_found_and_rollback_is_not(app):
    with app.app_context():
        doc = new_document("11", "Keterbukaan informasi publik badan")
        db.session.commit()
        kept = doc.id
        new_document("12", "Pengelolaan arsip rahasia negara")
        db.session.rollback()
        assert keys_found(app, "keterbukaan") == [f"document:{kept}"]
        assert keys_found(app, "arsip rahasia") == []


def test_index_rows_commit_with_the_change(app, search_backend_name):
    """PostgreSQL: the index rows are written in the committing transaction
    (the outbox stays empty). Whoosh: the commit queues the key for a drain."""
    from jdih.search import outbox

    service.set_drain_requester(app, lambda: None)  # nobody drains
    with app.app_context():
        doc = new_document("10", "Penggantian antarwaktu anggota")
        db.session.commit()
        if search_backend_name == "postgres":
            assert outbox.backlog(db.session) == 0
            assert keys_found(app, "antarwaktu") == [f"document:{doc.id}"]
        else:
            queued = outbox.backlog(db.session)
            assert queued >= 1
            assert keys_found(app, "antarwaktu") == []
            assert service.drain(app) == queued
            assert keys_found(app, "antarwaktu") == [f"document:{doc.id}"]


def test_flushed_before_commit_is_indexed(app):
    with app.app_context():
        doc = new_document("13", "Pemungutan suara ulang")
        db.session.flush()
        doc.judul = "Pemungutan suara ulang di luar negeri"
        db.session.flush()
        db.session.commit()
        assert keys_found(app, '"luar negeri"') == [f"document:{doc.id}"]


@pytest.mark.parametrize("change, visible", [
    (operations.unpublish, False), (operations.delete, False)])
def test_workflow_changes_reach_the_index(app, change, visible):
    with app.app_context():
        doc = new_document("14", "Kampanye pemilihan kepala daerah")
        db.session.commit()
        assert keys_found(app, "kampanye") == [f"document:{doc.id}"]
        change(doc)
        db.session.commit()
        assert (keys_found(app, "kampanye") != []) is visible
        operations.restore(doc) if change is operations.delete else operations.publish(doc)
        db.session.commit()
        assert keys_found(app, "kampanye") == [f"document:{doc.id}"]


def test_title_match_outranks_pdf_match(app, client, auth, users):
    with app.app_context():
        deep = new_document("15", "Tata cara penyusunan anggaran")
        title = new_document("16", "Dana kampanye peserta pemilu")
        db.session.commit()
        deep_id, title_id = deep.id, title.id
    auth.login(users["editor"])
    page = client.get(f"/staf/dokumen/{deep_id}").get_data(as_text=True)
    pdf = make_pdf(["Ketentuan umum", "Laporan dana kampanye wajib diaudit"])
    response = client.post(f"/staf/dokumen/{deep_id}/lampiran", data={
        "csrf_token": csrf_token_from(page), "role": "naskah",
        "file": (io.BytesIO(pdf), "naskah.pdf")}, content_type="multipart/form-data")
    assert response.status_code == 302
    assert keys_found(app, "dana kampanye") == [f"document:{title_id}", f"document:{deep_id}"]
    html = client.get("/cari", query_string={"q": "diaudit"}).get_data(as_text=True)
    assert "Halaman 2" in html and "#page=2" in html
    assert "<mark>diaudit</mark>" in html


def test_anonymous_search_reveals_nothing_internal(app, client):
    with app.app_context():
        new_document("17", "Rapat pleno terbuka rekapitulasi", subjects=["Rekapitulasi"])
        new_document("18", "Rapat rahasia zonasi logistik", visibility="internal",
                     subjects=["Zonasi"], abstrak="zonasi gudang logistik")
        new_document("19", "Rancangan draf zonasi", publish=False)
        db.session.commit()
    html = client.get("/cari", query_string={"q": "rapat"}).get_data(as_text=True)
    assert result_count(html) == 1
    assert "rahasia" not in html.lower() and "Zonasi" not in html
    html = client.get("/cari", query_string={"q": "zonasi"}).get_data(as_text=True)
    assert result_count(html) == 0 and "zonasi gudang" not in html
    # a misspelling of an internal-only word gets no suggestion either
    html = client.get("/cari", query_string={"q": "zonsi"}).get_data(as_text=True)
    assert "Mungkin maksud Anda" not in html and result_count(html) == 0


def test_partner_sees_partner_records(app, client, auth, users):
    with app.app_context():
        new_document("20", "Pedoman pengawasan bersama", visibility="partner")
        db.session.commit()
    assert result_count(client.get("/cari?q=pengawasan").get_data(as_text=True)) == 0
    auth.login(users["partner"])
    assert result_count(client.get("/cari?q=pengawasan").get_data(as_text=True)) == 1


def test_facet_counts_equal_database_counts(app, client):
    from sqlalchemy import func, select

    from jdih.catalogue.models import Document

    with app.app_context():
        for n, year in enumerate([2017, 2017, 2019, 2020, 2020, 2020]):
            new_document(str(30 + n), f"Pemilihan umum bagian {n}", tahun=year)
        new_document("99", "Pemilihan umum rahasia", tahun=2017, visibility="internal")
        db.session.commit()
        expected = dict(db.session.execute(
            select(Document.tahun, func.count()).where(
                Document.visibility == "public", Document.state == "published")
            .group_by(Document.tahun)).all())
        request = service.build_request("pemilihan", {})
        facets = dict(service.get_backend().search(request).facets["tahun"])
    assert {int(k): v for k, v in facets.items()} == expected
    html = client.get("/cari", query_string=[("q", "pemilihan"), ("tahun", "2017"), ("tahun", "2019")]).get_data(as_text=True)
    assert result_count(html) == 3


def test_malformed_queries_never_error(app, client):
    with app.app_context():
        new_document("21", "Pemilihan umum")
        db.session.commit()
    for query in ['"unbalanced', "AND OR NOT", "tahun:..", "judul:", "((((", "-", "*", "x" * 5000,
                  "nomor:7/2017 OR", "tahun:abc..def", "\x01\x02", "jenis:\"", "subjek:("]:
        assert client.get("/cari", query_string={"q": query}).status_code == 200
    # A NUL byte never reaches the database: refused with a message, not an error.
    refused = client.get("/cari", query_string={"q": "\x00\x01"})
    assert refused.status_code == 400
    assert "karakter" in refused.get_data(as_text=True).lower()


def test_crash_between_commit_and_index_heals(app, monkeypatch, search_backend_name):
    with app.app_context():
        backend = service.get_backend()
        original = backend.index

        def broken(records, **kwargs):
            raise OSError("disk gone")

        monkeypatch.setattr(backend, "index", broken)
        doc = new_document("22", "Sengketa proses pemilu")
        if search_backend_name == "postgres":
            # No window to crash in: the index rows are part of the commit,
            # so a failed index write undoes the change with it.
            with pytest.raises(OSError):
                db.session.commit()
            db.session.rollback()
            doc = new_document("22", "Sengketa proses pemilu")
        else:
            db.session.commit()  # the commit stands; the index write failed
        assert keys_found(app, "sengketa") == []
        monkeypatch.setattr(backend, "index", original)
        new_document("23", "Daftar pemilih tetap")
        db.session.commit()  # the next drain (or this transaction) carries it
        assert keys_found(app, "sengketa") == [f"document:{doc.id}"]


def test_a_search_heals_what_a_failed_drain_left(app, client, monkeypatch):
    with app.app_context():
        doc = new_document("26", "Verifikasi faktual partai")
        db.session.commit()
        backend = service.get_backend()
        backend.remove([f"document:{doc.id}"])  # the index lost it ...
        monkeypatch.setattr(backend, "index", lambda records, **kwargs: 1 / 0)
        service.outbox.enqueue(db.session, [f"document:{doc.id}"])
        db.session.commit()  # ... and the drain of its queued key failed
        monkeypatch.undo()
        assert service.outbox.backlog(db.session) == 1
        db.session.execute(service.outbox.SearchOutbox.__table__.update().values(
            enqueued_at=service.outbox.utcnow() - __import__("datetime").timedelta(seconds=10)))
        db.session.commit()
    html = client.get("/cari", query_string={"q": "verifikasi faktual"}).get_data(as_text=True)
    assert result_count(html) == 1


def test_verify_reports_and_fixes_a_damaged_index(app, runner):
    with app.app_context():
        doc = new_document("24", "Penataan daerah pemilihan")
        other = new_document("25", "Alat peraga kampanye")
        db.session.commit()
        backend = service.get_backend()
        backend.remove([f"document:{doc.id}"])
        stale = service.records.load_records(db.session, [f"document:{other.id}"])[0][0]
        stale.title = "Judul lama"
        backend.index([stale])
        ghost = service.records.SearchRecord(key="document:9999", kind="document", title="Hantu")
        backend.index([ghost])
    result = runner.invoke(args=["search", "verify"])
    assert result.exit_code == 1
    assert f"hilang\tdocument:{doc.id}" in result.output
    assert f"usang\tdocument:{other.id}" in result.output
    assert "berlebih\tdocument:9999" in result.output
    assert runner.invoke(args=["search", "verify", "--fix"]).exit_code == 0
    assert runner.invoke(args=["search", "verify"]).exit_code == 0


def test_reindex_swaps_in_a_complete_index(app, runner):
    with app.app_context():
        for n in range(5):
            new_document(str(40 + n), f"Peraturan tahapan {n}")
        db.session.commit()
    result = runner.invoke(args=["search", "reindex"])
    assert result.exit_code == 0, result.output
    assert "5 entri" in result.output
    assert len(keys_found(app, "tahapan")) == 5


def test_news_items_are_searchable_and_drafts_are_not(app, client):
    from datetime import date

    from jdih.news import operations as news_ops

    with app.app_context():
        news = news_ops.create_news({"title": "Rapat koordinasi arsip digital", "news_date": date(2025, 10, 21),
                                     "place": "Semarang", "body": "<p>Pemindaian formulir C-Hasil.</p>"})
        news_ops.publish(news)
        news_ops.create_news({"title": "Draf rencana arsip", "news_date": date(2025, 10, 22),
                              "body": "<p>Belum terbit.</p>"})
        db.session.commit()
        slug = news.slug
    html = client.get("/cari", query_string={"q": "arsip"}).get_data(as_text=True)
    assert result_count(html) == 1
    assert f"/berita/{slug}" in html and "Draf rencana" not in html
    html = client.get("/cari", query_string={"q": "pemindaian", "tipe": "berita"}).get_data(as_text=True)
    assert result_count(html) == 1


def test_status_facet_follows_relations(app, client):
    from jdih.relations import operations as relations

    with app.app_context():
        old = new_document("42", "Pemilihan umum anggota legislatif", tahun=2008)
        old.status = "Berlaku"
        new = new_document("7", "Pemilihan umum serentak", tahun=2017, publish=False)
        db.session.commit()
        relations.add("mencabut", relations.End.of(new), relations.End.of(old))
        db.session.commit()
        # the revoking law is a draft: the old one is still in force
        request = service.build_request("pemilihan", {"status": ["Tidak Berlaku"]})
        assert service.get_backend().search(request).total == 0
        operations.publish(new)
        db.session.commit()
        assert [hit.key for hit in service.get_backend().search(request).hits] == [f"document:{old.id}"]
        operations.delete(new)
        db.session.commit()
        assert service.get_backend().search(request).total == 0
