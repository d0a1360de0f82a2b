"""/api/v1/news, /api/v1/search, and what the document detail borrows from
the news and relations areas, on the demo data."""
from __future__ import annotations

import pytest

from api_helpers import make_document
from conftest import bearer, issue_token


@pytest.fixture
def demo(runner):
    result = runner.invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output


def test_news_list_pages_newest_first_without_repeats(client, demo):
    everything = client.get("/api/v1/news?limit=100").get_json()["data"]
    assert len(everything) > 3
    dates = [item["news_date"] for item in everything]
    assert dates == sorted(dates, reverse=True)
    seen, cursor = [], None
    while True:
        body = client.get("/api/v1/news?limit=2" + (f"&cursor={cursor}" if cursor else "")).get_json()
        seen += [item["id"] for item in body["data"]]
        cursor = body["next_cursor"]
        if not cursor:
            break
    assert seen == [item["id"] for item in everything]


def test_news_detail_has_its_linked_citations(client, demo):
    details = [client.get(f"/api/v1/news/{item['slug']}").get_json()
               for item in client.get("/api/v1/news?limit=100").get_json()["data"]]
    citations = [c for detail in details for c in detail["citations"]]
    linked = [c for c in citations if c["document"]]
    assert linked, "the demo news cite catalogued documents"
    for item in linked:
        assert item["document"]["api_url"].startswith("http://localhost/api/v1/documents/")
    assert all(c["status"] != "rejected" for c in citations)


def test_unpublished_news_is_404(app, client, demo):
    from jdih.extensions import db
    from jdih.news import operations
    from jdih.news.models import News

    with app.app_context():
        news = db.session.query(News).first()
        slug = news.slug
        operations.unpublish(news)
        db.session.commit()
    response = client.get(f"/api/v1/news/{slug}")
    assert response.status_code == 404 and response.get_json()["error"]["status"] == 404


def test_document_detail_lists_citing_news(client, demo):
    for item in client.get("/api/v1/news?limit=100").get_json()["data"]:
        news = client.get(f"/api/v1/news/{item['slug']}").get_json()
        cited = next((c["document"] for c in news["citations"] if c["document"]), None)
        if cited:
            break
    else:
        pytest.fail("no demo news cites a catalogued document")
    body = client.get(f"/api/v1/documents/{cited['slug']}").get_json()
    assert news["slug"] in {entry["slug"] for entry in body["cited_in"]}


def test_document_detail_lists_relations_and_derived_status(client, demo):
    pytest.importorskip("jdih.relations.queries")
    uu = client.get("/api/v1/documents/uu-7-2017").get_json()
    revoked = {r["identity"] for r in uu["relations"] if r["type"] == "mencabut" and r["direction"] == "outgoing"}
    assert "UU 42/2008" in revoked
    old = client.get("/api/v1/documents/uu-42-2008")
    if old.status_code == 200:
        assert old.get_json()["derived_status"] == "Tidak Berlaku"


def test_search_finds_documents_with_facets(client, demo):
    body = client.get("/api/v1/search?q=pemilihan+umum").get_json()
    assert body["total"] > 0 and body["results"]
    assert any(r["document"] and r["document"]["slug"] == "uu-7-2017" for r in body["results"])
    assert "doc_type" in body["facets"]
    only = client.get("/api/v1/search?q=pemilihan+umum&tipe=putusan").get_json()
    assert all(r["document"]["type"] == "putusan" for r in only["results"] if r["document"])


def test_search_respects_visibility_by_token(app, client):
    make_document(app, judul="Nota kesepahaman pengawasan rahasia", nomor="77", visibility="partner")
    from jdih.search import service

    with app.app_context():
        service.drain(app)
    assert client.get("/api/v1/search?q=kesepahaman").get_json()["total"] == 0
    _, token = issue_token(app)
    found = client.get("/api/v1/search?q=kesepahaman", headers=bearer(token)).get_json()
    assert found["total"] == 1


@pytest.mark.parametrize("query", ["page=0", "limit=500", "urut=acak", "tahun=abc", "kueri=x"])
def test_search_bad_parameters(client, query):
    response = client.get("/api/v1/search?" + query)
    assert response.status_code == 400 and response.get_json()["error"]["code"] == "bad_parameter"
