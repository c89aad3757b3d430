"""The notice-board poster: an A4 page per bulletin for people without smartphones.

Black on white only (a photocopy or a cheap laser printer loses nothing): the office's mark
and name, the state and urgency bands the cards have (solid black for what must stop a
reader, outlined for the rest), the type, the title in type read from two metres, the key
facts, the summary, and the verification code beside a 6.8 cm QR code to the check page.

Laid out with the cards' helpers (fonts and fallbacks, title fitting, emblem, band icons,
QR matrix) on a 300 dpi A4 canvas, recorded as drawing operations (render.Recording) and
written as a vector PDF (pdf.py) in the PDF standard fonts, embedding none for the
characters they have. `poster_image` draws the same layout with Pillow, for a preview. Pure,
like render.py.
"""

from __future__ import annotations

from PIL import Image

from .content import Poster
from .marks import draw_emblem, draw_icon
from .pdf import A4, write_pdf
from .render import MUTED, YELLOW, Canvas, Recording, bands
from .text import draw_text, fit_line, fit_title, font, length, line_step, wrap

DPI = 300
WIDTH, HEIGHT = round(A4[0] / 72 * DPI), round(A4[1] / 72 * DPI)  # 2480 x 3508 layout pixels
MARGIN = 165  # 14 mm: inside any printer's unprintable edge
BLACK, WHITE = "#000000", "#ffffff"
# The PDF standard fonts (standard_fonts.py): a reader has them, so the PDF embeds a font only
# for a character WinAnsi lacks (from the card fonts, as their outlines).
BOLD, REGULAR = "Helvetica-Bold", "Helvetica"
RULE = 14
BORDER = 12  # the outline of an outlined band or chip
TITLE = (190, 100)  # 16 to 8.5 mm type: capitals 11.6 to 6 mm high, read from two metres
TITLE_LINE = 1.12
TEXT = 64  # facts: 5.4 mm type (15 pt)
FACTS_END = round(TEXT * 0.35)  # below the last fact's line
SUMMARY = 60
SUMMARY_LINE = 1.4
SUMMARY_KEPT = 4  # summary lines the title shrinks for
QR_SIDE = 800  # 6.8 cm
FOOTER = 940
FRAME = (80, 24)  # a hoax rebuttal's frame: its inset from the page edge and its thickness
BUDGET = 150_000  # bytes; a poster past it is published with a build warning


def _face(path, size: int):
    """The poster measures text as its PDF draws it (unhinted advance widths)."""
    return font(path, size, outline=True)


def _fit_line(text: str, width: int, path, max_size: int, min_size: int) -> tuple[int, str]:
    return fit_line(text, width, path, max_size, min_size, outline=True)


def _fit(text: str, box: tuple[int, int], path, max_size: int, min_size: int, line_height: float):
    return fit_title(text, box, path, max_size, min_size, line_height=line_height, outline=True)


def _text(draw, xy, text, path, size, fill, anchor="ls") -> float:
    return draw_text(draw, xy, text, _face(path, size), fill, anchor)


def _box(draw, box, solid: bool) -> str:
    """A black box, or a black outline on white; the ink to write on it."""
    draw.rectangle(box, fill=BLACK)
    if solid:
        return WHITE
    x0, y0, x1, y1 = box
    draw.rectangle((x0 + BORDER, y0 + BORDER, x1 - BORDER, y1 - BORDER), fill=WHITE)
    return BLACK


def _header(draw, poster: Poster, mark: bytes | None) -> int:
    card = poster.card
    side = 230
    if mark is None:
        draw_emblem(draw, (MARGIN, MARGIN), side, card.mark_text, BOLD, fill=BLACK, ink=WHITE)
    else:
        draw.mark(mark, (MARGIN, MARGIN), side)
    left = MARGIN + side + 60
    width = WIDTH - MARGIN - left
    name_size, name = _fit_line(card.site_name, width, BOLD, 112, 56)
    office_size, office = _fit_line(card.office, width, REGULAR, 64, 36)
    block = name_size + round(office_size * 1.6)
    baseline = MARGIN + (side - block) // 2 + name_size
    _text(draw, (left, baseline), name, BOLD, name_size, BLACK)
    _text(draw, (left, baseline + round(office_size * 1.6)), office, REGULAR, office_size, BLACK)
    rule = MARGIN + side + 50
    draw.rectangle((MARGIN, rule, WIDTH - MARGIN, rule + RULE), fill=BLACK)
    return rule + RULE


def _bands(draw, poster: Poster, top: int) -> int:
    """The cards' bands, in black and white: solid for withdrawn, darurat and hoax
    rebuttals, outlined for expired and penting. A withdrawn poster's band is the largest."""
    stacked = bands(poster.card)
    y = top
    for background, _, icon, label, detail, _ in stacked:
        y += 50
        if poster.card.state == "withdrawn":
            size, detail_size = 210, 72
        else:
            size, detail_size = (130, 62) if len(stacked) < 2 else (104, 54)
        pad = round(size * 0.3)
        height = pad + size + round(size * 0.3) + detail_size + pad
        ink = _box(draw, (MARGIN, y, WIDTH - MARGIN, y + height), solid=background not in (YELLOW, MUTED))
        ground = BLACK if ink == WHITE else WHITE
        icon_size = round(size * 0.8)
        left = MARGIN + pad
        baseline = y + pad + round(size * 0.86)
        draw_icon(draw, icon, (left, baseline - icon_size), icon_size, ink, ground)
        text_left = left + round(icon_size * 1.35)
        label_size, label = _fit_line(label, WIDTH - MARGIN - pad - text_left, BOLD, size, 48)
        _text(draw, (text_left, baseline), f"{label} ", BOLD, label_size, ink)
        detail_size, detail = _fit_line(detail, WIDTH - 2 * MARGIN - 2 * pad, REGULAR, detail_size, 36)
        _text(draw, (left, baseline + round(size * 0.3) + detail_size), detail, REGULAR, detail_size, ink)
        y += height
    return y


def _facts(poster: Poster) -> list[tuple[str, str]]:
    """(label, value) rows under the title: where, when, and until when."""
    card = poster.card
    rows = [("Wilayah", card.areas_text), ("Diterbitkan", card.date_text)]
    if card.updated_text:
        rows.append(("Diperbarui", card.updated_text))
    if card.expires_text and card.state == "current":
        rows.append(("Berlaku sampai", card.expires_text))
    elif card.expires_text and card.state == "expired":
        rows.append(("Tidak berlaku sejak", card.expires_text))
    return rows


def _fitted_facts(poster: Poster) -> tuple[int, list[tuple[str, int, list[str]]], int]:
    """The label column's width, each row's label with its value's size and lines (two at
    most), and the block's height."""
    rows = _facts(poster)
    column = max(length(_face(BOLD, TEXT), label) for label, _ in rows) + 50
    width = WIDTH - 2 * MARGIN - column
    step = line_step(TEXT, 1.5)
    fitted, height = [], 0
    for label, value in rows:
        size, lines = _fit(value, (width, 2 * line_step(TEXT, 1.2)), REGULAR, TEXT, 44, 1.2)
        fitted.append((label, size, lines))
        height += step + (len(lines) - 1) * line_step(size, 1.2)
    return column, fitted, height + FACTS_END + 8  # and the rules above and below


def _body(draw, poster: Poster, top: int, bottom: int) -> None:
    """Type, title, facts and as much of the summary as fits, from the top down."""
    card = poster.card
    width = WIDTH - 2 * MARGIN
    y = top + 70
    chip_size = 58
    chip_h = round(chip_size * 1.9)
    label = card.type_label.upper()
    chip_w = round(length(_face(BOLD, chip_size), label) + chip_size * 1.4) + 2 * BORDER
    ink = _box(draw, (MARGIN, y, MARGIN + chip_w, y + chip_h), solid=card.hoax_rebuttal)
    _text(draw, (MARGIN + chip_size * 0.7 + BORDER, y + chip_h / 2), label, BOLD, chip_size, ink, "lm")
    y += chip_h + 50

    column, facts, facts_h = _fitted_facts(poster)
    # The title gives way (down to its smallest size) to the first lines of the summary:
    # without a phone to scan the code, the summary is all a reader gets of the bulletin.
    summary_lines = len(wrap(poster.summary.split(), _face(REGULAR, SUMMARY), width) or ()) if poster.summary else 0
    room = bottom - y - 60 - facts_h - 70 - min(summary_lines, SUMMARY_KEPT) * line_step(SUMMARY, SUMMARY_LINE)
    size, lines = _fit(card.title, (width, max(room, line_step(TITLE[1], TITLE_LINE))), BOLD, *TITLE, TITLE_LINE)
    step = line_step(size, TITLE_LINE)
    for line in lines:
        baseline = y + round(size * 0.95)
        line_w = _text(draw, (MARGIN, baseline), line, BOLD, size, BLACK)
        if card.state == "withdrawn":  # struck through: no longer in force
            middle = baseline - round(size * 0.34)
            thick = max(6, round(size * 0.07))
            draw.rectangle((MARGIN, middle - thick // 2, MARGIN + round(line_w), middle + thick - thick // 2),
                           fill=BLACK)  # fmt: skip
        y += step
    y += 60

    draw.rectangle((MARGIN, y, WIDTH - MARGIN, y + 4), fill=BLACK)
    for label, value_size, value_lines in facts:
        baseline = y + round(TEXT * 1.25)
        _text(draw, (MARGIN, baseline), f"{label} ", BOLD, TEXT, BLACK)  # the space: for copied text
        for line in value_lines:
            _text(draw, (MARGIN + column, baseline), line, REGULAR, value_size, BLACK)
            baseline += line_step(value_size, 1.2)
        y += line_step(TEXT, 1.5) + (len(value_lines) - 1) * line_step(value_size, 1.2)
    y += FACTS_END
    draw.rectangle((MARGIN, y, WIDTH - MARGIN, y + 4), fill=BLACK)
    y += 70

    summary_step = line_step(SUMMARY, SUMMARY_LINE)
    if poster.summary and bottom - y >= summary_step:
        _, lines = _fit(poster.summary, (width, bottom - y), REGULAR, SUMMARY, SUMMARY, SUMMARY_LINE)
        for line in lines:
            _text(draw, (MARGIN, y + round(SUMMARY * 0.95)), line, REGULAR, SUMMARY, BLACK)
            y += summary_step


def _footer(draw, poster: Poster) -> None:
    """The code, how to check it, the site's address, and the QR code to the check page."""
    card = poster.card
    top = HEIGHT - MARGIN - FOOTER
    draw.rectangle((MARGIN, top, WIDTH - MARGIN, top + RULE), fill=BLACK)
    inner = top + RULE
    qr_left = WIDTH - MARGIN - QR_SIDE
    draw.qr(card.verify_url, (qr_left, inner + (FOOTER - RULE - QR_SIDE) // 2), QR_SIDE)
    width = qr_left - MARGIN - 90
    code_size, code = _fit_line(card.code, width, BOLD, 150, 60)
    scan_size, scan = _fit("Pindai kode QR untuk memeriksa keaslian dan versi terbaru", (width, 3 * line_step(60, 1.25)),
                           BOLD, 60, 44, 1.25)  # fmt: skip
    how_size, how = _fit(f"Tanpa pemindai: buka {card.verify_hint} lalu ketik kode di atas.",
                         (width, 2 * line_step(50, 1.3)), REGULAR, 50, 36, 1.3)  # fmt: skip
    source_size, source = _fit_line(f"Sumber resmi: {card.domain}", width, BOLD, 50, 30)
    rows = [(1.0, [("KODE VERIFIKASI", BOLD, 50)]), (1.15, [(code, BOLD, code_size)]),
            (1.6, [(line, BOLD, scan_size) for line in scan]), (1.5, [(line, REGULAR, how_size) for line in how]),
            (1.6, [(source, BOLD, source_size)])]  # fmt: skip
    height = sum(round(above * lines[0][2]) + line_step(lines[0][2], 1.25) * (len(lines) - 1) for above, lines in rows)
    y = inner + (FOOTER - RULE - height) // 2
    for above, lines in rows:
        y += round(above * lines[0][2])
        for index, (text, path, size) in enumerate(lines):
            if index:
                y += line_step(size, 1.25)
            _text(draw, (MARGIN, y), text, path, size, BLACK)


def _frame(draw) -> None:
    """A hoax rebuttal's frame: a cropped or torn copy still does not look like the hoax."""
    inset, thick = FRAME
    for box in ((inset, inset, WIDTH - inset, inset + thick), (inset, HEIGHT - inset - thick, WIDTH - inset, HEIGHT - inset),
                (inset, inset, inset + thick, HEIGHT - inset), (WIDTH - inset - thick, inset, WIDTH - inset, HEIGHT - inset)):  # fmt: skip
        draw.rectangle(box, fill=BLACK)


def draw_poster(draw, poster: Poster, mark: bytes | None) -> None:
    """The whole page on a white ground, on a Pillow `Canvas` or a `Recording`."""
    if poster.card.hoax_rebuttal:
        _frame(draw)
    y = _bands(draw, poster, _header(draw, poster, mark))
    # The body before the footer, so the PDF's text reads in the order the page does.
    _body(draw, poster, y, HEIGHT - MARGIN - FOOTER - 60)
    _footer(draw, poster)


def poster_image(poster: Poster, mark: bytes | None = None) -> Image.Image:
    """The poster drawn by Pillow at 300 dpi (greyscale): a preview of the PDF. Pillow has no
    Helvetica: the card fonts stand in for it, each run placed where the PDF puts it."""
    image = Image.new("RGB", (WIDTH, HEIGHT), WHITE)
    draw_poster(Canvas(image), poster, mark)
    return image.convert("L")


def info(poster: Poster) -> dict[str, str]:
    """The PDF's document information."""
    card = poster.card
    state = {"withdrawn": "DICABUT · ", "expired": "TIDAK BERLAKU LAGI · "}.get(card.state, "")
    return {
        "Title": card.title,
        "Subject": f"{state}{card.type_label} · {card.areas_text} · kode verifikasi {card.code}: {card.verify_url}",
        "Author": card.office,
        "Creator": card.site_name,
        "Keywords": card.code,
        "CreationDate": poster.created,
        "ModDate": poster.modified,
    }


def render_poster(poster: Poster, mark: bytes | None = None) -> bytes:
    """The poster as a one-page A4 PDF."""
    fonts: list[str] = []
    recording = Recording(WIDTH, HEIGHT, fonts)
    draw_poster(recording, poster, mark)
    return write_pdf(recording.layout(), fonts, info(poster), mark=mark)
