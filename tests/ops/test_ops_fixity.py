"""``flask --app jdih files verify``: every stored file against its SHA-256,
the result kept for /admin/sistem and /healthz."""
from __future__ import annotations

import io

from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from jdih.extensions import db
from pdfs import make_pdf
from permission_world import png


def _store_files(app) -> dict[str, str]:
    """A document with two PDFs and a news item with a photo; name -> sha256."""
    from jdih.catalogue import attachments, operations
    from jdih.catalogue.models import Jenis
    from jdih.news import operations as news_ops

    with app.test_request_context():
        jenis = db.session.scalars(select(Jenis).where(Jenis.abbreviation == "UU")).first()
        doc = operations.create_document("peraturan", {"jenis_id": jenis.id, "nomor": "43", "tahun": 2009,
                                                       "judul": "Kearsipan"})
        naskah = attachments.add_attachment(doc, FileStorage(io.BytesIO(make_pdf(["naskah"])), "n.pdf"), "naskah")
        lampiran = attachments.add_attachment(doc, FileStorage(io.BytesIO(make_pdf(["lampiran"])), "l.pdf"),
                                              "lampiran")
        news = news_ops.create_news({"title": "Berita", "news_date": naskah.created_at.date(), "body": "<p>x</p>"})
        photo = news_ops.add_photo(news, FileStorage(io.BytesIO(png(3)), "f.png"), "Foto")
        db.session.commit()
        return {"naskah": naskah.sha256, "lampiran": lampiran.sha256, "photo": photo.sha256}


def _path(app, sha256: str):
    from jdih.catalogue.storage import FileStore

    return FileStore(app.config["UPLOAD_DIR"]).path_for(sha256)


def test_intact_files_pass(app, runner):
    _store_files(app)
    result = runner.invoke(args=["files", "verify"])
    assert result.exit_code == 0, result.output
    assert "Diperiksa 3 berkas: 0 hilang, 0 berubah." in result.output


def test_missing_and_altered_files_are_reported_with_their_records(app, runner):
    from jdih.ops import fixity

    files = _store_files(app)
    _path(app, files["naskah"]).unlink()
    _path(app, files["photo"]).write_bytes(b"bukan foto yang sama")
    result = runner.invoke(args=["files", "verify"])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert any(line.startswith(f"hilang\t{files['naskah']}\tlampiran ") for line in lines)
    assert any(line.startswith(f"berubah\t{files['photo']}\tfoto ") for line in lines)
    assert "Diperiksa 3 berkas: 1 hilang, 1 berubah." in result.output
    with app.app_context():
        last = fixity.last_result()
    assert (last["ok"], last["checked"], last["missing"], last["altered"]) == (False, 3, 1, 1)


def test_the_last_result_is_shown_to_admins(app, runner, client, auth, users):
    files = _store_files(app)
    auth.login(users["admin"])
    assert "Belum pernah ada pemeriksaan" in client.get("/admin/sistem").get_data(as_text=True)
    _path(app, files["lampiran"]).write_bytes(b"diubah")
    runner.invoke(args=["files", "verify"])
    page = " ".join(client.get("/admin/sistem").get_data(as_text=True).split())
    assert "3 berkas diperiksa, 0 hilang, 1 berubah" in page
    assert files["lampiran"] in page


def test_no_result_before_the_first_check(app):
    from jdih.ops import fixity

    with app.app_context():
        assert fixity.last_result() is None
