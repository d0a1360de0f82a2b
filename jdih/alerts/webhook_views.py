"""/api/v1/webhooks: partners with a token register, list and remove
webhooks and read their delivery log. Rules are listed in jdih/api/routes.py."""
from __future__ import annotations

from typing import Any

from flask import jsonify, request

from jdih.alerts import webhooks
from jdih.alerts.models import Webhook, WebhookDelivery, iso
from jdih.alerts.operations import AlertError
from jdih.api.errors import ApiError
from jdih.api.tokens import current_principal
from jdih.extensions import db


def _token_id() -> int:
    principal = current_principal()
    if not principal.is_authenticated:
        raise ApiError(401, "Token API tidak dikenal atau tidak dikirim: webhook memerlukan token mitra "
                             "(Authorization: Bearer <token>).", "token_required")
    return principal.token_id


def _own(webhook_id: int) -> Webhook:
    hook = db.session.get(Webhook, webhook_id)
    if hook is None or hook.token_id != _token_id():
        raise ApiError(404, "Webhook tidak ditemukan.")
    return hook


def webhook_json(hook: Webhook) -> dict[str, Any]:
    target = {"kind": hook.target_kind, "value": hook.target_value} if hook.target_kind else None
    return {"id": hook.id, "url": hook.url, "target": target, "active": hook.active,
            "consecutive_failures": hook.consecutive_failures, "disabled_reason": hook.disabled_reason,
            "created_at": iso(hook.created_at)}


def delivery_json(delivery: WebhookDelivery) -> dict[str, Any]:
    return {"id": delivery.id, "event": delivery.event.kind, "event_id": delivery.event_id,
            "state": delivery.state, "attempts": delivery.attempts, "last_status": delivery.last_status,
            "last_error": delivery.last_error, "created_at": iso(delivery.created_at),
            "next_attempt_at": iso(delivery.next_attempt_at) if delivery.state == "pending" else None,
            "delivered_at": iso(delivery.delivered_at)}


def webhook_collection():
    token_id = _token_id()
    if request.method == "GET":
        return jsonify({"data": [webhook_json(h) for h in webhooks.list_for(token_id)]})
    body = request.get_json(silent=True)
    if not isinstance(body, dict) or not isinstance(body.get("url"), str):
        raise ApiError(400, 'Kirim objek JSON {"url": "https://...", "target": {...}}.', "bad_request")
    target = body.get("target") or {}
    if not isinstance(target, dict):
        raise ApiError(400, "target harus objek {\"kind\", \"value\"}.", "bad_request")
    try:
        hook, secret = webhooks.create(current_principal(), body["url"], target.get("kind"),
                                       str(target.get("value") or ""))
    except AlertError as error:
        db.session.rollback()
        raise ApiError(400, error.message, "bad_request") from None
    db.session.commit()
    response = jsonify(dict(webhook_json(hook), secret=secret))
    response.status_code = 201
    return response


def webhook_item(webhook_id: int):
    webhooks.remove(_own(webhook_id))
    db.session.commit()
    return "", 204


def webhook_deliveries(webhook_id: int):
    hook = _own(webhook_id)
    return jsonify({"data": [delivery_json(d) for d in webhooks.deliveries_of(hook)]})


def attach(api_bp: Any) -> None:
    """Add the webhook endpoints to the API blueprint (create_app calls this
    before registering it; a blueprint takes rules until its first use)."""
    if getattr(api_bp, "_jdih_webhooks", False):
        return
    api_bp.add_url_rule("/webhooks", "webhooks", view_func=webhook_collection, methods=["GET", "POST"])
    api_bp.add_url_rule("/webhooks/<int:webhook_id>", "webhook", view_func=webhook_item, methods=["DELETE"])
    api_bp.add_url_rule("/webhooks/<int:webhook_id>/deliveries", "webhook_deliveries",
                        view_func=webhook_deliveries)
    api_bp._jdih_webhooks = True
