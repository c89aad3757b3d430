"""The first screen on a 360x800 phone: a compact header and one-row menu, an urgent banner of
one or two lines that leaves out the bulletin it points to, each bulletin once on the home
page, and the site's headline font (a cut of the share cards' Inter Bold) loaded from the site.

The served sample site uses the golden clock, when the COVID-19 surge notice is the current
emergency and a hoax rebuttal and a flood warning are current notices."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT, tasks
from static_host import served_sample

PHONE = {"width": 360, "height": 800}
URGENT = "2021/06/lonjakan-kasus-covid-19-isolasi-terpusat/"
BULLETIN = "2021/03/infografis-alur-vaksinasi-lansia/"


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    with served_sample(tmp_path_factory.mktemp("chrome") / "output") as host:
        yield host


@pytest.fixture(scope="module")
def phone(browser, served):
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    page = context.new_page()
    yield page
    context.close()


def open_page(page, served, path: str):
    page.goto(f"{served.origin}/{path}")
    page.evaluate("document.fonts.ready")
    return page


def box(page, selector: str) -> dict:
    return page.locator(selector).first.bounding_box()


def lines(page, selector: str) -> int:
    """How many lines of text an element shows."""
    return page.locator(selector).first.evaluate(
        "el => Math.round(el.getBoundingClientRect().height / parseFloat(getComputedStyle(el).lineHeight))")


@pytest.mark.browser
@pytest.mark.parametrize("path", ["", BULLETIN, "kecamatan/", "cari/"])
def test_header_and_menu_take_at_most_120_px_and_the_menu_is_one_row(phone, served, path):
    page = open_page(phone, served, path)
    header = box(page, ".site-header")
    assert header["y"] == 0 and header["height"] <= 120, header
    items = page.locator(".site-nav li").evaluate_all("els => els.map(el => el.getBoundingClientRect().top)")
    assert len(items) >= 8 and len(set(round(top) for top in items)) == 1, items
    # The row scrolls sideways inside itself: the page never does.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    last = page.locator(".site-nav li:last-child a")
    last.focus()  # a keyboard user reaches the last item, scrolled into view
    assert 0 <= last.bounding_box()["x"] < PHONE["width"]


@pytest.mark.browser
def test_the_first_screen_of_a_bulletin_shows_its_title_and_no_banner_for_itself(phone, served):
    page = open_page(phone, served, URGENT)
    assert page.locator(".urgent").count() == 0  # the only emergency is the page itself
    title = box(page, "main h1")
    assert title["y"] + title["height"] <= PHONE["height"]
    page = open_page(phone, served, BULLETIN)
    assert lines(page, ".urgent-item") <= 2
    title = box(page, "main h1")
    assert title["y"] < 250 and title["y"] + title["height"] <= PHONE["height"], title


@pytest.mark.browser
def test_home_first_screen_shows_the_news_and_each_bulletin_once(phone, served):
    page = open_page(phone, served, "")
    # The emergency heads the current notices, with its summary, instead of the banner.
    assert page.locator(".urgent").count() == 0
    assert page.locator("main .item-title a").first.get_attribute("href").endswith(URGENT)
    first = box(page, "main .item-title")
    assert first["y"] < 250 and first["y"] + first["height"] <= PHONE["height"], first
    soup = BeautifulSoup(page.content(), "html.parser")
    shown = [a["href"] for a in soup.select(".urgent-item a, main .item-title a")]
    assert len(shown) > 5 and len(shown) == len(set(shown)), shown
    # Further pages of the list keep the banner.
    page = open_page(phone, served, "halaman/2/")
    assert page.locator(".urgent-item a").get_attribute("href").endswith(URGENT)


@pytest.mark.browser
def test_headlines_use_the_site_font_served_by_the_site(browser, served):
    context = browser.new_context(viewport=PHONE)  # a fresh cache, so the font is fetched
    fonts = []
    # What the page asks for; the offline worker keeps its own copy of the font.
    context.on("response", lambda response: fonts.append(response)
               if response.url.endswith(".woff2") and not response.request.service_worker else None)  # fmt: skip
    page = open_page(context.new_page(), served, BULLETIN)
    loaded = page.evaluate("[...document.fonts].filter(f => f.status === 'loaded').map(f => f.family.replaceAll('\"', ''))")
    assert loaded == ["Inter Warta"]
    assert "Inter Warta" in page.locator("main h1").evaluate("el => getComputedStyle(el).fontFamily")
    assert "Inter Warta" not in page.locator(".prose p").first.evaluate("el => getComputedStyle(el).fontFamily")
    assert [r.url for r in fonts] == [f"{served.origin}/theme/fonts/inter-700.woff2"]
    # The test host adds the _headers rule's type to its own guess: both must say woff2.
    assert {value.strip() for value in fonts[0].headers["content-type"].split(",")} == {"font/woff2"}
    context.close()


def test_the_committed_font_is_the_cut_invoke_fonts_makes(tmp_path):
    made = tasks.subset_site_fonts(tmp_path)
    for path in made:
        assert path.read_bytes() == (ROOT / "theme" / "static" / "fonts" / path.name).read_bytes(), (
            f"{path.name} is stale: run `invoke fonts` and commit theme/static/fonts/")
    css = (ROOT / "theme" / "static" / "css" / "warta.css").read_text(encoding="utf-8")
    declared = re.findall(r"unicode-range:\s*([^;]+);", css)
    assert declared and all(d.replace(" ", "") == tasks.SITE_FONT_UNICODES for d in declared)


def test_the_font_covers_every_character_of_the_theme_s_own_bold_text():
    from fontTools.ttLib import TTFont

    covered = set(TTFont(ROOT / "theme" / "static" / "fonts" / "inter-700.woff2").getBestCmap())
    text = "".join(p.read_text(encoding="utf-8") for p in (ROOT / "theme" / "templates").glob("*.html"))
    missing = {ch for ch in re.sub(r"{[{%#].*?[}%#]}", "", text, flags=re.S) if ord(ch) > 126} - {chr(c) for c in covered}
    assert missing == set()
