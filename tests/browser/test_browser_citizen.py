"""Journeys of a citizen (demo data): searching and filtering on a phone,
and sharing a document page."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from urllib.parse import quote

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def load_demo(live_server) -> None:
    result = live_server.app.test_cli_runner().invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output


def above_the_fold(locator) -> bool:
    box = locator.bounding_box()
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"]


def result_count(page) -> int:
    return int(re.match(r"(\d+) hasil", page.locator(".result-count").inner_text()).group(1))


def test_a_phone_reader_searches_filters_and_removes_a_filter(live_server, browser_page):
    page = browser_page
    load_demo(live_server)
    page.set_viewport_size(PHONE)

    page.goto("/")
    quick = page.get_by_role("search", name="Pencarian cepat")
    quick.get_by_label("Cari dengan kata atau nomor").fill("pemilihan umum")
    quick.get_by_role("button", name="Cari").click()

    count, first_hit = page.locator(".result-count"), page.locator("ol.search-results > li").first
    expect(first_hit).to_be_visible()
    assert above_the_fold(count), "the result count is below the fold"
    assert above_the_fold(first_hit.get_by_role("link").first), "the first hit is below the fold"
    total = result_count(page)
    assert total > 1

    # the facets are folded; "Saring" opens them
    panel = page.get_by_role("group", name="Saring hasil")
    year = panel.locator("fieldset", has=page.locator("legend", has_text="Tahun")).get_by_role("checkbox").first
    expect(year).to_be_hidden()
    panel.locator("summary").click()
    expect(year).to_be_visible()
    chosen = year.get_attribute("value")
    year.check()
    panel.get_by_role("button", name="Terapkan saringan").click()

    chip = page.get_by_role("link", name=re.compile(rf"^Tahun: {chosen}"))
    expect(chip).to_be_visible()
    assert result_count(page) < total
    assert above_the_fold(page.locator("ol.search-results > li").first.get_by_role("link").first)
    chip.click()
    expect(page.get_by_role("link", name=re.compile(r"^Tahun: "))).to_have_count(0)
    assert result_count(page) == total


def meta(page, key: str) -> str | None:
    found = page.locator(f'meta[property="{key}"], meta[name="{key}"]')
    return found.first.get_attribute("content") if found.count() else None


def test_a_reader_shares_a_document_page(live_server, browser_page):
    page = browser_page
    load_demo(live_server)
    site_url = live_server.app.config["SITE_URL"].rstrip("/")

    page.goto("/dokumen/uu-7-2017")
    expect(page.get_by_role("heading", level=1)).to_contain_text("UU 7/2017")
    url = f"{site_url}/dokumen/uu-7-2017"
    assert meta(page, "og:url") == url and meta(page, "og:type") == "article"
    assert meta(page, "og:title").startswith("UU 7/2017 — ")
    status = page.locator(".doc-meta .badge[class*='badge-status-']").first.inner_text()
    description = meta(page, "og:description")
    assert "UU 7/2017" in description and f"Status: {status}" in description
    assert live_server.app.config["OFFICE_NAME"] in description
    assert meta(page, "twitter:card") in ("summary", "summary_large_image")

    share = page.get_by_role("region", name="Bagikan")
    whatsapp = share.get_by_role("link", name="Bagikan lewat WhatsApp")
    assert whatsapp.get_attribute("href").startswith("https://wa.me/?text=")
    assert quote(url, safe="") in whatsapp.get_attribute("href")

    # the QR code: an image the browser drew, an SVG served by the site
    qr = share.get_by_role("img", name="Kode QR alamat halaman ini")
    expect(qr).to_be_visible()
    assert qr.evaluate("img => img.complete && img.naturalWidth > 0")
    answer = page.request.get(qr.get_attribute("src"))
    assert answer.ok and answer.headers["content-type"].startswith("image/svg+xml")
    assert ET.fromstring(answer.body()).tag == "{http://www.w3.org/2000/svg}svg"

    # copying the address (the button exists only with JavaScript)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    share.get_by_role("button", name="Salin tautan").click()
    expect(share.get_by_role("status")).to_have_text("Tautan disalin.")
    assert page.evaluate("navigator.clipboard.readText()") == url

    # the PDF shows in the page (not refused as a framed page), its download beside it
    viewer = page.get_by_role("region", name="Naskah")
    expect(viewer.get_by_role("link", name=re.compile("^Unduh PDF"))).to_be_visible()
    frame = viewer.locator("iframe.pdf-frame")
    frame.scroll_into_view_if_needed()
    assert frame.get_attribute("src").endswith("?pratinjau=1")
    child = frame.element_handle().content_frame()
    child.wait_for_load_state()
    # a frame the browser refused (X-Frame-Options, frame-ancestors) shows Chromium's error page
    assert child.url.startswith(live_server.url) and "pratinjau=1" in child.url, child.url

    # printed: no header, navigation, sharing or viewer; the page's address on paper
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    expect(share).to_be_hidden()
    expect(page.locator(".print-only")).to_contain_text(url)
