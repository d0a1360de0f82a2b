"""Building and sending alert mails with the standard library.

Each mail has a plain-text and an HTML part (rendered from templates, the
HTML autoescaped), a one-click unsubscribe link and the RFC 8058 headers
(List-Unsubscribe with List-Unsubscribe-Post), so mail clients can
unsubscribe with one POST and no login.
"""
from __future__ import annotations

import logging
import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from typing import Any

from flask import current_app, render_template

log = logging.getLogger(__name__)


def build(to: str, subject: str, template: str, unsubscribe_url: str | None, **context: Any) -> EmailMessage:
    """``template`` names a pair: templates/alerts/<template>.txt and .html."""
    message = EmailMessage()
    message["From"] = current_app.config["MAIL_FROM"]
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain="jdih.local")
    if unsubscribe_url:
        message["List-Unsubscribe"] = f"<{unsubscribe_url}>"
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    context = dict(context, unsubscribe_url=unsubscribe_url, site_name=current_app.config["SITE_NAME"])
    message.set_content(render_template(f"alerts/{template}.txt", **context))
    message.add_alternative(render_template(f"alerts/{template}.html", **context), subtype="html")
    return message


def send(messages: list[EmailMessage]) -> int:
    """Send over one SMTP connection (MAIL_* settings); returns how many went.

    A message the server refuses for its own sake (a bad recipient) is
    logged and skipped, so one address cannot hold back everybody's mail;
    a refused connection, login or sender raises (the run is tried again)."""
    if not messages:
        return 0
    config = current_app.config
    host, port, timeout = config["MAIL_HOST"], int(config["MAIL_PORT"]), float(config["MAIL_TIMEOUT"])
    if config.get("MAIL_SSL"):
        smtp: smtplib.SMTP = smtplib.SMTP_SSL(host, port, timeout=timeout, context=ssl.create_default_context())
    else:
        smtp = smtplib.SMTP(host, port, timeout=timeout)
    with smtp:
        if config.get("MAIL_USE_TLS") and not config.get("MAIL_SSL"):
            smtp.starttls(context=ssl.create_default_context())
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD") or "")
        sent = 0
        for message in messages:
            try:
                smtp.send_message(message)
                sent += 1
            except (smtplib.SMTPRecipientsRefused, smtplib.SMTPDataError) as error:
                log.warning("alert mail refused", extra={"to": message["To"], "error": str(error)[:200]})
    return sent
