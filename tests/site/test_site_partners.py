"""Partners: the "Khusus mitra" browse filter, visibility=partner in the API,
and /mitra (what was shared with partners, newest first)."""
from __future__ import annotations

import pytest

from conftest import bearer, client_as, issue_token, make_user
from site_support import add_document, fast_passwords  # noqa: F401


@pytest.fixture(autouse=True)
def _cheap_hashes(fast_passwords):
    pass


@pytest.fixture
def docs(app):
    for role in ("partner", "editor"):
        make_user(app, f"{role}@uji.id", role)
    with app.test_request_context():
        return {"public": add_document(nomor="1", judul="Umum Satu"),
                "older": add_document(nomor="2", judul="Mitra Lama", visibility="partner"),
                "newer": add_document(nomor="3", judul="Mitra Baru", visibility="partner"),
                "internal": add_document(nomor="4", judul="Internal Empat", visibility="internal")}


def test_partner_only_filter_in_browse(app, client, docs):
    partner = client_as(app, "partner")
    page = partner.get("/peraturan?mitra=1").get_data(as_text=True)
    assert "Khusus mitra" in page and "Mitra Baru" in page and "Mitra Lama" in page
    assert "Umum Satu" not in page and "Internal Empat" not in page
    editor_page = client_as(app, "editor").get("/peraturan?mitra=1").get_data(as_text=True)
    assert "Mitra Baru" in editor_page and "Internal Empat" not in editor_page
    # anonymous readers: no filter offered, and the parameter shows nothing hidden
    anonymous = client.get("/peraturan?mitra=1").get_data(as_text=True)
    assert "Khusus mitra" not in anonymous and "Umum Satu" in anonymous and "Mitra Baru" not in anonymous


def test_api_visibility_partner_needs_a_partner_token(app, client, docs):
    token = issue_token(app, "Mitra uji")[1]
    refused = client.get("/api/v1/documents?visibility=partner")
    assert refused.status_code == 401 and "token mitra" in refused.get_json()["error"]["message"]
    assert client.get("/api/v1/documents?visibility=internal").status_code == 400
    listed = client.get("/api/v1/documents?visibility=partner", headers=bearer(token))
    assert listed.status_code == 200
    assert sorted(doc["judul"] for doc in listed.get_json()["data"]) == ["Mitra Baru", "Mitra Lama"]


def test_shared_page_lists_partner_documents_newest_first(app, client, docs):
    assert client.get("/mitra").status_code == 302
    page = client_as(app, "partner").get("/mitra").get_data(as_text=True)
    assert page.index("Mitra Baru") < page.index("Mitra Lama")
    assert "Umum Satu" not in page and "Internal Empat" not in page and "dibagikan" in page
    assert "Untuk mitra" in page  # the partner's navigation links here
    assert client_as(app, "editor").get("/mitra").status_code == 200


def _hits(html: str, docs) -> set[str]:
    """Which of ``docs`` the search page lists (by the links of its hits)."""
    hits = html.split('class="search-hits"', 1)[-1]
    return {name for name, doc in docs.items() if f'href="/dokumen/{doc.slug}"' in hits}


def test_partner_only_filter_in_search(app, client, docs):
    partner = client_as(app, "partner")
    page = partner.get("/cari?mitra=1").get_data(as_text=True)
    assert _hits(page, docs) == {"older", "newer"}
    assert 'name="mitra" value="1" checked' in page and "Khusus mitra<span" in page  # box and chip
    everything = partner.get("/cari?q=satu+OR+mitra").get_data(as_text=True)
    assert _hits(everything, docs) == {"public", "older", "newer"}
    assert 'name="mitra" value="1">' in everything  # offered, not ticked
    editor = client_as(app, "editor").get("/cari?q=empat+OR+mitra&mitra=1").get_data(as_text=True)
    assert _hits(editor, docs) == {"older", "newer"}
    # anonymous readers: no filter offered, and the parameter neither hides nor reveals anything
    anonymous = client.get("/cari?q=satu+OR+mitra&mitra=1").get_data(as_text=True)
    assert _hits(anonymous, docs) == {"public"} and 'name="mitra"' not in anonymous


def test_api_search_visibility_partner_needs_a_partner_token(app, client, docs):
    token = issue_token(app, "Mitra uji")[1]
    refused = client.get("/api/v1/search?q=satu+OR+mitra&visibility=partner")
    assert refused.status_code == 401 and "token mitra" in refused.get_json()["error"]["message"]
    found = client.get("/api/v1/search?q=satu+OR+mitra&visibility=partner", headers=bearer(token))
    assert found.status_code == 200
    assert sorted(item["document"]["judul"] for item in found.get_json()["results"]) == ["Mitra Baru",
                                                                                         "Mitra Lama"]
