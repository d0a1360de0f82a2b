from wtforms import SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional

from jdih.catalogue.models import DOC_TYPES, VOCABULARIES
from jdih.core.forms import IndonesianForm, choices

CITATION_TYPES = ("", "UUD", "UU", "PERPPU", "PP", "PERPRES", "KEPPRES", "PERMEN", "PERDA", "PKPU",
                  "KEPKPU", "PERBAWASLU", "PERDKPP", "PUTUSAN_MK", "PUTUSAN_MA", "PUTUSAN_DKPP",
                  "PUTUSAN_OTHER", "OTHER")


class JenisForm(IndonesianForm):
    doc_type = SelectField("Tipe dokumen", choices=choices(DOC_TYPES.items()))
    name = StringField("Nama jenis", validators=[DataRequired("Nama jenis wajib diisi."), Length(max=200)])
    abbreviation = StringField("Singkatan", validators=[Optional(), Length(max=60)],
                               description="Dipakai dalam identitas, mis. UU, PKPU, MK.")
    citation_type = SelectField("Tipe sitasi", choices=choices((c, c or "—") for c in CITATION_TYPES),
                                validators=[Optional()])


class TermForm(IndonesianForm):
    vocabulary = SelectField("Kosakata", choices=choices(VOCABULARIES.items()))
    label = StringField("Istilah", validators=[DataRequired("Istilah wajib diisi."), Length(max=200)])
