"""Sharing a document page: OpenGraph and Twitter tags, the WhatsApp link,
the QR code route (behind the reader policy), the framed PDF preview, and
"Dokumen terkait" (only what the reader may read)."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from urllib.parse import quote

import pytest
from sqlalchemy import select

from conftest import client_as, make_user
from jdih.extensions import db
from pdfs import make_pdf
from test_catalogue_support import add_document, make_image

SITE_URL = "https://jdih.contoh.go.id"


@pytest.fixture
def app_config(app_config):
    return {**app_config, "SITE_URL": SITE_URL + "/", "OFFICE_NAME": "KPU Kota Contoh"}


class MetaTags(HTMLParser):
    def __init__(self, html: str):
        super().__init__()
        self.tags: dict[str, str] = {}
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        key = attrs.get("property") or attrs.get("name")
        if tag == "meta" and key:
            self.tags[key] = attrs.get("content", "")
        if tag == "link" and attrs.get("rel") == "canonical":
            self.tags["canonical"] = attrs["href"]


def test_a_shared_link_carries_title_identity_status_and_office(app, client):
    with app.test_request_context():
        doc = add_document(nomor="7", tahun=2017, judul="Pemilihan Umum", status="Berlaku",
                           attach=("naskah", make_pdf(["UU 7/2017"]), "uu.pdf"))
    html = client.get(f"/dokumen/{doc.slug}").get_data(as_text=True)
    tags = MetaTags(html).tags
    url = f"{SITE_URL}/dokumen/{doc.slug}"
    assert tags["og:url"] == tags["canonical"] == url
    assert tags["og:type"] == "article" and tags["og:site_name"] == "JDIH KPU"
    assert tags["og:title"] == "UU 7/2017 — Pemilihan Umum" == tags["twitter:title"]
    description = tags["og:description"]
    assert description == tags["twitter:description"] == tags["description"]
    assert "UU 7/2017" in description and "Status: Berlaku" in description and "KPU Kota Contoh" in description
    assert tags["twitter:card"] == "summary" and "og:image" not in tags
    whatsapp = re.search(r'href="(https://wa\.me/\?text=[^"]+)"', html).group(1)
    assert quote(url, safe="") in whatsapp
    assert f'value="{url}" readonly' in html


def test_a_report_with_photos_previews_its_first_photo(app, client):
    with app.test_request_context():
        doc = add_document("laporan", judul="Rapat koordinasi", attach=("foto", make_image(), "rapat.jpg"))
    tags = MetaTags(client.get(f"/dokumen/{doc.slug}").get_data(as_text=True)).tags
    assert tags["og:image"] == f"{SITE_URL}{doc.file_url}" == tags["twitter:image"]
    assert tags["twitter:card"] == "summary_large_image"


def test_the_qr_code_is_an_svg_of_the_canonical_address(app, client):
    from jdih.catalogue.sharing import qr_svg

    with app.test_request_context():
        doc = add_document(nomor="7", tahun=2017)
    response = client.get(f"/dokumen/{doc.slug}/qr.svg")
    assert response.status_code == 200 and response.mimetype == "image/svg+xml"
    assert response.headers["Cache-Control"] in ("public, max-age=86400", "max-age=86400, public")
    root = ET.fromstring(response.data)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    # the same symbol segno draws for the canonical address, and not for another one
    assert response.data == qr_svg(f"{SITE_URL}/dokumen/{doc.slug}")
    assert response.data != qr_svg(f"http://localhost/dokumen/{doc.slug}")
    assert f'src="/dokumen/{doc.slug}/qr.svg"' in client.get(f"/dokumen/{doc.slug}").get_data(as_text=True)


@pytest.mark.parametrize("kind", ["draft", "internal", "partner", "deleted"])
def test_no_qr_code_for_a_document_the_reader_may_not_read(app, client, kind):
    make_user(app, "partner@uji.id", "partner")
    values = {"draft": {"state": "draft"}, "internal": {"visibility": "internal"},
              "partner": {"visibility": "partner"}, "deleted": {"deleted": True}}[kind]
    with app.test_request_context():
        doc = add_document(nomor="9", tahun=2019, **values)
    assert client.get(f"/dokumen/{doc.slug}/qr.svg").status_code == 404
    if kind == "partner":
        response = client_as(app, "partner").get(f"/dokumen/{doc.slug}/qr.svg")
        assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"


def test_the_pdf_preview_is_framed_by_this_site_only_and_not_counted(app, client):
    from jdih.catalogue.models import Attachment

    with app.test_request_context():
        doc = add_document(nomor="7", tahun=2017, attach=("naskah", make_pdf(["UU 7/2017"]), "uu.pdf"))
    html = client.get(f"/dokumen/{doc.slug}").get_data(as_text=True)
    frame = re.search(r'<iframe class="pdf-frame" src="([^"]+)"', html).group(1)
    assert frame == f"{doc.file_url}?pratinjau=1" and f'href="{doc.file_url}?unduh=1"' in html
    preview = client.get(frame)
    assert preview.status_code == 200 and preview.headers["X-Frame-Options"] == "SAMEORIGIN"
    assert "frame-ancestors 'self'" in preview.headers["Content-Security-Policy"]
    preview.close()
    downloaded = client.get(f"{doc.file_url}?unduh=1")
    assert downloaded.headers["X-Frame-Options"] == "DENY"
    downloaded.close()
    with app.app_context():
        assert db.session.scalar(select(Attachment.download_count).where(Attachment.id == doc.attachment_id)) == 1


def related_titles(html: str) -> list[str]:
    section = html.split('id="dokumen-terkait"')[1].split("</section>")[0]
    return re.findall(r"— ([^<]+)</a>", section)


def test_related_documents_follow_the_reader_policy(app, client):
    from jdih.catalogue.models import Document
    from jdih.relations import operations as relations

    make_user(app, "partner@uji.id", "partner")
    with app.test_request_context():
        main = add_document(nomor="7", tahun=2017, judul="Pokok", subjects=["Pemilu", "Kampanye"])
        add_document(nomor="1", tahun=2018, judul="Sesubjek dua", subjects=["Pemilu", "Kampanye"])
        add_document(nomor="2", tahun=2019, judul="Sesubjek satu", subjects=["Kampanye"])
        add_document(nomor="3", tahun=2020, judul="Sesubjek internal", subjects=["Pemilu"], visibility="internal")
        add_document(nomor="4", tahun=2020, judul="Sesubjek draf", subjects=["Pemilu"], state="draft")
        partner = add_document(nomor="5", tahun=2021, judul="Pencabut mitra", visibility="partner")
        amending = add_document(nomor="6", tahun=2022, judul="Pengubah terbuka")
        add_document(nomor="8", tahun=2022, judul="Tak terkait", subjects=["Pilkada"])
        get = lambda info: db.session.get(Document, info.id)  # noqa: E731
        relations.add("mencabut", relations.End.of(get(partner)), relations.End.of(get(main)))
        relations.add("mengubah", relations.End.of(get(amending)), relations.End.of(get(main)))
        db.session.commit()
    public = related_titles(client.get(f"/dokumen/{main.slug}").get_data(as_text=True))
    assert public == ["Pengubah terbuka", "Sesubjek dua", "Sesubjek satu"]
    partner_view = related_titles(client_as(app, "partner").get(f"/dokumen/{main.slug}").get_data(as_text=True))
    assert partner_view == ["Pengubah terbuka", "Pencabut mitra", "Sesubjek dua", "Sesubjek satu"]
    html = client.get(f"/dokumen/{main.slug}").get_data(as_text=True)
    assert "mengubah dokumen ini" in html and "Subjek sama: Kampanye, Pemilu" in html


def test_related_documents_stop_at_six(app, client):
    with app.test_request_context():
        main = add_document(nomor="7", tahun=2017, judul="Pokok", subjects=["Pemilu"])
        for number in range(10, 19):
            add_document(nomor=str(number), tahun=2018, judul=f"Lain {number}", subjects=["Pemilu"])
    assert len(related_titles(client.get(f"/dokumen/{main.slug}").get_data(as_text=True))) == 6


def test_a_partner_badge_is_explained(app):
    make_user(app, "partner@uji.id", "partner")
    with app.test_request_context():
        doc = add_document(nomor="5", tahun=2021, visibility="partner")
    html = client_as(app, "partner").get(f"/dokumen/{doc.slug}").get_data(as_text=True)
    assert "(khusus mitra kerja: hanya akun mitra dan staf yang dapat membaca)" in html
    assert 'class="note-partner"' in html
