"""Reading import files (CSV, XLSX, JSON) into rows of column values, and
keeping an upload on the server between the dry run and the confirmation.

The upload is stored under instance/imports/ by its SHA-256; the
confirmation names the hash, so what is applied is exactly what was
previewed, never data re-posted by the browser.
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import time
import warnings
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, Callable, Optional

from flask import current_app

from jdih.api.columns import normalise_header
from jdih.api.jdihn import from_jdihn
from jdih.core.errors import UserError
from jdih.core.guards import loads_json

FORMATS = ("csv", "xlsx", "json")
MAX_ROWS = 20_000
#: Uploads nobody confirmed are removed after this many seconds.
KEEP_SECONDS = 24 * 3600
DIGEST = re.compile(r"^[0-9a-f]{64}$")
#: Keys that mark a JSON object as a JDIHN feed object rather than our columns.
JDIHN_KEYS = {"idData", "noPeraturan", "singkatanJenis", "urlDetailPeraturan"}


class ImportFileError(UserError):
    """The file as a whole cannot be read; ``message`` is for people."""


@dataclass
class SourceRow:
    #: The row as people find it: spreadsheet row (header is 1) or JSON item (from 1).
    number: int
    values: dict[str, Any]


# -- reading ----------------------------------------------------------------------

def _cell(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date() if value.time() == datetime.min.time() else value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        value = value.strip()
        # Undo the exporter's guard against spreadsheet formulas.
        if len(value) > 1 and value[0] == "'" and value[1] in "=+-@":
            value = value[1:]
        return value or None
    return value


def _rows_from_table(headers: list[Any], records, first_number: int = 2) -> list[SourceRow]:
    names = [normalise_header(header) for header in headers]
    if "judul" not in names:
        raise ImportFileError("Baris pertama harus berisi nama kolom, termasuk kolom \u201cjudul\u201d.")
    rows = []
    for number, record in enumerate(records, start=first_number):
        values = {name: _cell(value) for name, value in zip(names, record) if name}
        if any(value is not None for value in values.values()):
            rows.append(SourceRow(number, values))
        if len(rows) > MAX_ROWS:
            raise ImportFileError(f"Berkas terlalu banyak baris (maksimal {MAX_ROWS}).")
    return rows


def read_csv(data: bytes) -> list[SourceRow]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFileError("Berkas CSV harus berenkode UTF-8 (simpan sebagai \u201cCSV UTF-8\u201d).")
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as error:
        raise ImportFileError(f"Berkas CSV tidak dapat dibaca: {error}.")
    if not records:
        raise ImportFileError("Berkas kosong.")
    return _rows_from_table(records[0], records[1:])


def read_xlsx(data: bytes) -> list[SourceRow]:
    from openpyxl import load_workbook

    try:
        with warnings.catch_warnings():
            # Files from other spreadsheet programs often lack styles openpyxl
            # warns about; the cell values are what matter here.
            warnings.simplefilter("ignore")
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a broken file
        raise ImportFileError("Berkas XLSX rusak atau bukan berkas Excel.") from error
    try:
        sheet = book.worksheets[0]
        records = sheet.iter_rows(values_only=True)
        headers = next(records, None)
        if headers is None:
            raise ImportFileError("Lembar kerja pertama kosong.")
        return _rows_from_table(list(headers), records)
    finally:
        book.close()


def read_json(data: bytes, find_type: Callable[[str], Optional[str]]) -> list[SourceRow]:
    try:
        payload = loads_json(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        raise ImportFileError("Berkas JSON tidak valid.")
    if isinstance(payload, dict) and isinstance(payload.get("data"), list):
        payload = payload["data"]
    if not isinstance(payload, list) or not all(isinstance(item, dict) for item in payload):
        raise ImportFileError("Berkas JSON harus berupa larik objek (mis. umpan JDIHN atau hasil ekspor).")
    if len(payload) > MAX_ROWS:
        raise ImportFileError(f"Berkas terlalu banyak baris (maksimal {MAX_ROWS}).")
    rows = []
    for number, item in enumerate(payload, start=1):
        if JDIHN_KEYS & set(item):
            values = from_jdihn(item, find_type)
        else:
            values = {normalise_header(key): _cell(value if not isinstance(value, list)
                                                   else "; ".join(map(str, value)))
                      for key, value in item.items()}
        rows.append(SourceRow(number, values))
    return rows


def read(data: bytes, file_format: str, find_type: Callable[[str], Optional[str]]) -> list[SourceRow]:
    if file_format == "csv":
        return read_csv(data)
    if file_format == "xlsx":
        return read_xlsx(data)
    if file_format == "json":
        return read_json(data, find_type)
    raise ImportFileError("Format berkas tidak didukung (gunakan CSV, XLSX, atau JSON).")


def format_of(filename: str) -> str:
    extension = os.path.splitext(filename or "")[1].lower().lstrip(".")
    if extension not in FORMATS:
        raise ImportFileError("Format berkas tidak didukung (gunakan CSV, XLSX, atau JSON).")
    return extension


# -- keeping the upload between dry run and confirmation ---------------------------

def _folder() -> Path:
    folder = Path(current_app.config["IMPORT_DIR"])
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _remove_stale(folder: Path) -> None:
    cutoff = time.time() - KEEP_SECONDS
    for path in folder.iterdir():
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink()
        except OSError:
            pass  # another request removed it first


@dataclass
class StoredUpload:
    digest: str
    filename: str
    file_format: str
    user_id: Optional[int]
    publish: bool

    @property
    def data_path(self) -> Path:
        return _folder() / f"{self.digest}.{self.file_format}"

    def read_bytes(self) -> bytes:
        return self.data_path.read_bytes()


def store(data: bytes, filename: str, user_id: Optional[int], publish: bool) -> StoredUpload:
    folder = _folder()
    _remove_stale(folder)
    upload = StoredUpload(hashlib.sha256(data).hexdigest(), os.path.basename(filename or "")[:200],
                          format_of(filename), user_id, publish)
    upload.data_path.write_bytes(data)
    meta = {"filename": upload.filename, "format": upload.file_format, "user_id": user_id,
            "publish": publish, "stored": date.today().isoformat()}
    (folder / f"{upload.digest}.json.meta").write_text(json.dumps(meta), encoding="utf-8")
    return upload


def load(digest: str) -> Optional[StoredUpload]:
    """The stored upload with this digest, or None (unknown, expired, bad name)."""
    if not DIGEST.match(digest or ""):
        return None
    meta_path = _folder() / f"{digest}.json.meta"
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    upload = StoredUpload(digest, meta["filename"], meta["format"], meta.get("user_id"),
                          bool(meta.get("publish")))
    return upload if upload.file_format in FORMATS and upload.data_path.is_file() else None


def discard(upload: StoredUpload) -> None:
    for path in (upload.data_path, _folder() / f"{upload.digest}.json.meta"):
        try:
            path.unlink()
        except OSError:
            pass
