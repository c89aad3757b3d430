"""Draw every image and the one video that the sample bulletins use.

Run from the repository root:

    .venv/bin/python scripts/draw_sample_images.py

It writes PNG files under ``content/images/`` and ``content/media/cuci-tangan.mp4``.
Everything is drawn here with Pillow: flat shapes and Pillow's bundled scalable font
(``ImageFont.load_default(size=...)``), never a font of the machine and never a
third-party image, and nothing depends on the clock or on randomness, so the output is
the same everywhere.

The posters of the two ``Infografis`` bulletins are drawn from the texts in
``POSTER_ISOLASI_MANDIRI`` and ``POSTER_VAKSINASI_LANSIA``. Their bulletins carry the same
text in ``transcript``; change both together.

The video needs an ffmpeg binary. It comes from the ``imageio-ffmpeg`` package, which is
NOT a dependency of Warta and is not in any requirements file: install it by hand only
when the video has to be made again,

    .venv/bin/pip install imageio-ffmpeg

Without it the script draws the images and skips the video with a message.
"""

from __future__ import annotations

import math
import subprocess
import sys
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"

# Everything is drawn at SCALE times the output size and scaled down, for smooth edges.
SCALE = 2
PNG_MAX_BYTES = 250_000
VIDEO_MAX_BYTES = 300_000

NAVY = (18, 53, 91)
TEAL = (14, 116, 115)
GREEN = (30, 122, 72)
RED = (176, 42, 32)
DARK_RED = (110, 20, 20)
AMBER = (242, 165, 65)
SKY = (214, 234, 248)
WATER = (36, 113, 163)
WATER_LIGHT = (93, 173, 226)
PAPER = (246, 247, 249)
INK = (30, 34, 40)
GREY = (120, 128, 138)
LIGHT_GREY = (214, 219, 224)
WHITE = (255, 255, 255)
SKIN = (226, 170, 118)
SKIN_DARK = (196, 138, 90)

OFFICE = "Pemerintah Kabupaten Karawang"


@lru_cache(maxsize=None)
def font(px: int) -> ImageFont.FreeTypeFont:
    """Pillow's bundled scalable font at ``px`` pixels; never a machine font."""
    return ImageFont.load_default(size=px)


class Canvas:
    """A picture drawn in output coordinates on a SCALE-times larger bitmap."""

    def __init__(self, width: int, height: int, background, scale: int = SCALE):
        self.width, self.height, self.s = width, height, scale
        self.image = Image.new("RGB", (width * scale, height * scale), background)
        self.draw = ImageDraw.Draw(self.image)

    def _xy(self, values):
        return [round(v * self.s) for v in values]

    def rect(self, box, fill=None, radius=0, outline=None, width=0):
        self.draw.rounded_rectangle(
            self._xy(box), radius=radius * self.s, fill=fill, outline=outline,
            width=round(width * self.s),
        )

    def circle(self, cx, cy, r, fill=None, outline=None, width=0):
        self.draw.ellipse(
            self._xy((cx - r, cy - r, cx + r, cy + r)), fill=fill, outline=outline,
            width=round(width * self.s),
        )

    def ellipse(self, box, fill=None, outline=None, width=0):
        self.draw.ellipse(self._xy(box), fill=fill, outline=outline, width=round(width * self.s))

    def polygon(self, points, fill):
        self.draw.polygon([tuple(self._xy(p)) for p in points], fill=fill)

    def line(self, points, fill, width):
        self.draw.line([tuple(self._xy(p)) for p in points], fill=fill, width=round(width * self.s),
                       joint="curve")

    # Text. Sizes are in output pixels; "bold" thickens the one bundled face with a stroke.
    def _font_and_stroke(self, size, bold):
        px = round(size * self.s)
        return font(px), (max(1, round(px / 34)) if bold else 0)

    def text_width(self, text, size, bold=False):
        f, stroke = self._font_and_stroke(size, bold)
        return (f.getlength(text) + 2 * stroke) / self.s

    def text(self, x, y, text, size, fill, bold=False, anchor="la"):
        check_glyphs(text)
        f, stroke = self._font_and_stroke(size, bold)
        self.draw.text(
            (round(x * self.s), round(y * self.s)), text, font=f, fill=fill, anchor=anchor,
            stroke_width=stroke, stroke_fill=fill,
        )

    def wrap(self, text, size, max_width, bold=False):
        lines, current = [], ""
        for word in text.split():
            candidate = f"{current} {word}".strip()
            if current and self.text_width(candidate, size, bold) > max_width:
                lines.append(current)
                current = word
            else:
                current = candidate
        if current:
            lines.append(current)
        return lines

    def paragraph(self, x, y, text, size, fill, max_width, bold=False, leading=1.28,
                  align="left"):
        """Draw wrapped text with its top at ``y``; return the y below its last line."""
        for line in self.wrap(text, size, max_width, bold):
            if align == "center":
                self.text(x + max_width / 2, y, line, size, fill, bold, anchor="ma")
            else:
                self.text(x, y, line, size, fill, bold)
            y += size * leading
        return y

    def finish(self) -> Image.Image:
        return self.image.resize((self.width, self.height), Image.Resampling.LANCZOS)


def check_glyphs(text: str) -> None:
    """The bundled font has no en dash, bullet or curly quotes: keep drawn text ASCII."""
    bad = sorted({ch for ch in text if not (" " <= ch <= "~")})
    if bad:
        raise ValueError(f"text {text!r} has characters the bundled font lacks: {bad}")


def save_png(image: Image.Image, relative: str) -> Path:
    path = CONTENT / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, format="PNG", optimize=True)
    if path.stat().st_size > PNG_MAX_BYTES:
        # Flat drawings survive a limited palette well; dithering off keeps it clean.
        small = image.quantize(colors=96, method=Image.Quantize.MEDIANCUT,
                               dither=Image.Dither.NONE)
        small.save(path, format="PNG", optimize=True)
    size = path.stat().st_size
    if size > PNG_MAX_BYTES:
        raise SystemExit(f"{path} is {size} bytes; the limit is {PNG_MAX_BYTES}")
    print(f"wrote {path.relative_to(ROOT)} ({image.width}x{image.height}, {size // 1024} KB)")
    return path


# ---------------------------------------------------------------------------
# Shared pieces


def header_band(c: Canvas, second_line: str | None = None, height: int = 96, colour=NAVY):
    """The office band across the top, with a small map-pin mark."""
    c.rect((0, 0, c.width, height), fill=colour)
    size = 34 if c.width >= 1000 else 18
    pin_r = height * 0.22
    map_pin(c, 40 + pin_r if c.width >= 1000 else 14 + pin_r, height * 0.44, pin_r, AMBER, colour)
    x = 40 + pin_r * 2 + 22 if c.width >= 1000 else 14 + pin_r * 2 + 12
    if second_line:
        c.text(x, height * 0.2, OFFICE, size, WHITE, bold=True)
        c.text(x, height * 0.2 + size * 1.3, second_line, round(size * 0.8), AMBER)
    else:
        c.text(x, height / 2, OFFICE, size, WHITE, bold=True, anchor="lm")


def map_pin(c: Canvas, cx, cy, r, colour, hole=WHITE):
    c.polygon([(cx - r * 0.86, cy + r * 0.5), (cx + r * 0.86, cy + r * 0.5), (cx, cy + r * 2.1)],
              colour)
    c.circle(cx, cy, r, fill=colour)
    c.circle(cx, cy, r * 0.42, fill=hole)


def speech_bubble(c: Canvas, x, y, w, h, colour, tail="left"):
    c.rect((x, y, x + w, y + h), fill=colour, radius=h * 0.28)
    tx = x + w * 0.22 if tail == "left" else x + w * 0.78
    c.polygon([(tx - 14, y + h - 2), (tx + 14, y + h - 2), (tx - 6 if tail == "left" else tx + 6,
                                                             y + h + 24)], colour)
    for i in range(3):
        c.circle(x + w / 2 + (i - 1) * h * 0.3, y + h / 2, h * 0.08, fill=WHITE)


def wave_band(c: Canvas, top, amplitude, wavelength, colour, phase=0.0):
    """A filled band of water from a sine line at ``top`` down to the bottom edge."""
    points = []
    for step in range(0, c.width + 11, 10):
        points.append((step, top + amplitude * math.sin(2 * math.pi * step / wavelength + phase)))
    points += [(c.width, c.height), (0, c.height)]
    c.polygon(points, colour)


def house(c: Canvas, x, y, w, wall=WHITE, roof=RED, door=NAVY):
    """A simple house; (x, y) is the top-left of the wall."""
    h = w * 0.75
    c.polygon([(x - w * 0.12, y), (x + w / 2, y - w * 0.5), (x + w * 1.12, y)], roof)
    c.rect((x, y, x + w, y + h), fill=wall)
    c.rect((x + w * 0.4, y + h * 0.45, x + w * 0.6, y + h), fill=door)
    c.rect((x + w * 0.1, y + h * 0.2, x + w * 0.3, y + h * 0.42), fill=SKY)
    c.rect((x + w * 0.7, y + h * 0.2, x + w * 0.9, y + h * 0.42), fill=SKY)


def syringe(c: Canvas, x, y, length, colour=GREEN):
    """A horizontal syringe made of rectangles, needle pointing right; (x, y) is its left
    end at the centre line."""
    barrel_h = length * 0.16
    c.rect((x, y - barrel_h * 0.9, x + length * 0.04, y + barrel_h * 0.9), fill=colour, radius=4)
    c.rect((x + length * 0.04, y - barrel_h * 0.12, x + length * 0.2, y + barrel_h * 0.12),
           fill=colour)
    bx0, bx1 = x + length * 0.2, x + length * 0.76
    c.rect((bx0, y - barrel_h / 2, bx1, y + barrel_h / 2), fill=WHITE, outline=colour, width=5,
           radius=6)
    c.rect((bx0 + length * 0.18, y - barrel_h / 2 + 7, bx1 - 6, y + barrel_h / 2 - 7),
           fill=WATER_LIGHT)
    for i in range(1, 6):
        tick = bx0 + (bx1 - bx0) * i / 6
        c.rect((tick - 1.5, y - barrel_h / 2, tick + 1.5, y - barrel_h / 6), fill=colour)
    c.rect((bx0 - 8, y - barrel_h * 0.75, bx0, y + barrel_h * 0.75), fill=colour)
    c.rect((bx1, y - barrel_h * 0.18, bx1 + length * 0.06, y + barrel_h * 0.18), fill=colour)
    c.rect((bx1 + length * 0.06, y - 2.5, x + length, y + 2.5), fill=GREY)


def calendar(c: Canvas, x, y, w, month, big, small):
    h = w * 0.92
    c.rect((x + 8, y + 10, x + w + 8, y + h + 10), fill=LIGHT_GREY, radius=18)
    c.rect((x, y, x + w, y + h), fill=WHITE, radius=18, outline=LIGHT_GREY, width=2)
    c.rect((x, y, x + w, y + h * 0.26), fill=RED, radius=18)
    c.rect((x, y + h * 0.14, x + w, y + h * 0.26), fill=RED)
    for ring in (0.28, 0.72):
        c.rect((x + w * ring - 7, y - 18, x + w * ring + 7, y + 22), fill=INK, radius=7)
    c.text(x + w / 2, y + h * 0.13, month, round(w * 0.12), WHITE, bold=True, anchor="mm")
    c.text(x + w / 2, y + h * 0.55, big, round(w * 0.2), INK, bold=True, anchor="mm")
    c.text(x + w / 2, y + h * 0.8, small, round(w * 0.085), GREY, anchor="mm")


def split_layout_text(c: Canvas, title, lines, title_colour=NAVY, text_colour=INK, x=60,
                      width=560, top=150, title_size=64):
    """Title and a few lines of text in the left half; returns the y below them."""
    y = c.paragraph(x, top, title, title_size, title_colour, width, bold=True, leading=1.18)
    y += 18
    c.rect((x, y, x + 90, y + 8), fill=AMBER)
    y += 40
    for size, colour, text in lines:
        y = c.paragraph(x, y, text, size, colour or text_colour, width) + 14
    return y


# ---------------------------------------------------------------------------
# The illustrations (1200x800)


def draw_kolaborasi() -> Image.Image:
    c = Canvas(1200, 800, PAPER)
    header_band(c)
    split_layout_text(c, "Kolaborasi, bukan intervensi", [
        (32, None, "Pertemuan admin grup media sosial dan pemengaruh lokal, Juni 2020"),
    ])
    cx, cy = 905, 470
    bubbles = [
        (690, 170, (59, 89, 152)), (930, 150, GREEN), (1010, 400, AMBER),
        (930, 640, TEAL), (650, 620, (142, 68, 173)),
    ]
    for bx, by, colour in bubbles:
        c.line([(cx, cy), (bx + 75, by + 45)], LIGHT_GREY, 6)
    c.circle(cx, cy, 120, fill=WHITE, outline=LIGHT_GREY, width=4)
    map_pin(c, cx, cy - 38, 46, RED)
    c.text(cx, cy + 72, "Karawang", 30, NAVY, bold=True, anchor="mm")
    for i, (bx, by, colour) in enumerate(bubbles):
        speech_bubble(c, bx, by, 150, 90, colour, tail="left" if i % 2 else "right")
    return c.finish()


def draw_pasar() -> Image.Image:
    c = Canvas(1200, 800, PAPER)
    header_band(c)
    split_layout_text(c, "Pasar Sehat, Ekonomi Bergerak", [
        (32, None, "Adaptasi kebiasaan baru di pasar tradisional"),
    ])
    # Ground and one-way arrows.
    c.rect((600, 640, 1200, 800), fill=LIGHT_GREY)
    for ax in (660, 820, 980):
        c.rect((ax, 712, ax + 70, 728), fill=AMBER)
        c.polygon([(ax + 70, 700), (ax + 110, 720), (ax + 70, 740)], AMBER)
    # Stall: posts, striped awning with a scalloped edge, table, produce.
    x0, x1, top = 640, 1010, 250
    c.rect((x0 + 20, top, x0 + 36, 650), fill=NAVY)
    c.rect((x1 - 36, top, x1 - 20, 650), fill=NAVY)
    stripes = 8
    sw = (x1 - x0) / stripes
    for i in range(stripes):
        colour = RED if i % 2 == 0 else WHITE
        c.polygon([(x0 + i * sw + 10, top - 80), (x0 + (i + 1) * sw - 10, top - 80),
                   (x0 + (i + 1) * sw, top + 20), (x0 + i * sw, top + 20)], colour)
        c.ellipse((x0 + i * sw, top, x0 + (i + 1) * sw, top + 40), fill=colour)
    c.rect((x0 - 10, 480, x1 + 10, 510), fill=(150, 96, 52))
    c.rect((x0 + 10, 510, x1 - 10, 640), fill=(186, 124, 70))
    produce = [(RED, 700), (AMBER, 760), (GREEN, 820), (RED, 880), (AMBER, 940)]
    for colour, px in produce:
        for k in range(3):
            c.circle(px + (k - 1) * 16, 462 - (k % 2) * 12, 18, fill=colour)
    # Hand-washing station: tank, tap, basin.
    c.rect((1050, 380, 1150, 520), fill=WATER, radius=14)
    c.rect((1030, 520, 1170, 545), fill=GREY, radius=6)
    c.rect((1090, 545, 1110, 650), fill=GREY)
    c.rect((1035, 470, 1060, 485), fill=GREY)
    c.rect((1035, 470, 1045, 505), fill=GREY)
    c.circle(1100, 420, 18, fill=WHITE)
    c.text(1100, 420, "+", 30, WATER, bold=True, anchor="mm")
    return c.finish()


def handwash(c: Canvas, x, y, k=1.0, t=0.0, bubbles=True):
    """A tap over two soapy hands; (x, y) is the top-left of the drawing, which is about
    300*k wide and 320*k high. ``t`` in seconds moves the hands and the bubbles."""
    def X(v):
        return x + v * k

    def Y(v):
        return y + v * k
    # Tap.
    c.rect((X(20), Y(0), X(170), Y(34)), fill=GREY, radius=12 * k)
    c.rect((X(140), Y(0), X(172), Y(80)), fill=GREY, radius=10 * k)
    c.rect((X(60), Y(-22), X(100), Y(2)), fill=GREY, radius=6 * k)
    # Water.
    c.rect((X(146), Y(80), X(166), Y(170)), fill=WATER_LIGHT, radius=8 * k)
    # Hands, rubbing.
    shift = 12 * math.sin(t * 2 * math.pi * 1.2)
    for side, dx in ((-1, -shift), (1, shift)):
        hx = X(156 + side * 40 + dx)
        c.rect((hx - 46 * k, Y(150), hx + 46 * k, Y(290)), fill=SKIN if side < 0 else SKIN_DARK,
               radius=40 * k)
        c.rect((hx + side * 30 * k - 14 * k, Y(170), hx + side * 30 * k + 14 * k, Y(240)),
               fill=SKIN_DARK if side < 0 else SKIN, radius=14 * k)
        c.rect((hx - 30 * k, Y(280), hx + 30 * k, Y(330)), fill=(52, 73, 94), radius=10 * k)
    if bubbles:
        for i in range(9):
            phase = (t * 0.35 + i / 9) % 1.0
            bx = X(60 + (i * 37) % 200 + 10 * math.sin(t * 3 + i))
            by = Y(260 - phase * 230)
            r = (8 + (i * 5) % 14) * k
            c.circle(bx, by, r, fill=(235, 245, 252), outline=WATER_LIGHT, width=2)


def draw_cuci_tangan_sampul() -> Image.Image:
    c = Canvas(1200, 800, PAPER)
    header_band(c)
    split_layout_text(c, "Enam Langkah Cuci Tangan Pakai Sabun", [
        (32, None, "Video, 16 detik"),
    ])
    c.circle(890, 470, 250, fill=SKY)
    handwash(c, 735, 300, k=1.1, t=0.1)
    c.circle(160, 640, 56, fill=RED)
    c.polygon([(142, 610), (142, 670), (192, 640)], WHITE)
    return c.finish()


def draw_banjir() -> Image.Image:
    c = Canvas(1200, 800, RED)
    header_band(c)
    split_layout_text(c, "Siaga Banjir Citarum", [
        (40, AMBER, "Segera mengungsi"),
        (30, WHITE, "Rengasdengklok, Batujaya, Pakisjaya"),
    ], title_colour=WHITE, text_colour=WHITE)
    c.circle(900, 420, 230, fill=(204, 78, 62))
    house(c, 800, 400, 200)
    map_pin(c, 1060, 250, 36, AMBER, RED)
    wave_band(c, 520, 16, 220, WATER)
    wave_band(c, 590, 14, 180, WATER_LIGHT, phase=1.3)
    wave_band(c, 680, 12, 260, WATER, phase=2.1)
    return c.finish()


def draw_vaksin_lansia() -> Image.Image:
    c = Canvas(1200, 800, PAPER)
    header_band(c)
    split_layout_text(c, "Vaksinasi Lansia", [
        (34, NAVY, "Kecamatan Telagasari"),
        (34, NAVY, "10-20 Maret 2021"),
        (32, GREEN, "Gratis, bawa KTP-el"),
    ])
    calendar(c, 700, 170, 330, "MARET", "10-20", "2021")
    syringe(c, 640, 640, 500)
    return c.finish()


def draw_lonjakan() -> Image.Image:
    c = Canvas(1200, 800, DARK_RED)
    header_band(c)
    split_layout_text(c, "Lonjakan Kasus COVID-19", [
        (36, WHITE, "Tetap di rumah bila tidak mendesak"),
        (34, AMBER, "Call Center 112"),
    ], title_colour=WHITE, text_colour=WHITE)
    base, left = 690, 660
    c.rect((left - 10, base, 1150, base + 6), fill=WHITE)
    heights = [40, 55, 60, 90, 130, 200, 290, 400]
    for i, h in enumerate(heights):
        bx = left + i * 58
        c.rect((bx, base - h, bx + 42, base), fill=AMBER if i >= 5 else (236, 200, 150), radius=4)
    c.line([(left + 21, base - 60), (left + 21 + 5 * 58, base - 220),
            (left + 21 + 7 * 58, base - 440)], WHITE, 6)
    c.polygon([(left + 21 + 7 * 58 - 22, base - 420), (left + 21 + 7 * 58 + 18, base - 470),
               (left + 21 + 7 * 58 + 22, base - 412)], WHITE)
    house(c, 690, 220, 120, wall=WHITE, roof=AMBER, door=DARK_RED)
    return c.finish()


# ---------------------------------------------------------------------------
# The infographic posters (1080x1350). Their text is repeated, line for line, in the
# ``transcript`` of the bulletin that shows them.

POSTER_ISOLASI_MANDIRI = {
    "file": "images/2020/infografis-isolasi-mandiri.png",
    "date_line": "Infografis, 1 September 2020",
    "title": "Panduan Isolasi Mandiri di Rumah",
    "lead": "Untuk warga positif COVID-19 tanpa gejala atau bergejala ringan, "
            "atas arahan puskesmas.",
    "steps_title": "Tujuh langkah isolasi mandiri",
    "steps": [
        "Tinggal di kamar terpisah dan tutup pintunya.",
        "Pakai masker bila dekat anggota keluarga.",
        "Pakai alat makan, handuk dan alat mandi sendiri.",
        "Buka jendela setiap pagi agar udara berganti.",
        "Ukur suhu tubuh dua kali sehari dan catat.",
        "Cuci tangan pakai sabun sesering mungkin.",
        "Laporkan kondisi harian kepada puskesmas.",
    ],
    "alert_title": "Segera hubungi puskesmas atau 112 bila:",
    "alert": [
        "Sesak napas atau napas terasa berat",
        "Demam tinggi lebih dari tiga hari",
        "Nyeri dada",
        "Bibir atau wajah kebiruan",
    ],
    "note_title": "Lama isolasi",
    "note": [
        "Tanpa gejala: 10 hari sejak tes positif.",
        "Bergejala ringan: 10 hari sejak gejala muncul, ditambah 3 hari bebas gejala.",
    ],
    "footer": ("Call Center 112", "Kode verifikasi KRW-200901-01"),
}

POSTER_VAKSINASI_LANSIA = {
    "file": "images/2021/infografis-alur-vaksinasi-lansia.png",
    "date_line": "Infografis, 8 Maret 2021",
    "title": "Alur Vaksinasi COVID-19 bagi Lansia",
    "lead": "Untuk warga berusia 60 tahun ke atas. Gratis.",
    "steps_title": "Langkah demi langkah",
    "steps": [
        ("Daftar.", "Lewat kader posyandu, ketua RT atau puskesmas."),
        ("Registrasi.", "Tunjukkan KTP-el di meja pendaftaran."),
        ("Skrining.", "Cek tekanan darah dan riwayat penyakit."),
        ("Vaksinasi.", "Vaksin disuntikkan di lengan atas."),
        ("Observasi.", "Tunggu 30 menit sebelum pulang."),
        ("Dosis kedua.", "Kembali 28 hari kemudian sesuai kartu vaksinasi."),
    ],
    "bring_title": "Yang perlu dibawa",
    "bring": ["KTP-el", "Daftar obat yang rutin diminum", "Pendamping dari keluarga"],
    "sick_title": "Sedang sakit atau demam?",
    "sick": "Tunda dulu, daftar ulang setelah sembuh.",
    "footer": ("Call Center 112", "Kode verifikasi KRW-210308-02"),
}


def poster_top(c: Canvas, poster) -> float:
    header_band(c, poster["date_line"], height=140)
    # The largest title size that keeps the title on one line, else wrap at the largest.
    size = next((s for s in (60, 56, 52) if c.text_width(poster["title"], s, True) <= 960), 60)
    y = c.paragraph(60, 178, poster["title"], size, NAVY, 960, bold=True, leading=1.16)
    y += 6
    y = c.paragraph(60, y, poster["lead"], 29, INK, 960)
    return y + 22


def poster_footer(c: Canvas, poster, content_bottom):
    if content_bottom > c.height - 84 - 12:
        raise SystemExit(f"{poster['file']}: the text runs into the footer "
                         f"(ends at y={content_bottom:.0f}); shorten it")
    c.rect((0, c.height - 84, c.width, c.height), fill=NAVY)
    left, right = poster["footer"]
    c.text(60, c.height - 42, left, 30, WHITE, bold=True, anchor="lm")
    c.text(c.width - 60, c.height - 42, right, 28, AMBER, bold=True, anchor="rm")


def bullet_list(c: Canvas, x, y, items, size, colour, width, dot=None):
    for item in items:
        c.circle(x + 8, y + size * 0.55, 7, fill=dot or colour)
        y = c.paragraph(x + 30, y, item, size, colour, width - 30) + 8
    return y


def draw_poster_isolasi_mandiri() -> Image.Image:
    p = POSTER_ISOLASI_MANDIRI
    c = Canvas(1080, 1350, PAPER)
    y = poster_top(c, p)
    c.text(60, y, p["steps_title"], 34, TEAL, bold=True)
    y += 56
    for number, step in enumerate(p["steps"], start=1):
        c.circle(84, y + 20, 24, fill=TEAL)
        c.text(84, y + 20, str(number), 28, WHITE, bold=True, anchor="mm")
        y = max(c.paragraph(126, y + 2, step, 29, INK, 890), y + 48) + 6
    y += 14
    # The alert box: a red title band over an outlined box with the list in two columns.
    box_top = y
    c.rect((40, box_top, 1040, box_top + 62), fill=RED, radius=16)
    c.rect((40, box_top + 40, 1040, box_top + 62), fill=RED)
    c.text(70, box_top + 31, p["alert_title"], 31, WHITE, bold=True, anchor="lm")
    inner = box_top + 84
    half = (len(p["alert"]) + 1) // 2
    left_end = bullet_list(c, 70, inner, p["alert"][:half], 28, INK, 450, dot=RED)
    right_end = bullet_list(c, 560, inner, p["alert"][half:], 28, INK, 450, dot=RED)
    box_bottom = max(left_end, right_end) + 6
    c.rect((40, box_top + 62, 1040, box_bottom), outline=RED, width=4)
    y = box_bottom + 28
    c.text(60, y, p["note_title"], 34, TEAL, bold=True)
    y += 54
    y = bullet_list(c, 60, y, p["note"], 28, INK, 960, dot=TEAL)
    poster_footer(c, p, y)
    return c.finish()


def draw_poster_vaksinasi_lansia() -> Image.Image:
    p = POSTER_VAKSINASI_LANSIA
    c = Canvas(1080, 1350, PAPER)
    y = poster_top(c, p)
    c.text(60, y, p["steps_title"], 34, TEAL, bold=True)
    y += 56
    box_h, gap = 88, 12
    first_centre = y + box_h / 2
    last_centre = y + (len(p["steps"]) - 1) * (box_h + gap) + box_h / 2
    c.rect((93, first_centre, 101, last_centre), fill=TEAL)
    for number, (label, text) in enumerate(p["steps"], start=1):
        c.rect((150, y, 1020, y + box_h), fill=WHITE, outline=LIGHT_GREY, width=2, radius=16)
        c.circle(97, y + box_h / 2, 32, fill=TEAL)
        c.text(97, y + box_h / 2, str(number), 32, WHITE, bold=True, anchor="mm")
        c.text(178, y + 12, label, 30, NAVY, bold=True)
        c.text(178, y + 50, text, 27, INK)
        y += box_h + gap
    y += 12
    # Two boxes side by side, as tall as the longer of their contents.
    left_h = sum(len(c.wrap(item, 27, 440)) * 27 * 1.28 + 8 for item in p["bring"])
    right_h = len(c.wrap(p["sick"], 27, 390)) * 27 * 1.28
    bottom = y + 80 + max(left_h, right_h) + 18
    c.rect((40, y, 560, bottom), fill=WHITE, outline=TEAL, width=4, radius=18)
    c.text(70, y + 26, p["bring_title"], 31, TEAL, bold=True)
    bullet_list(c, 70, y + 80, p["bring"], 27, INK, 470, dot=TEAL)
    c.rect((590, y, 1040, bottom), fill=(253, 237, 236), outline=RED, width=4, radius=18)
    c.text(620, y + 26, p["sick_title"], 31, RED, bold=True)
    c.paragraph(620, y + 80, p["sick"], 27, INK, 390)
    poster_footer(c, p, bottom)
    return c.finish()


# ---------------------------------------------------------------------------
# The video: 640x360, 5 frames a second, 16 seconds of captioned cards.

VIDEO_FILE = "media/cuci-tangan.mp4"
VIDEO_FPS = 5
SECONDS_PER_CARD = 2
VIDEO_CARDS = [
    ("title", "Enam Langkah Cuci Tangan Pakai Sabun"),
    ("1", "Basahi tangan, beri sabun, gosok kedua telapak tangan."),
    ("2", "Gosok punggung tangan dan sela-sela jari."),
    ("3", "Gosok telapak tangan dan sela-sela jari."),
    ("4", "Gosok punggung jari dengan jari saling mengunci."),
    ("5", "Gosok ibu jari secara memutar."),
    ("6", "Gosok ujung jari di telapak tangan, lalu bilas dan keringkan."),
    ("end", "Cuci tangan 40-60 detik, di bawah air mengalir."),
]


def video_frame(index: int) -> Image.Image:
    total = len(VIDEO_CARDS) * SECONDS_PER_CARD * VIDEO_FPS
    t = index / VIDEO_FPS
    kind, caption = VIDEO_CARDS[index // (SECONDS_PER_CARD * VIDEO_FPS)]
    c = Canvas(640, 360, PAPER)
    header_band(c, height=40)
    c.circle(150, 215, 120, fill=SKY)
    handwash(c, 72, 92, k=0.5, t=t)
    x, width = 300, 310
    if kind == "title":
        c.paragraph(x, 90, caption, 32, NAVY, width, bold=True, leading=1.18)
        c.text(x, 270, "Hari Cuci Tangan Pakai Sabun Sedunia", 16, GREY)
    elif kind == "end":
        c.paragraph(x, 90, caption, 28, NAVY, width, bold=True, leading=1.2)
        c.text(x, 250, "Kode verifikasi KRW-201015-01", 18, TEAL, bold=True)
    else:
        c.circle(x + 28, 100, 28, fill=TEAL)
        c.text(x + 28, 100, kind, 32, WHITE, bold=True, anchor="mm")
        c.text(x + 70, 100, "Langkah " + kind + " dari 6", 18, GREY, anchor="lm")
        c.paragraph(x, 150, caption, 26, INK, width, leading=1.25)
    # Progress bar along the bottom.
    c.rect((0, 348, 640, 360), fill=LIGHT_GREY)
    c.rect((0, 348, 640 * (index + 1) / total, 360), fill=AMBER)
    return c.finish()


def make_video() -> None:
    try:
        import imageio_ffmpeg
    except ImportError:
        print(f"skipped {VIDEO_FILE}: imageio-ffmpeg is not installed "
              "(.venv/bin/pip install imageio-ffmpeg, only to make the video again)")
        return
    path = CONTENT / VIDEO_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    frames = len(VIDEO_CARDS) * SECONDS_PER_CARD * VIDEO_FPS
    command = [
        imageio_ffmpeg.get_ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-y",
        "-f", "rawvideo", "-pix_fmt", "rgb24", "-s", "640x360", "-r", str(VIDEO_FPS),
        "-i", "-",
        "-c:v", "libx264", "-profile:v", "main", "-pix_fmt", "yuv420p", "-preset", "slow",
        "-crf", "30", "-threads", "1", "-g", str(VIDEO_FPS * 4),
        "-movflags", "+faststart", "-map_metadata", "-1", "-fflags", "+bitexact",
        "-flags:v", "+bitexact", "-an", str(path),
    ]
    process = subprocess.Popen(command, stdin=subprocess.PIPE)
    for index in range(frames):
        process.stdin.write(video_frame(index).tobytes())
    process.stdin.close()
    if process.wait() != 0:
        raise SystemExit(f"ffmpeg failed making {path}")
    size = path.stat().st_size
    if size > VIDEO_MAX_BYTES:
        raise SystemExit(f"{path} is {size} bytes; the limit is {VIDEO_MAX_BYTES}")
    print(f"wrote {path.relative_to(ROOT)} (640x360, {frames / VIDEO_FPS:.0f} s, "
          f"{size // 1024} KB)")


IMAGES = {
    "images/2020/kolaborasi-admin-grup.png": draw_kolaborasi,
    "images/2020/pasar-akb.png": draw_pasar,
    "images/2020/cuci-tangan-sampul.png": draw_cuci_tangan_sampul,
    POSTER_ISOLASI_MANDIRI["file"]: draw_poster_isolasi_mandiri,
    "images/2021/siaga-banjir-citarum.png": draw_banjir,
    "images/2021/vaksin-lansia-telagasari.png": draw_vaksin_lansia,
    POSTER_VAKSINASI_LANSIA["file"]: draw_poster_vaksinasi_lansia,
    "images/2021/lonjakan-covid.png": draw_lonjakan,
}


def main() -> int:
    for relative, draw in IMAGES.items():
        save_png(draw(), relative)
    make_video()
    return 0


if __name__ == "__main__":
    sys.exit(main())
