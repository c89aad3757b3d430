"""The /feeds/ page in headless Chromium (Debian's chromium, driven by Playwright): no
axe-core violations, copy buttons that copy the feed URL, a page that works without
JavaScript (the links are the addresses, no buttons), and nothing wider than a 360 px phone."""

from __future__ import annotations

import pytest
from conftest import AXE, FixtureSite, bulletin_text
from static_host import StaticHost, served_sample

pytestmark = pytest.mark.browser

@pytest.fixture(scope="module")
def served(tmp_path_factory):
    site = FixtureSite(tmp_path_factory.mktemp("feeds-page"))
    site.add("a.md", bulletin_text(urgency="penting", expires="2021-12-31 16:00"))
    site.add("b.md", bulletin_text(title="Banjir di Rengasdengklok", date="2021-02-20 06:15", type="Berita",
                                   topics="Banjir", kecamatan="semua", urgency="darurat", expires="2021-12-31 23:59", code="KRW-210220-01"))  # fmt: skip
    host = StaticHost(site.output)
    site.build(SITEURL=host.origin, SYNDICATION_TAG_AUTHORITY="localhost", WEBSUB_HUB="https://hub.example.org/")
    with host:
        yield host


def test_feeds_page_has_no_axe_violations(browser, served):
    page = browser.new_page()
    try:
        page.goto(f"{served.origin}/feeds/")
        page.add_script_tag(path=str(AXE))
        results = page.evaluate("axe.run(document)")
        assert [f"{v['id']}: {[n['target'] for n in v['nodes']]}" for v in results["violations"]] == []
    finally:
        page.close()


def test_copy_button_copies_the_feed_url(browser, served):
    context = browser.new_context()
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=served.origin)
    page = context.new_page()
    try:
        page.goto(f"{served.origin}/feeds/")
        button = page.locator('a[href$="/feeds/kecamatan/32.15.06-rengasdengklok.rss.xml"] + button.salin')
        assert button.is_visible()
        assert button.get_attribute("title") == "Salin alamat RSS, Rengasdengklok"
        assert page.get_by_role("button", name="Salin alamat RSS, Rengasdengklok").count() == 1
        button.click()
        page.wait_for_function("document.getElementById('salin-status').textContent !== ''")
        assert page.evaluate("navigator.clipboard.readText()") == f"{served.origin}/feeds/kecamatan/32.15.06-rengasdengklok.rss.xml"
        # One button per feed link, and one for the OPML file.
        assert page.locator("ul.umpan button.salin").count() == page.locator("ul.umpan li > span a").count()
        page.locator("#umpan-opml + button.salin").click()
        page.wait_for_function("navigator.clipboard.readText().then(t => t.endsWith('/feeds/index.opml'))")
    finally:
        context.close()


def test_feeds_page_works_without_javascript(browser, served):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(f"{served.origin}/feeds/")
        link = page.locator('#semua a[href$="/feeds/semua.atom.xml"]')
        assert link.is_visible() and link.inner_text() == "Atom"
        assert link.evaluate("a => a.href") == f"{served.origin}/feeds/semua.atom.xml"
        assert page.locator("button").count() == 0
        assert page.locator("text=Cara berlangganan").count() >= 1
    finally:
        context.close()


PHONE = {"width": 360, "height": 800}
# Elements in <main> wider than the screen or cut off (content wider than their box). The
# visually hidden (1 px, clipped) are for screen readers and not drawn.
OVERFLOWING = """() => [...document.querySelectorAll('main *')].filter(el => {
  const box = el.getBoundingClientRect();
  if (box.width <= 1 && box.height <= 1) return false;
  return box.left < 0 || box.right > window.innerWidth || (el.clientWidth > 0 && el.scrollWidth > el.clientWidth + 1);
}).map(el => el.outerHTML.slice(0, 120))"""


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    with served_sample(tmp_path_factory.mktemp("feeds-sample") / "output") as host:
        yield host


@pytest.mark.parametrize("javascript", [True, False])
def test_feeds_page_fits_a_360_px_phone(browser, sample, javascript):
    """The sample site's /feeds/ at 360x800: no sideways scrolling and no element cut off or
    wider than the screen, with the copy buttons (JavaScript) and without them."""
    # axe-core goes in as an inline script, which the site's CSP blocks (test_browser_csp.py checks the policy).
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, java_script_enabled=javascript,
                                  bypass_csp=True)  # fmt: skip
    page = context.new_page()
    try:
        page.goto(f"{sample.origin}/feeds/")
        page.evaluate("document.fonts.ready")
        links = page.locator("ul.umpan li > span a").count()
        assert links > 140 and page.locator("ul.umpan button").count() == (links if javascript else 0)
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        assert page.evaluate(OVERFLOWING) == []
        # Each scope is one compact item: a name that fits beside its links shares their line.
        heights = page.locator("ul.umpan > li").evaluate_all("els => els.map(el => el.getBoundingClientRect().height)")
        assert sum(height <= 40 for height in heights) >= len(heights) * 0.7, heights
        if javascript:  # axe runs in the page, with the copy buttons in place
            page.add_script_tag(path=str(AXE))
            results = page.evaluate("axe.run(document)")
            assert [f"{v['id']}: {[n['target'] for n in v['nodes']]}" for v in results["violations"]] == []
    finally:
        context.close()
