"""/statistik and /api/v1/statistik: public figures only, counters per day,
charts as SVG with the numbers in a table."""
from __future__ import annotations

from datetime import date

import pytest

from pdfs import make_pdf
from site_support import add_document, fast_passwords  # noqa: F401


@pytest.fixture(autouse=True)
def _cheap_hashes(fast_passwords):
    pass


@pytest.fixture(autouse=True)
def _fresh_figures(app):
    app.config["STATISTICS_CACHE_SECONDS"] = 0


@pytest.fixture
def docs(app):
    with app.test_request_context():
        public = add_document(nomor="7", tahun=2017, judul="Pemilihan Umum Uji",
                              pdf=make_pdf(["isi"]))
        partner = add_document(nomor="8", tahun=2018, judul="RAHASIA-MITRA-8", visibility="partner")
        draft = add_document(nomor="9", tahun=2019, judul="DRAF-SAJA-9", state="draft")
        ruling = add_document("putusan", nomor="1/PUU-XX/2022", tahun=2022, judul="Putusan uji")
    return {"public": public, "partner": partner, "draft": draft, "ruling": ruling}


def test_statistics_count_only_public_published_documents(app, client, docs):
    from conftest import client_as, make_user

    for role in ("admin", "partner"):
        make_user(app, f"{role}@uji.id", role)
    for role in ("anonymous", "admin", "partner"):
        page = client_as(app, role).get("/statistik")
        assert page.status_code == 200
        body = page.get_data(as_text=True)
        assert "RAHASIA-MITRA-8" not in body and "DRAF-SAJA-9" not in body
        assert "<svg" in body and "<table" in body
    data = client.get("/api/v1/statistik").get_json()
    assert data["total"] == 2
    assert {row["type"]: row["count"] for row in data["by_type"]}["peraturan"] == 1
    assert [row["year"] for row in data["by_year"]] == [2017, 2022]
    assert sum(row["count"] for row in data["by_status"]) == 2
    assert data["by_jenis"][0]["count"] == 1


def test_views_and_downloads_fill_rankings_and_the_month(app, client, docs):
    public, partner = docs["public"], docs["partner"]
    for _ in range(3):
        assert client.get(f"/dokumen/{public.slug}").status_code == 200
    download = client.get(public.file_url + "?unduh=1")
    assert download.status_code == 200
    download.close()
    with app.app_context():
        from jdih.catalogue.models import Document
        from jdih.extensions import db

        # a partner document viewed many times still never appears
        db.session.get(Document, partner.id).view_count = 99
        db.session.commit()
    data = client.get("/api/v1/statistik").get_json()
    assert [(r["slug"], r["count"]) for r in data["most_viewed"]] == [(public.slug, 3)]
    assert [(r["slug"], r["count"]) for r in data["most_downloaded"]] == [(public.slug, 1)]
    this_month = data["monthly"][-1]
    assert len(data["monthly"]) == 12
    assert (this_month["views"], this_month["downloads"]) == (3, 1)
    assert "RAHASIA-MITRA-8" not in client.get("/statistik").get_data(as_text=True)


def test_daily_counter_rows_are_one_per_day_and_kind(app, client, docs):
    from sqlalchemy import select

    from jdih.catalogue.daily_counts import DailyCount
    from jdih.extensions import db

    for _ in range(2):
        client.get(f"/dokumen/{docs['public'].slug}")
    with app.app_context():
        rows = db.session.execute(select(DailyCount.kind, DailyCount.count)).all()
    assert rows == [("view", 2)]


def test_month_buckets_run_over_the_new_year():
    from jdih.stats.queries import month_starts

    starts = month_starts(date(2026, 2, 14), 3)
    assert starts == [date(2025, 12, 1), date(2026, 1, 1), date(2026, 2, 1)]


def test_most_cited_counts_published_news_citing_public_documents(app, client, docs):
    from jdih.news import operations as news_ops

    with app.test_request_context():
        for n, publish in ((1, True), (2, True), (3, False)):
            item = news_ops.create_news({"title": f"Berita {n}", "news_date": date(2025, 10, n),
                                         "body": "<p>Sesuai UU 7/2017 dan UU 8/2018.</p>"})
            if publish:
                news_ops.publish(item)
        from jdih.extensions import db

        db.session.commit()
    cited = client.get("/api/v1/statistik").get_json()["most_cited_in_news"]
    assert [(r["slug"], r["count"]) for r in cited] == [(docs["public"].slug, 2)]


def test_figures_are_kept_a_while(app, client, docs):
    app.config["STATISTICS_CACHE_SECONDS"] = 60
    assert client.get("/api/v1/statistik").get_json()["most_viewed"] == []
    client.get(f"/dokumen/{docs['public'].slug}")
    assert client.get("/api/v1/statistik").get_json()["most_viewed"] == []
    app.config["STATISTICS_CACHE_SECONDS"] = 0
    assert len(client.get("/api/v1/statistik").get_json()["most_viewed"]) == 1


def test_status_counts_match_the_status_every_document_shows(app, docs):
    """Counted in SQL where nothing acts on a law, derived where relations or
    an override do: the totals equal shown_statuses over every document."""
    from collections import Counter

    from sqlalchemy import select

    from jdih.catalogue.models import Document
    from jdih.extensions import db
    from jdih.relations import operations as rel
    from jdih.relations.queries import shown_statuses
    from jdih.stats.queries import NO_STATUS, by_status, public_documents

    with app.test_request_context():
        old = add_document(nomor="3", tahun=2003, judul="Lama", status="Berlaku")
        newer = add_document(nomor="4", tahun=2004, judul="Baru", status="Berlaku")
        add_document(nomor="5", tahun=2005, judul="Tanpa status")
        end = rel.End.of
        rel.add("mencabut", end(db.session.get(Document, newer.id)), end(db.session.get(Document, old.id)))
        db.session.commit()
        docs = list(db.session.scalars(public_documents().where(Document.doc_type.in_(("peraturan", "putusan")))))
        expected = Counter(status or NO_STATUS for status in shown_statuses(docs).values())
        counted = dict(by_status())
    assert counted == dict(expected)
    assert counted.get("Tidak Berlaku") == 1 and counted.get(NO_STATUS)


def test_bar_chart_labels_are_cut_to_fit_their_column(app):
    """A label ends at x=236 of the chart: one longer than 30 characters is
    cut to 30 with an ellipsis (labels of up to 35 were once kept whole, and
    with the column ending at x=196 they ran off the chart's left edge)."""
    import re

    with app.app_context():
        bar_chart = app.jinja_env.get_template("macros/charts.html").module.bar_chart
        rows = [("Peraturan Pemerintah Pengganti Undang-Undang", 1), ("Peraturan Komisi Pemilihan Umum", 2),
                ("Putusan", 3)]
        svg = str(bar_chart(rows, "Uji", "uji"))
    labels = re.findall(r'class="chart-label"[^>]*>([^<]*)<', svg)
    assert labels == ["Peraturan Pemerintah Penggant…", "Peraturan Komisi Pemilihan Um…", "Putusan"]
