"""URL slugs built from plain text."""
from __future__ import annotations

import re
import unicodedata


def slugify(text: str) -> str:
    """A URL-safe lower-case slug: 'MA 23 P/HUM/2024' -> 'ma-23-p-hum-2024'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:120].rstrip("-")
