"""Import from XLSX and JSON (our export, a JDIHN feed of another member),
export filtered as CSV/XLSX/JSON, and the round trip between them."""
from __future__ import annotations

import csv
import io
import json
import re

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import select

from api_helpers import make_document
from conftest import csrf_token_from, make_config
from jdih.extensions import db


def upload_and_apply(client, data: bytes, name: str, publish: bool = False):
    page = client.get("/staf/impor").get_data(as_text=True)
    form = {"csrf_token": csrf_token_from(page), "file": (io.BytesIO(data), name)}
    if publish:
        form["publish"] = "y"
    response = client.post("/staf/impor", data=form, content_type="multipart/form-data")
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    preview = client.get(response.headers["Location"]).get_data(as_text=True)
    digest = response.headers["Location"].rsplit("/", 1)[1]
    applied = client.post(response.headers["Location"] + "/terapkan",
                          data={"csrf_token": csrf_token_from(preview), "digest": digest})
    return preview, applied


def documents(app):
    from jdih.catalogue.models import Document

    with app.app_context():
        return {doc.identity or doc.judul: (doc.judul, doc.tahun, doc.state, doc.doc_type,
                                            sorted(t.label for t in doc.subjects))
                for doc in db.session.scalars(select(Document))}


def test_xlsx_import_with_dates_numbers_and_vocabulary(app, client, auth, users):
    book = Workbook()
    sheet = book.active
    sheet.append(["Tipe", "Jenis", "Nomor", "Tahun", "Judul", "Tanggal Penetapan", "Subjek", "Status Terbit",
                  "Eksemplar"])
    from datetime import datetime

    sheet.append(["peraturan", "UU", 7, 2017, "Pemilihan Umum", datetime(2017, 8, 15), "Pemilu; KPU", "terbit", None])
    sheet.append(["Monografi Hukum", "Buku Hukum", None, 2020.0, "Buku saku pemilu", None, None, "draf", 3])
    out = io.BytesIO()
    book.save(out)
    auth.login(users["editor"])
    preview, applied = upload_and_apply(client, out.getvalue(), "data.xlsx")
    assert "Ditolak" not in preview and applied.status_code == 302
    found = documents(app)
    assert found["UU 7/2017"] == ("Pemilihan Umum", 2017, "published", "peraturan", ["KPU", "Pemilu"])
    assert found["Buku saku pemilu"][1:4] == (2020, "draft", "monografi")


@pytest.fixture
def other_member_feed(tmp_path) -> bytes:
    """The JDIHN feed of another member JDIH (its own app and database)."""
    from jdih import create_app

    other = create_app(make_config(f"sqlite:///{tmp_path / 'other.sqlite3'}", tmp_path / "other"))
    with other.app_context():
        db.create_all()
    assert other.test_cli_runner().invoke(args=["demo", "load"]).exit_code == 0
    response = other.test_client().get("/integrasi/jdihn")
    with other.app_context():
        db.session.remove()
        db.engine.dispose()
    return response.data


def test_import_a_jdihn_feed_from_another_member(app, client, auth, users, other_member_feed):
    items = json.loads(other_member_feed)
    auth.login(users["editor"])
    preview, applied = upload_and_apply(client, other_member_feed, "jdihn.json", publish=True)
    assert applied.status_code == 302
    assert "Ditolak" not in preview, preview[preview.find("Ditolak") - 500:preview.find("Ditolak") + 300]
    found = documents(app)
    assert len(found) == len(items)
    assert found["UU 7/2017"][:4] == ("Pemilihan Umum", 2017, "published", "peraturan")
    assert "Pemilihan Umum" in found["UU 7/2017"][4]
    rulings = [value for value in found.values() if value[3] == "putusan"]
    assert len(rulings) == sum(1 for item in items if item["jenis"].startswith("PUTUSAN"))
    # Our feed now says what theirs said, field for field where both hold a value.
    ours = {item["judul"] + item["noPeraturan"]: item for item in client.get("/integrasi/jdihn").get_json()}
    for theirs in items:
        mine = ours[theirs["judul"] + theirs["noPeraturan"]]
        for key in ("jenis", "singkatanJenis", "tanggal_penetapan", "tanggal_pengundangan", "status",
                    "sumber", "bidangHukum", "abstrak", "tahun_pengundangan"):
            assert mine[key] == theirs[key], (theirs["idData"], key)


def test_export_round_trip_changes_nothing_then_updates(app, client, auth, users):
    make_document(app, jenis="UU", nomor="7", tahun=2017, judul="=HYPERLINK(\"http://x\")",
                  subjects=["Pemilu"], status="Berlaku")
    make_document(app, "monografi", judul="Buku pemilu", tahun=2019, penerbit="KPU")
    auth.login(users["editor"])
    exported = client.get("/staf/ekspor?format=csv")
    assert exported.status_code == 200 and exported.mimetype == "text/csv"
    text = exported.data.decode("utf-8-sig")
    assert "'=HYPERLINK" in text  # never a live formula in a spreadsheet
    preview, _ = upload_and_apply(client, exported.data, "ekspor.csv")
    assert preview.count("Tidak berubah") == 2
    assert documents(app)["UU 7/2017"][0] == "=HYPERLINK(\"http://x\")"

    records = list(csv.DictReader(io.StringIO(text)))
    records[0]["judul"] = "Pemilihan Umum"
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(records[0]))
    writer.writeheader()
    writer.writerows(records)
    preview, applied = upload_and_apply(client, out.getvalue().encode(), "ubah.csv")
    assert preview.count("Diperbarui") == 1 and applied.status_code == 302
    assert documents(app)["UU 7/2017"][0] == "Pemilihan Umum"


@pytest.mark.parametrize("query, expected", [
    ("", {"uu", "buku", "draf"}),
    ("&tipe=monografi", {"buku"}),
    ("&tahun=2017", {"uu", "draf"}),
    ("&status=draft", {"draf"}),
    ("&status=published&tipe=peraturan", {"uu"}),
])
def test_export_filters_and_formats(app, client, auth, users, query, expected):
    titles = {"uu": "Undang-undang pemilu", "buku": "Buku pemilu", "draf": "Rancangan"}
    make_document(app, jenis="UU", nomor="7", tahun=2017, judul=titles["uu"], visibility="internal")
    make_document(app, "monografi", judul=titles["buku"], tahun=2019)
    make_document(app, jenis="PKPU", nomor="1", tahun=2017, judul=titles["draf"], publish=False)
    auth.login(users["editor"])
    wanted = {titles[key] for key in expected}

    as_json = client.get("/staf/ekspor?format=json" + query)
    assert as_json.mimetype == "application/json"
    assert {item["judul"] for item in as_json.get_json()} == wanted
    as_csv = client.get("/staf/ekspor?format=csv" + query).data.decode("utf-8-sig")
    assert {row["judul"] for row in csv.DictReader(io.StringIO(as_csv))} == wanted
    as_xlsx = client.get("/staf/ekspor?format=xlsx" + query)
    sheet = load_workbook(io.BytesIO(as_xlsx.data), read_only=True).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert {row[rows[0].index("judul")] for row in rows[1:]} == wanted


def test_import_and_export_are_for_staff(app, client, auth, users):
    assert client.get("/staf/impor").status_code == 302
    assert client.get("/staf/ekspor?format=csv").status_code == 302
    auth.login(users["partner"])
    assert client.get("/staf/impor").status_code == 403
    assert client.get("/staf/ekspor?format=json").status_code == 403
    assert client.get("/staf/impor/" + "a" * 64).status_code == 403
    auth.logout()
    auth.login(users["editor"])
    assert "Ekspor katalog" in client.get("/staf/ekspor").get_data(as_text=True)
    assert client.get("/staf/ekspor?format=exe").status_code == 400
    assert client.get("/staf/ekspor?format=csv&tahun=abc").status_code == 400


def test_bad_uploads_are_refused_and_store_nothing_usable(app, client, auth, users):
    auth.login(users["editor"])
    page = client.get("/staf/impor").get_data(as_text=True)
    token = csrf_token_from(page)
    for data, name, message in ((b"\xff\xfe\x00bad", "x.csv", "UTF-8"),
                                (b"bukan excel", "x.xlsx", "XLSX rusak"),
                                (b"{\"a\": 1}", "x.json", "larik objek"),
                                (b"[" * 100_000, "x.json", "JSON tidak valid"),  # RecursionError once
                                (b"nama,tahun\nx,2020\n", "x.csv", "judul"),
                                (b"judul\n", "x.pdf", "CSV, XLSX, atau JSON")):
        response = client.post("/staf/impor", data={"csrf_token": token, "file": (io.BytesIO(data), name)},
                               content_type="multipart/form-data")
        assert response.status_code == 400 and message in response.get_data(as_text=True), name
    response = client.post("/staf/impor", data={"file": (io.BytesIO(b"judul\nx\n"), "x.csv")},
                           content_type="multipart/form-data")
    assert response.status_code == 400  # no CSRF token
    assert client.get("/staf/impor/" + "0" * 64).status_code == 404
    assert client.get("/staf/impor/..%2F..%2Fetc").status_code == 404
    assert client.post("/staf/impor/" + "0" * 64 + "/terapkan", data={"csrf_token": token}).status_code == 404


def upload_preview(client, data: bytes, name: str) -> str:
    page = client.get("/staf/impor").get_data(as_text=True)
    response = client.post("/staf/impor", data={"csrf_token": csrf_token_from(page),
                                                "file": (io.BytesIO(data), name)},
                           content_type="multipart/form-data")
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    return client.get(response.headers["Location"]).get_data(as_text=True)


def test_the_dry_run_shows_field_by_field_what_an_update_changes(app, client, auth, users):
    make_document(app, jenis="UU", nomor="7", tahun=2017, judul="Judul lama", tempat_penetapan="Jakarta",
                  subjects=["Pemilu"])
    auth.login(users["editor"])
    csv_text = ("tipe,jenis,nomor,tahun,judul,tempat_penetapan,tanggal_penetapan,subjek,status_terbit\n"
                "peraturan,UU,7,2017,Judul baru,Jakarta,2017-08-16,Pemilu; Arsip,draf\n")
    preview = upload_preview(client, csv_text.encode(), "ubah.csv")
    row = preview.split('class="import-update"', 1)[1].split("</tr>", 1)[0]
    changes = re.findall(r"<li>(.*?)</li>", row, re.S)
    text = [" ".join(re.sub(r"<[^>]+>", "", item).split()) for item in changes]
    assert "Judul: Judul lama → Judul baru" in text
    assert "Tanggal penetapan: — → 16 Agustus 2017" in text
    assert "Subjek: Pemilu → Pemilu, Arsip" in text
    assert "Status terbit: Terbit → Draf" in text
    # Unchanged fields are not listed.
    assert not any(item.startswith("Tempat penetapan") for item in text)
