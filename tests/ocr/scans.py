"""Generated scans for the OCR tests and bench/ocr.py: text drawn with
Pillow's own font (no system font needed) on white pages, saved as an
image-only PDF (no text layer), and the word error rate of a reading."""
from __future__ import annotations

import io
import random

from PIL import Image, ImageDraw, ImageFilter, ImageFont

A4_INCHES = (8.27, 11.69)

#: A short regulation in the shape the structure parser knows.
REGULATION = [
    "KEPUTUSAN KOMISI PEMILIHAN UMUM\nNOMOR 12 TAHUN 2024\nTENTANG\nPENETAPAN HASIL REKAPITULASI SUARA\n"
    "Menimbang: bahwa hasil penghitungan suara perlu ditetapkan;\nMEMUTUSKAN:\nMenetapkan:",
    "BAB I\nKETENTUAN UMUM\nPasal 1\nFormulir tercatat dalam berita acara pleno.\n"
    "Pasal 2\nKeputusan ini mulai berlaku pada tanggal ditetapkan.",
]

WORDS = ("komisi pemilihan umum kabupaten kota provinsi suara sah tidak calon anggota dewan perwakilan rakyat "
         "daerah rekapitulasi hasil penghitungan tempat pemungutan berita acara sertifikat keputusan pasal "
         "ayat huruf ketentuan peraturan undang nomor tahun tentang penetapan kegiatan laporan pelaksanaan "
         "the election commission report results").split()


def random_pages(count: int, lines: int = 30, seed: int = 7) -> list[str]:
    """``count`` pages of Indonesian-looking lines (the bench's 20-page scan)."""
    rng = random.Random(seed)
    return ["\n".join(" ".join(rng.choice(WORDS) for _ in range(rng.randint(5, 9))) for _ in range(lines))
            for _ in range(count)]


def scan_pages(pages: list[str], dpi: int = 150, noise: bool = False) -> list[Image.Image]:
    """Each text as a grey page image at ``dpi``, 12 pt text."""
    width, height = int(A4_INCHES[0] * dpi), int(A4_INCHES[1] * dpi)
    font = ImageFont.load_default(size=max(8, round(dpi * 12 / 72)))
    step = round(dpi * 18 / 72)
    images = []
    for number, text in enumerate(pages):
        image = Image.new("L", (width, height), 255)
        draw = ImageDraw.Draw(image)
        for row, line in enumerate(text.split("\n")):
            draw.text((dpi, dpi + row * step), line, fill=0, font=font)
        if noise:  # a little of a real scanner: blur and a slight skew
            image = image.filter(ImageFilter.GaussianBlur(0.6)).rotate(0.4 + 0.1 * number, fillcolor=255)
        images.append(image)
    return images


def scan_pdf(pages: list[str], dpi: int = 150, noise: bool = False) -> bytes:
    """An image-only PDF of ``pages`` (what a scanner delivers)."""
    images = scan_pages(pages, dpi, noise)
    out = io.BytesIO()
    images[0].save(out, "PDF", resolution=float(dpi), save_all=True, append_images=images[1:])
    return out.getvalue()


def _words(text: str) -> list[str]:
    return [word.strip(".,;:()").lower() for word in text.split() if word.strip(".,;:()")]


def word_error_rate(expected: str, read: str) -> float:
    """Word-level Levenshtein distance over the expected word count."""
    ref, hyp = _words(expected), _words(read)
    previous = list(range(len(hyp) + 1))
    for i, word in enumerate(ref, start=1):
        current = [i] + [0] * len(hyp)
        for j, other in enumerate(hyp, start=1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (word != other))
        previous = current
    return previous[-1] / max(len(ref), 1)
