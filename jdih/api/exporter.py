"""Exporting the catalogue as CSV, XLSX or JSON, in the columns the importer
reads (``jdih.api.columns``), so an export can be edited and imported back."""
from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime
from typing import Iterable, Iterator, Optional

from sqlalchemy import Select, select
from sqlalchemy.orm import joinedload, selectinload

from jdih.api.columns import (
    COLUMNS, HEADERS, STATE_NAMES, SUBJECT_SEPARATOR, VISIBILITY_NAMES, Column,
)
from jdih.catalogue.fields import fields_for
from jdih.catalogue.models import Document
from jdih.extensions import db

#: Spreadsheet programs run a cell starting with these as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
BATCH = 500
MIME_TYPES = {"csv": "text/csv", "json": "application/json",
              "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def export_query(doc_type: Optional[str], year: Optional[int], state: Optional[str]) -> Select:
    """Every undeleted document (any visibility: staff export), filtered."""
    query = select(Document).where(Document.is_deleted.is_(False))
    if doc_type:
        query = query.where(Document.doc_type == doc_type)
    if year:
        query = query.where(Document.tahun == year)
    if state:
        query = query.where(Document.state == state)
    return query.order_by(Document.doc_type, Document.id)


def _value(doc: Document, column: Column, own: set[str]) -> str:
    if column.kind == "type":
        return doc.doc_type
    if column.kind == "state":
        return STATE_NAMES.get(doc.state, doc.state)
    if column.kind == "visibility":
        return VISIBILITY_NAMES.get(doc.visibility, doc.visibility)
    if column.name == "identitas":
        return doc.display_identity
    if column.name == "slug":
        return doc.slug
    if column.kind == "version":
        return str(doc.version)
    if column.field not in own:
        return ""
    if column.kind == "jenis":
        return doc.jenis.name if doc.jenis else ""
    if column.kind == "term":
        term = getattr(doc, column.field.removesuffix("_id"))
        return term.label if term else ""
    if column.kind == "subjects":
        return SUBJECT_SEPARATOR.join(term.label for term in doc.subjects)
    value = getattr(doc, column.field)
    if value is None:
        return ""
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return str(value)


def document_row(doc: Document) -> dict[str, str]:
    own = {field.name for field in fields_for(doc.doc_type)}
    return {column.name: _value(doc, column, own) for column in COLUMNS}


def rows(query: Select) -> Iterator[dict[str, str]]:
    """Rows in batches, so a large catalogue never sits in memory at once."""
    last_id = 0
    while True:
        batch = list(db.session.scalars(
            query.where(Document.id > last_id).order_by(None).order_by(Document.id).limit(BATCH)
            .options(joinedload(Document.bahasa), joinedload(Document.bidang),
                     selectinload(Document.subjects))).unique())
        if not batch:
            return
        for doc in batch:
            yield document_row(doc)
        last_id = batch[-1].id


def guard(value: str) -> str:
    """Keep a spreadsheet from running a cell as a formula (the importer
    strips the quote again)."""
    return "'" + value if value.startswith(FORMULA_START) and len(value) > 1 else value


def to_csv(records: Iterable[dict[str, str]]) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(HEADERS)
    for record in records:
        writer.writerow([guard(record[name]) for name in HEADERS])
    return ("\ufeff" + out.getvalue()).encode("utf-8")  # BOM: Excel then reads UTF-8


def to_xlsx(records: Iterable[dict[str, str]]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Katalog")
    sheet.append(list(HEADERS))
    for record in records:
        cells = []
        for name in HEADERS:
            cell = WriteOnlyCell(sheet, value=record[name] or None)
            if cell.data_type == "f":  # text that merely starts with "=": keep it text
                cell.data_type = "s"
            cells.append(cell)
        sheet.append(cells)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def to_json(records: Iterable[dict[str, str]]) -> bytes:
    body = [{name: value for name, value in record.items() if value != ""} for record in records]
    return json.dumps(body, ensure_ascii=False, indent=1).encode("utf-8")


WRITERS = {"csv": to_csv, "xlsx": to_xlsx, "json": to_json}


def export(file_format: str, query: Select) -> bytes:
    return WRITERS[file_format](rows(query))
