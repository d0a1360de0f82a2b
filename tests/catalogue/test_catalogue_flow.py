"""The main journey through HTTP: staff create, attach, publish; public reads."""
from __future__ import annotations

import hashlib
import io

from conftest import csrf_token_from
from pdfs import make_pdf


def create_regulation(auth, client, **overrides):
    page = client.get("/staf/dokumen/baru/peraturan").get_data(as_text=True)
    from jdih.catalogue.vocabulary import jenis_choices

    uu = next(j for j in jenis_choices("peraturan") if j.abbreviation == "UU")
    data = {"jenis_id": str(uu.id), "nomor": "7", "tahun": "2017",
            "judul": "Pemilihan Umum", "visibility": "public",
            "csrf_token": csrf_token_from(page)}
    data.update(overrides)
    return client.post("/staf/dokumen/baru/peraturan", data=data)


def test_staff_creates_uploads_publishes_and_public_downloads(app, client, auth, users):
    auth.login(users["editor"])
    with app.app_context():
        response = create_regulation(auth, client)
    assert response.status_code == 302
    edit_url = response.headers["Location"]
    edit_page = client.get(edit_url).get_data(as_text=True)
    assert "UU 7/2017" in edit_page

    pdf = make_pdf(["Undang-Undang ini mengatur pemilihan umum.", "Pasal 2 halaman kedua"])
    response = client.post(edit_url + "/lampiran", data={
        "csrf_token": csrf_token_from(edit_page), "role": "naskah", "title": "",
        "file": (io.BytesIO(pdf), "uu-7-2017.pdf")}, content_type="multipart/form-data")
    assert response.status_code == 302, response.get_data(as_text=True)

    edit_page = client.get(edit_url).get_data(as_text=True)
    response = client.post(edit_url + "/terbitkan", data={"csrf_token": csrf_token_from(edit_page)})
    assert response.status_code == 302
    auth.logout()

    detail = client.get("/dokumen/uu-7-2017")
    assert detail.status_code == 200
    html = detail.get_data(as_text=True)
    assert "Pemilihan Umum" in html
    link = html.split('href="/dokumen/uu-7-2017/berkas/')[1].split('"')[0]
    download = client.get("/dokumen/uu-7-2017/berkas/" + link.split("?")[0] + "?unduh=1")
    assert download.status_code == 200
    assert download.mimetype == "application/pdf"
    assert hashlib.sha256(download.data).hexdigest() == hashlib.sha256(pdf).hexdigest()
    assert "uu-7-2017.pdf" in download.headers["Content-Disposition"]
    download.close()  # send_file streams from an open file
