"""Citation spans found in the text of sanitised HTML, linked back into it
without ever breaking the markup."""
from __future__ import annotations

from html.parser import HTMLParser

import pytest

from jdih.citations import extract
from jdih.news.htmltext import Link, insert_links, plain_text, text_to_html
from jdih.news.sanitize import clean_html

VOID = {"br", "img"}


class Balance(HTMLParser):
    """Fails on a close tag that does not match the open one, or nested <a>."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            return
        assert not (tag == "a" and "a" in self.stack), "nested link"
        self.stack.append(tag)

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes {self.stack}"
        self.stack.pop()


def assert_well_formed(html: str) -> None:
    parser = Balance()
    parser.feed(html)
    parser.close()
    assert parser.stack == []


def link_all(html: str) -> tuple[str, list]:
    html = clean_html(html)
    text = plain_text(html)
    citations = extract(text)
    links = [Link(c.start, c.end, f"/dokumen/{i}", c.text) for i, c in enumerate(citations)]
    return str(insert_links(html, links)), citations


def test_entities_and_tags_keep_offsets_exact():
    html = "<p>A &amp; B: <strong>UU</strong> Nomor 7 Tahun 2017 &lt;baru&gt;</p><p>PKPU 8/2024</p>"
    text = plain_text(html)
    assert text == "A & B: UU Nomor 7 Tahun 2017 <baru>\nPKPU 8/2024\n"
    linked, citations = link_all(html)
    assert [c.text for c in citations] == ["UU Nomor 7 Tahun 2017", "PKPU 8/2024"]
    assert linked == ('<p>A &amp; B: <strong><a class="citation-link" href="/dokumen/0" '
                      'title="UU Nomor 7 Tahun 2017">UU</a></strong><a class="citation-link" href="/dokumen/0" '
                      'title="UU Nomor 7 Tahun 2017"> Nomor 7 Tahun 2017</a> &lt;baru&gt;</p>'
                      '<p><a class="citation-link" href="/dokumen/1" title="PKPU 8/2024">PKPU 8/2024</a></p>')
    assert_well_formed(linked)


def test_paragraphs_separate_words():
    # Without a break the two paragraphs would read "UU 7/2017PKPU".
    assert plain_text("<p>UU 7/2017</p><p>PKPU 8/2024</p>") == "UU 7/2017\nPKPU 8/2024\n"
    assert plain_text("a<br>b") == "a\nb"


def test_text_inside_an_existing_link_is_not_linked_again():
    html = '<p>Lihat <a href="https://jdih.kpu.go.id">UU 7/2017</a> dan UU 1/2015.</p>'
    linked, citations = link_all(html)
    assert len(citations) == 2
    assert linked.count('class="citation-link"') == 1
    assert '<a class="citation-link" href="/dokumen/1" title="UU 1/2015">UU 1/2015</a>' in linked
    assert_well_formed(linked)


@pytest.mark.parametrize("html", [
    "<p>Pasal 167 ayat (2) <em>Undang-Undang Nomor 7</em> Tahun 2017</p>",
    "<ul><li>UU 7/<b>20<i>17</i></b></li><li>PKPU Nomor 8 Tahun 2024</li></ul>",
    "<blockquote><p>Putusan MK Nomor 20/PHPU.BUP-XXIII/2025</p></blockquote>",
    "<p><b>UU 7/2017<p>tidak ditutup",
    "<h2>UU 43/2009</h2><img src='https://x.example/a.png' alt='UU 1/2015'>UU 14/2008",
    "UU 7/2017 tanpa paragraf & <i>sisa</i>",
])
def test_linking_never_breaks_markup(html):
    linked, citations = link_all(html)
    assert citations
    assert_well_formed(linked)
    assert plain_text(linked) == plain_text(clean_html(html))  # the words are unchanged
    assert linked.count("</a>") >= len(citations)


def test_links_are_escaped_and_overlaps_skipped():
    html = "<p>UU 7/2017</p>"
    linked = str(insert_links(html, [Link(0, 9, '/x?a=1&b="2"', 'judul "kutip" <b>'), Link(3, 5, "/y")]))
    assert linked == ('<p><a class="citation-link" href="/x?a=1&amp;b=&#x27;2&#x27;" '.replace("&#x27;", "&quot;")
                      + 'title="judul &quot;kutip&quot; &lt;b&gt;">UU 7/2017</a></p>')


def test_text_to_html_escapes_paragraphs():
    assert text_to_html("satu <b>\n\n dua & tiga") == "<p>satu &lt;b&gt;</p><p>dua &amp; tiga</p>"
