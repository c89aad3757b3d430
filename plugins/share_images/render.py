"""Draw a `Card` in one of the four ratios: as a palette PNG (the Open Graph file), or as a
recorded list of drawing operations that the reader's browser replays on a canvas (the
other ratios, drawn only when someone asks to download them).

Both come from the same layout code: it draws on a `Canvas` (Pillow) or on a `Recording`,
which share ImageDraw's methods plus `qr` and `mark`. Pure: a card and a ratio name in, bytes
or operations out; nothing here reads settings or the clock, so a worker process gives the
same bytes as the main one.
"""

from __future__ import annotations

import io
import json
import os
from dataclasses import dataclass, replace
from functools import lru_cache
from types import MappingProxyType

from PIL import Image, ImageColor, ImageDraw

from warta.core.errors import StaffError

from .content import FONT_FILES, Card
from .marks import draw_emblem, draw_icon, draw_qr, paste_mark, qr_matrix
from .text import draw_text, fit_line, fit_title, font, length, line_step

BRAND = "#0b4f45"
BRAND_DARK = "#073a33"
TINT = "#e6f1ef"
INK = "#0b0c0c"
MUTED = "#4a5357"
ON_BRAND = "#cfe6e0"
RED = "#b3141e"
YELLOW = "#ffdd00"
HOAX = "#7a1650"
WHITE = "#ffffff"
CARD_COLOURS = tuple(ImageColor.getrgb(c) for c in (BRAND, BRAND_DARK, TINT, INK, MUTED, ON_BRAND, RED, YELLOW, HOAX,
                                                    WHITE, "#000000"))  # fmt: skip

# A palette PNG: flat colours and their anti-aliased edges fit in 256 entries, and the file
# is a quarter of the JPEG that kept text edges as crisp (docs/features.md, Share images).
# The palette is fixed rather than searched per card (fast octree was 6.5 ms of an 18 ms
# card, mapping to a fixed palette 1 ms): text is the only anti-aliased drawing (Pillow's
# rectangles, polygons, ellipses and lines are not), and Pillow blends it linearly from its
# ink to the ground under it, so every pixel of a card is a card colour or lies on the line
# between the two colours of one of these pairs. Keep the list in step with the layout code
# below (a test renders every kind of card and checks that each pixel stays close).
INKS = (
    (WHITE, BRAND), (ON_BRAND, BRAND), (BRAND, WHITE),  # header: name, office, emblem initials
    (WHITE, INK), (WHITE, MUTED), (WHITE, RED), (INK, YELLOW), (WHITE, HOAX),  # bands (`bands`)
    (BRAND_DARK, TINT), (INK, WHITE), (MUTED, WHITE), (BRAND_DARK, WHITE),  # chip, title, facts
    (MUTED, TINT), (INK, TINT),  # footer (and BRAND_DARK on TINT, the chip's pair)
)
# One palette entry every RAMP_STEP levels along each pair's line (of the channel that
# changes most): each edge pixel is at most ~14 levels off on a channel, against 15 for the
# octree palette, and the files are the same size (fewer distinct edge colours than that
# would save bytes, more would cost them: 20 levels gave 1 % more bytes for a tenth less
# error).
RAMP_STEP = 22
MARK_COLOURS = 128  # entries at most for the configured mark's own colours (the ramps take 117)
PNG_LEVEL = 6  # zlib: 5 % more bytes than `optimize` in an eighth of the time
SNAP = 4


class ShareImageTooLarge(StaffError):
    """A share image over the hard limit (WhatsApp refuses Open Graph images over 600 KB)."""

    def __init__(self, code: str, ratio: str, size: int, limit: int):
        super().__init__(f"share image {ratio} of {code} is {size} bytes, over the limit of {limit} "
                         f"bytes; simplify the mark (SHARE_IMAGES_MARK)")  # fmt: skip
        self.code, self.ratio, self.size, self.limit = code, ratio, size, limit

    def __reduce__(self):  # rebuilt with its arguments when raised in a worker process
        return type(self), (self.code, self.ratio, self.size, self.limit)


@dataclass(frozen=True)
class Ratio:
    name: str
    width: int
    height: int
    label: str
    budget: int  # bytes the file should stay within (a warning past it)
    limit: int | None  # bytes over which the build fails
    # Layout, in pixels. `safe_top`/`safe_bottom`: zones a story viewer covers with its own UI.
    margin: int
    header: int
    band: int
    footer: int
    qr: int
    title: tuple[int, int]  # largest and smallest title size
    text: int
    safe_top: int = 0
    safe_bottom: int = 0


RATIOS = MappingProxyType({
    ratio.name: ratio
    for ratio in (
        Ratio("og", 1200, 630, "Open Graph 1200×630", 300_000, 600_000,
              margin=48, header=92, band=58, footer=156, qr=148, title=(60, 30), text=24),
        Ratio("square", 1080, 1080, "Persegi 1080×1080", 500_000, None,
              margin=64, header=132, band=84, footer=236, qr=196, title=(84, 40), text=34),
        Ratio("portrait", 1080, 1350, "Potret 1080×1350", 500_000, None,
              margin=64, header=140, band=92, footer=260, qr=216, title=(92, 44), text=36),
        Ratio("story", 1080, 1920, "Story 1080×1920", 500_000, None,
              margin=72, header=148, band=100, footer=288, qr=236, title=(100, 48), text=38,
              safe_top=168, safe_bottom=200),
    )
})  # fmt: skip

FILE_RATIOS = ("og",)  # published as files; the others are drawn in the reader's browser
DRAWN_RATIOS = tuple(name for name in RATIOS if name not in FILE_RATIOS)
FONTS_FOLDER = "huruf"  # beside the layouts' assets: the fonts the browser draws with
MARK_NAME = "lambang.png"  # the configured mark, for the browser
TITLE_LINE = 1.16
BOLD = FONT_FILES["bold"]
REGULAR = FONT_FILES["regular"]


def bands(card: Card) -> list[tuple[str, str, str, str, str, str]]:
    """(background, ink, icon, label, detail, spoken) of each band under the header, top
    first; `spoken` is the band in words for the alt text."""
    out = []
    if card.state == "withdrawn":
        out.append((INK, WHITE, "cross", "DICABUT", "Buletin ini sudah tidak berlaku", "Dicabut"))
    elif card.state == "expired":
        out.append((MUTED, WHITE, "cross", "TIDAK BERLAKU LAGI", f"sejak {card.expires_text}",
                    f"Tidak berlaku lagi sejak {card.expires_text}"))  # fmt: skip
    elif card.urgency == "darurat":
        out.append((RED, WHITE, "alert", "DARURAT", "Segera baca dan ikuti arahan resmi", "Darurat"))
    elif card.urgency == "penting":
        out.append((YELLOW, INK, "alert", "PENTING", "Mohon diperhatikan", "Penting"))
    if card.hoax_rebuttal:
        out.append((HOAX, WHITE, "check", "KLARIFIKASI RESMI", "Kabar yang beredar TIDAK BENAR",
                    "Klarifikasi resmi: kabar yang beredar tidak benar"))  # fmt: skip
    return out


def alt_text(card: Card) -> str:
    """What the card says, for the `alt` of an <img> showing it."""
    parts = [band[-1] for band in bands(card)]
    parts += [f"{card.type_label}: {card.title}", card.date_text, card.areas_text]
    if card.expires_text and card.state == "current":
        parts.append(f"Berlaku sampai {card.expires_text}")
    parts.append(f"Kode verifikasi {card.code}, cek di {card.verify_hint}")
    return " · ".join(parts)


def _text(draw, xy, text, path, size, fill, anchor="ls") -> float:
    return draw_text(draw, xy, text, font(path, size), fill, anchor)


def _mark_side(r: Ratio) -> int:
    """The side of the square the header's mark (drawn emblem or configured PNG) fills."""
    return round(r.header * 0.64)


def _header(draw, names: tuple[str, str, str], r: Ratio, mark) -> int:
    site_name, office, mark_text = names
    bottom = r.safe_top + r.header
    draw.rectangle((0, 0, r.width, bottom), fill=BRAND)
    side = _mark_side(r)
    top = r.safe_top + (r.header - side) // 2
    if mark is None:
        draw_emblem(draw, (r.margin, top), side, mark_text, BOLD)
    else:
        draw.mark(mark, (r.margin, top), side)
    left = r.margin + side + round(side * 0.3)
    width = r.width - left - r.margin
    name_size, name = fit_line(site_name, width, BOLD, round(r.header * 0.3), 16)
    office_size, office = fit_line(office, width, REGULAR, round(r.header * 0.2), 12)
    block = name_size + round(office_size * 1.5)
    baseline = r.safe_top + (r.header - block) // 2 + name_size
    _text(draw, (left, baseline), name, BOLD, name_size, WHITE)
    _text(draw, (left, baseline + round(office_size * 1.5)), office, REGULAR, office_size, ON_BRAND)
    return bottom


def _band(draw, top: int, r: Ratio, band, height: int) -> int:
    fill, ink, icon, label, detail, _ = band
    draw.rectangle((0, top, r.width, top + height), fill=fill)
    size = round(r.band * 0.42)
    middle = top + height // 2
    draw_icon(draw, icon, (r.margin, middle - size // 2), size, ink, fill)
    left = r.margin + round(size * 1.45)
    used = _text(draw, (left, middle), label, BOLD, size, ink, "lm")
    room = r.width - r.margin - left - used - size
    if detail and room > size * 4:
        detail_size, detail = fit_line(detail, int(room), REGULAR, round(size * 0.74), max(12, size // 2))
        _text(draw, (left + used + size, middle), detail, REGULAR, detail_size, ink, "lm")
    return top + height


def _facts(card: Card) -> list[tuple[str, str]]:
    """(bold lead, text) lines under the title; the date and the area speak for themselves."""
    facts = [("", card.date_text)]
    if card.updated_text:
        facts.append(("Diperbarui ", card.updated_text))
    facts.append(("", card.areas_text))
    if card.expires_text and card.state == "current":
        facts.append(("Berlaku sampai ", card.expires_text))
    return facts


def _layout_title(card: Card, r: Ratio, room: int, facts: list) -> tuple[int, list[str], int]:
    fact_step = line_step(r.text, 1.45)
    size, lines = fit_title(card.title, (r.width - 2 * r.margin, room - len(facts) * fact_step), BOLD, *r.title,
                            line_height=TITLE_LINE)  # fmt: skip
    return size, lines, fact_step


def _body(draw, card: Card, r: Ratio, top: int, bottom: int) -> None:
    """Type chip, title and facts, centred as one block between header/bands and footer."""
    width = r.width - 2 * r.margin
    chip_size = round(r.text * 0.86)
    chip_h = round(chip_size * 1.9)
    gap = round(r.text * 0.9)
    room = bottom - top - 4 * gap - chip_h
    facts = _facts(card)
    size, lines, fact_step = _layout_title(card, r, room, facts)
    if " ".join(lines) != card.title and len(facts) > 1:
        # Short of room (two bands on the wide card): the facts share one line if that lets
        # the title keep all its words.
        compact = [("", " · ".join(f"{lead}{text}" for lead, text in facts))]
        retry = _layout_title(card, r, room, compact)
        if " ".join(retry[1]) == card.title:
            facts, (size, lines, fact_step) = compact, retry
    fitted = []
    for lead, text in facts:
        lead_w = length(font(BOLD, r.text), lead)
        fitted.append((lead, lead_w, *fit_line(text, int(width - lead_w), REGULAR, r.text, max(12, r.text * 3 // 4))))
    step = line_step(size, TITLE_LINE)
    block = chip_h + gap + len(lines) * step + gap + len(facts) * fact_step
    y = top + gap + max(0, (bottom - top - 2 * gap - block) // 2)
    chip_fill, chip_ink = (HOAX, WHITE) if card.hoax_rebuttal else (TINT, BRAND_DARK)
    label = card.type_label.upper()
    chip_w = length(font(BOLD, chip_size), label) + chip_size * 1.4
    draw.rectangle((r.margin, y, r.margin + chip_w, y + chip_h), fill=chip_fill)
    _text(draw, (r.margin + chip_size * 0.7, y + chip_h / 2), label, BOLD, chip_size, chip_ink, "lm")
    y += chip_h + gap
    title_ink = INK if card.state == "current" else MUTED  # no longer in force: dimmed under its band
    for line in lines:
        _text(draw, (r.margin, y + round(size * 0.95)), line, BOLD, size, title_ink)
        y += step
    y += gap
    for lead, lead_w, text_size, text in fitted:
        baseline = y + round(r.text * 1.05)
        _text(draw, (r.margin, baseline), lead, BOLD, r.text, BRAND_DARK)
        _text(draw, (r.margin + lead_w, baseline), text, REGULAR, text_size, MUTED if not lead else INK)
        y += fact_step


def _footer(draw, card: Card, r: Ratio) -> int:
    """Verification code, where to check it, the source, and the QR code to the check page."""
    top = r.height - r.safe_bottom - r.footer
    rule = max(4, r.footer // 40)
    draw.rectangle((0, top, r.width, r.height), fill=TINT)
    draw.rectangle((0, top, r.width, top + rule), fill=BRAND)
    inner_top, inner = top + rule, r.footer - rule
    qr_left = r.width - r.margin - r.qr
    draw.qr(card.verify_url, (qr_left, inner_top + (inner - r.qr) // 2), r.qr)
    width = qr_left - r.margin - r.margin // 2
    label, small = round(r.text * 0.72), round(r.text * 0.8)
    lead = "Cek keaslian: "
    lead_w = length(font(REGULAR, small), lead)
    rows = [  # (space above the baseline, lead, text, bold?, largest size, colour)
        (1.0, "", "KODE VERIFIKASI", True, label, MUTED),
        (1.1, "", card.code, True, round(r.text * 1.7), BRAND_DARK),
        (1.7, lead, card.verify_hint, True, small, INK),
        (1.6, "", f"Sumber resmi: {card.domain}", False, small, MUTED),
    ]
    fitted = [fit_line(text, int(width - (lead_w if lead else 0)), BOLD if bold else REGULAR, size, 10)
              for _, lead, text, bold, size, _ in rows]  # fmt: skip
    height = sum(round(above * size) for (above, *_), (size, _) in zip(rows, fitted)) + round(small * 0.3)
    y = inner_top + (inner - height) // 2
    for (above, lead, _, bold, _, colour), (size, text) in zip(rows, fitted):
        y += round(above * size)
        x = r.margin
        if lead:
            x += _text(draw, (x, y), lead, REGULAR, size, INK)
        _text(draw, (x, y), text, BOLD if bold else REGULAR, size, colour)
    return top


class Canvas(ImageDraw.ImageDraw):
    """Pillow's drawing on an RGB image, plus the two things the layout pastes."""

    def __init__(self, image: Image.Image):
        super().__init__(image)
        self.image = image

    def qr(self, data: str, xy: tuple[int, int], side: int) -> None:
        draw_qr(self.image, data, xy, side)

    def mark(self, png: bytes, xy: tuple[int, int], side: int) -> None:
        paste_mark(self.image, png, xy, side)


def _number(value: float) -> float | int:
    value = round(float(value), 2)
    return int(value) if value.is_integer() else value


class Recording:
    """The same drawing calls as `Canvas`, kept as operations for the browser's canvas
    (static/js/kartu.js replays them). Text is kept run by run at its left baseline, with the
    font file it was measured in, so the browser needs no layout of its own."""

    def __init__(self, width: int, height: int, fonts: list[str]):
        self.width, self.height = width, height
        self.fonts = fonts  # font file names, indexed by the text operations (shared by ratios)
        self.ops: list[list] = []
        self.offset = (0, 0)

    def _xy(self, values) -> list:
        flat = [c for point in values for c in point] if values and isinstance(values[0], (tuple, list)) else values
        return [_number(c + self.offset[i % 2]) for i, c in enumerate(flat)]

    def rectangle(self, box, fill=None) -> None:
        self.ops.append(["r", *self._xy(box), fill])

    def ellipse(self, box, fill=None) -> None:
        self.ops.append(["e", *self._xy(box), fill])

    def polygon(self, points, fill=None, outline=None, width=1) -> None:
        self.ops.append(["p", self._xy(points), fill, outline, width])

    def line(self, points, fill=None, width=1, joint=None) -> None:
        self.ops.append(["l", self._xy(points), fill, width, joint])

    def text(self, xy, text, font=None, fill=None, anchor="ls") -> None:
        x, y = xy
        if anchor != "ls":  # where the same ink lies when drawn from the left baseline
            moved, base = _boxes(font, text, anchor)
            x, y = x + moved[0] - base[0], y + moved[1] - base[1]
        name = getattr(font, "standard", None) or os.path.basename(font.path)  # a PDF standard font by its name
        if name not in self.fonts:
            self.fonts.append(name)
        self.ops.append(["t", *self._xy((x, y)), self.fonts.index(name), font.size, fill, text])

    def qr(self, data: str, xy: tuple[int, int], side: int) -> None:
        rows = ["".join(map(str, row)) for row in qr_matrix(data)]  # modules are 0 or 1
        self.ops.append(["q", *self._xy(xy), side, rows])

    def mark(self, png: bytes, xy: tuple[int, int], side: int) -> None:
        self.ops.append(["m", *self._xy(xy), side])

    def replay(self, ops: tuple, fonts: tuple[str, ...]) -> None:
        """Operations recorded elsewhere (at this offset) with their own list of `fonts`, as if
        drawn here: each text's font is looked up in this recording's list, added if new."""
        for op in ops:
            if op[0] == "t":
                name = fonts[op[3]]
                if name not in self.fonts:
                    self.fonts.append(name)
                op = [*op[:3], self.fonts.index(name), *op[4:]]
            self.ops.append(list(op))

    def layout(self) -> dict:
        return {"width": self.width, "height": self.height, "ops": self.ops}


@lru_cache(maxsize=4096)
def _boxes(font, text: str, anchor: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """The ink box of `text` drawn at `anchor` and at its left baseline: the same header,
    band and chip labels on every card (FreeType lays them out to answer)."""
    return font.getbbox(text, anchor=anchor), font.getbbox(text, anchor="ls")


def _head(draw, names: tuple[str, str, str], stacked: tuple, r: Ratio, mark: bytes | None) -> int:
    """The header and the bands under it; where they end."""
    y = _header(draw, names, r, mark)
    for band in stacked:
        y = _band(draw, y, r, band, r.band if len(stacked) < 2 else round(r.band * 0.8))
    return y


@lru_cache(maxsize=32)
def _recorded_head(r: Ratio, offset: tuple[int, int], names: tuple[str, str, str], stacked: tuple,
                   mark: bytes | None) -> tuple[tuple, tuple[str, ...], int]:  # fmt: skip
    """The header and bands recorded at `offset`, with the fonts they name, and where they
    end: like `_top`, the same for most cards of a ratio, so recorded once per process (they
    were two fifths of the layouts' time) and replayed into each card's recording."""
    recording = Recording(r.width, r.height, [])
    recording.offset = offset
    y = _head(recording, names, stacked, r, mark)
    return tuple(tuple(op) for op in recording.ops), tuple(recording.fonts), y


@lru_cache(maxsize=32)
def _top(r: Ratio, names: tuple[str, str, str], stacked: tuple, mark: bytes | None) -> tuple[Image.Image, int]:
    """A blank card with its header and bands drawn, and where they end. The same for most
    cards of a ratio, so it is drawn once per process and copied (the header text alone was
    a fifth of the render time)."""
    image = Image.new("RGB", (r.width, r.height), WHITE)
    return image, _head(Canvas(image), names, stacked, r, mark)


def _names(card: Card) -> tuple[str, str, str]:
    return card.site_name, card.office, card.mark_text


def _drawn(card: Card, r: Ratio, mark: bytes | None) -> Image.Image:
    top, y = _top(r, _names(card), tuple(bands(card)), mark)
    image = top.copy()
    draw = Canvas(image)
    _body(draw, card, r, y, _footer(draw, card, r))
    return image


def _edge(r: Ratio) -> int:
    return max(8, r.width // 90)


def _framed(r: Ratio) -> Ratio:
    """The ratio inside a hoax rebuttal's frame: the card is laid out within it, so nothing
    (the QR code least of all) runs under the frame."""
    edge = _edge(r)
    return replace(r, width=r.width - 2 * edge, height=r.height - 2 * edge,
                   safe_top=max(0, r.safe_top - edge), safe_bottom=max(0, r.safe_bottom - edge))  # fmt: skip


def render(card: Card, ratio: str, mark: bytes | None = None) -> Image.Image:
    """The card drawn at the ratio's exact size (RGB)."""
    r = RATIOS[ratio]
    if not card.hoax_rebuttal:
        return _drawn(card, r, mark)
    # A frame in the rebuttal colour: even a cropped thumbnail does not look like the hoax.
    content = _drawn(card, _framed(r), mark)
    image = Image.new("RGB", (r.width, r.height), HOAX)
    image.paste(content, (_edge(r), _edge(r)))
    return image


def record(card: Card, ratio: str, mark: bytes | None, fonts: list[str]) -> dict:
    """The card's drawing operations at the ratio's size, for the browser: the same layout
    as `render`, as JSON-ready data. Font file names are added to `fonts`."""
    r = RATIOS[ratio]
    recording = Recording(r.width, r.height, fonts)
    if card.hoax_rebuttal:
        recording.rectangle((0, 0, r.width - 1, r.height - 1), fill=HOAX)
        recording.offset = (_edge(r), _edge(r))
        r = _framed(r)
    recording.rectangle((0, 0, r.width - 1, r.height - 1), fill=WHITE)
    ops, fonts, y = _recorded_head(r, recording.offset, _names(card), tuple(bands(card)), mark)
    recording.replay(ops, fonts)
    _body(recording, card, r, y, _footer(recording, card, r))
    return recording.layout()


def layouts(card: Card, mark: bytes | None, assets: str) -> bytes:
    """The layout file of the ratios drawn in the browser: their operations, and the URLs of
    the fonts and the mark they draw with (`assets` is the URL of the folder holding them)."""
    fonts: list[str] = []
    cards = {ratio: record(card, ratio, mark, fonts) for ratio in DRAWN_RATIOS}
    found = {"fonts": [f"{assets}{FONTS_FOLDER}/{name}" for name in fonts],
             "mark": f"{assets}{MARK_NAME}" if mark else None, "cards": cards}  # fmt: skip
    return json.dumps(found, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


@lru_cache(maxsize=1)
def _snaps() -> dict[tuple[int, int, int], tuple[int, int, int]]:
    """Every colour within SNAP of a card colour (on each channel), mapped to that colour."""
    near = range(-SNAP, SNAP + 1)
    # Reversed, so that where two colours' neighbourhoods meet the earlier colour wins.
    return {(red + dr, green + dg, blue + db): (red, green, blue) for red, green, blue in reversed(CARD_COLOURS)
            for dr in near for dg in near for db in near}  # fmt: skip


def _ramps() -> list[tuple[int, int, int]]:
    """The colours between each pair of INKS, RAMP_STEP levels apart, each once."""
    out: dict[tuple[int, int, int], None] = {}
    for ink, ground in INKS:
        a, b = ImageColor.getrgb(ink), ImageColor.getrgb(ground)
        steps = -(-max(abs(x - y) for x, y in zip(a, b)) // RAMP_STEP)  # intervals, rounded up
        for step in range(1, steps):
            out[tuple(round(x + (y - x) * step / steps) for x, y in zip(a, b))] = None
    return list(out)


def _mark_colours(mark: bytes, side: int) -> list[tuple[int, int, int]]:
    """The configured mark's own colours as the header shows it (on the brand colour, at
    `side`): all of them if there are at most MARK_COLOURS, else a fast octree palette of
    them. Most used first; those within SNAP of a card colour are that colour."""
    square = Image.new("RGB", (side, side), BRAND)
    paste_mark(square, mark, (0, 0), side)
    found = square.getcolors(MARK_COLOURS)
    if found is None:
        reduced = square.quantize(MARK_COLOURS, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
        found = reduced.convert("RGB").getcolors(MARK_COLOURS)
    snaps = _snaps()
    return [colour for _, colour in sorted(found, key=lambda item: (-item[0], item[1])) if colour not in snaps]


@lru_cache(maxsize=8)
def _palette(mark: bytes | None, side: int) -> Image.Image:
    """The fixed palette of the cards (as a 1x1 palette image, for `quantize`): the card
    colours first, the ramps of INKS, then the configured mark's colours at `side`. Made
    once per process and mark; Pillow keeps its colour look-up cache in it between cards.

    Card colours stay exact: a card colour's pixels must map to its own entry, which Pillow
    does not promise (it matches the corner of the pixel's 4x4x4 cell), so the card colours
    are mapped once here, and any entry that takes one of them is left out."""
    entries = list(dict.fromkeys([*CARD_COLOURS, *_ramps(), *(_mark_colours(mark, side) if mark else ())]))
    entries = entries[:256]
    probe = Image.new("RGB", (len(CARD_COLOURS), 1))
    probe.putdata(CARD_COLOURS)
    while True:
        palette = Image.new("P", (1, 1))
        palette.putpalette([channel for colour in entries for channel in colour])
        mapped = probe.quantize(palette=palette, dither=Image.Dither.NONE).tobytes()
        taken = {got for wanted, got in enumerate(mapped) if got != wanted}  # never a card colour: they lie far apart
        if not taken:
            return palette
        entries = [colour for index, colour in enumerate(entries) if index not in taken]


def encode(image: Image.Image, mark: bytes | None = None, side: int = 0) -> bytes:
    """A palette PNG of a card: each pixel mapped to the nearest entry of the fixed palette
    (`_palette`; `mark` and `side`: the configured mark and the side it is drawn at), no
    dithering, no metadata, fixed settings, so the same pixels give the same bytes."""
    buffer = io.BytesIO()
    quantized = image.quantize(palette=_palette(mark, side), dither=Image.Dither.NONE)
    quantized.save(buffer, "PNG", compress_level=PNG_LEVEL)
    return buffer.getvalue()


def render_png(card: Card, ratio: str, mark: bytes | None = None) -> bytes:
    """One card at one ratio as PNG bytes. Past the ratio's hard limit the build fails (the
    caller warns past its budget)."""
    r = RATIOS[ratio]
    data = encode(render(card, ratio, mark), mark, _mark_side(r))
    if r.limit is not None and len(data) > r.limit:
        raise ShareImageTooLarge(card.code, ratio, len(data), r.limit)
    return data


def render_files(card: Card, mark: bytes | None, assets: str) -> tuple[dict[str, bytes], bytes]:
    """The unit of work for a worker process: the PNG of each ratio published as a file, and
    the layout file of the others."""
    return {ratio: render_png(card, ratio, mark) for ratio in FILE_RATIOS}, layouts(card, mark, assets)
