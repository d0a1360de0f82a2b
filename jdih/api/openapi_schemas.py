"""JSON Schemas (2020-12) of the API's bodies, as jdih.api.serializers and
the news/search/citation endpoints produce them."""
from __future__ import annotations

from typing import Any

from jdih.catalogue.models import DOC_TYPES, VISIBILITY_LABELS

DOC_TYPE_KEYS = tuple(DOC_TYPES)


def nullable(kind: str, **extra: Any) -> dict[str, Any]:
    return {"type": [kind, "null"], **extra}


def obj(properties: dict[str, Any], *, extra: bool = False) -> dict[str, Any]:
    return {"type": "object", "properties": properties, "required": list(properties),
            "additionalProperties": extra}


DATETIME = {"type": "string", "format": "date-time"}
URL = {"type": "string", "format": "uri"}
ERROR = obj({"error": obj({"status": {"type": "integer"}, "code": {"type": "string"},
                           "message": {"type": "string"}})})

JENIS = obj({"id": {"type": "integer"}, "name": {"type": "string"},
             "abbreviation": nullable("string")})

DOCUMENT_FIELDS = {
    "id": {"type": "integer"},
    "slug": {"type": "string"},
    "type": {"type": "string", "enum": list(DOC_TYPE_KEYS)},
    "type_label": {"type": "string"},
    "jenis": {"anyOf": [{"$ref": "#/components/schemas/Jenis"}, {"type": "null"}]},
    "identity": nullable("string"),
    "nomor": nullable("string"),
    "tahun": nullable("integer"),
    "judul": {"type": "string"},
    "status": nullable("string"),
    "subjects": {"type": "array", "items": {"type": "string"}},
    "visibility": {"type": "string", "enum": list(VISIBILITY_LABELS)},
    "published_at": {"anyOf": [DATETIME, {"type": "null"}]},
    "updated_at": DATETIME,
    "url": URL,
    "api_url": URL,
}
DOCUMENT_SUMMARY = obj(DOCUMENT_FIELDS)

FILE = obj({
    "id": {"type": "integer"}, "role": {"type": "string"}, "filename": {"type": "string"},
    "title": nullable("string"), "content_type": {"type": "string"}, "size": {"type": "integer"},
    "page_count": nullable("integer"), "url": URL,
})

RELATION = obj({
    "type": {"type": "string"}, "label": {"type": "string"},
    "identity": nullable("string"), "judul": nullable("string"),
    "url": {"anyOf": [URL, {"type": "null"}]}, "api_url": {"anyOf": [URL, {"type": "null"}]},
}, extra=True)

CITING_NEWS = obj({"slug": {"type": "string"}, "title": {"type": "string"},
                   "news_date": {"type": "string", "format": "date"}, "url": URL, "api_url": URL})

DOCUMENT_DETAIL = obj({
    **DOCUMENT_FIELDS,
    "metadata": {"type": "object", "description": "Setiap kolom metadata tipe dokumen ini."},
    "files": {"type": "array", "items": {"$ref": "#/components/schemas/File"}},
    "relations": {"type": "array", "items": {"$ref": "#/components/schemas/Relation"}},
    "derived_status": nullable("string"),
    "cited_in": {"type": "array", "items": {"$ref": "#/components/schemas/CitingNews"}},
})

DOCUMENT_LIST = obj({
    "data": {"type": "array", "items": {"$ref": "#/components/schemas/DocumentSummary"}},
    "next_cursor": nullable("string"),
    "limit": {"type": "integer"},
})

NEWS_FIELDS = {
    "id": {"type": "integer"}, "slug": {"type": "string"}, "title": {"type": "string"},
    "news_date": {"type": "string", "format": "date"}, "place": nullable("string"),
    "tags": {"type": "array", "items": {"type": "string"}},
    "published_at": {"anyOf": [DATETIME, {"type": "null"}]}, "updated_at": DATETIME,
    "url": URL, "api_url": URL,
}
NEWS_SUMMARY = obj(NEWS_FIELDS)

NEWS_CITATION = obj({
    "text": {"type": "string"}, "identity": nullable("string"), "status": {"type": "string"},
    "document": {"anyOf": [obj({"slug": {"type": "string"}, "identity": nullable("string"),
                                "judul": {"type": "string"}, "url": URL, "api_url": URL}),
                           {"type": "null"}]},
}, extra=True)

NEWS_DETAIL = obj({
    **NEWS_FIELDS, "credit": nullable("string"), "body_html": {"type": "string"},
    "body_text": {"type": "string"},
    "citations": {"type": "array", "items": {"$ref": "#/components/schemas/NewsCitation"}},
})

NEWS_LIST = obj({
    "data": {"type": "array", "items": {"$ref": "#/components/schemas/NewsSummary"}},
    "next_cursor": nullable("string"), "limit": {"type": "integer"},
})

FACET_VALUE = obj({"value": {"type": ["string", "integer"]}, "label": {"type": "string"},
                   "count": {"type": "integer"}}, extra=True)

SEARCH_PASAL = obj({
    "number": {"type": "string", "description": "Nomor pasal, mis. 169 atau 10A."},
    "ayat": nullable("string"),
    "label": {"type": "string", "description": "Mis. Pasal 169 ayat (1)."},
    "anchor": {"type": "string", "description": "Jangkar di halaman dokumen, mis. pasal-169-ayat-1."},
    "url": {"type": "string", "format": "uri"},
})

SEARCH_HIT = obj({
    "kind": {"type": "string", "enum": ["document", "news"]},
    "score": {"type": "number"},
    "title_html": {"type": "string", "description": "Judul, teks di-escape, <mark> pada kata yang cocok."},
    "snippet_html": nullable("string"),
    "page_no": nullable("integer"),
    "pasal": {"anyOf": [SEARCH_PASAL, {"type": "null"}],
              "description": "Pasal (dan ayat) peraturan tempat kata yang dicari ditemukan."},
    "document": {"anyOf": [{"$ref": "#/components/schemas/DocumentSummary"}, {"type": "null"}]},
    "news": {"anyOf": [{"$ref": "#/components/schemas/NewsSummary"}, {"type": "null"}]},
})

SEARCH_RESULT = obj({
    "query": {"type": "string"}, "sort": {"type": "string"}, "total": {"type": "integer"},
    "page": {"type": "integer"}, "limit": {"type": "integer"}, "suggestion": nullable("string"),
    "notes": {"type": "array", "items": {"type": "string"},
              "description": "Batas yang diterapkan: awalan terlalu pendek atau terlalu luas, "
                             "batas waktu pencarian."},
    "complete": {"type": "boolean",
                 "description": "false bila batas waktu habis: hasil dan total mungkin parsial."},
    "partial": {"type": "boolean",
                "description": "true bila (hampir) tidak ada hasil yang memuat semua kata: hasil memuat "
                               "sebagian kata, yang memuat paling banyak (dan paling jarang) lebih dulu."},
    "results": {"type": "array", "items": {"$ref": "#/components/schemas/SearchHit"}},
    "facets": {"type": "object", "additionalProperties": {"type": "array", "items": FACET_VALUE}},
})

CITATION_LOOKUP_REQUEST = obj({"text": {"type": "string"}})
CITATION_LOOKUP_RESULT = obj({"citations": {"type": "array", "items": obj({
    "status": {"type": "string"}, "identity": {"anyOf": [{"type": "string"}, {"type": "null"}]},
    "document": {"anyOf": [{"type": "object"}, {"type": "null"}]},
    "candidates": {"type": "array", "items": {"type": "object"}},
}, extra=True)}})

STRUCTURE_NODE = obj({
    "kind": {"type": "string", "description": "judul, menimbang, mengingat, bab, bagian, paragraf, pasal, "
                                                "ayat, huruf, angka, butir, perubahan, pengesahan, "
                                                "pengundangan, penjelasan, penjelasan_pasal, lampiran, ..."},
    "label": {"type": "string"}, "anchor": {"type": "string"}, "heading": {"type": "string"},
    "text": {"type": "string"}, "pages": {"type": "array", "items": {"type": "integer"}},
    "children": {"type": "array", "items": {"$ref": "#/components/schemas/StructureNode"}},
}, extra=True)
DOCUMENT_STRUCTURE = obj({
    "slug": {"type": "string"}, "identity": nullable("string"), "url": URL, "file_url": URL,
    "parser_version": {"type": "string"}, "parsed_at": DATETIME,
    "structure": obj({"jenis": {"type": "string"}, "nomor": {"type": "string"}, "tahun": {"type": "string"},
                      "tentang": {"type": "string"},
                      "parts": {"type": "array", "items": {"$ref": "#/components/schemas/StructureNode"}}}),
})
COUNT = {"type": "integer", "minimum": 0}
RANKED = {"type": "array", "items": obj({"slug": {"type": "string"}, "label": {"type": "string"},
                                         "judul": {"type": "string"}, "count": COUNT})}
STATISTICS = obj({
    "total": COUNT,
    "by_type": {"type": "array", "items": obj({"type": {"type": "string", "enum": list(DOC_TYPE_KEYS)},
                                               "label": {"type": "string"}, "count": COUNT})},
    "by_jenis": {"type": "array", "items": obj({"type_label": {"type": "string"}, "jenis": {"type": "string"},
                                                "count": COUNT})},
    "by_year": {"type": "array", "items": obj({"year": {"type": "integer"}, "count": COUNT})},
    "by_status": {"type": "array", "items": obj({"status": {"type": "string"}, "count": COUNT})},
    "most_viewed": RANKED, "most_downloaded": RANKED, "most_cited_in_news": RANKED,
    "monthly": {"type": "array", "items": obj({"month": {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}$"},
                                               "views": COUNT, "downloads": COUNT})},
})

SCHEMAS: dict[str, Any] = {
    "Error": ERROR, "Jenis": JENIS, "DocumentSummary": DOCUMENT_SUMMARY, "File": FILE,
    "Relation": RELATION, "CitingNews": CITING_NEWS, "DocumentDetail": DOCUMENT_DETAIL,
    "DocumentList": DOCUMENT_LIST, "NewsSummary": NEWS_SUMMARY, "NewsCitation": NEWS_CITATION,
    "NewsDetail": NEWS_DETAIL, "NewsList": NEWS_LIST, "SearchHit": SEARCH_HIT,
    "SearchResult": SEARCH_RESULT, "StructureNode": STRUCTURE_NODE, "DocumentStructure": DOCUMENT_STRUCTURE,
    "CitationLookupRequest": CITATION_LOOKUP_REQUEST, "CitationLookupResult": CITATION_LOOKUP_RESULT,
    "Statistics": STATISTICS,
}
