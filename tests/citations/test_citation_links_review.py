"""Stored citations of news items: staff review, decisions kept across
re-saves, links made by themselves when a cited document is created, the
worklist of uncatalogued documents, and what readers see."""
from __future__ import annotations

import re

from sqlalchemy import select

from conftest import csrf_token_from
from jdih.catalogue import operations
from jdih.catalogue.models import Jenis
from jdih.citations.models import NewsCitation
from jdih.extensions import db
from jdih.news.models import News

BODY = ("<p>Rapat membahas Undang-Undang Nomor 7 Tahun 2017, lalu PKPU Nomor 19 Tahun 2019 "
        "dan sekali lagi UU 7/2017.</p>")


def make_doc(app, abbreviation: str, nomor: str, tahun: int, judul: str = "Judul", **values) -> str:
    with app.app_context():
        jenis = db.session.scalar(select(Jenis).where(Jenis.abbreviation == abbreviation))
        doc = operations.create_document(jenis.doc_type, {"jenis_id": jenis.id, "nomor": nomor, "tahun": tahun,
                                                          "judul": judul, **values})
        operations.publish(doc)
        db.session.commit()
        return doc.slug


def save_news(client, body: str = BODY, news_id: int | None = None) -> str:
    url = f"/staf/berita/{news_id}" if news_id else "/staf/berita/baru"
    page = client.get(url).get_data(as_text=True)
    response = client.post(url, data={"title": "Rapat", "news_date": "2025-10-24", "body": body,
                                      "csrf_token": csrf_token_from(page)})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return response.headers["Location"]


def rows(app) -> list[tuple]:
    with app.app_context():
        return [(r.text, r.identity, r.document.slug if r.document else None, r.state)
                for r in db.session.scalars(select(NewsCitation).order_by(NewsCitation.start))]


def main_of(html: str) -> str:
    """The page without its header (whose search box shows an example citation)."""
    return html.split("<main", 1)[1]


def row_id(app, text: str) -> int:
    with app.app_context():
        return db.session.scalar(select(NewsCitation.id).where(NewsCitation.text == text))


def post(client, page_url: str, action: str, **data):
    token = csrf_token_from(client.get(page_url).get_data(as_text=True))
    return client.post(action, data={"csrf_token": token, **data})


def public_links(client, app) -> list[tuple[str, str]]:
    with app.app_context():
        slug = db.session.scalar(select(News.slug))
    html = client.get(f"/berita/{slug}").get_data(as_text=True)
    return re.findall(r'<a class="citation-link" href="/dokumen/([^"]+)"[^>]*>([^<]+)</a>', html)


def test_saving_stores_citations_and_new_documents_link_themselves(app, client, auth, users):
    make_doc(app, "UU", "7", 2017, "Pemilihan Umum")
    auth.login(users["editor"])
    edit_url = save_news(client)
    assert rows(app) == [
        ("Undang-Undang Nomor 7 Tahun 2017", "UU 7/2017", "uu-7-2017", "suggested"),
        ("PKPU Nomor 19 Tahun 2019", "PKPU 19/2019", None, "suggested"),
        ("UU 7/2017", "UU 7/2017", "uu-7-2017", "suggested"),
    ]
    worklist = main_of(client.get("/staf/sitasi-belum-dikatalog").get_data(as_text=True))
    assert "PKPU 19/2019" in worklist and "UU 7/2017" not in worklist
    create = re.search(r'href="(/staf/dokumen/baru/peraturan\?[^"]+)"', worklist).group(1).replace("&amp;", "&")
    form = client.get(create).get_data(as_text=True)
    assert 'name="nomor" type="text" value="19"' in form and 'value="2019"' in form
    with app.app_context():
        pkpu = db.session.scalar(select(Jenis).where(Jenis.abbreviation == "PKPU"))
    assert re.search(rf'<option selected value="{pkpu.id}">|<option value="{pkpu.id}" selected>', form)

    # Cataloguing the document through the prefilled form links the citation.
    response = client.post(create, data={"jenis_id": str(pkpu.id), "nomor": "19", "tahun": "2019",
                                         "judul": "Pencalonan", "visibility": "public",
                                         "csrf_token": csrf_token_from(form)})
    assert response.status_code == 302
    assert rows(app)[1] == ("PKPU Nomor 19 Tahun 2019", "PKPU 19/2019", "pkpu-19-2019", "suggested")
    assert "PKPU 19/2019" not in main_of(client.get("/staf/sitasi-belum-dikatalog").get_data(as_text=True))

    post(client, edit_url, edit_url + "/terbitkan")
    auth.logout()
    # The new PKPU is still a draft: readers see it as plain text.
    assert public_links(client, app) == [("uu-7-2017", "Undang-Undang Nomor 7 Tahun 2017"),
                                         ("uu-7-2017", "UU 7/2017")]


def test_decisions_survive_re_saving(app, client, auth, users):
    make_doc(app, "UU", "7", 2017, "Pemilihan Umum")
    make_doc(app, "PKPU", "19", 2019, "Pencalonan")
    make_doc(app, "UU", "7", 2023, "Penetapan Perppu Pemilu")
    auth.login(users["editor"])
    edit_url = save_news(client)
    news_id = int(edit_url.rsplit("/", 1)[1])

    assert post(client, edit_url, f"/staf/berita/sitasi/{row_id(app, 'UU 7/2017')}/tolak").status_code == 302
    # One decision covers every mention of the same document in this item.
    assert [r[3] for r in rows(app)] == ["rejected", "suggested", "rejected"]
    post(client, edit_url, f"/staf/berita/sitasi/{row_id(app, 'PKPU Nomor 19 Tahun 2019')}/konfirmasi")
    edit_page = client.get(edit_url).get_data(as_text=True)
    assert "Ditolak" in edit_page and "Dikonfirmasi" in edit_page

    save_news(client, BODY + "<p>Tambahan: UU 7/2017 lagi.</p>", news_id)
    assert [r[3] for r in rows(app)] == ["rejected", "confirmed", "rejected", "rejected"]
    assert all(r[2] is None for r in rows(app) if r[3] == "rejected")

    # A hand-made link replaces the rejection and survives re-saving too.
    response = post(client, edit_url, f"/staf/berita/sitasi/{row_id(app, 'UU 7/2017')}/tautkan",
                    document="UU 7/2023")
    assert response.status_code == 302
    save_news(client, BODY, news_id)
    assert rows(app) == [
        ("Undang-Undang Nomor 7 Tahun 2017", "UU 7/2017", "uu-7-2023", "manual"),
        ("PKPU Nomor 19 Tahun 2019", "PKPU 19/2019", "pkpu-19-2019", "confirmed"),
        ("UU 7/2017", "UU 7/2017", "uu-7-2023", "manual"),
    ]
    post(client, edit_url, f"/staf/berita/sitasi/{row_id(app, 'UU 7/2017')}/atur-ulang")
    assert rows(app)[0][2:] == ("uu-7-2017", "suggested")

    # A phrase the parser does not know, linked by hand, wherever it occurs.
    response = post(client, edit_url, f"/staf/berita/{news_id}/sitasi-manual",
                    phrase="sekali lagi", document="PKPU 19/2019")
    assert response.status_code == 302
    save_news(client, BODY, news_id)
    assert ("sekali lagi", None, "pkpu-19-2019", "manual") in rows(app)


def test_review_refuses_bad_input_with_a_message(app, client, auth, users):
    auth.login(users["editor"])
    edit_url = save_news(client)
    news_id = int(edit_url.rsplit("/", 1)[1])
    before = rows(app)
    response = post(client, edit_url, f"/staf/berita/sitasi/{row_id(app, 'UU 7/2017')}/tautkan",
                    document="UU 99/2099")
    assert response.status_code == 422
    assert "tidak ditemukan di katalog" in response.get_data(as_text=True)
    response = post(client, edit_url, f"/staf/berita/sitasi/{row_id(app, 'UU 7/2017')}/konfirmasi")
    assert "belum tertaut" in client.get(edit_url).get_data(as_text=True)
    make_doc(app, "UU", "1", 2015)
    response = post(client, edit_url, f"/staf/berita/{news_id}/sitasi-manual",
                    phrase="tidak ada di berita", document="UU 1/2015")
    assert response.status_code == 422
    assert "tidak ditemukan dalam isi berita" in response.get_data(as_text=True)
    assert rows(app) == before


def test_readers_get_links_only_to_documents_they_may_read(app, client, auth, users):
    make_doc(app, "UU", "7", 2017, "Pemilihan Umum", visibility="partner")
    auth.login(users["editor"])
    edit_url = save_news(client)
    post(client, edit_url, edit_url + "/terbitkan")
    auth.logout()
    assert public_links(client, app) == []
    with app.app_context():
        slug = db.session.scalar(select(News.slug))
    assert "Undang-Undang Nomor 7 Tahun 2017" in client.get(f"/berita/{slug}").get_data(as_text=True)
    auth.login(users["partner"])
    assert [text for _, text in public_links(client, app)] == ["Undang-Undang Nomor 7 Tahun 2017", "UU 7/2017"]
    document = client.get("/dokumen/uu-7-2017").get_data(as_text=True)
    assert "Disebut dalam berita" in document and f'href="/berita/{slug}"' in document


def test_document_page_lists_only_published_news_that_still_cite_it(app, client, auth, users):
    make_doc(app, "UU", "7", 2017, "Pemilihan Umum")
    auth.login(users["editor"])
    edit_url = save_news(client)
    assert "Disebut dalam berita" not in client.get("/dokumen/uu-7-2017").get_data(as_text=True)  # draft
    post(client, edit_url, edit_url + "/terbitkan")
    assert "Disebut dalam berita" in client.get("/dokumen/uu-7-2017").get_data(as_text=True)
    post(client, edit_url, f"/staf/berita/sitasi/{row_id(app, 'UU 7/2017')}/tolak")
    assert "Disebut dalam berita" not in client.get("/dokumen/uu-7-2017").get_data(as_text=True)


def test_adding_an_alias_links_stored_citations_by_name(app, client, auth, users):
    make_doc(app, "UU", "7", 2017, "Pemilihan Umum")
    auth.login(users["admin"])
    save_news(client, "<p>Revisi UU Pemilu dibahas.</p>")
    assert rows(app) == [("UU Pemilu", None, None, "suggested")]
    worklist = main_of(client.get("/staf/sitasi-belum-dikatalog").get_data(as_text=True))
    assert "UU Pemilu — 1 kali" in worklist
    response = post(client, "/staf/alias-sitasi", "/staf/alias-sitasi", citation_type="UU", name="Pemilu",
                    label="UU Pemilu", target_identity="uu 7/2017")
    assert response.status_code == 302
    assert rows(app) == [("UU Pemilu", "UU 7/2017", "uu-7-2017", "suggested")]
    response = post(client, "/staf/alias-sitasi", "/staf/alias-sitasi", citation_type="UU", name="pemilu",
                    label="", target_identity="UU 7/2023")
    assert response.status_code == 422 and "sudah ada" in response.get_data(as_text=True)
