"""The one base of every error that is meant for people."""
from __future__ import annotations

from typing import Optional


class UserError(ValueError):
    """A refused change or unreadable input.

    ``message`` is shown as it is (Indonesian); ``field`` names the form
    field it concerns, when there is one. Every area's refusals derive from
    this, so views and the API can report any of them the same way.
    """

    def __init__(self, message: str, field: Optional[str] = None):
        super().__init__(message)
        self.message = message
        self.field = field


class StorageError(Exception):
    """A file could not be written to the server's storage (a full disk, a
    quota, a read-only mount): the server's fault, not the person's, so it
    is answered 507 rather than reported beside a form field."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message
