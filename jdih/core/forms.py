"""Small helpers shared by every area's forms."""
from __future__ import annotations

from typing import Any, Iterable

from flask_wtf import FlaskForm
from wtforms import SelectChoice


def choices(pairs: Iterable[tuple[Any, str]]) -> list[SelectChoice]:
    """SelectField choices from (value, label) pairs (WTForms 3.3 style)."""
    return [SelectChoice(value, label) for value, label in pairs]


# WTForms ships no Indonesian catalogue and Babel is not installed: the
# built-in messages people can meet, in Indonesian.
_MESSAGES_ID = {
    "This field is required.": "Isian ini wajib diisi.",
    "Invalid input.": "Isian tidak valid.",
    "Invalid email address.": "Alamat email tidak valid.",
    "Invalid URL.": "URL tidak valid.",
    "Not a valid choice.": "Pilihan tidak valid.",
    "Invalid Choice: could not coerce.": "Pilihan tidak valid.",
    "Invalid choice(s): one or more data inputs could not be coerced.": "Pilihan tidak valid.",
    "Not a valid integer value.": "Harus berupa bilangan bulat.",
    "Not a valid decimal value.": "Harus berupa angka.",
    "Not a valid float value.": "Harus berupa angka.",
    "Not a valid date value.": "Tanggal tidak valid (gunakan format TTTT-BB-HH).",
    "Not a valid datetime value.": "Tanggal dan waktu tidak valid.",
    "Not a valid time value.": "Waktu tidak valid.",
    "Field cannot be longer than %(max)d character.": "Isian tidak boleh lebih dari %(max)d karakter.",
    "Field cannot be longer than %(max)d characters.": "Isian tidak boleh lebih dari %(max)d karakter.",
    "Field must be at least %(min)d character long.": "Isian minimal %(min)d karakter.",
    "Field must be at least %(min)d characters long.": "Isian minimal %(min)d karakter.",
    "Field must be between %(min)d and %(max)d characters long.": "Isian harus %(min)d sampai %(max)d karakter.",
    "Number must be at least %(min)s.": "Angka minimal %(min)s.",
    "Number must be at most %(max)s.": "Angka maksimal %(max)s.",
    "Number must be between %(min)s and %(max)s.": "Angka harus antara %(min)s dan %(max)s.",
    "The CSRF token is missing.": "Sesi formulir tidak valid. Muat ulang halaman dan coba lagi.",
    "The CSRF token is invalid.": "Sesi formulir tidak valid. Muat ulang halaman dan coba lagi.",
    "The CSRF token has expired.": "Sesi formulir kedaluwarsa. Muat ulang halaman dan coba lagi.",
}


class IndonesianTranslations:
    def gettext(self, string: str) -> str:
        return _MESSAGES_ID.get(string, string)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.gettext(singular if n == 1 else plural)


class IndonesianForm(FlaskForm):
    """A FlaskForm whose built-in validation messages are in Indonesian."""

    class Meta:
        def get_translations(self, form: Any) -> IndonesianTranslations:
            return IndonesianTranslations()
