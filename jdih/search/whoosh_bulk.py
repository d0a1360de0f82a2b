"""Bulk-building a fresh whoosh index (rebuild), bypassing the posting pool.

Whoosh's SegmentWriter sends every posting through a PostingPool: one tuple
per (field, term, doc), a sort of all of them at commit (spilling runs to
temporary files beyond ``limitmb``), then a merge loop that reads each
document's field length back from disk for every posting. For a new
generation that nobody else writes to, documents arrive in docnum order, so
:class:`BulkSegmentWriter` keeps ``field -> term -> [(docnum, weight,
value)]`` in memory (already in docnum order), sorts only the distinct
terms, and hands the postings to whoosh's own codec writer with lengths it
remembered. The segment files are ordinary whoosh segments.

bulk_add() cuts the input into segments of SEGMENT_DOCS documents (bounded
memory) and can spread them over several processes.
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import threading
from collections import defaultdict
from itertools import chain, islice

from whoosh.filedb.filestore import FileStorage
from whoosh.writing import SegmentWriter

from .whoosh_schema import to_document

#: Documents per segment: bounds the writer's memory (~1 GB of postings for
#: 20k legal documents) while keeping the segment count of a 100k index low.
SEGMENT_DOCS = 20_000
#: Records sent to a worker process at a time.
BATCH_DOCS = 250
#: Below this many records, starting worker processes costs more than it saves.
PARALLEL_MIN = 2_000


class BulkSegmentWriter(SegmentWriter):
    """A SegmentWriter for a segment built from scratch in one go: no
    deletions, no boosts, no term vectors, no separate spelling fields."""

    def __init__(self, ix, **kwargs):
        super().__init__(ix, **kwargs)
        self._terms: dict[str, dict[bytes, list]] = defaultdict(dict)
        self._lengths: dict[str, dict[int, int]] = defaultdict(dict)

    def _finish(self):
        # Every SegmentWriter of an index shares one temporary directory and
        # deletes it when done; ours never uses it (no PostingPool runs), and
        # workers finishing segments at different times must not trip over
        # one another's deletion.
        self._tempstorage = _NoTempStorage()
        super()._finish()

    def add_document(self, **fields):
        self._check_state()
        perdocwriter = self.perdocwriter
        schema = self.schema
        docnum = self.docnum
        fieldnames = sorted(name for name in fields if not name.startswith("_"))
        self._check_fields(schema, fieldnames)
        perdocwriter.start_doc(docnum)
        try:
            for fieldname in fieldnames:
                value = fields[fieldname]
                if value is None:
                    continue
                field = schema[fieldname]
                length = 0
                if field.indexed:
                    length = self._add_postings(fieldname, field, value, docnum)
                perdocwriter.add_field(fieldname, field,
                                       value if field.stored else None, length)
                column = field.column_type
                if column:
                    perdocwriter.add_column_value(fieldname, column,
                                                  field.to_column_value(value))
        except BaseException:
            perdocwriter.cancel_doc()
            raise
        perdocwriter.finish_doc()
        self._added = True
        self.docnum += 1

    def _add_postings(self, fieldname, field, value, docnum) -> int:
        terms = self._terms[fieldname]
        length = 0
        for tbytes, freq, weight, vbytes in field.index(value):
            length += freq
            postings = terms.get(tbytes)
            if postings is None:
                terms[tbytes] = [(docnum, weight, vbytes)]
            else:
                postings.append((docnum, weight, vbytes))
        if field.scorable and length:
            self._lengths[fieldname][docnum] = length
            return length
        return 0

    def _flush_segment(self):
        self.perdocwriter.close()
        writer = self.fieldwriter
        for fieldname in sorted(self._terms):
            terms = self._terms[fieldname]
            lengths = self._lengths.get(fieldname, {})
            writer.start_field(fieldname, self.schema[fieldname])
            add = writer.add
            for tbytes in sorted(terms):
                writer.start_term(tbytes)
                for docnum, weight, vbytes in terms[tbytes]:
                    add(docnum, weight, vbytes, lengths.get(docnum, 0))
                writer.finish_term()
            writer.finish_field()
        self._terms.clear()
        self._lengths.clear()
        writer.close()


class _NoTempStorage:
    def destroy(self):
        pass


def _build_segment(ix, documents):
    """Write one segment from to_document() dicts; returns the Segment."""
    writer = BulkSegmentWriter(ix, _lk=False)
    try:
        for document in documents:
            writer.add_document(**document)
        segment = writer._finalize_segment() if writer._added else None
    except BaseException:
        writer.cancel()
        raise
    writer._finish()
    return segment


def _chunks(iterable, size):
    iterator = iter(iterable)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _commit_segments(ix, segments) -> None:
    """Publish the segments in one new TOC generation."""
    writer = SegmentWriter(ix, _lk=False)
    try:
        writer._close_segment()
        writer._commit_toc(list(writer.segments) + [s for s in segments if s])
    finally:
        writer._finish()


def bulk_add(ix, records, progress=None, procs: int | None = None,
             segment_docs: int = SEGMENT_DOCS) -> int:
    """Add records to an index nobody else writes to. With procs > 1 the
    analysis and segment writing run in that many worker processes."""
    procs = default_procs() if procs is None else procs
    lock = ix.lock("WRITELOCK")
    if not lock.acquire():
        raise RuntimeError("a new index generation is already being written")
    try:
        records = iter(records)
        head = list(islice(records, PARALLEL_MIN))
        if procs > 1 and len(head) == PARALLEL_MIN:
            count, segments = _parallel(ix, chain(head, records), progress, procs,
                                        segment_docs)
        else:
            count, segments = _serial(ix, chain(head, records), progress, segment_docs)
        _commit_segments(ix, segments)
    finally:
        lock.release()
    if progress:
        progress(count)
    return count


def default_procs() -> int:
    return max(1, min(4, os.cpu_count() or 1))


def _serial(ix, records, progress, segment_docs):
    count, segments = 0, []

    def documents(chunk):
        nonlocal count
        for record in chunk:
            yield to_document(record)
            count += 1
            if progress and count % 1000 == 0:
                progress(count)

    for chunk in _chunks(records, segment_docs):
        segments.append(_build_segment(ix, documents(chunk)))
    return count, segments


# --- worker processes --------------------------------------------------------

def _worker(index_dir, indexname, jobs, results, segment_docs):
    """Index batches of records from `jobs` into this worker's segments."""
    try:
        ix = FileStorage(index_dir).open_index(indexname)
        segments, writer, in_segment = [], None, 0
        while (batch := jobs.get()) is not None:
            if writer is None:
                writer = BulkSegmentWriter(ix, _lk=False)
            for record in batch:
                writer.add_document(**to_document(record))
            in_segment += len(batch)
            if in_segment >= segment_docs:
                segments.append(_finish_segment(writer))
                writer, in_segment = None, 0
            results.put(("done", len(batch)))
        if writer is not None:
            segments.append(_finish_segment(writer))
        results.put(("segments", segments))
    except BaseException as error:  # reported; the parent raises
        results.put(("error", repr(error)))


def _finish_segment(writer):
    segment = writer._finalize_segment()
    writer._finish()
    return segment


class _Progress:
    def __init__(self, callback, every=1000):
        self.callback, self.every, self.done = callback, every, 0

    def add(self, count):
        before, self.done = self.done, self.done + count
        if self.callback and before // self.every != self.done // self.every:
            self.callback(self.done)


def _parallel(ix, records, progress, procs, segment_docs):
    # fork shares the warm stem cache and needs no re-import, but is only safe
    # while this process runs a single thread.
    single = threading.active_count() == 1
    context = multiprocessing.get_context("fork" if single else "spawn")
    jobs, results = context.Queue(maxsize=procs * 4), context.Queue()
    per_worker = max(BATCH_DOCS, segment_docs // procs)
    workers = [context.Process(target=_worker, daemon=True, args=(
        ix.storage.folder, ix.indexname, jobs, results, per_worker)) for _ in range(procs)]
    for worker in workers:
        worker.start()
    state = _Progress(progress)
    segments, count = [], 0
    try:
        for batch in _chunks(records, BATCH_DOCS):
            _put(jobs, batch, results, segments, state, workers)
            count += len(batch)
        for _ in workers:
            _put(jobs, None, results, segments, state, workers)
        finished = 0
        while finished < procs:
            finished += _receive(results, segments, state, timeout=1.0)
            if (finished < procs and results.empty()
                    and not any(worker.is_alive() for worker in workers)):
                raise RuntimeError("index workers exited without their segments")
    finally:
        for worker in workers:
            worker.join(timeout=10)
            if worker.is_alive():
                worker.terminate()
    return count, segments


def _put(jobs, item, results, segments, state, workers):
    """Queue a job; while the queue is full, collect reports (and raise if a
    worker failed or died)."""
    while True:
        try:
            jobs.put(item, timeout=0.5)
            return
        except queue.Full:
            _receive(results, segments, state, timeout=0)
            if not any(worker.is_alive() for worker in workers):
                raise RuntimeError("index workers exited early")


def _receive(results, segments, state, timeout) -> int:
    """Handle one report (none if `timeout` passes); returns 1 when it was a
    worker's final list of segments."""
    try:
        kind, value = results.get(timeout=timeout) if timeout != 0 else results.get_nowait()
    except queue.Empty:
        return 0
    if kind == "error":
        raise RuntimeError(f"index worker failed: {value}")
    if kind == "segments":
        segments.extend(value)
        return 1
    state.add(value)
    return 0
