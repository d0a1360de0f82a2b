"""Bulk actions on the staff list (publish, unpublish, delete a selection in
one POST), the refusal to publish an incomplete record, the sectioned
document form and its delete confirmation."""
from __future__ import annotations

import html
import re

import pytest
from sqlalchemy import select

from conftest import csrf_token_from
from jdih.extensions import db
from test_catalogue_support import add_document, fast_passwords  # noqa: F401

LIST = "/staf/dokumen"


@pytest.fixture(autouse=True)
def _cheap_hashes(fast_passwords):
    pass


@pytest.fixture
def editor(client, auth, users):
    auth.login(users["editor"])
    return client


def bulk(client, action: str, ids, **extra):
    token = csrf_token_from(client.get(LIST).get_data(as_text=True))
    return client.post(f"{LIST}/massal", data={"csrf_token": token, "aksi": action,
                                                "dokumen": [str(i) for i in ids], **extra})


def flashes(client) -> str:
    page = client.get(LIST).get_data(as_text=True)
    return html.unescape(" ".join(re.findall(r'<p class="flash[^"]*">(.*?)</p>', page)))


def states(app, ids) -> dict[int, tuple[str, bool]]:
    from jdih.catalogue.models import Document

    with app.app_context():
        return {i: (db.session.get(Document, i).state, db.session.get(Document, i).is_deleted) for i in ids}


def audited(app, action: str) -> list[tuple[int, int]]:
    from jdih.core.audit import AuditEntry

    with app.app_context():
        return [(e.object_id, e.user_id) for e in db.session.scalars(
            select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.object_id))]


def make_docs(app):
    with app.test_request_context():
        ready = [add_document(state="draft", nomor=str(n), judul=f"Siap terbit {n}").id for n in (1, 2)]
        incomplete = add_document(state="draft", nomor="3", tahun=None, judul="Tanpa tahun").id
        deleted = add_document(state="draft", nomor="4", deleted=True, judul="Sudah dihapus").id
    return ready, incomplete, deleted


def test_bulk_publish_applies_the_rest_and_names_the_refused(app, editor, users):
    from jdih.accounts.operations import find_user

    ready, incomplete, deleted = make_docs(app)
    response = bulk(editor, "terbitkan", [*ready, incomplete, deleted])
    assert response.status_code == 302 and response.headers["Location"] == LIST
    assert states(app, [*ready, incomplete, deleted]) == {
        ready[0]: ("published", False), ready[1]: ("published", False),
        incomplete: ("draft", False), deleted: ("draft", True)}
    with app.app_context():
        editor_id = find_user(users["editor"]).id
    # One audit entry per published document, credited to the editor.
    assert audited(app, "publish") == [(ready[0], editor_id), (ready[1], editor_id)]
    shown = flashes(editor)
    assert "2 dokumen diterbitkan." in shown
    assert "2 dokumen tidak diterbitkan" in shown
    assert "Tanpa tahun" in shown and "isian wajib kosong: Tahun" in shown
    assert "“UU 4/2020” (dokumen dihapus; pulihkan dulu)" in shown


def test_bulk_unpublish_and_already_unchanged(app, editor):
    with app.test_request_context():
        published = add_document(nomor="5").id
        draft = add_document(state="draft", nomor="6").id
    bulk(editor, "tarik", [published, draft])
    assert states(app, [published, draft]) == {published: ("draft", False), draft: ("draft", False)}
    shown = flashes(editor)
    assert "1 dokumen ditarik menjadi draf." in shown and "1 dokumen sudah dalam keadaan itu" in shown
    assert [doc for doc, _ in audited(app, "unpublish")] == [published]


def test_bulk_delete_asks_first_then_deletes_restorably(app, editor):
    with app.test_request_context():
        ids = [add_document(nomor=str(n), judul=f"Akan dihapus {n}").id for n in (7, 8)]
    asked = bulk(editor, "hapus", ids, kembali="/staf/dokumen?tipe=peraturan")
    page = asked.get_data(as_text=True)
    assert asked.status_code == 200 and "Hapus 2 dokumen?" in page and "dapat dibatalkan" in page
    assert "Akan dihapus 7" in page and "Akan dihapus 8" in page
    assert states(app, ids) == {i: ("published", False) for i in ids}  # nothing yet
    token = csrf_token_from(page)
    confirmed = editor.post(f"{LIST}/massal", data={"csrf_token": token, "aksi": "hapus", "konfirmasi": "1",
                                                    "kembali": "/staf/dokumen?tipe=peraturan",
                                                    "dokumen": [str(i) for i in ids]})
    assert confirmed.headers["Location"] == "/staf/dokumen?tipe=peraturan"
    assert states(app, ids) == {i: ("published", True) for i in ids}
    assert [doc for doc, _ in audited(app, "delete")] == ids
    assert "2 dokumen dihapus (dapat dipulihkan)." in flashes(editor)


@pytest.mark.parametrize("action, ids, message", [
    ("", "one", "Pilih tindakan untuk dokumen yang dicentang."),
    ("musnahkan", "one", "Pilih tindakan untuk dokumen yang dicentang."),
    ("terbitkan", "none", "Centang minimal satu dokumen."),
    ("terbitkan", "unknown", "Centang minimal satu dokumen."),
])
def test_bulk_without_action_or_selection_changes_nothing(app, editor, action, ids, message):
    with app.test_request_context():
        draft = add_document(state="draft", nomor="9").id
    selection = {"one": [draft], "none": [], "unknown": [987654]}[ids]
    response = bulk(editor, action, selection)
    assert response.status_code == 302
    assert states(app, [draft]) == {draft: ("draft", False)}
    assert message in flashes(editor)


def test_bulk_return_address_stays_on_the_site(app, editor):
    with app.test_request_context():
        draft = add_document(state="draft", nomor="10").id
    response = bulk(editor, "terbitkan", [draft], kembali="//evil.example/x")
    assert response.headers["Location"] == LIST


def test_staff_list_offers_the_bulk_form(app, editor):
    with app.test_request_context():
        draft = add_document(state="draft", nomor="11").id
    page = editor.get(LIST).get_data(as_text=True)
    assert f'action="{LIST}/massal"' in page
    assert f'name="dokumen" value="{draft}"' in page
    for action in ("terbitkan", "tarik", "hapus"):
        assert f'<option value="{action}">' in page


def test_single_publish_of_an_incomplete_draft_is_refused_in_indonesian(app, editor):
    with app.test_request_context():
        doc = add_document(state="draft", nomor="12", tahun=None).id
    page = editor.get(f"{LIST}/{doc}").get_data(as_text=True)
    response = editor.post(f"{LIST}/{doc}/terbitkan", data={"csrf_token": csrf_token_from(page)},
                           follow_redirects=True)
    assert "Belum dapat diterbitkan: isian wajib Tahun masih kosong." in html.unescape(
        response.get_data(as_text=True))
    assert states(app, [doc]) == {doc: ("draft", False)}


# -- the sectioned form -----------------------------------------------------------

def fieldset_names(page: str) -> dict[str, list[str]]:
    """{section key: names of the inputs inside its fieldset}."""
    found = {}
    for key, body in re.findall(r'<fieldset class="form-section" id="bagian-(\w+)">(.*?)</fieldset>', page, re.S):
        found[key] = re.findall(r'name="(\w+)"', body)
    return found


@pytest.mark.parametrize("doc_type", ["peraturan", "putusan", "monografi", "artikel", "laporan"])
def test_form_groups_every_field_of_the_type_once(app, editor, doc_type):
    from jdih.catalogue.fields import fields_for

    page = editor.get(f"{LIST}/baru/{doc_type}").get_data(as_text=True)
    sections = fieldset_names(page)
    assert list(sections)[0] == "identitas" and "klasifikasi" in sections
    assert "<legend>Identitas</legend>" in page
    names = [name for names in sections.values() for name in names]
    assert sorted(names) == sorted([f.name for f in fields_for(doc_type)] + ["visibility"])
    assert "visibility" in sections["klasifikasi"]


def test_form_sections_place_dates_and_abstracts(app, editor):
    sections = fieldset_names(editor.get(f"{LIST}/baru/putusan").get_data(as_text=True))
    assert "tanggal_dibacakan" in sections["tanggal"]
    assert {"amar", "abstrak", "catatan"} <= set(sections["abstrak"])
    assert {"nomor", "judul", "pemohon"} <= set(sections["identitas"])
    book = fieldset_names(editor.get(f"{LIST}/baru/monografi").get_data(as_text=True))
    assert "tempat_penetapan" in book["identitas"]  # "Tempat terbit" of a book is part of its identity


def test_delete_button_asks_and_says_the_document_can_be_restored(app, editor):
    with app.test_request_context():
        doc = add_document(nomor="13").id
    page = editor.get(f"{LIST}/{doc}").get_data(as_text=True)
    confirm = page[page.index('<details class="confirm-delete">'):]
    confirm = confirm[:confirm.index("</details>")]
    assert "<summary" in confirm and "memulihkannya" in confirm
    assert f'action="{LIST}/{doc}/hapus"' in confirm and 'name="csrf_token"' in confirm
    assert 'href="#lampiran"' in page and 'href="#bagian-relasi"' in page and 'id="bagian-relasi"' in page
