"""Make sitemap.xml from the build's record of written pages, and write robots.txt."""

from __future__ import annotations

import json
import os
import re
import xml.etree.ElementTree as ET
from html import unescape
from urllib.parse import urlsplit

from pelican import signals
from pelican.generators import Generator

from warta.core.output import LISTS_PAGES, atomic_write, output_of
from warta.core.output import register as output_register
from warta.core.registry import Setting, accept, is_relative_path
from warta.core.settings import declare, project_root
from warta.core.site import absolute, published_articles

NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"
PREVIEW_AGENTS = (
    "facebookexternalhit", "Facebot", "WhatsApp", "TelegramBot", "Twitterbot",
    "LinkedInBot", "Slackbot", "Discordbot",
)  # fmt: skip
SETTINGS = (
    Setting("ROBOTS_PREVIEW_AGENTS", PREVIEW_AGENTS,
            accept(lambda v: isinstance(v, (tuple, list)) and all(isinstance(a, str) and a for a in v), "use a tuple of user agent names"),
            "The link-preview crawlers robots.txt admits by name."),
    Setting("SITEMAP_CACHE_FILE", "cache/sitemap-pages.json", accept(is_relative_path, "use a path relative to the project folder"),
            "Whether each page is indexable, remembered by file identity between builds; relative to the project folder."),
)  # fmt: skip


def page_url(relative: str) -> str | None:
    """The URL of a written HTML file (`a/index.html` -> `a/`); None for other files."""
    if relative == "index.html" or relative.endswith("/index.html"):
        return relative[: -len("index.html")]
    return relative if relative.endswith(".html") else None


HEAD_TAG = re.compile(rb"<(?:meta|link)\b[^>]*>", re.IGNORECASE)
ATTRIBUTE = re.compile(rb"""([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")


def indexable(html: bytes, url: str, siteurl: str) -> bool:
    """Whether a page belongs in the sitemap: no `noindex` robots directive, and no
    rel=canonical naming another page (the lite twin names its full page). Reads the
    <meta> and <link> tags before </head> (a regular expression: a large site has tens of
    thousands of pages, and Warta's templates write plain, quoted attributes)."""
    end = html.find(b"</head>")
    for tag in HEAD_TAG.findall(html if end < 0 else html[:end]):
        attrs = {name.lower(): (double or single) for name, double, single in ATTRIBUTE.findall(tag)}
        if attrs.get(b"name", b"").lower() == b"robots" and b"noindex" in attrs.get(b"content", b"").lower():
            return False
        if b"canonical" in attrs.get(b"rel", b"").lower().split() and b"href" in attrs:
            canonical = unescape(attrs[b"href"].decode("utf-8"))
            if urlsplit(canonical).path != urlsplit(f"{siteurl}/{url}").path:
                return False
    return True


def last_changes(context) -> dict[str, object]:
    """Site-relative URL -> the moment it last changed, for the pages the context dates."""
    dates: dict[str, object] = {}
    for article in published_articles(context):
        dates[article.url] = getattr(article, "modified", None) or article.date
    for page in context["pages"]:
        if when := getattr(page, "modified", None) or getattr(page, "date", None):
            dates[page.url] = when
    return dates


class Indexable:
    """`indexable` for each page, remembered between builds by the file's identity (inode,
    size, modification time): a page kept from the live site is the very file read before,
    so a build that wrote a few pages reads only those."""

    def __init__(self, path, siteurl: str) -> None:
        self.path, self.siteurl = path, siteurl
        try:
            with open(path, encoding="utf-8") as handle:
                found = json.load(handle)
            self.known = found["pages"] if found["siteurl"] == siteurl else {}
        except (OSError, ValueError, KeyError, TypeError):
            self.known = {}
        self.used: dict[str, list] = {}

    def __call__(self, relative: str, url: str, page) -> bool:
        info = os.stat(page)
        identity = [info.st_ino, info.st_size, info.st_mtime_ns]
        known = self.known.get(relative)
        if isinstance(known, list) and known[:3] == identity:
            flag = bool(known[3])
        else:
            with open(page, "rb") as handle:
                flag = indexable(handle.read(), url, self.siteurl)
        self.used[relative] = [*identity, flag]
        return flag

    def save(self) -> None:
        if self.used != self.known:
            text = json.dumps({"siteurl": self.siteurl, "pages": self.used}, sort_keys=True)
            atomic_write(self.path, text.encode("utf-8"))


def public_pages(output, is_indexable) -> list[str]:
    """The URLs of the indexable HTML pages among the files `output` recorded."""
    urls = []
    for relative in sorted(output.files()):
        url = page_url(relative)
        if url is not None and is_indexable(relative, url, output.site_file(relative)):
            urls.append(url)
    return urls


def sitemap(urls: dict[str, object], siteurl: str) -> bytes:
    ET.register_namespace("", NAMESPACE)
    root = ET.Element(f"{{{NAMESPACE}}}urlset")
    for url in sorted(urls):
        entry = ET.SubElement(root, f"{{{NAMESPACE}}}url")
        ET.SubElement(entry, f"{{{NAMESPACE}}}loc").text = absolute(siteurl, url)
        if urls[url] is not None:
            ET.SubElement(entry, f"{{{NAMESPACE}}}lastmod").text = urls[url].isoformat()
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def robots(siteurl: str, agents) -> str:
    groups = [f"User-agent: {agent}\nAllow: /\n" for agent in (*agents, "*")]
    return "\n".join(groups) + f"\nSitemap: {absolute(siteurl, 'sitemap.xml')}\n"


class SitemapGenerator(Generator):
    def generate_output(self, writer) -> None:
        siteurl = self.settings["SITEURL"]
        agents = self.settings["ROBOTS_PREVIEW_AGENTS"]
        output = output_of(self.settings)
        output.write("robots.txt", robots(siteurl, agents))
        dates = last_changes(self.context)

        def write_sitemap() -> None:
            """Once every page is written: list the indexable ones, dated where the context knows."""
            known = Indexable(project_root(self.settings) / self.settings["SITEMAP_CACHE_FILE"], siteurl)
            urls = {url: dates.get(url) for url in public_pages(output, known)}
            output.write("sitemap.xml", sitemap(urls, siteurl))
            known.save()

        output.at_end(write_sitemap, LISTS_PAGES)


def get_generators(pelican):
    return SitemapGenerator


def register() -> None:
    declare(SETTINGS)
    output_register()
    signals.get_generators.connect(get_generators)
