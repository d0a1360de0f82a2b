"""Index generations on disk: which one is live, writing to it, replacing it.

Layout under the base directory::

    CURRENT          name of the live generation directory (replaced atomically)
    gen-000003/      the live whoosh index
    REBUILDING       present while a rebuild runs: name of the new generation
    journal          changes made to the live index during a rebuild
    .rebuild.lock    flock()ed by the one rebuild running (released by the
                     kernel if its process dies)

Writers take whoosh's file lock with a timeout, so writers in several
processes queue instead of failing. A rebuild writes a new generation
without blocking anyone, then, holding the live writer lock, replays the
journal into it and flips CURRENT. Searchers notice the flip on their next
query; the previous generation is kept until the following rebuild so a
searcher that is mid-refresh never finds its files gone.

One rebuild at a time: a second one refuses (RebuildInProgress) rather
than deleting the first one's generation. A REBUILDING marker whose rebuild
lock nobody holds was left by a crash: the next rebuild or write removes
it, the journal and the half-built generation, so the journal stops growing.
"""

from __future__ import annotations

import errno
import fcntl
import gc
import logging
import os
import pickle
import re
import shutil
import struct
import warnings
from contextlib import contextmanager

from whoosh import index as whoosh_index
from whoosh.filedb.filestore import FileStorage

from .whoosh_bulk import bulk_add
from .whoosh_schema import build_schema, to_document

log = logging.getLogger(__name__)

POINTER = "CURRENT"
MARKER = "REBUILDING"
JOURNAL = "journal"
REBUILD_LOCK = ".rebuild.lock"
GEN_RE = re.compile(r"^gen-(\d{6})$")

#: Seconds a writer waits for the lock before giving up (LockError).
DEFAULT_LOCK_TIMEOUT = 60.0


class RebuildInProgress(RuntimeError):
    """Another rebuild of this index is running."""


class IndexUnavailable(RuntimeError):
    """The index cannot answer: `state` is "missing" or "corrupt"."""

    state = "unavailable"


class IndexMissing(IndexUnavailable):
    state = "missing"


class IndexCorrupt(IndexUnavailable):
    state = "corrupt"


#: What reading truncated or vanished index files raises in whoosh (not
#: ValueError and the like: those are as likely our own bugs).
READ_ERRORS = (OSError, EOFError, struct.error, pickle.UnpicklingError,
               whoosh_index.IndexError)


def corrupt_error(what: str, error: BaseException) -> IndexCorrupt:
    """IndexCorrupt for a read error. Whoosh leaves a segment file open when
    reading it fails half-way, referenced from the error's traceback: drop
    the traceback and close such files now, quietly, rather than whenever
    a logged copy of the traceback is collected."""
    description = f"{what}: {error!r}"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        error.__traceback__ = None
        gc.collect()
    return IndexCorrupt(description)


class IndexStore:
    """`may_create()` says whether an empty live index may be created when
    there is none (a new installation: yes; an index deleted under a full
    database: no, that would silently answer with nothing). Reading never
    creates one."""

    def __init__(self, base_dir: str, lock_timeout: float = DEFAULT_LOCK_TIMEOUT,
                 may_create=None):
        self.base_dir = os.path.abspath(base_dir)
        self.lock_timeout = lock_timeout
        self.may_create = may_create or (lambda: True)
        self._indexes: dict[str, whoosh_index.Index] = {}

    # --- which generation is live ------------------------------------------

    def _path(self, name: str) -> str:
        return os.path.join(self.base_dir, name)

    def exists(self) -> bool:
        return os.path.exists(self._path(POINTER))

    def current_name(self) -> str:
        try:
            with open(self._path(POINTER), encoding="ascii") as handle:
                return handle.read().strip()
        except FileNotFoundError:
            raise IndexMissing(f"no search index in {self.base_dir}") from None

    def pointer_stamp(self) -> tuple[int, int]:
        """Changes whenever CURRENT is replaced (new inode); cheap to poll."""
        try:
            info = os.stat(self._path(POINTER))
        except FileNotFoundError:
            raise IndexMissing(f"no search index in {self.base_dir}") from None
        return info.st_ino, info.st_mtime_ns

    def open_index(self, name: str) -> whoosh_index.Index:
        if name not in self._indexes:
            if not os.path.isdir(self._path(name)):
                raise IndexMissing(f"index generation {name} is missing in {self.base_dir}")
            try:
                self._indexes[name] = FileStorage(self._path(name)).open_index()
            except whoosh_index.EmptyIndexError as error:
                raise IndexMissing(str(error)) from None
            except READ_ERRORS as error:
                raise corrupt_error(name, error) from None
        return self._indexes[name]

    def live_index(self) -> whoosh_index.Index:
        return self.open_index(self.current_name())

    def forget(self) -> None:
        """Drop open index objects (after the files changed under us)."""
        self._indexes.clear()

    def ensure_live(self) -> None:
        if self.exists():
            return
        os.makedirs(self.base_dir, exist_ok=True)
        # Several processes may start on an empty directory at once.
        with open(self._path(".init.lock"), "a") as lock_file:
            fcntl.flock(lock_file, fcntl.LOCK_EX)
            if not self.exists():
                if not self.may_create():
                    raise IndexMissing(f"no search index in {self.base_dir}; "
                                       "rebuild it ('search reindex')")
                name = self._new_generation_name()
                self._create(name)
                self._flip_pointer(name)

    def _generations(self) -> list[str]:
        return sorted(n for n in os.listdir(self.base_dir) if GEN_RE.match(n))

    def _new_generation_name(self) -> str:
        existing = [int(GEN_RE.match(n).group(1)) for n in self._generations()]
        return "gen-%06d" % (max(existing, default=0) + 1)

    def _create(self, name: str) -> whoosh_index.Index:
        os.makedirs(self._path(name), exist_ok=False)
        return FileStorage(self._path(name)).create_index(build_schema())

    def _flip_pointer(self, name: str) -> None:
        temporary = self._path(POINTER + ".tmp")
        with open(temporary, "w", encoding="ascii") as handle:
            handle.write(name)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, self._path(POINTER))

    # --- incremental writes --------------------------------------------------

    def _acquire_live_writer(self):
        """A writer on the live generation, retried if a rebuild swapped the
        generation while we waited for the lock."""
        self.ensure_live()
        while True:
            name = self.current_name()
            try:
                writer = self.open_index(name).writer(timeout=self.lock_timeout)
            except READ_ERRORS as error:
                raise corrupt_error(f"cannot write to {name}", error) from None
            if self.current_name() == name:
                return writer
            writer.cancel()

    @contextmanager
    def live_writer(self):
        """Write to the live generation; commit on success."""
        writer = self._acquire_live_writer()
        try:
            yield writer
        except BaseException:
            writer.cancel()
            raise
        writer.commit()

    @contextmanager
    def live_lock(self):
        """Hold the live writer lock (blocking other writers), change nothing."""
        writer = self._acquire_live_writer()
        try:
            yield
        finally:
            writer.cancel()

    def apply(self, operation: str, payload) -> None:
        """Apply ("index", records) or ("remove", keys) to the live index,
        journalling it if a rebuild is running."""
        with self.live_writer() as writer:
            _apply(writer, operation, payload)
            if os.path.exists(self._path(MARKER)) and not self.recover_crashed_rebuild():
                self._journal_append(operation, payload)

    def _journal_append(self, operation, payload) -> None:
        blob = pickle.dumps((operation, payload), protocol=pickle.HIGHEST_PROTOCOL)
        with open(self._path(JOURNAL), "ab") as handle:
            handle.write(struct.pack(">Q", len(blob)) + blob)
            handle.flush()
            os.fsync(handle.fileno())

    def _journal_entries(self):
        try:
            handle = open(self._path(JOURNAL), "rb")
        except FileNotFoundError:
            return
        with handle:
            while header := handle.read(8):
                (size,) = struct.unpack(">Q", header)
                yield pickle.loads(handle.read(size))

    # --- rebuild -------------------------------------------------------------

    @contextmanager
    def rebuild_lock(self, wait: bool = False):
        """Hold the one-rebuild-at-a-time lock; yields False when another
        rebuild holds it and `wait` is false."""
        os.makedirs(self.base_dir, exist_ok=True)
        with open(self._path(REBUILD_LOCK), "a") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
            except OSError as error:
                if error.errno not in (errno.EAGAIN, errno.EACCES):
                    raise
                yield False
                return
            try:
                yield True
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def rebuilding(self) -> bool:
        """True while a rebuild is running (in any process)."""
        if not os.path.exists(self._path(MARKER)):
            return False
        with self.rebuild_lock() as free:
            return not free

    def recover_crashed_rebuild(self) -> bool:
        """Clear what a crashed rebuild left (marker, journal, its half-built
        generation); True if it did, False if none was left or a rebuild is
        running. Safe to call from any writer."""
        if not os.path.exists(self._path(MARKER)):
            return False
        with self.rebuild_lock() as free:
            if not free:
                return False
            self._clear_leftovers()
        return True

    def _clear_leftovers(self) -> None:
        """Under the rebuild lock: nobody is rebuilding, so a marker is stale."""
        try:
            with open(self._path(MARKER), encoding="ascii") as handle:
                abandoned = handle.read().strip()
        except FileNotFoundError:
            return
        log.warning("search index: clearing what an interrupted rebuild left (%s)", abandoned)
        self._remove_marker()
        live = self.current_name() if self.exists() else None
        if GEN_RE.match(abandoned) and abandoned != live:
            self._indexes.pop(abandoned, None)
            shutil.rmtree(self._path(abandoned), ignore_errors=True)

    def rebuild(self, records, progress=None, procs: int | None = None,
                wait: bool = False) -> int:
        """Build a new generation and swap it in. Raises RebuildInProgress
        if another rebuild runs (or waits for it, with `wait`)."""
        with self.rebuild_lock(wait) as held:
            if not held:
                raise RebuildInProgress(f"a rebuild of {self.base_dir} is already running")
            self._clear_leftovers()
            return self._rebuild(records, progress, procs)

    def _rebuild(self, records, progress, procs) -> int:
        if not self._live_usable():
            return self._first_build(records, progress, procs)
        name = self._new_generation_name()
        new_index = self._create(name)
        self._start_journal(name)
        try:
            count = bulk_add(new_index, records, progress, procs)
            self._swap_in(name, new_index)
        except BaseException:
            self._remove_marker()
            shutil.rmtree(self._path(name), ignore_errors=True)
            raise
        return count

    def _first_build(self, records, progress, procs) -> int:
        """No live index (new, or lost): build one and make it live; writers
        fail (and keep their queue) until then."""
        self._indexes.clear()
        name = self._new_generation_name()
        try:
            count = bulk_add(self._create(name), records, progress, procs)
        except BaseException:
            shutil.rmtree(self._path(name), ignore_errors=True)
            raise
        self._flip_pointer(name)
        self._remove_marker()
        self._drop_old_generations(keep=(name,))  # what is left of a broken index
        return count

    def _live_usable(self) -> bool:
        """A live generation a writer can lock (it may still hold bad data:
        the rebuild replaces it either way)."""
        try:
            self.live_index().doc_count_all()
        except IndexUnavailable:
            return False
        except READ_ERRORS as error:
            log.warning("%s; rebuilding it", corrupt_error("live index unreadable", error))
            return False
        return True

    def _start_journal(self, name: str) -> None:
        # Under the live lock, so no writer is between its marker check and
        # its commit: every later change is journalled.
        with self.live_lock():
            with open(self._path(MARKER), "w", encoding="ascii") as handle:
                handle.write(name)
            if os.path.exists(self._path(JOURNAL)):
                os.remove(self._path(JOURNAL))

    def _swap_in(self, name: str, new_index) -> None:
        with self.live_lock():
            entries = list(self._journal_entries())
            if entries:
                writer = new_index.writer(timeout=self.lock_timeout)
                for operation, payload in entries:
                    _apply(writer, operation, payload)
                writer.commit()
            previous = self.current_name()
            self._flip_pointer(name)
            self._remove_marker()
        self._drop_old_generations(keep=(name, previous))

    def _remove_marker(self) -> None:
        for leftover in (MARKER, JOURNAL):
            if os.path.exists(self._path(leftover)):
                os.remove(self._path(leftover))

    def _drop_old_generations(self, keep) -> None:
        for name in self._generations():
            if name not in keep:
                self._indexes.pop(name, None)
                shutil.rmtree(self._path(name), ignore_errors=True)


def _apply(writer, operation: str, payload) -> None:
    if operation == "index":
        for record in payload:
            writer.update_document(**to_document(record))
    elif operation == "remove":
        for key in payload:
            writer.delete_by_term("key", key)
    else:
        raise ValueError(f"unknown operation {operation!r}")
