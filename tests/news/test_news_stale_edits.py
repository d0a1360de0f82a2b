"""Two editors save the same news item: the save based on the replaced
version is refused (409) with what differs; the first change stays."""
from __future__ import annotations

from datetime import date

from conftest import AuthActions, make_user
from edit_forms import form_fields


def _news(app) -> int:
    from jdih.extensions import db
    from jdih.news import operations

    with app.test_request_context():
        news = operations.create_news({"title": "Rapat Kearsipan", "news_date": date(2025, 10, 24),
                                       "place": "Semarang", "body": "<p>Isi awal.</p>", "credit": "rhd",
                                       "tags": "Arsip"})
        db.session.commit()
        return news.id


def _editor(app, email: str):
    make_user(app, email, "editor")
    client = app.test_client()
    AuthActions(client).login(email)
    return client


def test_second_save_of_an_old_news_version_is_refused(app):
    from jdih.extensions import db
    from jdih.news.models import News

    news_id = _news(app)
    first, second = _editor(app, "satu@uji.id"), _editor(app, "dua@uji.id")
    url = f"/staf/berita/{news_id}"
    form_one = form_fields(first.get(url).get_data(as_text=True))
    form_two = form_fields(second.get(url).get_data(as_text=True))
    assert form_one["version"] == "1"

    assert first.post(url, data={**form_one, "place": "Kota Semarang"}).status_code == 302
    refused = second.post(url, data={**form_two, "credit": "awh/ed."})
    assert refused.status_code == 409
    html = refused.get_data(as_text=True)
    assert "sudah diubah orang lain" in html and "Tempat (tersimpan: \u201cKota Semarang\u201d)" in html
    assert form_fields(html)["credit"] == "awh/ed."  # the input stays
    with app.app_context():
        stored = db.session.get(News, news_id)
        assert (stored.place, stored.credit, stored.version) == ("Kota Semarang", "rhd", 2)
