"""The permission matrix's rows: one per (endpoint, method) of the URL map,
each with its cases (see test_permissions.py for how they are read and
permissions_support.py for the world the paths are filled from)."""
from __future__ import annotations

import io

from pdfs import make_pdf
from permission_world import World, import_csv, png
from permissions_support import (
    LOGIN, PARTNER_RECORD, STAFF_ONLY_RECORD, ROLES, Case, admins, everyone, expect, row, staff,
)

HIDDEN_DOCS = tuple(f"/dokumen/{{{name}.slug}}" for name in ("draft", "partner", "internal", "deleted"))
PUBLIC_DOC = ("/dokumen/{public.slug}",)
#: Anonymous readers, and cookies where only tokens count (the API, the feeds).
PUBLIC_VIEW = dict.fromkeys(ROLES, HIDDEN_DOCS)
#: The API: what a partner's token may read, cookies ignored.
API_VIEW = {**PUBLIC_VIEW, "token": HIDDEN_DOCS[:1] + HIDDEN_DOCS[2:]}
API_SHOWS = {**dict.fromkeys(ROLES, PUBLIC_DOC), "token": PUBLIC_DOC + ("/dokumen/{partner.slug}",)}
#: Pages that read the session: partners see partner records, staff whatever they like.
SESSION_VIEW = {"anonymous": HIDDEN_DOCS, "token": HIDDEN_DOCS,
                "partner": HIDDEN_DOCS[:1] + HIDDEN_DOCS[2:]}
SESSION_SHOWS = {**dict.fromkeys(ROLES, PUBLIC_DOC), "partner": PUBLIC_DOC + ("/dokumen/{partner.slug}",)}
HIDDEN_NEWS = dict.fromkeys(ROLES, ("/berita/{news_draft.slug}", "/berita/{news_deleted.slug}"))
PUBLIC_NEWS = dict.fromkeys(ROLES, ("/berita/{news.slug}",))
#: Only a partner's token reads partner records through the API.
API_PARTNER_RECORD = expect(404, 404, 404, 404, token=200)
BAD_TOKEN = {"Authorization": "Bearer jdih_tidak-ada"}
JSON = {"Accept": "application/json"}


def new_regulation(world: World) -> dict:
    return {"jenis_id": str(world["jenis_id"]), "nomor": str(9500 + world["n"]), "tahun": str(world["year"]),
            "judul": "Dokumen baru", "visibility": "public"}


def edit_draft(world: World) -> dict:
    return {"jenis_id": str(world["jenis_id"]), "nomor": str(world["n"] * 10 + 2), "tahun": str(world["year"]),
            "judul": "Masih draf (diubah)", "visibility": "public"}


NEWS_FORM = {"title": "Baru", "news_date": "2025-10-24", "body": "<p>Isi UU 7/2017</p>", "place": "",
             "credit": "", "tags": ""}

def survey_answers(world: World) -> dict:
    """A complete survey form, shown a minute ago (the robot trap's minimum time)."""
    import time

    from jdih.survey import operations

    with world.app.app_context():
        stamp = operations.form_stamp(time.time() - 60)
    return {"stamp": stamp, "comment": "Uji {n}".format(n=world["n"]),
            **dict.fromkeys(("persyaratan", "prosedur", "waktu", "biaya", "produk", "kompetensi", "perilaku",
                             "pengaduan", "sarana"), "3")}


MATRIX = [
    # -- public catalogue
    row("catalogue.home", "GET", Case("/", everyone(200))),
    row("catalogue.browse", "GET",
        *(Case(f"/{segment}", everyone(200))
          for segment in ("peraturan", "putusan", "monografi", "artikel", "laporan-kegiatan")),
        Case("/peraturan?jenis={jenis_id}&tahun=2020&page=2", everyone(200)),
        Case("/peraturan?mitra=1", everyone(200), hides=SESSION_VIEW,
             shows={"partner": ("/dokumen/{partner.slug}",)}),
        Case("/bukan-tipe", everyone(404), routed=False)),
    row("catalogue.detail", "GET",
        Case("/dokumen/{public.slug}", everyone(200)),
        Case("/dokumen/{laporan.slug}", everyone(200)),
        Case("/dokumen/{draft.slug}", STAFF_ONLY_RECORD),
        Case("/dokumen/{partner.slug}", PARTNER_RECORD),
        Case("/dokumen/{internal.slug}", STAFF_ONLY_RECORD),
        Case("/dokumen/{deleted.slug}", STAFF_ONLY_RECORD),
        Case("/dokumen/tidak-ada", everyone(404))),
    # the QR code of a page is as hidden as the page
    row("catalogue.qr_code", "GET",
        Case("/dokumen/{public.slug}/qr.svg", everyone(200)),
        Case("/dokumen/{draft.slug}/qr.svg", STAFF_ONLY_RECORD),
        Case("/dokumen/{partner.slug}/qr.svg", PARTNER_RECORD),
        Case("/dokumen/{internal.slug}/qr.svg", STAFF_ONLY_RECORD),
        Case("/dokumen/{deleted.slug}/qr.svg", STAFF_ONLY_RECORD),
        Case("/dokumen/tidak-ada/qr.svg", everyone(404))),
    # a hidden document's files are as hidden as the document
    row("catalogue.download", "GET",
        Case("{public.file_url}", everyone(200)),
        Case("{public.file_url}?unduh=1", everyone(200)),
        Case("{laporan.file_url}", everyone(200)),
        Case("{draft.file_url}", STAFF_ONLY_RECORD),
        Case("{draft.file_url}?unduh=1", STAFF_ONLY_RECORD),
        Case("{partner.file_url}", PARTNER_RECORD),
        Case("{internal.file_url}", STAFF_ONLY_RECORD),
        Case("{deleted.file_url}", STAFF_ONLY_RECORD),
        # a hidden document's file reached through a public document's URL
        Case("/dokumen/{public.slug}/berkas/{internal.attachment_id}/{internal.filename}", everyone(404)),
        Case("/dokumen/{public.slug}/berkas/999999/x.pdf", everyone(404))),
    row("search.search", "GET",
        Case("/cari", everyone(200)),
        # the home page's structured form: redirected to the address the page writes
        Case("/cari?q=&jenis=&nomor=7&tahun=2020&status=", everyone(302)),
        Case("/cari?q=uji", everyone(200), hides=SESSION_VIEW, shows=SESSION_SHOWS)),
    # -- staff: documents
    row("catalogue_admin.list_documents", "GET",
        Case("/staf/dokumen", staff(200)),
        Case("/staf/dokumen?tipe=peraturan&status=draft&visibilitas=public&tahun=2020&q=draf", staff(200)),
        Case("/staf/dokumen?status=published&berkas=tidak", staff(200)),
        Case("/staf/dokumen", expect(401, 403, 200, 200), headers=JSON)),
    row("catalogue_admin.create_document", "GET",
        Case("/staf/dokumen/baru/peraturan", staff(200)),
        Case("/staf/dokumen/baru/laporan", staff(200)),
        Case("/staf/dokumen/baru/bukan-tipe", staff(404))),
    row("catalogue_admin.create_document", "POST",
        Case("/staf/dokumen/baru/peraturan", staff(302), data=new_regulation)),
    row("catalogue_admin.edit_document", "GET",
        Case("/staf/dokumen/{draft.id}", staff(200)),
        Case("/staf/dokumen/{deleted.id}", staff(200)),
        Case("/staf/dokumen/999999", staff(404))),
    row("catalogue_admin.edit_document", "POST", Case("/staf/dokumen/{draft.id}", staff(302), data=edit_draft)),
    row("catalogue_admin.workflow", "POST",
        Case("/staf/dokumen/{draft.id}/terbitkan", staff(302)),
        Case("/staf/dokumen/{public.id}/tarik", staff(302)),
        Case("/staf/dokumen/{public.id}/hapus", staff(302)),
        Case("/staf/dokumen/{deleted.id}/pulihkan", staff(302)),
        Case("/staf/dokumen/999999/terbitkan", staff(404))),
    row("catalogue_admin.bulk_change", "POST",
        Case("/staf/dokumen/massal", staff(302), data={"aksi": "terbitkan", "dokumen": "{draft.id}"}),
        Case("/staf/dokumen/massal", staff(302), data={"aksi": "hapus", "dokumen": "{public.id}",
                                                       "konfirmasi": "1"}),
        # Deleting asks first: the confirmation page changes nothing.
        Case("/staf/dokumen/massal", staff(200), data={"aksi": "hapus", "dokumen": "{public.id}"})),
    # -- staff: the workspace
    row("workspace.index", "GET", Case("/staf", staff(302))),
    row("workspace.home", "GET", Case("/staf/ruang-kerja", staff(200)),
        Case("/staf/ruang-kerja", expect(401, 403, 200, 200), headers=JSON)),
    row("catalogue_admin.upload_attachment", "POST",
        Case("/staf/dokumen/{draft.id}/lampiran", staff(302), data=lambda world: {
            "role": "lampiran", "title": "", "file": (io.BytesIO(make_pdf([f"baru {world['n']}"])), "baru.pdf")})),
    row("catalogue_admin.remove_attachment", "POST",
        Case("/staf/lampiran/{public.attachment_id}/hapus", staff(302)),
        Case("/staf/lampiran/999999/hapus", staff(404))),
    # -- OCR of scanned files (the test config has OCR off: the re-run is refused with a message)
    row("ocr.rerun", "POST",
        Case("/staf/lampiran/{public.attachment_id}/ocr", staff(302)),
        Case("/staf/lampiran/999999/ocr", staff(404))),
    # -- relations
    row("relations.status_on_date", "GET",
        Case("/dokumen/{public.slug}/status?tanggal=2021-06-01", everyone(200)),
        Case("/dokumen/{draft.slug}/status", STAFF_ONLY_RECORD)),
    row("relations.add_relation", "POST",
        Case("/staf/dokumen/{public.id}/relasi", staff(302), data={"direction": "mencabut", "other": "UU 9/1999"}),
        Case("/staf/dokumen/999999/relasi", staff(404), data={"direction": "mencabut", "other": "UU 9/1999"})),
    row("relations.remove_relation", "POST",
        Case("/staf/relasi/{relation.id}/hapus", staff(302)),
        Case("/staf/relasi/999999/hapus", staff(404))),
    row("relations.override_status", "POST",
        Case("/staf/dokumen/{public.id}/status", staff(302), data={"status": "Berlaku", "reason": "Uji"})),
    # -- reading: a regulation's structure
    *(row(f"reading.{endpoint}", "POST", Case(f"/staf/dokumen/{{public.id}}/struktur/{action}", staff(302)),
          Case(f"/staf/dokumen/999999/struktur/{action}", staff(404)))
      for endpoint, action in (("reparse", "urai"), ("mark_unavailable", "tidak-tersedia"))),
    # -- admins: vocabularies, users, audit, API tokens
    row("catalogue_admin.vocabularies", "GET", Case("/staf/kosakata", admins(200))),
    row("catalogue_admin.add_jenis", "POST", Case("/staf/kosakata/jenis", admins(302), data={
        "doc_type": "peraturan", "name": "Peraturan Uji {n}", "abbreviation": "PUJI{n}", "citation_type": ""})),
    row("catalogue_admin.add_term", "POST",
        Case("/staf/kosakata/istilah", admins(302), data={"vocabulary": "bidang", "label": "Hukum Uji {n}"})),
    row("catalogue_admin.edit_jenis", "POST",
        Case("/staf/kosakata/jenis/{jenis_id}", admins(302),
             data={"name": "Undang-Undang", "abbreviation": "UU", "citation_type": "UU"}),
        Case("/staf/kosakata/jenis/999999", admins(404), data={"name": "X"})),
    row("accounts.list_users", "GET", Case("/admin/pengguna", admins(200))),
    row("accounts.create_user", "GET", Case("/admin/pengguna/baru", admins(200))),
    row("accounts.create_user", "POST", Case("/admin/pengguna/baru", admins(302), data={
        "email": "baru{n}@uji.id", "name": "Baru", "role": "editor", "password": "kata-sandi-123"})),
    row("accounts.edit_user", "GET",
        Case("/admin/pengguna/{editor_id}", admins(200)),
        Case("/admin/pengguna/999999", admins(404))),
    row("accounts.edit_user", "POST", Case("/admin/pengguna/{user.id}", admins(302), data={
        "name": "Mitra", "role": "partner", "active": "y", "password": ""})),
    row("audit.log", "GET",
        Case("/admin/audit", admins(200)),
        Case("/admin/audit?objek=document&aksi=create&id={public.id}", admins(200)),
        Case("/admin/audit", expect(401, 403, 403, 200), headers=JSON)),
    row("api_admin.token_list", "GET", Case("/admin/token", admins(200))),
    row("ops.system", "GET", Case("/admin/sistem", admins(200))),
    # issuing shows the new token once, on the page itself: 200, not a redirect
    row("api_admin.token_list", "POST",
        Case("/admin/token", admins(200), data={"name": "Bawaslu {n}", "role": "partner"})),
    row("api_admin.token_revoke", "POST",
        Case("/admin/token/{api_token.id}/cabut", admins(302)),
        Case("/admin/token/999999/cabut", admins(404))),
    # -- staff: import and export
    row("api_admin.import_upload", "GET", Case("/staf/impor", staff(200))),
    row("api_admin.import_upload", "POST", Case("/staf/impor", staff(302), data=lambda world: {
        "file": (io.BytesIO(import_csv(1000 + world["n"])), "impor.csv")})),
    row("api_admin.import_preview", "GET",
        Case("/staf/impor/{upload.digest}", staff(200)),
        Case("/staf/impor/" + "0" * 64, staff(404))),
    row("api_admin.import_apply", "POST",
        Case("/staf/impor/{upload.digest}/terapkan", staff(302), data={"digest": "{upload.digest}"})),
    row("api_admin.import_job", "GET",
        Case("/staf/impor/tugas/{import_job.id}", staff(200)),
        Case("/staf/impor/tugas/999999", staff(404))),
    row("tasks.job_list", "GET", Case("/admin/tugas", admins(200))),
    # for the load balancer: no login, nothing private in it
    row("tasks.healthz", "GET", Case("/healthz", everyone(200))),
    row("api_admin.export_catalogue", "GET",
        Case("/staf/ekspor", staff(200)),
        Case("/staf/ekspor?format=csv", staff(200))),
    # -- accounts
    row("accounts.login", "GET", Case("/masuk", expect(200, 302, 302, 302))),
    row("accounts.login", "POST", Case("/masuk", expect(200, 302, 302, 302),
                                       data={"email": "tidak-ada@uji.id", "password": "salah-sandi-1"})),
    row("accounts.logout", "POST", Case("/keluar", everyone(302))),
    # -- news
    row("news.index", "GET", Case("/berita", everyone(200))),
    row("news.detail", "GET",
        Case("/berita/{news.slug}", everyone(200)),
        Case("/berita/{news_draft.slug}", STAFF_ONLY_RECORD),
        Case("/berita/{news_deleted.slug}", STAFF_ONLY_RECORD),
        Case("/berita/tidak-ada", everyone(404))),
    row("news.photo", "GET",
        Case("/berita/{news.slug}/foto/{photo.id}/{photo.filename}", everyone(200)),
        Case("/berita/{news_draft.slug}/foto/{photo.id}/{photo.filename}", everyone(404))),
    row("news_admin.list_news", "GET", Case("/staf/berita", staff(200))),
    row("news_admin.create", "GET", Case("/staf/berita/baru", staff(200))),
    row("news_admin.create", "POST", Case("/staf/berita/baru", staff(302), data=NEWS_FORM)),
    row("news_admin.edit", "GET", Case("/staf/berita/{news_draft.id}", staff(200))),
    row("news_admin.edit", "POST", Case("/staf/berita/{news_draft.id}", staff(302), data=NEWS_FORM)),
    # pulihkan on a published item: restoring what is not deleted is a no-op (302)
    row("news_admin.workflow", "POST",
        *(Case(f"/staf/berita/{{{name}.id}}/{action}", staff(302))
          for name, action in (("news_draft", "terbitkan"), ("news", "tarik"), ("news", "hapus"),
                               ("news", "pulihkan")))),
    row("news_admin.upload_photo", "POST", Case("/staf/berita/{news.id}/foto", staff(302), data=lambda world: {
        "file": (io.BytesIO(png(1000 + world["n"])), "baru.png"), "caption": "Baru"})),
    row("news_admin.remove_photo", "POST", Case("/staf/berita/foto/{photo.id}/hapus", staff(302))),
    row("news_admin.decide", "POST",
        *(Case(f"/staf/berita/sitasi/{{citation.id}}/{action}", staff(302))
          for action in ("konfirmasi", "tolak", "atur-ulang"))),
    row("news_admin.link_citation", "POST",
        Case("/staf/berita/sitasi/{citation.id}/tautkan", staff(302), data={"document": "UU 43/2009"})),
    row("news_admin.add_phrase_link", "POST", Case("/staf/berita/{news.id}/sitasi-manual", staff(302),
                                                   data={"phrase": "Sesuai", "document": "UU 43/2009"})),
    # -- citations
    row("news_citations.worklist", "GET", Case("/staf/sitasi-belum-dikatalog", staff(200))),
    row("news_citations.dismiss", "POST",
        Case("/staf/sitasi-belum-dikatalog/abaikan", staff(302), data={"identity": "PKPU 99/2099"})),
    row("citations.aliases", "GET", Case("/staf/alias-sitasi", admins(200))),
    row("citations.add_alias", "POST", Case("/staf/alias-sitasi", admins(302), data={
        "citation_type": "UU", "name": "ITE", "label": "UU ITE", "target_identity": "UU 11/2008"})),
    row("citations.edit_alias", "POST", Case("/staf/alias-sitasi/{alias.id}", admins(302), data={
        "citation_type": "UU", "name": "Uji{n}", "label": "UU Uji", "target_identity": "UU 7/2023"})),
    row("citations.remove_alias", "POST", Case("/staf/alias-sitasi/{alias.id}/hapus", admins(302))),
    # -- search vocabulary (staff)
    row("search_vocabulary.vocabulary", "GET", Case("/staf/kosakata/pencarian", staff(200))),
    row("search_vocabulary.add_synonym", "POST", Case("/staf/kosakata/pencarian", staff(302), data={
        "term": "baru{n}", "formal": "istilah baru"})),
    row("search_vocabulary.edit_synonym", "POST", Case("/staf/kosakata/pencarian/{synonym.id}", staff(302), data={
        "term": "ubah{n}", "formal": "istilah diubah"})),
    row("search_vocabulary.remove_synonym", "POST", Case("/staf/kosakata/pencarian/{synonym.id}/hapus", staff(302))),
    # an API endpoint without CSRF; it resolves for the bearer token's reader, never the session's
    # (test_citation_links_lookup)
    row("api.citations_lookup", "POST",
        Case("/api/v1/citations/lookup", everyone(200), json={"text": "UU 43/2009"}),
        Case("/api/v1/citations/lookup", everyone(401), json={"text": "UU 43/2009"}, headers=BAD_TOKEN),
        csrf=False),
    # -- feeds: anonymous and public only, whoever asks
    row("open_feeds.jdihn_feed", "GET",
        Case("/integrasi/jdihn", everyone(200), hides=PUBLIC_VIEW, shows=dict.fromkeys(ROLES, PUBLIC_DOC))),
    row("open_feeds.documents_atom", "GET",
        Case("/feed/dokumen.atom", everyone(200), hides=PUBLIC_VIEW, shows=dict.fromkeys(ROLES, PUBLIC_DOC)),
        Case("/feed/dokumen/peraturan.atom", everyone(200), hides=PUBLIC_VIEW),
        Case("/feed/dokumen/bukan.atom", everyone(404))),
    row("open_feeds.news_atom", "GET", Case("/feed/berita.atom", everyone(200), hides=HIDDEN_NEWS,
                                            shows=PUBLIC_NEWS)),
    # -- /api/v1: identity from the bearer token only
    row("api.document_list", "GET",
        Case("/api/v1/documents?limit=200", everyone(200), hides=API_VIEW, shows=API_SHOWS),
        Case("/api/v1/documents", everyone(401), headers=BAD_TOKEN),
        Case("/api/v1/documents?visibility=partner&limit=200", expect(401, 401, 401, 401, token=200),
             hides=API_VIEW, shows={"token": ("/dokumen/{partner.slug}",)})),
    row("api.document_detail", "GET",
        Case("/api/v1/documents/{public.slug}", everyone(200)),
        Case("/api/v1/documents/{partner.slug}", API_PARTNER_RECORD),
        *(Case(f"/api/v1/documents/{{{name}.slug}}", everyone(404)) for name in ("draft", "internal", "deleted")),
        Case("/api/v1/documents/tidak-ada", everyone(404))),
    row("api.document_structure", "GET", Case("/api/v1/documents/{public.slug}/struktur", everyone(200)),
        Case("/api/v1/documents/{partner.slug}/struktur", API_PARTNER_RECORD),
        *(Case(f"/api/v1/documents/{{{name}.slug}}/struktur", everyone(404))
          for name in ("draft", "internal", "deleted", "laporan")), Case("/api/v1/documents/x/struktur", everyone(404))),
    row("api.news_list", "GET",
        Case("/api/v1/news?limit=100", everyone(200), hides=HIDDEN_NEWS, shows=PUBLIC_NEWS)),
    row("api.news_detail", "GET",
        Case("/api/v1/news/{news.slug}", everyone(200)),
        Case("/api/v1/news/{news_draft.slug}", everyone(404)),
        Case("/api/v1/news/{news_deleted.slug}", everyone(404))),
    row("api.search", "GET",
        Case("/api/v1/search?q=uji&limit=100", everyone(200), hides=API_VIEW, shows=API_SHOWS),
        Case("/api/v1/search?q=uji", everyone(401), headers=BAD_TOKEN)),
    row("api.openapi_document", "GET", Case("/api/v1/openapi.json", everyone(200))),
    # -- statistics: public figures only, whoever asks
    row("stats.statistics", "GET", Case("/statistik", everyone(200), hides=PUBLIC_VIEW)),
    row("api.statistics", "GET", Case("/api/v1/statistik", everyone(200), hides=PUBLIC_VIEW),
        Case("/api/v1/statistik", everyone(401), headers=BAD_TOKEN)),
    # -- the satisfaction survey: anyone answers, admins read the results
    row("survey.survey", "GET", Case("/survei", everyone(200))),
    row("survey.survey", "POST", Case("/survei", everyone(302), data=survey_answers)),
    row("survey.results", "GET", Case("/admin/survei", admins(200))),
    row("survey.export", "GET", Case("/admin/survei/ekspor.csv", admins(200))),
    # -- shared with partners: partners and staff
    row("partners.shared", "GET", Case("/mitra", expect(LOGIN, 200, 200, 200), hides=SESSION_VIEW,
                                       shows={"partner": ("/dokumen/{partner.slug}",)})),
    # -- member pages: public to read, admins edit
    row("pages.profile_index", "GET", Case("/profil", everyone(200))),
    row("pages.profile", "GET",
        Case("/profil/sejarah", everyone(200)),
        Case("/profil/kontak", everyone(404)),
        Case("/profil/tidak-ada", everyone(404))),
    row("pages.contact", "GET", Case("/kontak", everyone(200))),
    row("pages.guide", "GET", Case("/panduan", everyone(200))),
    row("pages.site_map_page", "GET", Case("/peta-situs", everyone(200))),
    row("pages.page_list", "GET", Case("/admin/halaman", admins(200))),
    row("pages.edit_page", "GET",
        Case("/admin/halaman/kontak", admins(200)),
        Case("/admin/halaman/tidak-ada", admins(404))),
    row("pages.edit_page", "POST", Case("/admin/halaman/sejarah", admins(302), data={
        "title": "Sejarah", "body": "<p>Sejarah {n}</p>", "summary": "", "version": ""})),
    # -- alerts: follows by email (signed links, no login), an account's follows, partner webhooks
    row("alerts.follow", "POST", Case("/ikuti", expect(200, 302, 302, 302, token=200), data={
        "email": "ikut{n}@uji.id", "kind": "document", "value": "{public.slug}", "frequency": "daily"})),
    row("alerts.confirm", "GET", Case("/ikuti/konfirmasi/{follow.confirm}", everyone(200)),
        Case("/ikuti/konfirmasi/palsu", everyone(400))),
    row("alerts.unsubscribe", "GET", Case("/berhenti/{follow.unsubscribe}", everyone(200))),
    # the signed token is the authority: RFC 8058 one-click POSTs carry no CSRF token
    row("alerts.unsubscribe", "POST", Case("/berhenti/{follow.unsubscribe}", everyone(200)), csrf=False),
    row("alerts.manage", "GET", Case("/akun/langganan", expect(LOGIN, 200, 200, 200, token=LOGIN))),
    row("alerts.remove", "POST",
        Case("/akun/langganan/{partner_follow.id}/hapus", expect(LOGIN, 302, 404, 404, token=LOGIN))),
    row("api.webhooks", "GET", Case("/api/v1/webhooks", expect(401, 401, 401, 401, token=200)),
        Case("/api/v1/webhooks", everyone(401), headers=BAD_TOKEN)),
    row("api.webhooks", "POST", Case("/api/v1/webhooks", expect(401, 401, 401, 401, token=201),
                                     json={"url": "https://mitra.example/h"}), csrf=False),
    row("api.webhook", "DELETE", Case("/api/v1/webhooks/{webhook.id}", expect(401, 401, 401, 401, token=204)),
        csrf=False),
    row("api.webhook_deliveries", "GET",
        Case("/api/v1/webhooks/{webhook.id}/deliveries", expect(401, 401, 401, 401, token=200))),
]
