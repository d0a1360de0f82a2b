"""``flask --app jdih demo load``: the seed catalogue, loaded twice, is the
same catalogue."""
from __future__ import annotations

import json

from sqlalchemy import func, select

from conftest import SEED_DIR
from jdih.extensions import db


def counts(app) -> dict[str, int]:
    with app.app_context():
        return {table.name: db.session.scalar(select(func.count()).select_from(table))
                for table in db.metadata.sorted_tables}


def test_demo_load_twice_changes_nothing(app, runner):
    first = runner.invoke(args=["demo", "load"])
    assert first.exit_code == 0, first.output + repr(first.exception)
    seed = json.loads((SEED_DIR / "legal_documents.json").read_text(encoding="utf-8"))
    assert f"Dokumen: {len(seed['documents'])} dibuat, 0 sudah ada" in first.output
    assert "Admin demo: admin@jdih.local / kata sandi: demo-" in first.output
    after_first = counts(app)
    assert after_first["document"] == len(seed["documents"])

    second = runner.invoke(args=["demo", "load"])
    assert second.exit_code == 0, second.output + repr(second.exception)
    assert f"Dokumen: 0 dibuat, {len(seed['documents'])} sudah ada" in second.output
    assert "kata sandi tidak diubah" in second.output
    assert counts(app) == after_first  # audit_entry included: no new entries


def test_demo_documents_are_published_and_findable(app, runner, client):
    assert runner.invoke(args=["demo", "load"]).exit_code == 0
    from jdih.catalogue.models import Document

    with app.app_context():
        docs = db.session.scalars(select(Document)).all()
        assert all(doc.is_published and doc.visibility == "public" for doc in docs)
        identities = {doc.identity for doc in docs}
    assert {"UU 7/2017", "UUD 1945"} <= identities
    assert client.get("/dokumen/uu-7-2017").status_code == 200
    assert "Pemilihan Umum" in client.get("/peraturan").get_data(as_text=True)


def test_demo_load_without_seed_file_explains(app, runner, tmp_path):
    app.config["DEMO_SEED_DIR"] = str(tmp_path / "tidak-ada")
    result = runner.invoke(args=["demo", "load"])
    assert result.exit_code != 0
    assert "Berkas data demo tidak ditemukan" in result.output
