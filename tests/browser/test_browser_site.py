"""Journeys on the demo site: a citizen reads the statistics and answers the
satisfaction survey, whose result an admin then sees; a partner finds what
was shared with partners in the listing, the search and on /mitra."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from browser.conftest import login, logout

pytestmark = pytest.mark.browser


def load_demo(live_server) -> None:
    result = live_server.app.test_cli_runner().invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output


def public_regulations(app) -> int:
    """Published public regulations, counted straight from the database."""
    from sqlalchemy import func, select

    from jdih.catalogue.models import Document
    from jdih.extensions import db

    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Document).where(
            Document.doc_type == "peraturan", Document.visibility == "public",
            Document.state == "published", Document.is_deleted.is_(False)))


def test_a_citizen_reads_the_statistics_and_answers_the_survey(live_server, browser_page):
    page = browser_page
    load_demo(live_server)
    live_server.app.config["SURVEY_MIN_SECONDS"] = 0  # a browser answers faster than a person

    page.goto("/dokumen/uu-7-2017")  # one view to count
    page.goto("/statistik")
    by_type = page.locator("section[aria-labelledby='statistik-type']")
    expect(by_type.get_by_role("img", name="Dokumen per tipe")).to_be_visible()
    row = by_type.locator("table tbody tr", has=page.locator("td", has_text=re.compile("^Peraturan Perundang-undangan$")))
    expect(row.locator("td.num")).to_have_text(str(public_regulations(live_server.app)))
    viewed = page.locator("section[aria-labelledby='terbanyak-dilihat']")
    expect(viewed.get_by_role("link", name="UU 7/2017")).to_be_visible()

    page.get_by_role("link", name="Survei Kepuasan Masyarakat").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Survei Kepuasan Masyarakat")
    questions = page.locator("fieldset.survey-question")
    assert questions.count() == 9
    for index in range(questions.count()):
        questions.nth(index).get_by_role("radio").last.check()
    page.get_by_label("Saran atau komentar (tidak wajib)").fill("Pencarian cepat dan mudah dipakai.")
    page.get_by_role("button", name="Kirim jawaban").click()
    expect(page.get_by_role("status")).to_contain_text("Terima kasih")

    login(page, live_server.accounts["admin"])
    page.goto("/admin/survei")
    expect(page.get_by_text("1 responden")).to_be_visible()
    expect(page.locator(".ikm-score")).to_have_text("100.00")
    expect(page.get_by_text("Pencarian cepat dan mudah dipakai.")).to_be_visible()


def test_a_partner_finds_what_was_shared_with_partners(live_server, browser_page):
    page = browser_page
    load_demo(live_server)
    mou = "MOU 1/2025"

    page.goto("/peraturan")  # an anonymous reader neither sees it nor the filter
    expect(page.get_by_role("link", name=mou)).to_have_count(0)
    expect(page.get_by_role("link", name="Khusus mitra")).to_have_count(0)

    login(page, live_server.accounts["partner"])
    page.goto("/peraturan")
    page.get_by_role("link", name="Khusus mitra").click()
    expect(page.get_by_role("link", name=mou)).to_be_visible()
    expect(page.get_by_role("link", name="UU 7/2017")).to_have_count(0)

    page.goto("/cari?q=pertukaran+data")
    panel = page.get_by_role("group", name="Saring hasil")
    partner_only = panel.get_by_label("Khusus mitra")
    if not partner_only.is_visible():  # folded on narrow screens, a sidebar on wide ones
        panel.locator("summary").click()
    partner_only.check()
    panel.get_by_role("button", name="Terapkan saringan").click()
    hits = page.locator("ol.search-results > li")
    expect(hits.first).to_contain_text("Nota Kesepahaman")
    for text in hits.all_inner_texts():
        assert "MOU" in text, f"a hit that is not partner-only: {text!r}"
    expect(page.get_by_role("link", name=re.compile("^Khusus mitra"))).to_be_visible()  # its chip

    page.get_by_role("link", name="Untuk mitra").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dibagikan kepada mitra")
    page.get_by_role("link", name=mou).click()
    expect(page.locator("h1")).to_contain_text("Nota Kesepahaman")
    logout(page)
    page.goto("/dokumen/mou-1-2025")
    expect(page.locator("h1")).not_to_contain_text("Nota Kesepahaman")
