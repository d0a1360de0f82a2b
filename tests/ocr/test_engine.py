"""The OCR engine on generated scans: the words come back, with a
confidence; bad input is refused with a reason, within the limits."""
from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfWriter

from jdih.ocr import detection, engine, render
from ocr_support import requires_tesseract
from scans import REGULATION, scan_pdf, word_error_rate

pytestmark = requires_tesseract


@pytest.fixture(scope="module")
def scan(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("scan") / "scan.pdf"
    path.write_bytes(scan_pdf(REGULATION))
    return path


def test_a_generated_scan_reads_back_with_its_words(scan):
    assert engine.page_count(scan) == 2
    for page_no, expected in enumerate(REGULATION, start=1):
        result = engine.ocr_page(scan, page_no, engine.Limits(dpi=150))
        assert word_error_rate(expected, result.text) <= 0.05, result.text
        assert result.confidence is not None and result.confidence > 70
    assert "Pasal 2" in result.text  # lines are kept: the structure parser needs them


def test_the_scan_has_no_text_layer_and_is_detected(scan):
    from pypdf import PdfReader

    texts = [(n, page.extract_text() or "") for n, page in enumerate(PdfReader(scan).pages, start=1)]
    assert detection.pages_needing_ocr(texts) == [1, 2]


def test_encrypted_and_corrupt_files_are_refused_with_their_reason(tmp_path, scan):
    writer = PdfWriter(clone_from=str(scan))
    writer.encrypt("rahasia")
    locked = tmp_path / "locked.pdf"
    with locked.open("wb") as handle:
        writer.write(handle)
    with pytest.raises(engine.OcrRefused) as refused:
        engine.ocr_page(locked, 1)
    assert refused.value.reason == engine.ENCRYPTED

    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4\n" + b"\x00garbage" * 100)
    with pytest.raises(engine.OcrRefused) as refused:
        engine.ocr_page(broken, 1)
    assert refused.value.reason == engine.UNREADABLE
    with pytest.raises(engine.OcrRefused) as refused:
        engine.ocr_page(scan, 9)  # no such page
    assert refused.value.reason == engine.UNREADABLE


def test_time_and_memory_limits_end_the_page_not_the_caller(scan):
    with pytest.raises(engine.OcrRefused) as refused:
        engine.ocr_page(scan, 1, engine.Limits(seconds=0.05))
    assert refused.value.reason == engine.TOO_SLOW
    with pytest.raises(engine.OcrRefused) as refused:
        engine.ocr_page(scan, 1, engine.Limits(memory_mb=40))
    assert refused.value.reason == engine.TOO_BIG


def test_tesseract_itself_is_held_to_the_memory_limit(tmp_path):
    from scans import scan_pages

    image = tmp_path / "page.pgm"
    scan_pages(REGULATION[:1])[0].save(image)
    assert "KOMISI" in engine.read_image(image).text
    with pytest.raises(engine.OcrRefused) as refused:
        engine.read_image(image, engine.Limits(memory_mb=60))
    assert refused.value.reason == engine.TOO_BIG


def test_a_page_is_never_rendered_above_the_pixel_limit():
    a4 = (595.0, 842.0)
    assert render.scale_for(*a4, 300, 12_000_000) == pytest.approx(300 / 72)
    at_600 = render.scale_for(*a4, 600, 12_000_000)
    assert a4[0] * a4[1] * at_600 ** 2 <= 12_000_000 * 1.0001
    poster = render.scale_for(2384.0, 3370.0, 300, 12_000_000)  # A0
    assert 2384 * 3370 * poster ** 2 <= 12_000_000 * 1.0001


@pytest.mark.parametrize("text, needs", [
    ("", True),
    ("12", True),  # a stamp's number
    ("\x01\x02\x03\ue000\ue001" * 20, True),  # a font without a usable encoding
    ("Pasal 1 Keputusan ini mulai berlaku pada tanggal ditetapkan oleh Ketua.", False),
])
def test_pages_without_a_usable_text_layer(text, needs):
    assert detection.needs_ocr(text) is needs


@pytest.mark.parametrize("line, tidy", [
    ("BABI", "BAB I"), ("BABXIV", "BAB XIV"), ("Pasal12", "Pasal 12"), ("Pasal3A", "Pasal 3A"),
    ("BAB II", "BAB II"), ("daging babi", "daging babi"), ("BABINSA", "BABINSA"),
])
def test_headings_run_together_are_split(line, tidy):
    assert engine.tidy_line(line) == tidy


def test_word_error_rate():
    assert word_error_rate("satu dua tiga", "satu dua tiga") == 0
    assert word_error_rate("satu dua tiga", "satu tiga") == pytest.approx(1 / 3)
