"""Journey: a reader follows an amendment chain from UU 7/2017 through the
relations card (demo data, as `flask demo load` creates it)."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def relation_links(page, label: str):
    """The links listed under one relation label of the document's card."""
    return page.locator(f"#relasi dl.relations-list dt:text-is('{label}') + dd")


def test_follow_diubah_dengan_from_uu_7_2017_to_uu_7_2023(live_server, browser_page):
    page = browser_page
    result = live_server.app.test_cli_runner().invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output

    page.goto("/dokumen/uu-7-2017")
    expect(page.locator("#relasi .derived-status")).to_contain_text("diubah dengan PERPPU 1/2022, UU 7/2023")
    amended_by = relation_links(page, "Diubah dengan")
    expect(amended_by.get_by_role("link")).to_have_count(2)
    amended_by.get_by_role("link", name="PERPPU 1/2022").click()

    expect(page.locator("h1")).to_contain_text("PERPPU 1/2022")
    expect(relation_links(page, "Mengubah").get_by_role("link", name="UU 7/2017")).to_be_visible()
    expect(page.locator("#relasi .derived-status")).to_contain_text("ditetapkan dengan UU 7/2023")
    relation_links(page, "Ditetapkan dengan").get_by_role("link", name="UU 7/2023").click()

    expect(page.locator("h1")).to_contain_text("UU 7/2023")
    expect(relation_links(page, "Menetapkan").get_by_role("link", name="PERPPU 1/2022")).to_be_visible()
    back = relation_links(page, "Mengubah").get_by_role("link", name="UU 7/2017")
    expect(back).to_be_visible()
    back.click()
    expect(page.locator("h1")).to_contain_text("UU 7/2017")

    # Status on a date from the card: before the Perppu, the original text was in force.
    page.get_by_label("Status pada tanggal").fill("2022-01-01")
    page.get_by_role("button", name="Periksa").click()
    expect(page.locator(".status-on-date .answer")).to_contain_text("UU 7/2017 Berlaku")
    expect(page.locator(".status-on-date .version")).to_contain_text("naskah asli")
