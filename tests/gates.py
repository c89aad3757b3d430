"""What the quality gates (tests/test_gates_*.py) read from a built site: its pages, the
local files each one loads, its weight, and every internal URL it names."""

from __future__ import annotations

import functools
import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup

KB = 1024
PAGE_BUDGET = 50 * KB  # HTML plus CSS and its fonts (DESIGN.md, "Budgets")
SMALL_BUDGET = 15 * KB  # lite pages and embed cards
GENERATED = ("pagefind",)  # Pagefind's bundle: no pages of ours
# Pages allowed over PAGE_BUDGET, each with the reason. Remove an entry once it is fixed.
OVER_BUDGET: dict[str, str] = {}
# Attributes that name a resource or a page, by element.
URL_ATTRIBUTES = {"a": "href", "link": "href", "img": "src", "script": "src", "iframe": "src",
                  "video": "src", "audio": "src", "source": "src", "form": "action"}  # fmt: skip
SRCSET = ("img", "source")
META_IMAGES = ("og:image", "og:image:url", "og:image:secure_url", "twitter:image")
TEXT_FILES = ("*.xml", "*.json", "*.opml", "*.txt")


def html_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if p.relative_to(site).parts[0] not in GENERATED)


def page_url(site: Path, siteurl: str, path: Path) -> str:
    """The absolute URL a page is served at (`a/index.html` -> `<siteurl>/a/`)."""
    relative = path.relative_to(site).as_posix()
    if relative == "index.html" or relative.endswith("/index.html"):
        relative = relative[: -len("index.html")]
    return f"{siteurl}/{relative}"


def is_small(site: Path, path: Path) -> bool:
    """Lite pages and embed cards have the 15 KB budget."""
    parts = path.relative_to(site).parts
    return parts[0] == "lite" or (len(parts) >= 2 and parts[-2] == "embed")


def local_file(site: Path, siteurl: str, url: str) -> Path | None:
    """The built file an absolute URL of this site names (None for other sites); a URL that
    ends in / names its index.html."""
    if url != siteurl and not url.startswith(siteurl + "/"):
        return None
    path = urlsplit(url).path
    base = urlsplit(siteurl).path.rstrip("/")
    relative = path[len(base):].lstrip("/")
    return site / (relative + "index.html" if relative.endswith("/") or not relative else relative)


def srcset_urls(value: str) -> list[str]:
    return [candidate.split()[0] for candidate in value.split(",") if candidate.strip()]


def page_refs(soup: BeautifulSoup, base: str) -> list[tuple[str, str]]:
    """(where, absolute URL) for every URL the page names: links, resources, srcset
    candidates, Open Graph and Twitter images."""
    refs = []
    for name, attribute in URL_ATTRIBUTES.items():
        for tag in soup.find_all(name, attrs={attribute: True}):
            refs.append((f"<{name} {attribute}>", urljoin(base, tag[attribute])))
    for name in SRCSET:
        for tag in soup.find_all(name, attrs={"srcset": True}):
            refs += [(f"<{name} srcset>", urljoin(base, url)) for url in srcset_urls(tag["srcset"])]
    for meta in soup.find_all("meta", attrs={"content": True}):
        if (meta.get("property") or meta.get("name")) in META_IMAGES:
            refs.append((f"<meta {meta.get('property') or meta.get('name')}>", urljoin(base, meta["content"])))
    return refs


def stylesheets(site: Path, siteurl: str, soup: BeautifulSoup, base: str) -> list[Path]:
    found = []
    for link in soup.find_all("link", attrs={"href": True}):
        if "stylesheet" in (link.get("rel") or []):
            path = local_file(site, siteurl, urljoin(base, link["href"]))
            if path is not None:
                found.append(path)
    return found


FONT_URL = re.compile(r"""@font-face\s*\{[^}]*?src:\s*url\(["']?([^"')]+)""")


def fonts(stylesheet: Path) -> tuple[Path, ...]:
    """The font files a stylesheet's @font-face rules load (next to it on disk)."""
    found = stylesheet.stat()
    return _fonts(stylesheet, found.st_size, found.st_mtime_ns)


@functools.cache  # every page links the same few stylesheets: read each version once
def _fonts(stylesheet: Path, size: int, mtime_ns: int) -> tuple[Path, ...]:
    found = FONT_URL.findall(stylesheet.read_text(encoding="utf-8"))
    return tuple((stylesheet.parent / url).resolve() for url in found)


def page_weight(site: Path, siteurl: str, path: Path) -> int:
    """Bytes of the HTML plus every local stylesheet it links (inline CSS is in the HTML) and
    the fonts those stylesheets load."""
    soup = BeautifulSoup(path.read_bytes(), "html.parser")
    css = stylesheets(site, siteurl, soup, page_url(site, siteurl, path))
    loaded = {font for sheet in css for font in fonts(sheet)}
    return path.stat().st_size + sum(p.stat().st_size for p in [*css, *loaded])


def text_file_urls(site: Path, siteurl: str) -> list[tuple[Path, str]]:
    """Every absolute URL of this site written in a feed, sitemap, JSON or text file."""
    # Escaped markup (`&lt;` in XML text) and query strings (`&amp;`) end a URL at `&`.
    pattern = re.compile(re.escape(siteurl) + r"""(?:/[^\s"'<>\\&]*)?""")
    found = []
    for glob in TEXT_FILES:
        for path in sorted(site.rglob(glob)):
            if path.relative_to(site).parts[0] in GENERATED:
                continue
            for url in pattern.findall(path.read_text(encoding="utf-8")):
                found.append((path, url))
    return found
