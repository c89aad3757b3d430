"""Responsive images (plugins/responsive_images): clean copies without EXIF, WebP and JPEG/PNG
variants never upscaled, `<picture>` markup, the cache, size warnings, and the manifest and
feeds describing the bytes actually published."""

from __future__ import annotations

import hashlib
import io
import json
import logging

import feedparser
import pytest
from warta import build
from bs4 import BeautifulSoup
from warta.core.settings import SettingsError
from conftest import bulletin_text
from PIL import Image
from warta.responsive_images.process import ImageUnreadable, Recipe, has_alpha, render, widths_for
from warta.responsive_images.settings import config_from

RECIPE = Recipe((480, 800, 1200), 80, 82)
GPS = 0x8825
ORIENTATION = 0x0112
SITEURL = "http://localhost:8000"


def photo(width: int = 1600, height: int = 900, orientation: int | None = None, fmt: str = "JPEG") -> bytes:
    """A camera-like photo: EXIF with the camera, the GPS position (Karawang) and a comment."""
    image = Image.new("RGB", (width, height), "teal")
    image.paste((200, 40, 40), (0, 0, width // 4, height // 4))  # a red top-left corner
    exif = Image.Exif()
    exif[0x010F] = "KameraPonsel"
    exif[GPS] = {1: "S", 2: (6.0, 18.0, 30.0), 3: "E", 4: (107.0, 18.0, 0.0)}
    if orientation:
        exif[ORIENTATION] = orientation
    out = io.BytesIO()
    extra = {"comment": b"Rumah Pak RT"} if fmt == "JPEG" else {}
    image.save(out, fmt, exif=exif, **extra)
    return out.getvalue()


def metadata_free(data: bytes) -> bool:
    image = Image.open(io.BytesIO(data))
    return (not image.getexif() and "exif" not in image.info and "comment" not in image.info
            and b"KameraPonsel" not in data and b"Pak RT" not in data)  # fmt: skip


@pytest.mark.parametrize(("width", "expected"), [
    (2400, [480, 800, 1200]), (1200, [480, 800, 1200]), (1080, [480, 800, 1080]), (600, [480, 600]), (300, [300]),
])  # fmt: skip
def test_widths_are_never_upscaled(width, expected):
    assert widths_for(width, (480, 800, 1200)) == expected


def test_photo_loses_exif_and_gps_and_gets_webp_and_jpeg_variants():
    source = photo()
    assert Image.open(io.BytesIO(source)).getexif().get_ifd(GPS)  # the fixture does carry a location
    rendered = render(source, RECIPE)
    assert rendered.format == "JPEG" and (rendered.width, rendered.height) == (1600, 900)
    assert metadata_free(rendered.original)
    assert [(v.width, v.format) for v in rendered.variants] == [
        (480, "WEBP"), (480, "JPEG"), (800, "WEBP"), (800, "JPEG"), (1200, "WEBP"), (1200, "JPEG")]
    for variant in rendered.variants:
        image = Image.open(io.BytesIO(variant.data))
        assert image.format == variant.format and image.size == (variant.width, variant.height)
        assert variant.height == round(900 * variant.width / 1600)
        assert metadata_free(variant.data)


def test_rotated_photo_is_turned_upright_before_its_orientation_tag_goes():
    rendered = render(photo(1600, 900, orientation=6), RECIPE)  # 6: rotate 90° clockwise to view
    original = Image.open(io.BytesIO(rendered.original))
    assert original.size == (900, 1600) and (rendered.width, rendered.height) == (900, 1600)
    assert metadata_free(rendered.original)
    # The red corner was top-left as stored; upright, it is top-right.
    assert original.convert("RGB").getpixel((850, 50))[0] > 150


def test_png_with_transparency_keeps_a_png_fallback_and_its_alpha():
    image = Image.new("RGBA", (900, 600), (0, 0, 0, 0))
    image.paste((11, 79, 69, 255), (100, 100, 400, 400))
    exif = Image.Exif()
    exif[0x010F] = "KameraPonsel"
    out = io.BytesIO()
    image.save(out, "PNG", exif=exif)
    rendered = render(out.getvalue(), RECIPE)
    assert {v.format for v in rendered.variants} == {"WEBP", "PNG"}
    for variant in rendered.variants:
        decoded = Image.open(io.BytesIO(variant.data))
        assert has_alpha(decoded) and decoded.convert("RGBA").getpixel((0, 0))[3] == 0
    assert metadata_free(rendered.original) and has_alpha(Image.open(io.BytesIO(rendered.original)))


def test_same_input_gives_the_same_bytes_and_garbage_is_refused():
    first, second = render(photo(), RECIPE), render(photo(), RECIPE)
    assert first == second
    with pytest.raises(ImageUnreadable):
        render(b"not an image at all", RECIPE)


@pytest.fixture
def photo_site(site):
    (site.content / "images" / "banjir.jpg").write_bytes(photo())
    site.add("a.md", bulletin_text(image="images/banjir.jpg", image_alt="Air setinggi lutut di Jalan Raya Klari."))
    site.add("b.md", bulletin_text(title="Jadwal Lain", code="KRW-200602-02"))
    return site


def test_published_images_carry_no_exif_and_variants_sit_beside_them(photo_site):
    photo_site.build()
    out = photo_site.output / "images"
    published = (out / "banjir.jpg").read_bytes()
    assert published != (photo_site.content / "images" / "banjir.jpg").read_bytes()
    assert metadata_free(published)
    for path in out.iterdir():
        assert metadata_free(path.read_bytes()), path.name
    names = sorted(p.name for p in out.glob("banjir-*"))
    assert [n.split("-")[1] for n in names] == ["1200w", "1200w", "480w", "480w", "800w", "800w"]
    assert {n.rsplit(".", 1)[1] for n in names} == {"webp", "jpg"}
    # The fixture's own poster (64x48) gets one width, never upscaled.
    assert sorted(p.name.split("-")[1] for p in out.glob("poster-*")) == ["64w", "64w"]


def test_bulletin_page_has_picture_markup_loaded_at_once_and_lists_lazy_thumbnails(photo_site):
    photo_site.build()
    page = BeautifulSoup(photo_site.read("2020/06/jadwal-posyandu-bulan-juni/index.html"), "html.parser")
    picture = page.select_one(".bulletin .visual picture")
    source, img = picture.find("source"), picture.find("img")
    assert source["type"] == "image/webp"
    assert [c.split()[1] for c in source["srcset"].split(", ")] == ["480w", "800w", "1200w"]
    assert all(c.startswith(f"{SITEURL}/images/banjir-") and ".webp" in c for c in source["srcset"].split(", "))
    assert img["src"].startswith(f"{SITEURL}/images/banjir-1200w-") and img["src"].endswith(".jpg")
    assert (img["width"], img["height"]) == ("1200", "675")
    assert img["alt"] == "Air setinggi lutut di Jalan Raya Klari." and img["sizes"] == source["sizes"]
    assert not img.has_attr("loading") and img["fetchpriority"] == "high"
    home = BeautifulSoup(photo_site.read("index.html"), "html.parser")
    thumb = home.select_one(".item.has-thumb picture.thumb img")
    assert thumb["loading"] == "lazy" and thumb["alt"] == "" and thumb["sizes"] == "6rem"
    assert len(home.select(".item.has-thumb")) == 1


def test_manifest_feeds_and_previews_describe_the_published_bytes(photo_site):
    photo_site.build()
    published = (photo_site.output / "images" / "banjir.jpg").read_bytes()
    manifest = json.loads(photo_site.read("manifest.json"))
    entry = next(b for b in manifest["bulletins"] if b["code"] == "KRW-200602-01")
    own = next(i for i in entry["images"] if i["url"] == f"{SITEURL}/images/banjir.jpg")
    assert own["sha256"] == hashlib.sha256(published).hexdigest()
    feed = feedparser.parse(photo_site.read("feeds/semua.rss.xml"))
    item = next(e for e in feed.entries if e.link.endswith("/jadwal-posyandu-bulan-juni/"))
    enclosure = next(link for link in item.links if link.get("rel") == "enclosure")
    assert int(enclosure["length"]) == len(published)


def test_images_are_rendered_once_and_reused_from_the_cache(photo_site, caplog):
    with caplog.at_level(logging.INFO, logger="warta.responsive_images.plugin"):
        photo_site.build()
        photo_site.build(photo_site.root / "second")
    counts = [r.getMessage() for r in caplog.records if r.getMessage().startswith("Responsive images:")]
    assert counts == ["Responsive images: 2 images, 2 rendered, 0 from cache",
                      "Responsive images: 2 images, 0 rendered, 2 from cache"]  # fmt: skip
    records = list((photo_site.root / "cache" / "responsive-images").glob("*/record.json"))
    assert len(records) == 2
    first, second = photo_site.output / "images", photo_site.root / "second" / "images"
    assert {p.name: p.read_bytes() for p in first.iterdir()} == {p.name: p.read_bytes() for p in second.iterdir()}


def test_a_large_original_is_published_with_a_warning_naming_file_and_fix(photo_site, caplog):
    with caplog.at_level(logging.WARNING):
        photo_site.build(RESPONSIVE_IMAGES_WARN_BYTES=5_000)
    size = round((photo_site.content / "images" / "banjir.jpg").stat().st_size / 1000)
    assert (f"content/images/banjir.jpg: is {size} KB; resize it to at most 2000 px wide or compress it"
            in caplog.text)  # fmt: skip
    assert "poster.png" not in caplog.text
    assert (photo_site.output / "images" / "banjir.jpg").is_file()


def test_an_unreadable_image_fails_the_build_naming_the_file(site, caplog):
    (site.content / "images" / "rusak.png").write_bytes(b"\x89PNG\r\n\x1a\n not really")
    site.add("a.md", bulletin_text())
    with caplog.at_level(logging.ERROR), pytest.raises(build.BuildFailed):
        site.build()
    assert "content/images/rusak.png: cannot read this image" in caplog.text
    assert "save it again as JPEG, PNG or WebP" in caplog.text


@pytest.mark.parametrize(("key", "value", "allowed"), [
    ("RESPONSIVE_IMAGES_WIDTHS", (), "tuple of widths"),
    ("RESPONSIVE_IMAGES_WIDTHS", (480, "800"), "tuple of widths"),
    ("RESPONSIVE_IMAGES_WEBP_QUALITY", 100, "from 30 to 95"),
    ("RESPONSIVE_IMAGES_JPEG_QUALITY", True, "from 30 to 95"),
    ("RESPONSIVE_IMAGES_WARN_BYTES", -1, "size in bytes"),
    ("RESPONSIVE_IMAGES_CACHE_DIR", "", "name a folder"),
])  # fmt: skip
def test_bad_setting_names_key_value_and_what_is_allowed(site, key, value, allowed):
    with pytest.raises(SettingsError, match=key) as error:
        config_from({**site.settings(), key: value})
    assert repr(value) in str(error.value) and allowed in str(error.value)
