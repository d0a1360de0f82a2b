"""Accounts: the users CLI, password hashing, the admin's user pages."""
from __future__ import annotations

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select

from conftest import csrf_token_from
from jdih.extensions import db


def stored_hash(app, email: str) -> str:
    from jdih.accounts.operations import find_user

    with app.app_context():
        user = find_user(email)
        return user.password_hash if user else ""


def test_users_cli_creates_an_admin_with_the_password_from_the_prompt(app, runner, client, auth):
    result = runner.invoke(args=["users", "create", "Kepala@KPU.go.id", "--role", "admin", "--name", "Kepala"],
                           input="sandi-yang-kuat-1\nsandi-yang-kuat-1\n")
    assert result.exit_code == 0, result.output
    assert "Pengguna kepala@kpu.go.id dibuat dengan peran admin" in result.output
    assert "sandi-yang-kuat-1" not in result.output  # never echoed
    assert auth.login("kepala@kpu.go.id", "sandi-yang-kuat-1").status_code == 302
    assert client.get("/admin/pengguna").status_code == 200
    listing = runner.invoke(args=["users", "list"])
    assert "kepala@kpu.go.id\tadmin\taktif" in listing.output


@pytest.mark.parametrize("args,password,message", [
    (["users", "create", "a@uji.id", "--role", "admin"], "pendek1\npendek1\n", "minimal 10 karakter"),
    (["users", "create", "a@uji.id", "--role", "admin"], "hanyahurufsaja\nhanyahurufsaja\n", "huruf dan angka"),
    (["users", "create", "bukan-email", "--role", "admin"], "sandi-yang-kuat-1\nsandi-yang-kuat-1\n",
     "Alamat email tidak valid"),
])
def test_users_cli_refuses_bad_input(app, runner, args, password, message):
    result = runner.invoke(args=args, input=password)
    assert result.exit_code != 0
    assert message in result.output
    from jdih.accounts.models import User

    with app.app_context():
        assert db.session.scalars(select(User)).all() == []


def test_users_cli_refuses_a_second_account_with_the_same_email(app, runner):
    password = "sandi-yang-kuat-1\nsandi-yang-kuat-1\n"
    assert runner.invoke(args=["users", "create", "a@uji.id"], input=password).exit_code == 0
    result = runner.invoke(args=["users", "create", "A@uji.id"], input=password)
    assert result.exit_code != 0 and "sudah ada" in result.output


def test_users_cli_refuses_mismatched_confirmation(app, runner):
    result = runner.invoke(args=["users", "create", "a@uji.id"],
                           input="sandi-yang-kuat-1\nsandi-lain-222\nsandi-yang-kuat-1\nsandi-yang-kuat-1\n")
    assert result.exit_code == 0  # click asks again until both match
    assert "Error" in result.output or "tidak cocok" in result.output or "match" in result.output


def test_set_password_cli(app, runner, auth):
    password = "sandi-yang-kuat-1\nsandi-yang-kuat-1\n"
    runner.invoke(args=["users", "create", "a@uji.id"], input=password)
    result = runner.invoke(args=["users", "set-password", "a@uji.id"], input="sandi-baru-222\nsandi-baru-222\n")
    assert result.exit_code == 0, result.output
    assert auth.login("a@uji.id", "sandi-baru-222").status_code == 302
    missing = runner.invoke(args=["users", "set-password", "x@uji.id"], input=password)
    assert missing.exit_code != 0 and "tidak ditemukan" in missing.output


def test_passwords_are_stored_as_argon2id(app, runner):
    runner.invoke(args=["users", "create", "a@uji.id"], input="sandi-yang-kuat-1\nsandi-yang-kuat-1\n")
    stored = stored_hash(app, "a@uji.id")
    assert stored.startswith("$argon2id$")
    assert "sandi-yang-kuat-1" not in stored
    assert PasswordHasher().verify(stored, "sandi-yang-kuat-1")
    # the default profile of argon2-cffi (RFC 9106 low-memory): m=64 MiB, t=3
    assert "m=65536,t=3" in stored


def test_weak_hashes_are_upgraded_on_login(app, auth):
    """A hash made with older, weaker parameters is replaced at the next login."""
    from jdih.accounts.operations import find_user

    with app.app_context():
        from jdih.accounts.models import User

        weak = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1).hash("sandi-yang-kuat-1")
        db.session.add(User(email="lama@uji.id", role="editor", password_hash=weak))
        db.session.commit()
    assert auth.login("lama@uji.id", "sandi-yang-kuat-1").status_code == 302
    with app.app_context():
        assert "m=65536,t=3" in find_user("lama@uji.id").password_hash


def test_admin_cannot_demote_or_deactivate_themselves(app, client, auth, users):
    from jdih.accounts.operations import find_user

    auth.login(users["admin"])
    with app.app_context():
        admin_id = find_user(users["admin"]).id
    url = f"/admin/pengguna/{admin_id}"
    page = client.get(url).get_data(as_text=True)
    response = client.post(url, data={"csrf_token": csrf_token_from(page), "name": "", "role": "editor",
                                      "active": "y"})
    assert response.status_code == 200
    assert "tidak dapat mencabut hak admin" in response.get_data(as_text=True)
    with app.app_context():
        assert find_user(users["admin"]).role == "admin"


def test_admin_creates_a_user_and_sees_errors_in_indonesian(app, client, auth, users):
    auth.login(users["admin"])
    page = client.get("/admin/pengguna/baru").get_data(as_text=True)
    token = csrf_token_from(page)
    taken = client.post("/admin/pengguna/baru", data={"csrf_token": token, "email": users["editor"],
                                                       "role": "editor", "password": "sandi-yang-kuat-1"})
    assert taken.status_code == 200 and "sudah ada" in taken.get_data(as_text=True)
    weak = client.post("/admin/pengguna/baru", data={"csrf_token": token, "email": "b@uji.id",
                                                      "role": "editor", "password": "pendek"})
    assert "minimal 10 karakter" in weak.get_data(as_text=True)
    bad_role = client.post("/admin/pengguna/baru", data={"csrf_token": token, "email": "b@uji.id",
                                                          "role": "root", "password": "sandi-yang-kuat-1"})
    assert bad_role.status_code == 200 and "Not a valid choice" not in bad_role.get_data(as_text=True)
    ok = client.post("/admin/pengguna/baru", data={"csrf_token": token, "email": "b@uji.id",
                                                    "role": "partner", "password": "sandi-yang-kuat-1"})
    assert ok.status_code == 302
    assert "b@uji.id" in client.get("/admin/pengguna").get_data(as_text=True)
