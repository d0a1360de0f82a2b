"""Relations through HTTP: the document page's card, the staff section,
CSRF on the new routes (access: tests/test_permissions.py), status on a date, the demo seed."""
from __future__ import annotations

from datetime import date

import pytest
from conftest import csrf_token_from
from relations_support import make_doc
from sqlalchemy import func, select

from jdih.core.audit import AuditEntry
from jdih.catalogue.models import Document
from jdih.catalogue.operations import find_by_identity
from jdih.extensions import db
from jdih.relations import derived_status
from jdih.relations import operations as rel
from jdih.relations.models import Relation, StatusOverride


def setup_pair(app) -> tuple[int, int]:
    with app.app_context():
        new = make_doc("UU", "7", 2017, day=date(2017, 8, 16), judul="Pemilihan Umum")
        old = make_doc("UU", "8", 2012, day=date(2012, 5, 11), status="Berlaku")
        db.session.commit()
        return new.id, old.id


def card(html: str) -> str:
    """The relations card (or staff section) of a page."""
    start = html.index('id="relasi"')
    return html[start:html.index("</section>", start)]


def relation_count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Relation))


def add(auth, client, doc_id: int, **data):
    page = client.get(f"/staf/dokumen/{doc_id}").get_data(as_text=True)
    form = {"direction": "mencabut", "other": "", "pasal": "", "effective_date": "", "result": "",
            "csrf_token": csrf_token_from(page)}
    form.update(data)
    return client.post(f"/staf/dokumen/{doc_id}/relasi", data=form)


def test_staff_add_a_relation_and_both_pages_show_it(app, client, auth, users):
    new_id, old_id = setup_pair(app)
    auth.login(users["editor"])
    response = add(auth, client, new_id, direction="mencabut", other="Undang-Undang Nomor 8 Tahun 2012")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/staf/dokumen/{new_id}")
    assert "Relasi disimpan" in client.get(response.headers["Location"]).get_data(as_text=True)
    auth.logout()
    new_page = client.get("/dokumen/uu-7-2017").get_data(as_text=True)
    old_page = client.get("/dokumen/uu-8-2012").get_data(as_text=True)
    assert "Mencabut" in new_page and 'href="/dokumen/uu-8-2012"' in new_page
    assert "Dicabut dengan" in old_page and 'href="/dokumen/uu-7-2017"' in old_page
    assert "Tidak Berlaku \u2014 dicabut dengan UU 7/2017" in old_page


def test_refused_relation_shows_a_clear_message_and_saves_nothing(app, client, auth, users):
    new_id, old_id = setup_pair(app)
    auth.login(users["editor"])
    assert add(auth, client, new_id, direction="mencabut", other="UU 8/2012").status_code == 302
    response = add(auth, client, old_id, direction="mencabut", other="UU 7/2017")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "membentuk lingkaran" in html
    assert 'value="UU 7/2017"' in html  # what staff typed is kept
    response = add(auth, client, new_id, direction="mengubah", other="UU 7/2017")
    assert response.status_code == 422 and "dirinya sendiri" in response.get_data(as_text=True)
    response = add(auth, client, new_id, direction="mengubah", other="UU 8/2012")
    assert response.status_code == 422 and "bertentangan" in response.get_data(as_text=True)
    response = add(auth, client, new_id, direction="mengubah", other="")
    assert response.status_code == 400 and "Isi identitas dokumen lain" in response.get_data(as_text=True)
    response = add(auth, client, new_id, direction="mengubah", other="UU 9/2012", effective_date="31-12-2020")
    assert response.status_code == 400 and "Tanggal tidak valid" in response.get_data(as_text=True)
    assert relation_count(app) == 1


def test_posts_without_csrf_are_refused(app, client, auth, users):
    new_id, _ = setup_pair(app)
    auth.login(users["editor"])
    response = client.post(f"/staf/dokumen/{new_id}/relasi", data={"direction": "mencabut", "other": "UU 8/2012"})
    assert response.status_code == 400
    response = client.post(f"/staf/dokumen/{new_id}/status", data={"status": "Tidak Berlaku", "reason": "x"})
    assert response.status_code == 400
    with app.app_context():
        relation = rel.add_from_document(db.session.get(Document, new_id), "mencabut", "UU 8/2012")
        db.session.commit()
        relation_id = relation.id
    assert client.post(f"/staf/relasi/{relation_id}/hapus").status_code == 400
    assert relation_count(app) == 1
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(StatusOverride)) == 0


@pytest.mark.parametrize("role", ["editor", "admin"])
def test_editors_and_admins_add_remove_and_override(app, client, auth, users, role):
    new_id, old_id = setup_pair(app)
    auth.login(users[role])
    assert add(auth, client, old_id, direction="dicabut_dengan", other="UU 7/2017").status_code == 302
    with app.app_context():
        relation_id = db.session.scalar(select(Relation.id))
    page = client.get(f"/staf/dokumen/{old_id}").get_data(as_text=True)
    assert f"/staf/relasi/{relation_id}/hapus" in page
    response = client.post(f"/staf/relasi/{relation_id}/hapus",
                           data={"csrf_token": csrf_token_from(page), "back_to": str(old_id)})
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/staf/dokumen/{old_id}")
    assert relation_count(app) == 0
    response = client.post(f"/staf/dokumen/{old_id}/status", data={
        "csrf_token": csrf_token_from(page), "status": "Tidak Berlaku", "reason": "Dicabut oleh putusan MA"})
    assert response.status_code == 302
    with app.app_context():
        old = db.session.get(Document, old_id)
        assert derived_status(old).text == "Tidak Berlaku \u2014 Dicabut oleh putusan MA"
        actions = set(db.session.scalars(select(AuditEntry.action).where(AuditEntry.object_id == old_id)))
        assert {"relation_add", "relation_remove", "status_override"} <= actions


def test_override_without_a_reason_is_refused(app, client, auth, users):
    _, old_id = setup_pair(app)
    auth.login(users["editor"])
    page = client.get(f"/staf/dokumen/{old_id}").get_data(as_text=True)
    response = client.post(f"/staf/dokumen/{old_id}/status", data={
        "csrf_token": csrf_token_from(page), "status": "Tidak Berlaku", "reason": ""})
    assert response.status_code == 422
    assert "Tuliskan alasan" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(StatusOverride)) == 0


def test_a_draft_revoker_is_hidden_from_readers_and_does_not_count(app, client, auth, users):
    with app.app_context():
        draft = make_doc("UU", "7", 2017, publish=False)
        make_doc("UU", "8", 2012, status="Berlaku")
        rel.add_from_document(draft, "mencabut", "UU 8/2012")
        db.session.commit()
    page = card(client.get("/dokumen/uu-8-2012").get_data(as_text=True))
    assert "UU 7/2017" not in page and "Tidak Berlaku" not in page
    auth.login(users["editor"])
    staff_page = card(client.get("/dokumen/uu-8-2012").get_data(as_text=True))
    assert "UU 7/2017" in staff_page and "tidak dihitung untuk status" in staff_page


def test_status_on_a_date_page_and_json(app, client):
    with app.app_context():
        base = make_doc("UU", "1", 2015, day=date(2015, 2, 2))
        make_doc("UU", "8", 2015, day=date(2015, 3, 18))
        make_doc("UU", "10", 2016, day=date(2016, 7, 1))
        rel.add_from_document(base, "diubah_dengan", "UU 8/2015")
        rel.add_from_document(base, "diubah_dengan", "UU 10/2016")
        make_doc("UU", "5", 2020, publish=False)
        db.session.commit()
    html = client.get("/dokumen/uu-1-2015/status?tanggal=2016-06-01").get_data(as_text=True)
    assert "UU 1/2015 Berlaku" in html
    assert "sebagaimana diubah dengan UU 8/2015." in html
    amending = client.get("/dokumen/uu-8-2015/status?tanggal=2016-06-01").get_data(as_text=True)
    assert "UU 8/2015 Berlaku" in amending and "naskah asli" in amending
    assert "Dokumen yang diubahnya" in amending  # UU 1/2015 as it stood that day
    body = client.get("/dokumen/uu-1-2015/status?tanggal=2016-07-02",
                      headers={"Accept": "application/json"}).get_json()
    assert body["pada_tanggal"]["berlaku"] is True
    assert body["pada_tanggal"]["perubahan"] == ["UU 8/2015", "UU 10/2016"]
    bad = client.get("/dokumen/uu-1-2015/status?tanggal=1-6-2016")
    assert bad.status_code == 400 and "Tanggal tidak valid" in bad.get_data(as_text=True)
    assert client.get("/dokumen/uu-5-2020/status?tanggal=2021-01-01").status_code == 404


def test_demo_seed_relations_load_once_and_wait_for_missing_documents(app, runner):
    result = runner.invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    # 29 relations of the real documents, 2 of the partner/internal examples.
    assert "Relasi: 31 dibuat" in result.output
    again = runner.invoke(args=["demo", "load"])
    assert "Relasi: 0 dibuat (0 menunggu dokumennya), 31 sudah ada." in again.output
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Relation)) == 31
        pending = db.session.scalars(select(Relation.target_identity).where(Relation.target_id.is_(None))).all()
        assert "UU 42/2008" in pending and "KEPUTUSAN KPU KABUPATEN PESAWARAN 1635/2024" in pending
        law = find_by_identity("UU 7/2017")
        derived = derived_status(law)
        assert derived.status == "Berlaku Sebagian"
        assert "diubah dengan PERPPU 1/2022, UU 7/2023" in derived.detail
        assert "Pasal 169 huruf q" in derived.detail
        assert derived_status(find_by_identity("PERPPU 1/2022")).text == "Berlaku \u2014 ditetapkan dengan UU 7/2023"
        assert derived_status(find_by_identity("PKPU 19/2019")).text == "Tidak Berlaku"  # recorded; revoker not here
        make_doc("PKPU", "7", 2024, day=date(2024, 3, 1))
        db.session.commit()
        assert derived_status(find_by_identity("PKPU 19/2019")).text == "Tidak Berlaku \u2014 dicabut dengan PKPU 7/2024"


def test_the_amendment_chain_reads_in_order_on_the_page(app, client):
    """UU 1/2015 -> UU 8/2015 -> UU 10/2016 -> Perppu 2/2020 -> UU 6/2020."""
    with app.app_context():
        base = make_doc("UU", "1", 2015, day=date(2015, 2, 2))
        for abbreviation, nomor, tahun, day in (("UU", "8", 2015, date(2015, 3, 18)),
                                                ("UU", "10", 2016, date(2016, 7, 1)),
                                                ("PERPPU", "2", 2020, date(2020, 5, 4))):
            make_doc(abbreviation, nomor, tahun, day=day)
            rel.add_from_document(base, "diubah_dengan", f"{abbreviation} {nomor}/{tahun}")
        perppu = find_by_identity("PERPPU 2/2020")
        rel.add_from_document(perppu, "ditetapkan_dengan", "UU 6/2020")  # pending until created
        make_doc("UU", "6", 2020, day=date(2020, 8, 11))
        db.session.commit()
    html = card(client.get("/dokumen/uu-1-2015").get_data(as_text=True))
    timeline = html[html.index("Riwayat"):]
    positions = [timeline.index(text) for text in (
        "Diundangkan", ">UU 8/2015<", ">UU 10/2016<", ">PERPPU 2/2020<",
        "PERPPU 2/2020 ditetapkan menjadi undang-undang dengan")]
    assert positions == sorted(positions)
    assert 'href="/dokumen/uu-6-2020"' in timeline
    assert "Berlaku \u2014 diubah dengan UU 8/2015, UU 10/2016, PERPPU 2/2020" in html


def test_a_mistyped_other_end_is_refused_with_the_closest_catalogued_identity(app, client, auth, users):
    new_id, _ = setup_pair(app)
    with app.app_context():
        make_doc("PKPU", "15", 2023)
        db.session.commit()
    auth.login(users["editor"])
    response = add(auth, client, new_id, direction="mengubah", other="PKPU 15/2023x")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "PKPU 15/2023X" in html and "\u201cPKPU 15/2023\u201d" in html
    assert "Maksud Anda" in html
    assert relation_count(app) == 0


def test_an_uncatalogued_end_close_to_a_catalogued_one_is_saved_with_a_warning(app, client, auth, users):
    new_id, _ = setup_pair(app)
    with app.app_context():
        make_doc("PKPU", "15", 2023)
        db.session.commit()
    auth.login(users["editor"])
    response = add(auth, client, new_id, direction="mengubah", other="PKPU 15/2022")
    assert response.status_code == 302
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Relasi disimpan" in html
    assert "belum ada di katalog" in html and "PKPU 15/2023" in html
    assert relation_count(app) == 1
