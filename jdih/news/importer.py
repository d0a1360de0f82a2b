"""Importing news from the office website's plain-text export.

The format (see jdih/demo/data/berita_demo.txt)::

    Berita Terkini                      <- optional header

    <title line>

    <Place>, <site> — <one body paragraph with "Hari (DD/MM)"> ... (<credit>)

and so on, items separated by blank lines. The whole file is parsed and
checked before anything is stored, so a malformed file imports nothing.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Optional

from sqlalchemy import select

from jdih.core.errors import UserError
from jdih.core.slugs import slugify
from jdih.extensions import db
from jdih.news import operations
from jdih.news.htmltext import text_to_html
from jdih.news.models import News

HEADER = "berita terkini"
_DAYS = r"(?:Senin|Selasa|Rabu|Kamis|Jum['\u2019]?at|Sabtu|Minggu|Ahad)"
_DAY_DATE = re.compile(_DAYS + r",?\s*\(\s*(\d{1,2})\s*/\s*(\d{1,2})\s*\)", re.IGNORECASE)
_CREDIT = re.compile(r"\s*\(([^()]{2,300})\)\s*$")
# "Semarang, kota-semarang.kpu.go.id — " : a place, then a web address.
_DATELINE = re.compile(r"^\s*([A-Z][\w .'\-]{1,60}?),\s*[\w\-]+(?:\.[\w\-]+)+\s*[\u2014\u2013\-]+\s*")
_PARAGRAPH_BREAK = re.compile(r"[ \t\u00a0]*\n\s*|[ \t\u00a0]{2,}")
MAX_TITLE = 300


class ImportFormatError(UserError):
    """The file does not follow the format; ``message`` says where (Indonesian)."""


@dataclass(frozen=True)
class ParsedNews:
    title: str
    news_date: date
    place: Optional[str]
    body: str
    credit: str

    @property
    def import_key(self) -> str:
        return f"teks:{self.news_date.isoformat()}:{slugify(self.title)}"[:200]


def _blocks(text: str) -> list[str]:
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    return [block.strip() for block in re.split(r"\n\s*\n", text) if block.strip()]


def _parse_item(number: int, title: str, body: str, year: int) -> ParsedNews:
    where = f"Berita ke-{number} (\u201c{title[:60]}\u201d)"
    if "\n" in title or len(title) > MAX_TITLE:
        raise ImportFormatError(f"{where}: judul harus satu baris dan paling banyak {MAX_TITLE} karakter.")
    paragraphs = _paragraphs(body)
    body = " ".join(paragraphs)
    credit = _CREDIT.search(body)
    if credit is None:
        raise ImportFormatError(f"{where}: paragraf isi tidak diakhiri kredit dalam kurung, "
                                "misalnya \u201c(rhd/ed. Foto: awh/KPU Kota Semarang)\u201d.")
    day_date = _DAY_DATE.search(body)
    if day_date is None:
        raise ImportFormatError(f"{where}: tanggal \u201cHari (HH/BB)\u201d, misalnya "
                                "\u201cJumat (24/10)\u201d, tidak ditemukan di isi berita.")
    try:
        news_date = date(year, int(day_date.group(2)), int(day_date.group(1)))
    except ValueError as error:
        raise ImportFormatError(f"{where}: tanggal {day_date.group(0)} tidak valid.") from error
    dateline = _DATELINE.match(body)
    paragraphs[-1] = _CREDIT.sub("", paragraphs[-1]).strip()
    return ParsedNews(title=title, news_date=news_date,
                      place=dateline.group(1).strip() if dateline else None,
                      body="\n\n".join(p for p in paragraphs if p), credit=credit.group(1).strip())


def _paragraphs(body: str) -> list[str]:
    """The export writes an item on one line, paragraphs separated by two
    spaces (or by a line break): each becomes a paragraph of its own."""
    return [" ".join(part.split()) for part in _PARAGRAPH_BREAK.split(body) if part.strip()]


def parse(text: str, year: int) -> list[ParsedNews]:
    """Every item of the file; raises ImportFormatError on the first problem."""
    blocks = _blocks(text)
    if blocks and blocks[0].casefold() == HEADER:
        blocks = blocks[1:]
    if not blocks:
        raise ImportFormatError("Berkas tidak berisi berita.")
    if len(blocks) % 2:
        raise ImportFormatError(f"Judul \u201c{blocks[-1][:60]}\u201d tidak diikuti paragraf isi "
                                "(setiap berita: baris judul, baris kosong, satu paragraf isi).")
    return [_parse_item(n, blocks[i], blocks[i + 1], year)
            for n, i in enumerate(range(0, len(blocks), 2), start=1)]


def import_news(text: str, year: int, publish: bool = False) -> tuple[int, int]:
    """Create the items not imported before; returns (created, kept)."""
    created = kept = 0
    for item in parse(text, year):
        existing = db.session.scalar(select(News).where(News.import_key == item.import_key))
        if existing is not None:
            kept += 1
            continue
        news = operations.create_news({
            "title": item.title, "news_date": item.news_date, "place": item.place,
            "body": text_to_html(item.body), "credit": item.credit, "tags": []},
            import_key=item.import_key)
        if publish:
            operations.publish(news)
        created += 1
    return created, kept
