"""Journey in a real browser: an editor lands on the workspace after logging
in, opens the Staf menu by keyboard, follows the draft count to the list and
publishes a selection in one go; an incomplete draft is named and stays a
draft."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from browser.conftest import login

pytestmark = pytest.mark.browser


def add_drafts(app) -> None:
    """Two complete drafts and one without a year (as an import may leave one)."""
    from sqlalchemy import select

    from jdih.catalogue import operations
    from jdih.catalogue.models import Jenis
    from jdih.extensions import db

    with app.test_request_context():
        uu = db.session.scalar(select(Jenis.id).where(Jenis.abbreviation == "UU"))
        for nomor, tahun in (("1", 2021), ("2", 2021), ("3", None)):
            operations.create_document("peraturan", {"jenis_id": uu, "nomor": nomor, "tahun": tahun,
                                                     "judul": f"Draf uji {nomor}"})
        db.session.commit()


def test_editor_works_from_the_workspace_and_publishes_a_selection(page, live_server):
    add_drafts(live_server.app)
    login(page, live_server.accounts["editor"])
    expect(page).to_have_url(f"{live_server.url}/staf/ruang-kerja")
    expect(page.get_by_role("heading", level=1)).to_have_text("Ruang kerja")
    drafts = page.locator("section[aria-labelledby='semua-draf']")
    expect(drafts.locator(".work-count")).to_have_text("3")

    # The Staf menu opens from the keyboard and holds the staff links (no admin ones).
    menu = page.locator("summary", has_text="Staf")
    menu.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("link", name="Katalog", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Log audit")).to_have_count(0)
    page.keyboard.press("Enter")  # closes again
    expect(page.get_by_role("link", name="Katalog", exact=True)).to_be_hidden()

    drafts.locator(".work-count").click()
    expect(page).to_have_url(f"{live_server.url}/staf/dokumen?status=draft")
    for name in ("UU 1/2021", "UU 2/2021", "Draf uji 3"):
        page.get_by_role("checkbox", name=f"Pilih {name}").check()
    page.get_by_label("Untuk dokumen yang dicentang").select_option("terbitkan")
    page.get_by_role("button", name="Terapkan").click()

    status = page.get_by_role("status")
    expect(status).to_contain_text("2 dokumen diterbitkan.")
    expect(status).to_contain_text("1 dokumen tidak diterbitkan")
    expect(status).to_contain_text("isian wajib kosong: Tahun")
    # The list still filters drafts: only the incomplete one is left.
    rows = page.locator("table.data tbody tr")
    expect(rows).to_have_count(1)
    expect(rows).to_contain_text("Draf uji 3")
