"""``flask --app jdih news ...``: importing news, seeding citation aliases,
and the demo data hook."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import click
from flask.cli import AppGroup

from jdih.citations.resolve import seed_aliases
from jdih.extensions import db
from jdih.news.importer import ImportFormatError, import_news
from jdih.news.operations import NewsError

news_cli = AppGroup("news", help="Berita: impor dan alias sitasi.")

DEMO_FILE = "berita_demo.txt"
DEMO_YEAR = 2025


@news_cli.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--year", type=click.IntRange(1945, 2100), required=True,
              help="Tahun berita (teks hanya memuat hari/bulan, mis. \u201cJumat (24/10)\u201d).")
@click.option("--publish/--draft", default=False, help="Langsung terbitkan (bawaan: draf).")
def import_command(file: Path, year: int, publish: bool) -> None:
    """Impor berita dari berkas teks ekspor situs (judul, baris kosong, paragraf isi)."""
    try:
        text = file.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise click.ClickException("Berkas bukan teks UTF-8.") from error
    try:
        created, kept = import_news(text, year, publish=publish)
    except (ImportFormatError, NewsError) as error:
        db.session.rollback()
        raise click.ClickException(f"Format berkas tidak valid, tidak ada yang diimpor. {error.message}")
    db.session.commit()
    click.echo(f"Berita: {created} diimpor, {kept} sudah ada.")


@news_cli.command("seed-aliases")
def seed_aliases_command() -> None:
    """Tambahkan alias sitasi standar (UU Pemilu -> UU 7/2017, ...) yang belum ada."""
    added = seed_aliases()
    db.session.commit()
    click.echo(f"Alias sitasi: {added} ditambahkan.")


def load_demo_news(seed_dir: Path, seed: dict[str, Any]) -> None:
    """For `demo load`: the standard aliases and the demo news, published."""
    seed_aliases()
    path = Path(seed_dir) / DEMO_FILE
    if not path.is_file():
        click.echo(f"Berkas berita demo tidak ditemukan: {path}")
        return
    created, kept = import_news(path.read_text(encoding="utf-8"), DEMO_YEAR, publish=True)
    click.echo(f"Berita: {created} diimpor, {kept} sudah ada.")
