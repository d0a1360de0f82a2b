"""The OpenAPI description of /api/v1/webhooks and of the payload sent
(OpenAPI 3.1 ``webhooks``); jdih/api/openapi.py includes it."""
from __future__ import annotations

from typing import Any

from jdih.alerts.models import EVENT_LABELS, TARGET_KINDS

EVENT_KINDS = list(EVENT_LABELS)


def _nullable(kind: str) -> dict[str, Any]:
    return {"type": [kind, "null"]}


def _obj(properties: dict[str, Any], required: list[str] | None = None) -> dict[str, Any]:
    return {"type": "object", "properties": properties,
            "required": list(properties) if required is None else required, "additionalProperties": False}


DATETIME = {"type": "string", "format": "date-time"}
TARGET = {"anyOf": [_obj({"kind": {"type": "string", "enum": list(TARGET_KINDS)},
                          "value": {"type": "string"}}), {"type": "null"}],
          "description": "Null: semua peristiwa yang boleh dibaca token. document: slug dokumen; "
                         "search: query string seperti di /cari (q=pemilu&tipe=peraturan); "
                         "subject: nama subjek; type: tipe dokumen."}
WEBHOOK_FIELDS = {
    "id": {"type": "integer"}, "url": {"type": "string", "format": "uri"}, "target": TARGET,
    "active": {"type": "boolean"}, "consecutive_failures": {"type": "integer"},
    "disabled_reason": _nullable("string"), "created_at": DATETIME,
}
SCHEMAS: dict[str, Any] = {
    "Webhook": _obj(WEBHOOK_FIELDS),
    "WebhookCreated": _obj(dict(WEBHOOK_FIELDS, secret={
        "type": "string", "description": "Kunci HMAC-SHA256; hanya ditampilkan sekali."})),
    "WebhookList": _obj({"data": {"type": "array", "items": {"$ref": "#/components/schemas/Webhook"}}}),
    "WebhookCreate": _obj({"url": {"type": "string", "format": "uri"}, "target": TARGET}, required=["url"]),
    "WebhookDeliveryList": _obj({"data": {"type": "array", "items": _obj({
        "id": {"type": "integer"}, "event": {"type": "string", "enum": EVENT_KINDS},
        "event_id": {"type": "integer"},
        "state": {"type": "string", "enum": ["pending", "delivered", "failed", "dropped"]},
        "attempts": {"type": "integer"}, "last_status": _nullable("integer"), "last_error": _nullable("string"),
        "created_at": DATETIME, "next_attempt_at": {"anyOf": [DATETIME, {"type": "null"}]},
        "delivered_at": {"anyOf": [DATETIME, {"type": "null"}]}})}}),
    "WebhookPayload": _obj({
        "id": {"type": "integer", "description": "Nomor pengiriman (sama dengan header X-JDIH-Delivery)."},
        "event": {"type": "string", "enum": EVENT_KINDS},
        "occurred_at": DATETIME, "summary": {"type": "string"},
        "document": _obj({"slug": {"type": "string"}, "identity": _nullable("string"),
                          "title": {"type": "string"}, "type": {"type": "string"},
                          "status": _nullable("string"), "url": {"type": "string", "format": "uri"},
                          "api_url": {"type": "string", "format": "uri"}}),
        "detail": {"type": "object", "description": "by (identitas yang mengubah/mencabut/menguji), "
                                                    "result (hasil uji), pasal, filename, news_title, news_slug."},
    }),
}


def _json(description: str, schema: str) -> dict[str, Any]:
    return {"description": description,
            "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}}}


def paths(errors) -> dict[str, Any]:
    """``errors(*statuses)`` is the API document's error responses helper."""
    webhook_id = {"name": "webhook_id", "in": "path", "required": True, "description": "Nomor webhook.",
                  "schema": {"type": "integer"}, "example": "1"}
    secured = [{"bearerAuth": []}]
    return {
        "/api/v1/webhooks": {
            "get": {"operationId": "listWebhooks", "summary": "Webhook milik token ini", "security": secured,
                    "responses": {"200": _json("Daftar webhook.", "WebhookList"), **errors("401", "429")}},
            "post": {"operationId": "createWebhook", "security": secured,
                     "summary": "Daftarkan webhook (peristiwa: diubah, dicabut, diuji, berkas baru, "
                                "disebut berita, terbit)",
                     "requestBody": {"required": True, "content": {"application/json": {
                         "schema": {"$ref": "#/components/schemas/WebhookCreate"},
                         "example": {"url": "https://mitra.example/jdih-hook",
                                     "target": {"kind": "document", "value": "uu-7-2017"}}}}},
                     "responses": {"201": _json("Webhook dibuat; simpan secret-nya.", "WebhookCreated"),
                                   **errors("400", "401", "429")}},
        },
        "/api/v1/webhooks/{webhook_id}/deliveries": {"get": {
            "operationId": "listWebhookDeliveries", "summary": "Log pengiriman (100 terbaru)",
            "security": secured, "parameters": [webhook_id],
            "responses": {"200": _json("Log pengiriman.", "WebhookDeliveryList"),
                          **errors("401", "404", "429")}}},
        "/api/v1/webhooks/{webhook_id}": {"delete": {
            "operationId": "deleteWebhook", "summary": "Hapus webhook", "security": secured,
            "parameters": [webhook_id],
            "responses": {"204": {"description": "Dihapus."}, **errors("401", "404", "429")}}},
    }


WEBHOOKS = {"documentEvent": {"post": {
    "summary": "Peristiwa dokumen yang dikirim ke URL webhook",
    "description": "POST JSON ke URL terdaftar. Header X-JDIH-Signature: sha256=<hex HMAC-SHA256 "
                   "badan permintaan dengan secret webhook>; X-JDIH-Event: jenis peristiwa; "
                   "X-JDIH-Delivery: nomor pengiriman (boleh datang lebih dari sekali: abaikan ulangan). "
                   "Jawaban 2xx berarti diterima; selain itu dicoba lagi dengan jeda berlipat dua. "
                   "Setelah 10 kegagalan berturut-turut webhook dinonaktifkan; token yang dicabut "
                   "menghentikan semua webhooknya.",
    "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/WebhookPayload"}}}},
    "responses": {"200": {"description": "Diterima."}},
}}}
