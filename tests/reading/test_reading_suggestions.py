"""Relations the parsed structure states: Mengingat items (dasar hukum) and
an amendment's Pasal I items (mengubah, with the pasal), read from real
texts (tests/data/structure), stored when the structure is parsed and
recorded only when staff confirm (library and HTTP)."""
from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from conftest import client_as, csrf_token_from
from jdih.extensions import db
from jdih.reading.suggestions import changed_pasal, found_in
from jdih.relations.models import Relation
from jdih.structure import parse_text
from reading_support import make_accounts, make_law

DATA = Path(__file__).resolve().parents[1] / "data" / "structure"


def tree(name: str, replace: tuple[str, str] | None = None) -> dict:
    text = (DATA / name).read_text(encoding="utf-8")
    if replace:
        text = text.replace(*replace)
    return parse_text(text).to_dict()


def identify(citation) -> str | None:
    return f"{citation.type} {citation.number}/{citation.year}" if citation.number and citation.year else None


def test_an_amendment_names_the_amended_law_and_the_pasal_it_changes():
    found = found_in(tree("uu-1975-5-perubahan-uu-16-1969.txt"), identify)
    assert [(s["kind"], s["identity"], s["pasal"]) for s in found] == [
        ("mengubah", "UU 16/1969",
         "Pasal 1 ayat (3) huruf b, Pasal 1 ayat (4) huruf b, Pasal 10 ayat (4) huruf a, Pasal 24 ayat (4) huruf a"),
        ("mengingat", "UU 8/1974", ""),
        ("mengingat", "UU 3/1975", ""),
    ]
    assert found[0]["where"] == "Pasal I" and found[0]["snippet"].startswith("Ketentuan-ketentuan dalam")
    assert found[1]["where"] == "Mengingat angka 1"


def test_inserted_changed_and_deleted_pasal_of_the_drafting_examples():
    example = tree("contoh-teknik-penyusunan-perubahan.txt")
    pasal_i = next(part for part in example["parts"] if part["label"] == "I")
    items = [child for child in pasal_i["children"] if child["kind"] == "perubahan"]
    # "Bab V dihapus"; "Di antara Pasal 128 dan Pasal 129 disisipkan 1 (satu) pasal, yakni
    # Pasal 128A"; "... ayat (1a) dan ayat (1b) sehingga Pasal 18 berbunyi"; "Pasal 16 dihapus".
    assert [changed_pasal(item) for item in items] == [[], ["Pasal 128A"], ["Pasal 18"], ["Pasal 16"]]
    # The example leaves the amended law blank: nothing to suggest.
    assert found_in(example, identify) == []
    named = tree("contoh-teknik-penyusunan-perubahan.txt",
                 ("Undang-Undang Nomor … Tahun\n… tentang …", "Undang-Undang Nomor 7 Tahun\n2017 tentang Pemilihan Umum"))
    assert [(s["kind"], s["identity"], s["pasal"]) for s in found_in(named, identify)] == [
        ("mengubah", "UU 7/2017", "Pasal 128A, Pasal 18, Pasal 16")]


@pytest.mark.parametrize("name, expected", [
    ("perda-prov-bali-2007-5-perubahan-keempat.txt", ["UU 64/1958", "UU 8/1987", "UU 17/2003"]),
    ("pkpu-2022-1-pembentukan-peraturan.txt", ["UU 12/2011", "UU 1/2015"]),
    ("perda-kab-madiun-2011-18-pasar.txt", ["UU 12/1950", "UU 32/2004", "UU 28/2009", "UU 12/2011"]),
])
def test_mengingat_items_become_dasar_hukum(name, expected):
    found = found_in(tree(name), identify)
    assert [(s["kind"], s["identity"]) for s in found] == [("mengingat", identity) for identity in expected]


def test_the_document_itself_is_never_suggested():
    found = found_in(tree("uu-1975-5-perubahan-uu-16-1969.txt"), identify, own_identity="UU 8/1974")
    assert "UU 8/1974" not in [s["identity"] for s in found]


@pytest.fixture
def amendment(app):
    """UU 5/1975 with its naskah (the real excerpt), UU 16/1969 catalogued."""
    make_accounts(app)
    pages = (DATA / "uu-1975-5-perubahan-uu-16-1969.txt").read_text(encoding="utf-8").split("\f")
    from reading_support import naskah_pdf

    with app.test_request_context():
        make_law("16", 1969, role=None, judul="Susunan dan Kedudukan MPR, DPR dan DPRD")
        doc = make_law("5", 1975, pdf=naskah_pdf(pages), judul="Perubahan UU 16/1969")
        db.session.commit()
        return doc.id


def relations(app) -> list[tuple[str, str, str, str | None]]:
    with app.app_context():
        return [(r.source_identity, r.kind, r.target_identity, r.pasal)
                for r in db.session.scalars(select(Relation).order_by(Relation.id))]


def test_staff_confirm_what_the_structure_suggests(app, amendment):
    # Parsing stored the suggestions; none is recorded by itself.
    assert relations(app) == []
    editor = client_as(app, "editor")
    html = editor.get(f"/staf/dokumen/{amendment}").get_data(as_text=True)
    section = html[html.index('id="struktur-staf"'):]
    section = section[:section.index("</section>")]
    assert "Saran relasi dari struktur naskah" in section
    assert "UU 5/1975 mengubah UU 16/1969" in section and "Pasal 24 ayat (4) huruf a" in section
    assert "UU 5/1975 mengingat UU 8/1974" in section
    # The one click: the suggestion's own form, pasal filled in.
    response = editor.post(f"/staf/dokumen/{amendment}/relasi", data={
        "csrf_token": csrf_token_from(html), "direction": "mengubah", "other": "UU 16/1969",
        "pasal": "Pasal 1 ayat (3) huruf b, Pasal 1 ayat (4) huruf b, Pasal 10 ayat (4) huruf a, "
                 "Pasal 24 ayat (4) huruf a", "back_to": str(amendment)})
    assert response.status_code == 302
    assert relations(app) == [("UU 5/1975", "mengubah", "UU 16/1969",
                               "Pasal 1 ayat (3) huruf b, Pasal 1 ayat (4) huruf b, "
                               "Pasal 10 ayat (4) huruf a, Pasal 24 ayat (4) huruf a")]
    html = editor.get(f"/staf/dokumen/{amendment}").get_data(as_text=True)
    section = html[html.index('id="struktur-staf"'):]
    section = section[:section.index("</section>")]
    assert "UU 5/1975 mengubah UU 16/1969" not in section and "mengingat UU 3/1975" in section
    # A staff reparse reads them again and still records nothing.
    token = csrf_token_from(html)
    assert editor.post(f"/staf/dokumen/{amendment}/struktur/urai", data={"csrf_token": token}).status_code == 302
    assert len(relations(app)) == 1
    # The public never sees the suggestions.
    assert "Saran relasi" not in app.test_client().get(f"/staf/dokumen/{amendment}").get_data(as_text=True)
