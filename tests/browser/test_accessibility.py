"""Every public page template, checked with axe-core against the WCAG 2.0,
2.1 and 2.2 rules of levels A and AA, at a desktop width (1366 px) and a
phone width (390 px): no violation of "serious" or "critical" impact.

One live server with the demo catalogue for the module; each page is loaded
once, axe-core (the npm package that ``make test`` installs from
package-lock.json) is injected from node_modules and run at both widths. A
failure prints every violation with the elements it found, so it explains
itself.
"""
from __future__ import annotations

import os
import socket
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Optional

import pytest
from playwright.sync_api import BrowserContext

from browser.conftest import TIMEOUT_MS, LiveServer, build_app, login, serving

pytestmark = pytest.mark.browser

AXE_SCRIPT = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WIDTHS = {1366: 768, 390: 844}
FAILING_IMPACTS = {"serious", "critical"}
#: WCAG 2.0, 2.1 and 2.2 rules of levels A and AA (2.2 adds target sizes).
AXE_RUN = """() => axe.run(document, {
    runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']},
    resultTypes: ['violations'],
})"""
#: A document whose reading view (articles) the demo ships, and a ruling.
REGULATION, RULING = "uu-7-2017", "mk-90-puu-xxi-2023"


@dataclass(frozen=True)
class Visit:
    path: str
    status: int = 200
    #: "partner": a signed-in partner account (the pages only partners see).
    account: Optional[str] = None
    #: A field (by label) to fill, then a button (by exact name) to press
    #: first: the page that leads to is the one checked.
    fill: Optional[tuple[str, str]] = None
    press: Optional[str] = None
    #: The start of the page's title, when the path alone does not say which template answers.
    title: Optional[str] = None


#: name -> what to open. Tokens in "{...}" come from the module's fixture.
PAGES = {
    "beranda": Visit("/"),
    "peraturan": Visit("/peraturan"),
    "peraturan-disaring": Visit("/peraturan?tahun=2017"),
    "putusan-disaring": Visit("/putusan?tahun=2024"),
    "daftar-kosong": Visit("/monografi"),
    "dokumen-peraturan-naskah": Visit(f"/dokumen/{REGULATION}"),
    "dokumen-putusan": Visit(f"/dokumen/{RULING}"),
    "status-pada-tanggal": Visit(f"/dokumen/{REGULATION}/status?tanggal=2018-01-01"),
    "cari-kosong": Visit("/cari"),
    "cari-hasil": Visit("/cari?q=pemilu"),
    "cari-tanpa-hasil": Visit("/cari?q=zzqxv"),
    "cari-pilih-dokumen": Visit("/cari?q=Permen+8%2F2019", title="Pilih dokumen"),
    "berita": Visit("/berita"),
    "berita-detail": Visit("/berita/{news}"),
    "statistik": Visit("/statistik"),
    "survei": Visit("/survei"),
    "profil": Visit("/profil"),
    **{f"profil-{slug}": Visit(f"/profil/{slug}") for slug in (
        "sejarah", "visi-misi", "struktur-organisasi", "dasar-hukum", "sk-tim-pengelola", "sop")},
    "kontak": Visit("/kontak"),
    "panduan": Visit("/panduan"),
    "peta-situs": Visit("/peta-situs"),
    "masuk": Visit("/masuk"),
    "galat-404": Visit("/tidak-ada-halaman-ini", status=404),
    "langganan-diminta": Visit(f"/dokumen/{RULING}", fill=("Alamat email", "baru@contoh.id"), press="Ikuti",
                               title="Periksa email"),
    "langganan-dikonfirmasi": Visit("/ikuti/konfirmasi/{confirm}", title="Langganan aktif"),
    "langganan-tautan-tidak-sah": Visit("/ikuti/konfirmasi/tidak-sah", status=400),
    "berhenti-langganan": Visit("/berhenti/{unsubscribe}"),
    "berhenti-langganan-selesai": Visit("/berhenti/{stop}", press="Berhenti berlangganan",
                                        title="Langganan dihentikan"),
    "mitra": Visit("/mitra", account="partner"),
    "akun-langganan": Visit("/akun/langganan", account="partner"),
}


@dataclass
class DemoSite:
    live: LiveServer
    tokens: dict[str, str]
    #: account (None: anonymous, "partner") -> a browser context, cookies kept.
    contexts: dict[Optional[str], BrowserContext]


def _prepare(app) -> dict[str, str]:
    """What the demo lacks for some pages (a second "Permen 8/2019", so the
    citation is ambiguous), a news item's slug, and the links a follower's
    mails carry."""
    from sqlalchemy import select

    from jdih.alerts.operations import confirm_token, request_follow, unsubscribe_token
    from jdih.catalogue import operations
    from jdih.catalogue.vocabulary import jenis_choices
    from jdih.extensions import db
    from jdih.news.models import News

    with app.app_context():
        permendagri = next(j.id for j in jenis_choices("peraturan") if j.abbreviation == "PERMENDAGRI")
        operations.publish(operations.create_document("peraturan", {
            "jenis_id": permendagri, "nomor": "8", "tahun": 2019,
            "judul": "Contoh peraturan menteri lain bernomor sama", "visibility": "public"}))
        news = db.session.scalars(select(News.slug).order_by(News.id)).first()
        # One follow whose unsubscribe page is only looked at, one to stop.
        kept, _ = request_follow("pembaca@contoh.id", "document", REGULATION, "immediate")
        stopped, _ = request_follow("mantan@contoh.id", "document", REGULATION, "immediate")
        db.session.commit()
        return {"news": news, "confirm": confirm_token(kept), "unsubscribe": unsubscribe_token(kept),
                "stop": unsubscribe_token(stopped)}


@pytest.fixture(scope="module")
def axe_script() -> Path:
    if not AXE_SCRIPT.is_file():
        if os.environ.get("CI"):
            pytest.fail(f"{AXE_SCRIPT} is missing on CI: make test should have run npm ci")
        pytest.skip(f"{AXE_SCRIPT} not found: run `npm ci` (make test does) to install axe-core")
    return AXE_SCRIPT


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory, chromium) -> Iterator[DemoSite]:
    app = build_app(tmp_path_factory.mktemp("axe"))
    result = app.test_cli_runner().invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    tokens = _prepare(app)
    # The confirmation mail of the follow form goes nowhere: a closed port.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        app.config.update(MAIL_HOST="127.0.0.1", MAIL_PORT=probe.getsockname()[1])
    with serving(app) as live:
        # The site's CSP forbids inline scripts, which is how axe-core is injected.
        contexts = {account: chromium.new_context(base_url=live.url, locale="id-ID", bypass_csp=True)
                    for account in (None, "partner")}
        try:
            for context in contexts.values():
                context.set_default_timeout(TIMEOUT_MS)
            page = contexts["partner"].new_page()
            login(page, live.accounts["partner"], live.password)
            page.close()
            yield DemoSite(live=live, tokens=tokens, contexts=contexts)
        finally:
            for context in contexts.values():
                context.close()


def describe(violations: list[dict]) -> str:
    """One paragraph per violation: rule, impact, help and the elements."""
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"]:
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            lines.append(f"    {' '.join(map(str, node['target']))}  {node['html'][:160]}")
            if summary:
                lines.append(f"        {summary[:300]}")
    return "\n".join(lines)


def serious_violations(page, axe_script: Path) -> dict[int, list[dict]]:
    """width -> the serious and critical violations axe-core finds on the
    page as it is shown at that width (the site has no scripts of its own,
    so resizing the loaded page equals loading it at that width)."""
    page.add_script_tag(path=str(axe_script))
    found = {}
    for width, height in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": height})
        assert page.evaluate("innerWidth") == width
        results = page.evaluate(AXE_RUN)
        found[width] = [v for v in results["violations"] if v["impact"] in FAILING_IMPACTS]
    return found


@pytest.mark.parametrize("name", PAGES)
def test_page_has_no_serious_accessibility_violations(demo_site, axe_script, name):
    visit = PAGES[name]
    page = demo_site.contexts[visit.account].new_page()
    try:
        response = page.goto(visit.path.format(**demo_site.tokens))
        assert response is not None and response.status == visit.status, f"{name}: {response and response.status}"
        if visit.fill:
            page.get_by_label(visit.fill[0]).fill(visit.fill[1])
        if visit.press:
            page.get_by_role("button", name=visit.press, exact=True).click()
            page.wait_for_load_state()
        if visit.title:
            assert page.title().startswith(visit.title), page.title()
        found = serious_violations(page, axe_script)
    finally:
        page.close()
    report = "\n\n".join(f"{name} at {width} px:\n{describe(violations)}"
                         for width, violations in found.items() if violations)
    if report:
        pytest.fail(report, pytrace=False)


def test_the_check_finds_what_it_should(demo_site, axe_script):
    """A page with faint text and an unlabelled field fails the check at
    both widths (so a clean site is clean, not unchecked)."""
    page = demo_site.contexts[None].new_page()
    try:
        page.set_content('<html lang="id"><head><title>Uji</title></head><body><main><h1>Uji</h1>'
                         '<p style="color:#bbb;background:#fff">teks pudar</p><input type="text">'
                         '</main></body></html>')
        found = serious_violations(page, axe_script)
    finally:
        page.close()
    assert {width: sorted(v["id"] for v in violations) for width, violations in found.items()} == {
        width: ["color-contrast", "label"] for width in WIDTHS}
