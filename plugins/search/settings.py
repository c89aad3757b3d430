"""Settings of the search plugin: defaults in one mapping, validated once into `Config`."""

from __future__ import annotations

import re
from dataclasses import dataclass

from warta.core.settings import SettingsError

DEFAULTS = {
    "SEARCH_URL": "cari/",
    "SEARCH_SAVE_AS": "cari/index.html",
    "SEARCH_BUNDLE_DIR": "pagefind",
    "SEARCH_LANGUAGE": "id",
    "SEARCH_CACHE_DIR": "cache/search",
}


@dataclass(frozen=True)
class Config:
    url: str
    save_as: str
    bundle_dir: str
    language: str
    cache_dir: str = DEFAULTS["SEARCH_CACHE_DIR"]  # relative to the project folder


def _setting(settings, key: str):
    return settings.get(key, DEFAULTS[key])


def config_from(settings) -> Config:
    """Validate the SEARCH_* settings; each error names the key, value and what is allowed."""
    url = _setting(settings, "SEARCH_URL")
    if not isinstance(url, str) or url.startswith(("/", "http")) or (url and not url.endswith("/")):
        raise SettingsError("SEARCH_URL", url, "use a site-relative URL that ends in /, e.g. 'cari/'")
    save_as = _setting(settings, "SEARCH_SAVE_AS")
    if not isinstance(save_as, str) or not save_as.endswith(".html") or save_as.startswith("/"):
        raise SettingsError("SEARCH_SAVE_AS", save_as, "use a site-relative .html path, e.g. 'cari/index.html'")
    bundle = _setting(settings, "SEARCH_BUNDLE_DIR")
    if not isinstance(bundle, str) or not re.fullmatch(r"[a-z0-9_-]+", bundle):
        raise SettingsError("SEARCH_BUNDLE_DIR", bundle,
                            "use one folder name of lower-case letters, digits, - or _, e.g. 'pagefind'")  # fmt: skip
    language = _setting(settings, "SEARCH_LANGUAGE")
    if not isinstance(language, str) or not re.fullmatch(r"[a-z]{2}", language):
        raise SettingsError("SEARCH_LANGUAGE", language, "use a two-letter ISO 639-1 code, e.g. 'id'")
    cache = _setting(settings, "SEARCH_CACHE_DIR")
    if not isinstance(cache, str) or not cache or cache.startswith("/"):
        raise SettingsError("SEARCH_CACHE_DIR", cache, "use a folder relative to the project folder, e.g. 'cache/search'")
    return Config(url=url, save_as=save_as, bundle_dir=bundle, language=language, cache_dir=cache)
