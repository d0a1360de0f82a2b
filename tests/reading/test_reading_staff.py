"""Staff actions on a document's structure (edit page, audited, CSRF) and
``flask structure reparse``."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from conftest import client_as, csrf_token_from
from jdih.catalogue.models import Document
from jdih.core.audit import AuditEntry
from jdih.extensions import db
from jdih.reading.models import DocumentStructure
from reading_support import make_accounts, make_law, naskah_pdf, upload


@pytest.fixture
def law(app):
    make_accounts(app)
    with app.test_request_context():
        doc = make_law()
        db.session.commit()
        return doc.id, doc.slug


def state_of(app, doc_id: int):
    with app.app_context():
        row = db.session.get(DocumentStructure, doc_id)
        return row.state if row else None


def actions(app, doc_id: int) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(select(AuditEntry.action).where(
            AuditEntry.object_type == "document", AuditEntry.object_id == doc_id,
            AuditEntry.action.like("structure-%")).order_by(AuditEntry.id)))


def post(client, doc_id: int, action: str):
    token = csrf_token_from(client.get(f"/staf/dokumen/{doc_id}").get_data(as_text=True))
    return client.post(f"/staf/dokumen/{doc_id}/struktur/{action}", data={"csrf_token": token})


def test_staff_hide_then_reparse_audited(app, client, law):
    doc_id, slug = law
    staff = client_as(app, "editor")
    page = staff.get(f"/staf/dokumen/{doc_id}").get_data(as_text=True)
    assert "Parse ulang struktur" in page and "Tandai struktur tidak tersedia" in page
    assert 'data-structure-state="ok"' in page

    response = post(staff, doc_id, "tidak-tersedia")
    assert response.status_code == 302 and response.location.endswith(f"/staf/dokumen/{doc_id}#struktur")
    assert state_of(app, doc_id) == "unavailable"
    assert 'id="naskah"' not in client.get(f"/dokumen/{slug}").get_data(as_text=True)
    assert client.get(f"/api/v1/documents/{slug}/struktur").status_code == 404

    # A new naskah upload keeps the staff mark.
    with app.test_request_context():
        from jdih.catalogue import attachments

        attachments.add_attachment(db.session.get(Document, doc_id), upload(naskah_pdf()), "naskah")
        db.session.commit()
    assert state_of(app, doc_id) == "unavailable"

    assert post(staff, doc_id, "urai").status_code == 302
    assert state_of(app, doc_id) == "ok"
    assert 'id="pasal-2"' in client.get(f"/dokumen/{slug}").get_data(as_text=True)
    assert actions(app, doc_id) == ["structure-hide", "structure-parse"]


def test_reparse_without_a_naskah_explains(app, law):
    with app.test_request_context():
        doc = make_law("11", role=None)
        db.session.commit()
        doc_id = doc.id
    staff = client_as(app, "editor")
    response = post(staff, doc_id, "urai")
    assert response.status_code == 302
    page = staff.get(response.location).get_data(as_text=True)
    assert "belum memiliki berkas naskah PDF" in page
    assert state_of(app, doc_id) is None and actions(app, doc_id) == []


def test_refused_without_csrf_or_staff(app, law):
    doc_id, _ = law
    staff = client_as(app, "editor")
    assert staff.post(f"/staf/dokumen/{doc_id}/struktur/tidak-tersedia").status_code == 400
    partner = client_as(app, "partner")
    assert post(partner, doc_id, "tidak-tersedia").status_code == 403
    assert state_of(app, doc_id) == "ok" and actions(app, doc_id) == []


def test_cli_reparse_one_all_and_bad_arguments(app, runner, law):
    doc_id, slug = law
    with app.app_context():
        db.session.delete(db.session.get(DocumentStructure, doc_id))
        db.session.commit()
    result = runner.invoke(args=["structure", "reparse", slug])
    assert result.exit_code == 0 and "Terurai" in result.output
    assert state_of(app, doc_id) == "ok" and actions(app, doc_id) == ["structure-parse"]
    with app.app_context():
        db.session.delete(db.session.get(DocumentStructure, doc_id))
        db.session.commit()
    result = runner.invoke(args=["structure", "reparse", "--all"])
    assert result.exit_code == 0 and "1 terurai, 0 gagal" in result.output
    assert state_of(app, doc_id) == "ok"
    assert runner.invoke(args=["structure", "reparse"]).exit_code == 2
    assert runner.invoke(args=["structure", "reparse", "--all", slug]).exit_code == 2
    missing = runner.invoke(args=["structure", "reparse", "tidak-ada"])
    assert missing.exit_code == 1 and "tidak ditemukan" in missing.output
