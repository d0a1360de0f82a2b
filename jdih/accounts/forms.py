from wtforms import BooleanField, EmailField, HiddenField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional

from jdih.accounts.models import ROLE_LABELS
from jdih.core.forms import IndonesianForm, choices

ROLE_CHOICES = choices(ROLE_LABELS.items())


class LoginForm(IndonesianForm):
    email = EmailField("Email", validators=[DataRequired("Email wajib diisi."), Length(max=254)])
    password = PasswordField("Kata sandi", validators=[DataRequired("Kata sandi wajib diisi.")])
    remember = BooleanField("Ingat saya di perangkat ini")
    next = HiddenField()


class UserCreateForm(IndonesianForm):
    email = EmailField("Email", validators=[DataRequired("Email wajib diisi."),
                                            Length(max=254)])
    name = StringField("Nama", validators=[Length(max=200)])
    role = SelectField("Peran", choices=ROLE_CHOICES)
    password = PasswordField("Kata sandi", validators=[DataRequired("Kata sandi wajib diisi.")])


class UserEditForm(IndonesianForm):
    name = StringField("Nama", validators=[Length(max=200)])
    role = SelectField("Peran", choices=ROLE_CHOICES)
    active = BooleanField("Akun aktif")
    password = PasswordField("Kata sandi baru (kosongkan bila tidak diganti)", validators=[Optional()])
