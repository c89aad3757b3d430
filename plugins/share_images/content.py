"""What a share image shows (`Card`), built from a bulletin, and the content hash of a version.

The hash input is named explicitly in `hash_input`: every text and flag drawn on the card,
plus the renderer's own version, the font files (fallbacks too) and the mark file, and the
versions of the packages whose output is drawn (`DRAWING_PACKAGES`).
Any visual change therefore gives new file names, and the cache key is that same hash.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from importlib.metadata import version
from pathlib import Path

from warta.core.dates import tanggal, tanggal_jam
from warta.core.site import absolute

# Bump on any change to layout, colours, wording, encoding or recording in render.py, or to
# how text.py shapes, orders and draws text.
RENDERER_VERSION = 4  # 4: palette PNG, other ratios drawn in the browser; 3: fallback fonts, Arabic
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


def file_digest(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def renderer_fingerprint(mark: Path | None) -> dict:
    """The parts of the hash input that are the same for every card of a build."""
    return {
        "renderer": RENDERER_VERSION,
        **{name: version(name) for name in DRAWING_PACKAGES},
        "fonts": {name: file_digest(path) for name, path in sorted(FONT_FILES.items())},
        "mark": file_digest(mark) if mark else "drawn",
    }


def hash_input(card: Card, fingerprint: dict) -> bytes:
    return json.dumps({"card": asdict(card), **fingerprint}, sort_keys=True, ensure_ascii=False,
                      separators=(",", ":")).encode("utf-8")  # fmt: skip


def content_hash(card: Card, fingerprint: dict) -> str:
    return hashlib.sha256(hash_input(card, fingerprint)).hexdigest()


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


def layout_name(digest: str) -> str:
    """The file of the drawing operations of the ratios drawn in the browser."""
    return f"bagikan-kartu-{digest[:8]}.json"
