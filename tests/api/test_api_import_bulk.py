"""Importing 5,000 rows with some bad ones: the dry run names exactly those
rows, applying creates the rest in one transaction, and a failure half-way
leaves nothing behind."""
from __future__ import annotations

import csv
import io
import re

import pytest
from sqlalchemy import func, select

from conftest import csrf_token_from
from jdih.extensions import db

ROWS = 5000
HEADER = ["tipe", "jenis", "nomor", "tahun", "judul", "tanggal_penetapan", "status", "subjek", "bidang"]
#: file row number (header is row 1) -> (cells to change, expected message)
BAD = {
    17: ({"jenis": "Peraturan Antah Berantah"}, "Jenis tidak dikenal"),
    250: ({"judul": ""}, "Wajib diisi: Judul"),
    999: ({"tahun": "20x4"}, "Tahun tidak valid"),
    1500: ({"tahun": "1700"}, "Tahun tidak valid"),
    2222: ({"tanggal_penetapan": "31-02-2024"}, "Tanggal tidak valid"),
    3001: ({"tipe": "resep"}, "Tipe dokumen tidak dikenal"),
    4000: ({"status": "Kedaluwarsa"}, "Nilai kolom status tidak dikenal"),
    4999: ({"nomor": "5"}, "Duplikat dalam berkas: sama dengan baris 6"),
}


def big_csv() -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    for number in range(2, ROWS + 2):
        row = {"tipe": "peraturan", "jenis": "PKPU", "nomor": str(number - 1), "tahun": "2024",
               "judul": f"Peraturan uji nomor {number - 1}", "tanggal_penetapan": "2024-03-01",
               "status": "Berlaku", "subjek": "Pemilu; Uji", "bidang": "Hukum Pemilu"}
        row.update(BAD.get(number, ({}, ""))[0])
        writer.writerow([row[name] for name in HEADER])
    return out.getvalue().encode()


def counts(app) -> tuple[int, int]:
    from jdih.core.audit import AuditEntry
    from jdih.catalogue.models import Document

    with app.app_context():
        return (db.session.scalar(select(func.count(Document.id))),
                db.session.scalar(select(func.count(AuditEntry.id))))


def upload(client, data: bytes, name: str, publish: bool = False):
    page = client.get("/staf/impor").get_data(as_text=True)
    form = {"csrf_token": csrf_token_from(page), "file": (io.BytesIO(data), name)}
    if publish:
        form["publish"] = "y"
    return client.post("/staf/impor", data=form, content_type="multipart/form-data")


def preview_rows(html: str) -> dict[int, tuple[str, str]]:
    """Row number -> (result, remarks) from the preview table."""
    found = {}
    for number, result, remarks in re.findall(
            r'<tr class="import-\w+">\s*<td>(\d+)</td>\s*<td>([^<]+)</td>.*?<td>([^<]*)</td>\s*</tr>',
            html, re.S):
        found[int(number)] = (result, remarks)
    return found


def test_five_thousand_rows_dry_run_failure_and_apply(app, client, auth, users, monkeypatch):
    auth.login(users["editor"])
    response = upload(client, big_csv(), "katalog.csv", publish=True)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    preview_url = response.headers["Location"]
    before = counts(app)

    html = client.get(preview_url).get_data(as_text=True)
    rows = preview_rows(html)
    assert len(rows) == ROWS
    refused = {number for number, (result, _) in rows.items() if result == "Ditolak"}
    assert refused == set(BAD)
    for number, (_, expected) in BAD.items():
        assert expected in rows[number][1], (number, rows[number])
    assert sum(1 for result, _ in rows.values() if result == "Dibuat") == ROWS - len(BAD)
    assert counts(app) == before, "the dry run changed something"

    # A failure on the 2,500th document: nothing of the first 2,499 may stay.
    from jdih.catalogue import operations

    real_create = operations.create_document
    calls = {"n": 0}

    def failing_create(doc_type, values):
        calls["n"] += 1
        if calls["n"] == 2500:
            raise RuntimeError("disk full")
        return real_create(doc_type, values)

    monkeypatch.setattr(operations, "create_document", failing_create)
    token = csrf_token_from(html)
    digest = preview_url.rstrip("/").rsplit("/", 1)[1]
    # The import runs as a background job (inline in tests); the page follows it.
    response = client.post(preview_url + "/terapkan", data={"csrf_token": token, "digest": digest})
    assert response.status_code == 302 and "/staf/impor/tugas/" in response.location
    assert calls["n"] == 2500
    assert counts(app) == before
    status = client.get(response.location, headers={"Accept": "application/json"}).get_json()
    assert status["status"] == "retrying" and not status["selesai"]  # an error retrying may cure

    monkeypatch.setattr(operations, "create_document", real_create)
    response = client.post(preview_url + "/terapkan", data={"csrf_token": token, "digest": digest})
    assert response.status_code == 302
    page = client.get(response.location).get_data(as_text=True)
    assert f"Impor selesai: {ROWS - len(BAD)} dokumen dibuat" in page
    documents, audit_entries = counts(app)
    assert documents == before[0] + ROWS - len(BAD)
    assert audit_entries > before[1] + documents - before[0]  # a create and a publish each
    with app.app_context():
        from jdih.catalogue.models import Document

        doc = db.session.scalar(select(Document).where(Document.identity == "PKPU 42/2024"))
        assert doc.state == "published" and doc.bidang.label == "Hukum Pemilu"
        assert sorted(t.label for t in doc.subjects) == ["Pemilu", "Uji"]
    # The upload is gone once applied: confirming twice cannot import twice.
    assert client.get(preview_url).status_code == 404


def test_a_refused_operation_mid_apply_rolls_everything_back(app):
    """Through the library: a domain error on one row names it and keeps nothing."""
    from jdih.api import import_files, importer
    from jdih.catalogue import operations

    rows = import_files.read_csv(big_csv()[:20_000].rsplit(b"\n", 1)[0])
    with app.app_context():
        plan = importer.make_plan(rows)
        real_create = operations.create_document
        seen = []

        def refusing(doc_type, values):
            seen.append(values["nomor"])
            if len(seen) == 100:
                raise operations.CatalogueError("Ditolak oleh aturan katalog.")
            return real_create(doc_type, values)

        operations.create_document = refusing
        try:
            with pytest.raises(importer.ApplyFailed) as failure:
                importer.apply_plan(plan)
        finally:
            operations.create_document = real_create
        db.session.rollback()
        assert "Ditolak oleh aturan katalog" in str(failure.value)
        assert failure.value.number == plan.to_apply[99].number
    assert counts(app)[0] == 0
