"""The site map: the main navigation, the member pages and the public
services, in the order the header and footer show them."""
from __future__ import annotations

from flask import url_for

from jdih.catalogue.models import DOC_TYPES
from jdih.pages.catalog import PAGES, SECTION_HELP, SECTION_PROFILE

#: Browse segments of the document types (catalogue.views.TYPE_SEGMENTS' values).
BROWSE_SEGMENT = {"laporan": "laporan-kegiatan"}

Link = tuple[str, str]


def site_map() -> list[tuple[str, list[Link]]]:
    """(section heading, [(label, url)]) pairs."""
    documents = [(label, url_for("catalogue.browse", segment=BROWSE_SEGMENT.get(key, key)))
                 for key, label in DOC_TYPES.items()]
    services = [("Beranda", url_for("catalogue.home")), ("Pencarian", url_for("search.search")),
                ("Berita", url_for("news.index")), ("Statistik", url_for("stats.statistics")),
                ("Survei Kepuasan Masyarakat", url_for("survey.survey")),
                ("Data terbuka (API)", url_for("api.openapi_document")),
                ("Umpan dokumen terbaru (Atom)", url_for("open_feeds.documents_atom"))]
    profile = [("Profil", url_for("pages.profile_index"))] + [
        (spec.title, spec.url) for spec in PAGES if spec.section == SECTION_PROFILE]
    help_pages = [(spec.title, spec.url) for spec in PAGES if spec.section == SECTION_HELP]
    return [("Dokumen hukum", documents), ("Layanan", services), ("Profil", profile),
            ("Bantuan", help_pages + [("Peta Situs", url_for("pages.site_map_page"))])]
