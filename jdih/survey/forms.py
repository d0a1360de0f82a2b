"""The survey form: nine 1-4 questions, an optional comment, and two traps
for robots (a field people never see, and a signed time the form was shown)."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from jdih.core.forms import choices
from jdih.survey.elements import ELEMENTS, SCALE

COMMENT_MAX = 2000


class SurveyForm(FlaskForm):
    comment = TextAreaField("Saran atau komentar (tidak wajib)", validators=[Optional(), Length(
        max=COMMENT_MAX, message=f"Komentar terlalu panjang (maksimal {COMMENT_MAX} karakter).")])
    #: Hidden from people by CSS; a robot filling every field fills this one too.
    website = StringField("Jangan diisi", validators=[Optional()])
    #: When the form was shown, signed (see operations.form_stamp).
    stamp = HiddenField()


for _number, _element in enumerate(ELEMENTS, start=1):
    setattr(SurveyForm, _element.key, RadioField(
        f"{_number}. {_element.question}",
        choices=choices((str(value), answer) for value, answer in zip(SCALE, _element.answers)),
        validators=[InputRequired(f"Pilih salah satu jawaban untuk unsur {_element.label}.")]))


def element_fields(form: SurveyForm) -> list:
    return [form[element.key] for element in ELEMENTS]
