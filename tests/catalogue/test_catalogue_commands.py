"""`flask catalogue seed-vocabularies` fills what a new installation lacks."""
from __future__ import annotations

from sqlalchemy import delete, func, select

from jdih.catalogue.models import Jenis, Term
from jdih.extensions import db


def test_seed_vocabularies_adds_only_what_is_missing(app, runner):
    with app.app_context():
        before = db.session.scalar(select(func.count()).select_from(Jenis))
        db.session.execute(delete(Jenis).where(Jenis.abbreviation.in_(["UU", "PKPU"])))
        db.session.execute(delete(Term).where(Term.label == "Inggris"))
        db.session.commit()
    result = runner.invoke(args=["catalogue", "seed-vocabularies"])
    assert result.exit_code == 0
    assert "3 entri baru" in result.output
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Jenis)) == before
    assert "0 entri baru" in runner.invoke(args=["catalogue", "seed-vocabularies"]).output
