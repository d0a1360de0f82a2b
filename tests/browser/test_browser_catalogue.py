"""Journey in a real browser: a staff member catalogues a law with its PDF
and publishes it; an anonymous visitor finds it by its readable URL and
downloads exactly the bytes that were uploaded."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from browser.conftest import login, logout
from pdfs import make_pdf

pytestmark = pytest.mark.browser


def catalogue_law(page, pdf_path: Path) -> None:
    """From the staff catalogue: create UU 7/2017, attach the PDF, publish."""
    page.locator("summary", has_text="Staf").click()
    page.get_by_role("link", name="Katalog", exact=True).click()
    page.get_by_role("link", name="+ Peraturan Perundang-undangan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tambah Peraturan Perundang-undangan")
    form = page.locator("main form.stacked")
    form.get_by_label("Jenis/Bentuk").select_option(label="Undang-Undang")
    form.get_by_label("Nomor", exact=True).fill("7")
    form.get_by_label("Tahun", exact=True).fill("2017")
    form.get_by_label("Judul", exact=True).fill("Pemilihan Umum")
    form.get_by_role("button", name="Simpan").click()
    expect(page.get_by_role("status")).to_contain_text("Dokumen disimpan sebagai draf.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Ubah: UU 7/2017")

    upload = page.locator("form[enctype='multipart/form-data']")
    upload.get_by_label("Peran berkas").select_option("naskah")
    upload.locator("input[type=file]").set_input_files(pdf_path)
    upload.get_by_role("button", name="Unggah").click()
    expect(page.get_by_role("status")).to_contain_text("Berkas diunggah.")
    expect(page.get_by_role("link", name=pdf_path.name)).to_be_visible()

    page.get_by_role("button", name="Terbitkan").click()
    expect(page.get_by_role("status")).to_contain_text("Dokumen diterbitkan.")


def test_staff_publishes_a_law_and_a_visitor_downloads_it(page, live_server, tmp_path):
    pdf = make_pdf(["UNDANG-UNDANG REPUBLIK INDONESIA NOMOR 7 TAHUN 2017",
                    "TENTANG PEMILIHAN UMUM"])
    pdf_path = tmp_path / "uu-7-2017.pdf"
    pdf_path.write_bytes(pdf)

    login(page, live_server.accounts["editor"])
    catalogue_law(page, pdf_path)
    logout(page)
    expect(page.locator("summary", has_text="Staf")).to_have_count(0)

    page.goto("/dokumen/uu-7-2017")
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_contain_text("UU 7/2017")
    expect(heading).to_contain_text("Pemilihan Umum")
    files = page.locator("[aria-labelledby='berkas']")
    expect(files.get_by_role("link", name="uu-7-2017.pdf", exact=True)).to_be_visible()
    expect(files).to_contain_text("2 hlm.")

    with page.expect_download() as download_info:
        files.get_by_role("link", name=re.compile(r"^Unduh")).click()
    download = download_info.value
    assert download.suggested_filename == "uu-7-2017.pdf"
    assert Path(download.path()).read_bytes() == pdf
