"""Limits come from the columns: an over-long value gets a clear form error
or import row error on every database (PostgreSQL used to answer 500), and
a slug is made from the title's text, never from its markup."""
from __future__ import annotations

import io

import pytest

from conftest import csrf_token_from
from test_catalogue_support import fast_passwords, jenis_id  # noqa: F401


@pytest.fixture(autouse=True)
def _cheap_hashes(fast_passwords):
    pass


def _create(app, client, doc_type: str, **values):
    page = client.get(f"/staf/dokumen/baru/{doc_type}").get_data(as_text=True)
    with app.app_context():
        jenis = jenis_id(doc_type, "UU") if doc_type == "peraturan" else jenis_id(doc_type, name="Buku Hukum")
    data = {"jenis_id": str(jenis), "tahun": "2020", "judul": "Judul uji", "visibility": "public",
            "csrf_token": csrf_token_from(page), **values}
    return client.post(f"/staf/dokumen/baru/{doc_type}", data=data)


@pytest.mark.parametrize("doc_type,field,label,limit", [
    ("peraturan", "nomor", "Nomor", 120),
    ("monografi", "isbn", "ISBN", 40),
    ("peraturan", "judul", "Judul", 2000),
    ("peraturan", "abstrak", "Abstrak", 20000),
])
def test_an_over_long_value_is_a_form_error(app, client, auth, users, doc_type, field, label, limit):
    from jdih.catalogue.models import Document
    from jdih.extensions import db

    auth.login(users["editor"])
    response = _create(app, client, doc_type, **{field: "9" * (limit + 1)})
    assert response.status_code == 200
    assert f"{label} terlalu panjang (maksimal {limit} karakter)." in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.query(Document).count() == 0
    assert _create(app, client, doc_type, **{field: "9" * limit}).status_code == 302


def test_an_over_long_subject_is_a_form_error(app, client, auth, users):
    auth.login(users["editor"])
    response = _create(app, client, "peraturan", nomor="1", subjects="Pemilu, " + "s" * 201)
    assert "Subjek terlalu panjang (maksimal 200 karakter per subjek)." in response.get_data(as_text=True)


def _import_preview(client, data: bytes) -> str:
    page = client.get("/staf/impor").get_data(as_text=True)
    response = client.post("/staf/impor", content_type="multipart/form-data", data={
        "csrf_token": csrf_token_from(page), "file": (io.BytesIO(data), "katalog.csv")})
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    return client.get(response.headers["Location"]).get_data(as_text=True)


def test_an_over_long_import_cell_is_a_row_error(app, client, auth, users):
    auth.login(users["editor"])
    data = ("tipe,jenis,judul,tahun,isbn,halaman\n"
            f"monografi,Buku Hukum,Buku panjang,2020,{'9' * 41},1\n"
            f"artikel,Artikel,Artikel panjang,2020,,{'1' * 41}\n").encode()
    preview = _import_preview(client, data)
    assert "Kolom isbn terlalu panjang (maksimal 40 karakter)." in preview
    assert "Kolom halaman terlalu panjang (maksimal 40 karakter)." in preview


def test_a_slug_comes_from_the_text_not_the_markup(app, client, auth, users):
    from jdih.catalogue.models import Document
    from jdih.extensions import db

    auth.login(users["editor"])
    response = _create(app, client, "monografi", judul='<b class="x">Hukum</b> <script>alert(1)</script>Pemilu')
    assert response.status_code == 302
    with app.app_context():
        assert db.session.query(Document).one().slug == "hukum-pemilu-2020"
