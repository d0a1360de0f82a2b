"""Atom feeds of new documents (all and per type) and of news."""
from __future__ import annotations

import xml.etree.ElementTree as ET

from api_helpers import make_document

ATOM = "{http://www.w3.org/2005/Atom}"


def entries(response) -> list[ET.Element]:
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == "application/atom+xml"
    root = ET.fromstring(response.data)
    assert root.tag == f"{ATOM}feed"
    assert root.find(f"{ATOM}id").text and root.find(f"{ATOM}updated").text
    return root.findall(f"{ATOM}entry")


def titles(response) -> list[str]:
    return [entry.find(f"{ATOM}title").text for entry in entries(response)]


def test_documents_feed_lists_published_public_documents_escaped(app, client):
    make_document(app, judul="Tata cara <b>kampanye</b> & \"iklan\"\x0b", nomor="1")
    make_document(app, judul="Draf", nomor="2", publish=False)
    make_document(app, judul="Mitra", nomor="3", visibility="partner")
    make_document(app, "putusan", judul="Perselisihan hasil", nomor="5/PHPU.BUP-XXIII/2025", tahun=2025)
    found = titles(client.get("/feed/dokumen.atom"))
    assert len(found) == 2
    assert any("Tata cara <b>kampanye</b> & \"iklan\"" in title for title in found)
    assert b"<b>" not in client.get("/feed/dokumen.atom").data  # escaped, not markup
    link = entries(client.get("/feed/dokumen.atom"))[0].find(f"{ATOM}link").get("href")
    assert link.startswith("http://localhost/dokumen/")


def test_per_type_feed(app, client):
    make_document(app, judul="Undang-undang", nomor="1")
    make_document(app, "putusan", judul="Perselisihan hasil", nomor="5/PHPU.BUP-XXIII/2025", tahun=2025)
    assert len(titles(client.get("/feed/dokumen/putusan.atom"))) == 1
    assert titles(client.get("/feed/dokumen/monografi.atom")) == []
    assert client.get("/feed/dokumen/resep.atom").status_code == 404


def test_feed_revalidates(app, client):
    make_document(app, judul="Satu", nomor="1")
    first = client.get("/feed/dokumen.atom")
    assert client.get("/feed/dokumen.atom", headers={"If-None-Match": first.headers["ETag"]}).status_code == 304
    make_document(app, judul="Dua", nomor="2")
    assert client.get("/feed/dokumen.atom", headers={"If-None-Match": first.headers["ETag"]}).status_code == 200


def test_news_feed(client, runner):
    assert runner.invoke(args=["demo", "load"]).exit_code == 0
    assert len(titles(client.get("/feed/berita.atom"))) > 3


def test_pages_advertise_the_feeds(client):
    html = client.get("/").get_data(as_text=True)
    assert 'type="application/atom+xml"' in html and "/feed/dokumen.atom" in html
