"""The document page: metadata, files, the laporan kegiatan photo gallery,
escaping of everything staff typed."""
from __future__ import annotations

import re
from datetime import date

import pytest

from pdfs import make_pdf
from test_catalogue_support import add_document, fast_passwords, make_image, upload  # noqa: F401


@pytest.fixture(autouse=True)
def _cheap_hashes(fast_passwords):
    pass


def _laporan_with_photos(app, photos: int = 3):
    from jdih.catalogue import attachments
    from jdih.catalogue.models import Document
    from jdih.extensions import db

    with app.test_request_context():
        info = add_document("laporan", judul="Sosialisasi PKPU 8/2024", abstrak="Ringkasan kegiatan",
                            tanggal_mulai=date(2024, 5, 2), lokasi="Semarang",
                            attach=("naskah", make_pdf(["laporan"]), "laporan.pdf"))
        doc = db.session.get(Document, info.id)
        for n in range(photos):
            attachments.add_attachment(doc, upload(make_image(size=(60, 40 + n)), f"foto{n}.jpg"), "foto",
                                       title="Pembukaan acara" if n == 0 else None)
        db.session.commit()
    return info


def test_laporan_shows_a_photo_gallery(app, client):
    doc = _laporan_with_photos(app)
    html = client.get(f"/dokumen/{doc.slug}").get_data(as_text=True)
    gallery = re.search(r'<ul class="gallery".*?</ul>', html, re.S).group(0)
    images = re.findall(r'<img src="([^"]+)" alt="([^"]*)"', gallery)
    assert len(images) == 3
    assert images[0][1] == "Pembukaan acara"
    assert all(alt for _, alt in images)  # every photo has a text alternative
    assert images[1][1] == "Foto kegiatan 2: Sosialisasi PKPU 8/2024"
    for src, _ in images:
        response = client.get(src)
        assert response.status_code == 200 and response.mimetype == "image/jpeg"
        response.close()
    assert "<figcaption>" in gallery
    # the report itself is listed as a file, the photos are not repeated there
    files = re.search(r'<ul class="file-list">.*?</ul>', html, re.S).group(0)
    assert "laporan.pdf" in files and "foto0" not in files
    assert "Tempat kegiatan" in html and "Semarang" in html and "2 Mei 2024" in html


def test_regulation_without_files_says_so(app, client):
    with app.test_request_context():
        doc = add_document(nomor="7", tahun=2017)
    html = client.get(f"/dokumen/{doc.slug}").get_data(as_text=True)
    assert "Belum ada berkas" in html and 'class="gallery"' not in html


def test_everything_staff_typed_is_escaped(app, client):
    with app.test_request_context():
        doc = add_document(nomor="7", tahun=2017, judul='<script>alert("judul")</script>',
                           abstrak="<img src=x onerror=alert(1)>", subjects=["<b>tebal</b>"],
                           attach=("naskah", make_pdf(["x"]), "berkas.pdf"))
    for url in (f"/dokumen/{doc.slug}", "/peraturan", "/"):
        html = client.get(url).get_data(as_text=True)
        assert "<script>alert" not in html and "<img src=x" not in html and "<b>tebal" not in html
        assert "&lt;script&gt;" in html


def test_identity_is_shown_as_the_vocabulary_spells_it(app, client):
    from test_catalogue_support import jenis_id

    with app.test_request_context():
        doc = add_document(nomor="360", tahun=2024, judul="Penetapan",
                           jenis_id=jenis_id("peraturan", "Keputusan KPU"))
    html = client.get(f"/dokumen/{doc.slug}").get_data(as_text=True)
    assert "Keputusan KPU 360/2024" in html
    assert doc.slug == "keputusan-kpu-360-2024"
