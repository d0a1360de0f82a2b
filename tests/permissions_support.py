"""Machinery of the permission matrix in test_permissions.py (no tests
here): rows and cases, sending a case as a role and judging the answer.
The records the paths name live in permission_world.py."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Callable, Optional
from urllib.parse import parse_qs, urlsplit

from sqlalchemy import select

from conftest import csrf_token_from
from conftest import client_as as conftest_client_as
from jdih.extensions import db
from permission_world import World

LOGIN = "login"
#: "token" is a client without a session that sends a partner's API token.
ROLES = ("anonymous", "partner", "editor", "admin", "token")
#: Answers that must leave the database as it was.
REFUSED = (LOGIN, 401, 403, 404)


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


