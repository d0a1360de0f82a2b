"""Journey: a visitor follows UU 7/2017 by email, confirms the mailed link,
an editor records an amendment, the mail arrives (a real SMTP server on
loopback) with a link to the document, and its unsubscribe link works."""
from __future__ import annotations

import email
import email.policy
import re
import socket
import time

import pytest
from aiosmtpd.controller import Controller
from playwright.sync_api import expect
from sqlalchemy import select

from browser.conftest import login, logout

pytestmark = pytest.mark.browser


class Inbox:
    def __init__(self) -> None:
        self.messages: list = []

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd handler hook
        self.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
        return "250 OK"

    def wait(self, count: int, timeout: float = 10.0):
        deadline = time.monotonic() + timeout
        while len(self.messages) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(self.messages) >= count, f"{len(self.messages)} mails, expected {count}"
        return self.messages[count - 1]


@pytest.fixture
def inbox(live_server):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    handler = Inbox()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    live_server.app.config.update(MAIL_HOST="127.0.0.1", MAIL_PORT=port, SITE_URL=live_server.url)
    yield handler
    controller.stop()


def _link(message, fragment: str) -> str:
    text = message.get_body(("plain",)).get_content()
    return next(link for link in re.findall(r"http://\S+", text) if fragment in link)


def test_follow_uu_7_2017_confirm_amendment_mail_unsubscribe(live_server, browser_page, inbox):
    page = browser_page
    result = live_server.app.test_cli_runner().invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output

    page.goto("/dokumen/uu-7-2017")
    follow = page.locator("section.follow-box")
    follow.get_by_label("Alamat email").fill("warga@contoh.id")
    follow.get_by_label("Frekuensi").select_option("immediate")
    follow.get_by_role("button", name="Ikuti").click()
    expect(page.locator("h1")).to_have_text("Periksa email Anda")

    confirmation = inbox.wait(1)
    assert confirmation["To"] == "warga@contoh.id"
    page.goto(_link(confirmation, "/ikuti/konfirmasi/"))
    expect(page.locator("main")).to_contain_text("UU 7/2017")
    expect(page.locator("h1")).to_have_text("Langganan aktif")

    from jdih.catalogue.models import Document
    from jdih.extensions import db

    with live_server.app.app_context():
        doc_id = db.session.scalar(select(Document.id).where(Document.slug == "uu-7-2017"))
    login(page, live_server.accounts["editor"])
    page.goto(f"/staf/dokumen/{doc_id}")
    page.get_by_label("Dokumen ini").select_option("diubah_dengan")
    page.get_by_label("Dokumen lain").fill("UU 99/2030")
    page.get_by_label("Pasal yang terkait").fill("Pasal 222")
    page.get_by_role("button", name="Tambah relasi").click()
    expect(page.get_by_role("status")).to_be_visible()
    logout(page)

    update = inbox.wait(2)
    body = update.get_body(("plain",)).get_content()
    assert "UU 7/2017 diubah oleh UU 99/2030; pasal: Pasal 222." in body
    page.goto(_link(update, "/dokumen/uu-7-2017"))
    expect(page.locator("h1")).to_contain_text("UU 7/2017")

    page.goto(_link(update, "/berhenti/"))
    page.get_by_role("button", name="Berhenti berlangganan").click()
    expect(page.locator("h1")).to_have_text("Langganan dihentikan")
    with live_server.app.app_context():
        from jdih.alerts.models import Follow

        assert db.session.scalar(select(Follow)) is None
