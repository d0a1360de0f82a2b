"""Read a page's edit form back as the browser would post it (test helper)."""
from __future__ import annotations

from html.parser import HTMLParser


class _FormReader(HTMLParser):
    def __init__(self, css_class: str):
        super().__init__(convert_charrefs=True)
        self.css_class, self.inside = css_class, False
        self.values: dict[str, str] = {}
        self._textarea: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("class") == self.css_class
        if not self.inside:
            return
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "file", "checkbox"):
            self.values[name] = attrs.get("value") or ""
        elif tag == "textarea" and name:
            self._textarea = name
            self.values[name] = ""
        elif tag == "select" and name:
            self._select = name
            self.values.setdefault(name, "")
        elif tag == "option" and self._select and "selected" in attrs:
            self.values[self._select] = attrs.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self.inside and self._textarea:
            if not self.values[self._textarea]:  # browsers drop the newline after <textarea>
                data = data.removeprefix("\r\n").removeprefix("\n")
            self.values[self._textarea] += data


def form_fields(html: str, css_class: str = "stacked card") -> dict[str, str]:
    """The named fields of the form of ``css_class`` in ``html``, with their values."""
    reader = _FormReader(css_class)
    reader.feed(html)
    return reader.values
