"""Editing news safely: the save based on a replaced version is refused
(409) with what differs and the first change stays; an over-long value is
a form error, never a database error."""
from __future__ import annotations

from datetime import date

import pytest

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


def test_an_over_long_place_is_a_form_error(app):
    from jdih.extensions import db
    from jdih.news.models import News

    news_id = _news(app)
    editor = _editor(app, "satu@uji.id")
    url = f"/staf/berita/{news_id}"
    form = form_fields(editor.get(url).get_data(as_text=True))
    response = editor.post(url, data={**form, "place": "S" * 201, "credit": "c" * 301})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Tempat terlalu panjang (maksimal 200 karakter)." in html
    assert "Kredit terlalu panjang (maksimal 300 karakter)." in html
    with app.app_context():
        assert db.session.get(News, news_id).place == "Semarang"


def test_operations_refuse_what_the_column_cannot_hold(app):
    from jdih.extensions import db
    from jdih.news import operations
    from jdih.news.models import News

    news_id = _news(app)
    with app.test_request_context():
        news = db.session.get(News, news_id)
        with pytest.raises(operations.NewsError) as refused:
            operations.update_news(news, {"place": "S" * 250})
        assert refused.value.field == "place" and "maksimal 200 karakter" in refused.value.message
        db.session.rollback()
