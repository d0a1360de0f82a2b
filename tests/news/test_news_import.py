"""`flask news import` and the demo data: the demo news (in the website's
plain-text export format) link to the documents they cite, and those
documents list the news."""
from __future__ import annotations

import re
from datetime import date

from sqlalchemy import func, select

from conftest import DEMO_DATA_DIR
from jdih.extensions import db
from jdih.news.models import News

SEED = DEMO_DATA_DIR / "berita_demo.txt"
CREDIT = "tim JDIH/ed. berita contoh"


def news_count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(News))


def test_import_reads_the_seed_file_and_is_idempotent(app, runner):
    result = runner.invoke(args=["news", "import", str(SEED), "--year", "2025"])
    assert result.exit_code == 0, result.output
    assert "4 diimpor" in result.output
    with app.app_context():
        items = {n.title: n for n in db.session.scalars(select(News))}
        service = items["Layanan JDIH Dibuka untuk Mitra dan Masyarakat"]
        assert service.news_date == date(2025, 10, 24)
        assert service.place == "Semarang"
        assert service.credit == CREDIT
        assert service.body_text.startswith("Semarang, jdih.local — Tim pengelola JDIH")
        assert "(tim JDIH" not in service.body_text
        assert all(n.state == "draft" for n in items.values())
        archive = items["Menata Arsip Pemilu agar Mudah Ditelusuri"]
        assert archive.news_date == date(2025, 10, 21)
        assert archive.credit == CREDIT
    again = runner.invoke(args=["news", "import", str(SEED), "--year", "2025"])
    assert again.exit_code == 0 and "0 diimpor, 4 sudah ada" in again.output
    assert news_count(app) == 4


def test_malformed_files_import_nothing(app, runner, tmp_path):
    good = SEED.read_text(encoding="utf-8")
    cases = {
        "no_credit.txt": (good.replace(f"({CREDIT})", "", 1), "kredit"),
        "no_date.txt": (good.replace("Jumat (24/10)", "Jumat"), "Hari (HH/BB)"),
        "bad_date.txt": (good.replace("Jumat (24/10)", "Jumat (31/02)"), "tidak valid"),
        "title_only.txt": (good + "\n\nJudul tanpa isi\n", "tidak diikuti paragraf isi"),
        "empty.txt": ("Berita Terkini\n\n", "tidak berisi berita"),
    }
    for name, (text, message) in cases.items():
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        result = runner.invoke(args=["news", "import", str(path), "--year", "2025"])
        assert result.exit_code != 0, name
        assert "tidak ada yang diimpor" in result.output and message in result.output, result.output
        assert news_count(app) == 0, name
    binary = tmp_path / "binary.txt"
    binary.write_bytes(b"\xff\xfe\x00bad")
    result = runner.invoke(args=["news", "import", str(binary), "--year", "2025"])
    assert result.exit_code != 0 and "UTF-8" in result.output
    result = runner.invoke(args=["news", "import", str(SEED)])
    assert result.exit_code != 0 and "--year" in result.output
    assert news_count(app) == 0


def test_demo_load_links_the_seed_news_both_ways(app, runner, client):
    result = runner.invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    assert runner.invoke(args=["demo", "load"]).exit_code == 0  # twice changes nothing
    assert news_count(app) == 4

    listing = client.get("/berita").get_data(as_text=True)
    slugs = re.findall(r'href="/berita/([a-z0-9-]+)"', listing)
    assert len(slugs) == 4
    targets = {}
    for slug in slugs:
        html = client.get(f"/berita/{slug}").get_data(as_text=True)
        for href in re.findall(r'<a class="citation-link" href="([^"]+)"', html):
            targets.setdefault(href, set()).add(slug)
    service = "layanan-jdih-dibuka-untuk-mitra-dan-masyarakat"
    mk = "diskusi-putusan-mk-tentang-perselisihan-hasil-pilkada-pesawaran"
    age = "syarat-usia-calon-presiden-dalam-kajian-hukum-kepemiluan"
    arsip = "menata-arsip-pemilu-agar-mudah-ditelusuri"
    assert targets == {"/dokumen/perpres-33-2012": {service}, "/dokumen/uu-14-2008": {service},
                       "/dokumen/mk-20-phpu-bup-xxiii-2025": {mk}, "/dokumen/uu-7-2017#pasal-169": {age},
                       "/dokumen/mk-90-puu-xxi-2023": {age}, "/dokumen/ma-23-p-hum-2024": {age},
                       "/dokumen/uu-43-2009": {arsip}}
    # A pinpoint cites the article and links to it in the law's reading view.
    age_html = client.get(f"/berita/{age}").get_data(as_text=True)
    assert '<a class="citation-link" href="/dokumen/uu-7-2017#pasal-169"' in age_html
    assert ">Pasal 169 huruf q UU 7/2017</a>" in age_html
    mk_html = client.get(f"/berita/{mk}").get_data(as_text=True)
    assert ('<a class="citation-link" href="/dokumen/mk-20-phpu-bup-xxiii-2025" '
            'title="MK 20/PHPU.BUP-XXIII/2025') in mk_html
    assert ">Putusan Mahkamah Konstitusi (MK) Nomor 20/PHPU.BUP-XXIII/2025</a>" in mk_html

    for document, slug in (("mk-20-phpu-bup-xxiii-2025", mk), ("uu-43-2009", arsip)):
        page = client.get(f"/dokumen/{document}").get_data(as_text=True)
        section = page.split("Disebut dalam berita", 1)[1].split("</section>", 1)[0]
        assert f'href="/berita/{slug}"' in section
        assert section.count('href="/berita/') == 1
    assert "Disebut dalam berita" not in client.get("/dokumen/uu-12-2011").get_data(as_text=True)


EXPORT_WITH_PARAGRAPHS = (
    "Berita Terkini\n\n"
    "Tiga Paragraf dalam Satu Baris Ekspor\n\n"
    "Semarang, jdih.local \u2014 Paragraf pertama berakhir di sini, Jumat (24/10).  "
    "Komitmen ini menjadi paragraf kedua.  Paragraf ketiga menutup berita. (rhd/ed.)\n"
)


def test_imported_bodies_keep_their_paragraphs(app, runner, tmp_path):
    export = tmp_path / "ekspor.txt"
    export.write_text(EXPORT_WITH_PARAGRAPHS, encoding="utf-8")
    result = runner.invoke(args=["news", "import", str(export), "--year", "2025"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        news = db.session.scalar(select(News).where(News.title.like("Tiga Paragraf%")))
        # The export separates paragraphs with two spaces.
        assert news.body_html.count("<p>") == 3
        assert news.body_html.startswith("<p>Semarang, jdih.local")
        assert "Jumat (24/10).</p><p>Komitmen ini" in news.body_html
        assert "(rhd/ed." not in news.body_html
