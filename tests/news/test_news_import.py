"""`flask news import` and the demo data: the seed news link to the
documents they cite, and those documents list the news."""
from __future__ import annotations

import re
from datetime import date

from sqlalchemy import func, select

from conftest import SEED_DIR
from jdih.extensions import db
from jdih.news.models import News

SEED = SEED_DIR / "berita_kpu_kota_semarang.txt"


def news_count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(News))


def test_import_reads_the_seed_file_and_is_idempotent(app, runner):
    result = runner.invoke(args=["news", "import", str(SEED), "--year", "2025"])
    assert result.exit_code == 0, result.output
    assert "6 diimpor" in result.output
    with app.app_context():
        items = {n.title: n for n in db.session.scalars(select(News))}
        ai = items["KPU RI Dorong Integrasi AI untuk Efisiensi Penyelenggaraan Pemilu"]
        assert ai.news_date == date(2025, 10, 24)
        assert ai.place == "Semarang"
        assert ai.credit == "rhd/ed. Foto: awh/KPU Kota Semarang"
        assert ai.body_text.startswith("Semarang, kota-semarang.kpu.go.id — Komisi Pemilihan Umum")
        assert "(rhd/ed." not in ai.body_text
        assert all(n.state == "draft" for n in items.values())
        rakor = items["KPU Kota Semarang Ikuti Rakor Pengawasan KPU RI, Tekankan Penguatan Maturitas SPIP"]
        assert rakor.news_date == date(2025, 10, 21)
        assert rakor.credit == "sof/ed. Foto dok KPU Kota Semarang"
    again = runner.invoke(args=["news", "import", str(SEED), "--year", "2025"])
    assert again.exit_code == 0 and "0 diimpor, 6 sudah ada" in again.output
    assert news_count(app) == 6


def test_malformed_files_import_nothing(app, runner, tmp_path):
    good = SEED.read_text(encoding="utf-8")
    cases = {
        "no_credit.txt": (good.replace("(rhd/ed. Foto: awh/KPU Kota Semarang)", ""), "kredit"),
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
    assert news_count(app) == 6

    listing = client.get("/berita").get_data(as_text=True)
    slugs = re.findall(r'href="/berita/([a-z0-9-]+)"', listing)
    assert len(slugs) == 6
    targets = {}
    for slug in slugs:
        html = client.get(f"/berita/{slug}").get_data(as_text=True)
        for href in re.findall(r'<a class="citation-link" href="([^"]+)"', html):
            targets.setdefault(href, set()).add(slug)
    mk = "kpu-kota-semarang-ikuti-kajian-putusan-mk-terkait-sengketa-pilkada-pesawaran"
    arsip = "kpu-kota-semarang-ikuti-forum-ngopi-asli-jaga-jejak-demokrasi-lewat-tata-kelola-arsip"
    assert targets == {"/dokumen/mk-20-phpu-bup-xxiii-2025": {mk}, "/dokumen/uu-43-2009": {arsip}}
    mk_html = client.get(f"/berita/{mk}").get_data(as_text=True)
    assert ('<a class="citation-link" href="/dokumen/mk-20-phpu-bup-xxiii-2025" '
            'title="MK 20/PHPU.BUP-XXIII/2025') in mk_html
    assert ">Putusan Mahkamah Konstitusi (MK) Nomor 20/PHPU.BUP-XXIII/2025</a>" in mk_html

    for document, slug in (("mk-20-phpu-bup-xxiii-2025", mk), ("uu-43-2009", arsip)):
        page = client.get(f"/dokumen/{document}").get_data(as_text=True)
        section = page.split("Disebut dalam berita", 1)[1].split("</section>", 1)[0]
        assert f'href="/berita/{slug}"' in section
        assert section.count('href="/berita/') == 1
    assert "Disebut dalam berita" not in client.get("/dokumen/uu-7-2017").get_data(as_text=True)


def test_imported_bodies_keep_their_paragraphs(app, runner):
    result = runner.invoke(args=["news", "import", str(SEED), "--year", "2025"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        ai = db.session.scalar(select(News).where(News.title.like("KPU RI Dorong Integrasi AI%")))
        # The export separates paragraphs with two spaces.
        assert ai.body_html.count("<p>") == 3
        assert ai.body_html.startswith("<p>Semarang, kota-semarang.kpu.go.id")
        assert "Jumat (24/10).</p><p>Komitmen ini" in ai.body_html
        assert "(rhd/ed." not in ai.body_html
