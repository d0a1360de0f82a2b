"""Files written for a transaction follow its real outcome.

Bytes are written before the rows that name them are committed (the rows
must not name a file that is not there). So:

- a transaction that ends without committing, however it ends (an explicit
  rollback, a failed commit, a request torn down after an exception, where
  ``session.remove()`` fires no ``after_rollback``), removes the files it
  wrote, unless a committed row names the same bytes: a concurrent upload
  of the same file may have committed meanwhile. The rows are read in a
  fresh connection, since this transaction's own view is gone;
- a transaction that commits checks that every file it relies on is still
  there, and writes it again if a concurrent failed upload removed it
  between that check and this commit.

The columns that name stored files are given by create_app
(``install_file_cleanup``), so this module knows no area above it.
"""
from __future__ import annotations

import logging

from flask import current_app
from sqlalchemy import event, select
from sqlalchemy.orm import Session, SessionTransaction

from jdih.catalogue.models import StoredFile
from jdih.catalogue.storage import FileStore
from jdih.core.errors import StorageError
from jdih.extensions import db

log = logging.getLogger(__name__)

WRITTEN = "files_written"
NEEDED = "files_needed"
#: "table.column" -> column holding the sha256 of a stored file.
_REFERENCES = {"stored_file.sha256": StoredFile.sha256}


def file_store() -> FileStore:
    return FileStore(current_app.config["UPLOAD_DIR"])


def store(data: bytes) -> str:
    """Write ``data`` for the current transaction; returns its sha256.
    Raises StorageError when it cannot be written."""
    session = db.session()
    if not session.in_transaction():
        session.begin()  # so that its end, whatever it is, is seen
    files = file_store()
    sha256, written = files.put(data)
    info = session.info
    info.setdefault(NEEDED, []).append((str(files.root), sha256, data))
    if written:
        info.setdefault(WRITTEN, []).append((str(files.root), sha256, db.engine))
    return sha256


def _referenced(engine, sha256: str) -> bool:
    """Whether a committed row names ``sha256`` (True when unsure: keeping a
    file is harmless, losing one is not)."""
    try:
        with engine.connect() as connection:
            return any(connection.execute(select(column).where(column == sha256).limit(1)).first()
                       for column in _REFERENCES.values())
    except Exception:  # noqa: BLE001 - a cleanup must not fail the request
        log.exception("could not check whether %s is still used; keeping it", sha256)
        return True


def _after_commit(session: Session) -> None:
    session.info.pop(WRITTEN, None)
    for root, sha256, data in session.info.pop(NEEDED, []):
        files = FileStore(root)
        if not files.path_for(sha256).is_file():
            log.warning("stored file %s vanished before its commit; writing it again", sha256)
            try:
                files.put(data)
            except StorageError:
                log.exception("could not write %s again", sha256)


def _after_transaction_end(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is not None:  # a savepoint: the outer transaction decides
        return
    session.info.pop(NEEDED, None)
    for root, sha256, engine in session.info.pop(WRITTEN, []):  # left only when nothing was committed
        if not _referenced(engine, sha256):
            FileStore(root).remove(sha256)


def install_file_cleanup(*references) -> None:
    """Listen to every session's transactions; ``references`` are the
    columns besides stored_file.sha256 that name stored files (news
    photos). Calling it again changes nothing."""
    for column in references:
        _REFERENCES[f"{column.table.name}.{column.name}"] = column
    for name, listener in (("after_commit", _after_commit), ("after_transaction_end", _after_transaction_end)):
        if not event.contains(Session, name, listener):
            event.listen(Session, name, listener)
