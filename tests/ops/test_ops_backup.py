"""``flask --app jdih backup`` and ``restore``: a round trip on each
database loses no row and no file; refusals change nothing."""
from __future__ import annotations

import hashlib
import io
import json
import tarfile
from pathlib import Path

import pytest
from sqlalchemy import inspect, select
from werkzeug.datastructures import FileStorage

from conftest import empty_database, make_config
from jdih import create_app
from jdih.extensions import db
from permission_world import png


@pytest.fixture
def empty_database_url(database_url, tmp_path):
    """A second, empty database of the same kind as ``database_url``."""
    with empty_database("sqlite" if database_url.startswith("sqlite") else "postgresql",
                        tmp_path, "restored") as url:
        yield url


@pytest.fixture
def target_app(empty_database_url, tmp_path):
    app = create_app(make_config(empty_database_url, tmp_path / "target"))
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def every_row(app) -> dict[str, list[tuple]]:
    with app.app_context():
        return {table.name: [tuple(row) for row in db.session.execute(
                    select(table).order_by(*table.primary_key.columns))]
                for table in db.metadata.sorted_tables}


def every_file(root: str) -> dict[str, str]:
    return {path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(Path(root).rglob("*")) if path.is_file()}


def invoke(app, *args: str):
    return app.test_cli_runner().invoke(args=list(args))


@pytest.fixture
def loaded(app):
    """The demo data: documents with PDFs, relations, news with photos and citations, accounts."""
    from jdih.news import operations as news_ops
    from jdih.news.models import News

    result = invoke(app, "demo", "load")
    assert result.exit_code == 0, result.output
    with app.test_request_context():
        news = db.session.scalars(select(News).order_by(News.id)).first()
        news_ops.add_photo(news, FileStorage(io.BytesIO(png(7)), "foto.png"), "Foto kegiatan")
        db.session.commit()
    return app


@pytest.fixture
def archive(loaded, tmp_path) -> Path:
    path = tmp_path / "cadangan" / "jdih.tar.gz"
    result = invoke(loaded, "backup", "--out", str(path), "--with-index")
    assert result.exit_code == 0, result.output + repr(result.exception)
    assert "Cadangan ditulis" in result.output
    return path


def test_round_trip_loses_nothing(loaded, archive, target_app):
    rows = every_row(loaded)
    assert rows["document"] and rows["attachment"] and rows["news"] and rows["news_photo"]
    result = invoke(target_app, "restore", str(archive))
    assert result.exit_code == 0, result.output + repr(result.exception)
    assert every_row(target_app) == rows
    assert every_file(target_app.config["UPLOAD_DIR"]) == every_file(loaded.config["UPLOAD_DIR"])
    assert every_file(target_app.config["SEARCH_INDEX_DIR"]) == every_file(loaded.config["SEARCH_INDEX_DIR"])


def test_the_restored_site_serves_and_grows(loaded, archive, target_app):
    """Files download, and new rows get fresh ids (PostgreSQL counters moved on)."""
    from jdih.catalogue.models import Attachment, Document

    assert invoke(target_app, "restore", str(archive)).exit_code == 0
    with target_app.app_context():
        attachment = db.session.scalars(select(Attachment).join(Document).where(
            Document.state == "published", Document.visibility == "public")).first()
        url = f"/dokumen/{attachment.document.slug}/berkas/{attachment.id}/{attachment.filename}"
        highest = max(db.session.scalars(select(Document.id)))
    response = target_app.test_client().get(url)
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
    response.close()
    result = invoke(target_app, "users", "create", "baru@uji.id", "--role", "editor", "--password",
                    "kata-sandi-baru-1")
    assert result.exit_code == 0, result.output
    from jdih.catalogue import operations
    from jdih.catalogue.models import Jenis

    with target_app.test_request_context():
        jenis = db.session.scalars(select(Jenis).where(Jenis.abbreviation == "UU")).first()
        doc = operations.create_document("peraturan", {"jenis_id": jenis.id, "nomor": "99", "tahun": 2031,
                                                       "judul": "Setelah pemulihan"})
        db.session.commit()
        assert doc.id > highest


def test_manifest_counts_rows_and_hashes_files_and_config_keeps_no_secret(loaded, archive):
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
        config = json.load(tar.extractfile("config.json"))
        names = tar.getnames()
    rows = every_row(loaded)
    assert manifest["database"]["tables"] == {name: len(table) for name, table in rows.items()}
    assert manifest["files"] == every_file(loaded.config["UPLOAD_DIR"])
    assert all(f"uploads/{name}" in names for name in manifest["files"])
    assert "SECRET_KEY" not in config and "test-secret" not in json.dumps(config)
    assert config["MAX_UPLOAD_MB"] == loaded.config["MAX_UPLOAD_MB"]
    # It holds password and token hashes: the owner's alone.
    assert archive.stat().st_mode & 0o777 == 0o600


def test_backup_into_a_folder_names_the_archive_by_time(app, tmp_path):
    result = invoke(app, "backup", "--out", f"{tmp_path / 'cadangan'}/")
    assert result.exit_code == 0, result.output
    [archive] = (tmp_path / "cadangan").glob("jdih-backup-*.tar.gz")
    assert archive.name in result.output


def test_restore_refuses_a_database_that_holds_data(loaded, archive):
    before = every_row(loaded)
    result = invoke(loaded, "restore", str(archive))
    assert result.exit_code == 1
    assert "Basis data tujuan tidak kosong" in result.output
    assert every_row(loaded) == before


def test_restore_with_force_replaces_what_is_there(loaded, archive):
    from jdih.catalogue.models import Document

    before = every_row(loaded)
    with loaded.app_context():
        db.session.execute(Document.__table__.update().values(judul="Diubah setelah cadangan"))
        db.session.commit()
    result = invoke(loaded, "restore", "--force", str(archive))
    assert result.exit_code == 0, result.output + repr(result.exception)
    assert every_row(loaded) == before


def _rewrite(archive: Path, target: Path, change) -> None:
    with tarfile.open(archive) as source, tarfile.open(target, "w:gz") as out:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            data = change(member.name, data)
            member.size = len(data)
            out.addfile(member, io.BytesIO(data))


def test_restore_refuses_an_altered_file_and_changes_nothing(archive, target_app, tmp_path):
    tampered = tmp_path / "rusak.tar.gz"
    first_upload = []

    def change(name: str, data: bytes) -> bytes:
        if name.startswith("uploads/") and not first_upload:
            first_upload.append(name)
            return data + b"x"
        return data

    _rewrite(archive, tampered, change)
    result = invoke(target_app, "restore", str(tampered))
    assert result.exit_code == 1
    assert "tidak cocok dengan hash" in result.output
    with target_app.app_context():
        assert inspect(db.engine).get_table_names() == []
    assert every_file(target_app.config["UPLOAD_DIR"]) == {}


def test_restore_refuses_what_is_not_a_backup(target_app, tmp_path):
    bogus = tmp_path / "bukan.tar.gz"
    with tarfile.open(bogus, "w:gz") as tar:
        tar.addfile(tarfile.TarInfo("kosong.txt"), io.BytesIO(b""))
    result = invoke(target_app, "restore", str(bogus))
    assert result.exit_code == 1
    assert "bukan cadangan JDIH" in result.output
