"""Partner webhooks: registration, fan-out of events, signed delivery.

Each event becomes one ``WebhookDelivery`` per webhook that hears it and
whose token may read the document. A delivery POSTs JSON signed with
HMAC-SHA256 of the body under the webhook's secret
(``X-JDIH-Signature: sha256=<hex>``); a 2xx answer delivers it, anything
else is tried again after WEBHOOK_RETRY_SECONDS, doubling each time, up to
WEBHOOK_MAX_ATTEMPTS. WEBHOOK_MAX_FAILURES consecutive failed attempts
disable the webhook. A revoked token's webhooks send nothing more.
"""
from __future__ import annotations

import hashlib
import hmac
import ipaddress
import json
import secrets
import socket
import urllib.error
import urllib.request
from datetime import timedelta
from typing import Any, Optional
from urllib.parse import urlsplit

from flask import current_app, url_for
from sqlalchemy import select

from jdih.accounts.access import can_read
from jdih.alerts import operations
from jdih.alerts.dispatch import summary
from jdih.alerts.matching import matches
from jdih.alerts.models import AlertEvent, Webhook, WebhookDelivery, iso
from jdih.api.models import ApiToken
from jdih.api.tokens import ApiPrincipal
from jdih.catalogue.models import Document
from jdih.core.timeutil import utcnow
from jdih.extensions import db

SIGNATURE_HEADER = "X-JDIH-Signature"
MAX_WEBHOOKS_PER_TOKEN = 20


def sign(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


def _check_url(url: str) -> str:
    url = (url or "").strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname or len(url) > 2000:
        raise operations.AlertError("URL webhook harus berupa alamat http(s) yang lengkap.", field="url")
    if _private_host(parts.hostname):
        raise operations.AlertError("URL webhook harus alamat publik (bukan jaringan lokal).", field="url")
    return url


def _private_host(host: str) -> bool:
    """Does ``host`` resolve to a loopback, private, link-local or reserved
    address? Partners must not make the server call its own network
    (WEBHOOK_ALLOW_PRIVATE lifts this, for tests and closed networks).
    A name that does not resolve now is not refused: delivery fails then."""
    if current_app.config.get("WEBHOOK_ALLOW_PRIVATE"):
        return False
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(host, None)}
    except (socket.gaierror, UnicodeError):
        return False
    for address in addresses:
        ip = ipaddress.ip_address(address.split("%")[0])
        if not ip.is_global or ip.is_multicast:
            return True
    return False


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirect is an answer, not an invitation (it could point inside)."""

    def redirect_request(self, *args, **kwargs):
        return None


OPENER = urllib.request.build_opener(_NoRedirect)


def create(principal: ApiPrincipal, url: str, target_kind: Optional[str] = None,
           target_value: Optional[str] = None) -> tuple[Webhook, str]:
    """Register a webhook; returns it and its secret (shown once)."""
    url = _check_url(url)
    if target_kind:
        target_value = operations.check_target(target_kind, target_value or "", principal)
    token_id = principal.token_id
    count = len(list_for(token_id))
    if count >= MAX_WEBHOOKS_PER_TOKEN:
        raise operations.AlertError(f"Satu token paling banyak {MAX_WEBHOOKS_PER_TOKEN} webhook.")
    secret = "whsec_" + secrets.token_urlsafe(32)
    hook = Webhook(token_id=token_id, url=url, secret=secret, target_kind=target_kind or None,
                   target_value=target_value if target_kind else None)
    db.session.add(hook)
    db.session.flush()
    return hook, secret


def remove(hook: Webhook) -> None:
    """Delete a webhook and its delivery log (explicitly: SQLite may not cascade)."""
    from sqlalchemy import delete

    db.session.execute(delete(WebhookDelivery).where(WebhookDelivery.webhook_id == hook.id))
    db.session.delete(hook)


def list_for(token_id: int) -> list[Webhook]:
    return list(db.session.scalars(select(Webhook).where(Webhook.token_id == token_id).order_by(Webhook.id)))


def deliveries_of(hook: Webhook, limit: int = 100) -> list[WebhookDelivery]:
    return list(db.session.scalars(select(WebhookDelivery).where(WebhookDelivery.webhook_id == hook.id)
                                   .order_by(WebhookDelivery.id.desc()).limit(limit)))


def _live_hooks() -> list[tuple[Webhook, ApiPrincipal]]:
    rows = db.session.execute(select(Webhook, ApiToken).join(ApiToken, ApiToken.id == Webhook.token_id)
                              .where(Webhook.active.is_(True), ApiToken.revoked_at.is_(None)))
    return [(hook, ApiPrincipal(token_id=token.id, role=token.role)) for hook, token in rows]


def fan_out() -> int:
    """Create deliveries for events not yet fanned out; returns how many."""
    events = list(db.session.scalars(select(AlertEvent).where(AlertEvent.fanned_out_at.is_(None))
                                     .order_by(AlertEvent.id).limit(2000).with_for_update(skip_locked=True)))
    if not events:
        return 0
    hooks = _live_hooks()
    created = 0
    for event in events:
        doc = db.session.get(Document, event.document_id)
        for hook, principal in hooks:
            if doc is not None and _after(event, hook) \
                    and matches(hook.target_kind, hook.target_value, event, doc) and can_read(doc, principal):
                db.session.add(WebhookDelivery(webhook_id=hook.id, event_id=event.id))
                created += 1
        event.fanned_out_at = utcnow()
    db.session.commit()
    return created


def _after(event: AlertEvent, hook: Webhook) -> bool:
    """A webhook hears of what happened after it was registered."""
    return _aware(event.created_at) >= _aware(hook.created_at)


def _aware(value):
    from datetime import timezone

    return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value


def payload(delivery: WebhookDelivery) -> dict[str, Any]:
    event, doc = delivery.event, db.session.get(Document, delivery.event.document_id)
    return {
        "id": delivery.id,
        "event": event.kind,
        "occurred_at": iso(event.created_at),
        "summary": summary(event, doc),
        "document": {"slug": doc.slug, "identity": doc.display_identity or None, "title": doc.judul,
                     "type": doc.doc_type, "status": doc.status,
                     "url": url_for("catalogue.detail", slug=doc.slug, _external=True),
                     "api_url": url_for("api.document_detail", slug=doc.slug, _external=True)},
        "detail": {key: value for key, value in (event.detail or {}).items() if value is not None},
    }


def _post(hook: Webhook, delivery: WebhookDelivery, body: bytes) -> tuple[Optional[int], Optional[str]]:
    request = urllib.request.Request(hook.url, data=body, method="POST", headers={
        "Content-Type": "application/json", "User-Agent": "JDIH-Webhook/1",
        "X-JDIH-Event": delivery.event.kind, "X-JDIH-Delivery": str(delivery.id),
        SIGNATURE_HEADER: sign(hook.secret, body)})
    if _private_host(urlsplit(hook.url).hostname or ""):  # checked again: names can move
        return None, "Alamat tujuan berada di jaringan lokal."
    try:
        with OPENER.open(request, timeout=float(current_app.config["WEBHOOK_TIMEOUT"])) as answer:
            return answer.status, None
    except urllib.error.HTTPError as error:
        return error.code, f"HTTP {error.code}"
    except (urllib.error.URLError, OSError) as error:
        return None, str(getattr(error, "reason", error))[:500]


def _still_allowed(delivery: WebhookDelivery) -> bool:
    hook = delivery.webhook
    token = db.session.get(ApiToken, hook.token_id)
    doc = db.session.get(Document, delivery.event.document_id)
    return (hook.active and token is not None and token.is_active and doc is not None
            and can_read(doc, ApiPrincipal(token_id=token.id, role=token.role)))


def _record(delivery: WebhookDelivery, status: Optional[int], error: Optional[str]) -> None:
    config = current_app.config
    hook = delivery.webhook
    delivery.attempts += 1
    delivery.last_status, delivery.last_error = status, error
    if status is not None and 200 <= status < 300:
        delivery.state, delivery.delivered_at = "delivered", utcnow()
        hook.consecutive_failures = 0
        return
    hook.consecutive_failures += 1
    if hook.consecutive_failures >= int(config["WEBHOOK_MAX_FAILURES"]):
        hook.active = False
        hook.disabled_reason = f"Dinonaktifkan setelah {hook.consecutive_failures} kegagalan berturut-turut."
    if delivery.attempts >= int(config["WEBHOOK_MAX_ATTEMPTS"]):
        delivery.state = "failed"
    else:
        delay = float(config["WEBHOOK_RETRY_SECONDS"]) * 2 ** (delivery.attempts - 1)
        delivery.next_attempt_at = utcnow() + timedelta(seconds=delay)


def deliver_due(limit: int = 200) -> int:
    """Attempt the deliveries that are due; returns how many were attempted."""
    with current_app.test_request_context(base_url=current_app.config["SITE_URL"]):
        due = list(db.session.scalars(
            select(WebhookDelivery).where(WebhookDelivery.state == "pending",
                                          WebhookDelivery.next_attempt_at <= utcnow())
            .order_by(WebhookDelivery.id).limit(limit).with_for_update(skip_locked=True)))
        attempted = 0
        for delivery in due:
            if not _still_allowed(delivery):
                delivery.state, delivery.last_error = "dropped", "Webhook nonaktif atau token dicabut."
                continue
            body = json.dumps(payload(delivery), ensure_ascii=False, sort_keys=True).encode("utf-8")
            status, error = _post(delivery.webhook, delivery, body)
            _record(delivery, status, error)
            attempted += 1
        db.session.commit()
        return attempted
