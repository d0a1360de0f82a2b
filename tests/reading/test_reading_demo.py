"""The demo shows the reading view out of the box: UU 7/2017 and UU 14/2008
read by their articles, the MK rulings beside Pasal 169 and 222, and the
demo news linking to Pasal 169."""
from __future__ import annotations

from sqlalchemy import select

from jdih.catalogue.models import Attachment, AttachmentPage, Document
from jdih.demo.files import SAMPLE_MARK
from jdih.extensions import db


def pasal(html: str, anchor: str) -> str:
    start = html.index(f'id="{anchor}"')
    return html[start:html.index("</article>", start)]


def test_demo_shows_the_reading_view(app, client, runner):
    """One test: loading the demo takes seconds."""
    result = runner.invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    law_reads_by_article_with_rulings_beside_their_pasal(client)
    news_and_ruling_link_to_pasal_169(client)
    sample_text_is_marked_on_every_page(app)


def law_reads_by_article_with_rulings_beside_their_pasal(client):
    html = client.get("/dokumen/uu-7-2017").get_data(as_text=True)
    assert 'href="#pasal-169"' in html and 'id="pasal-169-huruf-q"' in html
    p169 = pasal(html, "pasal-169")
    assert "Pasal ini diuji dengan MK 90/PUU-XXI/2023: dikabulkan sebagian" in p169
    assert "<summary>Penjelasan Pasal 169</summary>" in p169
    assert "Pasal ini diuji dengan MK 62/PUU-XXII/2024" in pasal(html, "pasal-222")
    assert "diuji dengan" not in pasal(html, "pasal-1")
    assert 'id="pasal-2-ayat-3"' in client.get("/dokumen/uu-14-2008").get_data(as_text=True)


def news_and_ruling_link_to_pasal_169(client):
    news = client.get("/berita").get_data(as_text=True)
    slugs = [part.split('"')[0] for part in news.split('href="/berita/')[1:]]
    bodies = "".join(client.get(f"/berita/{slug}").get_data(as_text=True) for slug in set(slugs))
    assert 'href="/dokumen/uu-7-2017#pasal-169"' in bodies
    ruling = client.get("/dokumen/mk-90-puu-xxi-2023").get_data(as_text=True)
    assert '<a href="/dokumen/uu-7-2017#pasal-169">Pasal 169 huruf q</a>' in ruling


def sample_text_is_marked_on_every_page(app):
    with app.app_context():
        doc = db.session.scalar(select(Document).where(Document.slug == "uu-7-2017"))
        texts = db.session.scalars(select(AttachmentPage.text).join(Attachment).where(
            Attachment.document_id == doc.id)).all()
    assert len(texts) >= 5 and all(SAMPLE_MARK in text for text in texts)
