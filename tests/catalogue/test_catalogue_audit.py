"""Every kind of change leaves an audit entry (who, what, old -> new),
readable on /admin/audit by admins only."""
from __future__ import annotations

import io

import pytest
from sqlalchemy import select

from conftest import csrf_token_from
from jdih.extensions import db
from pdfs import make_pdf
from test_catalogue_support import fast_passwords, jenis_id  # noqa: F401


@pytest.fixture(autouse=True)
def _cheap_hashes(fast_passwords):
    pass


def entries(app, **where):
    from jdih.core.audit import AuditEntry

    with app.app_context():
        query = select(AuditEntry).order_by(AuditEntry.id)
        for name, value in where.items():
            query = query.where(getattr(AuditEntry, name) == value)
        return [(e.action, e.object_type, e.object_id, e.changes, e.user_id) for e in db.session.scalars(query)]


def post_from(client, page_url: str, action: str, data: dict, **kwargs):
    page = client.get(page_url).get_data(as_text=True)
    return client.post(action, data={"csrf_token": csrf_token_from(page), **data}, **kwargs)


@pytest.fixture
def admin(app, auth, users):
    auth.login(users["admin"])
    from jdih.accounts.operations import find_user

    with app.app_context():
        return find_user(users["admin"]).id


def test_document_changes_are_audited_with_old_and_new_values(app, client, admin):
    with app.app_context():
        uu = jenis_id("peraturan", "UU")
    form = {"jenis_id": str(uu), "nomor": "7", "tahun": "2017", "judul": "Pemilu", "visibility": "public"}
    url = post_from(client, "/staf/dokumen/baru/peraturan", "/staf/dokumen/baru/peraturan", form).headers["Location"]
    doc_id = int(url.rsplit("/", 1)[1])
    post_from(client, url, url, {**form, "judul": "Pemilihan Umum", "visibility": "partner"})
    post_from(client, url, url, {**form, "judul": "Pemilihan Umum", "visibility": "partner"})  # no change
    for action in ("terbitkan", "tarik", "hapus", "pulihkan"):
        assert post_from(client, url, f"{url}/{action}", {}).status_code == 302
    post_from(client, url, f"{url}/lampiran", {"role": "naskah", "title": "",
                                               "file": (io.BytesIO(make_pdf(["isi"])), "uu.pdf")},
              content_type="multipart/form-data")
    from jdih.catalogue.models import Attachment

    with app.app_context():
        attachment_id = db.session.scalars(select(Attachment.id)).one()
    post_from(client, url, f"/staf/lampiran/{attachment_id}/hapus", {})

    log = entries(app, object_type="document", object_id=doc_id)
    assert [action for action, *_ in log] == [
        "create", "edit", "publish", "unpublish", "delete", "restore", "attach", "detach"]
    assert all(user_id == admin for *_, user_id in log)
    create, edit = log[0][3], log[1][3]
    assert create["judul"] == [None, "Pemilu"] and create["identity"] == [None, "UU 7/2017"]
    assert edit == {"judul": ["Pemilu", "Pemilihan Umum"], "visibility": ["public", "partner"]}
    assert log[2][3] == {"state": ["draft", "published"]}
    assert log[4][3] == {"is_deleted": [False, True]}
    assert log[6][3]["lampiran"] == [None, "uu.pdf (Naskah)"]
    assert log[7][3] == {"lampiran": ["uu.pdf (Naskah)", None]}

    page = client.get(f"/admin/audit?objek=document&id={doc_id}").get_data(as_text=True)
    for label in ("Dibuat", "Diubah", "Diterbitkan", "Ditarik dari publikasi", "Dihapus", "Dipulihkan",
                  "Lampiran ditambahkan", "Lampiran dihapus"):
        assert label in page
    assert "Pemilu" in page and "Pemilihan Umum" in page and "Judul" in page
    only_edits = client.get(f"/admin/audit?objek=document&id={doc_id}&aksi=edit").get_data(as_text=True)
    assert "Diterbitkan" not in only_edits.split("<tbody>")[1]


def test_removing_a_file_twice_is_refused(app, client, admin):
    from test_catalogue_support import add_document

    with app.test_request_context():
        doc = add_document(attach=("naskah", make_pdf(["x"]), "x.pdf"))
    url = f"/staf/lampiran/{doc.attachment_id}/hapus"
    assert post_from(client, "/", url, {}).status_code == 302
    assert post_from(client, "/", url, {}).status_code == 404
    assert [a for a, *_ in entries(app, action="detach")] == ["detach"]


def test_user_changes_are_audited_without_passwords(app, client, admin):
    post_from(client, "/admin/pengguna/baru", "/admin/pengguna/baru",
              {"email": "Baru@Uji.id", "name": "Baru", "role": "editor", "password": "kata-sandi-123"})
    from jdih.accounts.operations import find_user

    with app.app_context():
        user_id = find_user("baru@uji.id").id
    url = f"/admin/pengguna/{user_id}"
    post_from(client, url, url, {"name": "Baru Sekali", "role": "partner", "password": "sandi-baru-456"})
    log = entries(app, object_type="user", object_id=user_id)
    assert [action for action, *_ in log] == ["create", "edit"]
    assert log[0][3] == {"email": [None, "baru@uji.id"], "role": [None, "editor"]}
    assert log[1][3] == {"name": ["Baru", "Baru Sekali"], "role": ["editor", "partner"],
                         "active": [True, False], "password": ["***", "***"]}
    page = client.get("/admin/audit?objek=user").get_data(as_text=True)
    assert "baru@uji.id" in page and "sandi-baru-456" not in page and "kata-sandi-123" not in page


def test_vocabulary_changes_are_audited(app, client, admin):
    post_from(client, "/staf/kosakata", "/staf/kosakata/jenis",
              {"doc_type": "peraturan", "name": "Peraturan Uji", "abbreviation": "PUJI", "citation_type": ""})
    post_from(client, "/staf/kosakata", "/staf/kosakata/istilah", {"vocabulary": "bidang", "label": "Hukum Uji"})
    with app.app_context():
        new_jenis = jenis_id("peraturan", "PUJI")
    post_from(client, "/staf/kosakata", f"/staf/kosakata/jenis/{new_jenis}",
              {"name": "Peraturan Uji Coba", "abbreviation": "PUJI", "citation_type": ""})
    jenis_log = entries(app, object_type="jenis", object_id=new_jenis)
    assert [action for action, *_ in jenis_log] == ["create", "edit"]
    assert jenis_log[1][3] == {"name": ["Peraturan Uji", "Peraturan Uji Coba"]}
    term_log = entries(app, object_type="term")
    assert [(action, changes) for action, _, _, changes, _ in term_log] == [("create", {"label": [None, "Hukum Uji"]})]
    page = client.get("/admin/audit?objek=jenis").get_data(as_text=True)
    assert "Peraturan Uji Coba" in page


def test_renaming_an_abbreviation_recomputes_and_audits_identities(app, client, admin):
    from test_catalogue_support import add_document

    with app.test_request_context():
        doc = add_document(nomor="7", tahun=2017)
        uu = jenis_id("peraturan", "UU")
    post_from(client, "/staf/kosakata", f"/staf/kosakata/jenis/{uu}",
              {"name": "Undang-Undang", "abbreviation": "UNDANG", "citation_type": "UU"})
    edits = entries(app, object_type="document", object_id=doc.id, action="edit")
    assert edits[-1][3]["identity"] == ["UU 7/2017", "UNDANG 7/2017"]


def test_audit_log_is_paginated(app, client, admin):
    app.config["PAGE_SIZE"] = 2  # four entries a page
    for n in range(5):
        post_from(client, "/staf/kosakata", "/staf/kosakata/istilah",
                  {"vocabulary": "subjek", "label": f"Subjek uji nomor {n}"})
    # Labels long enough that a random CSRF token cannot contain them.
    first = client.get("/admin/audit").get_data(as_text=True)
    assert "Halaman 1 dari 2" in first and "Subjek uji nomor 4" in first
    assert "Subjek uji nomor 0" not in first
    assert "Subjek uji nomor 0" in client.get("/admin/audit?page=2").get_data(as_text=True)
