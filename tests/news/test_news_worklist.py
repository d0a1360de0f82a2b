"""The worklist of documents cited in news but not catalogued: an entry can
be dismissed (a stored decision), and "Buat dokumen" only pre-fills values
the document form accepts."""
from __future__ import annotations

import html as html_lib
import re

from sqlalchemy import select

from conftest import csrf_token_from
from jdih.core.audit import AuditEntry
from jdih.extensions import db

WORKLIST = "/staf/sitasi-belum-dikatalog"
BODY = ("<p>Rapat membahas PKPU Nomor 19 Tahun 2019 dan Undang-Undang Nomor 3 Tahun 2099 "
        "yang belum ada.</p>")


def save_news(client, body: str = BODY) -> str:
    page = client.get("/staf/berita/baru").get_data(as_text=True)
    response = client.post("/staf/berita/baru", data={"title": "Rapat", "news_date": "2025-10-24",
                                                      "body": body, "csrf_token": csrf_token_from(page)})
    assert response.status_code == 302
    return response.headers["Location"]


def main_of(page: str) -> str:
    return page.split("<main", 1)[1]


def dismiss(client, identity: str):
    token = csrf_token_from(client.get(WORKLIST).get_data(as_text=True))
    return client.post(WORKLIST + "/abaikan", data={"identity": identity, "csrf_token": token})


def test_an_entry_can_be_dismissed_and_stays_dismissed(app, client, auth, users):
    auth.login(users["editor"])
    edit_url = save_news(client)
    assert "PKPU 19/2019" in main_of(client.get(WORKLIST).get_data(as_text=True))
    response = dismiss(client, "PKPU 19/2019")
    assert response.status_code == 302 and response.headers["Location"].endswith(WORKLIST)
    page = main_of(client.get(response.headers["Location"]).get_data(as_text=True))
    assert "diabaikan" in page
    assert '<span class="identity">PKPU 19/2019</span>' not in page
    assert '<span class="identity">UU 3/2099</span>' in page
    # Saving the news again re-extracts its citations: the decision holds.
    page = client.get(edit_url).get_data(as_text=True)
    client.post(edit_url, data={"title": "Rapat", "news_date": "2025-10-24", "body": BODY,
                                "csrf_token": csrf_token_from(page)})
    assert '<span class="identity">PKPU 19/2019</span>' not in main_of(client.get(WORKLIST).get_data(as_text=True))
    with app.app_context():
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "worklist-dismiss"))
        assert entry is not None and entry.object_label == "PKPU 19/2019"


def test_dismissing_what_is_not_on_the_worklist_is_refused(app, client, auth, users):
    auth.login(users["editor"])
    save_news(client)
    response = dismiss(client, "UU 99/1999")
    assert response.status_code == 302
    page = main_of(client.get(WORKLIST).get_data(as_text=True))
    assert "tidak ada di daftar" in page
    assert '<span class="identity">PKPU 19/2019</span>' in page


def _form_values(page: str) -> dict[str, str]:
    """What the browser would submit for the form as shown."""
    form = page.split('<form method="post" class="stacked card"', 1)[1].split("</form>", 1)[0]
    values = {}
    for tag in re.findall(r"<input[^>]*>", form):
        name, value = re.search(r'name="([^"]+)"', tag), re.search(r'value="([^"]*)"', tag)
        if name and "type=\"file\"" not in tag:
            values[name.group(1)] = html_lib.unescape(value.group(1)) if value else ""
    for name, body in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', form, re.S):
        chosen = re.search(r'<option(?: selected)? value="([^"]*)"(?: selected)?>', body)
        selected = re.search(r'<option selected value="([^"]*)"|<option value="([^"]*)" selected>', body)
        values[name] = (selected.group(1) or selected.group(2)) if selected else (chosen.group(1) if chosen else "")
    for name, text in re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', form, re.S):
        values[name] = html_lib.unescape(text.strip())
    return values


def test_buat_dokumen_prefills_only_what_the_form_accepts(app, client, auth, users):
    auth.login(users["editor"])
    save_news(client)
    worklist = main_of(client.get(WORKLIST).get_data(as_text=True))
    links = [html_lib.unescape(link) for link in re.findall(r'href="(/staf/dokumen/baru/[^"]+)"', worklist)]
    assert len(links) == 2
    for link in links:
        form_page = client.get(link).get_data(as_text=True)
        response = client.post(link, data=_form_values(form_page))
        page = response.get_data(as_text=True)
        # Fields nothing pre-fills (the title) may be missing; no pre-filled value is refused.
        errors = re.findall(r'class="error"[^>]*>([^<]+)<', page)
        assert "Judul wajib diisi." in errors, (link, errors)
        assert all(error.endswith("wajib diisi.") for error in errors), (link, errors)
    # The year 2099 is not offered (the form takes years up to next year); the number and jenis are.
    uu_link = next(link for link in links if "nomor=3" in link)
    assert "tahun=" not in uu_link and "jenis_id=UU" in uu_link
