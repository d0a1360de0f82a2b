"""The home page's structured search form, read by the search page.

The form sends one field per filter (jenis, tahun, status), a keyword box
(q) and a number (nomor). Filters are search arguments already; the number
has no filter of its own, so it becomes the field query ``nomor:"..."`` in
the search text, where the search language reads it. Empty fields ("Semua
jenis") are dropped, so the address a reader lands on is the one the search
page itself would write (one redirect; the page's own forms never send
``nomor``, so they are answered directly).
"""
from __future__ import annotations

from typing import Optional
from urllib.parse import urlencode

from werkzeug.datastructures import MultiDict

NUMBER_ARG = "nomor"


def _number_query(number: str) -> str:
    # Quotes inside the number would end the phrase early; the number's own
    # characters (slashes, dots, dashes) are kept for the analyser.
    cleaned = " ".join(number.replace('"', " ").split())
    return f'nomor:"{cleaned}"' if cleaned else ""


def clean_query_string(args: MultiDict) -> Optional[str]:
    """The query string /cari should answer instead of ``args``, or None
    when ``args`` did not come from the structured form (it has no number
    field: the search page's own forms never send one)."""
    if NUMBER_ARG not in args:
        return None
    number = (args.get(NUMBER_ARG) or "").strip()
    pairs = [(key, value.strip()) for key in args for value in args.getlist(key)
             if key not in (NUMBER_ARG, "q") and value.strip()]
    query = " ".join(part for part in ((args.get("q") or "").strip(), _number_query(number)) if part)
    if query:
        pairs.insert(0, ("q", query))
    return urlencode(pairs)
