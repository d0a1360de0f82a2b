"""Staff forms of the relations section on the document edit page."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import DateField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from jdih.core.forms import choices
from jdih.relations.models import RESULTS, STATUSES
from jdih.relations.operations import DIRECTION_LABELS


class TanggalField(DateField):
    """A date field whose parse error is in Indonesian."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError as error:
            raise ValueError("Tanggal tidak valid; gunakan format TTTT-BB-HH.") from error


class RelationForm(FlaskForm):
    direction = SelectField(
        "Dokumen ini", choices=choices(DIRECTION_LABELS.items()),
        validators=[DataRequired("Pilih jenis relasi.")])
    other = StringField(
        "Dokumen lain", validators=[DataRequired("Isi identitas dokumen lain."), Length(max=300)],
        description="Identitas atau sebutan lengkap, mis. UU 7/2017, PKPU 8/2024, "
                    "MK 90/PUU-XXI/2023, atau Undang-Undang Nomor 7 Tahun 2017. Dokumen yang "
                    "belum ada di katalog akan tertaut otomatis saat ditambahkan.")
    pasal = StringField("Pasal yang terkait", validators=[Optional(), Length(max=5000)],
                        description="Mis. Pasal 169 huruf q; kosongkan bila seluruh dokumen.")
    effective_date = TanggalField("Tanggal berlaku", validators=[Optional()],
                               description="Kosongkan bila sama dengan tanggal dokumen yang bertindak.")
    result = SelectField("Hasil pengujian",
                         choices=choices([("", "-")] + list(RESULTS.items())),
                         validators=[Optional()], description="Hanya untuk relasi menguji.")
    #: Where to go back to when a suggestion is added from another document's page.
    back_to = HiddenField()


class StatusOverrideForm(FlaskForm):
    status = SelectField("Status yang ditetapkan",
                         choices=choices([("", "Ikuti status turunan")] + [(s, s) for s in STATUSES]),
                         validators=[Optional()])
    reason = TextAreaField("Alasan", validators=[Optional(), Length(max=2000)],
                           description="Wajib bila menetapkan status; tampil di halaman publik "
                                       "sebagai keterangan status dan tercatat di log audit.")
