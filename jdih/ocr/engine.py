"""OCR of one PDF page: PDFium renders it, Tesseract reads it, each in a
child process bounded in time (a timeout) and memory (RLIMIT_AS).

Why Tesseract called per page over page images rather than OCRmyPDF:
OCRmyPDF works a whole file at a time (no per-page resume or per-page
limits), and brings Ghostscript, pikepdf and its own worker pool; here a
page is the unit of work, of failure and of resumption, which is what a
500-page scan and a worker that may die half-way need. A plain library:
no Flask, no database.
"""
from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from jdih.ocr import render

RENDER_SCRIPT = render.__file__
#: Reasons a page (or a file) is refused; their texts for people are in jdih.ocr.operations.
ENCRYPTED, UNREADABLE, TOO_SLOW, TOO_BIG, NO_ENGINE, ENGINE_FAILED = (
    "encrypted", "unreadable", "too_slow", "too_big", "no_engine", "engine_failed")


class OcrRefused(Exception):
    def __init__(self, reason: str, detail: str = ""):
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


@dataclass(frozen=True)
class Limits:
    dpi: float = 300.0
    #: The rendered page never has more pixels than this (A4 at 300 dpi is 8.7 million).
    max_pixels: int = 12_000_000
    #: Render plus recognition of one page.
    seconds: float = 60.0
    memory_mb: int = 1024
    languages: str = "ind+eng"


@dataclass(frozen=True)
class PageText:
    text: str
    #: Mean word confidence, 0-100; None when no word was found.
    confidence: Optional[float]
    words: int


def _limited(command: list[str], memory_mb: int) -> list[str]:
    """``command`` run under an address-space limit and without core dumps.
    util-linux's prlimit sets them and execs the command (the same process):
    a ``preexec_fn`` is not safe in the worker's threads."""
    limit = memory_mb * 1024 * 1024
    return ["prlimit", f"--as={limit}", "--core=0", "--", *command]


def _render(pdf: Path, index: int, out: Path, limits: Limits, seconds: float) -> int:
    command = [sys.executable, "-I", RENDER_SCRIPT, str(pdf), str(index), str(limits.dpi),
               str(limits.max_pixels), str(out), str(limits.memory_mb)]
    try:
        child = subprocess.run(command, capture_output=True, timeout=max(seconds, 1.0), check=False)
    except subprocess.TimeoutExpired:
        raise OcrRefused(TOO_SLOW) from None
    if child.returncode == 0:
        return int(json.loads(child.stdout)["pages"])
    reasons = {render.ENCRYPTED: ENCRYPTED, render.UNREADABLE: UNREADABLE, render.NO_SUCH_PAGE: UNREADABLE}
    raise OcrRefused(reasons.get(child.returncode, TOO_BIG))


def page_count(pdf: Path, limits: Limits = Limits()) -> int:
    """The number of pages PDFium finds (raises OcrRefused for an encrypted
    or unreadable file)."""
    return _render(pdf, -1, Path(os.devnull), limits, limits.seconds)


def _tesseract(image: Path, limits: Limits, seconds: float) -> str:
    """Tesseract's TSV for ``image`` (one thread: the worker shares the machine)."""
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    if shutil.which("tesseract") is None:
        raise OcrRefused(NO_ENGINE)
    command = ["tesseract", str(image), "stdout", "-l", limits.languages, "--psm", "3", "tsv"]
    try:
        child = subprocess.run(_limited(command, limits.memory_mb), capture_output=True,
                               timeout=max(seconds, 1.0), check=False, env=env)
    except FileNotFoundError:  # no prlimit (util-linux is essential on Debian)
        raise OcrRefused(NO_ENGINE, "prlimit") from None
    except subprocess.TimeoutExpired:
        raise OcrRefused(TOO_SLOW) from None
    error = child.stderr.decode("utf-8", "replace").strip()
    # Killed by a signal (an allocation the limit refused aborts it), or
    # unable even to map its libraries or models: the memory limit.
    if child.returncode < 0 or (child.returncode != 0 and any(
            sign in error for sign in ("failed to map segment", "Cannot allocate memory", "bad_alloc"))):
        raise OcrRefused(TOO_BIG)
    if child.returncode != 0:
        raise OcrRefused(ENGINE_FAILED, error[-300:])
    return child.stdout.decode("utf-8", "replace")


#: Headings Tesseract runs together: "BABI" for "BAB I", "Pasal12" for
#: "Pasal 12" (narrow glyphs, tight spacing); a whole line only, so that
#: a word such as "babi" in running text is never touched.
_HEADING = re.compile(r"^(BAB)([IVXLCDM]+)$|^(Pasal)(\d+[A-Z]?)$")


def tidy_line(line: str) -> str:
    match = _HEADING.match(line)
    if not match:
        return line
    word, number = (match.group(1), match.group(2)) if match.group(1) else (match.group(3), match.group(4))
    return f"{word} {number}"


def parse_tsv(tsv: str) -> PageText:
    """Lines of words (as Tesseract grouped them) and their mean confidence."""
    lines: dict[tuple[str, str, str], list[str]] = {}
    paragraphs: list[tuple[str, str]] = []
    confidences: list[float] = []
    for row in csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE):
        word = (row.get("text") or "").strip()
        if row.get("level") != "5" or not word:
            continue
        try:
            confidence = float(row.get("conf") or -1)
        except ValueError:
            confidence = -1
        if confidence >= 0:
            confidences.append(confidence)
        key = (row["block_num"], row["par_num"], row["line_num"])
        if (key[0], key[1]) not in paragraphs:
            paragraphs.append((key[0], key[1]))
        lines.setdefault(key, []).append(word)
    out: list[str] = []
    last_paragraph = None
    for (block, paragraph, _line), words in lines.items():
        if last_paragraph is not None and last_paragraph != (block, paragraph):
            out.append("")  # a blank line between paragraphs, as a text layer has
        out.append(tidy_line(" ".join(words)))
        last_paragraph = (block, paragraph)
    mean = round(sum(confidences) / len(confidences), 1) if confidences else None
    return PageText(text="\n".join(out), confidence=mean, words=len(confidences))


def ocr_page(pdf: Path, page_no: int, limits: Limits = Limits()) -> PageText:
    """Read page ``page_no`` (1-based) of ``pdf``; raises OcrRefused."""
    deadline = time.monotonic() + limits.seconds
    with tempfile.TemporaryDirectory(prefix="jdih-ocr-") as folder:
        image = Path(folder) / "page.pgm"
        _render(pdf, page_no - 1, image, limits, deadline - time.monotonic())
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise OcrRefused(TOO_SLOW)
        return read_image(image, limits, remaining)


def read_image(image: Path, limits: Limits = Limits(), seconds: Optional[float] = None) -> PageText:
    """Tesseract's reading of a page image; raises OcrRefused."""
    return parse_tsv(_tesseract(image, limits, limits.seconds if seconds is None else seconds))


def available(languages: str = "ind+eng") -> bool:
    """Whether tesseract runs and has every language asked for."""
    try:
        listed = subprocess.run(["tesseract", "--list-langs"], capture_output=True, timeout=10, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return False
    known = set(listed.stdout.decode().split())
    return all(language in known for language in languages.split("+"))
