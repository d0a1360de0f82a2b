"""Relations between documents and the status that follows from them.

For other areas (search facets, the API, feeds)::

    from jdih.relations import derived_status, derived_statuses
    derived_status(doc).status        # "Berlaku" / "Berlaku Sebagian" / "Tidak Berlaku" / None
    derived_status(doc).text          # "Tidak Berlaku — dicabut dengan UU 7/2017"
    derived_statuses(docs)            # {doc.id: DerivedStatus}, two queries for any number

Import lazily so that importing the package needs no app.
"""
from __future__ import annotations

from typing import Any


def derived_status(doc: Any, today: Any = None) -> Any:
    from jdih.relations.queries import derived_status as _derived_status

    return _derived_status(doc, today)


def derived_statuses(docs: Any, today: Any = None) -> Any:
    from jdih.relations.queries import derived_statuses as _derived_statuses

    return _derived_statuses(docs, today)


__all__ = ["derived_status", "derived_statuses"]
