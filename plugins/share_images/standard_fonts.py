"""The PDF standard fonts the poster's text is written in: Helvetica and Helvetica-Bold with
WinAnsiEncoding. Every PDF reader has them, so the poster embeds no font for the characters
they have (all of Indonesian and the rest of Western European text); a character WinAnsi
lacks is drawn from the card fonts instead (text.FALLBACKS).

Each stands on a card font: the one the preview (Pillow) draws it with, and the first of its
fallbacks. The advance widths below are what fitting and wrapping measure with, as a PDF
reader draws the text.

The widths come from Adobe's Core 14 AFM files (Helvetica.afm, Helvetica-Bold.afm), whose
notice follows. Modified: only each glyph's advance width is kept, listed by WinAnsiEncoding
code from 0x20 to 0xFF, 0 where WinAnsi has no character (0x7F, 0x81, 0x8D, 0x8F, 0x90, 0x9D)
or where the soft hyphen (0xAD) would print a hyphen; 0xA0, the no-break space, is the space.

    Core 14 AFM Files - ReadMe

    This file and the 14 PostScript(R) AFM files it accompanies may be used, copied, and
    distributed for any purpose and without charge, with or without modification, provided
    that all copyright notices are retained; that the AFM files are not distributed without
    this file; that all modifications to this file or any of the AFM files are prominently
    noted in the modified file(s); and that this paragraph is not modified. Adobe Systems has
    no responsibility or obligation to support the use of the AFM files.

    Helvetica.afm, Helvetica-Bold.afm: Copyright (c) 1985, 1987, 1989, 1990, 1997 Adobe
    Systems Incorporated. All Rights Reserved. Helvetica is a trademark of Linotype-Hell AG
    and/or its subsidiaries.
"""

from __future__ import annotations

from functools import lru_cache

from .content import FONT_FILES

ENCODING = "cp1252"  # WinAnsiEncoding, as Python knows it
FIRST = 0x20
UNITS = 1000  # AFM widths are in thousandths of the type size

# Each standard font and the card font standing in for it.
STANDARD_FONTS = {"Helvetica": FONT_FILES["regular"], "Helvetica-Bold": FONT_FILES["bold"]}

WIDTHS = {
    "Helvetica": (
        278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,  # 0x20
        556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,  # 0x30
        1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,  # 0x40
        667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,  # 0x50
        333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,  # 0x60
        556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584, 0,  # 0x70
        556, 0, 222, 556, 333, 1000, 556, 556, 333, 1000, 667, 333, 1000, 0, 611, 0,  # 0x80
        0, 222, 222, 333, 333, 350, 556, 1000, 333, 1000, 500, 333, 944, 0, 500, 667,  # 0x90
        278, 333, 556, 556, 556, 556, 260, 556, 333, 737, 370, 556, 584, 0, 737, 333,  # 0xa0
        400, 584, 333, 333, 333, 556, 537, 278, 333, 333, 365, 556, 834, 834, 834, 611,  # 0xb0
        667, 667, 667, 667, 667, 667, 1000, 722, 667, 667, 667, 667, 278, 278, 278, 278,  # 0xc0
        722, 722, 778, 778, 778, 778, 778, 584, 778, 722, 722, 722, 722, 667, 667, 611,  # 0xd0
        556, 556, 556, 556, 556, 556, 889, 500, 556, 556, 556, 556, 278, 278, 278, 278,  # 0xe0
        556, 556, 556, 556, 556, 556, 556, 584, 611, 556, 556, 556, 556, 500, 556, 500,  # 0xf0
    ),
    "Helvetica-Bold": (
        278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278,  # 0x20
        556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611,  # 0x30
        975, 722, 722, 722, 722, 667, 611, 778, 722, 278, 556, 722, 611, 833, 722, 778,  # 0x40
        667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 333, 278, 333, 584, 556,  # 0x50
        333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611,  # 0x60
        611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584, 0,  # 0x70
        556, 0, 278, 556, 500, 1000, 556, 556, 333, 1000, 667, 333, 1000, 0, 611, 0,  # 0x80
        0, 278, 278, 500, 500, 350, 556, 1000, 333, 1000, 556, 333, 944, 0, 500, 667,  # 0x90
        278, 333, 556, 556, 556, 556, 280, 556, 333, 737, 370, 556, 584, 0, 737, 333,  # 0xa0
        400, 584, 333, 333, 333, 611, 556, 278, 333, 333, 365, 556, 834, 834, 834, 611,  # 0xb0
        722, 722, 722, 722, 722, 722, 1000, 722, 667, 667, 667, 667, 278, 278, 278, 278,  # 0xc0
        722, 722, 778, 778, 778, 778, 778, 584, 778, 722, 722, 722, 722, 667, 667, 611,  # 0xd0
        556, 556, 556, 556, 556, 556, 889, 556, 556, 556, 556, 556, 278, 278, 278, 278,  # 0xe0
        611, 611, 611, 611, 611, 611, 611, 584, 611, 611, 611, 611, 611, 556, 611, 556,  # 0xf0
    ),
}


@lru_cache(maxsize=None)
def widths(name: str) -> dict[int, int]:
    """Each code point a standard font draws (with WinAnsiEncoding) and its advance width."""
    out = {}
    for code, width in enumerate(WIDTHS[name], FIRST):
        if width:
            out[ord(bytes([code]).decode(ENCODING))] = width
    return out


def encode(text: str) -> bytes:
    """Text in a standard font as the codes its PDF string holds (only characters `widths` has)."""
    return text.encode(ENCODING)
