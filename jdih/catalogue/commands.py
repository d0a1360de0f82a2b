"""``flask --app jdih catalogue ...``: catalogue set-up from the shell."""
from __future__ import annotations

import click
from flask.cli import AppGroup

from jdih.catalogue.vocabulary import seed_vocabularies
from jdih.extensions import db

catalogue_cli = AppGroup("catalogue", help="Kelola katalog.")


@catalogue_cli.command("seed-vocabularies")
def seed_vocabularies_command() -> None:
    """Add the standard jenis, bahasa and bidang hukum that are missing.

    A new installation runs it once after ``db upgrade`` (``demo load`` does
    it too); running it again adds nothing.
    """
    added = seed_vocabularies()
    db.session.commit()
    click.echo(f"Kosakata: {added} entri baru.")
