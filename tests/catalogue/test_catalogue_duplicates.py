"""Two records with the same canonical identity are refused, after
normalisation, with a message that names the record that already exists."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from conftest import csrf_token_from
from jdih.extensions import db
from test_catalogue_support import add_document, fast_passwords, jenis_id  # noqa: F401


@pytest.fixture(autouse=True)
def _cheap_hashes(fast_passwords):
    pass


@pytest.fixture
def editor(auth, users):
    auth.login(users["editor"])
    return auth


def document_count(app) -> int:
    from jdih.catalogue.models import Document

    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Document))


def create(client, app, doc_type: str, jenis: dict, **values):
    with app.app_context():
        values["jenis_id"] = str(jenis_id(doc_type, **jenis))
    page = client.get(f"/staf/dokumen/baru/{doc_type}").get_data(as_text=True)
    data = {"judul": "Judul uji", "tahun": "2017", "visibility": "public",
            "csrf_token": csrf_token_from(page)}
    data.update(values)
    return client.post(f"/staf/dokumen/baru/{doc_type}", data=data)


UU = {"abbreviation": "UU"}
MA = {"abbreviation": "MA"}
MK = {"abbreviation": "MK"}
KEPKPU = {"abbreviation": "Keputusan KPU"}

CASES = {
    "same-number": ("peraturan", UU, {"nomor": "7"}, {"nomor": "7"}, "UU 7/2017"),
    "zeros-and-prefix": ("peraturan", UU, {"nomor": "7"}, {"nomor": "No. 007"}, "UU 7/2017"),
    "number-as-cited": ("peraturan", UU, {"nomor": "7"}, {"nomor": "Nomor 7 Tahun 2017"}, "UU 7/2017"),
    "ma-register-space": ("putusan", MA, {"nomor": "15P/HUM/2009", "tahun": "2009"},
                          {"nomor": "15 P/HUM/2009", "tahun": "2009"}, "MA 15 P/HUM/2009"),
    "case-of-letters": ("putusan", MK, {"nomor": "20/PHPU.BUP-XXIII/2025", "tahun": "2025"},
                        {"nomor": "20/phpu.bup-xxiii/2025", "tahun": "2025"}, "MK 20/PHPU.BUP-XXIII/2025"),
    "abbreviation-as-spelled": ("peraturan", KEPKPU, {"nomor": "360", "tahun": "2024"},
                                {"nomor": "0360", "tahun": "2024"}, "Keputusan KPU 360/2024"),
}


@pytest.mark.parametrize("case", CASES, ids=str)
def test_duplicate_identity_is_refused_naming_the_existing_record(app, client, editor, case):
    doc_type, jenis, first, second, identity = CASES[case]
    response = create(client, app, doc_type, jenis, judul="Yang pertama", **first)
    assert response.status_code == 302
    existing_id = int(response.headers["Location"].rstrip("/").split("/")[-1])
    count = document_count(app)

    response = create(client, app, doc_type, jenis, judul="Yang kedua", **second)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f"Dokumen dengan identitas {identity} sudah ada" in html
    assert "Yang pertama" in html and f"ID {existing_id}" in html
    assert f'href="/staf/dokumen/{existing_id}"' in html
    assert document_count(app) == count


def test_different_years_are_different_documents(app, client, editor):
    assert create(client, app, "peraturan", UU, nomor="7", tahun="2017").status_code == 302
    assert create(client, app, "peraturan", UU, nomor="7", tahun="2018").status_code == 302


def test_edit_into_an_existing_identity_is_refused(app, client, editor):
    create(client, app, "peraturan", UU, nomor="7", judul="Pemilu")
    other = create(client, app, "peraturan", UU, nomor="8", judul="Lain").headers["Location"]
    page = client.get(other).get_data(as_text=True)
    with app.app_context():
        uu = jenis_id("peraturan", "UU")
    response = client.post(other, data={"csrf_token": csrf_token_from(page), "jenis_id": str(uu),
                                        "nomor": "007", "tahun": "2017", "judul": "Lain",
                                        "visibility": "public"})
    assert response.status_code == 200
    assert "Dokumen dengan identitas UU 7/2017 sudah ada" in response.get_data(as_text=True)
    assert "UU 8/2017" in client.get(other).get_data(as_text=True)


def test_a_deleted_record_still_holds_its_identity(app, client, editor):
    with app.test_request_context():
        doc = add_document(nomor="7", tahun=2017, judul="Terhapus", deleted=True)
    response = create(client, app, "peraturan", UU, nomor="7")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "sudah ada" in html and "dihapus" in html and f"ID {doc.id}" in html


def test_operations_refuse_duplicates_too(app):
    """The rule lives in the operation, so the API and importers get it as well."""
    from jdih.catalogue import operations

    with app.test_request_context():
        add_document(nomor="7", tahun=2017)
        with pytest.raises(operations.DuplicateIdentity) as refused:
            operations.create_document("peraturan", {"jenis_id": jenis_id("peraturan", "UU"),
                                                     "nomor": "No. 7", "tahun": 2017, "judul": "x"})
        assert "UU 7/2017" in refused.value.message
