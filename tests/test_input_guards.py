"""Input that PostgreSQL cannot take (a NUL byte, an integer beyond its
column type) or that would make the parser recurse is refused before any
view reads it: 400 (404 for a path), a clear message, JSON under /api/.
Run on both databases: SQLite accepts what PostgreSQL answers 500 to."""
from __future__ import annotations

import pytest

from conftest import csrf_token_from

BIG = "99999999999999999999"


@pytest.mark.parametrize("url,status,words", [
    ("/dokumen/a%00b", 404, "karakter NUL"),
    ("/peraturan?jenis=1%00", 400, "karakter NUL"),
    ("/cari?q=a%00b", 400, "karakter NUL"),
    (f"/peraturan?jenis={BIG}", 400, "\u201cjenis\u201d harus berupa bilangan bulat"),
    (f"/peraturan?tahun={BIG}", 400, "\u201ctahun\u201d harus berupa bilangan bulat"),
    (f"/peraturan?page={BIG}", 400, "\u201cpage\u201d harus berupa bilangan bulat"),
])
def test_pages_refuse_what_the_database_cannot_take(app, client, url, status, words):
    response = client.get(url)
    assert response.status_code == status
    assert words in response.get_data(as_text=True)


@pytest.mark.parametrize("url,status,code", [
    ("/api/v1/documents/a%00", 404, "bad_path"),
    ("/api/v1/documents?updated_since=2020%00", 400, "bad_parameter"),
    (f"/api/v1/documents?limit={BIG}", 400, "bad_parameter"),
])
def test_the_api_answers_in_json(app, client, url, status, code):
    response = client.get(url)
    assert response.status_code == status
    assert response.get_json()["error"]["code"] == code


def test_a_huge_number_in_the_path_is_not_found(app, client, auth, users):
    auth.login(users["editor"])
    response = client.get(f"/staf/dokumen/{BIG}")
    assert response.status_code == 404 and "terlalu besar" in response.get_data(as_text=True)
    assert client.get("/staf/dokumen/2147483647").status_code == 404  # the largest id is an ordinary 404


def test_nul_in_the_login_email_is_refused(app, client, auth, users):
    response = auth.post("/masuk", {"email": users["editor"] + "\x00", "password": "x"}, form_page="/masuk")
    assert response.status_code == 400
    assert "karakter NUL" in response.get_data(as_text=True)


def test_nul_in_a_title_is_refused_and_nothing_is_saved(app, client, auth, users):
    auth.login(users["editor"])
    page = client.get("/staf/dokumen/baru/peraturan").get_data(as_text=True)
    from jdih.catalogue.vocabulary import jenis_choices

    with app.app_context():
        uu = next(j for j in jenis_choices("peraturan") if j.abbreviation == "UU")
    response = client.post("/staf/dokumen/baru/peraturan", data={
        "jenis_id": str(uu.id), "nomor": "7", "tahun": "2017", "judul": "Pemilu\x00",
        "visibility": "public", "csrf_token": csrf_token_from(page)})
    assert response.status_code == 400 and "karakter NUL" in response.get_data(as_text=True)
    assert "Pemilu" not in client.get("/staf/dokumen").get_data(as_text=True)

