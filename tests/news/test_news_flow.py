"""News through HTTP: staff create, edit, publish, delete; readers see
published items only; photos are checked before anything is stored."""
from __future__ import annotations

import io
from datetime import date

from PIL import Image
from sqlalchemy import func, select

from conftest import csrf_token_from
from jdih.core.audit import AuditEntry
from jdih.extensions import db
from jdih.news.models import News, NewsPhoto

BODY = "<p>Semarang — Rapat membahas UU Nomor 43 Tahun 2009 tentang Kearsipan, Jumat (24/10).</p>"


def create_news(client, **overrides):
    page = client.get("/staf/berita/baru").get_data(as_text=True)
    data = {"title": "Rapat Kearsipan", "news_date": "2025-10-24", "place": "Semarang",
            "body": BODY, "credit": "rhd/ed. Foto: awh", "tags": "Arsip, JDIH, arsip",
            "csrf_token": csrf_token_from(page)}
    data.update(overrides)
    return client.post("/staf/berita/baru", data=data)


def post_from(client, page_url: str, action: str, data: dict | None = None, **kwargs):
    page = client.get(page_url).get_data(as_text=True)
    return client.post(action, data={"csrf_token": csrf_token_from(page), **(data or {})}, **kwargs)


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 6), (200, 30, 30)).save(buffer, "PNG")
    return buffer.getvalue()


def test_staff_create_publish_and_public_read(app, client, auth, users):
    auth.login(users["editor"])
    response = create_news(client)
    assert response.status_code == 302
    edit_url = response.headers["Location"]
    with app.app_context():
        news = db.session.scalar(select(News))
        assert news.title == "Rapat Kearsipan" and news.news_date == date(2025, 10, 24)
        assert news.tags == ["Arsip", "JDIH"]
        assert news.state == "draft"
        slug = news.slug
    auth.logout()
    assert client.get(f"/berita/{slug}").status_code == 404
    assert slug not in client.get("/berita").get_data(as_text=True)

    auth.login(users["editor"])
    assert post_from(client, edit_url, edit_url + "/terbitkan").status_code == 302
    auth.logout()
    page = client.get(f"/berita/{slug}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Rapat Kearsipan" in html and "24 Oktober 2025" in html and "rhd/ed. Foto: awh" in html
    assert f'href="/berita/{slug}"' in client.get("/berita").get_data(as_text=True)


def test_edit_is_audited_and_delete_hides_the_item(app, client, auth, users):
    auth.login(users["editor"])
    edit_url = create_news(client).headers["Location"]
    post_from(client, edit_url, edit_url + "/terbitkan")
    response = post_from(client, edit_url, edit_url, {
        "title": "Rapat Kearsipan Diperbarui", "news_date": "2025-10-25", "place": "Semarang",
        "body": BODY, "credit": "", "tags": ""})
    assert response.status_code == 302
    with app.app_context():
        news = db.session.scalar(select(News))
        slug = news.slug
        actions = list(db.session.scalars(select(AuditEntry.action).where(
            AuditEntry.object_type == "news", AuditEntry.object_id == news.id).order_by(AuditEntry.id)))
        edit = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "edit"))
        assert news.title == "Rapat Kearsipan Diperbarui" and news.credit is None
    assert actions == ["create", "publish", "edit"]
    assert edit.changes["title"] == ["Rapat Kearsipan", "Rapat Kearsipan Diperbarui"]
    assert slug == "rapat-kearsipan"  # the URL is kept when the title changes

    post_from(client, edit_url, edit_url + "/hapus")
    auth.logout()
    assert client.get(f"/berita/{slug}").status_code == 404
    assert "Rapat Kearsipan" not in client.get("/berita").get_data(as_text=True)


def test_invalid_form_changes_nothing(app, client, auth, users):
    auth.login(users["editor"])
    response = create_news(client, title="", body="<script>x</script>")
    assert response.status_code == 400
    assert "Judul wajib diisi." in response.get_data(as_text=True)
    response = create_news(client, body="<script>alert(1)</script>")
    assert response.status_code == 400
    assert "Isi berita wajib diisi." in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(News)) == 0


def test_public_list_is_newest_first_and_paginated(app, client, auth, users):
    app.config["PAGE_SIZE"] = 2
    auth.login(users["editor"])
    for day in (3, 1, 2):
        edit_url = create_news(client, title=f"Berita tanggal {day}", news_date=f"2025-10-0{day}").headers["Location"]
        post_from(client, edit_url, edit_url + "/terbitkan")
    auth.logout()
    first = client.get("/berita").get_data(as_text=True)
    assert first.index("Berita tanggal 3") < first.index("Berita tanggal 2")
    assert "Berita tanggal 1" not in first and "Halaman 1 dari 2" in first
    assert "Berita tanggal 1" in client.get("/berita?page=2").get_data(as_text=True)


def test_photo_upload_and_refusal_of_non_images(app, client, auth, users, tmp_path):
    auth.login(users["editor"])
    edit_url = create_news(client).headers["Location"]
    upload_dir = tmp_path / "uploads"

    fake = b"<svg onload=alert(1)></svg>"
    response = post_from(client, edit_url, edit_url + "/foto",
                         {"file": (io.BytesIO(fake), "foto.png"), "caption": "x"},
                         content_type="multipart/form-data")
    assert response.status_code == 422
    assert "bukan gambar" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(NewsPhoto)) == 0
    assert not upload_dir.exists() or not any(p.is_file() for p in upload_dir.rglob("*"))

    png = png_bytes()
    response = post_from(client, edit_url, edit_url + "/foto",
                         {"file": (io.BytesIO(png), "rapat.png"), "caption": "Suasana rapat"},
                         content_type="multipart/form-data")
    assert response.status_code == 302
    post_from(client, edit_url, edit_url + "/terbitkan")
    auth.logout()
    with app.app_context():
        news = db.session.scalar(select(News))
        photo = db.session.scalar(select(NewsPhoto))
        url = f"/berita/{news.slug}/foto/{photo.id}/{photo.filename}"
    assert url in client.get(f"/berita/{news.slug}").get_data(as_text=True)
    image = client.get(url)
    assert image.status_code == 200 and image.data == png and image.mimetype == "image/png"
    image.close()
