"""The share cards the reader's browser draws (kartu.js): on a 360 px phone, under the site's
CSP, each drawn ratio downloads as a PNG of its exact size whose QR code opens the bulletin's
check page and whose pixels are the card Pillow draws from the same layout."""

from __future__ import annotations

import json

import pytest
import zxingcpp
from conftest import ROOT
from PIL import Image, ImageChops, ImageStat
from static_host import served_sample
from warta.share_images.content import Card
from warta.share_images.render import DRAWN_RATIOS, RATIOS, render
from warta.share_images.settings import site_key

pytestmark = pytest.mark.browser

HOAX = "2020/06/hoaks-karawang-ditutup-total/"  # the framed card, with two bands
NOTICE = "2021/03/vaksinasi-lansia-telagasari/"


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    with served_sample(tmp_path_factory.mktemp("kartu") / "output") as host:
        yield host


def card_of(origin: str, layout_url: str) -> Card:
    """The card a layout was recorded from, as the build's cache keeps it."""
    digest = layout_url.rsplit("-", 1)[1].removesuffix(".json")
    folder = ROOT / "cache" / "share-images" / site_key(origin)
    [record] = [p for p in folder.glob(f"*/{digest}*.json") if not p.name.endswith("-kartu.json")]
    return Card(**json.loads(record.read_text(encoding="utf-8"))["input"]["card"])


@pytest.mark.parametrize("path", [HOAX, NOTICE])
def test_each_drawn_ratio_downloads_as_the_card_pillow_draws(browser, served, tmp_path, path):
    page = browser.new_page(viewport={"width": 360, "height": 800}, accept_downloads=True)
    problems = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    try:
        page.goto(f"{served.origin}/{path}")
        page.click("summary:has-text('Gambar untuk dibagikan')")
        for ratio in DRAWN_RATIOS:
            button = page.locator(f"button[data-rasio={ratio}]")
            assert button.is_visible(), "kartu.js shows the buttons"
            with page.expect_download() as info:
                button.click()
            download = info.value
            assert download.suggested_filename.startswith(f"bagikan-{ratio}-KRW-")
            saved = tmp_path / download.suggested_filename
            download.save_as(saved)
            with Image.open(saved) as png:
                assert png.format == "PNG" and png.size == (RATIOS[ratio].width, RATIOS[ratio].height)
                drawn = png.convert("RGB")
            card = card_of(served.origin, button.get_attribute("data-kartu"))
            assert [r.text for r in zxingcpp.read_barcodes(drawn)] == [card.verify_url]
            # Only anti-aliased text edges differ: the browser rasterises glyphs itself.
            difference = ImageChops.difference(drawn, render(card, ratio)).convert("L")
            assert ImageStat.Stat(difference).mean[0] < 8, ratio
            far = sum(difference.histogram()[64:]) / (drawn.width * drawn.height)
            assert far < 0.03, (ratio, far)
        page.wait_for_function("() => document.querySelector('#kartu-status').textContent.includes('sudah diunduh')")
        assert not problems, problems
    finally:
        page.close()
