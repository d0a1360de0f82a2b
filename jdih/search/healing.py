"""Who rebuilds an index that cannot be read (plain registry, no Flask views).

A deleted or corrupted index used to leave search answering 503 until an
operator ran ``search reindex``. Now the first search that finds it
unusable asks for a rebuild, once, and the worker (create_app wires the
task queue here) builds a new generation from the database while readers
keep getting the 503 that says so; the worker also checks on its own every
minute, so the index heals even when nobody searches.
"""
from __future__ import annotations

import logging
from typing import Callable, Optional

from flask import Flask, current_app

log = logging.getLogger(__name__)
REBUILD_REQUESTER = "jdih_search_request_rebuild"


def set_rebuild_requester(app: Flask, request_rebuild: Optional[Callable[[], None]]) -> None:
    """Who rebuilds an unusable index; without one, the operator does
    (``search reindex``), as the error log says."""
    app.extensions[REBUILD_REQUESTER] = request_rebuild


def request_rebuild() -> None:
    """Have the index rebuilt in the background; never fails the caller."""
    requester = current_app.extensions.get(REBUILD_REQUESTER)
    if requester is None:
        return
    try:
        requester()
    except Exception:  # the queue is down: the worker's own check will find it
        log.exception("could not ask for a search index rebuild")
