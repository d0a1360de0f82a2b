"""Public pages: home, browsing by type, document detail, file downloads."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, render_template, request

from jdih.catalogue import attachments as attachment_ops
from jdih.catalogue import counters, queries
from jdih.catalogue.fields import fields_for
from jdih.catalogue.models import DOC_TYPES, Attachment
from jdih.extensions import db

bp = Blueprint("catalogue", __name__)

# URL segments of the browse pages, readable in Indonesian.
TYPE_SEGMENTS = {"peraturan": "peraturan", "putusan": "putusan", "monografi": "monografi",
                 "artikel": "artikel", "laporan": "laporan-kegiatan"}
SEGMENT_TYPES = {segment: doc_type for doc_type, segment in TYPE_SEGMENTS.items()}


@bp.route("/")
def home():
    counts = queries.type_counts()
    latest = {doc_type: queries.latest_by_type(doc_type) for doc_type in DOC_TYPES}
    return render_template("catalogue/home.html", counts=counts, latest=latest, doc_types=DOC_TYPES)


@bp.route("/<any(peraturan, putusan, monografi, artikel, 'laporan-kegiatan'):segment>")
def browse(segment: str):
    doc_type = SEGMENT_TYPES[segment]
    jenis_id = request.args.get("jenis", type=int)
    tahun = request.args.get("tahun", type=int)
    # "Khusus mitra": only for readers of partner documents; others get the whole listing.
    can_filter = queries.may_filter_partner_only()
    partner_only = can_filter and request.args.get("mitra") == "1"
    page = db.paginate(queries.browse_query(doc_type, jenis_id, tahun, partner_only),
                       per_page=current_app.config["PAGE_SIZE"], error_out=False)
    return render_template(
        "catalogue/browse.html", doc_type=doc_type, type_label=DOC_TYPES[doc_type], page=page,
        jenis_facets=queries.jenis_facets(doc_type, partner_only),
        year_facets=queries.year_facets(doc_type, jenis_id, partner_only),
        jenis_id=jenis_id, tahun=tahun, can_filter_partner=can_filter, partner_only=partner_only)


@bp.route("/dokumen/<slug>")
def detail(slug: str):
    doc = queries.get_readable_document(slug)
    if doc.is_published and not doc.is_deleted:
        counters.count_view(doc)
    return render_template("catalogue/detail.html", doc=doc, fields=fields_for(doc.doc_type))


@bp.route("/dokumen/<slug>/berkas/<int:attachment_id>/<path:filename>")
def download(slug: str, attachment_id: int, filename: str):
    doc = queries.get_readable_document(slug)
    attachment = db.session.get(Attachment, attachment_id)
    if attachment is None or attachment.document_id != doc.id or attachment.is_deleted:
        abort(404)
    inline = request.args.get("unduh") is None
    response = attachment_ops.send(attachment, as_attachment=not inline)
    if _is_new_download(response, inline and attachment.role == "foto"):
        attachment_ops.count_download(attachment)
        db.session.commit()
    return response


def _is_new_download(response, gallery_view: bool) -> bool:
    """Count a file once per reader fetch: not a gallery thumbnail, not a HEAD
    or a 304 revalidation, and only the first part of a ranged PDF read."""
    if gallery_view or request.method != "GET":
        return False
    if response.status_code == 206:
        return (request.headers.get("Range") or "").replace(" ", "").startswith("bytes=0-")
    return response.status_code == 200
