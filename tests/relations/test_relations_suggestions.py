"""Relations suggested from a document's text, and adding one with a click."""
from __future__ import annotations

import io
import re
from datetime import date

from conftest import csrf_token_from
from pdfs import make_pdf
from relations_support import make_doc
from sqlalchemy import select

from jdih.catalogue.vocabulary import STANDARD_JENIS
from jdih.extensions import db
from jdih.relations import operations as rel
from jdih.citations.identities import JenisIndex, citation_identity
from jdih.relations.models import Relation
from jdih.relations.queries import jenis_index
from jdih.relations.suggestions import SELF, find_cues, suggestions_for


def plain_index() -> JenisIndex:
    class Row:
        def __init__(self, doc_type, abbreviation, citation_type):
            self.doc_type, self.abbreviation, self.citation_type = doc_type, abbreviation, citation_type

    return JenisIndex.from_rows(Row(t, a, c) for t, entries in STANDARD_JENIS.items() for _, a, c in entries)


def cues(text: str) -> list[tuple[str, str, str]]:
    index = plain_index()
    return [(c.subject, c.kind, c.object) for c in find_cues(text, lambda c: citation_identity(c, index))]


def test_revocation_list_and_passive_amendment_and_enactment():
    text = ("UU ini mencabut UU 42/2008, UU 15/2011, dan UU 8/2012, dan kemudian diubah melalui "
            "Perppu 1/2022 yang ditetapkan dengan UU 7/2023.")
    assert cues(text) == [
        (SELF, "mencabut", "UU 42/2008"), (SELF, "mencabut", "UU 15/2011"),
        (SELF, "mencabut", "UU 8/2012"), ("PERPPU 1/2022", "mengubah", SELF),
        ("UU 7/2023", "menetapkan", "PERPPU 1/2022"),
    ]


def test_sebagaimana_telah_diubah_names_the_cited_document_as_subject():
    text = ("Mengingat: Undang-Undang Nomor 1 Tahun 2015 tentang Penetapan Peraturan Pemerintah "
            "Pengganti Undang-Undang Nomor 1 Tahun 2014 tentang Pemilihan Gubernur, Bupati, dan "
            "Walikota menjadi Undang-Undang sebagaimana telah beberapa kali diubah terakhir dengan "
            "Undang-Undang Nomor 6 Tahun 2020")
    assert cues(text) == [("UU 1/2015", "menetapkan", "PERPPU 1/2014"),
                          ("UU 6/2020", "mengubah", "UU 1/2015")]


def test_the_document_described_stays_the_subject_after_a_comma():
    # The demo abstract of UU 12/2011: UU 12/2011 is what "telah diubah" is about.
    text = ("UU ini menggantikan UU 10/2004 yang dinilai tidak lagi memadai, dan telah diubah "
            "dengan UU 15/2019 serta UU 13/2022.")
    assert ("UU 15/2019", "mengubah", SELF) in cues(text)
    assert all(obj != "UU 10/2004" or kind != "mengubah" for _, kind, obj in cues(text))


def test_a_citation_right_before_a_passive_cue_is_its_subject():
    assert cues("Ketentuan UU 12/2011 kemudian diubah lagi dengan UU 13/2022.") == [
        ("UU 13/2022", "mengubah", "UU 12/2011")]


def test_an_order_to_revoke_is_not_a_revocation():
    assert cues("MA memerintahkan KPU mencabut Pasal 4 ayat (1) huruf d PKPU 9/2020.") == []


def test_citations_without_words_of_relation_suggest_nothing():
    assert cues("Mengingat: 1. UUD 1945; 2. Undang-Undang Nomor 7 Tahun 2017 tentang Pemilihan Umum.") == []


def test_a_title_amending_another_document():
    assert cues("Perubahan atas Undang-Undang Nomor 7 Tahun 2017 tentang Pemilihan Umum") == [
        (SELF, "mengubah", "UU 7/2017")]


def test_suggestions_skip_recorded_relations_and_offer_the_right_page(app):
    with app.app_context():
        law = make_doc("UU", "7", 2017, day=date(2017, 8, 16), abstrak=(
            "UU ini mencabut UU 42/2008 dan kemudian diubah melalui Perppu 1/2022 yang ditetapkan "
            "dengan UU 7/2023."))
        make_doc("PERPPU", "1", 2022)
        make_doc("UU", "7", 2023)
        found = {(s.text, s.via_id, s.direction, s.other) for s in suggestions_for(law, jenis_index())}
        assert ("UU 7/2017 mencabut UU 42/2008", law.id, "mencabut", "UU 42/2008") in found
        assert ("PERPPU 1/2022 mengubah UU 7/2017", law.id, "diubah_dengan", "PERPPU 1/2022") in found
        # Between two other documents: added from the enacting law's page.
        assert any(text == "UU 7/2023 menetapkan PERPPU 1/2022" and direction == "menetapkan"
                   and other == "PERPPU 1/2022" and via != law.id for text, via, direction, other in found)
        rel.add_from_document(law, "mencabut", "UU 42/2008")
        remaining = {s.text for s in suggestions_for(law, jenis_index())}
        assert "UU 7/2017 mencabut UU 42/2008" not in remaining


def test_pdf_text_suggestion_is_added_with_one_click(app, client, auth, users):
    with app.app_context():
        make_doc("UU", "7", 2017, day=date(2017, 8, 16))
        pkpu = make_doc("PKPU", "3", 2022, day=date(2022, 6, 9))
        db.session.commit()
        pkpu_id = pkpu.id
    auth.login(users["editor"])
    edit_url = f"/staf/dokumen/{pkpu_id}"
    page = client.get(edit_url).get_data(as_text=True)
    pdf = make_pdf(["Peraturan ini dibentuk untuk melaksanakan ketentuan Undang-Undang Nomor 7 Tahun 2017",
                    "tentang Pemilihan Umum."])
    response = client.post(edit_url + "/lampiran", data={
        "csrf_token": csrf_token_from(page), "role": "naskah", "title": "Naskah",
        "file": (io.BytesIO(pdf), "pkpu.pdf")}, content_type="multipart/form-data")
    assert response.status_code == 302
    page = client.get(edit_url).get_data(as_text=True)
    assert "Saran dari teks dokumen" in page
    assert "PKPU 3/2022 melaksanakan UU 7/2017" in page and "Naskah hlm. 1" in page
    section = page[page.index("Saran dari teks dokumen"):]
    form = section[section.index("<form"):section.index("</form>")]
    fields = dict(re.findall(r'name="([a-z_]+)" value="([^"]*)"', form))
    assert fields["direction"] == "melaksanakan" and fields["other"] == "UU 7/2017"
    response = client.post(f"/staf/dokumen/{pkpu_id}/relasi", data=fields)
    assert response.status_code == 302
    with app.app_context():
        relation = db.session.scalar(select(Relation))
        assert (relation.kind, relation.source_id, relation.target_identity) == ("melaksanakan", pkpu_id, "UU 7/2017")
    page = client.get(edit_url).get_data(as_text=True)
    assert "Saran dari teks dokumen" not in page  # confirmed suggestions go away
