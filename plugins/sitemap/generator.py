"""Collect public URLs from the finished context; write sitemap.xml and robots.txt."""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET

from pelican import signals
from pelican.generators import Generator

from warta.core.registry import Setting, accept
from warta.core.settings import declare
from warta.core.site import AREAS_KEY, absolute, published_articles

NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"
PREVIEW_AGENTS = (
    "facebookexternalhit", "Facebot", "WhatsApp", "TelegramBot", "Twitterbot",
    "LinkedInBot", "Slackbot", "Discordbot",
)  # fmt: skip
SETTINGS = (
    Setting("ROBOTS_PREVIEW_AGENTS", PREVIEW_AGENTS,
            accept(lambda v: isinstance(v, (tuple, list)) and all(isinstance(a, str) and a for a in v), "use a tuple of user agent names"),
            "The link-preview crawlers robots.txt admits by name."),
)  # fmt: skip


def public_urls(context, settings) -> dict[str, object]:
    """Site-relative URL -> the moment it last changed (None when unknown)."""
    urls: dict[str, object] = {"": None}
    for article in published_articles(context):
        urls[article.url] = getattr(article, "modified", None) or article.date
    for page in context["pages"]:
        urls[page.url] = getattr(page, "modified", None) or getattr(page, "date", None)
    for wrapper, _ in (*context["categories"], *context["tags"]):
        urls[wrapper.url] = None
    for area in context[AREAS_KEY]:
        urls[area.url] = None
    for archive in context["period_archives"].get("month", ()):
        if archive["save_as"]:
            urls[archive["url"]] = None
    # The kecamatan index (KECAMATAN_INDEX_URL) has never been listed here: its default was
    # not in the settings before the registry filled it in. Listing it changes sitemap.xml.
    for key in ("CATEGORIES", "TAGS", "ARCHIVES"):
        if settings.get(f"{key}_SAVE_AS") and settings.get(f"{key}_URL"):
            urls[settings[f"{key}_URL"]] = None
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
        out = self.output_path
        with open(os.path.join(out, "sitemap.xml"), "wb") as handle:
            handle.write(sitemap(public_urls(self.context, self.settings), siteurl))
        with open(os.path.join(out, "robots.txt"), "w", encoding="utf-8") as handle:
            handle.write(robots(siteurl, agents))


def get_generators(pelican):
    return SitemapGenerator


def register() -> None:
    declare(SETTINGS)
    signals.get_generators.connect(get_generators)
