"""The demo accounts: an admin, and a partner to show what partners may read.

Each is created once with a random password that ``demo load`` prints;
an existing account is never changed.
"""
from __future__ import annotations

import secrets
from typing import Optional

from jdih.accounts import operations as accounts

DEMO_ADMIN = "admin@jdih.local"
DEMO_PARTNER = "mitra@jdih.local"

#: email -> (role, display name, label printed by ``demo load``)
DEMO_ACCOUNTS = {
    DEMO_ADMIN: ("admin", "Admin Demo", "Admin demo"),
    DEMO_PARTNER: ("partner", "Mitra Demo", "Mitra demo"),
}


def ensure_account(email: str) -> Optional[str]:
    """Create the demo account; returns its new password, or None if it existed."""
    if accounts.find_user(email):
        return None
    role, name, _label = DEMO_ACCOUNTS[email]
    password = "demo-" + secrets.token_urlsafe(12)
    accounts.create_user(email, password, role, name)
    return password


def describe(email: str, password: Optional[str]) -> str:
    """The line ``demo load`` prints for one account (Indonesian)."""
    label = DEMO_ACCOUNTS[email][2]
    if password:
        return f"{label}: {email} / kata sandi: {password}"
    return (f"{label} {email} sudah ada (kata sandi tidak diubah; "
            f"ganti dengan `flask --app jdih users set-password {email}`).")
