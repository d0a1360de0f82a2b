"""A request whose database connection is terminated under it (a restart,
a failover, pg_terminate_backend) is run again on a fresh connection when
nothing of it was committed: readers see the page, an editor's save is
stored once (issue 11, faults)."""
from __future__ import annotations

import pytest
from sqlalchemy import create_engine, event, select, text

from conftest import DATABASES, POSTGRES_URL, client_as, make_user
from edit_forms import form_fields

pytestmark = pytest.mark.parametrize("database_url", [DATABASES[1]], indirect=True)


class Terminator:
    """Terminates the backend of the app's connection the first time a
    statement matching ``marker`` runs on it, as a DBA's
    pg_terminate_backend would in the middle of a request."""

    def __init__(self, engine, marker: str):
        self.engine, self.marker, self.fired = engine, marker, 0
        self.admin = create_engine(POSTGRES_URL.replace("postgresql://", "postgresql+psycopg://", 1))

    def __enter__(self):
        event.listen(self.engine, "before_cursor_execute", self._maybe_terminate)
        return self

    def __exit__(self, *exc):
        event.remove(self.engine, "before_cursor_execute", self._maybe_terminate)
        self.admin.dispose()

    def _maybe_terminate(self, conn, _cursor, statement, *_args):
        if self.fired or self.marker not in statement:
            return
        self.fired += 1
        pid = conn.connection.dbapi_connection.info.backend_pid
        with self.admin.begin() as admin:
            admin.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})


def _published_document(app) -> tuple[int, str]:
    from jdih.catalogue import operations
    from jdih.catalogue.vocabulary import jenis_choices
    from jdih.extensions import db

    with app.app_context():
        uu = next(j.id for j in jenis_choices("peraturan") if j.abbreviation == "UU")
        doc = operations.create_document("peraturan", {
            "jenis_id": uu, "nomor": "7", "tahun": 2017, "judul": "Pemilihan Umum"})
        operations.publish(doc)
        db.session.commit()
        return doc.id, doc.slug


def test_a_page_read_when_its_connection_is_terminated_is_served(app):
    _doc_id, slug = _published_document(app)
    client = app.test_client()
    with app.app_context():
        from jdih.extensions import db
        engine = db.engine
    with Terminator(engine, "FROM document") as terminator:
        page = client.get(f"/dokumen/{slug}")
    assert terminator.fired == 1
    assert page.status_code == 200
    assert "Pemilihan Umum" in page.get_data(as_text=True)


def test_a_save_whose_connection_is_terminated_is_stored_once(app):
    from jdih.catalogue.models import Document
    from jdih.core.audit import AuditEntry
    from jdih.extensions import db

    doc_id, _slug = _published_document(app)
    make_user(app, "editor@uji.id", "editor")
    editor = client_as(app, "editor")
    url = f"/staf/dokumen/{doc_id}"
    form = form_fields(editor.get(url).get_data(as_text=True))
    form["judul"] = "Pemilihan Umum (disunting)"
    with app.app_context():
        engine = db.engine
        version = db.session.get(Document, doc_id).version
    with Terminator(engine, "UPDATE document") as terminator:
        saved = editor.post(url, data=form)
    assert terminator.fired == 1
    assert saved.status_code == 302, saved.get_data(as_text=True)[:2000]
    with app.app_context():
        doc = db.session.get(Document, doc_id)
        assert doc.judul == "Pemilihan Umum (disunting)"
        assert doc.version == version + 1  # saved once, not twice
        edits = db.session.scalars(select(AuditEntry).where(
            AuditEntry.action == "edit", AuditEntry.object_id == doc_id)).all()
        assert len(edits) == 1
