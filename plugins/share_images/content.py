"""What a share image shows (`Card`), built from a bulletin, and the content hash of a version.

The hash input is named explicitly in `hash_input`: every text and flag drawn on the card,
plus the renderer's own version, the font files (fallbacks too) and the mark file, and the
versions of the packages whose output is drawn (`DRAWING_PACKAGES`).
Any visual change therefore gives new file names, and the cache key is that same hash.
The notice-board poster (`Poster`: the card's text plus the summary and the file's dates)
has a hash of its own (`poster_hash`), so a summary edit gives a new poster, not new cards.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, is_dataclass
from datetime import datetime
from functools import cache
from importlib.metadata import version
from pathlib import Path
from zoneinfo import ZoneInfo

from warta.core.dates import tanggal, tanggal_jam
from warta.core.site import absolute

# Bump on any change to layout, colours, wording, encoding or recording in render.py, or to
# how text.py shapes, orders and draws text.
RENDERER_VERSION = 5  # 5: fixed palette; 4: palette PNG, other ratios drawn in the browser; 3: fallback fonts, Arabic
# Bump on any change to the poster's layout or wording in poster.py, or to how pdf.py writes it.
POSTER_VERSION = 2  # 2: text in the PDF standard fonts, the QR code in module units
FONTS_DIR = Path(__file__).resolve().parent / "fonts"
FONT_FILES = {
    "bold": FONTS_DIR / "Inter-Bold.otf",
    "regular": FONTS_DIR / "Inter-Regular.otf",
    "arabic-bold": FONTS_DIR / "NotoSansArabic-Bold.ttf",
    "arabic-regular": FONTS_DIR / "NotoSansArabic-Regular.ttf",
    "emoji": FONTS_DIR / "NotoEmoji-Bold.ttf",
}
# Packages whose output is drawn (text shaping and order, QR codes): their versions are hashed.
DRAWING_PACKAGES = ("pillow", "segno", "arabic-reshaper", "python-bidi")


@dataclass(frozen=True)
class Card:
    """Everything a share image draws, as plain text and flags."""

    site_name: str  # "Warta Karawang"
    office: str  # "Diskominfo Kabupaten Karawang"
    mark_text: str  # initials in the drawn emblem, the code prefix: "KRW"
    type_label: str  # "Pengumuman"
    title: str
    date_text: str  # "Selasa, 2 Juni 2020 · 10.00 WIB"
    updated_text: str  # "Rabu, 3 Juni 2020 · 14.30 WIB" or ""
    areas_text: str  # "Kecamatan Klari" or "Seluruh Kabupaten Karawang"
    urgency: str  # "biasa", "penting" or "darurat" (drawn only while current)
    hoax_rebuttal: bool
    state: str  # "current", "expired" or "withdrawn"
    expires_text: str  # when it stops or stopped applying, or ""
    code: str
    domain: str  # "warta.karawangkab.go.id"
    verify_url: str  # what the QR code holds: "https://…/cek/KRW-200602-01/"
    verify_hint: str  # where to type the code: "warta.karawangkab.go.id/cek/"


def join_names(names: list[str]) -> str:
    """'Pedes, Cibuaya dan Pakisjaya' (Indonesian lists put 'dan' before the last name)."""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} dan {names[-1]}"


def areas_text(bulletin, regency_name: str) -> str:
    if bulletin.whole_regency or not bulletin.areas:
        return f"Seluruh {regency_name}"
    return f"Kecamatan {join_names([area.name for area in bulletin.areas])}"


def card_for(bulletin, config, regency_name: str) -> Card:
    tz = config.timezone
    if bulletin.is_withdrawn:
        state = "withdrawn"
    elif bulletin.is_expired:
        state = "expired"
    else:
        state = "current"
    updated = bulletin.modified if bulletin.modified and bulletin.modified != bulletin.date else None
    return Card(
        site_name=config.site_name,
        office=config.office,
        mark_text=bulletin.code.split("-")[0],
        type_label=bulletin.type,
        title=" ".join(bulletin.title.split()),
        date_text=tanggal_jam(bulletin.date, tz),
        updated_text=tanggal(updated, tz) if updated else "",
        areas_text=areas_text(bulletin, regency_name),
        urgency=bulletin.urgency if state == "current" else "biasa",
        hoax_rebuttal=bulletin.is_hoax_rebuttal,
        state=state,
        expires_text=tanggal_jam(bulletin.expires, tz) if bulletin.expires and state != "withdrawn" else "",
        code=bulletin.code,
        domain=config.domain,
        verify_url=absolute(config.siteurl, config.verify_url.format(code=bulletin.code)),
        verify_hint=f"{config.domain}/{config.verify_url.split('{code}')[0]}",
    )


@dataclass(frozen=True)
class Poster:
    """Everything the notice-board poster prints: the card's text and flags, and more."""

    card: Card
    summary: str  # the bulletin's summary; for a withdrawn one, why it was withdrawn
    created: str  # PDF date of publication, "D:20200602100000+07'00'" (the file's dates)
    modified: str  # PDF date of the last change


def pdf_date(moment: datetime, tz: str) -> str:
    """A PDF date string in the site's zone: "D:20200602100000+07'00'"."""
    local = moment.replace(tzinfo=ZoneInfo(tz)) if moment.tzinfo is None else moment.astimezone(ZoneInfo(tz))
    offset = local.strftime("%z")
    return f"D:{local:%Y%m%d%H%M%S}{offset[:3]}'{offset[3:]}'"


def poster_for(bulletin, card: Card, config) -> Poster:
    if card.state == "withdrawn":
        reason = " ".join((bulletin.withdrawn_reason or "").split())
        summary = f"Dicabut: {reason}" if reason else "Buletin ini sudah dicabut."
    else:
        summary = " ".join(bulletin.summary_text.split())
    return Poster(card=card, summary=summary, created=pdf_date(bulletin.date, config.timezone),
                  modified=pdf_date(bulletin.modified or bulletin.date, config.timezone))  # fmt: skip


def file_digest(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def renderer_fingerprint(mark: Path | None) -> dict:
    """The parts of the hash input that are the same for every card of a build."""
    return {
        "renderer": RENDERER_VERSION,
        **{name: package_version(name) for name in DRAWING_PACKAGES},
        "fonts": {name: file_digest(path) for name, path in sorted(FONT_FILES.items())},
        "mark": file_digest(mark) if mark else "drawn",
    }


def _plain(record) -> dict:
    """`asdict` for the flat records hashed here (text and flags, a card inside a poster),
    without its deep copy of every value: a build hashes two per bulletin."""
    return {name: _plain(value) if is_dataclass(value) else value for name, value in vars(record).items()}


def hash_input(card: Card, fingerprint: dict) -> bytes:
    return json.dumps({"card": _plain(card), **fingerprint}, sort_keys=True, ensure_ascii=False,
                      separators=(",", ":")).encode("utf-8")  # fmt: skip


def content_hash(card: Card, fingerprint: dict) -> str:
    return hashlib.sha256(hash_input(card, fingerprint)).hexdigest()


@cache
def package_version(name: str) -> str:
    """An installed package's version, looked up once: importlib.metadata scans the
    site-packages folder on every call, a few milliseconds each, for every bulletin."""
    return version(name)


def poster_hash_input(poster: Poster, fingerprint: dict) -> bytes:
    """The poster's own hash input: what it prints, its layout's version and the fontTools
    that reads the glyph outlines it embeds, besides the cards' fingerprint (fonts, mark,
    text and QR packages, the shared drawing code's version)."""
    return json.dumps({"poster": _plain(poster), "poster_renderer": POSTER_VERSION,
                       "fonttools": package_version("fonttools"), **fingerprint},
                      sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")  # fmt: skip


def poster_hash(poster: Poster, fingerprint: dict) -> str:
    return hashlib.sha256(poster_hash_input(poster, fingerprint)).hexdigest()


@dataclass(frozen=True)
class ShareImage:
    """One published share image, as templates and other plugins read it."""

    url: str  # site-relative: "2020/06/slug/bagikan-og-3f2a9c1b.png", or the layout when drawn
    width: int
    height: int
    size: int  # bytes
    label: str  # "Open Graph 1200×630"
    ratio: str  # "og", "square", "portrait" or "story"
    sha256: str
    alt: str  # what the card says, for <img alt>
    type: str = "image/png"
    drawn: bool = False  # drawn in the reader's browser from the layout file at `url`


def file_name(ratio: str, digest: str) -> str:
    return f"bagikan-{ratio}-{digest[:8]}.png"


@dataclass(frozen=True)
class SharePoster:
    """The published notice-board poster of a bulletin's current version."""

    url: str  # site-relative: "2020/06/slug/bagikan-poster-5e0d71a2.pdf"
    size: int  # bytes
    sha256: str
    label: str = "Poster A4 (PDF) untuk papan pengumuman"
    type: str = "application/pdf"


def poster_name(digest: str) -> str:
    return f"bagikan-poster-{digest[:8]}.pdf"


def layout_name(digest: str) -> str:
    """The file of the drawing operations of the ratios drawn in the browser."""
    return f"bagikan-kartu-{digest[:8]}.json"
