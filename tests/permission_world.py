"""The world of the permission matrix: the records its path templates name
("{draft.slug}", "{news.id}", "{upload.digest}"), each created on first use,
so a fresh world for one allowed POST costs only the records it touches."""
from __future__ import annotations

import io
from datetime import date
from types import SimpleNamespace
from typing import Any, Callable

from PIL import Image
from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from conftest import PASSWORD
from jdih.extensions import db
from pdfs import make_pdf

YEAR = 2020


# -- the world ------------------------------------------------------------------------

class World(dict):
    """Template values; a missing one is built by ``BUILDERS`` on first use."""

    def __init__(self, app, number: int, shared: dict[str, Any]):
        super().__init__(shared, n=number, year=YEAR)
        self.app = app

    def __missing__(self, key: str) -> Any:
        if key not in BUILDERS:
            raise KeyError(key)
        with self.app.test_request_context():
            value = BUILDERS[key](self)
            db.session.commit()
        self[key] = value
        return value

    def format(self, template: str) -> str:
        return template.format_map(self)


def png(seed: int) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4 + seed % 50, 4), (0, 90, 160)).save(buffer, "PNG")
    return buffer.getvalue()


def _document(label: str, number: int, *, doc_type: str = "peraturan", state: str = "published",
              visibility: str = "public", deleted: bool = False):
    def build(world: World) -> SimpleNamespace:
        from jdih.catalogue import attachments, operations
        from jdih.catalogue.models import Jenis

        n = world["n"]
        if doc_type == "peraturan":
            values = {"jenis_id": world["jenis_id"], "nomor": str(n * 10 + number), "tahun": YEAR}
            # One pasal, so the regulation gets a structure (reading view, API).
            data, filename = make_pdf([f"{label} {n}\nPasal 1\nKetentuan uji {label}."]), f"{label}.pdf"
            role = "naskah"
        else:
            jenis = db.session.scalar(select(Jenis.id).where(Jenis.name == "Laporan Kegiatan"))
            values = {"jenis_id": jenis, "tahun": YEAR, "tanggal_mulai": date(2024, 5, 1), "abstrak": "Ringkasan"}
            data, filename, role = png(n), "foto.png", "foto"
        doc = operations.create_document(doc_type, {**values, "judul": f"Uji {label} {n}"})
        attachment = attachments.add_attachment(doc, FileStorage(io.BytesIO(data), filename), role)
        if state == "published":
            operations.publish(doc)
        if deleted:
            operations.delete(doc)
        doc.visibility = visibility
        return SimpleNamespace(id=doc.id, slug=doc.slug, attachment_id=attachment.id, filename=attachment.filename,
                               file_url=f"/dokumen/{doc.slug}/berkas/{attachment.id}/{attachment.filename}")
    return build


def _user(world: World) -> SimpleNamespace:
    from jdih.accounts.operations import create_user

    return SimpleNamespace(id=create_user(f"korban{world['n']}@uji.id", PASSWORD, "partner").id)


NEWS_BODY = "<p>Sesuai Undang-Undang Nomor 43 Tahun 2009 dan UU Kearsipan.</p>"


def _news(label: str, publish: bool = False, deleted: bool = False):
    def build(world: World) -> SimpleNamespace:
        from jdih.news import operations as news_ops

        news = news_ops.create_news({"title": f"Berita {label} {world['n']}", "news_date": date(2025, 10, 21),
                                     "body": NEWS_BODY})
        if publish:
            news_ops.publish(news)
        if deleted:
            news_ops.delete(news)
        return SimpleNamespace(id=news.id, slug=news.slug)
    return build


def _photo(world: World) -> SimpleNamespace:
    from jdih.news import operations as news_ops
    from jdih.news.models import News

    news = db.session.get(News, world["news"].id)
    photo = news_ops.add_photo(news, FileStorage(io.BytesIO(png(world["n"])), "foto.png"), "Foto")
    return SimpleNamespace(id=photo.id, filename=photo.filename)


def _citation(world: World) -> SimpleNamespace:
    from jdih.citations.models import NewsCitation

    return SimpleNamespace(id=db.session.scalar(select(NewsCitation.id).where(
        NewsCitation.news_id == world["news"].id).order_by(NewsCitation.start)))


def _alias(world: World) -> SimpleNamespace:
    from jdih.citations.resolve import save_alias

    n = world["n"]
    return SimpleNamespace(id=save_alias(None, "UU", f"Uji{n}", f"UU Uji {n}", "UU 43/2009").id)


def _synonym(world: World) -> SimpleNamespace:
    from jdih.search.synonyms import save

    return SimpleNamespace(id=save(None, f"uji{world['n']}", "istilah resmi uji").id)


def _api_token(world: World) -> SimpleNamespace:
    from jdih.api import tokens

    return SimpleNamespace(id=tokens.issue_token(f"Mitra {world['n']}")[0].id)


def import_csv(n: int) -> bytes:
    return f"tipe,jenis,nomor,tahun,judul\nperaturan,UU,{9000 + n},{YEAR},Impor uji {n}\n".encode()


def _upload(world: World) -> SimpleNamespace:
    from jdih.api import import_files

    return SimpleNamespace(digest=import_files.store(import_csv(world["n"]), "impor.csv",
                                                     world["admin_id"], False).digest)


def _import_job(world: World) -> SimpleNamespace:
    from jdih.tasks import jobs

    return SimpleNamespace(id=jobs.create("import_apply", {"digest": "0" * 64}, world["admin_id"]).id)


def _relation(world: World) -> SimpleNamespace:
    from jdih.catalogue.models import Document
    from jdih.relations import operations as rel

    doc = db.session.get(Document, world["public"].id)
    return SimpleNamespace(id=rel.add_from_document(doc, "mencabut", f"UU 8/{1900 + world['n']}").id)


def _follow(world: World) -> SimpleNamespace:
    """An anonymous follow of the public document, with its signed links."""
    from jdih.alerts import operations as alerts

    follow, _ = alerts.request_follow(f"pengikut{world['n']}@uji.id", "document", world["public"].slug,
                                      "immediate")
    return SimpleNamespace(id=follow.id, confirm=alerts.confirm_token(follow),
                           unsubscribe=alerts.unsubscribe_token(follow))


def _partner_follow(world: World) -> SimpleNamespace:
    """The shared partner account's follow of the public document."""
    from jdih.accounts.models import User
    from jdih.alerts import operations as alerts

    partner = db.session.get(User, world["partner_id"])
    return SimpleNamespace(id=alerts.follow_as_user(partner, "document", world["public"].slug, "daily").id)


def _webhook(world: World) -> SimpleNamespace:
    """A webhook of the shared bearer token (the "token" role's)."""
    from jdih.alerts import webhooks
    from jdih.api.models import ApiToken
    from jdih.api.tokens import ApiPrincipal, hash_token

    token = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == hash_token(world["bearer"])))
    return SimpleNamespace(id=webhooks.create(ApiPrincipal(token.id, token.role), "https://mitra.example/h")[0].id)


BUILDERS: dict[str, Callable[[World], Any]] = {
    "public": _document("publik", 1),
    "draft": _document("draf", 2, state="draft"),
    "partner": _document("mitra", 3, visibility="partner"),
    "internal": _document("internal", 4, visibility="internal"),
    "deleted": _document("dihapus", 5, deleted=True),
    "laporan": _document("laporan", 6, doc_type="laporan"),
    "user": _user,
    "news": _news("terbit", publish=True),
    "news_draft": _news("draf"),
    "news_deleted": _news("dihapus", deleted=True),
    "photo": _photo,
    "citation": _citation,
    "alias": _alias,
    "synonym": _synonym,
    "api_token": _api_token,
    "upload": _upload,
    "import_job": _import_job,
    "relation": _relation,
    "follow": _follow,
    "partner_follow": _partner_follow,
    "webhook": _webhook,
}


def seed_shared(app) -> dict[str, Any]:
    """What every world shares: the role accounts, the UU type, the law the
    news items cite, the standard aliases, and the bearer token of "token"."""
    from jdih.accounts.operations import create_user
    from jdih.api import tokens
    from jdih.catalogue import operations
    from jdih.catalogue.models import Jenis
    from jdih.citations.resolve import seed_aliases

    with app.test_request_context():
        shared = {f"{role}_id": create_user(f"{role}@uji.id", PASSWORD, role).id
                  for role in ("admin", "editor", "partner")}
        uu = db.session.scalar(select(Jenis.id).where(Jenis.abbreviation == "UU"))
        shared["jenis_id"] = uu
        law = operations.create_document("peraturan", {"jenis_id": uu, "nomor": "43", "tahun": 2009,
                                                       "judul": "Kearsipan"})
        operations.publish(law)
        seed_aliases()
        shared["bearer"] = tokens.issue_token("Mitra bersama")[1]
        db.session.commit()
    return shared
