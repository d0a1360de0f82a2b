"""Moving a document through its workflow: draft, published, withdrawn,
deleted and restored; what readers see at each step."""
from __future__ import annotations

import pytest

from conftest import csrf_token_from
from jdih.extensions import db
from pdfs import make_pdf
from test_catalogue_support import add_document, fast_passwords  # noqa: F401


@pytest.fixture(autouse=True)
def _cheap_hashes(fast_passwords):
    pass


@pytest.fixture
def editor(auth, users):
    auth.login(users["editor"])
    return auth


def act(client, doc_id: int, action: str):
    page = client.get(f"/staf/dokumen/{doc_id}").get_data(as_text=True)
    return client.post(f"/staf/dokumen/{doc_id}/{action}", data={"csrf_token": csrf_token_from(page)},
                       follow_redirects=True)


def public_status(app, slug: str) -> int:
    return app.test_client().get(f"/dokumen/{slug}").status_code


def test_a_document_through_its_life(app, client, editor):
    with app.test_request_context():
        doc = add_document(nomor="7", tahun=2017, state="draft")
    assert public_status(app, doc.slug) == 404
    assert "Dokumen diterbitkan" in act(client, doc.id, "terbitkan").get_data(as_text=True)
    assert public_status(app, doc.slug) == 200
    assert "ditarik menjadi draf" in act(client, doc.id, "tarik").get_data(as_text=True)
    assert public_status(app, doc.slug) == 404
    act(client, doc.id, "terbitkan")
    assert "Dokumen dihapus" in act(client, doc.id, "hapus").get_data(as_text=True)
    assert public_status(app, doc.slug) == 404
    marker = '<span class="identity">UU 7/2017</span>'
    assert marker in client.get("/staf/dokumen?dihapus=1").get_data(as_text=True)
    assert marker not in client.get("/staf/dokumen").get_data(as_text=True)
    assert "Dokumen dipulihkan" in act(client, doc.id, "pulihkan").get_data(as_text=True)
    assert public_status(app, doc.slug) == 200


def test_publishing_keeps_the_first_publication_date(app, client, editor):
    from jdih.catalogue.models import Document

    with app.test_request_context():
        doc = add_document(nomor="7", tahun=2017)
        first = db.session.get(Document, doc.id).published_at
    act(client, doc.id, "tarik")
    act(client, doc.id, "terbitkan")
    with app.app_context():
        assert db.session.get(Document, doc.id).published_at.replace(tzinfo=None) == first.replace(tzinfo=None)


def test_a_deleted_document_cannot_be_published_or_given_files(app, client, editor):
    with app.test_request_context():
        doc = add_document(nomor="7", tahun=2017, state="draft", deleted=True)
    html = act(client, doc.id, "terbitkan").get_data(as_text=True)
    assert "Dokumen yang dihapus tidak dapat diterbitkan" in html
    page = client.get(f"/staf/dokumen/{doc.id}").get_data(as_text=True)
    import io

    response = client.post(f"/staf/dokumen/{doc.id}/lampiran", content_type="multipart/form-data", data={
        "csrf_token": csrf_token_from(page), "role": "naskah",
        "file": (io.BytesIO(make_pdf(["x"])), "x.pdf")})
    assert response.status_code == 422
    assert "tidak dapat diberi lampiran" in response.get_data(as_text=True)
    assert public_status(app, doc.slug) == 404


def test_repeating_a_transition_records_nothing_new(app, client, editor):
    from test_catalogue_support import audit_count

    with app.test_request_context():
        doc = add_document(nomor="7", tahun=2017)
    with app.app_context():
        before = audit_count()
    act(client, doc.id, "terbitkan")  # already published
    with app.app_context():
        assert audit_count() == before


def test_changing_visibility_hides_the_document_and_its_files(app, client, editor):
    with app.test_request_context():
        doc = add_document(nomor="7", tahun=2017, attach=("naskah", make_pdf(["x"]), "x.pdf"))
        from jdih.catalogue.vocabulary import jenis_choices

        uu = next(j.id for j in jenis_choices("peraturan") if j.abbreviation == "UU")
    page = client.get(f"/staf/dokumen/{doc.id}").get_data(as_text=True)
    client.post(f"/staf/dokumen/{doc.id}", data={
        "csrf_token": csrf_token_from(page), "jenis_id": str(uu), "nomor": "7", "tahun": "2017",
        "judul": "Dokumen uji peraturan", "visibility": "internal"})
    reader = app.test_client()
    assert reader.get(f"/dokumen/{doc.slug}").status_code == 404
    response = reader.get(doc.file_url)
    assert response.status_code == 404
    response.close()


def test_bad_form_values_get_indonesian_messages(app, client, editor):
    page = client.get("/staf/dokumen/baru/peraturan").get_data(as_text=True)
    response = client.post("/staf/dokumen/baru/peraturan", data={
        "csrf_token": csrf_token_from(page), "jenis_id": "99999", "tahun": "dua ribu",
        "judul": "", "tanggal_penetapan": "31-02-2017", "visibility": "rahasia"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Judul wajib diisi" in html
    assert "Pilihan tidak valid" in html
    assert "Tanggal tidak valid" in html
    assert "Not a valid" not in html and "This field" not in html


def test_saving_without_changes_says_so_and_records_nothing(app, client, editor):
    from test_catalogue_support import audit_count, jenis_id

    with app.test_request_context():
        doc = add_document(nomor="7", tahun=2017, judul="Pemilu")
        uu = jenis_id("peraturan", "UU")
        before = audit_count()
    page = client.get(f"/staf/dokumen/{doc.id}").get_data(as_text=True)
    response = client.post(f"/staf/dokumen/{doc.id}", follow_redirects=True, data={
        "csrf_token": csrf_token_from(page), "jenis_id": str(uu), "nomor": "7", "tahun": "2017",
        "judul": "Pemilu", "visibility": "public", "bahasa_id": "", "bidang_id": "", "status": ""})
    assert "Tidak ada perubahan" in response.get_data(as_text=True)
    with app.app_context():
        assert audit_count() == before
