"""Pelican glue: select scopes and read what each item is built from in generate_context;
write feeds, OPML and the /feeds/ page in generate_output. The template context gets
`syndication`.

A feed's key in the page store is made of its items' `ItemSource`s, its `FeedMeta`, the
settings and the versions of the libraries that write it (Warta's own code and every
setting are in the store's site key), so a build where few bulletins changed builds the
items only of the feeds that show them. Each item is built at most once per build, however
many feeds show it."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import partial
from urllib.parse import urlsplit

import bs4
import feedgen.version
from lxml import etree
from pelican import signals
from pelican.generators import Generator

from warta.core.output import output_of
from warta.core.settings import declare
from warta.core.site import AREAS_KEY, published_articles

from .model import FeedItem, ItemSource, build_item, item_source
from .scopes import FORMATS, PAGE_FORMATS, SECTIONS, Format, Scope, select
from .settings import SETTINGS, Config, config_from
from .writers import RENDERERS, FeedMeta, OpmlFeed, opml

logger = logging.getLogger(__name__)

OPML_NAME = "index.opml"
PAGE_NAME = "index.html"
# What writes the bytes besides Warta's code: part of every feed's key.
LIBRARIES = f"feedgen {feedgen.version.version_str} lxml {etree.__version__} bs4 {bs4.__version__}"


@dataclass(frozen=True)
class FeedLink:
    """One feed file, as discovery links, the /feeds/ page and OPML show it."""

    title: str
    format: Format
    path: str  # site-relative
    url: str  # absolute

    @property
    def mime(self) -> str:
        return self.format.mime

    @property
    def anchor(self) -> str:
        return "umpan-" + "".join(c if c.isalnum() else "-" for c in self.path.split("/", 1)[-1])


@dataclass(frozen=True)
class ScopeFeeds:
    name: str
    description: str
    page_url: str  # absolute
    feeds: tuple[FeedLink, ...]


@dataclass(frozen=True)
class FeedGroup:
    key: str
    heading: str
    intro: str
    scopes: tuple[ScopeFeeds, ...]


@dataclass(frozen=True)
class PageLink:
    format: Format
    href: str  # site-rooted


@dataclass(frozen=True)
class PageRow:
    """One scope on the /feeds/ page: its name, its HTML page and one link per column of
    PAGE_FORMATS (None where the scope has no file in that format)."""

    name: str
    page: str  # site-rooted; '' when the scope has no page of its own
    links: tuple[PageLink | None, ...]
    anchor: str = ""  # an id the earlier page gave this scope's own section


@dataclass(frozen=True)
class PageSection:
    key: str
    heading: str
    intro: str
    rows: tuple[PageRow, ...]


class Directory:
    """Every feed by scope kind and key: what templates ask for discovery links and lists."""

    def __init__(self, groups: tuple[FeedGroup, ...], sections: tuple[PageSection, ...], by_scope: dict,
                 page_url: str, opml_url: str, config: Config):  # fmt: skip
        self.groups = groups
        self.sections = sections
        self._by_scope = by_scope
        self.page_url = page_url
        self.opml_url = opml_url
        self.max_items = config.max_items
        self.hub = config.hub

    def __fingerprint__(self) -> tuple:
        """Everything templates can ask of the directory (plugins/page_cache)."""
        return self.groups, self.sections, self._by_scope, self.page_url, self.opml_url, self.max_items, self.hub

    def links(self, kind: str, key: str = "") -> tuple[FeedLink, ...]:
        """The feeds of one scope, e.g. links('kecamatan', '32.15.17'); () when unknown."""
        return self._by_scope.get((kind, key), ())

    @property
    def site_links(self) -> tuple[FeedLink, ...]:
        return self.links("semua") + self.links("penting")

    @property
    def count(self) -> int:
        return sum(len(scope.feeds) for group in self.groups for scope in group.scopes)


def _feed_title(config: Config, scope: Scope) -> str:
    return f"{config.sitename}: {scope.info.name}"


def _extra_scope(config: Config, title: str, path: str) -> ScopeFeeds:
    fmt = next(fmt for fmt in FORMATS if path.endswith(fmt.suffix))
    return ScopeFeeds(title, "", config.absolute(""), (FeedLink(f"{config.sitename}: {title}", fmt, path, config.absolute(path)),))


def _updated(sources: tuple[ItemSource, ...], fallback):
    """The newest item's modification, never the clock; an empty feed takes `fallback`."""
    return max((source.modified for source in sources), default=fallback)


def _rooted(config: Config, relative: str) -> str:
    """A site-relative path as the /feeds/ page links it: from the site's root, not absolute,
    so that the page's weight does not grow with the length of the domain (the browser still
    copies the full address)."""
    return f"{urlsplit(config.siteurl).path}/{relative}"


def _row(config: Config, name: str, page: str, feeds: tuple[FeedLink, ...], anchor: str = "") -> PageRow:
    by_key = {feed.format.key: feed for feed in feeds}
    links = tuple(PageLink(by_key[key].format, _rooted(config, by_key[key].path)) if key in by_key else None
                  for key in PAGE_FORMATS)  # fmt: skip
    return PageRow(name, page, links, anchor)


def build_directory(scopes: list[Scope], config: Config) -> Directory:
    """Every feed file, grouped by scope kind in table order, plus the extra feeds; and the
    rows of the /feeds/ page, grouped by section."""
    by_scope, groups, rows = {}, {}, {section.key: [] for section in SECTIONS}
    for scope in scopes:
        title = _feed_title(config, scope)
        feeds = tuple(FeedLink(f"{title} ({fmt.label})", fmt, scope.feed_path(config.directory, fmt),
                               config.absolute(scope.feed_path(config.directory, fmt))) for fmt in FORMATS)  # fmt: skip
        by_scope[(scope.kind.key, scope.info.key)] = feeds
        entry = ScopeFeeds(scope.info.name, scope.info.description, config.absolute(scope.info.page_url), feeds)
        # A kind with its own section on the earlier page (semua, penting) keeps that id on its row.
        first = scope.kind.key != scope.kind.section and scope.kind not in groups
        groups.setdefault(scope.kind, []).append(entry)
        rows[scope.kind.section].append(_row(config, scope.info.short or scope.info.name, _rooted(config, scope.info.page_url),
                                             feeds, scope.kind.key if first else ""))  # fmt: skip
    feed_groups = [FeedGroup(kind.key, kind.heading, kind.intro, tuple(entries)) for kind, entries in groups.items()]
    if config.extra_feeds:
        extras = tuple(_extra_scope(config, title, path) for title, path in config.extra_feeds)
        feed_groups.append(FeedGroup("lainnya", "Umpan lain", "Umpan khusus dari bagian lain situs ini.", extras))
        rows[SECTIONS[0].key].extend(_row(config, extra.name, "", extra.feeds, "" if index else "lainnya")
                                     for index, extra in enumerate(extras))  # fmt: skip
    sections = tuple(PageSection(section.key, section.heading, section.intro, tuple(rows[section.key]))
                     for section in SECTIONS if rows[section.key])  # fmt: skip
    return Directory(tuple(feed_groups), sections, by_scope, config.absolute(f"{config.directory}/"),
                     config.absolute(f"{config.directory}/{OPML_NAME}"), config)  # fmt: skip


class SyndicationGenerator(Generator):
    def generate_context(self) -> None:
        config = self.config = config_from(self.settings)
        articles = published_articles(self.context)  # withdrawn items stay, marked [DICABUT]
        self.directory = self.context["syndication"] = None
        if not articles:
            return  # nothing to date the feeds by; generate_output says so
        self.scopes = select(self.context, articles, config.max_items)
        area_codes = tuple(area.code for area in self.context[AREAS_KEY])
        content_root = self.settings["PATH"]
        # Read now, while the articles' HTML has this context's links; items are built from
        # these only when a feed is written again (generate_output).
        needed = {id(a): a for scope in self.scopes for a in scope.articles}
        self.sources = {key: item_source(a, config, content_root, area_codes) for key, a in needed.items()}
        self.items: dict[int, FeedItem] = {}
        self.site_updated = max((a.bulletin.modified or a.bulletin.date) for a in articles)
        # An empty feed (a kecamatan without bulletins, no urgent notice) is dated by the
        # site's first bulletin, so that it stays byte-identical while other scopes change.
        self.site_started = min(a.bulletin.date for a in articles)
        self.directory = build_directory(self.scopes, config)
        self.context["syndication"] = self.directory

    def _meta(self, scope: Scope, fmt: Format, sources: tuple[ItemSource, ...]) -> FeedMeta:
        config = self.config
        return FeedMeta(
            title=_feed_title(config, scope),
            description=scope.info.description,
            home_page_url=config.absolute(scope.info.page_url),
            feed_url=config.absolute(scope.feed_path(config.directory, fmt)),
            mime=fmt.mime,
            language=config.language,
            author=config.author,
            author_url=config.absolute(""),
            updated=_updated(sources, self.site_started),
            hub=config.hub,
            about_url=self.directory.page_url + "#ekstensi-warta",
        )

    def generate_output(self, writer) -> None:
        if self.directory is None:
            logger.warning("syndication: no published bulletins, so no feeds were written")
            return
        config, output = self.config, output_of(self.settings)
        self.writer = writer
        for scope in self.scopes:
            sources = tuple(self.sources[id(article)] for article in scope.articles)
            for fmt in FORMATS:
                meta = self._meta(scope, fmt, sources)
                output.write_generated(writer, scope.feed_path(config.directory, fmt),
                                       (LIBRARIES, fmt.key, config, meta, sources),
                                       partial(self._render, fmt, scope, meta))  # fmt: skip
        output.write_generated(writer, f"{config.directory}/{OPML_NAME}", (LIBRARIES, self.directory, self.site_updated),
                               self._opml)  # fmt: skip
        writer.write_file(
            f"{config.directory}/{PAGE_NAME}",
            self.get_template("feeds"),
            self.context,
            url=f"{config.directory}/",
            relative_urls=self.settings["RELATIVE_URLS"],
        )
        logger.info("syndication: wrote %s feeds for %s scopes", self.directory.count, len(self.scopes))

    def _render(self, fmt: Format, scope: Scope, meta: FeedMeta) -> bytes:
        return RENDERERS[fmt.key]([self._item(article) for article in scope.articles], meta)

    def _item(self, article) -> FeedItem:
        found = self.items.get(id(article))
        if found is None:
            source, config = self.sources[id(article)], self.config
            # Kept between builds: its HTML is the costliest part of a feed to make.
            found = self.items[id(article)] = output_of(self.settings).remember(
                self.writer, f"feed-item/{source.code}", (LIBRARIES, config, source), partial(build_item, source, config))
        return found

    def _opml(self) -> bytes:
        groups = []
        for fmt in FORMATS:
            kinds = []
            for group in self.directory.groups:
                feeds = [OpmlFeed(link.title, link.url, scope.page_url, fmt.opml_version)
                         for scope in group.scopes for link in scope.feeds if link.format is fmt]  # fmt: skip
                kinds.append((group.heading, feeds))
            groups.append((f"{fmt.label}", kinds))
        return opml(f"{self.config.sitename}: semua umpan", self.config.author, self.site_updated,
                    groups, self.config.language)  # fmt: skip


def check_settings(pelican) -> None:
    config_from(pelican.settings)


def get_generators(pelican):
    return SyndicationGenerator


def register() -> None:
    declare(SETTINGS)
    signals.initialized.connect(check_settings)
    signals.get_generators.connect(get_generators)
