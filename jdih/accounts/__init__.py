"""Accounts: users, roles, login and access checks."""
