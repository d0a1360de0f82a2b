"""Machinery of the permission matrix in test_permissions.py (no tests here).

``World`` holds the records the matrix's templates name ("{draft.slug}",
"{news.id}", "{upload.digest}"). Each is created on first use, so a fresh
world for one allowed POST costs only the records that POST touches.
"""
from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from datetime import date
from types import SimpleNamespace
from typing import Any, Callable, Optional
from urllib.parse import parse_qs, urlsplit

from PIL import Image
from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from conftest import PASSWORD, csrf_token_from
from conftest import client_as as conftest_client_as
from jdih.extensions import db
from pdfs import make_pdf

LOGIN = "login"
#: "token" is a client without a session that sends a partner's API token.
ROLES = ("anonymous", "partner", "editor", "admin", "token")
#: Answers that must leave the database as it was.
REFUSED = (LOGIN, 401, 403, 404)
YEAR = 2020


def expect(anonymous: Any, partner: Any, editor: Any, admin: Any, token: Any = None) -> dict[str, Any]:
    """Expected answer per role; a bearer token outside the API is no login,
    so ``token`` defaults to the anonymous answer."""
    return {"anonymous": anonymous, "partner": partner, "editor": editor, "admin": admin,
            "token": anonymous if token is None else token}


def everyone(status: int) -> dict[str, Any]:
    return expect(status, status, status, status)


def staff(status: int) -> dict[str, Any]:
    return expect(LOGIN, 403, status, status)


def admins(status: int) -> dict[str, Any]:
    return expect(LOGIN, 403, 403, status)


#: Records hidden from readers answer 404, not 403.
STAFF_ONLY_RECORD = expect(404, 404, 200, 200)
PARTNER_RECORD = expect(404, 200, 200, 200)


@dataclass(frozen=True)
class Case:
    """One request: path (a template), expected answer per role, and what
    a 200 answer must (``shows``) or must not (``hides``) link to, per role."""

    path: str
    expected: dict[str, Any]
    data: Optional[Callable[["World"], dict] | dict] = None
    json: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    #: False for a URL no rule matches (the 404 comes from routing).
    routed: bool = True
    hides: dict[str, tuple[str, ...]] = field(default_factory=dict)
    shows: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def form(self, world: "World") -> dict:
        if callable(self.data):
            return self.data(world)
        return {key: world.format(value) for key, value in (self.data or {}).items()}


@dataclass(frozen=True)
class Row:
    """Every case of one (endpoint, method) of ``app.url_map``."""

    endpoint: str
    method: str
    cases: tuple[Case, ...]
    #: False for machine endpoints exempt from CSRF protection.
    csrf: bool = True

    @property
    def id(self) -> str:
        return f"{self.method} {self.endpoint}"


def row(endpoint: str, method: str, *cases: Case, csrf: bool = True) -> Row:
    return Row(endpoint, method, cases, csrf)


# -- the world ------------------------------------------------------------------------

class World(dict):
    """Template values; a missing one is built by ``BUILDERS`` on first use."""

    def __init__(self, app, number: int, shared: dict[str, Any]):
        super().__init__(shared, n=number, year=YEAR)
        self.app = app

    def __missing__(self, key: str) -> Any:
        if key not in BUILDERS:
            raise KeyError(key)
        with self.app.test_request_context():
            value = BUILDERS[key](self)
            db.session.commit()
        self[key] = value
        return value

    def format(self, template: str) -> str:
        return template.format_map(self)


def png(seed: int) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4 + seed % 50, 4), (0, 90, 160)).save(buffer, "PNG")
    return buffer.getvalue()


def _document(label: str, number: int, *, doc_type: str = "peraturan", state: str = "published",
              visibility: str = "public", deleted: bool = False):
    def build(world: World) -> SimpleNamespace:
        from jdih.catalogue import attachments, operations
        from jdih.catalogue.models import Jenis

        n = world["n"]
        if doc_type == "peraturan":
            values = {"jenis_id": world["jenis_id"], "nomor": str(n * 10 + number), "tahun": YEAR}
            # One pasal, so the regulation gets a structure (reading view, API).
            data, filename = make_pdf([f"{label} {n}\nPasal 1\nKetentuan uji {label}."]), f"{label}.pdf"
            role = "naskah"
        else:
            jenis = db.session.scalar(select(Jenis.id).where(Jenis.name == "Laporan Kegiatan"))
            values = {"jenis_id": jenis, "tahun": YEAR, "tanggal_mulai": date(2024, 5, 1), "abstrak": "Ringkasan"}
            data, filename, role = png(n), "foto.png", "foto"
        doc = operations.create_document(doc_type, {**values, "judul": f"Uji {label} {n}"})
        attachment = attachments.add_attachment(doc, FileStorage(io.BytesIO(data), filename), role)
        if state == "published":
            operations.publish(doc)
        if deleted:
            operations.delete(doc)
        doc.visibility = visibility
        return SimpleNamespace(id=doc.id, slug=doc.slug, attachment_id=attachment.id, filename=attachment.filename,
                               file_url=f"/dokumen/{doc.slug}/berkas/{attachment.id}/{attachment.filename}")
    return build


def _user(world: World) -> SimpleNamespace:
    from jdih.accounts.operations import create_user

    return SimpleNamespace(id=create_user(f"korban{world['n']}@uji.id", PASSWORD, "partner").id)


NEWS_BODY = "<p>Sesuai Undang-Undang Nomor 43 Tahun 2009 dan UU Kearsipan.</p>"


def _news(label: str, publish: bool = False, deleted: bool = False):
    def build(world: World) -> SimpleNamespace:
        from jdih.news import operations as news_ops

        news = news_ops.create_news({"title": f"Berita {label} {world['n']}", "news_date": date(2025, 10, 21),
                                     "body": NEWS_BODY})
        if publish:
            news_ops.publish(news)
        if deleted:
            news_ops.delete(news)
        return SimpleNamespace(id=news.id, slug=news.slug)
    return build


def _photo(world: World) -> SimpleNamespace:
    from jdih.news import operations as news_ops
    from jdih.news.models import News

    news = db.session.get(News, world["news"].id)
    photo = news_ops.add_photo(news, FileStorage(io.BytesIO(png(world["n"])), "foto.png"), "Foto")
    return SimpleNamespace(id=photo.id, filename=photo.filename)


def _citation(world: World) -> SimpleNamespace:
    from jdih.citations.models import NewsCitation

    return SimpleNamespace(id=db.session.scalar(select(NewsCitation.id).where(
        NewsCitation.news_id == world["news"].id).order_by(NewsCitation.start)))


def _alias(world: World) -> SimpleNamespace:
    from jdih.citations.resolve import save_alias

    n = world["n"]
    return SimpleNamespace(id=save_alias(None, "UU", f"Uji{n}", f"UU Uji {n}", "UU 43/2009").id)


def _api_token(world: World) -> SimpleNamespace:
    from jdih.api import tokens

    return SimpleNamespace(id=tokens.issue_token(f"Mitra {world['n']}")[0].id)


def import_csv(n: int) -> bytes:
    return f"tipe,jenis,nomor,tahun,judul\nperaturan,UU,{9000 + n},{YEAR},Impor uji {n}\n".encode()


def _upload(world: World) -> SimpleNamespace:
    from jdih.api import import_files

    return SimpleNamespace(digest=import_files.store(import_csv(world["n"]), "impor.csv",
                                                     world["admin_id"], False).digest)


def _import_job(world: World) -> SimpleNamespace:
    from jdih.tasks import jobs

    return SimpleNamespace(id=jobs.create("import_apply", {"digest": "0" * 64}, world["admin_id"]).id)


def _relation(world: World) -> SimpleNamespace:
    from jdih.catalogue.models import Document
    from jdih.relations import operations as rel

    doc = db.session.get(Document, world["public"].id)
    return SimpleNamespace(id=rel.add_from_document(doc, "mencabut", f"UU 8/{1900 + world['n']}").id)


def _follow(world: World) -> SimpleNamespace:
    """An anonymous follow of the public document, with its signed links."""
    from jdih.alerts import operations as alerts

    follow, _ = alerts.request_follow(f"pengikut{world['n']}@uji.id", "document", world["public"].slug,
                                      "immediate")
    return SimpleNamespace(id=follow.id, confirm=alerts.confirm_token(follow),
                           unsubscribe=alerts.unsubscribe_token(follow))


def _partner_follow(world: World) -> SimpleNamespace:
    """The shared partner account's follow of the public document."""
    from jdih.accounts.models import User
    from jdih.alerts import operations as alerts

    partner = db.session.get(User, world["partner_id"])
    return SimpleNamespace(id=alerts.follow_as_user(partner, "document", world["public"].slug, "daily").id)


def _webhook(world: World) -> SimpleNamespace:
    """A webhook of the shared bearer token (the "token" role's)."""
    from jdih.alerts import webhooks
    from jdih.api.models import ApiToken
    from jdih.api.tokens import ApiPrincipal, hash_token

    token = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == hash_token(world["bearer"])))
    return SimpleNamespace(id=webhooks.create(ApiPrincipal(token.id, token.role), "https://mitra.example/h")[0].id)


BUILDERS: dict[str, Callable[[World], Any]] = {
    "public": _document("publik", 1),
    "draft": _document("draf", 2, state="draft"),
    "partner": _document("mitra", 3, visibility="partner"),
    "internal": _document("internal", 4, visibility="internal"),
    "deleted": _document("dihapus", 5, deleted=True),
    "laporan": _document("laporan", 6, doc_type="laporan"),
    "user": _user,
    "news": _news("terbit", publish=True),
    "news_draft": _news("draf"),
    "news_deleted": _news("dihapus", deleted=True),
    "photo": _photo,
    "citation": _citation,
    "alias": _alias,
    "api_token": _api_token,
    "upload": _upload,
    "import_job": _import_job,
    "relation": _relation,
    "follow": _follow,
    "partner_follow": _partner_follow,
    "webhook": _webhook,
}


def seed_shared(app) -> dict[str, Any]:
    """What every world shares: the role accounts, the UU type, the law the
    news items cite, the standard aliases, and the bearer token of "token"."""
    from jdih.accounts.operations import create_user
    from jdih.api import tokens
    from jdih.catalogue import operations
    from jdih.catalogue.models import Jenis
    from jdih.citations.resolve import seed_aliases

    with app.test_request_context():
        shared = {f"{role}_id": create_user(f"{role}@uji.id", PASSWORD, role).id
                  for role in ("admin", "editor", "partner")}
        uu = db.session.scalar(select(Jenis.id).where(Jenis.abbreviation == "UU"))
        shared["jenis_id"] = uu
        law = operations.create_document("peraturan", {"jenis_id": uu, "nomor": "43", "tahun": 2009,
                                                       "judul": "Kearsipan"})
        operations.publish(law)
        seed_aliases()
        shared["bearer"] = tokens.issue_token("Mitra bersama")[1]
        db.session.commit()
    return shared


# -- asking and judging --------------------------------------------------------------

#: Columns that change on reads (a login, a token's use), not on refused writes.
READ_TRACES = {"last_login_at", "last_used_at"}


def fingerprint() -> tuple:
    """Every row of every table but the search outbox (must be called in an app context)."""
    state = []
    for table in db.metadata.sorted_tables:
        if table.name == "search_outbox":
            continue
        columns = [column for column in table.columns if column.name not in READ_TRACES]
        state.append(tuple(db.session.execute(select(*columns).order_by(*table.primary_key.columns)).all()))
    return tuple(state)


def csrf_token(client, role: str) -> str:
    """The client's CSRF token (one per session), from a page that renders one."""
    if getattr(client, "matrix_csrf", None) is None:
        page = "/masuk" if role in ("anonymous", "token") else "/"
        client.matrix_csrf = csrf_token_from(client.get(page).get_data(as_text=True))
    return client.matrix_csrf


def send(client, row_: Row, case: Case, path: str, data: dict, role: str, with_token: bool = True):
    if row_.method == "GET":
        return client.get(path, headers=case.headers)
    if row_.method == "DELETE":
        return client.delete(path, headers=case.headers)
    if case.json is not None:
        return client.post(path, json=case.json, headers=case.headers)
    if with_token and row_.csrf:
        data["csrf_token"] = csrf_token(client, role)
    return client.post(path, data=data, headers=case.headers, content_type="multipart/form-data")


def _marker(text: str) -> tuple[str, re.Pattern]:
    """A link to ``text`` (a path) not followed by more of a slug."""
    return text, re.compile(re.escape(text) + r"(?![\w-])")


#: A 401 or 403 says why, in Indonesian.
REFUSAL_REASONS = ("tidak memiliki akses", "perlu masuk", "Token API tidak dikenal")


def status_problem(response, expected: Any, path: str) -> Optional[str]:
    if expected == LOGIN:
        location = urlsplit(response.headers.get("Location", ""))
        if response.status_code != 302 or location.path != "/masuk":
            return f"expected a redirect to /masuk, got {response.status} {location.path}"
        if parse_qs(location.query).get("next") != [path]:
            return f"login redirect lost the page: {response.headers['Location']}"
        return None
    if response.status_code != expected:
        return f"expected {expected}, got {response.status_code}"
    if expected in (401, 403):
        body = response.get_data(as_text=True)
        if not any(reason in body for reason in REFUSAL_REASONS):
            return "refusal without the Indonesian explanation"
    return None


def check(app, client, row_: Row, case: Case, world: World, role: str) -> Optional[str]:
    """None if ``role`` gets the expected answer to ``case``, else what went wrong."""
    expected = case.expected[role]
    # Everything the request names is built before the fingerprint is taken.
    path, data = world.format(case.path), case.form(world)
    shows = [_marker(world.format(text)) for text in case.shows.get(role, ())]
    hides = [_marker(world.format(text)) for text in case.hides.get(role, ())]
    before = None
    if expected in REFUSED:
        with app.app_context():
            before = fingerprint()
    response = send(client, row_, case, path, data, role)
    try:
        problem = status_problem(response, expected, path)
        if problem is None and (shows or hides):
            body = response.get_data(as_text=True)
            problem = (next((f"does not link to {link}" for link, p in shows if not p.search(body)), None)
                       or next((f"links to {link}" for link, p in hides if p.search(body)), None))
    finally:
        response.close()
    if problem is None and before is not None:
        with app.app_context():
            if fingerprint() != before:
                problem = "a refused request changed something"
    return f"{row_.id} {path} as {role}: {problem}" if problem else None


def client_as(app, shared: dict[str, Any], role: str):
    client = conftest_client_as(app, role, shared["bearer"])
    client.matrix_csrf = None
    return client


class Matrix:
    """One app and database for the module: the shared world, fresh ones, clients."""

    def __init__(self, app, shared: dict[str, Any]):
        self.app, self.shared, self.counter = app, shared, [0]
        self.world = World(app, 0, shared)

    def fresh_world(self) -> World:
        self.counter[0] += 1
        return World(self.app, self.counter[0], self.shared)

    def client(self, role: str):
        return client_as(self.app, self.shared, role)


# -- routing only -------------------------------------------------------------------------

class Anything:
    """A stand-in record: enough to route a template, nothing more."""

    id = attachment_id = 1
    slug, filename, digest = "contoh", "berkas.pdf", "0" * 64
    confirm = unsubscribe = "token-bertanda"
    file_url = "/dokumen/contoh/berkas/1/berkas.pdf"


class FakeWorld(World):
    def __init__(self):
        dict.__init__(self, n=1, year=2020, jenis_id=1, admin_id=1, editor_id=2, partner_id=3)

    def __missing__(self, key):
        return Anything()


def routes_of(app) -> set[tuple[str, str]]:
    return {(rule.endpoint, method) for rule in app.url_map.iter_rules() if rule.endpoint != "static"
            for method in (rule.methods or set()) - {"HEAD", "OPTIONS"}}


