"""Admins keep the controlled vocabularies: add and edit jenis, add terms."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from conftest import csrf_token_from
from jdih.extensions import db
from test_catalogue_support import audit_count, fast_passwords, jenis_id  # noqa: F401


@pytest.fixture(autouse=True)
def _cheap_hashes(fast_passwords):
    pass


@pytest.fixture
def admin(auth, users):
    auth.login(users["admin"])
    return auth


def post(client, action: str, data: dict):
    page = client.get("/staf/kosakata").get_data(as_text=True)
    return client.post(action, data={"csrf_token": csrf_token_from(page), **data}, follow_redirects=True)


def jenis(app, jenis_pk: int):
    from jdih.catalogue.models import Jenis

    with app.app_context():
        row = db.session.get(Jenis, jenis_pk)
        return row.name, row.abbreviation, row.citation_type


def test_each_jenis_has_an_edit_form_filled_with_its_values(app, client, admin):
    with app.app_context():
        uu = jenis_id("peraturan", "UU")
    html = client.get("/staf/kosakata").get_data(as_text=True)
    form = re.search(rf'<form[^>]+action="/staf/kosakata/jenis/{uu}".*?</form>', html, re.S)
    assert form, "no edit form for the jenis"
    form_html = form.group(0)
    assert 'name="csrf_token"' in form_html
    assert 'value="Undang-Undang"' in form_html and 'value="UU"' in form_html
    assert re.search(r'<option selected value="UU">|<option value="UU" selected', form_html)
    labels = re.findall(r'<label for="([^"]+)"', form_html)
    assert labels and all(f'id="{label}"' in form_html for label in labels)


def test_editing_a_jenis_through_its_form(app, client, admin):
    with app.app_context():
        pkpu = jenis_id("peraturan", "PKPU")
    html = post(client, f"/staf/kosakata/jenis/{pkpu}",
                {"name": "Peraturan KPU", "abbreviation": "PKPU", "citation_type": "PKPU"}).get_data(as_text=True)
    assert "Jenis diperbarui" in html
    assert jenis(app, pkpu) == ("Peraturan KPU", "PKPU", "PKPU")


def test_renaming_a_jenis_to_a_taken_name_is_refused(app, client, admin):
    with app.app_context():
        pkpu = jenis_id("peraturan", "PKPU")
    before = audit_count_of(app)
    response = post(client, f"/staf/kosakata/jenis/{pkpu}",
                    {"name": "Undang-Undang", "abbreviation": "PKPU", "citation_type": "PKPU"})
    assert response.status_code == 200
    assert "Jenis \u201cUndang-Undang\u201d sudah ada" in response.get_data(as_text=True)
    assert jenis(app, pkpu)[0] == "Peraturan Komisi Pemilihan Umum"
    assert audit_count_of(app) == before


def test_an_empty_name_is_refused_with_a_message(app, client, admin):
    with app.app_context():
        pkpu = jenis_id("peraturan", "PKPU")
    response = post(client, f"/staf/kosakata/jenis/{pkpu}", {"name": " ", "abbreviation": "PKPU"})
    assert "Nama jenis wajib diisi" in response.get_data(as_text=True)
    assert jenis(app, pkpu)[0] == "Peraturan Komisi Pemilihan Umum"


def test_adding_a_jenis_and_a_duplicate(app, client, admin):
    data = {"doc_type": "peraturan", "name": "Peraturan Uji", "abbreviation": "PUJI", "citation_type": ""}
    assert "Jenis ditambahkan" in post(client, "/staf/kosakata/jenis", data).get_data(as_text=True)
    again = post(client, "/staf/kosakata/jenis", data).get_data(as_text=True)
    assert "Jenis \u201cPeraturan Uji\u201d sudah ada" in again


def test_adding_a_term_and_a_duplicate(app, client, admin):
    data = {"vocabulary": "bidang", "label": "Hukum Agraria"}
    assert "Istilah ditambahkan" in post(client, "/staf/kosakata/istilah", data).get_data(as_text=True)
    assert "sudah ada" in post(client, "/staf/kosakata/istilah", data).get_data(as_text=True)
    from jdih.catalogue.models import Term

    with app.app_context():
        assert len(db.session.scalars(select(Term).where(Term.label == "Hukum Agraria")).all()) == 1


def audit_count_of(app) -> int:
    with app.app_context():
        return audit_count()
