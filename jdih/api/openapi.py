"""The OpenAPI 3.1 description of /api/v1, built from what is registered.

Each path is listed only when its endpoint exists in the running app, so the
document never promises a route that an optional area did not install.
Schemas are JSON Schema 2020-12 (OpenAPI 3.1), which lets the tests validate
responses against them with ``jsonschema`` directly.
"""
from __future__ import annotations

from typing import Any, Callable

from flask import Flask

from jdih.api import openapi_schemas as schemas

ERROR_RESPONSES = {
    "400": "Parameter tidak valid.",
    "401": "Token tidak dikenal atau sudah dicabut.",
    "429": "Batas permintaan terlampaui; lihat header Retry-After.",
}


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def json_response(description: str, schema_name: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": ref(schema_name)}}}


def errors(*statuses: str) -> dict[str, Any]:
    described = dict(ERROR_RESPONSES, **{"404": "Tidak ditemukan.", "413": "Permintaan terlalu besar.",
                                         "415": "Jenis isi tidak didukung.",
                                         "503": "Indeks pencarian tidak tersedia; coba lagi nanti."})
    return {status: json_response(described[status], "Error") for status in statuses}


def query(name: str, description: str, schema: dict[str, Any], example: Any = None) -> dict[str, Any]:
    parameter = {"name": name, "in": "query", "required": False, "description": description,
                 "schema": schema}
    if example is not None:
        parameter["example"] = example
    return parameter


def path_param(name: str, description: str, example: str) -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True, "description": description,
            "schema": {"type": "string"}, "example": example}


LIMIT = query("limit", "Jumlah data per halaman (1–200, bawaan 50).",
              {"type": "integer", "minimum": 1, "maximum": 200}, 20)
CURSOR = query("cursor", "Kursor dari `next_cursor` halaman sebelumnya.", {"type": "string"})


def _documents_paths() -> dict[str, Any]:
    return {
        "/api/v1/documents": {"get": {
            "operationId": "listDocuments",
            "summary": "Daftar dokumen, diurutkan menurut waktu perubahan (updated_at, id)",
            "description": "Paginasi kursor: data yang ditambahkan atau diubah selama klien membaca "
                           "halaman muncul di belakang kursor, sehingga tidak ada data awal yang "
                           "terlewat atau terulang.",
            "parameters": [
                query("type", "Tipe dokumen.", {"type": "string", "enum": list(schemas.DOC_TYPE_KEYS)},
                      "peraturan"),
                query("jenis", "Jenis: ID, singkatan (UU, PKPU, MK) atau nama.", {"type": "string"}, "UU"),
                query("year", "Tahun.", {"type": "integer", "minimum": 1, "maximum": 9999}, 2017),
                query("status", "Status (Berlaku, Tidak Berlaku, …; tanpa membedakan huruf besar).",
                      {"type": "string"}, "Berlaku"),
                query("subject", "Subjek (kata kunci).", {"type": "string"}, "Pemilihan Umum"),
                query("updated_since", "Hanya yang berubah sejak (tanggal atau waktu ISO 8601).",
                      {"type": "string"}, "2024-01-01"),
                query("visibility", "`partner`: hanya dokumen yang dibagikan kepada mitra "
                      "(memerlukan token mitra; tanpa token: 401).", {"type": "string", "enum": ["partner"]}),
                CURSOR, LIMIT,
            ],
            "responses": {"200": json_response("Satu halaman dokumen.", "DocumentList"),
                          **errors("400", "401", "429")},
        }},
        "/api/v1/documents/{slug}": {"get": {
            "operationId": "getDocument",
            "summary": "Rincian dokumen: metadata, berkas, relasi, berita yang menyebutnya",
            "parameters": [path_param("slug", "Slug dokumen (dari `slug` pada daftar).", "uu-7-2017")],
            "responses": {"200": json_response("Rincian dokumen.", "DocumentDetail"),
                          **errors("401", "404", "429")},
        }},
        "/api/v1/documents/{slug}/struktur": {"get": {
            "operationId": "getDocumentStructure",
            "summary": "Struktur naskah peraturan: BAB, Pasal, ayat, huruf, Penjelasan",
            "description": "Diurai otomatis dari berkas naskah PDF. `anchor` tiap bagian sama dengan "
                           "jangkar halaman dokumen (`/dokumen/uu-7-2017#pasal-169`); `pages` menyebut "
                           "halaman PDF. 404 bila dokumen tidak ada, tidak boleh dibaca, atau belum "
                           "memiliki struktur (`code`: `no_structure`).",
            "parameters": [path_param("slug", "Slug dokumen (dari `slug` pada daftar).", "uu-7-2017")],
            "responses": {"200": json_response("Struktur naskah.", "DocumentStructure"),
                          **errors("401", "404", "429")},
        }},
    }


def _news_paths() -> dict[str, Any]:
    return {
        "/api/v1/news": {"get": {
            "operationId": "listNews", "summary": "Daftar berita terbit, terbaru lebih dulu",
            "parameters": [CURSOR, LIMIT],
            "responses": {"200": json_response("Satu halaman berita.", "NewsList"),
                          **errors("400", "401", "429")},
        }},
        "/api/v1/news/{slug}": {"get": {
            "operationId": "getNews", "summary": "Rincian berita dengan sitasinya",
            "parameters": [path_param("slug", "Slug berita.", "contoh-berita")],
            "responses": {"200": json_response("Rincian berita.", "NewsDetail"),
                          **errors("401", "404", "429")},
        }},
    }


def _search_paths() -> dict[str, Any]:
    facet = "Facet (boleh diulang; nilai yang sama dengan halaman /cari)."
    return {"/api/v1/search": {"get": {
        "operationId": "search",
        "summary": "Pencarian dengan bahasa kueri dan facet yang sama dengan halaman /cari",
        "description": "Nama parameter filter sama dengan halaman /cari, sehingga query string "
                       "URL halaman pencarian dapat dipakai langsung.",
        "parameters": [
            query("q", "Kueri: kata, \"frasa\", -kata, identitas seperti UU 7/2017, pasal:169 "
                  "(hanya peraturan yang memiliki pasal itu; kata harus ada di pasal itu).", {"type": "string"},
                  "pemilihan umum"),
            query("tipe", facet, {"type": "string", "enum": list(schemas.DOC_TYPE_KEYS)}, "peraturan"),
            query("jenis", facet, {"type": "string"}),
            query("tahun", facet, {"type": "integer", "minimum": 1, "maximum": 9999}, 2017),
            query("status", facet, {"type": "string"}),
            query("bidang", facet, {"type": "string"}),
            query("subjek", facet, {"type": "string"}),
            query("urut", "Urutan.", {"type": "string", "enum": ["relevance", "newest", "oldest"]},
                  "newest"),
            query("visibility", "`partner`: hanya dokumen yang dibagikan kepada mitra "
                  "(memerlukan token mitra; tanpa token: 401).", {"type": "string", "enum": ["partner"]}),
            query("page", "Halaman (mulai 1).", {"type": "integer", "minimum": 1, "maximum": 1000}, 1),
            query("limit", "Hasil per halaman (1–100, bawaan 20).",
                  {"type": "integer", "minimum": 1, "maximum": 100}, 10),
        ],
        "responses": {"200": json_response("Hasil pencarian.", "SearchResult"),
                      **errors("400", "401", "429", "503")},
    }}}


def _citation_paths() -> dict[str, Any]:
    return {"/api/v1/citations/lookup": {"post": {
        "operationId": "lookupCitations",
        "summary": "Temukan dan cocokkan sitasi peraturan/putusan dalam teks",
        "requestBody": {"required": True, "content": {
            "application/json": {"schema": ref("CitationLookupRequest"),
                                 "example": {"text": "Sesuai UU 7/2017 dan PKPU Nomor 8 Tahun 2024."}},
            "text/plain": {"schema": {"type": "string"}}}},
        "responses": {"200": json_response("Sitasi yang ditemukan.", "CitationLookupResult"),
                      **errors("400", "401", "413", "415", "429")},
    }}}


def _stats_paths() -> dict[str, Any]:
    return {"/api/v1/statistik": {"get": {
        "operationId": "getStatistics",
        "summary": "Statistik dokumen publik: per tipe, jenis, tahun, status; terpopuler; per bulan",
        "description": "Hanya dokumen publik yang telah terbit dihitung, apa pun tokennya. "
                       "`monthly` memuat dua belas bulan terakhir (bulan ini terakhir).",
        "responses": {"200": json_response("Angka statistik.", "Statistics"), **errors("401", "429")},
    }}}


def _self_paths() -> dict[str, Any]:
    return {"/api/v1/openapi.json": {"get": {
        "operationId": "getOpenApi", "summary": "Dokumen OpenAPI ini",
        "responses": {"200": {"description": "OpenAPI 3.1.",
                              "content": {"application/json": {"schema": {"type": "object"}}}}},
    }}}


#: endpoint that must exist -> the paths it serves
SECTIONS = (
    ("api.document_list", _documents_paths),
    ("api.news_list", _news_paths),
    ("api.search", _search_paths),
    ("api.citations_lookup", _citation_paths),
    ("api.statistics", _stats_paths),
    ("api.openapi_document", _self_paths),
)
#: What areas above the API add to its document (create_app wires them):
#: endpoint -> (paths, schemas, OpenAPI webhooks).
PARTS = "jdih_openapi_parts"


def add_part(app: Flask, endpoint: str, paths: Callable[[], dict[str, Any]], schemas_: dict[str, Any],
             webhooks: dict[str, Any]) -> None:
    app.extensions.setdefault(PARTS, {})[endpoint] = (paths, schemas_, webhooks)


def build_document(app: Flask) -> dict[str, Any]:
    paths: dict[str, Any] = {}
    extra_schemas: dict[str, Any] = {}
    webhooks: dict[str, Any] = {}
    for endpoint, section in SECTIONS:
        if endpoint in app.view_functions:
            paths.update(section())
    for endpoint, (part_paths, part_schemas, part_webhooks) in app.extensions.get(PARTS, {}).items():
        if endpoint in app.view_functions:
            paths.update(part_paths())
            extra_schemas.update(part_schemas)
            webhooks.update(part_webhooks)
    return {
        "openapi": "3.1.0",
        "info": {"title": f"{app.config['SITE_NAME']} API", "version": "1",
                 "description": "Data terbuka JDIH untuk mitra dan mesin. Tanpa token: dokumen "
                                "publik. Token mitra (`Authorization: Bearer <token>`) membuka "
                                "dokumen bervisibilitas Mitra. Cookie sesi tidak berlaku di API. "
                                "Setiap galat berbentuk {\"error\": {\"status\", \"code\", \"message\"}}."},
        "servers": [{"url": "/"}],
        "security": [{}, {"bearerAuth": []}],
        "paths": paths,
        "webhooks": webhooks,
        "components": {
            "securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer"}},
            "schemas": {**schemas.SCHEMAS, **extra_schemas},
        },
    }
