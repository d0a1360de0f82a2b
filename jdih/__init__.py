"""JDIH: legal documentation and information repository.

This module imports nothing heavy, so the plain libraries inside the
package (``jdih.citations``, the search analyser) load without Flask.
"""
from __future__ import annotations

from typing import Any, Optional


def create_app(test_config: Optional[dict[str, Any]] = None) -> Any:
    """Build the Flask app (see ``jdih.app.create_app``)."""
    from jdih.app import create_app as factory

    return factory(test_config)
