"""Pure builders of the lite edition: text-only HTML, lite URLs, lists and their pages."""

from __future__ import annotations

from dataclasses import dataclass, field

from bs4 import BeautifulSoup

from warta.core.pagination import ListPage, paginate

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


@dataclass
class LiteList:
    """A type, topic or kecamatan list (or the index of one kind) in the lite edition."""

    title: str
    full_url: str
    url: str
    articles: list = field(default_factory=list)

    def pages(self, per_page: int) -> list[ListPage]:
        """`url` for the newest page, then `url` + `halaman/<n>/` from the oldest, like the
        full site's lists (core.pagination)."""
        def address(number: int) -> tuple[str, str]:
            url = self.url if number == 1 else f"{self.url}halaman/{number}/"
            return url, url + "index.html"

        return paginate(self.articles, per_page, address)


@dataclass
class LiteKind:
    """Every list of one kind (jenis, topik, kecamatan) and the index page that links them."""

    key: str
    title: str
    index: LiteList
    lists: list[LiteList]
