"""Following by email: double opt-in, what triggers a mail, who may hear
about what, digests, unsubscribing; mails arrive at a real SMTP server."""
from __future__ import annotations

import io
import time

from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage

from alerts_support import app_config, mailbox, smtp  # noqa: F401 (fixtures)
from alerts_support import html_of, links, local_path, make_doc, text_of
from conftest import csrf_token_from
from jdih.alerts import operations
from jdih.alerts.models import AlertEvent
from jdih.extensions import db
from jdih.relations import operations as relations
from pdfs import make_pdf

EMAIL = "warga@contoh.id"


def _follow_page(client, slug: str, email: str = EMAIL, frequency: str = "immediate"):
    page = client.get(f"/dokumen/{slug}")
    assert page.status_code == 200
    return client.post("/ikuti", data={"csrf_token": csrf_token_from(page.text), "email": email,
                                       "kind": "document", "value": slug, "frequency": frequency,
                                       "next": f"/dokumen/{slug}"})


def _relate(app, kind: str, source: tuple, target_slug: str, **details) -> float:
    """Record ``source`` --kind--> target as an editor would; the commit's time."""
    from jdih.catalogue.models import Document

    with app.app_context():
        target = db.session.scalar(select(Document).where(Document.slug == target_slug))
        acting = make_doc(*source) if isinstance(source, tuple) else source
        relations.add(kind, relations.End.of(acting), relations.End.of(target), **details)
        started = time.monotonic()
        db.session.commit()
        return started


def _confirmed_follow(app, email: str, kind: str, value: str, frequency: str = "immediate") -> None:
    with app.app_context():
        follow, _ = operations.request_follow(email, kind, value, frequency)
        db.session.commit()
        assert operations.confirm(operations.confirm_token(follow)) is not None
        db.session.commit()


def test_follow_confirm_amend_unsubscribe(app, client, mailbox):
    with app.app_context():
        slug = make_doc("UU", "7", 2017, judul="Pemilihan Umum").slug
        db.session.commit()
    response = _follow_page(client, slug)
    assert response.status_code == 200 and EMAIL in response.text
    [confirmation] = mailbox.wait_for(1)
    assert confirmation["To"] == EMAIL and "Konfirmasi" in confirmation["Subject"]
    [confirm_link] = [link for link in links(confirmation) if "/ikuti/konfirmasi/" in link]

    # Not confirmed yet: an amendment mails nothing.
    _relate(app, "mengubah", ("PERPPU", "1", 2022), slug)
    assert len(mailbox.wait_for(2, timeout=0.5)) == 1

    assert "Langganan aktif" in client.get(local_path(confirm_link)).text
    started = _relate(app, "mengubah", ("UU", "7", 2023), slug, pasal="Pasal 10")
    mailbox.wait_for(2)
    arrived, update = mailbox.received[1]
    print(f"\nimmediate mail: {1000 * (arrived - started):.1f} ms from commit to SMTP delivery")
    assert update["To"] == EMAIL
    body = text_of(update)
    assert "UU 7/2017 diubah oleh UU 7/2023; pasal: Pasal 10." in body
    assert f"http://jdih.test/dokumen/{slug}" in body
    assert f'href="http://jdih.test/dokumen/{slug}"' in html_of(update)
    assert "PERPPU" not in body  # the amendment from before the confirmation stays unsent
    assert update["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe_url = update["List-Unsubscribe"].strip("<>")

    # RFC 8058: the mail client POSTs, without a login or a CSRF token.
    one_click = client.post(local_path(unsubscribe_url), data={"List-Unsubscribe": "One-Click"})
    assert one_click.status_code == 200 and "1 langganan dihentikan" in one_click.text
    _relate(app, "mencabut", ("UU", "1", 2030), slug)
    assert len(mailbox.wait_for(3, timeout=0.5)) == 2


def test_bad_or_forged_tokens_are_refused(app, client):
    assert client.get("/ikuti/konfirmasi/palsu").status_code == 400
    page = client.get("/berhenti/palsu")
    assert page.status_code == 200 and "Tidak ada langganan" in page.text
    with app.app_context():
        slug = make_doc("UU", "7", 2017).slug
        db.session.commit()
        follow, _ = operations.request_follow(EMAIL, "document", slug, "immediate")
        db.session.commit()
        # An unsubscribe token does not confirm, and a confirmation token does not unsubscribe.
        assert operations.confirm(operations.unsubscribe_token(follow)) is None
        assert operations.follows_for_unsubscribe(operations.confirm_token(follow)) == []


def test_nothing_about_a_document_the_follower_may_not_read(app, client, mailbox, users):
    with app.app_context():
        doc = make_doc("UU", "7", 2017)
        hidden = make_doc("PKPU", "3", 2025, visibility="partner", judul="Rahasia mitra")
        db.session.commit()
        slug, hidden_slug = doc.slug, hidden.slug
    # The form refuses a document the visitor may not read, without naming it.
    response = _follow_page(client, slug)  # a CSRF token from a readable page
    token = csrf_token_from(client.get(f"/dokumen/{slug}").text)
    mailbox.wait_for(1)
    refused = client.post("/ikuti", data={"csrf_token": token, "email": "lain@contoh.id", "kind": "document",
                                          "value": hidden_slug, "frequency": "immediate"}, follow_redirects=True)
    assert "Dokumen tidak ditemukan" in refused.text and "Rahasia" not in refused.text
    assert response.status_code == 200 and len(mailbox.to("lain@contoh.id")) == 0

    _confirmed_follow(app, EMAIL, "document", slug)
    with app.app_context():
        from jdih.accounts.models import User

        partner = db.session.scalar(select(User).where(User.email == users["partner"]))
        operations.follow_as_user(partner, "document", slug, "immediate")
        doc = db.session.get(type(doc), doc.id)
        doc.visibility = "partner"  # from now on only partners and staff read it
        db.session.commit()
    mailbox.clear()
    _relate(app, "mengubah", ("UU", "7", 2023), slug)
    mailbox.wait_for(1)
    time.sleep(0.2)
    assert [m["To"] for m in mailbox.messages] == [users["partner"]]


def test_one_mail_per_recipient_per_batch_and_per_digest(app, mailbox):
    with app.app_context():
        slug = make_doc("UU", "7", 2017).slug
        db.session.commit()
    _confirmed_follow(app, EMAIL, "document", slug, "daily")
    _confirmed_follow(app, EMAIL, "type", "putusan", "daily")
    _confirmed_follow(app, "segera@contoh.id", "document", slug)
    with app.app_context():
        from jdih.catalogue.models import Document

        target = db.session.scalar(select(Document).where(Document.slug == slug))
        ruling = make_doc("MK", "90/PUU-XXI/2023", 2023)
        # One commit, two events: the immediate follower gets one mail with both.
        relations.add("menguji", relations.End.of(ruling), relations.End.of(target),
                      result="dikabulkan_sebagian")
        relations.add("mencabut", relations.End.of(make_doc("UU", "1", 2031)), relations.End.of(target))
        db.session.commit()
    [immediate] = mailbox.wait_for(1)
    assert immediate["To"] == "segera@contoh.id"
    body = text_of(immediate)
    assert "diuji di pengadilan oleh MK 90/PUU-XXI/2023 (hasil: dikabulkan sebagian)" in body
    assert "dicabut oleh UU 1/2031" in body
    mailbox.clear()

    from jdih.tasks import definitions

    with app.app_context():
        started = time.monotonic()
        assert definitions.send_alert_digest() == 1
        print(f"\ndaily digest run: {1000 * (time.monotonic() - started):.1f} ms for one recipient")
        assert definitions.send_alert_digest() == 0  # never twice
    [digest] = mailbox.messages
    body = text_of(digest)
    assert digest["To"] == EMAIL and "Ringkasan harian" in digest["Subject"]
    assert "diuji di pengadilan" in body and "dicabut" in body
    assert "MK 90/PUU-XXI/2023 terbit" in body  # the new ruling, for the type follow


def test_new_file_and_news_citation_mail_followers(app, mailbox):
    with app.app_context():
        slug = make_doc("UU", "7", 2017).slug
        db.session.commit()
    _confirmed_follow(app, EMAIL, "document", slug)
    from jdih.catalogue import attachments
    from jdih.catalogue.models import Document
    from jdih.news import operations as news_ops

    with app.app_context():
        doc = db.session.scalar(select(Document).where(Document.slug == slug))
        attachments.add_attachment(doc, FileStorage(io.BytesIO(make_pdf(["naskah"])), "naskah.pdf"), "naskah")
        db.session.commit()
    [file_mail] = mailbox.wait_for(1)
    assert "UU 7/2017 mendapat berkas baru: naskah.pdf." in text_of(file_mail)

    from datetime import date

    with app.app_context():
        news = news_ops.create_news({"title": "Sosialisasi <UU Pemilu>", "news_date": date(2025, 1, 2),
                                     "body": "<p>KPU menjelaskan UU 7/2017 kepada pemilih.</p>"})
        db.session.commit()
        assert len(mailbox.wait_for(2, timeout=0.3)) == 1  # a draft is not news yet
        news_ops.publish(news)
        db.session.commit()
    messages = mailbox.wait_for(2)
    assert len(messages) == 2
    assert "disebut dalam berita baru: \u201cSosialisasi <UU Pemilu>\u201d" in text_of(messages[1])
    assert "Sosialisasi &lt;UU Pemilu&gt;" in html_of(messages[1])
    assert "<UU Pemilu>" not in html_of(messages[1])


def test_saved_search_hears_of_matching_new_documents(app, mailbox):
    _confirmed_follow(app, EMAIL, "search", "q=pemilu serentak&tipe=peraturan")
    with app.app_context():
        make_doc("PKPU", "1", 2026, judul="Tahapan Pemilu Serentak 2029")
        make_doc("PKPU", "2", 2026, judul="Pengelolaan Arsip")
        make_doc("MK", "1/PUU-XXIV/2026", 2026, judul="Uji Pemilu Serentak")  # a putusan
        make_doc("PKPU", "4", 2026, publish=False, judul="Draf Pemilu Serentak")
        db.session.commit()
    [message] = mailbox.wait_for(1)
    time.sleep(0.2)
    assert len(mailbox.messages) == 1
    # The announced items only: the rest of the mail holds a random
    # unsubscribe token, which once contained "MK".
    announced = [line for line in text_of(message).splitlines() if line.startswith("* ")]
    assert announced == ["* PKPU 1/2026 terbit."]


def test_a_rolled_back_change_records_nothing(app):
    with app.app_context():
        target = make_doc("UU", "7", 2017)
        db.session.commit()
        before = db.session.scalar(select(func.count(AlertEvent.id)))
        relations.add("mengubah", relations.End.of(make_doc("UU", "7", 2023)), relations.End.of(target))
        db.session.flush()
        assert db.session.scalar(select(func.count(AlertEvent.id))) == before + 2  # amended + published
        db.session.rollback()
        assert db.session.scalar(select(func.count(AlertEvent.id))) == before


def test_follow_form_is_rate_limited_per_address(app, client, mailbox):
    with app.app_context():
        slug = make_doc("UU", "7", 2017).slug
        db.session.commit()
    token = csrf_token_from(client.get(f"/dokumen/{slug}").text)
    statuses = [client.post("/ikuti", data={"csrf_token": token, "email": f"orang{n}@contoh.id",
                                            "kind": "document", "value": slug}).status_code for n in range(11)]
    assert statuses[:10] == [200] * 10 and statuses[10] == 429


def test_signed_in_account_manages_its_follows(app, client, auth, users, mailbox):
    with app.app_context():
        slug = make_doc("UU", "7", 2017, judul="Pemilihan Umum").slug
        db.session.commit()
    auth.login(users["partner"])
    saved = auth.post("/ikuti", {"kind": "document", "value": slug, "frequency": "daily",
                                 "next": "/akun/langganan"}, form_page=f"/dokumen/{slug}")
    assert saved.status_code == 302 and saved.location.endswith("/akun/langganan")
    assert len(mailbox.wait_for(1, timeout=0.3)) == 0  # an account needs no confirmation
    page = client.get("/akun/langganan")
    assert "UU 7/2017" in page.text and "Ringkasan harian" in page.text and "Aktif" in page.text
    with app.app_context():
        [follow] = operations.follows_of(_user(users["partner"]))
        follow_id = follow.id
    removed = auth.post(f"/akun/langganan/{follow_id}/hapus", form_page="/akun/langganan")
    assert removed.status_code == 302
    assert "Belum ada langganan" in client.get("/akun/langganan").text


def _user(email: str):
    from jdih.accounts.models import User

    return db.session.scalar(select(User).where(User.email == email))


def test_account_page_does_not_name_a_document_no_longer_readable(app, client, auth, users):
    with app.app_context():
        doc = make_doc("PKPU", "9", 2025, visibility="partner", judul="Khusus mitra")
        db.session.commit()
        doc_id = doc.id
        operations.follow_as_user(_user(users["partner"]), "document", doc.slug, "immediate")
        db.session.commit()
    auth.login(users["partner"])
    assert "PKPU 9/2025" in client.get("/akun/langganan").text
    with app.app_context():
        db.session.get(type(doc), doc_id).visibility = "internal"
        db.session.commit()
    page = client.get("/akun/langganan").text
    assert "PKPU 9/2025" not in page and "Dokumen tidak tersedia" in page


def test_a_refused_address_does_not_hold_back_the_others(app, mailbox):
    with app.app_context():
        slug = make_doc("UU", "7", 2017).slug
        db.session.commit()
    _confirmed_follow(app, "tolak@contoh.id", "document", slug)
    _confirmed_follow(app, EMAIL, "document", slug)
    _relate(app, "mengubah", ("UU", "7", 2023), slug)
    assert [m["To"] for m in mailbox.wait_for(1)] == [EMAIL]
    _relate(app, "mencabut", ("UU", "1", 2030), slug)
    messages = mailbox.wait_for(2)
    assert len(messages) == 2 and "diubah" not in text_of(messages[1])  # the first is not sent again


def test_subject_follow_hears_of_new_documents_with_that_subject(app, mailbox):
    with app.app_context():
        make_doc("PKPU", "1", 2024, subjects=["Pemilu"])  # the subject exists from here on
        db.session.commit()
    _confirmed_follow(app, EMAIL, "subject", "Pemilu")
    with app.app_context():
        make_doc("PKPU", "5", 2026, subjects=["Pemilu", "Kampanye"])
        make_doc("PKPU", "6", 2026, subjects=["Pajak"])
        db.session.commit()
    [message] = mailbox.wait_for(1)
    body = text_of(message)
    assert "PKPU 5/2026 terbit." in body and "PKPU 6/2026" not in body and "Subjek: Pemilu" in body
