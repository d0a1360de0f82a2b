"""Forms of the open-data staff pages: API tokens, import, export."""
from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import BooleanField, HiddenField, SelectField, StringField
from wtforms.validators import DataRequired, Length, Regexp

from jdih.api.tokens import TOKEN_ROLES
from jdih.formutil import choices

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
