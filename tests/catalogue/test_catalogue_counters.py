"""Counting views and downloads is not an edit: the document's update time
(and so the JDIHN feed's ETag, the API cursor, Atom and the staff list's
order) stays where the last edit put it."""
from __future__ import annotations

import time

import pytest

from pdfs import make_pdf
from test_catalogue_support import add_document, fast_passwords  # noqa: F401


@pytest.fixture(autouse=True)
def _cheap_hashes(fast_passwords):
    pass


def _stamp(app, doc_id: int):
    from jdih.catalogue.models import Document
    from jdih.extensions import db

    with app.app_context():
        doc = db.session.get(Document, doc_id)
        return doc.updated_at, getattr(doc, "version", None), doc.view_count, doc.download_count


def test_views_and_downloads_leave_the_update_time_alone(app, client):
    with app.test_request_context():
        doc = add_document(nomor="7", tahun=2017, attach=("naskah", make_pdf(["isi"]), "uu.pdf"))
    feed = client.get("/integrasi/jdihn")
    etag, last_modified = feed.headers["ETag"], feed.headers["Last-Modified"]
    before = _stamp(app, doc.id)
    time.sleep(1.1)  # Last-Modified has whole seconds
    assert client.get(f"/dokumen/{doc.slug}").status_code == 200
    download = client.get(doc.file_url)
    assert download.status_code == 200
    download.close()
    updated_at, version, views, downloads = _stamp(app, doc.id)
    assert (views, downloads) == (before[2] + 1, before[3] + 1)
    assert (updated_at, version) == before[:2]
    again = client.get("/integrasi/jdihn")
    assert again.headers["ETag"] == etag and again.headers["Last-Modified"] == last_modified
    assert client.get("/integrasi/jdihn", headers={"If-None-Match": etag}).status_code == 304
