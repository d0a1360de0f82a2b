"""/api/v1/documents/<slug>/struktur: a regulation's parsed structure
(routed in routes.py). The same reader policy as the document itself."""
from __future__ import annotations

from flask import jsonify, url_for
from sqlalchemy import select

from jdih.accounts.access import can_read
from jdih.api import params
from jdih.api.jdihn import iso_datetime
from jdih.api.errors import ApiError
from jdih.api.tokens import current_principal
from jdih.catalogue.models import Document
from jdih.extensions import db
from jdih.reading.models import DocumentStructure
from jdih.reading.operations import shown_tree

NO_STRUCTURE = "Struktur naskah belum tersedia untuk dokumen ini."


def document_structure(slug: str):
    params.reject_unknown(())
    doc = db.session.scalar(select(Document).where(Document.slug == slug))
    if doc is None or not can_read(doc, current_principal()):
        raise ApiError(404, "Dokumen tidak ditemukan.")
    shown = shown_tree(doc)
    if shown is None:
        raise ApiError(404, NO_STRUCTURE, "no_structure")
    tree, attachment = shown
    row = db.session.get(DocumentStructure, doc.id)
    return jsonify({
        "slug": doc.slug,
        "identity": doc.identity,
        "url": url_for("catalogue.detail", slug=doc.slug, _external=True),
        "file_url": url_for("catalogue.download", slug=doc.slug, attachment_id=attachment.id,
                            filename=attachment.filename, _external=True),
        "parser_version": row.parser_version,
        "parsed_at": iso_datetime(row.parsed_at),
        "structure": tree,
    })
