"""Alert mails through the real Huey consumer (SQLite file storage, and
Redis when configured): the confirmation mail and an amendment's mail are
sent by the worker, not by the request; the time from the commit to the
SMTP server receiving the mail is printed."""
from __future__ import annotations

import time

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select

from jdih.extensions import db
from tasks_support import STORAGES, build_app, dispose, queued_config, running_worker, wait_for


class Sink:
    def __init__(self) -> None:
        self.arrivals: list[tuple[float, bytes]] = []

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd handler hook
        self.arrivals.append((time.monotonic(), envelope.content))
        return "250 OK"


@pytest.fixture(scope="module")
def sink():
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    handler = Sink()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    yield handler, port
    controller.stop()


@pytest.fixture(params=STORAGES)
def wapp(request, database_url, tmp_path, sink):
    app = build_app(queued_config(database_url, tmp_path, request.param, MAIL_HOST="127.0.0.1",
                                  MAIL_PORT=sink[1], SITE_URL="http://jdih.test"))
    yield app
    dispose(app)


def _uu(nomor: str, tahun: int):
    from jdih.catalogue import operations
    from jdih.catalogue.models import Jenis

    uu = db.session.scalar(select(Jenis).where(Jenis.abbreviation == "UU"))
    doc = operations.create_document("peraturan", {"jenis_id": uu.id, "nomor": nomor, "tahun": tahun,
                                                   "judul": f"UU {nomor}/{tahun}"})
    operations.publish(doc)
    return doc


def test_worker_sends_confirmation_and_amendment_mails(wapp, sink):
    from jdih.alerts import events, operations
    from jdih.relations import operations as relations

    handler, _ = sink
    handler.arrivals.clear()
    with wapp.test_request_context():
        target = _uu("7", 2017)
        db.session.commit()
        follow, _ = operations.request_follow("warga@contoh.id", "document", target.slug, "immediate")
        db.session.commit()
        events.send_confirmation(follow.id)  # enqueued, not sent
        token = operations.confirm_token(follow)
        target_id = target.id
    time.sleep(0.3)
    assert handler.arrivals == []
    with running_worker(wapp):
        wait_for(lambda: handler.arrivals, what="the confirmation mail")
        assert b"/ikuti/konfirmasi/" in handler.arrivals[0][1]
        with wapp.test_request_context():
            operations.confirm(token)
            db.session.commit()
            from jdih.catalogue.models import Document

            target = db.session.get(Document, target_id)
            relations.add("mengubah", relations.End.of(_uu("7", 2023)), relations.End.of(target))
            started = time.monotonic()
            db.session.commit()
        wait_for(lambda: len(handler.arrivals) >= 2, what="the amendment mail")
    arrived, content = handler.arrivals[1]
    print(f"\nworker: {1000 * (arrived - started):.1f} ms from commit to SMTP delivery")
    assert b"diubah oleh UU 7/2023" in content and b"http://jdih.test/dokumen/uu-7-2017" in content
