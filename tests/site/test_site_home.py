"""The home page: what is here and what is new, for whoever reads it.

Every list on it passes the reader policy: a draft, internal or
partner-only document never shows to the public, not even in the most
viewed list; types without documents get no tile; the structured search
form lands on /cari with the filters it names.
"""
from __future__ import annotations

import io
import re
from datetime import date
from urllib.parse import parse_qs, urlsplit

import pytest
from PIL import Image
from sqlalchemy import update
from werkzeug.datastructures import FileStorage

from conftest import client_as, make_user
from jdih.extensions import db
from site_support import add_document, fast_passwords  # noqa: F401


@pytest.fixture(autouse=True)
def _cheap_hashes(fast_passwords):
    pass


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(out, format="PNG")
    return out.getvalue()


def add_news(title: str, *, photo: bool = False, publish: bool = True) -> str:
    from jdih.news import operations

    news = operations.create_news({"title": title, "news_date": date(2025, 10, 24), "body": "<p>Isi.</p>"})
    if photo:
        operations.add_photo(news, FileStorage(io.BytesIO(png()), "foto.png"), "Rapat pleno")
    if publish:
        operations.publish(news)
    db.session.commit()
    return news.slug


def set_views(slug: str, count: int) -> None:
    from jdih.catalogue.models import Document

    db.session.execute(update(Document).where(Document.slug == slug).values(view_count=count))
    db.session.commit()


@pytest.fixture
def world(app):
    """Public, draft, internal and partner regulations, all viewed; a public
    ruling; news with and without a photo, and a draft."""
    make_user(app, "partner@uji.id", "partner")
    with app.test_request_context():
        docs = {name: add_document(judul=f"Peraturan {name} tentang uji", nomor=str(number), state=state,
                                   visibility=visibility)
                for number, (name, state, visibility) in enumerate(
                    (("terbuka", "published", "public"), ("konsep", "draft", "public"),
                     ("dalam", "published", "internal"), ("mitra", "published", "partner")), start=1)}
        docs["putusan"] = add_document("putusan", judul="Putusan terbuka tentang uji", nomor="5/PUU-I/2020")
        for views, name in enumerate(("terbuka", "konsep", "dalam", "mitra"), start=3):
            set_views(docs[name].slug, views)
        news = {"foto": add_news("Berita berfoto", photo=True), "polos": add_news("Berita tanpa foto"),
                "draf": add_news("Berita draf", publish=False)}
    return docs, news


def tiles(html: str) -> dict[str, int]:
    return {label.strip(): int(count)
            for count, label in re.findall(r'<span class="stat">(\d+)</span>([^<]+)</a>', html)}


def test_home_shows_only_what_the_public_may_read(app, client, world):
    docs, news = world
    html = client.get("/").get_data(as_text=True)
    assert "Peraturan terbuka tentang uji" in html and "Putusan terbuka tentang uji" in html
    for hidden in ("konsep", "dalam", "mitra"):
        assert f"Peraturan {hidden} tentang uji" not in html and docs[hidden].slug not in html
    # the most viewed list: the public regulation only, though the others have more views
    viewed = html.split('id="populer-viewed"')[1].split("</section>")[0]
    assert docs["terbuka"].slug in viewed and "3 kali dilihat" in viewed
    assert "Berita berfoto" in html and "Berita tanpa foto" in html and "Berita draf" not in html


def test_partners_see_partner_documents_in_the_latest_list(app, world):
    docs, _ = world
    html = client_as(app, "partner").get("/").get_data(as_text=True)
    latest = html.split('id="terbaru-peraturan"')[1].split("</section>")[0]
    assert "Peraturan mitra tentang uji" in latest and "Peraturan dalam tentang uji" not in latest
    # the rankings are the public figures, whoever reads them
    assert docs["mitra"].slug not in html.split('id="populer-viewed"')[1].split("</section>")[0]


def test_no_zero_tiles(app, client, world):
    assert tiles(client.get("/").get_data(as_text=True)) == {"Peraturan Perundang-undangan": 1, "Putusan": 1}


def test_an_empty_catalogue_says_what_to_do(client):
    html = client.get("/").get_data(as_text=True)
    assert tiles(html) == {} and "Belum ada dokumen yang terbit" in html and "/kontak" in html


def test_news_show_their_photo_or_a_placeholder(app, client, world):
    _, news = world
    html = client.get("/").get_data(as_text=True)
    section = html.split('id="berita-terbaru"')[1].split("</section>")[0]
    photo = re.search(rf'<img src="(/berita/{news["foto"]}/foto/\d+/[^"]+)" alt="Rapat pleno"', section)
    assert photo
    response = client.get(photo.group(1))
    assert response.status_code == 200 and response.mimetype == "image/png"
    response.close()
    assert section.count('class="news-placeholder"') == 1


def test_office_identity_and_jdihn(client):
    html = client.get("/").get_data(as_text=True)
    assert '/static/logo.svg' in html and "Komisi Pemilihan Umum" in html
    assert 'href="https://jdihn.go.id"' in html and 'class="jdihn-badge"' in html


def test_the_structured_form_names_every_filter_and_labels_it(app, client, world):
    html = client.get("/").get_data(as_text=True)
    form = html.split('class="card structured-search"')[1].split("</form>")[0]
    assert form.startswith(' role="search" action="/cari" method="get"')
    for name, field_id in (("jenis", "cari-jenis"), ("nomor", "cari-nomor"), ("tahun", "cari-tahun"),
                           ("status", "cari-status"), ("q", "cari-kata")):
        assert f'id="{field_id}" ' in form and f'name="{name}"' in form
        assert f'<label for="{field_id}">' in form
    assert '<option value="Undang-Undang">' in form and '<option value="Berlaku">' in form


def test_the_structured_form_lands_on_the_search_with_its_filters(app, client):
    with app.test_request_context():
        add_document(judul="Daftar pemilih berkelanjutan", nomor="7", tahun=2017, status="Berlaku")
        add_document(judul="Daftar pemilih khusus", nomor="8", tahun=2017, status="Berlaku")
        add_document(judul="Daftar pemilih lama", nomor="7", tahun=2016, status="Berlaku")
    response = client.get("/cari?jenis=Undang-Undang&nomor=7&tahun=2017&status=Berlaku&q=pemilih")
    assert response.status_code == 302
    target = urlsplit(response.headers["Location"])
    assert target.path == "/cari"
    assert parse_qs(target.query) == {"q": ['pemilih nomor:"7"'], "jenis": ["Undang-Undang"],
                                      "tahun": ["2017"], "status": ["Berlaku"]}
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    # titles come highlighted ("Daftar <mark>pemilih</mark> ..."): their last words tell them apart
    hits = html.split('class="doc-list search-results"')[1].split("</ol>")[0]
    assert "1 hasil" in html and "berkelanjutan" in hits and "khusus" not in hits and "lama" not in hits
    # empty fields ("Semua jenis") are dropped
    empty = client.get("/cari?jenis=&nomor=&tahun=&status=&q=pemilih")
    assert parse_qs(urlsplit(empty.headers["Location"]).query) == {"q": ["pemilih"]}
