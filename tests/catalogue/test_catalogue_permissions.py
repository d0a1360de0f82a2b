"""Who may do what: every route x every role -> the expected status.

The matrix is data. Other areas add their routes to ``MATRIX`` (and their
blueprint to ``COVERED_BLUEPRINTS``): ``test_every_route_is_in_the_matrix``
then fails until every URL rule of a covered blueprint has a row, and
``test_post_without_csrf_token_fails`` covers their POST routes for free.

Statuses: an int, or ``LOGIN`` for "302 to /masuk?next=<this page>".
Paths and form data are templates filled from the world built by
``test_catalogue_support.build_world`` ("{draft.id}", "{partner.file_url}").
"""
from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Callable, Optional
from urllib.parse import parse_qs, urlsplit

import pytest

from jdih import create_app
from jdih.extensions import db
from conftest import AuthActions
from pdfs import make_pdf
from test_catalogue_support import (  # noqa: F401 (fast_passwords is a fixture)
    DocInfo, World, audit_count, build_world, fast_passwords, token_for,
)

LOGIN = "login"
ROLES = ("anonymous", "partner", "editor", "admin")


def everyone(status: int) -> dict[str, object]:
    return dict.fromkeys(ROLES, status)


def staff(status: int) -> dict[str, object]:
    return {"anonymous": LOGIN, "partner": 403, "editor": status, "admin": status}


def admins(status: int) -> dict[str, object]:
    return {"anonymous": LOGIN, "partner": 403, "editor": 403, "admin": status}


#: Published records hidden from anonymous readers and partners (404, not 403).
STAFF_ONLY_RECORD = {"anonymous": 404, "partner": 404, "editor": 200, "admin": 200}
PARTNER_RECORD = {"anonymous": 404, "partner": 200, "editor": 200, "admin": 200}


@dataclass(frozen=True)
class Row:
    method: str
    path: str
    expected: dict[str, object]
    #: Form data for POSTs: a dict of templates, or a function of the world.
    data: Optional[Callable[[World], dict] | dict] = None
    headers: dict[str, str] = field(default_factory=dict)

    def form(self, world: World) -> dict:
        if callable(self.data):
            return self.data(world)
        return {key: world.format(value) for key, value in (self.data or {}).items()}

    @property
    def id(self) -> str:
        accept = " json" if self.headers else ""
        return f"{self.method} {self.path}{accept}"


def _new_regulation(world: World) -> dict:
    return {"jenis_id": str(world.jenis_id), "nomor": "99", "tahun": str(world.year),
            "judul": "Dokumen baru", "visibility": "public"}


def _edit_draft(world: World) -> dict:
    return {"jenis_id": str(world.jenis_id), "nomor": "2", "tahun": str(world.year),
            "judul": "Masih draf (diubah)", "visibility": "public"}


def _pdf_upload(world: World) -> dict:
    return {"role": "lampiran", "title": "", "file": (io.BytesIO(make_pdf(["baru"])), "baru.pdf")}


MATRIX: list[Row] = [
    # -- public pages
    Row("GET", "/", everyone(200)),
    *(Row("GET", f"/{segment}", everyone(200))
      for segment in ("peraturan", "putusan", "monografi", "artikel", "laporan-kegiatan")),
    Row("GET", "/peraturan?jenis={jenis_id}&tahun=2020&page=2", everyone(200)),
    Row("GET", "/bukan-tipe", everyone(404)),
    Row("GET", "/dokumen/{public.slug}", everyone(200)),
    Row("GET", "/dokumen/{laporan.slug}", everyone(200)),
    Row("GET", "/dokumen/{draft.slug}", STAFF_ONLY_RECORD),
    Row("GET", "/dokumen/{partner.slug}", PARTNER_RECORD),
    Row("GET", "/dokumen/{internal.slug}", STAFF_ONLY_RECORD),
    Row("GET", "/dokumen/{deleted.slug}", STAFF_ONLY_RECORD),
    Row("GET", "/dokumen/tidak-ada", everyone(404)),
    # -- file downloads: a hidden document's files are as hidden as the document
    Row("GET", "{public.file_url}", everyone(200)),
    Row("GET", "{public.file_url}?unduh=1", everyone(200)),
    Row("GET", "{laporan.file_url}", everyone(200)),
    Row("GET", "{draft.file_url}", STAFF_ONLY_RECORD),
    Row("GET", "{draft.file_url}?unduh=1", STAFF_ONLY_RECORD),
    Row("GET", "{partner.file_url}", PARTNER_RECORD),
    Row("GET", "{internal.file_url}", STAFF_ONLY_RECORD),
    Row("GET", "{deleted.file_url}", STAFF_ONLY_RECORD),
    # a hidden document's file reached through a public document's URL
    Row("GET", "/dokumen/{public.slug}/berkas/{internal.attachment_id}/{internal.filename}", everyone(404)),
    Row("GET", "/dokumen/{public.slug}/berkas/999999/x.pdf", everyone(404)),
    # -- staff pages
    Row("GET", "/staf/dokumen", staff(200)),
    Row("GET", "/staf/dokumen?tipe=peraturan&status=draft&visibilitas=public&tahun=2020&q=draf", staff(200)),
    Row("GET", "/staf/dokumen", {"anonymous": 401, "partner": 403, "editor": 200, "admin": 200},
        headers={"Accept": "application/json"}),
    Row("GET", "/staf/dokumen/baru/peraturan", staff(200)),
    Row("GET", "/staf/dokumen/baru/laporan", staff(200)),
    Row("GET", "/staf/dokumen/baru/bukan-tipe", staff(404)),
    Row("POST", "/staf/dokumen/baru/peraturan", staff(302), data=_new_regulation),
    Row("GET", "/staf/dokumen/{draft.id}", staff(200)),
    Row("GET", "/staf/dokumen/{deleted.id}", staff(200)),
    Row("GET", "/staf/dokumen/999999", staff(404)),
    Row("POST", "/staf/dokumen/{draft.id}", staff(302), data=_edit_draft),
    Row("POST", "/staf/dokumen/{draft.id}/terbitkan", staff(302)),
    Row("POST", "/staf/dokumen/{public.id}/tarik", staff(302)),
    Row("POST", "/staf/dokumen/{public.id}/hapus", staff(302)),
    Row("POST", "/staf/dokumen/{deleted.id}/pulihkan", staff(302)),
    Row("POST", "/staf/dokumen/999999/terbitkan", staff(404)),
    Row("POST", "/staf/dokumen/{draft.id}/lampiran", staff(302), data=_pdf_upload),
    Row("POST", "/staf/lampiran/{public.attachment_id}/hapus", staff(302)),
    Row("POST", "/staf/lampiran/999999/hapus", staff(404)),
    # -- admin pages
    Row("GET", "/staf/kosakata", admins(200)),
    Row("POST", "/staf/kosakata/jenis", admins(302),
        data={"doc_type": "peraturan", "name": "Peraturan Uji {year}", "abbreviation": "PUJI", "citation_type": ""}),
    Row("POST", "/staf/kosakata/istilah", admins(302), data={"vocabulary": "bidang", "label": "Hukum Uji {year}"}),
    Row("POST", "/staf/kosakata/jenis/{jenis_id}", admins(302),
        data={"name": "Undang-Undang", "abbreviation": "UU", "citation_type": "UU"}),
    Row("POST", "/staf/kosakata/jenis/999999", admins(404), data={"name": "X"}),
    Row("GET", "/admin/pengguna", admins(200)),
    Row("GET", "/admin/pengguna/baru", admins(200)),
    Row("POST", "/admin/pengguna/baru", admins(302),
        data={"email": "baru{year}@uji.id", "name": "Baru", "role": "editor", "password": "kata-sandi-123"}),
    Row("GET", "/admin/pengguna/{editor_id}", admins(200)),
    Row("GET", "/admin/pengguna/999999", admins(404)),
    Row("POST", "/admin/pengguna/{partner_id}", admins(302),
        data={"name": "Mitra", "role": "partner", "active": "y", "password": ""}),
    Row("GET", "/admin/audit", admins(200)),
    Row("GET", "/admin/audit?objek=document&aksi=create&id={public.id}", admins(200)),
    Row("GET", "/admin/audit", {"anonymous": 401, "partner": 403, "editor": 403, "admin": 200},
        headers={"Accept": "application/json"}),
    # -- accounts
    Row("GET", "/masuk", {"anonymous": 200, "partner": 302, "editor": 302, "admin": 302}),
    Row("POST", "/masuk", {"anonymous": 200, "partner": 302, "editor": 302, "admin": 302},
        data={"email": "tidak-ada@uji.id", "password": "salah-sandi-1"}),
    Row("POST", "/keluar", everyone(302)),
    # -- relations (jdih.relations)
    Row("GET", "/dokumen/{public.slug}/status?tanggal=2021-06-01", everyone(200)),
    Row("GET", "/dokumen/{draft.slug}/status", STAFF_ONLY_RECORD),
    Row("POST", "/staf/dokumen/{public.id}/relasi", staff(302), data={"direction": "mencabut", "other": "UU 9/1999"}),
    Row("POST", "/staf/dokumen/999999/relasi", staff(404), data={"direction": "mencabut", "other": "UU 9/1999"}),
    Row("POST", "/staf/relasi/999999/hapus", staff(404)),
    Row("POST", "/staf/dokumen/{public.id}/status", staff(302), data={"status": "Berlaku", "reason": "Uji"}),
]

#: Blueprints whose every URL rule must have a row above.
COVERED_BLUEPRINTS = {"catalogue", "catalogue_admin", "accounts", "audit", "relations"}


@pytest.fixture(autouse=True)
def _cheap_hashes(fast_passwords):
    pass


@pytest.fixture
def world(app, users) -> World:
    return build_world(app, users)


REFUSED = (LOGIN, 401, 403, 404)


def client_as(app, users: dict[str, str], role: str):
    client = app.test_client()
    if role != "anonymous":
        response = AuthActions(client).login(users[role])
        assert response.status_code == 302, f"login as {role} failed"
    return client


def _request(client, row: Row, world: World, role: str, with_token: bool = True):
    path = world.format(row.path)
    if row.method == "GET":
        return client.get(path, headers=row.headers)
    data = row.form(world)
    if with_token:
        data["csrf_token"] = token_for(client, logged_in=role != "anonymous")
    return client.post(path, data=data, headers=row.headers, content_type="multipart/form-data")


def _status_problem(response, expected: object, path: str) -> str | None:
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
        if "tidak memiliki akses" not in body and "perlu masuk" not in body:
            return "refusal without the Indonesian explanation"
    return None


def check(app, client, row: Row, world: World, role: str) -> str | None:
    """None if ``role`` gets the expected answer for ``row``, else what went wrong."""
    expected = row.expected[role]
    with app.app_context():
        entries_before = audit_count()
    response = _request(client, row, world, role)
    try:
        problem = _status_problem(response, expected, world.format(row.path))
    finally:
        response.close()
    if problem is None and expected in REFUSED:
        with app.app_context():
            if audit_count() != entries_before:
                problem = "a refused request changed something"
    return f"{row.id} as {role}: {problem}" if problem else None


GET_ROWS = [row for row in MATRIX if row.method == "GET"]
POST_ROWS = [row for row in MATRIX if row.method == "POST"]


@pytest.mark.parametrize("role", ROLES)
def test_get_routes_per_role(app, users, world, role: str):
    client = client_as(app, users, role)
    problems = [problem for row in GET_ROWS if (problem := check(app, client, row, world, role))]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("row", POST_ROWS, ids=lambda row: row.id)
def test_post_routes_per_role(app, users, world, row: Row):
    """Refused roles first (they change nothing), then each allowed role in
    a world of its own, so one role's change cannot decide the next one's answer."""
    problems = []
    allowed = [role for role in ROLES if row.expected[role] not in REFUSED]
    for role in [role for role in ROLES if role not in allowed]:
        problems.append(check(app, client_as(app, users, role), row, world, role))
    for n, role in enumerate(allowed):
        own_world = world if n == 0 else build_world(app, users, year=world.year + n)
        problems.append(check(app, client_as(app, users, role), row, own_world, role))
    problems = [problem for problem in problems if problem]
    assert not problems, "\n".join(problems)


def _fake_world() -> World:
    doc = DocInfo(id=1, slug="contoh", attachment_id=1, filename="berkas.pdf")
    return World(docs={name: doc for name in ("public", "draft", "partner", "internal", "deleted", "laporan")},
                 jenis_id=1, user_ids={"admin": 1, "editor": 2, "partner": 3})


def _endpoints_of_matrix(app) -> set[tuple[str, str]]:
    adapter = app.url_map.bind("localhost")
    world, found = _fake_world(), set()
    for row in MATRIX:
        path = world.format(row.path).split("?")[0]
        try:
            endpoint, _ = adapter.match(path, method=row.method)
        except Exception:  # rows that expect 404 for unknown URLs
            continue
        found.add((endpoint, row.method))
    return found


def _routes_of(app, method: str | None = None) -> set[tuple[str, str]]:
    routes = set()
    for rule in app.url_map.iter_rules():
        if rule.endpoint.split(".")[0] not in COVERED_BLUEPRINTS:
            continue
        for verb in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            if method is None or verb == method:
                routes.add((rule.endpoint, verb))
    return routes


@pytest.fixture
def bare_app(tmp_path):
    return create_app({"TESTING": True, "SECRET_KEY": "x",
                       "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'x.sqlite3'}"})


def test_every_route_is_in_the_matrix(bare_app):
    missing = _routes_of(bare_app) - _endpoints_of_matrix(bare_app)
    assert not missing, f"add rows to MATRIX for: {sorted(missing)}"


def test_post_without_csrf_token_fails(app, users, world):
    """Even an admin's POST without the form's token is refused and changes nothing."""
    client = client_as(app, users, "admin")
    problems = []
    for row in POST_ROWS:
        with app.app_context():
            entries_before = audit_count()
        response = _request(client, row, world, "admin", with_token=False)
        if response.status_code != 400 or "Sesi formulir kedaluwarsa" not in response.get_data(as_text=True):
            problems.append(f"{row.id}: {response.status}")
        with app.app_context():
            if audit_count() != entries_before:
                problems.append(f"{row.id}: changed something without a token")
    assert not problems, "\n".join(problems)


def test_post_with_a_foreign_csrf_token_fails(app, client, auth, users, world):
    """A token from another session (what a cross-site form would carry) is refused."""
    other = app.test_client()
    foreign = token_for(other, logged_in=False)
    auth.login(users["admin"])
    response = client.post(world.format("/staf/dokumen/{draft.id}/terbitkan"), data={"csrf_token": foreign})
    assert response.status_code == 400
    with app.app_context():
        from jdih.catalogue.models import Document

        assert db.session.get(Document, world.docs["draft"].id).state == "draft"


def test_every_post_route_has_a_csrf_row(bare_app):
    covered = {(endpoint, method) for endpoint, method in _endpoints_of_matrix(bare_app) if method == "POST"}
    missing = _routes_of(bare_app, "POST") - covered
    assert not missing, f"POST routes without a CSRF row: {sorted(missing)}"


def test_login_without_csrf_token_fails(client, users):
    response = client.post("/masuk", data={"email": users["admin"], "password": "x"})
    assert response.status_code == 400
    assert "Sesi formulir kedaluwarsa" in response.get_data(as_text=True)
