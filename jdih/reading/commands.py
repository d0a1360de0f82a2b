"""``flask --app jdih structure reparse [--all | SLUG]``."""
from __future__ import annotations

from typing import Optional

import click
from flask.cli import AppGroup
from sqlalchemy import select

from jdih.catalogue.models import Document
from jdih.extensions import db
from jdih.reading import operations

structure_cli = AppGroup("structure", help="Struktur naskah peraturan (BAB, Pasal, ayat).")


@structure_cli.command("reparse")
@click.option("--all", "everything", is_flag=True,
              help="Urai ulang semua peraturan yang memiliki naskah PDF (tanda staf dipertahankan).")
@click.argument("slug", required=False)
def reparse_command(everything: bool, slug: Optional[str]) -> None:
    """Urai ulang struktur naskah satu dokumen (SLUG) atau semua (--all)."""
    if everything == bool(slug):
        raise click.UsageError("Sebutkan SLUG satu dokumen atau --all (salah satu).")
    if everything:
        parsed, failed = operations.reparse_all()
        click.echo(f"Struktur: {parsed} terurai, {failed} gagal.")
        return
    doc = db.session.scalar(select(Document).where(Document.slug == slug))
    if doc is None:
        raise click.ClickException(f"Dokumen tidak ditemukan: {slug}")
    try:
        row = operations.reparse(doc)
    except operations.ReadingError as error:
        raise click.ClickException(error.message) from error
    db.session.commit()
    detail = f" ({row.error})" if row.error else ""
    click.echo(f"Struktur {doc.slug}: {row.state_label}{detail}.")
