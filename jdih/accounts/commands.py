"""``flask --app jdih users ...``: account management from the shell."""
from __future__ import annotations

import click
from flask.cli import AppGroup
from sqlalchemy import select

from jdih.accounts import operations
from jdih.accounts.models import ROLES, User
from jdih.extensions import db

users_cli = AppGroup("users", help="Kelola akun pengguna.")


@users_cli.command("create")
@click.argument("email")
@click.option("--role", type=click.Choice(ROLES), default="editor", show_default=True)
@click.option("--name", default="")
@click.password_option("--password", prompt="Kata sandi", confirmation_prompt="Ulangi kata sandi")
def create_command(email: str, role: str, name: str, password: str) -> None:
    """Create an account; the password is asked for, never echoed."""
    try:
        user = operations.create_user(email, password, role, name)
    except operations.AccountError as error:
        db.session.rollback()
        raise click.ClickException(error.message) from None
    db.session.commit()
    click.echo(f"Pengguna {user.email} dibuat dengan peran {user.role}.")


@users_cli.command("list")
def list_command() -> None:
    for user in db.session.scalars(select(User).order_by(User.email)):
        state = "aktif" if user.active else "nonaktif"
        click.echo(f"{user.email}\t{user.role}\t{state}")


@users_cli.command("set-password")
@click.argument("email")
@click.password_option("--password", prompt="Kata sandi baru", confirmation_prompt="Ulangi kata sandi")
def set_password_command(email: str, password: str) -> None:
    """Set a new password for an account."""
    user = operations.find_user(email)
    if user is None:
        raise click.ClickException(f"Pengguna {email} tidak ditemukan.")
    try:
        operations.update_user(user, name=user.name, role=user.role, active=user.active, password=password)
    except operations.AccountError as error:
        db.session.rollback()
        raise click.ClickException(error.message) from None
    db.session.commit()
    click.echo(f"Kata sandi {user.email} diganti.")
