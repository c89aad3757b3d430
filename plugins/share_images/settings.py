"""Settings of the share-images plugin: defaults in one mapping, validated once into `Config`."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from warta.core.settings import SettingsError, project_root

DEFAULTS = {
    "SHARE_IMAGES_CACHE_DIR": "cache/share-images",
    "SHARE_IMAGES_VERIFY_URL": "cek/{code}/",
    "SHARE_IMAGES_MARK": None,
    "SHARE_IMAGES_KEEP_VERSIONS": True,
    "SHARE_IMAGES_PARALLEL_MIN": 8,
    "SHARE_IMAGES_WORKERS": None,
}


@dataclass(frozen=True)
class Config:
    cache_dir: Path  # this site's own folder inside SHARE_IMAGES_CACHE_DIR
    verify_url: str  # pattern with {code}, relative to SITEURL
    mark: Path | None  # a PNG with transparency, or None for the drawn emblem
    keep_versions: bool
    parallel_min: int
    workers: int
    siteurl: str
    domain: str
    site_name: str
    office: str
    timezone: str


def site_key(siteurl: str) -> str:
    """The cache's sub-folder for one site, e.g. 'https-warta.karawangkab.go.id': versions
    rendered for another SITEURL (a test server, a preview host) are never published here."""
    parts = urlsplit(siteurl)
    return re.sub(r"[^A-Za-z0-9.]+", "-", f"{parts.scheme}-{parts.netloc}{parts.path}").strip("-")


def _setting(settings, key: str):
    return settings.get(key, DEFAULTS[key])


def config_from(settings) -> Config:
    """Validate the SHARE_IMAGES_* settings; each error names the key, value and what is allowed."""
    root = project_root(settings)
    cache = _setting(settings, "SHARE_IMAGES_CACHE_DIR")
    if not isinstance(cache, (str, os.PathLike)) or not str(cache).strip():
        raise SettingsError("SHARE_IMAGES_CACHE_DIR", cache, "name a folder, e.g. 'cache/share-images'")
    verify = _setting(settings, "SHARE_IMAGES_VERIFY_URL")
    if not isinstance(verify, str) or "{code}" not in verify or verify.startswith(("/", "http")):
        raise SettingsError("SHARE_IMAGES_VERIFY_URL", verify,
                            "use a site-relative pattern with {code}, e.g. 'cek/{code}/'")  # fmt: skip
    mark = _setting(settings, "SHARE_IMAGES_MARK")
    if mark is not None:
        mark = root / mark
        if mark.suffix.lower() != ".png" or not mark.is_file():
            raise SettingsError("SHARE_IMAGES_MARK", str(mark),
                                "use None or a PNG file in the project, e.g. 'data/logo.png'")  # fmt: skip
    keep = _setting(settings, "SHARE_IMAGES_KEEP_VERSIONS")
    if not isinstance(keep, bool):
        raise SettingsError("SHARE_IMAGES_KEEP_VERSIONS", keep, "use True or False")
    parallel_min = _setting(settings, "SHARE_IMAGES_PARALLEL_MIN")
    if isinstance(parallel_min, bool) or not isinstance(parallel_min, int) or parallel_min < 1:
        raise SettingsError("SHARE_IMAGES_PARALLEL_MIN", parallel_min, "use a whole number of at least 1")
    workers = _setting(settings, "SHARE_IMAGES_WORKERS")
    if workers is not None and (isinstance(workers, bool) or not isinstance(workers, int) or workers < 1):
        raise SettingsError("SHARE_IMAGES_WORKERS", workers, "use None (one per core) or a whole number of at least 1")
    siteurl = settings.get("SITEURL") or ""
    domain = urlsplit(siteurl).netloc
    if not domain:
        raise SettingsError("SITEURL", siteurl, "share images print the site's domain; use an absolute URL, "
                            "e.g. 'https://warta.karawangkab.go.id'")  # fmt: skip
    return Config(
        cache_dir=(root / cache).resolve() / site_key(siteurl),
        verify_url=verify,
        mark=mark,
        keep_versions=keep,
        parallel_min=parallel_min,
        workers=workers or os.cpu_count() or 2,
        siteurl=siteurl.rstrip("/"),
        domain=domain,
        site_name=settings.get("SITENAME") or "",
        office=settings.get("AUTHOR") or "",
        timezone=settings.get("TIMEZONE") or "Asia/Jakarta",
    )
