"""Pasal-level search: a hit in a regulation names the pasal (and ayat) it
matched and links to it; pasal:N narrows to documents with that pasal
(page, API and library), on every database and search backend."""
from __future__ import annotations

import io

import pytest
from werkzeug.datastructures import FileStorage

from backends import app_config, database_url, search_backend_name, search_setup  # noqa: F401 (fixtures)
from jdih.catalogue import attachments, operations
from jdih.catalogue.vocabulary import jenis_choices
from jdih.extensions import db
from jdih.search import service
from jdih.search.query import parse
from pdfs import make_pdf

TITLE = ("UNDANG-UNDANG REPUBLIK INDONESIA\nNOMOR {nomor} TAHUN 2021\nTENTANG\nPEMILIHAN UJI\n"
         "DENGAN RAHMAT TUHAN YANG MAHA ESA\nPRESIDEN REPUBLIK INDONESIA,\nMenimbang:\n"
         "a. bahwa pemilihan perlu diatur;\nMEMUTUSKAN:\nMenetapkan:\nUNDANG-UNDANG TENTANG PEMILIHAN UJI.")
#: Pasal 2 ayat (2) speaks of helpers; Pasal 10A of campaigns in houses of worship.
WITH_10A = [
    TITLE.format(nomor=8),
    "BAB I\nKETENTUAN UMUM\nPasal 1\nPemilihan dilaksanakan secara langsung.\n"
    "Pasal 2\n(1) Setiap pemilih berhak memberikan suara.\n"
    "(2) Pemilih penyandang disabilitas dapat dibantu oleh pendamping pilihannya.",
    "BAB II\nKAMPANYE\nPasal 10\nKampanye dilaksanakan serentak.\n"
    "Pasal 10A\nKampanye dilarang di tempat ibadah dan tempat pendidikan.",
]
WITHOUT_10A = [
    TITLE.format(nomor=9),
    "BAB I\nKETENTUAN UMUM\nPasal 1\nKampanye di tempat ibadah diatur tersendiri.\n"
    "Pasal 2\nPendamping pemilih penyandang disabilitas wajib merahasiakan pilihan.",
]


def jenis_id(abbreviation: str) -> int:
    return next(j.id for j in jenis_choices("peraturan") if j.abbreviation == abbreviation)


def law(nomor: str, pages: list[str], role: str = "naskah", visibility: str = "public") -> str:
    doc = operations.create_document("peraturan", {
        "jenis_id": jenis_id("UU"), "nomor": nomor, "tahun": 2021, "judul": f"Pemilihan Uji {nomor}",
        "visibility": visibility})
    upload = FileStorage(stream=io.BytesIO(make_pdf(pages)), filename="naskah.pdf",
                         content_type="application/pdf")
    attachments.add_attachment(doc, upload, role)
    operations.publish(doc)
    return doc.slug


@pytest.fixture
def laws(app):
    """UU 8/2021 with Pasal 10A; UU 9/2021 without; UU 7/2021 with the same
    words in a PDF that is not its naskah (so no structure); UU 6/2021, internal,
    with Pasal 10A too."""
    with app.test_request_context():
        slugs = {"with": law("8", WITH_10A), "without": law("9", WITHOUT_10A),
                 "plain": law("7", WITH_10A, role="lampiran"),
                 "internal": law("6", WITH_10A, visibility="internal")}
        db.session.commit()
    return slugs


def found(app, query: str) -> dict[str, str | None]:
    """slug -> the pasal label of its hit (None when it has none)."""
    with app.test_request_context():
        page = service.run(service.build_request(query, {}))
        return {item.row.slug: item.pasal.label if item.pasal else None for item in page.items}


def test_the_parser_keeps_pasal_aside():
    plan = parse("kampanye pasal:10a Pasal:169")
    assert plan.pasal == ("10A", "169")
    assert [item.text for clause in plan.clauses for item in clause.items] == ["kampanye"]
    assert plan.to_string() == "kampanye pasal:10A pasal:169"
    # Not a pasal number: plain words, as for any unknown field.
    assert parse("pasal:abc").pasal == () and parse("pasal:0").pasal == ()
    assert parse("pasal:abc").plain_words() == ["pasal", "abc"]
    # "Not in pasal 5" is not supported: dropped rather than turned into its opposite.
    assert parse("-pasal:5 umur").pasal == () and parse("NOT pasal:5").pasal == ()


def test_a_hit_names_the_pasal_and_ayat_it_matched(app, client, laws):
    assert found(app, "pendamping disabilitas") == {
        laws["with"]: "Pasal 2 ayat (2)", laws["without"]: "Pasal 2", laws["plain"]: None}
    # Words in two ayat: the pasal that holds both.
    assert found(app, "pendamping suara")[laws["with"]] == "Pasal 2"
    html = client.get("/cari?q=pendamping+disabilitas").get_data(as_text=True)
    assert f'href="/dokumen/{laws["with"]}#pasal-2-ayat-2">di Pasal 2 ayat (2)</a>' in html
    # No structure: the PDF page, as before.
    plain = html[html.index(f'/dokumen/{laws["plain"]}"'):]
    plain = plain[:plain.index("</li>")]
    assert "search-pasal" not in plain and "#page=2" in plain


def test_pasal_query_narrows_to_documents_with_that_pasal(app, client, laws):
    # The internal UU 6/2021 has Pasal 10A too: never shown to the public.
    assert found(app, "pasal:10A") == {laws["with"]: "Pasal 10A"}
    assert found(app, "kampanye pasal:10a") == {laws["with"]: "Pasal 10A"}
    # The words must be in that pasal: "disabilitas" is in Pasal 2 only.
    assert found(app, "disabilitas pasal:10A") == {}
    assert found(app, "disabilitas pasal:2") == {laws["with"]: "Pasal 2 ayat (2)", laws["without"]: "Pasal 2"}
    assert found(app, "pasal:11") == {}
    html = client.get("/cari?q=pasal%3A10A").get_data(as_text=True)
    assert "1 hasil" in html and f'href="/dokumen/{laws["with"]}#pasal-10a">di Pasal 10A</a>' in html


def test_api_hits_carry_their_pasal(app, client, laws):
    body = client.get("/api/v1/search?q=pendamping+disabilitas").get_json()
    by_slug = {hit["document"]["slug"]: hit["pasal"] for hit in body["results"]}
    assert by_slug[laws["plain"]] is None
    assert by_slug[laws["with"]] == {
        "number": "2", "ayat": "2", "label": "Pasal 2 ayat (2)", "anchor": "pasal-2-ayat-2",
        "url": f"http://localhost/dokumen/{laws['with']}#pasal-2-ayat-2"}
    narrowed = client.get("/api/v1/search?q=pasal:10A").get_json()
    assert narrowed["total"] == 1 and narrowed["results"][0]["pasal"]["anchor"] == "pasal-10a"
    assert narrowed["facets"]["tahun"] == [{"value": 2021, "label": "2021", "count": 1}]
