"""Share images: title fitting, the content hash, the palette PNG, the recorded layouts the
browser draws, and real builds that check sizes, budgets, QR codes, caching and the earlier
versions the host keeps."""

from __future__ import annotations

import dataclasses
import io
import json
import logging
import pickle
import re
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path
from types import MappingProxyType

import arabic_reshaper
import pytest
import zxingcpp
from arabic_reshaper.letters import LETTERS_ARABIC
from arabic_reshaper.ligatures import LIGATURES
from arabic_reshaper.reshaper_config import default_config
from bidi import get_display
from warta.core.redirects import PermanenceError
from warta.core.settings import SettingsError
from conftest import bulletin_text
from pelican import signals
from pelican.generators import ArticlesGenerator
from PIL import Image, ImageChops, ImageDraw, ImageFont
from warta.share_images import plugin
from warta.share_images import render as renderer
from warta.share_images.content import FONT_FILES, FONTS_DIR, Card, content_hash, renderer_fingerprint
from warta.share_images.marks import QUIET_ZONE, paste_mark
from warta.share_images.plugin import STATS_KEY
from warta.share_images.render import DRAWN_RATIOS, RATIOS, ShareImageTooLarge, encode, layouts, render, render_png
from warta.share_images.settings import config_from
from warta.share_images.text import (ELLIPSIS, FALLBACKS, Face, covered, draw_text, fit_line, fit_title, font, line_step,
                               visual, wrap)

SITEURL = "http://localhost:8000"
BOLD = FONT_FILES["bold"]
SIZES = {name: (ratio.width, ratio.height) for name, ratio in RATIOS.items()}
BUDGETS = {"og": 300_000, "square": 500_000, "portrait": 500_000, "story": 500_000}
CACHE = "cache/share-images/http-localhost-8000"  # the fixture sites' SITEURL
NAME = re.compile(r"bagikan-(og)-([0-9a-f]{8})\.png")
LAYOUT = re.compile(r"bagikan-kartu-([0-9a-f]{8})\.json")
ASSETS = f"{SITEURL}/bagikan/"

LONG_TITLE = ("Pemerintah Kabupaten Karawang Menyampaikan Informasi Lengkap Mengenai Penyelenggaraan "
              "Vaksinasi Massal COVID-19 bagi Seluruh Pekerja Industri dan Warga Lansia")  # fmt: skip


ARABIC = "عيد الفطر مبارك"
# The same phrase as it must be drawn: each word in its joining forms (initial, medial, final,
# isolated), the words in display order, left to right (written out from the Unicode charts).
# Spaces come from Inter, the first font that has them.
ARABIC_WORDS = ("\ufed9\ufead\ufe8e\ufe92\ufee3",  # مبارك: kaf, reh isolated; alef final; beh medial; meem initial
                "\ufeae\ufec4\ufed4\ufedf\ufe8d",  # الفطر: reh final; tah, feh medial; lam initial; alef
                "\ufeaa\ufef4\ufecb")  # عيد: dal final, yeh medial, ain initial  # fmt: skip
EVERY_SCRIPT = f"Jadwal Salat Idulfitri 1445 H — {ARABIC} 🌙 Banjir 🌊 di Karawang ⚠️"
NO_FONT = "\U00012000"  # CUNEIFORM SIGN A: in no card font


# Tier 1: pure functions ------------------------------------------------------------------


def fits(lines, size, box) -> bool:
    face = font(BOLD, size)
    return all(face.getlength(line) <= box[0] for line in lines) and len(lines) * line_step(size) <= box[1]


@pytest.mark.parametrize("box", [(1072, 420), (900, 300), (600, 500), (1000, 120)])
def test_fit_title_keeps_every_whole_word_at_the_largest_size_that_fits(box):
    size, lines = fit_title(LONG_TITLE, box, BOLD, 96, 30)
    assert " ".join(lines) == LONG_TITLE, "no word may be cut or dropped while a smaller size fits"
    assert fits(lines, size, box)
    if size < 96:  # one size larger must not fit whole words
        bigger = font(BOLD, size + 1)
        words_fit = all(bigger.getlength(word) <= box[0] for word in LONG_TITLE.split())
        greedy_lines = fit_title(LONG_TITLE, (box[0], 10_000), BOLD, size + 1, size + 1)[1]
        assert not words_fit or len(greedy_lines) * line_step(size + 1) > box[1]


def test_fit_title_shrinks_before_it_uses_an_ellipsis():
    size, lines = fit_title(LONG_TITLE, (700, 250), BOLD, 90, 20)
    assert size < 90 and not lines[-1].endswith(ELLIPSIS)
    assert " ".join(lines) == LONG_TITLE


def test_fit_title_ends_with_an_ellipsis_only_as_a_last_resort():
    box = (600, 100)
    size, lines = fit_title(LONG_TITLE, box, BOLD, 60, 40)
    assert size == 40
    assert len(lines) == box[1] // line_step(40)
    assert lines[-1].endswith(ELLIPSIS) and fits(lines, size, box)
    assert LONG_TITLE.startswith(" ".join(lines)[:-1].rstrip())


def test_a_single_word_too_long_for_the_line_is_cut_with_hyphens_at_the_smallest_size():
    word = "Penyelenggaraanvaksinasimassalbagiseluruhpekerjaindustri"
    size, lines = fit_title(f"Info {word}", (500, 400), BOLD, 80, 36)
    assert size == 36 and len(lines) > 2
    assert fits(lines, size, (500, 400))
    assert "".join(line.rstrip("-") for line in lines[1:]) == word and lines[1].endswith("-")


def test_fit_title_balances_lines_without_adding_any():
    size, lines = fit_title("Posyandu di Kotabaru Kembali Buka dengan Jadwal Bergilir", (1000, 400), BOLD, 60, 60)
    widths = [font(BOLD, size).getlength(line) for line in lines]
    assert len(lines) == 2 and max(widths) - min(widths) < 0.35 * max(widths)


def test_fit_line_shrinks_then_cuts():
    assert fit_line("Kecamatan Klari", 1000, BOLD, 40, 20) == (40, "Kecamatan Klari")
    size, text = fit_line("Kecamatan Pedes, Cibuaya dan Pakisjaya", 300, BOLD, 40, 10)
    assert 10 <= size < 40 and text == "Kecamatan Pedes, Cibuaya dan Pakisjaya"
    size, text = fit_line("Kecamatan Pedes, Cibuaya dan Pakisjaya", 150, BOLD, 40, 30)
    assert size == 30 and text.endswith(ELLIPSIS) and font(BOLD, 30).getlength(text) <= 150


CARD = Card(site_name="Warta Karawang", office="Diskominfo Kabupaten Karawang", mark_text="KRW",
            type_label="Pengumuman", title="Jadwal Posyandu Bulan Juni", date_text="Selasa, 2 Juni 2020 · 10.00 WIB",
            updated_text="", areas_text="Kecamatan Klari", urgency="biasa", hoax_rebuttal=False, state="current",
            expires_text="", code="KRW-200602-01", domain="localhost:8000",
            verify_url=f"{SITEURL}/cek/KRW-200602-01/", verify_hint="localhost:8000/cek/")  # fmt: skip
CHANGED = {"site_name": "Warta", "office": "Diskominfo", "mark_text": "KRWG", "type_label": "Berita",
           "title": "Jadwal Posyandu Bulan Juli", "date_text": "Rabu, 3 Juni 2020 · 10.00 WIB",
           "updated_text": "Kamis, 4 Juni 2020", "areas_text": "Kecamatan Cikampek", "urgency": "penting",
           "hoax_rebuttal": True, "state": "expired", "expires_text": "Sabtu, 6 Juni 2020 · 16.00 WIB",
           "code": "KRW-200602-02", "domain": "warta.karawangkab.go.id",
           "verify_url": "https://warta.karawangkab.go.id/cek/KRW-200602-01/", "verify_hint": "x/cek/"}  # fmt: skip


def test_every_drawn_field_is_in_the_hash_input():
    assert set(CHANGED) == {field.name for field in dataclasses.fields(Card)}
    fingerprint = renderer_fingerprint(None)
    base = content_hash(CARD, fingerprint)
    for name, value in CHANGED.items():
        assert content_hash(dataclasses.replace(CARD, **{name: value}), fingerprint) != base, name
    assert content_hash(CARD, {**fingerprint, "renderer": -1}) != base


@pytest.mark.parametrize("ratio", list(RATIOS))
def test_render_is_exact_size_and_deterministic(ratio):
    first, second = render(CARD, ratio), render(CARD, ratio)
    assert first.size == SIZES[ratio] and first.mode == "RGB"
    assert encode(first) == encode(second)


def test_the_png_has_a_palette_no_metadata_and_the_exact_flat_colours():
    image = render(dataclasses.replace(CARD, urgency="penting"), "og")
    data = encode(image)
    with Image.open(io.BytesIO(data)) as png:
        assert png.format == "PNG" and png.mode == "P" and not set(png.info) - {"dpi"}
        shown = png.convert("RGB")
    og = RATIOS["og"]
    for xy in ((5, 5), (og.width - 20, og.header + og.band // 2), (og.width // 2, og.height - 5)):
        assert shown.getpixel(xy) == image.getpixel(xy), xy  # header, band, footer: as drawn
    assert len(data) < 40_000  # the JPEG at quality 90 it replaced was about 110 KB


def test_wrapping_by_sums_matches_measuring_each_line():
    def measured(words, face, width):  # each trial line measured whole
        lines = []
        for word in words:
            if face.getlength(word) > width:
                return None
            if lines and face.getlength(f"{lines[-1]} {word}") <= width:
                lines[-1] = f"{lines[-1]} {word}"
            else:
                lines.append(word)
        return lines

    words = f"{LONG_TITLE} «Karawang» 1445 Rp10.000,- café".split()
    for path in (BOLD, FONT_FILES["regular"]):
        for size in range(12, 101, 11):
            for width in range(120, 1201, 37):
                assert wrap(words, font(path, size), width) == measured(words, font(path, size), width)


def drawn_and_shown(card, mark=None, ratio="og"):
    image = render(card, ratio, mark)
    data = render_png(card, ratio, mark)
    with Image.open(io.BytesIO(data)) as png:
        return image, png.convert("RGB")


def worst(image, shown) -> int:
    return max(high for _, high in ImageChops.difference(image, shown).getextrema())


@pytest.mark.parametrize("changes", [
    {}, {"urgency": "penting"}, {"urgency": "darurat", "hoax_rebuttal": True}, {"state": "withdrawn"},
    {"state": "expired", "expires_text": "Sabtu, 6 Juni 2020", "updated_text": "Kamis, 4 Juni 2020"},
    {"title": "Salat عيد 1445 🌊 (عيد) naïve café", "hoax_rebuttal": True},
])  # fmt: skip
def test_the_fixed_palette_has_every_edge_the_layout_draws(changes):
    # Each text's anti-aliased edge lies between its ink and its ground: with a pair missing
    # from INKS its pixels would land on the nearest unrelated entry, tens of levels off.
    image, shown = drawn_and_shown(dataclasses.replace(CARD, **changes))
    assert worst(image, shown) <= renderer.RAMP_STEP // 2 + 4  # half a step, and Pillow's 4x4x4 cells
    flat = {colour for _, colour in image.getcolors(1 << 16)} & set(renderer.CARD_COLOURS)
    assert {colour for _, colour in shown.getcolors(1 << 16)} >= flat, "card colours are kept exactly"


def mark_png(kind: str) -> bytes:
    """A configured mark: flat squares in colours a few steps off the card colours (an office's
    own greens and yellows), or a gradient disc (more colours than the palette keeps for it)."""
    logo = Image.new("RGBA", (200, 200), (0, 0, 0, 0))
    if kind == "flat":
        for colour, box in (((255, 222, 2, 255), (0, 0, 100, 100)),  # within SNAP of the yellow band
                            ((12, 80, 70, 255), (100, 0, 200, 100)),  # and of the brand green
                            ((5, 74, 68, 255), (0, 100, 200, 200))):  # nearer than it to its cell's corner
            logo.paste(colour, box)
    else:
        logo.putdata([(x, y, 128, 255) if (x - 100) ** 2 + (y - 100) ** 2 < 90 ** 2 else (0, 0, 0, 0)
                      for y in range(200) for x in range(200)])  # fmt: skip
    buffer = io.BytesIO()
    logo.save(buffer, "PNG")
    return buffer.getvalue()


@pytest.mark.parametrize("kind", ["flat", "gradient"])
def test_a_mark_brings_its_own_colours_and_the_card_colours_stay_exact(kind):
    image, shown = drawn_and_shown(dataclasses.replace(CARD, urgency="penting"), mark_png(kind))
    og = RATIOS["og"]
    for xy in ((5, 5), (og.width - 20, og.header + og.band // 2), (og.width // 2, og.height - 5)):
        assert shown.getpixel(xy) == image.getpixel(xy), xy
    side = round(og.header * 0.64)
    box = (og.margin, (og.header - side) // 2, og.margin + side, (og.header + side) // 2)
    octree = image.quantize(256, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE).convert("RGB")
    assert worst(image.crop(box), shown.crop(box)) <= worst(image.crop(box), octree.crop(box)), "as close as octree"


def test_measuring_by_characters_is_exactly_pillows_measure():
    # Face.advance sums each character's advance: exact only while the fonts have no `kern`
    # table (Pillow's BASIC layout would kern with it).
    text = "Warta Karawang · Jadwal Vaksinasi COVID-19: AV Ty Wo «To» 1445 ﻣﺒﺎرك 🌊 fi ffl"
    for path in FONT_FILES.values():
        for size in (13, 24, 37, 60, 100):
            pillow = ImageFont.truetype(str(path), size, layout_engine=ImageFont.Layout.BASIC)
            assert font(path, size).advance(pillow, text) == pillow.getlength(text), (path.name, size)


def test_an_image_past_its_hard_limit_raises_an_error_that_crosses_processes(monkeypatch):
    tighten(monkeypatch, "og", budget=100, limit=200)
    with pytest.raises(ShareImageTooLarge, match=r"og of KRW-200602-01 is \d+ bytes, over the limit of 200 bytes") as error:
        render_png(CARD, "og")
    again = pickle.loads(pickle.dumps(error.value))  # it crosses from worker processes intact
    assert str(again) == str(error.value)


def replay(layout: dict, fonts: list[str], mark: bytes | None = None) -> Image.Image:
    """A recorded card drawn again with Pillow from its operations alone, as kartu.js does in
    the browser: the proof that the recording holds the whole layout."""
    image = Image.new("RGB", (layout["width"], layout["height"]))
    draw = ImageDraw.Draw(image)
    for op in layout["ops"]:
        kind, *args = op
        if kind == "r":
            draw.rectangle(args[:4], fill=args[4])
        elif kind == "e":
            draw.ellipse(args[:4], fill=args[4])
        elif kind == "p":
            draw.polygon(list(zip(args[0][::2], args[0][1::2])), fill=args[1], outline=args[2], width=args[3])
        elif kind == "l":
            draw.line(args[0], fill=args[1], width=args[2], joint=args[3])
        elif kind == "t":
            x, y, index, size, fill, text = args
            face = ImageFont.truetype(str(FONTS_DIR / fonts[index].rsplit("/", 1)[1]), size,
                                      layout_engine=ImageFont.Layout.BASIC)  # fmt: skip
            draw.text((x, y), text, font=face, fill=fill, anchor="ls")
        elif kind == "q":
            x, y, side, rows = args
            draw.rectangle((x, y, x + side - 1, y + side - 1), fill="#ffffff")
            scale = side // (len(rows) + 2 * QUIET_ZONE)
            start = (side - (len(rows) + 2 * QUIET_ZONE) * scale) // 2 + QUIET_ZONE * scale
            for r, row in enumerate(rows):
                for c, dark in enumerate(row):
                    if dark == "1":
                        left, top = x + start + c * scale, y + start + r * scale
                        draw.rectangle((left, top, left + scale - 1, top + scale - 1), fill="#000000")
        elif kind == "m":
            paste_mark(image, mark, (args[0], args[1]), args[2])
    return image


@pytest.mark.parametrize("card", [CARD, dataclasses.replace(CARD, **{**CHANGED, "title": EVERY_SCRIPT})],
                         ids=["notice", "every field and script"])  # fmt: skip
def test_the_recorded_layout_draws_the_same_card_as_pillow(card):
    found = json.loads(layouts(card, None, ASSETS))
    assert set(found["cards"]) == set(DRAWN_RATIOS) == {"square", "portrait", "story"} and found["mark"] is None
    assert all(url.startswith(f"{ASSETS}huruf/") for url in found["fonts"])
    for ratio, layout in found["cards"].items():
        assert (layout["width"], layout["height"]) == SIZES[ratio]
        again, pillow = replay(layout, found["fonts"]), render(card, ratio)
        differ = ImageChops.difference(again, pillow).convert("L").point(lambda v: 255 if v > 48 else 0)
        assert differ.histogram()[255] < 0.002 * pillow.width * pillow.height, ratio  # only sub-pixel text edges


@pytest.mark.parametrize("key, value", [
    ("VERIFICATION_URL", "/cek/"), ("VERIFICATION_URL", "https://x/{code}"), ("SHARE_IMAGES_VERIFY_URL", "cek/{code}/"),
    ("SHARE_IMAGES_MARK", "data/kecamatan.json"), ("SHARE_IMAGES_KEEP_VERSIONS", True),
    ("SHARE_IMAGES_PARALLEL_MIN", 0), ("SHARE_IMAGES_WORKERS", 0), ("SHARE_IMAGES_CACHE_DIR", ""),
    ("SITEURL", ""),
])  # fmt: skip
def test_bad_settings_are_reported_by_name(site, key, value):
    settings = {**site.settings(), "SITEURL": SITEURL, key: value}
    with pytest.raises(SettingsError, match=rf"setting {key} = .* is not allowed; "):
        config_from(settings)


# Tier 2: real builds ---------------------------------------------------------------------


@contextmanager
def capture():
    """The articles and template context of the next build in this process."""
    seen = {}

    def grab(generators):
        for generator in generators:
            if isinstance(generator, ArticlesGenerator):
                seen["articles"] = {a.bulletin.code: a for a in [*generator.articles, *generator.hidden_articles]}
                seen["context"] = generator.context

    signals.all_generators_finalized.connect(grab)
    try:
        yield seen
    finally:
        signals.all_generators_finalized.disconnect(grab)


def share_files(output: Path) -> dict[str, bytes]:
    """Each bulletin's Open Graph PNG and card layout, by site path."""
    return {p.relative_to(output).as_posix(): p.read_bytes() for p in sorted(output.glob("20*/**/bagikan-*"))}


def decode_qr(path: Path) -> list[str]:
    return [result.text for result in zxingcpp.read_barcodes(Image.open(path))]


def test_sample_site_images_have_exact_sizes_and_stay_in_budget(sample_site):
    images = sorted(sample_site.rglob("bagikan-*.png"))
    folders = {p.parent for p in sample_site.glob("20[0-9][0-9]/[01][0-9]/*/index.html")}
    assert len(folders) == 22 and {p.parent for p in images} == folders
    for folder in folders:  # one Open Graph file and one layout of the other ratios, of one version
        [og], [layout] = folder.glob("bagikan-*.png"), folder.glob("bagikan-kartu-*.json")
        assert NAME.fullmatch(og.name)[2] == LAYOUT.fullmatch(layout.name)[1], folder
        cards = json.loads(layout.read_text(encoding="utf-8"))["cards"]
        assert {ratio: (c["width"], c["height"]) for ratio, c in cards.items()} == {r: SIZES[r] for r in DRAWN_RATIOS}
    for path in images:
        with Image.open(path) as image:
            assert image.format == "PNG" and image.mode == "P", path
            assert image.size == SIZES["og"], path
        assert path.stat().st_size <= 60_000 < BUDGETS["og"], path


def test_sample_site_qr_codes_open_each_bulletins_verification_page(sample_site):
    for folder in sorted({p.parent for p in sample_site.rglob("bagikan-og-*.png")}):
        page = (folder / "index.html").read_text(encoding="utf-8")
        for path in sorted(folder.glob("bagikan-*.png")):  # decoded by zxing-cpp (the drawn ratios: test_share_images_browser)
            [url] = decode_qr(path)
            code = re.fullmatch(rf"{SITEURL}/cek/(KRW-\d{{6}}-\d{{2}})/", url)[1]
            assert code in page, (path, url)


@pytest.fixture
def small(site):
    """Two bulletins: a current penting notice with expiry, and a darurat hoax rebuttal."""
    site.add("a.md", bulletin_text(urgency="penting", expires="2021-12-31 16:00"))
    site.add("b.md", bulletin_text(title="[HOAKS] Pesan Berantai Karawang Ditutup Total Tidak Benar",
                                   type="Klarifikasi Hoaks", kecamatan="semua", urgency="darurat", expires="2021-12-31 23:59",
                                   code="KRW-200602-02", slug="hoaks-ditutup",
                                   body="## Beredar\n\nPesan.\n\n## Faktanya\n\nTidak benar."))  # fmt: skip
    return site


def test_articles_get_share_images_that_match_the_files(small):
    with capture() as seen:
        output = small.build()
    article = seen["articles"]["KRW-200602-01"]
    images, drawn = article.share_images, article.share_images_drawn
    assert list(images) == ["og"] and list(drawn) == ["square", "portrait", "story"]
    og = images["og"]
    assert re.fullmatch(r"2020/06/jadwal-posyandu-bulan-juni/bagikan-og-[0-9a-f]{8}\.png", og.url)
    assert (og.width, og.height) == SIZES["og"] and og.type == "image/png" and not og.drawn
    assert og.label == "Open Graph 1200×630" and og.size == (output / og.url).stat().st_size
    with pytest.raises(dataclasses.FrozenInstanceError):
        og.size = 0
    labels = ["Persegi 1080×1080", "Potret 1080×1350", "Story 1080×1920"]
    for (ratio, image), label in zip(drawn.items(), labels):
        assert image.drawn and image.label == label and (image.width, image.height) == SIZES[ratio]
        assert image.url == og.url.replace("bagikan-og-", "bagikan-kartu-").replace(".png", ".json"), "one version"
        assert json.loads((output / image.url).read_text(encoding="utf-8"))["cards"][ratio]["width"] == image.width
    assert images["og"].alt == (
        "Penting · Pengumuman: Jadwal Posyandu Bulan Juni · Selasa, 2 Juni 2020 · 10.00 WIB · Kecamatan Klari · "
        "Berlaku sampai Jumat, 31 Desember 2021 · 16.00 WIB · "
        "Kode verifikasi KRW-200602-01, cek di localhost:8000/cek/")
    hoax = seen["articles"]["KRW-200602-02"].share_images_drawn["story"].alt
    assert hoax.startswith("Darurat · Klarifikasi resmi: kabar yang beredar tidak benar · Klarifikasi Hoaks: [HOAKS]")
    assert seen["context"][STATS_KEY].rendered == 2
    fonts = {p.name for p in (output / "bagikan/huruf").iterdir()}
    assert fonts == {p.name for p in FONTS_DIR.iterdir() if p.suffix in (".otf", ".ttf", ".txt")}, "fonts and licences"


def test_bands_and_hoax_frame_are_drawn_in_their_colours(small):
    output = small.build()
    notice = Image.open(next((output / "2020/06/jadwal-posyandu-bulan-juni").glob("bagikan-og-*.png"))).convert("RGB")
    hoax = Image.open(next((output / "2020/06/hoaks-ditutup").glob("bagikan-og-*.png"))).convert("RGB")
    og = RATIOS["og"]

    def near(pixel, colour):
        return all(abs(a - b) <= 12 for a, b in zip(pixel, Image.new("RGB", (1, 1), colour).getpixel((0, 0))))

    band_y = og.header + og.band // 2
    assert near(notice.getpixel((5, 5)), "#0b4f45")  # brand header, no frame
    assert near(notice.getpixel((og.width - 20, band_y)), "#ffdd00")  # penting band
    assert near(hoax.getpixel((3, 3)), "#7a1650") and near(hoax.getpixel((og.width - 3, og.height - 3)), "#7a1650")
    assert near(hoax.getpixel((og.width - 30, 13 + og.header + int(og.band * 0.4))), "#b3141e")  # darurat
    assert near(hoax.getpixel((og.width - 30, 13 + og.header + int(og.band * 1.2))), "#7a1650")  # rebuttal band


def test_rebuild_renders_nothing_and_is_byte_identical(small, tmp_path):
    with capture() as first:
        small.build()
    cache = sorted((small.root / CACHE).rglob("*"))
    stamps = {p: p.stat().st_mtime_ns for p in cache}
    with capture() as second:
        again = small.build(output=tmp_path / "again")
    assert (first["context"][STATS_KEY].rendered, second["context"][STATS_KEY].rendered) == (2, 0)
    assert second["context"][STATS_KEY].cached == 2
    assert sorted((small.root / CACHE).rglob("*")) == cache
    assert {p: p.stat().st_mtime_ns for p in cache} == stamps, "a cache hit writes nothing"
    assert share_files(again) == share_files(small.output) and len(share_files(again)) == 6  # PNG, layout, poster


def test_parallel_and_serial_rendering_give_the_same_bytes(small, tmp_path):
    small.build(SHARE_IMAGES_PARALLEL_MIN=1, SHARE_IMAGES_WORKERS=2)
    serial = small.build(output=tmp_path / "serial", SHARE_IMAGES_PARALLEL_MIN=100,
                         SHARE_IMAGES_CACHE_DIR="cache/serial")  # fmt: skip
    assert share_files(serial) == share_files(small.output)


def urls_of(article) -> set[str]:
    """The URLs of a bulletin's cards (the PNG and the layout) and of its poster."""
    images = {image.url for image in [*article.share_images.values(), *article.share_images_drawn.values()]}
    return images | {article.share_poster.url}


def test_a_changed_title_gets_new_urls_and_the_host_keeps_the_old_ones(small, tmp_path):
    with capture() as before:
        small.build()
    old = urls_of(before["articles"]["KRW-200602-01"])
    previous = tmp_path / "urls.txt"
    previous.write_bytes((small.output / "urls.txt").read_bytes())
    small.add("a.md", bulletin_text(title="Jadwal Posyandu Bulan Juni Diperpanjang", slug="jadwal-posyandu-bulan-juni",
                                    urgency="penting", expires="2021-12-31 16:00"))  # fmt: skip
    with capture() as after:
        output = small.build(PERMANENCE_PREVIOUS=str(previous))
    new = urls_of(after["articles"]["KRW-200602-01"])
    assert len(old) == len(new) == 3 and not old & new and after["context"][STATS_KEY].rendered == 1
    folder = output / "2020/06/jadwal-posyandu-bulan-juni"
    assert {f"2020/06/jadwal-posyandu-bulan-juni/{p.name}" for p in folder.glob("bagikan-*")} == new
    # The host never deletes, so the earlier version is still served; the list says so.
    listed = set((output / "urls.txt").read_text(encoding="utf-8").split())
    assert {f"/{url}" for url in old | new} <= listed
    # The cache holds the current version only (the cards' and the poster's): a lost cache
    # costs time, not a URL.
    cached = {p.name.split("-")[0].split(".")[0] for p in (small.root / CACHE / "KRW-200602-01").iterdir()}
    assert {digest[:8] for digest in cached} == {url.rsplit("-", 1)[1].split(".")[0] for url in new}
    lost = small.root / "lost"
    with capture() as again:
        small.build(output=lost, SHARE_IMAGES_CACHE_DIR="cache/empty", PERMANENCE_PREVIOUS=str(output / "urls.txt"))
    assert again["context"][STATS_KEY].rendered == 2 and again["context"][STATS_KEY].posters == 2
    assert (lost / "urls.txt").read_bytes() == (output / "urls.txt").read_bytes()


def test_an_old_share_image_under_a_page_that_is_gone_is_still_reported(small, tmp_path):
    small.build()
    previous = tmp_path / "urls.txt"
    previous.write_text((small.output / "urls.txt").read_text(encoding="utf-8") +
                        "/2020/06/dihapus/\n/2020/06/dihapus/bagikan-og-0123abcd.jpg\n", encoding="utf-8")  # fmt: skip
    with pytest.raises(PermanenceError, match="1 published URL"):
        small.build(output=small.root / "next", PERMANENCE_PREVIOUS=str(previous))


def test_a_renamed_slug_moves_the_images_without_rendering_them_again(small):
    small.build()
    old = {p.name for p in (small.output / "2020/06/jadwal-posyandu-bulan-juni").glob("bagikan-*")}
    small.add("a.md", bulletin_text(urgency="penting", expires="2021-12-31 16:00", slug="posyandu-juni"))
    with capture() as seen:
        output = small.build()
    assert {p.name for p in (output / "2020/06/posyandu-juni").glob("bagikan-*")} == old
    assert seen["context"][STATS_KEY].rendered == 0


def test_versions_rendered_for_another_site_are_never_published_here(small):
    with capture() as local:
        small.build()
    small.build(output=small.root / "elsewhere", SITEURL="https://pratinjau.example.org")
    assert (small.root / "cache/share-images/https-pratinjau.example.org/KRW-200602-01").is_dir()
    output = small.build()
    expected = {url for article in local["articles"].values() for url in urls_of(article)}
    assert set(share_files(output)) == expected


def test_expiry_and_withdrawal_give_new_images(site):
    site.add("a.md", bulletin_text(urgency="darurat", expires="2021-03-01 16:00"))
    urls = {}
    withdrawn = bulletin_text(urgency="darurat", expires="2021-03-01 16:00", status="withdrawn",
                              withdrawn_reason="Batal.")  # fmt: skip
    for label, overrides, text in (("current", {"BULLETINS_NOW": "2021-02-01 09:00"}, None),
                                   ("expired", {}, None), ("withdrawn", {}, withdrawn)):  # fmt: skip
        if text:
            site.add("a.md", text)
        with capture() as seen:
            site.build(**overrides)
        urls[label] = seen["articles"]["KRW-200602-01"].share_images["og"].url
    assert len(set(urls.values())) == 3


def test_a_damaged_cache_entry_is_rendered_again(small):
    small.build()
    victim = next((small.root / CACHE / "KRW-200602-01").glob("*-kartu.json"))
    victim.write_bytes(victim.read_bytes()[:1000])
    with capture() as seen:
        output = small.build()
    assert seen["context"][STATS_KEY].rendered == 1
    json.loads(next((output / "2020/06/jadwal-posyandu-bulan-juni").glob("bagikan-kartu-*.json")).read_text())


def test_a_configured_mark_is_drawn_and_enters_the_hash(small):
    with capture() as drawn:
        small.build()
    logo = Image.new("RGBA", (200, 200), (0, 0, 0, 0))
    logo.paste((255, 0, 0, 255), (40, 40, 160, 160))
    buffer = io.BytesIO()
    logo.save(buffer, "PNG")
    (small.root / "data" / "logo.png").write_bytes(buffer.getvalue())
    with capture() as marked:
        output = small.build(SHARE_IMAGES_MARK="data/logo.png")
    before = drawn["articles"]["KRW-200602-01"].share_images["og"].url
    after = marked["articles"]["KRW-200602-01"].share_images["og"]
    assert before != after.url
    assert (output / "bagikan/lambang.png").read_bytes() == buffer.getvalue()  # for the browser's cards
    layout = json.loads((output / marked["articles"]["KRW-200602-01"].share_images_drawn["square"].url).read_text())
    assert layout["mark"] == f"{ASSETS}lambang.png" and ["m"] == [op[0] for op in layout["cards"]["square"]["ops"]
                                                                 if op[0] == "m"]  # fmt: skip
    with Image.open(output / after.url) as png:
        image = png.convert("RGB")
        side = round(RATIOS["og"].header * 0.64)
        top = (RATIOS["og"].header - side) // 2
        red = image.getpixel((RATIOS["og"].margin + side // 2, top + side // 2))
        assert red[0] > 200 and red[1] < 60 and red[2] < 60


def tighten(monkeypatch, ratio: str, **limits) -> None:
    """Budgets this small: no real card fits them, so the budget paths run in a real build."""
    ratios = dict(renderer.RATIOS)
    ratios[ratio] = dataclasses.replace(ratios[ratio], **limits)
    for module in (renderer, plugin):
        monkeypatch.setattr(module, "RATIOS", MappingProxyType(ratios))


@pytest.mark.parametrize("parallel_min", [100, 1])
def test_an_open_graph_image_over_the_hard_limit_fails_the_build(small, monkeypatch, parallel_min):
    small.build()
    before = share_files(small.output)
    tighten(monkeypatch, "og", budget=1_000, limit=2_000)
    small.add("a.md", bulletin_text(title="Jadwal Posyandu Bulan Juli", slug="jadwal-posyandu-bulan-juni"))
    with pytest.raises(ShareImageTooLarge, match=r"share image og of KRW-200602-01 is \d+ bytes, over the limit "
                                                 r"of 2000 bytes; simplify the mark"):
        small.build(SHARE_IMAGES_PARALLEL_MIN=parallel_min)
    assert share_files(small.output) == before


def test_an_image_over_its_budget_is_published_with_a_warning(small, monkeypatch, caplog):
    tighten(monkeypatch, "og", budget=1_000)
    with capture() as seen:
        output = small.build()
    image = seen["articles"]["KRW-200602-01"].share_images["og"]
    assert (output / image.url).stat().st_size > 1_000
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING and "budget" in r.getMessage()]
    assert any(m.startswith(f"Share image og of KRW-200602-01 is {image.size} bytes, over its budget of 1000")
               for m in warnings), warnings  # fmt: skip


# Every script: Arabic, emoji, and characters no font has -----------------------------------

ARABIC_BOLD, EMOJI = FONT_FILES["arabic-bold"], FONT_FILES["emoji"]


def drawn(text_or_runs, size=80, width=1400) -> Image.Image:
    """White canvas with black text on the baseline at y=100: a string through the card's
    `draw_text`, or a list of (font file, string) drawn with Pillow directly, side by side."""
    image = Image.new("L", (width, 160), 255)
    draw = ImageDraw.Draw(image)
    if isinstance(text_or_runs, str):
        draw_text(draw, (10, 100), text_or_runs, font(BOLD, size), 0)
        return image
    x = 10
    for path, text in text_or_runs:
        face = ImageFont.truetype(str(path), size, layout_engine=ImageFont.Layout.BASIC)
        draw.text((x, 100), text, font=face, fill=0, anchor="ls")
        x += face.getlength(text)
    return image


def test_arabic_is_drawn_joined_and_right_to_left_from_the_arabic_font():
    card = drawn(ARABIC)
    words = [(ARABIC_BOLD, ARABIC_WORDS[0]), (BOLD, " "), (ARABIC_BOLD, ARABIC_WORDS[1]), (BOLD, " "),
             (ARABIC_BOLD, ARABIC_WORDS[2])]  # fmt: skip
    assert card.tobytes() == drawn(words).tobytes()
    letters_alone = [(ARABIC_BOLD, letter) for letter in reversed(ARABIC)]  # right to left, not joined
    left_to_right = [(ARABIC_BOLD, arabic_reshaper.reshape(ARABIC))]  # joined, in logical order
    assert card.tobytes() != drawn(letters_alone).tobytes(), "letters must take their joining forms"
    assert card.tobytes() != drawn(left_to_right).tobytes(), "Arabic must read right to left"


def test_a_mixed_line_takes_each_run_from_its_font_in_display_order():
    line = "Salat عيد 1445 🌊 (عيد)"  # from عيد on, one right-to-left run: read from the right
    eid = ARABIC_WORDS[2]
    runs = [(BOLD, "Salat ("), (ARABIC_BOLD, eid), (BOLD, ") "), (EMOJI, "🌊"), (BOLD, " 1445 "), (ARABIC_BOLD, eid)]
    assert drawn(line).tobytes() == drawn(runs).tobytes()
    widths = [ImageFont.truetype(str(path), 80, layout_engine=ImageFont.Layout.BASIC).getlength(text)
              for path, text in runs]  # fmt: skip
    assert font(BOLD, 80).getlength(line) == pytest.approx(sum(widths)), "measured as drawn, so wrapping holds"


def test_a_face_loads_only_the_fonts_it_draws_with():
    face = Face(BOLD, 173)  # not the shared one: other tests draw fallbacks at their sizes
    canvas = ImageDraw.Draw(Image.new("L", (1600, 300), 255))
    face.getlength("Posyandu Kotabaru")
    draw_text(canvas, (10, 200), "Posyandu Kotabaru", face, 0)
    assert set(face.loaded) == {0}, "Latin text must not load the Arabic and emoji fallbacks at every size"
    draw_text(canvas, (10, 200), "Salat عيد", face, 0)
    assert set(face.loaded) == {0, face.chain.index(str(ARABIC_BOLD))}


def test_one_face_per_font_and_size_however_many_are_made():
    # Widths are remembered by Face (`length`, `Face.advance`): a Face made again after an
    # eviction kept the old one alive there, with its FreeType fonts (a worker reached 550 MB).
    first = font(BOLD, 1000)
    for size in range(1001, 1400):  # more than any bounded cache of faces held
        font(BOLD, size)
    assert font(BOLD, 1000) is first


@pytest.mark.parametrize("line, shown", [
    ("عيد (1445)", "(1445) ديع"),  # brackets in a right-to-left run are mirrored
    ("Idulfitri (عيد) 1445", "Idulfitri (ديع) 1445"),
    ("رمضان 1445 H", "1445 ناضمر H"),
])  # fmt: skip
def test_lines_are_ordered_by_the_bidi_algorithm_with_mirrored_brackets(line, shown):
    assert visual(line) == shown
    unmirrored = shown.translate(str.maketrans("()", ")(")) if line.startswith("ع") else shown
    assert get_display(line, base_dir="L") == unmirrored, "the same order as python-bidi's own"


def test_every_form_the_reshaper_emits_is_in_both_arabic_fonts():
    forms = {form for forms in LETTERS_ARABIC.values() for form in forms if form and form != "\u200d"}
    forms |= {form for name, (_, ligature_forms) in LIGATURES if default_config.get(name)
              for form in ligature_forms if form}  # fmt: skip
    for path in (FONT_FILES["arabic-bold"], FONT_FILES["arabic-regular"]):
        assert {ord(form) for form in forms} <= covered(str(path)), path


def glyph(face, char: str) -> bytes:
    """The pixels of one character alone (U+10FFFD, in no font, gives the font's .notdef box)."""
    image = Image.new("L", (200, 200), 0)
    ImageDraw.Draw(image).text((40, 150), char, font=face, fill=255, anchor="ls")
    return image.tobytes()


def every_script_card(**fields) -> Card:
    return dataclasses.replace(CARD, title=EVERY_SCRIPT, **fields)


@pytest.mark.parametrize("ratio", list(RATIOS))
def test_every_script_in_a_title_is_drawn_on_each_card_never_as_a_box(ratio):
    card = every_script_card()
    image = render(card, ratio)
    r = RATIOS[ratio]
    _, lines, _ = renderer._layout_title(card, r, r.height, renderer._facts(card))
    assert " ".join(lines) == EVERY_SCRIPT, "the wrapped title keeps every word"
    fonts_used = set()
    for line in lines:
        for face, chars in font(BOLD, 60).runs(line):
            for char in chars:
                assert glyph(face, char) != glyph(face, "\U0010fffd"), (ratio, char, face.path)
            fonts_used.add(Path(face.path).name)
    assert fonts_used == {"Inter-Bold.otf", "NotoSansArabic-Bold.ttf", "NotoEmoji-Bold.ttf"}
    # Today's cards drew each Arabic letter and emoji as Inter's .notdef box: the same pixels
    # as a title with a character no font has in their place.
    boxes = "".join(NO_FONT if char in ARABIC + "🌙🌊" and char != " " else char for char in EVERY_SCRIPT)
    assert image.tobytes() != render(dataclasses.replace(card, title=boxes), ratio).tobytes()


@pytest.mark.parametrize("ratio", list(RATIOS))
def test_a_character_no_font_has_is_left_out_not_drawn_as_a_box(ratio):
    card = every_script_card()
    with_it = dataclasses.replace(card, title=EVERY_SCRIPT.replace("Banjir", f"Banjir{NO_FONT}"))
    assert render(with_it, ratio).tobytes() == render(card, ratio).tobytes()


def test_every_script_cards_are_byte_identical_across_runs_and_processes():
    card = every_script_card()
    here = renderer.render_files(card, None, ASSETS)
    assert here == renderer.render_files(card, None, ASSETS)
    script = ("import pickle, sys; from share_images.render import render_files; "
              "card = pickle.loads(sys.stdin.buffer.read()); "
              f"sys.stdout.buffer.write(pickle.dumps(render_files(card, None, {ASSETS!r})))")  # fmt: skip
    plugins = str(Path(renderer.__file__).resolve().parents[1])
    fresh = subprocess.run([sys.executable, "-c", script], input=pickle.dumps(card), capture_output=True,
                           check=True, env={"PYTHONPATH": plugins}).stdout  # fmt: skip
    assert pickle.loads(fresh) == here


def test_fallback_fonts_and_the_shaping_packages_are_in_the_cache_key():
    fingerprint = renderer_fingerprint(None)
    fallbacks = {path for chain in FALLBACKS.values() for path in chain}
    assert fallbacks <= set(FONT_FILES.values()) and set(fingerprint["fonts"]) == set(FONT_FILES)
    assert {"arabic-bold", "arabic-regular", "emoji"} <= set(fingerprint["fonts"])
    assert {"arabic-reshaper", "python-bidi", "pillow", "segno"} <= set(fingerprint)
    changed = {**fingerprint, "fonts": {**fingerprint["fonts"], "emoji": "0" * 64}}
    assert content_hash(every_script_card(), changed) != content_hash(every_script_card(), fingerprint)


def glyph_warnings(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING and ": title: " in r.getMessage()]


def test_a_title_character_no_font_has_is_one_warning_naming_the_bulletin(site, caplog, monkeypatch):
    monkeypatch.delenv("WARTA_LANG", raising=False)
    site.add("a.md", bulletin_text(title=f"Marhaban ya Ramadhan رمضان كريم 🌙 {NO_FONT}{NO_FONT} \U0010fffd"))
    site.add("b.md", bulletin_text(title=EVERY_SCRIPT, code="KRW-200602-02", slug="idulfitri"))
    site.build()
    line = bulletin_text().splitlines().index("title: Jadwal Posyandu Bulan Juni") + 1
    assert glyph_warnings(caplog) == [
        f"content/bulletins/a.md:{line}: title: karakter '{NO_FONT}' (U+12000), '\U0010fffd' (U+10FFFD) tidak ada "
        "di font kartu berbagi, jadi tidak tergambar di kartunya; ganti atau hapus karakter itu dari judul"]
    caplog.clear()
    monkeypatch.setenv("WARTA_LANG", "en")
    site.build()
    assert glyph_warnings(caplog) == [
        f"content/bulletins/a.md:{line}: title: characters '{NO_FONT}' (U+12000), '\U0010fffd' (U+10FFFD) not in the "
        "share-card fonts, so the cards leave it out; replace it or remove it from the title"]
