"""Cleaning news bodies with nh3 (the Ammonia sanitiser).

Only a small set of formatting tags survives; scripts, styles, event
handlers, iframes and every URL scheme other than http, https (and mailto
for links) are removed. Relative URLs are removed too: a body may be shown
on other sites (feeds), where they would point somewhere else.
"""
from __future__ import annotations

from typing import Optional

import nh3

from jdih.news.htmltext import text_to_html, unwrap_links_without_href

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "b", "i", "u", "a", "ul", "ol", "li",
    "blockquote", "h2", "h3", "h4", "img",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt"}}
LINK_SCHEMES = {"http", "https", "mailto"}
IMAGE_SCHEMES = ("http://", "https://")
# Their content is dropped with the tag, not kept as text.
DROPPED_WITH_CONTENT = {"script", "style", "iframe", "object", "embed", "template", "noscript",
                        "svg", "math", "textarea", "select", "title"}


def _filter_attribute(tag: str, attribute: str, value: str) -> Optional[str]:
    # Images load without a click: allow only web URLs (no mailto:, no data:).
    if tag == "img" and attribute == "src" and not value.strip().lower().startswith(IMAGE_SCHEMES):
        return None
    return value


def clean_body(text: str) -> str:
    """A body as staff typed it: plain text (no tag at all) keeps its
    paragraphs as <p>; HTML is sanitised as it is."""
    text = text or ""
    return clean_html(text if nh3.is_html(text) else text_to_html(text))


def clean_html(html: str) -> str:
    """Safe HTML for a news body. A link whose URL was removed (javascript:,
    relative, ...) is unwrapped to its text: nh3 keeps the <a> without href."""
    return unwrap_links_without_href(nh3.clean(
        html or "",
        tags=ALLOWED_TAGS,
        clean_content_tags=DROPPED_WITH_CONTENT,
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=_filter_attribute,
        url_schemes=LINK_SCHEMES,
        url_relative="deny",
        link_rel="noopener noreferrer",
        strip_comments=True,
    )).strip()
