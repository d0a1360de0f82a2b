"""WTForms built from the field declarations of each document type."""
from __future__ import annotations

from datetime import date
from typing import Any

from flask_wtf.file import FileField
from wtforms import (
    DateField, HiddenField, IntegerField, SelectField, StringField, TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from jdih.catalogue.fields import (
    SUBJECT_MAX, SUBJECTS_MAX, Field, fields_for, max_length, too_long_message,
)
from jdih.catalogue.models import ATTACHMENT_ROLES, VISIBILITY_LABELS
from jdih.catalogue.vocabulary import jenis_choices, term_choices
from jdih.core.forms import IndonesianForm, choices

REQUIRED = "{label} wajib diisi."


def _validators(field: Field) -> list[Any]:
    validators: list[Any] = [DataRequired(REQUIRED.format(label=field.label))] if field.required else [Optional()]
    if field.kind in ("text", "textarea"):
        limit = max_length(field.name)
        if limit:
            validators.append(Length(max=limit, message=too_long_message(field.label, limit)))
    return validators


def _check_subjects(form: Any, field: Any) -> None:
    text = field.data or ""
    if len(text) > SUBJECTS_MAX:
        raise ValidationError(too_long_message(field.label.text, SUBJECTS_MAX))
    if any(len(part.strip()) > SUBJECT_MAX for part in text.split(",")):
        raise ValidationError(f"{field.label.text} terlalu panjang (maksimal {SUBJECT_MAX} karakter per subjek).")


def _wtforms_field(field: Field, doc_type: str) -> Any:
    validators = _validators(field)
    kwargs: dict[str, Any] = {"validators": validators, "description": field.help}
    if field.kind == "textarea":
        return TextAreaField(field.label, **kwargs)
    if field.kind == "date":
        return DateField(field.label, **kwargs)
    if field.kind in ("int", "year"):
        low, high = (1800, date.today().year + 1) if field.kind == "year" else (0, 100000)
        validators.append(NumberRange(low, high, f"{field.label} harus antara {low} dan {high}."))
        return IntegerField(field.label, **kwargs)
    if field.kind == "choice":
        return SelectField(field.label, choices=choices([("", "—")] + [(c, c) for c in field.choices]), **kwargs)
    if field.kind in ("jenis", "bahasa", "bidang"):
        return SelectField(field.label, coerce=_int_or_none, **kwargs)
    if field.kind == "subjects":
        validators.append(_check_subjects)
    return StringField(field.label, **kwargs)


def _int_or_none(value: Any) -> int | None:
    if value in (None, "", "None"):
        return None
    return int(value)


class DocumentFormBase(IndonesianForm):
    visibility = SelectField("Visibilitas", choices=choices(VISIBILITY_LABELS.items()),
                             description="Publik: semua orang. Mitra: juga mitra seperti Bawaslu. "
                                         "Internal: hanya staf.")
    #: The version the form was loaded at (jdih.core.versioning).
    version = HiddenField()


_form_classes: dict[str, type] = {}


def document_form_class(doc_type: str) -> type:
    """One form class per type, made once from the declarations."""
    if doc_type not in _form_classes:
        attrs = {field.name: _wtforms_field(field, doc_type) for field in fields_for(doc_type)}
        _form_classes[doc_type] = type(f"{doc_type.title()}Form", (DocumentFormBase,), attrs)
    return _form_classes[doc_type]


def make_document_form(doc_type: str, **kwargs: Any) -> IndonesianForm:
    form = document_form_class(doc_type)(**kwargs)
    for field in fields_for(doc_type):
        widget = getattr(form, field.name)
        if field.kind == "jenis":
            widget.choices = choices([("", "— pilih —")] + [(j.id, j.name) for j in jenis_choices(doc_type)])
        elif field.kind in ("bahasa", "bidang"):
            widget.choices = choices([("", "—")] + [(t.id, t.label) for t in term_choices(field.kind)])
    return form


def form_values(form: IndonesianForm, doc_type: str) -> dict[str, Any]:
    """The submitted values keyed by field name, ready for operations.apply_values."""
    values: dict[str, Any] = {"visibility": form.visibility.data}
    for field in fields_for(doc_type):
        data = getattr(form, field.name).data
        if field.kind == "subjects":
            data = [part.strip() for part in (data or "").split(",")]
        elif isinstance(data, str):
            data = data.strip()
        values[field.name] = data
    return values


def fill_form_from(form: IndonesianForm, doc: Any) -> None:
    """Put a document's values into a fresh form (GET of the edit page)."""
    form.visibility.data = doc.visibility
    form.version.data = doc.version
    for field in fields_for(doc.doc_type):
        widget = getattr(form, field.name)
        if field.kind == "subjects":
            widget.data = ", ".join(term.label for term in doc.subjects)
        else:
            widget.data = getattr(doc, field.name)


class AttachmentForm(IndonesianForm):
    role = SelectField("Peran berkas", choices=choices(ATTACHMENT_ROLES.items()))
    title = StringField("Keterangan (opsional)", validators=[Optional(), Length(max=300)])
    file = FileField("Berkas (PDF; gambar untuk foto laporan kegiatan)",
                     validators=[DataRequired("Pilih berkas untuk diunggah.")],
                     # A hint for the file picker only; the server checks the content.
                     render_kw={"accept": ".pdf,application/pdf,image/jpeg,image/png,image/webp"})
