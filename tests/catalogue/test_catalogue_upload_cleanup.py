"""A file written for an upload follows the transaction's real outcome: a
failed commit or a request that dies leaves no file behind, a concurrent
upload of the same bytes keeps its file; a full disk and foreign file
names are answered plainly."""
from __future__ import annotations

import errno
import os
from urllib.parse import quote

import pytest
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from jdih.extensions import db
from pdfs import make_pdf
from test_catalogue_support import fast_passwords, files_under, upload  # noqa: F401 (a fixture)
from test_catalogue_uploads import docs, editor, post_file, state  # noqa: F401 (fixtures)


@pytest.fixture(autouse=True)
def _cheap_hashes(fast_passwords):  # noqa: F811
    pass


@pytest.fixture
def failing_commit():
    """Every commit fails, as a constraint violation or a lost connection would."""
    def fail(session):
        raise RuntimeError("commit failed")

    event.listen(Session, "before_commit", fail)
    yield
    event.remove(Session, "before_commit", fail)


def test_a_failed_commit_leaves_no_file(app, client, editor, docs, failing_commit):  # noqa: F811
    before = state(app)
    with pytest.raises(RuntimeError, match="commit failed"):
        post_file(client, docs["peraturan"].id, make_pdf(["gagal"]), "gagal.pdf")
    assert state(app) == before


def test_a_request_ending_in_an_exception_leaves_no_file(app, client, editor, docs, monkeypatch):  # noqa: F811
    """No explicit rollback: the request's teardown only removes the session."""
    from jdih.catalogue import attachments

    def broken(*args, **kwargs):
        raise RuntimeError("audit down")

    monkeypatch.setattr(attachments.audit, "record", broken)
    before = state(app)
    with pytest.raises(RuntimeError, match="audit down"):
        post_file(client, docs["peraturan"].id, make_pdf(["mati"]), "mati.pdf")
    assert state(app) == before


def _attach_elsewhere(app, doc_id: int, data: bytes, commit: bool = True):
    """Another request (its own app context, so its own session)."""
    from jdih.catalogue import attachments
    from jdih.catalogue.models import Document

    context = app.app_context()
    context.push()
    request = app.test_request_context()
    request.push()
    attachments.add_attachment(db.session.get(Document, doc_id), upload(data, "sama.pdf"), "lampiran")
    if commit:
        db.session.commit()
    return lambda: (db.session.commit(), request.pop(), context.pop())


def test_a_concurrent_upload_of_the_same_bytes_keeps_its_file(app, docs):  # noqa: F811
    from jdih.catalogue.file_lifecycle import store

    data = make_pdf(["sama"])
    with app.test_request_context():
        store(data)  # this request writes the file ...
        _attach_elsewhere(app, docs["laporan"].id, data)()  # ... another commits the same bytes ...
        db.session.rollback()  # ... and this one fails
    with app.app_context():
        assert len(files_under(app.config["UPLOAD_DIR"])) == 1


def test_a_file_removed_by_a_failed_upload_is_written_again_by_the_commit_that_needs_it(app, docs):  # noqa: F811
    from jdih.catalogue.file_lifecycle import store

    data = make_pdf(["sama"])
    with app.test_request_context():
        store(data)
        failing = db.session()  # this request's session
        finish_other = _attach_elsewhere(app, docs["laporan"].id, data, commit=False)
        failing.rollback()  # nothing committed names the file yet: it goes
        assert files_under(app.config["UPLOAD_DIR"]) == []
        finish_other()  # the other upload commits and restores the file it relies on
    assert len(files_under(app.config["UPLOAD_DIR"])) == 1


def test_a_full_disk_says_the_file_could_not_be_stored(app, client, editor, docs, monkeypatch):  # noqa: F811
    def no_space(fd):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", no_space)
    doc_id = docs["peraturan"].id
    before = state(app)
    response = post_file(client, doc_id, make_pdf(["penuh"]), "penuh.pdf")
    html = response.get_data(as_text=True)
    assert response.status_code == 507
    assert "Berkas tidak dapat disimpan: ruang penyimpanan server penuh" in html
    assert f'href="/staf/dokumen/{doc_id}"' in html
    assert state(app) == before  # no temporary file either
    response = client.post(f"/staf/dokumen/{doc_id}/lampiran", headers={"Accept": "application/json"},
                           data={"csrf_token": "x"})  # refused by CSRF before storage: still JSON
    assert response.get_json()["error"]["code"] == "csrf_failed"


def test_a_foreign_file_name_stays_readable(app, client, editor, docs):  # noqa: F811
    from jdih.catalogue.models import Attachment, Document

    assert post_file(client, docs["peraturan"].id, make_pdf(["isi"]), "普通话 дoc.pdf").status_code == 302
    with app.app_context():
        attachment = db.session.scalars(select(Attachment)).one()
        slug = db.session.get(Document, docs["peraturan"].id).slug
        assert attachment.filename == "普通话_дoc.pdf"
    response = client.get(f"/dokumen/{slug}/berkas/{attachment.id}/{quote(attachment.filename)}?unduh=1")
    response.close()
    assert response.status_code == 200
    assert f"filename*=UTF-8''{quote('普通话_дoc.pdf')}" in response.headers["Content-Disposition"]
