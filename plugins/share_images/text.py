"""Text on the cards: every script from the vendored fonts, and fitting (wrap whole words into
a box, shrink before cutting, ellipsis as a last resort).

A card font (Inter) draws what it has; each run of characters it lacks comes from the first
fallback that has them: Noto Sans Arabic, then Noto Emoji (monochrome, drawn in the text's
colour). Arabic is shaped (joining forms, lam-alef) by `arabic-reshaper` and each line put in
visual order (UAX #9, left-to-right base, mirrored brackets) with the levels `python-bidi`
resolves, then drawn with Pillow's BASIC layout (FreeType only).

Why not Pillow's RAQM layout: the wheel carries libraqm and HarfBuzz but loads FriBiDi from the
system (Debian's libfribidi0), so the first command would need a Debian package, and without
it Pillow silently falls back to unshaped text. Pinned wheels only keep the pixels a function of
the repository on every machine. The cost: harakat are dropped (BASIC cannot place marks over
letters) and emoji sequences (ZWJ families, flags, keycaps, skin tones) are drawn one code
point at a time. A character no font has is left out (never a .notdef box); `missing` names
it so the build can warn.

The poster measures with `OutlineFace` (`font(..., outline=True)`): the fonts' own advance
widths, which is what its PDF draws, and much cheaper than FreeType. Its text is in the PDF
standard fonts (standard_fonts.py), each at the head of a chain of the card fonts: a character
WinAnsi lacks comes from the card font, then from its fallbacks.
"""

from __future__ import annotations

import io
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

import arabic_reshaper
from bidi import get_display
from bidi.mirror import MIRRORED
from fontTools.ttLib import TTFont
from PIL import ImageFont

from .content import FONT_FILES
from .standard_fonts import STANDARD_FONTS, UNITS
from .standard_fonts import widths as standard_widths

LINE_HEIGHT = 1.2
ELLIPSIS = "…"

# Each card font, then the fonts that draw what it lacks, in order; a PDF standard font
# falls back to its card font first.
CARD_FALLBACKS = {
    FONT_FILES["bold"]: (FONT_FILES["arabic-bold"], FONT_FILES["emoji"]),
    FONT_FILES["regular"]: (FONT_FILES["arabic-regular"], FONT_FILES["emoji"]),
}
FALLBACKS = {**CARD_FALLBACKS,
             **{Path(name): (card, *CARD_FALLBACKS[card]) for name, card in STANDARD_FONTS.items()}}  # fmt: skip


@lru_cache(maxsize=None)
def font_file(path: str) -> TTFont:
    """A font file parsed by fontTools, once per process, its tables read on first use. From
    bytes in memory: a file handle would be shared with worker processes forked later, whose
    reads would move each other's file position."""
    return TTFont(io.BytesIO(Path(path).read_bytes()), lazy=True)


@lru_cache(maxsize=None)
def cmap(path: str) -> dict[int, str]:
    """A font file's character map: code point -> glyph name."""
    return font_file(path).getBestCmap()


@lru_cache(maxsize=None)
def covered(path: str) -> frozenset[int]:
    """The code points a font file (or a standard font) has a glyph for."""
    return frozenset(standard_widths(path) if path in STANDARD_FONTS else cmap(path))


def invisible(char: str) -> bool:
    """Formatting characters (joiners, direction marks, variation selectors) have done their
    work in shaping and ordering and have no glyph; enclosing marks (the keycap of 1️⃣) would
    need a layout engine to enclose anything."""
    code = ord(char)
    return unicodedata.category(char) in ("Cf", "Me") or 0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF


# python-bidi's resolver (the Rust unicode-bidi crate) gives levels only in its debug view,
# one per UTF-8 byte; its own reordering does not mirror brackets (rule L4), so we reorder.
_LEVELS = re.compile(r"\n    levels: \[(.*?)\n    \],", re.DOTALL)
_LEVEL = re.compile(r"Level\(\s*(\d+),?\s*\)")


def levels(line: str) -> list[int]:
    """The resolved bidi embedding level of each character of one line, left-to-right base."""
    per_byte = [int(level) for level in _LEVEL.findall(_LEVELS.search(get_display(line, base_dir="L", debug=True))[1])]
    out, offset = [], 0
    for char in line:
        out.append(per_byte[offset])
        offset += len(char.encode("utf-8"))
    return out


def visual(line: str) -> str:
    """One line in display order: each run at level n or higher reversed, from the highest
    level down to 1 (rule L2), and characters at odd levels mirrored: '(' drawn as ')' (L4)."""
    found = levels(line)
    order = list(range(len(line)))
    for level in range(max(found, default=0), 0, -1):
        start = 0
        while start < len(order):
            if found[order[start]] < level:
                start += 1
                continue
            end = start
            while end < len(order) and found[order[end]] >= level:
                end += 1
            order[start:end] = order[start:end][::-1]
            start = end
    return "".join(MIRRORED.get(line[i], line[i]) if found[i] % 2 else line[i] for i in order)


@lru_cache(maxsize=1 << 16)
def runs(chain: tuple[str, ...], text: str) -> tuple[tuple[int, str], ...]:
    """`text` as drawn from a chain of font files: in display order, cut into runs of the first
    font that has each character, as (index in the chain, characters)."""
    covers = [covered(path) for path in chain]
    if all(ord(char) in covers[0] for char in text):  # most text: one font, nothing to shape
        return ((0, text),) if text else ()
    out: list[list] = []
    for char in visual(arabic_reshaper.reshape(text)):
        index = None if invisible(char) else next((i for i, cover in enumerate(covers) if ord(char) in cover), None)
        if index is None:  # nothing to draw; `missing` reports what a font lacks
            continue
        if out and out[-1][0] == index:
            out[-1][1] += char
        else:
            out.append([index, char])
    return tuple((index, chars) for index, chars in out)


@lru_cache(maxsize=None)
def chain_of(path) -> tuple[str, ...]:
    return tuple(str(p) for p in (Path(path), *FALLBACKS.get(Path(path), ())))


def missing(text: str, path) -> list[str]:
    """The characters of `text` (each once, in order) that no font of `path`'s chain has."""
    first, *fallbacks = [covered(p) for p in chain_of(path)]
    # The card font first: it has almost every character, and a set lookup is cheap.
    found = dict.fromkeys(c for c in text if ord(c) not in first and not invisible(c)
                          and not any(ord(c) in cover for cover in fallbacks))  # fmt: skip
    return list(found)


class StandIn(ImageFont.FreeTypeFont):
    """A card font drawing in place of a standard font (the poster's preview); `standard`
    names the font the PDF writes."""

    def __init__(self, standard: str, size: int):
        super().__init__(str(STANDARD_FONTS[standard]), size, layout_engine=ImageFont.Layout.BASIC)
        self.standard = standard


def _image_font(path: str, size: int) -> ImageFont.FreeTypeFont:
    if path in STANDARD_FONTS:
        return StandIn(path, size)
    return ImageFont.truetype(path, size, layout_engine=ImageFont.Layout.BASIC)


class Face:
    """A card font at one size with its fallbacks; measures like Pillow's `getlength`."""

    def __init__(self, path, size: int):
        self.chain = chain_of(path)
        self.size = size
        self.known: dict[ImageFont.FreeTypeFont, dict[str, int]] = {}  # see `advance`
        self.loaded: dict[int, ImageFont.FreeTypeFont] = {}

    def font_at(self, index: int) -> ImageFont.FreeTypeFont:
        """The chain's `index`-th font, loaded by FreeType when first asked for: fitting
        measures at many sizes, and most text needs no fallback (each font at each size
        holds about 0.1 MB)."""
        found = self.loaded.get(index)
        if found is None:
            found = self.loaded[index] = _image_font(self.chain[index], self.size)
        return found

    def runs(self, text: str) -> list[tuple[ImageFont.FreeTypeFont, str]]:
        return [(self.font_at(index), chars) for index, chars in runs(self.chain, text)]

    def advance(self, run_font: ImageFont.FreeTypeFont, chars: str) -> float:
        """The width of one run in one of the chain's fonts, exactly Pillow's `getlength`:
        the sum of its characters' advances, each asked of FreeType once per font and size.
        The vendored fonts have no `kern` table (their kerning is GPOS, which the BASIC layout
        ignores), so BASIC measures a run as that very sum of whole 1/64 px; a look-up per
        character costs a fortieth of FreeType loading every glyph of every trial line."""
        known = self.known.setdefault(run_font, {})
        try:
            return sum(map(known.__getitem__, chars)) / 64
        except KeyError:
            known.update((char, round(run_font.getlength(char) * 64)) for char in set(chars) - known.keys())
            return sum(map(known.__getitem__, chars)) / 64

    def getlength(self, text: str) -> float:
        return sum(self.advance(face, chars) for face, chars in self.runs(text))


@lru_cache(maxsize=None)
def advances(path: str) -> tuple[dict[int, int], int]:
    """Each code point's advance width in a font file's (or a standard font's) units, and
    its units per em."""
    if path in STANDARD_FONTS:
        return standard_widths(path), UNITS
    parsed = font_file(path)
    widths = parsed["hmtx"].metrics
    return {code: widths[name][0] for code, name in cmap(path).items()}, parsed["head"].unitsPerEm


@lru_cache(maxsize=1 << 16)
def em_width(path: str, chars: str) -> float:
    """The advance width of `chars` in a font file, in ems: the same at every size, so fitting
    a title at several sizes measures each word once."""
    widths, units = advances(path)
    return sum(widths.get(ord(char), 0) for char in chars) / units


class OutlineFace(Face):
    """A Face measured with the fonts' own advance widths, as a PDF draws them: exact at any
    size (no hinting), and a dictionary look-up per character instead of FreeType."""

    def advance(self, run_font: ImageFont.FreeTypeFont, chars: str) -> float:
        index = next(i for i, font in self.loaded.items() if font is run_font)
        return em_width(self.chain[index], chars) * self.size

    def getlength(self, text: str) -> float:
        # From the chain's files alone: fitting measures at many sizes and draws at one, so
        # FreeType loads the fonts only of the sizes drawn.
        return sum(em_width(self.chain[index], chars) * self.size for index, chars in runs(self.chain, text))


@lru_cache(maxsize=None)
def font(path, size: int, outline: bool = False) -> Face:
    """The chain of `path` at `size`; `outline`: measured as a PDF draws it (OutlineFace),
    as a standard font always is (Pillow has no file of it to measure). One Face per font,
    size and kind for the whole process (sizes are whole pixels or points in a small range):
    `length` and `advance` remember widths by Face, and a Face made again after an eviction
    kept every evicted one alive through them, with its FreeType fonts."""
    return (OutlineFace if outline or str(path) in STANDARD_FONTS else Face)(path, size)


@lru_cache(maxsize=1 << 16)
def length(face: Face, text: str) -> float:
    """`face.getlength(text)`, remembered: fitting measures the same words and lines again
    and again (every size, every ratio), and measuring was half of the render time."""
    return face.getlength(text)


def draw_text(draw, xy: tuple[float, float], text: str, face: Face, fill, anchor: str = "ls") -> float:
    """Draw `text` run by run on one baseline; its width. `anchor` as Pillow's, horizontally
    'l' or 'm', vertically 's' (baseline) or 'm' (middle), both of the card font."""
    parts = face.runs(text)
    # One card font: exactly as Pillow draws it. A stand-in is placed by the standard font's widths.
    if len(parts) == 1 and parts[0][0] is face.font_at(0) and not isinstance(parts[0][0], StandIn):
        draw.text(xy, parts[0][1], font=parts[0][0], fill=fill, anchor=anchor)
        return length(face, text)
    width = length(face, text)
    x, y = xy
    if anchor[0] == "m":
        x -= width / 2
    if anchor[1] == "m":  # from the card font's middle down to its baseline
        y += face.font_at(0).getbbox("H", anchor="lm")[1] - face.font_at(0).getbbox("H", anchor="ls")[1]
    for run_font, chars in parts:
        draw.text((x, y), chars, font=run_font, fill=fill, anchor="ls")
        x += face.advance(run_font, chars)
    return width


def line_step(size: int, line_height: float = LINE_HEIGHT) -> int:
    """Distance between two baselines, in whole pixels."""
    return round(size * line_height)


@lru_cache(maxsize=1 << 12)
def _one_font(path: str, words: tuple[str, ...]) -> bool:
    """Whether the font file has every character of `words` (nothing shaped or reordered)."""
    cover = covered(path)
    return all(ord(char) in cover for word in words for char in word)


def wrap(words: list[str], face: Face, width: int) -> list[str] | None:
    """Greedy wrap of whole words; None when a single word is wider than the line.

    Text all in the card font is measured as the sum of its characters' advances in whole
    1/64 px (`Face.advance`), so a line's width is exactly its words' widths plus its
    spaces': added up here instead of building and measuring each trial line, the most
    frequent step of fitting. Other text (Arabic is shaped as a whole line, an outline face
    scales a sum of font units) is measured line by line."""
    if type(face) is Face and _one_font(face.chain[0], (" ", *words)):
        space = length(face, " ")
        lines: list[str] = []
        line_width = 0.0
        for word in words:
            word_width = length(face, word)
            if word_width > width:
                return None
            if lines and line_width + space + word_width <= width:
                lines[-1] = f"{lines[-1]} {word}"
                line_width += space + word_width
            else:
                lines.append(word)
                line_width = word_width
        return lines
    lines = []
    for word in words:
        if length(face, word) > width:
            return None
        if lines and length(face, f"{lines[-1]} {word}") <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines


def balanced(words: list[str], face: Face, width: int) -> list[str] | None:
    """Whole words in as few lines as the greedy wrap needs, but with the lines as even as
    possible: the narrowest width that still needs no more lines (titles read better)."""
    lines = wrap(words, face, width)
    if lines is None or len(lines) < 2:
        return lines
    low, high = int(max(length(face, word) for word in words)), width
    while low < high:
        middle = (low + high) // 2
        trial = wrap(words, face, middle)
        if trial is not None and len(trial) <= len(lines):
            high = middle
        else:
            low = middle + 1
    return wrap(words, face, high)


def _chunks(word: str, face: Face, width: int) -> list[str]:
    """A word too wide for the line, cut into hyphenated pieces that fit (the last resort)."""
    if length(face, word) <= width:
        return [word]
    pieces, current = [], ""
    for char in word:
        if current and length(face, current + char + "-") > width:
            pieces.append(current + "-")
            current = char
        else:
            current += char
    return [*pieces, current] if current else pieces


def _with_ellipsis(line: str, face: Face, width: int) -> str:
    """`line` shortened (whole words first, then characters) until 'line…' fits."""
    words = line.split(" ")
    while len(words) > 1 and length(face, " ".join(words) + ELLIPSIS) > width:
        words.pop()
    text = " ".join(words).rstrip(",.;:–-")
    while text and length(face, text + ELLIPSIS) > width:
        text = text[:-1]
    return text.rstrip() + ELLIPSIS


def fit_title(text: str, box: tuple[int, int], font_path, max_size: int, min_size: int,
              line_height: float = LINE_HEIGHT, outline: bool = False) -> tuple[int, list[str]]:  # fmt: skip
    """The largest size from max_size down to min_size at which every whole word of `text`
    fits the box (width, height), with its lines. Only when nothing fits at min_size are
    over-long words cut and the last line ended with an ellipsis. `outline`: measured as a
    PDF draws the text (see `font`)."""
    width, height = box
    words = text.split()
    if not words:
        return max_size, []

    def fits(size: int) -> bool:
        lines = wrap(words, font(font_path, size, outline), width)
        return lines is not None and len(lines) <= max(1, height // line_step(size, line_height))

    if fits(min_size):
        # Smaller type never needs more lines, so the largest size that fits is found by
        # bisection: a handful of trial wraps instead of one per size (most of a card's time).
        low, high = min_size, max_size + 1  # low fits; high does not (or is past the range)
        if fits(max_size):
            low = max_size
        while high - low > 1:
            middle = (low + high) // 2
            low, high = (middle, high) if fits(middle) else (low, middle)
        return low, balanced(words, font(font_path, low, outline), width)
    face = font(font_path, min_size, outline)
    max_lines = max(1, height // line_step(min_size, line_height))
    pieces = [piece for word in words for piece in _chunks(word, face, width)]
    lines = wrap(pieces, face, width) or []
    if len(lines) > max_lines:
        lines = [*lines[: max_lines - 1], _with_ellipsis(lines[max_lines - 1], face, width)]
    return min_size, lines


def fit_line(text: str, width: int, font_path, max_size: int, min_size: int, outline: bool = False) -> tuple[int, str]:
    """One line: the largest size at which `text` fits `width`, else cut with an ellipsis."""
    size, lines = fit_title(text, (width, 1), font_path, max_size, min_size, outline=outline)
    return size, (lines[0] if lines else "")
