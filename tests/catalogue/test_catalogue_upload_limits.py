"""Uploads whose cost is out of proportion to their size, and storage
failures: each is refused with a message that says what happened, and
nothing is left behind."""
from __future__ import annotations

import time

import pytest

from pdfs import make_hostile_pdf, make_pdf
from test_catalogue_support import fast_passwords  # noqa: F401 (a fixture)
from test_catalogue_uploads import docs, editor, post_file, state  # noqa: F401 (fixtures)


@pytest.fixture(autouse=True)
def _cheap_hashes(fast_passwords):  # noqa: F811
    pass


@pytest.fixture(scope="module")
def hostile_pdf() -> bytes:
    """Three pages sharing one 10 MB content stream (about 30 KB): parsing
    each page took pypdf several seconds and some 300 MB."""
    return make_hostile_pdf(pages=3)


def test_a_pdf_that_parses_too_long_is_refused(app, client, editor, docs, hostile_pdf):  # noqa: F811
    app.config["PDF_PARSE_SECONDS"] = 1.5
    before = state(app)
    started = time.perf_counter()
    response = post_file(client, docs["peraturan"].id, hostile_pdf, "rumit.pdf")
    assert time.perf_counter() - started < 10
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "PDF ini terlalu rumit untuk dibaca (melewati batas 1.5 detik)" in html
    assert state(app) == before


def test_a_pdf_that_needs_too_much_memory_is_refused(app, client, editor, docs, hostile_pdf):  # noqa: F811
    app.config["PDF_PARSE_MEMORY_MB"] = 100
    before = state(app)
    response = post_file(client, docs["peraturan"].id, hostile_pdf, "rumit.pdf")
    assert response.status_code == 422
    assert "melewati batas 100 MB memori" in response.get_data(as_text=True)
    assert state(app) == before
    # The same limit leaves room for an ordinary PDF.
    assert post_file(client, docs["peraturan"].id, make_pdf(["Pasal 1"] * 50), "uu.pdf").status_code == 302
