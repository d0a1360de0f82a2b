"""The audit log page: Indonesian field names (the forms' labels), filters
by user, area and a range of the office's days, pagination; admins only."""
from __future__ import annotations

import html
import re
from datetime import datetime, timezone

import pytest

from conftest import client_as, make_user
from jdih.extensions import db

LOG = "/admin/audit"


@pytest.fixture(autouse=True)
def fast_passwords(monkeypatch):
    from argon2 import PasswordHasher

    from jdih.accounts import passwords

    monkeypatch.setattr(passwords, "_hasher", PasswordHasher(time_cost=1, memory_cost=64, parallelism=1))


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=timezone.utc)


ENTRIES = [
    # (label, user, action, object_type, changes, at)
    ("Dokumen-Editor", "editor", "edit", "document",
     {"jenis_id": ["Undang-Undang", "Peraturan Pemerintah"], "state": ["draft", "published"]}, "2025-01-10T03:00"),
    ("Berita-Admin", "admin", "edit", "news", {"title": ["Lama", "Baru"], "body": ["<p>a</p>", "<p>b</p>"]},
     "2025-02-28T18:30"),  # 1 March 01.30 in Jakarta
    ("Akun-Admin", "admin", "create", "user", {"email": [None, "x@uji.id"], "role": [None, "editor"]},
     "2025-03-05T04:00"),
    ("Token-Sistem", None, "revoke", "api_token", {"revoked_at": [None, "2025-03-31T10:00:00+00:00"]},
     "2025-03-31T10:00"),
    ("Relasi-Editor", "editor", "relation_add", "document", {"relasi": [None, "Mencabut UU 1/2000"]},
     "2025-04-01T02:00"),
]


@pytest.fixture
def log_app(app):
    from jdih.core.audit import AuditEntry

    ids = {role: make_user(app, f"{role}@uji.id", role) for role in ("admin", "editor", "partner")}
    with app.app_context():
        db.session.query(AuditEntry).delete()  # the accounts' own creation entries
        for n, (label, user, action, object_type, changes, when) in enumerate(ENTRIES, start=1):
            db.session.add(AuditEntry(action=action, object_type=object_type, object_id=n, object_label=label,
                                      changes=changes, user_id=ids[user] if user else None, at=at(when)))
        db.session.commit()
    app.user_ids = ids
    return app


def shown(client, query: str = "") -> list[str]:
    page = client.get(LOG + query).get_data(as_text=True)
    return [label for label, *_ in ENTRIES if label in page]


def test_fields_and_values_are_named_in_indonesian(log_app):
    page = client_as(log_app, "admin").get(LOG).get_data(as_text=True)
    terms = re.findall(r"<dt>(.*?)</dt>", page)
    assert {"Jenis/Bentuk", "Status terbit", "Judul", "Isi berita", "Email", "Peran", "Dicabut pada",
            "Relasi"} <= set(terms)
    assert not {"jenis_id", "state", "title", "body", "revoked_at"} & set(terms)
    assert "Terbit" in page and "Dicabut" in page and "Relasi ditambahkan" in page
    assert '<label for="pengguna">Pengguna</label>' in page and '<label for="dari">Dari tanggal</label>' in page


@pytest.mark.parametrize("query, expected", [
    ("?area=dokumen", ["Dokumen-Editor"]),
    ("?area=berita", ["Berita-Admin"]),
    ("?area=akun", ["Akun-Admin"]),
    ("?area=token", ["Token-Sistem"]),
    ("?area=relasi", ["Relasi-Editor"]),
    ("?area=bukan", [label for label, *_ in ENTRIES]),
    ("?pengguna=sistem", ["Token-Sistem"]),
    ("?dari=2025-03-01&sampai=2025-03-31", ["Berita-Admin", "Akun-Admin", "Token-Sistem"]),
    ("?dari=2025-03-02", ["Akun-Admin", "Token-Sistem", "Relasi-Editor"]),
    ("?sampai=2025-02-28", ["Dokumen-Editor"]),
])
def test_filters(log_app, query, expected):
    assert shown(client_as(log_app, "admin"), query) == expected


def test_filter_by_user_and_area_together(log_app):
    client = client_as(log_app, "admin")
    editor = log_app.user_ids["editor"]
    assert shown(client, f"?pengguna={editor}") == ["Dokumen-Editor", "Relasi-Editor"]
    assert shown(client, f"?pengguna={editor}&area=relasi") == ["Relasi-Editor"]
    page = client.get(f"{LOG}?pengguna={editor}").get_data(as_text=True)
    assert f'<option value="{editor}" selected>' in page


def test_unreadable_dates_are_explained_and_ignored(log_app):
    client = client_as(log_app, "admin")
    response = client.get(f"{LOG}?dari=kemarin&sampai=2025-02-28")
    assert response.status_code == 200
    assert "Tanggal awal tidak dikenali" in html.unescape(response.get_data(as_text=True))
    assert shown(client, "?dari=kemarin&sampai=2025-02-28") == ["Dokumen-Editor"]
    swapped = client.get(f"{LOG}?dari=2025-03-31&sampai=2025-03-01").get_data(as_text=True)
    assert "keduanya ditukar" in swapped and "Akun-Admin" in swapped and "Relasi-Editor" not in swapped


def test_log_is_paginated(log_app):
    log_app.config["PAGE_SIZE"] = 1  # two entries a page
    client = client_as(log_app, "admin")
    first = client.get(LOG).get_data(as_text=True)
    assert "Halaman 1 dari 3" in first and "Relasi-Editor" in first and "Dokumen-Editor" not in first
    # The filters survive paging.
    filtered = client.get(f"{LOG}?area=dokumen&page=1").get_data(as_text=True)
    assert "Halaman" not in filtered.split("</table>")[1].split("</main>")[0]
    last = client.get(f"{LOG}?page=3").get_data(as_text=True)
    assert "Dokumen-Editor" in last


@pytest.mark.parametrize("role, status", [("editor", 403), ("partner", 403)])
def test_log_stays_admin_only(log_app, role, status):
    assert client_as(log_app, role).get(LOG).status_code == status
