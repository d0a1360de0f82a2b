"""Logging out, a password change (form or CLI), a role change and
deactivation end every session of the account: a copied session cookie and
the remember-me cookie no longer open staff pages."""
from __future__ import annotations

import pytest

from conftest import PASSWORD, AuthActions, csrf_token_from
from test_accounts_support import fast_passwords  # noqa: F401

STAFF_PAGE = "/staf/dokumen"
NEW_PASSWORD = "sandi-baru-yang-kuat-2"


@pytest.fixture(autouse=True)
def _cheap_hashes(fast_passwords):
    pass


def _log_in_remembered(app, email: str):
    """A browser signed in with "remember me"; its session and remember cookies."""
    client = app.test_client()
    page = client.get("/masuk").get_data(as_text=True)
    response = client.post("/masuk", data={"email": email, "password": PASSWORD, "remember": "y",
                                           "csrf_token": csrf_token_from(page)})
    assert response.status_code == 302
    cookies = {name: client.get_cookie(name).value for name in ("session", "remember_token")}
    return client, cookies


def _opens_staff_page(app, cookies: dict[str, str]) -> bool:
    """A fresh browser holding only ``cookies``: does it get the staff page?"""
    client = app.test_client()
    for name, value in cookies.items():
        client.set_cookie(name, value)
    response = client.get(STAFF_PAGE)
    if response.status_code == 302:
        assert "/masuk" in response.headers["Location"]
        return False
    assert response.status_code == 200
    return True


def _each_cookie_alone(cookies: dict[str, str]) -> list[dict[str, str]]:
    return [{"session": cookies["session"]}, {"remember_token": cookies["remember_token"]}]


def test_copied_cookies_work_until_logout_then_open_nothing(app, users):
    client, cookies = _log_in_remembered(app, users["editor"])
    assert all(_opens_staff_page(app, alone) for alone in _each_cookie_alone(cookies))
    AuthActions(client).logout()
    assert not any(_opens_staff_page(app, alone) for alone in _each_cookie_alone(cookies))
    # Logging in again works and opens a new session.
    assert AuthActions(app.test_client()).login(users["editor"]).status_code == 302


def _admin_edits(app, users, **changes):
    from jdih.accounts.operations import find_user

    admin = app.test_client()
    AuthActions(admin).login(users["admin"])
    with app.app_context():
        user_id = find_user(users["editor"]).id
    url = f"/admin/pengguna/{user_id}"
    data = {"name": "Editor", "role": "editor", "active": "y", "password": "",
            "csrf_token": csrf_token_from(admin.get(url).get_data(as_text=True))}
    data.update(changes)
    data = {key: value for key, value in data.items() if value is not None}
    assert admin.post(url, data=data).status_code == 302
    return admin


@pytest.mark.parametrize("changes", [{"password": NEW_PASSWORD}, {"active": None}, {"role": "partner"}],
                         ids=["password", "deactivated", "role"])
def test_admin_changes_end_the_accounts_sessions(app, users, changes):
    _client, cookies = _log_in_remembered(app, users["editor"])
    admin = _admin_edits(app, users, **changes)
    assert not any(_opens_staff_page(app, alone) for alone in _each_cookie_alone(cookies))
    assert admin.get("/admin/pengguna").status_code == 200  # the admin's own session is untouched


def test_a_name_change_keeps_the_sessions(app, users):
    _client, cookies = _log_in_remembered(app, users["editor"])
    _admin_edits(app, users, name="Nama Baru")
    assert _opens_staff_page(app, {"session": cookies["session"]})


def test_cli_password_reset_ends_the_accounts_sessions(app, runner, users):
    _client, cookies = _log_in_remembered(app, users["editor"])
    result = runner.invoke(args=["users", "set-password", users["editor"]],
                           input=f"{NEW_PASSWORD}\n{NEW_PASSWORD}\n")
    assert result.exit_code == 0, result.output
    assert not any(_opens_staff_page(app, alone) for alone in _each_cookie_alone(cookies))


def test_changing_ones_own_password_keeps_this_browser_signed_in(app, users):
    from jdih.accounts.operations import find_user

    admin, cookies = _log_in_remembered(app, users["admin"])
    with app.app_context():
        url = f"/admin/pengguna/{find_user(users['admin']).id}"
    response = admin.post(url, data={"name": "", "role": "admin", "active": "y", "password": NEW_PASSWORD,
                                     "csrf_token": csrf_token_from(admin.get(url).get_data(as_text=True))})
    assert response.status_code == 302
    assert admin.get("/admin/pengguna").status_code == 200
    assert not any(_opens_staff_page(app, alone) for alone in _each_cookie_alone(cookies))
