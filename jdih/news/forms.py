"""Forms of the news pages (CSRF via FlaskForm)."""
from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import DateField, HiddenField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from jdih.news.models import News


def _fits(name: str, label: str) -> Length:
    """The column's length, so the form refuses what the database would."""
    limit = News.__table__.columns[name].type.length
    return Length(max=limit, message=f"{label} terlalu panjang (maksimal {limit} karakter).")


#: The body is unbounded text; this keeps pastes within reason.
BODY_MAX = 200_000


class NewsForm(FlaskForm):
    title = StringField("Judul", validators=[DataRequired("Judul wajib diisi."), _fits("title", "Judul")])
    news_date = DateField("Tanggal", validators=[DataRequired("Tanggal wajib diisi dengan tanggal yang valid.")])
    place = StringField("Tempat", validators=[Optional(), _fits("place", "Tempat")])
    body = TextAreaField(
        "Isi berita", validators=[DataRequired("Isi berita wajib diisi."), Length(
            max=BODY_MAX, message=f"Isi berita terlalu panjang (maksimal {BODY_MAX} karakter).")],
        description="HTML sederhana diperbolehkan (paragraf, tebal, miring, daftar, tautan http/https). "
                    "Skrip, gaya, dan atribut lain dibuang otomatis.")
    credit = StringField("Kredit", validators=[Optional(), _fits("credit", "Kredit")],
                         description="Mis. rhd/ed. Foto: awh/KPU Kota Semarang")
    tags = StringField("Tag", validators=[Optional(), Length(max=1000)],
                       description="Pisahkan dengan koma.")
    #: The version the form was loaded at (jdih.core.versioning).
    version = HiddenField()


class PhotoForm(FlaskForm):
    file = FileField("Foto", validators=[FileRequired("Pilih berkas foto.")])
    caption = StringField("Keterangan foto", validators=[Optional(), Length(max=300)])


class CitationLinkForm(FlaskForm):
    """Link one citation to a document chosen by hand."""

    document = StringField("Dokumen", validators=[DataRequired("Sebutkan dokumennya."), Length(max=300)],
                           description="Identitas (mis. UU 7/2017), ID, atau alamat halaman dokumen.")


class PhraseLinkForm(FlaskForm):
    """Link a phrase the parser did not recognise."""

    phrase = StringField("Frasa dalam berita", validators=[DataRequired("Tuliskan frasanya."),
                                                           Length(max=300)])
    document = StringField("Dokumen", validators=[DataRequired("Sebutkan dokumennya."), Length(max=300)],
                           description="Identitas (mis. UU 7/2017), ID, atau alamat halaman dokumen.")


class DismissForm(FlaskForm):
    """Leave one identity out of the worklist of uncatalogued citations."""

    identity = HiddenField(validators=[DataRequired("Identitas tidak ada."), Length(max=200)])
