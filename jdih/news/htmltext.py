"""The text content of sanitised HTML, and links inserted back into it.

Citations are found in the plain text of a news body; to show them as
links their spans are mapped back onto the HTML. Both directions walk the
same event list, so an offset in ``plain_text(html)`` names the same
character when links are inserted. The HTML is re-serialised from the
parser events (tags as they were, text escaped again): it is nh3 output,
so this is faithful, and a link only ever wraps text inside one element,
so the result is always well-formed. A citation crossing a tag boundary
is linked piece by piece; text already inside a link is left alone.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape
from html.parser import HTMLParser
from typing import Iterable

from markupsafe import Markup

#: Tags whose start or end separates words (a line break in the text).
BREAKING_TAGS = {"p", "br", "li", "ul", "ol", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6",
                 "img", "div", "table", "tr", "td", "th"}
VOID_TAGS = {"br", "img", "hr", "wbr"}


@dataclass(frozen=True)
class Link:
    start: int
    end: int
    href: str
    title: str = ""


class _Events(HTMLParser):
    """Start tags (raw), end tags and text, in order; comments dropped."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.events: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.events.append(("start", tag, self.get_starttag_text() or f"<{tag}>"))

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        self.events.append(("void", tag, self.get_starttag_text() or f"<{tag}>"))

    def handle_endtag(self, tag: str) -> None:
        self.events.append(("end", tag, f"</{tag}>"))

    def handle_data(self, data: str) -> None:
        if self.events and self.events[-1][0] == "data":
            self.events[-1] = ("data", "", self.events[-1][2] + data)
        else:
            self.events.append(("data", "", data))


def _events(html: str) -> list[tuple[str, str, str]]:
    parser = _Events()
    parser.feed(html or "")
    parser.close()
    return parser.events


def _walk(html: str) -> Iterable[tuple[str, str, str, int]]:
    """Events with the text offset where each starts; breaking tags add a
    newline to the text (only between words, never two in a row)."""
    length, last = 0, "\n"
    for kind, tag, value in _events(html):
        if kind == "data":
            yield kind, tag, value, length
            if value:
                length, last = length + len(value), value[-1]
            continue
        if tag in BREAKING_TAGS and length and last != "\n":
            yield "break", tag, "\n", length
            length, last = length + 1, "\n"
        yield kind, tag, value, length


def plain_text(html: str) -> str:
    return "".join(value for kind, _, value, _ in _walk(html) if kind in ("data", "break"))


def _link_tag(link: Link) -> str:
    title = f' title="{escape(link.title)}"' if link.title else ""
    return f'<a class="citation-link" href="{escape(link.href)}"{title}>'


def _linked_text(text: str, offset: int, links: list[Link]) -> str:
    """``text`` (starting at ``offset``) with the given links' parts wrapped."""
    out, position = [], 0
    for link in links:
        start, end = max(link.start - offset, 0), min(link.end - offset, len(text))
        if start >= end or start < position:
            continue
        out.append(escape(text[position:start], quote=False))
        out.append(_link_tag(link) + escape(text[start:end], quote=False) + "</a>")
        position = end
    out.append(escape(text[position:], quote=False))
    return "".join(out)


def _without_overlaps(links: Iterable[Link]) -> list[Link]:
    kept: list[Link] = []
    for link in sorted(links, key=lambda l: (l.start, -l.end)):
        if link.start < link.end and (not kept or link.start >= kept[-1].end):
            kept.append(link)
    return kept


def insert_links(html: str, links: Iterable[Link]) -> Markup:
    """``html`` (already sanitised) with each link's text span wrapped in <a>."""
    links = _without_overlaps(links)
    out: list[str] = []
    anchor_depth, first = 0, 0  # links before ``first`` end before the current text
    for kind, tag, value, offset in _walk(html):
        if kind == "break":
            continue
        if kind != "data":
            if tag == "a":
                anchor_depth = anchor_depth + 1 if kind == "start" else max(anchor_depth - 1, 0)
            out.append(value)
            continue
        while first < len(links) and links[first].end <= offset:
            first += 1
        last = first
        while last < len(links) and links[last].start < offset + len(value):
            last += 1
        # Text already inside a link is never linked again (no nested <a>).
        out.append(escape(value, quote=False) if anchor_depth or first == last
                   else _linked_text(value, offset, links[first:last]))
    return Markup("".join(out))


def text_to_html(text: str) -> str:
    """Plain paragraphs (blank-line separated) as HTML paragraphs; a single
    line break inside a paragraph stays a line break."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n")
    paragraphs = [p.strip() for p in re.split(r"\n[ \t]*\n", text)]
    return "".join("<p>" + "<br>".join(escape(line.strip(), quote=False) for line in p.split("\n")) + "</p>"
                   for p in paragraphs if p)


class _LinksWithoutTarget(HTMLParser):
    """Re-serialises sanitised HTML without the <a> tags that lost their
    href (their text stays): a link-styled word that goes nowhere misleads."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.kept: list[bool] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag == "a":
            self.kept.append(any(name == "href" and value for name, value in attrs))
            if not self.kept[-1]:
                return
        self.out.append(self.get_starttag_text() or f"<{tag}>")

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        self.out.append(self.get_starttag_text() or f"<{tag}>")

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self.kept and not self.kept.pop():
            return
        self.out.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        self.out.append(escape(data, quote=False))


def unwrap_links_without_href(html: str) -> str:
    """``html`` (nh3 output) with every <a> lacking an href replaced by its text."""
    if "<a" not in (html or ""):
        return html or ""
    parser = _LinksWithoutTarget()
    parser.feed(html)
    parser.close()
    return "".join(parser.out)

