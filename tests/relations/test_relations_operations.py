"""Relations through the library: both directions, derived status, pending
ends linking themselves, and the refusals."""
from __future__ import annotations

from datetime import date

import pytest
from relations_support import make_doc, ruling
from sqlalchemy import func, select

from jdih.core.audit import AuditEntry
from jdih.catalogue import operations as catalogue
from jdih.extensions import db
from jdih.relations import derived_status, derived_statuses
from jdih.relations import operations as rel
from jdih.relations.models import Relation
from jdih.relations.queries import all_facts, status_on_date


@pytest.fixture
def ctx(app):
    with app.app_context():
        yield


def relation_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Relation))


def test_one_entry_shows_on_both_documents(ctx):
    new, old = make_doc("UU", "7", 2017, day=date(2017, 8, 16)), make_doc("UU", "8", 2012)
    rel.add_from_document(new, "mencabut", "UU 8/2012")
    assert relation_count() == 1
    [seen_from_new] = all_facts(new)
    [seen_from_old] = all_facts(old)
    assert (seen_from_new.label, seen_from_new.other.identity) == ("mencabut", "UU 8/2012")
    assert (seen_from_old.label, seen_from_old.other.identity) == ("dicabut dengan", "UU 7/2017")


def test_entering_the_reverse_side_stores_the_same_direction(ctx):
    new, old = make_doc("UU", "7", 2017), make_doc("UU", "8", 2012)
    relation = rel.add_from_document(old, "dicabut_dengan", "Undang-Undang Nomor 7 Tahun 2017")
    assert (relation.source_id, relation.target_id, relation.kind) == (new.id, old.id, "mencabut")


def test_revoked_status_goes_back_when_the_revoker_is_unpublished_or_deleted(ctx):
    new = make_doc("UU", "7", 2017, day=date(2017, 8, 16))
    old = make_doc("UU", "8", 2012, status="Berlaku")
    rel.add_from_document(new, "mencabut", "UU 8/2012")
    assert derived_status(old).text == "Tidak Berlaku \u2014 dicabut dengan UU 7/2017"
    catalogue.unpublish(new)
    assert derived_status(old).text == "Berlaku"
    catalogue.publish(new)
    assert derived_status(old).status == "Tidak Berlaku"
    catalogue.delete(new)
    assert derived_status(old).status == "Berlaku"
    catalogue.restore(new)
    assert derived_status(old).status == "Tidak Berlaku"


def test_amended_and_partly_annulled(ctx):
    law = make_doc("UU", "7", 2017, day=date(2017, 8, 16))
    perppu = make_doc("PERPPU", "1", 2022, day=date(2022, 12, 12))
    mk = ruling("90/PUU-XXI/2023", day=date(2023, 10, 16))
    rel.add_from_document(perppu, "mengubah", "UU 7/2017")
    assert derived_status(law).text == "Berlaku \u2014 diubah dengan PERPPU 1/2022"
    rel.add_from_document(law, "diuji_dengan", "MK 90/PUU-XXI/2023", pasal="Pasal 169 huruf q",
                          result="dikabulkan_sebagian")
    derived = derived_status(law)
    assert derived.status == "Berlaku Sebagian"
    assert "Pasal 169 huruf q" in derived.text and "PERPPU 1/2022" in derived.text
    assert mk.id in {f.other.id for f in all_facts(law)}


def test_batch_status_for_many_documents_in_constant_queries(app, ctx):
    from sqlalchemy import event

    docs = [make_doc("UU", str(n), 2000) for n in range(1, 11)]
    for doc in docs[1:]:
        rel.add("mengubah", rel.End.of(doc), rel.End.of(docs[0]))
    db.session.flush()
    statements = []
    listener = lambda *args: statements.append(args[2])
    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        result = derived_statuses(docs)
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    assert len(statements) <= 2
    assert result[docs[0].id].status == "Berlaku" and "UU 10/2000" in result[docs[0].id].detail
    assert result[docs[5].id].status is None


def test_pending_target_links_itself_when_the_document_is_created(ctx):
    new = make_doc("UU", "7", 2017, day=date(2017, 8, 16))
    relation = rel.add_from_document(new, "mencabut", "UU 42/2008")
    assert relation.target_id is None and relation.target_identity == "UU 42/2008"
    old = make_doc("UU", "42", 2008, status="Berlaku")
    assert relation.target_id == old.id
    assert derived_status(old).status == "Tidak Berlaku"
    assert [f.label for f in all_facts(old)] == ["dicabut dengan"]


def test_pending_source_links_itself_too(ctx):
    old = make_doc("PKPU", "19", 2019, status="Berlaku")
    relation = rel.add_from_document(old, "dicabut_dengan", "PKPU 7/2024")
    assert relation.source_id is None
    assert derived_status(old).status == "Berlaku"  # an uncatalogued document acts on nothing
    new = make_doc("PKPU", "7", 2024, day=date(2024, 3, 1))
    assert relation.source_id == new.id
    assert derived_status(old).status == "Tidak Berlaku"


def test_identity_change_links_and_keeps_stored_identities_in_step(ctx):
    new = make_doc("UU", "7", 2017)
    rel.add_from_document(new, "mencabut", "UU 42/2008")
    typo = make_doc("UU", "24", 2008)
    catalogue.update_document(typo, {"nomor": "42"})
    relation = db.session.scalar(select(Relation))
    assert relation.target_id == typo.id
    catalogue.update_document(new, {"nomor": "70"})
    assert relation.source_identity == "UU 70/2017"


@pytest.mark.parametrize("other", ["UU 7/2017", "Undang-Undang Nomor 7 Tahun 2017"])
def test_self_relation_is_refused(ctx, other):
    law = make_doc("UU", "7", 2017)
    with pytest.raises(rel.RelationError, match="dirinya sendiri"):
        rel.add_from_document(law, "mengubah", other)
    assert relation_count() == 0


def test_two_step_cycle_is_refused(ctx):
    a, b = make_doc("UU", "1", 2010), make_doc("UU", "2", 2011)
    rel.add_from_document(a, "mencabut", "UU 2/2011")
    with pytest.raises(rel.RelationError, match="lingkaran"):
        rel.add_from_document(b, "mencabut", "UU 1/2010")
    assert relation_count() == 1


def test_longer_cycle_through_a_pending_identity_is_refused(ctx):
    a, c = make_doc("UU", "1", 2010), make_doc("UU", "3", 2012)
    rel.add_from_document(a, "mengubah", "UU 2/2011")        # pending B
    rel.add_from_document(c, "diubah_dengan", "UU 2/2011")   # B amends C (pending source)
    with pytest.raises(rel.RelationError, match="lingkaran") as refused:
        rel.add_from_document(c, "mencabut", "UU 1/2010")    # C revokes A: A -> B -> C -> A
    assert "UU 1/2010 \u2192 UU 2/2011 \u2192 UU 3/2012" in refused.value.message
    assert relation_count() == 2


def test_cycles_of_implementing_regulations_are_their_own_kind(ctx):
    pp, uu = make_doc("PP", "1", 2020), make_doc("UU", "1", 2019)
    rel.add_from_document(pp, "melaksanakan", "UU 1/2019")
    with pytest.raises(rel.RelationError, match="lingkaran"):
        rel.add_from_document(uu, "melaksanakan", "PP 1/2020")
    rel.add_from_document(uu, "mengubah", "PP 1/2020")  # other kinds are not a cycle of it


def test_amending_and_revoking_the_same_document_on_the_same_date_is_refused(ctx):
    a = make_doc("UU", "7", 2017, day=date(2017, 8, 16))
    make_doc("UU", "8", 2012)
    rel.add_from_document(a, "mengubah", "UU 8/2012")
    with pytest.raises(rel.RelationError, match="bertentangan"):
        rel.add_from_document(a, "mencabut", "UU 8/2012")
    with pytest.raises(rel.RelationError, match="bertentangan"):
        rel.add_from_document(a, "mencabut", "UU 8/2012", effective_date=date(2017, 8, 16))
    rel.add_from_document(a, "mencabut", "UU 8/2012", effective_date=date(2019, 1, 1))
    assert relation_count() == 2


def test_duplicates_unknown_identities_and_wrong_kinds_are_refused(ctx):
    a = make_doc("UU", "7", 2017)
    rel.add_from_document(a, "mencabut", "UU 8/2012")
    with pytest.raises(rel.RelationError, match="sudah tercatat"):
        rel.add_from_document(a, "mencabut", "uu 8/2012")
    with pytest.raises(rel.RelationError, match="tidak dikenali"):
        rel.add_from_document(a, "mencabut", "sesuatu yang bukan identitas")
    with pytest.raises(rel.RelationError, match="Hanya putusan"):
        rel.add_from_document(a, "menguji", "UU 8/2012")
    with pytest.raises(rel.RelationError, match="menguji"):
        rel.add_from_document(a, "mengubah", "UU 9/2012", result="ditolak")
    assert relation_count() == 1


def test_adding_and_removing_is_audited_on_both_documents(ctx):
    a, b = make_doc("UU", "7", 2017), make_doc("UU", "8", 2012)
    relation = rel.add_from_document(a, "mencabut", "UU 8/2012")
    rel.remove(relation)
    rows = db.session.execute(select(AuditEntry.action, AuditEntry.object_id)
                              .where(AuditEntry.action.like("relation%"))).all()
    assert sorted(rows) == sorted([("relation_add", a.id), ("relation_add", b.id),
                                   ("relation_remove", a.id), ("relation_remove", b.id)])
    assert relation_count() == 0


def test_override_needs_a_reason_and_is_audited(ctx):
    law = make_doc("UU", "8", 2012, status="Berlaku")
    with pytest.raises(rel.RelationError, match="alasan"):
        rel.set_override(law, "Tidak Berlaku", "  ")
    rel.set_override(law, "Tidak Berlaku", "Dicabut dengan UU yang belum dikatalogkan")
    derived = derived_status(law)
    assert (derived.status, derived.source) == ("Tidak Berlaku", "override")
    rel.set_override(law, None, "")
    assert derived_status(law).source == "recorded"
    entries = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "status_override")).all()
    assert [e.changes["status_ditetapkan"] for e in entries] == [[None, "Tidak Berlaku"], ["Tidak Berlaku", None]]


def test_the_amendment_chain_and_status_on_a_date(ctx):
    """UU 1/2015 -> UU 8/2015 -> UU 10/2016 -> Perppu 2/2020 -> UU 6/2020."""
    base = make_doc("UU", "1", 2015, day=date(2015, 2, 2))
    make_doc("UU", "8", 2015, day=date(2015, 3, 18))
    make_doc("UU", "10", 2016, day=date(2016, 7, 1))
    perppu = make_doc("PERPPU", "2", 2020, day=date(2020, 5, 4))
    make_doc("UU", "6", 2020, day=date(2020, 8, 11))
    for amending in ("UU 8/2015", "UU 10/2016", "PERPPU 2/2020"):
        rel.add_from_document(base, "diubah_dengan", amending)
    rel.add_from_document(perppu, "ditetapkan_dengan", "UU 6/2020")
    assert derived_status(base).text == ("Berlaku \u2014 diubah dengan UU 8/2015, UU 10/2016, "
                                         "PERPPU 2/2020")
    assert derived_status(perppu).text == "Berlaku \u2014 ditetapkan dengan UU 6/2020"
    june_2016 = status_on_date(base, date(2016, 6, 1))
    assert june_2016.in_force and june_2016.version == "sebagaimana diubah dengan UU 8/2015"
    assert status_on_date(base, date(2020, 12, 1)).version == (
        "sebagaimana diubah dengan UU 8/2015, UU 10/2016 dan PERPPU 2/2020")
    assert status_on_date(base, date(2015, 1, 1)).status == "Belum Berlaku"
