"""The one table of feed scopes and the one table of formats; every feed is a row of each.

A scope kind says which scopes exist (from the finished template context), which scopes an
article belongs to, and where the scope's feeds and HTML page live. Adding a kind or a
format is adding a row, not a branch.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from warta.core.site import AREAS_KEY

URGENT = ("penting", "darurat")


@dataclass(frozen=True)
class ScopeInfo:
    key: str  # what an article's membership yields: '', a slug or a kecamatan code
    name: str  # shown in titles: "Pengumuman", "Topik Banjir", "Kecamatan Klari"
    description: str
    page_url: str  # the scope's HTML page, site-relative ('' is the home page)
    path: str  # the feeds' base path inside SYNDICATION_DIR, without a suffix
    short: str = ""  # the row label on the /feeds/ page, under its section's heading ("Klari")


@dataclass(frozen=True)
class Kind:
    key: str
    heading: str  # group heading on the /feeds/ page
    intro: str
    scopes: Callable[[dict], Iterable[ScopeInfo]]
    members: Callable[[object], Iterable[str]]  # the keys of this kind an article is in
    section: str  # the key of its section on the /feeds/ page (SECTIONS)


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


def _all(context):
    yield ScopeInfo("", "Semua buletin", "Semua buletin resmi, terbaru lebih dulu.", "", "semua", "Semua buletin")


def _types(context):
    for category, _ in sorted(context["categories"], key=lambda pair: pair[0].slug):
        yield ScopeInfo(category.slug, category.name, f"Semua buletin berjenis {category.name}.",
                        category.url, f"jenis/{category.slug}", category.name)  # fmt: skip


def _topics(context):
    for tag, _ in sorted(context["tags"], key=lambda pair: pair[0].slug):
        yield ScopeInfo(tag.slug, f"Topik {tag.name}", f"Semua buletin bertopik {tag.name}.",
                        tag.url, f"topik/{tag.slug}", tag.name)  # fmt: skip


def _areas(context):
    for area in context[AREAS_KEY]:
        yield ScopeInfo(area.code, f"Kecamatan {area.name}",
                        f"Buletin untuk Kecamatan {area.name} (kode {area.code}) dan untuk seluruh kabupaten.",
                        area.url, f"kecamatan/{area.code}-{area.slug}", area.name)  # fmt: skip


def _urgent(context):
    yield ScopeInfo("", "Penting dan darurat", "Peringatan penting dan darurat yang masih berlaku; "
                    "yang sudah kedaluwarsa atau dicabut keluar dari umpan ini.", "", "penting",
                    "Penting dan darurat")  # fmt: skip


def _area_codes(article, context):
    bulletin = article.bulletin
    if bulletin.whole_regency:
        return [area.code for area in context[AREAS_KEY]]
    return [area.code for area in bulletin.areas]


def kinds(context) -> tuple[Kind, ...]:
    """Scope kinds in the order feeds are listed (OPML, /feeds/ page, discovery)."""
    return (
        Kind("semua", "Semua buletin", "Satu umpan untuk semua terbitan.", _all, lambda a: [""], "umum"),
        Kind("penting", "Penting dan darurat", "Untuk peringatan yang harus segera diteruskan.",
             _urgent, lambda a: [""] if a.bulletin.urgency in URGENT and a.bulletin.is_current else [], "umum"),
        Kind("jenis", "Per jenis", "Pengumuman, berita, infografis, siaran pers dan klarifikasi hoaks.",
             _types, lambda a: [a.category.slug], "jenis"),
        Kind("topik", "Per topik", "Satu umpan untuk setiap topik.", _topics,
             lambda a: [tag.slug for tag in getattr(a, "tags", ()) or ()], "topik"),
        Kind("kecamatan", "Per kecamatan", "Buletin untuk satu kecamatan, termasuk yang berlaku "
             "untuk seluruh kabupaten. Cocok untuk grup warga satu wilayah.", _areas,
             lambda a: _area_codes(a, context), "kecamatan"),
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
            for key in kind.members(article):
                scope = by_key.get(key)
                if scope is not None and len(scope.articles) < limit:
                    scope.articles.append(article)
        scopes.extend(by_key.values())
    return scopes
