"""Browser gates over the sample site served on 127.0.0.1, in headless Chromium (Debian's
chromium driven by Playwright): axe-core finds no WCAG 2.2 A/AA violation on every kind of
page in a 360-pixel mobile and a desktop viewport; the main pages work by keyboard alone;
no page asks anything of another host; bulletins need no JavaScript; Lighthouse scores
accessibility, best practices and SEO at 100.

Every page is visited in a context whose router refuses, and records, any request that
leaves the local server."""

from __future__ import annotations

import json
import os
from urllib.parse import urlsplit

import pytest
from conftest import tasks
from bs4 import BeautifulSoup
from conftest import AXE
from static_host import served_sample

pytestmark = pytest.mark.browser

VIEWPORTS = {"mobile": {"width": 360, "height": 740}, "desktop": {"width": 1280, "height": 800}}
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
BULLETIN = "2021/03/infografis-alur-vaksinasi-lansia/"
PAGES = {
    "home": "",
    "home, page 2": "halaman/2/",
    "bulletin with image": BULLETIN,
    "bulletin, urgent": "2021/06/lonjakan-kasus-covid-19-isolasi-terpusat/",
    "bulletin, hoax rebuttal": "2021/05/hoaks-tautan-pendaftaran-bansos/",
    "bulletin, withdrawn": "2021/01/jadwal-vaksinasi-tenaga-kesehatan-tahap-i/",
    "bulletin with video": "2020/10/video-enam-langkah-cuci-tangan/",
    "types": "jenis/",
    "type": "jenis/pengumuman/",
    "topics": "topik/",
    "topic": "topik/covid-19/",
    "kecamatan index": "kecamatan/",
    "kecamatan": "kecamatan/32.15.08-batujaya/",
    "archive": "arsip/",
    "month": "arsip/2021/02/",
    "search": "cari/",
    "search with results": "cari/?q=vaksinasi",
    "feeds": "feeds/",
    "embed card": BULLETIN + "embed/",
    "verification lookup": "cek/",
    "verification page": "cek/KRW-210308-01/",
    "about": "tentang/",
    "partners": "mitra/",
    "lite home": "lite/",
    "lite bulletin": "lite/" + BULLETIN,
    "lite types": "lite/jenis/",
    "lite kecamatan": "lite/kecamatan/32.15.08-batujaya/",
    "404": "404.html",
}
# Pages a resident moves through by keyboard; the skip link leads to <main>.
KEYBOARD_PAGES = ("", BULLETIN, "kecamatan/32.15.08-batujaya/", "cari/", "lite/", "lite/" + BULLETIN)
FOCUS_STEPS = 15
FOCUS_STYLE = """el => { const s = getComputedStyle(el);
  return [s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow, s.backgroundColor, s.color,
          s.borderBottomColor, s.textDecorationLine].join('|'); }"""


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    with served_sample(tmp_path_factory.mktemp("gates") / "output") as host:
        yield host


@pytest.fixture(scope="module")
def outside():
    """Requests that tried to leave the local server (refused), over the whole module."""
    return []


def local_context(browser, served, outside, **options):
    """A browser context that refuses every request to another host and records it."""
    context = browser.new_context(**options)
    local = urlsplit(served.origin).netloc

    def route(route):
        if urlsplit(route.request.url).netloc == local:
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", route)
    return context


@pytest.fixture(scope="module")
def tabs(browser, served, outside):
    """One page per viewport, reused by every axe test. axe-core goes in as an inline script,
    which the site's CSP blocks, so these contexts bypass CSP (`test_browser_csp.py` checks it)."""
    contexts = {name: local_context(browser, served, outside, viewport=size, bypass_csp=True)
                for name, size in VIEWPORTS.items()}  # fmt: skip
    yield {name: context.new_page() for name, context in contexts.items()}
    for context in contexts.values():
        context.close()


def visit(page, served, path: str) -> None:
    page.goto(f"{served.origin}/{path}", wait_until="load")
    if path.startswith("cari/"):  # wait for the search form (and the results of ?q=)
        page.wait_for_selector("#cari-kata:visible")
        if "?q=" in path:
            page.wait_for_selector(".cari-hasil .item")
            page.locator(".cari-saring summary").click()  # open the filters, so axe sees their checkboxes


def axe_violations(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    options = {"runOnly": {"type": "tag", "values": AXE_TAGS}}
    results = page.evaluate("o => axe.run(document, o)", options)
    return [f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:5]}"
            for v in results["violations"]]  # fmt: skip


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("name", PAGES)
def test_axe_finds_no_wcag_violation(served, tabs, outside, viewport, name):
    page = tabs[viewport]
    visit(page, served, PAGES[name])
    assert axe_violations(page) == [], PAGES[name]
    assert outside == []


@pytest.mark.parametrize("path", KEYBOARD_PAGES)
def test_keyboard_skip_link_and_visible_focus(browser, served, outside, path):
    context = local_context(browser, served, outside, viewport=VIEWPORTS["mobile"])
    page = context.new_page()
    try:
        visit(page, served, path)
        page.keyboard.press("Tab")
        skip = page.evaluate_handle("document.activeElement")
        assert skip.evaluate("el => el.classList.contains('skip') && el.getAttribute('href').startsWith('#')"), path
        box = skip.bounding_box()
        assert box and box["x"] >= 0 and box["y"] >= 0 and box["width"] > 1, "the focused skip link is on screen"
        target = skip.evaluate("el => el.getAttribute('href').slice(1)")
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.id") == target
        assert page.evaluate("document.activeElement.tagName") == "MAIN"
        focused = []
        for _ in range(FOCUS_STEPS):
            page.keyboard.press("Tab")
            element = page.evaluate_handle("document.activeElement")
            if element.evaluate("el => el === document.body"):
                break
            html = element.evaluate("el => el.outerHTML.slice(0, 80)")
            focused.append((element, element.evaluate(FOCUS_STYLE), html))
        assert len(focused) >= 3, path
        page.evaluate("document.activeElement.blur()")
        for element, with_focus, html in focused:
            outline = with_focus.split("|")
            assert element.evaluate(FOCUS_STYLE) != with_focus, f"no visible focus on {html}"
            assert outline[0] != "none" and float(outline[1].removesuffix("px")) >= 2 or outline[3] != "none", html
    finally:
        context.close()
    assert outside == []


def bulletin_paths(served) -> list[str]:
    manifest = json.loads((served.folder / "manifest.json").read_text(encoding="utf-8"))
    return [entry["url"].removeprefix(served.origin + "/") for entry in manifest["bulletins"]]


def test_bulletins_need_no_javascript(browser, served, outside):
    """With JavaScript off, each bulletin's text, dates and links are there and visible."""
    context = local_context(browser, served, outside, java_script_enabled=False, viewport=VIEWPORTS["mobile"])
    page = context.new_page()
    try:
        paths = bulletin_paths(served)
        assert len(paths) >= 20
        for path in paths:
            page.goto(f"{served.origin}/{path}")
            source = BeautifulSoup((served.folder / path / "index.html").read_bytes(), "html.parser")
            prose = "".join(source.select_one(".bulletin .prose").get_text().split())  # whitespace aside
            shown = page.locator(".bulletin .prose").first
            assert shown.is_visible() and "".join(shown.text_content().split()) == prose, path
            times = page.locator(".bulletin time")
            assert times.count() == len(source.select(".bulletin time")) >= 1, path
            assert all(times.nth(i).is_visible() for i in range(times.count())), path
            # The Bagikan kit has its own no-JS test; a <video>'s fallback link shows only without video support.
            links = page.locator(".bulletin a[href]:not(.bagikan a):not(video a)")
            expected = [a["href"] for a in source.select(".bulletin a[href]")
                        if not a.find_parent(class_="bagikan") and not a.find_parent("video")]  # fmt: skip
            assert [links.nth(i).get_attribute("href") for i in range(links.count())] == expected, path
            assert all(links.nth(i).is_visible() for i in range(links.count())), path
    finally:
        context.close()
    assert outside == []


def test_search_page_without_javascript_links_the_lists(browser, served, outside):
    context = local_context(browser, served, outside, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(f"{served.origin}/cari/")
        notice = page.locator("noscript p")  # Playwright's text engine skips <noscript>; CSS does not
        assert notice.is_visible() and "Pencarian memerlukan JavaScript" in notice.text_content()
        for name, href in (("Arsip", "arsip/"), ("Kecamatan", "kecamatan/"), ("Jenis", "jenis/"), ("Topik", "topik/")):
            link = page.locator("main").get_by_role("link", name=name, exact=True)
            assert link.get_attribute("href") == f"{served.origin}/{href}"
    finally:
        context.close()


def test_lighthouse_scores_accessibility_best_practices_and_seo_at_100(browser, served):
    if not tasks.LIGHTHOUSE.is_file():
        reason = "Lighthouse needs `npm ci` (node_modules/lighthouse)"
        if os.environ.get("WARTA_REQUIRE_TOOLS"):
            pytest.fail(reason)
        pytest.skip(reason)
    problems = []
    for path in ("", "2021/06/lonjakan-kasus-covid-19-isolasi-terpusat/"):
        report = tasks.lighthouse_report(f"{served.origin}/{path}")
        scores = tasks.lighthouse_scores(report)
        problems += [f"/{path}: {problem}" for problem in tasks.lighthouse_problems(report)]
        assert all(scores[key] == 100 for key in tasks.LIGHTHOUSE_PERFECT) or problems, scores
    assert problems == []


def test_no_page_requested_anything_outside_the_local_server(outside):
    assert outside == []
