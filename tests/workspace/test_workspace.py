"""The staff workspace: staff land on it after logging in; it counts and
links the work waiting (drafts, published documents without a file, citation
links to confirm, uncatalogued citations) and what colleagues changed."""
from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import select

from conftest import PASSWORD, client_as, csrf_token_from, make_user
from jdih.extensions import db

WORKSPACE = "/staf/ruang-kerja"


@pytest.fixture(autouse=True)
def fast_passwords(monkeypatch):
    """Argon2id at its cheapest: these tests log in several accounts."""
    from argon2 import PasswordHasher

    from jdih.accounts import passwords

    monkeypatch.setattr(passwords, "_hasher", PasswordHasher(time_cost=1, memory_cost=64, parallelism=1))


def uu_id(app) -> int:
    from jdih.catalogue.models import Jenis

    with app.app_context():
        return db.session.scalar(select(Jenis.id).where(Jenis.abbreviation == "UU"))


def create_draft(client, app, nomor: str, judul: str) -> int:
    page = client.get("/staf/dokumen/baru/peraturan").get_data(as_text=True)
    response = client.post("/staf/dokumen/baru/peraturan", data={
        "jenis_id": str(uu_id(app)), "nomor": nomor, "tahun": "2020", "judul": judul,
        "visibility": "public", "csrf_token": csrf_token_from(page)})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return int(response.headers["Location"].rsplit("/", 1)[1])


def section(page: str, section_id: str) -> str:
    """The HTML of the workspace card whose heading has ``section_id``."""
    start = page.index(f'id="{section_id}"')
    return page[start:page.index("</section>", start)]


def count_in(card: str) -> int:
    return int(re.search(r'class="work-count"[^>]*>(\d+)<', card).group(1))


@pytest.fixture
def staffed(app):
    for role in ("admin", "editor", "partner"):
        make_user(app, f"{role}@uji.id", role)
    return app


def test_staff_land_on_the_workspace_and_others_are_kept_out(staffed):
    editor = staffed.test_client()
    token = csrf_token_from(editor.get("/masuk").get_data(as_text=True))
    response = editor.post("/masuk", data={"email": "editor@uji.id", "password": PASSWORD, "csrf_token": token})
    assert response.headers["Location"] == WORKSPACE
    assert editor.get("/staf").headers["Location"] == WORKSPACE
    assert "<h1>Ruang kerja</h1>" in editor.get(WORKSPACE).get_data(as_text=True)
    assert client_as(staffed, "partner").get(WORKSPACE).status_code == 403
    anonymous = staffed.test_client().get(WORKSPACE)
    assert anonymous.status_code == 302 and anonymous.headers["Location"].startswith("/masuk?next=")


def test_workspace_counts_and_links_the_waiting_work(staffed):
    from jdih.catalogue import operations
    from jdih.news import operations as news_ops

    app = staffed
    editor, admin = client_as(app, "editor"), client_as(app, "admin")
    mine = create_draft(editor, app, "101", "Draf milik editor")
    theirs = create_draft(admin, app, "102", "Draf milik admin")
    with app.test_request_context():
        law = operations.create_document("peraturan", {"jenis_id": uu_id(app), "nomor": "43", "tahun": 2009,
                                                       "judul": "Kearsipan tanpa berkas"})
        operations.publish(law)
        news = news_ops.create_news({"title": "Rapat arsip", "news_date": date(2025, 10, 21), "body":
                                     "<p>Sesuai Undang-Undang Nomor 43 Tahun 2009 dan PKPU Nomor 19 Tahun 2019.</p>"})
        db.session.commit()
        law_id, news_id = law.id, news.id

    page = editor.get(WORKSPACE).get_data(as_text=True)
    my_card, all_card = section(page, "draf-saya"), section(page, "semua-draf")
    assert count_in(my_card) == 1 and "Draf milik editor" in my_card and "Draf milik admin" not in my_card
    assert f"/staf/dokumen/{mine}" in my_card
    assert count_in(all_card) == 2 and f"/staf/dokumen/{theirs}" in all_card
    assert "/staf/dokumen?status=draft" in all_card
    no_file = section(page, "tanpa-berkas")
    assert count_in(no_file) == 1 and f"/staf/dokumen/{law_id}" in no_file
    pending = section(page, "tautan-sitasi")
    assert count_in(pending) == 1 and f"/staf/berita/{news_id}" in pending
    uncatalogued = section(page, "belum-dikatalog")
    assert count_in(uncatalogued) == 1 and "PKPU 19/2019" in uncatalogued
    assert "/staf/dokumen/baru/peraturan?" in uncatalogued  # "Katalogkan" prefilled
    changes = section(page, "perubahan-rekan")
    assert "Draf milik admin" in changes and "admin@uji.id" in changes
    assert "Draf milik editor" not in changes  # one's own changes are not news
    assert "partner@uji.id" not in changes  # accounts are the admins' business (the audit log)
    quick = section(page, "aksi-cepat")
    for path in ("/staf/dokumen/baru/putusan", "/staf/dokumen/baru/laporan", "/staf/berita/baru", "/staf/impor"):
        assert path in quick

    mine_listed = editor.get("/staf/dokumen?status=draft&pembuat=saya").get_data(as_text=True)
    assert "Draf milik editor" in mine_listed and "Draf milik admin" not in mine_listed
    assert "/staf/dokumen?status=draft&amp;pembuat=saya" in my_card

    # The "without a file" link leads to a list that holds exactly those.
    listed = editor.get("/staf/dokumen?status=published&berkas=tidak").get_data(as_text=True)
    assert "Kearsipan tanpa berkas" in listed and "Draf milik" not in listed


def test_an_empty_workspace_says_so(staffed):
    page = client_as(staffed, "admin").get(WORKSPACE).get_data(as_text=True)
    assert count_in(section(page, "semua-draf")) == 0
    assert "Tidak ada." in section(page, "draf-saya") and "Tidak ada." in section(page, "belum-dikatalog")
    # Creating the accounts was logged, but accounts are not colleagues' shared work.
    assert "Belum ada perubahan oleh rekan." in page
