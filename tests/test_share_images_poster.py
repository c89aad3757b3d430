"""The notice-board poster: an A4 vector PDF per bulletin, read back with pypdf (page size,
text, fonts, colours, determinism) and its QR code decoded by zxing-cpp from the rectangles the
PDF paints; then real builds: the file, its cache, the Bagikan kit's link, the host headers and
the URLs the host keeps."""

from __future__ import annotations

import dataclasses
import hashlib
import io
import json
import re

import pytest
import zxingcpp
from conftest import bulletin_text
from PIL import Image, ImageDraw
from pypdf import PdfReader
from test_share_images import CACHE, CARD, EVERY_SCRIPT, LONG_TITLE, NO_FONT, SITEURL, capture, small  # noqa: F401
from warta.core.headers import CACHE_CONTROL, HeaderRules
from warta.share_images.content import Poster, SharePoster, poster_hash, renderer_fingerprint
from warta.share_images.plugin import STATS_KEY
from warta.share_images.poster import BUDGET, HEIGHT, TITLE, WIDTH, draw_poster, poster_image, render_poster
from warta.share_images.render import Recording
from warta.share_images.standard_fonts import STANDARD_FONTS, encode, widths
from static_host import headers_for, parse_headers_file

POSTER = Poster(card=CARD, summary="Posyandu buka setiap Selasa pukul 08.00 WIB di balai desa.",
                created="D:20200602100000+07'00'", modified="D:20200602100000+07'00'")  # fmt: skip
NAME = re.compile(r"bagikan-poster-([0-9a-f]{8})\.pdf")
MM_PER_PIXEL = 25.4 / 300  # the layout's pixels: A4 at 300 dpi


def poster(**fields) -> Poster:
    """POSTER with some of its card's fields replaced."""
    return dataclasses.replace(POSTER, card=dataclasses.replace(CARD, **fields))


def page_of(pdf: bytes):
    reader = PdfReader(io.BytesIO(pdf), strict=True)
    [page] = reader.pages
    return reader, page


def text_of(pdf: bytes) -> str:
    return " ".join(page_of(pdf)[1].extract_text().split())


def painted(pdf: bytes, dpi: int = 150) -> Image.Image:
    """The page's filled rectangles (rules, bands, the QR code's modules) in their grey; the
    text left out. Enough to read the QR code back from what the PDF itself paints (its
    transformations: scales and moves, as the QR code's)."""
    _, page = page_of(pdf)
    width, height = float(page.mediabox.width), float(page.mediabox.height)
    scale = dpi / 72
    image = Image.new("L", (round(width * scale), round(height * scale)), 255)
    draw = ImageDraw.Draw(image)
    grey, boxes, matrix, saved = 0, [], (1, 1, 0, 0), []  # (x scale, y scale, x move, y move)
    for operands, operator in page.get_contents().operations:
        if operator == b"g":
            grey = round(float(operands[0]) * 255)
        elif operator == b"q":
            saved.append(matrix)
        elif operator == b"Q":
            matrix = saved.pop()
        elif operator == b"cm":
            a, b, c, d, e, f = (float(value) for value in operands)
            assert b == c == 0, "only scales and moves"
            sx, sy, tx, ty = matrix
            matrix = (a * sx, d * sy, e * sx + tx, f * sy + ty)
        elif operator == b"re":
            x, y, w, h = (float(value) for value in operands)
            sx, sy, tx, ty = matrix
            boxes.append((x * sx + tx, y * sy + ty, w * sx, h * sy))
        elif operator == b"f":
            for x, y, w, h in boxes:
                draw.rectangle((round(x * scale), round((height - y - h) * scale), round((x + w) * scale) - 1,
                                round((height - y) * scale) - 1), fill=grey)  # fmt: skip
            boxes = []
    return image


def decoded(pdf: bytes) -> list[str]:
    return [result.text for result in zxingcpp.read_barcodes(painted(pdf))]


def recorded(shown: Poster) -> list[list]:
    recording = Recording(WIDTH, HEIGHT, [])
    draw_poster(recording, shown, None)
    return recording.ops


# Tier 1: the PDF of one poster ------------------------------------------------------------


def test_the_poster_is_one_a4_page_with_fixed_dates_and_the_same_bytes_every_time():
    pdf = render_poster(POSTER)
    assert pdf.startswith(b"%PDF-1.4\n") and pdf.endswith(b"%%EOF\n")
    reader, page = page_of(pdf)
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)  # A4 in points
    info = reader.metadata
    assert info["/CreationDate"] == "D:20200602100000+07'00'" == info["/ModDate"], "the bulletin's dates, no clock"
    assert info.title == "Jadwal Posyandu Bulan Juni" and info["/Keywords"] == "KRW-200602-01"
    assert b"/ID" not in pdf, "no random file identifier"
    assert render_poster(POSTER) == pdf
    assert len(pdf) < 4_000 < BUDGET, "no font embedded for Indonesian text"


def test_the_qr_code_in_the_pdf_opens_the_check_page_and_is_at_least_6_cm():
    assert decoded(render_poster(POSTER)) == [f"{SITEURL}/cek/KRW-200602-01/"]
    [qr] = [op for op in recorded(POSTER) if op[0] == "q"]
    assert qr[3] * MM_PER_PIXEL >= 60


def test_the_poster_prints_the_title_facts_code_and_how_to_check_it():
    text = text_of(render_poster(poster(expires_text="Jumat, 31 Desember 2021 · 16.00 WIB", urgency="penting")))
    for part in ("Warta Karawang", "Diskominfo Kabupaten Karawang", "PENTING", "PENGUMUMAN",
                 "Jadwal Posyandu Bulan Juni", "Wilayah Kecamatan Klari", "Diterbitkan Selasa, 2 Juni 2020 · 10.00 WIB",
                 "Berlaku sampai Jumat, 31 Desember 2021 · 16.00 WIB", "Posyandu buka setiap Selasa",
                 "KODE VERIFIKASI", "KRW-200602-01", "Pindai kode QR untuk memeriksa keaslian dan versi terbaru",
                 "localhost:8000/cek/", "Sumber resmi: localhost:8000"):  # fmt: skip
        assert part in text, part


def test_a_withdrawn_poster_says_dicabut_and_why_and_strikes_the_title():
    shown = dataclasses.replace(poster(state="withdrawn", urgency="biasa"), summary="Dicabut: Jadwal dibatalkan.")
    text = text_of(render_poster(shown))
    assert "DICABUT" in text and "Buletin ini sudah tidak berlaku" in text and "Dicabut: Jadwal dibatalkan." in text
    assert "Berlaku sampai" not in text
    ops = recorded(shown)
    [band] = [op for op in ops if op[0] == "t" and op[-1].strip() == "DICABUT"]
    title = [op for op in ops if op[0] == "t" and op[-1] in CARD.title]
    assert " ".join(op[-1] for op in title) == CARD.title
    assert band[4] > max(op[4] for op in ops if op[0] == "t" and op is not band), "DICABUT: the largest type"
    strikes = [op for op in ops if op[0] == "r" and any(op[1] == t[1] and t[2] - t[4] < op[2] < t[2] for t in title)]
    assert len(strikes) == len(title), "each title line struck through"
    assert decoded(render_poster(shown)) == [f"{SITEURL}/cek/KRW-200602-01/"], "the check page says what replaced it"


def test_an_expired_poster_shows_since_when():
    text = text_of(render_poster(poster(state="expired", urgency="biasa",
                                        expires_text="Senin, 1 Maret 2021 · 16.00 WIB")))  # fmt: skip
    assert "TIDAK BERLAKU LAGI" in text and "sejak Senin, 1 Maret 2021 · 16.00 WIB" in text
    assert "Tidak berlaku sejak Senin, 1 Maret 2021 · 16.00 WIB" in text and "Berlaku sampai" not in text


def test_the_poster_is_black_and_white_only():
    pdf = render_poster(poster(urgency="darurat", hoax_rebuttal=True, type_label="Klarifikasi Hoaks"))
    _, page = page_of(pdf)
    colours = {(operator, tuple(float(v) for v in operands)) for operands, operator in page.get_contents().operations
               if operator in (b"g", b"G", b"rg", b"RG", b"k", b"K", b"sc", b"scn", b"cs")}  # fmt: skip
    assert colours <= {(b"g", (0.0,)), (b"g", (1.0,)), (b"G", (0.0,)), (b"G", (1.0,))}
    assert "KLARIFIKASI RESMI" in text_of(pdf) and "DARURAT" in text_of(pdf)


def test_a_long_title_stays_large_enough_to_read_from_two_metres_and_a_long_summary_is_cut():
    shown = dataclasses.replace(poster(title=LONG_TITLE), summary=" ".join(["Warga diminta membawa KTP-el."] * 40))
    ops = recorded(shown)
    title = [op for op in ops if op[0] == "t" and op[-1] in LONG_TITLE]
    assert " ".join(op[-1] for op in title) == LONG_TITLE, "every word of the title"
    assert min(op[4] for op in title) >= TITLE[1] and TITLE[1] * MM_PER_PIXEL >= 8  # 8 mm type at least
    summary = [op for op in ops if op[0] == "t" and "Warga diminta" in op[-1]]
    assert summary and summary[-1][-1].endswith("…")
    footer_top = min(op[2] for op in ops if op[0] == "t" and op[-1] == "KODE VERIFIKASI") - 100
    assert max(op[2] for op in summary) < footer_top
    assert decoded(render_poster(shown)) == [f"{SITEURL}/cek/KRW-200602-01/"]


def fonts_of(pdf: bytes) -> list:
    return [font.get_object() for font in page_of(pdf)[1]["/Resources"]["/Font"].values()]


def test_the_text_is_in_the_standard_fonts_and_nothing_is_embedded():
    pdf = render_poster(poster(title="Jalan Tol Dibuka — “Gratis” Rp 0 · Café Pasar Baru…", urgency="penting"))
    fonts = fonts_of(pdf)
    assert {(font["/Subtype"], font["/BaseFont"], font["/Encoding"]) for font in fonts} == {
        ("/Type1", "/Helvetica", "/WinAnsiEncoding"), ("/Type1", "/Helvetica-Bold", "/WinAnsiEncoding")}
    assert not any("/FontDescriptor" in font for font in fonts), "a reader's own Helvetica: nothing embedded"
    assert "Jalan Tol Dibuka — “Gratis” Rp 0 · Café Pasar Baru…" in text_of(pdf)


def test_every_script_is_drawn_and_can_be_copied_what_winansi_lacks_from_the_card_fonts():
    pdf = render_poster(poster(title=EVERY_SCRIPT))
    subtypes = sorted(font["/Subtype"] for font in fonts_of(pdf))
    assert subtypes == ["/Type1", "/Type1", "/Type3", "/Type3", "/Type3"]  # Helvetica x2; Arabic, emoji, Inter (⚠)
    text = text_of(pdf)
    assert "🌙" in text and "🌊" in text and "Idulfitri 1445 H —" in text
    assert render_poster(poster(title=EVERY_SCRIPT)) == pdf


def test_a_character_winansi_lacks_is_drawn_from_inter_and_one_no_font_has_is_left_out():
    pdf = render_poster(poster(title=f"Jalur Łódź → Karawang ≥ 5 km {NO_FONT}"))
    [type3] = [font for font in fonts_of(pdf) if font["/Subtype"] == "/Type3"]
    assert len(type3["/CharProcs"]) == 4  # Ł, ź, →, ≥ (ó is WinAnsi's)
    assert "Jalur Łódź → Karawang ≥ 5 km" in text_of(pdf) and NO_FONT not in text_of(pdf)


def test_the_standard_fonts_widths_are_adobes():
    from pypdf._codecs.core_font_metrics import CORE_FONT_METRICS

    for name in STANDARD_FONTS:
        afm = CORE_FONT_METRICS[name].character_widths
        ours = widths(name)
        assert ours == {ord(char): afm[" " if char == "\xa0" else char] for char in map(chr, ours)}
        assert len(ours) == 217 and not {0xAD, 0x7F} & ours.keys(), "all of WinAnsi but the soft hyphen"
        assert all(encode(chr(code)) for code in ours)


def test_the_document_information_keeps_any_title_whole():
    for title in ("Rapat (Darurat) di C:\\Balai ‹Desa›", "Banjir 🌊 \u0639\u064a\u062f", "þÿ Tanda"):
        assert PdfReader(io.BytesIO(render_poster(poster(title=title)))).metadata.title == title


def test_the_preview_draws_the_same_page():
    image = poster_image(POSTER)
    assert image.size == (WIDTH, HEIGHT) and image.mode == "L"
    assert [result.text for result in zxingcpp.read_barcodes(image)] == [f"{SITEURL}/cek/KRW-200602-01/"]


def test_every_printed_field_is_in_the_poster_hash():
    fingerprint = renderer_fingerprint(None)
    base = poster_hash(POSTER, fingerprint)
    for name, value in (("summary", "Lain."), ("created", "D:20200603100000+07'00'"),
                        ("modified", "D:20200603100000+07'00'")):  # fmt: skip
        assert poster_hash(dataclasses.replace(POSTER, **{name: value}), fingerprint) != base, name
    assert poster_hash(poster(title="Lain"), fingerprint) != base
    assert poster_hash(POSTER, {**fingerprint, "renderer": -1}) != base


# Tier 2: real builds ----------------------------------------------------------------------


def poster_of(article) -> SharePoster:
    return article.share_poster


def test_every_bulletin_gets_a_poster_linked_from_its_bagikan_kit(small):
    with capture() as seen:
        output = small.build()
    article = seen["articles"]["KRW-200602-01"]
    shared = poster_of(article)
    assert re.fullmatch(r"2020/06/jadwal-posyandu-bulan-juni/bagikan-poster-[0-9a-f]{8}\.pdf", shared.url)
    data = (output / shared.url).read_bytes()
    assert shared.size == len(data) and shared.sha256 == hashlib.sha256(data).hexdigest()
    assert shared.type == "application/pdf"
    assert decoded(data) == [f"{SITEURL}/cek/KRW-200602-01/"]
    text = text_of(data)
    assert "Posyandu buka setiap Selasa." in text and "Berlaku sampai Jumat, 31 Desember 2021 · 16.00 WIB" in text
    assert seen["context"][STATS_KEY].posters == 2
    page = small.read("2020/06/jadwal-posyandu-bulan-juni/index.html")
    link = re.search(r'<p class="bagikan-poster"><a href="([^"]+)" type="application/pdf">([^<]+)</a> <span>([^<]+)</span>',
                     page)  # fmt: skip
    assert link[1] == f"{SITEURL}/{shared.url}" and link[2] == "Poster A4 (PDF) untuk papan pengumuman"
    assert link[3] == f"PDF, {round(len(data) / 1024)} KB, siap dicetak hitam-putih"
    hoax = text_of((output / poster_of(seen["articles"]["KRW-200602-02"]).url).read_bytes())
    assert "KLARIFIKASI RESMI" in hoax and "DARURAT" in hoax


def test_hosts_send_posters_as_pdf_and_the_deploy_table_keeps_them_for_a_year(small):
    output = small.build()
    [pdf] = [p.relative_to(output).as_posix() for p in output.glob("2020/06/jadwal-posyandu-bulan-juni/*.pdf")]
    headers = HeaderRules().headers(pdf)  # what the S3 target uploads with, and nginx sends
    assert headers.content_type == "application/pdf" and headers.cache_control == CACHE_CONTROL["immutable"]
    nginx = (output / "nginx-headers.conf").read_text(encoding="utf-8")
    assert r'location ~ "\\.pdf$" { types { } default_type "application/pdf"; }' in nginx
    for mode in ("netlify", "cloudflare"):  # one rule per suffix there: the cards' PNGs alike
        sent = headers_for(parse_headers_file((output / "_headers").read_text(encoding="utf-8")), f"/{pdf}", mode)
        assert sent["content-type"] == "application/pdf", mode


def test_a_rebuild_takes_the_posters_from_the_cache(small, tmp_path):
    small.build()
    with capture() as again:
        output = small.build(output=tmp_path / "again")
    assert again["context"][STATS_KEY].posters == 0
    for article in again["articles"].values():
        assert (output / article.share_poster.url).read_bytes() == (small.output / article.share_poster.url).read_bytes()


def test_a_changed_summary_gives_a_new_poster_not_new_cards_and_the_host_keeps_the_old_one(small, tmp_path):
    with capture() as before:
        small.build()
    previous = tmp_path / "urls.txt"
    previous.write_bytes((small.output / "urls.txt").read_bytes())
    small.add("a.md", bulletin_text(urgency="penting", expires="2021-12-31 16:00", summary="Posyandu buka Rabu."))
    with capture() as after:
        output = small.build(PERMANENCE_PREVIOUS=str(previous))
    old, new = before["articles"]["KRW-200602-01"], after["articles"]["KRW-200602-01"]
    assert old.share_images["og"].url == new.share_images["og"].url
    assert old.share_poster.url != new.share_poster.url
    stats = after["context"][STATS_KEY]
    assert (stats.rendered, stats.posters) == (0, 1)
    assert "Posyandu buka Rabu." in text_of((output / new.share_poster.url).read_bytes())
    listed = set((output / "urls.txt").read_text(encoding="utf-8").split())
    assert {f"/{old.share_poster.url}", f"/{new.share_poster.url}"} <= listed
    cached = sorted(p.name for p in (small.root / CACHE / "KRW-200602-01").iterdir())
    digest = NAME.fullmatch(new.share_poster.url.rsplit("/", 1)[1])[1]
    assert [name for name in cached if "poster" in name] == [n for n in cached if n.startswith(digest)
                                                               and "poster" in n]  # fmt: skip
    assert len([name for name in cached if "poster" in name]) == 2  # the PDF and its record


def test_withdrawn_and_expired_bulletins_get_posters_that_say_so(site):
    site.add("a.md", bulletin_text(urgency="darurat", expires="2021-03-01 16:00"))
    site.add("b.md", bulletin_text(code="KRW-200602-02", slug="dicabut", title="Pembagian Masker Gratis",
                                   status="withdrawn", withdrawn_reason="Jadwal diganti pekan depan."))  # fmt: skip
    with capture() as seen:
        output = site.build()
    expired = text_of((output / seen["articles"]["KRW-200602-01"].share_poster.url).read_bytes())
    assert "TIDAK BERLAKU LAGI" in expired and "Tidak berlaku sejak Senin, 1 Maret 2021 · 16.00 WIB" in expired
    assert "DARURAT" not in expired
    withdrawn = (output / seen["articles"]["KRW-200602-02"].share_poster.url).read_bytes()
    assert "DICABUT" in text_of(withdrawn) and "Dicabut: Jadwal diganti pekan depan." in text_of(withdrawn)
    assert decoded(withdrawn) == [f"{SITEURL}/cek/KRW-200602-02/"]
    page = site.read("2020/06/dicabut/index.html")
    assert seen["articles"]["KRW-200602-02"].share_poster.url.rsplit("/", 1)[1] in page


def test_a_damaged_cached_poster_is_rendered_again(small):
    small.build()
    victim = next((small.root / CACHE / "KRW-200602-01").glob("*-poster.pdf"))
    victim.write_bytes(victim.read_bytes()[:1000])
    with capture() as seen:
        output = small.build()
    assert (seen["context"][STATS_KEY].rendered, seen["context"][STATS_KEY].posters) == (0, 1)
    assert decoded((output / seen["articles"]["KRW-200602-01"].share_poster.url).read_bytes())


def test_a_configured_mark_is_printed_in_grey(small):
    logo = Image.new("RGBA", (200, 200), (0, 0, 0, 0))
    logo.paste((255, 0, 0, 255), (40, 40, 160, 160))
    buffer = io.BytesIO()
    logo.save(buffer, "PNG")
    (small.root / "data" / "logo.png").write_bytes(buffer.getvalue())
    with capture() as seen:
        output = small.build(SHARE_IMAGES_MARK="data/logo.png")
    _, page = page_of((output / seen["articles"]["KRW-200602-01"].share_poster.url).read_bytes())
    [image] = page["/Resources"]["/XObject"].values()
    image = image.get_object()
    assert image["/ColorSpace"] == "/DeviceGray" and image["/SMask"].get_object()["/ColorSpace"] == "/DeviceGray"


def test_sample_site_posters_stay_small_and_open_each_check_page(sample_site):
    folders = {p.parent for p in sample_site.glob("20[0-9][0-9]/[01][0-9]/*/index.html")}
    posters = sorted(sample_site.glob("20*/*/*/bagikan-poster-*.pdf"))
    assert {p.parent for p in posters} == folders and len(posters) == len(folders) == 22
    codes = json.loads((sample_site / "manifest.json").read_text(encoding="utf-8"))["bulletins"]
    urls = {entry["url"]: entry["code"] for entry in codes}
    for path in posters:
        data = path.read_bytes()
        assert len(data) <= 6_000 < BUDGET, path  # no font embedded: about 3 KB
        code = urls.get(f"{SITEURL}/{path.parent.relative_to(sample_site).as_posix()}/")
        [url] = decoded(data)
        assert url == f"{SITEURL}/cek/{code}/" or (code is None and re.fullmatch(rf"{SITEURL}/cek/KRW-\d{{6}}-\d{{2}}/", url))
        assert url.rsplit("/", 2)[1] in text_of(data), path
