"""Dates and times as Indonesian staff read them: the office's zone
(setting TIMEZONE, default Asia/Jakarta) and Indonesian month names,
while JSON keeps ISO 8601."""
from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from conftest import make_config
from jdih import create_app
from jdih.catalogue import operations
from jdih.catalogue.vocabulary import jenis_choices
from jdih.config import ConfigurationError
from jdih.extensions import db
from jdih.relations import status as st

UTC_EVENING = datetime(2025, 1, 1, 23, 30, tzinfo=timezone.utc)


def add_document(**values):
    values = {"jenis_id": jenis_choices("peraturan")[0].id, "tahun": 2017, **values}
    doc = operations.create_document("peraturan", values)
    db.session.commit()
    return doc


def _stamp_document(app) -> None:
    with app.test_request_context():
        doc = add_document(judul="Dokumen berwaktu")
        doc.updated_at = UTC_EVENING
        db.session.commit()


def test_staff_list_shows_update_time_in_wib(app, client, users, auth):
    _stamp_document(app)
    auth.login(users["editor"])
    html = client.get("/staf/dokumen").get_data(as_text=True)
    # 23.30 UTC is 06.30 the next morning in Jakarta.
    assert "2 Januari 2025 06.30 WIB" in html
    assert "1 Januari 2025 23.30" not in html


def test_the_zone_is_a_setting(database_url, tmp_path):
    app = create_app(make_config(database_url, tmp_path, TIMEZONE="Asia/Makassar"))
    with app.app_context():
        db.create_all()
    with app.test_request_context():
        from flask import render_template_string

        assert render_template_string("{{ when|tanggal }}", when=UTC_EVENING) == "2 Januari 2025 07.30 WITA"
        assert render_template_string("{{ day|tanggal }}", day=date(2017, 8, 16)) == "16 Agustus 2017"
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def test_an_unknown_zone_stops_start_up(tmp_path):
    with pytest.raises(ConfigurationError, match="TIMEZONE"):
        create_app(make_config(f"sqlite:///{tmp_path / 'x.sqlite3'}", tmp_path, TIMEZONE="Asia/Atlantis"))


def test_status_text_names_the_date_in_indonesian_and_json_keeps_iso():
    before = st.status_on([], date(2017, 1, 1), own_date=date(2017, 8, 16))
    assert before.detail == "baru berlaku sejak 16 Agustus 2017"
    assert before.to_json()["tanggal"] == "2017-01-01"


def test_audit_log_shows_time_and_dates_of_changes_in_indonesian(app, client, users, auth):
    from jdih.core.audit import AuditEntry

    with app.test_request_context():
        add_document(judul="Dokumen beraudit", tanggal_penetapan=date(2017, 8, 16))
        for entry in db.session.query(AuditEntry):
            entry.at = UTC_EVENING
        db.session.commit()
    auth.login(users["admin"])
    html = client.get("/admin/audit").get_data(as_text=True)
    assert "2 Januari 2025 06.30 WIB" in html
    assert "16 Agustus 2017" in html and "2017-08-16" not in html


def test_the_day_filter_reads_a_timestamp_in_the_office_zone(app):
    from jdih.templating import hari

    with app.app_context():
        # 23.30 UTC on 1 January is already 2 January in Jakarta.
        assert hari(UTC_EVENING) == "2 Januari 2025"
        assert hari(date(2017, 8, 16)) == "16 Agustus 2017"
        assert hari(None) == "-"
