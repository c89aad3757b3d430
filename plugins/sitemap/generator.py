"""Make sitemap.xml from the build's record of written pages, and write robots.txt."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from urllib.parse import urlsplit

from pelican import signals
from pelican.generators import Generator

from warta.core.output import output_of
from warta.core.output import register as output_register
from warta.core.site import published_articles

NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"
PREVIEW_AGENTS = (
    "facebookexternalhit", "Facebot", "WhatsApp", "TelegramBot", "Twitterbot",
    "LinkedInBot", "Slackbot", "Discordbot",
)  # fmt: skip
WORK = "sitemap"  # the context's last-change moments, in the build's Output.work


def page_url(relative: str) -> str | None:
    """The URL of a written HTML file (`a/index.html` -> `a/`); None for other files."""
    if relative == "index.html" or relative.endswith("/index.html"):
        return relative[: -len("index.html")]
    return relative if relative.endswith(".html") else None


class _Head(HTMLParser):
    """The robots directives and the canonical URL in a page's <head>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.robots, self.canonical, self.done = "", None, False

    def handle_starttag(self, tag, attrs) -> None:
        attrs = dict(attrs)
        if tag == "meta" and (attrs.get("name") or "").lower() == "robots":
            self.robots += (attrs.get("content") or "").lower()
        elif tag == "link" and "canonical" in (attrs.get("rel") or "").lower().split():
            self.canonical = attrs.get("href")
        elif tag == "body":
            self.done = True

    def handle_endtag(self, tag) -> None:
        self.done = self.done or tag == "head"


def indexable(html: str, url: str, siteurl: str) -> bool:
    """Whether a page belongs in the sitemap: no `noindex` robots directive, and no
    rel=canonical naming another page (the lite twin names its full page)."""
    head = _Head()
    for line in html.splitlines(keepends=True):
        head.feed(line)
        if head.done:
            break
    if "noindex" in head.robots:
        return False
    return head.canonical is None or urlsplit(head.canonical).path == urlsplit(f"{siteurl}/{url}").path


def last_changes(context) -> dict[str, object]:
    """Site-relative URL -> the moment it last changed, for the pages the context dates."""
    dates: dict[str, object] = {}
    for article in published_articles(context):
        dates[article.url] = getattr(article, "modified", None) or article.date
    for page in context["pages"]:
        if when := getattr(page, "modified", None) or getattr(page, "date", None):
            dates[page.url] = when
    return dates


def public_pages(output, siteurl: str) -> list[str]:
    """The URLs of the indexable HTML pages among the files `output` recorded."""
    urls = []
    for relative in sorted(output.files()):
        url = page_url(relative)
        if url is not None and indexable(output.site_file(relative).read_text(encoding="utf-8"), url, siteurl):
            urls.append(url)
    return urls


def sitemap(urls: dict[str, object], siteurl: str) -> bytes:
    ET.register_namespace("", NAMESPACE)
    root = ET.Element(f"{{{NAMESPACE}}}urlset")
    for url in sorted(urls):
        entry = ET.SubElement(root, f"{{{NAMESPACE}}}url")
        ET.SubElement(entry, f"{{{NAMESPACE}}}loc").text = f"{siteurl}/{url}"
        if urls[url] is not None:
            ET.SubElement(entry, f"{{{NAMESPACE}}}lastmod").text = urls[url].isoformat()
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def robots(siteurl: str, agents) -> str:
    groups = [f"User-agent: {agent}\nAllow: /\n" for agent in (*agents, "*")]
    return "\n".join(groups) + f"\nSitemap: {siteurl}/sitemap.xml\n"


class SitemapGenerator(Generator):
    def generate_output(self, writer) -> None:
        siteurl = self.settings["SITEURL"]
        agents = self.settings.get("ROBOTS_PREVIEW_AGENTS", PREVIEW_AGENTS)
        output = output_of(self.settings)
        output.write("robots.txt", robots(siteurl, agents))
        output.work[WORK] = last_changes(self.context)


def write_sitemap(pelican) -> None:
    """Once every page is written: list the indexable ones, dated where the context knows."""
    output = output_of(pelican.settings)
    dates = output.work.pop(WORK, None)
    if dates is None:  # the generator did not run
        return
    siteurl = pelican.settings["SITEURL"]
    output.write("sitemap.xml", sitemap({url: dates.get(url) for url in public_pages(output, siteurl)}, siteurl))


def get_generators(pelican):
    return SitemapGenerator


def register() -> None:
    output_register()
    signals.get_generators.connect(get_generators)
    signals.finalized.connect(write_sitemap)
