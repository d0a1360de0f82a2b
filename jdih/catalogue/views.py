"""Public pages: home, browsing by type, document detail, file downloads."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, make_response, render_template, request

from jdih.catalogue import attachments as attachment_ops
from jdih.catalogue import counters, queries, sharing
from jdih.catalogue.fields import STATUS_CHOICES, fields_for
from jdih.catalogue.models import DOC_TYPES, VISIBILITY_PUBLIC, Attachment
from jdih.core.security import allow_same_origin_framing
from jdih.extensions import db

bp = Blueprint("catalogue", __name__)

# URL segments of the browse pages, readable in Indonesian.
TYPE_SEGMENTS = {"peraturan": "peraturan", "putusan": "putusan", "monografi": "monografi",
                 "artikel": "artikel", "laporan": "laporan-kegiatan"}
SEGMENT_TYPES = {segment: doc_type for doc_type, segment in TYPE_SEGMENTS.items()}
#: The types whose newest documents the home page lists.
HOME_LATEST = ("peraturan", "putusan")


# The document page's sharing: canonical address, preview texts, links.
bp.add_app_template_global(sharing.document_url, "document_url")
bp.add_app_template_global(sharing.share_summary, "share_summary")
bp.add_app_template_global(sharing.whatsapp_link, "whatsapp_link")
bp.add_app_template_global(sharing.preview_image, "preview_image")


@bp.route("/")
def home():
    # News and the most read documents come from their own areas, through
    # the template globals latest_news() and popular_documents().
    return render_template(
        "catalogue/home.html", tiles=queries.nonzero_type_counts(),
        latest={doc_type: queries.latest_by_type(doc_type) for doc_type in HOME_LATEST},
        jenis_choices=queries.search_jenis_choices(), statuses=STATUS_CHOICES,
        segments=TYPE_SEGMENTS)


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


@bp.route("/dokumen/<slug>/qr.svg")
def qr_code(slug: str):
    """The QR code of the document page's address, for readers of the document."""
    doc = queries.get_readable_document(slug)
    response = make_response(sharing.qr_svg(sharing.document_url(doc)))
    response.mimetype = "image/svg+xml"
    if doc.visibility == VISIBILITY_PUBLIC and doc.is_published and not doc.is_deleted:
        response.cache_control.public = True
        response.cache_control.max_age = sharing.QR_MAX_AGE
    else:
        response.cache_control.private = True
        response.cache_control.no_store = True
    return response


@bp.route("/dokumen/<slug>/berkas/<int:attachment_id>/<path:filename>")
def download(slug: str, attachment_id: int, filename: str):
    doc = queries.get_readable_document(slug)
    attachment = db.session.get(Attachment, attachment_id)
    if attachment is None or attachment.document_id != doc.id or attachment.is_deleted:
        abort(404)
    inline = request.args.get("unduh") is None
    response = attachment_ops.send(attachment, as_attachment=not inline)
    if inline and attachment.is_pdf:
        # The document page shows its PDF in the browser's viewer, in a frame.
        allow_same_origin_framing(response)
    # The document page's own preview (?pratinjau=1) is not a download.
    preview = inline and request.args.get("pratinjau") is not None
    if _is_new_download(response, preview or (inline and attachment.role == "foto")):
        attachment_ops.count_download(attachment)
        db.session.commit()
    return response


def _is_new_download(response, embedded: bool) -> bool:
    """Count a file once per reader fetch: not a gallery thumbnail or the
    page's preview, not a HEAD
    or a 304 revalidation, and only the first part of a ranged PDF read."""
    if embedded or request.method != "GET":
        return False
    if response.status_code == 206:
        return (request.headers.get("Range") or "").replace(" ", "").startswith("bytes=0-")
    return response.status_code == 200
