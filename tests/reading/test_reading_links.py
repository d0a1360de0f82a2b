"""The structure's neighbours: relation facts beside their pasal, pasal links
from news citations and the relations card, and the API's structure
endpoint (HTTP)."""
from __future__ import annotations

import re
from datetime import date

import pytest

from conftest import client_as
from jdih.extensions import db
from reading_support import make_accounts, make_law

NEWS_BODY = ("<p>Diskusi membahas Pasal 2 ayat (1) UU 5/2020 dan Pasal 3 UU 5/2020, "
             "lalu Lampiran II UU 5/2020 serta UU 5/2020 secara umum.</p>")


@pytest.fixture
def world(app):
    """UU 5/2020 with its structure; a public ruling testing its Pasal 2 and
    an internal one testing Pasal 3; a news item citing its pasal."""
    from jdih.news import operations as news_ops
    from jdih.relations import operations as rel

    make_accounts(app)
    with app.test_request_context():
        law = make_law()
        public = make_law("12/PUU-XVIII/2020", 2020, doc_type="putusan", abbreviation="MK", role=None,
                          judul="Pengujian Keterbukaan", tanggal_dibacakan=date(2020, 6, 1))
        hidden = make_law("13/PUU-XVIII/2020", 2020, doc_type="putusan", abbreviation="MK", role=None,
                          judul="RAHASIA-PUTUSAN-13", visibility="internal", tanggal_dibacakan=date(2020, 7, 1))
        rel.add("menguji", rel.End.of(public), rel.End.of(law), pasal="Pasal 2 ayat (1)",
                result="dikabulkan_sebagian")
        rel.add("menguji", rel.End.of(hidden), rel.End.of(law), pasal="Pasal 3", result="ditolak")
        news = news_ops.create_news({"title": "Diskusi keterbukaan", "news_date": date(2025, 10, 21),
                                     "body": NEWS_BODY})
        news_ops.publish(news)
        db.session.commit()
        return {"law": law.slug, "public": public.slug, "hidden": hidden.slug, "hidden_id": hidden.display_identity,
                "news": news.slug}


def pasal(html: str, number: int) -> str:
    start = html.index(f'id="pasal-{number}"')
    return html[start:html.index("</article>", start)]


def test_relation_facts_sit_under_the_pasal_they_name(app, client, world):
    html = client.get(f"/dokumen/{world['law']}").get_data(as_text=True)
    two = pasal(html, 2)
    assert "Pasal ini diuji dengan MK 12/PUU-XVIII/2020: dikabulkan sebagian" in two
    assert f'href="/dokumen/{world["public"]}"' in two
    assert "diuji dengan" not in pasal(html, 1)
    # The internal ruling is never named, not even beside its pasal.
    assert "diuji dengan" not in pasal(html, 3)
    assert world["hidden_id"] not in html and "RAHASIA-PUTUSAN-13" not in html
    staff_html = client_as(app, "editor").get(f"/dokumen/{world['law']}").get_data(as_text=True)
    assert "Pasal ini diuji dengan MK 13/PUU-XVIII/2020: ditolak" in pasal(staff_html, 3)


def test_the_rulings_card_links_to_the_pasal_it_tested(client, world):
    html = client.get(f"/dokumen/{world['public']}").get_data(as_text=True)
    card = html[html.index('id="relasi"'):]
    assert f'<a href="/dokumen/{world["law"]}#pasal-2">Pasal 2 ayat (1)</a>' in card


def test_news_citations_with_a_pasal_link_to_its_anchor(client, world):
    html = client.get(f"/berita/{world['news']}").get_data(as_text=True)
    links = re.findall(r'<a class="citation-link" href="([^"]+)"[^>]*>([^<]+)</a>', html)
    targets = {text: href for href, text in links if "UU 5/2020" in text}
    assert targets["Pasal 2 ayat (1) UU 5/2020"] == f"/dokumen/{world['law']}#pasal-2"
    assert targets["Pasal 3 UU 5/2020"] == f"/dokumen/{world['law']}#pasal-3"
    # No pasal named (a Lampiran, or the law as a whole): the whole law.
    assert set(href for text, href in targets.items() if "Pasal" not in text) == {f"/dokumen/{world['law']}"}


def test_api_structure_follows_the_document_reader_policy(app, client, world):
    response = client.get(f"/api/v1/documents/{world['law']}/struktur")
    assert response.status_code == 200
    body = response.get_json()
    assert body["slug"] == world["law"] and body["identity"] == "UU 5/2020"
    assert body["file_url"].endswith(".pdf") and body["parser_version"]
    babs = [part for part in body["structure"]["parts"] if part["kind"] == "bab"]
    assert [(bab["anchor"], [child["anchor"] for child in bab["children"]]) for bab in babs] == [
        ("bab-i", ["pasal-1", "pasal-2"]), ("bab-ii", ["pasal-3"])]
    assert body["structure"]["tahun"] == "2020"
    # A readable document without a structure, an unreadable one, none at all.
    none = client.get(f"/api/v1/documents/{world['public']}/struktur")
    assert none.status_code == 404 and none.get_json()["error"]["code"] == "no_structure"
    hidden = client.get(f"/api/v1/documents/{world['hidden']}/struktur")
    assert hidden.status_code == 404 and hidden.get_json()["error"]["code"] == "http_404"
    assert client.get("/api/v1/documents/tidak-ada/struktur").status_code == 404
    assert client.get(f"/api/v1/documents/{world['law']}/struktur?x=1").status_code == 400
