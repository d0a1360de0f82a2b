"""The IKM survey: the public form (CSRF, robot traps, rate limit) and the
admins' results (averages, IKM score and letter, SVG chart, CSV)."""
from __future__ import annotations

import time

import pytest
from sqlalchemy import func, select

from conftest import client_as, csrf_token_from, make_user
from site_support import fast_passwords  # noqa: F401

KEYS = ("persyaratan", "prosedur", "waktu", "biaya", "produk", "kompetensi", "perilaku", "pengaduan", "sarana")


@pytest.fixture(autouse=True)
def _cheap_hashes(fast_passwords):
    pass


def answers(app, client, value: str = "3", *, age: float = 60, **extra) -> dict:
    from jdih.survey import operations

    token = csrf_token_from(client.get("/survei").get_data(as_text=True))
    with app.app_context():
        stamp = operations.form_stamp(time.time() - age)
    return {"csrf_token": token, "stamp": stamp, **dict.fromkeys(KEYS, value), **extra}


def stored(app) -> int:
    from jdih.extensions import db
    from jdih.survey.models import SurveyResponse

    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(SurveyResponse))


def test_the_form_shows_the_nine_elements_and_stores_an_answer(app, client):
    page = client.get("/survei").get_data(as_text=True)
    assert page.count('type="radio"') == 9 * 4 and 'name="stamp"' in page and 'name="website"' in page
    response = client.post("/survei", data=answers(app, client, comment="Cepat dan ramah"))
    assert response.status_code == 302
    assert "Terima kasih" in client.get("/survei").get_data(as_text=True)
    assert stored(app) == 1


def test_a_missing_answer_is_named_and_nothing_is_stored(app, client):
    data = answers(app, client)
    del data["biaya"]
    response = client.post("/survei", data=data)
    assert response.status_code == 400
    assert "unsur Biaya/tarif" in response.get_data(as_text=True)
    assert stored(app) == 0


@pytest.mark.parametrize("change, message", [
    ({"age": 0}, "terlalu cepat"),
    ({"age": 7 * 3600}, "terlalu lama"),
])
def test_robot_traps_refuse_too_fast_or_stale_forms(app, client, change, message):
    response = client.post("/survei", data=answers(app, client, **change))
    assert response.status_code == 400 and message in response.get_data(as_text=True)
    assert stored(app) == 0


def test_a_forged_stamp_and_a_filled_honeypot_store_nothing(app, client):
    forged = answers(app, client)
    forged["stamp"] = forged["stamp"][:-2] + "xx"
    assert client.post("/survei", data=forged).status_code == 400
    robot = client.post("/survei", data=answers(app, client, website="http://spam.example"))
    assert robot.status_code == 302  # the robot is told nothing
    assert stored(app) == 0


def test_without_csrf_token_nothing_is_stored(app, client):
    data = answers(app, client)
    del data["csrf_token"]
    assert client.post("/survei", data=data).status_code == 400
    assert stored(app) == 0


def test_answers_are_rate_limited_per_address(app, client):
    app.config["SURVEY_RATE_LIMIT"] = "2 per hour"
    codes = [client.post("/survei", data=answers(app, client)).status_code for _ in range(3)]
    assert codes == [302, 302, 429]
    assert client.get("/survei").status_code == 200  # reading the form is not limited


def test_results_give_averages_the_ikm_score_its_letter_and_a_csv(app, client):
    for value in ("4", "3", "3", "4"):
        assert client.post("/survei", data=answers(app, client, value, comment="=HYPERLINK(1)")).status_code == 302
    make_user(app, "admin@uji.id", "admin")
    admin = client_as(app, "admin")
    page = admin.get("/admin/survei").get_data(as_text=True)
    # average 3.5 per element -> 87.50 -> B (Baik): A starts at 88.31
    assert "87.50" in page and "B (Baik)" in page and "<svg" in page and "3.50" in page
    export = admin.get("/admin/survei/ekspor.csv")
    assert export.mimetype == "text/csv" and "attachment" in export.headers["Content-Disposition"]
    lines = export.get_data(as_text=True).splitlines()
    assert lines[0].startswith("id,waktu_utc,persyaratan") and len(lines) == 5
    assert lines[1].endswith(",'=HYPERLINK(1)")


def test_ikm_letters_follow_the_regulation_intervals():
    from jdih.survey.elements import ikm_score, quality

    assert ikm_score([3.5324] * 9) == 88.31 and quality(88.31) == ("A", "Sangat Baik")
    assert quality(88.30) == ("B", "Baik") and quality(76.61) == ("B", "Baik")
    assert quality(76.60) == ("C", "Kurang Baik") and quality(64.99) == ("D", "Tidak Baik")
    assert ikm_score([None] * 9) is None and quality(None) is None
