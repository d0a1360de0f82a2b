"""Shared helpers for the accounts tests (this module has no tests)."""
from __future__ import annotations

import pytest


@pytest.fixture
def fast_passwords(monkeypatch):
    """Argon2id with the cheapest parameters, so logging in many times stays
    quick; test_accounts_passwords checks the real parameters."""
    from argon2 import PasswordHasher

    from jdih.accounts import passwords

    monkeypatch.setattr(passwords, "_hasher", PasswordHasher(time_cost=1, memory_cost=64, parallelism=1))
