"""Headless Chromium (Debian's chromium, driven by Playwright): the embed card framed by a page
from another origin, sized to its content, working without JavaScript and free of axe-core
violations; the framing policy as Netlify and Cloudflare Pages apply `_headers`; the re-post
kit's copy button."""

from __future__ import annotations

import json
import urllib.request

import pytest
from conftest import AXE
from static_host import StaticHost, served_sample

pytestmark = pytest.mark.browser

CARD_HEIGHT = "Math.ceil(document.documentElement.getBoundingClientRect().height)"
KIT_PAGES = ("2020/06/hoaks-karawang-ditutup-total/", "2021/01/jadwal-vaksinasi-tenaga-kesehatan-tahap-i/",
             "2021/02/banjir-citarum-warga-bantaran-diminta-mengungsi/")  # fmt: skip


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    with served_sample(tmp_path_factory.mktemp("browser") / "output", mode="cloudflare") as host:
        yield host


@pytest.fixture(scope="module")
def other_origin(tmp_path_factory):
    """A second site on another port: the partner page that embeds the cards."""
    with StaticHost(tmp_path_factory.mktemp("partner")) as host:
        yield host


def oembeds(site: StaticHost) -> list[dict]:
    found = []
    for path in sorted(site.folder.glob("20*/*/*/oembed.json")):
        url = f"{site.origin}/{path.relative_to(site.folder).as_posix()}"
        found.append(json.load(urllib.request.urlopen(url, timeout=10)))
    assert len(found) >= 20
    return found


def partner_page(host: StaticHost, name: str, body: str) -> str:
    (host.folder / name).write_text(
        f'<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>Partner</title></head>\n'
        f'<body style="margin:0;max-width:600px">\n{body}\n</body></html>\n', encoding="utf-8")  # fmt: skip
    return f"{host.origin}/{name}"


def cards_page(browser, served, other_origin, javascript=True, bypass_csp=False):
    """A partner page that pastes every bulletin's oEmbed html, loaded until every card is in."""
    data = oembeds(served)
    url = partner_page(other_origin, "kartu.html", "\n".join(d["html"] for d in data))
    # Tall enough that no lazily loaded iframe waits for scrolling.
    context = browser.new_context(viewport={"width": 600, "height": 12000}, java_script_enabled=javascript,
                                  bypass_csp=bypass_csp)
    page = context.new_page()
    page.goto(url, wait_until="load")
    frames = [handle.content_frame() for handle in page.query_selector_all("iframe")]
    for frame in frames:
        frame.wait_for_load_state("load")
    return context, page, frames, data


def test_cards_fit_their_iframes_on_another_origin(browser, served, other_origin):
    context, page, frames, data = cards_page(browser, served, other_origin)
    try:
        assert len(frames) == len(data)
        for index, (frame, oembed) in enumerate(zip(frames, data)):
            assert frame.url.startswith(served.origin) and not page.url.startswith(served.origin)
            assert frame.locator("h1").inner_text() == oembed["title"]
            content = frame.evaluate(CARD_HEIGHT)
            # sematkan.js sets the iframe to the height kartu-tinggi.js reports.
            page.wait_for_function(
                "([i, h]) => Math.abs(document.querySelectorAll('iframe')[i].getBoundingClientRect().height - h) <= 1",
                arg=[index, content], timeout=5000,
            )  # fmt: skip
            frame_height = page.evaluate("i => document.querySelectorAll('iframe')[i].clientHeight", index)
            scroll_height = frame.evaluate("document.documentElement.scrollHeight")
            assert scroll_height <= frame_height <= content + 1, (frame.url, frame_height, content)
    finally:
        context.close()


def test_cards_work_without_javascript(browser, served, other_origin):
    context, page, frames, data = cards_page(browser, served, other_origin, javascript=False)
    try:
        for index, (frame, oembed) in enumerate(zip(frames, data)):
            height = page.evaluate("i => document.querySelectorAll('iframe')[i].clientHeight", index)
            assert height == oembed["height"]
            # The estimate the snippet carries leaves no card cut off (measured with the widest
            # common fallback font, DejaVu Sans, which is what this machine renders with).
            assert frame.evaluate(CARD_HEIGHT) <= height, frame.url
            link = frame.get_by_role("link", name="Baca di situs resmi")
            assert link.get_attribute("href") == frame.url.removesuffix("embed/")
            assert link.is_visible()
    finally:
        context.close()


def axe_violations(frame, context=None) -> list[str]:
    """axe-core goes in as an inline script, which the site's CSP blocks: the page or
    context must bypass CSP (`test_browser_csp.py` checks the policy itself)."""
    frame.add_script_tag(path=str(AXE))
    results = frame.evaluate("c => axe.run(c || document)", context)
    return [f"{v['id']}: {[n['target'] for n in v['nodes']]}" for v in results["violations"]]


def test_cards_have_no_axe_violations_inside_the_frame(browser, served, other_origin):
    context, page, frames, data = cards_page(browser, served, other_origin, bypass_csp=True)
    try:
        for frame in frames:
            assert axe_violations(frame) == [], frame.url
    finally:
        context.close()


def test_bagikan_kit_has_no_axe_violations(browser, served):
    page = browser.new_page(bypass_csp=True)
    try:
        for path in KIT_PAGES:
            page.goto(f"{served.origin}/{path}")
            page.evaluate("document.querySelectorAll('.bagikan details').forEach(d => { d.open = true; })")
            assert axe_violations(page.main_frame, {"include": [".bagikan"]}) == [], path
    finally:
        page.close()


@pytest.mark.parametrize("mode", ["netlify", "cloudflare"])
def test_only_cards_may_be_framed_by_other_sites(browser, served, other_origin, mode):
    path = KIT_PAGES[0]
    with StaticHost(served.folder, mode) as host:
        frames = (f'<iframe src="{host.origin}/{path}embed/" title="kartu"></iframe>\n'
                  f'<iframe src="{host.origin}/{path}" title="halaman"></iframe>')
        url = partner_page(other_origin, f"bingkai-{mode}.html", frames)
        page = browser.new_page()
        try:
            page.goto(url, wait_until="load")
            card, bulletin = (h.content_frame() for h in page.query_selector_all("iframe"))
            card.wait_for_load_state("load")
            assert card.url == f"{host.origin}/{path}embed/"
            assert card.locator("h1").inner_text().startswith("[HOAKS]")
            assert bulletin.url.startswith("chrome-error://"), "the bulletin page must refuse to be framed"
        finally:
            page.close()


def test_resize_script_ignores_messages_from_other_origins(browser, served, other_origin):
    card = oembeds(served)[0]
    url = partner_page(other_origin, "palsu.html", card["html"])
    page = browser.new_page(viewport={"width": 600, "height": 900})
    try:
        page.goto(url, wait_until="load")
        frame = page.query_selector("iframe").content_frame()
        frame.wait_for_load_state("load")
        content = frame.evaluate(CARD_HEIGHT)
        page.wait_for_function("h => Math.abs(document.querySelector('iframe').clientHeight - h) <= 1", arg=content)
        # The partner page itself (another origin than the Warta site) posts a height.
        page.evaluate("window.postMessage({type: 'warta:tinggi', height: 1234}, '*')")
        page.wait_for_timeout(300)
        assert abs(page.evaluate("document.querySelector('iframe').clientHeight") - content) <= 1
    finally:
        page.close()


def test_copy_button_copies_the_whatsapp_text(browser, served):
    context = browser.new_context()
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=served.origin)
    page = context.new_page()
    try:
        page.goto(f"{served.origin}/{KIT_PAGES[2]}")
        page.locator(".bagikan summary", has_text="Teks siap salin").click()
        field = page.locator("#teks-whatsapp")
        button = page.locator('button[data-salin="teks-whatsapp"]')
        assert button.is_visible()
        button.click()
        page.wait_for_function("() => document.getElementById('salin-status').textContent !== ''")
        assert page.evaluate("navigator.clipboard.readText()") == field.input_value()
    finally:
        context.close()


def test_copy_buttons_stay_hidden_without_javascript(browser, served):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(f"{served.origin}/{KIT_PAGES[2]}")
        page.locator(".bagikan summary", has_text="Teks siap salin").click()
        assert page.locator("#teks-whatsapp").is_visible()
        assert page.locator("#teks-whatsapp").get_attribute("readonly") is not None
        assert not page.locator('button[data-salin="teks-whatsapp"]').is_visible()
    finally:
        context.close()
