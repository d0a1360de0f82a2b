"""Forms of the news pages (CSRF via FlaskForm)."""
from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import DateField, HiddenField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional


class NewsForm(FlaskForm):
    title = StringField("Judul", validators=[DataRequired("Judul wajib diisi."),
                                             Length(max=300, message="Judul terlalu panjang.")])
    news_date = DateField("Tanggal", validators=[DataRequired("Tanggal wajib diisi dengan tanggal yang valid.")])
    place = StringField("Tempat", validators=[Optional(), Length(max=200, message="Tempat terlalu panjang.")])
    body = TextAreaField(
        "Isi berita", validators=[DataRequired("Isi berita wajib diisi.")],
        description="HTML sederhana diperbolehkan (paragraf, tebal, miring, daftar, tautan http/https). "
                    "Skrip, gaya, dan atribut lain dibuang otomatis.")
    credit = StringField("Kredit", validators=[Optional(), Length(max=300, message="Kredit terlalu panjang.")],
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
