"""Uploading files through the staff form: every refusal is explained in
Indonesian and leaves nothing behind (no file, no attachment, stored_file or
attachment_page row); good files are stored under their hash."""
from __future__ import annotations

import hashlib
import io

import pytest
from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.test import encode_multipart

from conftest import csrf_token_from, make_config
from jdih.extensions import db
from pdfs import make_pdf
from test_catalogue_support import (  # noqa: F401 (fast_passwords is a fixture)
    add_document, fast_passwords, files_under, make_image, row_counts,
)

LIMIT_MB = 1


@pytest.fixture
def app_config(database_url, tmp_path):
    return make_config(database_url, tmp_path, MAX_UPLOAD_MB=LIMIT_MB)


@pytest.fixture(autouse=True)
def _cheap_hashes(fast_passwords):
    pass


@pytest.fixture
def docs(app):
    with app.test_request_context():
        return {"peraturan": add_document(nomor="7", tahun=2017, state="draft"),
                "laporan": add_document("laporan", judul="Bimtek", abstrak="Ringkasan", state="draft")}


@pytest.fixture
def editor(auth, users):
    auth.login(users["editor"])
    return auth


def post_file(client, doc_id: int, data: bytes, filename: str, role: str = "naskah"):
    page = client.get(f"/staf/dokumen/{doc_id}").get_data(as_text=True)
    # Encoded in memory: for big bodies the test client would spool to a
    # temporary file it never closes (a ResourceWarning, an error here).
    boundary, body = encode_multipart(MultiDict({
        "csrf_token": csrf_token_from(page), "role": role, "title": "",
        "file": FileStorage(io.BytesIO(data), filename=filename)}))
    return client.post(f"/staf/dokumen/{doc_id}/lampiran", data=body,
                       content_type=f"multipart/form-data; boundary={boundary}")


def state(app) -> tuple[dict[str, int], list[str]]:
    with app.app_context():
        return row_counts(), files_under(app.config["UPLOAD_DIR"])


def _padded_pdf(size: int) -> bytes:
    """A valid PDF of about ``size`` bytes (a comment pads it)."""
    pdf = make_pdf(["besar"])
    return pdf + b"\n%" + b"x" * (size - len(pdf)) + b"\n"


BAD_UPLOADS = {
    "not-a-pdf-named-pdf": (b"<html>bukan pdf</html>", "naskah.pdf", "naskah", "bukan PDF"),
    "pdf-header-but-broken": (b"%PDF-1.7\nsampah", "rusak.pdf", "naskah", "rusak"),
    "empty": (b"", "kosong.pdf", "naskah", "kosong"),
    "over-the-limit": (None, "besar.pdf", "naskah", f"terlalu besar (batas {LIMIT_MB} MB)"),
    "hostile-name-and-not-a-pdf": (b"#!/bin/sh\nrm -rf /", "../../etc/passwd.pdf", "naskah", "Nama berkas tidak diizinkan"),
    "script-name-and-not-a-pdf": (b"<script>alert(1)</script>", "<script>.pdf", "naskah", "Nama berkas tidak diizinkan"),
    "image-as-naskah": (make_image("PNG"), "scan.pdf", "naskah", "bukan PDF"),
    "photo-not-an-image": (make_pdf(["bukan foto"]), "foto.jpg", "foto", "bukan gambar"),
}


@pytest.mark.parametrize("case", BAD_UPLOADS, ids=str)
def test_bad_upload_is_refused_and_leaves_nothing(app, client, editor, docs, case):
    data, filename, role, message = BAD_UPLOADS[case]
    if data is None:
        data = _padded_pdf(LIMIT_MB * 1024 * 1024 + 1000)
    doc = docs["laporan" if role == "foto" else "peraturan"]
    before = state(app)
    response = post_file(client, doc.id, data, filename, role)
    html = response.get_data(as_text=True)
    assert response.status_code in (400, 422)
    assert "Unggahan ditolak" in html and message in html
    assert "<script>alert" not in html
    assert state(app) == before


def test_photo_for_a_regulation_is_refused(app, client, editor, docs):
    before = state(app)
    response = post_file(client, docs["peraturan"].id, make_image("JPEG"), "foto.jpg", "foto")
    assert response.status_code == 422
    assert "Foto hanya untuk laporan kegiatan" in response.get_data(as_text=True)
    assert state(app) == before


def test_request_over_max_content_length_gets_a_clear_413(app, client, editor, docs):
    """Above MAX_CONTENT_LENGTH Flask refuses the request before the form is read."""
    before = state(app)
    doc_id = docs["peraturan"].id
    response = post_file(client, doc_id, _padded_pdf((LIMIT_MB + 2) * 1024 * 1024), "besar.pdf")
    html = response.get_data(as_text=True)
    assert response.status_code == 413
    assert f"Berkas terlalu besar (batas {LIMIT_MB} MB)" in html
    assert f'href="/staf/dokumen/{doc_id}"' in html  # a way back to the form
    assert state(app) == before


def test_413_for_machines_is_json(app, client, editor, docs):
    response = client.post(f"/staf/dokumen/{docs['peraturan'].id}/lampiran",
                           data=b"x" * ((LIMIT_MB + 2) * 1024 * 1024),
                           headers={"Accept": "application/json", "Content-Type": "application/pdf"})
    assert response.status_code == 413
    assert response.json["error"]["code"] == "too_large"


@pytest.mark.parametrize("image_format,extension", [("JPEG", ".jpg"), ("PNG", ".png")])
def test_photo_for_a_laporan_is_accepted(app, client, editor, docs, image_format, extension):
    data = make_image(image_format)
    response = post_file(client, docs["laporan"].id, data, "foto kegiatan" + extension, "foto")
    assert response.status_code == 302, response.get_data(as_text=True)
    counts, files = state(app)
    sha = hashlib.sha256(data).hexdigest()
    assert files == [f"{sha[:2]}/{sha}"]
    assert counts == {"attachment": 1, "stored_file": 1, "attachment_page": 0}
    with app.app_context():
        from jdih.catalogue.models import Attachment

        attachment = db.session.scalars(db.select(Attachment)).one()
        assert attachment.filename == "foto_kegiatan" + extension
        assert attachment.content_type == f"image/{image_format.lower()}"


def test_pdf_is_stored_with_its_pages(app, client, editor, docs):
    pdf = make_pdf(["Halaman satu", "Halaman dua"])
    response = post_file(client, docs["peraturan"].id, pdf, "uu.pdf")
    assert response.status_code == 302
    counts, files = state(app)
    assert counts == {"attachment": 1, "stored_file": 1, "attachment_page": 2}
    sha = hashlib.sha256(pdf).hexdigest()
    assert files == [f"{sha[:2]}/{sha}"]


@pytest.mark.parametrize("hostile", ["../../etc/passwd.pdf", "<script>.pdf", "naskah\x00.pdf",
                                     "laporan|rm.pdf"])
def test_hostile_name_on_a_good_pdf_is_refused(app, client, editor, docs, hostile):
    """Even with good content, a name that climbs directories or carries
    markup is refused with a clear message and nothing is stored."""
    pdf = make_pdf(["isi yang sah"])
    response = post_file(client, docs["peraturan"].id, pdf, hostile)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Nama berkas tidak diizinkan" in html
    assert "<script>.pdf" not in html
    counts, files = state(app)
    assert counts == {"attachment": 0, "stored_file": 0, "attachment_page": 0}
    assert files == []


@pytest.mark.parametrize("name,offered", [("UU 7 Tahun 2017 (salinan).pdf", "UU_7_Tahun_2017_salinan.pdf"),
                                          ("Undang-Undang Pemilu.PDF", "Undang-Undang_Pemilu.pdf")])
def test_ordinary_names_are_kept_readable(app, client, editor, docs, name, offered):
    pdf = make_pdf(["isi"])
    doc = docs["peraturan"]
    assert post_file(client, doc.id, pdf, name).status_code == 302
    assert offered in client.get(f"/staf/dokumen/{doc.id}").get_data(as_text=True)


def test_the_same_file_twice_is_stored_once(app, client, editor, docs):
    pdf = make_pdf(["sama"])
    assert post_file(client, docs["peraturan"].id, pdf, "a.pdf").status_code == 302
    assert post_file(client, docs["peraturan"].id, pdf, "b.pdf", role="lampiran").status_code == 302
    counts, files = state(app)
    assert counts["attachment"] == 2 and counts["stored_file"] == 1 and len(files) == 1


def test_upload_without_a_file_is_refused(app, client, editor, docs):
    page = client.get(f"/staf/dokumen/{docs['peraturan'].id}").get_data(as_text=True)
    response = client.post(f"/staf/dokumen/{docs['peraturan'].id}/lampiran", data={
        "csrf_token": csrf_token_from(page), "role": "naskah"}, content_type="multipart/form-data")
    assert response.status_code == 400
    assert "Pilih berkas untuk diunggah" in response.get_data(as_text=True)


def test_a_failed_commit_removes_the_file_it_wrote(app, docs):
    """If the transaction that needed a new file rolls back, the file goes too."""
    from jdih.catalogue import attachments
    from jdih.catalogue.models import Document
    from test_catalogue_support import upload

    with app.test_request_context():
        doc = db.session.get(Document, docs["peraturan"].id)
        attachments.add_attachment(doc, upload(make_pdf(["batal"]), "batal.pdf"), "naskah")
        assert len(files_under(app.config["UPLOAD_DIR"])) == 1
        db.session.rollback()
        assert files_under(app.config["UPLOAD_DIR"]) == []
