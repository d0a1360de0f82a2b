"""Forked index workers (whoosh_bulk.py, pg_rebuild.py) and the parent's heap.

A forked child inherits every object of its parent (a reindex run from a
big process holds many), and each collection of the child's garbage
collector visits all of them again, touching their pages (copy-on-write)
as it goes. Freezing the parent's objects just before the fork moves them
to a generation the collector skips, in the parent and in its children
(Python's gc.freeze documentation recommends this for pre-fork servers).
"""

from __future__ import annotations

import gc
from contextlib import contextmanager


@contextmanager
def frozen_heap():
    """The parent's objects frozen while workers are forked and run."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()
