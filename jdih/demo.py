"""``flask --app jdih demo load``: the demo catalogue from ../shared/seed.

Idempotent: documents are matched by canonical identity (or title), the
admin by email, so loading twice changes nothing.
"""
from __future__ import annotations

import json
import secrets
from datetime import date
from pathlib import Path
from typing import Any, Optional

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import select

from jdih.accounts import operations as accounts
from jdih.catalogue import operations
from jdih.catalogue.models import Document, Jenis
from jdih.catalogue.vocabulary import seed_vocabularies, term_by_label
from jdih.extensions import db
from jdih.news.commands import load_demo_news
from jdih.relations.seed import demo_hook as load_demo_relations

demo_cli = AppGroup("demo", help="Data demo.")

DEMO_ADMIN = "admin@jdih.local"


def seed_dir() -> Path:
    configured = current_app.config.get("DEMO_SEED_DIR")
    if configured:
        return Path(configured)
    return Path(current_app.root_path).parent.parent / "shared" / "seed"


def _date(value: Optional[str]) -> Optional[date]:
    return date.fromisoformat(value) if value else None


def _find_jenis(doc_type: str, record: dict[str, Any]) -> Jenis:
    """The jenis a seed record names, created if the vocabulary lacks it."""
    parts = record["key"].split("/")
    abbreviation = record.get("singkatan_jenis") or record.get("singkatan") or parts[0]
    name = record.get("jenis") or record.get("jenis_peradilan") or abbreviation
    candidates = [("abbreviation", parts[0] + parts[1])] if doc_type == "peraturan" and len(parts) == 4 else []
    candidates += [("name", name), ("abbreviation", abbreviation), ("citation_type", abbreviation)]
    for column, value in candidates:
        jenis = db.session.scalar(select(Jenis).where(
            Jenis.doc_type == doc_type, getattr(Jenis, column) == value))
        if jenis is not None:
            return jenis
    jenis = Jenis(doc_type=doc_type, name=name, abbreviation=abbreviation.upper())
    db.session.add(jenis)
    db.session.flush()
    return jenis


def _term_id(vocabulary: str, label: Optional[str]) -> Optional[int]:
    term = term_by_label(vocabulary, label)
    if term is None:
        return None
    db.session.flush()
    return term.id


def document_values(record: dict[str, Any]) -> dict[str, Any]:
    doc_type = record["type"]
    values: dict[str, Any] = {
        "jenis_id": _find_jenis(doc_type, record).id,
        "nomor": record.get("nomor"),
        "tahun": record.get("tahun"),
        "judul": record["judul"],
        "abstrak": record.get("abstrak"),
        "subjects": record.get("subjek") or [],
        "bahasa_id": _term_id("bahasa", "Indonesia"),
        "bidang_id": _term_id("bidang", record.get("bidang_hukum")),
    }
    if doc_type == "peraturan":
        for name in ("teu_badan", "tempat_penetapan", "sumber", "status"):
            values[name] = record.get(name)
        values["tanggal_penetapan"] = _date(record.get("tanggal_penetapan"))
        values["tanggal_pengundangan"] = _date(record.get("tanggal_pengundangan"))
    elif doc_type == "putusan":
        for name in ("pemohon", "termohon", "amar", "jenis_perkara"):
            values[name] = record.get(name)
        values["tanggal_dibacakan"] = _date(record.get("tanggal_dibacakan"))
        values["tempat_peradilan"] = "Jakarta" if record.get("singkatan") in ("MK", "MA", "DKPP") else None
    return values


def load_documents(records: list[dict[str, Any]]) -> tuple[int, int]:
    """Create and publish the seed documents that are missing; (created, kept)."""
    created = kept = 0
    for record in records:
        values = document_values(record)
        jenis = db.session.get(Jenis, values["jenis_id"])
        identity = operations.identity_for(record["type"], jenis, values["nomor"], values["tahun"])
        existing = operations.find_by_identity(identity) if identity else db.session.scalar(
            select(Document).where(Document.judul == record["judul"]))
        if existing is not None:
            kept += 1
            continue
        doc = operations.create_document(record["type"], values)
        operations.publish(doc)
        created += 1
    return created, kept


def ensure_demo_admin() -> Optional[str]:
    """Create the demo admin; returns its new password, or None if it existed."""
    if accounts.find_user(DEMO_ADMIN):
        return None
    password = "demo-" + secrets.token_urlsafe(12)
    accounts.create_user(DEMO_ADMIN, password, "admin", "Admin Demo")
    return password


@demo_cli.command("load")
def load_command() -> None:
    """Load the demo documents from ../shared/seed and create a demo admin."""
    path = seed_dir() / "legal_documents.json"
    if not path.is_file():
        raise click.ClickException(f"Berkas data demo tidak ditemukan: {path}")
    seed = json.loads(path.read_text(encoding="utf-8"))
    added = seed_vocabularies()
    created, kept = load_documents(seed["documents"])
    password = ensure_demo_admin()
    click.echo(f"Kosakata: {added} entri baru. Dokumen: {created} dibuat, {kept} sudah ada.")
    load_demo_relations(seed_dir(), seed)
    load_demo_news(seed_dir(), seed)
    db.session.commit()
    if password:
        click.echo(f"Admin demo: {DEMO_ADMIN} / kata sandi: {password}")
    else:
        click.echo(f"Admin demo {DEMO_ADMIN} sudah ada (kata sandi tidak diubah; "
                   f"ganti dengan `flask --app jdih users set-password {DEMO_ADMIN}`).")
