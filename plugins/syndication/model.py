"""The one item model every feed format is written from, built once per bulletin."""

from __future__ import annotations

import mimetypes
import os
import re
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo


from .content import item_html
from .settings import Config

# Characters XML 1.0 forbids (C0 controls but tab, newline, return; surrogates; U+FFFE/F)
# and C1 controls, which it allows but no reader shows: dropped from every text.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
WITHDRAWN_PREFIX = "[DICABUT] "


def clean(text: str | None) -> str:
    return CONTROL.sub("", text or "")


def one_line(text: str | None) -> str:
    return " ".join(clean(text).split())


@dataclass(frozen=True)
class ItemImage:
    url: str
    mime_type: str
    length: int
    alt: str


@dataclass(frozen=True)
class FeedItem:
    """One bulletin as every feed shows it; plain data, timezone-aware dates."""

    id: str
    url: str
    title: str
    summary: str
    content_html: str
    published: datetime
    modified: datetime
    tags: tuple[str, ...]
    author: str
    language: str
    image: ItemImage | None
    code: str
    type: str
    urgency: str
    kecamatan: tuple[str, ...]
    whole_regency: bool
    expires: datetime | None
    expired: bool
    status: str
    withdrawn_reason: str | None = None


def item_id(authority: str, published: datetime, code: str, timezone: str) -> str:
    """A tag URI (RFC 4151) from what never changes: the office's domain, the publication
    day and the verification code. Title, text and slug edits leave it as it is."""
    day = published.astimezone(ZoneInfo(timezone)).strftime("%Y-%m-%d")
    return f"tag:{authority},{day}:{code}"


def item_image(bulletin, config: Config, content_root: str) -> ItemImage | None:
    if not bulletin.image:
        return None
    # A processed image (responsive_images strips EXIF) is published from bulletin.image_file.
    path = bulletin.image_file or os.path.join(content_root, bulletin.image)
    mime = mimetypes.guess_type(bulletin.image)[0] or "application/octet-stream"
    return ItemImage(config.absolute(bulletin.image), mime, os.path.getsize(path), one_line(bulletin.image_alt))


def build_item(article, config: Config, content_root: str, all_area_codes: tuple[str, ...]) -> FeedItem:
    """The feed item of one published or withdrawn article (drafts never get here)."""
    bulletin = article.bulletin
    url = config.absolute(article.url)
    title = one_line(article.title)
    if bulletin.is_withdrawn:
        title = WITHDRAWN_PREFIX + title
    author = getattr(article, "author", None)
    image = item_image(bulletin, config, content_root)
    return FeedItem(
        id=item_id(config.tag_authority, bulletin.date, bulletin.code, config.timezone),
        url=url,
        title=title,
        summary=one_line(bulletin.summary_text),
        content_html=item_html(article, config, image, clean),
        published=bulletin.date,
        modified=bulletin.modified or bulletin.date,
        tags=tuple(one_line(tag.name) for tag in getattr(article, "tags", ()) or ()),
        author=one_line(getattr(author, "name", None) or config.author),
        language=config.language,
        image=image,
        code=bulletin.code,
        type=bulletin.type,
        urgency=bulletin.urgency,
        kecamatan=all_area_codes if bulletin.whole_regency else tuple(a.code for a in bulletin.areas),
        whole_regency=bulletin.whole_regency,
        expires=bulletin.expires,
        expired=bulletin.is_expired,
        status=bulletin.status,
        withdrawn_reason=one_line(bulletin.withdrawn_reason) or None,
    )
