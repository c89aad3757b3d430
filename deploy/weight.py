"""Page weight and its budgets, read from a built site: what the quality gates hold every
page to (tests/gates.py) and what the pull-request report shows for each bulletin."""

from __future__ import annotations

import functools
import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

KB = 1024
PAGE_BUDGET = 50 * KB  # HTML plus CSS and its fonts (DESIGN.md, "Budgets")
SMALL_BUDGET = 15 * KB  # lite pages and embed cards


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


def budget(site: Path, path: Path) -> int:
    return SMALL_BUDGET if is_small(site, path) else PAGE_BUDGET


def local_file(site: Path, siteurl: str, url: str) -> Path | None:
    """The built file an absolute URL of this site names (None for other sites); a URL that
    ends in / names its index.html."""
    if url != siteurl and not url.startswith(siteurl + "/"):
        return None
    path = urlsplit(url).path
    base = urlsplit(siteurl).path.rstrip("/")
    relative = path[len(base):].lstrip("/")
    return site / (relative + "index.html" if relative.endswith("/") or not relative else relative)


def stylesheets(site: Path, siteurl: str, soup, base: str) -> list[Path]:
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
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(path.read_bytes(), "html.parser")
    css = stylesheets(site, siteurl, soup, page_url(site, siteurl, path))
    loaded = {font for sheet in css for font in fonts(sheet)}
    return path.stat().st_size + sum(p.stat().st_size for p in [*css, *loaded])
