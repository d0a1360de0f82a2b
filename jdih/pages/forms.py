"""The member page editor (CSRF via FlaskForm)."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

BODY_MAX = 200_000


class PageForm(FlaskForm):
    title = StringField("Judul", validators=[DataRequired("Judul wajib diisi."), Length(
        max=200, message="Judul terlalu panjang (maksimal 200 karakter).")])
    body = TextAreaField("Isi", validators=[Optional(), Length(
        max=BODY_MAX, message=f"Isi terlalu panjang (maksimal {BODY_MAX} karakter).")],
        description="HTML sederhana diperbolehkan (paragraf, judul, tebal, miring, daftar, tautan "
                    "http/https/mailto). Skrip, gaya, dan atribut lain dibuang otomatis.")
    summary = TextAreaField("Ringkasan untuk kaki halaman", validators=[Optional(), Length(
        max=500, message="Ringkasan terlalu panjang (maksimal 500 karakter).")],
        description="Teks biasa. Pada halaman Kontak, ringkasan ini tampil di kaki setiap halaman "
                    "(mis. alamat, telepon, surel).")
    version = HiddenField()
