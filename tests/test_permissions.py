"""Who may do what: every route of ``app.url_map`` x every role -> the answer.

``MATRIX`` (permission_matrix.py) has exactly one row per (endpoint, method) of the URL map (HEAD,
OPTIONS and ``static`` aside); ``test_matrix_covers_every_route`` fails on
a route without a row and on a row without a route. A row holds one or
more cases: a path template filled from the world of permission_world
("{draft.slug}", "{news.id}"), the expected answer per role (an int, or
LOGIN for "302 to /masuk?next=<this page>"), form data for POSTs, and for
lists and feeds which records a 200 answer must or must not link to.

Roles: anonymous, partner, editor, admin, and "token": no session, a
partner's API token in the Authorization header. The API reads identity
from that header only, so a staff cookie there gets what anonymous gets;
outside the API a token is no login at all.

GETs walk one shared world per role. A refused POST runs in the shared
world too and must change nothing; an allowed POST gets a fresh world.
"""
from __future__ import annotations

import uuid

import pytest
from sqlalchemy import create_engine, text
from werkzeug.exceptions import MethodNotAllowed, NotFound

from conftest import DATABASES, _postgres_url_with_schema, csrf_token_from, make_config
from jdih import create_app
from jdih.extensions import db
from permission_matrix import MATRIX
from permission_world import seed_shared
from permissions_support import REFUSED, ROLES, FakeWorld, Matrix, check, fingerprint, routes_of, send
from schema_setup import create_schema


GET_ROWS = [r for r in MATRIX if r.method == "GET"]
#: Requests that change something (DELETE: the API's webhook removal).
POST_ROWS = [r for r in MATRIX if r.method in ("POST", "DELETE")]


# -- the routes, all of them ----------------------------------------------------------

@pytest.fixture(scope="module")
def bare_app(tmp_path_factory):
    path = tmp_path_factory.mktemp("bare") / "x.sqlite3"
    return create_app({"TESTING": True, "SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}"})


def test_matrix_covers_every_route(bare_app):
    rows = [(r.endpoint, r.method) for r in MATRIX]
    routes = routes_of(bare_app)
    problems = [f"no row for {endpoint} {method}" for endpoint, method in sorted(routes - set(rows))]
    problems += [f"row for a route that does not exist: {endpoint} {method}"
                 for endpoint, method in sorted(set(rows) - routes)]
    problems += [f"more than one row for {key}" for key in sorted(set(rows)) if rows.count(key) > 1]
    adapter, world = bare_app.url_map.bind("localhost"), FakeWorld()
    for r in MATRIX:
        for case in r.cases:
            path = world.format(case.path).split("?")[0]
            try:
                endpoint = adapter.match(path, method=r.method)[0]
            except (NotFound, MethodNotAllowed):
                endpoint = None
            wanted = r.endpoint if case.routed else None
            if endpoint != wanted:
                problems.append(f"{r.id}: {case.path} routes to {endpoint}")
            if set(case.expected) != set(ROLES):
                problems.append(f"{r.id}: {case.path} does not name every role")
    assert not problems, "\n".join(problems)


# -- one database (and one app) per module and database ----------------------------------

@pytest.fixture(scope="module", params=DATABASES)
def matrix(request, tmp_path_factory):
    from argon2 import PasswordHasher

    from jdih.accounts import passwords
    from jdih.extensions import limiter
    from jdih.search.service import close_backends

    tmp_path = tmp_path_factory.mktemp(request.param)
    schema = admin = None
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'test.sqlite3'}"
    else:
        schema = "t_" + uuid.uuid4().hex[:12]
        admin = create_engine(_postgres_url_with_schema("public"))
        with admin.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        url = _postgres_url_with_schema(schema)
    # Rate limits have tests of their own; here they would only count the matrix's requests.
    app = create_app(make_config(url, tmp_path, RATELIMIT_ENABLED=False))
    with pytest.MonkeyPatch.context() as patch:
        # Cheapest Argon2id: the matrix logs in a hundred times (real parameters: test_accounts_passwords).
        patch.setattr(passwords, "_hasher", PasswordHasher(time_cost=1, memory_cost=64, parallelism=1))
        create_schema(app)
        yield Matrix(app, seed_shared(app))
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    close_backends()
    limiter.reset()
    if schema is not None:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


# -- the walks ---------------------------------------------------------------------------------

@pytest.mark.parametrize("role", ROLES)
def test_get_routes(matrix, role):
    client = matrix.client(role)
    problems = [problem for r in GET_ROWS for case in r.cases
                if (problem := check(matrix.app, client, r, case, matrix.world, role))]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("role", ROLES)
def test_post_routes(matrix, role):
    """Refused requests in the shared world (they change nothing); each allowed
    one in a world and a session of its own, so no answer depends on another.
    The refused ones go first: an allowed logout ends every session of the
    account, the shared refused client's included."""
    refused_client = matrix.client(role)
    cases = [(r, case) for r in POST_ROWS for case in r.cases]
    problems = [check(matrix.app, refused_client, r, case, matrix.world, role)
                for r, case in cases if case.expected[role] in REFUSED]
    problems += [check(matrix.app, matrix.client(role), r, case, matrix.fresh_world(), role)
                 for r, case in cases if case.expected[role] not in REFUSED]
    problems = [problem for problem in problems if problem]
    assert not problems, "\n".join(problems)


# -- CSRF -------------------------------------------------------------------------------

def test_post_without_csrf_token_fails(matrix):
    """Even an admin's POST without the form's token is refused and changes nothing."""
    app, world, client = matrix.app, matrix.world, matrix.client("admin")
    problems = []
    for r in (r for r in POST_ROWS if r.csrf):
        for case in r.cases:
            path, data = world.format(case.path), case.form(world)
            with app.app_context():
                before = fingerprint()
            response = send(client, r, case, path, data, "admin", with_token=False)
            if response.status_code != 400 or "Sesi formulir kedaluwarsa" not in response.get_data(as_text=True):
                problems.append(f"{r.id} {path}: {response.status}")
            with app.app_context():
                if fingerprint() != before:
                    problems.append(f"{r.id} {path}: changed something without a token")
    assert not problems, "\n".join(problems)


def test_post_with_a_foreign_csrf_token_fails(matrix):
    """A token from another session (what a cross-site form would carry) is refused."""
    from jdih.catalogue.models import Document

    world = matrix.fresh_world()
    foreign = csrf_token_from(matrix.app.test_client().get("/masuk").get_data(as_text=True))
    client = matrix.client("admin")
    response = client.post(world.format("/staf/dokumen/{draft.id}/terbitkan"), data={"csrf_token": foreign})
    assert response.status_code == 400
    with matrix.app.app_context():
        assert db.session.get(Document, world["draft"].id).state == "draft"


def test_login_without_csrf_token_fails(matrix):
    response = matrix.app.test_client().post("/masuk", data={"email": "admin@uji.id", "password": "x"})
    assert response.status_code == 400
    assert "Sesi formulir kedaluwarsa" in response.get_data(as_text=True)

