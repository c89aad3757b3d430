"""A recorded layout (render.Recording's operations) written as a one-page vector PDF.

Shapes become PDF paths and the QR code one path of rectangles in module units, so the page
prints sharp on any printer at any size. Text in a PDF standard font (Helvetica, Helvetica-Bold:
standard_fonts.py) is written as WinAnsi codes and nothing is embedded: every PDF reader has
those fonts, and the page is a few kilobytes. What WinAnsi lacks (Arabic, emoji, other scripts)
is drawn with the vendored fonts embedded as Type 3 fonts: each glyph used is written once, as
its outline from the font file (fontTools), with a ToUnicode map so the text can be searched,
copied and read aloud. Type 3 needs no font subsetting (the costly part of embedding OpenType)
and draws every font the cards use, emoji included; glyph outlines are kept per process.

Pure and deterministic: no clock, no random file identifier, fixed compression; the same
layout and metadata give the same bytes.
"""

from __future__ import annotations

import io
import zlib
from functools import lru_cache

from fontTools.pens.basePen import BasePen
from fontTools.ttLib import TTFont
from PIL import Image, ImageColor

from .content import FONTS_DIR
from .marks import QUIET_ZONE
from .standard_fonts import STANDARD_FONTS, encode
from .text import cmap, font_file

A4 = (595.276, 841.89)  # points: 210 x 297 mm
ZLIB_LEVEL = 9
KAPPA = 0.5523  # Bezier handle length of a quarter circle
CODES = 256  # glyphs per Type 3 font (one-byte codes); more glyphs use another font


def _n(value: float) -> str:
    """A number as PDF writes it: at most two decimals (a 7,200th of an inch), no trailing zeros."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _unit(value: float) -> str:
    """A glyph coordinate in whole font units (a 2,816th of the type size for Inter)."""
    return str(round(value))


class _PathPen(BasePen):
    """A glyph outline as PDF path operators, in font units; quadratic curves (TrueType)
    become cubic ones (BasePen does the conversion)."""

    def __init__(self, glyph_set):
        super().__init__(glyph_set)
        self.ops: list[str] = []
        self.points: list[tuple[float, float]] = []

    def _moveTo(self, pt):
        self.ops.append(f"{_unit(pt[0])} {_unit(pt[1])} m")
        self.points.append(pt)

    def _lineTo(self, pt):
        self.ops.append(f"{_unit(pt[0])} {_unit(pt[1])} l")
        self.points.append(pt)

    def _curveToOne(self, pt1, pt2, pt3):
        self.ops.append(" ".join(f"{_unit(x)} {_unit(y)}" for x, y in (pt1, pt2, pt3)) + " c")
        self.points.extend((pt1, pt2, pt3))

    def _closePath(self):
        self.ops.append("h")


@lru_cache(maxsize=None)
def _font(name: str) -> tuple[TTFont, dict[int, str], int]:
    """A vendored font file: the font, its character map and its units per em."""
    path = str(FONTS_DIR / name)
    font = font_file(path)
    return font, cmap(path), font["head"].unitsPerEm


@lru_cache(maxsize=1 << 14)
def _glyph(name: str, glyph: str) -> tuple[int, tuple[int, int, int, int], bytes]:
    """(advance, bounding box, Type 3 glyph procedure compressed) of one glyph, in font units."""
    font, _, _ = _font(name)
    glyph_set = font.getGlyphSet()
    pen = _PathPen(glyph_set)
    glyph_set[glyph].draw(pen)
    advance = font["hmtx"][glyph][0]
    if pen.points:
        xs, ys = [p[0] for p in pen.points], [p[1] for p in pen.points]
        box = (int(min(xs)) - 1, int(min(ys)) - 1, int(max(xs)) + 1, int(max(ys)) + 1)
    else:
        box = (0, 0, 0, 0)
    # d1: the glyph takes the text's fill colour (an uncoloured glyph).
    proc = f"{advance} 0 {' '.join(map(str, box))} d1\n" + "\n".join(pen.ops) + ("\nf" if pen.ops else "")
    return advance, box, zlib.compress(proc.encode("ascii"), ZLIB_LEVEL)


def _name(font: str, glyph: str) -> str:
    """A glyph's PDF name: its number, since glyph names may hold characters PDF names escape."""
    return f"g{_font(font)[0].getGlyphID(glyph)}"


def _colour(fill, stroke: bool = False) -> str:
    red, green, blue = ImageColor.getrgb(fill)[:3]
    if red == green == blue:
        return f"{_n(red / 255)} {'G' if stroke else 'g'}"
    return f"{_n(red / 255)} {_n(green / 255)} {_n(blue / 255)} {'RG' if stroke else 'rg'}"


# Characters PDFDocEncoding gives the code Latin-1 does: printable ASCII and most of
# U+00A1 to U+00FF (PDFDocEncoding has the euro sign at 0xA0 and nothing at 0xAD).
_PDF_DOC = frozenset(range(0x20, 0x7F)) | frozenset(range(0xA1, 0x100)) - {0xAD}


def _text_string(text: str) -> str:
    """A PDF text string (metadata): a literal string in PDFDocEncoding when every character
    has a code there (a quarter of the bytes), else UTF-16BE hex with its byte order mark.
    The three characters a literal string gives meaning to are escaped; text that would
    begin like a byte order mark ("þÿ", "ï»¿") is written in UTF-16."""
    if all(ord(char) in _PDF_DOC for char in text) and not text.startswith(("\xfe\xff", "\xef\xbb\xbf")):
        return "(" + text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ")"
    return "<FEFF" + text.encode("utf-16-be").hex().upper() + ">"


class _Fonts:
    """The Type 3 fonts of one document: each (font file, glyph) gets a one-byte code in
    the first font of that file with room, in the order first drawn."""

    def __init__(self):
        self.codes: dict[tuple[str, str], tuple[int, int]] = {}  # (file, glyph) -> (font, code)
        self.fonts: list[dict] = []  # {"file", "glyphs": [glyph], "chars": [text]}
        self.open: dict[str, int] = {}  # file -> its font with room

    def encode(self, name: str, text: str) -> list[tuple[int, bytes]]:
        """`text` in font file `name` as (font index, codes) pieces."""
        _, cmap, _ = _font(name)
        pieces: list[tuple[int, bytearray]] = []
        for char in text:
            glyph = cmap.get(ord(char))
            if glyph is None:  # text.runs gives each font only characters it has
                continue
            key = (name, glyph)
            if key not in self.codes:
                index = self.open.get(name)
                if index is None or len(self.fonts[index]["glyphs"]) == CODES:
                    index = self.open[name] = len(self.fonts)
                    self.fonts.append({"file": name, "glyphs": [], "chars": []})
                self.codes[key] = (index, len(self.fonts[index]["glyphs"]))
                self.fonts[index]["glyphs"].append(glyph)
                self.fonts[index]["chars"].append(char)
            index, code = self.codes[key]
            if pieces and pieces[-1][0] == index:
                pieces[-1][1].append(code)
            else:
                pieces.append((index, bytearray([code])))
        return [(index, bytes(codes)) for index, codes in pieces]


def _to_unicode(chars: list[str]) -> bytes:
    lines = ["/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
             "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
             "/CMapName /Adobe-Identity-UCS def", "/CMapType 2 def",
             "1 begincodespacerange", "<00> <FF>", "endcodespacerange"]  # fmt: skip
    for start in range(0, len(chars), 100):  # at most 100 entries per block
        block = chars[start:start + 100]
        lines.append(f"{len(block)} beginbfchar")
        lines += [f"<{start + i:02X}> <{char.encode('utf-16-be').hex().upper()}>" for i, char in enumerate(block)]
        lines.append("endbfchar")
    lines += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    return "\n".join(lines).encode("ascii")


class _Document:
    """Numbered objects, written in order with their cross-reference table."""

    def __init__(self):
        self.objects: list[bytes | None] = []

    def reserve(self) -> int:
        self.objects.append(None)
        return len(self.objects)

    def put(self, number: int, body: str | bytes) -> int:
        self.objects[number - 1] = body.encode("latin-1") if isinstance(body, str) else body
        return number

    def add(self, body: str | bytes) -> int:
        return self.put(self.reserve(), body)

    def stream(self, data: bytes, entries: str = "", compressed: bool = False) -> int:
        """A stream object, Flate-compressed (`compressed`: `data` already is)."""
        if not compressed:
            data = zlib.compress(data, ZLIB_LEVEL)
        entries = f"/Filter /FlateDecode {entries}".strip()
        return self.add(f"<< {entries} /Length {len(data)} >>\nstream\n".encode("latin-1") + data + b"\nendstream")

    def write(self, root: int, info: int) -> bytes:
        out = io.BytesIO()
        out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
        offsets = []
        for number, body in enumerate(self.objects, 1):
            offsets.append(out.tell())
            out.write(f"{number} 0 obj\n".encode("ascii") + body + b"\nendobj\n")
        start = out.tell()
        out.write(f"xref\n0 {len(self.objects) + 1}\n0000000000 65535 f \n".encode("ascii"))
        out.write("".join(f"{offset:010d} 00000 n \n" for offset in offsets).encode("ascii"))
        out.write(f"trailer\n<< /Size {len(self.objects) + 1} /Root {root} 0 R /Info {info} 0 R >>\n"
                  f"startxref\n{start}\n%%EOF\n".encode("ascii"))  # fmt: skip
        return out.getvalue()


def _mark_image(doc: _Document, png: bytes, side: int) -> tuple[int, int, int]:
    """The configured mark as a greyscale image with its transparency (prints in black and
    white as it would be photocopied), scaled to fit `side` layout pixels: (object, w, h)."""
    mark = Image.open(io.BytesIO(png)).convert("RGBA")
    mark.thumbnail((side, side), Image.Resampling.LANCZOS)
    grey, alpha = mark.convert("L"), mark.getchannel("A")
    entries = f"/Type /XObject /Subtype /Image /Width {mark.width} /Height {mark.height} /BitsPerComponent 8"
    mask = doc.stream(alpha.tobytes(), f"{entries} /ColorSpace /DeviceGray")
    image = doc.stream(grey.tobytes(), f"{entries} /ColorSpace /DeviceGray /SMask {mask} 0 R")
    return image, mark.width, mark.height


def _qr_boxes(rows: list[str]) -> list[tuple[int, int, int, int]]:
    """The dark modules as rectangles (column, row, width, height; rows from the top): each
    run of dark modules in a row, joined with the same run in the rows below it. A QR code
    of 29 x 29 modules takes some 170 rectangles, against 420 modules."""
    boxes, open_runs = [], {}  # (first column, end) -> its first row
    for r, row in enumerate([*rows, ""]):  # the empty row closes every run still open
        runs, c = set(), 0
        while c < len(row):
            if row[c] == "1":
                end = row.find("0", c)
                end = len(row) if end < 0 else end
                runs.add((c, end))
                c = end
            else:
                c += 1
        for run in sorted(open_runs.keys() - runs):
            first = open_runs.pop(run)
            boxes.append((run[0], first, run[1] - run[0], r - first))
        for run in runs - open_runs.keys():
            open_runs[run] = r
    return sorted(boxes, key=lambda box: (box[1], box[0]))


def write_pdf(layout: dict, fonts: list[str], info: dict[str, str], *, mark: bytes | None = None,
              page: tuple[float, float] = A4, lang: str = "id-ID") -> bytes:  # fmt: skip
    """One page of `page` points holding the recorded `layout` (its width fills the page's),
    with the document information `info` (Title, Author, Subject, Creator, CreationDate,
    ModDate: text; dates as PDF dates, "D:20200602100000+07'00'")."""
    scale = page[0] / layout["width"]
    top = page[1]
    doc = _Document()
    catalog, pages, page_object = doc.reserve(), doc.reserve(), doc.reserve()
    type3 = _Fonts()
    standard: list[str] = []  # the standard fonts drawn, in order
    images: list[int] = []
    out: list[str] = []

    def x(value):
        return _n(value * scale)

    def y(value):
        return _n(top - value * scale)

    def path(points, close=True) -> str:
        first, *rest = points
        ops = [f"{x(first[0])} {y(first[1])} m", *(f"{x(px)} {y(py)} l" for px, py in rest)]
        return " ".join(ops + (["h"] if close else []))

    for kind, *args in layout["ops"]:
        if kind == "r":
            x0, y0, x1, y1, fill = args
            if fill:
                out.append(f"{_colour(fill)} {x(x0)} {y(y1)} {_n((x1 - x0) * scale)} {_n((y1 - y0) * scale)} re f")
        elif kind == "e":
            x0, y0, x1, y1, fill = args
            cx, cy, rx, ry = (x0 + x1) / 2, (y0 + y1) / 2, (x1 - x0) / 2, (y1 - y0) / 2
            kx, ky = rx * KAPPA, ry * KAPPA
            ops = [f"{x(cx + rx)} {y(cy)} m"]
            for (ax, ay), (bx, by), (ex, ey) in (
                ((cx + rx, cy + ky), (cx + kx, cy + ry), (cx, cy + ry)),
                ((cx - kx, cy + ry), (cx - rx, cy + ky), (cx - rx, cy)),
                ((cx - rx, cy - ky), (cx - kx, cy - ry), (cx, cy - ry)),
                ((cx + kx, cy - ry), (cx + rx, cy - ky), (cx + rx, cy)),
            ):  # fmt: skip
                ops.append(f"{x(ax)} {y(ay)} {x(bx)} {y(by)} {x(ex)} {y(ey)} c")
            out.append(f"{_colour(fill)} {' '.join(ops)} h f")
        elif kind in ("p", "l"):
            flat = args[0]
            points = list(zip(flat[::2], flat[1::2]))
            if kind == "p":
                fill, outline, width = args[1:]
                if fill:
                    out.append(f"{_colour(fill)} {path(points)} f")
                if outline:
                    out.append(f"{_colour(outline, True)} {x(width)} w 0 j {path(points)} S")
            else:
                fill, width, joint = args[1:]
                out.append(f"{_colour(fill, True)} {x(width)} w {1 if joint == 'curve' else 0} j 0 J "
                           f"{path(points, close=False)} S")  # fmt: skip
        elif kind == "t":
            left, baseline, index, size, fill, text = args
            if fonts[index] in STANDARD_FONTS:
                if fonts[index] not in standard:
                    standard.append(fonts[index])
                pieces = [(f"S{standard.index(fonts[index])}", encode(text))]
            else:
                pieces = [(f"T{font}", codes) for font, codes in type3.encode(fonts[index], text)]
            if pieces:  # hex strings: no text needs escaping
                shown = " ".join(f"/{font} {x(size)} Tf <{codes.hex()}> Tj" for font, codes in pieces)
                out.append(f"{_colour(fill)} BT 1 0 0 1 {x(left)} {y(baseline)} Tm {shown} ET")
        elif kind == "q":
            left, upper, side, rows = args
            modules = len(rows) + 2 * QUIET_ZONE
            step = side // modules
            start = (side - modules * step) // 2 + QUIET_ZONE * step
            out.append(f"1 g {x(left)} {y(upper + side)} {x(side)} {x(side)} re f 0 g")
            # In module units (one module is 1 x 1, the origin at the code's lower left corner):
            # whole numbers, so every edge falls on the module grid and the path compresses well.
            count = len(rows)
            boxes = " ".join(f"{c} {count - r - h} {w} {h} re" for c, r, w, h in _qr_boxes(rows))
            out.append(f"q {x(step)} 0 0 {x(step)} {x(left + start)} {y(upper + start + count * step)} cm {boxes} f Q")
        elif kind == "m":
            left, upper, side = args
            if mark is None:
                continue
            image, width, height = _mark_image(doc, mark, side)
            images.append(image)
            px, py = left + (side - width) // 2, upper + (side - height) // 2
            out.append(f"q {x(width)} 0 0 {x(height)} {x(px)} {y(py + height)} cm /M{len(images) - 1} Do Q")
    content = doc.stream("\n".join(out).encode("ascii"))

    font_refs = []
    for font in type3.fonts:
        _, _, upem = _font(font["file"])
        procs, widths, boxes = [], [], []
        for glyph in font["glyphs"]:
            advance, box, proc = _glyph(font["file"], glyph)
            procs.append(f"/{_name(font['file'], glyph)} {doc.stream(proc, compressed=True)} 0 R")
            widths.append(str(advance))
            boxes.append(box)
        bbox = [min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes)]
        unicode_map = doc.stream(_to_unicode(font["chars"]))
        names = " ".join(f"/{_name(font['file'], glyph)}" for glyph in font["glyphs"])
        font_refs.append(doc.add(
            f"<< /Type /Font /Subtype /Type3 /FontBBox [{' '.join(map(str, bbox))}] "
            f"/FontMatrix [{1 / upem:.10g} 0 0 {1 / upem:.10g} 0 0] "
            f"/CharProcs << {' '.join(procs)} >> /Encoding << /Type /Encoding /Differences [0 {names}] >> "
            f"/FirstChar 0 /LastChar {len(font['glyphs']) - 1} /Widths [{' '.join(widths)}] "
            f"/Resources << >> /ToUnicode {unicode_map} 0 R >>"))  # fmt: skip
    resources = " ".join([*(f"/T{i} {ref} 0 R" for i, ref in enumerate(font_refs)), *(
        f"/S{i} {doc.add(f'<< /Type /Font /Subtype /Type1 /BaseFont /{name} /Encoding /WinAnsiEncoding >>')} 0 R"
        for i, name in enumerate(standard))])  # fmt: skip
    xobjects = " ".join(f"/M{i} {ref} 0 R" for i, ref in enumerate(images))
    doc.put(page_object, f"<< /Type /Page /Parent {pages} 0 R /MediaBox [0 0 {_n(page[0])} {_n(page[1])}] "
                         f"/Contents {content} 0 R /Resources << /Font << {resources} >> "
                         f"/XObject << {xobjects} >> >> >>")  # fmt: skip
    doc.put(pages, f"<< /Type /Pages /Kids [{page_object} 0 R] /Count 1 >>")
    doc.put(catalog, f"<< /Type /Catalog /Pages {pages} 0 R /Lang ({lang}) "
                     f"/ViewerPreferences << /DisplayDocTitle true >> >>")  # fmt: skip
    # Dates are PDF date strings, written as literal strings.
    fields = " ".join(f"/{key} ({value})" if key.endswith("Date") else f"/{key} {_text_string(value)}"
                      for key, value in info.items() if value)  # fmt: skip
    return doc.write(catalog, doc.add(f"<< {fields} >>"))
