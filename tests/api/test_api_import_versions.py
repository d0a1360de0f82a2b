"""An exported file remembers each document's version: importing it back
after someone edited the document refuses that row instead of undoing the
edit, and a write racing the import is reported, not a 500."""
from __future__ import annotations

import csv
import io

import pytest
from sqlalchemy import create_engine, text

from api_helpers import make_document
from test_api_import_formats import upload_and_apply
from jdih.extensions import db


def _exported_rows(client) -> list[dict]:
    body = client.get("/staf/ekspor?format=csv").get_data(as_text=True).lstrip("\ufeff")
    return list(csv.DictReader(io.StringIO(body)))


def _as_csv(rows: list[dict]) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


def _judul(app, doc_id: int) -> str:
    from jdih.catalogue.models import Document

    with app.app_context():
        return db.session.get(Document, doc_id).judul


def test_export_edit_then_import_refuses_the_outdated_row(app, client, auth, users):
    from jdih.catalogue import operations
    from jdih.catalogue.models import Document

    doc_id = make_document(app, jenis="UU", nomor="7", tahun=2017, judul="Pemilihan Umum")
    auth.login(users["editor"])
    rows = _exported_rows(client)
    assert rows[0]["versi"] == "2"  # created, then published
    with app.test_request_context():
        operations.update_document(db.session.get(Document, doc_id), {"judul": "Judul dari editor"})
        db.session.commit()
    rows[0]["judul"] = "Judul dari berkas"
    preview, applied = upload_and_apply(client, _as_csv(rows), "katalog.csv")
    assert "Ditolak" in preview and "sudah diubah sejak berkas ini dibuat" in preview
    assert applied.status_code == 302
    assert _judul(app, doc_id) == "Judul dari editor"

    rows = _exported_rows(client)  # a fresh export carries the new version
    rows[0]["judul"] = "Judul dari berkas"
    preview, applied = upload_and_apply(client, _as_csv(rows), "katalog.csv")
    assert "Ditolak" not in preview and _judul(app, doc_id) == "Judul dari berkas"


def test_a_write_racing_the_import_is_a_clear_row_error(app):
    from jdih.api import import_files, importer
    from jdih.catalogue.models import Document

    doc_id = make_document(app, jenis="UU", nomor="7", tahun=2017, judul="Pemilihan Umum")
    data = b"tipe,jenis,nomor,tahun,judul\nperaturan,UU,7,2017,Judul dari berkas\n"
    with app.test_request_context():
        plan = importer.make_plan(import_files.read(data, "csv", lambda word: None))
        assert plan.rows[0].action == importer.UPDATE
        held = db.session.get(Document, doc_id)  # this worker has read the row...
        # ...when another worker saves the same document.
        other = create_engine(db.engine.url)
        with other.begin() as connection:
            connection.execute(text("UPDATE document SET judul = 'Dari pekerja lain', "
                                    "version = version + 1 WHERE id = :id"), {"id": doc_id})
        other.dispose()
        with pytest.raises(importer.ApplyFailed) as failed:
            importer.apply_plan(plan)
        db.session.rollback()
        assert held.judul == "Dari pekerja lain"
    assert "Baris 2" in str(failed.value) and "sudah diubah orang lain" in str(failed.value)
    assert _judul(app, doc_id) == "Dari pekerja lain"
