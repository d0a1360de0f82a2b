"""From a PDF through the catalogue's text extraction to the tree: the
parser reads pages as pypdf gives them."""
from __future__ import annotations

from pathlib import Path

import pytest

from pdfs import make_pdf

from jdih.catalogue.pdftext import extract_pages
from jdih.structure import parse

DATA = Path(__file__).resolve().parents[1] / "data" / "structure"


@pytest.mark.parametrize("name, expected", [
    ("perppu-2014-1-pilkada-hal-23-24.txt", ["23", "24", "25", "26", "27", "28"]),
    ("uu-2023-1-kuhp-bab-v.txt", [str(n) for n in range(144, 154)]),
])
def test_pages_extracted_from_a_pdf_parse_like_the_text(name, expected):
    pages = (DATA / name).read_text(encoding="utf-8").split("\f")
    extracted = extract_pages(make_pdf(pages), seconds=30, memory_mb=512)
    assert len(extracted) == len(pages)
    document = parse(list(enumerate(extracted, start=1)))
    assert [p.label for p in document.pasal()] == expected
    assert document.pasal()[-1].all_pages() == [len(pages)]
