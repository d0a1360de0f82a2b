"""Journey in a real browser: a reader opens a demo news item, follows the
citation link to the cited law, and finds the news listed on the law's page."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

NEWS_TITLE = "Menata Arsip Pemilu agar Mudah Ditelusuri"


def load_demo(live_server) -> None:
    result = live_server.app.test_cli_runner().invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output


def test_reader_follows_a_citation_and_sees_the_news_on_the_document(page, live_server):
    load_demo(live_server)

    page.goto("/berita")
    page.get_by_role("link", name=NEWS_TITLE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(NEWS_TITLE)
    body = page.locator(".news-body")
    citation = body.get_by_role("link", name="Undang-Undang Nomor 43 Tahun 2009")
    expect(citation).to_have_attribute("title", re.compile(r"^UU 43/2009"))

    citation.click()
    expect(page).to_have_url(re.compile(r"/dokumen/uu-43-2009$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("UU 43/2009")
    cited_in = page.get_by_role("region", name="Disebut dalam berita")
    expect(cited_in.get_by_role("link")).to_have_count(1)

    cited_in.get_by_role("link", name=NEWS_TITLE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(NEWS_TITLE)


def test_court_ruling_link_from_the_demo_news(page, live_server):
    load_demo(live_server)

    page.goto("/berita")
    page.get_by_role("link", name="Diskusi Putusan MK tentang Perselisihan Hasil Pilkada Pesawaran").click()
    page.locator(".news-body").get_by_role(
        "link", name="Putusan Mahkamah Konstitusi (MK) Nomor 20/PHPU.BUP-XXIII/2025").click()
    expect(page).to_have_url(re.compile(r"/dokumen/mk-20-phpu-bup-xxiii-2025$"))
    expect(page.get_by_role("region", name="Disebut dalam berita")).to_contain_text(
        "Diskusi Putusan MK")


def test_staff_catalogue_a_cited_document_from_the_worklist(page, live_server):
    from browser.conftest import login

    login(page, live_server.accounts["editor"])
    page.goto("/staf/berita/baru")
    form = page.locator("main form.stacked")
    form.get_by_label("Judul").fill("Sosialisasi Pencalonan")
    form.get_by_label("Tanggal").fill("2025-10-24")
    form.get_by_label("Isi berita").fill("<p>KPU menyosialisasikan PKPU Nomor 19 Tahun 2019.</p>")
    form.get_by_role("button", name="Simpan").click()
    expect(page.get_by_role("status")).to_contain_text("Berita disimpan sebagai draf.")
    expect(page.locator("#sitasi")).to_contain_text("Belum dikatalog")
    page.get_by_role("button", name="Terbitkan").click()
    expect(page.get_by_role("status")).to_contain_text("Berita diterbitkan.")

    page.goto("/staf/sitasi-belum-dikatalog")
    page.get_by_role("link", name="Buat dokumen").click()
    document_form = page.locator("main form.stacked")
    expect(document_form.get_by_label("Nomor", exact=True)).to_have_value("19")
    expect(document_form.get_by_label("Tahun", exact=True)).to_have_value("2019")
    document_form.get_by_label("Judul", exact=True).fill("Pencalonan Anggota DPR")
    document_form.get_by_role("button", name="Simpan").click()
    expect(page.get_by_role("status")).to_contain_text("Dokumen disimpan sebagai draf.")
    page.get_by_role("button", name="Terbitkan").click()
    expect(page.get_by_role("status")).to_contain_text("Dokumen diterbitkan.")

    page.goto("/berita/sosialisasi-pencalonan")
    page.locator(".news-body").get_by_role("link", name="PKPU Nomor 19 Tahun 2019").click()
    expect(page).to_have_url(re.compile(r"/dokumen/pkpu-19-2019$"))
    expect(page.get_by_role("region", name="Disebut dalam berita")).to_contain_text("Sosialisasi Pencalonan")
