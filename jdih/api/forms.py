"""Forms of the open-data staff pages: API tokens, import, export."""
from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import BooleanField, HiddenField, IntegerField, SelectField, StringField
from wtforms.validators import DataRequired, Length, NumberRange, Optional, Regexp

from jdih.api.tokens import TOKEN_ROLES
from jdih.catalogue.models import DOC_TYPES, STATE_LABELS
from jdih.core.forms import choices

IMPORT_EXTENSIONS = ("csv", "xlsx", "json")


class TokenForm(FlaskForm):
    name = StringField("Nama pemakai token", validators=[
        DataRequired("Nama token wajib diisi."), Length(max=200)])
    role = SelectField("Peran", choices=choices(TOKEN_ROLES.items()))


class ImportUploadForm(FlaskForm):
    file = FileField("Berkas (CSV, XLSX, atau JSON)", validators=[
        FileRequired("Pilih berkas yang akan diimpor."),
        FileAllowed(IMPORT_EXTENSIONS, "Hanya berkas CSV, XLSX, atau JSON.")])
    publish = BooleanField("Terbitkan dokumen baru (bila berkas tidak memuat kolom status_terbit)")


class ImportConfirmForm(FlaskForm):
    digest = HiddenField(validators=[Regexp(r"^[0-9a-f]{64}$", message="Berkas impor tidak dikenal.")])


class ExportForm(FlaskForm):
    """Read from the query string (a GET download), so without CSRF."""

    tipe = SelectField("Tipe", choices=choices([("", "Semua tipe"), *DOC_TYPES.items()]), default="")
    tahun = IntegerField("Tahun", validators=[Optional(), NumberRange(1000, 9999, "Tahun tidak valid.")])
    status = SelectField("Status terbit", choices=choices([("", "Semua"), *STATE_LABELS.items()]), default="")
    format = SelectField("Format", choices=choices([("csv", "CSV"), ("xlsx", "Excel (XLSX)"),
                                                    ("json", "JSON")]))
