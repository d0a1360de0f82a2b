"""``flask --app jdih search ...``: rebuild, check and heal the index."""
from __future__ import annotations

from datetime import date, timedelta

import click
from flask.cli import AppGroup
from sqlalchemy.orm import Session

from jdih.extensions import db
from jdih.search import maintenance, outbox, records, service, synonyms
from jdih.search.whoosh_store import IndexMissing, IndexUnavailable, RebuildInProgress

search_cli = AppGroup("search", help="Kelola indeks pencarian.")


@search_cli.command("reindex")
def reindex_command() -> None:
    """Build a fresh index beside the live one and swap it in."""
    with Session(db.engine) as session:
        total = len(records.all_keys(session))
        with click.progressbar(length=total, label="Mengindeks", show_pos=True) as bar:
            done = [0]

            def progress(count: int) -> None:
                bar.update(count - done[0])
                done[0] = count

            try:
                count = maintenance.reindex(session, progress)
            except RebuildInProgress:
                raise click.ClickException(
                    "Pembangunan ulang indeks lain sedang berjalan. Tunggu sampai selesai, "
                    "lalu jalankan lagi bila perlu.") from None
    click.echo(f"Indeks dibangun ulang: {count} entri.")


@search_cli.command("seed-vocabulary")
def seed_vocabulary_command() -> None:
    """Add the default synonyms (data/kosakata.toml) missing from /staf/kosakata/pencarian."""
    added = synonyms.seed_defaults()
    db.session.commit()
    click.echo(f"Kosakata pencarian: {added} padanan bawaan ditambahkan.")


@search_cli.command("verify")
@click.option("--fix", "repair", is_flag=True, help="Perbaiki selisih yang ditemukan.")
def verify_command(repair: bool) -> None:
    """Report records missing, stale or extra in the index; non-zero exit on drift."""
    with Session(db.engine) as session:
        drift = _verify_or_exit(session)
        for label, keys in (("hilang", drift.missing), ("usang", drift.stale), ("berlebih", drift.extra)):
            for key in keys:
                click.echo(f"{label}\t{key}")
        click.echo(f"Selisih: {len(drift.missing)} hilang, {len(drift.stale)} usang, "
                   f"{len(drift.extra)} berlebih.")
        if drift.total and repair:
            maintenance.fix(session, drift)
            remaining = maintenance.verify(session)
            click.echo(f"Diperbaiki. Sisa selisih: {remaining.total}.")
            if remaining.total:
                raise SystemExit(1)
            return
    if drift.total:
        raise SystemExit(1)


def _verify_or_exit(session: Session) -> maintenance.Drift:
    """The drift, or a clear message and exit code 2 when the index itself
    is missing or unreadable (verify never creates an index: an empty one
    would hide the loss)."""
    try:
        return maintenance.verify(session)
    except IndexMissing:
        if not records.all_keys(session):
            return maintenance.Drift()
        message = "Indeks pencarian tidak ada."
    except IndexUnavailable as error:
        message = f"Indeks pencarian rusak ({error})."
    click.echo(f"{message} Bangun ulang dengan 'flask search reindex'.", err=True)
    raise SystemExit(2)


@search_cli.command("drain")
def drain_command() -> None:
    """Apply queued index updates now (normally done after every commit)."""
    if maintenance.recover_interrupted_rebuild():
        click.echo("Sisa pembangunan ulang indeks yang terputus dibersihkan.")
    handled = service.drain()
    with Session(db.engine) as session:
        left = outbox.backlog(session)
    click.echo(f"{handled} entri diterapkan; {left} tersisa di antrean.")


@search_cli.command("status-changes")
@click.option("--days", default=7, show_default=True, type=click.IntRange(1, 3660),
              help="Periksa tanggal berlaku relasi sejauh ini ke belakang.")
def status_changes_command(days: int) -> None:
    """Reindex documents whose status changed because a relation took effect
    in the last ``days`` days (for cron when no worker runs; the worker does
    this every night)."""
    today = date.today()
    queued = service.queue_status_changes(today - timedelta(days=days), today)
    handled = service.drain()
    click.echo(f"{queued} dokumen berubah status; {handled} entri diterapkan ke indeks.")
