"""Draw a `Card` in one of the four ratios and encode it as a JPEG within its byte budget.

Pure: a card and a ratio name in, bytes out; nothing here reads settings or the clock, so a
worker process gives the same bytes as the main one.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, replace
from functools import lru_cache
from types import MappingProxyType

from PIL import Image, ImageDraw

from warta.core.errors import StaffError

from .content import FONT_FILES, Card
from .marks import draw_emblem, draw_icon, draw_qr, paste_mark
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

# JPEG: fixed settings, no EXIF or other metadata. Quality steps down until the budget holds.
QUALITIES = (90, 85, 80, 75, 70, 65, 60, 55, 50, 45, 40)
SUBSAMPLING = 0  # 4:4:4 keeps coloured text edges crisp


class ShareImageTooLarge(StaffError):
    """A share image stays over the hard limit (WhatsApp refuses Open Graph images over 600 KB)."""

    def __init__(self, code: str, ratio: str, size: int, limit: int):
        super().__init__(f"share image {ratio} of {code} is {size} bytes even at JPEG quality "
                         f"{QUALITIES[-1]}, over the limit of {limit} bytes; shorten the title "
                         f"or simplify the mark (SHARE_IMAGES_MARK)")  # fmt: skip
        self.code, self.ratio, self.size, self.limit = code, ratio, size, limit

    def __reduce__(self):  # rebuilt with its arguments when raised in a worker process
        return type(self), (self.code, self.ratio, self.size, self.limit)


@dataclass(frozen=True)
class Ratio:
    name: str
    width: int
    height: int
    label: str
    budget: int  # bytes the JPEG should stay within
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


def _header(draw, image, names: tuple[str, str, str], r: Ratio, mark) -> int:
    site_name, office, mark_text = names
    bottom = r.safe_top + r.header
    draw.rectangle((0, 0, r.width, bottom), fill=BRAND)
    side = round(r.header * 0.64)
    top = r.safe_top + (r.header - side) // 2
    if mark is None:
        draw_emblem(draw, (r.margin, top), side, mark_text, BOLD)
    else:
        paste_mark(image, mark, (r.margin, top), side)
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


def _footer(draw, image, card: Card, r: Ratio) -> int:
    """Verification code, where to check it, the source, and the QR code to the check page."""
    top = r.height - r.safe_bottom - r.footer
    rule = max(4, r.footer // 40)
    draw.rectangle((0, top, r.width, r.height), fill=TINT)
    draw.rectangle((0, top, r.width, top + rule), fill=BRAND)
    inner_top, inner = top + rule, r.footer - rule
    qr_left = r.width - r.margin - r.qr
    draw_qr(image, card.verify_url, (qr_left, inner_top + (inner - r.qr) // 2), r.qr)
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


@lru_cache(maxsize=32)
def _top(r: Ratio, site_name: str, office: str, mark_text: str, mark: bytes | None,
         stacked: tuple) -> tuple[Image.Image, int]:  # fmt: skip
    """A blank card with its header and bands drawn, and where they end. The same for most
    cards of a ratio, so it is drawn once per process and copied (the header text alone was
    a fifth of the render time)."""
    image = Image.new("RGB", (r.width, r.height), WHITE)
    draw = ImageDraw.Draw(image)
    y = _header(draw, image, (site_name, office, mark_text), r, mark)
    for band in stacked:
        y = _band(draw, y, r, band, r.band if len(stacked) < 2 else round(r.band * 0.8))
    return image, y


def _drawn(card: Card, r: Ratio, mark: bytes | None) -> Image.Image:
    top, y = _top(r, card.site_name, card.office, card.mark_text, mark, tuple(bands(card)))
    image = top.copy()
    draw = ImageDraw.Draw(image)
    _body(draw, card, r, y, _footer(draw, image, card, r))
    return image


def render(card: Card, ratio: str, mark: bytes | None = None) -> Image.Image:
    """The card drawn at the ratio's exact size (RGB)."""
    r = RATIOS[ratio]
    if not card.hoax_rebuttal:
        return _drawn(card, r, mark)
    # A frame in the rebuttal colour: even a cropped thumbnail does not look like the hoax.
    # The card is laid out inside it, so nothing (the QR code least of all) runs under it.
    edge = max(8, r.width // 90)
    inner = replace(r, width=r.width - 2 * edge, height=r.height - 2 * edge,
                    safe_top=max(0, r.safe_top - edge), safe_bottom=max(0, r.safe_bottom - edge))  # fmt: skip
    content = _drawn(card, inner, mark)
    image = Image.new("RGB", (r.width, r.height), HOAX)
    image.paste(content, (edge, edge))
    return image


def encode(image: Image.Image, quality: int) -> bytes:
    buffer = io.BytesIO()
    # Baseline, not progressive: progressive scans took half the render time for ~8% fewer bytes.
    image.save(buffer, "JPEG", quality=quality, subsampling=SUBSAMPLING, optimize=True, progressive=False)
    return buffer.getvalue()


def encode_within_budget(image: Image.Image, r: Ratio, code: str) -> bytes:
    """The best quality step within the ratio's budget (the caller warns when none is); past
    the hard limit the build fails."""
    for quality in QUALITIES:
        data = encode(image, quality)
        if len(data) <= r.budget:
            return data
    if r.limit is not None and len(data) > r.limit:
        raise ShareImageTooLarge(code, r.name, len(data), r.limit)
    return data


def render_jpeg(card: Card, ratio: str, mark: bytes | None = None) -> bytes:
    """The unit of work for a worker process: one card, one ratio, JPEG bytes."""
    return encode_within_budget(render(card, ratio, mark), RATIOS[ratio], card.code)
