"""What a shared document link carries: its canonical address, the QR
code of that address, and the summary link previews show (OpenGraph and
Twitter cards).

The address is built on SITE_URL, the site's configured public address,
not on the request's Host header: a page cached by a proxy or a preview
service then never names a host an attacker chose.
"""
from __future__ import annotations

import io
from typing import Any, Optional
from urllib.parse import quote

import segno
from flask import current_app, request, url_for

from jdih.catalogue.models import Document

#: Seconds browsers and proxies keep a public document's QR code.
QR_MAX_AGE = 24 * 3600


def canonical_url(endpoint: str, **values: Any) -> str:
    """The absolute address of ``endpoint`` on the configured SITE_URL."""
    path = url_for(endpoint, **values)
    script_root = request.script_root if request else ""
    if script_root and path.startswith(script_root):
        path = path[len(script_root):]
    return current_app.config["SITE_URL"].rstrip("/") + path


def document_url(doc: Document) -> str:
    return canonical_url("catalogue.detail", slug=doc.slug)


def qr_svg(url: str) -> bytes:
    """A QR code of ``url`` as a standalone SVG (medium error correction,
    so a slightly damaged print still reads)."""
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="svg", scale=4, border=2, xmldecl=True,
                                    title="Kode QR", dark="#1d2433", light="#ffffff")
    return buffer.getvalue()


def share_summary(doc: Document, status: Optional[str]) -> str:
    """The description a link preview shows: identity, status, the office."""
    config = current_app.config
    parts = [doc.display_identity or doc.type_label]
    if status:
        parts.append(f"Status: {status}")
    parts.append(f"{config['SITE_NAME']} ({config['OFFICE_NAME']})")
    return " · ".join(parts) + f" — {doc.judul}"


def whatsapp_link(text: str, url: str) -> str:
    """A WhatsApp share link whose message is ``text`` and then ``url``."""
    return "https://wa.me/?text=" + quote(f"{text}\n{url}", safe="")


def preview_image(doc: Document) -> Optional[str]:
    """The absolute address of the first photo, for link previews (og:image)."""
    photo = next((a for a in doc.attachments if a.role == "foto" and not a.is_deleted), None)
    if photo is None:
        return None
    return canonical_url("catalogue.download", slug=doc.slug, attachment_id=photo.id, filename=photo.filename)
