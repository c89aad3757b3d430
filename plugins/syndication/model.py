"""The one item model every feed format is written from: what an item is built from
(`ItemSource`, cheap, read for every bulletin) and the item itself (built once per bulletin,
only for feeds that must be written again)."""

from __future__ import annotations

import mimetypes
import os
import re
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from warta.core.model import Change, Source

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


@dataclass(frozen=True)
class Linked:
    """Another bulletin an item names (its successor or the one it replaces)."""

    url: str  # site-relative
    title: str


@dataclass(frozen=True)
class ItemSource:
    """Every value one bulletin's feed item is built from, read off the article once per
    build. The builder reads nothing else, so a feed's key (its items' sources, the scope's
    `FeedMeta` and the settings) covers all its bytes while the costly part, the item HTML,
    is made only for feeds whose key changed."""

    url: str  # site-relative
    title: str
    summary: str
    content: str | None  # the article's HTML as the build resolved its links
    transcript_html: str | None
    tags: tuple[str, ...]
    author: str | None
    code: str
    type: str
    urgency: str
    status: str
    published: datetime
    modified: datetime
    areas: tuple[str, ...]  # kecamatan names, for the facts line
    kecamatan: tuple[str, ...]  # codes: every one for a whole-regency bulletin
    whole_regency: bool
    expires: datetime | None
    expired: bool
    withdrawn: bool
    withdrawn_reason: str | None
    hoax_rebuttal: bool
    image: ItemImage | None  # with the published file's byte length
    video: str | None
    video_is_local: bool
    sources: tuple[Source, ...]
    changes: tuple[Change, ...]  # newest first
    replaces: Linked | None
    replaced_by: Linked | None


def item_image(bulletin, config: Config, content_root: str) -> ItemImage | None:
    if not bulletin.image:
        return None
    # A processed image (responsive_images strips EXIF) is published from bulletin.image_file.
    path = bulletin.image_file or os.path.join(content_root, bulletin.image)
    mime = mimetypes.guess_type(bulletin.image)[0] or "application/octet-stream"
    return ItemImage(config.absolute(bulletin.image), mime, os.path.getsize(path), one_line(bulletin.image_alt))


def _linked(article) -> Linked | None:
    return Linked(article.url, article.title) if article is not None else None


def item_source(article, config: Config, content_root: str, all_area_codes: tuple[str, ...]) -> ItemSource:
    """What the item of one published or withdrawn article (drafts never get here) is built
    from; cheap: no parsing, one stat for the image."""
    bulletin = article.bulletin
    author = getattr(article, "author", None)
    return ItemSource(
        url=article.url,
        title=article.title,
        summary=bulletin.summary_text,
        content=article.content,
        transcript_html=bulletin.transcript_html,
        tags=tuple(tag.name for tag in getattr(article, "tags", ()) or ()),
        author=getattr(author, "name", None),
        code=bulletin.code,
        type=bulletin.type,
        urgency=bulletin.urgency,
        status=bulletin.status,
        published=bulletin.date,
        modified=bulletin.modified or bulletin.date,
        areas=tuple(area.name for area in bulletin.areas),
        kecamatan=all_area_codes if bulletin.whole_regency else tuple(a.code for a in bulletin.areas),
        whole_regency=bulletin.whole_regency,
        expires=bulletin.expires,
        expired=bulletin.is_expired,
        withdrawn=bulletin.is_withdrawn,
        withdrawn_reason=bulletin.withdrawn_reason,
        hoax_rebuttal=bulletin.is_hoax_rebuttal,
        image=item_image(bulletin, config, content_root),
        video=bulletin.video,
        video_is_local=bulletin.video_is_local,
        sources=tuple(bulletin.sources),
        changes=tuple(bulletin.changes),
        replaces=_linked(bulletin.replaces),
        replaced_by=_linked(bulletin.replaced_by),
    )


def build_item(source: ItemSource, config: Config) -> FeedItem:
    """The feed item of one article from its `ItemSource`; the item HTML is the costly part."""
    title = one_line(source.title)
    if source.withdrawn:
        title = WITHDRAWN_PREFIX + title
    return FeedItem(
        id=item_id(config.tag_authority, source.published, source.code, config.timezone),
        url=config.absolute(source.url),
        title=title,
        summary=one_line(source.summary),
        content_html=item_html(source, config, clean),
        published=source.published,
        modified=source.modified,
        tags=tuple(one_line(tag) for tag in source.tags),
        author=one_line(source.author or config.author),
        language=config.language,
        image=source.image,
        code=source.code,
        type=source.type,
        urgency=source.urgency,
        kecamatan=source.kecamatan,
        whole_regency=source.whole_regency,
        expires=source.expires,
        expired=source.expired,
        status=source.status,
        withdrawn_reason=one_line(source.withdrawn_reason) or None,
    )
