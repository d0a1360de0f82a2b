"""One status everywhere: the page's card, the badge, the status JSON, the
status on today's date, the JDIHN feed, the Atom-free API listing and detail
all say the same for the demo's amended and reviewed laws; and a date after
an amendment took effect never reads "naskah asli"."""
from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import select

from jdih.catalogue.models import Document
from jdih.extensions import db

JSON = {"Accept": "application/json"}
LAWS = ("UU 7/2017", "UU 8/2015", "UU 10/2016", "UU 1/2015", "UU 12/2011")


@pytest.fixture
def demo(app, runner):
    result = runner.invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        docs = db.session.scalars(select(Document).where(Document.doc_type == "peraturan")).all()
        return {doc.display_identity: (doc.id, doc.slug) for doc in docs}


def statuses_everywhere(client, doc_id: int, slug: str) -> dict[str, str]:
    today = date.today().isoformat()
    page = client.get(f"/dokumen/{slug}").get_data(as_text=True)
    card = re.search(r'class="derived-status" data-status="([^"]+)"', page)
    on_today = client.get(f"/dokumen/{slug}/status?tanggal={today}", headers=JSON).get_json()
    feed = client.get("/integrasi/jdihn").get_json()
    listing = client.get("/api/v1/documents?type=peraturan&limit=100").get_json()["data"]
    detail = client.get(f"/api/v1/documents/{slug}").get_json()
    return {
        "card": card.group(1) if card else None,
        "json": on_today["status"]["status"],
        "on_today": on_today["pada_tanggal"]["status"],
        "feed": next(item["status"] for item in feed if item["idData"] == str(doc_id)),
        "api_list": next(item["status"] for item in listing if item["id"] == doc_id),
        "api_detail": detail["status"],
        "api_derived": detail["derived_status"],
        "api_metadata": detail["metadata"]["status"],
    }


@pytest.mark.parametrize("law", LAWS)
def test_every_place_shows_the_same_status(client, demo, law):
    doc_id, slug = demo[law]
    found = statuses_everywhere(client, doc_id, slug)
    assert len(set(found.values())) == 1, found


def test_reviewed_laws_are_berlaku_sebagian_in_the_feed(client, demo):
    feed = {item["idData"]: item["status"] for item in client.get("/integrasi/jdihn").get_json()}
    for law in ("UU 7/2017", "UU 8/2015", "UU 10/2016"):
        assert feed[str(demo[law][0])] == "Berlaku Sebagian", law


def test_a_date_after_an_undated_amendment_is_not_the_original_text(client, demo):
    # UU 12/2011 was amended by UU 15/2019 (no date recorded, year 2019) and
    # UU 13/2022 (16 June 2022). By 2021 the 2019 amendment was in force.
    slug = demo["UU 12/2011"][1]
    on = client.get(f"/dokumen/{slug}/status?tanggal=2021-01-01", headers=JSON).get_json()["pada_tanggal"]
    assert on["versi"] == "sebagaimana diubah dengan UU 15/2019"
    later = client.get(f"/dokumen/{slug}/status?tanggal=2023-01-01", headers=JSON).get_json()["pada_tanggal"]
    assert later["perubahan"] == ["UU 15/2019", "UU 13/2022"]
    # Within the amendment's own year it cannot be placed: not counted, but named in a note.
    early = client.get(f"/dokumen/{slug}/status?tanggal=2019-06-01", headers=JSON).get_json()["pada_tanggal"]
    assert early["perubahan"] == [] and any("UU 15/2019" in note for note in early["catatan"])


def test_recorded_status_is_labelled_only_for_staff(client, demo, auth, users):
    slug = demo["UU 1/2015"][1]
    page = client.get(f"/dokumen/{slug}").get_data(as_text=True)
    assert "Status tercatat" not in page and "status tercatat" not in page
    assert client.get(f"/dokumen/{slug}/status", headers=JSON).get_json()["status"]["sumber"] is None
    auth.login(users["editor"])
    staff_page = client.get(f"/dokumen/{slug}").get_data(as_text=True)
    assert "Status tercatat" in staff_page
    assert client.get(f"/dokumen/{slug}/status", headers=JSON).get_json()["status"]["sumber"] == "relations"


def test_api_status_filter_follows_the_shown_status(client, demo):
    def identities(status: str) -> set[str]:
        body = client.get(f"/api/v1/documents?type=peraturan&limit=100&status={status}").get_json()
        return {item["identity"] for item in body["data"]}

    partly = identities("Berlaku Sebagian")
    assert {"UU 7/2017", "UU 8/2015", "UU 10/2016"} <= partly
    assert not partly & identities("Berlaku")
    assert "UU 1/2015" in identities("berlaku")
