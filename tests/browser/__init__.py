"""Browser journeys. A package on purpose: its conftest then imports as
``browser.conftest`` and does not shadow the top-level ``conftest`` module
that other test files import helpers from."""
