"""Helpers shared by the open-data tests (not a test module)."""
from __future__ import annotations

from typing import Any

from jdih.extensions import db


def make_document(app, doc_type: str = "peraturan", *, publish: bool = True,
                  visibility: str = "public", jenis: str | None = None, **values: Any) -> int:
    """Create (and publish) a document through the catalogue operations; its id."""
    from jdih.catalogue import operations
    from jdih.catalogue.vocabulary import jenis_choices

    with app.app_context():
        choices = jenis_choices(doc_type)
        chosen = next((j for j in choices if j.abbreviation == jenis or j.name == jenis), choices[0]) \
            if jenis else choices[0]
        values.setdefault("judul", "Dokumen uji")
        values.setdefault("tahun", 2024)
        values = dict(values, jenis_id=chosen.id, visibility=visibility)
        doc = operations.create_document(doc_type, values)
        if publish:
            operations.publish(doc)
        db.session.commit()
        return doc.id
