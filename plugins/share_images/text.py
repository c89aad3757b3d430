"""Text fitting: wrap whole words into a box, shrink before cutting, ellipsis as a last resort.

Fonts use Pillow's BASIC layout (FreeType only, no libraqm/fribidi), so the measurements and
the drawn pixels depend only on the pinned Pillow wheel and the font files in the repository.
"""

from __future__ import annotations

from functools import lru_cache

from PIL import ImageFont

LINE_HEIGHT = 1.2
ELLIPSIS = "…"


@lru_cache(maxsize=256)
def font(path: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(path), size, layout_engine=ImageFont.Layout.BASIC)


@lru_cache(maxsize=1 << 16)
def length(face: ImageFont.FreeTypeFont, text: str) -> float:
    """`face.getlength(text)`, remembered: fitting measures the same words and lines again
    and again (every size, every ratio), and measuring was half of the render time."""
    return face.getlength(text)


def line_step(size: int, line_height: float = LINE_HEIGHT) -> int:
    """Distance between two baselines, in whole pixels."""
    return round(size * line_height)


def wrap(words: list[str], face: ImageFont.FreeTypeFont, width: int) -> list[str] | None:
    """Greedy wrap of whole words; None when a single word is wider than the line."""
    lines: list[str] = []
    for word in words:
        if length(face, word) > width:
            return None
        if lines and length(face, f"{lines[-1]} {word}") <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines


def balanced(words: list[str], face: ImageFont.FreeTypeFont, width: int) -> list[str] | None:
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


def _chunks(word: str, face: ImageFont.FreeTypeFont, width: int) -> list[str]:
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


def _with_ellipsis(line: str, face: ImageFont.FreeTypeFont, width: int) -> str:
    """`line` shortened (whole words first, then characters) until 'line…' fits."""
    words = line.split(" ")
    while len(words) > 1 and length(face, " ".join(words) + ELLIPSIS) > width:
        words.pop()
    text = " ".join(words).rstrip(",.;:–-")
    while text and length(face, text + ELLIPSIS) > width:
        text = text[:-1]
    return text.rstrip() + ELLIPSIS


def fit_title(text: str, box: tuple[int, int], font_path, max_size: int, min_size: int,
              line_height: float = LINE_HEIGHT) -> tuple[int, list[str]]:  # fmt: skip
    """The largest size from max_size down to min_size at which every whole word of `text`
    fits the box (width, height), with its lines. Only when nothing fits at min_size are
    over-long words cut and the last line ended with an ellipsis."""
    width, height = box
    words = text.split()
    if not words:
        return max_size, []
    for size in range(max_size, min_size - 1, -1):
        face = font(font_path, size)
        lines = wrap(words, face, width)
        if lines is not None and len(lines) <= max(1, height // line_step(size, line_height)):
            return size, balanced(words, face, width)
    face = font(font_path, min_size)
    max_lines = max(1, height // line_step(min_size, line_height))
    pieces = [piece for word in words for piece in _chunks(word, face, width)]
    lines = wrap(pieces, face, width) or []
    if len(lines) > max_lines:
        lines = [*lines[: max_lines - 1], _with_ellipsis(lines[max_lines - 1], face, width)]
    return min_size, lines


def fit_line(text: str, width: int, font_path, max_size: int, min_size: int) -> tuple[int, str]:
    """One line: the largest size at which `text` fits `width`, else cut with an ellipsis."""
    size, lines = fit_title(text, (width, 1), font_path, max_size, min_size)
    return size, (lines[0] if lines else "")
