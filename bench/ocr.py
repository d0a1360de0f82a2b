"""Benchmark OCR of a generated 20-page scan at 300 dpi through the worker.

The scan is made like the tests' (Pillow's font on white A4, a little
blur and skew, wrapped in an image-only PDF), uploaded through the
catalogue, and read by ``jdih.ocr.worker.run_pending`` as the background
worker does (render + Tesseract per page in limited child processes,
one commit per page). Prints pages per second, the median seconds per
page against Tesseract alone on the same page images (the reference: the
pipeline's overhead), peak memory (this process and the largest child),
word error rate and mean confidence; then one page scanned at 600 dpi
(rendered within OCR_MAX_PIXELS). A final JSON line for machines.

    python bench/ocr.py [--pages 20] [--dpi 300]
"""
from __future__ import annotations

import argparse
import io
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "ocr"))  # the scan generator shared with the tests

from scans import random_pages, scan_pages, scan_pdf, word_error_rate  # noqa: E402


def make_app(folder: Path):
    from jdih import create_app

    return create_app({"TESTING": True, "SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/b.db",
                       "UPLOAD_DIR": str(folder / "up"), "SEARCH_INDEX_DIR": str(folder / "ix"),
                       "IMPORT_DIR": str(folder / "im"), "FEED_CACHE_DIR": str(folder / "fc"),
                       "TASKS_SQLITE_PATH": str(folder / "t.sqlite3"), "TASKS_IMMEDIATE": False,
                       "OCR_ENABLED": True, "OCR_PAGE_SECONDS": 120.0})


def upload_scan(app, data: bytes) -> int:
    from sqlalchemy import select
    from werkzeug.datastructures import FileStorage

    from jdih.catalogue import attachments, operations
    from jdih.catalogue.models import Jenis
    from jdih.catalogue.vocabulary import seed_vocabularies
    from jdih.extensions import db
    from jdih.ocr import operations as ocr

    app.extensions[ocr.REQUESTER] = None  # no worker: the bench runs it itself, timed
    with app.test_request_context():
        db.create_all()
        seed_vocabularies()
        jenis = db.session.scalar(select(Jenis).where(Jenis.abbreviation == "UU"))
        doc = operations.create_document("peraturan", {"jenis_id": jenis.id, "nomor": "1", "tahun": 2024,
                                                       "judul": "Pindaian bench"})
        attachment = attachments.add_attachment(doc, FileStorage(io.BytesIO(data), "scan.pdf"), "lampiran")
        db.session.commit()
        return attachment.id


def _rss_mb(pid: str = "self") -> float:
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:  # exited meanwhile
        pass
    return 0.0


def _descendants(pid: str) -> list[str]:
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return []
    return children + [grandchild for child in children for grandchild in _descendants(child)]


def _is_ocr_child(pid: str) -> bool:
    """A render or tesseract process (not a fork that has not exec'd yet,
    which shows the parent's memory)."""
    try:
        command = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False
    return b"tesseract" in command or b"render.py" in command


class PeakRss:
    """Peak resident memory while the block runs, sampled every 20 ms: the
    worker process, and its largest child (render or tesseract)."""

    def __enter__(self):
        import threading

        self.peak, self.child_peak, self.start, self._stop = 0.0, 0.0, _rss_mb(), threading.Event()
        me = str(os.getpid())

        def sample():
            while not self._stop.wait(0.02):
                self.peak = max(self.peak, _rss_mb())
                self.child_peak = max([self.child_peak] + [_rss_mb(pid) for pid in _descendants(me)
                                                           if _is_ocr_child(pid)])
        self._thread = threading.Thread(target=sample, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def tesseract_alone(texts: list[str], dpi: int, folder: Path) -> list[float]:
    """Seconds per page of plain ``tesseract`` on the same page images."""
    seconds, cpu = [], []
    for number, image in enumerate(scan_pages(texts, dpi, noise=True)):
        path = folder / f"ref-{number}.pgm"
        image.save(path)
        start, cpu_start = time.perf_counter(), _children_cpu()
        subprocess.run(["tesseract", str(path), "stdout", "-l", "ind+eng", "--psm", "3", "tsv"],
                       capture_output=True, check=True, env={**os.environ, "OMP_THREAD_LIMIT": "1"})
        seconds.append(time.perf_counter() - start)
        cpu.append(_children_cpu() - cpu_start)
    return seconds, cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=20)
    parser.add_argument("--dpi", type=int, default=300)
    parser.add_argument("--reference-pages", type=int, default=3)
    args = parser.parse_args()
    from sqlalchemy import select

    from jdih.catalogue.models import AttachmentPage
    from jdih.extensions import db
    from jdih.ocr import engine, worker
    from jdih.ocr.models import OcrFile, OcrPage

    folder = Path(tempfile.mkdtemp(prefix="jdih-bench-ocr-"))
    texts = random_pages(args.pages)
    data = scan_pdf(texts, args.dpi, noise=True)
    app = make_app(folder)
    attachment_id = upload_scan(app, data)
    children_before_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    with app.app_context(), PeakRss() as worker_rss:
        cpu = _children_cpu()
        start = time.perf_counter()
        read, _ = worker.run_pending()
        elapsed = time.perf_counter() - start
        cpu_per_page = (_children_cpu() - cpu) / max(read, 1)
        row = db.session.get(OcrFile, attachment_id)
        read_texts = db.session.scalars(select(AttachmentPage.text).where(
            AttachmentPage.attachment_id == attachment_id).order_by(AttachmentPage.page_no)).all()
        failed = db.session.scalars(select(OcrPage.page_no).where(OcrPage.attachment_id == attachment_id,
                                                                   OcrPage.state == "failed")).all()
        state, confidence = row.state, row.confidence
    own_mb, children_mb = worker_rss.peak, worker_rss.child_peak
    wers = [word_error_rate(expected, got) for expected, got in zip(texts, read_texts)]
    reference, reference_cpu = tesseract_alone(texts[:args.reference_pages], args.dpi, folder)
    per_page = elapsed / max(read, 1)

    big = folder / "600dpi.pdf"
    big.write_bytes(scan_pdf(texts[:1], 600, noise=True))
    start = time.perf_counter()
    result = engine.ocr_page(big, 1, engine.Limits(dpi=600, seconds=120))
    big_seconds = time.perf_counter() - start
    big_wer = word_error_rate(texts[0], result.text)

    print(f"scan: {args.pages} pages at {args.dpi} dpi, {len(data) / 1e6:.1f} MB; state {state}, failed pages {failed}")
    print(f"OCR: {read / elapsed:.2f} pages/s ({per_page:.2f} s/page); tesseract alone: "
          f"{statistics.median(reference):.2f} s/page median; pipeline/reference {per_page / statistics.median(reference):.2f}")
    print(f"CPU per page (render + tesseract children): {cpu_per_page:.2f} s; tesseract alone "
          f"{statistics.median(reference_cpu):.2f} s (the machine is shared: CPU time is the steadier figure)")
    print(f"peak RSS while reading: largest child (render or tesseract) {children_mb:.0f} MB, worker process "
          f"{own_mb:.0f} MB (from {worker_rss.start:.0f} MB); the upload's text extraction child: "
          f"{children_before_mb:.0f} MB")
    print(f"word error rate: mean {statistics.mean(wers):.3f}, worst page {max(wers):.3f}; "
          f"mean confidence {confidence}")
    print(f"one page at 600 dpi (rendered within OCR_MAX_PIXELS): {big_seconds:.2f} s, WER {big_wer:.3f}")
    print(json.dumps({"pages": args.pages, "dpi": args.dpi, "pages_per_second": round(read / elapsed, 3),
                      "seconds_per_page": round(per_page, 3), "cpu_seconds_per_page": round(cpu_per_page, 3),
                      "tesseract_alone_cpu": round(statistics.median(reference_cpu), 3), "tesseract_alone_median": round(statistics.median(reference), 3),
                      "child_peak_mb": round(children_mb), "worker_peak_mb": round(own_mb),
                      "wer_mean": round(statistics.mean(wers), 4), "wer_max": round(max(wers), 4),
                      "confidence": confidence, "page_600dpi_seconds": round(big_seconds, 2),
                      "page_600dpi_wer": round(big_wer, 4)}))
    return 0 if state == "done" else 1


if __name__ == "__main__":
    sys.exit(main())
