"""Headless Chromium against the sample site served by a real nginx with the generated
`nginx-headers.conf`: no page breaks the Content-Security-Policy while it is used (search,
verification lookup, copy buttons, a card framed by another origin), and the policy blocks an
inline script injected into a page."""

from __future__ import annotations

import json

import pytest
from static_host import StaticHost, served_sample_by_nginx

pytestmark = pytest.mark.browser

PAGE = "2020/06/layanan-tatap-muka-disdukcapil-dibuka-kembali/"
# Records every violation report before any page script runs, in every frame.
LISTEN = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__csp.push(e.violatedDirective + " " + (e.blockedURI || "inline") + " " + e.sourceFile + ":" + e.lineNumber);
});
"""


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    root = tmp_path_factory.mktemp("csp")
    with served_sample_by_nginx(root / "output", root / "nginx") as host:
        yield host


@pytest.fixture
def page(browser, served):
    context = browser.new_context(viewport={"width": 360, "height": 740})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=served.origin)
    context.add_init_script(LISTEN)
    page = context.new_page()
    page.console_errors = []
    page.on("console", lambda m: m.type == "error" and page.console_errors.append(m.text))
    yield page
    context.close()


def violations(page) -> list[str]:
    found = [v for frame in page.frames for v in frame.evaluate("() => window.__csp || []")]
    found += [text for text in page.console_errors if "Content Security Policy" in text]
    return found


def test_the_sample_pages_are_allowed_by_the_policy(page, served):
    # The header really is there: without it this test would prove nothing.
    response = page.goto(f"{served.origin}/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    for path in ("", PAGE, "lite/", f"lite/{PAGE}", "arsip/", "kecamatan/"):
        page.goto(f"{served.origin}/{path}", wait_until="load")
        assert violations(page) == [], path


def test_search_finds_results_under_the_policy(page, served):
    page.goto(f"{served.origin}/cari/")
    page.wait_for_selector("#cari-kata:visible")
    page.fill("#cari-kata", "posyandu")
    page.wait_for_selector(".cari-hasil .item-title a")
    assert page.locator(".cari-hasil .item-title a").count() >= 1
    assert violations(page) == []


def test_verification_lookup_works_under_the_policy(page, served):
    page.goto(f"{served.origin}/cek/")
    page.fill("#kode", "krw 200602 01")
    page.click(".cek-form button")
    page.wait_for_url(f"{served.origin}/cek/KRW-200602-01/")
    page.goto(f"{served.origin}/cek/")
    page.fill("#kode", "KRW-999999-99")
    page.click(".cek-form button")
    page.wait_for_function("() => document.querySelector('.cek-hasil').textContent.includes('tidak terdaftar')")
    assert violations(page) == []


def test_copy_button_works_under_the_policy(page, served):
    page.goto(f"{served.origin}/feeds/")
    button = page.locator("button.salin").first
    target = button.evaluate("button => button.previousElementSibling.href")
    button.click()
    page.wait_for_function("() => document.getElementById('salin-status').textContent !== ''")
    assert page.evaluate("navigator.clipboard.readText()") == target
    assert violations(page) == []


def test_card_framed_by_another_origin_works_under_the_policy(page, served, tmp_path):
    html = json.loads((served.folder / PAGE / "oembed.json").read_text(encoding="utf-8"))["html"]
    with StaticHost(tmp_path) as partner:
        (tmp_path / "mitra.html").write_text(
            f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Mitra</title></head>'
            f"<body>{html}</body></html>", encoding="utf-8")  # fmt: skip
        page.goto(f"{partner.origin}/mitra.html", wait_until="load")
        frame = page.frame_locator("iframe").first
        assert frame.locator("h1").inner_text()
        card = next(f for f in page.frames if f.url.startswith(served.origin))
        card.wait_for_load_state("load")
        # sematkan.js sizes the frame to the height kartu-tinggi.js reports.
        page.wait_for_function("() => document.querySelector('iframe').style.height !== ''")
        assert violations(page) == []


def test_the_policy_blocks_an_injected_inline_script(page, served):
    injected = served.folder / "suntikan" / "index.html"
    injected.parent.mkdir()
    original = (served.folder / PAGE / "index.html").read_text(encoding="utf-8")
    injected.write_text(original.replace("</body>", '<script>document.title = "diretas";</script>\n'
                                         '<img src="x" onerror="document.title = \'diretas\'"></body>'),
                        encoding="utf-8")  # fmt: skip
    page.goto(f"{served.origin}/suntikan/", wait_until="load")
    page.wait_for_timeout(200)
    assert page.title() != "diretas"
    blocked = violations(page)
    assert any(v.startswith("script-src") for v in blocked), blocked
