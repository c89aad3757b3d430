"""The office's mark (a drawn emblem or the configured PNG) and the verification QR code."""

from __future__ import annotations

import io
from functools import lru_cache

import segno
from PIL import Image

from .text import draw_text, fit_line, font

QUIET_ZONE = 1  # module of white inside the white square; the light footer around it extends the quiet zone
EMBLEM_FILL = "#ffffff"
EMBLEM_INK = "#0b4f45"


def _shield(x: int, y: int, side: int) -> list[tuple[float, float]]:
    """A shield outline in a side x side square: flat shoulders, curved sides, a point below."""
    w = side * 0.84
    left = x + (side - w) / 2
    points = [(left, y + side * 0.1), (left + w / 2, y), (left + w, y + side * 0.1), (left + w, y + side * 0.5)]
    # Quadratic curves from the right shoulder down to the point, and up to the left side.
    for a, b, c in (((left + w, y + side * 0.5), (left + w, y + side * 0.82), (left + w / 2, y + side)),
                    ((left + w / 2, y + side), (left, y + side * 0.82), (left, y + side * 0.5))):  # fmt: skip
        for step in range(1, 13):
            t = step / 12
            points.append(tuple((1 - t) ** 2 * a[i] + 2 * (1 - t) * t * b[i] + t * t * c[i] for i in (0, 1)))
    return points


def draw_emblem(draw, xy: tuple[int, int], side: int, initials: str, font_path, fill: str = EMBLEM_FILL,
                ink: str = EMBLEM_INK) -> None:  # fmt: skip
    """The default mark: a shield (white on the cards, black on the poster) with the office's
    initials (no official crest is faked)."""
    x, y = xy
    draw.polygon(_shield(x, y, side), fill=fill)
    inset = max(2, side // 14)
    draw.polygon(_shield(x + inset, y + inset, side - 2 * inset), outline=ink, width=max(1, side // 40))
    size, text = fit_line(initials, int(side * 0.62), font_path, int(side * 0.36), 8)
    draw_text(draw, (x + side / 2, y + side * 0.47), text, font(font_path, size), ink, "mm")


def paste_mark(image: Image.Image, png: bytes, xy: tuple[int, int], side: int) -> None:
    """The configured mark, scaled to fit a side x side square, alpha kept."""
    mark = Image.open(io.BytesIO(png)).convert("RGBA")
    mark.thumbnail((side, side), Image.Resampling.LANCZOS)
    x = xy[0] + (side - mark.width) // 2
    y = xy[1] + (side - mark.height) // 2
    image.paste(mark, (x, y), mark)


@lru_cache(maxsize=64)
def qr_matrix(data: str) -> tuple[tuple[int, ...], ...]:
    qr = segno.make_qr(data, error="m")
    return tuple(tuple(row) for row in qr.matrix)


def draw_qr(image: Image.Image, data: str, xy: tuple[int, int], side: int) -> None:
    """`data` as a QR code in a white side x side square, whole pixels per module."""
    matrix = qr_matrix(data)
    modules = len(matrix) + 2 * QUIET_ZONE
    scale = side // modules
    # Built from bytes in one go: a putpixel per module took a sixth of the render time.
    quiet = bytes([255]) * QUIET_ZONE
    rows = [quiet + bytes(0 if dark else 255 for dark in values) + quiet for values in matrix]
    blank = bytes([255]) * modules
    code = Image.frombytes("L", (modules, modules), b"".join([blank] * QUIET_ZONE + rows + [blank] * QUIET_ZONE))
    code = code.resize((modules * scale, modules * scale), Image.Resampling.NEAREST)
    x, y = xy
    image.paste("#ffffff", (x, y, x + side, y + side))
    offset = (side - code.width) // 2
    image.paste(code.convert("RGB"), (x + offset, y + offset))


def draw_icon(draw, kind: str, xy: tuple[int, int], size: int, ink: str, ground: str) -> None:
    """A small band icon drawn from shapes (no symbol font needed): a warning triangle, a tick
    or a cross, in `ink` with the cut-out in the band's `ground` colour."""
    x, y = xy
    line = max(2, size // 7)

    def at(u: float, v: float) -> tuple[float, float]:  # a point in the icon's unit square
        return x + size * u, y + size * v

    if kind == "alert":
        draw.polygon([at(0.5, 0), at(1, 1), at(0, 1)], fill=ink)
        middle = x + size / 2
        draw.rectangle((middle - line / 2, at(0, 0.34)[1], middle + line / 2, at(0, 0.68)[1]), fill=ground)
        draw.rectangle((middle - line / 2, at(0, 0.76)[1], middle + line / 2, at(0, 0.76)[1] + line), fill=ground)
        return
    draw.ellipse((x, y, x + size, y + size), fill=ink)
    if kind == "check":
        draw.line([at(0.27, 0.52), at(0.44, 0.69), at(0.74, 0.33)], fill=ground, width=line, joint="curve")
    else:
        for a, b in (((0.32, 0.32), (0.68, 0.68)), ((0.68, 0.32), (0.32, 0.68))):
            draw.line((*at(*a), *at(*b)), fill=ground, width=line)
