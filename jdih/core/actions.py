"""The request lifecycle of a staff action: apply one change, then commit
it, or roll it back and tell the person why.

Views call ``apply(change, ...)`` instead of repeating try / rollback /
flash / commit; operations never commit, so the whole change (rows, audit
entries, files written for it) stands or falls together.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Generic, Optional, TypeVar

from flask import flash
from sqlalchemy.orm.exc import StaleDataError

from jdih.core.errors import UserError
from jdih.core.versioning import StaleEdit
from jdih.extensions import db

T = TypeVar("T")


@dataclass
class Outcome(Generic[T]):
    """What ``apply`` did: true when the change was committed."""

    value: Optional[T] = None
    error: Optional[UserError] = None

    def __bool__(self) -> bool:
        return self.error is None


def report(error: UserError, form: Any = None, field: Optional[str] = None, prefix: str = "") -> None:
    """Show a refusal beside the form field it concerns, else as a message."""
    name = error.field or field
    target = getattr(form, name, None) if form is not None and name else None
    if target is not None and hasattr(target, "errors"):
        target.errors = list(target.errors) + [error.message]
    else:
        flash(prefix + error.message, "error")


def _refuse(error: UserError, form: Any, field: Optional[str], prefix: str) -> "Outcome[Any]":
    db.session.rollback()
    report(error, form, field, prefix)
    return Outcome(error=error)


def apply(change: Callable[[], T], *, success: Optional[str] = None, form: Any = None,
          field: Optional[str] = None, prefix: str = "",
          refusals: tuple[type[UserError], ...] = (UserError,)) -> Outcome[T]:
    """Run ``change``; commit and flash ``success``, or roll back and report.

    A refusal goes to ``form``'s field named by the error (or ``field``) when
    the form has it, otherwise it is flashed after ``prefix``. Anything that
    is not a refusal propagates (and the request's teardown rolls back).
    """
    try:
        value = change()
        # A versioned row changed by someone else meanwhile fails here at
        # the latest (its UPDATE matches no row): refuse, never a 500.
        db.session.commit()
    except StaleDataError:
        return _refuse(StaleEdit(), form, field, prefix)
    except refusals as error:
        return _refuse(error, form, field, prefix)
    if success:
        flash(success, "success")
    return Outcome(value=value)
