"""Journey: a reader searches "perlindungan data pribadi", narrows the
results by type and year, and opens the document (demo data)."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_search_filter_by_type_and_year_then_open(live_server, browser_page):
    page = browser_page
    result = live_server.app.test_cli_runner().invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output

    page.goto("/")
    header_search = page.get_by_role("search", name="Cari di situs")
    header_search.get_by_label("Cari dokumen hukum").fill("perlindungan data pribadi")
    header_search.get_by_role("button", name="Cari").click()
    results = page.locator("ol.search-results > li")
    expect(results.first).to_be_visible()
    expect(results.first).to_contain_text("UU 27/2022")
    expect(results.first.locator("mark").first).to_be_visible()

    filters = page.get_by_role("group", name="Saring hasil")
    filters.get_by_role("checkbox", name="Peraturan Perundang-undangan").check()
    filters.get_by_role("checkbox", name="2022").check()
    filters.get_by_role("button", name="Terapkan saringan").click()

    expect(page.get_by_role("checkbox", name="2022")).to_be_checked()
    expect(page.locator("main")).to_contain_text("1 hasil")
    page.locator("ol.search-results > li").first.get_by_role("link").first.click()
    expect(page.locator("h1")).to_contain_text("UU 27/2022")
    expect(page.locator("h1")).to_contain_text("Pelindungan Data Pribadi")
