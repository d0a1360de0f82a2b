"""Rate limits in the real Redis when JDIH_REDIS_URL is set, and the cron
command that reindexes documents whose status changed with time."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import update

from conftest import csrf_token_from
from jdih.config import fill_runtime_paths
from jdih.extensions import db
from jdih.search import service
from tasks_support import REDIS_URL, build_app, dispose, queued_config


def test_redis_url_names_the_rate_limit_store_unless_one_is_set(tmp_path):
    config = {"REDIS_URL": "redis://127.0.0.1:6379/3", "RATELIMIT_STORAGE_URI": "memory://", "MAX_UPLOAD_MB": 5}
    fill_runtime_paths(config, str(tmp_path))
    assert config["RATELIMIT_STORAGE_URI"] == "redis://127.0.0.1:6379/3"
    config = {"REDIS_URL": "redis://a/0", "RATELIMIT_STORAGE_URI": "redis://b/1", "MAX_UPLOAD_MB": 5}
    fill_runtime_paths(config, str(tmp_path))
    assert config["RATELIMIT_STORAGE_URI"] == "redis://b/1"


@pytest.mark.skipif(not REDIS_URL, reason="JDIH_TEST_REDIS_URL not set")
def test_login_attempts_are_counted_in_redis(database_url, tmp_path):
    import redis

    app = build_app(queued_config(database_url, tmp_path, "redis"))  # limits follow REDIS_URL
    server = redis.Redis.from_url(REDIS_URL)
    try:
        before = set(server.keys("LIMITS*"))
        client = app.test_client()
        token = csrf_token_from(client.get("/masuk").get_data(as_text=True))
        client.post("/masuk", data={"email": "tidak@ada.id", "password": "salah-sekali", "csrf_token": token})
        assert set(server.keys("LIMITS*")) - before  # the counter lives in the shared server
    finally:
        dispose(app)


def test_the_cron_command_reindexes_status_changes(app, runner):
    from jdih.catalogue import operations
    from jdih.catalogue.vocabulary import jenis_choices
    from jdih.relations import operations as relations
    from jdih.relations.models import Relation

    with app.app_context():
        uu = next(j.id for j in jenis_choices("peraturan") if j.abbreviation == "UU")
        docs = []
        for nomor, judul in (("5", "Dana kampanye lama"), ("6", "Dana kampanye baru")):
            doc = operations.create_document("peraturan", {"jenis_id": uu, "nomor": nomor, "tahun": 2020,
                                                           "judul": judul})
            operations.publish(doc)
            docs.append(doc)
        db.session.commit()
        relations.add("mencabut", relations.End.of(docs[1]), relations.End.of(docs[0]),
                      effective_date=date.today() + timedelta(days=1))
        db.session.commit()
        old_key = f"document:{docs[0].id}"
        db.session.execute(update(Relation).values(effective_date=date.today()))  # a day passed
        db.session.commit()
    revoked = {"status": ["Tidak Berlaku"]}

    def found():
        with app.test_request_context():
            return [hit.key for hit in service.get_backend().search(service.build_request("dana", revoked)).hits]

    assert found() == []
    result = runner.invoke(args=["search", "status-changes", "--days", "2"])
    assert result.exit_code == 0 and "1 dokumen berubah status" in result.output
    assert found() == [old_key]
