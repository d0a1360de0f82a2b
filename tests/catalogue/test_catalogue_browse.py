"""Browse pages and the staff list: filters, pagination, facets; view and
download counters."""
from __future__ import annotations

import re

import pytest

from jdih.extensions import db
from pdfs import make_pdf
from test_catalogue_support import add_document, fast_passwords, jenis_id, make_image  # noqa: F401


@pytest.fixture(autouse=True)
def _cheap_hashes(fast_passwords):
    pass


@pytest.fixture
def catalogue(app):
    """Five public regulations (3 UU, 2 PKPU), one draft, one partner-only, one deleted."""
    app.config["PAGE_SIZE"] = 2
    with app.test_request_context():
        pkpu = jenis_id("peraturan", "PKPU")
        made = {
            "uu2017": add_document(nomor="7", tahun=2017, judul="Pemilihan Umum"),
            "uu2016": add_document(nomor="10", tahun=2016, judul="Pilkada"),
            "uu2009": add_document(nomor="43", tahun=2009, judul="Kearsipan"),
            "pkpu2024": add_document(nomor="8", tahun=2024, judul="Pencalonan", jenis_id=pkpu),
            "pkpu2017": add_document(nomor="3", tahun=2017, judul="Kampanye", jenis_id=pkpu),
            "draft": add_document(nomor="1", tahun=2017, judul="Rancangan", state="draft"),
            "partner": add_document(nomor="2", tahun=2017, judul="Untuk Bawaslu", visibility="partner"),
            "deleted": add_document(nomor="3", tahun=2017, judul="Dicabut", deleted=True),
        }
    return made


def titles(html: str) -> list[str]:
    return re.findall(r'<a href="/dokumen/[^"]+">(?:<span class="identity">[^<]*</span> — )?([^<]+)</a>', html)


def all_pages(client, url: str) -> list[str]:
    found, page = [], 1
    while True:
        html = client.get(f"{url}{'&' if '?' in url else '?'}page={page}").get_data(as_text=True)
        found += titles(html)
        if 'rel="next"' not in html:
            return found
        page += 1


def test_browse_paginates_what_the_reader_may_see(client, catalogue):
    first = client.get("/peraturan").get_data(as_text=True)
    assert "Halaman 1 dari 3 (5 data)" in first
    assert titles(first) == ["Pencalonan", "Kampanye"]  # newest year first, then newest record
    assert sorted(all_pages(client, "/peraturan")) == sorted(
        ["Pemilihan Umum", "Pilkada", "Kearsipan", "Pencalonan", "Kampanye"])
    beyond = client.get("/peraturan?page=99")
    assert beyond.status_code == 200 and "Belum ada dokumen" in beyond.get_data(as_text=True)
    assert client.get("/peraturan?page=abc").status_code == 200


def test_partners_also_see_partner_records(client, auth, users, catalogue):
    auth.login(users["partner"])
    assert "Untuk Bawaslu" in all_pages(client, "/peraturan")
    assert "Rancangan" not in all_pages(client, "/peraturan")


def test_browse_filters_by_jenis_and_year(app, client, catalogue):
    with app.app_context():
        pkpu = jenis_id("peraturan", "PKPU")
    assert sorted(all_pages(client, f"/peraturan?jenis={pkpu}")) == ["Kampanye", "Pencalonan"]
    assert sorted(all_pages(client, "/peraturan?tahun=2017")) == ["Kampanye", "Pemilihan Umum"]
    assert all_pages(client, f"/peraturan?jenis={pkpu}&tahun=2017") == ["Kampanye"]
    assert all_pages(client, "/peraturan?tahun=1900") == []


def test_facets_count_only_visible_records(app, client, catalogue):
    html = client.get("/peraturan").get_data(as_text=True)
    assert re.search(r">Undang-Undang</a> \(3\)", html)
    assert re.search(r">Peraturan Komisi Pemilihan Umum</a> \(2\)", html)
    assert re.search(r">2017</a> \(2\)", html)  # the draft, partner and deleted 2017 records are not counted
    with app.app_context():
        pkpu = jenis_id("peraturan", "PKPU")
    narrowed = client.get(f"/peraturan?jenis={pkpu}").get_data(as_text=True)
    assert re.search(r">2017</a> \(1\)", narrowed) and ">2016</a>" not in narrowed
    assert 'aria-current="true">Peraturan Komisi Pemilihan Umum' in narrowed


def test_filter_links_keep_the_other_filter_and_reset_the_page(app, client, catalogue):
    html = client.get("/peraturan?tahun=2017&page=2").get_data(as_text=True)
    with app.app_context():
        uu = jenis_id("peraturan", "UU")
    assert f'href="/peraturan?tahun=2017&amp;jenis={uu}"' in html


def test_home_counts_and_latest(client, catalogue):
    html = client.get("/").get_data(as_text=True)
    assert re.search(r'<span class="stat">5</span>\s*Peraturan Perundang-undangan', html)
    assert "Rancangan" not in html and "Dicabut" not in html and "Untuk Bawaslu" not in html


@pytest.mark.parametrize("query,expected", [
    ("", ["Pemilihan Umum", "Pilkada", "Kearsipan", "Pencalonan", "Kampanye", "Rancangan", "Untuk Bawaslu"]),
    ("?status=draft", ["Rancangan"]),
    ("?status=published&visibilitas=partner", ["Untuk Bawaslu"]),
    ("?dihapus=1", ["Dicabut"]),
    ("?tahun=2016", ["Pilkada"]),
    ("?q=kampanye", ["Kampanye"]),
    ("?q=UU%207/2017", ["Pemilihan Umum"]),
    ("?tipe=putusan", []),
    ("?tipe=bukan&status=bukan", ["Pemilihan Umum", "Pilkada", "Kearsipan", "Pencalonan", "Kampanye",
                                  "Rancangan", "Untuk Bawaslu"]),
])
def test_staff_list_filters_and_paginates(client, auth, users, catalogue, query, expected):
    auth.login(users["editor"])
    found = []
    page = 1
    while True:
        separator = "&" if query else "?"
        html = client.get(f"/staf/dokumen{query}{separator}page={page}").get_data(as_text=True)
        found += re.findall(r'<a href="/staf/dokumen/\d+">(?:<span class="identity">[^<]*</span> — )?([^<]+)</a>', html)
        if 'rel="next"' not in html:
            break
        page += 1
    assert sorted(found) == sorted(expected)


def test_views_are_counted_for_published_records(app, client, auth, users, catalogue):
    slug = catalogue["uu2017"].slug
    for _ in range(3):
        client.get(f"/dokumen/{slug}")
    assert "Dilihat 4 kali" in client.get(f"/dokumen/{slug}").get_data(as_text=True)
    auth.login(users["editor"])
    draft = catalogue["draft"].slug
    client.get(f"/dokumen/{draft}")
    assert "Dilihat 0 kali" in client.get(f"/dokumen/{draft}").get_data(as_text=True)


def test_hidden_records_are_not_counted(app, client, catalogue):
    from jdih.catalogue.models import Document

    assert client.get(f"/dokumen/{catalogue['partner'].slug}").status_code == 404
    with app.app_context():
        assert db.session.get(Document, catalogue["partner"].id).view_count == 0


def test_downloads_are_counted_per_file(app, client):
    with app.test_request_context():
        doc = add_document(nomor="7", tahun=2017, attach=("naskah", make_pdf(["isi"]), "uu.pdf"))
    for query in ("", "?unduh=1"):
        response = client.get(doc.file_url + query)
        assert response.status_code == 200
        response.close()
    assert "Diunduh 2 kali" in client.get(f"/dokumen/{doc.slug}").get_data(as_text=True)
    download = client.get(doc.file_url + "?unduh=1")
    assert download.headers["Content-Disposition"].startswith("attachment")
    download.close()
    inline = client.get(doc.file_url)
    assert inline.headers["Content-Disposition"].startswith("inline")
    inline.close()


def test_photos_shown_in_the_gallery_are_not_counted_as_downloads(app, client):
    with app.test_request_context():
        doc = add_document("laporan", judul="Bimtek", abstrak="Ringkasan",
                           attach=("foto", make_image(), "foto.jpg"))
    html = client.get(f"/dokumen/{doc.slug}").get_data(as_text=True)
    image = client.get(doc.file_url)
    assert image.status_code == 200 and image.mimetype == "image/jpeg"
    image.close()
    saved = client.get(doc.file_url + "?unduh=1")
    saved.close()
    assert "Diunduh 1 kali" in client.get(f"/dokumen/{doc.slug}").get_data(as_text=True)
    assert f'src="{doc.file_url}"' in html


def test_revalidations_and_head_requests_are_not_counted_as_downloads(app, client, auth, users):
    import io

    from conftest import csrf_token_from
    from pdfs import make_pdf

    auth.login(users["editor"])
    with app.app_context():
        from jdih.catalogue import operations
        from jdih.catalogue.vocabulary import jenis_choices
        from jdih.extensions import db

        uu = next(j.id for j in jenis_choices("peraturan") if j.abbreviation == "UU")
        doc = operations.create_document("peraturan", {"jenis_id": uu, "nomor": "3", "tahun": 2020,
                                                       "judul": "Hitungan unduhan"})
        operations.publish(doc)
        db.session.commit()
        doc_id = doc.id
    page = client.get(f"/staf/dokumen/{doc_id}").get_data(as_text=True)
    client.post(f"/staf/dokumen/{doc_id}/lampiran", data={
        "csrf_token": csrf_token_from(page), "role": "naskah",
        "file": (io.BytesIO(make_pdf(["isi"])), "a.pdf")}, content_type="multipart/form-data")
    with app.app_context():
        from jdih.catalogue.models import Attachment
        from jdih.extensions import db

        attachment = db.session.query(Attachment).one()
        url = f"/dokumen/uu-3-2020/berkas/{attachment.id}/{attachment.filename}"

    def count() -> int:
        with app.app_context():
            from jdih.catalogue.models import Attachment
            from jdih.extensions import db

            return db.session.get(Attachment, attachment.id).download_count

    first = client.get(url)
    etag = first.headers["ETag"]
    first.close()
    assert count() == 1
    client.head(url).close()
    revalidated = client.get(url, headers={"If-None-Match": etag})
    assert revalidated.status_code == 304
    revalidated.close()
    client.get(url, headers={"Range": "bytes=100-200"}).close()
    assert count() == 1
    client.get(url, headers={"Range": "bytes=0-99"}).close()
    assert count() == 2
