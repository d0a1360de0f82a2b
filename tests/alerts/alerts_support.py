"""A real SMTP server (aiosmtpd) and a real HTTP receiver on loopback, and
small helpers for the alerts tests (not a test module)."""
from __future__ import annotations

import email
import email.policy
import json
import re
import socket
import threading
import time
from dataclasses import dataclass, field
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Optional

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select

from conftest import make_config
from jdih.catalogue import operations
from jdih.catalogue.models import Jenis
from jdih.extensions import db

SITE_URL = "http://jdih.test"
LINK_RE = re.compile(r"http://jdih\.test/[^\s<>\"]+")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Mailbox:
    """What the SMTP server received: (monotonic arrival, message)."""

    received: list[tuple[float, EmailMessage]] = field(default_factory=list)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # aiosmtpd hook
        if address.startswith("tolak@"):
            return "550 no such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd handler hook
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.received.append((time.monotonic(), message))
        return "250 OK"

    def clear(self) -> None:
        self.received.clear()

    @property
    def messages(self) -> list[EmailMessage]:
        return [message for _, message in self.received]

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages if m["To"] == address]

    def wait_for(self, count: int, timeout: float = 10.0) -> list[EmailMessage]:
        deadline = time.monotonic() + timeout
        while len(self.received) < count and time.monotonic() < deadline:
            time.sleep(0.02)
        return self.messages


class SmtpServer:
    def __init__(self) -> None:
        self.mailbox = Mailbox()
        self.port = free_port()
        self.controller = Controller(self.mailbox, hostname="127.0.0.1", port=self.port)

    def __enter__(self) -> "SmtpServer":
        self.controller.start()
        return self

    def __exit__(self, *exc) -> None:
        self.controller.stop()


def text_of(message: EmailMessage) -> str:
    return message.get_body(("plain",)).get_content()


def html_of(message: EmailMessage) -> str:
    return message.get_body(("html",)).get_content()


def links(message: EmailMessage) -> list[str]:
    return LINK_RE.findall(text_of(message))


def local_path(url: str) -> str:
    return url[len(SITE_URL):]


@dataclass
class Receiver:
    """An HTTP server recording POSTs; ``statuses`` answers them in turn
    (then 200)."""

    statuses: list[int] = field(default_factory=list)
    location: Optional[str] = None
    requests: list[tuple[float, Any, bytes]] = field(default_factory=list)
    server: Optional[ThreadingHTTPServer] = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/hook"

    def start(self) -> "Receiver":
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 (http.server's name)
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                receiver.requests.append((time.monotonic(), self.headers, body))  # case-insensitive
                status = receiver.statuses.pop(0) if receiver.statuses else 200
                self.send_response(status)
                if receiver.location:
                    self.send_header("Location", receiver.location)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):  # keep test output quiet
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def payloads(self) -> list[dict]:
        return [json.loads(body) for _, _, body in self.requests]


def jenis(abbreviation: str) -> Jenis:
    return db.session.scalar(select(Jenis).where(Jenis.abbreviation == abbreviation))


def make_doc(abbreviation: str, nomor: str, tahun: int, *, publish: bool = True, **values):
    """A regulation or ruling ('UU 7/2017'), published unless told; the caller commits."""
    j = jenis(abbreviation)
    data = {"jenis_id": j.id, "nomor": nomor, "tahun": tahun,
            "judul": values.pop("judul", f"{abbreviation} {nomor} tahun {tahun}")}
    data.update(values)
    doc = operations.create_document(j.doc_type, data)
    if publish:
        operations.publish(doc)
    return doc


# -- fixtures (imported by the test modules: mails go to a real SMTP server) --


@pytest.fixture(scope="module")
def smtp():
    with SmtpServer() as server:
        yield server


@pytest.fixture
def mailbox(smtp):
    smtp.mailbox.clear()
    return smtp.mailbox


@pytest.fixture
def app_config(database_url, tmp_path, smtp) -> dict:
    return make_config(database_url, tmp_path, MAIL_HOST="127.0.0.1", MAIL_PORT=smtp.port,
                       SITE_URL=SITE_URL, WEBHOOK_RETRY_SECONDS=0.2, WEBHOOK_TIMEOUT=5,
                       WEBHOOK_ALLOW_PRIVATE=True)
