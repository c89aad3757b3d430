"""Settings of the search plugin: declared once, frozen into `Config`."""

from __future__ import annotations

from dataclasses import dataclass

from warta.core.registry import Setting, accept, is_relative_path, is_relative_url, matching, values

SETTINGS = (
    Setting("SEARCH_URL", "cari/", accept(is_relative_url, "use a site-relative URL that ends in /, e.g. 'cari/'"),
            "The URL of the search page."),
    Setting("SEARCH_SAVE_AS", "cari/index.html",
            accept(lambda v: is_relative_path(v) and v.endswith(".html"), "use a site-relative .html path, e.g. 'cari/index.html'"),
            "Where the search page is written."),
    Setting("SEARCH_BUNDLE_DIR", "pagefind",
            matching(r"[a-z0-9_-]+", "use one folder name of lower-case letters, digits, - or _, e.g. 'pagefind'"),
            "The output folder of the Pagefind bundles, one per year of bulletins."),
    Setting("SEARCH_LANGUAGE", "id", matching(r"[a-z]{2}", "use a two-letter ISO 639-1 code, e.g. 'id'"),
            "The language Pagefind stems and indexes the pages in."),
    Setting("SEARCH_CACHE_DIR", "cache/search",
            accept(is_relative_path, "use a folder relative to the project folder, e.g. 'cache/search'"),
            "The folder that keeps each year's bundle between builds, relative to the project folder."),
)  # fmt: skip


@dataclass(frozen=True)
class Config:
    url: str
    save_as: str
    bundle_dir: str
    language: str
    cache_dir: str = "cache/search"  # relative to the project folder


def config_from(settings) -> Config:
    """The checked SEARCH_* settings, frozen."""
    checked = values(settings, SETTINGS)
    return Config(url=checked["SEARCH_URL"], save_as=checked["SEARCH_SAVE_AS"], bundle_dir=checked["SEARCH_BUNDLE_DIR"],
                  language=checked["SEARCH_LANGUAGE"], cache_dir=checked["SEARCH_CACHE_DIR"])  # fmt: skip
