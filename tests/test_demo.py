"""``flask --app jdih demo load``: the demo catalogue from the package's own
data (jdih/demo/data), loaded twice, is the same catalogue; every document
gets a marked sample PDF; a partner account sees what partners get."""
from __future__ import annotations

import io
import json
import re
import shutil

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from conftest import DEMO_DATA_DIR, AuthActions
from jdih.demo.files import NASKAH_DIR, SAMPLE_MARK
from jdih.extensions import db

DATA = json.loads((DEMO_DATA_DIR / "legal_documents.json").read_text(encoding="utf-8"))
DOCUMENTS = DATA["documents"]
#: The invented examples beside the 35 real documents, by visibility.
EXAMPLES = {record["visibility"]: record for record in DOCUMENTS if record.get("visibility")}
PASSWORD_LINE = re.compile(r"^(Admin|Mitra) demo: (\S+) / kata sandi: (\S+)$", re.MULTILINE)


def counts(app) -> dict[str, int]:
    with app.app_context():
        return {table.name: db.session.scalar(select(func.count()).select_from(table))
                for table in db.metadata.sorted_tables}


def load(runner, *args: str) -> str:
    result = runner.invoke(args=["demo", "load", *args])
    assert result.exit_code == 0, result.output + repr(result.exception)
    return result.output


def passwords(output: str) -> dict[str, str]:
    """email -> password, as `demo load` prints them the first time."""
    return {email: password for _label, email, password in PASSWORD_LINE.findall(output)}


def test_the_packaged_data_holds_the_real_set_and_two_examples():
    assert len(DOCUMENTS) == 37 and len(DATA["relations"]) == 31
    assert set(EXAMPLES) == {"partner", "internal"}
    assert all(record["judul"].startswith("Contoh") for record in EXAMPLES.values())
    keys = {record["key"] for record in DOCUMENTS}
    related = {(r["from"], r["to"]) for r in DATA["relations"]}
    # Each example is related to a public document of the set.
    for record in EXAMPLES.values():
        assert any(source == record["key"] and target in keys for source, target in related)


def test_demo_load_twice_changes_nothing(app, runner):
    first = load(runner)
    assert f"Dokumen: {len(DOCUMENTS)} dibuat, 0 sudah ada" in first
    assert f"Berkas contoh: {len(DOCUMENTS)} dilampirkan" in first
    assert "Relasi: 31 dibuat" in first and "Berita: 4 diimpor" in first
    assert set(passwords(first)) == {"admin@jdih.local", "mitra@jdih.local"}
    after_first = counts(app)
    assert after_first["document"] == len(DOCUMENTS)
    assert after_first["attachment"] == len(DOCUMENTS) and after_first["news"] == 4

    second = load(runner)
    assert f"Dokumen: 0 dibuat, {len(DOCUMENTS)} sudah ada" in second
    assert "Berkas contoh: 0 dilampirkan" in second
    assert second.count("kata sandi tidak diubah") == 2 and not passwords(second)
    assert counts(app) == after_first  # audit_entry included: no new entries


def test_demo_documents_are_published_and_findable(app, runner, client):
    load(runner)
    from jdih.catalogue.models import Document

    with app.app_context():
        docs = db.session.scalars(select(Document)).all()
        assert all(doc.is_published for doc in docs)
        hidden = {doc.identity: doc.visibility for doc in docs if doc.visibility != "public"}
        identities = {doc.identity for doc in docs}
    assert hidden == {"MOU 1/2025": "partner", "SE 2/2025": "internal"}
    assert {"UU 7/2017", "UUD 1945"} <= identities
    assert client.get("/dokumen/uu-7-2017").status_code == 200
    assert "Pemilihan Umum" in client.get("/peraturan").get_data(as_text=True)


def download_link(client, slug: str) -> str:
    html = client.get(f"/dokumen/{slug}").get_data(as_text=True)
    links = set(re.findall(rf'href="(/dokumen/{re.escape(slug)}/berkas/\d+/[^"#?]+)', html))
    assert len(links) == 1, (slug, links)
    return links.pop()


@pytest.fixture
def partner(app, runner, client) -> AuthActions:
    """The demo loaded, and the client logged in as the demo partner."""
    output = load(runner)
    auth = AuthActions(client)
    response = auth.login("mitra@jdih.local", passwords(output)["mitra@jdih.local"])
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return auth


def test_every_document_has_a_marked_sample_pdf(app, client, partner):
    from jdih.catalogue.models import Document

    with app.app_context():
        docs = [(doc.slug, doc.identity) for doc in db.session.scalars(
            select(Document).where(Document.visibility != "internal"))]
    assert len(docs) == len(DOCUMENTS) - 1
    for slug, identity in docs:
        with client.get(download_link(client, slug)) as response:  # closes the file it sends
            assert response.status_code == 200 and response.mimetype == "application/pdf"
            data = response.data
        pages = [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]
        assert all(SAMPLE_MARK in text for text in pages), slug
        assert identity in pages[0], slug
        if (NASKAH_DIR / f"{slug}.txt").is_file():  # a sample regulation text, for the reading view
            assert len(pages) > 3 and "Pasal 1" in "".join(pages[1:]), slug
        else:
            assert len(pages) == 3 and "Abstrak" in pages[1], slug


def test_search_shows_the_page_of_a_sample_pdf(runner, client):
    load(runner)
    # "otomatis" is only on the sample cover (page 1), never in the metadata.
    html = client.get("/cari", query_string={"q": "otomatis"}).get_data(as_text=True)
    # (Every sample has that cover; which documents rank first is the engine's business.)
    assert re.search(r'href="/dokumen/([a-z0-9-]+)/berkas/\d+/\1\.pdf#page=1">Halaman 1</a>', html)
    assert "<mark>otomatis</mark>" in html


def test_partner_sees_the_partner_document_and_anonymous_does_not(app, client, partner):
    partner_doc = EXAMPLES["partner"]
    page = client.get("/dokumen/mou-1-2025")
    assert page.status_code == 200 and partner_doc["judul"] in page.get_data(as_text=True)
    with client.get(download_link(client, "mou-1-2025")) as download:
        assert download.status_code == 200
    assert client.get("/dokumen/se-2-2025").status_code == 404  # internal: staff only
    search = {"q": "pertukaran data"}
    assert 'href="/dokumen/mou-1-2025"' in client.get("/cari", query_string=search).get_data(as_text=True)
    partner.logout()
    assert client.get("/dokumen/mou-1-2025").status_code == 404
    assert "mou-1-2025" not in client.get("/cari", query_string=search).get_data(as_text=True)
    assert "se-2-2025" not in client.get("/cari", query_string={"q": "arsip"}).get_data(as_text=True)


def test_demo_load_from_another_folder(app, runner, tmp_path):
    """--from reads any folder in the same layout (here: a trimmed copy)."""
    shutil.copy(DEMO_DATA_DIR / "berita_demo.txt", tmp_path / "berita_demo.txt")
    trimmed = {"documents": DOCUMENTS[:3], "relations": []}
    (tmp_path / "legal_documents.json").write_text(json.dumps(trimmed), encoding="utf-8")
    output = load(runner, "--from", str(tmp_path))
    assert "Dokumen: 3 dibuat, 0 sudah ada" in output and "Berita: 4 diimpor" in output
    assert counts(app)["document"] == 3


@pytest.mark.parametrize("content, message", [
    (None, "Berkas data demo tidak ditemukan"),
    ("{bukan json", "bukan JSON UTF-8 yang valid"),
    ('{"docs": []}', "tidak memuat daftar"),
])
def test_demo_load_from_a_bad_folder_explains(app, runner, tmp_path, content, message):
    if content is not None:
        (tmp_path / "legal_documents.json").write_text(content, encoding="utf-8")
    result = runner.invoke(args=["demo", "load", "--from", str(tmp_path)])
    assert result.exit_code != 0
    assert message in result.output
    assert counts(app)["document"] == 0
