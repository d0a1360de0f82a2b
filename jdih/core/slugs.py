"""URL slugs built from plain text."""
from __future__ import annotations

import html
import re
import unicodedata

import nh3


def strip_markup(text: str) -> str:
    """The text of ``text`` without tags (and without script or style
    content): '<b>Hukum</b> &amp; Pemilu' -> 'Hukum & Pemilu'."""
    if "<" not in text and "&" not in text:
        return text
    return html.unescape(nh3.clean(text, tags=set()))


def slugify(text: str) -> str:
    """A URL-safe lower-case slug of the text, never of its markup:
    'MA 23 P/HUM/2024' -> 'ma-23-p-hum-2024'."""
    ascii_text = unicodedata.normalize("NFKD", strip_markup(text)).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:120].rstrip("-")
