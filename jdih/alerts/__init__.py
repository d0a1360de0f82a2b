"""Alerts: people follow documents, searches, subjects and types by email
(double opt-in, one-click unsubscribe) and partners register webhooks.

Changes are recorded as ``AlertEvent`` rows in the transaction that makes
them (``events.install``, wired by create_app); the worker turns them into
mails and webhook deliveries (``dispatch``, ``webhooks``).
"""
