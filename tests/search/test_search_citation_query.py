"""The search box opens a cited document directly."""
from __future__ import annotations

from datetime import date

import pytest

from backends import app_config, database_url, search_backend_name, search_setup  # noqa: F401 (fixtures)
from jdih.catalogue import operations
from jdih.catalogue.vocabulary import jenis_choices
from jdih.extensions import db


@pytest.fixture
def demo(app, runner):
    result = runner.invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    return app


CITATION_QUERIES = [
    ("UU 7/2017", "uu-7-2017"),
    ("uu nomor 7 tahun 2017", "uu-7-2017"),
    ("Undang-Undang No. 7 Tahun 2017", "uu-7-2017"),
    ("PKPU 8 2024", "pkpu-8-2024"),
    ("putusan MK 20/PHPU.BUP-XXIII/2025", "mk-20-phpu-bup-xxiii-2025"),
    ("MK 20/PHPU.BUP-XXIII/2025", "mk-20-phpu-bup-xxiii-2025"),
    ("Keputusan KPU 360/2024", "keputusan-kpu-360-2024"),
    ("UU Pemilu", "uu-7-2017"),
]


def test_citation_queries_open_the_document(demo, client):
    for query, slug in CITATION_QUERIES:
        response = client.get("/cari", query_string={"q": query})
        assert response.status_code == 302, query
        assert response.headers["Location"].endswith(f"/dokumen/{slug}"), query

    response = client.get("/cari", query_string={"q": "pemilihan umum 2017"})
    assert response.status_code == 200
    response = client.get("/cari", query_string={"q": "UU 7/2017", "teks": "1"})
    assert response.status_code == 200


def _uu(number: str, title: str, visibility: str = "public", jenis: str = "UU"):
    jenis_id = next(j.id for j in jenis_choices("peraturan") if j.abbreviation == jenis)
    doc = operations.create_document("peraturan", {
        "jenis_id": jenis_id, "nomor": number, "tahun": 2019, "judul": title,
        "visibility": visibility})
    operations.publish(doc)
    return doc


def test_ambiguous_citation_offers_a_choice(app, client):
    with app.app_context():
        _uu("8", "Standar pengelolaan dokumen hukum", jenis="PERMENKUMHAM")
        _uu("8", "Pedoman pembentukan produk hukum daerah", jenis="PERMENDAGRI")
        db.session.commit()
    response = client.get("/cari", query_string={"q": "Permen 8/2019"})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Beberapa dokumen cocok" in html
    assert "/dokumen/permenkumham-8-2019" in html and "/dokumen/permendagri-8-2019" in html


def test_uncatalogued_citation_lists_the_news_that_cite_it(app, client):
    from jdih.news import operations as news_ops

    with app.app_context():
        news = news_ops.create_news({
            "title": "Sosialisasi aturan baru", "news_date": date(2025, 10, 1), "place": "Semarang",
            "body": "<p>Sesuai Undang-Undang Nomor 99 Tahun 2020 tentang Contoh.</p>",
            "credit": "", "tags": []})
        news_ops.publish(news)
        db.session.commit()
    html = client.get("/cari", query_string={"q": "UU 99/2020"}).get_data(as_text=True)
    assert "UU 99/2020 belum ada di katalog" in html
    assert "Sosialisasi aturan baru" in html


def test_hidden_document_is_not_revealed_by_its_identity(app, client):
    with app.app_context():
        _uu("55", "Rahasia internal", visibility="internal")
        db.session.commit()
    response = client.get("/cari", query_string={"q": "UU 55/2019"})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Rahasia internal" not in html and "/dokumen/uu-55-2019" not in html


def test_a_two_digit_year_opens_the_document_that_exists(demo, client):
    for query in ("uu 7/17", "UU 7 / 17"):
        response = client.get("/cari", query_string={"q": query})
        assert response.status_code == 302, query
        assert response.headers["Location"].endswith("/dokumen/uu-7-2017"), query
    # No such document: an ordinary search, not a guess.
    assert client.get("/cari", query_string={"q": "uu 7/18"}).status_code == 200


def test_a_matching_number_outranks_news_about_the_same_court(demo):
    from jdih.search import service

    with demo.test_request_context():
        result = service.run(service.build_request("putusan mk 20", {}))
    first = result.items[0].row
    assert getattr(first, "slug", None) == "mk-20-phpu-bup-xxiii-2025"
    assert any(item.hit.kind == "news" for item in result.items[1:])
