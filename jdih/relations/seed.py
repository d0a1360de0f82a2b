"""The relations of the demo seed (legal_documents.json "relations").

Registered as a demo hook: ``flask --app jdih demo load`` runs it after the
documents are created. Idempotent: a relation already recorded is kept.
Relations naming a document outside the seed wait for it by identity.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Optional

from jdih.relations import operations
from jdih.citations.identities import citation_identity
from jdih.relations.identities import seed_key_identity
from jdih.relations.queries import jenis_index

_GRANTED_PART = re.compile(r"\bmengabulkan\b[^.;]*?\b(?:untuk\s+)?sebagian\b", re.IGNORECASE)
_GRANTED = re.compile(r"\bmengabulkan\b", re.IGNORECASE)
_INADMISSIBLE = re.compile(r"\btidak\s+dapat\s+diterima\b", re.IGNORECASE)
_REJECTED = re.compile(r"\bmenolak\s+permohonan\b", re.IGNORECASE)


def result_from_amar(amar: Optional[str]) -> Optional[str]:
    """A review result read from a ruling's amar, or None when it says none.

    "Mengabulkan permohonan Pemohon untuk sebagian" -> dikabulkan_sebagian;
    "... untuk seluruhnya" or a bare "Mengabulkan" -> dikabulkan_seluruhnya.
    """
    if not amar:
        return None
    if _GRANTED_PART.search(amar):
        return "dikabulkan_sebagian"
    if _GRANTED.search(amar):
        return "dikabulkan_seluruhnya"
    if _INADMISSIBLE.search(amar):
        return "tidak_dapat_diterima"
    if _REJECTED.search(amar):
        return "ditolak"
    return None


def reviewed_articles(title: Optional[str], target_identity: str) -> Optional[str]:
    """The articles a ruling's title says it reviewed in the target:
    "Pengujian Pasal 169 huruf q UU 7/2017 ..." -> "Pasal 169 huruf q"."""
    from jdih.citations import extract

    index = jenis_index()
    for citation in extract(title or ""):
        if citation.pinpoint and citation_identity(citation, index) == target_identity:
            return citation.pinpoint
    return None


def load_relations(records: list[dict[str, Any]]) -> tuple[int, int, int]:
    """Record the seed relations; returns (created, kept, pending)."""
    index = jenis_index()
    created = kept = pending = 0
    for record in records:
        source_identity = seed_key_identity(record["from"], index)
        target_identity = seed_key_identity(record["to"], index)
        kind = record["relation"]
        if not source_identity or not target_identity or kind not in operations.KINDS:
            continue
        source = operations.End.by_identity(source_identity)
        target = operations.End.by_identity(target_identity)
        if source.doc is None and target.doc is None:
            continue
        if any(r.kind == kind for r in operations.between(source, target)):
            kept += 1
            continue
        result = pasal = None
        if kind == "menguji" and source.doc is not None:
            result = result_from_amar(source.doc.amar)
            pasal = reviewed_articles(source.doc.judul, target_identity)
        operations.add(kind, source, target, result=result, pasal=pasal)
        created += 1
        pending += source.doc is None or target.doc is None
    return created, kept, pending


def load_demo_relations(seed_dir: Path, seed: dict[str, Any]) -> None:
    import click

    created, kept, pending = load_relations(seed.get("relations", []))
    click.echo(f"Relasi: {created} dibuat ({pending} menunggu dokumennya), {kept} sudah ada.")
