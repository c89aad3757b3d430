"""The site's shared facts: what the bulletins plugin hands to every other plugin through
Pelican's context, the site's time zone, and absolute URLs under SITEURL."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from .model import Area

DEFAULT_TIMEZONE = "Asia/Jakarta"  # TIMEZONE's default: Warta's sites are in WIB

INDEX_KEY = "bulletins_by_path"  # absolute source path -> Bulletin, for every checked file
RULES_KEY = "bulletin_rules"  # the frozen schema.Rules of this build
AREAS_KEY = "kecamatan_areas"  # a KecamatanPage per kecamatan, with its listed bulletins
REGENCY_AREAS_KEY = "regency_areas"  # names and links only, for pages that list no bulletins


def published_articles(context) -> list:
    """Every bulletin with a public page, newest first: the listed ones and the withdrawn ones.
    Feeds, verification, the manifest, search and the lite edition cover both. Drills (`test:
    ya`) are left out: their pages exist but nothing lists, feeds or indexes them."""
    pages = [*context["articles"], *context.get("hidden_articles", ())]
    return sorted((a for a in pages if not a.bulletin.is_drill), key=lambda a: (a.date, a.bulletin.code), reverse=True)


def drill_articles(context) -> list:
    """The drills' pages (hidden articles with `test: ya`), newest first."""
    drills = [a for a in context.get("hidden_articles", ()) if a.bulletin.is_drill]
    return sorted(drills, key=lambda a: (a.date, a.bulletin.code), reverse=True)


@dataclass
class KecamatanPage:
    code: str
    name: str
    slug: str
    url: str
    save_as: str
    area: Area  # without the bulletins, for the list's pages: each reads only its own
    articles: list = field(default_factory=list)


def group_by_area(areas, articles, save_as_pattern: str) -> list[KecamatanPage]:
    pages = {area.code: KecamatanPage(area.code, area.name, area.slug, area.url,
                                      save_as_pattern.format(code=area.code, slug=area.slug), area)
             for area in areas}  # fmt: skip
    for article in articles:
        bulletin = article.bulletin
        codes = pages if bulletin.whole_regency else [area.code for area in bulletin.areas]
        for code in codes:
            pages[code].articles.append(article)
    return list(pages.values())


def timezone(settings) -> str:
    """The site's time zone name (TIMEZONE)."""
    return settings.get("TIMEZONE") or DEFAULT_TIMEZONE


def absolute(site: Mapping | str, relative: str) -> str:
    """The absolute URL of a site-relative one; `site` is the settings or SITEURL itself."""
    siteurl = site["SITEURL"] if isinstance(site, Mapping) else site
    return f"{siteurl.rstrip('/')}/{relative.lstrip('/')}"
