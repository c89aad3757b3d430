"""Pure builders: the card's data, its height, the snippets' data and the oEmbed object."""

from __future__ import annotations

import math
import textwrap
from dataclasses import dataclass
from urllib.parse import quote, urlencode

from warta.core.dates import iso, tanggal_jam
from warta.core.facts import Facts
from warta.core.site import absolute

from .settings import CARD_PATH, HEIGHT_SCRIPT, OEMBED_FILE, RESIZE_SCRIPT, Config

THUMB_WIDTH = 112  # CSS pixels; the card shows the preview image small, beside the summary
# The card's CSS box model (theme/templates/embed.html), in CSS pixels, for the height
# estimate that the snippets and oEmbed carry for embedders without JavaScript. Characters
# per pixel are measured for DejaVu Sans, the widest common fallback font, so the estimate
# errs on the tall side (calibrated in headless Chromium on the sample cards: no card was
# taller than its estimate); the optional resize script then makes the iframe fit exactly.
FRAME = 6 + 12 + 14 + 1  # top border and padding, bottom padding and border
SIDES = 2 * (16 + 1)  # left and right padding and border
BADGES = 18 + 8
TITLE_LINE, TITLE_CHAR = 24, 11.4  # 18px bold
SMALL_LINE, SMALL_CHAR = 18, 7.6  # 13px: the date line, the status line, the footer
BODY_LINE, BODY_CHAR = 20, 8.4  # 15px: the summary
GAPS = 4 + 8 + 10  # below the title, the date line and the summary
FOOTER = 8 + 1 + 1  # padding and border above the footer, whose monospace code adds 1px
STATUS_BOX, STATUS_CHAR = 8 + 8, 8.4  # padding and margin of the bold 13px status line


@dataclass(frozen=True)
class Badge:
    text: str
    tone: str  # CSS class: jenis, hoaks, penting, darurat, dicabut, kedaluwarsa


@dataclass(frozen=True)
class Thumb:
    url: str
    width: int
    height: int


@dataclass(frozen=True)
class Card:
    """Everything the card page and the blockquote snippet show."""

    title: str
    url: str  # the canonical bulletin page
    card_url: str  # this card, absolute
    site_name: str
    tone: str  # the card's accent: biasa, darurat, hoaks, dicabut
    badges: tuple[Badge, ...]
    date_iso: str
    date_text: str
    areas: str
    status: str  # a line about validity ("Berlaku sampai …", "DICABUT …"), or ""
    status_tone: str
    summary: str
    code: str
    thumb: Thumb | None
    height_script: str  # absolute URL of the optional script that reports the card's height


def _status(facts: Facts) -> tuple[str, str]:
    tz = facts.timezone
    if facts.withdrawn:
        return "DICABUT · Buletin ini sudah dicabut dan tidak berlaku.", "dicabut"
    if facts.expired and facts.expires:
        return f"Tidak berlaku lagi sejak {tanggal_jam(facts.expires, tz)}", "kedaluwarsa"
    if facts.hoax:  # so that a card seen out of context is never taken for the hoax itself
        return "Klarifikasi resmi: kabar yang beredar tidak benar.", "hoaks"
    if facts.expires:
        return f"Berlaku sampai {tanggal_jam(facts.expires, tz)}", "berlaku"
    return "", ""


def card(facts: Facts, config: Config) -> Card:
    badges = [Badge(facts.kind, "hoaks" if facts.hoax else "jenis")]
    if facts.current and facts.urgency in ("penting", "darurat"):
        badges.append(Badge(facts.urgency.capitalize(), facts.urgency))
    if facts.withdrawn:
        badges.append(Badge("Dicabut", "dicabut"))
    elif facts.expired:
        badges.append(Badge("Tidak berlaku lagi", "kedaluwarsa"))
    tone = ("dicabut" if facts.withdrawn else "hoaks" if facts.hoax
            else "darurat" if facts.current and facts.urgency == "darurat" else "biasa")  # fmt: skip
    thumb = None
    if facts.image and facts.image.width and facts.image.height:
        thumb = Thumb(facts.image.url, THUMB_WIDTH, round(THUMB_WIDTH * facts.image.height / facts.image.width))
    status, status_tone = _status(facts)
    return Card(
        title=facts.title, url=facts.url, card_url=f"{facts.url}{CARD_PATH}", site_name=facts.site_name,
        tone=tone, badges=tuple(badges), date_iso=iso(facts.date, facts.timezone), date_text=facts.date_line,
        areas=facts.areas_text, status=status, status_tone=status_tone, summary=facts.summary,
        code=facts.code, thumb=thumb, height_script=absolute(config.siteurl, HEIGHT_SCRIPT),
    )  # fmt: skip


def _lines(text: str, width_px: float, char_px: float) -> int:
    return len(textwrap.wrap(text, width=max(1, int(width_px // char_px)), break_long_words=True)) if text else 0


def estimate_height(c: Card, width: int) -> int:
    """The card's height in CSS pixels when framed `width` pixels wide (see the constants)."""
    inner = width - SIDES
    height = FRAME + BADGES + GAPS + FOOTER + SMALL_LINE
    height += _lines(c.title, inner, TITLE_CHAR) * TITLE_LINE
    height += _lines(f"{c.date_text} · {c.areas}", inner, SMALL_CHAR) * SMALL_LINE
    if c.status:
        height += STATUS_BOX + _lines(c.status, inner - 12, STATUS_CHAR) * SMALL_LINE
    text_width = inner - (THUMB_WIDTH + 12 if c.thumb else 0)
    summary = _lines(c.summary, text_width, BODY_CHAR) * BODY_LINE
    # The thumbnail is 112px wide including its 1px border, its height follows its ratio.
    thumb = math.ceil((THUMB_WIDTH - 2) * c.thumb.height / c.thumb.width + 2) if c.thumb else 0
    height += max(summary, thumb)
    if _lines(f"Kode cek: {c.code}  Baca di situs resmi", inner, SMALL_CHAR) > 1:
        height += SMALL_LINE
    return height


def discovery_href(facts: Facts) -> str:
    """oEmbed discovery: the static file, with the query a consumer expects (a static host
    ignores it; consumers read `url` from it)."""
    query = urlencode({"url": facts.url, "format": "json"}, quote_via=quote)
    return f"{facts.url}{OEMBED_FILE}?{query}"


def resize_script(config: Config) -> str:
    return absolute(config.siteurl, RESIZE_SCRIPT)


def oembed(facts: Facts, config: Config, html: str, height: int) -> dict:
    """oEmbed 1.0 for type "rich" (https://oembed.com/#section2.3): `html` is the iframe snippet."""
    author = facts.author or facts.office
    data = {
        "version": "1.0",
        "type": "rich",
        "title": facts.title,
        "provider_name": config.site_name,
        "provider_url": absolute(config.siteurl, ""),
        "author_name": author,
        "author_url": absolute(config.siteurl, ""),
        "html": html,
        "width": config.width,
        "height": int(height),
    }
    if facts.image:
        data.update(thumbnail_url=facts.image.url, thumbnail_width=int(facts.image.width),
                    thumbnail_height=int(facts.image.height))  # fmt: skip
    if config.cache_age is not None:
        data["cache_age"] = config.cache_age
    return data
