"""What the quality gates (tests/test_gates_*.py) read from a built site: its pages, the
local files each one loads, its weight, and every internal URL it names."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urljoin

from bs4 import BeautifulSoup

# The budgets and the weight of a page live in the package: the pull-request report shows them too.
from warta.deploy.weight import (KB, PAGE_BUDGET, SMALL_BUDGET, fonts, is_small, local_file, page_url,  # noqa: F401
                                 page_weight, stylesheets)

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
