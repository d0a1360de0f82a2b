"""Every news and citation route x every role -> the expected status; a
refused request changes nothing; every form POST needs its CSRF token."""
from __future__ import annotations

import io
from datetime import date
from dataclasses import dataclass, field
from typing import Any, Callable
from urllib.parse import parse_qs, urlsplit

import pytest
from PIL import Image
from werkzeug.datastructures import FileStorage
from sqlalchemy import func, select

from conftest import csrf_token_from
from jdih import create_app
from jdih.core.audit import AuditEntry
from jdih.catalogue import operations as catalogue
from jdih.catalogue.models import Jenis
from jdih.citations.models import CitationAlias, CitationDecision, NewsCitation
from jdih.citations.resolve import seed_aliases
from jdih.extensions import db
from jdih.news import operations as news_ops
from jdih.news.models import News, NewsPhoto

LOGIN = "login"
ROLES = ("anonymous", "partner", "editor", "admin")
COVERED_BLUEPRINTS = {"news", "news_admin", "citations"}


def everyone(status: int) -> dict[str, Any]:
    return dict.fromkeys(ROLES, status)


def staff(status: int) -> dict[str, Any]:
    return {"anonymous": LOGIN, "partner": 403, "editor": status, "admin": status}


def admins(status: int) -> dict[str, Any]:
    return {"anonymous": LOGIN, "partner": 403, "editor": 403, "admin": status}


STAFF_ONLY_RECORD = {"anonymous": 404, "partner": 404, "editor": 200, "admin": 200}


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), (0, 90, 160)).save(buffer, "PNG")
    return buffer.getvalue()


@dataclass
class World:
    ids: dict[str, Any] = field(default_factory=dict)

    def format(self, template: str) -> str:
        return template.format(**self.ids)


def build_world(app) -> World:
    """Fresh news items (and the shared law and aliases) for one request."""
    with app.app_context():
        if catalogue.find_by_identity("UU 43/2009") is None:
            uu = db.session.scalar(select(Jenis).where(Jenis.abbreviation == "UU"))
            doc = catalogue.create_document("peraturan", {"jenis_id": uu.id, "nomor": "43", "tahun": 2009,
                                                          "judul": "Kearsipan"})
            catalogue.publish(doc)
        seed_aliases()
        body = "<p>Sesuai Undang-Undang Nomor 43 Tahun 2009 dan UU Kearsipan.</p>"
        values = {"title": "Terbit", "news_date": date(2025, 10, 21), "body": body}
        published = news_ops.create_news(values)
        news_ops.publish(published)
        draft = news_ops.create_news({**values, "title": "Draf"})
        deleted = news_ops.create_news({**values, "title": "Dihapus"})
        news_ops.delete(deleted)
        photo = news_ops.add_photo(published, FileStorage(io.BytesIO(png()), "foto.png"), "Foto")
        db.session.commit()
        citation = db.session.scalar(select(NewsCitation).where(NewsCitation.news_id == published.id)
                                     .order_by(NewsCitation.start))
        alias = db.session.scalar(select(CitationAlias).where(CitationAlias.name == "PEMILU"))
        return World({"pub": published.slug, "pub_id": published.id, "draft": draft.slug,
                      "draft_id": draft.id, "deleted": deleted.slug, "photo": photo.id,
                      "photo_name": photo.filename, "cite": citation.id, "alias": alias.id})


NEWS_FORM = {"title": "Baru", "news_date": "2025-10-24", "body": "<p>Isi UU 7/2017</p>", "place": "",
             "credit": "", "tags": ""}


@dataclass(frozen=True)
class Row:
    method: str
    path: str
    expected: dict[str, Any]
    data: Callable[[], dict] | dict | None = None

    @property
    def id(self) -> str:
        return f"{self.method} {self.path}"

    def form(self) -> dict:
        return dict(self.data() if callable(self.data) else (self.data or {}))


MATRIX = [
    Row("GET", "/berita", everyone(200)),
    Row("GET", "/berita/{pub}", everyone(200)),
    Row("GET", "/berita/{draft}", STAFF_ONLY_RECORD),
    Row("GET", "/berita/{deleted}", STAFF_ONLY_RECORD),
    Row("GET", "/berita/tidak-ada", everyone(404)),
    Row("GET", "/berita/{pub}/foto/{photo}/{photo_name}", everyone(200)),
    Row("GET", "/berita/{draft}/foto/{photo}/{photo_name}", everyone(404)),
    Row("GET", "/staf/berita", staff(200)),
    Row("GET", "/staf/berita/baru", staff(200)),
    Row("POST", "/staf/berita/baru", staff(302), NEWS_FORM),
    Row("GET", "/staf/berita/{draft_id}", staff(200)),
    Row("POST", "/staf/berita/{draft_id}", staff(302), NEWS_FORM),
    Row("POST", "/staf/berita/{draft_id}/terbitkan", staff(302)),
    Row("POST", "/staf/berita/{pub_id}/tarik", staff(302)),
    Row("POST", "/staf/berita/{pub_id}/hapus", staff(302)),
    Row("POST", "/staf/berita/{pub_id}/pulihkan", staff(302)),
    Row("POST", "/staf/berita/{pub_id}/foto", staff(302),
        lambda: {"file": (io.BytesIO(png()), "baru.png"), "caption": "Baru"}),
    Row("POST", "/staf/berita/foto/{photo}/hapus", staff(302)),
    Row("POST", "/staf/berita/sitasi/{cite}/konfirmasi", staff(302)),
    Row("POST", "/staf/berita/sitasi/{cite}/tolak", staff(302)),
    Row("POST", "/staf/berita/sitasi/{cite}/atur-ulang", staff(302)),
    Row("POST", "/staf/berita/sitasi/{cite}/tautkan", staff(302), {"document": "UU 43/2009"}),
    Row("POST", "/staf/berita/{pub_id}/sitasi-manual", staff(302),
        {"phrase": "Sesuai", "document": "UU 43/2009"}),
    Row("GET", "/staf/sitasi-belum-dikatalog", staff(200)),
    Row("GET", "/staf/alias-sitasi", admins(200)),
    Row("POST", "/staf/alias-sitasi", admins(302),
        {"citation_type": "UU", "name": "ITE", "label": "UU ITE", "target_identity": "UU 11/2008"}),
    Row("POST", "/staf/alias-sitasi/{alias}", admins(302),
        {"citation_type": "UU", "name": "Pemilu", "label": "UU Pemilu", "target_identity": "UU 7/2023"}),
    Row("POST", "/staf/alias-sitasi/{alias}/hapus", admins(302)),
]
# The pulihkan row acts on a published item: restoring what is not deleted is a no-op (302).


def fingerprint(app) -> tuple:
    """Everything a refused request must leave as it was."""
    with app.app_context():
        count = lambda model: db.session.scalar(select(func.count()).select_from(model))  # noqa: E731
        states = tuple(db.session.execute(select(News.id, News.state, News.is_deleted, News.title)
                                          .order_by(News.id)).all())
        decisions = tuple(db.session.execute(select(CitationDecision.key, CitationDecision.state)).all())
        aliases = tuple(db.session.execute(select(CitationAlias.name, CitationAlias.target_identity)
                                           .order_by(CitationAlias.id)).all())
        photos = db.session.scalar(select(func.count()).where(NewsPhoto.is_deleted.is_(False)))
        return count(AuditEntry), states, decisions, aliases, photos


def token(client, role: str) -> str:
    return csrf_token_from(client.get("/masuk" if role == "anonymous" else "/").get_data(as_text=True))


def send(client, row: Row, world: World, role: str, with_token: bool = True):
    path = world.format(row.path)
    if row.method == "GET":
        return client.get(path)
    data = row.form()
    if with_token:
        data["csrf_token"] = token(client, role)
    return client.post(path, data=data, content_type="multipart/form-data")


def check(response, expected: Any, path: str) -> None:
    try:
        if expected == LOGIN:
            assert response.status_code == 302, response.status
            location = urlsplit(response.headers["Location"])
            assert location.path == "/masuk" and parse_qs(location.query)["next"] == [path]
        else:
            assert response.status_code == expected, response.get_data(as_text=True)[:800]
    finally:
        response.close()


# One test per route; the four roles run in turn, each on fresh records
# (the accounts are hashed once per test: Argon2 is slow on purpose).
@pytest.mark.parametrize("row", MATRIX, ids=lambda row: row.id)
def test_permission_matrix(app, client, auth, users, row: Row):
    for role in ROLES:
        world = build_world(app)
        if role != "anonymous":
            auth.login(users[role])
        before = fingerprint(app)
        expected = row.expected[role]
        check(send(client, row, world, role), expected, world.format(row.path))
        if expected in (LOGIN, 403, 404):
            assert fingerprint(app) == before, f"a refused request by {role} changed something"
        if role != "anonymous":
            auth.logout()


def test_posts_without_csrf_token_fail(app, client, auth, users):
    """Even an admin's POST without the form's token is refused and changes nothing."""
    auth.login(users["admin"])
    for row in (row for row in MATRIX if row.method == "POST"):
        world = build_world(app)
        before = fingerprint(app)
        response = send(client, row, world, "admin", with_token=False)
        assert response.status_code == 400, row.id
        assert "Sesi formulir kedaluwarsa" in response.get_data(as_text=True)
        assert fingerprint(app) == before, row.id


def test_every_route_is_in_the_matrix(tmp_path):
    app = create_app({"TESTING": True, "SECRET_KEY": "x",
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'x.sqlite3'}"})
    adapter = app.url_map.bind("localhost")
    sample = World({"pub": "a", "pub_id": 1, "draft": "b", "draft_id": 2, "deleted": "c", "photo": 3,
                    "photo_name": "f.png", "cite": 4, "alias": 5})
    covered = {(adapter.match(sample.format(row.path), method=row.method)[0], row.method) for row in MATRIX}
    covered.add(("citations.lookup", "POST"))  # machine endpoint: see test_citation_links_lookup.py
    routes = {(rule.endpoint, method) for rule in app.url_map.iter_rules()
              if rule.endpoint.split(".")[0] in COVERED_BLUEPRINTS
              for method in (rule.methods or set()) - {"HEAD", "OPTIONS"}}
    assert routes - covered == set()
