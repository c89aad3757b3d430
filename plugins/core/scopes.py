"""The one table of scopes: which slices of the site exist and which bulletins each holds.

A scope is what a reader follows: every bulletin, the urgent ones, one type, one topic or
one kecamatan. The feeds (plugins/syndication) write one feed per scope, and the email
digests (plugins/digest) one daily digest per configured scope; both name a scope by its
`path` ("semua", "penting", "jenis/pengumuman", "topik/banjir",
"kecamatan/32.15.05-klari"), so an office configures the same name everywhere.

A scope kind says which scopes exist (from the finished template context), which scopes an
article belongs to, and where the scope's HTML page lives. Adding a kind is adding a row,
not a branch.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from .site import AREAS_KEY

URGENT = ("penting", "darurat")


@dataclass(frozen=True)
class ScopeInfo:
    key: str  # what an article's membership yields: '', a slug or a kecamatan code
    name: str  # shown in titles: "Pengumuman", "Topik Banjir", "Kecamatan Klari"
    description: str
    page_url: str  # the scope's HTML page, site-relative ('' is the home page)
    path: str  # the scope's name in feeds and digests, e.g. "topik/banjir" (no suffix)
    short: str = ""  # the row label on the /feeds/ page, under its section's heading ("Klari")


@dataclass(frozen=True)
class Kind:
    key: str
    heading: str  # group heading on the /feeds/ page
    intro: str
    scopes: Callable[[dict], Iterable[ScopeInfo]]
    members: Callable[[object], Iterable[str]]  # the keys of this kind an article is in
    section: str  # the key of its section on the /feeds/ page (warta.syndication.scopes.SECTIONS)
    # A list of what applies now (the urgent feed) leaves out expired and withdrawn
    # bulletins; a record of what happened (a digest) still reports their withdrawal.
    current_only: bool = False


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
             _urgent, lambda a: [""] if a.bulletin.urgency in URGENT else [], "umum", current_only=True),
        Kind("jenis", "Per jenis", "Pengumuman, berita, infografis, siaran pers dan klarifikasi hoaks.",
             _types, lambda a: [a.category.slug], "jenis"),
        Kind("topik", "Per topik", "Satu umpan untuk setiap topik.", _topics,
             lambda a: [tag.slug for tag in getattr(a, "tags", ()) or ()], "topik"),
        Kind("kecamatan", "Per kecamatan", "Buletin untuk satu kecamatan, termasuk yang berlaku "
             "untuk seluruh kabupaten. Cocok untuk grup warga satu wilayah.", _areas,
             lambda a: _area_codes(a, context), "kecamatan"),
    )  # fmt: skip


def by_path(context) -> dict[str, tuple[Kind, ScopeInfo]]:
    """Every scope of the site by its path, in table order."""
    return {info.path: (kind, info) for kind in kinds(context) for info in kind.scopes(context)}


def in_scope(kind: Kind, info: ScopeInfo, article, current_only: bool | None = None) -> bool:
    """Whether `article` belongs to the scope; `current_only` None follows the kind."""
    if (kind.current_only if current_only is None else current_only) and not article.bulletin.is_current:
        return False
    return info.key in kind.members(article)
