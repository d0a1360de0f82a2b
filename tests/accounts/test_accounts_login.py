"""Logging in: throttling, where people are sent afterwards, cookie flags."""
from __future__ import annotations

from http.cookies import SimpleCookie

import pytest

from conftest import PASSWORD, csrf_token_from, make_config
from jdih import create_app
from test_accounts_support import fast_passwords  # noqa: F401


@pytest.fixture(autouse=True)
def _cheap_hashes(fast_passwords):
    pass


def test_login_and_logout(client, auth, users):
    response = auth.login(users["editor"])
    assert response.status_code == 302 and response.headers["Location"] == "/staf/ruang-kerja"
    assert "Keluar (editor@uji.id)" in client.get("/").get_data(as_text=True)
    assert auth.logout().status_code == 302
    assert "Masuk" in client.get("/").get_data(as_text=True)
    assert client.get("/staf/dokumen").status_code == 302


def test_email_is_case_insensitive(client, auth, users):
    assert auth.login("  EDITOR@Uji.ID ").status_code == 302
    assert client.get("/staf/dokumen").status_code == 200


def test_wrong_password_is_refused_in_indonesian(client, auth, users):
    response = auth.login(users["editor"], "salah-sandi-999")
    assert response.status_code == 200
    assert "Email atau kata sandi salah" in response.get_data(as_text=True)
    assert client.get("/staf/dokumen").status_code == 302


def test_unknown_email_gets_the_same_answer(client, auth, users):
    response = auth.login("tidak-ada@uji.id")
    assert response.status_code == 200
    assert "Email atau kata sandi salah" in response.get_data(as_text=True)


def test_inactive_account_cannot_log_in(app, client, auth, users):
    from jdih.accounts.operations import find_user
    from jdih.extensions import db

    with app.app_context():
        find_user(users["editor"]).active = False
        db.session.commit()
    assert auth.login(users["editor"]).status_code == 200
    assert client.get("/staf/dokumen").status_code == 302


def test_login_is_throttled_after_repeated_failures(app, client, auth, users):
    limit = int(app.config["LOGIN_RATE_LIMIT"].split()[0])
    for _ in range(limit):
        assert auth.login(users["editor"], "salah-sandi-999").status_code == 200
    response = auth.login(users["editor"], "salah-sandi-999")
    assert response.status_code == 429
    assert int(response.headers["Retry-After"]) > 0
    assert "Terlalu banyak percobaan" in response.get_data(as_text=True)
    # even the right password waits: guessing cannot continue meanwhile
    assert auth.login(users["editor"]).status_code == 429


def test_throttle_follows_the_account_across_addresses(app, client, auth, users):
    """Changing IP address does not give an attacker fresh attempts at one account."""
    limit = int(app.config["LOGIN_RATE_LIMIT"].split()[0])
    for n in range(limit):
        other, address = app.test_client(), {"REMOTE_ADDR": f"10.0.0.{n + 1}"}
        token = csrf_token_from(other.get("/masuk", environ_base=address).get_data(as_text=True))
        other.post("/masuk", environ_base=address, data={
            "email": users["editor"], "password": "salah-sandi-999", "csrf_token": token})
    assert auth.login(users["editor"], "salah-sandi-999").status_code == 429


def test_successful_logins_are_not_throttled(app, client, auth, users):
    limit = int(app.config["LOGIN_RATE_LIMIT"].split()[0])
    for _ in range(limit + 2):
        assert auth.login(users["editor"]).status_code == 302
        auth.logout()


@pytest.mark.parametrize("target", [
    "//evil.com", "https://evil.com", "http://evil.com/staf", "/\\evil.com", "\\\\evil.com",
    "javascript:alert(1)", " //evil.com", "/\t/evil.com", "https:/evil.com", "evil.com",
])
def test_next_must_stay_on_the_site(client, auth, users, target):
    response = auth.login(users["editor"], next_url=target)
    assert response.status_code == 302
    assert response.headers["Location"] == "/staf/ruang-kerja"


@pytest.mark.parametrize("role, landing", [("editor", "/staf/ruang-kerja"), ("admin", "/staf/ruang-kerja"),
                                           ("partner", "/")])
def test_login_without_next_lands_staff_in_their_workspace(client, auth, users, role, landing):
    response = auth.login(users[role])
    assert response.headers["Location"] == landing
    assert client.get(landing).status_code == 200


def test_next_inside_the_site_is_followed(client, auth, users):
    response = auth.login(users["editor"], next_url="/staf/dokumen?tipe=peraturan")
    assert response.headers["Location"] == "/staf/dokumen?tipe=peraturan"


def test_login_page_carries_next_from_the_redirect(client, users):
    response = client.get("/staf/dokumen")
    login_page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert 'name="next" type="hidden" value="/staf/dokumen"' in login_page or \
        'value="/staf/dokumen"' in login_page


@pytest.mark.parametrize("target", ["//evil.com", "https://evil.com", "/\\evil.com", "javascript:x"])
def test_logged_in_visit_to_login_ignores_foreign_next(client, auth, users, target):
    auth.login(users["editor"])
    response = client.get("/masuk", query_string={"next": target})
    assert response.headers["Location"] == "/staf/ruang-kerja"


def _session_cookie(response) -> SimpleCookie:
    headers = [value for name, value in response.headers.items() if name == "Set-Cookie"]
    session = [h for h in headers if h.startswith("session=")]
    assert session, headers
    return session[0]


def test_session_cookie_flags_in_tests(client, auth, users):
    cookie = _session_cookie(auth.login(users["editor"]))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_session_cookie_is_secure_in_production(database_url, tmp_path, users, app):
    config = make_config(database_url, tmp_path)
    for name in ("SESSION_COOKIE_SECURE", "REMEMBER_COOKIE_SECURE"):
        config.pop(name)  # back to the production defaults
    production = create_app(config)
    client = production.test_client()
    token = csrf_token_from(client.get("/masuk").get_data(as_text=True))
    response = client.post("/masuk", data={"email": users["editor"], "password": PASSWORD, "csrf_token": token,
                                           "remember": "y"})
    assert response.status_code == 302
    cookie = _session_cookie(response)
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    remember = [v for n, v in response.headers.items() if n == "Set-Cookie" and v.startswith("remember_token=")]
    assert remember and "Secure" in remember[0] and "HttpOnly" in remember[0]
    with production.app_context():
        from jdih.extensions import db

        db.session.remove()
        db.engine.dispose()
