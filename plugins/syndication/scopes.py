"""The feeds' scopes, sections and formats; every feed is a row of each.

The scopes are the core's table (`warta.core.scopes`, shared with the email digests): which
scopes exist and which bulletins each holds. This module adds the /feeds/ page's sections,
the formats, and picks each scope's newest articles. Adding a kind or a format is adding a
row, not a branch.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from warta.core.scopes import URGENT, Kind, ScopeInfo, kinds

__all__ = ["FORMATS", "PAGE_FORMATS", "SECTIONS", "URGENT", "Format", "Kind", "Scope", "ScopeInfo", "Section", "kinds",
           "newest_first", "select"]


@dataclass(frozen=True)
class Section:
    """A group of rows on the /feeds/ page, with its heading and a line said once for all rows."""

    key: str  # the section's id on the page
    heading: str
    intro: str


# The /feeds/ page's sections, in order. Feeds other plugins write (SYNDICATION_EXTRA_FEEDS)
# go in the first.
SECTIONS = (
    Section("umum", "Umum", "Semua buletin, dan peringatan penting dan darurat yang masih berlaku."),
    Section("jenis", "Jenis", "Satu umpan untuk setiap jenis buletin."),
    Section("topik", "Topik", "Satu umpan untuk setiap topik."),
    Section("kecamatan", "Kecamatan", "Buletin untuk satu kecamatan, termasuk yang berlaku untuk seluruh "
            "kabupaten. Cocok untuk grup warga satu wilayah."),
)  # fmt: skip


@dataclass(frozen=True)
class Format:
    key: str
    label: str
    suffix: str
    mime: str
    short: str  # the link text on the /feeds/ page
    opml_version: str | None = None


FORMATS = (
    Format("atom", "Atom", ".atom.xml", "application/atom+xml", "Atom"),
    Format("rss", "RSS", ".rss.xml", "application/rss+xml", "RSS", "RSS2"),
    Format("json", "JSON Feed", ".json", "application/feed+json", "JSON"),
)
# The /feeds/ page's columns: RSS first, the format nearly every reader and service takes.
PAGE_FORMATS = ("rss", "atom", "json")


@dataclass
class Scope:
    kind: Kind
    info: ScopeInfo
    articles: list = field(default_factory=list)  # newest first, at most N

    def feed_path(self, directory: str, fmt: Format) -> str:
        return f"{directory}/{self.info.path}{fmt.suffix}"


def newest_first(article):
    return (article.bulletin.date, article.bulletin.code)


def select(context, articles, limit: int) -> list[Scope]:
    """Every scope of every kind with its newest `limit` articles."""
    scopes: list[Scope] = []
    ordered = sorted(articles, key=newest_first, reverse=True)
    for kind in kinds(context):
        by_key = {info.key: Scope(kind, info) for info in kind.scopes(context)}
        for article in ordered:
            if kind.current_only and not article.bulletin.is_current:
                continue
            for key in kind.members(article):
                scope = by_key.get(key)
                if scope is not None and len(scope.articles) < limit:
                    scope.articles.append(article)
        scopes.extend(by_key.values())
    return scopes
