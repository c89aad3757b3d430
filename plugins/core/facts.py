"""The plain facts about one bulletin that previews, embed cards and share texts are built from.

`facts_of()` is the only place that reads Pelican articles, the share images and image files;
everything downstream (Open Graph, JSON-LD, oEmbed, WhatsApp text) is a pure function of
`Facts`, so tests build `Facts` directly.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from bs4 import BeautifulSoup
from pelican.generators import ArticlesGenerator
from PIL import Image, UnidentifiedImageError

from warta.core.site import DEFAULT_TIMEZONE, RULES_KEY, absolute, timezone
from warta.core.dates import tanggal_jam

logger = logging.getLogger(__name__)

ALT_MAX = 420  # Twitter's limit for twitter:image:alt; a sane bound for og:image:alt too
SHARE_IMAGE_ORDER = ("og", "square", "portrait", "story")


@dataclass(frozen=True)
class PreviewImage:
    """An image with an absolute URL, its pixel size, MIME type and alternative text."""

    url: str
    width: int
    height: int
    type: str
    alt: str = ""
    size: int | None = None  # bytes, when known
    label: str = ""  # what the Bagikan kit calls it ("Open Graph 1200x630")
    key: str = ""  # "og", "square", "portrait", "story" for share images
    drawn: bool = False  # no file: the reader's browser draws it from the layout file at `url`


@dataclass(frozen=True)
class Printable:
    """A file to print: the notice-board poster."""

    url: str  # absolute
    type: str  # "application/pdf"
    size: int | None = None  # bytes, when known
    label: str = ""  # what the Bagikan kit calls it


@dataclass(frozen=True)
class Place:
    code: str
    name: str


@dataclass(frozen=True)
class Facts:
    title: str
    url: str  # canonical, absolute
    path: str  # site-relative URL of the bulletin page ("2020/06/slug/")
    summary: str  # plain text
    kind: str  # the bulletin type: Berita, Pengumuman, …
    code: str
    date: datetime
    site_name: str
    siteurl: str
    office: str  # the publishing organisation (AUTHOR)
    author: str = ""  # the bulletin's author; the office when empty
    modified: datetime | None = None
    expires: datetime | None = None
    urgency: str = "biasa"
    withdrawn: bool = False
    withdrawn_reason: str = ""
    expired: bool = False
    hoax: bool = False
    topics: tuple[str, ...] = ()
    places: tuple[Place, ...] = ()
    whole_regency: bool = False
    regency: Place = Place("", "")
    image: PreviewImage | None = None
    share_images: tuple[PreviewImage, ...] = ()
    poster: Printable | None = None  # the share-images plugin's A4 poster
    claim: str = ""  # for hoax rebuttals: the claim that circulates (from "## Beredar")
    timezone: str = DEFAULT_TIMEZONE

    @property
    def updated(self) -> datetime:
        return self.modified or self.date

    @property
    def current(self) -> bool:
        return not (self.withdrawn or self.expired)

    @property
    def date_line(self) -> str:
        return tanggal_jam(self.date, self.timezone)

    @property
    def areas_text(self) -> str:
        """'Klari, Cikampek', '5 kecamatan' or the regency, as lists and banners say it."""
        if self.whole_regency or not self.places:
            return f"Seluruh {self.regency.name}".strip()
        if len(self.places) > 3:
            return f"{len(self.places)} kecamatan"
        return ", ".join(place.name for place in self.places)


def shorten(text: str, limit: int, ellipsis: str = "…") -> str:
    """`text` cut at a word boundary so that it fits in `limit` characters with the ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - len(ellipsis) + 1]
    if " " in cut:
        cut = cut[: cut.rindex(" ")]
    else:
        cut = cut[: limit - len(ellipsis)]
    return cut.rstrip(" ,;:.–-") + ellipsis


def share_image_alt(facts: Facts) -> str:
    """Alt text of a share image: it shows the type, title, date, area and code."""
    parts = [f"{facts.kind}: {facts.title}", facts.date_line, facts.areas_text, f"Kode cek {facts.code}"]
    return shorten(" · ".join(parts), ALT_MAX)


def _share_images(article, siteurl: str) -> tuple[PreviewImage, ...]:
    """The share-images plugin's cards (`article.share_images`, files, and
    `article.share_images_drawn`, drawn in the browser), absent until it has run."""
    images = {**(getattr(article, "share_images_drawn", None) or {}), **(getattr(article, "share_images", None) or {})}
    found = []
    for key in (*SHARE_IMAGE_ORDER, *sorted(set(images) - set(SHARE_IMAGE_ORDER))):
        image = images.get(key)
        if image is None:
            continue
        found.append(PreviewImage(
            url=absolute(siteurl, str(image.url)), width=int(image.width),
            height=int(image.height), type=image.type, size=getattr(image, "size", None),
            label=getattr(image, "label", "") or key, key=key, alt=getattr(image, "alt", "") or "",
            drawn=bool(getattr(image, "drawn", False)),
        ))  # fmt: skip
    return tuple(found)


def _poster(article, siteurl: str) -> Printable | None:
    """The share-images plugin's poster (`article.share_poster`), absent until it has run."""
    poster = getattr(article, "share_poster", None)
    if poster is None:
        return None
    return Printable(url=absolute(siteurl, str(poster.url)), type=poster.type, size=getattr(poster, "size", None),
                     label=getattr(poster, "label", "") or "")  # fmt: skip


def _own_image(bulletin, content_root: Path, siteurl: str) -> PreviewImage | None:
    """The bulletin's own `image` with the size Pillow reads from the file."""
    if not bulletin.image:
        return None
    # A processed image (responsive_images strips EXIF, turns photos upright) is published from image_file.
    path = Path(bulletin.image_file) if bulletin.image_file else content_root / bulletin.image
    try:
        with Image.open(path) as picture:
            width, height = picture.size
            mime = Image.MIME.get(picture.format or "", "")
    except (OSError, UnidentifiedImageError) as error:
        logger.warning("link_preview: cannot read %s for its size (%s); no preview image", path, error)
        return None
    return PreviewImage(absolute(siteurl, bulletin.image), width, height, mime,
                        shorten(bulletin.image_alt or "", ALT_MAX))  # fmt: skip


def claim_of(content_html: str) -> str:
    """What a hoax rebuttal's "## Beredar" section says circulates: its first quotation
    (the message itself) when it quotes one, else its first paragraph."""
    soup = BeautifulSoup(content_html or "", "html.parser")
    heading = next((h for h in soup.find_all("h2") if h.get_text(strip=True).casefold() == "beredar"), None)
    if heading is None:
        return ""
    first_paragraph = ""
    for sibling in heading.find_next_siblings():
        if sibling.name in ("h1", "h2"):
            break
        if sibling.name == "blockquote":
            return shorten(sibling.get_text(" ").strip().strip("\"“”'"), 300)
        if sibling.name == "p" and not first_paragraph:
            first_paragraph = sibling.get_text(" ")
    return shorten(first_paragraph, 300)


def facts_of(article, settings, regency) -> Facts:
    """Read one Pelican article (with its `bulletin`) into `Facts`."""
    b = article.bulletin
    siteurl = settings["SITEURL"]
    shares = _share_images(article, siteurl)
    image = next((i for i in shares if i.key == "og" and not i.drawn), None)
    base = Facts(
        title=article.title, url=absolute(siteurl, article.url), path=article.url,
        summary=b.summary_text, kind=b.type, code=b.code, date=article.date,
        site_name=settings.get("SITENAME", ""), siteurl=siteurl, office=settings.get("AUTHOR") or "",
        author=str(getattr(article, "author", "") or ""), modified=b.modified, expires=b.expires,
        urgency=b.urgency, withdrawn=b.is_withdrawn, withdrawn_reason=b.withdrawn_reason or "",
        expired=b.is_expired, hoax=b.is_hoax_rebuttal,
        topics=tuple(tag.name for tag in getattr(article, "tags", None) or ()),
        places=tuple(Place(area.code, area.name) for area in b.areas), whole_regency=b.whole_regency,
        regency=Place(regency.code, regency.name), share_images=shares, poster=_poster(article, siteurl),
        claim=claim_of(article.content) if b.is_hoax_rebuttal else "",
        timezone=timezone(settings),
    )  # fmt: skip
    if image is not None:
        image = replace(image, alt=image.alt or share_image_alt(base))
    else:
        image = _own_image(b, Path(settings["PATH"]), siteurl)
    return replace(base, image=image)


def bulletin_pages(generators) -> tuple[list, dict, object]:
    """From Pelican's generators: every bulletin with a page (published and withdrawn, not
    drafts, not drills, which nobody should re-post or embed), the settings and the regency.
    For `all_generators_finalized` handlers."""
    articles = next(g for g in generators if isinstance(g, ArticlesGenerator))
    pages = [a for a in (*articles.articles, *articles.hidden_articles) if not a.bulletin.is_drill]
    return pages, articles.settings, articles.context[RULES_KEY].regency


def facts_for(article, settings, regency) -> Facts:
    """`facts_of(article)`, read once per build and kept on the article as `article.facts`."""
    facts = getattr(article, "facts", None)
    if not isinstance(facts, Facts):
        facts = article.facts = facts_of(article, settings, regency)
    return facts
