"""Journey: a reader opens UU 7/2017 (demo data), jumps from the table of
contents to Pasal 169, sees the MK ruling beside it and its Penjelasan,
comes back to the pasal from a news item that cites it, and from a search
narrowed to that pasal."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_read_uu_7_2017_by_its_articles(live_server, browser_page):
    page = browser_page
    result = live_server.app.test_cli_runner().invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output

    page.goto("/dokumen/uu-7-2017")
    toc = page.get_by_role("navigation", name="Daftar isi naskah")
    toc.get_by_role("link", name="Pasal 169", exact=True).click()
    expect(page).to_have_url(re.compile(r"/dokumen/uu-7-2017#pasal-169$"))
    pasal = page.locator("#pasal-169")
    expect(pasal).to_be_in_viewport()
    expect(pasal.locator(".reading-note")).to_contain_text(
        "Pasal ini diuji dengan MK 90/PUU-XXI/2023: dikabulkan sebagian")
    expect(page.locator("#pasal-169-huruf-q")).to_contain_text("berusia paling rendah 40 (empat puluh) tahun")
    expect(page.locator("#pasal-222 .reading-note")).to_contain_text("MK 62/PUU-XXII/2024")

    # The Penjelasan is one click away, folded until asked for.
    explanation = pasal.locator(".reading-penjelasan")
    expect(explanation.locator("p")).to_be_hidden()
    explanation.get_by_text("Penjelasan Pasal 169").click()
    expect(explanation.locator("p")).to_be_visible()

    # The PDF page it came from.
    expect(pasal.locator("a.reading-page")).to_have_attribute("href", re.compile(r"\.pdf#page=\d+$"))

    # From the news: the citation of Pasal 169 huruf q lands on the pasal.
    page.goto("/berita")
    page.get_by_role("link", name="Syarat Usia Calon Presiden dalam Kajian Hukum Kepemiluan").click()
    page.get_by_role("link", name="Pasal 169 huruf q UU 7/2017").click()
    expect(page).to_have_url(re.compile(r"/dokumen/uu-7-2017#pasal-169$"))
    expect(page.locator("#pasal-169")).to_be_in_viewport()

    # From a search narrowed to the pasal: the hit names it and links to it.
    page.goto("/cari?q=usia+pasal%3A169")
    hit = page.locator(".search-results li", has_text="UU 7/2017")
    hit.get_by_role("link", name="di Pasal 169", exact=True).click()
    expect(page).to_have_url(re.compile(r"/dokumen/uu-7-2017#pasal-169$"))
    expect(page.locator("#pasal-169")).to_be_in_viewport()
