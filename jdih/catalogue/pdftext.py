"""PDF text extraction in a child process limited in time and memory.

A small PDF can cost a parser without bounds (200 pages sharing one 10 MB
content stream: 51 KB uploaded, minutes of work and hundreds of MB), and
pypdf's own limits do not cover every such shape. So the parse runs in a
separate Python process with an address-space limit (RLIMIT_AS) and is
killed after a timeout; the web worker only waits for its answer.

Run as a script (``python -I pdftext.py MEMORY_MB`` with the PDF on stdin,
JSON list of page texts on stdout), it imports nothing of jdih.
"""
from __future__ import annotations

import io
import json
import subprocess
import sys

#: Exit codes of the child besides 0 (JSON on stdout).
ENCRYPTED, UNREADABLE, OUT_OF_MEMORY = 3, 4, 5


class PdfRefused(Exception):
    """The PDF cannot be taken; ``reason`` is "encrypted", "unreadable",
    "too_slow" or "too_big" (memory)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def extract_pages(data: bytes, *, seconds: float, memory_mb: int) -> list[str]:
    """The text of each page of ``data``, parsed by a limited child process."""
    command = [sys.executable, "-I", __file__, str(int(memory_mb))]
    try:
        child = subprocess.run(command, input=data, capture_output=True, timeout=seconds, check=False)
    except subprocess.TimeoutExpired:  # run() has killed the child
        raise PdfRefused("too_slow") from None
    if child.returncode == 0:
        return json.loads(child.stdout)
    reasons = {ENCRYPTED: "encrypted", UNREADABLE: "unreadable"}
    # Out of memory shows as our exit code, or as a crash (a signal) when
    # the allocation failed outside Python's reach.
    raise PdfRefused(reasons.get(child.returncode, "too_big"))


# -- the child -----------------------------------------------------------------

def _limit_memory(memory_mb: int) -> None:
    import resource

    limit = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _page_texts(data: bytes) -> list[str]:
    import logging

    from pypdf import PdfReader

    logging.disable(logging.WARNING)  # pypdf's complaints about odd pages go nowhere
    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted:
        raise SystemExit(ENCRYPTED)
    pages = []
    for page in reader.pages:
        try:
            pages.append(page.extract_text() or "")
        except MemoryError:
            raise
        except Exception:  # one odd page must not lose the rest
            pages.append("")
    return pages


def _main(memory_mb: int) -> int:
    data = sys.stdin.buffer.read()
    _limit_memory(memory_mb)
    try:
        pages = _page_texts(data)
    except MemoryError:
        return OUT_OF_MEMORY
    except SystemExit as stop:
        return int(stop.code)
    except Exception:  # noqa: BLE001 - anything pypdf raises means "cannot read it"
        return UNREADABLE
    sys.stdout.buffer.write(json.dumps(pages).encode("utf-8"))
    return 0


if __name__ == "__main__":
    sys.exit(_main(int(sys.argv[1])))
