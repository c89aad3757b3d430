"""The /feeds/ page in headless Chromium (Debian's chromium, driven by Playwright): no
axe-core violations, copy buttons that copy the feed URL, and a page that works without
JavaScript (read-only fields, no buttons)."""

from __future__ import annotations

import pytest
from conftest import AXE, FixtureSite, bulletin_text
from static_host import StaticHost

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
        button = page.locator('button[data-salin="umpan-kecamatan-32-15-06-rengasdengklok-rss-xml"]')
        assert button.is_visible()
        button.click()
        page.wait_for_function("document.getElementById('salin-status').textContent !== ''")
        assert page.evaluate("navigator.clipboard.readText()") == f"{served.origin}/feeds/kecamatan/32.15.06-rengasdengklok.rss.xml"
    finally:
        context.close()


def test_feeds_page_works_without_javascript(browser, served):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(f"{served.origin}/feeds/")
        field = page.locator("#umpan-semua-atom-xml")
        assert field.is_visible() and field.get_attribute("readonly") is not None
        assert field.input_value() == f"{served.origin}/feeds/semua.atom.xml"
        assert page.locator("button.salin:visible").count() == 0
        assert page.locator("text=Cara berlangganan").count() >= 1
    finally:
        context.close()
