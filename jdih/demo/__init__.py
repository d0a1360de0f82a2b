"""The demo catalogue: ``flask --app jdih demo load``.

Its data ships in ``jdih/demo/data`` (see the README there), so a fresh
clone needs nothing beside the repository.
"""
from jdih.demo.commands import demo_cli

__all__ = ["demo_cli"]
