"""``flask --app jdih demo load``: the demo catalogue from ``jdih/demo/data``
(or another folder in the same layout with ``--from``).

Idempotent: documents are matched by canonical identity (or title), files
by their demo title, accounts by email, so loading twice changes nothing.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Optional

import click
from flask.cli import AppGroup

from jdih.catalogue.vocabulary import seed_vocabularies
from jdih.demo import accounts, files
from jdih.demo.documents import load_documents
from jdih.extensions import db
from jdih.news.commands import load_demo_news
from jdih.pages.demo import load_demo_pages
from jdih.relations.seed import load_demo_relations
from jdih.search.synonyms import seed_defaults as seed_synonyms

demo_cli = AppGroup("demo", help="Data demo.")

#: The demo data shipped with the package.
DATA_DIR = Path(__file__).resolve().parent / "data"
DOCUMENTS_FILE = "legal_documents.json"


def read_documents(data_dir: Path) -> dict[str, Any]:
    """The documents file of ``data_dir``; a ClickException says what is wrong."""
    path = data_dir / DOCUMENTS_FILE
    if not path.is_file():
        raise click.ClickException(f"Berkas data demo tidak ditemukan: {path}")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, ValueError) as error:
        raise click.ClickException(f"Berkas data demo bukan JSON UTF-8 yang valid: {path}") from error
    if not isinstance(data, dict) or not isinstance(data.get("documents"), list):
        raise click.ClickException(f"Berkas data demo tidak memuat daftar \u201cdocuments\u201d: {path}")
    return data


@demo_cli.command("load")
@click.option("--from", "source", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder data lain dengan susunan yang sama (bawaan: data demo bawaan paket).")
def load_command(source: Optional[Path]) -> None:
    """Muat dokumen, relasi, berita dan berkas contoh demo; buat akun admin dan mitra demo."""
    data_dir = source or DATA_DIR
    data = read_documents(data_dir)
    added = seed_vocabularies() + seed_synonyms()
    documents, created, kept = load_documents(data["documents"])
    click.echo(f"Kosakata: {added} entri baru. Dokumen: {created} dibuat, {kept} sudah ada.")
    attached = files.attach_samples(documents)
    click.echo(f"Berkas contoh: {attached} dilampirkan.")
    passwords = {email: accounts.ensure_account(email) for email in accounts.DEMO_ACCOUNTS}
    load_demo_relations(data_dir, data)
    load_demo_news(data_dir, data)
    click.echo(f"Halaman profil dan bantuan: {load_demo_pages()} dibuat.")
    db.session.commit()
    for email, password in passwords.items():
        click.echo(accounts.describe(email, password))
