"""Render one PDF page to a grey image, run as a limited child process.

``python -I render.py PDF PAGE_INDEX DPI MAX_PIXELS OUT MEMORY_MB`` writes
the page as a PGM image to OUT and prints ``{"pages": N}`` (the document's
page count); with PAGE_INDEX -1 it only counts. It imports nothing of
jdih: PDFium is C code, and a hostile page that crashes it or asks for
gigabytes kills this child, never the worker.
"""
from __future__ import annotations

import json
import math
import sys

#: Exit codes besides 0; a signal or any other code means "too big" (memory).
ENCRYPTED, UNREADABLE, OUT_OF_MEMORY, NO_SUCH_PAGE = 3, 4, 5, 6


def scale_for(width_pt: float, height_pt: float, dpi: float, max_pixels: int) -> float:
    """PDF points -> pixels at ``dpi``, lowered so that the image keeps
    under ``max_pixels`` (a poster-sized page is not rendered at 300 dpi)."""
    scale = dpi / 72.0
    area = max(width_pt * height_pt, 1.0)
    if area * scale * scale > max_pixels:
        scale = math.sqrt(max_pixels / area)
    return scale


def _limit_memory(memory_mb: int) -> None:
    import resource

    limit = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _open(path: str):
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(path)
    except pdfium.PdfiumError as error:
        # PDFium's "incorrect password" error: the file needs a password.
        if "password" in str(error).lower():
            raise SystemExit(ENCRYPTED)
        raise SystemExit(UNREADABLE)


def _render(path: str, index: int, dpi: float, max_pixels: int, out: str) -> int:
    document = _open(path)
    count = len(document)
    if index >= 0:
        if index >= count:
            raise SystemExit(NO_SUCH_PAGE)
        page = document[index]
        width, height = page.get_size()
        bitmap = page.render(scale=scale_for(width, height, dpi, max_pixels), grayscale=True)
        image = bitmap.to_pil().convert("L")
        image.save(out, format="PPM")
    return count


def _main(argv: list[str]) -> int:
    path, index, dpi, max_pixels, out, memory_mb = argv
    import PIL.Image  # noqa: F401 - the libraries load before the limit: it is the page's budget
    import pypdfium2  # noqa: F401

    _limit_memory(int(memory_mb))
    try:
        count = _render(path, int(index), float(dpi), int(max_pixels), out)
    except MemoryError:
        return OUT_OF_MEMORY
    except SystemExit as stop:
        return int(stop.code)
    except Exception:  # noqa: BLE001 - whatever PDFium or Pillow raise: the page cannot be read
        return UNREADABLE
    sys.stdout.write(json.dumps({"pages": count}))
    return 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
