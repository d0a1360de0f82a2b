"""The search page's layout for phones (HTTP level; the browser journey
measures it): the count first, active filters as chips that each remove
one filter, the facets folded into a "Saring" panel."""
from __future__ import annotations

import html as htmllib
import re
from urllib.parse import parse_qs, urlsplit

from site_support import add_document


def chips(html: str) -> dict[str, dict[str, list[str]]]:
    """Chip text -> the filters its link keeps."""
    found = re.findall(r'<a class="chip" href="([^"]+)">([^<]+)<', html)
    return {text.strip(): parse_qs(urlsplit(htmllib.unescape(href)).query) for href, text in found}


def test_chips_remove_one_filter_each(app, client):
    with app.test_request_context():
        add_document(judul="Daftar pemilih berkelanjutan", nomor="7", tahun=2017)
        add_document(judul="Daftar pemilih tetap", nomor="8", tahun=2018)
    html = client.get("/cari?q=pemilih&tahun=2017&tahun=2018&page=1").get_data(as_text=True)
    assert chips(html) == {"Tahun: 2017": {"q": ["pemilih"], "tahun": ["2018"]},
                           "Tahun: 2018": {"q": ["pemilih"], "tahun": ["2017"]}}
    # the count comes before the folded panel, and the panel before the hits
    count, panel, hits = (html.index(mark) for mark in ('class="result-count"', '<details class="saring"',
                                                        'class="doc-list search-results"'))
    assert count < panel < hits
    assert "<summary>Saring" in html and "2 hasil" in html


def test_no_chips_without_filters_and_an_empty_result_says_what_next(app, client):
    html = client.get("/cari?q=tidakadasamasekali").get_data(as_text=True)
    assert 'class="chip"' not in html and "0 hasil" in html
    assert "Coba kata yang lebih umum" in html and "/peraturan" in html
    filtered = client.get("/cari?q=tidakadasamasekali&tahun=1999").get_data(as_text=True)
    assert "hapus saringan" in filtered
