"""Pure builders of the feed documents: Atom and RSS through feedgen, JSON Feed 1.1 as a
dict, OPML 2.0 through lxml. Each takes items and a `FeedMeta` and returns data or bytes."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from email.utils import format_datetime

from feedgen.feed import FeedGenerator
from lxml import etree

from warta.core.feeds import WartaEntryExtension, WartaFeedExtension

from .model import FeedItem, clean

JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
GENERATOR = "Warta"


@dataclass(frozen=True)
class FeedMeta:
    title: str
    description: str
    home_page_url: str  # the scope's HTML page
    feed_url: str  # this file's absolute URL (also the feed's id)
    mime: str
    language: str
    author: str
    author_url: str
    updated: datetime
    hub: str | None = None
    about_url: str | None = None  # documentation of the `_warta` JSON extension


def iso(moment: datetime) -> str:
    return moment.isoformat()


# Atom and RSS ---------------------------------------------------------------------------------


def _feedgen(items: list[FeedItem], meta: FeedMeta) -> FeedGenerator:
    fg = FeedGenerator()
    fg.register_extension("warta", WartaFeedExtension, WartaEntryExtension)
    fg.load_extension("media")
    fg.load_extension("dc", atom=False, rss=True)
    fg.id(meta.feed_url)
    fg.title(clean(meta.title))
    fg.subtitle(clean(meta.description))  # Atom subtitle and RSS description
    fg.author({"name": clean(meta.author), "uri": meta.author_url})
    fg.link(href=meta.feed_url, rel="self", type=meta.mime)
    if meta.hub:
        fg.link(href=meta.hub, rel="hub")
        fg.warta.hub = meta.hub
    fg.link(href=meta.home_page_url, rel="alternate", type="text/html")  # last: RSS <link>
    fg.language(meta.language)
    # Explicit generator and dates: feedgen's defaults carry its version and the clock.
    fg.generator(GENERATOR)
    fg.updated(meta.updated)
    for item in items:
        entry = fg.add_entry(order="append")
        entry.id(item.id)
        entry.title(clean(item.title))
        entry.link(href=item.url, rel="alternate", type="text/html")
        links = [{"rel": "alternate", "type": "text/html", "href": item.url}]
        entry.summary(clean(item.summary) or clean(item.title))
        entry.content(clean(item.content_html), type="html")
        entry.published(item.published)
        entry.updated(item.modified)
        entry.author({"name": clean(item.author)})
        entry.dc.dc_creator(clean(item.author))
        if item.tags:  # one call: feedgen rebuilds its whole category list on each
            entry.category([{"term": clean(tag), "label": clean(tag)} for tag in item.tags])
        if item.image:
            image = item.image
            entry.enclosure(image.url, str(image.length), image.mime_type)
            entry.media.content(url=image.url, fileSize=str(image.length), type=image.mime_type,
                                medium="image", group=None)  # fmt: skip
            links.append({"rel": "enclosure", "type": image.mime_type, "length": image.length, "href": image.url})
        entry.warta.links = links
        entry.warta.updated = iso(item.modified)
    return fg


def atom_feed(items: list[FeedItem], meta: FeedMeta) -> bytes:
    return _feedgen(items, meta).atom_str(pretty=True)


def rss_feed(items: list[FeedItem], meta: FeedMeta) -> bytes:
    return _feedgen(items, meta).rss_str(pretty=True)


# JSON Feed 1.1 -------------------------------------------------------------------------------


def json_item(item: FeedItem, about_url: str | None) -> dict:
    entry = {
        "id": item.id,
        "url": item.url,
        "title": clean(item.title),
        "summary": clean(item.summary),
        "content_html": clean(item.content_html),
    }
    if item.image:
        entry["image"] = item.image.url
    entry.update({
        "date_published": iso(item.published),
        "date_modified": iso(item.modified),
        "authors": [{"name": clean(item.author)}],
        "tags": [clean(tag) for tag in item.tags],
        "language": item.language,
    })  # fmt: skip
    if item.image:
        entry["attachments"] = [{"url": item.image.url, "mime_type": item.image.mime_type,
                                 "title": clean(item.image.alt), "size_in_bytes": item.image.length}]  # fmt: skip
    extension = {"code": item.code, "type": item.type, "urgency": item.urgency,
                 "kecamatan": list(item.kecamatan), "whole_regency": item.whole_regency,
                 "expires": iso(item.expires) if item.expires else None, "expired": item.expired,
                 "status": item.status}  # fmt: skip
    if item.withdrawn_reason:
        extension["withdrawn_reason"] = clean(item.withdrawn_reason)
    entry["_warta"] = {"about": about_url, **extension} if about_url else extension
    return entry


def json_feed(items: list[FeedItem], meta: FeedMeta) -> dict:
    """A JSON Feed 1.1 document (https://jsonfeed.org/version/1.1) as a plain dict."""
    document = {
        "version": JSON_FEED_VERSION,
        "title": clean(meta.title),
        "home_page_url": meta.home_page_url,
        "feed_url": meta.feed_url,
        "description": clean(meta.description),
        "language": meta.language,
        "authors": [{"name": clean(meta.author), "url": meta.author_url}],
    }
    if meta.hub:
        document["hubs"] = [{"type": "WebSub", "url": meta.hub}]
    document["items"] = [json_item(item, meta.about_url) for item in items]
    return document


def json_bytes(items: list[FeedItem], meta: FeedMeta) -> bytes:
    text = json.dumps(json_feed(items, meta), ensure_ascii=False, indent=2)
    return (text + "\n").encode("utf-8")


RENDERERS = {"atom": atom_feed, "rss": rss_feed, "json": json_bytes}


# OPML 2.0 -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OpmlFeed:
    title: str
    xml_url: str
    html_url: str
    version: str | None = None


def opml(title: str, owner: str, modified: datetime, groups: list[tuple[str, list[tuple[str, list[OpmlFeed]]]]],
         language: str) -> bytes:
    """`groups` is [(format label, [(scope kind heading, [feeds])])]: one folder per format,
    so a reader imports one format's feeds without duplicates in the others."""
    root = etree.Element("opml", version="2.0")
    head = etree.SubElement(root, "head")
    for name, text in (("title", title), ("dateModified", format_datetime(modified)),
                       ("ownerName", owner), ("docs", "http://opml.org/spec2.opml")):  # fmt: skip
        etree.SubElement(head, name).text = clean(text)
    body = etree.SubElement(root, "body")
    for label, kinds in groups:
        folder = etree.SubElement(body, "outline", text=label, title=label)
        for heading, feeds in kinds:
            if not feeds:
                continue
            kind = etree.SubElement(folder, "outline", text=heading, title=heading)
            for feed in feeds:
                attributes = {"type": "rss", "text": clean(feed.title), "title": clean(feed.title),
                              "xmlUrl": feed.xml_url, "htmlUrl": feed.html_url, "language": language}  # fmt: skip
                if feed.version:
                    attributes["version"] = feed.version
                etree.SubElement(kind, "outline", attrib=attributes)
    return etree.tostring(root, pretty_print=True, xml_declaration=True, encoding="UTF-8")
