"""Pure builders of the lite edition: text-only HTML, lite URLs, lists and their pages."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from bs4 import BeautifulSoup

# Whatever loads more than text. Images leave their alt text behind; the rest goes.
MEDIA = ("video", "audio", "iframe", "object", "embed", "svg", "canvas", "script", "style", "source", "track")
HEAVY_ATTRIBUTES = ("style", "srcset", "sizes")


def text_only(html: str | None) -> str:
    """An HTML fragment without images, media or scripts. An image with alt text becomes
    `[Gambar: alt]`, so nothing the picture said is lost."""
    soup = BeautifulSoup(html or "", "html.parser")
    for name in ("picture", "img"):  # pictures first: their <img> holds the alt text
        for tag in soup.find_all(name):
            image = tag if name == "img" else tag.find("img")
            alt = " ".join((image.get("alt") or "").split()) if image else ""
            if alt:
                tag.replace_with(f"[Gambar: {alt}]")
            else:
                tag.decompose()
    for tag in soup.find_all(MEDIA):
        tag.decompose()
    for tag in soup.find_all(True):
        for attribute in HEAVY_ATTRIBUTES:
            tag.attrs.pop(attribute, None)
    return str(soup)


def lite_url(folder: str, url: str) -> str:
    """The lite twin of a full page's site-relative URL: `2021/03/x/` -> `lite/2021/03/x/`."""
    return f"{folder}/{url}" if url and url != "index.html" else f"{folder}/"


@dataclass(frozen=True)
class LitePage:
    """One page of a lite list."""

    number: int
    count: int
    url: str
    save_as: str
    articles: list
    previous: str | None
    next: str | None


@dataclass
class LiteList:
    """A type, topic or kecamatan list (or the index of one kind) in the lite edition."""

    title: str
    full_url: str
    url: str
    articles: list = field(default_factory=list)

    def pages(self, per_page: int) -> list[LitePage]:
        """`url` for the first page, then `url` + `halaman/<n>/` like the full site's lists."""
        count = max(1, math.ceil(len(self.articles) / per_page))
        urls = [self.url] + [f"{self.url}halaman/{n}/" for n in range(2, count + 1)]
        return [LitePage(number=n, count=count, url=urls[n - 1], save_as=urls[n - 1] + "index.html",
                         articles=self.articles[(n - 1) * per_page: n * per_page],
                         previous=urls[n - 2] if n > 1 else None, next=urls[n] if n < count else None)
                for n in range(1, count + 1)]  # fmt: skip


@dataclass
class LiteKind:
    """Every list of one kind (jenis, topik, kecamatan) and the index page that links them."""

    key: str
    title: str
    index: LiteList
    lists: list[LiteList]
