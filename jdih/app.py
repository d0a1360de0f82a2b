"""The application factory: config, extensions, blueprints, commands."""
from __future__ import annotations

import importlib
import os
from typing import Any, Optional

from flask import Flask

import jdih.config as jdih_config
from jdih.core.reconnect import ReconnectingFlask

# Every area's blueprints, as "module:attribute"; one line per blueprint.
BLUEPRINTS = (
    "jdih.catalogue.views:bp",
    "jdih.catalogue.admin_views:bp",
    "jdih.accounts.views:bp",
    "jdih.audit.views:bp",
    "jdih.relations.views:bp",
    "jdih.reading.views:bp",
    "jdih.ocr.views:bp",
    "jdih.news.views:bp",
    "jdih.news.staff_views:bp",
    "jdih.news.worklist_views:bp",
    "jdih.citations.views:bp",
    "jdih.api.routes:bp",
    "jdih.api.feed_views:bp",
    "jdih.api.admin_views:bp",
    "jdih.search.views:bp",
    "jdih.search.synonym_views:bp",
    "jdih.tasks.views:bp",
    "jdih.ops.views:bp",
    "jdih.workspace.views:bp",
    "jdih.stats.views:bp",
    "jdih.survey.views:bp",
    "jdih.pages.views:bp",
    "jdih.partners.views:bp",
    "jdih.alerts.views:bp",
)

# Every area's CLI groups, as "module:attribute".
COMMANDS = (
    "jdih.accounts.commands:users_cli",
    "jdih.demo:demo_cli",
    "jdih.catalogue.commands:catalogue_cli",
    "jdih.news.commands:news_cli",
    "jdih.reading.commands:structure_cli",
    "jdih.search.commands:search_cli",
    "jdih.tasks.commands:worker_command",
    "jdih.ops.commands:backup_command",
    "jdih.ops.commands:restore_command",
    "jdih.ops.commands:files_cli",
)


def create_app(test_config: Optional[dict[str, Any]] = None) -> Flask:
    """Build the app: defaults, instance/config.py, JDIH_* variables, test override."""
    app = ReconnectingFlask(
        "jdih",
        instance_relative_config=True,
        template_folder=os.path.join(os.path.dirname(__file__), "..", "templates"),
        static_folder=os.path.join(os.path.dirname(__file__), "..", "static"),
    )
    app.config.from_object(jdih_config.Defaults)
    app.config.from_pyfile("config.py", silent=True)
    jdih_config.load_environment(app.config)
    if test_config:
        app.config.update(test_config)
    os.makedirs(app.instance_path, exist_ok=True)
    jdih_config.fill_runtime_paths(app.config, app.instance_path)
    jdih_config.check_secret_key(app.config, debug=app.debug, testing=app.testing)
    # Before the extensions: the body limit must be set before CSRF reads the form.
    register_security(app)
    register_extensions(app)
    register_blueprints(app)
    register_errorhandlers(app)
    register_commands(app)
    register_template_helpers(app)
    register_hooks(app)
    return app


def register_security(app: Flask) -> None:
    from jdih.core import requestlog, security

    security.init_app(app)
    requestlog.init_app(app)


def register_extensions(app: Flask) -> None:
    from jdih.extensions import csrf, db, limiter, login_manager, migrate

    db.init_app(app)
    migrate.init_app(app, db, directory=os.path.join(os.path.dirname(__file__), "migrations"))
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    from jdih.accounts import access

    access.init_login_manager(login_manager)


def _load(spec: str) -> Any:
    module_name, attribute = spec.split(":")
    return getattr(importlib.import_module(module_name), attribute)


def register_blueprints(app: Flask) -> None:
    from jdih.alerts import webhook_openapi, webhook_views
    from jdih.api import openapi
    from jdih.api.blueprint import bp as api_bp

    # Partner webhooks are API routes that belong to alerts, the area above
    # the API: added here so that the API never imports it.
    webhook_views.attach(api_bp)
    openapi.add_part(app, "api.webhooks", lambda: webhook_openapi.paths(openapi.errors),
                     webhook_openapi.SCHEMAS, webhook_openapi.WEBHOOKS)
    for spec in BLUEPRINTS:
        app.register_blueprint(_load(spec))


def register_errorhandlers(app: Flask) -> None:
    from jdih.errors import register

    register(app)


def register_commands(app: Flask) -> None:
    for spec in COMMANDS:
        app.cli.add_command(_load(spec))


def register_template_helpers(app: Flask) -> None:
    from jdih import templating

    templating.init_app(app)


def register_hooks(app: Flask) -> None:
    """What one area does when something happens in another, wired here and
    nowhere else (no module connects itself when imported)."""
    from jdih.alerts import events as alert_events
    from jdih.catalogue.file_lifecycle import install_file_cleanup
    from jdih.catalogue.operations import identity_assigned
    from jdih.citations.resolve import alias_changed
    from jdih.news import citelinks
    from jdih.news.models import NewsPhoto
    from jdih.catalogue.operations import text_extracted
    from jdih.ocr import operations as ocr
    from jdih.reading import operations as reading
    from jdih.relations import operations as relations
    from jdih.search import service as search
    from jdih import tasks
    from jdih.core import reconnect

    reconnect.install()  # a request that committed is never run twice
    # A file written by a failed upload stays while a committed news photo names it.
    install_file_cleanup(NewsPhoto.sha256)
    search.init_app(app)
    # Background work: commits ask the queue to drain the search outbox, the
    # feed is built by the worker, imports run as jobs.
    tasks.init_app(app)
    # Relations, files, news citations and publications record alert events
    # in their own transaction; the queue mails them after the commit.
    alert_events.install()
    # A document that gets its identity: waiting relations and news citations link to it.
    identity_assigned.connect(relations.on_identity_assigned)
    identity_assigned.connect(citelinks.on_identity_assigned)
    # An alias that names another law: news citations using it relink.
    alias_changed.connect(citelinks.on_alias_changed)
    # A regulation's main text, once extracted, is parsed into its structure.
    text_extracted.connect(reading.on_text_extracted)
    # A PDF's pages without a usable text layer are queued for OCR; the
    # queue reads them after the commit.
    text_extracted.connect(ocr.on_text_extracted)
    ocr.install()
