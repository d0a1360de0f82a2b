"""JDIH: legal documentation and information repository.

This module imports nothing heavy, so the plain libraries inside the
package (``jdih.citations``, the search analyser) load without Flask.
"""
from __future__ import annotations

from typing import Any, Optional

# Every area's blueprints, as "module:attribute"; one line per blueprint.
BLUEPRINTS = (
    "jdih.catalogue.views:bp",
    "jdih.catalogue.admin_views:bp",
    "jdih.accounts.views:bp",
    "jdih.audit.views:bp",
    "jdih.relations.views:bp",
    "jdih.news.views:bp",
    "jdih.news.staff_views:bp",
    "jdih.news.worklist_views:bp",
    "jdih.citations.views:bp",
    "jdih.api.routes:bp",
    "jdih.api.feed_views:bp",
    "jdih.api.admin_views:bp",
    "jdih.search.views:bp",
)

# Every area's CLI groups, as "module:attribute".
COMMANDS = (
    "jdih.accounts.commands:users_cli",
    "jdih.demo:demo_cli",
    "jdih.catalogue.commands:catalogue_cli",
    "jdih.news.commands:news_cli",
    "jdih.search.commands:search_cli",
)


def create_app(test_config: Optional[dict[str, Any]] = None) -> Any:
    """Build the Flask app (see ``jdih.app.create_app``)."""
    from jdih.app import create_app as factory

    return factory(test_config)
