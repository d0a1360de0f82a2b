"""Member pages: public reading, admin editing (sanitised, versioned,
audited), the footer's contact lines, the site map and the demo text."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from conftest import client_as, csrf_token_from, make_user
from site_support import fast_passwords  # noqa: F401


@pytest.fixture(autouse=True)
def _cheap_hashes(fast_passwords):
    pass


@pytest.fixture
def admin(app):
    make_user(app, "admin@uji.id", "admin")
    return client_as(app, "admin")


def edit(client, slug: str, **fields):
    form = client.get(f"/admin/halaman/{slug}").get_data(as_text=True)
    data = {"title": "Judul", "body": "", "summary": "", "csrf_token": csrf_token_from(form), **fields}
    if "version" not in fields:
        import re

        match = re.search(r'name="version" type="hidden" value="([^"]*)"', form)
        data["version"] = match.group(1) if match else ""
    return client.post(f"/admin/halaman/{slug}", data=data)


def test_an_unwritten_page_answers_with_a_note(client):
    for path in ("/profil/sejarah", "/kontak", "/panduan"):
        response = client.get(path)
        assert response.status_code == 200 and "belum diisi" in response.get_data(as_text=True)
    assert client.get("/profil/tidak-ada").status_code == 404
    assert client.get("/profil/kontak").status_code == 404  # kontak lives at /kontak


def test_admin_edits_are_sanitised_and_audited(app, client, admin):
    from jdih.core.audit import AuditEntry
    from jdih.extensions import db

    body = '<p onclick="x()">Sejarah <script>alert(1)</script><a href="javascript:alert(1)">kami</a></p>'
    assert edit(admin, "sejarah", title="Sejarah Kami", body=body).status_code == 302
    page = client.get("/profil/sejarah").get_data(as_text=True)
    assert "Sejarah Kami" in page and "Sejarah" in page
    assert "<script" not in page and "onclick" not in page and "javascript:" not in page
    assert edit(admin, "sejarah", title="Sejarah Kami", body="<p>Versi kedua</p>").status_code == 302
    with app.app_context():
        actions = db.session.execute(select(AuditEntry.action, AuditEntry.object_type)
                                     .where(AuditEntry.object_type == "page").order_by(AuditEntry.id)).all()
    assert actions == [("create", "page"), ("edit", "page")]


def test_a_stale_edit_is_refused_and_nothing_is_lost(app, admin):
    assert edit(admin, "visi-misi", title="Visi", body="<p>Satu</p>").status_code == 302
    assert edit(admin, "visi-misi", title="Visi", body="<p>Dua</p>", version="1").status_code == 302
    stale = edit(admin, "visi-misi", title="Visi", body="<p>Tiga dari versi lama</p>", version="1")
    assert stale.status_code == 409
    text = stale.get_data(as_text=True)
    assert "sudah diubah orang lain" in text and "Tiga dari versi lama" in text


def test_the_footer_shows_the_contact_summary_and_the_jdihn_portal(app, client, admin):
    home = client.get("/").get_data(as_text=True)
    assert "https://jdihn.go.id" in home and "/peta-situs" in home
    assert edit(admin, "kontak", title="Kontak", summary="Jl. Uji No. 9 · 021-123").status_code == 302
    assert "Jl. Uji No. 9" in client.get("/statistik").get_data(as_text=True)


def test_only_admins_edit(app, client):
    make_user(app, "editor@uji.id", "editor")
    editor = client_as(app, "editor")
    assert editor.get("/admin/halaman").status_code == 403
    token = csrf_token_from(editor.get("/").get_data(as_text=True))
    assert editor.post("/admin/halaman/sejarah", data={"title": "X", "csrf_token": token}).status_code == 403


def test_site_map_lists_the_nav_and_the_member_pages(client):
    page = client.get("/peta-situs").get_data(as_text=True)
    for path in ("/peraturan", "/laporan-kegiatan", "/cari", "/berita", "/statistik", "/survei",
                 "/profil/sejarah", "/profil/sop", "/kontak", "/panduan"):
        assert f'href="{path}"' in page, path


def test_demo_load_writes_the_pages_once(app, runner, client):
    first = runner.invoke(args=["demo", "load"])
    assert first.exit_code == 0, first.output
    assert "Halaman profil dan bantuan: 8 dibuat." in first.output
    assert "Visi" in client.get("/profil/visi-misi").get_data(as_text=True)
    assert "jdih@example.org" in client.get("/").get_data(as_text=True)
    again = runner.invoke(args=["demo", "load"])
    assert "Halaman profil dan bantuan: 0 dibuat." in again.output
