"""What other areas add to a document's API detail (relations, derived
status, citing news), read only when those areas are installed."""
from __future__ import annotations

from typing import Any

from jdih.api.tokens import ApiPrincipal
from jdih.catalogue.models import Document


def document_extras(doc: Document, principal: ApiPrincipal) -> dict[str, Any]:
    return {"relations": [], "derived_status": None, "cited_in": []}
