"""The derivation itself: plain functions over plain data (no app)."""
from __future__ import annotations

from datetime import date

from jdih.relations import status as st

TODAY = date(2025, 1, 1)


def ref(identity: str, when: date | None = None, in_force: bool = True, n: int = 1) -> st.DocRef:
    return st.DocRef(identity=identity, label=identity, id=n, slug=identity.lower(),
                     in_force=in_force, date=when, year=when.year if when else None)


def incoming(kind: str, other: st.DocRef, **extra) -> st.Fact:
    return st.Fact(relation_id=1, kind=kind, incoming=True, other=other, source_date=other.date, **extra)


def test_revoked_by_a_document_in_force_is_tidak_berlaku():
    facts = [incoming("mencabut", ref("UU 7/2017", date(2017, 8, 16)))]
    derived = st.derive(facts, recorded="Berlaku", today=TODAY)
    assert derived.status == "Tidak Berlaku"
    assert derived.text == "Tidak Berlaku \u2014 dicabut dengan UU 7/2017"
    assert derived.source == st.SOURCE_RELATIONS


def test_revocation_by_a_draft_or_deleted_document_does_not_count():
    facts = [incoming("mencabut", ref("UU 7/2017", date(2017, 8, 16), in_force=False))]
    derived = st.derive(facts, recorded="Berlaku", today=TODAY)
    assert derived.status == "Berlaku"
    assert derived.source == st.SOURCE_RECORDED


def test_amended_lists_amendments_in_date_order():
    facts = [incoming("mengubah", ref("UU 10/2016", date(2016, 7, 1))),
             incoming("mengubah", ref("UU 8/2015", date(2015, 3, 18)))]
    derived = st.derive(facts, today=TODAY)
    assert derived.text == "Berlaku \u2014 diubah dengan UU 8/2015, UU 10/2016"


def test_granted_review_makes_it_berlaku_sebagian_with_articles():
    ruling = ref("MK 90/PUU-XXI/2023", date(2023, 10, 16))
    facts = [incoming("menguji", ruling, result="dikabulkan_sebagian", pasal="Pasal 169 huruf q"),
             incoming("menguji", ref("MK 1/PUU-XX/2022", date(2022, 1, 1)), result="ditolak")]
    derived = st.derive(facts, today=TODAY)
    assert derived.status == "Berlaku Sebagian"
    assert "Pasal 169 huruf q" in derived.detail
    assert "MK 1/PUU-XX/2022" not in derived.detail  # a rejected review changes nothing


def test_revocation_wins_over_amendment_and_override_wins_over_all():
    facts = [incoming("mengubah", ref("UU 8/2015", date(2015, 3, 18))),
             incoming("mencabut", ref("UU 9/2020", date(2020, 1, 1)))]
    assert st.derive(facts, today=TODAY).status == "Tidak Berlaku"
    overridden = st.derive(facts, override=("Berlaku", "Pencabutan dibatalkan MK"), today=TODAY)
    assert overridden.text == "Berlaku \u2014 Pencabutan dibatalkan MK"
    assert overridden.source == st.SOURCE_OVERRIDE
    assert overridden.underlying.status == "Tidak Berlaku"


def test_nothing_known_gives_no_status_and_recorded_is_the_fallback():
    assert st.derive([], today=TODAY).status is None
    assert st.derive([], recorded="Tidak Berlaku", today=TODAY).text == "Tidak Berlaku"
    noted = st.derive([], recorded="Tidak Berlaku", today=TODAY, recorded_note="Dicabut dengan PKPU 7/2024")
    assert noted.text == "Tidak Berlaku — Dicabut dengan PKPU 7/2024"
    implementing = [incoming("melaksanakan", ref("PP 1/2020", date(2020, 1, 1)))]
    assert st.derive(implementing, recorded="Berlaku", today=TODAY).source == st.SOURCE_RECORDED


def test_a_revocation_taking_effect_later_does_not_count_yet():
    facts = [incoming("mencabut", ref("UU 9/2024", date(2024, 1, 1)), effective_date=date(2026, 1, 1))]
    assert st.derive(facts, recorded="Berlaku", today=TODAY).status == "Berlaku"
    assert st.derive(facts, today=date(2026, 1, 2)).status == "Tidak Berlaku"


def test_status_on_a_date_gives_the_version_in_force():
    uu_8 = ref("UU 8/2015", date(2015, 3, 18))
    uu_10 = ref("UU 10/2016", date(2016, 7, 1))
    facts = [incoming("mengubah", uu_8), incoming("mengubah", uu_10)]
    on = st.status_on(facts, date(2016, 6, 1), own_date=date(2015, 2, 2))
    assert on.status == "Berlaku" and on.in_force
    assert on.amendments == (uu_8,)
    assert on.version == "sebagaimana diubah dengan UU 8/2015"
    later = st.status_on(facts, date(2016, 7, 1), own_date=date(2015, 2, 2))
    assert later.version == "sebagaimana diubah dengan UU 8/2015 dan UU 10/2016"


def test_status_on_a_date_before_enactment_and_after_revocation():
    facts = [incoming("mencabut", ref("UU 7/2017", date(2017, 8, 16)))]
    assert st.status_on(facts, date(2008, 1, 1), own_date=date(2008, 3, 1)).status == "Belum Berlaku"
    assert st.status_on(facts, date(2017, 8, 15), own_date=date(2008, 3, 1)).status == "Berlaku"
    revoked = st.status_on(facts, date(2017, 8, 16), own_date=date(2008, 3, 1))
    assert revoked.status == "Tidak Berlaku" and revoked.in_force is False
    assert "UU 7/2017" in revoked.detail


def test_undated_relations_cannot_be_placed_on_a_past_date():
    facts = [incoming("mencabut", ref("UU 99/2010", None))]
    on = st.status_on(facts, date(2012, 1, 1), own_date=date(2000, 1, 1))
    assert on.status == "Berlaku"
    assert any("tidak diketahui" in note for note in on.notes)
    assert st.derive(facts, today=TODAY).status == "Tidak Berlaku"  # but today it is revoked


def test_timeline_reads_the_amendment_chain_in_date_order():
    perppu = ref("PERPPU 2/2020", date(2020, 5, 4), n=4)
    facts = [incoming("mengubah", perppu),
             incoming("mengubah", ref("UU 10/2016", date(2016, 7, 1), n=3)),
             incoming("mengubah", ref("UU 8/2015", date(2015, 3, 18), n=2)),
             incoming("menguji", ref("MK 60/PUU-XXII/2024", date(2024, 8, 20), n=6),
                      result="dikabulkan_sebagian")]
    enacted = {"PERPPU 2/2020": [st.Fact(9, "menetapkan", True, ref("UU 6/2020", date(2020, 8, 11), n=5),
                                         source_date=date(2020, 8, 11))]}
    events = st.timeline(st.OwnDates(penetapan=date(2015, 2, 2), pengundangan=date(2015, 2, 2)),
                         facts, enacted)
    labels = [(e.text, e.ref.identity if e.ref else None) for e in events]
    assert labels == [
        ("Ditetapkan", None), ("Diundangkan", None),
        ("Diubah dengan", "UU 8/2015"), ("Diubah dengan", "UU 10/2016"),
        ("Diubah dengan", "PERPPU 2/2020"),
        ("PERPPU 2/2020 ditetapkan menjadi undang-undang dengan", "UU 6/2020"),
        ("Diuji dengan", "MK 60/PUU-XXII/2024"),
    ]
    assert events[-1].extra == "dikabulkan sebagian"


def test_reverse_labels_are_read_from_one_fact():
    other = ref("UU 7/2017")
    assert st.Fact(1, "mencabut", True, other).label == "dicabut dengan"
    assert st.Fact(1, "mencabut", False, other).label == "mencabut"
    assert st.Fact(1, "menetapkan", True, other).label == "ditetapkan dengan"
    assert st.Fact(1, "menguji", True, other).label == "diuji dengan"


def test_hidden_refs_count_but_are_never_named():
    hidden = st.masked(ref("UU 77/2021", date(2021, 3, 1)))
    assert hidden.identity == "" and hidden.slug is None and hidden.id is None and hidden.in_force
    facts = [incoming("mengubah", hidden), incoming("mengubah", st.masked(ref("UU 88/2021", date(2021, 4, 1)))),
             incoming("mengubah", ref("UU 8/2015", date(2015, 3, 18)))]
    derived = st.derive(facts, today=TODAY)
    assert derived.text == "Berlaku \u2014 diubah dengan UU 8/2015, 2 dokumen terbatas"
    on = st.status_on(facts, date(2022, 1, 1), date(2010, 1, 1), today=TODAY)
    assert on.version == "sebagaimana diubah dengan UU 8/2015 dan 2 dokumen terbatas"
    assert on.to_json()["perubahan"] == ["UU 8/2015"]


def test_status_on_today_is_todays_status_override_included():
    facts = [incoming("mengubah", ref("UU 8/2015", date(2015, 3, 18)))]
    override = ("Tidak Berlaku", "Dicabut oleh putusan MA")
    assert st.status_on(facts, TODAY, date(2010, 1, 1), "Berlaku", override, today=TODAY).status == "Tidak Berlaku"
    assert st.status_on(facts, date(2020, 1, 1), date(2010, 1, 1), "Berlaku", override,
                        today=TODAY).status == "Berlaku"
    recorded_only = st.status_on([], TODAY, date(2010, 1, 1), "Berlaku Sebagian", today=TODAY)
    assert recorded_only.status == st.derive([], "Berlaku Sebagian", today=TODAY).status


def test_an_undated_amendment_counts_once_its_year_is_over():
    undated = st.Fact(relation_id=1, kind="mengubah", incoming=True,
                      other=st.DocRef(identity="UU 15/2019", label="UU 15/2019", id=2, in_force=True, year=2019))
    assert st.status_on([undated], date(2019, 6, 1), date(2011, 8, 12), today=TODAY).amendments == ()
    assert st.status_on([undated], date(2020, 1, 1), date(2011, 8, 12), today=TODAY).amendments == (undated.other,)
    assert st.derive([undated], today=TODAY).amended_by == (undated.other,)
