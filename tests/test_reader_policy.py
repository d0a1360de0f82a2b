"""One reader policy: no path names a document its reader may not read.

A public law is related, both ways and by several kinds, to an internal, a
partner-only and a draft law, and a published news item cites all four.
Every GET route that shows documents is walked as each role (and with a
partner's API token); a hidden document's title, slug or identity must not
appear anywhere in a body (text or attributes) for a role that may not read
it. Staff and partners must see what they may read, so the walk can fail.
"""
from __future__ import annotations

import io
import re
from datetime import date
from types import SimpleNamespace

import pytest
from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from conftest import PASSWORD
from conftest import client_as as conftest_client_as
from jdih.extensions import db
from pdfs import make_pdf

#: role -> which hidden documents that role may read.
MAY_READ = {
    "anonymous": set(),
    "token": {"partner"},
    "partner": {"partner"},
    "editor": {"internal", "partner", "draft"},
    "admin": {"internal", "partner", "draft"},
}
HIDDEN = {
    # key: (nomor, title marker, visibility, published)
    "internal": ("77", "RAHASIA-INTERNAL-77", "internal", True),
    "partner": ("88", "KHUSUS-MITRA-88", "partner", True),
    "draft": ("99", "DRAF-TERSEMBUNYI-99", "public", False),
}
NEWS_BODY = ("<p>Rapat membahas Undang-Undang Nomor 11 Tahun 2020, Undang-Undang Nomor 77 Tahun 2021, "
             "Undang-Undang Nomor 88 Tahun 2021 dan Undang-Undang Nomor 99 Tahun 2021.</p>")


def _law(jenis_id: int, nomor: str, tahun: int, judul: str, day: date, *, visibility="public",
         publish=True):
    from jdih.catalogue import attachments, operations

    doc = operations.create_document("peraturan", {
        "jenis_id": jenis_id, "nomor": nomor, "tahun": tahun, "judul": judul, "visibility": visibility,
        "tanggal_penetapan": day, "tanggal_pengundangan": day, "status": "Berlaku"})
    # A naskah whose one pasal repeats the title, so its parsed structure
    # (reading view, /struktur) names the document wherever it shows.
    text = make_pdf([f"Pasal 1\n{judul} berlaku."])
    attachments.add_attachment(doc, FileStorage(io.BytesIO(text), "naskah.pdf"), "naskah")
    if publish:
        operations.publish(doc)
    return doc


def build_world(app) -> SimpleNamespace:
    from jdih.accounts.operations import create_user
    from jdih.api import tokens
    from jdih.catalogue.models import Jenis
    from jdih.news import operations as news_ops
    from jdih.relations import operations as rel

    with app.test_request_context():
        for role in ("admin", "editor", "partner"):
            create_user(f"{role}@uji.id", PASSWORD, role)
        uu = db.session.scalar(select(Jenis.id).where(Jenis.abbreviation == "UU"))
        public = _law(uu, "11", 2020, "Keterbukaan Uji Publik", date(2020, 1, 10))
        revoked = _law(uu, "12", 2020, "Pencabutan Uji Publik", date(2020, 2, 10))
        hidden = {key: _law(uu, nomor, 2021, f"{marker} tentang Hal Tertutup", date(2021, 3, int(nomor) // 10),
                            visibility=visibility, publish=published)
                  for key, (nomor, marker, visibility, published) in HIDDEN.items()}
        end = rel.End.of
        # Beside Pasal 1 of the public law's reading view too.
        rel.add("mengubah", end(hidden["internal"]), end(public), pasal="Pasal 1")
        rel.add("mengubah", end(hidden["partner"]), end(public), pasal="Pasal 1")
        rel.add("mencabut", end(hidden["draft"]), end(public))
        rel.add("melaksanakan", end(public), end(hidden["partner"]))
        rel.add("melaksanakan", end(public), end(hidden["draft"]))
        rel.add("melaksanakan", end(public), end(hidden["internal"]))
        rel.add("mencabut", end(hidden["internal"]), end(revoked))
        news = news_ops.create_news({"title": "Rapat undang-undang", "news_date": date(2025, 10, 21),
                                     "body": NEWS_BODY})
        news_ops.publish(news)
        bearer = tokens.issue_token("Mitra uji")[1]
        db.session.commit()
        markers = {key: (HIDDEN[key][1], doc.slug, doc.display_identity) for key, doc in hidden.items()}
        return SimpleNamespace(public=public.slug, revoked=revoked.slug, news=news.slug, news_id=news.id,
                               ids=[d.id for d in (public, revoked, *hidden.values())],
                               slugs=[public.slug, revoked.slug, *(d.slug for d in hidden.values())],
                               markers=markers, bearer=bearer)


def client_as(app, world, role: str):
    return conftest_client_as(app, role, world.bearer)


#: GET routes that show no document (or only bytes of one): not walked.
SKIPPED = {"static", "catalogue.download", "news.photo", "api_admin.import_preview", "api_admin.import_job",
           "accounts.login", "accounts.create_user", "accounts.edit_user", "api.openapi_document",
           # the survey form and its results: answers and comments, no document
           "survey.survey", "survey.results", "survey.export",
           # the office's own pages and the site map: text written by admins, no document
           "pages.profile_index", "pages.profile", "pages.contact", "pages.guide", "pages.site_map_page",
           "pages.page_list", "pages.edit_page",
           # Reached only with a signed token; they name what the token's follower may read
           # (tests/alerts), and the delivery log names event kinds, never documents.
           "alerts.confirm", "alerts.unsubscribe", "api.webhook_deliveries"}
#: Queries that name the hidden documents, for every route that searches.
#: Lower case, so that a page echoing the query does not count as naming a
#: document (markers are matched case-sensitively).
QUERIES = ("rahasia-internal-77", "khusus-mitra-88", "draf-tersembunyi-99", "tertutup", "hal tertutup",
           "uu 77/2021", "uu 88 2021", "undang-undang nomor 99 tahun 2021", "rahasia internal", "rahasai")
JSON = {"Accept": "application/json"}
TAG = re.compile(r"<[^>]*>")


def paths_of(app, world) -> list[tuple[str, dict]]:
    """Every GET route of app.url_map, URL arguments filled, plus query variants."""
    fill = {"slug": world.slugs, "segment": ["peraturan"], "doc_type": ["peraturan"],
            "document_id": world.ids, "news_id": [world.news_id]}
    paths = []
    with app.test_request_context():
        from flask import url_for

        for rule in app.url_map.iter_rules():
            if "GET" not in rule.methods or rule.endpoint in SKIPPED:
                continue
            args = [a for a in rule.arguments if a not in (rule.defaults or {})]
            if not args:
                paths.append((url_for(rule.endpoint, **(rule.defaults or {})), {}))
                continue
            (name,) = args
            values = [world.news] if rule.endpoint in ("news.detail", "api.news_detail") else fill[name]
            paths.extend((url_for(rule.endpoint, **{name: value}), {}) for value in values)
    for slug in (world.public, world.revoked):
        for day in ("2020-06-01", "2021-06-01", date.today().isoformat()):
            paths.append((f"/dokumen/{slug}/status?tanggal={day}", {}))
            paths.append((f"/dokumen/{slug}/status?tanggal={day}", JSON))
        paths.append((f"/dokumen/{slug}/status", JSON))
        paths.append((f"/api/v1/documents/{slug}", JSON))
    for query in QUERIES:
        paths.append((f"/cari?q={query}", {}))
        paths.append((f"/cari?q={query}&teks=1", {}))
        paths.append((f"/api/v1/search?q={query}", {}))
        paths.append((f"/staf/dokumen?q={query}", {}))
    paths += [("/api/v1/documents?limit=100", {}), ("/integrasi/jdihn?limit=100&page=1", {}),
              ("/cari?q=&tipe=peraturan", {})]
    return paths


def echoed(path: str, key: str) -> bool:
    """Whether the identity ("UU 77/2021") may appear because the words it is
    read from are public: the published news text cites it, or the reader
    typed it. Its title and slug must still never appear."""
    nomor = HIDDEN[key][0]
    return path.startswith(("/berita", "/api/v1/news")) or (
        path.startswith(("/cari", "/api/v1/search")) and f" {nomor}" in path)


def walk(app, world, role: str) -> tuple[list[str], set[str]]:
    """Leaks found as ``role``, and the hidden documents ``role`` was shown."""
    client = client_as(app, world, role)
    leaks, seen = [], set()
    for path, headers in paths_of(app, world):
        response = client.get(path, headers=headers)
        raw = response.get_data(as_text=True)
        # Attributes count; so does text that highlighting split with tags.
        body = raw + "\n" + TAG.sub("", raw)
        for key, markers in world.markers.items():
            title, slug, identity = markers
            named = [m for m in (title, slug, None if echoed(path, key) else identity) if m and m in body]
            if named and key not in MAY_READ[role]:
                leaks.append(f"{path} ({response.status_code}) names {key} document {named} to {role}")
            elif named:
                seen.add(key)
    return leaks, seen


@pytest.fixture
def world(app):
    return build_world(app)


@pytest.mark.parametrize("role", ["anonymous", "partner", "token", "editor", "admin"])
def test_no_route_names_a_document_its_reader_may_not_read(app, world, role):
    leaks, seen = walk(app, world, role)
    assert not leaks, "\n".join(leaks)
    # The walk can fail: each role is shown what it may read.
    assert seen == MAY_READ[role]


@pytest.mark.parametrize("role,expected", [("anonymous", set()), ("partner", {"partner"}),
                                           ("editor", {"internal", "partner", "draft"})])
def test_relations_card_names_exactly_the_readable_ends(app, world, role, expected):
    body = client_as(app, world, role).get(f"/dokumen/{world.public}").get_data(as_text=True)
    card = body[body.index('id="relasi"'):]
    assert {key for key, markers in world.markers.items() if markers[0] in card} == expected


def test_unreadable_end_still_counts_for_status_without_being_named(app, world):
    client = client_as(app, world, "anonymous")
    body = client.get(f"/dokumen/{world.revoked}/status", headers=JSON).get_json()
    # Revoked by a published internal law: the status counts it.
    assert body["status"]["status"] == "Tidak Berlaku"
    assert "77" not in body["status"]["teks"]
    on_date = client.get(f"/dokumen/{world.public}/status?tanggal=2021-06-01", headers=JSON).get_json()
    # Amended by the internal and the partner law: a version, but no names.
    assert on_date["pada_tanggal"]["versi"] != "naskah asli (belum ada perubahan)"
    assert on_date["pada_tanggal"]["perubahan"] == []
