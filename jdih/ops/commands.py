"""``flask --app jdih backup``, ``restore FILE`` and ``files verify``."""
from __future__ import annotations

import os

import click
from flask import current_app
from flask.cli import AppGroup, with_appcontext

from jdih.ops import backup, fixity, restore


@click.command("backup", help="Buat satu arsip cadangan: basis data, berkas unggahan, konfigurasi tanpa rahasia.")
@click.option("--out", "out_path", type=click.Path(), default=None,
              help="Berkas arsip (.tar.gz), atau folder (diakhiri /) untuk jdih-backup-<waktu>.tar.gz; "
                   "bawaan: instance/backups/.")
@click.option("--with-index", is_flag=True, help="Sertakan indeks pencarian (dapat dibangun ulang jika tidak).")
@with_appcontext
def backup_command(out_path: str | None, with_index: bool) -> None:
    if out_path is None:
        out_path = os.path.join(current_app.instance_path, "backups", "")
    if out_path.endswith(os.sep) or os.path.isdir(out_path):
        out_path = os.path.join(out_path, backup.default_backup_name())
    manifest = backup.create_backup(out_path, with_index=with_index)
    rows = sum(manifest["database"]["tables"].values())
    click.echo(f"Cadangan ditulis: {out_path}")
    click.echo(f"{len(manifest['database']['tables'])} tabel, {rows} baris, {len(manifest['files'])} berkas"
               + (f", indeks {len(manifest['index'])} berkas" if manifest["index"] is not None else "") + ".")


@click.command("restore", help="Pulihkan arsip cadangan ke basis data dan folder unggahan yang kosong.")
@click.argument("archive", type=click.Path(exists=True, dir_okay=False))
@click.option("--force", is_flag=True, help="Timpa isi basis data yang sudah ada.")
@with_appcontext
def restore_command(archive: str, force: bool) -> None:
    try:
        result = restore.restore_backup(archive, force=force)
    except restore.RestoreError as error:
        raise click.ClickException(error.message) from error
    click.echo(f"Dipulihkan: {len(result.tables)} tabel, {sum(result.tables.values())} baris, "
               f"{result.files} berkas; jumlah baris dan hash berkas cocok dengan manifest.")
    if not result.index_restored:
        click.echo("Indeks pencarian tidak ada di cadangan: jalankan 'flask --app jdih search reindex'.")


files_cli = AppGroup("files", help="Periksa berkas tersimpan.")


@files_cli.command("verify")
def verify_command() -> None:
    """Hash every stored file; report missing or altered ones (exit 1 if any)."""
    check = fixity.run_and_record()
    for problem in check.problems:
        label = "hilang" if problem["kind"] == fixity.MISSING else "berubah"
        click.echo(f"{label}\t{problem['sha256']}\t{', '.join(problem['used_by']) or '-'}")
    click.echo(f"Diperiksa {check.checked} berkas: {check.missing} hilang, {check.altered} berubah.")
    if not check.ok:
        raise SystemExit(1)
