"""Two editors save the same document: the second save, based on a version
the first one replaced, is refused (409) with what differs, and keeps the
second editor's input; nothing of the first change is lost."""
from __future__ import annotations

import threading

import pytest

from conftest import AuthActions, make_user
from edit_forms import form_fields
from test_catalogue_support import add_document, fast_passwords  # noqa: F401


@pytest.fixture(autouse=True)
def _cheap_hashes(fast_passwords):
    pass


def _stored(app, doc_id: int):
    from jdih.catalogue.models import Document
    from jdih.extensions import db

    with app.app_context():
        return db.session.get(Document, doc_id)


def _editor(app, email: str):
    make_user(app, email, "editor")
    client = app.test_client()
    AuthActions(client).login(email)
    return client


def test_second_save_of_an_old_version_is_refused_and_loses_nothing(app):
    with app.test_request_context():
        doc = add_document(nomor="7", tahun=2017, penandatangan="Lama", catatan="Catatan lama",
                           state="draft")
    first, second = _editor(app, "satu@uji.id"), _editor(app, "dua@uji.id")
    url = f"/staf/dokumen/{doc.id}"
    form_one = form_fields(first.get(url).get_data(as_text=True))
    form_two = form_fields(second.get(url).get_data(as_text=True))
    assert form_one["version"] == form_two["version"] == "1"

    saved = first.post(url, data={**form_one, "catatan": "Catatan baru dari editor satu"})
    assert saved.status_code == 302
    refused = second.post(url, data={**form_two, "penandatangan": "Penandatangan dari editor dua"})
    assert refused.status_code == 409
    html = refused.get_data(as_text=True)
    assert "sudah diubah orang lain" in html
    assert "Catatan (tersimpan: \u201cCatatan baru dari editor satu\u201d)" in html
    kept = form_fields(html)
    assert kept["penandatangan"] == "Penandatangan dari editor dua"  # the input stays
    assert kept["catatan"] == "Catatan lama"

    stored = _stored(app, doc.id)
    assert stored.catatan == "Catatan baru dari editor satu"
    assert stored.penandatangan == "Lama"
    assert stored.version == 2

    # The refusal page carries the stored version: saving again is a decision.
    again = second.post(url, data={**kept, "catatan": "Catatan baru dari editor satu"})
    assert again.status_code == 302
    stored = _stored(app, doc.id)
    assert (stored.catatan, stored.penandatangan) == ("Catatan baru dari editor satu",
                                                     "Penandatangan dari editor dua")


def test_workflow_and_subject_edits_move_the_version(app):
    from jdih.catalogue import operations
    from jdih.catalogue.models import Document
    from jdih.extensions import db

    with app.test_request_context():
        doc_id = add_document(nomor="8", tahun=2017, state="draft").id
        doc = db.session.get(Document, doc_id)
        assert doc.version == 1
        operations.update_document(doc, {"subjects": ["Pemilu"]}, expected_version=1)
        db.session.commit()
        assert doc.version == 2
        operations.publish(doc)
        db.session.commit()
        assert doc.version == 3
        with pytest.raises(operations.versioning.StaleEdit) as refused:
            operations.update_document(doc, {"subjects": ["Pilkada"]}, expected_version=2)
        assert "Subjek (tersimpan: \u201cPemilu\u201d)" in refused.value.message
        db.session.rollback()


def _racing_save(app, doc_id: int, values: dict, barrier: threading.Barrier, outcomes: list):
    """Load the document, wait for the other thread to have loaded it too,
    then save through the staff-action lifecycle."""
    from jdih.catalogue import operations
    from jdih.catalogue.models import Document
    from jdih.core.actions import apply
    from jdih.extensions import db

    with app.test_request_context():
        doc = db.session.get(Document, doc_id)
        version = doc.version
        db.session.commit()  # end the read; each save starts its own write
        doc = db.session.get(Document, doc_id)
        barrier.wait(timeout=10)
        outcome = apply(lambda: operations.update_document(doc, values, expected_version=version))
        outcomes.append(outcome)
        db.session.remove()


def test_real_concurrent_saves_one_wins_the_other_is_refused(app):
    from jdih.core.versioning import StaleEdit

    with app.test_request_context():
        doc = add_document(nomor="9", tahun=2017, penandatangan="Lama", catatan="Lama")
    version = _stored(app, doc.id).version
    outcomes: list = []
    barrier = threading.Barrier(2)
    threads = [threading.Thread(target=_racing_save, args=(app, doc.id, values, barrier, outcomes))
               for values in ({"catatan": "Dari utas satu"}, {"penandatangan": "Dari utas dua"})]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert len(outcomes) == 2
    won = [o for o in outcomes if o]
    refused = [o for o in outcomes if not o]
    assert len(won) == 1 and len(refused) == 1
    assert isinstance(refused[0].error, StaleEdit)
    assert "sudah diubah orang lain" in refused[0].error.message
    stored = _stored(app, doc.id)
    assert stored.version == version + 1
    assert (stored.catatan, stored.penandatangan) in (("Dari utas satu", "Lama"), ("Lama", "Dari utas dua"))
